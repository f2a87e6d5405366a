"""Run one ```python block of a page and say what happened, in this process or in a child.

Standard library only, and no imports from the harness: the examples harness imports it to run
blocks on its own interpreter, and every other interpreter runs this file as a script
(`python -I block_exec.py`), a child that serves one page: each line on stdin is a block to run
(JSON), each line it writes back is its `BlockOutcome`. Both ways share the page's `__main__`
module across its blocks, capture output at file-descriptor level (threads and child processes
count), stop a block after a time limit, and keep page line numbers in tracebacks.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from types import ModuleType


@dataclass
class Captured:
    text: str = ""


@contextmanager
def captured_stdout() -> Iterator[Captured]:
    """Point file descriptor 1 and `sys.stdout` at a temporary file for the duration.

    Redirecting only `sys.stdout` would lose what multiprocessing children print; the
    unbuffered writer keeps a forked child from re-flushing text its parent already wrote.
    """
    captured = Captured()
    sys.stdout.flush()
    saved_fd = os.dup(1)
    saved_stdout = sys.stdout
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 1)
        raw = io.FileIO(1, "w", closefd=False)
        sys.stdout = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)  # type: ignore[arg-type]
        try:
            yield captured
        finally:
            sys.stdout.flush()
            sys.stdout = saved_stdout
            os.dup2(saved_fd, 1)
            os.close(saved_fd)
            sink.seek(0)
            captured.text = sink.read().decode("utf-8", errors="replace")


class BlockTimedOut(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise BlockTimedOut in the block's code after `seconds` (main thread only: SIGALRM)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise BlockTimedOut(f"still running after {seconds:g} s")

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


@dataclass
class Raised:
    type: str  # the exception's class name
    message: str
    line: int | None  # the last page line in the traceback
    traceback: str


@dataclass
class DoesNotCompile:
    message: str
    line: int  # the page line


@dataclass
class BlockOutcome:
    printed: str = ""
    raised: Raised | None = None
    does_not_compile: DoesNotCompile | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> BlockOutcome:
        data = json.loads(text)
        raised = data["raised"] and Raised(**data["raised"])
        does_not_compile = data["does_not_compile"] and DoesNotCompile(**data["does_not_compile"])
        return cls(data["printed"], raised, does_not_compile)


def run_block(
    source: str, first_line: int, page_path: str, module: ModuleType, time_limit: float
) -> BlockOutcome:
    """Compile and run one block in `module`'s namespace, as lines `first_line...` of the page."""
    try:
        # Padding keeps line numbers in tracebacks equal to the page's own line numbers.
        code = compile("\n" * (first_line - 1) + source, page_path, "exec", dont_inherit=True)
    except SyntaxError as error:
        return BlockOutcome(does_not_compile=DoesNotCompile(error.msg, error.lineno or first_line))
    try:
        with captured_stdout() as captured, _time_limit(time_limit), _as_main_module(module):
            exec(code, module.__dict__)
    except (Exception, SystemExit) as error:
        raised = Raised(
            type=type(error).__name__,
            message=str(error),
            line=_last_page_line(error, page_path),
            traceback=_page_traceback(error, page_path),
        )
        return BlockOutcome(printed=captured.text, raised=raised)
    return BlockOutcome(printed=captured.text)


def serve() -> None:
    """The child: run the blocks of one page, in order, as the parent sends them.

    Requests and outcomes travel on the original stdin and stdout; the blocks themselves get
    /dev/null as stdin and their captured stdout, so nothing they do can garble the protocol.
    """
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    outcomes = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (lives as long as the child)
    page = ModuleType("__main__")
    for request in requests:
        block = json.loads(request)
        outcome = run_block(
            block["source"], block["first_line"], block["path"], page, block["time_limit"]
        )
        outcomes.write(outcome.to_json() + "\n")
        outcomes.flush()


if __name__ == "__main__":
    serve()
