"""A built site as the checks see it: its HTML pages (parsed on demand), their Markdown
sources, and how a URL on a page resolves to a built file."""

from __future__ import annotations

import json
import os
import posixpath
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from . import source_map
from .built_page import BuiltPage, Link
from .project import Project, SourceFile

# Written into the site by hooks/glossary.py; its contract is glossary.schema.json.
GLOSSARY_FILE = "glossary.json"


@dataclass(frozen=True)
class Target:
    """Where a relative URL leads, before checking that it exists."""

    path: str  # site-relative, normalised ("" is the site root); may end with "/"
    fragment: str  # unquoted, without "#"
    escapes_site: bool = False


def resolve(page_dest: str, path: str, fragment: str) -> Target:
    """Resolve a URL path the way a browser does from ``page_dest``."""
    base = posixpath.dirname(page_dest)
    joined = posixpath.join(base, unquote(path)) if path else page_dest
    normal = posixpath.normpath(joined)
    escapes = normal == ".." or normal.startswith("../")
    if normal == ".":
        normal = ""
    if path.endswith("/") and normal:
        normal += "/"
    return Target(normal, unquote(fragment), escapes)


class BuiltSite:
    """The output directory of one build, tied to the project that produced it."""

    def __init__(self, site_dir: Path, project: Project) -> None:
        self.site_dir = site_dir
        self.project = project
        self._pages: dict[str, BuiltPage] = {}

    @cached_property
    def html_files(self) -> list[str]:
        """Every HTML file of the site, site-relative, sorted (symlinked folders followed)."""
        found = []
        for folder, _, names in os.walk(self.site_dir, followlinks=True):
            relative = Path(folder).relative_to(self.site_dir)
            found += [(relative / name).as_posix() for name in names if name.endswith(".html")]
        return sorted(found)

    def page(self, dest: str) -> BuiltPage:
        if dest not in self._pages:
            self._pages[dest] = BuiltPage.parse(self.site_dir, dest)
        return self._pages[dest]

    def source_of(self, dest: str) -> SourceFile | None:
        """The Markdown page a built HTML file was rendered from (None for theme pages)."""
        source = self.project.by_dest.get(dest)
        return source if source is not None and source.is_page else None

    def file_for(self, path: str) -> str | None:
        """The built file a site-relative path serves (a directory serves its index.html)."""
        candidate = self.site_dir / path if path else self.site_dir
        if candidate.is_dir():
            index = candidate / "index.html"
            return index.relative_to(self.site_dir).as_posix() if index.is_file() else None
        if candidate.is_file() and not path.endswith("/"):
            return candidate.relative_to(self.site_dir).as_posix()
        return None

    def follow(self, dest: str, url: str) -> tuple[str | None, str]:
        """The built file and fragment a relative ``url`` on page ``dest`` reaches."""
        parts = urlsplit(url)
        target = resolve(dest, parts.path, parts.fragment)
        return (None if target.escapes_site else self.file_for(target.path)), target.fragment

    @cached_property
    def glossary(self) -> dict[str, Any] | None:
        """The glossary data file the glossary hooks write, or None if it is missing."""
        path = self.site_dir / GLOSSARY_FILE
        if not path.is_file():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            return None

    @cached_property
    def glossary_page_src(self) -> str | None:
        """Source of the glossary page: from glossary.json, else a page named glossary.md."""
        data = self.glossary
        if isinstance(data, dict) and isinstance(data.get("glossary_page"), str):
            return data["glossary_page"]
        return "glossary.md" if "glossary.md" in self.project.files else None

    def same_path_ignoring_case(self, path: str) -> str | None:
        """The existing site path that differs from ``path`` only in case, if any."""
        current = self.site_dir
        parts = []
        for part in [p for p in path.split("/") if p]:
            if not current.is_dir():
                return None
            matches = [child for child in current.iterdir() if child.name.lower() == part.lower()]
            if not matches:
                return None
            current = matches[0]
            parts.append(current.name)
        found = "/".join(parts) + ("/" if path.endswith("/") else "")
        return found if found != path and self.file_for(found) else None

    def locate(
        self,
        dest: str,
        link: Link,
        *,
        target_src: str | None = None,
        fragment: str = "",
        raw_html: bool = False,
    ) -> tuple[str, int]:
        """Where a contributor fixes ``link`` of page ``dest``: its Markdown line, or the
        line of mkdocs.yml that puts it in the theme's frame (nav, assets)."""
        source = self.source_of(dest)
        if source is not None and link.in_content:
            # The n-th link to one URL on a page maps to the n-th match in its source.
            occurrence = sum(
                1
                for other in self.page(dest).links[: link.position]
                if other.in_content and other.url == link.url and not other.is_permalink
            )
            line = source_map.link_line(
                self.project.markdown(source),
                link,
                page_src=source.src_uri,
                target_src=target_src,
                fragment=fragment,
                occurrence=occurrence,
                raw_html=raw_html,
            )
            return self.project.source_path(source), line
        return self.project.config_file.name, self.project.config_line(
            target_src or "", link.url.split("#")[0], link.url
        )

    def locate_page(self, dest: str) -> tuple[str, SourceFile | None]:
        source = self.source_of(dest)
        return (self.project.source_path(source) if source else f"site/{dest}"), source
