"""Content tabs: a click switches the panel; linked tabs follow across the page and notes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from browser import reader
from browser.built_pages import BuiltPage, notes, shared_label
from browser.site_server import Site


def _note_with_tabs(site: Site) -> BuiltPage:
    for note in notes(site.site_dir):
        if note.tab_sets and len(note.tab_sets[0]) > 1:
            return note
    pytest.fail("no note has a tab set with two tabs", pytrace=False)


def _note_with_linked_sets(site: Site) -> tuple[BuiltPage, tuple[int, int, str]]:
    for note in notes(site.site_dir):
        shared = shared_label(note)
        if shared:
            return note, shared
    pytest.fail("no note has two tab sets sharing a label", pytrace=False)


def check_tabs_switch(page: Page, site: Site, note: BuiltPage) -> None:
    page.goto(site.url(note.path))
    first, second = note.tab_sets[0][:2]
    reader.expect_selected(page, set_index=0, label=first)
    reader.choose_tab(page, set_index=0, label=second)
    reader.choose_tab(page, set_index=0, label=first)


def check_linked_tabs_sync(page: Page, site: Site, note: BuiltPage, shared) -> None:
    one, other, label = shared
    page.goto(site.url(note.path))
    reader.choose_tab(page, set_index=one, label=label)
    reader.expect_selected(page, set_index=other, label=label)


def check_linked_tabs_persist(page: Page, site: Site, source: BuiltPage, target: BuiltPage):
    """Choose a tab on ``source``; on ``target`` the same label is already selected."""
    label = target.tab_sets[0][1]  # not the default, so only the saved choice selects it
    page.goto(site.url(source.path))
    source_set = next(i for i, labels in enumerate(source.tab_sets) if label in labels)
    reader.choose_tab(page, set_index=source_set, label=label)
    page.goto(site.url(target.path))
    reader.expect_selected(page, set_index=0, label=label)


def _persist_pair(site: Site) -> tuple[BuiltPage, BuiltPage]:
    """Two different notes: ``target``'s first set has a second label that ``source`` has."""
    candidates = [note for note in notes(site.site_dir) if note.tab_sets]
    for target in candidates:
        if len(target.tab_sets[0]) < 2:
            continue
        label = target.tab_sets[0][1]
        for source in candidates:
            if source.path != target.path and any(label in s for s in source.tab_sets):
                return source, target
    pytest.fail("no two notes share a tab label", pytrace=False)


def test_tabs_switch_on_click(page: Page, site: Site) -> None:
    check_tabs_switch(page, site, _note_with_tabs(site))


def test_linked_tabs_follow_each_other_on_a_page(page: Page, site: Site) -> None:
    check_linked_tabs_sync(page, site, *_note_with_linked_sets(site))


def test_chosen_tab_persists_on_the_next_note(page: Page, site: Site) -> None:
    check_linked_tabs_persist(page, site, *_persist_pair(site))


# --- each check fails once its feature is gone ------------------------------------------------

NOT_FOLLOWED = r"tab .* of set \d+ is (not|still) shown"


def test_switch_check_fails_without_tabs(page: Page, site: Site, site_without: Callable) -> None:
    note = _note_with_tabs(site)  # chosen on the real site, driven on the variant
    with pytest.raises(AssertionError, match="has no tab labels"):
        check_tabs_switch(page, site_without("no-tabs"), note)


def test_sync_check_fails_without_linked_tabs(
    page: Page, site: Site, site_without: Callable
) -> None:
    with pytest.raises(AssertionError, match=NOT_FOLLOWED):
        check_linked_tabs_sync(page, site_without("no-linked-tabs"), *_note_with_linked_sets(site))


def test_persist_check_fails_without_linked_tabs(
    page: Page, site: Site, site_without: Callable
) -> None:
    with pytest.raises(AssertionError, match=NOT_FOLLOWED):
        check_linked_tabs_persist(page, site_without("no-linked-tabs"), *_persist_pair(site))
