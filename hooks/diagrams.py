"""Diagrams: ```dot fences rendered with Graphviz at build time (``shortnotes.diagrams``).

Events, in order:

- ``on_config``: fail at once when Graphviz is missing (scripts/setup installs it); start a
  fresh ``DiagramFences`` (hook modules survive ``mkdocs serve`` rebuilds and a second build in
  one process; only the drawings, which depend on nothing but their source, are kept) and
  register it as the ``dot`` custom fence of pymdownx.superfences, replacing
  the one of a previous build.
- ``on_page_markdown``: tell the fence which note is being rendered (its path and, when it
  has a ``dot`` fence, its file's text, so a problem names the note's own line).
- ``on_post_build``: raise ``PluginError`` listing every diagram problem of the build (each
  is also logged as an error the moment it is found).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from shortnotes.diagrams import FENCE_NAME, DiagramFences, Drawing

log = logging.getLogger("mkdocs.hooks.diagrams")

_fences = DiagramFences()
_docs_prefix = "docs"
# Kept across the builds of one `mkdocs serve` process: a drawing depends only on its source.
_drawings: dict[str, Drawing] = {}


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    global _fences, _docs_prefix
    if shutil.which("dot") is None:
        raise PluginError(
            "diagrams: Graphviz's `dot` is not installed; run scripts/setup "
            "(or `apt-get install graphviz`)"
        )
    if "pymdownx.superfences" not in config.markdown_extensions:
        raise PluginError("diagrams: ```dot fences need pymdownx.superfences in mkdocs.yml")
    config_path = Path(config.config_file_path or "mkdocs.yml").resolve()
    _docs_prefix = Path(os.path.relpath(config.docs_dir, config_path.parent)).as_posix()
    _fences = DiagramFences(report=lambda problem: log.error(str(problem)), cache=_drawings)
    superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    others = [f for f in superfences.get("custom_fences", []) if f.get("name") != FENCE_NAME]
    superfences["custom_fences"] = [*others, _fences.custom_fence()]
    return config


def on_page_markdown(markdown: str, *, page: Page, **kwargs: Any) -> None:
    # The file's text only locates a diagram's lines: a page without a ```dot fence needs
    # none (File.content_string reads the file again on every call).
    text = page.file.content_string if FENCE_NAME in markdown else ""
    _fences.start_page(f"{_docs_prefix}/{page.file.src_uri}", text)


def on_post_build(*, config: MkDocsConfig, **kwargs: Any) -> None:
    if _fences.problems:
        raise PluginError(
            f"{len(_fences.problems)} diagram problem(s):\n"
            + "\n".join(str(problem) for problem in _fences.problems)
        )
