"""Source checks (hooks/source_checks.py + shortnotes.source_checks): each bad case, each control.

The hook's behaviour in a real build (every problem listed, then the build fails) is proven
on the seeded-fault fixture in tests/test_site_checks.py; here the pure checks are fed one
bad input at a time, and the hook is run twice in one process.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from shortnotes.source_checks import (
    MarkdownSource,
    Problem,
    check_front_matter,
    check_nav_titles,
    check_rendered_html,
    find_unsafe_markup,
)

PATH = "docs/note.md"


def messages(problems: list) -> list[str]:
    return [str(problem) for problem in problems]


# --- Front matter ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "---\ntitle: [never closed\n---\n# Note\n",
            "docs/note.md:2: malformed-front-matter: did not find expected ',' or ']'",
            id="yaml-error",
        ),
        pytest.param(
            "---\ntitle: Note\n\n# Note\n",
            "docs/note.md:1: malformed-front-matter: front matter is never closed",
            id="unclosed",
        ),
        pytest.param(
            "---\n- title\n---\n# Note\n",
            "docs/note.md:2: front-matter-not-mapping: front matter is a list, not a mapping",
            id="not-a-mapping",
        ),
        pytest.param(
            "---\njust text\n---\n# Note\n",
            "docs/note.md:2: front-matter-not-mapping: front matter is a str, not a mapping",
            id="scalar",
        ),
        pytest.param(
            "Author: someone\n\n# Note\n",
            "docs/note.md:1: multimarkdown-metadata: first line `Author: someone` would vanish",
            id="multimarkdown",
        ),
        pytest.param(
            "---\ntitle: A <script>alert(1)</script> title\n---\n# Note\n",
            "docs/note.md:2: raw-script: in front matter `title`: a <script> element",
            id="script-in-title",
        ),
        pytest.param(
            '---\ntitle: Note\ndescription: x" onmouseover="alert(1)\n---\n# Note\n',
            "docs/note.md:3: event-handler-attribute: in front matter `description`: "
            "`onmouseover=` on <meta>",
            id="attribute-injection-in-description",
        ),
        pytest.param(
            '---\ntitle: <a href="javascript:alert(1)">Note</a>\n---\n# Note\n',
            "docs/note.md:2: javascript-url: in front matter `title`: href='javascript:alert(1)'",
            id="javascript-in-title",
        ),
    ],
)
def test_front_matter_problems_name_file_line_and_class(source: str, expected: str) -> None:
    found = messages(check_front_matter(source, path=PATH))
    assert len(found) == 1 and found[0].startswith(expected), found


@pytest.mark.parametrize(
    "source",
    [
        "---\ntitle: Pods\ndescription: 'What a Pod is: its containers & life.'\n---\n# Pods\n",
        "# A note without front matter\n\nText: with a colon, not on the first line.\n",
        '---\ntitle: Why "onload=" matters\n---\n# Quotes are fine in a title\n',
    ],
)
def test_sound_front_matter_passes(source: str) -> None:
    assert check_front_matter(source, path=PATH) == []


# --- Unsafe markup in rendered HTML ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<script>alert(1)</script>", Problem.RAW_SCRIPT),
        ('<script src="https://cdn.example/x.js"></script>', Problem.RAW_SCRIPT),
        ('<img src="x.png" onerror="alert(1)">', Problem.EVENT_HANDLER_ATTRIBUTE),
        ("<svg onload=alert(1)></svg>", Problem.EVENT_HANDLER_ATTRIBUTE),
        ('<a href="javascript:alert(1)">x</a>', Problem.JAVASCRIPT_URL),
        ('<a href="  JavaScript:alert(1)">x</a>', Problem.JAVASCRIPT_URL),
        ('<a href="java&#x09;script:alert(1)">x</a>', Problem.JAVASCRIPT_URL),
        ('<a href="&#106;avascript:alert(1)">x</a>', Problem.JAVASCRIPT_URL),
        ('<form action="javascript:go()"></form>', Problem.JAVASCRIPT_URL),
        ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', Problem.JAVASCRIPT_URL),
    ],
)
def test_unsafe_markup_is_found(html: str, problem: Problem) -> None:
    assert [unsafe.problem for unsafe in find_unsafe_markup(html)] == [problem]


@pytest.mark.parametrize(
    "html",
    [
        "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>",
        "<p>Set onclick=handler in the template, or use a javascript: URL (never).</p>",
        '<p title="javascript: is only text here">x</p>',
        '<a href="https://kubernetes.io/docs/">docs</a>',
        "<!-- <script>alert(1)</script> -->",
        '<a href="../onboarding/">onboarding</a>',
    ],
)
def test_safe_markup_passes(html: str) -> None:
    assert find_unsafe_markup(html) == []


def test_rendered_problems_are_located_in_the_source_prose() -> None:
    source = textwrap.dedent(
        """\
        ---
        title: Note
        ---

        # Note

        `<script>` in a code span, and in a fence:

        ```html
        <script>alert(0)</script>
        ```

        <!-- <script>commented out</script> -->

        <script>alert(1)</script>

        Text, then <script>alert(2)</script> inline.

        <button onclick="go()">Go</button> and [a link](javascript:void(0)).
        """
    )
    html = (
        "<p><code>&lt;script&gt;</code></p><script>alert(1)</script><p>Text, then "
        '<script>alert(2)</script></p><p><button onclick="go()">Go</button> '
        '<a href="javascript:void(0)">a link</a></p>'
    )
    assert messages(check_rendered_html(html, source=source, path=PATH)) == [
        "docs/note.md:15: raw-script: a <script> element runs code in every reader's browser; "
        "remove it",
        "docs/note.md:17: raw-script: a <script> element runs code in every reader's browser; "
        "remove it",
        "docs/note.md:19: event-handler-attribute: `onclick=` on <button> runs code in the "
        "reader's browser; remove it",
        "docs/note.md:19: javascript-url: href='javascript:void(0)' on <a> runs code when "
        "followed; link to a page instead",
    ]


def test_nav_titles_are_checked_in_mkdocs_yml() -> None:
    config_text = (
        "site_name: x\nnav:\n  - Home: index.md\n  - '<img src=x onerror=alert(1)>': a.md\n"
    )
    nav = [{"Home": "index.md"}, {"<img src=x onerror=alert(1)>": "a.md"}]
    assert [
        (problem.path, problem.line, problem.problem)
        for problem in check_nav_titles(nav, config_text=config_text, path="mkdocs.yml")
    ] == [("mkdocs.yml", 4, Problem.EVENT_HANDLER_ATTRIBUTE)]


# --- The prose of a Markdown source ---------------------------------------------------------------


def test_only_prose_is_searched() -> None:
    source = MarkdownSource(
        textwrap.dedent(
            """\
            ---
            title: needle in front matter
            ---
            needle in prose
            ````markdown
            ```
            needle in a nested fence
            ```
            ````
            === "Tab"

                ~~~python
                needle = "in an indented tilde fence"
                ~~~

                needle in a tab, and `needle` in a code span
            <!-- needle
            in a comment -->
            """
        )
    )
    assert source.find_lines("needle") == [4, 16]


# --- The hook in a real build ---------------------------------------------------------------------


def test_the_hook_starts_afresh_on_every_build(tmp_path: Path) -> None:
    """Hook modules outlive a build (mkdocs serve, a second build in one process)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n<script>alert(1)</script>\n", encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    hook = Path(__file__).resolve().parent.parent / "hooks" / "source_checks.py"
    config_file.write_text(f"site_name: t\nhooks:\n  - {hook}\n", encoding="utf-8")

    def build_once() -> None:
        build(load_config(str(config_file), site_dir=str(tmp_path / "site")))

    with pytest.raises((PluginError, Abort)):
        build_once()
    (docs / "index.md").write_text("# Home\n\nFixed.\n", encoding="utf-8")
    build_once()  # the first build's problem must not linger
