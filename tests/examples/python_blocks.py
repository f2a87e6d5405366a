"""```python blocks: executed in page order in the page's namespace, printed output compared.

Rules (CONTRIBUTING.md): one namespace per page, shared by its tabs; if the block prints, the
next fence (only blank lines between) is ```` ```text title="Output" ```` and matches exactly,
up to trailing whitespace on each line and trailing blank lines. Output that legitimately
differs by version goes in a version-qualified Output block right after the default one,
```` ```text title="Output (Python 3.12+)" ````: each interpreter compares with the last block
whose version it has. On pages that use Redis the literal port `6379` in the code is pointed at
the test server. A block runs in this process (block_exec.run_block) or, on a page copy for
another interpreter, in that interpreter's child (interpreters.ChildPython); both report the
same way.
"""

from __future__ import annotations

import ast
import difflib
import platform
import re
import sys
import sysconfig
from dataclasses import dataclass

from sybil import Example

from .block_exec import BlockOutcome, run_block
from .pages import NotePage
from .redis_server import point_at_test_server

#: A block running longer than this is stopped: a hung example must not hang the test run.
TIME_LIMIT_SECONDS = 30


#: `Output (Python 3.12+)`: the title of a version-qualified Output block.
#: `Output (Python 3.12+)`, or `Output (Python 3.14t+)` for free-threaded builds only.
QUALIFIED_OUTPUT = re.compile(r"^Output \(Python (?P<since>3\.\d+)(?P<t>t?)\+\)$")


@dataclass(frozen=True)
class ExpectedOutput:
    text: str
    line: int  # the page line of the Output fence
    since: tuple[int, int] | None = None  # `Output (Python 3.12+)` -> (3, 12); None: default
    free_threaded: bool = False  # `Output (Python 3.14t+)`: free-threaded builds only

    @property
    def title(self) -> str:
        if self.since is None:
            return "Output"
        build = "t" if self.free_threaded else ""
        return f"Output (Python {self.since[0]}.{self.since[1]}{build}+)"


@dataclass(frozen=True)
class PythonBlock:
    source: str
    first_line: int  # the page line of the code's first line
    outputs: tuple[ExpectedOutput, ...]  # the default Output block first, then qualified ones
    needs_redis: bool  # imports redis-py: the page gets the test server and the `redis` marker

    def output_for(self, version: tuple[int, int], free_threaded: bool) -> ExpectedOutput | None:
        """The Output block an interpreter of `version` compares with: the last one it has."""
        chosen = None
        for output in self.outputs:
            if output.since is None or (
                version >= output.since and (free_threaded or not output.free_threaded)
            ):
                chosen = output
        return chosen


_IMPORT_REDIS = re.compile(r"^\s*(?:import|from)\s+redis\b", re.MULTILINE)


def imports_redis(source: str) -> bool:
    """Whether the code imports redis-py (`import redis`, `from redis... import ...`)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # newer syntax than this interpreter's (a `requires: python` block)
        return bool(_IMPORT_REDIS.search(source))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            alias.name.split(".")[0] == "redis" for alias in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "redis":
            return True
    return False


def normalise_output(text: str) -> list[str]:
    """Lines without trailing whitespace, and no trailing blank lines."""
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def harness_tag() -> str:
    """`3.11`, or `3.14t` for a free-threaded build: the interpreter running the tests."""
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    return f"{sys.version_info.major}.{sys.version_info.minor}" + ("t" if free_threaded else "")


def _running_on(page: NotePage) -> tuple[str, tuple[int, int], str]:
    """(version, (major, minor), suffix for messages) of the interpreter running the page."""
    if page.interpreter is None:
        return platform.python_version(), sys.version_info[:2], ""
    version = page.interpreter.version
    major, minor = (int(part) for part in version.split(".")[:2])
    return version, (major, minor), f" (on {page.interpreter.label})"


def python_version_of(page: NotePage) -> str:
    """The version of the interpreter the page's python blocks run on (`requires` markers)."""
    return _running_on(page)[0]


def evaluate_python_block(example: Example) -> str | None:
    page: NotePage = example.document  # type: ignore[assignment]
    block: PythonBlock = example.parsed
    source = block.source
    if page.redis is not None:
        source = point_at_test_server(source, page.redis.port)
    if page.child is not None:
        outcome = page.child.run(source, block.first_line, page.path, TIME_LIMIT_SECONDS)
    else:
        outcome = run_block(source, block.first_line, page.path, page.module, TIME_LIMIT_SECONDS)
    _, version, on = _running_on(page)
    return _describe(page, page.where(example.line), block, outcome, version, on)


def _describe(
    page: NotePage,
    where: str,
    block: PythonBlock,
    outcome: BlockOutcome,
    version: tuple[int, int],
    on: str,
) -> str | None:
    if outcome.does_not_compile:
        problem = outcome.does_not_compile
        return (
            f"{page.where(problem.line)}: ```python block does not compile{on}: "
            f"{problem.message} — fix it, or mark the block (see CONTRIBUTING.md)"
        )
    if outcome.raised:
        raised = outcome.raised
        at = f" at {page.where(raised.line)}" if raised.line else ""
        printed = f"\nIt printed before failing:\n{outcome.printed}" if outcome.printed else ""
        return (
            f"{where}: ```python block raised {raised.type}{at}{on}: {raised.message}\n"
            f"{raised.traceback}{printed}"
        )
    free_threaded = (
        page.interpreter.tag.endswith("t") if page.interpreter else harness_tag().endswith("t")
    )
    expected = block.output_for(version, free_threaded)
    return _compare_output(page, where, expected, outcome.printed, on)


def _compare_output(
    page: NotePage, where: str, expected: ExpectedOutput | None, printed: str, on: str
) -> str | None:
    actual_lines = normalise_output(printed)
    if expected is None:
        if not actual_lines:
            return None
        return (
            f'{where}: ```python block printed output{on} but no ```text title="Output" block '
            f"follows it — add one right after the block, showing:\n{printed}"
        )
    expected_lines = normalise_output(expected.text)
    if expected_lines == actual_lines:
        return None
    output_where = page.where(expected.line)
    diff = difflib.unified_diff(
        expected_lines,
        actual_lines,
        fromfile=f"{output_where} ({expected.title} block)",
        tofile="what the code printed",
        lineterm="",
    )
    return (
        f"{output_where}: printed output differs from the {expected.title} block{on}\n"
        + "\n".join(diff)
    )
