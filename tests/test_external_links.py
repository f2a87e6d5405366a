"""External links: their syntax offline (always), and the opt-in online check.

The online check (tests/sitecheck/online.py) is proven here against a real HTTP server on
127.0.0.1 that answers 200, 301, 404, 429 or never; bounded timeouts keep this fast. No
test measures time: every deliberate wait (pacing, backoff, Retry-After) goes through a
`VirtualClock` that records it and moves on, so the schedule itself is what is asserted. The
check of the real site's external links runs only when asked for:

    SHORT_NOTES_ONLINE_LINKS=1 .venv/bin/python -m pytest tests/test_external_links.py
    .venv/bin/python -m pytest tests/test_external_links.py --online-links
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import urllib3

from tests.conftest import ROOT, Build
from tests.sitecheck import Fault, Project, external_links, online
from tests.sitecheck.built_site import BuiltSite
from tests.sitecheck.external_links import is_local_host, syntax_problem
from tests.sitecheck.online import LinkCache, Outcome, Policy, check_urls

# --- Offline: syntax ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "fault"),
    [
        ("mailto:", Fault.EMPTY_MAILTO),
        ("mailto:nobody", Fault.MALFORMED_URL),
        ("https:/docs.python.org/3/", Fault.MALFORMED_URL),
        ("https://", Fault.MALFORMED_URL),
        ("https://exa mple.com/", Fault.MALFORMED_URL),
        ("https://example..com/", Fault.MALFORMED_URL),
        ("https://-bad-.org/", Fault.MALFORMED_URL),
        ("https://kubernetes.io:http/", Fault.MALFORMED_URL),
        ("htps://kubernetes.io/", Fault.MALFORMED_URL),
        ("ftp://ftp.debian.org/", Fault.MALFORMED_URL),
    ],
)
def test_bad_external_urls_are_reported(url: str, fault: Fault) -> None:
    problem = syntax_problem(url)
    assert problem is not None and problem[0] == fault


@pytest.mark.parametrize(
    "url",
    [
        "https://kubernetes.io/docs/concepts/workloads/pods/",
        "https://docs.python.org/3/library/asyncio.html#module-asyncio",
        "http://127.0.0.1:6379",
        "https://[::1]:8443/healthz",
        "https://bücher.example/",
        "mailto:notes@short-notes.dev",
        "//redis.io/docs/latest/",
    ],
)
def test_good_external_urls_pass(url: str) -> None:
    assert syntax_problem(url) is None


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("[::1]", True),
        ("10.0.0.7", True),
        ("example.com", True),
        ("api.example.org", True),
        ("my-cluster.test", True),
        ("kubernetes.io", False),
        ("example.community", False),
        ("8.8.8.8", False),
    ],
)
def test_local_and_example_hosts_are_recognised(host: str, local: bool) -> None:
    assert is_local_host(host) is local


def test_only_web_links_of_the_content_are_collected_for_the_online_check(
    faulty_site: Build,
) -> None:
    site = BuiltSite(faulty_site.site_dir, Project(ROOT / "tests/fixtures/faulty-site/mkdocs.yml"))
    collected = {link.url: link for link in external_links.collect(site)}
    assert "https://kubernetes.io/docs/home/" in collected
    assert collected["https://kubernetes.io/docs/home/"].places == (("docs/controls.md", 19),)
    # Not requested: bad syntax, local hosts, mail, the site's own address, edit buttons.
    assert not any(is_local_host(link.host) for link in collected.values())
    assert not any(
        url.startswith(("mailto:", "https:/docs", "https://short-notes.github.io"))
        for url in collected
    )
    assert not any("/edit/" in url for url in collected)


# --- Online, against a local server ---------------------------------------------------------------


class VirtualClock:
    """A clock that only moves when something sleeps on it: waits are recorded, not waited."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds


@dataclass
class LocalServer:
    """An HTTP server on 127.0.0.1 whose paths answer as their names say; each request is
    logged with the virtual clock's time when it arrived."""

    base: str
    clock: VirtualClock
    requests: list[tuple[str, float]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def count(self, path: str) -> int:
        return sum(1 for requested, _ in self.requests if requested == path)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    release = threading.Event()  # lets a never-answering request end when the test does
    clock = VirtualClock()
    log: list[tuple[str, float]] = []
    flaky_answers: dict[str, int] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            log.append((self.path, clock()))
            if self.path == "/never":
                release.wait(timeout=10)
                return
            if self.path.startswith("/limited-then-ok"):
                flaky_answers[self.path] = flaky_answers.get(self.path, 0) + 1
                status = 429 if flaky_answers[self.path] == 1 else 200
            else:
                status = {
                    "/ok": 200,
                    "/ok-too": 200,
                    "/moved": 301,
                    "/found": 302,
                    "/missing": 404,
                    "/limited": 429,
                    "/limited-long": 429,
                    "/error": 500,
                }.get(self.path.split("?")[0], 404)
            self.send_response(status)
            if status in (301, 302):
                self.send_header("Location", "/ok")
            if status == 429:
                self.send_header("Retry-After", "3600" if self.path == "/limited-long" else "0")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the test output clean

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield LocalServer(f"http://127.0.0.1:{httpd.server_address[1]}", clock, log)
    finally:
        release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


FAST = Policy(timeout=0.5, retries=2, backoff=0.05, host_interval=0.0, max_retry_after=0.2)


def test_each_answer_is_reported_as_what_it_is(server: LocalServer) -> None:
    urls = {path: server.url(path) for path in ("/ok", "/moved", "/found", "/missing", "/error")}
    results = check_urls(urls.values(), policy=FAST)
    outcome = {path: results[url] for path, url in urls.items()}
    assert outcome["/ok"].outcome == Outcome.OK and not outcome["/ok"].fails
    assert outcome["/moved"].outcome == Outcome.REDIRECT and outcome["/moved"].status == 301
    assert outcome["/moved"].location == "/ok" and outcome["/moved"].fails
    assert outcome["/found"].outcome == Outcome.REDIRECT and not outcome["/found"].fails
    assert outcome["/missing"].outcome == Outcome.NOT_FOUND and outcome["/missing"].fails
    assert outcome["/error"].outcome == Outcome.HTTP_ERROR and outcome["/error"].status == 500
    assert server.count("/error") == 1 + FAST.retries  # a 5xx is retried
    assert server.count("/missing") == 1  # a 404 is final


def test_a_rate_limit_is_retried_then_reported_apart(server: LocalServer) -> None:
    results = check_urls([server.url("/limited"), server.url("/limited-then-ok")], policy=FAST)
    assert results[server.url("/limited")].outcome == Outcome.RATE_LIMITED
    assert not results[server.url("/limited")].fails  # inconclusive, not broken
    assert server.count("/limited") == 1 + FAST.retries
    assert results[server.url("/limited-then-ok")].outcome == Outcome.OK
    assert server.count("/limited-then-ok") == 2


def test_retry_after_is_honoured_up_to_a_cap(server: LocalServer) -> None:
    url = server.url("/limited-long")
    result = check_urls([url], policy=FAST, clock=server.clock, sleep=server.clock.sleep)[url]
    assert result.outcome == Outcome.RATE_LIMITED
    assert server.count("/limited-long") == 1 + FAST.retries
    # Retry-After: 3600, capped at max_retry_after before each retry.
    assert server.clock.sleeps == [FAST.max_retry_after] * FAST.retries


def test_retry_after_below_the_cap_is_honoured_as_sent() -> None:
    retry = online._PoliteRetry(total=1, respect_retry_after_header=True)
    retry.max_retry_after = 30.0
    waits: list[float] = []
    retry.pause = waits.append
    retry.sleep(urllib3.HTTPResponse(status=429, headers={"Retry-After": "7"}))
    retry.sleep(urllib3.HTTPResponse(status=429, headers={"Retry-After": "3600"}))
    assert waits == [7.0, 30.0]


def test_backoff_waits_then_doubles(server: LocalServer) -> None:
    policy = Policy(timeout=0.5, retries=3, backoff=0.05, host_interval=0.0)
    url = server.url("/error")
    check_urls([url], policy=policy, clock=server.clock, sleep=server.clock.sleep)
    assert server.count("/error") == 1 + policy.retries
    assert server.clock.sleeps == [0.05, 0.1, 0.2]


def test_a_server_that_never_answers_times_out(server: LocalServer) -> None:
    # The handler holds the request until the test ends (10 s at most) and then closes
    # without an answer: only the client's own read timeout can make the outcome TIMEOUT.
    policy = Policy(timeout=0.3, retries=1, backoff=0.05, host_interval=0.0)
    url = server.url("/never")
    result = check_urls([url], policy=policy, clock=server.clock, sleep=server.clock.sleep)[url]
    assert result.outcome == Outcome.TIMEOUT and result.fails
    assert server.count("/never") == 2  # retried once
    assert server.clock.sleeps == [0.05]  # after the backoff


def test_a_closed_port_is_unreachable() -> None:
    with ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler) as probe:
        closed = f"http://127.0.0.1:{probe.server_address[1]}/"
    policy = Policy(timeout=0.5, retries=0, host_interval=0.0)
    assert check_urls([closed], policy=policy)[closed].outcome == Outcome.UNREACHABLE


def test_requests_to_one_host_are_paced(server: LocalServer) -> None:
    policy = Policy(timeout=1.0, retries=0, host_interval=0.25)
    paths = ("/ok", "/ok-too", "/missing")
    check_urls(
        [server.url(path) for path in paths],
        policy=policy,
        clock=server.clock,
        sleep=server.clock.sleep,
    )
    # The server saw each request only after the pacer's wait for it: on the virtual clock,
    # the requests arrive exactly one interval apart, in order.
    assert server.requests == [("/ok", 0.0), ("/ok-too", 0.25), ("/missing", 0.5)]
    assert server.clock.sleeps == [0.25, 0.25]


def test_the_pacer_spaces_each_host_on_its_own() -> None:
    clock = VirtualClock()
    pacer = online.HostPacer(1.0, clock=clock, sleep=clock.sleep)
    starts = [(host, pacer.wait(host)) for host in ("a", "a", "b", "a", "b")]
    # "b" never waits for "a": its first request goes at once, its second one interval later.
    assert starts == [("a", 0.0), ("a", 1.0), ("b", 1.0), ("a", 2.0), ("b", 2.0)]
    assert clock.sleeps == [1.0, 1.0]


def test_the_pacer_does_not_wait_when_the_interval_has_passed() -> None:
    clock = VirtualClock()
    pacer = online.HostPacer(1.0, clock=clock, sleep=clock.sleep)
    pacer.wait("a")
    clock.now = 5.0  # the host was last asked long ago
    assert pacer.wait("a") == 5.0
    assert clock.sleeps == []


def test_results_are_cached_by_outcome(server: LocalServer, tmp_path: Path) -> None:
    cache_file = tmp_path / ".cache" / "external-links.json"
    urls = [server.url(path) for path in ("/ok", "/missing", "/limited", "/never")]
    policy = Policy(timeout=0.3, retries=0, host_interval=0.0)
    first = check_urls(urls, policy=policy, cache=LinkCache(cache_file))
    assert cache_file.is_file()
    before = len(server.requests)
    second = check_urls(urls, policy=policy, cache=LinkCache(cache_file))
    # ok and 404 come from the cache; a rate limit and a timeout are asked again.
    assert {path for path, _ in server.requests[before:]} == {"/limited", "/never"}
    assert {url: r.outcome for url, r in first.items()} == {
        url: r.outcome for url, r in second.items()
    }
    # A week later even a working link is checked again.
    later = LinkCache(cache_file, clock=lambda: time.time() + 8 * 24 * 3600)
    assert later.get(server.url("/ok")) is None


def test_the_report_lists_each_kind_apart(server: LocalServer) -> None:
    paths = ("/ok", "/moved", "/missing", "/limited", "/never")
    links = [
        external_links.ExternalLink(server.url(path), (("docs/redis/lists.md", 12),))
        for path in paths
    ]
    policy = Policy(timeout=0.3, retries=0, host_interval=0.0)
    report = online.format_report(links, check_urls([link.url for link in links], policy=policy))
    sections = [line for line in report.splitlines() if not line.startswith(" ")]
    assert sections == [
        "Not found (404/410):",
        "Redirects (update the link to where it leads):",
        "Rate limited (429 after every retry; inconclusive):",
        "Timeouts:",
    ]
    assert "docs/redis/lists.md:12" in report
    assert server.url("/ok") not in report


# --- Online, the real site (opt-in) ---------------------------------------------------------------


def test_the_real_site_s_external_links_answer(request: pytest.FixtureRequest) -> None:
    if not (request.config.getoption("--online-links") or online.online_requested()):
        pytest.skip(f"online check: set {online.ONLINE_ENV}=1 or pass --online-links")
    built_site: Build = request.getfixturevalue("built_site")
    site = BuiltSite(built_site.site_dir, Project(ROOT / "mkdocs.yml"))
    links = external_links.collect(site)
    results = check_urls([link.url for link in links], cache=LinkCache(ROOT / online.DEFAULT_CACHE))
    failing = [result for result in results.values() if result.fails]
    assert not failing, online.format_report(links, results)
