"""Fixtures of the glossary tests: the site's Markdown configuration, golden-file switch."""

from __future__ import annotations

import os

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from tests.glossary.samples import ROOT


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/glossary/golden/*.html from the current output (or UPDATE_GOLDEN=1)",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    # The option is known only when pytest is given tests/glossary (a non-root conftest).
    option = request.config.getoption("--update-golden", default=False)
    return bool(option or os.environ.get("UPDATE_GOLDEN"))


@pytest.fixture(scope="session")
def site_config() -> MkDocsConfig:
    """The real mkdocs.yml, loaded (its hooks modules are loaded, no event runs)."""
    return load_config(str(ROOT / "mkdocs.yml"))


@pytest.fixture
def site_markdown(site_config: MkDocsConfig):
    """Build a Markdown converter with the site's extensions plus the given ones."""

    def make(*extra: markdown.Extension) -> markdown.Markdown:
        extensions = [ext for ext in site_config.markdown_extensions if isinstance(ext, str)]
        return markdown.Markdown(
            extensions=[*extensions, *extra], extension_configs=site_config.mdx_configs
        )

    return make
