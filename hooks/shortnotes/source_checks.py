"""Source checks: problems in a note that MkDocs would render silently.

Two kinds, both reported as ``docs/<file>.md:<line>: <class>: <detail>``:

* front matter (before rendering): malformed YAML, a block that is not a
  mapping, a first line that MultiMarkdown would swallow as metadata, and
  unsafe markup in ``title`` / ``description`` (the theme inserts both into the
  page unescaped);
* rendered content (during the build): a ``<script>`` element, an ``on*=``
  event-handler attribute or a ``javascript:`` URL in the page's HTML. The HTML
  is parsed (stdlib ``html.parser``), so text shown inside code never counts;
  each finding is then located in the Markdown source by searching its prose
  (front matter, fenced code, code spans and HTML comments masked out);
* nav titles written in mkdocs.yml (rendered unescaped too), as ``mkdocs.yml:<line>``.

No MkDocs import: ``hooks/source_checks.py`` routes MkDocs events here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from html.parser import HTMLParser

from shortnotes import frontmatter


class Problem(StrEnum):
    """The class of a source problem, as printed in every message."""

    MALFORMED_FRONT_MATTER = "malformed-front-matter"
    FRONT_MATTER_NOT_MAPPING = "front-matter-not-mapping"
    MULTIMARKDOWN_METADATA = "multimarkdown-metadata"
    RAW_SCRIPT = "raw-script"
    EVENT_HANDLER_ATTRIBUTE = "event-handler-attribute"
    JAVASCRIPT_URL = "javascript-url"


@dataclass(frozen=True, order=True)
class SourceProblem:
    """One problem at a 1-based line of a project file (``docs/x.md`` or ``mkdocs.yml``)."""

    path: str
    line: int
    problem: Problem
    detail: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem}: {self.detail}"


# --- Locating text in a Markdown source -------------------------------------------------------

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?P<ticks>`+)(?!`).*?(?<!`)(?P=ticks)(?!`)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _blank(match: re.Match[str]) -> str:
    """Replace a match by spaces, keeping its newlines so line numbers stay put."""
    return re.sub(r"[^\n]", " ", match.group(0))


class MarkdownSource:
    """A note's Markdown, with the prose separated from what never renders as markup.

    ``prose_lines`` has the same line numbers as the file; front matter, fenced code
    blocks, code spans and HTML comments are blanked out, so a search for ``<script``
    or a link target only matches where Markdown would turn it into HTML.
    """

    def __init__(self, text: str) -> None:
        self.text = text.replace("\r\n", "\n")
        self.lines = self.text.split("\n")
        # (pattern, flags) -> its lines: locating N findings of one kind scans the page once.
        self._found: dict[tuple[str, int], list[int]] = {}

    @cached_property
    def body_start_line(self) -> int:
        """1-based line where the Markdown body starts (after any front matter)."""
        parsed = frontmatter.parse(self.text)
        return parsed.body_start_line if not parsed.errors else 1

    @cached_property
    def prose_lines(self) -> list[str]:
        masked = list(self.lines)
        for index in range(min(self.body_start_line - 1, len(masked))):
            masked[index] = ""
        fence: str | None = None
        for index in range(self.body_start_line - 1, len(masked)):
            line = masked[index]
            if fence is not None:
                masked[index] = ""
                stripped = line.strip()
                if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                    fence = None
                continue
            opening = _FENCE_OPEN.match(line)
            if opening:
                fence = opening.group("fence")
                masked[index] = ""
                continue
            masked[index] = _CODE_SPAN.sub(_blank, line)
        joined = _HTML_COMMENT.sub(_blank, "\n".join(masked))
        return joined.split("\n")

    def find_lines(self, pattern: str | re.Pattern[str], *, ignore_case: bool = False) -> list[int]:
        """1-based prose lines matching ``pattern`` (a literal string, or a compiled regex)."""
        if isinstance(pattern, str):
            pattern = re.compile(re.escape(pattern), re.IGNORECASE if ignore_case else 0)
        key = (pattern.pattern, pattern.flags)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = [
                number
                for number, line in enumerate(self.prose_lines, start=1)
                for _ in pattern.finditer(line)
            ]
        return found

    def locate(
        self, patterns: Iterable[str | re.Pattern[str]], *, occurrence: int = 0
    ) -> int | None:
        """Line of the ``occurrence``-th match of the first pattern that matches at all."""
        for pattern in patterns:
            found = self.find_lines(pattern, ignore_case=isinstance(pattern, str))
            if found:
                return found[min(occurrence, len(found) - 1)]
        return None


# --- Unsafe markup in HTML --------------------------------------------------------------------

# Attributes whose value a browser may load or navigate to.
_URL_ATTRIBUTES = frozenset(
    {
        "action",
        "background",
        "cite",
        "data",
        "formaction",
        "href",
        "longdesc",
        "manifest",
        "ping",
        "poster",
        "src",
        "xlink:href",
    }
)
# Browsers drop ASCII whitespace and control characters inside a URL scheme.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class UnsafeMarkup:
    """One unsafe element or attribute found in HTML, with text to look for in the source."""

    problem: Problem
    detail: str
    needles: tuple[str | re.Pattern[str], ...]


class _UnsafeMarkupFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[UnsafeMarkup] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.found.append(
                UnsafeMarkup(
                    Problem.RAW_SCRIPT,
                    "a <script> element runs code in every reader's browser; remove it",
                    (re.compile(r"<\s*script\b", re.IGNORECASE),),
                )
            )
        for name, value in attrs:
            if name.startswith("on") and len(name) > 2:
                self.found.append(
                    UnsafeMarkup(
                        Problem.EVENT_HANDLER_ATTRIBUTE,
                        f"`{name}=` on <{tag}> runs code in the reader's browser; remove it",
                        (re.compile(rf"\b{re.escape(name)}\s*=", re.IGNORECASE), name),
                    )
                )
            if name in _URL_ATTRIBUTES and value is not None:
                scheme_free = _IGNORED_IN_SCHEME.sub("", value).lower()
                if scheme_free.startswith("javascript:"):
                    self.found.append(
                        UnsafeMarkup(
                            Problem.JAVASCRIPT_URL,
                            f"{name}={value.strip()!r} on <{tag}> runs code when followed; "
                            "link to a page instead",
                            (value.strip(), re.compile(r"javascript\s*:", re.IGNORECASE)),
                        )
                    )

    handle_startendtag = handle_starttag


def find_unsafe_markup(html: str) -> list[UnsafeMarkup]:
    """Every ``<script>``, ``on*=`` attribute and ``javascript:`` URL in ``html``, in order."""
    finder = _UnsafeMarkupFinder()
    finder.feed(html)
    finder.close()
    return finder.found


# --- The checks -------------------------------------------------------------------------------

# How the theme inserts each front-matter field: parsing the value in that context
# shows exactly what a browser would see. The title lands in the body (<h1>, nav, ...)
# and the description inside a double-quoted attribute.
_RENDERED_FIELDS = {
    "title": "{}",
    "description": '<meta name="description" content="{}">',
}


def check_front_matter(source: str, *, path: str) -> list[SourceProblem]:
    """Front-matter problems of one note; ``path`` is how messages name it (``docs/x.md``)."""
    parsed = frontmatter.parse(source)
    problems = [
        SourceProblem(
            path,
            error.line,
            Problem(error.kind),
            f"{error.message.removeprefix('malformed front matter: ')} — {error.hint}",
        )
        for error in parsed.errors
    ]
    for field, template in _RENDERED_FIELDS.items():
        value = parsed.data.get(field)
        if isinstance(value, str):
            problems += check_rendered_text(
                value,
                template=template,
                where=f"front matter `{field}`",
                path=path,
                line=parsed.line_of(field),
            )
    return problems


def check_rendered_text(
    text: str, *, template: str = "{}", where: str, path: str, line: int
) -> list[SourceProblem]:
    """Unsafe markup in a text the theme inserts unescaped (a title, a description)."""
    return [
        SourceProblem(path, line, unsafe.problem, f"in {where}: {unsafe.detail}")
        for unsafe in find_unsafe_markup(template.format(text))
    ]


def check_rendered_html(html: str, *, source: str, path: str) -> list[SourceProblem]:
    """Unsafe markup in a page's rendered content, located in its Markdown ``source``."""
    markdown = MarkdownSource(source)
    seen: Counter[tuple[Problem, str]] = Counter()
    problems = []
    for unsafe in find_unsafe_markup(html):
        key = (unsafe.problem, unsafe.detail)
        line = markdown.locate(unsafe.needles, occurrence=seen[key])
        seen[key] += 1
        problems.append(
            SourceProblem(path, line or markdown.body_start_line, unsafe.problem, unsafe.detail)
        )
    return problems


def format_report(problems: Iterable[SourceProblem]) -> str:
    """All problems, one per line, sorted by file and line."""
    return "\n".join(str(problem) for problem in sorted(set(problems)))


def _nav_titles(nav: object) -> Iterable[str]:
    """Every title written in an ``nav:`` structure (``- Title: page.md`` and sections)."""
    if isinstance(nav, list):
        for item in nav:
            yield from _nav_titles(item)
    elif isinstance(nav, dict):
        for title, value in nav.items():
            yield str(title)
            yield from _nav_titles(value)


def check_nav_titles(nav: object, *, config_text: str, path: str) -> list[SourceProblem]:
    """Unsafe markup in the nav titles of ``mkdocs.yml`` (the theme renders them unescaped)."""
    config_lines = config_text.split("\n")
    problems = []
    for title in _nav_titles(nav):
        line = next((number for number, text in enumerate(config_lines, 1) if title in text), 1)
        problems += check_rendered_text(title, where="a nav title", path=path, line=line)
    return problems


def main(paths: Iterable[str]) -> int:
    """Front-matter checks on the given notes, for pre-commit: report, exit 1 on a problem.

    Markdown linters read a broken front matter block as Markdown and report list-indent
    noise instead; this names the YAML problem and its line before the commit is made.
    """
    problems = []
    for path in paths:
        with open(path, encoding="utf-8") as stream:
            problems += check_front_matter(stream.read(), path=path)
    if problems:
        print(format_report(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
