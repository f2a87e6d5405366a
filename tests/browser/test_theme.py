"""Light/dark toggle, and the navigation drawer on a 375-pixel-wide phone screen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from browser import reader
from browser.built_pages import notes
from browser.chromium import PHONE, BrowserPage
from browser.site_server import Site

SCHEME = "data-md-color-scheme"
PALETTE_TOGGLE = "form[data-md-component='palette'] label.md-header__button:visible"
DRAWER_BUTTON = "label.md-header__button[for='__drawer']"
DRAWER_LINKS = ".md-sidebar--primary a.md-nav__link[href]"
# The indices of the drawer links a finger can reach now (the element under the link's centre
# is the link: other levels of the drawer are slid off-screen) that lead to another page.
# The drawer slides in: poll until the animation has brought a link under the finger.
REACHABLE_LINKS = """selector => {
    const reachable = [...document.querySelectorAll(selector)].flatMap((link, index) => {
        const box = link.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        const elsewhere = link.pathname !== location.pathname;
        return box.width > 0 && hit && link.contains(hit) && elsewhere ? [index] : [];
    });
    return reachable.length ? reachable : null;
}"""


def _background(page: Page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def check_palette_toggle(page: Page, site: Site) -> None:
    """The toggle switches light to dark and back, and the choice survives a new page."""
    page.goto(site.url())
    body = page.locator("body")
    expect(body).to_have_attribute(SCHEME, "default")
    light = _background(page)
    toggle = page.locator(PALETTE_TOGGLE)
    expect(toggle, "there is no light/dark toggle").to_be_visible()
    toggle.click()
    expect(body, "the toggle does not switch to dark").to_have_attribute(SCHEME, "slate")
    assert _background(page) != light, "the scheme changed but the page did not get darker"
    page.goto(site.url("glossary/"))
    expect(body, "the dark choice is forgotten on the next page").to_have_attribute(SCHEME, "slate")
    page.locator(PALETTE_TOGGLE).click()
    expect(body, "the toggle does not switch back to light").to_have_attribute(SCHEME, "default")


def check_phone_drawer(page: Page, site: Site, path: str) -> None:
    """At phone width the drawer opens from the header, and its links navigate."""
    page.goto(site.url(path))
    button = page.locator(DRAWER_BUTTON)
    expect(button, "no button opens the navigation drawer").to_be_visible()
    button.click()
    drawer = page.locator(".md-sidebar--primary")
    expect(drawer, "the navigation drawer does not open").to_be_in_viewport()
    links = page.locator(DRAWER_LINKS)
    try:
        reachable = page.wait_for_function(REACHABLE_LINKS, arg=DRAWER_LINKS)
    except PlaywrightTimeoutError:
        pytest.fail("the open drawer shows no link to another page", pytrace=False)
    reachable = reachable.json_value()
    link = links.nth(reachable[0])
    href = link.evaluate("link => link.href")
    reader.click_like_a_reader(link)
    reader.expect_landed_on(page, href=href)
    expect(page.locator("#__drawer"), "the drawer stays open after navigating").not_to_be_checked()


def _a_note(site: Site) -> str:
    return notes(site.site_dir)[0].path


def test_light_dark_toggle(page: Page, site: Site) -> None:
    check_palette_toggle(page, site)


def test_navigation_drawer_at_phone_width(new_page: Callable[..., BrowserPage], site: Site):
    check_phone_drawer(new_page(viewport=PHONE).page, site, _a_note(site))


def test_toggle_check_fails_without_toggle(page: Page, site_without: Callable) -> None:
    with pytest.raises(AssertionError, match="there is no light/dark toggle"):
        check_palette_toggle(page, site_without("no-palette-toggle"))


def test_drawer_check_fails_without_drawer_button(
    new_page: Callable[..., BrowserPage], site: Site, site_without: Callable
) -> None:
    with pytest.raises(AssertionError, match="no button opens the navigation drawer"):
        check_phone_drawer(
            new_page(viewport=PHONE).page, site_without("no-drawer-button"), _a_note(site)
        )
