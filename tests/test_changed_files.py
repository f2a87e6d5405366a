"""hooks/shortnotes/changed_files.py: what a contributor changed, as git sees it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from shortnotes.changed_files import EditedPages, changed_files, changed_pages

GIT_USER = ["-c", "user.name=t", "-c", "user.email=t@short-notes.invalid"]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *GIT_USER, *args], check=True, capture_output=True)


def test_committed_uncommitted_and_untracked_changes_since_the_merge_base(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / "docs" / name).write_text("x\n")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "base")
    _git(tmp_path, "switch", "-q", "-c", "work")
    (tmp_path / "docs" / "a.md").write_text("committed\n")
    _git(tmp_path, "commit", "-q", "-am", "a")
    (tmp_path / "docs" / "b.md").write_text("uncommitted\n")
    (tmp_path / "docs" / "new.md").write_text("untracked\n")
    assert changed_files(tmp_path) == ["docs/a.md", "docs/b.md", "docs/new.md"]
    assert changed_pages(tmp_path / "docs") == {"a.md", "b.md", "new.md"}
    edited = EditedPages(tmp_path / "docs")
    assert "a.md" in edited and "c.md" not in edited


def test_no_base_branch_means_unknown(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q", "-b", "trunk")
    (tmp_path / "a.md").write_text("x\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "base")
    assert changed_files(tmp_path) is None
    assert changed_pages(tmp_path) == set()
    assert changed_files(tmp_path / "not-a-repo") is None
