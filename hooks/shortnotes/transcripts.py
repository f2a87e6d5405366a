"""redis-cli transcripts (```` ```redis ```` fences) rendered like a terminal session.

A transcript is prompt lines (``127.0.0.1:6379> GET key``, also ``[1]`` after SELECT and
``(TX)`` inside MULTI) and the reply lines under each. Pygments has no redis-cli lexer, so
the fence is a pymdownx.superfences custom fence whose format function wraps each part in a
span of its own:

- ``sn-prompt``: the prompt (styled not selectable: dragging over a session selects commands
  and replies, never prompts);
- ``sn-command``, with ``sn-command-name`` around its first word: what the reader types;
- ``sn-reply``: one reply line, its line break included.

Material's copy button copies the code element's ``innerText`` while the element carries
``data-md-copying`` (pinned bundle 9.8.1, integrations/clipboard); the stylesheet hides prompts
and replies then, so the button copies the commands, one a line, ready to paste into redis-cli.
The line breaks of replies sit inside their spans for that reason.

The Markdown source is unchanged: tests/examples/redis_transcripts.py still replays it.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

LANGUAGE = "redis"
# host:port, then redis-cli's [db] and (TX) marks, then "> " (tests/examples parses them).
PROMPT = re.compile(r"(?P<prompt>\S+:\d+(?:\[\d+\])?(?:\(TX\))?> ?)(?P<command>.*)")
_FIRST_WORD = re.compile(r"(?P<lead>\s*)(?P<name>\S+)(?P<rest>.*)")


def custom_fence() -> dict[str, Any]:
    """The entry for pymdownx.superfences' ``custom_fences`` option."""
    return {"name": LANGUAGE, "class": LANGUAGE, "format": format_transcript}


def format_transcript(
    source: str, language: str, class_name: str, options: dict, md: Any, **kwargs: Any
) -> str:
    """The HTML of one transcript, in the markup pymdownx.highlight gives other code blocks."""
    lines = source.rstrip("\n").split("\n")
    body = "".join(_line(line) for line in lines)
    return (
        f'<div class="language-{language} highlight sn-transcript">'
        f"<pre><span></span><code>{body}</code></pre></div>"
    )


def _line(line: str) -> str:
    prompt_line = PROMPT.fullmatch(line)
    if prompt_line is None:
        return f'<span class="sn-reply">{_text(line)}\n</span>'
    command = _FIRST_WORD.fullmatch(prompt_line["command"])
    if command is None:  # a bare prompt: nothing typed
        typed = _text(prompt_line["command"])
    else:
        typed = (
            f'{_text(command["lead"])}<span class="sn-command-name">{_text(command["name"])}'
            f"</span>{_text(command['rest'])}"
        )
    return (
        f'<span class="sn-prompt">{_text(prompt_line["prompt"])}</span>'
        f'<span class="sn-command">{typed}</span>\n'
    )


def _text(text: str) -> str:
    return escape(text, quote=False)
