"""Every internal href/src reaches a built file, and every #fragment an id on its target.

One finding per broken link, with the most specific class that explains it (a link to an
excluded page is reported as such, not as a missing page). The site's own ``site_url`` is
internal too: an absolute link to it breaks when the site is served under another path.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

from . import source_map
from .built_page import Link
from .built_site import BuiltSite, Target, resolve
from .findings import Fault, Finding
from .project import Inclusion, SourceFile

_IMAGE_TAGS = frozenset({"img", "source"})
_NAVIGATION_TAGS = frozenset({"a", "area"})
# rel values whose URL is meant to be absolute: the canonical address of the deployed page.
_ABSOLUTE_BY_DESIGN = frozenset({"canonical", "alternate"})


def check(site: BuiltSite) -> list[Finding]:
    findings: set[Finding] = set()
    for dest in site.html_files:
        for link in site.page(dest).links:
            finding = _check_link(site, dest, link)
            if finding is not None:
                findings.add(finding)
    return sorted(findings)


def _check_link(site: BuiltSite, dest: str, link: Link) -> Finding | None:
    url = urlsplit(link.url)
    if url.scheme or url.netloc:
        return _check_own_site_url(site, dest, link)
    path = url.path
    if path.startswith("/"):
        prefix = site.project.site_url_path
        # MkDocs writes 404.html with root-absolute URLs under site_url's path on purpose.
        if dest == "404.html" and path.startswith(prefix):
            from_root = resolve("", path[len(prefix) :] or "./", url.fragment)
            return _check_target(site, dest, link, from_root, url.fragment)
        return _finding(
            site,
            dest,
            link,
            Fault.ROOT_ABSOLUTE_LINK,
            "root-absolute: it breaks when the site is served under a sub-path; "
            "link the page's .md file relative to this note",
            target=path.rstrip("/"),
        )
    return _check_target(site, dest, link, resolve(dest, path, url.fragment), url.fragment)


def _check_own_site_url(site: BuiltSite, dest: str, link: Link) -> Finding | None:
    own = urlsplit(site.project.site_url)
    url = urlsplit(link.url)
    if not own.netloc or link.rel & _ABSOLUTE_BY_DESIGN:
        return None
    if url.netloc.lower() == own.netloc.lower() and url.path.startswith(own.path or "/"):
        return _finding(
            site,
            dest,
            link,
            Fault.SITE_URL_LINK,
            "links this site by its absolute address: it breaks in previews and under "
            "another address; link the page's .md file instead",
        )
    return None


def _check_target(
    site: BuiltSite, dest: str, link: Link, target: Target, raw_fragment: str
) -> Finding | None:
    built = None if target.escapes_site else site.file_for(target.path)
    if built is None:
        return _missing(site, dest, link, target)
    if not target.fragment or not built.endswith(".html"):
        return None
    ids = site.page(built).id_set
    if target.fragment in ids:
        return None
    source = site.source_of(built)
    target_src = source.src_uri if source else None
    same_case = {anchor.lower(): anchor for anchor in ids}.get(target.fragment.lower())
    if same_case is not None:
        return _finding(
            site,
            dest,
            link,
            Fault.WRONG_CASE_FRAGMENT,
            f"fragments are case-sensitive; the id is `#{same_case}`",
            target_src=target_src,
            fragment=raw_fragment,
            target=f"{built}#{target.fragment}",
        )
    if source is not None and site.glossary_page_src == source.src_uri:
        return _finding(
            site,
            dest,
            link,
            Fault.UNKNOWN_TERM,
            f"no glossary term has the id `{target.fragment}`",
            target_src=target_src,
            fragment=raw_fragment,
            target=f"{built}#{target.fragment}",
        )
    return _finding(
        site,
        dest,
        link,
        Fault.MISSING_FRAGMENT,
        f"no element has the id `{target.fragment}` on "
        f"{site.project.source_path(source) if source else built}",
        target_src=target_src,
        fragment=raw_fragment,
        target=f"{built}#{target.fragment}",
    )


def _missing(site: BuiltSite, dest: str, link: Link, target: Target) -> Finding:
    """Classify a link whose target was not built: the most specific reason first."""
    path = urlsplit(link.url).path
    page_source = site.source_of(dest)
    found_target = target.path.rstrip("/")
    if path.endswith(".md"):
        return _unconverted_md_link(site, dest, link, page_source, unquote(path), found_target)
    excluded = _excluded_source(site, target.path)
    if excluded is not None:
        return _excluded_link(site, dest, link, excluded, found_target)
    other_case = site.same_path_ignoring_case(target.path)
    if other_case is not None:
        return _finding(
            site,
            dest,
            link,
            Fault.WRONG_CASE_PAGE,
            f"paths are case-sensitive; the file is `{other_case}`",
            target=found_target,
        )
    if path.endswith(".html"):
        fault, detail = Fault.HTML_LINK, "link the page's .md file: MkDocs rewrites and checks it"
    elif link.tag in _IMAGE_TAGS:
        fault, detail = Fault.MISSING_IMAGE, "no such image in docs/"
    elif link.tag not in _NAVIGATION_TAGS:
        fault, detail = Fault.MISSING_ASSET, "no such file in the built site"
    elif _looks_like_page(path):
        hand_written = page_source is not None and link.in_content
        fault, detail = (
            (Fault.DIRECTORY_LINK, "link the page's .md file: MkDocs rewrites and checks it")
            if hand_written and _written_verbatim(site, page_source, link)
            else (Fault.MISSING_PAGE, "no such page in the built site")
        )
    else:
        fault, detail = Fault.MISSING_FILE, "no such file in docs/"
    return _finding(
        site,
        dest,
        link,
        fault,
        detail,
        target_src=target.path,
        target=found_target,
    )


def _unconverted_md_link(
    site: BuiltSite,
    dest: str,
    link: Link,
    page_source: SourceFile | None,
    path: str,
    found_target: str,
) -> Finding:
    """A `.md` URL left in the HTML: raw HTML, or a Markdown link MkDocs could not resolve."""
    base = posixpath.dirname(page_source.src_uri) if page_source else posixpath.dirname(dest)
    src_uri = posixpath.normpath(posixpath.join(base, path))
    source = site.project.files.get(src_uri)
    if source is not None and not source.is_built:
        return _excluded_link(site, dest, link, source, found_target)
    if source is not None:
        return _finding(
            site,
            dest,
            link,
            Fault.RAW_HTML_LINK,
            "a raw HTML link, which MkDocs never rewrites or checks; "
            f"write it as a Markdown link: [text]({path})",
            target_src=src_uri,
            target=found_target,
            raw_html=True,
        )
    by_case = {uri.lower(): uri for uri in site.project.files}.get(src_uri.lower())
    if by_case is not None:
        return _finding(
            site,
            dest,
            link,
            Fault.WRONG_CASE_PAGE,
            f"paths are case-sensitive; the page is `{by_case}`",
            target_src=src_uri,
            target=found_target,
        )
    return _finding(
        site,
        dest,
        link,
        Fault.MISSING_PAGE,
        f"no such page ({site.project.docs_prefix}/{src_uri})",
        target_src=src_uri,
        target=found_target,
    )


def _excluded_source(site: BuiltSite, path: str) -> SourceFile | None:
    stripped = path.rstrip("/")
    for dest in (path, f"{stripped}/index.html", f"{stripped}.html"):
        source = site.project.by_dest.get(dest.lstrip("/"))
        if source is not None and not source.is_built:
            return source
    return None


def _excluded_link(
    site: BuiltSite, dest: str, link: Link, source: SourceFile, found_target: str
) -> Finding:
    draft = source.inclusion == Inclusion.DRAFT
    return _finding(
        site,
        dest,
        link,
        Fault.DRAFT_PAGE_LINK if draft else Fault.EXCLUDED_PAGE_LINK,
        f"leads to {site.project.source_path(source)}, which is "
        f"{'a draft (draft_docs)' if draft else 'excluded (exclude_docs)'} and not in the site",
        target_src=source.src_uri,
        target=found_target,
    )


def _looks_like_page(path: str) -> bool:
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return path.endswith("/") or "." not in last or last in (".", "..")


def _written_verbatim(site: BuiltSite, source: SourceFile, link: Link) -> bool:
    return source_map.written_as_link(site.project.markdown(source), link.url)


def _finding(
    site: BuiltSite,
    dest: str,
    link: Link,
    fault: Fault,
    detail: str,
    *,
    target_src: str | None = None,
    fragment: str = "",
    target: str = "",
    raw_html: bool = False,
) -> Finding:
    path, line = site.locate(
        dest, link, target_src=target_src, fragment=fragment, raw_html=raw_html
    )
    # A link in the theme's frame repeats on every page with a different relative URL:
    # name what it resolves to, so it is reported once.
    in_frame = path == site.project.config_file.name
    shown = f"/{target}" if in_frame and target else link.url
    return Finding(path, line, fault, f"`{shown}`: {detail}", page=dest, target=target)
