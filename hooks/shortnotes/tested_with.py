""" "Examples tested with …" under every note, and a line under every `requires`-marked block.

A Python-Markdown extension (so any Python-Markdown based builder can load it); the data comes
from tests/examples/versions.toml through `example_versions.load_versions`, the file the tests
take their configuration from. Its preprocessor reads the page's fences the way the examples
harness classifies them (tests/examples/page_parser.py; tests/test_example_versions.py checks
both agree on every note) and:

- appends one paragraph naming what the page's runnable examples were tested with, only the
  parts the page has: ```python blocks (Python), ```redis transcripts, redis-py code and
  redis.conf blocks (Redis), Kubernetes manifests;
- after a block marked `<!-- requires: redis >= 8.4 -->` (and after its Output blocks), adds a
  line saying what it needs and whether the tests run it on such a version.

Both paragraphs carry `data-search-exclude` (Material's search skips them: the same line on
every page would only be noise) and `no-autolink` (no glossary links in generated text).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from .example_versions import (
    REQUIRES_MARKER,
    SOFTWARE,
    Requirement,
    RequirementError,
    TestedVersions,
    parse_requirement,
    version_tuple,
)

_OPENING = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_LANGUAGE = re.compile(r"^[ \t]*[{.]*\s*\.?(?P<language>[\w#+-]+)")
_TITLE = re.compile(r"""title=(["'])(?P<title>.*?)\1""")
_IMPORTS_REDIS = re.compile(r"^\s*(?:import|from)\s+redis\b", re.MULTILINE)
_TOP_LEVEL_KEY = re.compile(r"^(apiVersion|kind):", re.MULTILINE)
_NOT_RUN = re.compile(r"^\s*<!--\s*not-run\b")
_CONFIG_FILES = ("redis.conf", "sentinel.conf")
#: The attributes of both generated paragraphs (attr_list syntax).
_ATTRIBUTES = "{ .%s .no-autolink data-search-exclude }"
#: What the page's examples use, in the order the line names them.
KINDS = ("python", "redis", "kubernetes")


@dataclass(frozen=True)
class PageFence:
    opening: int  # index of the opening line
    closing: int  # index of the closing line (the last line if the fence never closes)
    indent: str
    language: str
    title: str | None
    body: str
    not_run: bool
    requirement: Requirement | None

    def kinds(self) -> set[str]:
        """What running this block needs: `python`, `redis`, `kubernetes` (none if display-only)."""
        if self.not_run:
            return set()
        if self.language == "python":
            return {"python", "redis"} if _IMPORTS_REDIS.search(self.body) else {"python"}
        if self.language == "redis":
            return {"redis"}
        if self.language == "text" and (self.title or "").endswith(_CONFIG_FILES):
            return {"redis"}
        if self.language == "yaml" and {"apiVersion", "kind"} <= set(
            _TOP_LEVEL_KEY.findall(self.body)
        ):
            return {"kubernetes"}
        return set()

    @property
    def is_output(self) -> bool:
        return self.language == "text" and (self.title or "").startswith("Output")


def _marker_above(lines: list[str], opening: int) -> str | None:
    """The line two above the fence, when one blank line separates it from the fence."""
    if opening >= 2 and not lines[opening - 1].strip():
        return lines[opening - 2]
    return None


def read_fences(lines: list[str]) -> list[PageFence]:
    """The page's top-level fences (a fence inside a longer fence is content), in order."""
    # Only lines holding ``` or ~~~ can open or close a fence: one pass finds them, then
    # the fences are read from those lines alone (most of a page is prose).
    marks = [index for index, line in enumerate(lines) if "```" in line or "~~~" in line]
    fences = []
    position = 0
    while position < len(marks):
        index = marks[position]
        opening = _OPENING.match(lines[index])
        if opening is None:
            position += 1
            continue
        fence = opening["fence"]
        closing = len(lines)
        for mark in marks[position + 1 :]:
            candidate = lines[mark].strip()
            if candidate.startswith(fence) and not candidate.strip(fence[0]):
                closing = mark
                break
        info = opening["info"]
        language = _LANGUAGE.match(info)
        title = _TITLE.search(info)
        above = _marker_above(lines, index)
        requires = REQUIRES_MARKER.search(above) if above else None
        try:
            requirement = parse_requirement(requires["what"]) if requires else None
        except RequirementError:
            requirement = None  # the examples tests report it, with its line
        fences.append(
            PageFence(
                opening=index,
                closing=min(closing, len(lines) - 1),
                indent=opening["indent"],
                language=language["language"] if language else "",
                title=title["title"] if title else None,
                body="\n".join(
                    line[len(opening["indent"]) :] if line.startswith(opening["indent"]) else line
                    for line in lines[index + 1 : closing]
                ),
                not_run=bool(above and _NOT_RUN.match(above)),
                requirement=requirement,
            )
        )
        position = bisect_right(marks, closing)
    return fences


def page_kinds(lines: list[str]) -> set[str]:
    """What the page's runnable examples use (see `PageFence.kinds`)."""
    return set().union(*(fence.kinds() for fence in read_fences(lines)))


def tested_with_line(kinds: set[str], versions: TestedVersions) -> str | None:
    """`Examples tested with Python 3.11-3.14 (3.14 also free-threaded) · Redis 7.0.15`."""
    parts = []
    if "python" in kinds:
        python = f"Python {versions.python_range}"
        if versions.free_threaded:
            python += f" ({', '.join(versions.free_threaded)} also free-threaded)"
        parts.append(python)
    if "redis" in kinds:
        parts.append(f"Redis {versions.redis}")
    if "kubernetes" in kinds:
        parts.append(f"Kubernetes {versions.kubernetes_minor} (manifests schema-validated)")
    if not parts:
        return None
    return "Examples tested with " + " \N{MIDDLE DOT} ".join(parts)


def requirement_line(requirement: Requirement, versions: TestedVersions) -> str:
    """What a marked block needs, and whether the tests run it on such a version."""
    tested = versions.python if requirement.software == "python" else (versions.redis,)
    name = SOFTWARE[requirement.software]
    meeting = [version for version in tested if requirement.met_by(version)]
    needs = f"Needs {requirement.label} or later"
    if meeting:
        return f"{needs} \N{EM DASH} tested with {name} {', '.join(meeting)}."
    runs = ", ".join(sorted(tested, key=version_tuple))
    return f"{needs} \N{EM DASH} not tested here: the tests run {name} {runs}."


def _paragraph(indent: str, text: str, css_class: str) -> list[str]:
    # attr_list applies a list on the block's last line, alone, to the whole paragraph.
    return ["", f"{indent}{text}", f"{indent}{_ATTRIBUTES % css_class}", ""]


class TestedWithPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, versions: TestedVersions) -> None:
        super().__init__(md)
        self.versions = versions

    def run(self, lines: list[str]) -> list[str]:
        fences = read_fences(lines)
        insertions: dict[int, list[str]] = {}  # after line index -> lines to insert
        for position, fence in enumerate(fences):
            if fence.requirement is None or not fence.kinds():
                continue
            last = fence
            for following in fences[position + 1 :]:  # its Output blocks stay next to it
                between = lines[last.closing + 1 : following.opening]
                if not following.is_output or any(line.strip() for line in between):
                    break
                last = following
            text = requirement_line(fence.requirement, self.versions)
            insertions[last.closing] = _paragraph(fence.indent, text, "requires-note")
        result = []
        start = 0
        for index in sorted(insertions):
            result += lines[start : index + 1]
            result += insertions[index]
            start = index + 1
        result += lines[start:]
        line = tested_with_line(set().union(*(f.kinds() for f in fences)), self.versions)
        if line:
            result.extend(_paragraph("", line, "tested-with"))
        return result


class TestedWithExtension(Extension):
    """Register with the tested versions: `TestedWithExtension(load_versions(root))`."""

    def __init__(self, versions: TestedVersions, **kwargs: object) -> None:
        self.versions = versions
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # 29: after normalize_whitespace (30) and snippets (32), before superfences stashes
        # fences (25) and raw HTML is stashed (20).
        md.preprocessors.register(TestedWithPreprocessor(md, self.versions), "tested_with", 29)
