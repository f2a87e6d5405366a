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
from typing import Any, NamedTuple

from shortnotes.autolink import PageRecord
from shortnotes.terms import Term

VERSION = 1


class Mention(NamedTuple):  # a NamedTuple: a big site makes hundreds of thousands
    page: str
    url: str
    section: str  # id of the nearest heading before the mention ("" before any heading)
    section_title: str
    linked: bool  # the page's one link to the term is in this section
    intro: bool  # before the first heading below the page title (the page link covers it)


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
    """Term id -> its mentions, pages in ``order``, sections in page order."""
    mentions: dict[str, list[Mention]] = {term.id: [] for term in terms}
    for src in order:
        record = records.get(src)
        if record is None:
            continue
        for term_id, sections in record.mentions.items():
            if term_id not in mentions:
                continue
            for section_id in sections:
                heading = record.section(section_id)
                mentions[term_id].append(
                    Mention(
                        page=src,
                        url=anchored(page_urls[src], section_id),
                        section=section_id,
                        section_title=heading.title if section_id else page_titles[src],
                        linked=record.linked.get(term_id) == section_id,
                        intro=heading.level <= 1,
                    )
                )
    return mentions


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
                "mentions": [
                    {
                        "page": mention.page,
                        "url": mention.url,
                        "section": mention.section,
                        "section_title": mention.section_title,
                        "linked": mention.linked,
                    }
                    for mention in mentions.get(term.id, ())
                ],
            }
            for term in terms
        ],
    }
