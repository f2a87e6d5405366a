"""Concept links have one look: a hand-written link to a term's defining section gets the
class and tooltip of an automatic link at build time (hooks/shortnotes/autolink.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.glossary.built import BuiltSite
from tests.glossary.concept_look import concept_look_findings
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

What a taint is.
""",
    "pods.md": """\
---
title: Pods
description: Pods.
---

# Pods

A pod may tolerate taints; see [what a taint is](taints.md#taints) and
[the whole note](taints.md).
""",
}

HAND_WRITTEN = (
    '<a class="sn-term" data-term-summary="A mark on a node." href="../taints/#taints">'
    "what a taint is</a>"
)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(write_site(tmp_path_factory.mktemp("concepts"), PAGES))


def test_every_link_to_a_concept_on_the_real_site_has_the_concept_look(built_site) -> None:
    assert concept_look_findings(BuiltSite(built_site.site_dir)) == []


def test_a_hand_written_concept_link_gets_the_look_at_build_time(small_site: Path) -> None:
    html = (small_site / "pods" / "index.html").read_text(encoding="utf-8")
    assert HAND_WRITTEN in html
    assert '<a href="../taints/">the whole note</a>' in html  # a page link stays a plain link
    assert concept_look_findings(BuiltSite(small_site)) == []


def test_the_check_reports_a_concept_link_without_the_look(small_site: Path, tmp_path) -> None:
    site = Path(shutil.copytree(small_site, tmp_path / "site"))
    page = site / "pods" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(
        html.replace(HAND_WRITTEN, '<a href="../taints/#taints">what a taint is</a>'),
        encoding="utf-8",
    )
    assert concept_look_findings(BuiltSite(site)) == [
        "pods/: link 'what a taint is' to taints/#taints lacks the concept look"
        " (class sn-term and the term's data-term-summary)"
    ]
