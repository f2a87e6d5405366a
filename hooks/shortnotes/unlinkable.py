"""Which parts of a text run the autolinker must leave alone: raw inline HTML and math.

Python-Markdown keeps raw inline HTML out of the element tree: each tag of
``<a href="x">the Pod docs</a>`` is stashed (``md.htmlStash``) and stands in the text
as a ``\\x02wzxhzdk:N\\x03`` placeholder, while the words between the tags stay plain
text. A tree processor that only looks at element tags would link "Pod" there: a
nested anchor (invalid HTML) inside a raw ``<a>``, a link inside ``<code>``, ``<kbd>``
or ``<abbr>``. ``UnlinkableText`` follows the stashed tags in document order, like a
browser's stack of open elements, and masks every character inside a tag that the
linker skips (the same tags, and classes, as for tree elements).

Math is masked too: ``$...$``, ``$$...$$``, ``\\(...\\)`` and ``\\[...\\]`` as
pymdownx.arithmatex reads them (a ``$`` pair with no space inside its ends, the
closing one not before a digit, so "$5 and $10" stays prose). Without arithmatex the
page shows the TeX source, which is no place for a link either.

Masking keeps every offset: masked characters become NUL, which is no word
character and in no term, so the matcher finds nothing in them. Nothing here
imports MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from markdown.util import HTML_PLACEHOLDER_RE

# Elements that never have an end tag: never pushed on the stack.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_TAG = re.compile(r"<(?P<end>/)?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>[^>]*?)(?P<self>/)?>")
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""")
# Escaped characters are placeholders too at this point (Python-Markdown's unescape runs
# later): "\(" is \x0240\x03, "\[" is \x0291\x03.
_ESCAPED = "\x02{}\x03"
_BACKSLASH = _ESCAPED.format(ord("\\"))  # "\\" in the source: a backslash on the page


def _delimited(opening: str, closing: str) -> str:
    """``\\(`` as arithmatex reads it (an escape), or as a page shows it (``\\\\(``)."""
    escaped_open, escaped_close = (re.escape(_ESCAPED.format(ord(c))) for c in (opening, closing))
    backslash = re.escape(_BACKSLASH)
    return (
        f"|{escaped_open}.+?{escaped_close}"
        f"|{backslash}{re.escape(opening)}.+?{backslash}{re.escape(closing)}"
    )


_MATH = re.compile(
    r"\$\$.+?\$\$"
    r"|(?<![\\$\w])\$(?!\s)[^$\n]+?(?<!\s)\$(?![\d$])"
    + _delimited("(", ")")
    + _delimited("[", "]"),
    re.DOTALL,
)


class UnlinkableText:
    """Masks, text run after text run in document order, what must not be linked.

    ``skipped_tags`` and ``skipped_classes`` are those the linker skips in the tree;
    ``stash`` is ``md.htmlStash.rawHtmlBlocks``. ``mark()`` / ``reset(mark)`` bound raw
    tags to the tree element whose text opened them (a ``<kbd>`` left open in one
    paragraph does not swallow the rest of the page).
    """

    def __init__(
        self,
        stash: Sequence[object],
        *,
        skipped_tags: Collection[str],
        skipped_classes: Collection[str],
    ) -> None:
        self.stash = stash
        self.skipped_tags = skipped_tags
        self.skipped_classes = skipped_classes
        self.open: list[tuple[str, bool]] = []  # raw tags open: (name, skipped)
        self.skipping = 0  # how many of them are skipped contexts

    def mark(self) -> int:
        return len(self.open)

    def reset(self, mark: int) -> None:
        while len(self.open) > mark:
            _, skipped = self.open.pop()
            self.skipping -= skipped

    def mask(self, text: str) -> str | None:
        """``text`` with the unlinkable parts blanked; None if nothing in it is linkable."""
        if HTML_PLACEHOLDER_RE.fullmatch(text.strip()):
            # Nothing to link; only follow the tag it may be (a code block is not one).
            self._mask_raw_html(text)
            return None
        if "\x02" in text:
            text = self._mask_raw_html(text)
        elif self.skipping:
            return None
        if "$" in text or "\x02" in text:
            text = _MATH.sub(_blank, text)
        return None if not text.strip("\x00 \t\n") else text

    def _mask_raw_html(self, text: str) -> str:
        parts = []
        position = 0
        for placeholder in HTML_PLACEHOLDER_RE.finditer(text):
            between = text[position : placeholder.start()]
            parts.append("\x00" * len(between) if self.skipping else between)
            parts.append(placeholder.group())  # the matcher blanks placeholders itself
            position = placeholder.end()
            index = int(placeholder.group(1))
            raw = self.stash[index] if index < len(self.stash) else None
            if isinstance(raw, str):
                self._follow(raw)
        rest = text[position:]
        parts.append("\x00" * len(rest) if self.skipping else rest)
        return "".join(parts)

    def _follow(self, raw: str) -> None:
        """Open or close the tag of one stashed piece of inline HTML.

        Python-Markdown stashes raw inline HTML one tag at a time; anything else in the
        stash (a raw HTML block, a highlighted code block, a comment) is whole and
        balanced, and is skipped without being read: some are many kilobytes long.
        """
        tag = _TAG.fullmatch(raw)
        if tag is None:
            return
        name = tag["name"].lower()
        if tag["end"]:
            for depth in range(len(self.open) - 1, -1, -1):
                if self.open[depth][0] == name:
                    self.reset(depth)
                    break
        elif not tag["self"] and name not in _VOID:
            skipped = name in self.skipped_tags or self._has_skipped_class(tag["attrs"])
            self.open.append((name, skipped))
            self.skipping += skipped

    def _has_skipped_class(self, attrs: str) -> bool:
        found = _CLASS.search(attrs)
        if found is None:
            return False
        classes = found["dq"] or found["sq"] or found["bare"] or ""
        return any(name in self.skipped_classes for name in classes.split())


def _blank(match: re.Match[str]) -> str:
    return "\x00" * len(match.group())
