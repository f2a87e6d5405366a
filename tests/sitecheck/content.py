"""Page content: ids unique on each page, no reference-style link left showing as text."""

from __future__ import annotations

import re
from collections import Counter

from . import source_map
from .built_site import BuiltSite
from .findings import Fault, Finding

# Python-Markdown leaves a reference it cannot resolve as the literal text. Searched in the
# text of the article's blocks (code, kbd and friends left out), never in the HTML itself.
_UNRESOLVED = (
    (re.compile(r"\[\[[^\[\]\n]+\]\]"), "a [[wiki link]], which Markdown does not know"),
    (re.compile(r"\[[^\[\]\n]+\]\[[^\[\]\n]*\]"), "a reference link whose [ref]: is not defined"),
    (re.compile(r"\[\^[^\[\]\s]+\]"), "a footnote reference whose [^note]: is not defined"),
)


def check(site: BuiltSite) -> list[Finding]:
    findings: list[Finding] = []
    for dest in site.html_files:
        findings += _duplicate_ids(site, dest)
        findings += _unresolved_references(site, dest)
    return sorted(set(findings))


def _duplicate_ids(site: BuiltSite, dest: str) -> list[Finding]:
    page = site.page(dest)
    path, source = site.locate_page(dest)
    findings = []
    for anchor, count in sorted(page.ids.items()):
        if count < 2:
            continue
        line = (
            source_map.id_line(site.project.markdown(source), anchor, occurrence=1) if source else 1
        )
        findings.append(
            Finding(
                path,
                line,
                Fault.DUPLICATE_ID,
                f"id `{anchor}` is used {count} times on this page; links to #{anchor} "
                "reach only the first: give each heading its own id",
                page=dest,
            )
        )
    return findings


def _unresolved_references(site: BuiltSite, dest: str) -> list[Finding]:
    path, source = site.locate_page(dest)
    seen: Counter[str] = Counter()
    findings = []
    for block in site.page(dest).prose_blocks:
        for pattern, what in _UNRESOLVED:
            for match in pattern.finditer(block):
                text = match.group(0)
                block = block.replace(text, " " * len(text), 1)
                line = (
                    source_map.text_line(site.project.markdown(source), text, occurrence=seen[text])
                    if source
                    else 1
                )
                seen[text] += 1
                findings.append(
                    Finding(
                        path,
                        line,
                        Fault.UNRESOLVED_REFERENCE,
                        f"`{text}` shows as text: {what}",
                        page=dest,
                    )
                )
    return findings
