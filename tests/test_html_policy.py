"""The HTML policy (shortnotes.html_policy): every attack class is a violation, Markdown is not.

The cases that matter most are the ones a blacklist or Python's ``html.parser`` gets wrong:
raw-text elements, CDATA and SVG/MathML content, payloads inside an allowed ``<div>``, entity-
and whitespace-obfuscated URLs. The policy parses like a browser (lexbor), so each is either
an element or attribute off the allow-list, or harmless text. The same attacks in a real
build, with their file and line, are in tests/test_attacks.py.
"""

from __future__ import annotations

import re

import pytest
from selectolax.lexbor import LexborHTMLParser
from shortnotes import html_policy
from shortnotes.html_policy import PAGE_ANCESTORS, find_violations

from tests.conftest import ROOT, Build


def kinds(html: str) -> list[tuple[str, str]]:
    """(kind, the part of the detail before the first colon or space-hint) per violation."""
    return [(v.kind, _head(v.kind, v.detail)) for v in find_violations(html)]


MOVES_WHAT_FOLLOWS = (
    "the note's HTML closes an element it did not open (a `</div>`, `</article>` or `</main>` "
    "too many) or leaves a `<div>`, list or `<table>` open"
)


def _head(kind: str, detail: str) -> str:
    if kind == "html-not-closed":  # what the note did, before the colon that says what to do
        return detail.split(":")[0]
    return detail.split(" is ")[0].split(" on <")[0]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # script, anywhere, however it is hidden
        ("<script>alert(1)</script>", [("element-not-allowed", "<script>")]),
        (
            "<div><p><script src=//x.example/a.js></script></p></div>",
            [("element-not-allowed", "<script>")],
        ),
        ("<xmp><img src=x onerror=alert(1)></xmp>", [("element-not-allowed", "<xmp>")]),
        (
            "<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>",
            [("element-not-allowed", "<noscript>")],
        ),
        ("<noembed><img src=x onerror=alert(1)></noembed>", [("element-not-allowed", "<noembed>")]),
        # in SVG, <style> has children and <img> breaks out of the SVG: both are found
        (
            "<svg><style><img src=x onerror=alert(1)></style></svg>",
            [("element-not-allowed", "<style>"), ("attribute-not-allowed", "attribute `onerror=`")],
        ),
        (
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            [
                ("element-not-allowed", "<math>"),
                ("element-not-allowed", "<mtext>"),
                ("element-not-allowed", "<mglyph>"),
                ("element-not-allowed", "<style>"),
            ],
        ),
        (
            "<template><img src=x onerror=alert(1)></template>",
            [("element-not-allowed", "<template>")],
        ),
        (
            "<!--><img src=x onerror=alert(1)>-->",
            [("attribute-not-allowed", "attribute `onerror=`")],
        ),
        # event handlers, on any element, in any case
        (
            '<img src="x.png" OnError="alert(1)">',
            [("attribute-not-allowed", "attribute `onerror=`")],
        ),
        (
            "<div><svg onload=alert(1)></svg></div>",
            [("attribute-not-allowed", "attribute `onload=`")],
        ),
        (
            "<details open ontoggle=alert(1)>x</details>",
            [("attribute-not-allowed", "attribute `ontoggle=`")],
        ),
        # a note's own <body> or <html> tag lends its attributes to the page's (see
        # tests/browser/test_outside_the_note.py: the handler runs)
        ('<p>x</p><body onload="alert(1)">', [("attribute-not-allowed", "attribute `onload=`")]),
        (
            "<html onmouseover=alert(1)><p>x</p>",
            [("attribute-not-allowed", "attribute `onmouseover=`")],
        ),
        (
            '<p>x <body class="md-typeset" onclick="alert(1)"> y</p>',
            [
                ("attribute-not-allowed", "attribute `class=`"),
                ("attribute-not-allowed", "attribute `onclick=`"),
            ],
        ),
        # URLs that run code or load from elsewhere
        (
            '<a href="javascript:alert(1)">x</a>',
            [("url-not-allowed", "href='javascript:alert(1)'")],
        ),
        (
            '<a href="  JavaScript:alert(1)">x</a>',
            [("url-not-allowed", "href='JavaScript:alert(1)'")],
        ),
        (
            '<a href="java&#x09;script:alert(1)">x</a>',
            [("url-not-allowed", "href='java\\tscript:alert(1)'")],
        ),
        (
            '<a href="&#106;avascript:alert(1)">x</a>',
            [("url-not-allowed", "href='javascript:alert(1)'")],
        ),
        (
            '<a href="data:text/html,<script>alert(1)</script>">x</a>',
            [("url-not-allowed", "href='data:text/html,<script>alert(1)</script>'")],
        ),
        (
            '<img src="https://tracker.example/pixel.png">',
            [("url-not-allowed", "src='https://tracker.example/pixel.png'")],
        ),
        (
            '<img src="//tracker.example/pixel.png">',
            [("url-not-allowed", "src='//tracker.example/pixel.png'")],
        ),
        (
            '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
            [("element-not-allowed", "<a> inside an inline <svg>")],
        ),
        (
            '<svg><a href="#x"><animate attributeName="href" values="javascript:alert(1)"/>'
            "</a></svg>",
            [
                ("element-not-allowed", "<a> inside an inline <svg>"),
                ("element-not-allowed", "<animate>"),
            ],
        ),
        # a link in an inline SVG: Material's instant navigation sets every link's href, which
        # throws on an SVG link and stops navigation for the rest of the visit
        (
            '<svg viewBox="0 0 16 16"><a href="#here"><path d="M0 0h16v16H0z"/></a></svg>',
            [("element-not-allowed", "<a> inside an inline <svg>")],
        ),
        # ... with no attribute at all, in capitals, or under a foreignObject (still in the svg)
        (
            '<svg><a><path d="M0 0h9v9H0z"/></a></svg>',
            [("element-not-allowed", "<a> inside an inline <svg>")],
        ),
        ('<SVG><A HREF="#x">x</A></SVG>', [("element-not-allowed", "<a> inside an inline <svg>")]),
        (
            '<svg><foreignObject><a href="#x">x</a></foreignObject></svg>',
            [
                ("element-not-allowed", "<foreignObject>"),
                ("element-not-allowed", "<a> inside an inline <svg>"),
            ],
        ),
        # an element the policy passes bare when it has no attribute, but not <input>
        (
            "<p>x <input> y</p>",
            [("element-not-allowed", "<input> other than a content tab's radio button")],
        ),
        # URLs led by a C0 control: the browser trims U+0000 to U+0020 from both ends
        (
            '<a href="&#14;javascript:alert(1)">x</a>',
            [("url-not-allowed", "href='\\x0ejavascript:alert(1)'")],
        ),
        (
            '<img src="&#x1f;http://tracker.example/pixel.png">',
            [("url-not-allowed", "src='http://tracker.example/pixel.png'")],
        ),
        (
            '<img src="&#14;//tracker.example/p.png">',
            [("url-not-allowed", "src='\\x0e//tracker.example/p.png'")],
        ),
        # SVG paint from another file
        (
            '<svg><path d="M0 0h9v9H0z" fill="url(http://tracker.example/p.svg#g)"/></svg>',
            [("attribute-not-allowed", "fill='url(http://tracker.example/p.svg#g)'")],
        ),
        (
            '<svg><g fill="url(//tracker.example/p.svg#g)"><path d="M0 0"/></g></svg>',
            [("attribute-not-allowed", "fill='url(//tracker.example/p.svg#g)'")],
        ),
        # the theme's and the site's layout classes: a fixed box over the whole page
        (
            '<div class="md-dialog md-dialog--active">Your session expired</div>',
            [("attribute-not-allowed", "class='md-dialog md-dialog--active'")],
        ),
        (
            '<div class="md-consent__overlay"></div>',
            [("attribute-not-allowed", "class='md-consent__overlay'")],
        ),
        (
            '<p class="sn-tooltip">Fake definition</p>',
            [("attribute-not-allowed", "class='sn-tooltip'")],
        ),
        # markup that does not stay in the note: stray end tags, formatting left open, comments
        (
            '<p>A note.</p></article></div></div></main></div><div id="persist">x</div>',
            [
                (
                    "html-not-closed",
                    MOVES_WHAT_FOLLOWS,
                )
            ],
        ),
        (
            '<p>Ends here <a href="https://evil.example/"><b>and more.',
            [
                (
                    "html-not-closed",
                    "the note leaves <a>, <b> open",
                )
            ],
        ),
        (
            "<p>x</p><table><tr><td>cell",
            [
                (
                    "html-not-closed",
                    MOVES_WHAT_FOLLOWS,
                )
            ],
        ),
        (
            "<p>x</p><!-- the rest of the page",
            [
                (
                    "html-not-closed",
                    "the note leaves a comment (`<!--` without `-->`) or a raw-text element open",
                )
            ],
        ),
        (
            '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
            [("element-not-allowed", "<set>")],
        ),
        # what changes the page around the note
        (
            '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
            [("element-not-allowed", "<iframe>")],
        ),
        ('<base href="https://evil.example/">', [("element-not-allowed", "<base>")]),
        (
            '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
            [("element-not-allowed", "<meta>")],
        ),
        (
            '<link rel="stylesheet" href="https://evil.example/x.css">',
            [("element-not-allowed", "<link>")],
        ),
        ("<style>body{display:none}</style>", [("element-not-allowed", "<style>")]),
        (
            '<form action="https://evil.example/"><input type="password"></form>',
            [
                ("element-not-allowed", "<form>"),
                ("element-not-allowed", "<input> other than a content tab's radio button"),
            ],
        ),
        (
            '<div style="position:fixed;inset:0;z-index:9">Log in again</div>',
            [("attribute-not-allowed", "attribute `style=`")],
        ),
        (
            '<object data="x.swf"></object><embed src="x.swf">',
            [("element-not-allowed", "<object>"), ("element-not-allowed", "<embed>")],
        ),
        (
            '<button formaction="javascript:alert(1)">x</button>',
            [("element-not-allowed", "<button>")],
        ),
        # a class that makes the theme fetch Mermaid from a CDN
        (
            '<pre class="mermaid"><code>graph LR; A--&gt;B</code></pre>',
            [("attribute-not-allowed", "class='mermaid'")],
        ),
        (
            '<div class="admonition mermaid">graph LR; A--&gt;B</div>',
            [("attribute-not-allowed", "class='admonition mermaid'")],
        ),
        # a scheme spelled with an entity colon (the quick test looks for ":" after decoding)
        (
            '<a href="javascript&colon;alert(1)">x</a>',
            [("url-not-allowed", "href='javascript:alert(1)'")],
        ),
        # ids the theme relies on (DOM clobbering) and theme components
        (
            '<div id="__config">{"base": "https://evil.example"}</div>',
            [("reserved-id", "id='__config'")],
        ),
        ('<input type="checkbox" id="__drawer">', [("reserved-id", "id='__drawer'")]),
        ('<p id="sn-tooltip-1">A fake definition</p>', [("reserved-id", "id='sn-tooltip-1'")]),
        # and controls that work the theme's own (its drawer, search, palette) from a note
        ('<label for="__drawer">Menu</label>', [("reserved-id", "for='__drawer'")]),
        (
            '<input type="radio" name="__palette" id="x">',
            [("reserved-id", "name='__palette'")],
        ),
        (
            '<div data-md-component="dialog">x</div>',
            [("attribute-not-allowed", "attribute `data-md-component=`")],
        ),
    ],
)
def test_every_attack_class_is_a_violation(html: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(html) == expected


@pytest.mark.parametrize(
    "html",
    [
        # what Markdown and the site's extensions produce
        "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>",
        "<p>Set onclick=handler in the template, or use a javascript: URL (never).</p>",
        '<p title="&lt;img src=x onerror=alert(1)&gt;">an escaped title is text</p>',
        '<a href="https://kubernetes.io/docs/" title="Kubernetes docs">docs</a>',
        '<a href="mailto:someone@example.org">mail</a> <a href="../pods/#life">pods</a>',
        "<!-- <script>alert(1)</script> -->",
        # a bare <body> or <html> tag changes nothing on the page
        "<p>x</p><body><html><p>y</p>",
        # left open, but closed by what follows without moving anything: a paragraph, a list item
        "<p>an unclosed paragraph",
        "<ul><li>one<li>two</ul>",
        '<a class="md-button md-button--primary" href="../pods/">Read on</a>',
        '<p><a class="sn-term" href="../pods/#pod">Pod</a></p>',
        '<svg viewBox="0 0 9 9"><path d="M0 0" fill="currentColor"/><g fill="#fff"></g></svg>',
        # inside SVG, CDATA is text until ]]>: what looks like a tag there is not one
        "<svg><![CDATA[</svg><img src=x onerror=alert(1)>]]></svg>",
        '<img src="../assets/diagram.svg" alt="A diagram">',
        '<table><thead><tr><th style="text-align: right;">n</th></tr></thead></table>',
        '<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked="checked" '
        'id="__tabbed_1_1" name="__tabbed_1" type="radio"><label for="__tabbed_1_1">A</label>'
        "</div>",
        '<span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
        '<path d="M1 1h2"/></svg></span>',
        '<abbr title="Custom Resource Definition">CRD</abbr> <kbd class="key-ctrl">Ctrl</kbd>',
        '<details class="note" open><summary>More</summary><p>x</p></details>',
        '<a class="glossary-term" href="../pods/#pod" '
        'data-term-summary="A &lt;b&gt;group&lt;/b&gt;">Pod</a>',
        '<h2 id="pods">Pods<a class="headerlink" href="#pods" title="Link">&para;</a></h2>',
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
    ],
)
def test_markdown_output_passes(html: str) -> None:
    assert find_violations(html) == []


def test_every_violation_says_what_to_do() -> None:
    html = '<iframe></iframe><img src=x onerror=1><a href="vbscript:x">x</a><p id="__x"></p>'
    details = [violation.detail for violation in find_violations(html)]
    assert len(details) == 4
    assert all(any(verb in d for verb in ("remove", "rename", "link", "put")) for d in details)


def test_the_note_is_checked_where_the_theme_puts_it(built_site: Build) -> None:
    """The policy parses each note inside PAGE_ANCESTORS: the elements around a note's content
    on a built page, from the body down. A theme upgrade that changes them fails here."""
    page = built_site.site_dir / "kubernetes" / "architecture" / "cluster-architecture"
    document = LexborHTMLParser((page / "index.html").read_text(encoding="utf-8"))
    article = document.css_first("article.md-content__inner")
    assert article is not None
    ancestors = []
    node = article
    while node is not None and node.tag != "body":
        ancestors.append(node.tag)
        node = node.parent
    assert tuple(reversed(ancestors)) == PAGE_ANCESTORS


def test_the_wrapper_of_the_check_cannot_be_claimed_by_a_note() -> None:
    """The wrapper's elements are told apart by a random value; a note that copies the mark
    with any other value is an attribute off the list, and its element is checked as usual."""
    html = '<div data-sn-page="x"><script>alert(1)</script></div>'
    assert kinds(html) == [
        ("attribute-not-allowed", "attribute `data-sn-page=`"),
        ("element-not-allowed", "<script>"),
    ]


def test_every_site_class_a_hook_writes_is_allowed_in_a_note() -> None:
    """The hooks write `sn-` classes into the notes before the policy reads them (autolinks,
    backlinks, transcripts, diagrams, the glossary page): each must be one a note may carry,
    or the site's own build fails. Read from the hooks' source, so a new class cannot be
    forgotten (a synthetic corpus once found `sn-more`, which the real notes never showed)."""
    written = set()
    for source in (ROOT / "hooks" / "shortnotes").glob("*.py"):
        if source.name != "html_policy.py":
            written |= set(re.findall(r"\bsn-[a-z0-9_-]*", source.read_text()))
    assert written, "no sn- class found in hooks/shortnotes: has the naming changed?"
    # "sn-topic-" is the start of an f-string: sn-topic-{key}
    refused = sorted(
        name for name in written if html_policy._reserved_class(name + "x" * name.endswith("-"))
    )
    assert not refused
