"""Every code example in docs/ runs or is validated, one pytest item per example.

Item ids are the example's place, e.g. `test_example[docs/python/deque.md:42]`, so
`pytest tests/test_examples.py -k deque.md` runs one page. Every python block also runs on each
other CPython the machine has that tests/examples/versions.toml lists, as
`test_example[py3.12:docs/python/deque.md:42]` (`-k py3.12` runs one version). Pages that talk
to Redis carry the `redis` marker. The rules are in CONTRIBUTING.md and
tests/examples/README.md. The second half proves each check can fail:
tests/fixtures/broken-examples/ holds one fault per page.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.examples import python_blocks
from tests.examples.interpreters import (
    EnvironmentSetupError,
    Interpreter,
    example_environment,
    find_interpreters,
)
from tests.examples.page_parser import load_page, page_from_text
from tests.examples.pages import REPO_ROOT, NotePage, relative_path
from tests.examples.python_blocks import PythonBlock, harness_tag
from tests.examples.redis_server import RedisPrograms, RedisServer, find_redis_programs
from tests.examples.redis_transcripts import output_lines, parse_transcript, replay
from tests.examples.runner import PageRunner, pages_in_page_order
from tests.examples.tested_versions import TESTED_VERSIONS

DOCS = REPO_ROOT / "docs"
FIXTURES = Path(__file__).parent / "fixtures" / "broken-examples"


def example_params(path: Path) -> Iterator[object]:
    """One pytest param per example of the page, or one that fails if the page cannot be read."""
    try:
        page = load_page(path)
    except Exception as error:  # e.g. a comment that never closes: fail this page, not all
        message = f"{relative_path(path)}: the examples harness cannot read this page: {error}"
        yield pytest.param(message[:2000], 0, id=relative_path(path))
        return
    marks = [pytest.mark.redis] if page.needs_redis else []
    for index, example in enumerate(page.examples()):
        yield pytest.param(page, index, id=page.where(example.line), marks=marks)


#: Every CPython >= the oldest tested version the machine advertises (found or unusable).
DISCOVERY = find_interpreters(TESTED_VERSIONS.python[0])
#: The listed versions whose blocks run in a child: all the machine has but the harness's own.
OTHER_TAGS = [
    tag
    for tag in TESTED_VERSIONS.python_tags
    if tag != harness_tag() and (tag in DISCOVERY.found or tag in DISCOVERY.unusable)
]


def version_params(path: Path, tag: str) -> Iterator[object]:
    """One param per python block of the page, run on the interpreter `tag`."""
    try:
        page = load_page(path)
    except Exception:  # reported once, by example_params
        return
    page.interpreter = DISCOVERY.found.get(tag) or Interpreter(tag, Path(tag), tag)
    marks = [pytest.mark.redis] if page.needs_redis else []
    for index, example in enumerate(page.examples()):
        if isinstance(example.parsed, PythonBlock):
            yield pytest.param(page, index, id=page.item_id(example.line), marks=marks)


def _page(markdown: str, *, path: str = "docs/example.md") -> NotePage:
    """A page from indented Markdown in a test; its first line is line 1."""
    return page_from_text(textwrap.dedent(markdown).lstrip("\n"), path)


def in_ci(environ: dict[str, str]) -> bool:
    return environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def require_redis_programs(
    programs: RedisPrograms | None, environ: dict[str, str]
) -> RedisPrograms:
    """Skip without redis-server locally; in CI (CI=true) a missing server is a failure."""
    if programs is not None:
        return programs
    reason = (
        "redis-server/redis-cli not found (Debian package `redis-server`; scripts/setup "
        "installs it): the Redis examples cannot run"
    )
    if in_ci(environ):
        pytest.fail(f"{reason}, and CI is set, so this fails instead of skipping", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One private redis-server for the session: 127.0.0.1, a free port, no persistence."""
    programs = require_redis_programs(find_redis_programs(), dict(os.environ))
    with RedisServer.start(programs, tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(scope="session")
def page_runner() -> PageRunner:
    return PageRunner()


def skip_or_fail(reason: str, environ: dict[str, str]) -> None:
    """Skip locally; in CI (CI=true) what the machine advertises must work, so fail."""
    if in_ci(environ):
        pytest.fail(f"{reason}, and CI is set, so this fails instead of skipping", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def example_environments() -> dict[str, Path | str]:
    """tag -> the python of its examples venv, or why there is none (filled on first use)."""
    return {}


def environment_for(interpreter: Interpreter, cache: dict[str, Path | str]) -> Path:
    tag = interpreter.tag
    if tag not in cache:
        if tag in DISCOVERY.unusable:
            cache[tag] = f"Python {tag} is advertised but does not run: {DISCOVERY.unusable[tag]}"
        else:
            try:
                cache[tag] = example_environment(interpreter)
            except (OSError, EnvironmentSetupError) as error:
                cache[tag] = f"cannot set up the examples venv of {interpreter.label}: {error}"
    environment = cache[tag]
    if isinstance(environment, str):
        skip_or_fail(environment, dict(os.environ))
    return environment  # type: ignore[return-value]


# --- The site's examples -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "index"),
    [param for path in sorted(DOCS.rglob("*.md")) for param in example_params(path)]
    + [
        param
        for tag in OTHER_TAGS
        for path in sorted(DOCS.rglob("*.md"))
        for param in version_params(path, tag)
    ],
)
def test_example(
    page: NotePage | str,
    index: int,
    page_runner: PageRunner,
    example_environments: dict[str, Path | str],
    request: pytest.FixtureRequest,
) -> None:
    if isinstance(page, str):
        pytest.fail(page, pytrace=False)
    if page.interpreter is not None:
        page.environment = environment_for(page.interpreter, example_environments)
    redis = request.getfixturevalue("redis_server") if page.needs_redis else None
    failure = page_runner.run(page, index, redis=redis)
    if failure:
        pytest.fail(failure, pytrace=False)


# --- Proof that every check fails on its bad case ------------------------------------------

#: fixture page -> (line of the fault, what the message must say)
BROKEN = {
    "python-wrong-output.md": (16, "printed output differs from the Output block"),
    "python-exception.md": (
        5,
        "raised ZeroDivisionError at tests/fixtures/broken-examples/python-exception.md:8",
    ),
    "python-does-not-compile.md": (7, "```python block does not compile"),
    "python-output-missing.md": (5, 'printed output but no ```text title="Output" block'),
    "output-block-orphaned.md": (11, "an Output block must come right after"),
    "redis-reply-mismatch.md": (13, "expected '(integer) 2', redis-cli printed '(integer) 3'"),
    "redis-prompt-outside-multi.md": (12, "redis-cli shows the prompt `127.0.0.1:6379(TX)> `"),
    "redis-conf-bad-directive.md": (10, "redis-server rejects this redis.conf"),
    "manifest-unknown-field.md": (
        18,
        "Pod web is not valid in Kubernetes 1.37 (strict): spec: unknown field `replicas`",
    ),
    "manifest-misspelt-field.md": (
        14,
        "spec: unknown field `contianers` "  # spellchecker:disable-line
        "— did you mean `containers`? ('containers' is a required property)",
    ),
    "manifest-unknown-kind.md": (7, "Kubernetes 1.37 has no Deployment in apiVersion extensions"),
    "manifest-yamllint.md": (14, 'yamllint: duplication of key "image"'),
    "yaml-not-a-manifest.md": (5, "```yaml block is neither run nor marked"),
    "component-config-unknown-field.md": (12, "'schedulerName' was unexpected"),
    "unmarked-bash-block.md": (
        5,
        "```bash block is neither run nor marked — add `<!-- not-run: reason -->` above it",
    ),
    "not-run-empty-reason.md": (5, "not-run marker with an empty reason"),
    "not-run-no-blank-line.md": (5, "put exactly one blank line between the not-run marker"),
    "unknown-tab-label.md": (12, 'unknown tab label "Shell"'),
    "annotation-without-class.md": (7, "code annotation marker `(N)!` in a block without"),
}


def _fixture_params() -> Iterator[object]:
    for name, (line, problem) in BROKEN.items():
        page = load_page(FIXTURES / name)
        marks = [pytest.mark.redis] if page.needs_redis else []
        yield pytest.param(page, line, problem, id=name, marks=marks)


@pytest.mark.parametrize(("page", "line", "problem"), list(_fixture_params()))
def test_each_check_fails_at_the_faulty_line(
    page: NotePage, line: int, problem: str, request: pytest.FixtureRequest
) -> None:
    redis = request.getfixturevalue("redis_server") if page.needs_redis else None
    failures = PageRunner().run_page(page, redis=redis)
    assert len(failures) == 1, "each fixture has exactly one fault:\n" + "\n\n".join(failures)
    assert failures[0].startswith(f"{page.path}:{line}: ")
    assert problem in failures[0]


def test_every_broken_fixture_is_checked() -> None:
    on_disk = {path.name for path in FIXTURES.glob("*.md")} - {"good.md"}
    assert on_disk == set(BROKEN)


@pytest.mark.redis
def test_good_fixture_passes_and_runs_every_kind_of_block(redis_server: RedisServer) -> None:
    page = load_page(FIXTURES / "good.md")
    assert PageRunner().run_page(page, redis=redis_server) == []
    kinds = Counter(type(parsed).__name__ for parsed in page.parsed_blocks())
    assert kinds == {"PythonBlock": 7, "Transcript": 1, "ManifestBlock": 3, "RedisConf": 2}


def test_a_page_that_cannot_be_read_fails_alone(tmp_path: Path) -> None:
    page = tmp_path / "unclosed.md"
    page.write_text("<!-- not-run: the comment never closes\n\n```bash\nls\n```\n")
    [param] = example_params(page)
    assert param.values[0].startswith(f"{page}: the examples harness cannot read this page")


def test_failures_name_the_page_relative_to_the_repository() -> None:
    assert relative_path(DOCS / "python" / "deque.md") == "docs/python/deque.md"


# --- The redis-server fixture's contract ----------------------------------------------------


def test_missing_redis_fails_in_ci() -> None:
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        require_redis_programs(find_redis_programs(search_path=""), {"CI": "true"})


def test_missing_redis_skips_locally() -> None:
    with pytest.raises(pytest.skip.Exception, match="redis-server/redis-cli not found"):
        require_redis_programs(find_redis_programs(search_path=""), {})


@pytest.mark.redis
def test_each_page_starts_with_an_empty_database_and_default_config(
    redis_server: RedisServer, page_runner: PageRunner
) -> None:
    first = _page(
        """
        ```redis
        127.0.0.1:6379> SET seen 1
        OK
        127.0.0.1:6379> CONFIG SET maxmemory 1mb
        OK
        ```
        """
    )
    second = _page(
        """
        ```redis
        127.0.0.1:6379> EXISTS seen
        (integer) 0
        127.0.0.1:6379> CONFIG GET maxmemory
        1) "maxmemory"
        2) "0"
        ```
        """,
        path="docs/second.md",
    )
    assert page_runner.run_page(first, redis=redis_server) == []
    assert page_runner.run_page(second, redis=redis_server) == []


# --- The rules, one bad case each (the fixture pages above cover the rest) -----------------


# name -> (page, line of the fault, what the message must say)
BAD_CASES = {
    "transcript-starts-with-a-reply": (
        """
        ```redis
        OK
        127.0.0.1:6379> PING
        PONG
        ```
        """,
        2,
        "a transcript starts with a prompt",
    ),
    "transcript-other-port": (
        """
        ```redis
        127.0.0.1:6380> PING
        PONG
        ```
        """,
        2,
        "is not `127.0.0.1:6379> ` (the default port)",
    ),
    "transcript-prompt-without-command": (
        """
        ```redis
        127.0.0.1:6379> PING
        PONG
        127.0.0.1:6379>
        ```
        """,
        4,
        "a prompt without a command",
    ),
    "transcript-unordered-reply-with-a-wrong-element": (
        """
        ```redis
        127.0.0.1:6379> SADD letters a b
        (integer) 2
        127.0.0.1:6379> SMEMBERS letters
        1) "a"
        2) "c"
        ```
        """,
        5,
        """expected the elements ['"a"', '"c"'] in any order""",
    ),
    "transcript-missing-reply-lines": (
        """
        ```redis
        127.0.0.1:6379> RPUSH letters a b
        (integer) 2
        127.0.0.1:6379> LRANGE letters 0 -1
        1) "a"
        ```
        """,
        5,
        """redis-cli printed more: '2) "b"'""",
    ),
    "yaml-syntax-error": (
        """
        ```yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: [web
        ```
        """,
        6,
        "```yaml block does not parse",
    ),
    "yaml-fragment-after-a-manifest": (
        """
        ```yaml
        apiVersion: v1
        kind: Namespace
        metadata:
          name: dev
        ---
        metadata:
          name: test
        ```
        """,
        7,
        "YAML document without apiVersion and kind",
    ),
    "component-config-removed-version": (
        """
        ```yaml
        apiVersion: kubescheduler.config.k8s.io/v1beta3
        kind: KubeSchedulerConfiguration
        ```
        """,
        2,
        "is not a known component configuration",
    ),
    "component-config-profiles-share-a-name": (
        """
        ```yaml
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        profiles:
          - schedulerName: one
          - schedulerName: one
        ```
        """,
        6,
        "schedulerName 'one' is used by another profile",
    ),
    "component-config-unnamed-profile": (
        """
        ```yaml
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        profiles:
          - schedulerName: one
          - percentageOfNodesToScore: 50
        ```
        """,
        6,
        "with several profiles, each needs a schedulerName",
    ),
    "component-config-duration-as-a-number": (
        """
        ```yaml
        apiVersion: kubelet.config.k8s.io/v1beta1
        kind: KubeletConfiguration
        syncFrequency: 60
        ```
        """,
        4,
        "KubeletConfiguration.syncFrequency: 60 is not of type 'string'",
    ),
    "not-run-marker-on-two-lines": (
        """
        <!-- not-run: needs
        a cluster -->

        ```bash
        kubectl get pods
        ```
        """,
        1,
        "keep the not-run marker on one line",
    ),
    "not-run-marker-without-a-block": (
        """
        <!-- not-run: needs a cluster -->

        Some text.
        """,
        1,
        "must be followed by one blank line, then the block it applies to",
    ),
    "text-block-with-another-title": (
        """
        ```text title="nginx.conf"
        worker_processes 1;
        ```
        """,
        1,
        '```text block titled "nginx.conf" is neither run nor marked',
    ),
    "block-without-a-language": (
        """
        ```
        plain text
        ```
        """,
        1,
        "``` block without a language is neither run nor marked",
    ),
    "console-block": (
        """
        ```console
        $ kubectl get pods
        ```
        """,
        1,
        "```console block is neither run nor marked",
    ),
    "python-session-instead-of-code": (
        """
        ```python
        >>> 1 + 1
        2
        ```
        """,
        2,
        "(write plain code, not a `>>>` session)",
    ),
    "output-after-a-transcript": (
        """
        ```redis
        127.0.0.1:6379> PING
        PONG
        ```

        ```text title="Output"
        PONG
        ```
        """,
        6,
        "an Output block must come right after",
    ),
}


@pytest.mark.parametrize(("markdown", "line", "problem"), BAD_CASES.values(), ids=list(BAD_CASES))
def test_each_rule_fails_at_the_faulty_line(
    markdown: str, line: int, problem: str, request: pytest.FixtureRequest
) -> None:
    assert_one_failure_at(_page(markdown), line, problem, request)


def assert_one_failure_at(
    page: NotePage, line: int, problem: str, request: pytest.FixtureRequest
) -> None:
    """The page (docs/example.md) fails once, at `line`, saying `problem`."""
    redis = request.getfixturevalue("redis_server") if page.needs_redis else None
    failures = PageRunner().run_page(page, redis=redis)
    assert len(failures) == 1, "\n\n".join(failures)
    assert failures[0].startswith(f"docs/example.md:{line}: ")
    assert problem in failures[0]


def test_a_hung_block_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(python_blocks, "TIME_LIMIT_SECONDS", 1)
    page = _page(
        """
        ```python
        while True:
            pass
        ```
        """
    )
    [failure] = PageRunner().run_page(page, redis=None)
    assert failure.startswith("docs/example.md:1: ```python block raised BlockTimedOut at")


def test_a_page_runs_like_a_script() -> None:
    # dataclasses resolve string annotations through sys.modules[cls.__module__]
    page = _page(
        """
        ```python
        from __future__ import annotations

        from dataclasses import dataclass
        from typing import ClassVar


        @dataclass
        class Point:
            x: int
            created: ClassVar[int] = 0


        if __name__ == "__main__":
            print(Point(1))
        ```

        ```text title="Output"
        Point(x=1)
        ```
        """
    )
    assert PageRunner().run_page(page, redis=None) == []


def test_an_example_run_alone_first_runs_the_examples_before_it() -> None:
    page = _page(
        """
        ```python
        items = []
        ```

        ```python
        items.append(1)
        ```

        ```python
        print(items)
        ```

        ```text title="Output"
        [1]
        ```
        """
    )
    runner = PageRunner()
    assert runner.run(page, 2, redis=None) is None  # as `pytest -k example.md:9` would
    assert runner.run(page, 1, redis=None) is None  # out of order: the page starts afresh
    assert runner.run(page, 2, redis=None) is None


def test_a_shuffled_run_keeps_each_page_s_examples_together_and_in_order() -> None:
    # What pytest-randomly hands over: pages and other tests mixed, examples out of order.
    shuffled = ["b.md:1", "other test", "a.md:2", "b.md:0", "a.md:0", "a.md:1", "last test"]

    def page_of(item: str) -> tuple[str, int] | None:
        page, _, index = item.partition(":")
        return (page, int(index)) if index else None

    assert pages_in_page_order(shuffled, page_of) == [
        *["b.md:0", "b.md:1"],
        "other test",
        *["a.md:0", "a.md:1", "a.md:2"],
        "last test",
    ]


# --- redis-cli: stdin mode formats replies as an interactive session does -----------------

# Every reply shape the notes use: status, bulk strings with quotes and escapes, nil, integers,
# errors, (empty array), nested arrays, MULTI/EXEC, EXECABORT, SELECT.
FORMATS_TRANSCRIPT = """\
127.0.0.1:6379> SET greeting "hello world"
127.0.0.1:6379> GET greeting
127.0.0.1:6379> GET missing
127.0.0.1:6379> SET empty ""
127.0.0.1:6379> GET empty
127.0.0.1:6379> SET lines "a\\nb"
127.0.0.1:6379> GET lines
127.0.0.1:6379> INCR greeting
127.0.0.1:6379> RPUSH letters a b c
127.0.0.1:6379> LRANGE letters 0 -1
127.0.0.1:6379> LRANGE nothing 0 -1
127.0.0.1:6379> ZADD scores 1 a 2.5 b
127.0.0.1:6379> ZRANGE scores 0 -1 WITHSCORES
127.0.0.1:6379> XADD stream 1-1 field value
127.0.0.1:6379> XRANGE stream - +
127.0.0.1:6379> MULTI
127.0.0.1:6379(TX)> INCR counter
127.0.0.1:6379(TX)> EXEC
127.0.0.1:6379> MULTI
127.0.0.1:6379(TX)> NOSUCHCOMMAND
127.0.0.1:6379(TX)> EXEC
127.0.0.1:6379> SELECT 1
127.0.0.1:6379[1]> DBSIZE
127.0.0.1:6379[1]> SELECT 0
127.0.0.1:6379> HSET user name Ada
127.0.0.1:6379> HGETALL user
127.0.0.1:6379> SADD numbers 3 1 2
127.0.0.1:6379> SMEMBERS numbers
"""
_PROMPT = re.compile(r"127\.0\.0\.1:\d+(?:\[\d+\])?(?:\(TX\))?> ")


def _interactive_replies(cli: str, port: int, commands: str) -> list[str]:
    """Run redis-cli on a pseudo-terminal, as a person would, and keep what follows prompts."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [cli, "--no-raw", "-h", "127.0.0.1", "-p", str(port)],
        stdin=terminal, stdout=terminal, stderr=terminal,
        env={**os.environ, "TERM": "dumb"}, close_fds=True,
    )  # fmt: skip
    os.close(terminal)
    os.write(controller, commands.encode() + b"\x04")  # Ctrl-D after the last command: EOF
    chunks = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: redis-cli exited and closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    process.wait(timeout=10)
    text = b"".join(chunks).decode().replace("\r\n", "\n")
    replies = text[_PROMPT.search(text).start() :]  # the terminal echoes the input first
    return output_lines(_PROMPT.sub("", replies))


@pytest.mark.redis
def test_redis_cli_formats_stdin_replies_like_an_interactive_session(
    redis_server: RedisServer,
) -> None:
    transcript = parse_transcript(FORMATS_TRANSCRIPT, first_line=1)
    commands = "".join(step.command + "\n" for step in transcript.steps)
    cli, port = str(redis_server.programs.cli), redis_server.port
    redis_server.reset_for_page()
    piped = output_lines(replay(transcript, cli=cli, port=port).stdout)
    redis_server.reset_for_page()
    interactive = _interactive_replies(cli, port, commands)
    assert piped == interactive
    assert '"hello world"' in piped and "(nil)" in piped and "(empty array)" in piped
    assert "(error) EXECABORT Transaction discarded because of previous errors." in piped
