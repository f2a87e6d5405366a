"""Every page has a visible "Edit this page" button that opens its own source file.

The address is repo_url + edit_uri + the page's file under docs/, so a reader who spots a
mistake lands in GitHub's editor on the right file (and GitHub offers to fork and open a pull
request). A page built from no file in docs/ must not offer the button at all.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browser.built_pages import page_paths
from browser.site_server import Site
from browser.site_variants import ROOT, load_config

EDIT_BUTTON = "a.md-content__button[rel='edit']"


def source_of(path: str, docs: Path) -> str | None:
    """``redis/lists/`` -> ``redis/lists.md`` (or ``redis/lists/index.md``), if it exists."""
    candidates = [path.rstrip("/") + ".md", path + "index.md"] if path else ["index.md"]
    return next((c for c in candidates if (docs / c).is_file()), None)


def check_edit_buttons(page: Page, site: Site) -> None:
    config = load_config()
    edit_base = config["repo_url"].rstrip("/") + "/" + config["edit_uri"].strip("/") + "/"
    docs = ROOT / config.get("docs_dir", "docs")
    for path in page_paths(site.site_dir):
        page.goto(site.url(path))
        button = page.locator(EDIT_BUTTON)
        source = source_of(path, docs)
        if source is None:
            expect(button, f"/{path} has no source file but offers to edit one").to_have_count(0)
            continue
        expect(button, f"/{path} has no edit button").to_be_visible()
        expect(button, f"/{path}: the edit button opens the wrong file").to_have_attribute(
            "href", edit_base + source
        )


def test_every_page_has_an_edit_button_to_its_source(page: Page, site: Site) -> None:
    check_edit_buttons(page, site)


def test_check_fails_without_edit_buttons(page: Page, site_without: Callable) -> None:
    with pytest.raises(AssertionError, match="has no edit button"):
        check_edit_buttons(page, site_without("no-edit-button"))
