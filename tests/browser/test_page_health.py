"""Every page loads cleanly: no console error, no uncaught exception, no request off the site.

One tour visits every page (and the 404 page) in one browser tab, the way a reader clicks
around: errors that only appear on a second page view are caught too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser

from browser.built_pages import page_paths
from browser.chromium import BrowserPage, open_page
from browser.site_server import Site


def tour(opened: BrowserPage, site: Site, *, pages: int | None = None) -> BrowserPage:
    """Visit the first ``pages`` pages (all by default), then a missing one (the 404 page)."""
    for path in page_paths(site.site_dir)[:pages]:
        opened.page.goto(site.url(path), wait_until="networkidle")
    missing = site.url("no-such-page/")
    seen = len(opened.errors)
    opened.page.goto(missing, wait_until="networkidle")
    # Chromium logs the 404 status of the missing page itself; that one is the point.
    opened.errors[seen:] = [e for e in opened.errors[seen:] if not e.endswith(f"({missing})")]
    return opened


def check_no_errors(toured: BrowserPage) -> None:
    assert not toured.errors, "JavaScript errors:\n" + "\n".join(toured.errors)


def check_no_foreign_requests(toured: BrowserPage) -> None:
    assert not toured.foreign_requests, "requests that leave the site:\n" + "\n".join(
        toured.foreign_requests
    )


@pytest.fixture(scope="module")
def toured_site(chromium: Browser, site: Site) -> Iterator[BrowserPage]:
    context, opened = open_page(chromium)
    yield tour(opened, site)
    context.close()


def test_no_javascript_error_on_any_page(toured_site: BrowserPage) -> None:
    check_no_errors(toured_site)


def test_no_page_requests_anything_from_another_host(toured_site: BrowserPage) -> None:
    check_no_foreign_requests(toured_site)


def test_error_check_fails_on_a_throwing_script(
    new_page: Callable[..., BrowserPage], site_without: Callable
) -> None:
    toured = tour(new_page(), site_without("script-error"), pages=2)
    with pytest.raises(AssertionError, match="variant: a broken script"):
        check_no_errors(toured)


def test_request_check_fails_with_repository_facts(
    new_page: Callable[..., BrowserPage], site_without: Callable
) -> None:
    toured = tour(new_page(), site_without("repository-facts"), pages=2)
    with pytest.raises(AssertionError, match=r"api\.github\.com"):
        check_no_foreign_requests(toured)
