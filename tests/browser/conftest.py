"""Browser fixtures: Debian's Chromium driven by Playwright against the site on 127.0.0.1.

- ``chromium``: one headless browser for the package (tests/browser/chromium.py). Missing
  binary: skipped locally, a failure in CI (``CI`` set), so CI can never pass by skipping.
- ``site``: the real site from the session's strict build, served like GitHub Pages.
- ``site_without``: ``site_without("no-search")`` builds and serves a variant of the real site
  with one feature switched off (tests/browser/site_variants.py), once per test session.
- ``new_page`` / ``page``: a fresh context and page (desktop width unless asked), recording
  console errors, uncaught exceptions and requests that leave the site.

Every test here is marked ``browser``. Everything is package-scoped, so Playwright's event
loop is closed before tests in other packages run their own asyncio code.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from browser.chromium import CHROMIUM, DESKTOP, TIMEOUT_MS, BrowserPage, launch, open_page
from browser.failure_artifacts import FAILURE_ARTIFACTS, save_failure_artifacts
from browser.site_server import Site, serve_site
from browser.site_variants import VARIANTS, build_variant, load_config
from tests.conftest import SITE_DOES_NOT_BUILD

expect.set_options(timeout=TIMEOUT_MS)
SITE_URL = load_config()["site_url"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def site(built_site) -> Iterator[Site]:
    with serve_site(built_site.site_dir, site_url=SITE_URL) as base_url:
        yield Site(base_url, built_site.site_dir)


@pytest.fixture(scope="package")
def site_without(
    tmp_path_factory: pytest.TempPathFactory, real_site
) -> Iterator[Callable[[str], Site]]:
    served: dict[str, Site] = {}
    with ExitStack() as servers:

        def get(name: str) -> Site:
            if name not in served:
                build = build_variant(name, tmp_path_factory.mktemp(f"variant-{name}"))
                if build.returncode != 0:
                    if real_site.returncode != 0:
                        pytest.skip(SITE_DOES_NOT_BUILD)  # one message, at the top
                    pytest.fail(
                        f"variant {name} ({VARIANTS[name].removes}) does not build:\n{build.log}",
                        pytrace=False,
                    )
                base_url = servers.enter_context(serve_site(build.site_dir, site_url=SITE_URL))
                served[name] = Site(base_url, build.site_dir)
            return served[name]

        yield get
    for variant in served.values():
        shutil.rmtree(variant.site_dir, ignore_errors=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def new_page(
    chromium: Browser, request: pytest.FixtureRequest
) -> Iterator[Callable[..., BrowserPage]]:
    opened_pages: list[BrowserPage] = []
    with ExitStack() as contexts:

        def opener(*, viewport: dict[str, int] = DESKTOP, **options: Any) -> BrowserPage:
            context, opened = open_page(chromium, viewport=viewport, **options)
            contexts.callback(context.close)
            opened_pages.append(opened)
            return opened

        yield opener
        if request.node.stash.get(_FAILED, False):
            save_failure_artifacts(FAILURE_ARTIFACTS, request.node.nodeid, opened_pages)


@pytest.fixture
def page(new_page: Callable[..., BrowserPage]) -> Page:
    """A desktop-width page, for tests that do not look at errors or width."""
    return new_page().page
