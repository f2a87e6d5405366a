"""The generated glossary page: entries, letter index, escaping, mentions markers."""

from __future__ import annotations

import pytest
from shortnotes import glossary_page as gp

from tests.glossary.samples import sample_index


def test_entries_sorted_under_their_letters(site_markdown) -> None:
    terms = sample_index().terms
    text = gp.render_markdown(
        terms, glossary_src="glossary.md", page_titles={"k8s/pods.md": "Pods"}
    )
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[:4] == [
        "## A { #glossary-a }",
        "### AOF { #aof .sn-glossary-term }",
        "### AT&amp;T { #att .sn-glossary-term }",
        "## G { #glossary-g }",
    ]
    assert "Explained in [Pods](k8s/pods.md#static-pods)" in text
    assert "<!-- shortnotes:mentions static-pod -->" in text
    html = site_markdown().convert(text)
    assert '<span class="sn-letter-empty">B</span>' in html
    assert '<a href="#glossary-s">S</a>' in html
    assert '<p class="sn-glossary-aliases">Also: append-only file</p>' in html


@pytest.mark.parametrize(
    "text",
    [
        'Says "hi" <script>alert(1)</script> & more',
        "*not emphasis* `code` [link](x) {#id}",
        "a|b ==c== :smile:",
    ],
)
def test_markdown_escape_renders_text_literally(site_markdown, text: str) -> None:
    html = site_markdown().convert(gp.markdown_escape(text))
    expected = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert html == f"<p>{expected}</p>"


def test_letters() -> None:
    assert [gp.letter_of(t) for t in ("aof", "Élan", "3-way", "_x")] == ["A", "E", "#", "#"]
    assert gp.letter_id("#") == "glossary-symbols" and "glossary-q" in gp.RESERVED_IDS


def test_mentions_html_and_markers() -> None:
    mentions = [
        gp.PageMentions(gp.Link("Kubelet", "../k/"), (gp.Link("Manifests & <more>", "../k/#m"),)),
        gp.PageMentions(gp.Link("Pods", "../p/"), ()),
    ]
    html = gp.mentions_html(mentions)
    assert 'data-search-exclude="mentions"' in html
    kubelet = '<a href="../k/">Kubelet</a>'
    assert f'<li>{kubelet} \u203a <a href="../k/#m">Manifests &amp; &lt;more&gt;</a></li>' in html
    assert "not used in other notes yet" in gp.mentions_html([])
    filled = gp.fill_mentions("a <!-- shortnotes:mentions pod --> b", {"pod": "X"})
    assert filled == "a X b"
    with pytest.raises(KeyError, match="unknown term `nope`"):
        gp.fill_mentions("<!-- shortnotes:mentions nope -->", {})
