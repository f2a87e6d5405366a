"""One mistake, one message: a broken link in a note, and the fast subset says so at the top.

Runs the fast subset (``-m "not browser and not redis"``) on a throw-away copy of the
repository with one broken link planted in a note (tests/repo_copy.py). It takes as long as
the fast subset, so it runs in CI (``CI`` set) and when asked: ``SHORT_NOTES_SELF_CHECK=1
scripts/test tests/test_one_mistake.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.repo_copy import copy_repository

NOTE = "docs/redis/lists.md"
BROKEN_TARGET = "hashs.md"  # spellchecker:disable-line


def test_a_broken_link_is_reported_first_and_fails_few_tests(tmp_path: Path) -> None:
    if os.environ.get("SHORT_NOTES_NESTED"):
        pytest.skip("already inside a copy of the repository")
    if not (os.environ.get("CI") or os.environ.get("SHORT_NOTES_SELF_CHECK")):
        pytest.skip("runs the fast subset again: set SHORT_NOTES_SELF_CHECK=1 (CI does)")
    copy = copy_repository(tmp_path / "repo")
    with (copy / NOTE).open("a", encoding="utf-8") as note:
        note.write(f"\nSee [hashes]({BROKEN_TARGET}).\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-m",
            "not browser and not redis",
            "-p",
            "no:cacheprovider",
            "-q",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**os.environ, "SHORT_NOTES_NESTED": "1", "NO_MKDOCS_2_WARNING": "1"},
        timeout=1800,
    )
    lines = (done.stdout + done.stderr).splitlines()
    assert done.returncode == 1, "\n".join(lines[-40:])
    first = next(
        (
            number
            for number, line in enumerate(lines)
            if f"{NOTE}:" in line and BROKEN_TARGET in line
        ),  # spellchecker:disable-line
        None,
    )
    assert first is not None and first < 20, "\n".join(lines[:40])
    failing = [line for line in lines if line.startswith(("FAILED ", "ERROR "))]
    assert len(failing) <= 3, "\n".join(failing)
    assert "did you mean `hashes.md`?" in lines[first]
