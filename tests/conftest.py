"""Shared fixtures: one strict build of the real site per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


@dataclass(frozen=True)
class Build:
    """The outcome of one `mkdocs build` run in a subprocess."""

    site_dir: Path
    returncode: int
    log: str


def mkdocs_build(
    config: Path, site_dir: Path, *, strict: bool = True, cwd: Path | None = None
) -> Build:
    """Run a real `mkdocs build` (never with -q: it hides what --strict counts).

    ``cwd`` defaults to the config's directory; pymdownx.snippets reads paths relative to it.
    """
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=cwd or config.parent
    )
    return Build(site_dir, done.returncode, done.stdout + done.stderr)


# The real site is built once, before the first test, when any collected test needs it. When it
# does not build, its own errors are printed once at the top, test_the_real_site_builds fails
# with them, and every test that needs the site skips with the one line below: one mistake
# gives one message, not a traceback per test.
SITE_DOES_NOT_BUILD = (
    "the real site does not build: its errors are printed at the top (and by "
    "tests/test_site_builds.py)"
)
_real_site: list[Build] = []


def build_errors(build: Build) -> list[str]:
    """The lines of a failed build's log that say what to fix."""
    kept, keeping = [], False
    for line in build.log.splitlines():
        # A message may go on over indented lines (MkDocs lists pages missing from nav so).
        keeping = line.startswith(("WARNING", "ERROR")) or (keeping and line[:1] in " \t")
        if keeping:
            kept.append(line)
    return kept or build.log.splitlines()[-30:]


def real_site_build() -> Build:
    """The strict build of the real site, run once per session."""
    if not _real_site:
        site_dir = Path(tempfile.mkdtemp(prefix="shortnotes-site-")) / "site"
        _real_site.append(mkdocs_build(ROOT / "mkdocs.yml", site_dir))
    return _real_site[0]


def pytest_sessionfinish(session: pytest.Session) -> None:
    for build in _real_site:
        shutil.rmtree(build.site_dir.parent, ignore_errors=True)


@pytest.fixture(scope="session")
def real_site() -> Build:
    """The strict build of the real site, whatever its outcome (built_site skips on failure).

    Tests reach the cache through fixtures: pytest imports this file as ``conftest``, and a
    test's ``from tests.conftest import ...`` would get a second module with its own cache.
    """
    return real_site_build()


@pytest.fixture(scope="session")
def built_site() -> Build:
    """The real site, built once with --strict; its users skip in one line when it breaks."""
    build = real_site_build()
    if build.returncode != 0:
        pytest.skip(SITE_DOES_NOT_BUILD)
    return build


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """After pytest-randomly shuffled them: each page's examples together, in page order; then,
    if any test needs the real site, build it once and report a failed build at the top."""
    from tests.examples.runner import pages_in_page_order

    def page_of(item: pytest.Item) -> tuple[object, int] | None:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if getattr(item, "originalname", "") != "test_example" or "index" not in params:
            return None
        page = params["page"]  # a NotePage, or the message of a page that cannot be read
        return getattr(page, "path", page), params["index"]

    items[:] = pages_in_page_order(items, page_of)
    _report_a_broken_site(config, items)


def _report_a_broken_site(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not any("built_site" in getattr(item, "fixturenames", ()) for item in items):
        return
    build = real_site_build()
    if build.returncode != 0:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_sep("=", "mkdocs build --strict failed: fix this first", red=True)
            for line in build_errors(build):
                reporter.write_line(line)
            reporter.write_sep("=", "tests that need the built site are skipped", red=True)


# --- Link and content checks (tests/sitecheck, tests/test_site_checks.py) ---------------------

FAULTY_SITE = ROOT / "tests" / "fixtures" / "faulty-site"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--online-links",
        action="store_true",
        default=False,
        help="also request every external link of the built site "
        "(same as SHORT_NOTES_ONLINE_LINKS=1; results cached in .cache/external-links.json)",
    )


@pytest.fixture(scope="session")
def faulty_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The seeded-fault fixture (tests/fixtures/faulty-site/mkdocs.yml), built once.

    The build fails by design (its unsafe markup stops it in on_post_build), after the
    site is written, like MkDocs' own --strict: the built-site checks run on that site.
    """
    return mkdocs_build(FAULTY_SITE / "mkdocs.yml", tmp_path_factory.mktemp("faulty") / "site")


@pytest.fixture(scope="session")
def faulty_front_matter(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The fixture's front-matter faults (front-matter.yml), built once; fails by design."""
    return mkdocs_build(
        FAULTY_SITE / "front-matter.yml", tmp_path_factory.mktemp("faulty-fm") / "site"
    )


@pytest.fixture(scope="session")
def faulty_site_findings(faulty_site: Build) -> list:
    """What the built-site checks (tests/sitecheck) find on the fixture, computed once."""
    from tests.sitecheck import Project, check_site

    assert (faulty_site.site_dir / "index.html").is_file(), faulty_site.log
    return check_site(faulty_site.site_dir, Project(FAULTY_SITE / "mkdocs.yml"))
