"""Backlinks: who links here, which notes share concepts, and the rendered block."""

from __future__ import annotations

from shortnotes import backlinks
from shortnotes.mdlinks import md_href, resolve_md_link


def test_links_here_in_navigation_order_without_self_links() -> None:
    outlinks = {"b.md": {"a.md", "b.md"}, "a.md": {"c.md"}, "c.md": {"a.md"}}
    assert backlinks.links_here(outlinks, ["a.md", "b.md", "c.md"]) == {
        "c.md": ["a.md"],
        "a.md": ["b.md", "c.md"],
    }


def test_related_notes_rank_by_shared_concepts() -> None:
    concepts = {
        "a.md": {"pod", "taint", "label", "node"},
        "b.md": {"pod", "taint", "label"},
        "c.md": {"pod", "taint"},
        "d.md": {"pod"},
    }
    related = backlinks.related_notes(concepts, ["a.md", "b.md", "c.md", "d.md"])
    assert [r.src_uri for r in related["a.md"]] == ["b.md", "c.md"]  # d shares only one
    assert related["a.md"][0].shared == ("label", "taint", "pod")  # rarest first
    assert related["d.md"] == []


def test_related_notes_leave_out_the_notes_listed_under_links_here() -> None:
    concepts = {
        "a.md": {"pod", "taint", "label"},
        "b.md": {"pod", "taint", "label"},
        "c.md": {"pod", "taint"},
    }
    order = ["a.md", "b.md", "c.md"]
    assert [r.src_uri for r in backlinks.related_notes(concepts, order)["a.md"]] == ["b.md", "c.md"]
    related = backlinks.related_notes(concepts, order, listed={"a.md": ["b.md"]}, limit=1)
    assert [r.src_uri for r in related["a.md"]] == ["c.md"]  # the next closest takes b's place


def test_render_block_and_nothing_when_empty() -> None:
    assert backlinks.render(linking=[], related=[]) == ""
    block = backlinks.render(
        linking=[backlinks.NoteLink("Pods <1>", "../pods/")],
        related=[backlinks.NoteLink("Taints", "../taints/", "Pod · Taint")],
    )
    assert block.startswith('<aside class="sn-backlinks" data-search-exclude="backlinks"')
    assert '<a href="../pods/">Pods &lt;1&gt;</a>' in block
    assert '<span class="sn-backlinks-shared">Pod · Taint</span>' in block
    assert block.index("Links here") < block.index("Related notes")


def test_md_links_between_sources() -> None:
    assert md_href("k8s/a/x.md", "k8s/b/y.md", "sec") == "../b/y.md#sec"
    assert md_href("k8s/x.md", "k8s/x.md", "sec") == "#sec"
    assert md_href("index.md", "redis/p.md") == "redis/p.md"
    known = {"k8s/b/y.md", "index.md"}
    assert resolve_md_link("k8s/a/x.md", "../b/y.md#sec", known) == "k8s/b/y.md"
    assert resolve_md_link("k8s/a/x.md", "../../index.md", known) == "index.md"
    for href in ("https://x.org/y.md", "#sec", "/k8s/b/y.md", "missing.md", "mailto:a@b"):
        assert resolve_md_link("k8s/a/x.md", href, known) is None


def test_linking_notes_past_the_limit_are_folded_not_counted() -> None:
    links = [
        backlinks.NoteLink(f"N{n}", f"../n{n}/") for n in range(backlinks.LINKS_HERE_LIMIT + 2)
    ]
    block = backlinks.render(linking=links, related=[])
    inline, _, folded = block.partition("<details")
    assert inline.count("<li>") == backlinks.LINKS_HERE_LIMIT
    assert "<summary>2 more notes</summary>" in folded and folded.count("<a href") == 2
    assert "sn-more" not in block  # no unlinked "and N more"
