"""The search worker's policy (overrides/assets/javascripts/short-notes-search-query.js), run in
Chromium on made-up indexes: each rule that benchmarks/search_quality.py measures on the real
site, shown on the smallest case that needs it.

The functions are pure: they take the query, the index's words and lunr's match data as plain
values, so each test builds exactly the case it names. tests/browser/test_search_ranking.py
checks the whole in Material's UI on the real site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

QUERY_SCRIPT = (
    Path(__file__).resolve().parents[2] / "overrides/assets/javascripts/short-notes-search-query.js"
)
# The index's separator as hooks/shortnotes/search_index.py writes it, cut down: white space,
# "-" and "/", and the stop word "a".
SEPARATOR = r"[\s\-/]+|(?<![\w.])a(?![\w.])"


@pytest.fixture
def query(page: Page) -> Page:
    page.set_content("<!doctype html><title>search policy</title>")
    page.add_script_tag(path=str(QUERY_SCRIPT))
    return page


def clauses(page: Page, text: str, vocabulary: list[str], corrections: dict | None = None) -> list:
    return page.evaluate(
        """([text, separator, vocabulary, corrections]) => ShortNotesSearchQuery.clauses(
            text, new RegExp(separator), [...vocabulary].sort(),
            (word) => corrections[word] || [])""",
        [text, SEPARATOR, vocabulary, corrections or {}],
    )


def terms(found: list[dict]) -> dict[str, float]:
    return {clause["term"]: clause["boost"] for clause in found if not clause["wildcard"]}


def test_flags_and_quotes_are_words_not_lunr_syntax(query: Page) -> None:
    words = query.evaluate("ShortNotesSearchQuery.words('redis-cli --pipe \"+KEYS\"')")
    assert words == ["redis-cli", "pipe", "keys"]


def test_a_whole_word_outweighs_a_longer_word_it_begins(query: Page) -> None:
    found = terms(clauses(query, "tolerations", ["tolerations", "tolerationseconds"]))
    exact = query.evaluate("ShortNotesSearchQuery.EXACT_BOOST")
    assert found["tolerations"] == exact
    assert found["tolerationseconds"] < exact / 2, found


def test_an_inflection_counts_nearly_as_much_as_the_word(query: Page) -> None:
    found = terms(clauses(query, "exception", ["exception", "exceptions", "exceptionally"]))
    inflection = query.evaluate("ShortNotesSearchQuery.INFLECTION_BOOST")
    assert found["exceptions"] == inflection
    assert found["exceptionally"] < inflection, found


def test_hyphenated_names_are_searched_by_their_parts_without_a_one_letter_prefix(
    query: Page,
) -> None:
    found = clauses(query, "cri-o", ["cri", "o", "oom", "operators"])
    assert {c["term"] for c in found} == {"cri", "o"}, found
    assert {(c["part"], c["of"]) for c in found} == {(0, 2), (1, 2)}


def test_stop_words_are_not_searched(query: Page) -> None:
    found = clauses(query, "pause a rollout", ["pause", "rollout", "a", "and"])
    assert {c["term"] for c in found} == {"pause", "rollout"}, found


def test_a_dotted_name_is_searched_whole_and_by_its_parts(query: Page) -> None:
    found = clauses(query, "contextlib.suppress", ["contextlib", "suppress"])
    whole = [c for c in found if c["piece"] == "contextlib.suppress"]
    assert {c["term"] for c in found} >= {"contextlib", "suppress"}
    assert all(c["covers"] == ["contextlib", "suppress"] for c in whole)


def test_a_typo_is_searched_by_its_corrections_and_their_inflections(query: Page) -> None:
    vocabulary = ["pipeline", "pipelines", "pipelining", "pipe"]
    # The worker passes lunr's corrections (words one edit away) with their Porter stems.
    stem = "pipelin"  # spellchecker:disable-line
    corrections = {"pipelnie": [["pipeline", stem]]}
    found = terms(clauses(query, "pipelnie", vocabulary, corrections))
    assert set(found) == {"pipeline", "pipelines", "pipelining"}, found
    assert not terms(clauses(query, "pipelnie", vocabulary)), "no correction, nothing to search"


def result(ref: str, score: float, **matched: dict[str, list[int]]) -> dict[str, Any]:
    """A lunr result: ``term={"field": [positions]}`` for each matched term."""
    metadata = {
        term: {field: {"position": positions} for field, positions in fields.items()}
        for term, fields in matched.items()
    }
    return {"ref": ref, "score": score, "matchData": {"metadata": metadata}}


def scored(page: Page, text: str, vocabulary: list[str], results: list[dict]) -> list[str]:
    """The refs of ``results`` in the order score() puts them, over an index of the results'
    documents (each page's documents are the results naming it)."""
    return page.evaluate(
        """([text, separator, vocabulary, results]) => {
            const found = ShortNotesSearchQuery.clauses(
                text, new RegExp(separator), vocabulary.sort())
            const refs = (term) => new Set(
                results.filter((r) => term in r.matchData.metadata).map((r) => r.ref))
            const page = (ref) => ref.split("#")[0]
            const corpus = {
                size: results.length,
                pageSize: (name) => results.filter((r) => page(r.ref) === name).length,
                refs,
            }
            return ShortNotesSearchQuery.score(results, found, corpus).map((r) => r.ref)
        }""",
        [text, SEPARATOR, vocabulary, results],
    )


def test_a_section_with_every_query_word_beats_one_repeating_half(query: Page) -> None:
    order = scored(
        query,
        "pod eviction",
        ["pod", "eviction"],
        [
            result("redis/#eviction", 30.0, eviction={"title": [1], "text": [5, 9, 12]}),
            result("k8s/#oomkilled", 10.0, pod={"text": [3]}, eviction={"text": [40]}),
            result("k8s/#pods", 12.0, pod={"title": [1], "text": [7]}),
        ],
    )
    assert order[0] == "k8s/#oomkilled", order


def test_the_heading_holding_the_word_rare_on_its_page_wins(query: Page) -> None:
    # Every section of the page says "rollout"; one says "pause" in its heading.
    page_sections = [result(f"deploy/#s{n}", 10.0, rollout={"text": [2]}) for n in range(4)]
    order = scored(
        query,
        "pause a rollout",
        ["pause", "rollout"],
        [
            result("deploy/#rollout", 12, rollout={"title": [1], "text": [4]}, pause={"text": [9]}),
            result("deploy/#pause", 11.0, pause={"title": [1]}, rollout={"text": [6]}),
            *page_sections,
        ],
    )
    assert order[0] == "deploy/#pause", order


def test_a_hyphenated_name_found_whole_beats_its_parts_apart(query: Page) -> None:
    order = scored(
        query,
        "kube-system",
        ["kube", "system"],
        [
            result("proxy/#apart", 12.0, kube={"text": [3]}, system={"text": [20]}),
            result("ns/#whole", 10.0, kube={"text": [7]}, system={"text": [8]}),
        ],
    )
    assert order[0] == "ns/#whole", order


def rerank(page: Page, items: list[list[dict]]) -> list[list[tuple[str, float]]]:
    return page.evaluate(
        """(items) => ShortNotesSearchQuery.rerank({ items }).items
            .map((group) => group.map((item) => [item.location, item.score]))""",
        items,
    )


def item(location: str, score: float, *matched: bool) -> dict[str, Any]:
    terms = {str(number): match for number, match in enumerate(matched)}
    return {"location": location, "score": score, "terms": terms}


def test_materials_page_bonus_no_longer_hides_the_answering_section(query: Page) -> None:
    # Material: page x (1 + (1 + 1)^2) = x5, section x (1 + 1^2) = x2, all words matched.
    groups = rerank(query, [[item("deploy/", 5 * 10, True), item("deploy/#pause", 2 * 12, True)]])
    assert groups[0][0][0] == "deploy/#pause", groups


def test_close_runners_up_are_shown_not_folded(query: Page) -> None:
    groups = rerank(
        query,
        [[item("p/#a", 2 * 10, True), item("p/#b", 2 * 8, True), item("p/#c", 2 * 1, True)]],
    )
    scores = dict(groups[0])
    # Material shows the sections whose score equals the group's first.
    assert scores["p/#b"] == scores["p/#a"], groups
    assert scores["p/#c"] < scores["p/#a"], groups
