"""What the examples are tested with: tests/examples/versions.toml against the machine and the site.

- the data file: parsed, and each malformed case rejected with the file and what to write;
- the machine: every interpreter found is listed; a listed one that is missing is skipped here
  and fails in CI's job for it (EXAMPLES_PYTHON); the test server is the listed Redis;
  kubernetes-validate has the listed Kubernetes; the examples' venvs get the same redis-py;
- version-qualified Output blocks and `requires` markers: each rule's bad case, and good cases
  run in-process and on every other interpreter the machine has;
- the build: the "Examples tested with" line and the requires notes, from the same file, on the
  pages that have such examples only, out of the search index.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

import kubernetes_validate.utils
import markdown
import pytest
from shortnotes import tested_with
from shortnotes.example_versions import (
    RequirementError,
    VersionsFileError,
    load_versions,
    parse_requirement,
    parse_versions,
)

from tests import test_examples
from tests.conftest import Build
from tests.examples.interpreters import (
    EXPECTED_PYTHON_VARIABLE,
    REQUIREMENTS,
    Discovery,
    Interpreter,
    find_interpreters,
)
from tests.examples.manifests import KUBERNETES_VERSION, ManifestBlock
from tests.examples.page_parser import load_page, page_from_text
from tests.examples.pages import REPO_ROOT, NotePage
from tests.examples.python_blocks import PythonBlock, harness_tag
from tests.examples.redis_conf import RedisConf
from tests.examples.redis_server import RedisServer
from tests.examples.redis_transcripts import Transcript
from tests.examples.runner import PageRunner
from tests.examples.tested_versions import TESTED_VERSIONS
from tests.test_examples import (
    DISCOVERY,
    OTHER_TAGS,
    assert_one_failure_at,
    environment_for,
    in_ci,
    skip_or_fail,
)

# The session fixtures of the examples' own items: one redis-server, one venv per interpreter.
redis_server = test_examples.redis_server
example_environments = test_examples.example_environments

DOCS = REPO_ROOT / "docs"
VERSIONS_TEXT = (REPO_ROOT / "tests" / "examples" / "versions.toml").read_text()


def _page(markdown_text: str, *, path: str = "docs/example.md") -> NotePage:
    return page_from_text(textwrap.dedent(markdown_text).lstrip("\n"), path)


# --- the data file ---------------------------------------------------------------------------


def test_the_data_file_names_pythons_redis_and_kubernetes() -> None:
    versions = load_versions(REPO_ROOT)
    assert versions == TESTED_VERSIONS
    assert versions.python[0] == "3.11"  # CONTRIBUTING.md: code must run on Python 3.11+
    assert set(versions.free_threaded) <= set(versions.python)


BAD_VERSIONS_FILES = {
    "not TOML": ("[python", "not valid TOML"),
    "versions out of order": (
        VERSIONS_TEXT.replace('["3.11", "3.12", "3.13", "3.14"]', '["3.12", "3.11"]'),
        "[python] versions must be non-empty and in order",
    ),
    "free-threaded build of an unlisted version": (
        VERSIONS_TEXT.replace('free_threaded = ["3.14"]', 'free_threaded = ["3.15"]'),
        "free_threaded names 3.15, which `versions` does not list",
    ),
    "redis without a version": (
        VERSIONS_TEXT.replace('version = "7.0.15"', 'version = "seven"'),
        '[redis] needs `version = "X.Y.Z"`',
    ),
    "python versions not a list": (
        VERSIONS_TEXT.replace('versions = ["3.11", "3.12", "3.13", "3.14"]', 'versions = "3.11"'),
        "`versions` must be a list of versions",
    ),
}


@pytest.mark.parametrize(("text", "problem"), BAD_VERSIONS_FILES.values(), ids=BAD_VERSIONS_FILES)
def test_a_malformed_data_file_is_rejected(text: str, problem: str) -> None:
    with pytest.raises(VersionsFileError) as raised:
        parse_versions(text, where="tests/examples/versions.toml")
    assert str(raised.value).startswith("tests/examples/versions.toml: ")
    assert problem in str(raised.value)


# --- the machine against the data file ----------------------------------------------------------


def unlisted_interpreters(discovery: Discovery, own_tag: str, listed: tuple[str, ...]) -> list[str]:
    problems = []
    if own_tag not in listed:
        problems.append(f"the tests run on Python {own_tag}, which versions.toml does not list")
    for tag, interpreter in sorted(discovery.found.items()):
        if tag not in listed:
            problems.append(
                f"{interpreter.label} ({interpreter.path}) is installed but "
                f"tests/examples/versions.toml does not list {tag} — add it (and to the CI "
                "matrix) once the examples pass on it"
            )
    return problems


def test_every_interpreter_found_is_listed() -> None:
    problems = unlisted_interpreters(DISCOVERY, harness_tag(), TESTED_VERSIONS.python_tags)
    assert not problems, "\n".join(problems)


def test_an_unlisted_interpreter_fails() -> None:
    found = Discovery(found={"3.19": Interpreter("3.19", Path("/opt/python3.19"), "3.19.0")})
    [problem] = unlisted_interpreters(found, "3.11", TESTED_VERSIONS.python_tags)
    assert "Python 3.19.0 (/opt/python3.19) is installed but" in problem
    assert "does not list 3.19" in problem


def check_listed_python(tag: str, discovery: Discovery, environ: dict[str, str]) -> None:
    """A listed version the machine lacks: skip, unless this CI job exists to run it."""
    if tag == harness_tag() or tag in discovery.found or tag in discovery.unusable:
        return
    reason = f"Python {tag} (tests/examples/versions.toml) is not installed here"
    if environ.get(EXPECTED_PYTHON_VARIABLE) == tag:
        pytest.fail(f"{reason}, but {EXPECTED_PYTHON_VARIABLE}={tag} says it is", pytrace=False)
    pytest.skip(f"{reason}; CI's examples job runs it")


@pytest.mark.parametrize("tag", TESTED_VERSIONS.python_tags, ids=lambda tag: f"py{tag}")
def test_each_listed_python_runs_here_or_in_ci(tag: str) -> None:
    check_listed_python(tag, DISCOVERY, dict(os.environ))


def test_a_listed_python_missing_from_its_ci_job_fails() -> None:
    with pytest.raises(pytest.fail.Exception, match=r"EXAMPLES_PYTHON=3\.14t says it is"):
        check_listed_python("3.14t", Discovery(), {"CI": "true", EXPECTED_PYTHON_VARIABLE: "3.14t"})
    with pytest.raises(pytest.skip.Exception, match="CI's examples job runs it"):
        check_listed_python("3.14t", Discovery(), {})


def test_the_expected_python_of_a_ci_job_is_listed() -> None:
    expected = os.environ.get(EXPECTED_PYTHON_VARIABLE)
    if expected is None:
        pytest.skip(f"{EXPECTED_PYTHON_VARIABLE} is set only in CI's examples job")
    assert expected in TESTED_VERSIONS.python_tags, f"{expected} is not in versions.toml"


def test_an_advertised_interpreter_that_does_not_run_is_unusable(tmp_path: Path) -> None:
    broken = tmp_path / "python3.19"
    broken.write_text("#!/bin/sh\necho 'no such version' >&2\nexit 3\n")
    broken.chmod(0o755)
    discovery = find_interpreters("3.11", search_path=str(tmp_path), pyenv="")
    assert discovery.found == {}
    assert "exits with status 3: no such version" in discovery.unusable["3.19"]


def test_an_unusable_interpreter_skips_locally_and_fails_in_ci() -> None:
    with pytest.raises(pytest.fail.Exception, match="CI is set, so this fails"):
        skip_or_fail("Python 3.19 is advertised but does not run", {"CI": "true"})
    with pytest.raises(pytest.skip.Exception, match="advertised but does not run"):
        skip_or_fail("Python 3.19 is advertised but does not run", {})
    assert in_ci({"CI": "true"}) and not in_ci({"CI": "false"})


def test_discovery_finds_the_interpreters_the_machine_advertises() -> None:
    for tag, interpreter in DISCOVERY.found.items():
        assert tag.removesuffix("t") == ".".join(interpreter.version.split(".")[:2])
        assert interpreter.path.exists()
    assert set(OTHER_TAGS) <= set(TESTED_VERSIONS.python_tags) - {harness_tag()}


def redis_version_problem(running: str, listed: str) -> str | None:
    if running == listed:
        return None
    return (
        f"the test server is Redis {running}, but tests/examples/versions.toml says the "
        f"transcripts are replayed on Redis {listed} — install that redis-server, or change "
        "the file once every Redis example passes on this one"
    )


@pytest.mark.redis
def test_the_test_server_is_the_listed_redis(redis_server: RedisServer) -> None:
    problem = redis_version_problem(redis_server.version, TESTED_VERSIONS.redis)
    assert problem is None, problem


def test_another_redis_fails() -> None:
    assert "the test server is Redis 8.4.0, but" in (redis_version_problem("8.4.0", "7.0.15") or "")


def kubernetes_version_problem(version: str) -> str | None:
    if version in kubernetes_validate.utils.all_versions():
        return None
    return (
        f"kubernetes-validate has no schemas for Kubernetes {version} "
        "(tests/examples/versions.toml) — name a version it ships"
    )


def test_kubernetes_validate_targets_the_listed_kubernetes() -> None:
    assert TESTED_VERSIONS.kubernetes == KUBERNETES_VERSION
    problem = kubernetes_version_problem(KUBERNETES_VERSION)
    assert problem is None, problem
    assert "no schemas for Kubernetes 1.99.0" in (kubernetes_version_problem("1.99.0") or "")


def _pins(path: Path) -> dict[str, str]:
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^ ;\\\n]+)", path.read_text(), re.MULTILINE))


def test_the_examples_venvs_get_the_same_redis_py_as_the_harness() -> None:
    examples, harness = _pins(REQUIREMENTS), _pins(REPO_ROOT / "requirements-test.txt")
    assert examples["redis"] == harness["redis"]
    assert "--hash=sha256:" in REQUIREMENTS.read_text()


# --- version-qualified Output blocks --------------------------------------------------------------

PRINTS_VERSION_FACT = """
```python
import sys

print(sys.version_info >= (3, 12))
```

```text title="Output"
False
```

```text title="Output (Python 3.12+)"
True
```
"""


def _run_everywhere(page_text: str, example_environments: dict) -> dict[str, list[str]]:
    """Failures of the page in-process and on every other interpreter found, by tag."""
    results = {harness_tag(): PageRunner().run_page(_page(page_text), redis=None)}
    for tag in OTHER_TAGS:
        if tag not in DISCOVERY.found:
            continue
        page = _page(page_text)
        page.interpreter = DISCOVERY.found[tag]
        page.environment = environment_for(page.interpreter, example_environments)
        results[tag] = PageRunner().run_page(page, redis=None)
    return results


def test_each_version_compares_with_its_own_output_block(example_environments: dict) -> None:
    results = _run_everywhere(PRINTS_VERSION_FACT, example_environments)
    assert results == {tag: [] for tag in results}


def test_a_qualified_output_that_is_wrong_names_its_block(example_environments: dict) -> None:
    wrong = PRINTS_VERSION_FACT.replace("True\n```", "Nope\n```")
    results = _run_everywhere(wrong, example_environments)
    for tag, failures in results.items():
        if tuple(int(p) for p in tag.removesuffix("t").split(".")) >= (3, 12):
            [failure] = failures
            assert failure.startswith("docs/example.md:11: printed output differs from the ")
            assert "Output (Python 3.12+) block (on Python 3." in failure
        else:
            assert failures == []
    if len(results) == 1:
        pytest.skip("no interpreter >= 3.12 besides the harness's own: only 3.11 was checked")


QUALIFIED_OUTPUT_CASES = {
    "qualified block without a default one": (
        PRINTS_VERSION_FACT.replace('```text title="Output"\nFalse\n```\n\n', ""),
        7,
        'a "Output (Python 3.12+)" block must follow the block\'s default',
    ),
    "version not tested": (
        PRINTS_VERSION_FACT.replace("3.12+", "3.9+"),
        11,
        "Python 3.9 is not a version the examples are tested with",
    ),
    "oldest tested version": (
        PRINTS_VERSION_FACT.replace("3.12+", "3.11+"),
        11,
        "every tested version is Python 3.11 or later — make this the default Output block",
    ),
    "same output as the block above": (
        PRINTS_VERSION_FACT.replace("True\n```", "False\n```"),
        11,
        "shows the same output as the block above — remove it",
    ),
    "title without the plus": (
        PRINTS_VERSION_FACT.replace("(Python 3.12+)", "(Python 3.12)"),
        11,
        'write ```text title="Output (Python 3.12+)"',
    ),
}


@pytest.mark.parametrize(
    ("markdown_text", "line", "problem"),
    QUALIFIED_OUTPUT_CASES.values(),
    ids=list(QUALIFIED_OUTPUT_CASES),
)
def test_each_output_rule_fails_at_the_faulty_line(
    markdown_text: str, line: int, problem: str, request: pytest.FixtureRequest
) -> None:
    assert_one_failure_at(_page(markdown_text), line, problem, request)


def test_a_free_threaded_build_can_have_its_own_output_block() -> None:
    text = PRINTS_VERSION_FACT + '\n```text title="Output (Python 3.14t+)"\nTrue, no GIL\n```\n'
    [block] = [b for b in _page(text).parsed_blocks() if isinstance(b, PythonBlock)]
    assert block.output_for((3, 11), False).text == "False\n"
    assert block.output_for((3, 14), False).text == "True\n"
    assert block.output_for((3, 14), True).text == "True, no GIL\n"
    assert block.output_for((3, 14), True).title == "Output (Python 3.14t+)"
    [failure] = PageRunner().run_page(_page(text.replace("3.14t+", "3.13t+")), redis=None)
    assert failure.startswith("docs/example.md:15: Python 3.13t is not a free-threaded version")


def test_qualified_output_blocks_go_in_increasing_order() -> None:
    text = PRINTS_VERSION_FACT + '\n```text title="Output (Python 3.12+)"\nstill True\n```\n'
    text = text.replace("(Python 3.12+)", "(Python 3.13+)", 1)
    [failure] = PageRunner().run_page(_page(text), redis=None)
    assert failure.startswith("docs/example.md:15: version-qualified Output blocks go in")


# --- requires markers ------------------------------------------------------------------------


def test_requirement_syntax() -> None:
    requirement = parse_requirement(" redis >= 8.4 ")
    assert (
        requirement.label == "Redis 8.4" and requirement.marker == "<!-- requires: redis >= 8.4 -->"
    )
    assert (
        requirement.met_by("8.4.0")
        and requirement.met_by("9.0")
        and not requirement.met_by("8.2.1")
    )
    assert parse_requirement("python >= 3.14").met_by("3.14t")
    with pytest.raises(RequirementError, match="did you mean `redis`"):
        parse_requirement("redsi >= 8")
    with pytest.raises(RequirementError, match="is not `NAME >= VERSION`"):
        parse_requirement("redis 8.4")


NEEDS_PYTHON_3_14 = """
<!-- requires: python >= 3.14 -->

```python
name = "world"
print(t"hello {name}".strings)
```

```text title="Output"
('hello ', '')
```
"""


def test_a_block_marked_for_a_newer_python_fails_where_it_cannot_run(
    example_environments: dict,
) -> None:
    # t-strings (PEP 750) are 3.14 syntax: on older interpreters the block does not compile.
    results = _run_everywhere(NEEDS_PYTHON_3_14, example_environments)
    assert results == {tag: [] for tag in results}


def test_a_marked_block_that_runs_on_an_older_python_must_lose_its_marker(
    example_environments: dict,
) -> None:
    page_text = NEEDS_PYTHON_3_14.replace('t"hello {name}".strings', '("hello ", "")')
    results = _run_everywhere(page_text, example_environments)
    for failures in results.values():
        [failure] = failures
        assert failure.startswith("docs/example.md:1: the block marked `requires: python >= 3.14`")
        assert "— remove the marker" in failure


NEEDS_REDIS_8 = """
<!-- requires: redis >= 8.0 -->

```redis
127.0.0.1:6379> HSET user name Ada
(integer) 1
127.0.0.1:6379> HGETDEL user FIELDS 1 name
1) "Ada"
```
"""


@pytest.mark.redis
def test_a_block_marked_for_a_newer_redis_fails_on_the_test_server(
    redis_server: RedisServer,
) -> None:
    assert PageRunner().run_page(_page(NEEDS_REDIS_8), redis=redis_server) == []
    passes = NEEDS_REDIS_8.replace('HGETDEL user FIELDS 1 name\n1) "Ada"', 'HGET user name\n"Ada"')
    [failure] = PageRunner().run_page(_page(passes), redis=redis_server)
    assert failure.startswith("docs/example.md:1: the block marked `requires: redis >= 8.0` runs")
    assert f"runs on Redis {TESTED_VERSIONS.redis} — remove the marker" in failure


REQUIRES_CASES = {
    "unknown software": (
        "<!-- requires: redsi >= 8.4 -->\n\n```redis\n127.0.0.1:6379> PING\nPONG\n```\n",
        1,
        "did you mean `redis`?",
    ),
    "no version": (
        "<!-- requires: redis -->\n\n```redis\n127.0.0.1:6379> PING\nPONG\n```\n",
        1,
        "is not `NAME >= VERSION`",
    ),
    "no blank line": (
        "<!-- requires: redis >= 8.4 -->\n```redis\n127.0.0.1:6379> PING\nPONG\n```\n",
        1,
        "put exactly one blank line between the requires marker",
    ),
    "on a manifest": (
        "<!-- requires: redis >= 8.4 -->\n\n```yaml\napiVersion: v1\nkind: Namespace\n"
        "metadata:\n  name: dev\n```\n",
        1,
        "`requires: redis` on a ```yaml block",
    ),
    "python requirement on a transcript": (
        "<!-- requires: python >= 3.14 -->\n\n```redis\n127.0.0.1:6379> PING\nPONG\n```\n",
        1,
        "`requires: python` on a ```redis block",
    ),
}


@pytest.mark.parametrize(
    ("markdown_text", "line", "problem"), REQUIRES_CASES.values(), ids=REQUIRES_CASES
)
def test_each_requires_rule_fails_at_the_faulty_line(
    markdown_text: str, line: int, problem: str, request: pytest.FixtureRequest
) -> None:
    assert_one_failure_at(_page(markdown_text), line, problem, request)


# --- the child interpreter reports like the harness --------------------------------------


def test_a_failure_on_another_interpreter_names_the_page_line_and_the_interpreter(
    example_environments: dict,
) -> None:
    tags = [tag for tag in OTHER_TAGS if tag in DISCOVERY.found]
    if not tags:
        pytest.skip("no other interpreter on this machine")
    page = _page("```python\nvalues = []\n\n\nprint(1 / len(values))\n```\n")
    page.interpreter = DISCOVERY.found[tags[0]]
    page.environment = environment_for(page.interpreter, example_environments)
    [failure] = PageRunner().run_page(page, redis=None)
    assert failure.startswith(
        f"docs/example.md:1: ```python block raised ZeroDivisionError at docs/example.md:5 "
        f"(on {page.interpreter.label}): division by zero"
    )
    assert 'File "docs/example.md", line 5' in failure


# --- the build: what each page says it was tested with --------------------------------------


def harness_kinds(page: NotePage) -> set[str]:
    """What the examples harness runs on the page, in tested_with's terms."""
    kinds: set[str] = set()
    for parsed in page.parsed_blocks():
        if isinstance(parsed, PythonBlock):
            kinds.add("python")
        if isinstance(parsed, Transcript | RedisConf) or getattr(parsed, "needs_redis", False):
            kinds.add("redis")
        if isinstance(parsed, ManifestBlock):
            kinds.add("kubernetes")
    return kinds


@pytest.mark.parametrize(
    "path", sorted(DOCS.rglob("*.md")), ids=lambda path: path.relative_to(REPO_ROOT).as_posix()
)
def test_the_build_and_the_tests_agree_on_what_a_page_runs(path: Path) -> None:
    assert tested_with.page_kinds(path.read_text().split("\n")) == harness_kinds(load_page(path))


def test_the_line_names_only_what_the_page_has() -> None:
    versions = TESTED_VERSIONS
    assert tested_with.tested_with_line(set(), versions) is None
    python = f"Python {versions.python[0]}\N{EN DASH}{versions.python[-1]}"
    assert tested_with.tested_with_line({"python"}, versions).startswith(
        f"Examples tested with {python} ("
    )
    assert (
        tested_with.tested_with_line({"redis"}, versions)
        == f"Examples tested with Redis {versions.redis}"
    )
    both = tested_with.tested_with_line({"kubernetes", "redis"}, versions)
    assert both == (
        f"Examples tested with Redis {versions.redis} \N{MIDDLE DOT} "
        f"Kubernetes {versions.kubernetes_minor} (manifests schema-validated)"
    )


def _render(text: str) -> str:
    extensions = [
        tested_with.TestedWithExtension(TESTED_VERSIONS),
        "attr_list",
        "pymdownx.superfences",
    ]
    extensions += ["pymdownx.tabbed"]
    return markdown.markdown(textwrap.dedent(text), extensions=extensions)


def test_a_marked_block_gets_a_line_under_its_output() -> None:
    html = _render(
        """
        === "redis-cli"

            <!-- requires: redis >= 8.4 -->

            ```redis
            127.0.0.1:6379> PING
            PONG
            ```

            ```text title="Output"
            x
            ```

        After.
        """
    )
    note = (
        '<p class="requires-note no-autolink" data-search-exclude>'
        f"Needs Redis 8.4 or later \N{EM DASH} not tested here: the tests run Redis "
        f"{TESTED_VERSIONS.redis}.</p>"
    )
    assert note in html
    tab_end = html.index("</div>\n</div>\n<p>After.</p>")  # the tab's block, then the tab set
    assert html.index("x\n") < html.index(note) < tab_end
    assert 'class="tested-with no-autolink" data-search-exclude' in html


def test_a_python_requirement_the_tests_meet_says_so() -> None:
    requirement = parse_requirement("python >= 3.14")
    line = tested_with.requirement_line(requirement, TESTED_VERSIONS)
    assert line == "Needs Python 3.14 or later \N{EM DASH} tested with Python 3.14."


def test_every_note_with_examples_says_what_they_were_tested_with(built_site: Build) -> None:
    pages_with_line = []
    for path in sorted(DOCS.rglob("*.md")):
        source = path.relative_to(DOCS).with_suffix("")
        html_path = built_site.site_dir / (
            "index.html" if source.name == "index" else source / "index.html"
        )
        if source.name == "index" and source.parent != Path("."):
            html_path = built_site.site_dir / source.parent / "index.html"
        html = html_path.read_text()
        expected = tested_with.tested_with_line(
            tested_with.page_kinds(path.read_text().split("\n")), TESTED_VERSIONS
        )
        shown = re.findall(
            r'<p class="tested-with[^"]*" data-search-exclude[^>]*>([^<]*)</p>', html
        )
        assert shown == ([expected] if expected else []), path
        if expected:
            pages_with_line.append(path)
    assert len(pages_with_line) > 20


def test_the_line_is_not_in_the_search_index(built_site: Build) -> None:
    index = json.loads((built_site.site_dir / "search" / "search_index.json").read_text())
    texts = [doc["text"] for doc in index["docs"]]
    assert not [text for text in texts if "Examples tested with" in text]
    assert any("generator" in text for text in texts)  # the index itself is there
