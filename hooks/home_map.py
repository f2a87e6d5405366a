"""Home page map hook: the notes of each navigation section, with their descriptions.

MkDocs events only; the map is made by ``shortnotes.home_map``. Events, in build order:

- ``on_config``: fresh state (hook modules survive ``mkdocs serve`` rebuilds).
- ``on_nav``: read the navigation: each top-level section, its groups and notes, each note's
  title and ``description`` from its front matter.
- ``on_page_markdown``: on the home page, replace the ``<!-- shortnotes:map -->`` marker
  with the map; fail, naming each file, if a note of the map has no description or if the
  marker is on another page.
"""

from __future__ import annotations

import logging
import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from shortnotes import frontmatter, home_map
from shortnotes.terms import Problem

HOME_PAGE = "index.md"

log = logging.getLogger("mkdocs.hooks.home_map")

_sections: list[home_map.MapSection] = []
_docs_label = "docs"


def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    """Default priority: only this hook's state is touched."""
    global _sections, _docs_label
    _sections = []
    config_dir = os.path.dirname(config.config_file_path) if config.config_file_path else "."
    _docs_label = os.path.relpath(config.docs_dir, config_dir).replace(os.sep, "/")
    return config


def on_nav(nav: Navigation, **kwargs) -> None:
    """Default priority: the navigation is read, nothing is changed."""
    global _sections
    _sections = [_section(item) for item in nav.items if isinstance(item, Section)]


def on_page_markdown(markdown: str, *, page: Page, **kwargs) -> str | None:
    """Default priority: only the marker is replaced; the rest of the page is left alone."""
    if home_map.MARKER not in markdown:
        return None
    src = page.file.src_uri
    if src != HOME_PAGE:
        _fail(
            [
                Problem(
                    src,
                    _line_of(page.file.content_string, home_map.MARKER),
                    f"the `{home_map.MARKER}` marker works on the home page only",
                    f"remove it; the map is generated on {_docs_label}/{HOME_PAGE}",
                )
            ]
        )
    _fail(home_map.missing_descriptions(_sections))
    return markdown.replace(home_map.MARKER, home_map.render_markdown(_sections, home=HOME_PAGE), 1)


def _section(section: Section) -> home_map.MapSection:
    mapped = home_map.MapSection(section.title or "")
    for child in section.children:
        if isinstance(child, Section):
            mapped.groups.append(home_map.MapGroup(child.title or "", _notes(child)))
        elif isinstance(child, Page):
            if not mapped.groups or mapped.groups[-1].title:
                mapped.groups.append(home_map.MapGroup(""))
            mapped.groups[-1].notes.append(_note(child))
    return mapped


def _notes(section: Section) -> list[home_map.MapNote]:
    """Every note under ``section``, deeper sections flattened, in navigation order."""
    notes = []
    for child in section.children:
        if isinstance(child, Section):
            notes += _notes(child)
        elif isinstance(child, Page):
            notes.append(_note(child))
    return notes


def _note(page: Page) -> home_map.MapNote:
    data = frontmatter.parse(page.file.content_string).data
    title = page.title or data.get("title")  # a title given in nav: wins, as in MkDocs
    if not isinstance(title, str) or not title.strip():
        stem = os.path.splitext(os.path.basename(page.file.src_uri))[0]
        title = stem.replace("-", " ").capitalize()
    description = data.get("description")
    return home_map.MapNote(
        page.file.src_uri, title, description if isinstance(description, str) else ""
    )


def _line_of(markdown: str, text: str) -> int:
    """The 1-based line of ``text`` in a page's source."""
    return markdown[: markdown.index(text)].count("\n") + 1


def _fail(problems: list[Problem]) -> None:
    if not problems:
        return
    for problem in problems:
        log.error(problem.format(_docs_label))
    raise PluginError(f"{len(problems)} problem(s) with the home page map, listed above")
