"""The authoring rules of CONTRIBUTING.md ("Code examples: tabs, and every example is tested")
as one Sybil parser.

Every fenced block of a page is exactly one of:

- ```python: executed (python_blocks.py), with the ```text title="Output" block right after it;
- ```redis: a redis-cli transcript, replayed (redis_transcripts.py);
- ```yaml with top-level apiVersion and kind in every document: a Kubernetes manifest or a
  component config, validated (manifests.py, component_configs.py);
- ```text title="redis.conf" or "sentinel.conf" (or a path ending in one): started with
  redis-server (redis_conf.py);
- ```text without a title: display-only;
- any block after `<!-- not-run: reason -->` + one blank line: display-only, and so is the
  Output block right after it;
- anything else is a failure at its line, including a python block that does not compile and
  a yaml block that is neither a manifest nor marked.

Tab titles (`=== "Label"`) must use a label from tab_labels.txt. A broken rule becomes a
region whose evaluator reports the problem, so it fails as the pytest item `docs/x.md:<line>`.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from sybil import Document, Example, Region

from .lexers import Fence, LexedPage, NotRunMarker, lex_page
from .manifests import ManifestBlock, evaluate_manifest_block
from .pages import NotePage, relative_path
from .python_blocks import ExpectedOutput, PythonBlock, evaluate_python_block, imports_redis
from .redis_conf import RedisConf, config_file_name, evaluate_redis_conf
from .redis_transcripts import TranscriptError, evaluate_transcript, parse_transcript
from .tabs import TAB_LABELS_FILE, allowed_tab_labels
from .yaml_documents import load_documents

_MARK_IT = "add `<!-- not-run: reason -->` above it"
# Material's code annotation marker, `# (1)!`. The site enables annotations per block (the
# global feature costs too much main-thread time), so a marker in a block without the
# `.annotate` class would show as a bare comment.
_ANNOTATION_MARKER = re.compile(r"\(\d+\)!")
_BLANK_LINES = re.compile(r"[ \t]*\n(?:[ \t]*\n)*")


@dataclass(frozen=True)
class Problem:
    """A rule broken on the page; evaluating it reports the message at the line."""

    line: int
    message: str
    needs_redis: bool = False


def report_problem(example: Example) -> str:
    page: NotePage = example.document  # type: ignore[assignment]
    problem: Problem = example.parsed
    return f"{page.where(problem.line)}: {problem.message}"


def _problem(start: int, end: int, line: int, message: str) -> Region:
    return Region(start, end, parsed=Problem(line, message), evaluator=report_problem)


def _is_output(fence: Fence) -> bool:
    return fence.info.language == "text" and fence.info.title == "Output"


class PageParser:
    """Sybil parser: one region per runnable block, and one per broken rule."""

    def __call__(self, document: Document) -> Iterator[Region]:
        lexed = lex_page(document)
        not_run = yield from self._not_run_markers(lexed, document.text)
        yield from self._tab_labels(lexed)
        yield from self._fences(lexed.fences, not_run, document.text)

    def _not_run_markers(self, lexed: LexedPage, text: str) -> Generator[Region, None, set[int]]:
        """Problems with markers; returns the indexes of the fences the markers apply to."""
        not_run: set[int] = set()
        starts = {fence.start: index for index, fence in enumerate(lexed.fences)}
        for marker in lexed.markers:
            gap = _BLANK_LINES.match(text, marker.end)
            fence_index = starts.get(gap.end()) if gap else None
            message = _marker_problem(marker, gap, fence_index)
            if message:
                yield _problem(marker.start, marker.end, marker.line, message)
            if fence_index is not None:
                not_run.add(fence_index)
        return not_run

    def _tab_labels(self, lexed: LexedPage) -> Iterator[Region]:
        allowed = allowed_tab_labels()
        for tab in lexed.tabs:
            if tab.label not in allowed:
                message = (
                    f'unknown tab label "{tab.label}" — use one from '
                    f"{relative_path(TAB_LABELS_FILE)} (see CONTRIBUTING.md), "
                    "or add it there with a reason"
                )
                yield _problem(tab.start, tab.end, tab.line, message)

    def _fences(self, fences: list[Fence], not_run: set[int], text: str) -> Iterator[Region]:
        shown_with: set[int] = set()  # Output blocks that belong to the block before them
        unmarked: set[int] = set()  # blocks already reported as neither run nor marked
        for index, fence in enumerate(fences):
            if index in shown_with:
                continue
            if _ANNOTATION_MARKER.search(fence.body) and "annotate" not in fence.info.classes:
                message = (
                    "code annotation marker `(N)!` in a block without the .annotate class — "
                    f"open the fence as ``` {{ .{fence.info.language or 'text'} .annotate }}"
                )
                yield _problem(fence.start, fence.end, fence.line, message)
            following = fences[index + 1] if index + 1 < len(fences) else None
            output = None
            if (
                following
                and _is_output(following)
                and not text[fence.end : following.start].strip()
            ):
                output = following
            if index in not_run:
                if output:
                    shown_with.add(index + 1)
                continue
            language = fence.info.language
            if language == "python":
                if output:
                    shown_with.add(index + 1)
                yield self._python(fence, output)
            elif language == "redis":
                yield self._redis(fence)
            elif language == "yaml":
                yield self._yaml(fence)
            elif language == "text":
                region = self._text(fence, fences, index, unmarked, text)
                if region:
                    yield region
            else:
                unmarked.add(index)
                what = f"```{language} block" if language else "``` block without a language"
                message = f"{what} is neither run nor marked — {_MARK_IT}"
                if not language:
                    message += " (or make it ```text: display-only)"
                yield _problem(fence.start, fence.end, fence.line, message)

    def _python(self, fence: Fence, output: Fence | None) -> Region:
        try:
            compile(fence.body, "<block>", "exec", dont_inherit=True)
        except SyntaxError as error:
            line = fence.body_line + (error.lineno or 1) - 1
            hint = (
                " (write plain code, not a `>>>` session)" if fence.body.startswith(">>>") else ""
            )
            message = f"```python block does not compile: {error.msg}{hint} — fix it, or {_MARK_IT}"
            return _problem(fence.start, fence.end, line, message)
        block = PythonBlock(
            source=fence.body,
            first_line=fence.body_line,
            output=ExpectedOutput(output.body, output.line) if output else None,
            needs_redis=imports_redis(fence.body),
        )
        return Region(fence.start, fence.end, parsed=block, evaluator=evaluate_python_block)

    def _redis(self, fence: Fence) -> Region:
        try:
            transcript = parse_transcript(fence.body, first_line=fence.body_line)
        except TranscriptError as error:
            message = f"```redis transcript: {error} — fix it, or {_MARK_IT}"
            return _problem(fence.start, fence.end, error.line, message)
        return Region(fence.start, fence.end, parsed=transcript, evaluator=evaluate_transcript)

    def _yaml(self, fence: Fence) -> Region:
        try:
            documents = load_documents(fence.body, first_line=fence.body_line)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = fence.body_line + mark.line if mark else fence.line
            message = f"```yaml block does not parse: {error} — fix it, or {_MARK_IT}"
            return _problem(fence.start, fence.end, line, message)
        fragments = [d for d in documents if not d.has_type_fields]
        if len(fragments) == len(documents):
            message = (
                "```yaml block is neither run nor marked: it is not a Kubernetes manifest "
                f"(no top-level apiVersion and kind) — write a complete object, or {_MARK_IT}"
            )
            return _problem(fence.start, fence.end, fence.line, message)
        if fragments:
            message = (
                "YAML document without apiVersion and kind: write complete objects, never fragments"
            )
            return _problem(fence.start, fence.end, fragments[0].line_of([]), message)
        block = ManifestBlock(fence.body, fence.body_line, tuple(documents))
        return Region(fence.start, fence.end, parsed=block, evaluator=evaluate_manifest_block)

    def _text(
        self, fence: Fence, fences: list[Fence], index: int, unmarked: set[int], text: str
    ) -> Region | None:
        title = fence.info.title
        if title is None:
            return None  # display-only text
        config_file = config_file_name(title)
        if config_file:
            conf = RedisConf(config_file, fence.body, fence.body_line)
            return Region(fence.start, fence.end, parsed=conf, evaluator=evaluate_redis_conf)
        if title == "Output":
            before = fences[index - 1] if index else None
            if before and index - 1 in unmarked and not text[before.end : fence.start].strip():
                return None  # its block is already reported
            message = (
                "an Output block must come right after (only blank lines between) the ```python "
                "block whose output it shows, or after a not-run block"
            )
            return _problem(fence.start, fence.end, fence.line, message)
        message = (
            f'```text block titled "{title}" is neither run nor marked — drop the title '
            f"(display-only text), or {_MARK_IT}"
        )
        return _problem(fence.start, fence.end, fence.line, message)


def _marker_problem(
    marker: NotRunMarker, gap: re.Match[str] | None, fence_index: int | None
) -> str:
    if not marker.single_line:
        return "keep the not-run marker on one line: `<!-- not-run: reason -->`"
    if not marker.reason:
        return "not-run marker with an empty reason — say why the block cannot run here"
    if fence_index is None:
        return "a not-run marker must be followed by one blank line, then the block it applies to"
    if gap is None or gap.group().count("\n") != 2:
        return (
            "put exactly one blank line between the not-run marker and its block "
            "(without it Python-Markdown wraps the block in a paragraph)"
        )
    return ""


PAGE_PARSER = PageParser()


def _parse(page: NotePage) -> NotePage:
    for region in PAGE_PARSER(page):
        page.add(region)
    return page


def load_page(path: Path) -> NotePage:
    """Read and parse one Markdown file; failures name it relative to the repository root."""
    return _parse(NotePage(path.read_text(encoding="utf-8"), relative_path(path)))


def page_from_text(text: str, path: str = "docs/example.md") -> NotePage:
    """Parse Markdown given as a string (unit tests), reported under `path`."""
    return _parse(NotePage(text, path))
