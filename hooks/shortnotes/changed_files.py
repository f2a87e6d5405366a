"""Which files a contributor changed: since the merge base with main, plus uncommitted ones.

Used by scripts/check (run only what the change affects) and by the glossary hook (a clash
between two pages' terms is reported at the contributor's page first). Plain git through
subprocess, no MkDocs import. Outside a git checkout, or when no base branch is known (a
shallow CI clone), the answer is None: callers then treat every file alike.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

BASES = ("main", "origin/main")


def _git(repo: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def merge_base(repo: Path, bases: tuple[str, ...] = BASES) -> str | None:
    for base in bases:
        found = _git(repo, "merge-base", "HEAD", base)
        if found:
            return found.strip()
    return None


def changed_files(repo: Path, bases: tuple[str, ...] = BASES) -> list[str] | None:
    """Repo-relative paths changed since the merge base, staged, unstaged or untracked."""
    top = _git(repo, "rev-parse", "--show-toplevel")
    base = merge_base(repo, bases)
    if top is None or base is None:
        return None
    repo = Path(top.strip())  # ls-files answers relative to the directory it runs in
    committed = _git(repo, "diff", "--name-only", "--no-renames", base) or ""
    untracked = _git(repo, "ls-files", "--others", "--exclude-standard") or ""
    names = {line for line in (committed + untracked).splitlines() if line}
    return sorted(names)


def changed_pages(docs_dir: Path) -> set[str]:
    """docs_dir-relative paths of the changed files under docs_dir (empty when unknown)."""
    top = _git(docs_dir, "rev-parse", "--show-toplevel")
    files = changed_files(docs_dir)
    if top is None or not files:
        return set()
    try:
        prefix = Path(docs_dir).resolve().relative_to(Path(top.strip()).resolve()).as_posix()
    except ValueError:
        return set()
    return {f[len(prefix) + 1 :] for f in files if f.startswith(prefix + "/")}


class EditedPages:
    """``src_uri in EditedPages(docs_dir)``: asks git only when first asked (only on a clash)."""

    def __init__(self, docs_dir: Path) -> None:
        self.docs_dir = docs_dir
        self._pages: set[str] | None = None

    def __contains__(self, src_uri: object) -> bool:
        if self._pages is None:
            self._pages = changed_pages(self.docs_dir)
        return src_uri in self._pages

    def __iter__(self):
        return iter(self._pages or ())

    def __len__(self) -> int:
        return len(self._pages or ())
