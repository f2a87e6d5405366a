"""The real site builds strictly: the one test that fails, with the build's own errors, when
it does not (every test that needs the built site then skips; see tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.conftest import Build, build_errors


def test_the_real_site_builds(real_site: Build) -> None:
    build = real_site
    if build.returncode != 0:
        pytest.fail(
            "mkdocs build --strict failed:\n" + "\n".join(build_errors(build)), pytrace=False
        )
