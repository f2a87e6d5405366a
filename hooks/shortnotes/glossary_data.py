"""Where each term is mentioned, and ``glossary.json``: the build's machine-readable glossary.

The "Mentioned in" lists of the glossary page and ``glossary.json`` are both made
from ``collect_mentions``, so they agree by construction. The JSON shape is a
contract with the link checks (tests/sitecheck); keep it::

    {"version": 1, "glossary_page": "glossary.md", "terms": [{
        "id", "term", "aliases", "summary", "case",
        "defined_in": {"page", "line", "anchor", "url"},
        "glossary_url",
        "mentions": [{"page", "url", "section", "section_title", "linked"}]}]}

``page`` values are ``src_uri``s, ``url`` values are relative to the site root with
the ``#anchor``. A mention is one (page, section) where the term occurs in prose;
the section that defines the term is its definition, never a mention. Nothing
here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shortnotes.autolink import PageRecord
from shortnotes.terms import Term

VERSION = 1


Mention = dict[str, Any]  # {"page", "url", "section", "section_title", "linked"}, as in the JSON


def anchored(url: str, anchor: str) -> str:
    return f"{url}#{anchor}" if anchor else url


def collect_mentions(
    terms: Sequence[Term],
    records: Mapping[str, PageRecord],
    *,
    order: Sequence[str],
    page_urls: Mapping[str, str],
    page_titles: Mapping[str, str],
) -> dict[str, list[Mention]]:
    """Term id -> its mentions, pages in ``order``, sections in page order.

    Built directly in glossary.json's shape: a big site has hundreds of thousands.
    """
    mentions: dict[str, list[Mention]] = {term.id: [] for term in terms}
    for src in order:
        record = records.get(src)
        if record is None:
            continue
        page_url = page_urls[src]
        # Each section's url and title once, not once per mention.
        sections = {
            heading.id: (anchored(page_url, heading.id), heading.title)
            for heading in reversed(record.headings)
        }
        sections[""] = (page_url, page_titles[src])
        linked = record.linked
        for term_id, section_ids in record.mentions.items():
            found = mentions.get(term_id)
            if found is None:
                continue
            link_section = linked.get(term_id)
            for section_id in section_ids:
                url, title = sections.get(section_id) or sections[""]
                found.append(
                    {
                        "page": src,
                        "url": url,
                        "section": section_id,
                        "section_title": title,
                        "linked": section_id == link_section,
                    }
                )
    return mentions


def intro_sections(records: Mapping[str, PageRecord]) -> dict[str, frozenset[str]]:
    """Per page, the sections that are its intro (before any heading, or under the h1)."""
    return {
        src: frozenset({"", *(h.id for h in record.headings if h.level <= 1)})
        for src, record in records.items()
    }


def to_json(
    terms: Sequence[Term],
    mentions: Mapping[str, Sequence[Mention]],
    *,
    glossary_page: str,
    glossary_url: str,
    page_urls: Mapping[str, str],
) -> dict[str, Any]:
    return {
        "version": VERSION,
        "glossary_page": glossary_page,
        "terms": [
            {
                "id": term.id,
                "term": term.term,
                "aliases": list(term.aliases),
                "summary": term.summary,
                "case": term.case_label,
                "defined_in": {
                    "page": term.page,
                    "line": term.line,
                    "anchor": term.anchor,
                    "url": anchored(page_urls[term.page], term.anchor),
                },
                "glossary_url": anchored(glossary_url, term.id),
                "mentions": mentions.get(term.id, []),
            }
            for term in terms
        ],
    }
