"""Relative links between Markdown sources, resolved the way MkDocs resolves them.

The autolinker writes ``page.md#anchor`` hrefs (relative to the linking page's
source) so that MkDocs rewrites and validates them; backlinks read hand-written
hrefs back to the ``src_uri`` they point at. Nothing here imports MkDocs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Container
from urllib.parse import unquote, urlsplit


def md_href(from_src: str, to_src: str, anchor: str = "") -> str:
    """The href, written in ``from_src``, that reaches ``to_src#anchor``."""
    fragment = f"#{anchor}" if anchor else ""
    if to_src == from_src:
        return fragment or posixpath.basename(to_src)
    # Plain string work: posixpath.relpath would call os.getcwd() twice per link.
    from_dirs = from_src.split("/")[:-1]
    to_parts = to_src.split("/")
    common = 0
    while (
        common < len(from_dirs)
        and common < len(to_parts) - 1
        and from_dirs[common] == to_parts[common]
    ):
        common += 1
    ups = "../" * (len(from_dirs) - common)
    return ups + "/".join(to_parts[common:]) + fragment


def resolve_md_link(from_src: str, href: str, known: Container[str]) -> str | None:
    """The ``src_uri`` a hand-written link in ``from_src`` points at, if it is a page here."""
    if href.startswith("#") or ".md" not in href:
        return None  # toc permalinks, external and asset links: skip the parsing
    scheme, netloc, path, _query, _fragment = urlsplit(href)
    if scheme or netloc or not path or path.startswith(("/", "\\")):
        return None  # external, self-anchor or absolute: not a link between notes
    target = posixpath.normpath(posixpath.join(posixpath.dirname(from_src), unquote(path)))
    return target if target in known else None
