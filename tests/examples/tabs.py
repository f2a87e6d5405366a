"""Content tabs: the label vocabulary (tab_labels.txt) and how titles form groups."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .lexers import TabTitle

TAB_LABELS_FILE = Path(__file__).with_name("tab_labels.txt")


@cache
def allowed_tab_labels() -> frozenset[str]:
    lines = TAB_LABELS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def tab_groups(tabs: list[TabTitle], text: str) -> list[list[TabTitle]]:
    """Group titles as pymdownx.tabbed does: consecutive titles at one indentation, with only
    their (more indented) content or blank lines between, form one group; `===!` starts anew."""
    lines = text.splitlines()
    groups: list[list[TabTitle]] = []
    for tab in tabs:
        # The latest group at this indentation; nested groups in between are its content.
        group = next((g for g in reversed(groups) if g[-1].indent == tab.indent), None)
        if (
            group is not None
            and not tab.starts_new_group
            and all(
                not line.strip() or _indent(line) > tab.indent
                for line in lines[group[-1].line : tab.line - 1]
            )
        ):
            group.append(tab)
        else:
            groups.append([tab])
    return groups


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
