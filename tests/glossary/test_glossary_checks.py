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
