"""Every note records its last claim-by-claim review: the day and the sources it was checked
against (front matter `reviewed` and `sources`; CONTRIBUTING.md, Page skeleton). The schema
(hooks/shortnotes/frontmatter_schema.py) checks the types; this checks that every note has one,
so a maintainer next year knows what each note was checked against and when.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from shortnotes import frontmatter

from tests.conftest import DOCS

TOPICS = ("kubernetes", "python", "redis")
NOTES = sorted(path for topic in TOPICS for path in (DOCS / topic).rglob("*.md"))


def review_problems(path: Path, text: str) -> list[str]:
    """What is missing from one note's review record."""
    parsed = frontmatter.parse(text)
    shown = f"docs/{path.relative_to(DOCS).as_posix()}"
    problems = []
    reviewed = parsed.data.get("reviewed")
    if not isinstance(reviewed, datetime.date):
        problems.append(f"{shown}:1: no `reviewed: YYYY-MM-DD` — add the day the note was checked")
    sources = parsed.data.get("sources")
    if not isinstance(sources, list) or len(sources) < 2:
        problems.append(
            f"{shown}:1: `sources` lists fewer than two official pages or source files — list "
            "what the note's claims were checked against"
        )
    return problems


def test_there_are_notes() -> None:
    assert len(NOTES) >= 40


@pytest.mark.parametrize("path", NOTES, ids=[p.relative_to(DOCS).as_posix() for p in NOTES])
def test_every_note_records_its_review(path: Path) -> None:
    assert review_problems(path, path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: T\n---\n# T\n", ["no `reviewed", "fewer than two"]),
        ("---\ntitle: T\nreviewed: 2026-12-01\nsources: [https://a.example/]\n---\n", ["fewer"]),
        ("---\ntitle: T\nreviewed: soon\nsources: [https://a/, https://b/]\n---\n", ["no `rev"]),
    ],
    ids=["none", "one-source", "not-a-date"],
)
def test_a_missing_review_is_reported(text: str, expected: list[str]) -> None:
    found = review_problems(DOCS / "redis" / "x.md", text)
    assert len(found) == len(expected)
    assert all(part in message for part, message in zip(expected, found, strict=True))
