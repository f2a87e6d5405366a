"""The glossary page, generated from the terms' front matter.

Two steps, because the "Mentioned in" lists need every page rendered first:

1. ``render_markdown`` (before the page renders) writes Markdown in place of the
   ``<!-- shortnotes:glossary -->`` marker: a letter index, one ``## A`` heading per
   letter, one ``### Term { #id }`` entry per term with its summary, its aliases
   (so searching an alias finds the entry) and a ``page.md#anchor`` link to where
   it is explained (MkDocs validates that link), then an invisible
   ``<!-- shortnotes:mentions <id> -->`` marker.
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from shortnotes.mdlinks import md_href
from shortnotes.terms import Term

PAGE_MARKER = "<!-- shortnotes:glossary -->"
_MENTIONS_MARKER = re.compile(r"<!-- shortnotes:mentions (?P<id>[^ ]*) -->")
SECTION_SEPARATOR = "\u203a"  # single right-pointing angle quote: "Page > Section"
MENTIONS_LIMIT = 10  # pages listed under "Mentioned in" (glossary.json lists them all)
SYMBOLS = "#"  # the letter group of terms that do not start with a letter
LETTERS = (*string.ascii_uppercase, SYMBOLS)
# The characters the site's Markdown lets a backslash escape (core, tables, mark, emoji);
# & and < become entities instead.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()>#+\-.!|=:])")

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


RESERVED_IDS = tuple(letter_id(letter) for letter in LETTERS)


def letter_of(term: str) -> str:
    """The index letter: ``É`` files under E, ``3-way`` under #."""
    first = unicodedata.normalize("NFKD", term.strip()[:1])[:1].upper()
    return first if first in string.ascii_uppercase else SYMBOLS


def sort_key(term: Term) -> tuple[str, str, str]:
    return (letter_of(term.term), term.term.casefold(), term.term)


def markdown_escape(text: str) -> str:
    """Text that Python-Markdown renders literally, whatever characters it holds."""
    text = html.escape(text, quote=False)  # & < > as entities: never raw HTML
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def render_markdown(
    terms: Sequence[Term], *, glossary_src: str, page_titles: Mapping[str, str]
) -> str:
    """The Markdown that replaces ``PAGE_MARKER`` on the glossary page."""
    by_letter: dict[str, list[Term]] = {}
    for term in sorted(terms, key=sort_key):
        by_letter.setdefault(letter_of(term.term), []).append(term)
    index = []
    for letter in LETTERS:
        if letter in by_letter:
            index.append(f"[{markdown_escape(letter)}](#{letter_id(letter)})")
        elif letter != SYMBOLS:
            index.append(f'<span class="sn-letter-empty">{letter}</span>')
    blocks = [" ".join(index) + "\n{ .sn-letter-index }"]
    for letter in LETTERS:
        if letter not in by_letter:
            continue
        blocks.append(f"## {markdown_escape(letter)} {{ #{letter_id(letter)} }}")
        for term in by_letter[letter]:
            blocks.append(_entry(term, glossary_src=glossary_src, page_titles=page_titles))
    return "\n\n".join(blocks) + "\n"


def _entry(term: Term, *, glossary_src: str, page_titles: Mapping[str, str]) -> str:
    parts = [
        f"### {markdown_escape(term.term)} {{ #{term.id} .sn-glossary-term }}",
        markdown_escape(term.summary),
    ]
    if term.aliases:
        names = ", ".join(markdown_escape(alias) for alias in term.aliases)
        parts.append(f"Also: {names}\n{{ .sn-glossary-aliases }}")
    title = markdown_escape(page_titles.get(term.page, term.page))
    href = md_href(glossary_src, term.page, term.anchor)
    parts.append(f"Explained in [{title}]({href})\n{{ .sn-glossary-defined }}")
    parts.append(f"<!-- shortnotes:mentions {term.id} -->")
    return "\n\n".join(parts)


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

    Callers list at most ``MENTIONS_LIMIT`` pages and count the rest in ``more``
    (glossary.json has them all): a concept used on hundreds of pages would
    otherwise make the glossary page megabytes long.
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


def fill_mentions(content: str, rendered: Mapping[str, str]) -> str:
    """Replace every mentions marker; an unknown term id is a bug, so it raises."""

    def replace(marker: re.Match[str]) -> str:
        term_id = marker.group("id")
        if term_id not in rendered:
            raise KeyError(f"glossary page has a mentions marker for unknown term `{term_id}`")
        return rendered[term_id]

    return _MENTIONS_MARKER.sub(replace, content)
