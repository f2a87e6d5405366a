"""The glossary's filter, as a reader uses it: by keyboard only, on a desktop and a phone.

The reader tabs to the filter, types part of a word, tabs to the topics and picks one with
the arrow keys. After each step the entries shown are exactly the ones expected, worked out
here from glossary.json (name, aliases, summary; a word starting with what was typed) and
from each term's defining note (its folder is its topic on this site), not from the page's
script; the live region says how many. The filter is in the page from the first paint, so
opening the glossary shifts nothing (a variant that shows it late fails that check). Without
JavaScript every entry is listed and no control is shown. On the hostile note's site, typing
the payload finds the terms that hold it and shows them as text (and a variant whose count
uses innerHTML fails that check).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from browser import hostile_note, reader
from browser.chromium import DESKTOP, PHONE, TIMEOUT_MS, BrowserPage
from browser.site_server import Site
from browser.test_tooltips import _probe

GLOSSARY = "glossary/"
FIELD = "#sn-glossary-query"
STATUS = ".sn-glossary-filter [role=status]"
SHOWN_ENTRIES = f"{reader.ARTICLE} .sn-glossary-entry:not([hidden]) > h3"
TOPIC_FOLDERS = {"Kubernetes": "kubernetes/", "Python": "python/", "Redis": "redis/"}
MAX_TABS = 80  # header, search, navigation and intro links come first


def terms(site: Site) -> list[dict[str, Any]]:
    return json.loads((site.site_dir / "glossary.json").read_text(encoding="utf-8"))["terms"]


def _words(text: str) -> str:
    """Case and accents dropped, punctuation as spaces: what a typed word is matched in."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return " " + " ".join(re.sub(r"[\W_]+", " ", plain).split())


def expected_ids(site: Site, *, typed: str = "", topic: str = "") -> list[str]:
    wanted = _words(typed) if typed.strip() else ""
    return [
        term["id"]
        for term in terms(site)
        if wanted in _words(" ".join([term["term"], *term["aliases"], term["summary"]]))
        and (not topic or term["defined_in"]["page"].startswith(TOPIC_FOLDERS[topic]))
    ]


def shown_ids(page: Page) -> list[str]:
    return page.locator(SHOWN_ENTRIES).evaluate_all("hs => hs.map(h => h.id)")


def expect_shown(page: Page, ids: list[str], *, total: int, after: str) -> None:
    """The entries shown are ``ids`` (of ``total``), and the live region counts them."""
    # The count is written last: once it says the number, the entries are settled.
    if not ids:
        count = "No term"
    elif len(ids) == total:
        count = f"All {total} terms shown."
    else:
        count = f"{len(ids)} of {total} terms shown"
    expect(page.locator(STATUS), f"after {after}, the count").to_contain_text(count)
    assert shown_ids(page) == ids, f"after {after}: shown {shown_ids(page)}, expected {ids}"
    letters = page.locator(f"{reader.ARTICLE} .sn-glossary-letter:not([hidden])")
    empty = letters.filter(has_not=page.locator(".sn-glossary-entry:not([hidden])"))
    expect(empty, f"after {after}, letters left without entries").to_have_count(0)


def terms_on(page: Page) -> list[str]:
    return page.locator(f"{reader.ARTICLE} .sn-glossary-entry > h3").evaluate_all(
        "hs => hs.map(h => h.id)"
    )


def tab_to(page: Page, selector: str, *, what: str) -> None:
    """Press Tab until ``selector`` has the focus, as a keyboard user does."""
    target = page.locator(selector)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached {what}")


def check_filter_by_keyboard(page: Page, site: Site, *, typed: str, topic: str) -> None:
    page.goto(site.url(GLOSSARY), wait_until="domcontentloaded")
    expect(page.locator(FIELD), "the glossary has no filter").to_be_visible()
    expect(page.locator("label[for='sn-glossary-query']")).to_have_text("Find a term")
    total = len(terms(site))
    expect_shown(page, expected_ids(site), total=total, after="opening the page")

    tab_to(page, FIELD, what="the filter's text field")
    page.keyboard.type(typed)
    expect_shown(page, expected_ids(site, typed=typed), total=total, after=f"typing {typed!r}")

    tab_to(page, "input[name='sn-glossary-topic']:checked", what="the topics")
    labels = page.locator(".sn-glossary-topics label").all_inner_texts()
    assert labels[0] == "All topics" and topic in labels, labels
    for _ in range(labels.index(topic)):
        page.keyboard.press("ArrowRight")  # radio buttons: arrows move and choose
    expect(page.locator("input[name='sn-glossary-topic']:checked + label")).to_have_text(topic)
    ids = expected_ids(site, typed=typed, topic=topic)
    expect_shown(page, ids, total=total, after=f"typing {typed!r} and choosing {topic}")

    page.keyboard.press("Shift+Tab")  # back to the field, and empty it
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Backspace")
    expect_shown(page, expected_ids(site, topic=topic), total=total, after=f"only {topic}")
    assert page.locator(f"{reader.ARTICLE} a.headerlink:visible").count(), "entries stay linkable"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_filter_by_text_and_topic_with_the_keyboard(
    new_page: Callable[..., BrowserPage], site: Site, viewport: dict[str, int]
) -> None:
    opened = new_page(viewport=viewport)
    check_filter_by_keyboard(opened.page, site, typed="tain", topic="Kubernetes")
    assert expected_ids(site, typed="tain", topic="Kubernetes"), "the case filters nothing in"
    assert opened.errors == [], opened.errors


def test_the_filter_check_fails_without_the_script(page: Page, site_without: Callable) -> None:
    # The form is the page's; without the script typing filters nothing.
    with pytest.raises(AssertionError, match="after typing 'tain', the count"):
        check_filter_by_keyboard(
            page, site_without("no-glossary-filter"), typed="tain", topic="Kubernetes"
        )


def check_everything_listed_without_javascript(chromium: Browser, site: Site) -> None:
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(site.url(GLOSSARY), wait_until="domcontentloaded")
        expect(page.locator(SHOWN_ENTRIES)).to_have_count(len(terms(site)))
        visible = page.locator(f"{reader.ARTICLE} .sn-glossary-entry > h3:visible")
        expect(visible, "entries a reader without JavaScript sees").to_have_count(len(terms(site)))
        controls = page.locator(f"{reader.ARTICLE} form, {reader.ARTICLE} input")
        expect(controls.filter(visible=True), "a control that does nothing").to_have_count(0)
        # "N more notes" opens without a script.
        more = page.locator("details.sn-glossary-more").first
        more.locator("summary").click()
        expect(more.locator("ul a").first).to_be_visible()
    finally:
        context.close()


def test_without_javascript_every_entry_is_listed(chromium: Browser, site: Site) -> None:
    check_everything_listed_without_javascript(chromium, site)


# Every layout shift of the page, as Chromium reports it (the Layout Instability API, which
# Lighthouse's CLS adds up), recorded from the document's start.
RECORD_SHIFTS = """
window.snShifts = []
new PerformanceObserver((list) => {
  for (const shift of list.getEntries()) if (!shift.hadRecentInput) snShifts.push(shift.value)
}).observe({ type: "layout-shift", buffered: true })
"""
# Two frames painted after the filter shows: the shifts it caused are reported by then.
SHIFTS_AFTER_TWO_FRAMES = """async () => {
  for (let frame = 0; frame < 2; frame++) await new Promise((done) => requestAnimationFrame(done))
  return window.snShifts
}"""


def check_opening_shifts_nothing(page: Page, site: Site) -> None:
    page.add_init_script(RECORD_SHIFTS)
    page.goto(site.url(GLOSSARY), wait_until="domcontentloaded")
    # Bounded wait (the step timeout): a filter that never shows fails here, not hangs.
    expect(page.locator(f"{reader.ARTICLE} form.sn-glossary-filter")).to_be_visible()
    shifts = page.evaluate(SHIFTS_AFTER_TWO_FRAMES)
    assert sum(shifts) < 0.001, f"opening the glossary shifted its layout: {shifts}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_opening_the_glossary_shifts_nothing(
    new_page: Callable[..., BrowserPage], site: Site, viewport: dict[str, int]
) -> None:
    check_opening_shifts_nothing(new_page(viewport=viewport).page, site)


def test_the_shift_check_fails_when_the_filter_shows_late(
    page: Page, site_without: Callable
) -> None:
    with pytest.raises(AssertionError, match="opening the glossary shifted its layout"):
        check_opening_shifts_nothing(page, site_without("late-glossary-filter"))


def test_the_no_javascript_check_fails_when_the_form_shows(
    chromium: Browser, site_without: Callable
) -> None:
    with pytest.raises(AssertionError, match="a control that does nothing"):
        check_everything_listed_without_javascript(
            chromium, site_without("glossary-filter-without-scripting")
        )


def check_markup_terms_filter_as_text(new_page: Callable[..., BrowserPage], site: Site) -> None:
    probe = _probe(new_page, site)
    page = probe.page
    page.goto(site.url(GLOSSARY), wait_until="domcontentloaded")
    probe.after("opening the glossary")
    page.locator(FIELD).fill(hostile_note.PAYLOAD)
    probe.after("filtering the glossary")
    if probe.findings:
        probe.verdict()  # what follows reads the text that the markup would have replaced
    hostile = expected_ids(site, typed=hostile_note.PAYLOAD)
    assert len(hostile) == 2, f"the payload should find the two hostile terms, finds {hostile}"
    expect_shown(page, hostile, total=len(terms(site)), after="typing the payload")
    names = page.locator(SHOWN_ENTRIES).all_text_contents()
    assert any(hostile_note.MARKUP_TERM in name for name in names), names
    expect(page.locator(STATUS)).to_contain_text(hostile_note.PAYLOAD)
    page.locator(FIELD).fill("")
    page.locator(".sn-glossary-topics label", has_text="Kubernetes").click()
    probe.after("choosing a topic")
    assert not set(hostile) & set(shown_ids(page)), "the hostile note is in no topic"
    probe.verdict()


def test_terms_holding_markup_are_filtered_as_text(
    new_page: Callable[..., BrowserPage], site_without: Callable
) -> None:
    check_markup_terms_filter_as_text(new_page, site_without("hostile"))


def test_markup_check_fails_when_the_count_uses_innerhtml(
    new_page: Callable[..., BrowserPage], site_without: Callable
) -> None:
    with pytest.raises(AssertionError, match="filtering the glossary: the payload became markup"):
        check_markup_terms_filter_as_text(new_page, site_without("hostile-innerhtml-glossary"))
