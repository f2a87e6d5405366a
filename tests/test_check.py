"""scripts/check (scripts/check.py) runs what a change affects, and fails on a wrong example.

The mistake is planted in a throw-away copy of the repository (tests/repo_copy.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.check import affected_tests, changed_notes, plan
from tests.repo_copy import ROOT, copy_repository, replace_in

NOTE = "docs/redis/lists.md"
# The note's first redis-cli reply `(integer) 3` (found, so editing the note cannot break this).
REPLY_LINE = next(
    number
    for number, line in enumerate((ROOT / NOTE).read_text(encoding="utf-8").split("\n"), 1)
    if line.strip() == "(integer) 3"
)


def test_the_plan_follows_the_changed_files(tmp_path: Path) -> None:
    changed = [NOTE, "hooks/shortnotes/terms.py", ".github/workflows/ci.yml"]
    steps = dict(plan(changed, tmp_path / "site"))
    assert any("--strict" in command for command in steps.values())
    examples = steps["examples of the changed notes (Redis and redis-py included)"]
    assert examples[-2:] == ["-k", "lists.md"]
    assert "tests/glossary" in affected_tests(changed)
    assert "tests/test_workflows.py" in affected_tests(changed)
    assert changed_notes(["docs/gone.md", NOTE]) == [NOTE]
    assert "examples of the changed notes (Redis and redis-py included)" not in dict(
        plan(["README.md"], tmp_path / "site")
    )


@pytest.mark.redis
def test_a_wrong_redis_cli_reply_in_a_changed_note_fails(tmp_path: Path) -> None:
    if os.environ.get("SHORT_NOTES_NESTED"):
        pytest.skip("already inside a copy of the repository")
    copy = copy_repository(tmp_path / "repo")
    replace_in(copy / NOTE, "(integer) 3", "(integer) 4", line=REPLY_LINE)
    done = subprocess.run(
        [sys.executable, "scripts/check.py"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**os.environ, "SHORT_NOTES_NESTED": "1"},
        timeout=900,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"  {NOTE}\n" in output  # the one changed file
    assert f"{NOTE}:{REPLY_LINE}" in output, output
    assert "expected '(integer) 4', redis-cli printed '(integer) 3'" in output, output
    assert "FAILED: examples of the changed notes" in output
    assert ROOT.joinpath(NOTE).read_text().split("\n")[REPLY_LINE - 1].endswith("(integer) 3")
