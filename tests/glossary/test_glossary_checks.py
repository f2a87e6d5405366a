"""Each built-site glossary check, fed a site broken on purpose, must report it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.glossary import built
from tests.glossary.sites import build_site, write_site

PAGES = {
    "taints.md": """\
---
title: Taints
description: Taints.
terms:
  - term: Taint
    aliases: [taints]
    summary: A mark on a node.
    anchor: taints
---

# Taints

## Taints { #taints }

What a taint is; a Pod may not land.

## Effects

Every Pod is repelled.
""",
    "pods.md": """\
---
title: Pods
description: Pods.
terms:
  - term: Pod
    aliases: [Pods]
    summary: The smallest unit.
    anchor: pods
---

# Pods { #pods }

A pod tolerates taints. See [taints](taints.md).

## Later

`code` and taints again.
""",
}


@pytest.fixture(scope="module")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("checks")
    return build_site(write_site(root, PAGES))


@pytest.fixture
def site_copy(good_site: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(good_site, tmp_path / "site"))


def edit(site_dir: Path, page: str, old: str, new: str) -> None:
    path = site_dir / page / "index.html" if not page.endswith(".json") else site_dir / page
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


ALL_CHECKS = [
    built.anchor_findings,
    built.autolink_findings,
    built.placement_findings,
    built.notes_without_autolinks,
    built.glossary_page_findings,
    built.mention_findings,
    built.backlink_findings,
    built.topic_findings,
    built.compact_mention_findings,
    built.backlink_repetition_findings,
]


def test_the_good_site_passes_every_check(good_site: Path) -> None:
    site = built.BuiltSite(good_site)
    assert {check.__name__: check(site) for check in ALL_CHECKS} == {
        check.__name__: [] for check in ALL_CHECKS
    }


def test_missing_anchor(site_copy: Path) -> None:
    edit(site_copy, "taints", 'id="taints"', 'id="taints-gone"')
    assert built.anchor_findings(built.BuiltSite(site_copy)) == ["taint: no heading taints/#taints"]


def test_broken_autolink_and_wrong_summary(site_copy: Path) -> None:
    edit(site_copy, "pods", 'href="../taints/#taints"', 'href="../taints/#nowhere"')
    edit(
        site_copy, "taints", 'data-term-summary="The smallest unit."', 'data-term-summary="Stale."'
    )
    assert built.autolink_findings(built.BuiltSite(site_copy)) == [
        "pods/: autolink ../taints/#nowhere does not resolve",
        "taints/: autolink ../pods/#pods is no term's section, or wrong summary",
    ]


def test_autolink_inside_code(site_copy: Path) -> None:
    edit(
        site_copy,
        "pods",
        "<code>code</code>",
        '<code><a class="sn-term" href="#pods">code</a></code>',
    )
    assert built.placement_findings(built.BuiltSite(site_copy)) == [
        "pods/: autolink 'code' inside <code>"
    ]


def test_note_without_autolinks(site_copy: Path) -> None:
    page = site_copy / "pods" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('class="sn-term"', 'class="x"'))
    assert built.notes_without_autolinks(built.BuiltSite(site_copy)) == ["pods/"]


def test_glossary_page_disagreeing_with_json(site_copy: Path) -> None:
    data = json.loads((site_copy / "glossary.json").read_text(encoding="utf-8"))
    data["terms"][0]["summary"] = "Another summary."
    (site_copy / "glossary.json").write_text(json.dumps(data), encoding="utf-8")
    assert built.glossary_page_findings(built.BuiltSite(site_copy)) == [
        "pod: entry lacks 'Another summary.'"
    ]


def test_mention_that_does_not_exist(site_copy: Path) -> None:
    edit(site_copy, "glossary.json", '"url":"pods/#later"', '"url":"pods/#earlier"')
    assert "taint: mention pods/#earlier does not exist" in built.mention_findings(
        built.BuiltSite(site_copy)
    )


def test_backlink_that_does_not_resolve(site_copy: Path) -> None:
    edit(
        site_copy,
        "taints",
        '<aside class="sn-backlinks"',
        '<aside class="sn-backlinks"><a href="../gone/">x</a',
    )
    assert built.backlink_findings(built.BuiltSite(site_copy)) == [
        "taints/: backlink ../gone/ does not resolve"
    ]


def test_backlinks_counting_notes_without_links(site_copy: Path) -> None:
    edit(
        site_copy, "taints", "</ul>\n</aside>", '<li class="sn-more">and 4 more</li></ul>\n</aside>'
    )
    assert built.backlink_findings(built.BuiltSite(site_copy)) == [
        "taints/: unlinked 'and 4 more' in backlinks"
    ]


def test_backlink_listed_twice(site_copy: Path) -> None:
    edit(
        site_copy,
        "taints",
        "</ul>\n</aside>",
        '</ul><h2 class="sn-backlinks-title">Related notes</h2>'
        '<ul><li><a href="../pods/">Pods</a></li></ul>\n</aside>',
    )
    assert built.backlink_repetition_findings(built.BuiltSite(site_copy)) == [
        "taints/: ['pods/'] under both Links here and Related notes"
    ]


def test_mentions_listing_the_explaining_note_or_an_unlinked_more(site_copy: Path) -> None:
    edit(
        site_copy,
        "glossary",
        '<span class="sn-label">Mentioned in</span> <ul>',
        '<span class="sn-label">Mentioned in</span> <ul><li><a href="../pods/">Pods</a></li>'
        '<li class="sn-more">and 3 more notes</li>',
    )
    assert built.compact_mention_findings(built.BuiltSite(site_copy)) == [
        "pod: 'Mentioned in' lists pods/, which explains it",
        "pod: unlinked 'and 3 more notes'",
    ]


def test_too_many_mentions_in_view(site_copy: Path) -> None:
    many = "".join(f'<li><a href="../n{n}/">N{n}</a></li>' for n in range(3))  # + taints
    edit(
        site_copy,
        "glossary",
        '<span class="sn-label">Mentioned in</span> <ul>',
        f"<span>x</span> <ul>{many}",
    )
    assert built.compact_mention_findings(built.BuiltSite(site_copy)) == [
        "pod: 4 notes shown before 'more'"
    ]


# A site with sections and a home page: topics and the home page map.
MAPPED_PAGES = {
    "index.md": "---\ntitle: Home\ndescription: Home.\n---\n\n# Home\n\n<!-- shortnotes:map -->\n",
    "k8s/taints.md": PAGES["taints.md"].replace(
        "description: Taints.", "description: Keep _pods_ off."
    ),
    "k8s/pods.md": PAGES["pods.md"],
}
MAPPED_NAV = [
    {"Home": "index.md"},
    {"Kubernetes": [{"Scheduling": ["k8s/taints.md"]}, "k8s/pods.md"]},
    "glossary.md",
]


@pytest.fixture(scope="module")
def mapped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mapped")
    config = write_site(root, MAPPED_PAGES, hooks=("glossary", "home_map"), nav=MAPPED_NAV)
    return build_site(config)


@pytest.fixture
def mapped_copy(mapped_site: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(mapped_site, tmp_path / "site"))


def test_the_mapped_site_passes(mapped_site: Path) -> None:
    site = built.BuiltSite(mapped_site)
    assert built.topic_findings(site) == []
    assert built.home_map_findings(site) == []
    labels = [n.text() for n in site.html("glossary/").css(".sn-glossary-topic")]
    assert labels == ["Kubernetes", "Kubernetes"]
    home = site.html("")
    assert [h.text(strip=True).rstrip("¶") for h in home.css(".sn-map h3, .sn-map h4")] == [
        "Kubernetes",
        "Scheduling",
    ]
    # The description is the note's own text: Markdown in it is not Markdown here.
    assert "Keep _pods_ off." in home.css_first(".sn-map").text()


def test_wrong_topic(mapped_copy: Path) -> None:
    edit(
        mapped_copy,
        "glossary",
        '<span class="sn-glossary-topic">Kubernetes</span>',
        '<span class="sn-glossary-topic">Redis</span>',
    )
    assert built.topic_findings(built.BuiltSite(mapped_copy)) == [
        "pod: topic 'Redis' ['sn-topic-kubernetes'], but k8s/pods/ is under 'Kubernetes'"
    ]


def test_home_map_missing_a_note_or_its_description(mapped_copy: Path) -> None:
    edit(mapped_copy, "", " — Keep _pods_ off.", " — Something else.")
    home = mapped_copy / "index.html"
    text = home.read_text(encoding="utf-8")
    start = text.index('<li><a href="k8s/pods/">')
    home.write_text(text[:start] + text[text.index("</li>", start) + 5 :], encoding="utf-8")
    assert built.home_map_findings(built.BuiltSite(mapped_copy)) == [
        "map item k8s/taints/: 'Something else.' is not its description 'Keep _pods_ off.'",
        "k8s/pods/ is listed 0 times in the home page map",
    ]
