"""redis-cli transcripts read like a terminal: prompt, command and reply apart, prompts not
selectable, and the copy button copies the commands only (hooks/shortnotes/transcripts.py,
overrides/assets/stylesheets/short-notes-typography.css).

What a transcript's commands are is read with the examples harness's own parser
(tests/examples/redis_transcripts.py, which replays them against redis-server), from the
text the page shows, never from the markup the hook writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from selectolax.lexbor import LexborHTMLParser

from browser.built_pages import page_paths
from browser.chromium import BrowserPage
from browser.reader import ARTICLE
from browser.site_server import Site
from tests.examples.redis_transcripts import parse_transcript

PROMPT_SIGN = "127.0.0.1:6379"
CODE_BLOCKS = f"{ARTICLE} pre > code"


@dataclass(frozen=True)
class TranscriptBlock:
    path: str
    index: int  # among the page's code blocks (the same on every variant of the site)


@cache
def _transcripts(site_dir: Path) -> tuple[TranscriptBlock, ...]:
    found = []
    for path in page_paths(site_dir):
        tree = LexborHTMLParser((site_dir / path / "index.html").read_text(encoding="utf-8"))
        for index, code in enumerate(tree.css("article.md-content__inner pre > code")):
            if code.text(deep=True).startswith(PROMPT_SIGN):
                found.append(TranscriptBlock(path, index))
    return tuple(found)


def a_transcript(site: Site) -> TranscriptBlock:
    """The first redis-cli transcript with more than one command (chosen on the real site)."""
    for block in _transcripts(site.site_dir):
        tree = LexborHTMLParser((site.site_dir / block.path / "index.html").read_text("utf-8"))
        text = tree.css("article.md-content__inner pre > code")[block.index].text(deep=True)
        if len(parse_transcript(text, first_line=1).steps) > 1:
            return block
    pytest.fail("no note shows a redis-cli transcript with two commands", pytrace=False)


def _open(page: Page, site: Site, block: TranscriptBlock) -> Locator:
    page.goto(site.url(block.path))
    code = page.locator(CODE_BLOCKS).nth(block.index)
    expect(code, "the transcript is not on the page").to_be_attached()
    code.scroll_into_view_if_needed()  # content.lazy: Material mounts the block (copy button)
    return code


_PARTS = """code => {
    const style = (selector) => {
        const element = code.querySelector(selector)
        if (!element) return null
        const computed = getComputedStyle(element)
        return {weight: Number(computed.fontWeight), color: computed.color,
                userSelect: computed.userSelect}
    }
    return {prompt: style(".sn-prompt"), command: style(".sn-command"),
            reply: style(".sn-reply")}
}"""


def check_reads_like_a_terminal(page: Page, site: Site, block: TranscriptBlock) -> None:
    code = _open(page, site, block)
    parts = code.evaluate(_PARTS)
    missing = [name for name, style in parts.items() if style is None]
    assert not missing, f"the transcript does not set its {', '.join(missing)} apart"
    command, reply = parts["command"], parts["reply"]
    assert command["weight"] > reply["weight"] and command["color"] != reply["color"], (
        f"commands look like replies: command {command}, reply {reply}"
    )
    assert parts["prompt"]["userSelect"] == "none", "prompts can be selected with the commands"
    selected = code.evaluate(
        """code => {
            const range = document.createRange()
            range.selectNodeContents(code)
            getSelection().removeAllRanges()
            getSelection().addRange(range)
            return getSelection().toString()
        }"""
    )
    assert PROMPT_SIGN not in selected, f"selecting the transcript selects prompts: {selected!r}"


def check_copy_takes_only_commands(browser_page: BrowserPage, site: Site, block) -> None:
    page = browser_page.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    code = _open(page, site, block)
    commands = [step.command for step in parse_transcript(code.text_content(), first_line=1).steps]
    button = code.locator("xpath=ancestor::pre[1]").locator(".md-code__button[data-md-type=copy]")
    code.hover()
    expect(button, "the transcript has no copy button").to_be_visible()
    button.click()
    expect(page.locator(".md-dialog"), "no 'copied' notice after the click").to_have_class(
        re.compile(r"\bmd-dialog--active\b")
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    lines = [line.rstrip() for line in copied.splitlines()]
    assert lines == commands, (
        "the copy button does not copy the commands only, one a line:\n"
        f"copied {copied!r}\nexpected {commands!r}"
    )


def test_a_transcript_reads_like_a_terminal(page: Page, site: Site) -> None:
    check_reads_like_a_terminal(page, site, a_transcript(site))


def test_copying_a_transcript_copies_only_its_commands(
    new_page: Callable[..., BrowserPage], site: Site
) -> None:
    check_copy_takes_only_commands(new_page(), site, a_transcript(site))


# --- each check fails once its piece is gone ------------------------------------------------


def test_terminal_check_fails_without_the_transcript_fence(
    page: Page, site: Site, site_without: Callable
) -> None:
    with pytest.raises(AssertionError, match="does not set its prompt, command, reply apart"):
        check_reads_like_a_terminal(page, site_without("no-transcripts"), a_transcript(site))


def test_terminal_check_fails_without_the_typography_styles(
    page: Page, site: Site, site_without: Callable
) -> None:
    with pytest.raises(AssertionError, match="commands look like replies"):
        check_reads_like_a_terminal(page, site_without("no-typography-css"), a_transcript(site))


def test_copy_check_fails_when_prompts_and_replies_are_copied(
    new_page: Callable[..., BrowserPage], site: Site, site_without: Callable
) -> None:
    with pytest.raises(AssertionError, match="does not copy the commands only"):
        check_copy_takes_only_commands(
            new_page(), site_without("no-typography-css"), a_transcript(site)
        )
