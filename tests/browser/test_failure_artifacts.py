"""A failed browser test leaves a screenshot and the page's HTML for CI to upload."""

from __future__ import annotations

from pathlib import Path

from browser.failure_artifacts import save_failure_artifacts


def test_a_failure_saves_a_screenshot_and_the_html(new_page, site, tmp_path: Path) -> None:
    opened = new_page()
    opened.page.goto(site.url("redis/lists/"))
    save_failure_artifacts(tmp_path / "browser", "tests/browser/x.py::test_y[a/b]", [opened])
    saved = sorted(path.name for path in (tmp_path / "browser").iterdir())
    assert saved == [
        "tests_browser_x.py__test_y_a_b_-0.html",
        "tests_browser_x.py__test_y_a_b_-0.png",
    ]
    png = (tmp_path / "browser" / saved[1]).read_bytes()
    assert png.startswith(b"\x89PNG")
    assert "Lists" in (tmp_path / "browser" / saved[0]).read_text()
