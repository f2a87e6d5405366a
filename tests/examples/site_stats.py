"""Counts over the notes that the content rules (tests/test_content_rules.py) hold to thresholds.

They read pages through the harness's own parser, so a tab or a manifest counts exactly when
the examples tests see it: tabs outside code blocks, manifests that are validated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .lexers import lex_page
from .manifests import ManifestBlock
from .page_parser import load_page
from .pages import NotePage
from .tabs import tab_groups

#: The sections of docs/ that hold notes (the home page and the glossary are not notes).
NOTE_SECTIONS = ("kubernetes", "python", "redis")


@dataclass(frozen=True)
class PageStats:
    path: str
    tab_groups: int
    kubernetes_manifests: (
        int  # validated ```yaml blocks holding API objects (not component configs)
    )


def page_stats(page: NotePage) -> PageStats:
    manifests = [
        block
        for block in page.parsed_blocks()
        if isinstance(block, ManifestBlock) and block.api_objects
    ]
    groups = tab_groups(lex_page(page).tabs, page.text)
    return PageStats(path=page.path, tab_groups=len(groups), kubernetes_manifests=len(manifests))


def note_page_stats(docs: Path) -> list[PageStats]:
    paths = sorted(path for section in NOTE_SECTIONS for path in (docs / section).rglob("*.md"))
    return [page_stats(load_page(path)) for path in paths]
