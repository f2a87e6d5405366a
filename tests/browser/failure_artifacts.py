"""What a failed browser test leaves behind: a screenshot and the HTML of each page it opened.

Under ``test-artifacts/browser/`` (or ``$SHORT_NOTES_ARTIFACTS/browser``); CI uploads that
folder when a run fails (.github/workflows/ci.yml).
"""

from __future__ import annotations

import os
from pathlib import Path

from browser.chromium import BrowserPage

FAILURE_ARTIFACTS = Path(os.environ.get("SHORT_NOTES_ARTIFACTS", "test-artifacts")) / "browser"


def save_failure_artifacts(directory: Path, test_id: str, pages: list[BrowserPage]) -> None:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in test_id)[:120]
    directory.mkdir(parents=True, exist_ok=True)
    for number, opened in enumerate(pages):
        try:
            opened.page.screenshot(path=str(directory / f"{safe}-{number}.png"))
            (directory / f"{safe}-{number}.html").write_text(opened.page.content())
        except Exception:  # a page that crashed still lets the others be saved
            continue
