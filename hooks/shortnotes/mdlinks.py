"""Relative links between Markdown sources, resolved the way MkDocs resolves them.

The autolinker writes ``page.md#anchor`` hrefs (relative to the linking page's
source) so that MkDocs rewrites and validates them; backlinks read hand-written
hrefs back to the ``src_uri`` they point at. Nothing here imports MkDocs.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Container
from urllib.parse import unquote

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def md_href(from_src: str, to_src: str, anchor: str = "") -> str:
    """The href, written in ``from_src``, that reaches ``to_src#anchor``."""
    fragment = f"#{anchor}" if anchor else ""
    if to_src == from_src:
        return fragment or posixpath.basename(to_src)
    return _relative(posixpath.dirname(from_src), to_src) + fragment


@functools.lru_cache(maxsize=16384)  # the same targets recur from every page of a folder
def _relative(from_dir: str, to_src: str) -> str:
    # Plain string work: posixpath.relpath would call os.getcwd() twice per link.
    from_dirs = from_dir.split("/") if from_dir else []
    to_parts = to_src.split("/")
    common = 0
    while (
        common < len(from_dirs)
        and common < len(to_parts) - 1
        and from_dirs[common] == to_parts[common]
    ):
        common += 1
    ups = "../" * (len(from_dirs) - common)
    return ups + "/".join(to_parts[common:])


def resolve_md_link(from_src: str, href: str, known: Container[str]) -> str | None:
    """The ``src_uri`` a hand-written link in ``from_src`` points at, if it is a page here."""
    path = href.partition("#")[0].partition("?")[0]
    if not path.endswith(".md") or path.startswith(("/", "\\")) or _SCHEME.match(path):
        return None  # anchors, assets, absolute and external links: not between notes
    target = _target(posixpath.dirname(from_src), path)
    return target if target in known else None


@functools.lru_cache(maxsize=65536)
def _target(from_dir: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(from_dir, unquote(path)))
