"""The site built with ProperDocs is the site built with MkDocs, apart from the generator tag.

ProperDocs (PyPI ``properdocs``) is the maintained fork of MkDocs 1.6 that still runs hooks;
it is the way off MkDocs 1.6 without losing ours (README, "Building with ProperDocs"). It
lives in its own venv, ``.venv-properdocs``, installed by ``scripts/setup --test`` from the
hash-locked ``requirements-properdocs.txt`` with the same theme and extensions as ours.
With ``CI`` set the test fails instead of skipping when that venv is missing.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, Build

PROPERDOCS = ROOT / ".venv-properdocs" / "bin" / "properdocs"
_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def site_differences(first: Path, second: Path) -> list[str]:
    """Every file that is in one site only, or differs beyond the generator tag."""
    files = {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    others = {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    differences = [f"only in {first.name}: {p}" for p in sorted(files - others)]
    differences += [f"only in {second.name}: {p}" for p in sorted(others - files)]
    for path in sorted(files & others):
        one, two = (first / path).read_bytes(), (second / path).read_bytes()
        if path.suffix == ".html":
            one, two = _GENERATOR.sub(b"", one), _GENERATOR.sub(b"", two)
        if one != two:
            differences.append(f"differs: {path}")
    return differences


def test_site_differences_sees_content_and_ignores_the_generator(tmp_path: Path) -> None:
    for name, generator, body in (("a", "mkdocs-1.6.1", "Text."), ("b", "ProperDocs", "Text.")):
        page = tmp_path / name / "page" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<meta name="generator" content="{generator}"><p>{body}</p>')
    assert site_differences(tmp_path / "a", tmp_path / "b") == []
    (tmp_path / "b" / "page" / "index.html").write_text("<p>Other text.</p>")
    (tmp_path / "b" / "extra.txt").write_text("x")
    assert site_differences(tmp_path / "a", tmp_path / "b") == [
        "only in b: extra.txt",
        "differs: page/index.html",
    ]


@pytest.fixture(scope="module")
def properdocs() -> Path:
    if not PROPERDOCS.exists():
        message = f"{PROPERDOCS.relative_to(ROOT)} is missing: run scripts/setup --test"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return PROPERDOCS


def test_properdocs_builds_the_same_site(
    properdocs: Path, built_site: Build, tmp_path: Path
) -> None:
    site = tmp_path / "properdocs-site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(properdocs), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'content="mkdocs-ProperDocs' in home or "properdocs" in home.lower()
    assert site_differences(built_site.site_dir, site) == []
