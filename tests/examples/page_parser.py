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
- ```dot: a diagram, drawn (and its source checked) by the build, tests/test_diagrams.py;
- any block after `<!-- not-run: reason -->` + one blank line: display-only, and so is the
  Output block right after it;
- a ```python or ```redis block after `<!-- requires: redis >= 8.4 -->` + one blank line: run
  everywhere, and it must pass where the version is available and fail where it is not
  (requirements.py);
- after a python block's Output block, version-qualified ones (`Output (Python 3.12+)`), in
  increasing version order, each for a version the notes are tested with;
- anything else is a failure at its line, including a python block that does not compile and
  a yaml block that is neither a manifest nor marked.

Tab titles (`=== "Label"`) must use a label from tab_labels.txt. A broken rule becomes a
region whose evaluator reports the problem, so it fails as the pytest item `docs/x.md:<line>`.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from shortnotes.example_versions import Requirement, RequirementError, parse_requirement
from sybil import Document, Example, Region

from .lexers import Fence, LexedPage, NotRunMarker, lex_page
from .manifests import ManifestBlock, evaluate_manifest_block
from .pages import NotePage, relative_path
from .python_blocks import (
    QUALIFIED_OUTPUT,
    ExpectedOutput,
    PythonBlock,
    evaluate_python_block,
    imports_redis,
)
from .redis_conf import RedisConf, config_file_name, evaluate_redis_conf
from .redis_transcripts import TranscriptError, evaluate_transcript, parse_transcript
from .requirements import requiring
from .tabs import TAB_LABELS_FILE, allowed_tab_labels
from .tested_versions import TESTED_VERSIONS
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
    """The default Output block, or a version-qualified one (`Output (Python 3.12+)`)."""
    title = fence.info.title or ""
    return fence.info.language == "text" and (title == "Output" or title.startswith("Output ("))


class PageParser:
    """Sybil parser: one region per runnable block, and one per broken rule."""

    def __call__(self, document: Document) -> Iterator[Region]:
        lexed = lex_page(document)
        markers = yield from self._markers(lexed, document.text)
        yield from self._tab_labels(lexed)
        yield from self._fences(lexed.fences, markers, document.text)

    def _markers(self, lexed: LexedPage, text: str) -> Generator[Region, None, _Markers]:
        """Problems with markers; returns the fences the markers apply to."""
        markers = _Markers()
        starts = {fence.start: index for index, fence in enumerate(lexed.fences)}
        # Python blocks on one page share a namespace: a block may use the client an earlier
        # block made (`r = redis.Redis(...)`) without importing redis itself.
        page_uses_redis = any(
            fence.info.language == "python" and imports_redis(fence.body) for fence in lexed.fences
        )
        for marker in lexed.markers:
            gap = _BLANK_LINES.match(text, marker.end)
            fence_index = starts.get(gap.end()) if gap else None
            message = _marker_problem(marker, gap, fence_index)
            requirement = None
            if not message and marker.kind == "requires":
                try:
                    requirement = parse_requirement(marker.reason)
                except RequirementError as error:
                    message = str(error)
                else:
                    fence = lexed.fences[fence_index]
                    message = _requirement_problem(requirement, fence, page_uses_redis)
            if message:
                yield _problem(marker.start, marker.end, marker.line, message)
                if marker.kind == "requires":
                    continue  # the block runs as an unmarked one
            if fence_index is None:
                continue
            if marker.kind == "not-run":
                markers.not_run.add(fence_index)
            elif requirement is not None:
                markers.requires[fence_index] = (requirement, marker.line)
        return markers

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

    def _fences(self, fences: list[Fence], markers: _Markers, text: str) -> Iterator[Region]:
        shown_with: set[int] = set()  # Output blocks that belong to the block before them
        unmarked: set[int] = set()  # blocks already reported as neither run nor marked
        for index in range(len(fences)):
            if index in shown_with:
                continue
            for region in self._block(fences, index, markers, text, shown_with, unmarked):
                if index in markers.requires and region.evaluator is not report_problem:
                    requirement, line = markers.requires[index]
                    region.evaluator = requiring(region.evaluator, requirement, line)
                yield region

    def _block(
        self,
        fences: list[Fence],
        index: int,
        markers: _Markers,
        text: str,
        shown_with: set[int],
        unmarked: set[int],
    ) -> Iterator[Region]:
        not_run = markers.not_run
        fence = fences[index]
        if _ANNOTATION_MARKER.search(fence.body) and "annotate" not in fence.info.classes:
            message = (
                "code annotation marker `(N)!` in a block without the .annotate class — "
                f"open the fence as ``` {{ .{fence.info.language or 'text'} .annotate }}"
            )
            yield _problem(fence.start, fence.end, fence.line, message)
        outputs = _outputs_after(fences, index, text)
        if index in not_run:
            shown_with.update(range(index + 1, index + 1 + len(outputs)))
            return
        language = fence.info.language
        if language == "python":
            shown_with.update(range(index + 1, index + 1 + len(outputs)))
            problem = _outputs_problem(outputs)
            if problem:
                yield problem
            else:
                yield self._python(fence, outputs, compile_here=index not in markers.requires)
        elif language == "redis":
            yield self._redis(fence)
        elif language == "yaml":
            yield self._yaml(fence)
        elif language == "dot":
            return  # a diagram: drawn and checked by the build (hooks/diagrams.py)
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

    def _python(self, fence: Fence, outputs: list[Fence], *, compile_here: bool) -> Region:
        try:
            # A `requires: python` block may use syntax this interpreter lacks: it runs anyway.
            if compile_here:
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
            outputs=tuple(
                ExpectedOutput(
                    output.body,
                    output.line,
                    _qualified_since(output),
                    _qualified_since(output, free_threaded=True) is not None,
                )
                for output in outputs
            ),
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
        if _is_output(fence):
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


@dataclass
class _Markers:
    not_run: set[int] = field(default_factory=set)  # fence indexes
    requires: dict[int, tuple[Requirement, int]] = field(default_factory=dict)  # -> marker line


def _marker_problem(
    marker: NotRunMarker, gap: re.Match[str] | None, fence_index: int | None
) -> str:
    kind = marker.kind
    if not marker.single_line:
        return f"keep the {kind} marker on one line: `<!-- {kind}: reason -->`"
    if not marker.reason:
        if kind == "requires":
            return "requires marker without a version — write `<!-- requires: redis >= 8.4 -->`"
        return "not-run marker with an empty reason — say why the block cannot run here"
    if fence_index is None:
        return f"a {kind} marker must be followed by one blank line, then the block it applies to"
    if gap is None or gap.group().count("\n") != 2:
        return (
            f"put exactly one blank line between the {kind} marker and its block "
            "(without it Python-Markdown wraps the block in a paragraph)"
        )
    return ""


def _requirement_problem(requirement: Requirement, fence: Fence, page_uses_redis: bool) -> str:
    """A requires marker only fits a block that runs on what it names."""
    language = fence.info.language
    fits = language == "python" or (language == "redis" and requirement.software == "redis")
    if language == "python" and requirement.software == "redis":
        fits = page_uses_redis
    if fits:
        return ""
    return (
        f"`requires: {requirement.software}` on a ```{language or 'text'} block, which does not "
        f"run on {requirement.label.split()[0]} — put it above a ```python or ```redis block "
        "that does, or use `<!-- not-run: reason -->`"
    )


def _outputs_after(fences: list[Fence], index: int, text: str) -> list[Fence]:
    """The Output blocks right after fence `index` (only blank lines between each)."""
    outputs: list[Fence] = []
    last = fences[index]
    for following in fences[index + 1 :]:
        if not _is_output(following) or text[last.end : following.start].strip():
            break
        outputs.append(following)
        last = following
    return outputs


def _qualified_since(output: Fence, *, free_threaded: bool = False) -> tuple[int, int] | None:
    """(3, 12) for `Output (Python 3.12+)`; with free_threaded, only for `3.14t+` titles."""
    match = QUALIFIED_OUTPUT.match(output.info.title or "")
    if match is None or (free_threaded and not match["t"]):
        return None
    major, minor = match["since"].split(".")
    return int(major), int(minor)


def _outputs_problem(outputs: list[Fence]) -> Region | None:
    """One default Output block, then qualified ones for tested versions, in increasing order."""
    tested = [tuple(int(p) for p in v.split(".")) for v in TESTED_VERSIONS.python]
    previous: Fence | None = None
    free_tested = [tuple(int(p) for p in v.split(".")) for v in TESTED_VERSIONS.free_threaded]
    previous_since: tuple[int, int, bool] | None = None
    for position, output in enumerate(outputs):
        title = output.info.title or ""
        since = _qualified_since(output)
        free_threaded = _qualified_since(output, free_threaded=True) is not None
        key = (*since, free_threaded) if since else None
        message = ""
        if position == 0 and title != "Output":
            message = (
                f'a "{title}" block must follow the block\'s default ```text title="Output" '
                "block (the output on the oldest tested version)"
            )
        elif position and since is None:
            message = (
                f'"{title}" is not a version-qualified Output block — write '
                '```text title="Output (Python 3.12+)" (the version from which the output '
                "differs), or merge it into the Output block above"
            )
        elif since is not None:
            version = f"{since[0]}.{since[1]}"
            if free_threaded and since not in free_tested:
                message = (
                    f"Python {version}t is not a free-threaded version the examples are tested "
                    f"with ({', '.join(TESTED_VERSIONS.free_threaded) or 'none'}, "
                    "tests/examples/versions.toml `free_threaded`)"
                )
            elif since not in tested:
                message = (
                    f"Python {version} is not a version the examples are tested with "
                    f"({', '.join(TESTED_VERSIONS.python)}, tests/examples/versions.toml) — "
                    "qualify the block with one of them"
                )
            elif since == tested[0] and not free_threaded:
                message = (
                    f"every tested version is Python {version} or later — make this the "
                    "default Output block"
                )
            elif previous_since is not None and key <= previous_since:
                message = "version-qualified Output blocks go in increasing version order"
            elif previous is not None and previous.body == output.body:
                message = (
                    f'this "{title}" block shows the same output as the block above — remove it'
                )
        if message:
            return _problem(output.start, output.end, output.line, message)
        previous, previous_since = output, key or previous_since
    return None


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
