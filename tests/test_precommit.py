"""The pre-commit hooks: the whole repository passes them, and each one catches its bad case.

Every run happens in a throwaway git repository under tmp_path, never in the working tree:
several hooks fix files in place, and pre-commit only looks at files git knows about. The
copy links `.venv` to the environment running the tests, because every hook's entry is
`.venv/bin/<tool>` (see .pre-commit-config.yaml).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What a minimal repository needs for the hooks to read their settings.
CONFIG_FILES = (
    ".pre-commit-config.yaml",
    "_typos.toml",
    ".pymarkdown.yml",
    "pyproject.toml",
    # The front-matter hook runs the build's own checker, with every module it imports.
    *sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "hooks/shortnotes").glob("*.py")),
)


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def _new_repo(path: Path, files: list[str]) -> Path:
    """A git repository at ``path`` holding copies of ``files`` (relative to ROOT), staged."""
    path.mkdir(parents=True, exist_ok=True)
    _git(path, "init", "--quiet")
    for name in files:
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    (path / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return path


def _stage(repo: Path) -> None:
    _git(repo, "add", "--all", "--", ".", ":!.venv")


def _pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--show-diff-on-failure", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
    )


def _working_tree_files() -> list[str]:
    """Tracked files plus new ones not ignored: what the next commit would hold."""
    listing = _git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    return [name for name in listing.split("\0") if name and (ROOT / name).is_file()]


def test_whole_repository_passes_every_hook(tmp_path: Path) -> None:
    repo = _new_repo(tmp_path / "repo", _working_tree_files())
    _stage(repo)
    done = _pre_commit(repo, "--all-files")
    assert done.returncode == 0, (
        "pre-commit fails on the repository; run `.venv/bin/pre-commit run --all-files` "
        f"and fix what it reports:\n{done.stdout}{done.stderr}"
    )


WORKFLOW_WITH_FINDINGS = """\
on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""

MISSPELT = "recieves"  # spellchecker:disable-line

# (hook id, file to add, its content, what the hook's report must say): each content breaks
# exactly that hook's rule, and the evidence shows the hook failed for that reason.
BAD_CASES = [
    ("trailing-whitespace", "docs/bad.md", "# Bad\n\nEnds in spaces.   \n", "Fixing docs/bad.md"),
    ("end-of-file", "docs/bad.md", "# Bad\n\nNo newline at the end.", "Fixing docs/bad.md"),
    ("check-yaml", "bad.yaml", "key: [unclosed\n", "while parsing a flow sequence"),
    ("typos", "docs/bad.md", f"# Bad\n\nThe scheduler {MISSPELT} the pod.\n", MISSPELT),
    ("pymarkdown", "docs/bad.md", "# Bad\n\n### Skips a level\n", "MD001"),
    (
        "front-matter",
        "docs/bad.md",
        "---\ntitle: [Bad\ndescription: Never closed.\n---\n\n# Bad\n",
        "docs/bad.md:2: malformed-front-matter",
    ),
    ("ruff-check", "tests/bad_lint.py", "import os\n", "F401"),
    ("ruff-format", "tests/bad_format.py", "x=[1,2]\n", "1 file reformatted"),
    ("zizmor", ".github/workflows/bad.yml", WORKFLOW_WITH_FINDINGS, "dangerous-triggers"),
]


@pytest.mark.parametrize(
    ("hook", "name", "content", "evidence"), BAD_CASES, ids=[case[0] for case in BAD_CASES]
)
def test_hook_rejects_its_bad_case(
    tmp_path: Path, hook: str, name: str, content: str, evidence: str
) -> None:
    repo = _new_repo(tmp_path / "repo", list(CONFIG_FILES))
    bad = repo / name
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text(content)
    _stage(repo)
    done = _pre_commit(repo, hook, "--files", name)
    report = done.stdout + done.stderr
    assert done.returncode != 0, f"hook {hook} let {name} through:\n{report}"
    assert evidence in report, f"hook {hook} failed, but not for its rule:\n{report}"


MATERIAL_NOTE = """\
---
title: Taints and tolerations
description: How taints keep pods off nodes.
terms:
  - term: Taint
    aliases: [taints]
    summary: A key=value:effect mark on a node that repels pods without a matching toleration.
    anchor: taints
---

# Taints and tolerations

What the reader will learn, and [where taints are explained](#taints).

## Taints { #taints }

!!! info "What changed"

    The original notes said one thing; today another is true.

=== "YAML"

    ```yaml
    apiVersion: v1
    kind: Pod
    ```

=== "kubectl"

    <!-- not-run: needs a Kubernetes cluster -->

    ```bash
    kubectl apply -f pod.yaml
    ```

```python
print("hello")
```

```text title="Output"
hello
```

<div class="no-autolink" markdown>

A passage without links.

</div>

| Topic | Labels |
|---|---|
| Redis | `redis-cli` / `redis-py` |

- A list
    - nested by four spaces, as Python-Markdown wants

## Tolerations { #tolerations }

### Example

## Effects

### Example
"""


def test_material_syntax_passes_the_markdown_and_spelling_hooks(tmp_path: Path) -> None:
    """Control: tabs, admonitions, front matter and md_in_html are not lint errors."""
    repo = _new_repo(tmp_path / "repo", list(CONFIG_FILES))
    (repo / "docs").mkdir()
    (repo / "docs" / "note.md").write_text(MATERIAL_NOTE)
    _stage(repo)
    for hook in ("pymarkdown", "typos", "trailing-whitespace", "end-of-file"):
        done = _pre_commit(repo, hook, "--files", "docs/note.md")
        assert done.returncode == 0, f"{hook} rejects valid Material syntax:\n{done.stdout}"
