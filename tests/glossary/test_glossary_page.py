"""The generated glossary page: entries, letter index, escaping, mentions markers."""

from __future__ import annotations

import re

import pytest
from shortnotes import glossary_page as gp

from tests.glossary.samples import sample_index


def test_entries_sorted_under_their_letters(site_markdown) -> None:
    terms = sample_index().terms
    text = gp.render_markdown(
        terms,
        page_titles={"k8s/pods.md": "Pods"},
        href=lambda t: f"../{t.page}#{t.anchor}",
        topics={"k8s/pods.md": "Kubernetes", "python/gil.md": "Python & co"},
    )
    html = site_markdown().convert(text)
    assert '<span class="sn-letter-empty">B</span>' in html
    assert '<a href="#glossary-s">S</a>' in html
    assert html.index('id="glossary-a"') < html.index('id="aof"') < html.index('id="att"')
    assert html.index('id="att"') < html.index('id="glossary-g"') < html.index('id="gil"')
    assert '<p class="sn-glossary-aliases">Also: append-only file</p>' in html
    assert 'Explained in <a href="../k8s/pods.md#static-pods">Pods</a>' in html
    assert "<!-- shortnotes:mentions static-pod -->" in html
    # Each entry in its own block, with the topic of its note (as text and as a class).
    assert (
        '<div class="sn-glossary-entry sn-topic-kubernetes">\n'
        '<h3 class="sn-glossary-term" id="pod">' in html
    )
    assert '<span class="sn-glossary-topic">Python &amp; co</span> · Explained in' in html
    assert 'sn-topic-python-co">\n<h3 class="sn-glossary-term" id="gil">' in html
    # A page outside every section (redis/ here) gives its terms no topic.
    assert '<div class="sn-glossary-entry">\n<h3 class="sn-glossary-term" id="aof">' in html


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


def _notes(count: int) -> list[gp.PageMentions]:
    return [gp.PageMentions(gp.Link(f"Note {n}", f"../n{n}/"), ()) for n in range(count)]


def test_mentions_past_the_first_few_are_folded_in_details() -> None:
    assert "<details" not in gp.mentions_html(_notes(gp.MENTIONS_SHOWN))
    html = gp.mentions_html(_notes(gp.MENTIONS_SHOWN + 2))
    inline, _, folded = html.partition("<details")
    assert inline.count("<li>") == gp.MENTIONS_SHOWN
    assert "<summary>2 more notes</summary>" in folded and folded.count("<li>") == 2
    assert "<summary>1 more note</summary>" in gp.mentions_html(_notes(gp.MENTIONS_SHOWN + 1))


def test_more_than_the_limit_ends_with_a_search_link() -> None:
    html = gp.mentions_html(_notes(gp.MENTIONS_SHOWN + 1), more=7, more_href="?q=Pod")
    assert "<summary>8 more notes</summary>" in html
    assert '<li class="sn-more"><a href="?q=Pod">search for the other 7</a></li>' in html
    with pytest.raises(ValueError, match="need `more_href`"):
        gp.mentions_html(_notes(1), more=3)


def test_mentions_leave_out_the_note_that_explains_the_term() -> None:
    terms = [t for t in sample_index().terms if t.id == "pod"]

    def mention(page: str, section: str) -> dict:
        url = f"{page.removesuffix('.md')}/"
        return {
            "page": page,
            "url": f"{url}#{section}",
            "section": section,
            "section_title": section.title(),
            "linked": False,
        }

    mentions = {"pod": [mention("k8s/pods.md", "later"), mention("python/gil.md", "threads")]}
    blocks = gp.mentions_blocks(
        terms,
        mentions,
        intro={},
        titles={"k8s/pods.md": "Pods", "python/gil.md": "The GIL"},
        href=lambda url: "../" + url,
    )
    assert "The GIL" in blocks["pod"] and "Pods" not in blocks["pod"]
    only_itself = gp.mentions_blocks(
        terms, {"pod": mentions["pod"][:1]}, intro={}, titles={"k8s/pods.md": "Pods"}, href=str
    )
    assert "not used in other notes yet" in only_itself["pod"]


def test_search_link_quotes_the_term() -> None:
    term = next(t for t in sample_index().terms if t.id == "att")
    assert gp.search_href(term) == "?q=AT%26T"


def test_the_filter_form_lists_the_topics_and_counts_the_terms() -> None:
    terms = sample_index().terms
    topics = {"k8s/pods.md": "Kubernetes", "python/gil.md": "Python & <co>"}
    form = gp.filter_form(terms, topics)
    labels = re.findall(r'<label for="sn-glossary-topic-\d">([^<]*)</label>', form)
    assert labels == ["All topics", "Kubernetes", "Python &amp; &lt;co&gt;"]
    assert 'value="" checked>' in form and 'value="python-co">' in form
    assert f">All {len(terms)} terms shown.</p></form>" in form
    assert "<co>" not in form


def test_the_filter_goes_before_the_letter_index_once() -> None:
    text = gp.render_markdown(sample_index().terms, page_titles={}, href=lambda t: "#")
    assert text.index(gp.FILTER_MARKER) < text.index('<p class="sn-letter-index">')
    page = f"<main>{text}</main><footer>{gp.FILTER_MARKER}</footer>"
    filled = gp.fill_filter(page, "<form></form>")
    assert filled.count("<form></form>") == 1 and filled.index("<form>") < filled.index("<footer>")
