"""Shared fixtures: one strict build of the real site per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


@dataclass(frozen=True)
class Build:
    """The outcome of one `mkdocs build` run in a subprocess."""

    site_dir: Path
    returncode: int
    log: str


def mkdocs_build(config: Path, site_dir: Path, *, strict: bool = True) -> Build:
    """Run a real `mkdocs build` (never with -q: it hides what --strict counts)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=config.parent)
    return Build(site_dir, done.returncode, done.stdout + done.stderr)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once with --strict; fails the session's users loudly if it breaks."""
    build = mkdocs_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site") / "site")
    if build.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{build.log}", pytrace=False)
    return build
