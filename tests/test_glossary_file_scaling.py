"""The glossary-file checks (tests/sitecheck/glossary_file.py) do work in proportion to the site.

Counted, never timed: on a page mentioning T terms, the checks once followed every autolink
of the page again for each mention (T x T follows, 97 s at T = 2000). Here the follows are
counted on a real strict build of benchmarks/glossary_checks.py's site and must stay within
a small multiple of terms + mentions + autolinks; a good page must not make the checks
search its Markdown source at all (that is only for locating a finding).
Speed itself is measured side by side by ``python benchmarks/glossary_checks.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.glossary_checks import site_pages
from tests.glossary.sites import build_site, write_site
from tests.sitecheck import glossary_file, source_map
from tests.sitecheck.built_site import BuiltSite
from tests.sitecheck.project import Project

TERMS = 60


class CountingSite(BuiltSite):
    """A built site that counts how often a check follows a link."""

    follows = 0

    def follow(self, dest: str, url: str) -> tuple[str | None, str]:
        self.follows += 1
        return super().follow(dest, url)


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = write_site(tmp_path_factory.mktemp("glossary-scaling"), site_pages(TERMS))
    build_site(config)
    return config


def test_the_checks_follow_each_link_a_bounded_number_of_times(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    searches: list[str] = []
    heading_line = source_map.heading_line

    def counting_heading_line(markdown, anchor: str, title: str = "") -> int:
        searches.append(anchor)
        return heading_line(markdown, anchor, title)

    monkeypatch.setattr(source_map, "heading_line", counting_heading_line)
    site = CountingSite(config.parent / "site", Project(config))
    assert glossary_file.check(site) == []
    data = site.glossary
    mentions = sum(len(term["mentions"]) for term in data["terms"])
    autolinks = sum(
        1 for dest in site.html_files for link in site.page(dest).links if link.is_autolink
    )
    assert mentions >= TERMS and autolinks >= TERMS  # the page mentions and links every term
    work = len(data["terms"]) + mentions + autolinks
    # Two follows per term, two per mention, two per autolink: linear. The quadratic step
    # made TERMS x TERMS (3600) follows here.
    assert site.follows <= 2 * work, f"{site.follows} follows for {work} terms+mentions+links"
    assert searches == [], "a good page's Markdown was searched for headings"
