"""```python blocks: executed in page order in the page's namespace, printed output compared.

Rules (CONTRIBUTING.md): one namespace per page, shared by its tabs; if the block prints, the
next fence (only blank lines between) is ```` ```text title="Output" ```` and matches exactly,
up to trailing whitespace on each line and trailing blank lines. On pages that use Redis the
literal port `6379` in the code is pointed at the test server.
"""

from __future__ import annotations

import ast
import difflib
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType

from sybil import Example
from sybil.evaluators.python import pad

from .capture import captured_stdout
from .pages import NotePage
from .redis_server import point_at_test_server

#: A block running longer than this is stopped: a hung example must not hang the test run.
TIME_LIMIT_SECONDS = 30


@dataclass(frozen=True)
class ExpectedOutput:
    text: str
    line: int  # the page line of the Output fence


@dataclass(frozen=True)
class PythonBlock:
    source: str
    first_line: int  # the page line of the code's first line
    output: ExpectedOutput | None
    needs_redis: bool  # imports redis-py: the page gets the test server and the `redis` marker


def imports_redis(source: str) -> bool:
    """Whether the code imports redis-py (`import redis`, `from redis... import ...`)."""
    for node in ast.walk(ast.parse(source)):
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


class BlockTimedOut(Exception):
    pass


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Raise BlockTimedOut in the block's code after `seconds` (main thread only: SIGALRM)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise BlockTimedOut(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _as_main_module(module: ModuleType) -> Iterator[None]:
    """Make the page's module `__main__` while its code runs, as `python page.py` would."""
    saved = sys.modules.get("__main__")
    sys.modules["__main__"] = module
    try:
        yield
    finally:
        if saved is not None:
            sys.modules["__main__"] = saved


def _page_traceback(error: BaseException, page_path: str) -> str:
    """The traceback from the first frame in the page on: the harness's frames are noise."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != page_path:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(error), error, tb or error.__traceback__))


def _last_page_line(error: BaseException, page_path: str) -> int | None:
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == page_path]
    return frames[-1].lineno if frames else None


def evaluate_python_block(example: Example) -> str | None:
    page: NotePage = example.document  # type: ignore[assignment]
    block: PythonBlock = example.parsed
    source = block.source
    if page.redis is not None:
        source = point_at_test_server(source, page.redis.port)
    # Padding keeps line numbers in tracebacks equal to the page's own line numbers.
    code = compile(pad(source, block.first_line - 1), page.path, "exec", dont_inherit=True)
    where = page.where(example.line)
    try:
        with (
            captured_stdout() as captured,
            _time_limit(TIME_LIMIT_SECONDS),
            _as_main_module(page.module),
        ):
            exec(code, example.namespace)
    except (Exception, SystemExit) as error:
        raised_at = _last_page_line(error, page.path)
        at = f" at {page.where(raised_at)}" if raised_at else ""
        printed = f"\nIt printed before failing:\n{captured.text}" if captured.text else ""
        return (
            f"{where}: ```python block raised {type(error).__name__}{at}: {error}\n"
            f"{_page_traceback(error, page.path)}{printed}"
        )
    return _compare_output(page, where, block.output, captured.text)


def _compare_output(
    page: NotePage, where: str, expected: ExpectedOutput | None, printed: str
) -> str | None:
    actual_lines = normalise_output(printed)
    if expected is None:
        if not actual_lines:
            return None
        return (
            f'{where}: ```python block printed output but no ```text title="Output" block '
            f"follows it — add one right after the block, showing:\n{printed}"
        )
    expected_lines = normalise_output(expected.text)
    if expected_lines == actual_lines:
        return None
    output_where = page.where(expected.line)
    diff = difflib.unified_diff(
        expected_lines,
        actual_lines,
        fromfile=f"{output_where} (Output block)",
        tofile="what the code printed",
        lineterm="",
    )
    return f"{output_where}: printed output differs from the Output block\n" + "\n".join(diff)
