"""Defects found by building the hooks over docs nobody here wrote, one focused test each.

(The whole corpus is in tests/foreign/; these pin each defect on its own, so a regression
names itself.)
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError
from selectolax.lexbor import LexborHTMLParser
from shortnotes.autolink import AutolinkExtension
from shortnotes.matcher import Name, TermMatcher
from shortnotes.terms import build_index, read_page, term_id

from tests.glossary.samples import sample_index
from tests.glossary.sites import build_site, write_site


def render(site_markdown, source: str) -> LexborHTMLParser:
    extension = AutolinkExtension(sample_index().terms)
    converter = site_markdown(extension)
    extension.start_page("notes/page.md")
    return LexborHTMLParser(converter.convert(source))


@pytest.mark.parametrize(
    "raw",
    [
        '<a href="https://example.org/pods/">the Pod docs</a>',
        '<a href="https://example.org/"><em>Pod</em> guide</a>',
        "<code>kube-proxy --config</code>",
        "<kbd>kube-proxy</kbd>",
        '<abbr title="Service">Service</abbr>',
        "<samp>Pod started</samp>",
        '<span class="no-autolink">Pod</span>',
        "<button>Pod</button>",
    ],
)
def test_no_link_inside_raw_inline_html(site_markdown, raw: str) -> None:
    tree = render(site_markdown, f"Before {raw} after.\n")
    assert tree.css("a.sn-term") == [], tree.body.html
    assert tree.css("a a") == []


def test_raw_inline_html_leaves_the_rest_of_the_paragraph_linkable(site_markdown) -> None:
    tree = render(site_markdown, "A <kbd>Pod</kbd> key, then a Pod, then <b>kube-proxy</b>.\n")
    assert [a.text() for a in tree.css("a.sn-term")] == ["Pod", "kube-proxy"]
    assert tree.css_first("kbd").text() == "Pod"


def test_a_raw_tag_left_open_ends_with_its_paragraph(site_markdown) -> None:
    tree = render(site_markdown, "An open <code>Pod\n\nA Pod here links.\n")
    assert [a.text() for a in tree.css("a.sn-term")] == ["Pod"]
    assert tree.css_first("a.sn-term").parent.tag == "p"


@pytest.mark.parametrize(
    "math",
    ["$Pod + 1$", "$$\\sum Pod$$", "\\(Pod\\)", "\\\\(Pod\\\\)", "\\[Pod\\]"],
)
def test_no_link_inside_math(site_markdown, math: str) -> None:
    tree = render(site_markdown, f"Math {math} here.\n")
    assert tree.css("a.sn-term") == [], tree.body.html


def test_dollar_amounts_are_prose(site_markdown) -> None:
    tree = render(site_markdown, "It costs $5 per Pod and $10 per node.\n")
    assert [a.text() for a in tree.css("a.sn-term")] == ["Pod"]


def test_one_term_may_spell_itself_with_or_without_punctuation() -> None:
    matcher = TermMatcher(
        [Name("kube-proxy", False, "kp"), Name("kube proxy", False, "kp"), Name("C", True, "c")]
    )
    text = "kube-proxy, Kube Proxy, kube  proxy, C"
    assert [text[m.start : m.end] for m in matcher.find(text)] == [
        "kube-proxy",
        "Kube Proxy",
        "kube  proxy",
        "C",
    ]


def test_decomposed_text_matches_a_composed_name() -> None:
    matcher = TermMatcher([Name("Déploiement", False, "d"), Name("cafe", False, "c")])
    text = unicodedata.normalize("NFD", "Le Déploiement, un café.")
    # "café" in NFD is "cafe" + a combining accent: one word, not the name "cafe".
    assert [m.name.payload for m in matcher.find(text)] == ["d"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("C", "c"),
        ("C++", "c-plus-plus"),
        ("C#", "c-sharp"),
        (".NET", "net"),
        ("Кластер", "кластер"),
        ("ポッド", "ポッド"),
        ("Déploiement", "déploiement"),
        ("∑", "term-2211"),
    ],
)
def test_term_ids_in_any_script(name: str, expected: str) -> None:
    assert term_id(name) == expected
    assert term_id(unicodedata.normalize("NFD", name)) == expected


def test_a_term_named_like_the_glossary_page_gets_its_own_id() -> None:
    page = "---\nterms:\n  - term: Glossary\n    summary: S.\n    anchor: g\n---\n"
    index = build_index([read_page("a.md", page)], reserved_ids=("glossary",))
    assert [term.id for term in index.terms] == ["term-glossary"] and index.problems == []


def _page(term: str, anchor: str, aliases: str = "") -> str:
    return (
        f"---\ntitle: {anchor}\ndescription: d.\nterms:\n  - term: {term}\n"
        + (f"    aliases: [{aliases}]\n" if aliases else "")
        + f"    summary: S.\n    anchor: {anchor}\n---\n\n# {anchor} {{ #{anchor} }}\n\nText.\n"
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("kube-proxy", "Kube Proxy"),
        ("e-mail", "e mail"),
        ("Déploiement", unicodedata.normalize("NFD", "Déploiement")),
    ],
)
@pytest.mark.parametrize("as_alias", [False, True], ids=["term", "alias"])
def test_names_that_match_the_same_text_fail_the_build_naming_both_places(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, first: str, second: str, as_alias: bool
) -> None:
    """As aliases both used to build: the second silently replaced the first in the matcher."""
    other = (
        _page("Other Thing", "second", f'"{second}"')
        if as_alias
        else _page(f'"{second}"', "second")
    )
    config = write_site(tmp_path, {"a.md": _page(first, "first"), "z/b.md": other})
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises((Abort, PluginError)):
        build_site(config)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    # One mistake, one message ("duplicate" when the spellings are equal in NFC).
    clash = [e for e in errors if e.startswith("docs/")]
    assert len(clash) == 1, errors
    assert (
        "would match the same text" in clash[0]
        or "duplicate" in clash[0]
        or ("is the term" in clash[0])
    )
    line = 6 if as_alias else 5  # the alias's own line, or the term's
    assert clash[0].startswith(f"docs/z/b.md:{line}: "), clash[0]
    assert "(docs/a.md:5)" in clash[0] or "at docs/a.md:5" in clash[0]
    assert first in clash[0]
