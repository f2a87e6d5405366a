"""What the MkDocs config says about a site: every source page, its URL, nav and exclusions.

Loaded with MkDocs' own config loader and file walker, so exclusions (``exclude_docs``,
``draft_docs``, ``not_in_nav``) and URLs are computed exactly as the build computes them.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import load_config
from mkdocs.structure.files import InclusionLevel, get_files
from shortnotes.source_checks import MarkdownSource


class Inclusion(StrEnum):
    IN_NAV = "in-nav"
    STANDALONE = "standalone"  # listed in `not_in_nav`
    OMITTED = "omitted"  # built, but neither in the nav nor listed as standalone
    EXCLUDED = "excluded"
    DRAFT = "draft"


@dataclass(frozen=True)
class SourceFile:
    """One file of ``docs/``: where it comes from and where the build puts it."""

    src_uri: str  # docs-relative, e.g. "kubernetes/workloads/pods.md"
    dest_uri: str  # site-relative file, e.g. "kubernetes/workloads/pods/index.html"
    url: str  # site-relative URL, e.g. "kubernetes/workloads/pods/"
    inclusion: Inclusion
    is_page: bool

    @property
    def is_built(self) -> bool:
        return self.inclusion not in (Inclusion.EXCLUDED, Inclusion.DRAFT)


def _nav_sources(nav: object) -> set[str]:
    """Every docs-relative path named in a ``nav:`` structure (external links skipped)."""
    found: set[str] = set()
    if isinstance(nav, str):
        if not urlsplit(nav).scheme:
            found.add(posixpath.normpath(nav.lstrip("/")))
    elif isinstance(nav, list):
        for item in nav:
            found |= _nav_sources(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= _nav_sources(value)
    return found


class Project:
    """A MkDocs project as configured: its files, nav, site_url and docs prefix."""

    def __init__(self, config_file: Path) -> None:
        self.config_file = config_file.resolve()
        self.root = self.config_file.parent
        self.config = load_config(str(self.config_file))
        self.docs_dir = Path(self.config.docs_dir)
        # Messages name files as seen from the project root: docs/x.md, mkdocs.yml.
        self.docs_prefix = Path(os.path.relpath(self.docs_dir, self.root)).as_posix()
        self.site_url: str = self.config.site_url or ""
        self.config_lines = self.config_file.read_text(encoding="utf-8").split("\n")
        self._markdown: dict[str, MarkdownSource] = {}

    @cached_property
    def files(self) -> dict[str, SourceFile]:
        """Every file under docs/, by src_uri (excluded and draft files included)."""
        nav = None if self.config.nav is None else _nav_sources(self.config.nav)
        result = {}
        for file in get_files(self.config):
            if file.inclusion.is_excluded():
                inclusion = (
                    Inclusion.DRAFT
                    if file.inclusion == InclusionLevel.DRAFT
                    else Inclusion.EXCLUDED
                )
            elif nav is None or file.src_uri in nav:
                inclusion = Inclusion.IN_NAV
            elif file.inclusion == InclusionLevel.NOT_IN_NAV:
                inclusion = Inclusion.STANDALONE
            else:
                inclusion = Inclusion.OMITTED
            result[file.src_uri] = SourceFile(
                src_uri=file.src_uri,
                dest_uri=file.dest_uri,
                url=file.url,
                inclusion=inclusion,
                is_page=file.is_documentation_page(),
            )
        return result

    @cached_property
    def by_dest(self) -> dict[str, SourceFile]:
        """Files by the site path they are (or would be) built to."""
        return {file.dest_uri: file for file in self.files.values()}

    @cached_property
    def site_url_path(self) -> str:
        """The path part of site_url (``/short-notes/``): the prefix of root-absolute links
        in 404.html, which MkDocs writes that way so it works from any URL."""
        return urlsplit(self.site_url).path or "/"

    def source_path(self, file: SourceFile) -> str:
        """How messages name a source file: ``docs/x.md``."""
        return f"{self.docs_prefix}/{file.src_uri}"

    def markdown(self, file: SourceFile) -> MarkdownSource:
        """The Markdown source of a page, read once."""
        if file.src_uri not in self._markdown:
            text = (self.docs_dir / file.src_uri).read_text(encoding="utf-8-sig")
            self._markdown[file.src_uri] = MarkdownSource(text)
        return self._markdown[file.src_uri]

    def config_line(self, *needles: str) -> int:
        """First line of mkdocs.yml containing one of ``needles`` (1 when none does)."""
        for needle in needles:
            for number, line in enumerate(self.config_lines, start=1):
                if needle and needle in line:
                    return number
        return 1
