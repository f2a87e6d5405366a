"""Tested with: say under every note what its examples were tested with, and under every block
marked `<!-- requires: … -->` what it needs. The work is ``shortnotes.tested_with`` (a
Python-Markdown extension); the data is tests/examples/versions.toml, the file the tests use.

Events:

- ``on_config``: read the data file of the repository these hooks belong to (the tests that
  file configures are this repository's, whichever mkdocs.yml builds) and append the extension,
  replacing the one of a previous build (hook modules survive ``mkdocs serve`` rebuilds).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from shortnotes.example_versions import VersionsFileError, load_versions
from shortnotes.tested_with import TestedWithExtension

REPOSITORY = Path(__file__).resolve().parent.parent


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    try:
        versions = load_versions(REPOSITORY)
    except (OSError, VersionsFileError) as error:
        raise PluginError(f"tested_with: {error}") from None
    extensions = [
        ext for ext in config.markdown_extensions if not isinstance(ext, TestedWithExtension)
    ]
    config.markdown_extensions = [*extensions, TestedWithExtension(versions)]
    return config
