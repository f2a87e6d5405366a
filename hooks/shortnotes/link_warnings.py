"""Give MkDocs' own link warnings a source line and a fix.

MkDocs validates links and anchors while it builds, but its warnings name the page
only (``Doc file 'redis/strings.md' contains a link 'transaction.md', but the target
... is not found``): no line, no ``docs/`` prefix, no advice. ``locate`` turns such a
message into ``docs/redis/strings.md:203: <MkDocs' message> — <what to do>``, finding
the link where Markdown would render it (not in code, comments or front matter).

Nothing here imports MkDocs; the message formats are those of MkDocs 1.6
(``mkdocs/structure/pages.py``).
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable

from shortnotes.source_checks import MarkdownSource

# "Doc file 'a/b.md' contains a link 'x.md#y', but ..." and its siblings.
_MESSAGE = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains (?:a link to |an absolute link |"
    r"an unrecognized relative link |a link )'(?P<link>[^']*)'"
)

_FIXES = (
    (
        "does not contain an anchor",
        "link to an id that page has (its table of contents shows "
        "them), or give the heading one: `## Title { #id }`",
    ),
    (
        "no such anchor on this page",
        "link to an id this page has, or give the heading one: `## Title { #id }`",
    ),
    (
        "is not found among documentation files",
        "write the path to the .md file, relative to this page (check its spelling and case)",
    ),
    (
        "which is excluded from the built site",
        "link to a page that is built, or stop excluding the target",
    ),
    (
        "absolute link",
        "link to the .md file with a relative path, so the site works under any sub-path",
    ),
    ("unrecognized relative link", "link to the .md file itself, not to .html or a folder"),
)


def locate(message: str, *, docs_prefix: str, read_source: Callable[[str], str | None]) -> str:
    """``message`` prefixed with ``docs/<page>:<line>:`` and followed by a fix, if it is one
    of MkDocs' link warnings; any other message comes back unchanged.

    ``read_source(src_uri)`` returns the page's Markdown (None if it cannot be read).
    """
    match = _MESSAGE.match(message)
    if match is None:
        return message
    page, link = match["page"], match["link"]
    source = read_source(page)
    line = _line_of(link, source) if source is not None else None
    where = f"{docs_prefix}/{page}:{line}" if line else f"{docs_prefix}/{page}"
    if line is None and source is not None:
        message += " (the link is not written in the page: a hook or an include made it)"
    fix = next((fix for needle, fix in _FIXES if needle in message), None)
    return f"{where}: {message}" + (f" — {fix}" if fix else "")


def _line_of(link: str, source: str) -> int | None:
    """Line where ``link`` is written: as is, then without ``./``, then its file name."""
    written = _written_links(source)
    bare = link.removeprefix("./")
    for candidate in dict.fromkeys((link, bare)):
        if candidate in written:
            return written[candidate]
    # Not written as a link target: a raw mention, or a link built by a hook or an include.
    text = _markdown_source(source)
    candidates = [f"({link}", f'"{link}"', f"'{link}'", f"]: {link}", link]
    if bare != link:
        candidates.append(bare)
    return text.locate(candidates) or (
        text.locate([posixpath.basename(link.partition("#")[0])]) if "/" in link else None
    )


# Link targets as Markdown and raw HTML write them: `](target`, `]: target`, `="target"`.
_TARGET = re.compile(
    r"\]\(\s*<?(?P<inline>[^\s)>]+)"
    r"|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?(?P<reference>[^\s>]+)"
    r"|=\s*(?P<quote>[\"'])(?P<attribute>[^\"'\n]+)(?P=quote)",
    re.MULTILINE,
)


# One parse and one scan per page, however many warnings it has: a page with 2,000
# broken links used to be re-read and re-parsed for each. Keyed on the source text: the
# hook hands back the same string object per page, whose hash Python keeps.
@functools.lru_cache(maxsize=64)
def _markdown_source(source: str) -> MarkdownSource:
    return MarkdownSource(source)


@functools.lru_cache(maxsize=64)
def _written_links(source: str) -> dict[str, int]:
    """Every link target written in the page's prose -> the 1-based line of its first use."""
    prose = "\n".join(_markdown_source(source).prose_lines)
    first_line: dict[str, int] = {}
    line, counted_to = 1, 0
    for match in _TARGET.finditer(prose):
        target = match["inline"] or match["reference"] or match["attribute"]
        if target in first_line:
            continue
        line += prose.count("\n", counted_to, match.start())
        counted_to = match.start()
        first_line[target] = line
    return first_line
