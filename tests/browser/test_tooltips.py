"""No text from a contributor becomes markup in a reader's browser, whatever the reader does.

On a note seeded with markup in every place a theme script reads text from an attribute
(tests/browser/hostile_note.py: a term summary, a link title, an attr_list title, an
abbreviation, a long page title shortened in the nav, header and table of contents), the
reader hovers, tabs to and taps every element with a title or a tooltip. Nothing may run
(``window.__pwned``), no dialog may open, no image from the payload may be inserted and no
request may leave 127.0.0.1 (they are aborted before they leave, and counted); the term's
tooltip shows the payload as text. The same check fails on the variants that put the payload
through innerHTML: our tooltip script changed to use it, and Material's ``content.tooltips``.

Also here: how the glossary tooltip behaves for a reader (keyboard, Escape, touch, a phone's
narrow window, instant navigation) and that it is readable (size, weight, axe-core contrast).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Dialog, Locator, Page, expect

from browser import hostile_note, reader
from browser.built_pages import BuiltPage
from browser.chromium import LOCAL, PHONE, BrowserPage
from browser.reader import settle
from browser.site_server import Site
from browser.test_concepts import note_with_concepts

# Records every payload image a script inserts, even one removed again at once (Material
# drops its tooltip when the pointer leaves), and counts them with the payload's own runs.
WATCH_INSERTIONS = """
window.__inserted = 0
new MutationObserver((records) => {
  for (const record of records)
    for (const node of record.addedNodes) {
      if (node.nodeType !== 1) continue
      const images = node.matches("img") ? [node] : [...node.querySelectorAll("img")]
      for (const image of images) {
        const src = image.getAttribute("src") || ""
        if (src === "x" || src.includes("203.0.113.9")) window.__inserted++
      }
    }
}).observe(document, { childList: true, subtree: true })
"""
HARM = "() => (window.__pwned || 0) + (window.__inserted || 0)"

# Everything a reader can get a tooltip or a title from, in the parts of the page named by
# ``scopes`` (CSS selectors; "" is the whole page); visible ones only, numbered for locators.
PROBE_TARGETS = """(scopes) => {
  const selector = scopes
    .flatMap((s) => [`${s} [title]`, `${s} a.sn-term`, `${s} .md-ellipsis`])
    .join(", ")
  const visible = [...document.querySelectorAll(selector)]
    .filter((el) => el.checkVisibility() && el.getClientRects().length)
  visible.forEach((el, i) => el.setAttribute("data-probe", i))
  return visible.length
}"""
# What is focused after a Tab: [has a title or is a term link, is a term link, how it starts].
FOCUSED = """() => {
  const el = document.activeElement
  return [!!el?.matches("a.sn-term, [title]"), !!el?.matches("a.sn-term"),
          el?.outerHTML.slice(0, 60) ?? ""]
}"""
# On a phone, a tap on the header's buttons opens search or the drawer over the page; the
# page title in the header and everything in the note are what a contributor wrote.
TAPPED = [reader.ARTICLE, ".md-header__topic"]


@dataclass
class Probe:
    """A reader's session on the hostile note, and what went wrong in it."""

    opened: BrowserPage
    site: Site
    findings: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    harm: int = 0

    @property
    def page(self) -> Page:
        return self.opened.page

    def open(self) -> None:
        page = self.page
        page.context.add_init_script(WATCH_INSERTIONS)
        # Never let the payload's outside URL reach the network: abort it, and count it.
        page.context.route(lambda url: not url.startswith(LOCAL), lambda route: route.abort())

        def on_dialog(dialog: Dialog) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        self.goto()
        self.after("loading the page")

    def goto(self) -> None:
        self.page.goto(self.site.url(hostile_note.URL_PATH))
        settle(self.page)

    def after(self, action: str) -> None:
        """Note it if ``action`` made the payload run or become markup."""
        self.page.wait_for_timeout(50)  # a broken image reports its error a moment later
        settle(self.page)
        harm = self.page.evaluate(HARM)
        if harm > self.harm:
            self.findings.append(f"{action}: the payload became markup ({harm - self.harm}x)")
        self.harm = harm

    def targets(self, scopes: list[str] | None = None) -> list[Locator]:
        count = self.page.evaluate(PROBE_TARGETS, scopes or [""])
        assert count, f"nothing with a title or tooltip on {self.page.url}"
        return [self.page.locator(f'[data-probe="{i}"]') for i in range(count)]

    def verdict(self) -> None:
        problems = list(self.findings)
        if self.page.evaluate("window.__pwned") is not None:
            problems.append(
                f"the payload ran: window.__pwned = {self.page.evaluate('window.__pwned')}"
            )
        problems += [f"a dialog opened: {dialog}" for dialog in self.dialogs]
        problems += [f"a request left the machine: {r}" for r in self.opened.foreign_requests]
        assert not problems, "contributor text became live HTML:\n" + "\n".join(problems)


NAME = "el => `<${[el.tagName.toLowerCase(), ...el.classList].slice(0, 2).join('.')}>`"


def _name(target: Locator) -> str:
    """``<a>``, ``<span.md-ellipsis>``: how findings name the element."""
    return target.evaluate(NAME)


def _pointer_over(target: Locator) -> None:
    """Move the mouse onto ``target``'s middle (no actionability wait: a shortened nav entry
    or a title under the sticky header is still hovered where a reader would)."""
    target.evaluate("el => el.scrollIntoView({ block: 'center', inline: 'nearest' })")
    box = target.evaluate(
        "el => { const r = el.getClientRects()[0]; return [r.x, r.y, r.width, r.height] }"
    )
    x, y, width, height = box
    target.page.mouse.move(x + width / 2, y + height / 2)


def expect_shortened_titles(probe: Probe) -> None:
    """The long title is shortened in the nav and the TOC, and Material's ellipsis patch has
    given the shortened entries a title: else case (e) tests nothing."""
    for where in (".md-nav--primary", ".md-nav--secondary"):
        titled = probe.page.locator(f"{where} [title*={hostile_note.LONG_WORD!r}]")
        expect(titled.first, f"no shortened entry with a title in {where}").to_be_attached()
        title = titled.first.get_attribute("title") or ""
        assert "<img src=x" in title, f"the shortened entry's title is not the text: {title!r}"


def check_hover_and_focus(probe: Probe) -> None:
    """Hover every element with a title or tooltip, then Tab through the whole page."""
    page = probe.page
    expect_shortened_titles(probe)
    for target in probe.targets():
        # Away first, long enough for a tooltip to go (Material keeps one up for 250 ms):
        # an open tooltip may cover the next element.
        page.mouse.move(0, 0)
        page.wait_for_timeout(300)
        _pointer_over(target)
        probe.after(f"hovering {_name(target)}")
    page.mouse.move(0, 0)
    page.locator("body").focus()
    term_focused = False
    for _ in range(150):  # more than the page's tab stops: the last ones wrap to the first
        page.keyboard.press("Tab")
        titled, term, html = page.evaluate(FOCUSED)
        if titled:
            probe.after(f"tabbing to {html}")
        if term:
            term_focused = True
            expect_payload_as_text(probe, "tabbing to")
    assert term_focused, "tabbing never reached the term's link"
    _pointer_over(_hostile_term(page))
    expect_payload_as_text(probe, "hovering")


def _hostile_term(page: Page) -> Locator:
    return page.locator(f"{reader.ARTICLE} a.sn-term", has_text=hostile_note.TERM)


def expect_payload_as_text(probe: Probe, action: str) -> None:
    """The term's tooltip on screen shows the summary, payload and all, as text. (Checked
    after the harm: a tooltip holding markup is reported as markup, not as a wrong text.)"""
    probe.after(f"{action} the term")
    probe.verdict()
    link = _hostile_term(probe.page)
    tooltip = reader.expect_term_tooltip(
        probe.page, link, summary=hostile_note.SUMMARY, action=action
    )
    assert tooltip.evaluate("el => el.childElementCount") == 0, "the tooltip holds elements"


def check_taps(probe: Probe) -> None:
    page = probe.page
    expect(page.locator(reader.ARTICLE)).to_be_visible()
    for index in range(len(probe.targets(TAPPED))):
        if not page.url.startswith(probe.site.url(hostile_note.URL_PATH)):
            probe.goto()  # the last tap followed a link away
        target = probe.targets(TAPPED)[index]  # numbered afresh: a tap may re-render
        href = target.get_attribute("href") or ""
        if href.startswith(("http:", "https:")) and not href.startswith(LOCAL):
            continue  # edit/view on GitHub: leaves the site, as any link to elsewhere does
        name = _name(target)
        target.evaluate("el => el.scrollIntoView({ block: 'center' })")
        target.tap(force=True)
        page.wait_for_load_state("networkidle")  # a followed link is swapped in by then
        probe.after(f"tapping {name}")
    if not page.url.startswith(probe.site.url(hostile_note.URL_PATH)):
        probe.goto()
    # The first tap on the term shows its definition as text, without following the link.
    link = _hostile_term(page)
    link.scroll_into_view_if_needed()
    before = page.url
    link.tap()
    expect_payload_as_text(probe, "tapping")
    assert page.url == before, "the first tap on a term followed the link"


def _probe(new_page: Callable[..., BrowserPage], site: Site, **options) -> Probe:
    probe = Probe(new_page(**options), site)
    probe.open()
    return probe


def check_hostile_note(new_page: Callable[..., BrowserPage], site: Site) -> None:
    desktop = _probe(new_page, site)
    check_hover_and_focus(desktop)
    desktop.verdict()
    phone = _probe(new_page, site, viewport=PHONE, touch=True)
    check_taps(phone)
    phone.verdict()
    glossary = _probe(new_page, site)
    # The summary is listed there too. The longest page: "load" can outlast the timeout on a
    # busy machine, and the scripts run on DOMContentLoaded anyway.
    glossary.page.goto(site.url("glossary/"), wait_until="domcontentloaded")
    glossary.after("opening the glossary")
    glossary.verdict()


def test_contributor_text_never_becomes_markup(new_page: Callable, site_without: Callable) -> None:
    check_hostile_note(new_page, site_without("hostile"))


def test_check_fails_when_our_tooltip_uses_innerhtml(
    new_page: Callable, site_without: Callable
) -> None:
    with pytest.raises(AssertionError, match="loading the page: the payload became markup"):
        check_hostile_note(new_page, site_without("hostile-innerhtml-tooltips"))


def test_check_fails_with_materials_tooltips_on_every_kind_of_title(
    new_page: Callable, site_without: Callable
) -> None:
    """The attack as it was found: with content.tooltips on, hovering each kind of title runs
    the payload, so each case of the hostile note is one the check really exercises."""
    probe = _probe(new_page, site_without("hostile-material-tooltips"))
    with pytest.raises(AssertionError, match="became markup"):
        check_hover_and_focus(probe)
    report = "\n".join(probe.findings)
    for kind in ("<a>", "<p>", "<abbr>", "<span.md-ellipsis>"):
        assert f"hovering {kind}: the payload became markup" in report, f"{kind}:\n{report}"


# --- how the glossary tooltip behaves for a reader (the real site) ---------------------------


def _first_term(page: Page) -> Locator:
    link = page.locator(f"{reader.ARTICLE} a.sn-term").first
    expect(link, "the page has no concept link").to_be_visible()
    return link


def check_keyboard(page: Page, site: Site, note: BuiltPage) -> None:
    page.goto(site.url(note.path))
    link = _first_term(page)
    link.evaluate("el => el.scrollIntoView({ block: 'center' })")
    link.focus()  # the link before it, then Tab: focus that is :focus-visible, as a keyboard's
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    summary = note.term_links[0].summary
    reader.expect_term_tooltip(page, link, summary=summary, action="tabbing to")
    page.keyboard.press("Escape")
    expect(page.locator(reader.SHOWN_TERM_TOOLTIP), "Escape leaves the tooltip").to_have_count(0)


def test_keyboard_focus_shows_and_escape_hides(page: Page, site: Site) -> None:
    check_keyboard(page, site, note_with_concepts(site))


def test_keyboard_check_fails_without_the_script(page: Page, site: Site, site_without) -> None:
    with pytest.raises(AssertionError, match="shows no tooltip"):
        check_keyboard(page, site_without("no-tooltips"), note_with_concepts(site))


def test_phone_tap_shows_then_follows_and_stays_on_screen(new_page: Callable, site: Site) -> None:
    note = note_with_concepts(site)
    page = new_page(viewport=PHONE, touch=True).page
    page.goto(site.url(note.path))
    links = page.locator(f"{reader.ARTICLE} a.sn-term")
    # The link nearest the right edge: the tooltip must be pulled back into the window.
    rights = links.evaluate_all("ls => ls.map(l => l.getBoundingClientRect().right)")
    index = rights.index(max(rights))
    link = links.nth(index)
    link.scroll_into_view_if_needed()
    link.tap()
    summary = note.term_links[index].summary
    tooltip = reader.expect_term_tooltip(page, link, summary=summary, action="tapping")
    box = tooltip.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    page.locator(f"{reader.ARTICLE} h1").first.tap()  # elsewhere: the tooltip goes
    expect(page.locator(reader.SHOWN_TERM_TOOLTIP)).to_have_count(0)
    href = link.evaluate("l => l.href")
    link.tap()
    page.wait_for_timeout(300)  # a reader's pause (see reader.click_like_a_reader)
    link.tap()  # the second tap follows
    reader.expect_landed_on(page, href=href)


def test_tooltip_reads_like_body_text_in_both_schemes(new_page: Callable, site: Site) -> None:
    note = note_with_concepts(site)
    for scheme in ("light", "dark"):
        page = new_page(color_scheme=scheme).page
        page.goto(site.url(note.path))
        reader.hover_term(page, index=0, summary=note.term_links[0].summary)
        tooltip = page.locator(reader.SHOWN_TERM_TOOLTIP)
        size, weight = tooltip.evaluate(
            "el => [parseFloat(getComputedStyle(el).fontSize), +getComputedStyle(el).fontWeight]"
        )
        body = page.locator(f"{reader.ARTICLE} p").first.evaluate(
            "el => parseFloat(getComputedStyle(el).fontSize)"
        )
        assert size >= body and weight < 600, f"{scheme}: {size}px weight {weight} (body {body}px)"
        violations = Axe().run(page, context=reader.SHOWN_TERM_TOOLTIP).response["violations"]
        blocking = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
        assert blocking == [], f"{scheme}: axe-core on the open tooltip: {blocking}"
