"""The home page's map of the notes, generated from the navigation and front matter.

The home page holds a ``<!-- shortnotes:map -->`` marker; ``render_markdown`` writes, in its
place, one ``### Section`` heading per top-level navigation section, one ``#### Group``
heading per section inside it, and one list item per note: its title, linked, and its
``description`` from front matter. So the map follows ``nav:`` in mkdocs.yml and each note's
own words, and nothing on the home page is a copy kept by hand.

The map is one ``no-autolink`` block (no glossary links among the note links). The links
are Markdown links between source files (``kubernetes/pods.md``), so MkDocs
rewrites and validates them under ``--strict``. Titles and descriptions are contributor text:
Markdown syntax in them is escaped (``__enter__`` stays as written, not bold) except code
spans; HTML is already refused by the front-matter schema. ``missing_descriptions`` names
each note the map would show without one. Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from shortnotes.mdlinks import md_href
from shortnotes.terms import Problem, term_id

MARKER = "<!-- shortnotes:map -->"

# The characters the site's Markdown lets a backslash escape (Python-Markdown's, plus `|`,
# `=` and `:` from its extensions: tables, mark, emoji), but not the backtick: `code` in a
# title stays code.
_MARKDOWN_SPECIAL = re.compile(r"([\\*_{}\[\]()#+\-.!>|=:])")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


@dataclass(frozen=True)
class MapNote:
    src_uri: str
    title: str
    description: str


@dataclass
class MapGroup:
    """A run of notes under one heading; ``title`` is empty for notes placed directly
    in a top-level section."""

    title: str
    notes: list[MapNote] = field(default_factory=list)


@dataclass
class MapSection:
    title: str
    groups: list[MapGroup] = field(default_factory=list)


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown inline text; code spans are kept as code."""
    parts = []
    position = 0
    for code in _CODE_SPAN.finditer(text):
        parts.append(_MARKDOWN_SPECIAL.sub(r"\\\1", text[position : code.start()]))
        parts.append(code.group(0))
        position = code.end()
    parts.append(_MARKDOWN_SPECIAL.sub(r"\\\1", text[position:]))
    return "".join(parts)


def section_id(*titles: str) -> str:
    """The heading id of a section of the map: ``map-kubernetes-workloads``."""
    return "-".join(("map", *(term_id(title) for title in titles)))


def render_markdown(sections: Sequence[MapSection], *, home: str) -> str:
    """The Markdown that replaces ``MARKER`` on the page ``home`` (a ``src_uri``)."""
    blocks = []
    for section in sections:
        blocks.append(f"### {escape_markdown(section.title)} {{ #{section_id(section.title)} }}")
        for group in section.groups:
            if group.title:
                heading_id = section_id(section.title, group.title)
                blocks.append(f"#### {escape_markdown(group.title)} {{ #{heading_id} }}")
            elif blocks[-1].startswith("- "):
                blocks.append("<!-- the list above ends here -->")  # else the two lists merge
            blocks.append(
                "\n".join(
                    f"- [{escape_markdown(note.title)}]({md_href(home, note.src_uri)})"
                    f" — {escape_markdown(note.description)}"
                    for note in group.notes
                )
            )
    # No glossary links in the descriptions: beside the note links they only add noise.
    return '<div class="sn-map no-autolink" markdown>\n\n' + "\n\n".join(blocks) + "\n\n</div>\n"


def missing_descriptions(sections: Sequence[MapSection]) -> list[Problem]:
    """A problem for each note of the map without a description."""
    return [
        Problem(
            note.src_uri,
            1,
            "this note has no `description` in its front matter, and the home page map "
            "shows each note with its description",
            "add `description:` with one plain sentence saying what the note covers",
        )
        for section in sections
        for group in section.groups
        for note in group.notes
        if not note.description.strip()
    ]
