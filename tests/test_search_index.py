"""The search-index rewrite (hooks/shortnotes/search_index.py): what it adds, and its errors.

Unit tests on plain data, one tiny real build that feeds the hook a term whose definition
search does not index, and checks on the real site's index. How the ranking then behaves in
Material's UI is tests/browser/test_search_ranking.py's and benchmarks/search_quality.py's.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from shortnotes import search_index
from shortnotes.search_index import (
    ADDED_FIELDS,
    GLOSSARY_BOOST,
    PAGE_BOOST,
    STOP_WORDS,
    Definition,
    SearchIndexError,
    form_groups,
    improve_index,
    longer_words,
    longest_only,
    misspellings,
    other_forms,
    separator,
)

from tests.glossary.sites import build_site, write_site

STOCK_CONFIG = {
    "lang": ["en"],
    "separator": r"[\s\-]+",
    "pipeline": ["stopWordFilter"],
    "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}},
}


def doc(location: str, title: str, text: str = "", **extra) -> dict:
    return {"location": location, "title": title, "text": f"<p>{text}</p>", **extra}


INDEX = {
    "config": STOCK_CONFIG,
    "docs": [
        doc("redis/persistence/", "Persistence", "How Redis keeps data."),
        doc("redis/persistence/#aof", "The append-only file", "Redis logs each write."),
        doc("redis/configuration/", "Configuration", "Settings in redis.conf."),
        doc("redis/configuration/#eviction", "Eviction policies", "Redis may evict keys."),
        doc("redis/configuration/#limits", "Limits", "A node evicted keys under pressure."),
        doc("glossary/", "Glossary", "Every term."),
        doc("glossary/#aof", "AOF", "The append-only file. Explained in Persistence"),
    ],
}
AOF = Definition(
    term="AOF",
    aliases=("append-only file",),
    location="redis/persistence/#aof",
    source="docs/redis/persistence.md:9",
)


def improved(**changes) -> dict[str, dict]:
    index = improve_index({**INDEX, **changes}, [AOF], glossary_location="glossary/")
    return {entry["location"]: entry for entry in index["docs"]}


def tokens(text: str) -> list[str]:
    """The index's separator applied as Material's tokenizer applies it (Python's re reads
    this JavaScript pattern the same way: classes, fixed-width lookbehind)."""
    trimmed = (re.sub(r"^\W+|\W+$", "", t) for t in re.split(separator(), text))  # lunr.trimmer
    return [t.lower() for t in trimmed if t]


def test_the_defining_section_carries_the_term_and_its_aliases() -> None:
    docs = improved()
    defines = set(docs["redis/persistence/#aof"]["defines"].split())
    assert defines == {"aof", "append", "only", "file"}
    assert "defines" not in docs["redis/configuration/#eviction"]


def test_the_glossary_is_damped_and_the_notes_are_not() -> None:
    docs = improved()
    assert docs["glossary/#aof"]["boost"] == pytest.approx(GLOSSARY_BOOST)
    assert "boost" not in docs["redis/persistence/#aof"]


def test_the_glossary_page_itself_ranks_like_any_page() -> None:
    # A reader searching "glossary" wants the page: only its entries are damped.
    docs = improved()
    assert docs["glossary/"]["boost"] == pytest.approx(PAGE_BOOST)


def test_a_page_boost_from_front_matter_still_counts() -> None:
    index = {**INDEX, "docs": [*INDEX["docs"], doc("redis/sets/#x", "Sets", "x", boost=2)]}
    docs = {d["location"]: d for d in improve_index(index, [])["docs"]}
    assert docs["redis/sets/#x"]["boost"] == 2


def test_other_forms_of_a_word_are_added_from_the_whole_site() -> None:
    docs = improved()
    # "Eviction" is a heading elsewhere: the section that only says "evicted" gets it.
    limits = docs["redis/configuration/#limits"]
    assert "eviction" in limits["forms"].split()
    assert "evict" not in limits["forms"].split(), "'evict*' reaches 'evicted': counted twice"
    assert "evicted" in docs["redis/configuration/#eviction"]["title_forms"].split()


def test_a_section_inherits_its_page_title() -> None:
    assert improved()["redis/configuration/#limits"]["page_title"] == "configuration"


def test_dotted_names_stay_whole_and_their_parts_are_added() -> None:
    assert "redis.conf" in tokens("Settings in redis.conf.")
    dns = doc("k8s/dns/#names", "Names", "Ask for db.shop.svc.cluster.local instead.")
    docs = improve_index({**INDEX, "docs": [*INDEX["docs"], dns]}, [])["docs"]
    assert {"shop", "svc", "cluster", "local"} <= set(docs[-1]["forms"].split())


def test_stop_words_are_consumed_and_commands_are_not() -> None:
    assert tokens("Why is my pod pending") == ["pod", "pending"]
    assert tokens("pause a rollout") == ["pause", "rollout"]
    assert tokens("The") == []
    assert tokens("GET SET kube-node-lease") == ["get", "set", "kube", "node", "lease"]
    assert tokens("data area") == ["data", "area"], "a stop word inside a word stays"
    assert not set(STOP_WORDS) & {"get", "set", "not", "no"}


def test_the_config_replaces_lunrs_stop_word_filter_and_adds_the_fields() -> None:
    config = improve_index(INDEX, [])["config"]
    assert config["pipeline"] == ["trimmer"]
    assert set(ADDED_FIELDS) <= set(config["fields"])
    assert config["fields"]["text"] == {"boost": 1.0}


def test_longest_only_keeps_words_no_other_begins() -> None:
    assert longest_only(["rollout", "rollouts", "pause", "paused", "lease"]) == [
        "lease",
        "paused",
        "rollouts",
    ]


def test_other_forms_keep_the_longest() -> None:
    vocabulary = ["evict", "evicted", "evicting", "eviction", "evictions", "pod"]
    groups = form_groups(vocabulary)
    longer = longer_words(groups, vocabulary)
    # "evict*" reaches "evicted" (held) and "eviction*" reaches "evictions": both dropped.
    assert other_forms({"evicted"}, groups, longer) == "evicting evictions"
    assert other_forms({"pod"}, groups, longer) == ""


def test_misspellings_drop_a_letter_or_swap_two() -> None:
    slips = misspellings("kubelet")
    assert {"kubelte", "kublet", "kbuelet"} <= slips
    assert "kubelet" not in slips
    assert misspellings("etcd") == set(), "short words: a slip is too often another word"


def test_a_term_defined_in_a_section_search_does_not_hold_is_one_clear_error() -> None:
    hidden = Definition("AOF", (), "redis/persistence/#aoff", "docs/redis/persistence.md:9")
    with pytest.raises(SearchIndexError) as raised:
        improve_index(INDEX, [hidden])
    (problem,) = raised.value.problems
    assert problem.startswith("docs/redis/persistence.md:9: the term 'AOF' is defined in ")
    assert "#aoff, which the search index does not hold" in problem
    assert "did you mean `aof`?" in problem


def test_fields_the_hook_fills_may_not_be_configured() -> None:
    config = {**STOCK_CONFIG, "fields": {**STOCK_CONFIG["fields"], "forms": {"boost": 3}}}
    with pytest.raises(SearchIndexError) as raised:
        improve_index({**INDEX, "config": config}, [])
    (problem,) = raised.value.problems
    assert problem.startswith("mkdocs.yml: plugins.search.fields already names forms")


NOTE = """\
---
title: Vaults
description: Vaults.
terms:
  - term: Vault
    summary: A place for secrets.
    anchor: {anchor}
---

# Vaults

## Vault {{ #vault{exclude} }}

A vault keeps secrets.
"""


@pytest.mark.parametrize("excluded", [False, True], ids=["indexed", "excluded"])
def test_the_hook_fails_the_build_when_a_definition_is_not_searchable(
    tmp_path: Path, excluded: bool, caplog: pytest.LogCaptureFixture
) -> None:
    note = NOTE.format(anchor="vault", exclude=" data-search-exclude" if excluded else "")
    config = write_site(tmp_path, {"vaults.md": note}, hooks=("glossary", "search_index"))
    if not excluded:
        site_dir = build_site(config)
        index = json.loads((site_dir / "search" / "search_index.json").read_text())
        entry = next(d for d in index["docs"] if d["location"] == "vaults/#vault")
        assert entry["defines"] == "vault"
        return
    with pytest.raises(Abort):
        build_site(config)
    (message,) = [r.getMessage() for r in caplog.records if "search_index" in r.getMessage()]
    assert "docs/vaults.md:5: " in message
    assert "the term 'Vault' is defined in section #vault, which the search index" in message


def test_the_real_index_ranks_with_the_glossary(built_site) -> None:
    index = json.loads((built_site.site_dir / "search" / "search_index.json").read_text())
    glossary = json.loads((built_site.site_dir / "glossary.json").read_text())
    docs = {entry["location"]: entry for entry in index["docs"]}
    assert index["config"]["pipeline"] == ["trimmer"]
    for term in glossary["terms"]:
        defining = docs[term["defined_in"]["url"]]
        assert defining.get("defines"), f"{term['term']}: its definition carries no terms"
        assert docs[term["glossary_url"]]["boost"] < 1, f"{term['term']}: glossary not damped"


def test_words_and_name_parts_are_what_the_regexes_find() -> None:
    # The words are cut with str.translate for speed; _WORD and _DOTTED_NAME over the whole
    # text say what they must be (non-ASCII, digits, _ and dots are where the two could part).
    def expected(text: str) -> tuple[set[str], set[str]]:
        stop = set(STOP_WORDS)
        names = search_index._DOTTED_NAME.findall(text)
        parts = {p for name in names for p in name.split(".") if len(p) >= 3}
        return set(search_index._WORD.findall(text)) - stop, parts - stop

    rng = random.Random(7)
    samples = ["svc.cluster.local", "9abc.def _x.y1 a..b.cde", "café.naïve éa.bcd", "x.y.zz."]
    for alphabet in ("ab_9. -é\u212a\t1", "abc.._9 ", "a.b·—\u00a0\u2028\x1c_9"):
        samples += ["".join(rng.choices(alphabet, k=rng.randint(0, 30))) for _ in range(5000)]
    for text in samples:
        text = text.lower()
        assert (search_index.words_of(text), search_index.name_parts(text)) == expected(text), text
