"""The opt-in online check of external links: cache, retries with backoff, per-host pacing.

Off by default (CI has no network); turn it on with ``SHORT_NOTES_ONLINE_LINKS=1`` or
``pytest --online-links`` (see tests/test_external_links.py), or run
``python -m tests.sitecheck --site DIR --online``.

- Each URL is fetched with GET (many servers answer HEAD with 403 or 405), without
  following redirects, so that a redirect is reported rather than hidden.
- Timeouts, connection errors, 429 and 5xx answers are retried by urllib3's ``Retry``,
  with exponential backoff (``backoff``, then twice that, ...), honouring ``Retry-After``
  up to a cap.
- Requests to one host are sequential and at least ``host_interval`` apart; several hosts
  are checked in parallel.
- Results are cached in ``.cache/external-links.json`` (gitignored): a working link for
  7 days, a definite failure for 1 day; rate limits, timeouts and unreachable hosts are
  never cached, since the next run may well succeed.
- The report lists not-found (404/410), other HTTP errors, redirects, rate limits (429),
  timeouts and unreachable hosts separately; ``Outcome.fails`` says which fail a run.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from enum import StrEnum
from itertools import takewhile
from pathlib import Path
from urllib.parse import urlsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    MaxRetryError,
    NewConnectionError,
    ReadTimeoutError,
)

from .external_links import ExternalLink

ONLINE_ENV = "SHORT_NOTES_ONLINE_LINKS"
DEFAULT_CACHE = Path(".cache/external-links.json")
_DAY = 24 * 3600.0
_PERMANENT_REDIRECTS = frozenset({301, 308})


def online_requested() -> bool:
    """Whether the environment asks for the online check (``SHORT_NOTES_ONLINE_LINKS=1``)."""
    return os.environ.get(ONLINE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


class Outcome(StrEnum):
    OK = "ok"
    NOT_FOUND = "not-found"  # 404, 410
    HTTP_ERROR = "http-error"  # any other 4xx or 5xx
    REDIRECT = "redirect"
    RATE_LIMITED = "rate-limited"  # 429, still after every retry
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"  # DNS, refused connection, TLS error


# How long a result stays valid in the cache; outcomes not listed are never cached.
CACHE_TTL = {
    Outcome.OK: 7 * _DAY,
    Outcome.NOT_FOUND: _DAY,
    Outcome.HTTP_ERROR: _DAY,
    Outcome.REDIRECT: _DAY,
}


@dataclass(frozen=True)
class Result:
    url: str
    outcome: Outcome
    status: int | None = None
    location: str = ""  # where a redirect leads
    detail: str = ""
    checked_at: float = 0.0

    @property
    def fails(self) -> bool:
        """Whether this result should fail a check: a rate limit is inconclusive, and a
        temporary redirect (302/303/307) is how many sites route their pages."""
        if self.outcome == Outcome.REDIRECT:
            return self.status in _PERMANENT_REDIRECTS
        return self.outcome not in (Outcome.OK, Outcome.RATE_LIMITED)


@dataclass(frozen=True)
class Policy:
    timeout: float = 10.0  # seconds to connect, and seconds of silence while reading
    retries: int = 2  # further attempts after a timeout, connection error, 429 or 5xx
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_retry_after: float = 30.0  # a server's Retry-After is honoured up to this
    host_interval: float = 1.0  # minimum seconds between two requests to one host
    workers: int = 4  # hosts checked in parallel
    user_agent: str = "short-notes-link-check (+https://github.com/short-notes/short-notes)"


class _PoliteRetry(urllib3.Retry):
    """urllib3's Retry, waiting before the first retry too, and with a server's
    Retry-After capped so that one host cannot stall a run."""

    max_retry_after: float = 30.0
    pause: Callable[[float], None] = staticmethod(time.sleep)  # tests pass a recorder

    def new(self, **kwargs: object) -> _PoliteRetry:
        retry = super().new(**kwargs)  # urllib3 copies a Retry after every attempt
        retry.max_retry_after = self.max_retry_after
        retry.pause = self.pause
        return retry

    def sleep(self, response: urllib3.BaseHTTPResponse | None = None) -> None:
        # urllib3's own decision (Retry-After if the server sent one, else the backoff),
        # made through `pause` so that a test can see every wait without waiting.
        retry_after = None
        if self.respect_retry_after_header and response is not None:
            retry_after = self.get_retry_after(response)
        seconds = retry_after if retry_after else self.get_backoff_time()
        if seconds > 0:
            self.pause(seconds)

    def get_backoff_time(self) -> float:
        # urllib3 retries once at once; waiting backoff_factor, then doubling, is kinder.
        errors = len(
            list(takewhile(lambda entry: entry.redirect_location is None, reversed(self.history)))
        )
        return 0.0 if not errors else min(self.backoff_max, self.backoff_factor * 2 ** (errors - 1))

    def get_retry_after(self, response: urllib3.BaseHTTPResponse) -> float | None:
        retry_after = super().get_retry_after(response)
        return None if retry_after is None else min(retry_after, self.max_retry_after)


class LinkCache:
    """Results by URL in a JSON file, each valid for its outcome's ``CACHE_TTL``."""

    VERSION = 1

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock
        self._results: dict[str, Result] = {}
        self._lock = threading.Lock()
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                data = {}  # a damaged cache is only a slower run
            if data.get("version") == self.VERSION:
                for url, fields in data.get("results", {}).items():
                    fields["outcome"] = Outcome(fields["outcome"])
                    self._results[url] = Result(url=url, **fields)

    def get(self, url: str) -> Result | None:
        result = self._results.get(url)
        if result is None:
            return None
        ttl = CACHE_TTL.get(result.outcome)
        if ttl is None or self.clock() - result.checked_at > ttl:
            return None
        return result

    def put(self, result: Result) -> None:
        if result.outcome in CACHE_TTL:
            with self._lock:
                self._results[result.url] = result

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        results = {
            url: {key: value for key, value in asdict(result).items() if key != "url"}
            for url, result in sorted(self._results.items())
        }
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(
            json.dumps({"version": self.VERSION, "results": results}, indent=1), encoding="utf-8"
        )
        temporary.replace(self.path)


class HostPacer:
    """Spaces the requests to one host at least ``interval`` seconds apart.

    ``clock`` and ``sleep`` are injectable so that a test proves the schedule on a virtual
    clock instead of measuring gaps on a busy machine.
    """

    def __init__(
        self,
        interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> float:
        """Block until ``host`` may be asked again; returns the start granted (clock time)."""
        with self._lock:
            now = self.clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.interval
        if start > now:
            self.sleep(start - now)
        return start


def check_urls(
    urls: Iterable[str],
    *,
    policy: Policy = Policy(),
    cache: LinkCache | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, Result]:
    """Check every URL once; cached results are reused and fresh ones stored.

    Every deliberate wait (host pacing, backoff, Retry-After) goes through ``sleep``, and
    pacing reads ``clock``: tests pass a virtual clock and record the waits.
    """
    results: dict[str, Result] = {}
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in dict.fromkeys(urls):
        cached = cache.get(url) if cache else None
        if cached is not None:
            results[url] = cached
        else:
            by_host[(urlsplit(url).hostname or "").lower()].append(url)
    pacer = HostPacer(policy.host_interval, clock=clock, sleep=sleep)
    retry = _PoliteRetry(
        total=policy.retries,
        connect=policy.retries,
        read=policy.retries,
        status=policy.retries,
        redirect=False,
        status_forcelist={429, 500, 502, 503, 504},
        allowed_methods={"GET"},
        backoff_factor=policy.backoff,
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    retry.max_retry_after = policy.max_retry_after
    retry.pause = sleep
    http = urllib3.PoolManager(
        retries=retry,
        timeout=urllib3.Timeout(connect=policy.timeout, read=policy.timeout),
        headers={"User-Agent": policy.user_agent},
        num_pools=max(policy.workers, 1) * 2,
    )

    def check_host(host_urls: list[str]) -> list[Result]:
        checked = []
        for url in host_urls:
            pacer.wait((urlsplit(url).hostname or "").lower())
            checked.append(_fetch(http, url))
        return checked

    with ThreadPoolExecutor(max_workers=max(policy.workers, 1)) as pool:
        for checked in pool.map(check_host, by_host.values()):
            for result in checked:
                results[result.url] = result
                if cache:
                    cache.put(result)
    if cache:
        cache.save()
    return results


def _fetch(http: urllib3.PoolManager, url: str) -> Result:
    now = time.time()
    try:
        response = http.request("GET", url, redirect=False, preload_content=False)
    except MaxRetryError as error:
        reason = error.reason
        # NewConnectionError (refused, no DNS) subclasses ConnectTimeoutError: test it first.
        if isinstance(reason, NewConnectionError):
            return Result(url, Outcome.UNREACHABLE, detail=str(reason), checked_at=now)
        if isinstance(reason, ReadTimeoutError | ConnectTimeoutError | TimeoutError):
            return Result(url, Outcome.TIMEOUT, detail=str(reason), checked_at=now)
        return Result(url, Outcome.UNREACHABLE, detail=str(reason or error), checked_at=now)
    except (HTTPError, OSError) as error:
        return Result(url, Outcome.UNREACHABLE, detail=str(error), checked_at=now)
    status = response.status
    location = response.headers.get("Location", "")
    response.close()  # only the status matters: never download the body
    if 200 <= status < 300:
        return Result(url, Outcome.OK, status, checked_at=now)
    if 300 <= status < 400:
        return Result(url, Outcome.REDIRECT, status, location=location, checked_at=now)
    if status == 429:
        return Result(url, Outcome.RATE_LIMITED, status, checked_at=now)
    if status in (404, 410):
        return Result(url, Outcome.NOT_FOUND, status, checked_at=now)
    return Result(url, Outcome.HTTP_ERROR, status, checked_at=now)


_HEADINGS = {
    Outcome.NOT_FOUND: "Not found (404/410)",
    Outcome.HTTP_ERROR: "Other HTTP errors",
    Outcome.REDIRECT: "Redirects (update the link to where it leads)",
    Outcome.RATE_LIMITED: "Rate limited (429 after every retry; inconclusive)",
    Outcome.TIMEOUT: "Timeouts",
    Outcome.UNREACHABLE: "Unreachable (DNS, connection, TLS)",
}


def format_report(links: Sequence[ExternalLink], results: dict[str, Result]) -> str:
    """Problems grouped by kind, each URL with every place that links it."""
    sections = []
    for outcome, heading in _HEADINGS.items():
        lines = []
        for link in links:
            result = results.get(link.url)
            if result is None or result.outcome != outcome:
                continue
            status = f" [{result.status}]" if result.status else ""
            leads = f" -> {result.location}" if result.location else ""
            marker = "" if result.fails else " (not failing)"
            lines.append(f"  {link.url}{status}{leads}{marker}")
            lines += [f"      {path}:{line}" for path, line in link.places]
        if lines:
            sections.append(f"{heading}:\n" + "\n".join(lines))
    return "\n".join(sections)
