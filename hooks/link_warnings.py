"""Link warnings with a line: route MkDocs' own link and anchor warnings through
``shortnotes.link_warnings`` so each names ``docs/<file>.md:<line>`` and says what to do.

Events:

- ``on_files``: keep this build's files, so a warning can suggest the closest page or id
  (``shortnotes.suggestions``).
- ``on_config``: attach (once per process) a logging filter to MkDocs' page logger and
  point it at this build's docs_dir. A filter may rewrite the record it passes on; the
  record's level is untouched, so ``--strict`` counts it exactly as before. Each page's
  source is read once per build, whatever the number of its warnings.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from shortnotes.link_warnings import locate
from shortnotes.suggestions import link_suggestion

# The logger of mkdocs/structure/pages.py, which validates links and anchors.
PAGES_LOGGER = "mkdocs.structure.pages"


class _LocateLinkWarnings(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.docs_dir = Path("docs")
        self.docs_prefix = "docs"
        # src_uri -> its Markdown, read once per build however many warnings it has.
        self.sources: dict[str, str | None] = {}
        self.files: Any = None  # this build's Files (on_files), for "did you mean"
        self.pages: list[str] = []  # their pages' src_uri, listed once per build

    def _anchors(self, src_uri: str) -> set[str] | None:
        file = self.files.get_file_from_path(src_uri) if self.files else None
        return getattr(file.page, "present_anchor_ids", None) if file and file.page else None

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            original = record.getMessage()
            record.msg = locate(
                original, docs_prefix=self.docs_prefix, read_source=self._read
            ) + link_suggestion(original, pages=self.pages, anchors_of=self._anchors)
            record.args = ()
        return True

    def _read(self, src_uri: str) -> str | None:
        if src_uri not in self.sources:
            try:
                self.sources[src_uri] = (self.docs_dir / src_uri).read_text(encoding="utf-8")
            except OSError:
                self.sources[src_uri] = None
        return self.sources[src_uri]


# One filter for the process: hook modules are cached across `mkdocs serve` rebuilds, and
# on_config only re-points it at the current build's docs_dir.
_filter = _LocateLinkWarnings()


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    config_dir = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    _filter.docs_dir = Path(config.docs_dir)
    _filter.sources = {}  # a rebuild reads the edited pages afresh
    _filter.docs_prefix = Path(os.path.relpath(config.docs_dir, config_dir)).as_posix()
    logger = logging.getLogger(PAGES_LOGGER)
    if _filter not in logger.filters:
        logger.addFilter(_filter)


def on_files(files: Any, **kwargs: Any) -> None:
    _filter.files = files
    _filter.pages = [file.src_uri for file in files.documentation_pages()]
