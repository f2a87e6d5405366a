"""Runs a page's examples in page order, one page at a time, however pytest schedules them.

Examples on a page share state (one Python namespace, one Redis database), so the runner keeps
exactly one page live. Asking for example k of a page starts that page afresh (new namespace,
FLUSHALL and default config on the test server) unless it is the live page and k comes after
what already ran; examples before k that have not run yet run first. So `pytest -k
'deque.md:42'` or `--lf` still runs example 42 in the state the page gives it.

`pages_in_page_order` keeps a shuffled run (pytest-randomly) cheap: pages run in the random
order, but each page's examples together and in page order, else every example would replay
the page up to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sybil import Example
from sybil.example import SybilFailure

from .pages import NotePage
from .python_blocks import PythonBlock
from .redis_server import RedisServer
from .redis_transcripts import Transcript


@dataclass
class _LivePage:
    page: NotePage
    examples: list[Example]
    next_index: int = 0


Item = TypeVar("Item")


def pages_in_page_order(
    items: Sequence[Item], page_of: Callable[[Item], tuple[object, int] | None]
) -> list[Item]:
    """``items`` with each page's examples moved together, in page order, to where the page's
    first example stands; ``page_of(item)`` is (page, index), or None for any other test."""
    by_page: dict[object, list[tuple[int, Item]]] = {}
    for item in items:
        place = page_of(item)
        if place is not None:
            by_page.setdefault(place[0], []).append((place[1], item))
    ordered: list[Item] = []
    for item in items:
        place = page_of(item)
        if place is None:
            ordered.append(item)
        elif place[0] in by_page:
            ordered += [example for _, example in sorted(by_page.pop(place[0]), key=_index)]
    return ordered


def _index(entry: tuple[int, object]) -> int:
    return entry[0]


def evaluate(example: Example) -> str | None:
    """The example's failure message, or None if it passes.

    On a page copy for another interpreter only python blocks run, and transcripts for the
    state they leave; everything else was checked by the page's own run.
    """
    page: NotePage = example.document  # type: ignore[assignment]
    if page.interpreter is not None and not isinstance(example.parsed, PythonBlock | Transcript):
        return None
    try:
        example.evaluate()
    except SybilFailure as failure:
        return failure.result
    return None


class PageRunner:
    def __init__(self) -> None:
        self._live: _LivePage | None = None

    def run(self, page: NotePage, index: int, *, redis: RedisServer | None) -> str | None:
        """Run example `index` of `page` (after any earlier ones it depends on)."""
        live = self._live
        if live is None or live.page is not page or index < live.next_index:
            live = self._start(page, redis)
        earlier = []
        while live.next_index < index:
            failure = evaluate(live.examples[live.next_index])
            if failure:
                earlier.append(failure)
            live.next_index += 1
        failure = evaluate(live.examples[index])
        live.next_index += 1
        if live.next_index == len(live.examples):
            self._finish()
        if failure and earlier:
            return (
                failure
                + "\n\nEarlier examples on the page, run first, failed too:\n"
                + "\n".join(earlier)
            )
        return failure

    def run_page(self, page: NotePage, *, redis: RedisServer | None) -> list[str]:
        """Every failure on the page, in page order."""
        count = len(list(page.examples()))
        return [f for f in (self.run(page, index, redis=redis) for index in range(count)) if f]

    def _start(self, page: NotePage, redis: RedisServer | None) -> _LivePage:
        self._finish()
        page.reset_namespace()
        page.redis = redis if page.needs_redis else None
        if page.redis is not None:
            page.redis.reset_for_page()
        self._live = _LivePage(page, list(page.examples()))
        return self._live

    def _finish(self) -> None:
        if self._live is not None:
            self._live.page.namespace.clear()  # drop clients, threads' results, big objects
            self._live.page.stop_child()
            self._live = None
