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
    check_encoding,
    check_front_matter,
    check_nav_titles,
    check_rendered_html,
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
            "docs/note.md:2: front-matter-schema: front matter `title` must be plain text, "
            "but contains `<`, which the theme would insert as markup",
            id="script-in-title",
        ),
        pytest.param(
            '---\ntitle: Note\ndescription: x" onmouseover="alert(1)\n---\n# Note\n',
            "docs/note.md:3: front-matter-schema: front matter `description` must be plain "
            'text, but contains `"`',
            id="attribute-injection-in-description",
        ),
        pytest.param(
            "---\ntitle: Note\ndescription: x&quot; http-equiv=&quot;refresh\n---\n# Note\n",
            "docs/note.md:3: front-matter-schema: front matter `description` must be plain "
            "text, but contains `&quot;`",
            id="entity-in-description",
        ),
        pytest.param(
            '---\ntitle: ["<svg onload=alert(1)>"]\n---\n# Note\n',
            "docs/note.md:2: front-matter-schema: front matter `title` must be plain text, "
            "but is a list",
            id="list-as-title",
        ),
        pytest.param(
            "---\ntitle: {a: b}\n---\n# Note\n",
            "docs/note.md:2: front-matter-schema: front matter `title` must be plain text, "
            "but is a mapping",
            id="mapping-as-title",
        ),
        pytest.param(
            "---\ntitles: Note\n---\n# Note\n",
            "docs/note.md:2: front-matter-schema: unknown front-matter key `titles` — did you "
            "mean `title`?",
            id="misspelled-key",
        ),
        pytest.param(
            "---\ntitle: Note\ntemplate: redirect.html\n---\n# Note\n",
            "docs/note.md:3: front-matter-schema: unknown front-matter key `template`",
            id="theme-template-key",
        ),
        pytest.param(
            "---\ntitle: Note\nsubtitle: <img src=x onerror=alert(1)>\n---\n# Note\n",
            "docs/note.md:3: front-matter-schema: front matter `subtitle` must be plain text",
            id="markup-in-subtitle",
        ),
        pytest.param(
            '---\ntitle: Note\nstatus: new" onmouseover="alert(1)\n---\n# Note\n',
            "docs/note.md:3: front-matter-schema: front matter `status` must be a status "
            'name, but is `new" onmouseover="alert(1)` — remove it: this site defines no '
            "page statuses",
            id="status-not-defined",
        ),
        pytest.param(
            "---\ntitle: Note\nhide: [tocs]\n---\n# Note\n",
            "docs/note.md:3: front-matter-schema: front matter `hide` must be a list, but item "
            "1 is `tocs` (did you mean `toc`?)",
            id="hide-value",
        ),
        pytest.param(
            "---\ntitle: Note\nsearch: {boost: high}\n---\n# Note\n",
            "docs/note.md:3: front-matter-schema: front matter `search` must be a mapping, but "
            "has `boost` that is text",
            id="search-boost",
        ),
        pytest.param(
            "---\ntitle: Note\nicon: ../../../etc/passwd\n---\n# Note\n",
            "docs/note.md:3: front-matter-schema: front matter `icon` must be an icon name",
            id="icon-path",
        ),
        pytest.param(
            "---\ntitle: Note\nreviewed: last week\n---\n# Note\n",
            "docs/note.md:3: front-matter-schema: front matter `reviewed` must be a date, but "
            "is text",
            id="reviewed-not-a-date",
        ),
        pytest.param(
            "---\ntitle: Note\nsources: [javascript:alert(1)]\n---\n# Note\n",
            "docs/note.md:3: front-matter-schema: front matter `sources` must be a list of "
            "https:// addresses, but item 1 `javascript:alert(1)` is not an https:// address",
            id="source-not-https",
        ),
        pytest.param(
            "---\ntitle: Note\nautolink: no thanks\n---\n# Note\n",
            "docs/note.md:3: front-matter-schema: front matter `autolink` must be true or "
            "false, but is text",
            id="autolink-not-boolean",
        ),
        pytest.param(
            "---\ntitle: Note\nterms: a term\n---\n# Note\n",
            "docs/note.md:3: front-matter-schema: front matter `terms` must be a list of terms",
            id="terms-not-a-list",
        ),
        pytest.param(
            "---\ntitle: &t Note\ndescription: *t\n---\n# Note\n",
            "docs/note.md:2: yaml-alias: front matter uses the YAML anchor `&t`",
            id="yaml-anchor",
        ),
        pytest.param(
            '---\ntitle: "Stars * and & ampersands"\n---\n# Note\n',
            None,
            id="star-and-ampersand-are-no-alias",
        ),
    ],
)
def test_front_matter_problems_name_file_line_and_class(source: str, expected: str | None) -> None:
    found = messages(check_front_matter(source, path=PATH))
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith(expected), found


def test_an_alias_bomb_is_rejected_before_it_expands() -> None:
    """Nine levels of nine aliases: 9**9 strings once built; rejected from the event stream."""
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        levels.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    source = "---\ntitle: Note\n" + "\n".join(levels) + "\n---\n# Note\n"
    assert messages(check_front_matter(source, path=PATH)) == [
        "docs/note.md:3: yaml-alias: front matter uses the YAML anchor `&a0` — write the value "
        "out in full: anchors and aliases are not allowed in front matter (a few of them can "
        "expand to gigabytes)"
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"\xef\xbb\xbf# Note\n", "docs/note.md:1: not-utf-8: the file starts with a byte-order"),
        (b"# Note\n\nCaf\xe9\n", "docs/note.md:3: not-utf-8: byte 0xe9 is not UTF-8"),
    ],
    ids=["bom", "latin-1"],
)
def test_a_note_must_be_utf8_without_bom(raw: bytes, expected: str) -> None:
    found = messages(check_encoding(raw, path=PATH))
    assert len(found) == 1 and found[0].startswith(expected), found


def test_utf8_passes() -> None:
    assert check_encoding("# Café ☕\n".encode(), path=PATH) == []


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


# --- The HTML policy on rendered content (each element and attribute: tests/test_html_policy.py)


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
    assert [
        (problem.line, str(problem.problem), problem.detail.split(";")[0])
        for problem in check_rendered_html(html, source=source, path=PATH)
    ] == [
        (15, "element-not-allowed", "<script> is not allowed in a note"),
        (17, "element-not-allowed", "<script> is not allowed in a note"),
        (19, "element-not-allowed", "<button> is not allowed in a note"),
        (19, "url-not-allowed", "href='javascript:void(0)' on <a> is a `javascript:` address"),
    ]


def test_formatting_left_open_is_located_where_it_is_opened_and_not_closed() -> None:
    source = textwrap.dedent(
        """\
        ---
        title: Note
        ---
        # Note

        Some <b>bold</b> text, <b>bold wrapped onto
        the next line</b> and a <a href="https://example.com/">link</a>.

        Ends here <a
        href="https://example.com/more"><b>and goes on into the next paragraph.
        """
    )
    html = (
        "<h1>Note</h1><p>Some <b>bold</b> text, <b>bold wrapped onto\nthe next line</b> and a "
        '<a href="https://example.com/">link</a>.</p><p>Ends here <a href="https://example.com/'
        'more"><b>and goes on into the next paragraph.</p>'
    )
    assert [
        (problem.line, str(problem.problem), problem.detail.split(":")[0])
        for problem in check_rendered_html(html, source=source, path=PATH)
    ] == [(9, "html-not-closed", "the note leaves <a>, <b> open")]


def test_nav_titles_are_checked_in_mkdocs_yml() -> None:
    config_text = (
        "site_name: x\nnav:\n  - Home: index.md\n  - '<img src=x onerror=alert(1)>': a.md\n"
    )
    nav = [{"Home": "index.md"}, {"<img src=x onerror=alert(1)>": "a.md"}]
    assert [
        (problem.path, problem.line, problem.problem)
        for problem in check_nav_titles(nav, config_text=config_text, path="mkdocs.yml")
    ] == [("mkdocs.yml", 4, Problem.FRONT_MATTER_SCHEMA)]


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


def test_the_note_is_read_only_when_a_violation_needs_its_line() -> None:
    reads: list[str] = []

    def read() -> str:
        reads.append(PATH)
        return "# A note\n\n<script>alert(1)</script>\n"

    assert check_rendered_html("<p>Clean.</p>", source=read, path=PATH) == []
    assert reads == []
    problems = check_rendered_html("<script>alert(1)</script>", source=read, path=PATH)
    assert [(problem.line, str(problem.problem)) for problem in problems] == [
        (3, "element-not-allowed")
    ]
    assert reads == [PATH]
