"""Source checks: fail the build on notes that MkDocs would render silently broken or unsafe.

Events, in order (the checks themselves live in ``shortnotes.source_checks``):

- ``on_config``: start a fresh problem list (hook modules survive ``mkdocs serve`` rebuilds
  and a second build in one process), and check the nav titles written in mkdocs.yml.
- ``on_files`` (priority 100, before any other hook reads front matter): the front matter of
  every page that will be built.
- ``on_page_content`` (priority -100, after every other hook changed the HTML): unsafe markup in
  the rendered content, located back in the Markdown source.
- ``on_post_build``: raise ``PluginError`` listing every problem. Raised once the site is written,
  as MkDocs' own ``--strict`` does, so one run lists every problem in every page.

Each problem is also logged as an error the moment it is found, so it shows even when another
hook stops the build first.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from shortnotes import source_checks
from shortnotes.source_checks import SourceProblem

log = logging.getLogger("mkdocs.hooks.source_checks")


@dataclass
class _Run:
    """State of one build; replaced in on_config."""

    docs_prefix: str = "docs"
    problems: list[SourceProblem] = field(default_factory=list)

    def report(self, problems: list[SourceProblem]) -> None:
        for problem in problems:
            log.error(str(problem))
        self.problems.extend(problems)


_run = _Run()


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    global _run
    config_path = Path(config.config_file_path or "mkdocs.yml").resolve()
    # Messages name files as the contributor sees them from the project root: docs/x.md.
    _run = _Run(docs_prefix=Path(os.path.relpath(config.docs_dir, config_path.parent)).as_posix())
    if config_path.is_file():
        _run.report(
            source_checks.check_nav_titles(
                config.nav,
                config_text=config_path.read_text(encoding="utf-8"),
                path=config_path.name,
            )
        )


@event_priority(100)
def on_files(files: Files, *, config: MkDocsConfig, **kwargs: Any) -> None:
    for file in files.documentation_pages():
        _run.report(
            source_checks.check_front_matter(
                file.content_string, path=f"{_run.docs_prefix}/{file.src_uri}"
            )
        )


@event_priority(-100)
def on_page_content(html: str, *, page: Page, **kwargs: Any) -> None:
    _run.report(
        source_checks.check_rendered_html(
            html, source=page.file.content_string, path=f"{_run.docs_prefix}/{page.file.src_uri}"
        )
    )


def on_post_build(*, config: MkDocsConfig, **kwargs: Any) -> None:
    if _run.problems:
        raise PluginError(
            f"{len(set(_run.problems))} source problem(s):\n"
            + source_checks.format_report(_run.problems)
        )
