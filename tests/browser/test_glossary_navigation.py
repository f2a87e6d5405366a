"""The glossary's letter index and every kind of backlink take the reader where they say."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, Route, expect

from browser import reader
from browser.built_pages import notes
from browser.site_server import Site

GLOSSARY = "glossary/"
LETTER_LINKS = f"{reader.ARTICLE} .sn-letter-index a"
LETTER_GROUPS = f"{reader.ARTICLE} .sn-glossary-letter"
# Which letter groups the browser renders now: content-visibility: auto skips the contents of
# those far from the window (checkVisibility's contentVisibilityAuto option reports an element
# in skipped contents as not visible; the group itself always is).
_IS_RENDERED = "group => group.firstElementChild.checkVisibility({contentVisibilityAuto: true})"


def check_letter_index(page: Page, site: Site) -> None:
    """Every letter links to its section, and clicking the last one scrolls there."""
    page.goto(site.url(GLOSSARY))
    letters = page.locator(LETTER_LINKS)
    expect(letters.first, "the glossary has no letter index").to_be_visible()
    targets = letters.evaluate_all("links => links.map(link => link.hash.slice(1))")
    sections = page.locator(f"{reader.ARTICLE} h2[id^='glossary-']").evaluate_all(
        "headings => headings.map(heading => heading.id)"
    )
    assert targets == sections, f"letter index {targets} does not match the sections {sections}"
    reader.click_like_a_reader(letters.last)
    reader.expect_landed_on(page, href=site.url(GLOSSARY) + "#" + targets[-1])


def check_far_letters_skipped_until_reached(page: Page, site: Site) -> None:
    """At load the letters far below are not rendered yet (Material restyles the whole page
    several times while it starts: fewer elements each time); the last letter's link
    renders its group, and every entry is still in the page for find-in-page and the filter."""
    page.goto(site.url(GLOSSARY))
    reader.settle(page)
    groups = page.locator(LETTER_GROUPS)
    expect(groups.first, "the glossary has no letter groups").to_be_attached()
    rendered = groups.evaluate_all(f"groups => groups.map({_IS_RENDERED})")
    assert rendered[0], "the first letter is not rendered at load"
    assert not rendered[-1], (
        f"all {len(rendered)} letter groups are rendered at load: the glossary CSS no longer"
        " skips the ones far from the window (content-visibility: auto)"
    )
    assert page.locator(f"{LETTER_GROUPS} .sn-glossary-entry").count() > len(rendered)
    reader.click_like_a_reader(page.locator(LETTER_LINKS).last)
    groups.last.wait_for(state="attached")
    page.wait_for_function(f"group => ({_IS_RENDERED})(group)", arg=groups.last.element_handle())


def _click_and_land(page: Page, link_selector: str, *, what: str) -> None:
    link = page.locator(link_selector).last
    expect(link, f"there is no {what}").to_be_visible()
    href = link.evaluate("link => link.href")
    reader.click_like_a_reader(link)
    reader.expect_landed_on(page, href=href)


def check_glossary_links(page: Page, site: Site) -> None:
    """An entry's "Explained in" link and its "Mentioned in" backlinks land on their sections."""
    for selector, what in [
        (".sn-glossary-defined a", "'Explained in' link"),
        (".sn-glossary-mentions a[href*='#']:visible", "'Mentioned in' backlink to a section"),
    ]:
        page.goto(site.url(GLOSSARY))
        _click_and_land(page, f"{reader.ARTICLE} {selector}", what=what)


def _note_with_backlinks(site: Site) -> str:
    for note in notes(site.site_dir):
        html = (site.site_dir / note.path / "index.html").read_text(encoding="utf-8")
        if 'class="sn-backlinks"' in html:
            return note.path
    pytest.fail("no note ends with backlinks", pytrace=False)


def check_note_backlinks(page: Page, site: Site, path: str) -> None:
    """The "Links here" list at the end of a note leads to the linking note."""
    page.goto(site.url(path))
    _click_and_land(page, "aside.sn-backlinks li a", what="backlink at the end of the note")
    expect(page.locator("h1").first).to_be_visible()


def test_letter_index_jumps_to_its_letter(page: Page, site: Site) -> None:
    check_letter_index(page, site)


def test_far_letters_are_rendered_when_reached(page: Page, site: Site) -> None:
    check_far_letters_skipped_until_reached(page, site)


def test_far_letters_check_fails_when_every_letter_renders_at_load(page: Page, site: Site) -> None:
    """The stylesheet as it was (every group rendered at load): the check says so."""

    def every_letter_rendered(route: Route) -> None:
        response = route.fetch()
        unskipped = ".md-typeset .sn-glossary-letter { content-visibility: visible !important }"
        route.fulfill(response=response, body=response.text() + unskipped)

    page.route("**/short-notes-glossary.css", every_letter_rendered)
    with pytest.raises(AssertionError, match="letter groups are rendered at load"):
        check_far_letters_skipped_until_reached(page, site)


def test_glossary_entries_link_to_definition_and_mentions(page: Page, site: Site) -> None:
    check_glossary_links(page, site)


def test_note_backlinks_lead_to_the_linking_note(page: Page, site: Site) -> None:
    check_note_backlinks(page, site, _note_with_backlinks(site))


def test_index_check_fails_without_the_glossary(page: Page, site_without: Callable) -> None:
    with pytest.raises(AssertionError, match="no letter index"):
        check_letter_index(page, site_without("no-glossary"))


def test_entry_check_fails_without_the_glossary(page: Page, site_without: Callable) -> None:
    with pytest.raises(AssertionError, match="there is no 'Explained in' link"):
        check_glossary_links(page, site_without("no-glossary"))


def test_backlink_check_fails_without_the_glossary(
    page: Page, site: Site, site_without: Callable
) -> None:
    path = _note_with_backlinks(site)
    with pytest.raises(AssertionError, match="there is no backlink"):
        check_note_backlinks(page, site_without("no-glossary"), path)


def test_landing_check_catches_a_link_to_a_missing_section(page: Page, site: Site) -> None:
    """expect_landed_on itself: a fragment that names no section must fail."""
    page.goto(site.url(GLOSSARY))
    with pytest.raises(AssertionError, match="has no section #no-such-section"):
        page.goto(site.url(GLOSSARY) + "#no-such-section")
        reader.expect_landed_on(page, href=urljoin(site.url(GLOSSARY), "#no-such-section"))
