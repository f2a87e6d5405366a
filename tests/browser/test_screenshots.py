"""Screenshots of what readers see, for reviewers: each reader-facing feature on a desktop and
on a phone, light and dark, written to ``test-artifacts/screenshots/`` (or
``$SHORT_NOTES_ARTIFACTS/screenshots``); CI uploads them after every run.

The other browser tests prove the behaviour; these only check that the subject is on the page
and visible, and that the page does not scroll sideways on a phone, so a screenshot never shows
an empty or broken page unnoticed.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser.chromium import DESKTOP, open_page
from browser.reader import settle
from browser.site_server import Site

SCREENSHOTS = Path(os.environ.get("SHORT_NOTES_ARTIFACTS", "test-artifacts")) / "screenshots"
PHONE = {"width": 390, "height": 844}

# name -> (page, the element the screenshot is about)
SUBJECTS = {
    "home-map": ("", "article .sn-map ul"),
    # the form exists only once the glossary's script ran
    "glossary-filter": ("glossary/", "article form"),
    "diagram": ("redis/transactions/", "figure.sn-diagram"),
    "transcript": ("redis/strings/", "article pre .sn-command"),
    "concept-links-and-tabs": ("python/gil/", "article .tabbed-set"),
}


def _png_width(path: Path) -> int:
    """The width in a PNG's header (its IHDR chunk)."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">I", data[16:20])[0]


def check_screenshot(chromium: Browser, site: Site, name: str, device: str, scheme: str) -> Path:
    """Open the subject's page, check the subject shows (and a phone page does not scroll
    sideways), and write the screenshot; its path."""
    path, selector = SUBJECTS[name]
    phone = device == "phone"
    viewport = PHONE if phone else DESKTOP
    context, opened = open_page(chromium, viewport=viewport, color_scheme=scheme, touch=phone)
    try:
        page = opened.page
        page.goto(site.url(path))
        settle(page)
        subject = page.locator(selector).first
        if subject.count():
            subject.scroll_into_view_if_needed()
        assert subject.is_visible(), f"/{path}: nothing visible matches {selector}"
        if phone:
            widths = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert widths[0] <= widths[1], f"/{path} scrolls sideways on a phone: {widths}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"{name}-{device}-{scheme}.png"
        page.screenshot(path=str(shot))
        assert _png_width(shot) == viewport["width"]
        return shot
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("name", sorted(SUBJECTS))
def test_screenshot(chromium: Browser, site: Site, name: str, device: str, scheme: str) -> None:
    check_screenshot(chromium, site, name, device, scheme)


def test_screenshot_check_fails_when_the_subject_is_missing(
    chromium: Browser, site_without: Callable[[str], Site]
) -> None:
    """Without the glossary hook the glossary page has no filter form: the check must say so
    rather than keep a screenshot of a page without its subject."""
    with pytest.raises(AssertionError, match="nothing visible matches article form"):
        check_screenshot(
            chromium, site_without("no-glossary"), "glossary-filter", "desktop", "light"
        )
