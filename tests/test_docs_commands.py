"""Every command README.md and CONTRIBUTING.md show in a ```bash block exists and runs.

Each command runs in a dry form: ``--help`` for the project's scripts and tools (after the
same sub-command and ``-m module`` words the docs show), ``--collect-only`` for pytest (so the
``-k`` selection must still select something); git and cd only need to exist. A renamed
script, a dropped option or a module that moved fails here.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCS = ("README.md", "CONTRIBUTING.md")
_BASH_BLOCK = re.compile(r"^```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)
_ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")


def documented_commands(text: str) -> list[str]:
    commands = []
    for block in _BASH_BLOCK.findall(text):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words:
                commands.append(shlex.join(words))
    return commands


def dry_form(command: str) -> list[str] | None:
    """The command as it runs without doing its work; None when only existence is checked."""
    words = shlex.split(command)
    while words and _ASSIGNMENT.match(words[0]):
        words.pop(0)
    program, *args = words
    if program in ("git", "cd"):
        return None
    if "pytest" in (program, *args[:2]):
        return [program, *args, "--collect-only", "-q", "-p", "no:cacheprovider"]
    kept = []
    for word in args:
        if word.startswith("-") and word != "-m":
            break
        kept.append(word)
    return [program, *kept, "--help"]


COMMANDS = sorted(
    {command for doc in DOCS for command in documented_commands((ROOT / doc).read_text())}
)


def test_the_docs_show_the_main_commands() -> None:
    shown = " ".join(COMMANDS)
    for needed in ("scripts/setup", "scripts/serve", "scripts/check", "scripts/test", "pytest"):
        assert needed in shown


@pytest.mark.parametrize("command", COMMANDS)
def test_a_documented_command_exists_and_runs(command: str) -> None:
    dry = dry_form(command)
    if dry is None:
        program = shlex.split(command)[0]
        assert program == "cd" or shutil.which(program), f"`{program}` is not installed"
        return
    program = ROOT / dry[0] if "/" in dry[0] else shutil.which(dry[0])
    assert program and Path(program).exists(), f"`{command}`: {dry[0]} does not exist"
    done = subprocess.run(
        dry,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, f"`{shlex.join(dry)}` failed:\n{done.stdout}{done.stderr}"


def test_the_dry_forms_catch_a_missing_script_and_an_empty_selection() -> None:
    assert dry_form("scripts/serve --port 8001") == ["scripts/serve", "--help"]
    assert dry_form("NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict -d /tmp/site") == [
        ".venv/bin/mkdocs",
        "build",
        "--help",
    ]
    assert dry_form(".venv/bin/python -m tests.sitecheck --site /tmp/site") == [
        ".venv/bin/python",
        "-m",
        "tests.sitecheck",
        "--help",
    ]
    assert not (ROOT / "scripts" / "preview").exists()
    empty = dry_form(".venv/bin/python -m pytest tests/test_examples.py -k no-such-note.md")
    assert subprocess.run(empty, cwd=ROOT, capture_output=True).returncode != 0
