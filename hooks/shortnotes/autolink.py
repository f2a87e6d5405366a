"""Python-Markdown extension: link the first mention of each glossary term on a page.

Modelled on the ``abbr`` extension's tree processor: it works on the parsed
element tree, never on HTML text, and one Aho-Corasick automaton
(``shortnotes.matcher``) finds every term in one scan of the page's text.
Registered at priority 3, i.e. after ``toc`` (5: headings have their ids) and
pymdownx ``tab_slugs`` (4), before MkDocs' relative-path processor (0), which
then rewrites the emitted ``page.md#anchor`` hrefs and validates them.

For the page being rendered (``start_page``) it

- links the first mention of each term: ``<a class="sn-term" href="page.md#anchor"
  data-term-summary="summary">``; ElementTree escapes the attribute and the text, so a
  ``"``, ``<`` or ``&`` in a term or summary renders inert. Not ``title``: theme scripts
  may turn a title into markup (overrides/assets/javascripts/short-notes-tooltips.js);
- never links inside code, pre, samp, var, headings, links, abbr, kbd, admonition titles,
  details summaries, tab labels, elements with class ``no-autolink`` (and their
  subtree), ``AtomicString`` text, attributes, nor in the section that defines the
  term (from its heading to the next heading of the same or a higher level); the
  same tags written as raw inline HTML, and math, are masked by ``shortnotes.unlinkable``;
- gives a hand-written link to a term's defining section (same page and anchor as that
  term's automatic link) the same look and tooltip: class ``sn-term`` and
  ``data-term-summary`` are added, so readers meet one kind of concept link wherever it
  comes from. Only where an automatic link could stand (not in headings, admonition
  titles...), and only on pages that autolink; when several terms share the section, the
  one the link text names, else the first defined. Not inside the term's own defining
  section. Such a link is recorded as a mention, and as the page's link to the term when
  the page has no automatic one (an automatic link is still added to a first mention);
- records, for the build: each heading, each (term, section) mention, the section
  of each link, and every hand-written href (for backlinks). An inline code span
  that spells a term as a whole (`` `WATCH` ``, `` `redis-cli` ``) counts as a
  mention, though it is never linked: commands are often only written as code.

``start_page(enabled=False)`` (front matter ``autolink: false``) records headings
and hrefs but neither links nor mentions. Nothing here imports MkDocs.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import unquote

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, AtomicString
from selectolax.lexbor import LexborHTMLParser

from shortnotes.matcher import Name, TermMatcher
from shortnotes.mdlinks import md_href, resolve_md_link
from shortnotes.terms import SUMMARY_ATTRIBUTE, Term
from shortnotes.unlinkable import UnlinkableText

PRIORITY = 3
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
SKIPPED_TAGS = HEADINGS | {
    "a",
    "abbr",
    "button",
    "code",
    "kbd",
    "label",
    "math",
    "pre",
    "samp",  # a program's output, like code
    "script",
    "style",
    "summary",
    "svg",
    "textarea",
    "var",
}
SKIPPED_CLASSES = frozenset(
    {"no-autolink", "admonition-title", "tabbed-labels", "headerlink", "twemoji", "keys"}
)
TERM_CLASS = "sn-term"
# SUMMARY_ATTRIBUTE (shortnotes.terms): read by short-notes-tooltips.js, as text only


class Section(NamedTuple):
    """A heading of the page: the part of the page up to the next heading."""

    id: str
    title: str
    level: int


BEFORE_FIRST_HEADING = Section("", "", 0)


@dataclass
class PageRecord:
    """What rendering one page taught us."""

    src_uri: str
    headings: list[Section] = field(default_factory=list)
    # term id -> ids of the sections mentioning it, in page order
    mentions: dict[str, dict[str, None]] = field(default_factory=dict)
    linked: dict[str, str] = field(default_factory=dict)  # term id -> section id of its link
    hrefs: list[str] = field(default_factory=list)  # hand-written link targets, as written
    # The page's own Markdown or HTML sets the tooltip attribute (see hand_written_summary)
    summary_by_hand: bool = False
    _by_id: dict[str, Section] = field(default_factory=dict, repr=False)

    @property
    def heading_ids(self) -> list[str]:
        return [heading.id for heading in self.headings if heading.id]

    def section(self, section_id: str) -> Section:
        if len(self._by_id) != len(self.headings):
            self._by_id = {heading.id: heading for heading in reversed(self.headings)}
        return self._by_id.get(section_id, BEFORE_FIRST_HEADING)


class AutolinkExtension(Extension):
    """Holds the site's terms and the page being rendered; one instance per build."""

    def __init__(self, terms: Sequence[Term] = ()) -> None:
        super().__init__()
        self._page: PageRecord | None = None
        self._enabled = True
        self._definitions: dict[str, list[Term]] = {}
        self.set_terms(terms)

    def set_terms(self, terms: Iterable[Term]) -> None:
        terms = list(terms)
        self._anchors_by_page: dict[str, dict[str, list[Term]]] = {}
        for term in terms:
            by_anchor = self._anchors_by_page.setdefault(term.page, {})
            by_anchor.setdefault(term.anchor, []).append(term)
        names = (Name(name, term.is_exact(name), term) for term in terms for name in term.names)
        self.matcher: TermMatcher[Term] = TermMatcher(names)

    def start_page(self, src_uri: str, *, enabled: bool = True) -> None:
        """The next conversion renders ``src_uri``; its record is reset."""
        self._page = PageRecord(src_uri)
        self._enabled = enabled
        self._definitions = self._anchors_by_page.get(src_uri, {})

    def finish_page(self) -> PageRecord | None:
        """The record of the page just rendered (None if no page was started)."""
        record, self._page = self._page, None
        return record

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(AutolinkTreeprocessor(md, self), "shortnotes_autolink", PRIORITY)

    def _run(self, root: etree.Element, md: Markdown) -> None:
        if self._page is None:
            return  # rendering outside a page (nothing to link to or record)
        titles = _toc_titles(getattr(md, "toc_tokens", []))
        record = self._page
        record.summary_by_hand = record.summary_by_hand or hand_written_summary(
            root, md.htmlStash.rawHtmlBlocks
        )
        self._page.hrefs.extend(a.get("href", "") for a in root.iter("a"))
        _PageLinker(
            record=self._page,
            matcher=self.matcher if self._enabled else None,
            definitions=self._definitions,
            concepts=self._anchors_by_page,
            titles=titles,
            stash=md.htmlStash.rawHtmlBlocks,
        ).run(root)


class AutolinkTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: AutolinkExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        self.extension._run(root, self.md)


def hand_written_summary(root: etree.Element, stash: Sequence[object]) -> bool:
    """Whether the page's Markdown (an attribute list, ``md_in_html``) or raw HTML sets
    ``data-term-summary`` before the linker has: the site's tooltip shows that text as the
    glossary's definition, so only the glossary may write it. Raw HTML is parsed only when
    it holds the name (a code span's text is stashed too, and may spell it as an example)."""
    # An attribute list keeps a name as written; the browser reads DATA-TERM-SUMMARY too.
    if any(key.lower() == SUMMARY_ATTRIBUTE for element in root.iter() for key in element.attrib):
        return True
    return any(
        isinstance(block, str)
        and SUMMARY_ATTRIBUTE in block.lower()
        and LexborHTMLParser(block).css_first(f"[{SUMMARY_ATTRIBUTE}]") is not None
        for block in stash
    )


def _toc_titles(tokens: list[dict]) -> dict[str, str]:
    """Heading id -> plain-text title, from the ``toc`` extension's tokens."""
    titles: dict[str, str] = {}
    stack = list(tokens)
    while stack:
        token = stack.pop()
        titles[token["id"]] = html.unescape(token.get("name", ""))
        stack.extend(token.get("children", []))
    return titles


class _Slot(NamedTuple):
    """A run of text the linker may change: ``parent.text``, or ``child.tail``."""

    parent: etree.Element
    child: etree.Element | None  # None: the parent's own text
    section_id: str
    not_here: frozenset[str]  # terms whose defining section this is
    text: str
    scan: str  # ``text`` with raw-HTML skipped contexts and math masked (same offsets)


class _PageLinker:
    """Links one page: a walk collects the text runs, ONE scan matches them all.

    Joining the runs with NUL (neither a word character nor whitespace, so no match
    spans two runs) lets the Aho-Corasick automaton scan the page once, in C,
    instead of once per text node; Python then only works per match.
    """

    def __init__(
        self,
        *,
        record: PageRecord,
        matcher: TermMatcher[Term] | None,
        definitions: dict[str, list[Term]],
        titles: dict[str, str],
        stash: Sequence[object] = (),
        concepts: dict[str, dict[str, list[Term]]] | None = None,
    ) -> None:
        self.stash = stash  # Python-Markdown keeps code span text here, behind a placeholder
        # Raw inline HTML (``<a href>``, ``<code>``, ``<kbd>``...) and math within text runs.
        self.unlinkable = UnlinkableText(
            stash, skipped_tags=SKIPPED_TAGS, skipped_classes=SKIPPED_CLASSES
        )
        self.record = record
        self.matcher = matcher
        self.definitions = definitions
        self.concepts = concepts or {}  # page -> anchor -> the terms that section defines
        self.titles = titles
        self.section = BEFORE_FIRST_HEADING
        self.defining: list[tuple[int, frozenset[str]]] = []  # (heading level, term ids)
        self.not_here: frozenset[str] = frozenset()
        self.slots: list[_Slot] = []
        self.code_spans: list[tuple[str, frozenset[str], str]] = []  # (section, not_here, text)
        self.written: dict[str, str] = {}  # term id -> section of the first hand-written link

    def run(self, root: etree.Element) -> None:
        self._collect(root)
        if self.matcher is None:
            return
        record = self.record
        for section_id, not_here, text in self.code_spans:
            name = self.matcher.lookup(self._unstash(text))
            if name is not None and name.payload.id not in not_here:
                record.mentions.setdefault(name.payload.id, {})[section_id] = None
        self._link_first_mentions()
        # A hand-written concept link is the page's link to its term when no autolink is.
        for term_id, section_id in self.written.items():
            record.mentions.setdefault(term_id, {})[section_id] = None
            record.linked.setdefault(term_id, section_id)

    def _link_first_mentions(self) -> None:
        record = self.record
        if not self.slots:
            return
        starts = []
        position = 0
        for slot in self.slots:
            starts.append(position)
            position += len(slot.text) + 1
        joined = "\x00".join(slot.scan for slot in self.slots)
        links: dict[int, list[tuple[int, int, Term]]] = {}
        for match in self.matcher.find(joined):
            index = bisect_right(starts, match.start) - 1
            slot = self.slots[index]
            term = match.name.payload
            if term.id in slot.not_here:
                continue
            record.mentions.setdefault(term.id, {})[slot.section_id] = None
            if term.id in record.linked:
                continue
            record.linked[term.id] = slot.section_id
            offset = starts[index]
            links.setdefault(index, []).append((match.start - offset, match.end - offset, term))
        for index, found in links.items():
            self._insert_links(self.slots[index], found)

    def _unstash(self, text: str) -> str:
        """A code span's text: its stashed, HTML-escaped source when ``text`` is a placeholder."""
        placeholder = HTML_PLACEHOLDER_RE.fullmatch(text)
        if placeholder is None:
            return text
        index = int(placeholder.group(1))
        stashed = self.stash[index] if index < len(self.stash) else ""
        return html.unescape(stashed) if isinstance(stashed, str) else ""

    def _collect(self, element: etree.Element) -> None:
        """Headings and linkable text runs, in document order; skipped contexts left out."""
        tag = element.tag
        if not isinstance(tag, str) or tag in SKIPPED_TAGS:  # comments have no str tag
            if tag == "a" and self.matcher is not None:
                self._give_concept_look(element)
            elif tag in HEADINGS:
                self._enter_heading(element, int(tag[1]))
            elif tag == "code" and element.text and len(element) == 0:
                # Inline code only: `pre` stops the walk before its `code` is reached.
                self.code_spans.append((self.section.id, self.not_here, element.text))
            return
        if _has_skipped_class(element):
            return
        slots = self.slots
        unlinkable = self.unlinkable
        raw_html_mark = len(unlinkable.open)
        text = element.text
        # Whitespace-only runs (the line breaks between blocks) cannot hold a term. Only a
        # run with a placeholder or a $, or inside a raw skipped tag, needs masking.
        if text and not text.isspace() and not isinstance(text, AtomicString):
            masking = unlinkable.skipping or "\x02" in text or "$" in text
            scan = unlinkable.mask(text) if masking else text
            if scan is not None:
                slots.append(_Slot(element, None, self.section.id, self.not_here, text, scan))
        for child in element:
            self._collect(child)
            tail = child.tail
            if tail and not tail.isspace() and not isinstance(tail, AtomicString):
                masking = unlinkable.skipping or "\x02" in tail or "$" in tail
                scan = unlinkable.mask(tail) if masking else tail
                if scan is not None:
                    slots.append(_Slot(element, child, self.section.id, self.not_here, tail, scan))
        if len(unlinkable.open) > raw_html_mark:
            unlinkable.reset(raw_html_mark)  # raw tags left open end with their element

    def _give_concept_look(self, link: etree.Element) -> None:
        """A hand-written link to a term's defining section looks and acts like its autolink."""
        href = link.get("href") or ""
        path, _, anchor = href.partition("#")
        if not anchor:
            return
        page = self.record.src_uri
        target = resolve_md_link(page, href, self.concepts) if path else page
        terms = self.concepts.get(target or "", {}).get(unquote(anchor))
        if not terms or not self.not_here.isdisjoint(term.id for term in terms):
            return  # no concept, or inside its own defining section (no autolink there either)
        term = terms[0]
        if len(terms) > 1:  # a shared section: the term the link text names, if one does
            named = self.matcher.lookup(self._unstash("".join(link.itertext())).strip())
            if named is not None and named.payload in terms:
                term = named.payload
        classes = link.get("class")
        link.set("class", f"{classes} {TERM_CLASS}" if classes else TERM_CLASS)
        link.set(SUMMARY_ATTRIBUTE, term.summary)
        self.written.setdefault(term.id, self.section.id)

    def _enter_heading(self, heading: etree.Element, level: int) -> None:
        heading_id = heading.get("id", "")
        title = self.titles.get(heading_id) or _plain_text(heading)
        self.section = Section(heading_id, title, level)
        self.record.headings.append(self.section)
        # A term's defining section runs until the next heading of its level or higher.
        defining = self.defining
        if not defining and heading_id not in self.definitions:
            return  # the common case: no defining section open or opening
        while defining and defining[-1][0] >= level:
            defining.pop()
        defined_here = self.definitions.get(heading_id)
        if defined_here:
            defining.append((level, frozenset(term.id for term in defined_here)))
        self.not_here = frozenset().union(*(ids for _, ids in defining))

    def _insert_links(self, slot: _Slot, found: list[tuple[int, int, Term]]) -> None:
        """Split the slot's text around its links and put the ``<a>`` elements in place."""
        text = slot.text
        links = []
        for position, (start, end, term) in enumerate(found):
            link = etree.Element(
                "a",
                {
                    "href": md_href(self.record.src_uri, term.page, term.anchor),
                    SUMMARY_ATTRIBUTE: term.summary,
                    "class": TERM_CLASS,
                },
            )
            link.text = AtomicString(text[start:end])
            following = found[position + 1][0] if position + 1 < len(found) else len(text)
            link.tail = text[end:following]
            links.append(link)
        head = text[: found[0][0]]
        if slot.child is None:
            slot.parent.text = head
            at = 0
        else:
            slot.child.tail = head
            at = list(slot.parent).index(slot.child) + 1
        for offset, link in enumerate(links):
            slot.parent.insert(at + offset, link)


def _has_skipped_class(element: etree.Element) -> bool:
    classes = element.get("class")
    return bool(classes) and not SKIPPED_CLASSES.isdisjoint(classes.split())


def _plain_text(element: etree.Element) -> str:
    parts = []
    for node in element.iter():
        if _has_skipped_class(node):  # the toc permalink
            continue
        parts.append(node.text or "")
        if node is not element:
            parts.append(node.tail or "")
    return " ".join("".join(parts).split())
