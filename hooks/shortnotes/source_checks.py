"""Source checks: problems in a note that MkDocs would render silently, or unsafely.

Each is reported as ``docs/<file>.md:<line>: <class>: <detail> — <what to do>``:

* the file itself: not UTF-8, or starting with a byte-order mark;
* front matter (before rendering): malformed YAML, a block that is not a mapping, YAML
  anchors and aliases (rejected before anything is expanded), a first line that
  MultiMarkdown would swallow as metadata, and the schema of ``shortnotes.frontmatter_schema``
  (unknown keys, wrong types, markup in text the theme inserts unescaped);
* rendered content (during the build): everything outside the site's HTML policy
  (``shortnotes.html_policy``), parsed the way a browser parses it, then located in the
  Markdown source by searching its prose (front matter, fenced code, code spans and HTML
  comments masked out);
* nav titles written in mkdocs.yml (rendered unescaped too), as ``mkdocs.yml:<line>``;
* the other files of docs/: images only, and SVG files within the policy for them.

No MkDocs import: ``hooks/source_checks.py`` routes MkDocs events here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from shortnotes import frontmatter, frontmatter_schema, html_policy


class Problem(StrEnum):
    """The class of a source problem, as printed in every message."""

    MALFORMED_FRONT_MATTER = "malformed-front-matter"
    FRONT_MATTER_NOT_MAPPING = "front-matter-not-mapping"
    MULTIMARKDOWN_METADATA = "multimarkdown-metadata"
    YAML_ALIAS = "yaml-alias"
    FRONT_MATTER_SCHEMA = "front-matter-schema"
    NOT_UTF8 = "not-utf-8"
    # the HTML policy (shortnotes.html_policy)
    ELEMENT_NOT_ALLOWED = "element-not-allowed"
    ATTRIBUTE_NOT_ALLOWED = "attribute-not-allowed"
    URL_NOT_ALLOWED = "url-not-allowed"
    RESERVED_ID = "reserved-id"
    HTML_NOT_CLOSED = "html-not-closed"
    # what may be published (shortnotes.publication)
    OUTSIDE_DOCS = "outside-docs"
    SNIPPET_POLICY = "snippet-policy"
    FILE_NOT_PUBLISHED = "file-not-published"
    SVG_NOT_ALLOWED = "svg-not-allowed"


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
        self,
        patterns: Iterable[str | re.Pattern[str] | Callable[[Sequence[str]], list[int]]],
        *,
        occurrence: int = 0,
    ) -> int | None:
        """Line of the ``occurrence``-th match of the first pattern that matches at all (a
        function of the prose lines gives its lines itself)."""
        for pattern in patterns:
            if callable(pattern):
                found = pattern(self.prose_lines)
            else:
                found = self.find_lines(pattern, ignore_case=isinstance(pattern, str))
            if found:
                return found[min(occurrence, len(found) - 1)]
        return None


# --- The checks -------------------------------------------------------------------------------


def check_encoding(raw: bytes, *, path: str) -> list[SourceProblem]:
    """A note must be UTF-8 without a byte-order mark (MkDocs would drop the mark silently)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return [
            SourceProblem(
                path,
                1,
                Problem.NOT_UTF8,
                "the file starts with a byte-order mark; save it as UTF-8 without BOM",
            )
        ]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return [
            SourceProblem(
                path,
                line,
                Problem.NOT_UTF8,
                f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8",
            )
        ]
    return []


@dataclass
class FrontMatterCheck:
    """The front-matter problems of one note, and the keys that must never be rendered."""

    problems: list[SourceProblem]
    rejected_keys: frozenset[str]


def read_front_matter(source: str, *, path: str, statuses: Iterable[str] = ()) -> FrontMatterCheck:
    """Parse and check one note's front matter; ``path`` names it in messages (``docs/x.md``)."""
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
    schema_errors = frontmatter_schema.check(parsed, statuses=tuple(statuses))
    problems += [
        SourceProblem(
            path, error.line, Problem.FRONT_MATTER_SCHEMA, f"{error.message} — {error.hint}"
        )
        for error in schema_errors
    ]
    return FrontMatterCheck(problems, frozenset(error.key for error in schema_errors))


def check_front_matter(
    source: str, *, path: str, statuses: Iterable[str] = ()
) -> list[SourceProblem]:
    """Front-matter problems of one note (see ``read_front_matter``)."""
    return read_front_matter(source, path=path, statuses=statuses).problems


def check_rendered_html(
    html: str, *, source: str | Callable[[], str], path: str
) -> list[SourceProblem]:
    """Everything in a page's rendered content outside the HTML policy, located in ``source``
    (the note's Markdown, or what reads it: read only when there is something to locate)."""
    violations = html_policy.find_violations(html)
    if not violations:
        return []
    markdown = MarkdownSource(source if isinstance(source, str) else source())
    seen: Counter[tuple[str, str]] = Counter()
    problems = []
    for violation in violations:
        key = (violation.kind, violation.detail)
        line = markdown.locate(violation.needles, occurrence=seen[key])
        seen[key] += 1
        problems.append(
            SourceProblem(
                path, line or markdown.body_start_line, Problem(violation.kind), violation.detail
            )
        )
    return problems


def check_published_file(name: str, data: bytes, *, path: str) -> list[SourceProblem]:
    """A file of docs/ that is not a note: an image type, and an SVG within the policy."""
    suffix = Path(name).suffix.lower()
    if suffix not in html_policy.PUBLISHED_FILE_TYPES:
        return [
            SourceProblem(
                path,
                1,
                Problem.FILE_NOT_PUBLISHED,
                f"`{suffix or name}` files are not published from docs/ (only images and text: "
                f"{', '.join(sorted(html_policy.PUBLISHED_FILE_TYPES))}); remove it, or "
                "write the content as a note",
            )
        ]
    if suffix != ".svg":
        return []
    return [
        SourceProblem(path, line, Problem.SVG_NOT_ALLOWED, detail)
        for line, detail in html_policy.find_svg_file_violations(data)
    ]


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
    """Nav titles of ``mkdocs.yml`` must be plain text (the theme renders them unescaped)."""
    config_lines = config_text.split("\n")
    problems = []
    for title in _nav_titles(nav):
        problem = frontmatter_schema.plain_text_problem(title)
        if problem:
            line = next((n for n, text in enumerate(config_lines, 1) if title in text), 1)
            problems.append(
                SourceProblem(
                    path,
                    line,
                    Problem.FRONT_MATTER_SCHEMA,
                    f"nav title {title!r} {problem} — write plain text",
                )
            )
    return problems


def main(paths: Iterable[str]) -> int:
    """Front-matter checks on the given notes, for pre-commit: report, exit 1 on a problem.

    Markdown linters read a broken front matter block as Markdown and report list-indent
    noise instead; this names the YAML problem and its line before the commit is made.
    """
    problems = []
    for path in paths:
        with open(path, "rb") as stream:
            raw = stream.read()
        encoding_problems = check_encoding(raw, path=path)
        problems += encoding_problems or check_front_matter(raw.decode("utf-8"), path=path)
    if problems:
        print(format_report(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
