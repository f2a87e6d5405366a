"""Concept links: hovering one shows its definition; following it lands on that section."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page

from browser import reader
from browser.built_pages import BuiltPage, notes
from browser.site_server import Site


def note_with_concepts(site: Site) -> BuiltPage:
    """The first note whose first concept link has a summary."""
    for note in notes(site.site_dir):
        if note.term_links and note.term_links[0].summary:
            return note
    pytest.fail("no note links a concept (a.sn-term with a data-term-summary)", pytrace=False)


def check_hover_shows_definition(page: Page, site: Site, note: BuiltPage) -> None:
    page.goto(site.url(note.path))
    reader.hover_term(page, index=0, summary=note.term_links[0].summary)


def check_follow_lands_on_definition(page: Page, site: Site, note: BuiltPage) -> None:
    page.goto(site.url(note.path))
    href = urljoin(site.url(note.path), note.term_links[0].href)
    reader.follow_term(page, index=0, href=href)


def test_hovering_a_concept_shows_its_definition(page: Page, site: Site) -> None:
    check_hover_shows_definition(page, site, note_with_concepts(site))


def test_following_a_concept_lands_on_its_definition(page: Page, site: Site) -> None:
    check_follow_lands_on_definition(page, site, note_with_concepts(site))


def test_hover_check_fails_without_tooltips(page: Page, site: Site, site_without: Callable) -> None:
    note = note_with_concepts(site)
    with pytest.raises(AssertionError, match="shows no tooltip"):
        check_hover_shows_definition(page, site_without("no-tooltips"), note)


def test_follow_check_fails_without_concept_links(
    page: Page, site: Site, site_without: Callable
) -> None:
    note = note_with_concepts(site)
    with pytest.raises(AssertionError, match="the page has no concept link"):
        check_follow_lands_on_definition(page, site_without("no-glossary"), note)
