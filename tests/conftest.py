"""Shared fixtures: one strict build of the real site per test session."""

from __future__ import annotations

import os
import subprocess
import sys
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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once with --strict; fails the session's users loudly if it breaks."""
    build = mkdocs_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site") / "site")
    if build.returncode != 0:
        # Every test on the built site reports this; keep it to the lines that say what to fix.
        problems = [
            line for line in build.log.splitlines() if line.startswith(("WARNING", "ERROR"))
        ] or build.log.splitlines()[-30:]
        pytest.fail("mkdocs build --strict failed:\n" + "\n".join(problems), pytrace=False)
    return build


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """After pytest-randomly shuffled them: each page's examples together, in page order."""
    from tests.examples.runner import pages_in_page_order

    def page_of(item: pytest.Item) -> tuple[object, int] | None:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if getattr(item, "originalname", "") != "test_example" or "index" not in params:
            return None
        page = params["page"]  # a NotePage, or the message of a page that cannot be read
        return getattr(page, "path", page), params["index"]

    items[:] = pages_in_page_order(items, page_of)


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
