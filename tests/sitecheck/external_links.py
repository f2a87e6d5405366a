"""External links, offline: their syntax, and no clickable link to a machine of the reader's own.

Loopback and example hosts (``localhost``, ``127.0.0.1``, ``example.com``, ``*.test`` ...)
are fine where a note shows them as commands: code is never a link, so they are only
reported when made clickable. ``collect`` gathers what the opt-in online check requests.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .built_page import Link
from .built_site import BuiltSite
from .findings import Fault, Finding

WEB_SCHEMES = frozenset({"http", "https"})
# Not links to check: data is inline, tel dials, javascript is the source checks' concern.
_NOT_CHECKED_SCHEMES = frozenset({"data", "tel", "javascript"})
_EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org")
# RFC 2606 / 6761 names that never reach a real server.
_SPECIAL_TLDS = (".example", ".test", ".invalid", ".localhost", ".local")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_MAIL_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Material's "edit this page" / "view source" buttons point into the repository, whose
# state is not the notes' concern (and which may not be public yet).
_REPOSITORY_ACTIONS = frozenset({"md-content__button"})


@dataclass(frozen=True)
class ExternalLink:
    """One external URL and every place that links it."""

    url: str
    places: tuple[tuple[str, int], ...]  # (path, line) of each occurrence

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()


def is_local_host(host: str) -> bool:
    """Loopback, private, link-local or a name reserved for examples and tests."""
    host = host.lower().rstrip(".")
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return (
            host == "localhost"
            or host.endswith(_SPECIAL_TLDS)
            or any(host == domain or host.endswith(f".{domain}") for domain in _EXAMPLE_DOMAINS)
        )
    return address.is_loopback or address.is_private or address.is_link_local


def syntax_problem(url: str) -> tuple[Fault, str] | None:
    """What is wrong with an external URL's syntax, if anything."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if re.search(r"\s", url):
        return Fault.MALFORMED_URL, "contains whitespace; percent-encode it (%20)"
    if scheme == "mailto":
        address = unquote(parts.path)
        if not address:
            return Fault.EMPTY_MAILTO, "`mailto:` without an address"
        if not all(_MAIL_ADDRESS.match(part.strip()) for part in address.split(",")):
            return Fault.MALFORMED_URL, f"`{address}` is not an e-mail address"
        return None
    if scheme and scheme not in WEB_SCHEMES:
        return Fault.MALFORMED_URL, f"unsupported scheme `{scheme}:` (http, https or mailto)"
    host = parts.hostname or ""
    if not parts.netloc or not host:
        return Fault.MALFORMED_URL, "no host: write `https://host/path`"
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return Fault.MALFORMED_URL, "invalid port"
    try:
        ipaddress.ip_address(host.strip("[]"))
        return None
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return Fault.MALFORMED_URL, f"`{host}` is not a valid host name"
    labels = ascii_host.rstrip(".").split(".")
    if (len(labels) < 2 and host != "localhost") or not all(map(_HOST_LABEL.match, labels)):
        return Fault.MALFORMED_URL, f"`{host}` is not a valid host name"
    return None


def _external(link: Link) -> bool:
    parts = urlsplit(link.url)
    return bool(parts.scheme or parts.netloc) and parts.scheme.lower() not in _NOT_CHECKED_SCHEMES


def _checked_links(site: BuiltSite) -> Iterator[tuple[str, Link]]:
    own = urlsplit(site.project.site_url)
    for dest in site.html_files:
        for link in site.page(dest).links:
            if not _external(link) or link.classes & _REPOSITORY_ACTIONS:
                continue
            parts = urlsplit(link.url)
            # Links to the site itself are internal_links' concern (canonical ones are fine).
            if own.netloc and parts.netloc.lower() == own.netloc.lower():
                continue
            yield dest, link


def check(site: BuiltSite) -> list[Finding]:
    findings = set()
    for dest, link in _checked_links(site):
        problem = syntax_problem(link.url)
        if problem is None and link.in_content and link.tag in ("a", "area"):
            host = (urlsplit(link.url).hostname or "").lower()
            if is_local_host(host):
                problem = (
                    Fault.LOCAL_HOST_LINK,
                    f"`{host}` is the reader's own machine or an example name: show the URL "
                    "as code (`http://...`) instead of a link",
                )
        if problem is not None:
            fault, detail = problem
            path, line = site.locate(dest, link)
            findings.add(
                Finding(path, line, fault, f"`{link.url}`: {detail}", page=dest, target=link.url)
            )
    return sorted(findings)


def collect(site: BuiltSite) -> list[ExternalLink]:
    """The web URLs the online check requests: valid syntax, not local, each listed once."""
    places: dict[str, list[tuple[str, int]]] = {}
    for dest, link in _checked_links(site):
        parts = urlsplit(link.url)
        if parts.scheme.lower() not in WEB_SCHEMES and not (not parts.scheme and parts.netloc):
            continue
        if syntax_problem(link.url) or is_local_host(parts.hostname or ""):
            continue
        url = link.url if parts.scheme else f"https:{link.url}"
        url = url.split("#", 1)[0]
        places.setdefault(url, []).append(site.locate(dest, link))
    return [ExternalLink(url, tuple(sorted(set(where)))) for url, where in sorted(places.items())]
