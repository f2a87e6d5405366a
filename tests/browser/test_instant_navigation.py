"""Instant navigation: page changes without a reload, and search, tabs and tooltips still work.

Material swaps the page content in place and re-runs its components on the new content; a
component that only initialises on a full page load breaks on the second page a reader
visits. A value stored on ``window`` survives only if the browser never reloaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect
from selectolax.lexbor import LexborHTMLParser

from browser import reader
from browser.built_pages import BuiltPage, notes
from browser.site_server import Site
from browser.test_search import QUERIES

MARK = "window.__shortNotesNoReload"


def _route(site: Site) -> tuple[str, BuiltPage]:
    """A note with a switchable tab set and a concept link, and the page whose footer's
    "Next" link leads to it."""
    wanted = {
        note.path: note
        for note in notes(site.site_dir)
        if note.tab_sets and len(note.tab_sets[0]) > 1 and note.term_links
    }
    for note in notes(site.site_dir):
        html = (site.site_dir / note.path / "index.html").read_text(encoding="utf-8")
        following = LexborHTMLParser(html).css_first("a.md-footer__link--next")
        if following is None:
            continue
        target = urljoin(site.url(note.path), following.attributes.get("href") or "")
        path = reader.page_path(target, site.base_url)
        if path in wanted:
            return note.path, wanted[path]
    pytest.fail("no note with tabs and concept links follows another note", pytrace=False)


def _expect_no_reload(page: Page, after: str) -> None:
    assert page.evaluate(f"{MARK} === true"), f"the page was reloaded by {after}"


def check_instant_navigation(page: Page, site: Site, start: str, target: BuiltPage) -> None:
    page.goto(site.url(start))
    page.evaluate(f"{MARK} = true")

    following = page.locator("a.md-footer__link--next")
    expect(following).to_be_visible()
    reader.click_like_a_reader(following)
    # navigation.tracking may add the hash of the section at the top of the window.
    expect(page).to_have_url(re.compile("^" + re.escape(site.url(target.path)) + r"(#.*)?$"))
    expect(page.locator("h1").first).to_be_visible()
    _expect_no_reload(page, "following the footer's Next link")

    first, second = target.tab_sets[0][:2]
    reader.choose_tab(page, set_index=0, label=second)
    reader.choose_tab(page, set_index=0, label=first)
    reader.hover_term(page, index=0, summary=target.term_links[0].summary)

    query, expected = QUERIES[0]
    found = reader.search(page, query, base_url=site.base_url)
    assert expected in found, f"after navigating, searching {query!r} misses {expected}: {found}"
    reader.click_like_a_reader(page.locator(reader.SEARCH_RESULT_PAGE_LINKS).first)
    reader.expect_landed_on(page, href=site.url(found[0]))
    _expect_no_reload(page, "opening a search result")


def test_instant_navigation_keeps_search_tabs_and_tooltips(page: Page, site: Site) -> None:
    check_instant_navigation(page, site, *_route(site))


def test_check_fails_without_instant_navigation(
    page: Page, site: Site, site_without: Callable
) -> None:
    with pytest.raises(AssertionError, match="the page was reloaded"):
        check_instant_navigation(page, site_without("no-instant-navigation"), *_route(site))
