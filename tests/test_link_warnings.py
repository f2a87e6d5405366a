"""MkDocs' own link and anchor warnings name `docs/<file>.md:<line>` and say what to do."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from shortnotes.link_warnings import locate

from tests.conftest import Build
from tests.glossary.sites import write_site

SOURCE = """\
---
title: Strings
description: Strings.
---

# Strings

Counters are atomic (see [transactions](transaction.md) and `[code](transaction.md)`).

```text
[in a block](other.md#gone)
```

Threads: [io threads](what-is-redis.md#io-thread), [top](#nowhere),
[a folder](../redis/), [absolute](/redis/lists.md), [excluded](drafts/wip.md).
"""


def sources(src_uri: str) -> str | None:
    return {"redis/strings.md": SOURCE}.get(src_uri)


@pytest.mark.parametrize(
    ("message", "line", "fix"),
    [
        pytest.param(
            "Doc file 'redis/strings.md' contains a link 'transaction.md', but the target "
            "'redis/transaction.md' is not found among documentation files.",
            8,
            "write the path to the .md file",
            id="missing-page",
        ),
        pytest.param(
            "Doc file 'redis/strings.md' contains a link 'what-is-redis.md#io-thread', but the "
            "doc 'redis/what-is-redis.md' does not contain an anchor '#io-thread'.",
            14,
            "give the heading one",
            id="missing-anchor",
        ),
        pytest.param(
            "Doc file 'redis/strings.md' contains a link '#nowhere', but there is no such anchor "
            "on this page.",
            14,
            "link to an id this page has",
            id="missing-anchor-here",
        ),
        pytest.param(
            "Doc file 'redis/strings.md' contains an unrecognized relative link '../redis/', "
            "it was left as is.",
            15,
            "not to .html or a folder",
            id="folder-link",
        ),
        pytest.param(
            "Doc file 'redis/strings.md' contains an absolute link '/redis/lists.md', it was "
            "left as is.",
            15,
            "relative path",
            id="absolute-link",
        ),
        pytest.param(
            "Doc file 'redis/strings.md' contains a link to 'drafts/wip.md' which is excluded "
            "from the built site.",
            15,
            "link to a page that is built",
            id="excluded-page",
        ),
    ],
)
def test_link_warnings_get_the_line_and_a_fix(message: str, line: int, fix: str) -> None:
    located = locate(message, docs_prefix="docs", read_source=sources)
    assert located.startswith(f"docs/redis/strings.md:{line}: {message}")
    assert fix in located.partition(" — ")[2]


def test_a_link_only_in_code_is_not_where_the_warning_points() -> None:
    message = (
        "Doc file 'redis/strings.md' contains a link 'other.md#gone', but the doc "
        "'redis/other.md' does not contain an anchor '#gone'."
    )
    located = locate(message, docs_prefix="docs", read_source=sources)
    assert located.startswith(f"docs/redis/strings.md: {message}")
    assert "not written in the page" in located


def test_other_messages_are_left_alone() -> None:
    message = "Documentation built in 2.1 seconds"
    assert locate(message, docs_prefix="docs", read_source=sources) == message


def test_a_real_build_names_the_line_of_a_broken_link(faulty_site: Build) -> None:
    # tests/fixtures/faulty-site/expected.toml plants a link to missing.md at this line.
    assert (
        "WARNING -  docs/links/pages.md:8: Doc file 'links/pages.md' contains a link "
        "'missing.md'" in faulty_site.log
    )


def test_a_page_with_many_broken_links_is_read_and_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real build of one page with 300 broken links, every hook on: each warning names
    its own line, and the page's source is parsed for locating once, not once per warning
    (which made a 200 KB page with 2,000 broken links build in 19 s instead of 1 s)."""
    import shortnotes.source_checks as source_checks_module

    links = 300
    body = "\n\n".join(f"Paragraph {n} points at [page {n}](missing-{n}.md)." for n in range(links))
    page = f"# Many links\n\n{body}\n"
    site = write_site(tmp_path, {"many.md": page}, hooks=("glossary", "link_warnings"))
    parsed: list[int] = []
    original = source_checks_module.MarkdownSource.__init__

    def counting_init(self, text: str) -> None:
        if "missing-0.md" in text:
            parsed.append(1)
        original(self, text)

    monkeypatch.setattr(source_checks_module.MarkdownSource, "__init__", counting_init)
    messages = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    handler = Collect()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        config = load_config(str(site), strict=False)
        build(config)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    located = [m for m in messages if "contains a link 'missing-" in m]
    assert len(located) == links
    # Paragraph n sits on line 3 + 2n: every warning points at its own link.
    for n in (0, 1, links // 2, links - 1):
        line = 3 + 2 * n
        assert any(
            m.startswith(f"docs/many.md:{line}: ") and f"'missing-{n}.md'" in m for m in located
        )
    assert len(parsed) == 1, f"the page was parsed {len(parsed)} times for {links} warnings"
