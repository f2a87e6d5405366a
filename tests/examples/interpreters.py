"""The other CPython interpreters the python blocks run on, and a child process per page.

- `find_interpreters`: every CPython the machine advertises, newest patch release per minor
  version (and free-threaded build): `pyenv versions` (under `pyenv root`), then `python3.N` and
  `python3.Nt` on PATH. Each candidate is started once to ask its real version; a tag that is
  advertised but whose candidates all fail to start is reported as unusable (the tests skip it
  locally and fail in CI).
- `example_environment`: a venv per interpreter under `.cache/example-venvs/py<tag>/`, with
  what the examples import (redis-py) installed from the hash-locked
  tests/examples/requirements.txt; rebuilt when the lock or the interpreter changes.
- `ChildPython`: one `python -I block_exec.py` child serving one page's blocks in order.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import selectors
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .block_exec import BlockOutcome, Raised
from .pages import REPO_ROOT

BLOCK_EXEC = Path(__file__).with_name("block_exec.py")
REQUIREMENTS = Path(__file__).with_name("requirements.txt")
ENVIRONMENTS = REPO_ROOT / ".cache" / "example-venvs"
#: CI's matrix job names the interpreter it installed; then that one must be found.
EXPECTED_PYTHON_VARIABLE = "EXAMPLES_PYTHON"

_PATH_NAME = re.compile(r"^python(?P<version>3\.\d+)(?P<t>t?)$")
_PYENV_NAME = re.compile(r"^(?P<version>3\.\d+)\.\d+(?:(?:a|b|rc)\d+)?(?P<t>t?)$")
_PROBE = (
    "import sys, sysconfig; print(sys.implementation.name, "
    "'.'.join(map(str, sys.version_info[:3])), "
    "bool(sysconfig.get_config_var('Py_GIL_DISABLED')))"
)
_SETUP_SECONDS = 600


def tag_of(version: str, free_threaded: bool) -> str:
    """`3.12.1`, False -> `3.12`; `3.14.0`, True -> `3.14t`."""
    return ".".join(version.split(".")[:2]) + ("t" if free_threaded else "")


@dataclass(frozen=True)
class Interpreter:
    tag: str  # `3.12`, `3.14t`
    path: Path
    version: str  # `3.12.1`

    @property
    def label(self) -> str:
        free = " (free-threaded)" if self.tag.endswith("t") else ""
        return f"Python {self.version}{free}"


@dataclass
class Discovery:
    found: dict[str, Interpreter] = field(default_factory=dict)
    unusable: dict[str, str] = field(default_factory=dict)  # tag -> why


def _candidates(search_path: str | None, pyenv: str | None) -> list[tuple[str, Path]]:
    """(advertised tag, program), pyenv's versions first (real files, not shims), then PATH."""
    candidates: list[tuple[str, Path]] = []
    pyenv = shutil.which("pyenv", path=search_path) if pyenv is None else pyenv
    if pyenv:
        try:
            root = subprocess.run(
                [pyenv, "root"], capture_output=True, text=True, timeout=30, check=True
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            root = ""
        versions = Path(root, "versions") if root else None
        for entry in sorted(versions.iterdir()) if versions and versions.is_dir() else []:
            match = _PYENV_NAME.match(entry.name)
            if match:
                tag = match["version"] + match["t"]
                program = entry / "bin" / f"python{tag}"
                candidates.append((tag, program if program.exists() else entry / "bin/python3"))
    for directory in (search_path or os.environ.get("PATH", "")).split(os.pathsep):
        if not directory or not Path(directory).is_dir():
            continue
        for entry in sorted(Path(directory).iterdir()):
            match = _PATH_NAME.match(entry.name)
            if match and os.access(entry, os.X_OK):
                candidates.append((match["version"] + match["t"], entry))
    return candidates


def _probe(program: Path) -> tuple[str, str] | str:
    """(tag, version) of a working CPython, or why it does not work."""
    try:
        done = subprocess.run(
            [str(program), "-I", "-c", _PROBE], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"{program}: {error}"
    if done.returncode != 0:
        return f"{program} exits with status {done.returncode}: {done.stderr.strip()[-300:]}"
    name, version, free_threaded = done.stdout.split()
    if name != "cpython":
        return f"{program} is {name}, not CPython"
    return tag_of(version, free_threaded == "True"), version


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def find_interpreters(
    oldest: str, *, search_path: str | None = None, pyenv: str | None = None
) -> Discovery:
    """Every CPython >= `oldest` the machine advertises, by tag (see the module docstring)."""
    floor = _version_key(oldest)
    discovery = Discovery()
    probed: set[Path] = set()
    for tag, program in _candidates(search_path, pyenv):
        if _version_key(tag.removesuffix("t")) < floor:
            continue
        real = program.resolve()
        if real in probed:
            continue
        probed.add(real)
        result = _probe(program)
        if isinstance(result, str) or result[0] != tag:
            why = result if isinstance(result, str) else f"{program} is Python {result[1]}"
            if tag not in discovery.found:
                discovery.unusable.setdefault(tag, why)
            continue
        version = result[1]
        known = discovery.found.get(tag)
        if known is None or _version_key(version) > _version_key(known.version):
            discovery.found[tag] = Interpreter(tag, program, version)
        discovery.unusable.pop(tag, None)
    return discovery


class EnvironmentSetupError(RuntimeError):
    pass


def _run_setup(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=_SETUP_SECONDS)
    if done.returncode != 0:
        raise EnvironmentSetupError(
            f"`{' '.join(command)}` failed ({done.returncode}):\n{done.stdout}{done.stderr}"
        )


def example_environment(interpreter: Interpreter, root: Path = ENVIRONMENTS) -> Path:
    """The python of `interpreter`'s examples venv, created or refreshed as needed."""
    target = root / f"py{interpreter.tag}"
    python = target / "bin" / "python"
    wanted = hashlib.sha256(
        REQUIREMENTS.read_bytes() + f"\n{interpreter.path}\n{interpreter.version}".encode()
    ).hexdigest()
    stamp = target / ".requirements.sha256"
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    shutil.rmtree(target, ignore_errors=True)
    install = ["install", "--quiet", "--disable-pip-version-check", "--require-hashes"]
    install += ["--only-binary", ":all:", "-r", str(REQUIREMENTS)]
    try:  # the interpreter's own pip knows its version best
        _run_setup([str(interpreter.path), "-m", "venv", str(target)])
        _run_setup([str(python), "-m", "pip", *install])
    except EnvironmentSetupError:  # e.g. Debian's python3.N without ensurepip: our pip
        shutil.rmtree(target, ignore_errors=True)
        _run_setup([str(interpreter.path), "-m", "venv", "--without-pip", str(target)])
        _run_setup([sys.executable, "-m", "pip", "--python", str(python), *install])
    stamp.write_text(wanted)
    return python


class ChildPython:
    """A child interpreter running one page's blocks in order (tests/examples/block_exec.py)."""

    def __init__(self, python: Path) -> None:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the child)
        self._process = subprocess.Popen(
            [str(python), "-I", str(BLOCK_EXEC)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            cwd=REPO_ROOT,
            text=True,
            encoding="utf-8",
        )

    def run(self, source: str, first_line: int, path: str, time_limit: float) -> BlockOutcome:
        request = {"source": source, "first_line": first_line, "path": path}
        request["time_limit"] = time_limit
        try:
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
        except OSError:
            return self._died()
        with selectors.DefaultSelector() as selector:
            selector.register(self._process.stdout, selectors.EVENT_READ)
            # The child stops a block itself; this is for a child stuck where SIGALRM can't reach.
            if not selector.select(timeout=time_limit + 30):
                self.stop()
                message = f"still running after {time_limit + 30:g} s; the child was killed"
                return BlockOutcome(raised=Raised("BlockTimedOut", message, None, ""))
        line = self._process.stdout.readline()
        return BlockOutcome.from_json(line) if line else self._died()

    def _died(self) -> BlockOutcome:
        self._process.wait(timeout=30)
        self._stderr.seek(0)
        stderr = self._stderr.read().decode("utf-8", errors="replace")[-2000:]
        message = f"the interpreter exited with status {self._process.returncode}"
        return BlockOutcome(raised=Raised("ChildExited", message, None, stderr))

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait(timeout=30)
        for stream in (self._process.stdin, self._process.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        self._stderr.close()
