"""axe-core finds no serious or critical accessibility violation on any page, light or dark,
on a desktop and on a phone (touch screen, no hover: Material's scripts behave differently).

axe-core comes bundled in axe-playwright-python (no CDN). Minor and moderate findings are
reported by axe too, but only serious and critical ones fail: they block real readers
(unreadable contrast, unlabeled controls, broken landmarks).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from browser.built_pages import notes, page_paths
from browser.chromium import BrowserPage, open_page
from browser.reader import settle
from browser.site_server import Site

BLOCKING = ("serious", "critical")
# A phone as Playwright's device list describes one (iPhone 12-15: 390 px wide), touch only.
PHONE = {"width": 390, "height": 844}
_axe = Axe()


def audit(page: Page, site: Site, *, paths: list[str] | None = None) -> list[str]:
    """Every blocking violation on ``paths`` (every page by default), one a line."""
    found = []
    for path in page_paths(site.site_dir) if paths is None else paths:
        page.goto(site.url(path))
        settle(page)  # what the page's scripts do once it has painted is what a reader meets
        for violation in _axe.run(page).response["violations"]:
            if violation["impact"] in BLOCKING:
                targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
                found.append(
                    f"/{path}: {violation['id']} ({violation['impact']}): {violation['help']}"
                    f" — {len(violation['nodes'])} element(s), e.g. {targets}"
                )
    return found


def check_accessible(page: Page, site: Site, *, paths: list[str] | None = None) -> None:
    found = audit(page, site, paths=paths)
    assert not found, "axe-core reports:\n" + "\n".join(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation(chromium: Browser, site: Site, scheme: str) -> None:
    context, opened = open_page(chromium, color_scheme=scheme)
    try:
        check_accessible(opened.page, site)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_on_a_phone(
    chromium: Browser, site: Site, scheme: str
) -> None:
    context, opened = open_page(chromium, viewport=PHONE, color_scheme=scheme, touch=True)
    try:
        assert not opened.page.evaluate("matchMedia('(hover)').matches"), "the phone hovers"
        check_accessible(opened.page, site)
    finally:
        context.close()


def _widest_notes(site: Site) -> list[str]:
    widest = sorted(notes(site.site_dir), key=lambda note: note.longest_code_line)[-5:]
    assert widest[0].longest_code_line > 100, "no code lines wide enough to scroll sideways"
    return [note.path for note in widest]


def test_phone_check_fails_on_code_blocks_without_tab_stops_on_touch_screens(
    new_page: Callable[..., BrowserPage], site_without: Callable
) -> None:
    """The script as it was (no tab stop where nothing hovers): a phone's wide code blocks
    cannot be reached by a keyboard or switch device, and axe says so."""
    site = site_without("no-touch-tab-stops")
    page = new_page(viewport=PHONE, touch=True).page
    with pytest.raises(AssertionError, match="scrollable-region-focusable"):
        check_accessible(page, site, paths=_widest_notes(site))


def test_check_fails_on_unreadable_text(
    new_page: Callable[..., BrowserPage], site_without: Callable
) -> None:
    with pytest.raises(AssertionError, match="color-contrast"):
        check_accessible(new_page().page, site_without("low-contrast"), paths=["", "glossary/"])


def test_check_fails_on_code_blocks_keyboard_users_cannot_scroll(
    new_page: Callable[..., BrowserPage], site_without: Callable
) -> None:
    """Material mounts code blocks lazily (content.lazy); the ones below the fold get their
    tab stop from our script. Without it, wide blocks further down have none. (Which of the
    widest notes has one below the fold depends on the notes, so five are audited.)"""
    site = site_without("no-a11y-script")
    with pytest.raises(AssertionError, match="scrollable-region-focusable"):
        check_accessible(new_page().page, site, paths=_widest_notes(site))
