"""Sybil lexers for the three Markdown constructs the examples harness reads.

- Fenced code blocks (`FencedBlockLexer`): Sybil's raw fence lexer, keeping the info string
  and the body with only the fence's own indentation removed (Sybil dedents further, which
  would change an Output block whose lines all start with spaces).
- `<!-- not-run: reason -->` and `<!-- requires: redis >= 8.4 -->` markers (`NOT_RUN_LEXER`,
  `REQUIRES_LEXER`): Sybil's directive-in-comment lexer.
- pymdownx.tabbed titles, `=== "Label"` (`TabTitleLexer`).

`lex_page` runs all three and drops what sits inside a fence (a `=== "x"` line in a code block
is code, not a tab), so the rules and the content statistics see the same structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from re import Match

from sybil import Document, Region
from sybil.parsers.markdown.lexers import DirectiveInHTMLCommentLexer, RawFencedCodeBlockLexer

# superfences' grammar for the info string: a language, then `key="value"` options or `{ attrs }`.
_INFO = re.compile(
    r"[ \t]*\.?(?P<language>[\w#.+-]+)?[ \t]*(?:\{(?P<attrs>[^\n]*)\}|(?P<options>[^\n]*))$"
)
_OPTION = re.compile(
    r"(?P<key>[a-zA-Z][a-zA-Z0-9_]*)(?:=(?P<quote>[\"'])(?P<value>.*?)(?P=quote))?"
)
_ATTR_CLASS = re.compile(r"(?:^|\s)\.(?P<language>[\w#+-]+)")
_ATTR_CLASSES = re.compile(r"(?:^|\s)\.([\w#+-]+)")

# pymdownx.tabbed's own start pattern, anchored on a line that may be indented.
_TAB_TITLE = re.compile(
    r'^(?P<indent>[ \t]*)===(?P<flags>\+!|!\+|\+|!)? +"(?P<label>.*?)" *$', re.MULTILINE
)

#: `<!-- not-run: reason -->`; `\b` keeps `<!-- not-running -->` from counting as a marker.
NOT_RUN_LEXER = DirectiveInHTMLCommentLexer(directive=r"not-run\b", arguments=".*?")
#: `<!-- requires: python >= 3.14 -->` (syntax: shortnotes.example_versions).
REQUIRES_LEXER = DirectiveInHTMLCommentLexer(directive=r"requires\b", arguments=".*?")
_COMMENT_END = re.compile(r"-{2,}>")


@dataclass(frozen=True)
class FenceInfo:
    """A fence's info string: ```` ```text title="Output" ```` -> text, {title: Output}."""

    language: str
    options: dict[str, str] = field(default_factory=dict)
    classes: frozenset[str] = frozenset()  # `{ .yaml .annotate }` -> {"yaml", "annotate"}

    @classmethod
    def parse(cls, info: str) -> FenceInfo:
        match = _INFO.match(info)
        if match is None:
            return cls(language=info.strip())
        options_text = match["attrs"] or match["options"] or ""
        language = match["language"] or ""
        if match["attrs"] is not None and not language:
            class_match = _ATTR_CLASS.search(match["attrs"])
            language = class_match["language"] if class_match else ""
        options = {m["key"]: m["value"] or "" for m in _OPTION.finditer(options_text)}
        classes = frozenset(_ATTR_CLASSES.findall(match["attrs"] or ""))
        return cls(language=language, options=options, classes=classes)

    @property
    def title(self) -> str | None:
        return self.options.get("title")


@dataclass(frozen=True)
class Fence:
    """A fenced code block: where it is, its info string and its body as written."""

    start: int
    end: int
    line: int
    info: FenceInfo
    body: str

    @property
    def body_line(self) -> int:
        """The page line of the body's first line."""
        return self.line + 1


@dataclass(frozen=True)
class NotRunMarker:
    """A marker comment above a fence: `not-run` (reason) or `requires` (reason = what)."""

    start: int
    end: int  # just past `-->`
    line: int
    reason: str
    single_line: bool
    kind: str = "not-run"


@dataclass(frozen=True)
class TabTitle:
    start: int
    end: int
    line: int
    indent: int
    label: str
    starts_new_group: bool  # `===!`


@dataclass(frozen=True)
class LexedPage:
    fences: list[Fence]
    markers: list[NotRunMarker]  # not-run and requires markers, in page order
    tabs: list[TabTitle]


def _unindent(line: str, width: int) -> str:
    """Remove up to `width` leading blanks: the fence's indentation, nothing more."""
    blanks = len(line) - len(line.lstrip(" \t"))
    return line[min(blanks, width) :]


class FencedBlockLexer(RawFencedCodeBlockLexer):
    """Every fenced block, whatever its language, with lexemes `info`, `indent` and `body`."""

    def __init__(self) -> None:
        super().__init__(info_pattern=re.compile(r"(?P<info>[^\n]*)\n"))

    def make_region(
        self, opening: Match[str], document: Document, closing: Match[str] | None
    ) -> Region | None:
        region = super().make_region(opening, document, closing)
        if region is None:
            return None
        width = len(opening.group("prefix"))
        body_start = document.text.index("\n", opening.end()) + 1
        body_end = closing.start() if closing is not None else len(document.text)
        raw_lines = document.text[body_start:body_end].splitlines(keepends=True)
        region.lexemes["indent"] = opening.group("prefix")
        region.lexemes["body"] = "".join(_unindent(line, width) for line in raw_lines)
        return region


class TabTitleLexer:
    """Every `=== "Label"` line (pymdownx.tabbed), with lexemes `indent`, `flags`, `label`."""

    def __call__(self, document: Document) -> Iterator[Region]:
        for match in _TAB_TITLE.finditer(document.text):
            lexemes = {
                "indent": match["indent"],
                "flags": match["flags"] or "",
                "label": match["label"],
            }
            yield Region(match.start(), match.end(), lexemes=lexemes)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _outside(regions: Iterable[Region], fences: list[Fence]) -> Iterator[Region]:
    for region in regions:
        if not any(fence.start <= region.start < fence.end for fence in fences):
            yield region


def lex_page(document: Document) -> LexedPage:
    """The fences, not-run markers and tab titles of a page, in page order, none inside a fence."""
    text = document.text
    fences: list[Fence] = []
    for region in sorted(FencedBlockLexer()(document), key=lambda r: r.start):
        # A fence inside a longer fence (a ```` ```` ```` block showing Markdown) is content.
        if fences and region.start < fences[-1].end:
            continue
        fences.append(
            Fence(
                start=region.start,
                end=region.end,
                line=_line_of(text, region.start),
                info=FenceInfo.parse(region.lexemes["info"]),
                body=region.lexemes["body"],
            )
        )
    markers = []
    for kind, lexer in (("not-run", NOT_RUN_LEXER), ("requires", REQUIRES_LEXER)):
        for region in _outside(lexer(document), fences):
            arrow = _COMMENT_END.search(text, region.end)
            end = arrow.end() if arrow else region.end
            markers.append(
                NotRunMarker(
                    start=region.start,
                    end=end,
                    line=_line_of(text, region.start),
                    reason=region.lexemes["arguments"].strip(),
                    single_line="\n" not in text[region.start : end],
                    kind=kind,
                )
            )
    markers.sort(key=lambda marker: marker.start)
    tabs = [
        TabTitle(
            start=region.start,
            end=region.end,
            line=_line_of(text, region.start),
            indent=len(region.lexemes["indent"].expandtabs(4)),
            label=region.lexemes["label"],
            starts_new_group="!" in region.lexemes["flags"],
        )
        for region in _outside(TabTitleLexer()(document), fences)
    ]
    return LexedPage(fences=fences, markers=markers, tabs=tabs)
