"""Browser fixtures: Debian's Chromium driven by Playwright against the site on 127.0.0.1.

- ``chromium``: one headless browser for the package (``/usr/bin/chromium``, never a download;
  ``SHORT_NOTES_CHROMIUM`` may name another binary). Missing: skipped locally, a failure in CI.
- ``site``: the real site from the session's strict build, served like GitHub Pages.
- ``site_without``: ``site_without("no-search")`` builds and serves a variant of the real site
  with one feature switched off (tests/browser/site_variants.py), once per test session.
- ``new_page``: a fresh browser context (no storage shared between tests) and page, at a
  desktop or phone width; every console error and uncaught exception is recorded on it.

Everything is package-scoped, so Playwright's event loop is closed before tests in other
packages run their own asyncio code.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, expect, sync_playwright

from browser.site_server import Site, serve_site
from browser.site_variants import VARIANTS, build_variant

CHROMIUM = Path(os.environ.get("SHORT_NOTES_CHROMIUM", "/usr/bin/chromium"))
# Root needs --no-sandbox; the rest keeps a browser on a closed network from phoning home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
# Long enough for a slow shared CI machine, short enough that the feature-removal tests,
# which wait for something that never comes, stay quick.
TIMEOUT_MS = 5_000

expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this package needs the browser: mark it so `-m "not browser"` skips it."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class BrowserPage:
    """A page plus what went wrong on it."""

    page: Page
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="package")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def site(built_site) -> Iterator[Site]:
    with serve_site(built_site.site_dir) as base_url:
        yield Site(base_url, built_site.site_dir)


@pytest.fixture(scope="package")
def site_without(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Site]]:
    served: dict[str, Site] = {}
    with ExitStack() as servers:

        def get(name: str) -> Site:
            if name not in served:
                build = build_variant(name, tmp_path_factory.mktemp(f"variant-{name}"))
                if build.returncode != 0:
                    pytest.fail(
                        f"variant {name} ({VARIANTS[name].removes}) does not build:\n{build.log}",
                        pytrace=False,
                    )
                base_url = servers.enter_context(serve_site(build.site_dir))
                served[name] = Site(base_url, build.site_dir)
            return served[name]

        yield get
    for site in served.values():
        shutil.rmtree(site.site_dir, ignore_errors=True)


@pytest.fixture
def new_page(chromium: Browser) -> Iterator[Callable[..., BrowserPage]]:
    with ExitStack() as contexts:

        def open_page(*, viewport: dict[str, int] = DESKTOP) -> BrowserPage:
            context = chromium.new_context(viewport=viewport)
            contexts.callback(context.close)
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            opened = BrowserPage(page)

            def on_console(message: ConsoleMessage) -> None:
                if message.type == "error":
                    where = message.location.get("url", "")
                    opened.errors.append(f"console error on {page.url}: {message.text} ({where})")

            def on_page_error(error: Error) -> None:
                opened.errors.append(f"uncaught exception on {page.url}: {error.message}")

            page.on("console", on_console)
            page.on("pageerror", on_page_error)
            return opened

        yield open_page


@pytest.fixture
def page(new_page: Callable[..., BrowserPage]) -> Page:
    """A desktop-width page (for tests that do not care about errors or width)."""
    return new_page().page
