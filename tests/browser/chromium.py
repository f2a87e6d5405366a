"""Debian's Chromium under Playwright: how it is launched, and pages that record errors."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Error, Page, Playwright

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
# How long a step waits for its condition before it fails. Only a failing step waits that
# long (each feature-removal test does, once); on a shared 2-core machine under load a step
# that takes a fraction of a second when idle can take seconds, so the bound is generous:
# it must never be what decides a result.
TIMEOUT_MS = 20_000
# Every site under test is served on the loopback address; anything else is a foreign request.
LOCAL = "http://127.0.0.1:"


def launch(playwright: Playwright) -> Browser:
    """Headless Chromium from the system, never a downloaded build."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


@dataclass
class BrowserPage:
    """A page plus everything that went wrong on it: console errors, uncaught exceptions,
    and requests that left the machine."""

    page: Page
    errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)


def open_page(
    browser: Browser,
    *,
    viewport: dict[str, int] = DESKTOP,
    color_scheme: str = "light",
    touch: bool = False,
) -> tuple[BrowserContext, BrowserPage]:
    """A fresh context (nothing stored from other tests) and its page. ``color_scheme`` is
    what the operating system prefers; the site follows it until the reader toggles.
    ``touch``: a phone's touch screen (taps, no hover)."""
    context = browser.new_context(
        viewport=viewport, color_scheme=color_scheme, has_touch=touch, is_mobile=touch
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    opened = BrowserPage(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            source = message.location.get("url", "")
            opened.errors.append(f"console error on {page.url}: {message.text} ({source})")

    def on_page_error(error: Error) -> None:
        opened.errors.append(f"uncaught exception on {page.url}: {error.message}")

    def on_request(request) -> None:
        if not request.url.startswith((LOCAL, "data:", "blob:")):
            opened.foreign_requests.append(f"{page.url} requested {request.url}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    context.on("request", on_request)
    return context, opened
