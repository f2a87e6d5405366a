"""The glossary on the real site, built once per session with --strict (tests/conftest.py)."""

from __future__ import annotations

import warnings
from collections import Counter

import pytest

from tests.glossary.built import BuiltSite

NOT_NOTES = {"", "glossary/"}  # the home page and the glossary itself
SKIPPED_ANCESTORS = {"code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "a", "abbr", "kbd",
                     "summary", "label"}
SKIPPED_CLASSES = {"admonition-title", "tabbed-labels", "no-autolink"}


@pytest.fixture(scope="module")
def site(built_site) -> BuiltSite:
    return BuiltSite(built_site.site_dir)


def test_sixty_terms_across_all_three_sections(site: BuiltSite) -> None:
    terms = site.data["terms"]
    assert len(terms) >= 60
    sections = Counter(t["defined_in"]["page"].split("/", 1)[0] for t in terms)
    assert {"kubernetes", "python", "redis"} <= set(sections), sections


def test_every_term_anchor_is_a_heading_on_its_page(site: BuiltSite) -> None:
    missing = []
    for term in site.data["terms"]:
        url, anchor = term["defined_in"]["url"].split("#")
        node = site.html(url).css_first(f'[id="{anchor}"]') if site.exists(url) else None
        if node is None or node.tag not in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            missing.append(term["defined_in"]["url"])
    assert not missing


def test_every_autolink_resolves_to_its_term_with_the_summary(site: BuiltSite) -> None:
    summary_at = {t["defined_in"]["url"]: t["summary"] for t in site.data["terms"]}
    broken = []
    for url in site.page_urls():
        for link in site.html(url).css("a.sn-term"):
            target, fragment = site.resolve(url, link.attributes["href"])
            where = f"{target}#{fragment}"
            if not site.exists(target, fragment) or summary_at.get(where) != link.attributes.get("title"):
                broken.append(f"{url}: {link.attributes['href']}")
    assert not broken


def test_no_autolink_inside_code_headings_links_or_labels(site: BuiltSite) -> None:
    misplaced = []
    for url in site.page_urls():
        for link in site.html(url).css("a.sn-term"):
            node = link.parent
            while node is not None and node.tag != "article":
                classes = set((node.attributes.get("class") or "").split())
                if node.tag in SKIPPED_ANCESTORS or classes & SKIPPED_CLASSES:
                    misplaced.append(f"{url}: {link.text()} inside <{node.tag}>")
                node = node.parent
    assert not misplaced


def test_every_note_carries_autolinks_with_tooltips(site: BuiltSite) -> None:
    notes = [url for url in site.page_urls() if url not in NOT_NOTES and url != "404/"]
    without = [url for url in notes if not site.html(url).css("a.sn-term[title]")]
    assert not without, f"notes without any glossary link: {without}"


def test_glossary_page_lists_every_term_like_the_json(site: BuiltSite) -> None:
    page = site.html("glossary/")
    entries = {node.attributes["id"]: node for node in page.css("h3.sn-glossary-term")}
    assert list(entries) == [t["id"] for t in site.data["terms"]]
    for term in site.data["terms"]:
        assert term["glossary_url"] == f"glossary/#{term['id']}"
        text = _entry_text(entries[term["id"]])
        assert term["summary"] in text
        assert all(alias in text for alias in term["aliases"])
        defined = site.resolve("glossary/", _entry_links(entries[term["id"]], "sn-glossary-defined")[0])
        assert "#".join(defined) == term["defined_in"]["url"]
        listed = {
            "#".join(site.resolve("glossary/", href)).rstrip("#")
            for href in _entry_links(entries[term["id"]], "sn-glossary-mentions")
        }
        expected = {m["url"] for m in term["mentions"]} | {m["url"].split("#")[0] for m in term["mentions"]}
        assert listed <= expected and {m["url"].split("#")[0] for m in term["mentions"]} <= listed


def test_every_mention_exists_and_one_link_per_page(site: BuiltSite) -> None:
    for term in site.data["terms"]:
        linked_pages = Counter(m["page"] for m in term["mentions"] if m["linked"])
        assert all(count == 1 for count in linked_pages.values()), term["id"]
        for mention in term["mentions"]:
            url, _, section = mention["url"].partition("#")
            assert site.exists(url, section), mention
            if mention["linked"]:
                hrefs = {
                    "#".join(site.resolve(url, a.attributes["href"]))
                    for a in site.html(url).css("a.sn-term")
                }
                assert term["defined_in"]["url"] in hrefs, (term["id"], url)


def test_backlinks_resolve(site: BuiltSite) -> None:
    with_backlinks = 0
    for url in site.page_urls():
        block = site.html(url).css_first("aside.sn-backlinks")
        if block is None:
            continue
        with_backlinks += 1
        for link in block.css("a"):
            assert site.exists(*site.resolve(url, link.attributes["href"])), (url, link.html)
    assert with_backlinks > 0


def test_terms_never_mentioned_are_reported(site: BuiltSite) -> None:
    unused = [t["term"] for t in site.data["terms"] if not t["mentions"]]
    if unused:
        warnings.warn(
            f"{len(unused)} glossary term(s) are defined but never mentioned in another section: "
            + ", ".join(unused),
            stacklevel=1,
        )


def _entry_text(heading) -> str:
    parts = [heading.text()]
    node = heading.next
    while node is not None and node.tag not in {"h2", "h3"}:
        parts.append(node.text() if node.tag != "-text" else node.text_content or "")
        node = node.next
    return " ".join(parts)


def _entry_links(heading, css_class: str) -> list[str]:
    node = heading.next
    while node is not None and node.tag not in {"h2", "h3"}:
        if css_class in (node.attributes.get("class") or "").split():
            return [a.attributes["href"] for a in node.css("a")]
        node = node.next
    return []
