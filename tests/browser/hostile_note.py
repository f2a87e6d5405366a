"""A note whose contributor put markup everywhere the theme shows text from an attribute.

Each place holds ``PAYLOAD``: an image whose ``onerror`` counts in ``window.__pwned``, and one
that would load from outside the machine (TEST-NET-3, never routed: the browser tests abort
any request that is not for 127.0.0.1 before it leaves, and count it). Escaped by Markdown and
our hooks, it is harmless text until a script turns that text back into markup
(``innerHTML``), which is what Material's ``content.tooltips`` did with every ``title``.

The places (tests/browser/test_tooltips.py hovers, focuses and taps each):
(a) a glossary term's ``summary`` (our own tooltip on its autolinks), (b) a Markdown link
title, (c) an attr_list ``title``, (d) an abbreviation's title, (e) a page title long enough
for the navigation, header and table of contents to shorten it (Material's ellipsis patch
then sets a ``title`` holding the shortened text).
(f) a glossary term's name (``MARKUP_TERM``): tests/browser/test_glossary_filter.py types the
payload into the glossary's filter, which must find both terms and show them as text.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

EXECUTES = "window.__pwned=(window.__pwned||0)+1"
OUTSIDE_URL = "http://203.0.113.9/x"
PAYLOAD = f"<img src=x onerror='{EXECUTES}'><img src={OUTSIDE_URL}>"
ESCAPED_PAYLOAD = PAYLOAD.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

PATH = "hostile.md"
URL_PATH = "hostile/"
TERM = "Hostile widget"
SUMMARY = f"A widget whose summary holds markup: {PAYLOAD}"
MARKUP_TERM = f"Hostile gadget {PAYLOAD}"
MARKUP_TERM_SUMMARY = "A term whose name holds markup."
# One unbroken run of letters: the navigation and the table of contents cannot wrap it, so
# Material shortens it with an ellipsis (the payload's own long attribute helps too).
LONG_WORD = "Averyveryverylongunbrokenwordthatnosidebarcanfitononeline"
TITLE = f"{LONG_WORD} page title {ESCAPED_PAYLOAD}"
HEADING = f"{LONG_WORD} section {ESCAPED_PAYLOAD}"

# The title comes from the h1, not from front matter, where the schema rejects markup (and
# character references) outright: here it is text that only a script could turn into markup.
_FRONT_MATTER = {
    "description": "A note seeded with markup in every place a theme script could read it.",
    "terms": [
        {"term": TERM, "summary": SUMMARY, "anchor": "hostile-widget"},
        {"term": MARKUP_TERM, "summary": MARKUP_TERM_SUMMARY, "anchor": "hostile-gadget"},
    ],
}

_BODY = f"""
# {TITLE}

## The widget {{ #hostile-widget }}

The defining section of the term.

## The gadget {{ #hostile-gadget }}

The defining section of the term whose name holds markup.

## Where it is used

A {TERM} is mentioned here, so it is linked with its summary as a tooltip.

A [link with a title](#where-it-is-used "{PAYLOAD}") to this section (not to the term's: that
link would be a concept link, case (a)).

A paragraph that carries a title from attr_list.
{{: title="{PAYLOAD}" }}

The HTML of this page is an abbreviation.

*[HTML]: {PAYLOAD}

## {HEADING}

The section with the long heading.
"""


def note_source() -> str:
    front = yaml.safe_dump(_FRONT_MATTER, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n{_BODY}"


def seed(config: dict[str, Any], directory: Path, *, docs: Path) -> None:
    """Copy ``docs`` into ``directory``, add the hostile note to it and to the nav of
    ``config``."""
    seeded = directory / "docs"
    shutil.copytree(docs, seeded)
    (seeded / PATH).write_text(note_source(), encoding="utf-8")
    config["docs_dir"] = str(seeded)
    config["nav"] = [*config["nav"], PATH]
