"""Time list against collections.deque for the operations compared in the deque note.

Usage (from the project root):

    .venv/bin/python benchmarks/deque_vs_list.py [--items N] [--repeat R] [--output PATH]

For each operation, a list and a deque each perform it N times in a row (10,000 by default),
starting from a fresh container; that run is repeated R times (1,000 by default) and the median
is reported. The list and deque runs alternate within one process, so background load on a
shared machine hits both sides alike and the ratio compares like with like.

The result is a Markdown fragment (a table plus a line naming the machine) written to
benchmarks/results/deque_vs_list.md, which docs/python/deque.md includes with
pymdownx.snippets. The script refuses to write into docs/: MkDocs would treat a stray file
there as a page.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import tempfile
import timeit
from collections import deque
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = PROJECT_ROOT / "docs"
DEFAULT_OUTPUT = PROJECT_ROOT / "benchmarks" / "results" / "deque_vs_list.md"
TIMES = "\N{MULTIPLICATION SIGN}"  # the sign of a ratio ("45.9 times"), not the letter x


@dataclass(frozen=True)
class Operation:
    """One row of the table: the same job written for a list and for a deque."""

    name: str
    list_stmt: str
    deque_stmt: str
    # Pop operations need a full container to pop from; the others start empty.
    starts_full: bool


OPERATIONS = (
    Operation(
        "append (right)",
        "for item in items: container.append(item)",
        "for item in items: container.append(item)",
        starts_full=False,
    ),
    Operation(
        "pop (right)",
        "for _ in items: container.pop()",
        "for _ in items: container.pop()",
        starts_full=True,
    ),
    Operation(
        "insert (left)",
        "for item in items: container.insert(0, item)",
        "for item in items: container.appendleft(item)",
        starts_full=False,
    ),
    Operation(
        "pop (left)",
        "for _ in items: container.pop(0)",
        "for _ in items: container.popleft()",
        starts_full=True,
    ),
)


@dataclass(frozen=True)
class Timing:
    """Median seconds for one run of N operations, on each container."""

    operation: str
    list_seconds: float
    deque_seconds: float

    @property
    def ratio(self) -> float:
        return self.list_seconds / self.deque_seconds


@dataclass(frozen=True)
class Machine:
    cpu_model: str
    cores: int
    python: str


def measure(operation: Operation, *, items: int, repeat: int) -> Timing:
    """Time both containers, alternating list and deque runs so that noise hits both."""
    namespace = {"deque": deque, "items": range(items)}
    # setup runs before every timed run, so each run starts from a fresh container.
    contents = "items" if operation.starts_full else ""
    list_timer = timeit.Timer(
        operation.list_stmt, setup=f"container = list({contents})", globals=namespace
    )
    deque_timer = timeit.Timer(
        operation.deque_stmt, setup=f"container = deque({contents})", globals=namespace
    )
    list_runs: list[float] = []
    deque_runs: list[float] = []
    for _ in range(repeat):
        list_runs.append(list_timer.timeit(number=1))
        deque_runs.append(deque_timer.timeit(number=1))
    return Timing(operation.name, statistics.median(list_runs), statistics.median(deque_runs))


def cpu_model_from_cpuinfo(cpuinfo: str) -> str | None:
    """The first CPU model named in /proc/cpuinfo text (x86 and most ARM kernels)."""
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in {"model name", "Model", "Hardware", "cpu model"} and value.strip():
            return value.strip()
    return None


def describe_machine() -> Machine:
    try:
        cpu_model = cpu_model_from_cpuinfo(Path("/proc/cpuinfo").read_text(encoding="utf-8"))
    except OSError:  # not Linux
        cpu_model = None
    python = f"{platform.python_implementation()} {platform.python_version()}"
    # The CPUs this process may run on (a container can see more than it is allowed to use).
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return Machine(
        cpu_model=cpu_model or platform.processor() or "unknown CPU",
        cores=cores or 1,
        python=python,
    )


def format_seconds(seconds: float) -> str:
    """Three significant digits in a unit that keeps the number readable."""
    if seconds >= 1:
        return f"{seconds:.3g} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds * 1e6:.3g} µs"


def render_markdown(
    timings: list[Timing], machine: Machine, *, items: int, repeat: int, date: datetime.date
) -> str:
    """The results fragment included by docs/python/deque.md (no front matter, no heading)."""
    rows = [
        f"| {timing.operation} | {format_seconds(timing.list_seconds)} "
        f"| {format_seconds(timing.deque_seconds)} | {timing.ratio:,.1f}{TIMES} |"
        for timing in timings
    ]
    return "\n".join(
        [
            f"Time for {items:,} operations in a row on one container, median of {repeat:,} runs:",
            "",
            "| Operation | list | deque | list ÷ deque |",
            "|---|--:|--:|--:|",
            *rows,
            "",
            f"Measured on {date.isoformat()} by `benchmarks/deque_vs_list.py` "
            f"on {machine.cpu_model}, {machine.cores} cores, {machine.python}.",
            "",
        ]
    )


def checked_output_path(path: Path) -> Path:
    """Refuse docs/: every .md file there becomes a page and breaks the strict build."""
    resolved = path.resolve()
    if resolved.is_relative_to(DOCS_DIR):
        raise ValueError(
            f"refusing to write {path} inside docs/: results belong in "
            f"{DEFAULT_OUTPUT.relative_to(PROJECT_ROOT)} (the deque note includes that file)"
        )
    return resolved


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=positive_int, default=10_000, help="operations per run")
    parser.add_argument("--repeat", type=positive_int, default=1_000, help="runs per operation")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="Markdown file")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="100 items, 3 runs, written to a temporary file: checks the script runs",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.items, args.repeat = 100, 3
        args.output = Path(tempfile.mkdtemp(prefix="deque-smoke-")) / DEFAULT_OUTPUT.name
    try:
        output = checked_output_path(args.output)
    except ValueError as error:
        parser.error(str(error))

    timings = [measure(op, items=args.items, repeat=args.repeat) for op in OPERATIONS]
    markdown = render_markdown(
        timings,
        describe_machine(),
        items=args.items,
        repeat=args.repeat,
        date=datetime.date.today(),
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(markdown, encoding="utf-8")
    sys.stdout.write(markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
