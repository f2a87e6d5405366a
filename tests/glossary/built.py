"""Reading a built site for the glossary checks: pages by url, ids, link resolution."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser
from shortnotes.glossary_page import MENTIONS_LIMIT, MENTIONS_SHOWN

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

    def summaries_by_section(self) -> dict[str, set[str]]:
        """Defining-section url -> the summaries of the terms it defines (several may share)."""
        summaries: dict[str, set[str]] = {}
        for term in self.data["terms"]:
            summaries.setdefault(term["defined_in"]["url"], set()).add(term["summary"])
        return summaries

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
    summaries_at = site.summaries_by_section()
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
        # The note that explains the term is the "Explained in" link, not a mention.
        others = [m for m in term["mentions"] if m["page"] != term["defined_in"]["page"]]
        pages = {m["url"].split("#")[0] for m in others}
        sections = {m["url"] for m in others}
        complete = len(pages) <= MENTIONS_LIMIT  # longer lists end with a search link
        if not listed <= pages | sections or (complete and not listed >= pages):
            findings.append(
                f"{term['id']}: 'Mentioned in' {sorted(listed)} vs json {sorted(sections)}"
            )
    return findings


def topic_findings(site: BuiltSite) -> list[str]:
    """Each entry's topic is the top-level section of the note that explains it, as that
    note's own breadcrumbs say (Home > Kubernetes > Workloads), in its label and its class."""
    page = site.html("glossary/")
    findings = []
    for term in site.data["terms"]:
        heading = page.css_first(f'h3[id="{term["id"]}"]')
        entry = heading.parent if heading is not None else None
        if entry is None or "sn-glossary-entry" not in (entry.attributes.get("class") or ""):
            findings.append(f"{term['id']}: no div.sn-glossary-entry around its heading")
            continue
        url = term["defined_in"]["url"].partition("#")[0]
        crumbs = [item.text(strip=True) for item in site.html(url).css(".md-path__item")]
        expected = crumbs[1] if len(crumbs) > 1 else ""
        label = entry.css_first(".sn-glossary-topic")
        shown = label.text(strip=True) if label is not None else ""
        keys = [
            c for c in (entry.attributes.get("class") or "").split() if c.startswith("sn-topic-")
        ]
        if shown != expected or (expected and len(keys) != 1) or (not expected and keys):
            findings.append(
                f"{term['id']}: topic {shown!r} {keys}, but {url} is under {expected!r}"
            )
    return findings


def compact_mention_findings(site: BuiltSite) -> list[str]:
    """'Mentioned in': one item per note, never the explaining note, the ones past
    ``MENTIONS_SHOWN`` folded in a <details>, and no "more" without a link."""
    page = site.html("glossary/")
    findings = []
    for term in site.data["terms"]:
        heading = page.css_first(f'h3[id="{term["id"]}"]')
        block = heading.parent.css_first(".sn-glossary-mentions") if heading else None
        if block is None:
            findings.append(f"{term['id']}: no 'Mentioned in'")
            continue
        items = block.css("li:not(.sn-more)")
        notes = [
            site.resolve("glossary/", item.css_first("a").attributes.get("href") or "")[0]
            for item in items
            if item.css_first("a") is not None
        ]
        defined = term["defined_in"]["url"].partition("#")[0]
        if defined in notes:
            findings.append(f"{term['id']}: 'Mentioned in' lists {defined}, which explains it")
        if len(notes) != len(set(notes)) or len(notes) != len(items):
            findings.append(f"{term['id']}: 'Mentioned in' is not one linked item per note")
        in_view = [li for li in items if _ancestor(li, "details") is None]
        if len(in_view) > MENTIONS_SHOWN:
            findings.append(f"{term['id']}: {len(in_view)} notes shown before 'more'")
        for more in block.css(".sn-more"):
            if more.css_first("a[href]") is None:
                findings.append(f"{term['id']}: unlinked {more.text(strip=True)!r}")
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
        for more in block.css(".sn-more") if block is not None else []:
            if more.css_first("a[href]") is None:  # every listed note must be reachable
                findings.append(f"{url}: unlinked {more.text(strip=True)!r} in backlinks")
    return findings


def backlink_repetition_findings(site: BuiltSite) -> list[str]:
    """No note is listed under both "Links here" and "Related notes" of one note."""
    findings = []
    for url in site.page_urls():
        block = site.html(url).css_first("aside.sn-backlinks")
        lists: dict[str, set[str]] = {}
        for title in block.css("h2.sn-backlinks-title") if block is not None else []:
            links = []  # the list under the heading, and its folded "N more notes"
            following = title.next
            while following is not None and following.tag != "h2":
                links += following.css("a") if following.tag != "-text" else []
                following = following.next
            lists[title.text(strip=True)] = {
                site.resolve(url, a.attributes.get("href") or "")[0] for a in links
            }
        twice = lists.get("Links here", set()) & lists.get("Related notes", set())
        if twice:
            findings.append(f"{url}: {sorted(twice)} under both Links here and Related notes")
    return findings


def home_map_findings(site: BuiltSite) -> list[str]:
    """The home page's map lists every note once, linked, with the description the note's
    own page carries (its <meta name="description">)."""
    findings = []
    home = site.html("")
    listed: dict[str, int] = {}
    items = home.css(".sn-map li")
    if not items:
        return ["the home page has no map (.sn-map li)"]
    for item in items:
        link = item.css_first("a")
        if link is None:
            findings.append(f"map item {item.text(strip=True)!r} has no link")
            continue
        url = site.resolve("", link.attributes.get("href") or "")[0]
        listed[url] = listed.get(url, 0) + 1
        if not site.exists(url):
            findings.append(f"map links {url}, which does not exist")
            continue
        meta = site.html(url).css_first('meta[name="description"]')
        description = meta.attributes.get("content") if meta is not None else None
        shown = item.text().removeprefix(link.text()).strip().removeprefix("—").strip()
        if not description or " ".join(shown.split()) != " ".join(description.split()):
            findings.append(f"map item {url}: {shown!r} is not its description {description!r}")
    for url in site.page_urls():
        if url not in NOT_NOTES and listed.get(url) != 1:
            findings.append(f"{url} is listed {listed.get(url, 0)} times in the home page map")
    return findings


def _ancestor(node, tag: str):
    node = node.parent
    while node is not None and node.tag != tag:
        node = node.parent
    return node


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
