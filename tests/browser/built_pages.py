"""What the built HTML holds, read with selectolax: which pages to drive the browser to.

The browser tests pick their pages from the site as it is (a note with two linked tab sets,
a note with a concept link), so they keep working as the notes change instead of naming
pages that may be rewritten tomorrow.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser


@dataclass(frozen=True)
class TermLink:
    text: str
    summary: str  # data-term-summary: what the tooltip must show
    href: str


@dataclass(frozen=True)
class BuiltPage:
    path: str  # relative to the site's base URL: "" for home, "redis/persistence/"
    title: str
    tab_sets: tuple[tuple[str, ...], ...]  # each set's labels, in page order
    term_links: tuple[TermLink, ...]
    edit_href: str | None
    longest_code_line: int  # characters in the longest line of a code block (0: no code)


def _html_file(site_dir: Path, path: str) -> Path:
    return site_dir / path / "index.html"


@cache
def read_page(site_dir: Path, path: str) -> BuiltPage:
    tree = LexborHTMLParser(_html_file(site_dir, path).read_text(encoding="utf-8"))
    article = tree.css_first("article.md-content__inner")
    tab_sets = tuple(
        tuple(label.text(strip=True) for label in tab_set.css(".tabbed-labels > label"))
        for tab_set in (article.css(".tabbed-set") if article else [])
    )
    term_links = tuple(
        TermLink(
            text=link.text(strip=True),
            summary=link.attributes.get("data-term-summary") or "",
            href=link.attributes.get("href") or "",
        )
        for link in (article.css("a.sn-term") if article else [])
    )
    code_lines = [
        len(line)
        for code in (article.css("pre > code") if article else [])
        for line in code.text(deep=True).splitlines()
    ]
    edit = tree.css_first('a.md-content__button[rel="edit"]')
    title_node = tree.css_first("title")
    return BuiltPage(
        path=path,
        title=title_node.text(strip=True) if title_node else "",
        tab_sets=tab_sets,
        term_links=term_links,
        edit_href=edit.attributes.get("href") if edit else None,
        longest_code_line=max(code_lines, default=0),
    )


def page_paths(site_dir: Path) -> list[str]:
    """Every page (home is ``""``), in a stable order; the 404 page is not one."""
    paths = []
    for index in sorted(site_dir.rglob("index.html")):
        relative = index.parent.relative_to(site_dir).as_posix()
        paths.append("" if relative == "." else relative + "/")
    return paths


def notes(site_dir: Path) -> list[BuiltPage]:
    """The notes: every page but home and the glossary."""
    return [
        read_page(site_dir, path)
        for path in page_paths(site_dir)
        if path not in ("", "glossary/") and not path.startswith("search/")
    ]


def shared_label(page: BuiltPage) -> tuple[int, int, str] | None:
    """Two tab sets on ``page`` and a label they share that is not the first of the second
    set: (first set, second set, label). Clicking it in one set must move the other."""
    for i, first in enumerate(page.tab_sets):
        for j in range(i + 1, len(page.tab_sets)):
            second = page.tab_sets[j]
            for label in second[1:]:
                if label in first:
                    return i, j, label
    return None
