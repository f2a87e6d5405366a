"""Search finds the right note: each query's expected page is among the first five results.

The queries are what a reader types: concepts, glossary aliases (``append-only file`` for
AOF), commands (``WATCH``, ``HGETALL``) and manifest fields (``nodeSelector``). Each names the
note that explains it; the glossary may rank too, but the note must make the top five.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from browser import reader
from browser.site_server import Site

TOP = 5

# (what the reader types, the note that must come up)
QUERIES = [
    # Commands and manifest fields
    ("WATCH", "redis/transactions/"),
    ("EXECABORT", "redis/transactions/"),
    ("HGETALL", "redis/hashes/"),
    ("SINTER", "redis/sets/"),
    ("LPUSH", "redis/lists/"),
    ("BGREWRITEAOF", "redis/persistence/"),
    ("redis-check-aof", "redis/command-line-tools/"),
    ("nodeSelector", "kubernetes/scheduling/node-selector/"),
    ("tolerationSeconds", "kubernetes/scheduling/taints-and-tolerations/"),
    ("requiredDuringSchedulingIgnoredDuringExecution", "kubernetes/scheduling/node-affinity/"),
    ("OOMKilled", "kubernetes/scheduling/resource-requests-and-limits/"),
    ("yield from", "python/delegating-generators/"),
    ("ExitStack", "python/contextlib/"),
    ("StopIteration", "python/iterators-and-generators/"),
    # Glossary aliases
    ("append-only file", "redis/persistence/"),
    ("Global Interpreter Lock", "python/gil/"),
    ("double-ended queue", "python/deque/"),
    ("Container Runtime Interface", "kubernetes/architecture/cluster-architecture/"),
    ("static pods", "kubernetes/scheduling/static-pods/"),
    ("rolling update", "kubernetes/workloads/deployments/"),
    ("user-defined network", "redis/running-in-docker/"),
    # Concepts
    ("ResourceQuota", "kubernetes/workloads/namespaces/"),
    ("svc.cluster.local", "kubernetes/workloads/namespaces/"),
    ("Raft", "kubernetes/architecture/etcd/"),
    ("Memcached", "redis/what-is-redis/"),
    ("pipelining", "redis/pipelines/"),
]


def check_search_finds(page: Page, site: Site, query: str, expected: str) -> None:
    page.goto(site.url())
    found = reader.search(page, query, base_url=site.base_url, top=TOP)
    assert expected in found, f"searching {query!r}: {expected} is not in the first {TOP}: {found}"


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[query for query, _ in QUERIES])
def test_search_finds_the_note(page: Page, site: Site, query: str, expected: str) -> None:
    assert (site.site_dir / expected / "index.html").is_file(), f"no page {expected} on the site"
    check_search_finds(page, site, query, expected)


def test_search_check_fails_without_search(page: Page, site_without: Callable) -> None:
    query, expected = QUERIES[0]
    with pytest.raises(AssertionError, match="the search box is missing"):
        check_search_finds(page, site_without("no-search"), query, expected)
