"""What the examples are tested with, and the `requires` marker. No MkDocs import.

`tests/examples/versions.toml` names the CPython versions every python block runs on, the
redis-server the transcripts are replayed on and the Kubernetes version manifests are validated
against. Two readers share `load_versions`: the examples harness (its configuration, checked
against the machine) and the build (tested_with.py writes it under every note), so the page can
only say what the tests use.

`<!-- requires: redis >= 8.4 -->` (or `python >= 3.14`) on the line above a fence, one blank line
between, says the block needs a newer version than some of the tested ones. The tests run it
everywhere: it must pass where the version is available and fail where it is not.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

#: Where the data file lives, relative to the repository root (mkdocs.yml's directory).
VERSIONS_FILE = Path("tests") / "examples" / "versions.toml"

#: `<!-- requires: <what> -->`, the marker's syntax; `what` is parsed by `parse_requirement`.
REQUIRES_MARKER = re.compile(r"<!--\s*requires:(?P<what>.*?)-->")
_REQUIREMENT = re.compile(r"^(?P<software>[A-Za-z-]+)\s*>=\s*(?P<version>\d+(?:\.\d+){0,2})$")
_VERSION = re.compile(r"^\d+(?:\.\d+){1,2}$")

#: What a marker may name, as it is written -> as a reader reads it.
SOFTWARE = {"python": "Python", "redis": "Redis"}


class VersionsFileError(ValueError):
    """versions.toml is malformed; the message names the file, the key and what to write."""


def version_tuple(version: str) -> tuple[int, ...]:
    """`3.14` -> (3, 14); a free-threaded tag `3.14t` compares as its version."""
    return tuple(int(part) for part in version.removesuffix("t").split("."))


@dataclass(frozen=True)
class TestedVersions:
    python: tuple[str, ...]  # "3.11", "3.12", ... in increasing order
    free_threaded: tuple[str, ...]  # the subset also tested as free-threaded builds
    redis: str  # "7.0.15"
    kubernetes: str  # "1.37.0"

    @property
    def python_tags(self) -> tuple[str, ...]:
        """Every interpreter the examples run on: `3.11` ... `3.14`, then `3.14t`."""
        return self.python + tuple(f"{version}t" for version in self.free_threaded)

    @property
    def python_range(self) -> str:
        """`3.11` to `3.14` joined by an en dash (or `3.12` for one version)."""
        if len(self.python) == 1:
            return self.python[0]
        return f"{self.python[0]}\N{EN DASH}{self.python[-1]}"

    @property
    def kubernetes_minor(self) -> str:
        return ".".join(self.kubernetes.split(".")[:2])


def _string_list(table: dict, key: str, where: str) -> tuple[str, ...]:
    value = table.get(key)
    if not isinstance(value, list) or not all(
        isinstance(item, str) and _VERSION.match(item) for item in value
    ):
        raise VersionsFileError(
            f'{where}: `{key}` must be a list of versions such as ["3.11", "3.12"], not {value!r}'
        )
    return tuple(value)


def _version(data: dict, table: str, where: str) -> str:
    value = (data.get(table) or {}).get("version")
    if not isinstance(value, str) or not _VERSION.match(value):
        raise VersionsFileError(
            f'{where}: [{table}] needs `version = "X.Y.Z"` (the version the tests use), '
            f"not {value!r}"
        )
    return value


def parse_versions(text: str, *, where: str) -> TestedVersions:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise VersionsFileError(f"{where}: not valid TOML: {error}") from None
    python = data.get("python") or {}
    versions = _string_list(python, "versions", where)
    if not versions or list(versions) != sorted(versions, key=version_tuple):
        raise VersionsFileError(f"{where}: [python] versions must be non-empty and in order")
    free_threaded = _string_list(python, "free_threaded", where)
    unknown = sorted(set(free_threaded) - set(versions))
    if unknown:
        raise VersionsFileError(
            f"{where}: [python] free_threaded names {', '.join(unknown)}, which `versions` "
            "does not list — add it there too"
        )
    return TestedVersions(
        python=versions,
        free_threaded=free_threaded,
        redis=_version(data, "redis", where),
        kubernetes=_version(data, "kubernetes", where),
    )


def load_versions(root: Path) -> TestedVersions:
    """The data file of the repository at `root`."""
    path = root / VERSIONS_FILE
    return parse_versions(path.read_text(encoding="utf-8"), where=VERSIONS_FILE.as_posix())


@dataclass(frozen=True)
class Requirement:
    """`redis >= 8.4`: the block needs that software at that version or later."""

    software: str  # a key of SOFTWARE
    minimum: str  # "8.4"

    @property
    def label(self) -> str:
        """`Redis 8.4`."""
        return f"{SOFTWARE[self.software]} {self.minimum}"

    @property
    def marker(self) -> str:
        return f"<!-- requires: {self.software} >= {self.minimum} -->"

    def met_by(self, version: str) -> bool:
        """Whether `version` (`7.0.15`, `3.12.1`, `3.14t`) is at least the minimum."""
        wanted = version_tuple(self.minimum)
        return version_tuple(version)[: len(wanted)] >= wanted


class RequirementError(ValueError):
    pass


def parse_requirement(text: str) -> Requirement:
    """`redis >= 8.4` -> Requirement; a clear error (with a near match) otherwise."""
    match = _REQUIREMENT.match(text.strip())
    example = "write `<!-- requires: redis >= 8.4 -->` or `<!-- requires: python >= 3.14 -->`"
    if match is None:
        raise RequirementError(
            f"requires marker `{text.strip()}` is not `NAME >= VERSION` — {example}"
        )
    software = match["software"].lower()
    if software not in SOFTWARE:
        near = difflib.get_close_matches(software, SOFTWARE, n=1)
        hint = f"did you mean `{near[0]}`?" if near else example
        raise RequirementError(
            f"requires marker names `{match['software']}`; it knows only "
            f"{', '.join(SOFTWARE)} — {hint}"
        )
    return Requirement(software=software, minimum=match["version"])
