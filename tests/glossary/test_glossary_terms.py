"""Validation of the glossary front matter: one test per error, message and file:line."""

from __future__ import annotations

from textwrap import dedent

from shortnotes.terms import build_index, check_anchors, read_page

from tests.glossary.samples import sample_index


def problems_of(pages: dict[str, str]) -> list[str]:
    index = build_index(read_page(src, dedent(source)) for src, source in pages.items())
    return [problem.format() for problem in index.problems]


def page(terms_yaml: str, extra: str = "") -> str:
    return (
        "---\ntitle: T\ndescription: D.\n"
        + extra
        + "terms:\n"
        + dedent(terms_yaml)
        + "---\n\n# T\n"
    )


TAINT = """\
  - term: Taint
    aliases: [taints]
    summary: A mark on a node.
    anchor: taints
"""


def test_valid_pages_have_no_problems() -> None:
    assert sample_index().problems == []
    assert problems_of({"a.md": page(TAINT)}) == []


def test_duplicate_term_across_pages_names_both_places() -> None:
    problems = problems_of({"a.md": page(TAINT), "b/c.md": page(TAINT.replace("taints]", "x]"))})
    assert problems == [
        "docs/b/c.md:5: duplicate term `Taint`: `Taint` is already defined at docs/a.md:5 — "
        "define each term once; merge the entries or rename one"
    ]


def test_duplicate_term_is_case_insensitive() -> None:
    other = TAINT.replace("Taint\n", "TAINT\n").replace("[taints]", "[]")
    problems = problems_of({"a.md": page(TAINT), "b.md": page(other)})
    assert len(problems) == 1
    assert problems[0].startswith("docs/b.md:5: duplicate term `TAINT`")


def test_duplicate_alias_points_at_the_alias_line() -> None:
    other = """\
  - term: Toleration
    aliases: [tolerations, Taints]
    summary: Lets a pod onto a tainted node.
    anchor: tolerations
"""
    problems = problems_of({"a.md": page(TAINT), "b.md": page(other)})
    assert problems == [
        "docs/b.md:6: duplicate alias `Taints`: already an alias of `Taint` (docs/a.md:6) — "
        "keep the alias on one term only"
    ]


def test_alias_equal_to_another_term() -> None:
    other = """\
  - term: Toleration
    aliases:
      - tolerations
      - taint
    summary: Lets a pod onto a tainted node.
    anchor: tolerations
"""
    problems = problems_of({"a.md": page(TAINT), "b.md": page(other)})
    assert problems == [
        "docs/b.md:8: alias `taint` of `Toleration` is the term `Taint` defined at docs/a.md:5 — "
        "remove the alias, or merge the two entries"
    ]


def test_term_equal_to_another_terms_alias() -> None:
    other = "  - term: Taints\n    summary: S.\n    anchor: x\n"
    problems = problems_of({"a.md": page(TAINT), "b.md": page(other)})
    assert problems == [
        "docs/b.md:5: term `Taints` is already an alias of `Taint` (docs/a.md:6) — "
        "remove that alias, or merge the two entries"
    ]


def test_alias_repeating_its_own_term() -> None:
    problems = problems_of({"a.md": page(TAINT.replace("[taints]", "[taints, taint]"))})
    assert problems == ["docs/a.md:6: alias `taint` of `Taint` repeats the term — remove it"]


def test_empty_summary() -> None:
    problems = problems_of({"a.md": page(TAINT.replace("A mark on a node.", '"  "'))})
    assert problems == [
        "docs/a.md:7: term `Taint` has an empty summary — "
        "write one plain sentence that defines it (it is the hover tooltip)"
    ]


def test_missing_summary_and_anchor_are_both_listed() -> None:
    problems = problems_of({"a.md": page("  - term: Taint\n")})
    assert problems == [
        "docs/a.md:5: term `Taint` has no summary — add `summary:` with one plain sentence",
        "docs/a.md:5: term `Taint` has no anchor — add `anchor: <id>` naming the heading that "
        "explains it, e.g. `## Taints { #taints }`",
    ]


def test_unknown_key_suggests_the_right_one() -> None:
    problems = problems_of({"a.md": page(TAINT + "    alias: [x]\n    colour: red\n")})
    assert problems == [
        "docs/a.md:9: unknown key `alias` in a term entry — did you mean `aliases`?",
        "docs/a.md:10: unknown key `colour` in a term entry — "
        "allowed: term, aliases, summary, anchor, case",
    ]


def test_malformed_front_matter() -> None:
    source = "---\ntitle: T\nterms:\n  - term: [unclosed\n---\n\n# T\n"
    problems = problems_of({"a.md": source})
    assert len(problems) == 1
    assert problems[0].startswith("docs/a.md:")
    assert "malformed front matter" in problems[0]
    assert problems[0].endswith(
        "fix the YAML between the --- lines (MkDocs would show the block as page text)"
    )


def test_front_matter_that_is_not_a_mapping() -> None:
    problems = problems_of({"a.md": "---\n- terms: [a]\n---\n\n# T\n"})
    assert problems == [
        "docs/a.md:2: front matter is a list, not a mapping — write `key: value` lines between "
        "the --- lines"
    ]


def test_terms_not_a_list_and_entry_not_a_mapping() -> None:
    assert problems_of({"a.md": "---\nterms: Taint\n---\n"}) == [
        "docs/a.md:2: `terms` is not a list — "
        "write one `- term: ...` item per concept under `terms:`"
    ]
    assert problems_of({"a.md": "---\nterms:\n  - Taint\n---\n"}) == [
        "docs/a.md:3: term entry #1 is not a mapping — write `- term: Name` and keys"
    ]


def test_aliases_written_as_a_string() -> None:
    problems = problems_of({"a.md": page(TAINT.replace("[taints]", "taints"))})
    assert problems == [
        "docs/a.md:6: `aliases` is a string, not a list — write `aliases: [taints]`"
    ]


def test_bad_case_rule_and_anchor_with_hash() -> None:
    entry = TAINT.replace("anchor: taints", "anchor: '#taints'\n    case: upper")
    assert problems_of({"a.md": page(entry)}) == [
        "docs/a.md:8: anchor `#taints` starts with # — write `anchor: taints`",
        "docs/a.md:9: `case: upper` is not a case rule — "
        "write `case: exact` or `case: insensitive`",
    ]


def test_autolink_must_be_a_boolean() -> None:
    problems = problems_of({"a.md": "---\nautolink: no-thanks\n---\n"})
    assert problems == [
        "docs/a.md:2: `autolink: no-thanks` is not true or false — write `autolink: false` to "
        "turn glossary links off on this page, or remove it"
    ]


def test_glossary_id_clash() -> None:
    # Different words to the matcher ("Yahoo!" ends with a mark), one slug.
    other = "  - term: Yahoo!\n    summary: S.\n    anchor: x\n"
    first = "  - term: Yahoo\n    summary: S.\n    anchor: y\n"
    problems = problems_of({"a.md": page(first), "b.md": page(other)})
    assert problems == [
        "docs/b.md:5: term `Yahoo!` gets the same glossary id `yahoo` as `Yahoo` "
        "(docs/a.md:5) — rename one of them, or merge the two entries"
    ]


def test_names_differing_only_in_punctuation_are_one_name() -> None:
    # Both used to be kept: the matcher's automaton then held only the last one.
    other = "  - term: Pub-Sub\n    summary: S.\n    anchor: x\n"
    first = "  - term: Pub Sub\n    summary: S.\n    anchor: y\n"
    problems = problems_of({"a.md": page(first), "b.md": page(other)})
    assert problems == [
        "docs/b.md:5: term `Pub-Sub` would match the same text as the term `Pub Sub` "
        "(docs/a.md:5): names that differ only in case, punctuation, spacing or Unicode "
        "form are one name — keep one spelling (merge the entries, or list it as an alias "
        "of one term)"
    ]


def test_every_problem_is_listed_not_only_the_first() -> None:
    pages = {
        "a.md": page(TAINT),
        "b.md": page(TAINT),
        "c.md": page("  - term: X\n    summary: ''\n    anchor: x\n"),
        "d.md": "---\nterms: [\n  - bad\n---\n",
    }
    assert [p.split(":", 1)[0] for p in problems_of(pages)] == [
        "docs/b.md",
        "docs/c.md",
        "docs/d.md",
    ]


def test_anchor_that_is_not_a_heading_on_the_page() -> None:
    index = sample_index({"a.md": page(TAINT.replace("anchor: taints", "anchor: taint"))})
    terms = index.defined_on("a.md")
    problems = [p.format() for p in check_anchors(terms, ["t", "taints", "tolerations"])]
    assert problems == [
        "docs/a.md:8: anchor `taint` of term `Taint` is not a heading id on this page — "
        "did you mean `taints`?"
    ]
    assert check_anchors(terms, ["taint"]) == []


def test_default_case_rule_follows_the_spelling() -> None:
    index = sample_index()
    terms = {term.term: term for term in index.terms}
    assert terms["AOF"].is_exact("AOF") and not terms["AOF"].is_exact("append-only file")
    assert terms["Service"].is_exact("Service")  # case: exact
    assert not terms["Pod"].is_exact("Pod")
    assert (terms["AOF"].case_label, terms["Pod"].case_label) == ("exact", "insensitive")


def test_pages_without_glossary_keys_are_not_parsed_again() -> None:
    # Malformed YAML there cannot hide a term; the source checks report it for every page.
    assert problems_of({"a.md": "---\ntitle: [unclosed\n---\n"}) == []
    assert problems_of({"a.md": "---\ntitle: [unclosed\nterms: []\n---\n"}) != []


def test_glossary_keys_are_found_anywhere_in_the_front_matter_only() -> None:
    blank_line_inside = "---\ntitle: T\n\nterms:\n  - term: X\n---\n"
    assert problems_of({"a.md": blank_line_inside})  # X has no summary: it was read
    in_the_body = "---\ntitle: T\n---\n\nterms: this line is prose\n"
    assert problems_of({"a.md": in_the_body}) == []


def test_a_clash_leads_with_the_page_the_contributor_edited() -> None:
    other = TAINT.replace("Taint\n", "Streams\n").replace("[taints]", "[taints, stream]")
    pages = {"a.md": page(TAINT), "b.md": page(other)}
    untouched_first = build_index(
        (read_page(src, dedent(text)) for src, text in pages.items()), edited={"a.md"}
    )
    assert [problem.format() for problem in untouched_first.problems] == [
        "docs/a.md:6: duplicate alias `taints`: already an alias of `Streams` (docs/b.md:6) — "
        "keep the alias on one term only"
    ]
    # Without knowing who edited what, the later page is the one reported.
    assert problems_of(pages)[0].startswith("docs/b.md:6: duplicate alias `taints`")
