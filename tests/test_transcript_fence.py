"""hooks/shortnotes/transcripts.py alone (the ```redis fence's HTML), then the hook's one check.

The browser side (styles, selection, the copy button) is tests/browser/test_transcripts.py.
"""

from __future__ import annotations

import pytest
import transcripts as transcripts_hook  # hooks/transcripts.py (hooks/ is on the path)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from selectolax.lexbor import LexborHTMLParser
from shortnotes.transcripts import custom_fence, format_transcript

SESSION = """\
127.0.0.1:6379> SET page "<b>bold</b> & co"
OK
127.0.0.1:6379> SELECT 1
OK
127.0.0.1:6379[1]> MULTI
OK
127.0.0.1:6379[1](TX)> GET page
QUEUED
127.0.0.1:6379[1](TX)> EXEC
1) "<b>bold</b> & co"
"""


def rendered(source: str = SESSION):
    html = format_transcript(source, "redis", "redis", {}, None)
    return LexborHTMLParser(html).css_first("div.highlight")


def test_a_transcript_keeps_its_text_exactly() -> None:
    """The page shows what the Markdown holds (and the replay tests), markup escaped."""
    block = rendered()
    assert block.css_first("pre > code").text(deep=True) == SESSION
    assert block.css("b") == []


def test_prompt_command_and_reply_each_have_their_span() -> None:
    block = rendered()
    lines = SESSION.splitlines()
    prompt_lines = [line for line in lines if line.startswith("127.0.0.1:6379")]
    prompts = [span.text() for span in block.css(".sn-prompt")]
    commands = [span.text() for span in block.css(".sn-command")]
    assert [p + c for p, c in zip(prompts, commands, strict=True)] == prompt_lines
    assert prompts[2:] == [
        "127.0.0.1:6379[1]> ",
        "127.0.0.1:6379[1](TX)> ",
        "127.0.0.1:6379[1](TX)> ",
    ]
    assert [span.text() for span in block.css(".sn-command-name")] == [
        line.split("> ", 1)[1].split()[0] for line in prompt_lines
    ]
    replies = [span.text() for span in block.css(".sn-reply")]
    assert replies == [line + "\n" for line in lines if line not in prompt_lines]


def test_the_block_is_marked_like_other_code_blocks() -> None:
    """Material's copy button and styles find ``.highlight pre > code``; ours ``.sn-transcript``."""
    block = rendered()
    assert set(block.attributes["class"].split()) == {
        "language-redis",
        "highlight",
        "sn-transcript",
    }
    assert custom_fence()["name"] == "redis"


def _config(*extensions: str) -> MkDocsConfig:
    config = MkDocsConfig()
    config["markdown_extensions"] = list(extensions)
    config["mdx_configs"] = {}
    return config


def test_the_hook_registers_the_fence_once() -> None:
    config = transcripts_hook.on_config(_config("pymdownx.superfences"))
    config = transcripts_hook.on_config(config)  # a second build of `mkdocs serve`
    fences = config.mdx_configs["pymdownx.superfences"]["custom_fences"]
    assert [fence["name"] for fence in fences] == ["redis"]


def test_the_hook_stops_without_superfences() -> None:
    with pytest.raises(PluginError, match=r"needs pymdownx\.superfences in mkdocs\.yml"):
        transcripts_hook.on_config(_config("toc"))
