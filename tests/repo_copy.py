"""A throw-away copy of this repository, as a git repository whose `main` is the current tree.

For tests that prove a whole-repository command fails on a contributor's mistake
(scripts/check, the fast test subset): the mistake is planted in the copy, never in the
contributor's own files. The copy uses this checkout's environments (.venv, .venv-properdocs,
the examples' venvs) through symlinks.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_GIT_USER = ["-c", "user.name=Short Notes tests", "-c", "user.email=tests@short-notes.invalid"]


def copy_repository(destination: Path) -> Path:
    """Copy every tracked and untracked, not ignored file; commit it on a fresh `main`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    # The environments setup made, shared rather than installed again in every copy.
    for environment in (".venv", ".venv-properdocs", ".cache/example-venvs"):
        if (ROOT / environment).exists():
            (destination / environment).parent.mkdir(parents=True, exist_ok=True)
            (destination / environment).symlink_to(ROOT / environment)
    git = ["git", "-C", str(destination)]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, *_GIT_USER, "commit", "-q", "-m", "copy"], check=True)
    subprocess.run([*git, "switch", "-q", "-c", "contribution"], check=True)
    return destination


def replace_in(path: Path, old: str, new: str, *, line: int) -> None:
    """Replace ``old`` by ``new`` on one line (1-based) of ``path``; it must be there."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], f"{path}:{line} no longer shows {old!r}: {lines[line - 1]!r}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
