"""Reading a built site for the glossary checks: pages by url, ids, link resolution."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser
from shortnotes.glossary_page import MENTIONS_LIMIT

BASE = "http://site.invalid/"


class BuiltSite:
    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.data: dict[str, Any] = json.loads((site_dir / "glossary.json").read_text("utf-8"))
        self._html: dict[str, LexborHTMLParser] = {}

    def page_urls(self) -> list[str]:
        """Site-relative urls of every built page (directory urls)."""
        return sorted(
            path.parent.relative_to(self.site_dir).as_posix() + "/"
            if path.parent != self.site_dir
            else ""
            for path in self.site_dir.rglob("index.html")
            if path.relative_to(self.site_dir).parts[0] not in {"search", "assets"}
        )

    def html(self, url: str) -> LexborHTMLParser:
        if url not in self._html:
            path = self.site_dir / url / "index.html"
            self._html[url] = LexborHTMLParser(path.read_text(encoding="utf-8"))
        return self._html[url]

    def ids(self, url: str) -> frozenset[str]:
        return frozenset(node.attributes["id"] for node in self.html(url).css("[id]"))

    def resolve(self, from_url: str, href: str) -> tuple[str, str]:
        """(site-relative page url, fragment) that ``href`` on ``from_url`` points at."""
        absolute = urljoin(BASE + from_url, href)
        parts = urlsplit(absolute)
        return parts.path.lstrip("/"), parts.fragment

    def exists(self, url: str, fragment: str = "") -> bool:
        if not (self.site_dir / url / "index.html").is_file():
            return False
        return not fragment or fragment in self.ids(url)


# --- Checks on a built site: each returns its findings, [] when all is well. ---------------

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SKIPPED_ANCESTORS = HEADINGS | {"code", "pre", "a", "abbr", "kbd", "summary", "label"}
SKIPPED_CLASSES = {"admonition-title", "tabbed-labels", "no-autolink"}
NOT_NOTES = {"", "glossary/", "404/"}  # the home page, the glossary, the 404 page


def anchor_findings(site: BuiltSite) -> list[str]:
    """Every term's anchor is a heading on its defining page."""
    findings = []
    for term in site.data["terms"]:
        url, _, anchor = term["defined_in"]["url"].partition("#")
        node = site.html(url).css_first(f'[id="{anchor}"]') if site.exists(url) else None
        if node is None or node.tag not in HEADINGS:
            findings.append(f"{term['id']}: no heading {term['defined_in']['url']}")
    return findings


def autolink_findings(site: BuiltSite) -> list[str]:
    """Every autolink reaches a term's defining section and carries that term's summary."""
    summaries_at: dict[str, set[str]] = {}  # several terms may share one section
    for term in site.data["terms"]:
        summaries_at.setdefault(term["defined_in"]["url"], set()).add(term["summary"])
    findings = []
    for url in site.page_urls():
        for link in site.html(url).css("a.sn-term"):
            href = link.attributes.get("href") or ""
            target = "#".join(site.resolve(url, href))
            if not site.exists(*site.resolve(url, href)):
                findings.append(f"{url}: autolink {href} does not resolve")
            elif link.attributes.get("data-term-summary") not in summaries_at.get(target, set()):
                findings.append(f"{url}: autolink {href} is no term's section, or wrong summary")
    return findings


def placement_findings(site: BuiltSite) -> list[str]:
    """No autolink inside code, headings, links, abbr, kbd, summaries, labels, titles, opt-outs."""
    findings = []
    for url in site.page_urls():
        for link in site.html(url).css("a.sn-term"):
            node = link.parent
            while node is not None and node.tag != "article":
                classes = set((node.attributes.get("class") or "").split())
                if node.tag in SKIPPED_ANCESTORS or classes & SKIPPED_CLASSES:
                    findings.append(f"{url}: autolink {link.text()!r} inside <{node.tag}>")
                node = node.parent
    return findings


def notes_without_autolinks(site: BuiltSite) -> list[str]:
    return [
        url
        for url in site.page_urls()
        if url not in NOT_NOTES and not site.html(url).css("a.sn-term[data-term-summary]")
    ]


def glossary_page_findings(site: BuiltSite) -> list[str]:
    """The glossary page and glossary.json list the same terms, summaries, links, mentions."""
    page = site.html("glossary/")
    entries = {node.attributes["id"]: node for node in page.css("h3.sn-glossary-term")}
    findings = []
    if list(entries) != [t["id"] for t in site.data["terms"]]:
        findings.append(f"entries {list(entries)} differ from glossary.json terms")
    for term in site.data["terms"]:
        entry = entries.get(term["id"])
        if entry is None or term["glossary_url"] != f"glossary/#{term['id']}":
            findings.append(f"{term['id']}: no entry at {term['glossary_url']}")
            continue
        text = _entry_text(entry)
        for expected in (term["summary"], *term["aliases"]):
            if expected not in text:
                findings.append(f"{term['id']}: entry lacks {expected!r}")
        defined = [
            "#".join(site.resolve("glossary/", h))
            for h in _entry_links(entry, "sn-glossary-defined")
        ]
        if defined != [term["defined_in"]["url"]]:
            findings.append(f"{term['id']}: 'Explained in' links {defined}")
        listed = {
            "#".join(site.resolve("glossary/", href)).rstrip("#")
            for href in _entry_links(entry, "sn-glossary-mentions")
        }
        pages = {m["url"].split("#")[0] for m in term["mentions"]}
        sections = {m["url"] for m in term["mentions"]}
        complete = len(pages) <= MENTIONS_LIMIT  # longer lists show the first ones only
        if not listed <= pages | sections or (complete and not listed >= pages):
            findings.append(
                f"{term['id']}: 'Mentioned in' {sorted(listed)} vs json {sorted(sections)}"
            )
    return findings


def mention_findings(site: BuiltSite) -> list[str]:
    """Every mention's section exists; a linked mention has the page's one link to the term."""
    findings = []
    for term in site.data["terms"]:
        linked_pages = [m["page"] for m in term["mentions"] if m["linked"]]
        if len(linked_pages) != len(set(linked_pages)):
            findings.append(f"{term['id']}: more than one linked mention on a page")
        for mention in term["mentions"]:
            url, _, section = mention["url"].partition("#")
            if not site.exists(url, section):
                findings.append(f"{term['id']}: mention {mention['url']} does not exist")
            elif mention["linked"]:
                hrefs = {
                    "#".join(site.resolve(url, a.attributes["href"]))
                    for a in site.html(url).css("a.sn-term")
                }
                if term["defined_in"]["url"] not in hrefs:
                    findings.append(
                        f"{term['id']}: {url} has no link to {term['defined_in']['url']}"
                    )
    return findings


def backlink_findings(site: BuiltSite) -> list[str]:
    findings = []
    for url in site.page_urls():
        block = site.html(url).css_first("aside.sn-backlinks")
        for link in block.css("a") if block is not None else []:
            if not site.exists(*site.resolve(url, link.attributes.get("href") or "")):
                findings.append(f"{url}: backlink {link.attributes.get('href')} does not resolve")
    return findings


def _entry_text(heading) -> str:
    parts = [heading.text()]
    node = heading.next
    while node is not None and node.tag not in {"h2", "h3"}:
        parts.append(node.text())
        node = node.next
    return " ".join(parts)


def _entry_links(heading, css_class: str) -> list[str]:
    node = heading.next
    while node is not None and node.tag not in {"h2", "h3"}:
        if css_class in (node.attributes.get("class") or "").split():
            return [a.attributes["href"] for a in node.css("a")]
        node = node.next
    return []
