"""Source checks: fail the build on notes that MkDocs would render silently broken or unsafe.

Events, in order (the checks themselves live in ``shortnotes.source_checks``,
``shortnotes.frontmatter_schema``, ``shortnotes.html_policy`` and ``shortnotes.publication``):

- ``on_config``: start a fresh problem list (hook modules survive ``mkdocs serve`` rebuilds
  and a second build in one process); check the nav titles written in mkdocs.yml and the
  snippet settings (only the allowed folders, no link out of them).
- ``on_files`` (priority 100, before any other hook reads a page): drop every file whose real
  path is outside its folder (a symbolic link to ``/etc/passwd`` is never copied) and every
  file of ``docs/`` that is not a note or an image within the policy (an ``.html`` or ``.js``
  file would run on the site's origin), then check each page's encoding and front matter.
  A page that is not UTF-8 or whose front matter uses YAML aliases stops the build here,
  before anything expands or decodes it again.
- ``on_page_markdown`` (priority 100): remove the front-matter keys the schema rejected from
  ``page.meta``, so the theme never renders a wrong-typed value.
- ``on_page_context`` (priority -100, after every hook changed the content, ``on_env``'s
  backlinks included): the rendered content against the HTML policy, located in the source.
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
from shortnotes import publication, source_checks
from shortnotes.source_checks import Problem, SourceProblem

log = logging.getLogger("mkdocs.hooks.source_checks")
# The repository: the folder this hooks/ folder is in (fixture configs live deeper down).
_PROJECT = Path(__file__).resolve().parent.parent


@dataclass
class _Run:
    """State of one build; replaced in on_config."""

    docs_prefix: str = "docs"
    statuses: tuple[str, ...] = ()
    problems: list[SourceProblem] = field(default_factory=list)
    rejected_keys: dict[str, frozenset[str]] = field(default_factory=dict)

    def report(self, problems: list[SourceProblem]) -> None:
        for problem in problems:
            log.error(str(problem))
        self.problems.extend(problems)

    def shown(self, src_uri: str) -> str:
        return f"{self.docs_prefix}/{src_uri}"


_run = _Run()


def on_config(config: MkDocsConfig, **kwargs: Any) -> None:
    global _run
    config_path = Path(config.config_file_path or "mkdocs.yml").resolve()
    # Messages name files as the contributor sees them from the project root: docs/x.md.
    _run = _Run(
        docs_prefix=Path(os.path.relpath(config.docs_dir, config_path.parent)).as_posix(),
        statuses=tuple((config.extra or {}).get("status") or ()),
    )
    if config_path.is_file():
        config_text = config_path.read_text(encoding="utf-8")
        _run.report(
            source_checks.check_nav_titles(
                config.nav, config_text=config_text, path=config_path.name
            )
        )
        snippets = None
        if "pymdownx.snippets" in config.markdown_extensions:
            snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
        _run.report(
            [
                SourceProblem(
                    problem.path,
                    _line_of(config_text, "pymdownx.snippets")
                    if problem.path == "mkdocs.yml"
                    else 1,
                    Problem.SNIPPET_POLICY,
                    problem.detail,
                )
                for problem in publication.check_snippet_config(
                    snippets, project_root=str(_PROJECT)
                )
            ]
        )
        if snippets is not None:
            publication.anchored_base_paths(snippets, project_root=str(_PROJECT))


def _shown_path(path: str, root: Path) -> str:
    """A path as the contributor sees it from the project root (absolute when outside it)."""
    relative = os.path.relpath(path, root)
    return path if relative.startswith("..") else Path(relative).as_posix()


def _line_of(text: str, needle: str) -> int:
    return next((n for n, line in enumerate(text.split("\n"), 1) if needle in line), 1)


@event_priority(100)
def on_files(files: Files, *, config: MkDocsConfig, **kwargs: Any) -> Files:
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    on_disk = [(_shown_path(file.abs_src_path, root), file) for file in files if file.abs_src_path]
    leaving = publication.leaving_their_folder(
        (shown, file.abs_src_path, file.src_dir) for shown, file in on_disk
    )
    for shown, file in on_disk:
        if shown in leaving:
            files.remove(file)
            _run.report(
                [
                    SourceProblem(
                        shown,
                        1,
                        Problem.OUTSIDE_DOCS,
                        f"is a link to {leaving[shown]}, outside the folder it is published "
                        "from; it is not published — copy the file instead of linking to it",
                    )
                ]
            )
    # mkdocs.yml may name stylesheets and scripts of docs/ (a change reviewed as code).
    configured = {str(asset) for asset in [*config.extra_css, *config.extra_javascript]}
    for file in list(files):
        if file.src_dir != config.docs_dir or file.is_documentation_page():
            continue
        if file.src_uri in configured:
            continue
        problems = source_checks.check_published_file(
            file.src_uri, file.content_bytes, path=_run.shown(file.src_uri)
        )
        if problems:
            files.remove(file)  # never copied into the site
            _run.report(problems)
    fatal: list[SourceProblem] = []
    for file in files.documentation_pages():
        path = _run.shown(file.src_uri)
        problems = source_checks.check_encoding(file.content_bytes, path=path)
        if not problems:
            checked = source_checks.read_front_matter(
                file.content_string, path=path, statuses=_run.statuses
            )
            problems = checked.problems
            if checked.rejected_keys:
                _run.rejected_keys[file.src_uri] = checked.rejected_keys
        _run.report(problems)
        fatal += [p for p in problems if p.problem in (Problem.NOT_UTF8, Problem.YAML_ALIAS)]
    if fatal:
        # Reading these pages again (MkDocs does, to render them) would crash or expand them.
        raise PluginError(
            f"{len(fatal)} page(s) cannot be read safely:\n" + source_checks.format_report(fatal)
        )
    return files


@event_priority(100)
def on_page_markdown(markdown: str, *, page: Page, **kwargs: Any) -> None:
    for key in _run.rejected_keys.get(page.file.src_uri, ()):
        page.meta.pop(key, None)


@event_priority(-100)
def on_page_context(context: Any, *, page: Page, **kwargs: Any) -> None:
    _run.report(
        source_checks.check_rendered_html(
            page.content or "",
            # File.content_string reads the file again on every call: only for a violation.
            source=lambda: page.file.content_string,
            path=_run.shown(page.file.src_uri),
        )
    )


def on_post_build(*, config: MkDocsConfig, **kwargs: Any) -> None:
    if _run.problems:
        raise PluginError(
            f"{len(set(_run.problems))} source problem(s):\n"
            + source_checks.format_report(_run.problems)
        )
