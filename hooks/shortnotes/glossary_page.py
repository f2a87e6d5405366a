"""The glossary page, generated from the terms' front matter.

Two steps, because the "Mentioned in" lists need every page rendered first:

1. ``render_markdown`` (before the page renders) writes, in place of the
   ``<!-- shortnotes:glossary -->`` marker, a letter index, one ``## A`` heading per
   letter and one entry per term: a ``<h3 id="<term id>">`` (its own search result),
   the summary, the aliases (so searching an alias finds the entry), a link to the
   section that explains it (the term's anchor is checked to be a heading there),
   then an invisible ``<!-- shortnotes:mentions <id> -->`` marker.
2. ``fill_mentions`` (in ``on_env``) replaces each mentions marker with the
   section-level backlinks, as HTML excluded from the search index.

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

from shortnotes.glossary_data import Mention
from shortnotes.terms import Term

PAGE_MARKER = "<!-- shortnotes:glossary -->"
_MENTIONS_MARKER = re.compile(r"<!-- shortnotes:mentions (?P<id>[^ ]*) -->")
SECTION_SEPARATOR = "\u203a"  # single right-pointing angle quote: "Page > Section"
MENTIONS_LIMIT = 6  # pages listed under "Mentioned in" (glossary.json lists them all)
SECTIONS_LIMIT = 2  # sections listed per page
SYMBOLS = "#"  # the letter group of terms that do not start with a letter
LETTERS = (*string.ascii_uppercase, SYMBOLS)

DEFAULT_PAGE = f"""---
title: Glossary
description: Every concept the notes explain, where it is explained and where it is used.
autolink: false
---

# Glossary

Every concept the notes explain, with a one-line definition, a link to the section that
explains it and the sections that use it.

{PAGE_MARKER}
"""


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
    terms: Sequence[Term], *, page_titles: Mapping[str, str], href: Callable[[Term], str]
) -> str:
    """What replaces ``PAGE_MARKER`` on the glossary page.

    Letters are Markdown headings (the page's table of contents); each letter's
    entries are one raw HTML block, which Python-Markdown passes through untouched,
    so a 500-term glossary costs milliseconds, not a second, to render.
    ``href(term)`` is the link from the glossary page to the term's section.
    """
    by_letter: dict[str, list[Term]] = {}
    for term in sorted(terms, key=sort_key):
        by_letter.setdefault(letter_of(term.term), []).append(term)
    index = []
    for letter in LETTERS:
        if letter in by_letter:
            index.append(f'<a href="#{letter_id(letter)}">{html.escape(letter)}</a>')
        elif letter != SYMBOLS:
            index.append(f'<span class="sn-letter-empty">{letter}</span>')
    blocks = [f'<p class="sn-letter-index">{" ".join(index)}</p>']
    for letter in LETTERS:
        if letter not in by_letter:
            continue
        blocks.append(f"## {html.escape(letter)} {{ #{letter_id(letter)} }}")
        entries = "\n".join(
            _entry(term, page_titles=page_titles, href=href(term)) for term in by_letter[letter]
        )
        blocks.append(f'<div class="sn-glossary-letter">\n{entries}\n</div>')
    return "\n\n".join(blocks) + "\n"


def _entry(term: Term, *, page_titles: Mapping[str, str], href: str) -> str:
    """One entry as HTML; every text from front matter is escaped."""
    parts = [
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
    parts.append(
        f'<p class="sn-glossary-defined">Explained in <a href="{html.escape(href)}">{title}</a></p>'
    )
    parts.append(f"<!-- shortnotes:mentions {term.id} -->")
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


def mentions_html(mentions: Sequence[PageMentions], *, more: int = 0) -> str:
    """``Mentioned in Page > Section, Section · Page`` as HTML, kept out of search.

    Callers list at most ``MENTIONS_LIMIT`` pages, ``SECTIONS_LIMIT`` sections each,
    and count the other pages in ``more`` (glossary.json has them all): a concept
    used on hundreds of pages would otherwise make the glossary page megabytes long.
    """
    if not mentions:
        body = "not used in other notes yet"
    else:
        items = []
        for entry in mentions:
            item = _link_html(entry.page)
            if entry.sections:
                item += f" {SECTION_SEPARATOR} " + ", ".join(
                    _link_html(section) for section in entry.sections
                )
            items.append(f"<li>{item}</li>")
        if more:
            items.append(f'<li class="sn-more">and {more} more notes</li>')
        body = "<ul>" + "".join(items) + "</ul>"
    return (
        '<div class="sn-glossary-mentions" data-search-exclude="mentions">'
        f'<span class="sn-label">Mentioned in</span> {body}</div>'
    )


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
    """
    blocks = {}
    for term in terms:
        grouped: dict[str, list[Mention]] = {}
        for mention in mentions.get(term.id, ()):
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
        blocks[term.id] = mentions_html(entries, more=len(grouped) - len(shown))
    return blocks


def fill_mentions(content: str, rendered: Mapping[str, str]) -> str:
    """Replace every mentions marker; an unknown term id is a bug, so it raises."""

    def replace(marker: re.Match[str]) -> str:
        term_id = marker.group("id")
        if term_id not in rendered:
            raise KeyError(f"glossary page has a mentions marker for unknown term `{term_id}`")
        return rendered[term_id]

    return _MENTIONS_MARKER.sub(replace, content)
