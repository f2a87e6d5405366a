"""What a note can reach outside itself on the page, in Chromium, and that the policy rejects it:
its own ``<body>`` or ``<html>`` tag, and a label or radio button naming the theme's controls.

A note is rendered inside the page's ``<body>``. There, HTML's "in body" insertion mode does
not drop a second ``<body>`` or ``<html>`` start tag: it adds each of its attributes that the
page's element lacks to that element. So ``<body onload=...>`` in a note becomes the page's
own load handler. This shows it happening in Chromium, in a page laid out like the theme's
(the theme's ``<body>`` has no ``onload``), then checks that ``shortnotes.html_policy``
reports exactly those attributes (the policy used to skip the ``html`` and ``body`` elements
of its parse, as if the fragment parse had made them up).

The theme's drawer, search and table of contents are checkboxes (``#__drawer``, ``#__search``,
``#__toc``): a note's ``<label for="__drawer">`` opens the drawer wherever the reader clicks
it. The ``__`` names are the theme's too (its palette's radio group, ``__palette``): a note's
radio button may not take one either.

The rest, found by trying the policy as an attacker would:
- a URL led by a C0 control (``&#14;javascript:...``): the browser trims U+0000 to U+0020, so
  the link runs script and an image loads from another host; an SVG ``fill="url(...)"``
  fetches its paint from another host;
- the theme's and the site's layout classes (``md-dialog``, ``md-consent__overlay``,
  ``sn-tooltip``) put a fixed box over the whole page (shown on the real site);
- end tags the note did not open (``</article></div></main>``) put what follows outside the
  theme's container, and an ``<a>`` or ``<b>`` left open is rebuilt around the theme's markup
  after the note;
- a link inside an inline SVG stops Material's instant navigation (shown on the real site).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from shortnotes.html_policy import find_violations

from tests.browser.chromium import BrowserPage
from tests.browser.site_server import Site

RUNS = "window.__pwned=(window.__pwned||0)+1"

# (what the note writes, the page element it lands on, the attribute, how the reader fires it)
MERGED = [
    (f'<body onload="{RUNS}">', "body", "onload", None),
    (f'<html onmouseover="{RUNS}">', "html", "onmouseover", "hover"),
    (f'<p>Inline <body onclick="{RUNS}"> in a paragraph.</p>', "body", "onclick", "click"),
]


def theme_like_page(note_html: str) -> str:
    """A page with the theme's elements around the note (html_policy.PAGE_ANCESTORS) and the
    theme's markup after it."""
    return (
        '<!doctype html><html lang="en" class="no-js"><head><title>Note</title></head>'
        '<body dir="ltr" data-md-color-scheme="default">'
        '<input class="md-toggle" type="checkbox" id="__drawer">'
        '<div class="md-container"><main class="md-main"><div class="md-main__inner">'
        '<div class="md-content">'
        f'<article class="md-content__inner md-typeset"><h1>Note</h1>{note_html}'
        "<p>The rest of the note.</p></article></div></div></main>"
        '<footer class="md-footer"><a href="#top" id="back">Back to top</a> Made with care.'
        "</footer></div></body></html>"
    )


@pytest.mark.parametrize(("note_html", "element", "attribute", "action"), MERGED)
def test_a_notes_body_or_html_tag_lends_the_page_a_handler_and_is_rejected(
    page: Page, note_html: str, element: str, attribute: str, action: str | None
) -> None:
    page.set_content(theme_like_page(note_html), wait_until="load")
    assert page.evaluate(
        "([element, attribute]) => document.querySelector(element).hasAttribute(attribute)",
        [element, attribute],
    ), f"Chromium did not move {attribute}= onto the page's <{element}>"
    if action == "hover":
        page.hover("article h1")
    elif action == "click":
        page.click("article h1")
    assert page.evaluate("window.__pwned") == 1, f"{attribute}= on <{element}> did not run"

    details = [violation.detail for violation in find_violations(note_html)]
    assert details == [
        f"attribute `{attribute}=` on <{element}> is not allowed: event handlers run code in "
        "the reader's browser; remove it"
    ]


def test_a_bare_body_tag_changes_nothing_and_passes(page: Page) -> None:
    note_html = "<body><p>A stray tag, no attributes.</p>"
    page.set_content(theme_like_page(note_html), wait_until="load")
    attributes = page.evaluate("[...document.body.attributes].map((a) => a.name)")
    assert attributes == ["dir", "data-md-color-scheme"]
    assert find_violations(note_html) == []


def test_a_label_or_radio_button_naming_the_themes_controls_works_them_and_is_rejected(
    page: Page,
) -> None:
    note_html = (
        '<p><label for="__drawer">Click here</label></p>'
        '<p><input type="radio" name="__palette" id="note-radio"></p>'
    )
    page.set_content(theme_like_page(note_html), wait_until="load")
    page.click("text=Click here")
    assert page.is_checked("#__drawer"), "the note's label did not work the theme's drawer"

    kinds = [(v.kind, v.detail.split(" on <")[0]) for v in find_violations(note_html)]
    assert kinds == [("reserved-id", "for='__drawer'"), ("reserved-id", "name='__palette'")]


OUTSIDE = "http://203.0.113.9"  # TEST-NET-3: never routed; the request is what counts


@pytest.mark.parametrize(
    "note_html",
    [
        f'<p><a id="go" href="&#14;javascript:{RUNS}">Read on</a></p>',
        f'<p><a id="go" href="&#x1f;&#x20;javascript:{RUNS}">Read on</a></p>',
    ],
)
def test_a_link_led_by_a_control_character_runs_script_and_is_rejected(
    page: Page, note_html: str
) -> None:
    page.set_content(theme_like_page(note_html), wait_until="load")
    page.click("#go")
    page.wait_for_function("window.__pwned === 1")
    assert [v.kind for v in find_violations(note_html)] == ["url-not-allowed"]


@pytest.mark.parametrize(
    ("note_html", "kind"),
    [
        pytest.param(
            f'<p><img src="&#x1f;{OUTSIDE}/pixel.png" alt="x"></p>',
            "url-not-allowed",
            id="img-src-led-by-a-control",
        ),
        pytest.param(
            f'<svg width="9" height="9"><path d="M0 0h9v9H0z" fill="url({OUTSIDE}/p.svg#g)"/>'
            "</svg>",
            "attribute-not-allowed",
            id="svg-fill-url",
        ),
    ],
)
def test_an_image_or_a_paint_from_another_host_is_fetched_and_is_rejected(
    new_page, note_html: str, kind: str
) -> None:
    opened: BrowserPage = new_page()
    # The request itself is awaited: the image is asked for while the page is parsed, the
    # paint server only when the page is first painted, which may come after the load event.
    with opened.page.expect_request(lambda request: request.url.startswith(OUTSIDE)):
        opened.page.set_content(theme_like_page(note_html), wait_until="load")
    assert any(OUTSIDE in request for request in opened.foreign_requests), opened.foreign_requests
    assert [v.kind for v in find_violations(note_html)] == [kind]


@pytest.mark.parametrize(
    "note_html",
    [
        '<div class="md-consent__overlay"></div>',
        '<div class="md-dialog md-dialog--active">Your session expired: log in again</div>',
        '<div class="sn-tooltip">x</div>',
    ],
)
def test_a_layout_class_of_the_theme_or_the_site_covers_the_page_and_is_rejected(
    page: Page, site: Site, note_html: str
) -> None:
    """On the real site, the note's markup put where the note's content goes (the test's own
    script does it: the build would refuse the note)."""
    page.goto(site.url("kubernetes/architecture/cluster-architecture/"))
    page.evaluate(
        "html => document.querySelector('article.md-content__inner')"
        ".insertAdjacentHTML('beforeend', html)",
        note_html,
    )
    position = page.evaluate(
        "() => getComputedStyle(document.querySelector('article.md-content__inner')"
        ".lastElementChild).position"
    )
    assert position == "fixed", f"{note_html} is not laid out over the page ({position})"
    assert [v.kind for v in find_violations(note_html)] == ["attribute-not-allowed"]


@pytest.mark.parametrize(
    ("note_html", "escaped"),
    [
        (
            '<p>A note.</p></article></div></div></main><div id="persist">Log in again</div>',
            "#persist",
        ),
        ('<p>Ends here <a id="evil" href="https://evil.example/"><b>and more.', "a"),
    ],
)
def test_markup_that_does_not_stay_in_the_note_reaches_the_theme_and_is_rejected(
    page: Page, note_html: str, escaped: str
) -> None:
    page.set_content(theme_like_page(note_html), wait_until="load")
    outside = page.evaluate(
        "selector => [...document.querySelectorAll(selector)]"
        ".filter((e) => !e.closest('article')).length",
        escaped,
    )
    assert outside > 0, f"nothing of {note_html!r} reached the page outside the note"
    assert [v.kind for v in find_violations(note_html)] == ["html-not-closed"]


SVG_LINK = (
    '<svg width="16" height="16" viewBox="0 0 16 16">'
    '<a href="#top"><path d="M0 0h16v16H0z"/></a></svg>'
)


def test_a_link_inside_an_inline_svg_stops_instant_navigation_and_is_rejected(
    page: Page, site: Site
) -> None:
    """Material's instant navigation fetches the next page and assigns every relative link's
    href (``el.href = el.href``): on an SVG link that throws, and the reader stays on the old
    content under the new address. The markup is put into the fetched page by the test (the
    build would refuse the note)."""
    target = site.url("redis/lists/")
    unchanged: list[str] = []  # pages the handler could not put the SVG into

    def with_svg_link(route) -> None:
        response = route.fetch()
        body = response.text()
        if "<h1" not in body:
            unchanged.append(route.request.url)
        route.fulfill(response=response, body=body.replace("<h1", SVG_LINK + "<h1", 1))

    page.route(target, with_svg_link)
    try:
        page.goto(site.url(""))
        # The home page's map of notes names each note once: the one link to Redis' "Lists".
        link = page.locator("article").get_by_role("link", name="Lists", exact=True)
        expect(link).to_have_count(1)
        assert link.evaluate("a => a.href") == target
        home_title = page.locator("article h1").first.text_content()
        assert home_title and "Lists" not in home_title

        # Instant navigation takes a click only once it has the sitemap; until then the browser
        # follows the link itself (a full load: other content, no proof). With the sitemap it
        # prefetches a link the pointer moves onto: that request says it is ready. A move made
        # before the sitemap arrived is dropped, so the pointer moves off and on until then.
        for _ in range(20):
            page.mouse.move(0, 0)
            try:
                with page.expect_request(lambda request: request.url == target, timeout=1_000):
                    link.hover()
                break
            except PlaywrightTimeoutError:
                continue
        else:
            pytest.fail("instant navigation never prefetched the link (no sitemap?)")
        page.evaluate("window.__home = true")  # gone if the browser loads the next page
        with page.expect_event("pageerror") as error:
            link.click()
        assert "SVGAElement" in error.value.message, error.value.message
        # navigation.tracking may add the hash of the (old) section at the top of the window.
        expect(page).to_have_url(re.compile("^" + re.escape(target) + r"(#.*)?$"))
        assert page.evaluate("window.__home === true"), "the browser loaded the page itself"
        assert page.locator("article h1").first.text_content() == home_title
        assert not unchanged, f"no <h1> to put the SVG before in {unchanged}"
    finally:
        page.unroute_all(behavior="ignoreErrors")

    kinds = [(v.kind, v.detail.split(":")[0]) for v in find_violations(SVG_LINK)]
    assert kinds == [("element-not-allowed", "<a> inside an inline <svg> is not allowed")]
