"""Backlinks at the end of each note: "Links here" and "Related notes".

- Links here: the notes whose content links to this note, by an automatic glossary
  link or a hand-written one.
- Related notes: the notes sharing the most concepts with this one (a note's
  concepts are the terms it defines or mentions), at least ``MIN_SHARED``, at most
  ``LIMIT``, ties broken by navigation order; each shows the concepts it shares. A note
  already under "Links here" is never repeated here: the next closest one takes its place.
  A concept found on more than ``max(COMMON_FLOOR, 2% of the notes)`` notes (Pod on
  a Kubernetes site) says little about relatedness and is not counted; this also
  keeps the cost linear in notes.

Computed from every page's record once all pages are rendered, rendered as static
HTML (no JavaScript) and kept out of the search index. Nothing here imports MkDocs.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

from shortnotes.autolink import PageRecord
from shortnotes.mdlinks import resolve_md_link
from shortnotes.terms import Term

LIMIT = 5
COMMON_FLOOR = 15
LINKS_HERE_LIMIT = 12  # linking notes listed before "N more notes" (a <details>)
MIN_SHARED = 2
SHOWN_CONCEPTS = 4


def links_here(outlinks: Mapping[str, set[str]], order: Sequence[str]) -> dict[str, list[str]]:
    """Target note -> the notes linking to it, in ``order`` (self-links dropped)."""
    incoming: dict[str, list[str]] = {}
    for source in order:
        for target in outlinks.get(source, ()):
            if target != source:
                incoming.setdefault(target, []).append(source)
    return incoming


@dataclass(frozen=True)
class Related:
    src_uri: str
    shared: tuple[str, ...]  # concept ids, rarest first


def related_notes(
    concepts: Mapping[str, set[str]],
    order: Sequence[str],
    *,
    limit: int = LIMIT,
    min_shared: int = MIN_SHARED,
    listed: Mapping[str, Collection[str]] | None = None,
) -> dict[str, list[Related]]:
    """Note -> the notes sharing the most concepts with it, leaving out the notes
    ``listed[note]`` (shown under "Links here" already).

    Counts pairs through an inverted index (concept -> notes), so the cost follows
    the shared concepts, not every pair of notes.
    """
    listed = listed or {}
    rank = {src: position for position, src in enumerate(order)}
    having: dict[str, list[str]] = {}
    for src in order:
        for concept in concepts.get(src, ()):
            having.setdefault(concept, []).append(src)
    too_common = max(COMMON_FLOOR, len(order) // 50)
    telling = {concept: srcs for concept, srcs in having.items() if len(srcs) <= too_common}
    result: dict[str, list[Related]] = {}
    for src in order:
        # One C-level count over all the notes sharing a telling concept with this one.
        counts = Counter(
            chain.from_iterable(telling[c] for c in concepts.get(src, ()) if c in telling)
        )
        del counts[src]
        for other in listed.get(src, ()):
            del counts[other]
        candidates = [other for other, count in counts.items() if count >= min_shared]
        best = sorted([(-counts[other], rank[other], other) for other in candidates])[:limit]
        mine = concepts.get(src, set())
        result[src] = [
            Related(
                other,
                tuple(sorted(mine & concepts[other], key=lambda c: (len(having[c]), c))),
            )
            for _, _, other in best
        ]
    return result


@dataclass(frozen=True)
class NoteLink:
    title: str
    href: str
    note: str = ""  # shown after the link (shared concepts)


def render(*, linking: Sequence[NoteLink], related: Sequence[NoteLink]) -> str:
    """The backlinks block appended to a note, or "" when there is nothing to show.

    Every linking note is listed: the first ``LINKS_HERE_LIMIT``, then the others in a
    closed ``<details>`` (a native disclosure, no script), so each one is a link.
    """
    if not linking and not related:
        return ""
    parts = ['<aside class="sn-backlinks" data-search-exclude="backlinks" aria-label="Backlinks">']
    for heading, links in (("Links here", linking), ("Related notes", related)):
        if not links:
            continue
        shown, folded = links[:LINKS_HERE_LIMIT], links[LINKS_HERE_LIMIT:]
        block = "<ul>" + "".join(_item(link) for link in shown) + "</ul>"
        if folded:
            count = f"{len(folded)} more {'note' if len(folded) == 1 else 'notes'}"
            block += (
                f'<details class="sn-backlinks-more"><summary>{count}</summary>'
                f"<ul>{''.join(_item(link) for link in folded)}</ul></details>"
            )
        parts.append(f'<h2 class="sn-backlinks-title">{heading}</h2>{block}')
    parts.append("</aside>")
    return "\n".join(parts)


def _item(link: NoteLink) -> str:
    text = f'<a href="{html.escape(link.href)}">{html.escape(link.title)}</a>'
    if link.note:
        text += f' <span class="sn-backlinks-shared">{html.escape(link.note)}</span>'
    return f"<li>{text}</li>"


def note_blocks(
    *,
    notes: Sequence[str],
    records: Mapping[str, PageRecord],
    terms: Sequence[Term],
    titles: Mapping[str, str],
    href: Callable[[str, str], str],
) -> dict[str, str]:
    """Note -> its backlinks block (notes without any are left out).

    ``notes`` are ``src_uri``s in navigation order; ``href(from_src, to_src)`` is the
    link between two built notes (the caller knows the site's URLs).
    """
    note_set = set(notes)
    by_id = {term.id: term for term in terms}
    outlinks: dict[str, set[str]] = {}
    concepts: dict[str, set[str]] = {src: set() for src in notes}
    for term in terms:
        if term.page in concepts:
            concepts[term.page].add(term.id)
    for src in notes:
        record = records.get(src)
        if record is None:
            continue
        targets = {resolve_md_link(src, link, note_set) for link in record.hrefs}
        targets |= {by_id[term_id].page for term_id in record.linked if term_id in by_id}
        outlinks[src] = targets & note_set
        concepts[src] |= set(record.mentions)
    incoming = links_here(outlinks, notes)
    related = related_notes(concepts, notes, listed=incoming)
    blocks = {}
    for src in notes:
        sources = incoming.get(src, [])
        close = [
            NoteLink(
                titles[other.src_uri],
                href(src, other.src_uri),
                " · ".join(by_id[c].term for c in other.shared[:SHOWN_CONCEPTS]),
            )
            for other in related.get(src, [])
        ]
        block = render(
            linking=[NoteLink(titles[source], href(src, source)) for source in sources],
            related=close,
        )
        if block:
            blocks[src] = block
    return blocks
