"""Reading a built site for the glossary checks: pages by url, ids, link resolution."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

BASE = "http://site.invalid/"


class BuiltSite:
    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.data: dict[str, Any] = json.loads((site_dir / "glossary.json").read_text("utf-8"))

    def page_urls(self) -> list[str]:
        """Site-relative urls of every built page (directory urls)."""
        return sorted(
            path.parent.relative_to(self.site_dir).as_posix() + "/"
            if path.parent != self.site_dir
            else ""
            for path in self.site_dir.rglob("index.html")
            if not path.relative_to(self.site_dir).parts[0] in {"search", "assets"}
        )

    @functools.cache
    def html(self, url: str) -> LexborHTMLParser:
        path = self.site_dir / url / "index.html"
        return LexborHTMLParser(path.read_text(encoding="utf-8"))

    @functools.cache
    def ids(self, url: str) -> frozenset[str]:
        return frozenset(node.attributes["id"] for node in self.html(url).css("[id]"))

    def resolve(self, from_url: str, href: str) -> tuple[str, str]:
        """(site-relative page url, fragment) that ``href`` on ``from_url`` points at."""
        absolute = urljoin(BASE + from_url, href)
        parts = urlsplit(absolute)
        return parts.path.lstrip("/"), parts.fragment

    def exists(self, url: str, fragment: str = "") -> bool:
        if not (self.site_dir / url / "index.html").is_file():
            return False
        return not fragment or fragment in self.ids(url)
