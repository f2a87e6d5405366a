"""Benchmarks that cannot rot: every ``benchmarks/*.py`` script runs with ``--smoke``.

Found automatically (a new script is tested the day it is added); each must accept
``--smoke``, run a tiny corpus in seconds and exit 0. No timing is asserted: speed is the
benchmarks' business, not the tests'. (benchmarks/hooks_overhead.py once failed on main
for weeks because its corpus copied a folder that had moved.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted((ROOT / "benchmarks").glob("*.py"))


def test_benchmarks_are_found() -> None:
    names = {script.name for script in SCRIPTS}
    assert {"hooks_overhead.py", "synthetic_notes.py", "page_weight.py"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=[script.name for script in SCRIPTS])
def test_benchmark_runs_with_smoke(script: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, str(script), "--smoke"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,  # a bound for a stuck script on a loaded machine, not a timing assertion
        check=False,
    )
    assert done.returncode == 0, (
        f"{script.relative_to(ROOT)} --smoke exited {done.returncode}:\n"
        f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    )


def test_the_benchmarks_run_every_hook_of_the_site() -> None:
    """SITE_HOOKS (what the benchmarks time) is mkdocs.yml's `hooks:`, in its order."""
    from benchmarks.synthetic_notes import SITE_HOOKS

    listed = re.search(r"^hooks:\n((?:  .*\n)+)", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)
    assert listed, "mkdocs.yml has no `hooks:` list"
    site = [
        Path(line.split("- ", 1)[1]).stem
        for line in listed[1].splitlines()
        if line.lstrip().startswith("- ")
    ]
    assert list(SITE_HOOKS) == site, (
        f"benchmarks/synthetic_notes.py SITE_HOOKS {list(SITE_HOOKS)} is not mkdocs.yml's "
        f"hooks {site}: add or remove the hook there so the benchmarks time what the site runs"
    )
