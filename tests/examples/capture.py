"""Capture what a block of code prints, including from threads and child processes."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


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
