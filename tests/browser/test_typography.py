"""Link underlines where they help: links in running text are underlined, concept links have
their own dotted line in the text's colour, and links that are controls or navigation (tab
labels, buttons, the site navigation, the table of contents, the footer) have none.

Read from the styles Chromium computes once Material has mounted the page (it turns tab
labels into links only then), on a note chosen from the built site.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from selectolax.lexbor import LexborHTMLParser

from browser.built_pages import BuiltPage, notes
from browser.site_server import Site

BODY_LINK = "article p > a:not([class])"
CONCEPT_LINK = "article a.sn-term"
NOT_UNDERLINED = {
    "tab label": ".tabbed-labels > label > a",
    "navigation": ".md-sidebar--primary .md-nav__link[href]",
    "table of contents": ".md-sidebar--secondary .md-nav__link[href]",
    "header tab": ".md-tabs__link",
    "edit button": "a.md-content__button",
    "footer": ".md-footer a",
}

_DECORATIONS = """([body, concept, controls]) => {
    const look = (element) => {
        const style = getComputedStyle(element)
        return {line: style.textDecorationLine, style: style.textDecorationStyle,
                color: style.color, textColor: getComputedStyle(element.parentElement).color}
    }
    const first = (selector) => document.querySelector(selector)
    const found = {body: first(body) && look(first(body)),
                   concept: first(concept) && look(first(concept)), controls: {}}
    for (const [name, selector] of Object.entries(controls)) {
        const links = [...document.querySelectorAll(selector)]
        found.controls[name] = links.map((link) => [link.textContent.trim(),
                                                    getComputedStyle(link).textDecorationLine])
    }
    return found
}"""


def note_with_links_and_tabs(site: Site) -> BuiltPage:
    """A note with a tab set, a concept link and a plain link in a paragraph."""
    for note in notes(site.site_dir):
        if not (note.tab_sets and note.term_links):
            continue
        tree = LexborHTMLParser((site.site_dir / note.path / "index.html").read_text("utf-8"))
        if tree.css_first(BODY_LINK):
            return note
    pytest.fail("no note has tabs, a concept link and a plain link in a paragraph", pytrace=False)


def check_underlines(page: Page, site: Site, note: BuiltPage) -> None:
    page.goto(site.url(note.path))
    # Material wraps each tab label in a link when it mounts the tab set.
    expect(page.locator(".tabbed-labels--linked").first).to_be_attached()
    found = page.evaluate(_DECORATIONS, [BODY_LINK, CONCEPT_LINK, NOT_UNDERLINED])
    body, concept = found["body"], found["concept"]
    assert body and (body["line"], body["style"]) == ("underline", "solid"), (
        f"a link in running text is not underlined: {body}"
    )
    assert concept and (concept["line"], concept["style"]) == ("underline", "dotted"), (
        f"a concept link has no dotted line of its own: {concept}"
    )
    assert concept["color"] == concept["textColor"], f"a concept link is coloured: {concept}"
    for name, links in found["controls"].items():
        assert links, f"the page has no {name} link to look at"
        underlined = [text for text, line in links if line != "none"]
        assert not underlined, f"{name} links are underlined: {underlined[:5]}"


def test_underlines_only_where_they_help(page: Page, site: Site) -> None:
    check_underlines(page, site, note_with_links_and_tabs(site))


def test_underline_check_fails_on_underlined_tab_labels(
    page: Page, site: Site, site_without: Callable
) -> None:
    note = note_with_links_and_tabs(site)
    with pytest.raises(AssertionError, match="tab label links are underlined"):
        check_underlines(page, site_without("underlined-tab-labels"), note)
