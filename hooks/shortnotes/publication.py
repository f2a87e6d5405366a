"""What may be published: files that really live in ``docs/``, snippets from allowed folders.

MkDocs copies every file it finds under ``docs/`` and follows symbolic links while it looks,
so ``ln -s /etc/passwd docs/assets/passwd.txt`` would publish the machine's password file.
pymdownx.snippets checks that an included path starts with one of its ``base_path`` folders,
but compares paths without resolving links, and a base of ``.`` lets a note include
``.git/config``. So:

* a file (or a file inside a linked folder) whose real path is outside the folder it was found
  in (``docs/``, or the theme's ``overrides/``) is an error and is dropped, never copied;
* snippets may be included only from the folders listed in ``SNIPPET_FOLDERS``; the
  extension's configuration must say so (``base_path``, ``restrict_base_path``, no URL
  downloads), and no link inside those folders may lead out of them.

No MkDocs import: ``hooks/source_checks.py`` routes the events here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Folders (relative to the project root) that notes may include snippets from.
SNIPPET_FOLDERS = ("benchmarks/results",)


@dataclass(frozen=True)
class PublicationProblem:
    """A file that would be published from outside the project, or an unsafe snippet setting."""

    path: str  # as the contributor names it: docs/x.png or mkdocs.yml
    detail: str


def _inside(path: str, folder: str) -> bool:
    """``path`` is ``folder`` or under it (both resolved)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def leaving_their_folder(files: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """``{shown path: real path}`` of every file whose real path is outside its folder.

    ``files`` holds ``(shown path, absolute path, folder)`` triples: the shown path is how a
    message names the file (``docs/assets/x.txt``), the folder the one MkDocs found it in
    (``docs/``, or a theme folder such as ``overrides/``).
    """
    real_folders: dict[str, str] = {}  # every file of a folder shares its resolution

    def resolved(folder: str) -> str:
        if folder not in real_folders:
            real_folders[folder] = os.path.realpath(folder)
        return real_folders[folder]

    leaving = {}
    for shown, absolute, folder in files:
        parent, name = os.path.split(os.path.normpath(absolute))
        if name in ("", ".", "..") or os.path.islink(absolute):
            real = os.path.realpath(absolute)
        else:  # the file itself is no link: only its folders can lead elsewhere
            real = os.path.join(resolved(parent), name)
        if not _inside(real, resolved(folder)):
            leaving[shown] = real
    return leaving


def check_snippet_config(
    snippets: Mapping[str, Any] | None, *, project_root: str
) -> list[PublicationProblem]:
    """Problems with the pymdownx.snippets configuration (``None``: the extension is off).

    ``project_root`` is the folder ``SNIPPET_FOLDERS`` and relative base paths are relative
    to (the repository).
    """
    if snippets is None:
        return []
    root = Path(os.path.realpath(project_root))
    allowed = {Path(os.path.realpath(root / folder)) for folder in SNIPPET_FOLDERS}
    problems = []
    bases = snippets.get("base_path", ["."])
    for base in [bases] if isinstance(bases, str) else bases:
        real = Path(os.path.realpath(root / base))
        if real not in allowed:
            problems.append(
                PublicationProblem(
                    "mkdocs.yml",
                    f"pymdownx.snippets base_path `{base}` is not a snippet folder; notes may "
                    f"include snippets only from: {', '.join(SNIPPET_FOLDERS)} "
                    "(hooks/shortnotes/publication.py SNIPPET_FOLDERS)",
                )
            )
    if snippets.get("restrict_base_path", True) is not True:
        problems.append(
            PublicationProblem("mkdocs.yml", "pymdownx.snippets restrict_base_path must stay true")
        )
    if snippets.get("url_download", False):
        problems.append(
            PublicationProblem(
                "mkdocs.yml", "pymdownx.snippets url_download must stay false (no network)"
            )
        )
    for folder in sorted(allowed):
        problems += _links_leaving(folder, root)
    return problems


def anchored_base_paths(snippets: dict[str, Any], *, project_root: str) -> None:
    """Make relative ``base_path`` entries absolute under the project root, in place.

    The extension reads them relative to the working folder, so the same config would
    include other files when MkDocs runs from elsewhere (a test, a benchmark, a subfolder).
    """
    bases = snippets.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else list(bases)
    snippets["base_path"] = [os.path.join(project_root, base) for base in bases]


def _links_leaving(folder: Path, root: Path) -> list[PublicationProblem]:
    """A problem for every symbolic link under ``folder`` whose target is outside it."""
    problems = []
    for directory, subdirectories, files in os.walk(folder):
        for name in (*subdirectories, *files):
            path = Path(directory) / name
            if path.is_symlink() and not _inside(os.path.realpath(path), str(folder)):
                problems.append(
                    PublicationProblem(
                        path.relative_to(root).as_posix(),
                        f"is a link to {os.path.realpath(path)}, outside the snippet folder; "
                        "replace the link with the file itself",
                    )
                )
    return problems
