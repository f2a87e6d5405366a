"""Whole builds of tiny sites with the glossary hook, in this process.

Two builds in one process (as ``mkdocs serve`` does) must reflect an edit made
between them; a site with front-matter problems must fail listing all of them.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from selectolax.lexbor import LexborHTMLParser

from tests.glossary.sites import build_site, write_site

TAINTS = """\
---
title: Taints
description: Taints.
terms:
  - term: Taint
    aliases: [taints]
    summary: {summary}
    anchor: taints
---

# Taints

## Taints {{ #taints }}

What a taint is.

## Pods here

Every Pod can be repelled.
"""

PODS = """\
---
title: Pods
description: Pods.
terms:
  - term: Pod
    aliases: [Pods]
    summary: The smallest unit.
    anchor: pods
---

# Pods {{ #pods }}

{body}
"""


def html_of(site: Path, src: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / src / "index.html").read_text(encoding="utf-8"))


def term_links(site: Path, src: str) -> dict[str, tuple[str, str]]:
    tree = html_of(site, src)
    return {
        a.text(): (a.attributes["href"], a.attributes["data-term-summary"])
        for a in tree.css("a.sn-term")
    }


def test_two_builds_in_one_process_reflect_an_edit(tmp_path: Path) -> None:
    pages = {
        "taints.md": TAINTS.format(summary="Summary one."),
        "pods.md": PODS.format(body="A pod tolerates taints."),
    }
    config = write_site(tmp_path, pages)
    site = build_site(config)
    assert term_links(site, "pods") == {"taints": ("../taints/#taints", "Summary one.")}
    assert term_links(site, "taints") == {"Pod": ("../pods/#pods", "The smallest unit.")}
    data = json.loads((site / "glossary.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in data["terms"]] == ["pod", "taint"]

    # Edit: a new summary, a new term, a new mention, as a writer would under `mkdocs serve`.
    (tmp_path / "docs" / "taints.md").write_text(
        TAINTS.format(summary="Summary two.").replace(
            "    anchor: taints\n",
            "    anchor: taints\n  - term: Toleration\n    summary: Lets a pod in.\n"
            "    anchor: tolerations\n",
        )
        + "\n## Tolerations { #tolerations }\n\nThe other half.\n",
        encoding="utf-8",
    )
    (tmp_path / "docs" / "pods.md").write_text(
        PODS.format(body="A pod tolerates taints with a toleration."), encoding="utf-8"
    )
    site = build_site(config)
    assert term_links(site, "pods") == {
        "taints": ("../taints/#taints", "Summary two."),
        "toleration": ("../taints/#tolerations", "Lets a pod in."),
    }
    data = json.loads((site / "glossary.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in data["terms"]] == ["pod", "taint", "toleration"]
    glossary = html_of(site, "glossary")
    assert glossary.css_first("#toleration") is not None
    assert "Summary two." in glossary.body.text() and "Summary one." not in glossary.body.text()
    backlinks = html_of(site, "taints").css_first("aside.sn-backlinks")
    # Pods links here and shares concepts: listed once, under "Links here".
    assert [a.text() for a in backlinks.css("a")] == ["Pods"]
    assert "Related notes" not in backlinks.text()


def test_glossary_page_json_and_backlinks_agree(tmp_path: Path) -> None:
    pages = {
        "taints.md": TAINTS.format(summary='Repels "pods" <b>&</b> co.'),
        "pods.md": PODS.format(body="A pod tolerates taints.\n\n## Later\n\nTaints again."),
    }
    site = build_site(write_site(tmp_path, pages))
    data = json.loads((site / "glossary.json").read_text(encoding="utf-8"))
    taint = next(t for t in data["terms"] if t["id"] == "taint")
    assert taint == {
        "id": "taint",
        "term": "Taint",
        "aliases": ["taints"],
        "summary": 'Repels "pods" <b>&</b> co.',
        "case": "insensitive",
        "defined_in": {"page": "taints.md", "line": 5, "anchor": "taints", "url": "taints/#taints"},
        "glossary_url": "glossary/#taint",
        "mentions": [
            {
                "page": "pods.md",
                "url": "pods/#pods",
                "section": "pods",
                "section_title": "Pods",
                "linked": True,
            },
            {
                "page": "pods.md",
                "url": "pods/#later",
                "section": "later",
                "section_title": "Later",
                "linked": False,
            },
        ],
    }
    glossary = html_of(site, "glossary")
    entry_mentions = glossary.css_first("#taint ~ .sn-glossary-mentions")
    assert [(a.text(), a.attributes["href"]) for a in entry_mentions.css("a")] == [
        ("Pods", "../pods/"),
        ("Later", "../pods/#later"),
    ]
    assert glossary.css_first("#taint ~ p").text() == 'Repels "pods" <b>&</b> co.'
    assert (
        glossary.css_first("#taint ~ .sn-glossary-defined a").attributes["href"]
        == "../taints/#taints"
    )
    # Search sees the entry and its aliases, not the backlinks.
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entry = next(doc for doc in index["docs"] if doc["location"] == "glossary/#taint")
    assert "taints" in entry["text"] and "Mentioned in" not in entry["text"]
    assert not any("Links here" in doc["text"] for doc in index["docs"])
    assert "data-search-exclude" not in (site / "pods" / "index.html").read_text(encoding="utf-8")


def test_front_matter_problems_fail_the_build_listing_all(tmp_path: Path, caplog) -> None:
    bad_anchor = TAINTS.format(summary="S.").replace("anchor: taints", "anchor: taint")
    duplicate = PODS.format(body="x").replace(
        "    anchor: pods\n",
        "    anchor: pods\n  - term: POD\n    summary: Again.\n    anchor: pods\n",
    )
    unknown_key = PODS.format(body="x").replace(
        "    anchor: pods\n", "    anchor: pods\n    colour: red\n"
    )
    pages = {"taints.md": bad_anchor, "pods.md": duplicate, "more/p.md": unknown_key}
    with caplog.at_level(logging.ERROR, logger="mkdocs.hooks.glossary"), pytest.raises(Abort):
        build_site(write_site(tmp_path, pages))
    messages = [r.getMessage() for r in caplog.records if r.name == "mkdocs.hooks.glossary"]
    assert messages == [
        "docs/more/p.md:9: unknown key `colour` in a term entry — allowed: term, aliases, summary, "
        "anchor, case",
        "docs/pods.md:9: duplicate term `POD`: `Pod` is already defined at docs/pods.md:5 — "
        "define each term once; merge the entries or rename one",
        "docs/taints.md:8: anchor `taint` of term `Taint` is not a heading id on this page — "
        "did you mean `taints`?",
    ]


FORGED = "Taints are a kind of Pod."  # not the glossary's definition of either


@pytest.mark.parametrize(
    ("body", "line"),
    [
        pytest.param(
            f'See <a class="sn-term" href="../taints/#taints" data-term-summary="{FORGED}">'
            "taints</a>.",
            13,
            id="raw-inline-html",
        ),
        pytest.param(
            f'See [taints](taints.md#taints){{: data-term-summary="{FORGED}" }}.',
            13,
            id="attribute-list",
        ),
        pytest.param(
            f'<div markdown="1" DATA-Term-Summary="{FORGED}">\nSee taints.\n</div>',
            13,
            id="md-in-html",
        ),
        pytest.param(
            f'Text.\n\n<p><span data-term-summary="{FORGED}">taints</span></p>',
            15,
            id="raw-block-html",
        ),
        pytest.param(
            f'See [taints](taints.md#taints){{: DATA-TERM-SUMMARY="{FORGED}" }}.',
            13,
            id="attribute-list-in-capitals",
        ),
        pytest.param(
            'The hook writes `data-term-summary="..."`; data-term-summary is its name.\n\n'
            "<span data-term-summary>taints</span>",
            15,
            id="named-in-prose-then-written",
        ),
        pytest.param(
            f'```{{ .text data-term-summary="{FORGED}" }}\ntaints\n```',
            13,
            id="fence-attributes",
        ),
    ],
)
def test_a_tooltip_written_by_hand_fails_the_build_at_its_line(
    tmp_path: Path, caplog, body: str, line: int
) -> None:
    """The site's tooltip shows ``data-term-summary`` as the glossary's definition: a note
    writing its own would pass off any text as one."""
    pages = {"taints.md": TAINTS.format(summary="S."), "pods.md": PODS.format(body=body)}
    with caplog.at_level(logging.ERROR, logger="mkdocs.hooks.glossary"), pytest.raises(Abort):
        build_site(write_site(tmp_path, pages))
    assert [r.getMessage() for r in caplog.records if r.name == "mkdocs.hooks.glossary"] == [
        f"docs/pods.md:{line}: `data-term-summary` is written by hand: the site shows it in a "
        "tooltip as the glossary's definition of a term, so only the glossary may write it — "
        "remove the attribute; a link to a term's defining section gets the term's own tooltip "
        "by itself"
    ]


def test_the_tooltip_attribute_named_in_code_is_not_one(tmp_path: Path) -> None:
    body = 'The hook writes `data-term-summary="..."` on each [taint](taints.md#taints) link.'
    site = build_site(
        write_site(
            tmp_path, {"taints.md": TAINTS.format(summary="S."), "pods.md": PODS.format(body=body)}
        )
    )
    assert term_links(site, "pods") == {"taint": ("../taints/#taints", "S.")}


def test_glossary_page_without_its_marker_fails(tmp_path: Path, caplog) -> None:
    pages = {"glossary.md": "# Glossary\n\nNo marker.\n", "taints.md": TAINTS.format(summary="S.")}
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(write_site(tmp_path, pages))
    assert (
        "docs/glossary.md:1: the glossary page has no `<!-- shortnotes:glossary -->` marker"
        in caplog.text
    )


HOME = "---\ntitle: Home\ndescription: Home.\n---\n\n# Home\n\n<!-- shortnotes:map -->\n"


def test_home_map_needs_every_description_and_the_home_page(tmp_path: Path, caplog) -> None:
    pages = {
        "index.md": HOME,
        "k8s/taints.md": TAINTS.format(summary="S.").replace("description: Taints.\n", ""),
        "k8s/pods.md": PODS.format(body="x\n\n<!-- shortnotes:map -->"),
    }
    nav = [{"Home": "index.md"}, {"Kubernetes": ["k8s/taints.md", "k8s/pods.md"]}]
    config = write_site(tmp_path, pages, hooks=("glossary", "home_map"), nav=nav)
    with caplog.at_level(logging.ERROR, logger="mkdocs.hooks.home_map"), pytest.raises(Abort):
        build_site(config)
    messages = [r.getMessage() for r in caplog.records if r.name == "mkdocs.hooks.home_map"]
    assert messages == [
        "docs/k8s/taints.md:1: this note has no `description` in its front matter, and the home "
        "page map shows each note with its description — add `description:` with one plain "
        "sentence saying what the note covers"
    ]
    # Once described, the marker left on another page is the error.
    (tmp_path / "docs" / "k8s" / "taints.md").write_text(
        TAINTS.format(summary="S."), encoding="utf-8"
    )
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="mkdocs.hooks.home_map"), pytest.raises(Abort):
        build_site(config)
    assert [r.getMessage() for r in caplog.records if r.name == "mkdocs.hooks.home_map"] == [
        "docs/k8s/pods.md:15: the `<!-- shortnotes:map -->` marker works on the home page only "
        "— remove it; the map is generated on docs/index.md"
    ]
