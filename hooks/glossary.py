"""Glossary hooks: automatic term links, the glossary page, backlinks, glossary.json.

MkDocs events only; the work is done by ``shortnotes.terms`` (schema, checks),
``shortnotes.autolink`` (the Python-Markdown extension), ``shortnotes.glossary_page``,
``shortnotes.backlinks`` and ``shortnotes.glossary_data``. Events, in build order:

- ``on_config``: fresh state for this build (the module is cached by ``mkdocs serve``
  and by a second in-process build); append the autolink extension.
- ``on_files`` (priority -50: after plugins that add pages): read every page's front
  matter, check the terms, compile the matcher. Generates ``glossary.md`` if absent.
- ``on_nav``: remember the navigation order (backlink lists follow it) and each page's
  topic, its top-level section (the glossary filters by it).
- ``on_page_markdown``: tell the extension which page renders; on the glossary page,
  replace the marker with the generated entries.
- ``on_page_content``: keep the page's record (headings, mentions, links); check
  the anchors of the terms it defines, and that the page wrote no tooltip of its own.
- ``on_env`` (all pages rendered, before search reads ``page.content``): fail with
  every problem found, else fill the glossary's "Mentioned in" lists, append
  backlinks to the notes and add ``glossary.json`` to the site.
- ``on_post_page``: put the filter form into the glossary page, after the HTML policy
  (``source_checks``, ``on_page_context``) checked what the page's Markdown made.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from shortnotes import backlinks, glossary_data, glossary_page
from shortnotes.autolink import AutolinkExtension, PageRecord
from shortnotes.changed_files import EditedPages
from shortnotes.terms import (
    Problem,
    Term,
    TermIndex,
    build_index,
    check_anchors,
    read_page,
    summary_by_hand,
)

GLOSSARY_PAGE = "glossary.md"
HOME_PAGE = "index.md"
DATA_FILE = "glossary.json"

log = logging.getLogger("mkdocs.hooks.glossary")


@dataclass
class _Build:
    """Everything one build learns; replaced in ``on_config``."""

    extension: AutolinkExtension = field(default_factory=AutolinkExtension)
    index: TermIndex = field(default_factory=TermIndex)
    problems: list[Problem] = field(default_factory=list)
    records: dict[str, PageRecord] = field(default_factory=dict)
    nav_order: list[str] = field(default_factory=list)
    topics: dict[str, str] = field(default_factory=dict)  # src_uri -> top-level section title
    filter_form: str = ""  # the glossary page's filter controls (glossary_page.filter_form)
    docs_label: str = "docs"


_build = _Build()


def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    """Default priority: only the glossary's own state and extension are touched."""
    global _build
    _build = _Build()
    extensions = [
        ext for ext in config.markdown_extensions if not isinstance(ext, AutolinkExtension)
    ]
    config.markdown_extensions = [*extensions, _build.extension]
    config_dir = os.path.dirname(config.config_file_path) if config.config_file_path else "."
    _build.docs_label = os.path.relpath(config.docs_dir, config_dir).replace(os.sep, "/")
    return config


@event_priority(-50)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Priority -50: runs after plugins that add pages, so their terms count too."""
    if files.get_file_from_path(GLOSSARY_PAGE) is None:
        files.append(File.generated(config, GLOSSARY_PAGE, content=glossary_page.DEFAULT_PAGE))
    pages = [read_page(file.src_uri, file.content_string) for file in files.documentation_pages()]
    _build.index = build_index(
        pages, reserved_ids=glossary_page.RESERVED_IDS, edited=EditedPages(Path(config.docs_dir))
    )
    _build.extension.set_terms(_build.index.terms)
    log.debug("%d glossary terms", len(_build.index.terms))
    return files


def on_nav(nav: Navigation, **kwargs) -> None:
    """Default priority: the order and sections are read, nothing is changed."""
    _build.nav_order = [page.file.src_uri for page in nav.pages]
    _build.topics = {}
    for page in nav.pages:
        section = page.parent
        while section is not None and section.parent is not None:
            section = section.parent
        if section is not None and section.title:
            _build.topics[page.file.src_uri] = section.title


def on_page_markdown(markdown: str, *, page: Page, files: Files, **kwargs) -> str:
    """Default priority: whatever other plugins do to the Markdown, the linker runs on
    the element tree afterwards; only the glossary page's marker is replaced here."""
    src = page.file.src_uri
    page_terms = _build.index.pages.get(src)
    enabled = src != GLOSSARY_PAGE and (page_terms is None or page_terms.autolink)
    _build.extension.start_page(src, enabled=enabled)
    if src != GLOSSARY_PAGE:
        return markdown
    if glossary_page.PAGE_MARKER not in markdown:
        _build.problems.append(
            Problem(
                src,
                1,
                f"the glossary page has no `{glossary_page.PAGE_MARKER}` marker",
                "put the marker on its own line where the entries should appear",
            )
        )
        return markdown
    titles = {src: pt.title or _title_from_path(src) for src, pt in _build.index.pages.items()}

    def explained_at(term: Term) -> str:
        target = files.get_file_from_path(term.page)
        return _href(page.file.url, f"{target.url if target else term.page}#{term.anchor}")

    entries = glossary_page.render_markdown(
        _build.index.terms, page_titles=titles, href=explained_at, topics=_build.topics
    )
    _build.filter_form = glossary_page.filter_form(_build.index.terms, _build.topics)
    return markdown.replace(glossary_page.PAGE_MARKER, entries, 1)


def on_page_content(html: str, *, page: Page, **kwargs) -> None:
    """Default priority: reads what the extension recorded while the page rendered."""
    record = _build.extension.finish_page()
    if record is None:
        return
    _build.records[record.src_uri] = record
    defined = _build.index.defined_on(record.src_uri)
    _build.problems.extend(check_anchors(defined, record.heading_ids))
    if record.summary_by_hand:
        _build.problems.append(summary_by_hand(record.src_uri, page.file.content_string))


def on_env(env, *, config: MkDocsConfig, files: Files):
    """Default priority: on_env runs once every page is rendered and before any
    ``on_page_context`` (where search indexes ``page.content``), whatever the priority."""
    _fail_on_problems()
    pages = {
        file.src_uri: file.page
        for file in files.documentation_pages()
        if file.page is not None and file.page.content is not None
    }
    order = [src for src in _build.nav_order if src in pages]
    in_nav = set(order)
    order += [src for src in pages if src not in in_nav]
    titles = {src: page.title or _title_from_path(src) for src, page in pages.items()}
    urls = {src: page.url for src, page in pages.items()}
    terms = sorted(_build.index.terms, key=glossary_page.sort_key)
    mentions = glossary_data.collect_mentions(
        terms, _build.records, order=order, page_urls=urls, page_titles=titles
    )
    glossary = pages.get(GLOSSARY_PAGE)
    if glossary is not None:
        blocks = glossary_page.mentions_blocks(
            terms,
            mentions,
            intro=glossary_data.intro_sections(_build.records),
            titles=titles,
            href=lambda url: _href(glossary.url, url),
        )
        glossary.content = glossary_page.fill_mentions(glossary.content or "", blocks)
    notes = [src for src in order if src not in (GLOSSARY_PAGE, HOME_PAGE)]
    blocks = backlinks.note_blocks(
        notes=notes,
        records=_build.records,
        terms=terms,
        titles=titles,
        href=lambda from_src, to_src: _href(urls[from_src], urls[to_src]),
    )
    for src, block in blocks.items():
        pages[src].content = (pages[src].content or "") + "\n" + block
    data = glossary_data.to_json(
        terms,
        mentions,
        glossary_page=GLOSSARY_PAGE,
        glossary_url=urls.get(GLOSSARY_PAGE, ""),
        page_urls=urls,
    )
    # No indent and ASCII escapes: json's fastest C encoder (the file is for programs).
    content = json.dumps(data, separators=(",", ":"))
    files.append(File.generated(config, DATA_FILE, content=content))
    return env


def on_post_page(output: str, *, page: Page, **kwargs) -> str:
    if page.file.src_uri != GLOSSARY_PAGE or not _build.filter_form:
        return output
    return glossary_page.fill_filter(output, _build.filter_form)


def _fail_on_problems() -> None:
    """Every problem found since on_files, sorted by place, then one PluginError."""
    problems = _build.index.problems + _build.problems + _unrendered_definitions()
    if not problems:
        return
    problems.sort(key=lambda problem: (problem.src_uri, problem.line))
    for problem in problems:
        log.error(problem.format(_build.docs_label))
    raise PluginError(f"{len(problems)} glossary problem(s), listed above")


def _unrendered_definitions() -> list[Problem]:
    return [
        Problem(
            term.page,
            term.line,
            f"term `{term.term}` is defined on a page that is not built",
            "define it on a page of the site (not a draft or excluded page)",
        )
        for term in _build.index.terms
        if term.page not in _build.records
    ]


def _href(from_url: str, to_url: str) -> str:
    """Link from a built page to a site-relative url, anchor kept (MkDocs computes it)."""
    path, _, anchor = to_url.partition("#")
    href = _relative_url(path, from_url)
    return f"{href}#{anchor}" if anchor else href


@functools.lru_cache(maxsize=65536)  # pages link the same few targets many times
def _relative_url(path: str, from_url: str) -> str:
    return get_relative_url(path, from_url)


def _title_from_path(src_uri: str) -> str:
    stem = os.path.splitext(os.path.basename(src_uri))[0]
    return stem.replace("-", " ").replace("_", " ").capitalize()
