"""Search ranking: rewrite Material's ``search/search_index.json`` with what the site knows
(stems, glossary definitions, the glossary page's place). The work is
``shortnotes.search_index``; its docstring says what changes and why.

Events:

- ``on_post_build`` (priority -100: after the search plugin has written the index and after
  the glossary hook's ``glossary.json`` is in the site): read both, write the improved
  index in place. No index (search plugin off): nothing to do. A term whose defining
  section search does not hold fails the build, naming ``docs/<file>.md:<line>``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from shortnotes.search_index import (
    SearchIndexError,
    definitions_from_glossary,
    glossary_location,
    improve_index,
)

INDEX = Path("search") / "search_index.json"
GLOSSARY_DATA = "glossary.json"  # written by hooks/glossary.py
log = logging.getLogger("mkdocs.hooks.search_index")


def _glossary(site_dir: Path) -> dict[str, Any]:
    path = site_dir / GLOSSARY_DATA
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


@event_priority(-100)
def on_post_build(*, config: MkDocsConfig, **kwargs: Any) -> None:
    site_dir = Path(config.site_dir)
    path = site_dir / INDEX
    if not path.is_file():
        log.debug("no %s: the search plugin is off", INDEX)
        return
    glossary = _glossary(site_dir)
    try:
        index = improve_index(
            json.loads(path.read_text(encoding="utf-8")),
            definitions_from_glossary(glossary),
            glossary_location=glossary_location(glossary),
        )
    except SearchIndexError as error:
        raise PluginError("search_index:\n" + "\n".join(error.problems)) from None
    path.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
