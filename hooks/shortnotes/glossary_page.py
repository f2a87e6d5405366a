"""The glossary page, generated from the terms' front matter.

Two steps, because the "Mentioned in" lists need every page rendered first:

1. ``render_markdown`` (before the page renders) writes, in place of the
   ``<!-- shortnotes:glossary -->`` marker, a letter index, one ``## A`` heading per
   letter and one entry per term, wrapped in ``<div class="sn-glossary-entry
   sn-topic-<topic>">``: a ``<h3 id="<term id>">`` (its own search result), the summary,
   the aliases (so searching an alias finds the entry), the topic and a link to the
   section that explains it (the term's anchor is checked to be a heading there), then
   an invisible ``<!-- shortnotes:mentions <id> -->`` marker.
   The topic is the top-level navigation section of the defining note (Kubernetes,
   Python, Redis): the filter script (overrides/assets/javascripts/short-notes-glossary.js)
   reads it from the class; without JavaScript every entry shows. Before the letter index
   goes a ``FILTER_MARKER``, where ``filter_form`` is put once the page is checked: the form
   is in the page from the first paint (inserting it later shifted the whole list down) and
   hidden where scripting is off, as it would do nothing.
2. ``fill_mentions`` (in ``on_env``) replaces each mentions marker with the
   backlinks grouped by note: the first ``MENTIONS_SHOWN`` notes in a line, the others
   in a ``<details>`` (no script needed), never the note that explains the term. HTML
   excluded from the search index.

All text from front matter is escaped, so Markdown or HTML in a term or summary
renders inert. Nothing here imports MkDocs.
"""

from __future__ import annotations

import html
import re
import string
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from shortnotes.glossary_data import Mention
from shortnotes.terms import Term, term_id

PAGE_MARKER = "<!-- shortnotes:glossary -->"
# Where the filter form goes: filled in after the HTML policy checked the page (the form is
# the site's own markup, not a note's; the policy allows no form in a note).
FILTER_MARKER = "<!-- shortnotes:glossary-filter -->"
_MENTIONS_MARKER = re.compile(r"<!-- shortnotes:mentions (?P<id>[^ ]*) -->")
SECTION_SEPARATOR = "\u203a"  # single right-pointing angle quote: "Page > Section"
MENTIONS_SHOWN = 3  # notes listed in the entry itself; the others are behind "N more notes"
MENTIONS_LIMIT = 60  # notes listed at all (glossary.json lists them all); past it, a search link
SECTIONS_LIMIT = 2  # sections listed per note
SYMBOLS = "#"  # the letter group of terms that do not start with a letter
LETTERS = (*string.ascii_uppercase, SYMBOLS)

DEFAULT_PAGE = f"""---
title: Glossary
description: Every concept the notes explain, where it is explained and where it is used.
autolink: false
---

# Glossary

Every concept the notes explain, with a one-line definition, a link to the section that
explains it and the notes that use it.

{PAGE_MARKER}
"""


def topic_key(topic: str) -> str:
    """The class-safe key of a topic (``Kubernetes`` -> ``kubernetes``)."""
    return term_id(topic)


def letter_id(letter: str) -> str:
    return "glossary-symbols" if letter == SYMBOLS else f"glossary-{letter.lower()}"


# Ids the page itself uses: its title (``# Glossary``) and its letter headings.
RESERVED_IDS = ("glossary", *(letter_id(letter) for letter in LETTERS))


def letter_of(term: str) -> str:
    """The index letter: ``É`` files under E, ``3-way`` under #."""
    first = unicodedata.normalize("NFKD", term.strip()[:1])[:1].upper()
    return first if first in string.ascii_uppercase else SYMBOLS


def sort_key(term: Term) -> tuple[str, str, str]:
    return (letter_of(term.term), term.term.casefold(), term.term)


def render_markdown(
    terms: Sequence[Term],
    *,
    page_titles: Mapping[str, str],
    href: Callable[[Term], str],
    topics: Mapping[str, str] | None = None,
) -> str:
    """What replaces ``PAGE_MARKER`` on the glossary page.

    Letters are Markdown headings (the page's table of contents); each letter's
    entries are one raw HTML block, which Python-Markdown passes through untouched,
    so a 500-term glossary costs milliseconds, not a second, to render.
    ``href(term)`` is the link from the glossary page to the term's section; ``topics``
    maps a page's ``src_uri`` to its topic (a page without one gets no topic).
    """
    topics = topics or {}
    by_letter: dict[str, list[Term]] = {}
    for term in sorted(terms, key=sort_key):
        by_letter.setdefault(letter_of(term.term), []).append(term)
    index = []
    for letter in LETTERS:
        if letter in by_letter:
            index.append(f'<a href="#{letter_id(letter)}">{html.escape(letter)}</a>')
        elif letter != SYMBOLS:
            index.append(f'<span class="sn-letter-empty">{letter}</span>')
    blocks = [FILTER_MARKER, f'<p class="sn-letter-index">{" ".join(index)}</p>']
    for letter in LETTERS:
        if letter not in by_letter:
            continue
        blocks.append(f"## {html.escape(letter)} {{ #{letter_id(letter)} }}")
        entries = "\n".join(
            _entry(term, page_titles=page_titles, href=href(term), topic=topics.get(term.page))
            for term in by_letter[letter]
        )
        blocks.append(f'<div class="sn-glossary-letter">\n{entries}\n</div>')
    return "\n\n".join(blocks) + "\n"


ALL_TOPICS = "All topics"
FILTER_HINT = "Part of its name, another name for it or a word of its definition."


def count_text(total: int) -> str:
    """The live region's first words (the script words the later counts the same way)."""
    return f"All {total} terms shown."


def filter_form(terms: Sequence[Term], topics: Mapping[str, str] | None = None) -> str:
    """The filter's controls: a labelled search field, one radio button per topic of
    ``terms`` (``topics``: page -> topic, as for ``render_markdown``) after "All topics",
    and the live region that counts the entries shown. Real form controls, so Tab, the
    arrow keys and screen readers work as everywhere else; the script only listens."""
    topics = topics or {}
    names = sorted({topics[t.page] for t in terms if t.page in topics}, key=str.casefold)
    choices = [("", ALL_TOPICS), *((topic_key(name), name) for name in names)]
    radios = "".join(
        '<span class="sn-glossary-choice">'
        f'<input type="radio" name="sn-glossary-topic" id="sn-glossary-topic-{position}" '
        f'value="{html.escape(key)}"{" checked" if position == 0 else ""}>'
        f'<label for="sn-glossary-topic-{position}">{html.escape(label)}</label></span>'
        for position, (key, label) in enumerate(choices)
    )
    return (
        '<form class="sn-glossary-filter" aria-label="Filter the glossary">'
        '<p class="sn-glossary-query"><label for="sn-glossary-query">Find a term</label>'
        '<input type="search" id="sn-glossary-query" name="q" autocomplete="off" '
        'spellcheck="false" aria-describedby="sn-glossary-hint sn-glossary-count">'
        f'<span id="sn-glossary-hint" class="sn-glossary-hint">{FILTER_HINT}</span></p>'
        f'<fieldset class="sn-glossary-topics"><legend>Topic</legend>{radios}</fieldset>'
        '<p id="sn-glossary-count" class="sn-glossary-count" role="status" aria-live="polite" '
        f'aria-atomic="true">{count_text(len(terms))}</p></form>'
    )


def fill_filter(output: str, form: str) -> str:
    """The page's HTML with its first ``FILTER_MARKER`` replaced by ``form``."""
    return output.replace(FILTER_MARKER, form, 1)


def _entry(term: Term, *, page_titles: Mapping[str, str], href: str, topic: str | None) -> str:
    """One entry as HTML; every text from front matter is escaped."""
    classes = "sn-glossary-entry" + (f" sn-topic-{topic_key(topic)}" if topic else "")
    parts = [
        f'<div class="{html.escape(classes)}">',
        f'<h3 class="sn-glossary-term" id="{html.escape(term.id)}">{html.escape(term.term)}'
        # A name, not a title: a title gets a tooltip component on every one of 60+ entries.
        f'<a class="headerlink" href="#{html.escape(term.id)}" '
        'aria-label="Link to this entry">&para;</a></h3>',
        f'<p class="sn-glossary-summary">{html.escape(term.summary)}</p>',
    ]
    if term.aliases:
        names = ", ".join(html.escape(alias) for alias in term.aliases)
        parts.append(f'<p class="sn-glossary-aliases">Also: {names}</p>')
    title = html.escape(page_titles.get(term.page, term.page))
    label = f'<span class="sn-glossary-topic">{html.escape(topic)}</span> · ' if topic else ""
    parts.append(
        f'<p class="sn-glossary-defined">{label}'
        f'Explained in <a href="{html.escape(href)}">{title}</a></p>'
    )
    parts.append(f"<!-- shortnotes:mentions {term.id} -->")
    parts.append("</div>")
    return "\n".join(parts)


@dataclass(frozen=True)
class Link:
    title: str
    href: str


@dataclass(frozen=True)
class PageMentions:
    """The sections of one page that mention a term (the page link covers its intro)."""

    page: Link
    sections: tuple[Link, ...]


def mentions_html(mentions: Sequence[PageMentions], *, more: int = 0, more_href: str = "") -> str:
    """``Mentioned in Page > Section, Section · Page`` as HTML, kept out of search.

    One item per note; the first ``MENTIONS_SHOWN`` in the entry, the others in a closed
    ``<details>`` (a native disclosure: keyboard and screen readers know it, no script).
    Callers list at most ``MENTIONS_LIMIT`` notes and count the others in ``more``, which
    then needs ``more_href`` (a search for the term: every "more" is a link): a concept used
    on hundreds of pages would otherwise make the glossary page megabytes long.
    """
    if more and not more_href:
        raise ValueError("`more` notes need `more_href`: the reader must be able to reach them")
    if not mentions:
        body = "not used in other notes yet"
    else:
        items = [f"<li>{_page_item(entry)}</li>" for entry in mentions]
        shown, folded = items[:MENTIONS_SHOWN], items[MENTIONS_SHOWN:]
        body = "<ul>" + "".join(shown) + "</ul>"
        if more:
            folded.append(
                f'<li class="sn-more"><a href="{html.escape(more_href)}">'
                f"search for the other {more}</a></li>"
            )
        if folded:
            count = len(folded) - (1 if more else 0) + more
            body += (
                f'<details class="sn-glossary-more"><summary>{count} more '
                f"{'note' if count == 1 else 'notes'}</summary><ul>{''.join(folded)}</ul></details>"
            )
    return (
        '<div class="sn-glossary-mentions" data-search-exclude="mentions">'
        f'<span class="sn-label">Mentioned in</span> {body}</div>'
    )


def _page_item(entry: PageMentions) -> str:
    item = _link_html(entry.page)
    if entry.sections:
        item += f" {SECTION_SEPARATOR} " + ", ".join(
            _link_html(section) for section in entry.sections
        )
    return item


def _link_html(link: Link) -> str:
    return f'<a href="{html.escape(link.href)}">{html.escape(link.title)}</a>'


def mentions_blocks(
    terms: Sequence[Term],
    mentions: Mapping[str, Sequence[Mention]],
    *,
    intro: Mapping[str, frozenset[str]],
    titles: Mapping[str, str],
    href: Callable[[str], str],
) -> dict[str, str]:
    """Term id -> its "Mentioned in" HTML; ``href(url)`` links the glossary page to a
    site-relative url; ``intro`` names each page's intro sections (its page link covers them).

    The note that explains a term is not listed: its other sections using the term are
    part of the explanation the entry already links (glossary.json keeps them).
    """
    blocks = {}
    for term in terms:
        grouped: dict[str, list[Mention]] = {}
        for mention in mentions.get(term.id, ()):
            if mention["page"] != term.page:
                grouped.setdefault(mention["page"], []).append(mention)
        shown = list(grouped.items())[:MENTIONS_LIMIT]
        entries = []
        for src, group in shown:
            sections = [m for m in group if m["section"] not in intro.get(src, ("",))]
            entries.append(
                PageMentions(
                    page=Link(titles[src], href(group[0]["url"].partition("#")[0])),
                    sections=tuple(
                        Link(m["section_title"], href(m["url"])) for m in sections[:SECTIONS_LIMIT]
                    ),
                )
            )
        blocks[term.id] = mentions_html(
            entries, more=len(grouped) - len(shown), more_href=search_href(term)
        )
    return blocks


def search_href(term: Term) -> str:
    """This page with the site search open on ``term`` (Material reads ``?q=``)."""
    return "?" + urlencode({"q": term.term}, quote_via=quote)


def fill_mentions(content: str, rendered: Mapping[str, str]) -> str:
    """Replace every mentions marker; an unknown term id is a bug, so it raises."""

    def replace(marker: re.Match[str]) -> str:
        term_id = marker.group("id")
        if term_id not in rendered:
            raise KeyError(f"glossary page has a mentions marker for unknown term `{term_id}`")
        return rendered[term_id]

    return _MENTIONS_MARKER.sub(replace, content)
