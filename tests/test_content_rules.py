"""Content thresholds from issue #2, over the note pages (docs/kubernetes, docs/python,
docs/redis): most pages show their code in tabs, the site has enough tab groups, and enough
Kubernetes manifests that are strictly validated. The thresholds live in THRESHOLDS only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.examples.page_parser import page_from_text
from tests.examples.pages import REPO_ROOT
from tests.examples.site_stats import PageStats, note_page_stats, page_stats


@dataclass(frozen=True)
class Thresholds:
    share_of_note_pages_with_tabs: float
    tab_groups: int
    kubernetes_manifests: int


THRESHOLDS = Thresholds(share_of_note_pages_with_tabs=0.80, tab_groups=25, kubernetes_manifests=12)


def tabs_share_shortfall(stats: list[PageStats], minimum: float) -> str | None:
    without = [s.path for s in stats if not s.tab_groups]
    share = (len(stats) - len(without)) / len(stats) if stats else 0.0
    if share >= minimum:
        return None
    return (
        f"{share:.0%} of {len(stats)} note pages have a tab group; at least {minimum:.0%} must. "
        "Without one:\n" + "\n".join(f"  {path}" for path in without)
    )


def total_shortfall(stats: list[PageStats], field: str, minimum: int, what: str) -> str | None:
    total = sum(getattr(s, field) for s in stats)
    if total >= minimum:
        return None
    per_page = "\n".join(f"  {s.path}: {getattr(s, field)}" for s in stats if getattr(s, field))
    return f"{total} {what} on the note pages; at least {minimum} needed.\n{per_page}"


@pytest.fixture(scope="module")
def site() -> list[PageStats]:
    return note_page_stats(REPO_ROOT / "docs")


def test_most_note_pages_show_code_in_tabs(site: list[PageStats]) -> None:
    problem = tabs_share_shortfall(site, THRESHOLDS.share_of_note_pages_with_tabs)
    assert problem is None, problem


def test_enough_tab_groups(site: list[PageStats]) -> None:
    problem = total_shortfall(site, "tab_groups", THRESHOLDS.tab_groups, "tab groups")
    assert problem is None, problem


def test_enough_validated_kubernetes_manifests(site: list[PageStats]) -> None:
    minimum = THRESHOLDS.kubernetes_manifests
    problem = total_shortfall(site, "kubernetes_manifests", minimum, "validated manifests")
    assert problem is None, problem


# --- The checks fail on a thin site ---------------------------------------------------------

THIN_SITE = [
    PageStats("docs/redis/sets.md", tab_groups=1, kubernetes_manifests=0),
    PageStats("docs/python/gil.md", tab_groups=0, kubernetes_manifests=0),
    PageStats("docs/kubernetes/workloads/pods.md", tab_groups=2, kubernetes_manifests=3),
]


def test_shortfalls_are_reported_with_the_pages_concerned() -> None:
    share = tabs_share_shortfall(THIN_SITE, THRESHOLDS.share_of_note_pages_with_tabs)
    assert share is not None and "67% of 3 note pages" in share and "docs/python/gil.md" in share
    groups = total_shortfall(THIN_SITE, "tab_groups", THRESHOLDS.tab_groups, "tab groups")
    assert groups is not None and groups.startswith("3 tab groups on the note pages")
    manifests = total_shortfall(
        THIN_SITE, "kubernetes_manifests", THRESHOLDS.kubernetes_manifests, "validated manifests"
    )
    assert manifests is not None and "docs/kubernetes/workloads/pods.md: 3" in manifests


def test_tabs_and_manifests_are_counted_as_rendered_and_validated() -> None:
    page = page_from_text(
        "\n".join(
            [
                '=== "YAML"',  # group 1: YAML + kubectl, with content between
                "",
                "    ```yaml",
                "    apiVersion: v1",
                "    kind: Namespace",
                "    metadata:",
                "      name: dev",
                "    ```",
                "",
                '=== "kubectl"',
                "",
                "    Nested tabs are their own group:",
                "",
                '    === "list"',  # group 2, inside group 1
                "",
                "        Text.",
                "",
                '    === "deque"',
                "",
                "        Text.",
                "",
                "A paragraph ends the group.",
                "",
                '=== "redis-cli"',  # group 3
                "",
                "    Text.",
                "",
                '===! "redis-py"',  # group 4: `!` starts a new group
                "",
                "    Text.",
                "",
                "````text",
                '=== "Generator"',  # inside a code block: not a tab
                "````",
                "",
                "<!-- not-run: a fragment, shown only -->",
                "",
                "```yaml",
                "apiVersion: v1",  # not validated, so not counted
                "kind: Pod",
                "```",
                "",
                "```yaml",
                "apiVersion: kubelet.config.k8s.io/v1beta1",  # a component config, not counted
                "kind: KubeletConfiguration",
                "```",
                "",
            ]
        ),
        "docs/kubernetes/example.md",
    )
    assert page_stats(page) == PageStats("docs/kubernetes/example.md", 4, 1)
