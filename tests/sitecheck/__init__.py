"""Checks on a built Short Notes site, each problem reported at the Markdown line to fix.

Every problem reads ``docs/<file>.md:<line>: <class>: <detail>`` (``mkdocs.yml:<line>`` for
the theme's frame: nav, stylesheets). The HTML is parsed with lexbor (selectolax), never
searched with regular expressions; ``source_map`` finds the Markdown line.

Modules, one concern each:

- ``findings``: the fault classes and the record of one finding;
- ``project``: what mkdocs.yml says (pages, URLs, nav, ``not_in_nav``, exclusions, site_url);
- ``built_page`` / ``built_site``: the HTML pages (ids, links, prose) and URL resolution;
- ``source_map``: from an HTML element back to its Markdown line;
- ``internal_links``, ``content``, ``reachability``, ``glossary_file``, ``external_links``:
  the checks; ``checker.check_site`` runs them all;
- ``online``: the opt-in online check of external links (cache, retries, pacing);
- ``lychee``: runs lychee offline, the second opinion, and compares.

From the project root::

    NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict -d /tmp/site
    .venv/bin/python -m tests.sitecheck --site /tmp/site            # offline checks
    .venv/bin/python -m tests.sitecheck --site /tmp/site --online   # + external links
"""

import sys
from pathlib import Path

# The checks share the hooks' pure logic (hooks/shortnotes). pytest puts hooks/ on sys.path
# (pyproject.toml); `python -m tests.sitecheck` needs it too.
_HOOKS = str(Path(__file__).resolve().parents[2] / "hooks")
if _HOOKS not in sys.path:
    sys.path.append(_HOOKS)

from .checker import check_site  # noqa: E402
from .findings import Fault, Finding, format_findings  # noqa: E402
from .project import Project  # noqa: E402

__all__ = ["Fault", "Finding", "Project", "check_site", "format_findings"]
