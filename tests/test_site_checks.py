"""Checks on the built site: no finding on the real site, every planted fault on the fixture.

The fixture (tests/fixtures/faulty-site) plants every fault class next to controls, and
expected.toml lists both: the checks can fail, they fail at the right line, and they do
not cry wolf. Messages read ``docs/<file>.md:<line>: <class>: <detail>``.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mkdocs.utils.yaml import yaml_load
from shortnotes.source_checks import Problem

from tests.conftest import FAULTY_SITE, ROOT, Build, mkdocs_build
from tests.sitecheck import Fault, Finding, Project, check_site, format_findings
from tests.sitecheck.__main__ import main as sitecheck_command

EXPECTED = tomllib.loads((FAULTY_SITE / "expected.toml").read_text(encoding="utf-8"))
FAULTS = {(fault["class"], fault["at"]) for fault in EXPECTED["fault"]}
CONTROLS = [control["at"] for control in EXPECTED["control"]]
# A source check's message in a build log (the glossary hook's own messages have no class).
_SOURCE_MESSAGE = re.compile(
    rf"^ERROR\s+-\s+(?P<at>\S+:\d+): (?P<problem>{'|'.join(map(re.escape, Problem))}): ",
    re.MULTILINE,
)
_MESSAGE = re.compile(r"^(docs|docs-front-matter)/\S+\.md:\d+: [a-z-]+: \S|^mkdocs\.yml:\d+: ")
# Problems that stop a build at once or need a symbolic link or another config: their own
# builds in tests/test_attacks.py plant them (a test there checks this list).
PLANTED_IN_TESTS_TEST_ATTACKS = frozenset(
    {
        "not-utf-8",
        "yaml-alias",
        "outside-docs",
        "snippet-policy",
        "file-not-published",
        "svg-not-allowed",
        "html-not-closed",
    }
)
# Checked by mutating a real glossary.json below: the hooks never write a wrong one.
_GLOSSARY_DATA_FAULTS = {fault for fault in Fault if fault.startswith("glossary-")}


def source_findings(build: Build) -> set[tuple[str, str]]:
    """(class, file:line) of every source-check problem a build logged."""
    return {(m["problem"], m["at"]) for m in _SOURCE_MESSAGE.finditer(build.log)}


@pytest.fixture(scope="module")
def fixture_project() -> Project:
    return Project(FAULTY_SITE / "mkdocs.yml")


@pytest.fixture(scope="module")
def reported(
    faulty_site_findings: list[Finding], faulty_site: Build, faulty_front_matter: Build
) -> set[tuple[str, str]]:
    """Everything the fixture makes the checks report, as (class, file:line)."""
    found = {(str(finding.fault), finding.location) for finding in faulty_site_findings}
    return found | source_findings(faulty_site) | source_findings(faulty_front_matter)


# --- The real site -------------------------------------------------------------------------------


def test_the_real_site_has_no_problem(built_site: Build) -> None:
    """Every check, the glossary data file included: a missing glossary.json fails here."""
    findings = check_site(built_site.site_dir, Project(ROOT / "mkdocs.yml"))
    assert not findings, format_findings(findings)


def test_breaking_a_real_note_names_its_file_and_line(built_site: Build, tmp_path: Path) -> None:
    """A link, an anchor, an image and a term reference broken in a real note.

    Needs the real site to build (else it skips with the one line every such test gives), and
    shows only what it planted: a contributor's own mistake elsewhere is not its business.
    """
    docs, config = _copy_of_the_real_site(tmp_path)
    note = docs / "kubernetes" / "workloads" / "pods.md"
    lines = note.read_text(encoding="utf-8").rstrip("\n").split("\n")
    broken = {
        "missing-page": "A link to [a note that is gone](no-such-note.md).",
        "missing-fragment": "A link to [a section that is gone](deployments.md#no-such-section).",
        "missing-image": "![An image that is gone](no-such-image.png)",
        "unknown-term": "A link to [a term that is gone](../../glossary.md#no-such-term).",
    }
    first = len(lines) + 2
    note.write_text("\n".join([*lines, "", *broken.values()]) + "\n", encoding="utf-8")
    build = mkdocs_build(config, tmp_path / "site", strict=False, cwd=ROOT)
    assert build.returncode == 0, _REAL_SITE_BROKEN + build.log
    found = {
        (str(finding.fault), finding.location)
        for finding in check_site(build.site_dir, Project(config))
    }
    where = "docs/kubernetes/workloads/pods.md"
    expected = {(fault, f"{where}:{first + index}") for index, fault in enumerate(broken)}
    in_the_note = sorted(item for item in found if item[1].startswith(f"{where}:"))
    assert expected <= found, f"planted in {where}: {sorted(expected)}; reported: {in_the_note}"


def test_breaking_a_real_note_s_front_matter_names_its_file_and_line(
    built_site: Build, tmp_path: Path
) -> None:
    docs, config = _copy_of_the_real_site(tmp_path)
    note = docs / "redis" / "lists.md"
    text = note.read_text(encoding="utf-8")
    lines = text.split("\n")
    title_line = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[title_line] = lines[title_line].replace("title: ", "title: [", 1)
    note.write_text("\n".join(lines), encoding="utf-8")
    build = mkdocs_build(config, tmp_path / "site", cwd=ROOT)
    assert build.returncode != 0
    expected = ("malformed-front-matter", f"docs/redis/lists.md:{title_line + 1}")
    assert expected in source_findings(build), build.log


# Shown when a planted-fault test cannot even start: the contributor's own change broke the
# build, and the faults this test planted (in a copy) would only confuse the log.
_REAL_SITE_BROKEN = (
    "the real site does not build, so no fault could be planted in a copy of it: fix the "
    "build first (the other failures name the file and line). The build log:\n"
)


def _hooks(config: Path) -> list[Path]:
    """The hook files a config lists, as absolute paths."""
    with config.open("rb") as stream:
        hooks = yaml_load(stream).get("hooks", [])
    return [(config.parent / hook).resolve() for hook in hooks]


def _copy_of_the_real_site(tmp_path: Path) -> tuple[Path, Path]:
    """docs/ copied, and a config that is the real one with docs_dir pointing at the copy."""
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    config = tmp_path / "mkdocs.yml"
    hooks = "".join(f"  - {hook}\n" for hook in _hooks(ROOT / "mkdocs.yml"))
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {docs}\n"
        f"theme:\n  custom_dir: {ROOT / 'overrides'}\n"
        f"hooks:\n{hooks}",
        encoding="utf-8",
    )
    return docs, config


# --- The seeded-fault fixture --------------------------------------------------------------------


def test_the_fixture_runs_the_real_hooks() -> None:
    assert _hooks(FAULTY_SITE / "mkdocs.yml") == _hooks(ROOT / "mkdocs.yml")


def test_the_command_line_reports_every_problem(
    faulty_site: Build, built_site: Build, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture = ["--site", str(faulty_site.site_dir), "--config", str(FAULTY_SITE / "mkdocs.yml")]
    assert sitecheck_command(fixture) == 1
    assert "docs/links/pages.md:8: missing-page: `missing.md`" in capsys.readouterr().out
    real = ["--site", str(built_site.site_dir), "--config", str(ROOT / "mkdocs.yml")]
    assert sitecheck_command(real) == 0


def test_every_planted_fault_is_reported_with_its_class_and_line(
    reported: set[tuple[str, str]],
) -> None:
    missing = sorted(FAULTS - reported)
    assert not missing, "planted but not reported:\n" + "\n".join(map(str, missing))


def test_nothing_but_the_planted_faults_is_reported(reported: set[tuple[str, str]]) -> None:
    extra = sorted(reported - FAULTS)
    assert not extra, "reported but not planted (a false alarm):\n" + "\n".join(map(str, extra))


def test_no_control_is_reported(reported: set[tuple[str, str]]) -> None:
    alarms = sorted((fault, at) for fault, at in reported if at in CONTROLS)
    assert not alarms


@pytest.mark.parametrize(
    "entry", EXPECTED["fault"] + EXPECTED["control"], ids=lambda entry: entry["at"]
)
def test_each_expectation_points_at_the_planted_text(entry: dict[str, str]) -> None:
    """Guards expected.toml against line drift when the fixture is edited."""
    path, line = entry["at"].rsplit(":", 1)
    text = (FAULTY_SITE / path).read_text(encoding="utf-8").split("\n")[int(line) - 1]
    assert entry["shows"] in text


def test_the_fixture_plants_every_fault_class_and_enough_controls() -> None:
    planted = {fault for fault, _ in FAULTS}
    known = {str(fault) for fault in Fault} - _GLOSSARY_DATA_FAULTS | set(map(str, Problem))
    known -= PLANTED_IN_TESTS_TEST_ATTACKS
    assert planted == known
    assert len(planted) >= 25
    assert len(CONTROLS) >= 6


def test_every_message_names_file_line_and_class(faulty_site_findings: list[Finding]) -> None:
    assert faulty_site_findings
    assert all(_MESSAGE.match(str(finding)) for finding in faulty_site_findings), format_findings(
        faulty_site_findings
    )


def test_the_fixture_builds_fail_listing_every_source_problem(
    faulty_site: Build, faulty_front_matter: Build
) -> None:
    assert faulty_site.returncode != 0
    listed = faulty_site.log.split("source problem(s):", 1)[1]
    for problem, at in FAULTS:
        if problem in set(Problem) and at.startswith("docs/"):
            assert f"{at}: {problem}: " in listed
    assert faulty_front_matter.returncode != 0


# --- The glossary data file against the pages (mutations of the fixture's real one) -----------


def _mutated_site(
    tmp_path: Path, faulty_site: Build, change: Callable[[dict[str, Any]], Any]
) -> Path:
    """The fixture site, every entry linked, with glossary.json rewritten by ``change``."""
    site = tmp_path / "site"
    site.mkdir()
    for entry in faulty_site.site_dir.iterdir():
        if entry.name != "glossary.json":
            (site / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    data = json.loads((faulty_site.site_dir / "glossary.json").read_text(encoding="utf-8"))
    result = change(data)
    if result is not None:
        (site / "glossary.json").write_text(json.dumps(result), encoding="utf-8")
    return site


def _term(data: dict[str, Any]) -> dict[str, Any]:
    return data["terms"][0]


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def change(data: dict[str, Any]) -> dict[str, Any]:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        return data

    return change


_TERM = ("terms", 0)
_MENTION = (*_TERM, "mentions", 0)


@pytest.mark.parametrize(
    ("change", "fault", "at"),
    [
        pytest.param(lambda data: None, "glossary-data-missing", "mkdocs.yml:", id="missing"),
        pytest.param(_set(("version",), 2), "glossary-data-invalid", "mkdocs.yml:", id="version"),
        pytest.param(
            _set((*_TERM, "defined_in", "anchor"), "gone"),
            "glossary-anchor-missing",
            "docs/targets/anchors.md:5",
            id="anchor",
        ),
        pytest.param(
            _set((*_TERM, "glossary_url"), "glossary/#gone"),
            "glossary-entry-missing",
            "docs/targets/anchors.md:5",
            id="entry",
        ),
        pytest.param(
            _set((*_MENTION, "url"), "controls/#gone"),
            "glossary-mention-missing",
            "docs/controls.md:6",
            id="mention",
        ),
        pytest.param(
            _set((*_TERM, "mentions"), []),
            "glossary-link-missing",
            # the hand-written link to the term's section (it has the concept look) and the
            # autolink
            ("docs/controls.md:12", "docs/controls.md:22"),
            id="unrecorded-autolink",
        ),
    ],
)
def test_the_glossary_data_file_must_agree_with_the_pages(
    tmp_path: Path,
    faulty_site: Build,
    fixture_project: Project,
    change: Callable[[dict[str, Any]], Any],
    fault: str,
    at: str | tuple[str, ...],
) -> None:
    site = _mutated_site(tmp_path, faulty_site, change)
    glossary = [f for f in check_site(site, fixture_project) if f.fault.startswith("glossary-")]
    places = (at,) if isinstance(at, str) else at
    found = [
        (str(f.fault), f.location.startswith(place))
        for f, place in zip(glossary, places, strict=False)
    ]
    assert len(glossary) == len(places) and found == [(fault, True)] * len(places), format_findings(
        glossary
    )


def test_a_linked_mention_needs_its_autolink(
    tmp_path: Path, faulty_site: Build, fixture_project: Project
) -> None:
    def claim_a_link_on_the_home_page(data: dict[str, Any]) -> dict[str, Any]:
        _term(data)["mentions"].append(
            {
                "page": "index.md",
                "url": "#short-notes-fixture",
                "section": "short-notes-fixture",
                "section_title": "Short Notes fixture",
                "linked": True,
            }
        )
        return data

    site = _mutated_site(tmp_path, faulty_site, claim_a_link_on_the_home_page)
    glossary = [f for f in check_site(site, fixture_project) if f.fault.startswith("glossary-")]
    assert [(str(f.fault), f.location) for f in glossary] == [
        ("glossary-link-missing", "docs/index.md:6")
    ]
