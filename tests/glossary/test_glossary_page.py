"""The generated glossary page: entries, letter index, escaping, mentions markers."""

from __future__ import annotations

import pytest
from shortnotes import glossary_page as gp

from tests.glossary.samples import sample_index


def test_entries_sorted_under_their_letters(site_markdown) -> None:
    terms = sample_index().terms
    text = gp.render_markdown(
        terms, page_titles={"k8s/pods.md": "Pods"}, href=lambda t: f"../{t.page}#{t.anchor}"
    )
    html = site_markdown().convert(text)
    assert '<span class="sn-letter-empty">B</span>' in html
    assert '<a href="#glossary-s">S</a>' in html
    assert html.index('id="glossary-a"') < html.index('id="aof"') < html.index('id="att"')
    assert html.index('id="att"') < html.index('id="glossary-g"') < html.index('id="gil"')
    assert '<p class="sn-glossary-aliases">Also: append-only file</p>' in html
    assert 'Explained in <a href="../k8s/pods.md#static-pods">Pods</a>' in html
    assert "<!-- shortnotes:mentions static-pod -->" in html


def test_text_from_front_matter_renders_inert(site_markdown) -> None:
    terms = [t for t in sample_index().terms if t.id == "att"]
    html = site_markdown().convert(gp.render_markdown(terms, page_titles={}, href=lambda t: "#"))
    assert ">AT&amp;T<a" in html
    assert "Says &quot;hi&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; more." in html
    assert "<script>" not in html


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
