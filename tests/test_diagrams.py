"""Diagrams (shortnotes.diagrams, hooks/diagrams.py): ```dot fences drawn by Graphviz at build time.

Three depths:

- the source check alone: every attack a pull request can write in DOT (file reads, links,
  tooltips, HTML-like labels, stylesheets, line-number tricks) is refused with its line and a
  fix, and every diagram of the real notes passes;
- the renderer and the normaliser on real Graphviz output (and on hostile SVG, in case a
  future Graphviz writes more): only the allowed subset comes out, and it passes the site's
  one HTML policy;
- real builds: a site with broken diagrams fails with `docs/<file>.md:<line>` for each, once;
  the real site's diagrams are all drawn, valid SVG (parsed with an XML parser) and labelled
  by their caption.

How they look in Chromium, in both palettes and on a phone, is tests/browser/test_diagrams.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import textwrap
import xml.etree.ElementTree as ElementTree
import zlib
from itertools import pairwise
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser
from shortnotes import diagrams
from shortnotes.html_policy import find_violations

from tests.conftest import DOCS, ROOT, Build, mkdocs_build

# Without Graphviz these skip locally and fail in CI (CI set): CI never passes by skipping.
needs_graphviz = pytest.mark.skipif(
    shutil.which("dot") is None and not os.environ.get("CI"),
    reason="Graphviz is not installed (scripts/setup installs it)",
)
SVG = "{http://www.w3.org/2000/svg}"


def problems(source: str) -> list[tuple[int, str]]:
    return [(p.line, p.detail) for p in diagrams.check_source(textwrap.dedent(source))]


# --- The source check ------------------------------------------------------------------------

# (attack, line, what the message must say): one problem each.
ATTACKS = [
    ('digraph {\n  a [image="/etc/passwd"];\n}', 2, "`image` is not allowed", "reads a file"),
    ('digraph {\n  imagepath="/etc";\n  a;\n}', 2, "`imagepath` is not allowed", "reads files"),
    ('digraph {\n\n  a [shapefile="/etc/hostname"]\n}', 3, "`shapefile`", "reads a file"),
    ('digraph {\n  fontpath="/root"\n}', 2, "`fontpath` is not allowed", "reads files"),
    ('digraph {\n  stylesheet="https://evil.example/x.css"\n}', 2, "`stylesheet`", "load"),
    ('digraph {\n  a [URL="javascript:alert(1)"]\n}', 2, "`URL` is not allowed", "do not link"),
    ('digraph {\n  a [href="https://evil.example/"]\n}', 2, "`href` is not allowed", "link"),
    ('digraph {\n  a -> b [edgeURL="javascript:x"]\n}', 2, "`edgeURL` is not allowed", "link"),
    ('digraph {\n  a -> b [labelhref="data:text/html,x"]\n}', 2, "`labelhref`", "link"),
    ('digraph {\n  a [target="_top"]\n}', 2, "`target` is not allowed", "link"),
    ('digraph {\n  a [tooltip="<img src=x onerror=alert(1)>"]\n}', 2, "`tooltip`", "caption"),
    ('digraph {\n  a -> b [headtooltip="x"]\n}', 2, "`headtooltip`", "caption"),
    ('digraph {\n  a [id="__config"]\n}', 2, "`id` is not allowed", "ids"),
    ('digraph {\n  comment="--><script>alert(1)</script>"\n}', 2, "`comment`", "//"),
    ("digraph {\n  a [color=red]\n}", 2, "`color` is not allowed", "class=accent"),
    ("digraph {\n  a [fontsize=6]\n}", 2, "`fontsize` is not allowed", "readable on a phone"),
    ("digraph {\n  layout=neato\n}", 2, "`layout` is not allowed", "dot"),
    # quoting the name does not hide it
    ('digraph {\n  a ["image"="/etc/passwd"]\n}', 2, "`image` is not allowed", "reads a file"),
    # HTML-like labels: <IMG SRC> reads files, HREF links out
    (
        'digraph {\n  a [label=<<TABLE><TR><TD><IMG SRC="/etc/passwd"/></TD></TR></TABLE>>]\n}',
        2,
        "HTML-like label",
        'label="first\\nsecond"',
    ),
    ("digraph {\n  a [label=<<B>bold</B>>]\n}", 2, "HTML-like label", "quoted label"),
    # values
    ("digraph {\n  a [shape=epsf]\n}", 2, "`shape=epsf` is not allowed", "allowed: "),
    ('digraph {\n  a [style="filled,setlinewidth(9)"]\n}', 2, "`style=setlinewidth(9)`", ""),
    ('digraph {\n  a [class="md-nav"]\n}', 2, "`class=md-nav` is not allowed", "accent"),
    # Graphviz reads `# 12 "file"` as a line mark: it would make messages name other lines
    ('digraph {\n# 40 "other.dot"\n  a -> b\n}', 2, "starting with `#`", "//"),
    ('digraph {\n  a [label="never closed]\n}', 2, "never closed", ""),
    # sizes and counts that would make dot slow and the page enormous
    ("digraph {\n  a [peripheries=100000]\n}", 2, "`peripheries=100000` is more than 3", ""),
    ('digraph {\n  a [width="1e9"]\n}', 2, "`width=1e9` is not a number", "width=0.5"),
    ('digraph {\n  ranksep="0.5 equally"\n}', 2, "`ranksep=0.5 equally` is not a number", ""),
    ("digraph {\n  a -> b [minlen=-50]\n}", 2, "`minlen=-50` is more than 10", ""),
]


@pytest.mark.parametrize(
    ("source", "line", "message", "hint"), ATTACKS, ids=[a[2] for a in ATTACKS]
)
def test_each_attack_is_refused_at_its_line(source: str, line: int, message: str, hint: str):
    found = problems(source)
    assert len(found) == 1, found  # one mistake, one message
    assert found[0][0] == line
    assert message in found[0][1]
    assert hint in found[0][1]


def test_a_misspelt_attribute_gets_a_suggestion() -> None:
    [(line, detail)] = problems("digraph {\n  rankdri=LR; a -> b\n}")
    assert line == 2
    assert "`rankdri` is not allowed" in detail
    assert "did you mean `rankdir`?" in detail


def test_a_misspelt_value_gets_a_suggestion() -> None:
    [(line, detail)] = problems('digraph {\n  a -> b [style=\n    "rounded,dashd"]\n}')
    assert line == 3  # the value's own line
    assert "`style=dashd`" in detail
    assert "did you mean `dashed`?" in detail


def test_text_that_looks_like_an_attack_is_only_text() -> None:
    source = """\
        digraph {
          // image="/etc/passwd" in a comment, URL= in a label: neither is an attribute
          a [label="image=\\"/etc/passwd\\" URL=javascript:x <b>"];
          /* href="x" */ b -> a [label="a -> b"];
        }
        """
    assert problems(source) == []


def test_an_oversized_source_is_refused_before_it_is_read() -> None:
    source = "digraph {\n" + "a -> b;\n" * diagrams.MAX_SOURCE_CHARS + "}"
    [(line, detail)] = problems(source)
    assert line == 1
    assert "split it into smaller diagrams" in detail


def _real_diagrams() -> list[tuple[str, int, str]]:
    return [
        (path.relative_to(ROOT).as_posix(), line, body)
        for path in sorted(DOCS.rglob("*.md"))
        for line, body in diagrams.dot_fences(path.read_text(encoding="utf-8"))
    ]


REAL_DIAGRAMS = _real_diagrams()


def test_the_notes_hold_at_least_eight_diagrams() -> None:
    assert len(REAL_DIAGRAMS) >= 8, REAL_DIAGRAMS


@pytest.mark.parametrize(
    ("path", "line", "body"), REAL_DIAGRAMS, ids=[f"{p}:{n}" for p, n, _ in REAL_DIAGRAMS]
)
def test_every_real_diagram_passes_the_source_check(path: str, line: int, body: str) -> None:
    assert diagrams.check_source(body) == []


# The content column of a note on a desktop (Material at 1280-1440 px: 688 px, measured in
# Chromium). A wider diagram scrolls there too; on a phone every diagram may scroll.
COLUMN_PX = 688


def _too_wide(body: str) -> str | None:
    width = float(diagrams.normalise_svg(diagrams.render(body)).width)
    if width <= COLUMN_PX:
        return None
    return (
        f"the diagram is {width:.0f} px wide, wider than the {COLUMN_PX} px column: lay it "
        "out top to bottom or split long labels with \\n"
    )


@needs_graphviz
@pytest.mark.parametrize(
    ("path", "line", "body"), REAL_DIAGRAMS, ids=[f"{p}:{n}" for p, n, _ in REAL_DIAGRAMS]
)
def test_every_real_diagram_fits_the_desktop_column(path: str, line: int, body: str) -> None:
    problem = _too_wide(body)
    assert problem is None, f"{path}:{line}: {problem}"


@needs_graphviz
def test_the_width_check_finds_a_wide_diagram() -> None:
    chain = " -> ".join(f'"step {n}"' for n in range(12))
    assert "wider than the 688 px column" in (_too_wide(f"digraph {{ rankdir=LR; {chain} }}") or "")


def test_fences_are_found_with_their_lines_in_tabs_and_quotes() -> None:
    text = (
        "# Title\n\n"
        '```dot caption="x"\ndigraph { a }\n```\n\n'
        '=== "Tab"\n\n    ``` { .dot caption="y" }\n    digraph { b }\n    ```\n\n'
        "```python\nprint(1)\n```\n"
    )
    assert diagrams.dot_fences(text) == [(3, "digraph { a }"), (9, "digraph { b }")]


# --- Rendering and normalising ------------------------------------------------------------------

FULL_SOURCE = """\
digraph everything {
  rankdir=LR;
  subgraph cluster_a { label="cluster"; class=accent; a [style="rounded,filled"]; }
  b [shape=cylinder]; c [shape=note, class=muted];
  a -> b [label="solid"]; b -> c [style=dashed]; c -> a [style=dotted, dir=both];
  a -> c [style=bold];
}
"""


@needs_graphviz
def test_graphviz_syntax_error_names_its_line() -> None:
    with pytest.raises(diagrams.RenderError) as raised:
        diagrams.render("digraph {\n  a -> b\n  c -> -> d\n}\n")
    assert raised.value.line == 3
    assert "syntax error" in raised.value.detail


@needs_graphviz
def test_graphviz_itself_reads_no_file_even_when_the_check_is_bypassed(tmp_path: Path) -> None:
    """Defence in depth: rendering runs in Graphviz's web-server mode with no file path."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(_one_pixel_png())
    source = f'digraph {{ a [image="{secret}"] }}'
    # Plain Graphviz reads the file and puts it in the picture...
    plain = subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True)
    assert f'xlink:href="{secret}"' in plain.stdout
    # ... the renderer's Graphviz refuses to, and the refusal fails the diagram.
    with pytest.raises(diagrams.RenderError) as raised:
        diagrams.render(source)
    assert "only permitted to be loaded from the directories" in raised.value.detail


@needs_graphviz
def test_normalised_svg_holds_only_the_allowed_subset() -> None:
    drawing = diagrams.normalise_svg(diagrams.render(FULL_SOURCE))
    html = diagrams.figure_html(drawing, caption="A caption of six words here", figure_id="d-1")
    svg = _svg_of(html)
    elements = {element.tag.removeprefix(SVG) for element in svg.iter()}
    assert elements <= {"svg", *diagrams.SVG_SUBSET}
    assert {"g", "path", "polygon", "ellipse", "text"} <= elements
    for element in svg.iter():
        name = element.tag.removeprefix(SVG)
        allowed = {"class", *diagrams.SVG_SUBSET.get(name, ())}
        if name == "svg":
            allowed |= {"xmlns", "role", "aria-labelledby", "viewBox", "width", "height"}
        assert set(element.attrib) <= allowed, (name, element.attrib)
    classes = {c for element in svg.iter() for c in element.get("class", "").split()}
    # Graphviz's paint became classes the stylesheet colours (both palettes)
    assert {"fill-none", "fill-ink", "fill-tint", "dashed", "dotted", "bold"} <= classes
    assert {"accent", "muted", "cluster", "node", "edge"} <= classes
    assert find_violations(html) == []


def test_hostile_svg_from_a_renderer_is_reduced_to_shapes() -> None:
    """Whatever a future Graphviz writes, only geometry and text survive."""
    hostile = """<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<?xml-stylesheet href="https://evil.example/x.css"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 100 50" width="100pt" height="50pt" onload="alert(1)">
<!-- comment -->
<script>alert(2)</script><style>* { background: url(https://evil.example/) }</style>
<g id="__config" class="node" style="fill:red" onclick="alert(3)">
  <title>tooltip</title>
  <a xlink:href="javascript:alert(4)"><text x="1" y="2">link text</text></a>
  <image xlink:href="/etc/passwd" width="10" height="10"/>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">html</div></foreignObject>
  <polygon points="1,2 3,4" fill="red" stroke="blue" style="x" onmouseover="alert(5)"/>
  <text x="5" y="6" font-family="evil" font-size="2" fill="red">kept &lt;b&gt;</text>
</g>
</svg>"""
    drawing = diagrams.normalise_svg(hostile)
    html = diagrams.figure_html(drawing, caption="hostile output of a renderer here", figure_id="x")
    assert find_violations(html) == []
    for word in ("alert", "evil", "passwd", "script", "style", "__config", "tooltip", "link text"):
        assert word not in drawing.content, word
    assert "kept &lt;b&gt;" in drawing.content
    assert (drawing.width, drawing.height) == ("100", "50")


def test_the_policy_refuses_roles_and_tab_orders_a_diagram_does_not_need() -> None:
    kinds = [
        v.detail.split(" on <")[0]
        for v in find_violations('<div role="button" tabindex="3" aria-labelledby="x">y</div>')
    ]
    assert kinds == ["role='button'", "tabindex='3'"]


def _one_pixel_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _svg_of(html: str) -> ElementTree.Element:
    """The <svg> of a figure, parsed with a real XML parser (it must be well-formed)."""
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ElementTree.fromstring(html[start:end])


# --- Real builds ------------------------------------------------------------------------------

BROKEN_NOTE = """\
---
title: Broken diagrams
---

# Broken diagrams

A good one first.

```dot caption="Two boxes joined by one arrow, left to right."
digraph { rankdir=LR; a -> b }
```

One that reads a host file:

```dot caption="A box whose picture would be a file of the build machine."
digraph {
  a [image="/etc/passwd"];
}
```

One Graphviz cannot read:

```dot caption="A graph with a syntax error on its third line."
digraph {
  a -> b
  c -> -> d
}
```

One without a caption:

```dot
digraph { a -> b }
```

One in a tab, with a misspelt attribute:

=== "Tab"

    ```dot caption="A diagram inside a content tab, misspelt."
    digraph {
      a [shaep=box]
    }
    ```
"""


def _site(tmp_path: Path, note: str) -> Build:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(note, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        textwrap.dedent(
            f"""\
            site_name: Diagram fixture
            docs_dir: {docs}
            theme:
              name: material
              custom_dir: {ROOT / "overrides"}
            hooks:
              - {ROOT / "hooks" / "source_checks.py"}
              - {ROOT / "hooks" / "diagrams.py"}
            markdown_extensions:
              - attr_list
              - pymdownx.superfences
              - pymdownx.tabbed:
                  alternate_style: true
            """
        ),
        encoding="utf-8",
    )
    return mkdocs_build(config, tmp_path / "site")


@needs_graphviz
def test_broken_diagrams_fail_the_build_each_with_its_line(tmp_path: Path) -> None:
    build = _site(tmp_path, BROKEN_NOTE)
    assert build.returncode != 0, build.log
    lines = BROKEN_NOTE.split("\n")
    expected = {
        "diagram-not-allowed: attribute `image`": 'a [image="/etc/passwd"];',
        "diagram-broken: Graphviz: Error: syntax error in line 3": "c -> -> d",
        "diagram-caption: a diagram needs caption=": "```dot",
        "diagram-not-allowed: attribute `shaep`": "a [shaep=box]",
    }
    for message, text in expected.items():
        found = re.findall(rf"docs/index\.md:(\d+): {re.escape(message)}", build.log)
        # logged once as found, listed once in the final error
        assert len(found) == 2, (message, build.log)
        line = int(found[0])
        assert text in lines[line - 1], (message, line, lines[line - 1])
    assert "did you mean `shape`?" in build.log
    assert "4 diagram problem(s)" in build.log


@needs_graphviz
def test_a_good_diagram_builds_inline_with_no_file_published(tmp_path: Path) -> None:
    note = BROKEN_NOTE.split("One that reads")[0]
    build = _site(tmp_path, note)
    assert build.returncode == 0, build.log
    page = (build.site_dir / "index.html").read_text(encoding="utf-8")
    assert page.count('<figure class="sn-diagram"') == 1
    assert not list(build.site_dir.rglob("*.dot"))
    stylesheet = build.site_dir / "assets" / "stylesheets" / "short-notes-diagrams.css"
    assert stylesheet.is_file()


def _figures(html: str) -> list:
    return LexborHTMLParser(html).css("article figure.sn-diagram")


def _pages_with_diagrams() -> dict[str, list[str]]:
    """``{built page path: [captions, in order]}`` from the notes' own fences."""
    pages: dict[str, list[str]] = {}
    for path in sorted(DOCS.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        captions = re.findall(r'^\s*```+\s*dot caption="([^"]+)"', text, re.MULTILINE)
        if captions:
            page = path.relative_to(DOCS).with_suffix("").as_posix() + "/index.html"
            pages[page.replace("/index/index.html", "/index.html")] = captions
    return pages


PAGES_WITH_DIAGRAMS = _pages_with_diagrams()


@pytest.mark.parametrize("page", sorted(PAGES_WITH_DIAGRAMS))
def test_every_real_diagram_is_drawn_valid_and_labelled(built_site: Build, page: str) -> None:
    html = (built_site.site_dir / page).read_text(encoding="utf-8")
    figures = _figures(html)
    captions = PAGES_WITH_DIAGRAMS[page]
    assert len(figures) == len(captions), page
    for figure, caption in zip(figures, captions, strict=True):
        figcaption = figure.css_first("figcaption")
        assert figcaption is not None
        assert figcaption.text().strip() == caption
        caption_id = figcaption.attributes["id"]
        region = figure.css_first("div.sn-diagram__scroll")
        assert region.attributes.get("tabindex") == "0"
        assert region.attributes.get("aria-labelledby") == caption_id
        svg = _svg_of(figure.html)
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == caption_id
        texts = [t.text for t in svg.iter(f"{SVG}text") if t.text and t.text.strip()]
        assert len(texts) >= 3, "a diagram with (almost) no text: was it drawn?"
        assert float(svg.get("width", "0")) > 0


def test_search_indexes_each_caption_and_no_diagram_label(built_site: Build) -> None:
    """The labels run together would be noise in results; the caption says what it shows."""
    index = json.loads((built_site.site_dir / "search" / "search_index.json").read_text("utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    for page, captions in PAGES_WITH_DIAGRAMS.items():
        figure = _figures((built_site.site_dir / page).read_text(encoding="utf-8"))[0]
        labels = [t.text.strip() for t in _svg_of(figure.html).iter(f"{SVG}text") if t.text]
        # Indexed, the labels would stand run together ("who?2. Authorization"), unlike prose.
        pairs = [a + b for a, b in pairwise(labels) if a and b and not a.endswith("-")]
        leaked = [pair for pair in pairs if pair in text]
        assert not leaked, f"{page}: diagram labels in the search index: {leaked[:3]}"
        assert any(caption[:60] in text for caption in captions), page


@needs_graphviz
def test_a_graph_name_or_label_cannot_break_out_of_the_svg() -> None:
    source = 'digraph "--><svg onload=alert(1)><!--" { a [label="</text><script>x</script>"] }'
    assert diagrams.check_source(source) == []
    drawing = diagrams.normalise_svg(diagrams.render(source))
    html = diagrams.figure_html(
        drawing, caption="A label that tries to close the text", figure_id="x"
    )
    assert find_violations(html) == []
    assert "onload" not in drawing.content  # the graph's name is its <title>: dropped
    assert "&lt;/text&gt;&lt;script&gt;" in drawing.content  # the label is text, escaped


def test_an_svg_with_entities_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><text>&a;</text></svg>'
    )
    with pytest.raises(ValueError, match="DOCTYPE or ENTITY"):
        diagrams.normalise_svg(bomb)


@needs_graphviz
def test_an_unchanged_diagram_is_drawn_once_across_rebuilds() -> None:
    """`mkdocs serve` rebuilds: each build gets fresh fences, the drawings are kept."""
    drawings: dict = {}
    calls: list[str] = []

    def counting_render(source: str) -> str:
        calls.append(source)
        return diagrams.render(source)

    note = (
        '# Note\n\n```dot caption="Two boxes joined by one arrow here."\ndigraph { a -> b }\n```\n'
    )
    for _ in range(2):
        fences = diagrams.DiagramFences(render=counting_render, cache=drawings)
        fences.start_page("docs/note.md", note)
        options: dict = {}
        fences.validate(
            "dot", {"caption": "Two boxes joined by one arrow here."}, options, {}, None
        )
        html = fences.format("digraph { a -> b }", "dot", "sn-diagram", options, None)
        assert html.startswith('<figure class="sn-diagram" id="diagram-1">')
        assert fences.problems == []
    assert len(calls) == 1


def test_an_unknown_fence_option_is_reported_at_the_fence() -> None:
    fences = diagrams.DiagramFences()
    fences.start_page("docs/note.md", '# Note\n\n```dot captoin="x"\ndigraph { a }\n```\n')
    options: dict = {}
    fences.validate("dot", {"captoin": "x"}, options, {}, None)
    fences.format("digraph { a }", "dot", "sn-diagram", options, None)
    assert [str(p) for p in fences.problems] == [
        "docs/note.md:3: diagram-caption: unknown option `captoin=` on a ```dot fence — did you "
        'mean `caption`?; the one option is caption="..."'
    ]
