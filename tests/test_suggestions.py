""" "Did you mean": hooks/shortnotes/suggestions.py alone, then in MkDocs' own link warnings."""

from __future__ import annotations

from pathlib import Path

import yaml
from shortnotes.suggestions import closest, did_you_mean, link_suggestion, nav_placement

from tests.conftest import build_errors, mkdocs_build
from tests.glossary.sites import write_site
from tests.sitecheck import Fault, Project, check_site

PAGES = ["index.md", "redis/streams.md", "redis/transactions.md", "python/deque.md"]
ANCHORS = {"redis/streams.md": {"consumer-groups", "xadd"}, "redis/transactions.md": {"watch"}}


def test_closest_finds_a_slip_and_nothing_for_another_word() -> None:
    slip = "contianers"  # spellchecker:disable-line
    assert closest(slip, ["containers", "initContainers", "volumes"]) == "containers"
    assert closest("Consumer-Group", ["consumer-groups"]) == "consumer-groups"
    assert closest("kubernetes", ["containers", "volumes"]) is None
    assert did_you_mean("volumse", ["volumes"]) == " — did you mean `volumes`?"
    assert did_you_mean("zzz", ["volumes"]) == ""


def _suggest(message: str) -> str:
    return link_suggestion(message, pages=PAGES, anchors_of=ANCHORS.get)


def test_a_page_one_character_off_gets_the_closest_page_relative_to_the_link() -> None:
    message = (
        "Doc file 'redis/lists.md' contains a link 'stream.md#xadd', but the target "
        "'redis/stream.md' is not found among documentation files."
    )
    assert _suggest(message) == " — did you mean `streams.md#xadd`?"
    across = message.replace("'stream.md#xadd'", "'../pyhton/deque.md'").replace(
        "'redis/stream.md'", "'pyhton/deque.md'"
    )
    assert _suggest(across) == " — did you mean `../python/deque.md`?"


def test_an_anchor_one_character_off_gets_the_closest_id() -> None:
    other = (
        "Doc file 'redis/lists.md' contains a link 'streams.md#consumer-group', but the doc "
        "'redis/streams.md' does not contain an anchor '#consumer-group'."
    )
    assert _suggest(other) == " — did you mean `streams.md#consumer-groups`?"
    own = (
        "Doc file 'redis/transactions.md' contains a link '#wacth', but there is no such "
        "anchor on this page."
    )
    assert _suggest(own) == " — did you mean `#watch`?"


def test_no_suggestion_without_a_near_match_or_for_other_messages() -> None:
    far = (
        "Doc file 'redis/lists.md' contains a link 'kubernetes.md', but the target "
        "'redis/kubernetes.md' is not found among documentation files."
    )
    assert _suggest(far) == ""
    assert _suggest("Doc file 'a.md' is excluded") == ""


def test_a_page_missing_from_nav_is_placed_beside_its_folder() -> None:
    nav = [
        {"Home": "index.md"},
        {"Redis": ["redis/lists.md", {"Transactions": "redis/transactions.md"}]},
        {"Python": [{"Basics": ["python/deque.md"]}]},
    ]
    assert nav_placement("redis/streams.md", nav) == (
        "add `- redis/streams.md` under `nav:` in mkdocs.yml, in Redis, "
        "after `redis/transactions.md`"
    )
    assert "in Python > Basics, after `python/deque.md`" in nav_placement("python/gil.md", nav)
    assert "in Redis, after" in nav_placement("rediss/streams.md", nav)
    assert nav_placement("other/x.md", nav) == "add `- other/x.md` under `nav:` in mkdocs.yml"


def test_the_build_suggests_the_closest_page_and_anchor(tmp_path: Path) -> None:
    page = "---\ntitle: {title}\ndescription: A page of the suggestion test.\n---\n\n# {title}\n"
    config = write_site(
        tmp_path,
        {
            "index.md": page.format(title="Home")
            + "\nSee [streams](redis/stream.md) and [groups](redis/streams.md#consumer-group).\n",
            "redis/streams.md": page.format(title="Streams") + "\n## Consumer groups\n",
        },
        hooks=("link_warnings",),
    )
    build = mkdocs_build(config, tmp_path / "site", strict=False)
    assert "docs/index.md:8: Doc file 'index.md' contains a link 'redis/stream.md'" in build.log
    assert "did you mean `redis/streams.md`?" in build.log, build.log
    assert "did you mean `redis/streams.md#consumer-groups`?" in build.log, build.log


def test_a_page_left_out_of_nav_is_named_in_full_with_where_it_could_go(tmp_path: Path) -> None:
    page = "---\ntitle: {title}\ndescription: A page of the nav test.\n---\n\n# {title}\n"
    config = write_site(
        tmp_path,
        {
            "index.md": page.format(title="Home"),
            "redis/lists.md": page.format(title="Lists"),
            "redis/streams-and-consumer-groups.md": page.format(title="Streams"),
        },
        hooks=(),
    )
    settings = yaml.safe_load(config.read_text())
    settings["nav"] = [{"Home": "index.md"}, {"Redis": ["redis/lists.md"]}]
    config.write_text(yaml.safe_dump(settings))
    build = mkdocs_build(config, tmp_path / "site")
    assert build.returncode != 0
    # The strict build's own message lists the page on the next line: the summary keeps it.
    assert "  - redis/streams-and-consumer-groups.md" in build_errors(build), build.log
    findings = [
        str(finding)
        for finding in check_site(build.site_dir, Project(config))
        if finding.fault == Fault.UNREACHABLE_PAGE
    ]
    assert findings == [
        "docs/redis/streams-and-consumer-groups.md:1: unreachable-page: "
        "`redis/streams-and-consumer-groups.md` is built but not in the navigation: add "
        "`- redis/streams-and-consumer-groups.md` under `nav:` in mkdocs.yml, in Redis, after "
        "`redis/lists.md`, or list it under `not_in_nav:` if it is a standalone page"
    ]
