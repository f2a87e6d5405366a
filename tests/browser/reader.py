"""What a reader does on the site, as steps that assert they worked.

Every step checks its outcome with Playwright's ``expect`` (which retries until the
timeout), so a missing feature fails as an ``AssertionError`` with a message saying what
the reader did not get, never as a click on an element that is not there.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import Locator, Page, expect

SEARCH_INPUT = "input.md-search__input"
SEARCH_META = ".md-search-result__meta"
# One result item per page; its first link is the page itself, the others its sections.
SEARCH_RESULT_PAGE_LINKS = ".md-search-result__item > a.md-search-result__link:first-child"
ARTICLE = "article.md-content__inner"


def settle(page: Page) -> None:
    """Wait until the tasks the page queued for after its next paint have run (Material and
    our scripts defer work that way: requestAnimationFrame, then a task)."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")


# Material's instant navigation writes the viewport offset ({x, y}) into history.state 100 ms
# after each scroll stops. The page counts scroll events and notes how many had happened
# when such a write came; once a write has followed the last scroll, none is pending.
# Installed once per document; a write may be pending from before it listened unless
# history.state already holds the current offset. Without instant navigation, nothing writes.
_WATCH_SCROLL_OFFSET_RECORDS = """() => {
    const config = document.getElementById("__config");
    const features = config ? JSON.parse(config.textContent).features || [] : [];
    if (!features.includes("navigation.instant") || window.__shortNotesOffsets) return;
    const offsets = window.__shortNotesOffsets = {scrolls: 0, recorded: 0};
    const state = history.state;
    const recorded = state !== null && typeof state === "object"
        && state.x === Math.max(0, scrollX) && state.y === Math.max(0, scrollY);
    if (!recorded) offsets.scrolls = 1;
    addEventListener("scroll", () => { offsets.scrolls += 1; }, {passive: true});
    const replaceState = history.replaceState.bind(history);
    history.replaceState = (data, ...rest) => {
        if (data && typeof data.x === "number" && typeof data.y === "number") {
            offsets.recorded = offsets.scrolls;
        }
        return replaceState(data, ...rest);
    };
}"""
_NO_SCROLL_OFFSET_RECORD_PENDING = """() => {
    const offsets = window.__shortNotesOffsets;
    return !offsets || offsets.recorded >= offsets.scrolls;
}"""

# Resolves once the element has kept its place in the window for three frames in a row (or
# after 120 frames, leaving the click's own checks to fail loudly if it still moves).
_STAYS_PUT = """element => new Promise(done => {
    let last = "", same = 0, frames = 0;
    const look = () => {
        const box = element.getBoundingClientRect();
        const now = `${box.top},${box.left},${box.height}`;
        same = now === last ? same + 1 : 0;
        last = now;
        if (same >= 3 || ++frames >= 120) done();
        else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
})"""


def click_like_a_reader(target: Locator) -> None:
    """Scroll ``target`` into view, wait as a reader does until the page has settled, then
    click it.

    Material records the scroll offset 100 ms after scrolling stops and, when the next page
    change finds an offset recorded, restores it as if the reader had pressed Back. A click
    before that record (which a robot makes, a reader hardly ever) therefore lands at the old
    offset instead of at the linked section. So the click waits for the record itself, not
    for a guess at how long it takes on a busy machine.
    """
    target.page.evaluate(_WATCH_SCROLL_OFFSET_RECORDS)
    target.scroll_into_view_if_needed()
    # Content laid out only near the window (content-visibility: auto, the glossary's letter
    # groups) takes its real height a frame or two after the scroll, and the browser's scroll
    # anchoring scrolls again to keep the target in place: wait until it stays put.
    target.evaluate(_STAYS_PUT)
    target.page.wait_for_function(_NO_SCROLL_OFFSET_RECORD_PENDING)
    # Other writes of history.state (navigation.tracking's hash) can satisfy the count before
    # the debounced offset record lands: let the 100 ms debounce pass as a reader would.
    # A pause, not an assertion: nothing here measures time.
    target.page.wait_for_timeout(300)
    # A late re-layout during the pause scrolled again: its record must land first too.
    target.page.wait_for_function(_NO_SCROLL_OFFSET_RECORD_PENDING)
    target.click()


def page_path(url: str, base_url: str) -> str:
    """``http://host/short-notes/redis/lists/?h=x#y`` -> ``redis/lists/``."""
    path = urlsplit(url).path
    base = urlsplit(base_url).path
    assert path.startswith(base), f"{url} is outside the site {base_url}"
    return path[len(base) :]


def search(page: Page, query: str, *, base_url: str, top: int = 5) -> list[str]:
    """Type ``query`` into the search box; the paths of the first ``top`` result pages."""
    box = page.locator(SEARCH_INPUT)
    expect(box, "the search box is missing").to_be_visible()
    box.click()
    # Material drops a query typed while its worker still builds the index (the result list
    # then answers the empty query), so type once the worker says it is ready.
    ready = page.evaluate(
        "JSON.parse(document.getElementById('__config').textContent)"
        ".translations['search.result.placeholder']"
    )
    expect(page.locator(SEARCH_META), "search never becomes ready").to_have_text(ready)
    # Material reads the query on key-up, not on `input` events, and answers every key-up: typed
    # key by key, the results of a prefix ("WATC") can show and then be replaced under the
    # test's hands. So the whole query goes in at once and one key-up makes Material read it.
    box.fill(query)
    box.press("End")
    results = page.locator(SEARCH_RESULT_PAGE_LINKS)
    expect(results.first, f"searching {query!r} shows no result").to_be_visible()
    hrefs = results.evaluate_all("links => links.map(link => link.href)")
    return [page_path(href, base_url) for href in hrefs[:top]]


def close_search(page: Page) -> None:
    page.keyboard.press("Escape")
    expect(page.locator(SEARCH_INPUT)).not_to_be_focused()


def tab_set(page: Page, index: int) -> Locator:
    return page.locator(f"{ARTICLE} .tabbed-set").nth(index)


def choose_tab(page: Page, *, set_index: int, label: str) -> None:
    """Click ``label`` in the ``set_index``-th tab set and check that its panel shows."""
    tabs = tab_set(page, set_index)
    tabs.scroll_into_view_if_needed()
    tabs.locator(".tabbed-labels > label", has_text=re.compile(f"^{re.escape(label)}$")).click()
    expect_selected(page, set_index=set_index, label=label)


def expect_selected(page: Page, *, set_index: int, label: str) -> None:
    """The ``set_index``-th tab set shows the panel of ``label`` and hides the others."""
    tabs = tab_set(page, set_index)
    labels = tabs.locator(".tabbed-labels > label")
    expect(labels.first, f"tab set {set_index} has no tab labels").to_be_attached()
    names = [name.strip() for name in labels.all_inner_texts()]
    assert label in names, f"tab set {set_index} has no tab {label!r}: {names}"
    position = names.index(label)
    blocks = tabs.locator(":scope > .tabbed-content > .tabbed-block")
    for i in range(len(names)):
        block = blocks.nth(i)
        if i == position:
            expect(block, f"tab {label!r} of set {set_index} is not shown").to_be_visible()
        else:
            expect(block, f"tab {names[i]!r} of set {set_index} is still shown").to_be_hidden()


# Our glossary tooltip (overrides/assets/javascripts/short-notes-tooltips.js): one per link.
TERM_TOOLTIP = ".sn-tooltip"
SHOWN_TERM_TOOLTIP = ".sn-tooltip:not([hidden])"


def hover_term(page: Page, *, index: int, summary: str) -> None:
    """Hover the ``index``-th concept link; its definition appears as a tooltip."""
    link = page.locator(f"{ARTICLE} a.sn-term").nth(index)
    expect(link, "the page has no concept link").to_be_visible()
    link.scroll_into_view_if_needed()
    link.hover()
    expect_term_tooltip(page, link, summary=summary, action="hovering")


def expect_term_tooltip(page: Page, link: Locator, *, summary: str, action: str) -> Locator:
    """The one tooltip on screen is ``link``'s, says ``summary`` as text, and is the link's
    accessible description; returns it."""
    tooltip = page.locator(SHOWN_TERM_TOOLTIP)
    expect(tooltip, f"{action} a concept shows no tooltip").to_be_visible()
    expect(tooltip, "the tooltip is not the concept's definition").to_have_text(summary)
    expect(tooltip, "the tooltip is not the link's description").to_have_id(
        link.get_attribute("aria-describedby") or "(the link has no aria-describedby)"
    )
    expect(link, "screen readers do not get the definition").to_have_accessible_description(summary)
    return tooltip


def follow_term(page: Page, *, index: int, href: str) -> None:
    """Click the ``index``-th concept link; the browser lands on ``href`` (absolute)."""
    link = page.locator(f"{ARTICLE} a.sn-term").nth(index)
    expect(link, "the page has no concept link").to_be_visible()
    click_like_a_reader(link)
    expect_landed_on(page, href=href)


def expect_landed_on(page: Page, *, href: str) -> None:
    """The browser shows ``href`` and, if it names a section, that section is in view."""
    url, fragment = urldefrag(href)
    expect(page).to_have_url(re.compile("^" + re.escape(url) + r"(\?[^#]*)?(#.*)?$"))
    if fragment:
        # Not the URL's hash: Material's navigation.tracking rewrites it to whichever section
        # is at the top of the window, which for a short last section is the one before it.
        target = page.locator(f"[id={fragment!r}]")
        expect(target, f"the page has no section #{fragment}").to_be_attached()
        expect(target, f"section #{fragment} is not scrolled into view").to_be_in_viewport()
