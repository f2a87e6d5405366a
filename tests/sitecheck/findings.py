"""The fault classes the built-site checks report, and the record of one finding."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Fault(StrEnum):
    """What is wrong; printed in every message as ``<file>:<line>: <class>: <detail>``."""

    # An internal href/src that does not reach a built file.
    MISSING_PAGE = "missing-page"
    MISSING_IMAGE = "missing-image"
    MISSING_FILE = "missing-file"  # a download: .pdf, .zip, .txt, ...
    MISSING_ASSET = "missing-asset"  # CSS, JavaScript, icons loaded by the page
    WRONG_CASE_PAGE = "wrong-case-page"
    HTML_LINK = "html-link"  # `page.html` instead of `page.md`
    DIRECTORY_LINK = "directory-link"  # `page/` instead of `page.md`
    RAW_HTML_LINK = "raw-html-link"  # `<a href="page.md">`: MkDocs never rewrites raw HTML
    EXCLUDED_PAGE_LINK = "excluded-page-link"
    DRAFT_PAGE_LINK = "draft-page-link"
    ROOT_ABSOLUTE_LINK = "root-absolute-link"
    SITE_URL_LINK = "site-url-link"
    # A #fragment that does not exist on its target page.
    MISSING_FRAGMENT = "missing-fragment"
    WRONG_CASE_FRAGMENT = "wrong-case-fragment"
    UNKNOWN_TERM = "unknown-term"  # glossary.md#<id> with no such term
    # Page content.
    DUPLICATE_ID = "duplicate-id"
    UNRESOLVED_REFERENCE = "unresolved-reference"  # [text][ref], [[page]] or [^note] as text
    UNREACHABLE_PAGE = "unreachable-page"
    # External links (offline: syntax only).
    EMPTY_MAILTO = "empty-mailto"
    MALFORMED_URL = "malformed-url"
    LOCAL_HOST_LINK = "local-host-link"  # a clickable link to localhost / example.com
    # The glossary data file (site/glossary.json) against the pages.
    GLOSSARY_DATA_MISSING = "glossary-data-missing"
    GLOSSARY_DATA_INVALID = "glossary-data-invalid"
    GLOSSARY_ANCHOR_MISSING = "glossary-anchor-missing"
    GLOSSARY_ENTRY_MISSING = "glossary-entry-missing"
    GLOSSARY_MENTION_MISSING = "glossary-mention-missing"
    GLOSSARY_LINK_MISSING = "glossary-link-missing"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem, located where a contributor fixes it (``docs/x.md`` or ``mkdocs.yml``).

    ``page`` (the built HTML file) and ``target`` (the resolved site path and fragment)
    are kept for comparing with lychee; they take no part in equality.
    """

    path: str
    line: int
    fault: Fault
    detail: str
    page: str = field(default="", compare=False)
    target: str = field(default="", compare=False)

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def __str__(self) -> str:
        return f"{self.location}: {self.fault}: {self.detail}"


def format_findings(findings: list[Finding]) -> str:
    """A report listing every finding, one per line, for a failing test or the CLI."""
    lines = [str(finding) for finding in sorted(set(findings))]
    return f"{len(lines)} problem(s) in the built site:\n" + "\n".join(lines)
