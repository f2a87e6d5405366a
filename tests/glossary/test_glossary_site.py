"""The glossary on the real site, built once per session with --strict (tests/conftest.py).

The checks live in tests/glossary/built.py; test_glossary_checks.py shows each one
failing on a site broken on purpose.
"""

from __future__ import annotations

import warnings
from collections import Counter

import pytest

from tests.glossary import built


@pytest.fixture(scope="module")
def site(built_site) -> built.BuiltSite:
    return built.BuiltSite(built_site.site_dir)


def test_sixty_terms_across_all_three_sections(site: built.BuiltSite) -> None:
    terms = site.data["terms"]
    assert len(terms) >= 60
    sections = Counter(t["defined_in"]["page"].split("/", 1)[0] for t in terms)
    assert {"kubernetes", "python", "redis"} <= set(sections), sections


def test_every_term_anchor_is_a_heading_on_its_page(site: built.BuiltSite) -> None:
    assert built.anchor_findings(site) == []


def test_every_autolink_resolves_to_its_term_with_the_summary(site: built.BuiltSite) -> None:
    assert built.autolink_findings(site) == []


def test_no_autolink_inside_code_headings_links_or_labels(site: built.BuiltSite) -> None:
    assert built.placement_findings(site) == []


def test_every_note_carries_autolinks_with_tooltips(site: built.BuiltSite) -> None:
    assert built.notes_without_autolinks(site) == []


def test_glossary_page_and_json_agree(site: built.BuiltSite) -> None:
    assert built.glossary_page_findings(site) == []


def test_every_mention_exists_with_one_link_per_page(site: built.BuiltSite) -> None:
    assert built.mention_findings(site) == []


def test_backlinks_resolve(site: built.BuiltSite) -> None:
    assert built.backlink_findings(site) == []
    assert any(site.html(url).css_first("aside.sn-backlinks") for url in site.page_urls())


def test_every_entry_has_the_topic_of_its_note(site: built.BuiltSite) -> None:
    assert built.topic_findings(site) == []
    topics = {node.text() for node in site.html("glossary/").css(".sn-glossary-topic")}
    assert topics == {"Kubernetes", "Python", "Redis"}


def test_mentions_are_compact_and_never_the_explaining_note(site: built.BuiltSite) -> None:
    assert built.compact_mention_findings(site) == []
    assert site.html("glossary/").css("details.sn-glossary-more")  # some lists are folded


def test_no_note_is_listed_twice_in_backlinks(site: built.BuiltSite) -> None:
    assert built.backlink_repetition_findings(site) == []


def test_home_page_maps_every_note_with_its_description(site: built.BuiltSite) -> None:
    assert built.home_map_findings(site) == []


def test_terms_never_mentioned_are_reported(site: built.BuiltSite) -> None:
    """Not a failure: a term only its own page uses is listed as a warning to review."""
    unused = [t["term"] for t in site.data["terms"] if not t["mentions"]]
    if unused:
        warnings.warn(
            f"{len(unused)} glossary term(s) defined but never mentioned outside their "
            f"defining section: {', '.join(unused)}",
            stacklevel=1,
        )
