"""scripts/setup installs only what building and serving need; --test adds the test tools.

Run on a copy holding only the script and the locks, into its own .venv (pip fetches from
the package index as on a contributor's machine; the locks' hashes are checked). A fresh
install takes minutes, so it runs in CI (``CI`` set) and when asked:
``SHORT_NOTES_SELF_CHECK=1 scripts/test tests/test_setup.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_plain_setup_installs_the_build_set_and_no_test_tool(tmp_path: Path) -> None:
    if not (os.environ.get("CI") or os.environ.get("SHORT_NOTES_SELF_CHECK")):
        pytest.skip("a fresh install takes minutes: set SHORT_NOTES_SELF_CHECK=1 (CI does)")
    (tmp_path / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "setup", tmp_path / "scripts" / "setup")
    for lock in ("requirements.txt", "requirements-test.txt"):
        shutil.copy2(ROOT / lock, tmp_path / lock)
    done = subprocess.run(
        [str(tmp_path / "scripts" / "setup")], capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout + done.stderr
    python = tmp_path / ".venv" / "bin" / "python"
    builds = subprocess.run(
        [str(python), "-c", "import mkdocs, material, pymdownx, ahocorasick, selectolax"],
        capture_output=True,
        text=True,
    )
    assert builds.returncode == 0, builds.stderr
    installed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True
    ).stdout.lower()
    for tool in ("pytest", "playwright", "pre-commit", "ruff", "sybil", "zizmor"):
        assert f"\n{tool}==" not in f"\n{installed}", f"{tool} installed without --test"
    assert not (tmp_path / ".venv" / "bin" / "pytest").exists()
    # Run again: nothing to do, nothing printed.
    again = subprocess.run([str(tmp_path / "scripts" / "setup")], capture_output=True, text=True)
    assert again.returncode == 0 and "Installing" not in again.stdout
