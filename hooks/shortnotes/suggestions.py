""" "Did you mean ...?": the closest known name to a misspelt one, for every check's message.

One place decides what counts as close (difflib's ratio, the same cutoff everywhere), so a
link, an anchor, a manifest field or a nav entry all suggest the same way:

- ``closest(word, known)``: the nearest known name, or None when nothing is close;
- ``did_you_mean(word, known)``: `` — did you mean `x`?`` or the empty string;
- ``link_suggestion(message, pages=..., anchors_of=...)``: for MkDocs' own broken-link and
  anchor warnings (the formats of mkdocs/structure/pages.py, 1.6), the closest page relative to
  the linking page, or the closest id of the target page;
- ``nav_placement(src_uri, nav)``: where a page left out of ``nav:`` could go: beside the
  nav entries of its own folder.

No MkDocs import: the hooks and the tests call these with plain data.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable, Collection, Iterable
from typing import Any

# Close enough to be a slip of one or two letters, not another word.
CUTOFF = 0.75

_MISSING_PAGE = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']*)', but the target "
    r"(?:'(?P<target>[^']+)' )?is not found among documentation files"
)
_MISSING_ANCHOR = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']*)', but the doc "
    r"'(?P<target>[^']+)' does not contain an anchor '#(?P<anchor>[^']*)'"
)
_MISSING_OWN_ANCHOR = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']*)', but there is no such "
    r"anchor on this page"
)


def closest(word: str, known: Iterable[str], *, cutoff: float = CUTOFF) -> str | None:
    """The known name nearest to ``word`` (case-insensitively), or None if none is close."""
    by_folded: dict[str, str] = {}
    for name in known:
        by_folded.setdefault(name.casefold(), name)
    match = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=cutoff)
    return by_folded[match[0]] if match else None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    found = closest(word, known)
    return f" — did you mean `{found}`?" if found else ""


def link_suggestion(
    message: str,
    *,
    pages: Collection[str],
    anchors_of: Callable[[str], Collection[str] | None],
) -> str:
    """`` — did you mean `...`?`` for one of MkDocs' link warnings, or ``""``."""
    if match := _MISSING_PAGE.match(message):
        page, link = match["page"], match["link"]
        # MkDocs names the target only when it differs from the link as written.
        target = match["target"] or posixpath.normpath(
            posixpath.join(posixpath.dirname(page), link.partition("#")[0])
        )
        found = closest(target, pages)
        if found is None:
            # A slip in the folder part as well: compare the file names alone.
            by_name = {posixpath.basename(p): p for p in pages}
            name = closest(posixpath.basename(target), by_name)
            found = by_name[name] if name else None
        if found is None:
            return ""
        fragment = link.partition("#")[2]
        relative = posixpath.relpath(found, posixpath.dirname(page) or ".")
        return f" — did you mean `{relative}{'#' + fragment if fragment else ''}`?"
    if match := _MISSING_ANCHOR.match(message):
        ids = anchors_of(match["target"]) or ()
        found = closest(match["anchor"], ids)
        return f" — did you mean `{match['link'].partition('#')[0]}#{found}`?" if found else ""
    if match := _MISSING_OWN_ANCHOR.match(message):
        anchor = match["link"].partition("#")[2]
        found = closest(anchor, anchors_of(match["page"]) or ())
        return f" — did you mean `#{found}`?" if found else ""
    return ""


def _nav_entries(nav: Any, trail: tuple[str, ...] = ()) -> Iterable[tuple[tuple[str, ...], str]]:
    """(section titles, src_uri) of every page in a ``nav:`` value, in order."""
    for item in nav or ():
        if isinstance(item, str):
            yield trail, item
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    yield trail, value
                else:
                    yield from _nav_entries(value, (*trail, str(title)))


def nav_placement(src_uri: str, nav: Any) -> str:
    """Where in ``nav:`` a page could go: after the last entry of its folder (or the closest)."""
    entries = [(trail, page) for trail, page in _nav_entries(nav) if "://" not in page]
    folder = posixpath.dirname(src_uri)
    same_folder = [(trail, page) for trail, page in entries if posixpath.dirname(page) == folder]
    if not same_folder:
        near = closest(folder, {posixpath.dirname(page) for _, page in entries if "/" in page})
        same_folder = [(t, p) for t, p in entries if near and posixpath.dirname(p) == near]
    if not same_folder:
        return f"add `- {src_uri}` under `nav:` in mkdocs.yml"
    trail, after = same_folder[-1]
    section = " > ".join(trail) if trail else "the top level"
    return f"add `- {src_uri}` under `nav:` in mkdocs.yml, in {section}, after `{after}`"
