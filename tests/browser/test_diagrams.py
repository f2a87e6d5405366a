"""Diagrams drawn at build time, as a reader sees them: in both palettes and on a phone.

The SVG carries no colour of its own: tests/test_diagrams.py checks the markup; here Chromium
shows that the stylesheet paints it from the palette (text in the page's own text colour,
light and dark alike), that text stays at least 12 px on a 360-pixel screen, and that a
diagram wider than the screen scrolls in its own focusable region instead of widening the
page. Each check fails on the site without the diagrams' stylesheet.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from browser.chromium import BrowserPage
from browser.site_server import Site

# The widest diagram of the site (the cluster architecture) and a narrow one.
WIDE = "kubernetes/architecture/cluster-architecture/"
NARROW = "kubernetes/architecture/kube-apiserver/"
PHONE_360 = {"width": 360, "height": 740}
FIGURE = "article figure.sn-diagram"

# Per figure: the text colour of the diagram and of the page, the smallest rendered font size
# of its text, and the size of the SVG as drawn.
_MEASURE = """figure => {
    const svg = figure.querySelector("svg");
    const texts = [...svg.querySelectorAll("text")];
    const shape = svg.querySelector("polygon, path, ellipse");
    const box = svg.getBoundingClientRect();
    // rendered size of a text: its font size times the SVG's scale on screen
    const scale = box.width / svg.viewBox.baseVal.width;
    return {
        textFill: getComputedStyle(texts[0]).fill,
        pageText: getComputedStyle(document.querySelector("article p")).color,
        stroke: getComputedStyle(shape).stroke,
        smallestText: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize))) * scale,
        width: box.width,
        height: box.height,
    };
}"""


def _hue(colour: str) -> tuple[int, ...]:
    """`rgba(0, 0, 0, 0.87)` and `rgb(0, 0, 0)` have the same hue: (0, 0, 0)."""
    return tuple(round(float(part)) for part in colour.split("(")[1].rstrip(")").split(",")[:3])


def check_diagrams_follow_the_palette(new_page: Callable[..., BrowserPage], site: Site) -> None:
    """Both palettes: every diagram is drawn, its text in the page's own text colour."""
    fills = {}
    for scheme in ("light", "dark"):
        opened = new_page(color_scheme=scheme)
        page = opened.page
        page.goto(site.url(NARROW))
        figure = page.locator(FIGURE).first
        expect(figure.locator("svg"), f"no diagram is shown ({scheme})").to_be_visible()
        expect(figure.locator("figcaption")).not_to_be_empty()
        measured = figure.evaluate(_MEASURE)
        assert measured["width"] > 100 and measured["height"] > 100, (scheme, measured)
        assert _hue(measured["textFill"]) == _hue(measured["pageText"]), (
            f"the diagram's text does not follow the {scheme} palette: {measured}"
        )
        assert measured["stroke"] not in ("none", "rgb(0, 0, 0)"), (
            f"the diagram's lines are not drawn from the {scheme} palette: {measured}"
        )
        fills[scheme] = measured["textFill"]
        assert not opened.foreign_requests, opened.foreign_requests
        assert not opened.errors, opened.errors
    assert fills["light"] != fills["dark"], f"the diagram has one colour in both palettes: {fills}"


def check_wide_diagram_on_a_phone(page: Page, site: Site) -> None:
    """360 px: text stays >= 12 px; a wide diagram scrolls in a focusable region."""
    page.goto(site.url(WIDE))
    figure = page.locator(FIGURE).first
    expect(figure.locator("svg")).to_be_visible()
    measured = figure.evaluate(_MEASURE)
    assert measured["smallestText"] >= 12, (
        f"diagram text is {measured['smallestText']:.1f} px on a 360-pixel screen (< 12 px)"
    )
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE_360["width"], f"the diagram widens the page to {page_width} px"
    region = figure.locator(".sn-diagram__scroll")
    overflow = region.evaluate("r => r.scrollWidth - r.clientWidth")
    assert overflow > 0, "the wide diagram does not overflow its region: was it shrunk?"
    region.focus()
    expect(region, "the scrolling region cannot take focus").to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle(), timeout=20_000)


def test_diagrams_follow_both_palettes(new_page: Callable[..., BrowserPage], site: Site) -> None:
    check_diagrams_follow_the_palette(new_page, site)


def test_a_wide_diagram_scrolls_on_a_phone(
    new_page: Callable[..., BrowserPage], site: Site
) -> None:
    check_wide_diagram_on_a_phone(new_page(viewport=PHONE_360).page, site)


def test_palette_check_fails_without_the_diagram_styles(
    new_page: Callable[..., BrowserPage], site_without: Callable
) -> None:
    with pytest.raises(AssertionError, match="not drawn from the light palette"):
        check_diagrams_follow_the_palette(new_page, site_without("no-diagram-styles"))


def test_phone_check_fails_without_the_diagram_styles(
    new_page: Callable[..., BrowserPage], site_without: Callable
) -> None:
    with pytest.raises(AssertionError, match="px on a 360-pixel screen"):
        check_wide_diagram_on_a_phone(
            new_page(viewport=PHONE_360).page, site_without("no-diagram-styles")
        )
