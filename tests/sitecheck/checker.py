"""Runs every offline check of a built site; each finding located at its source line."""

from __future__ import annotations

from pathlib import Path

from . import content, external_links, glossary_file, internal_links, reachability
from .built_site import BuiltSite
from .findings import Finding
from .project import Project

CHECKS = (
    internal_links.check,
    content.check,
    reachability.check,
    glossary_file.check,
    external_links.check,
)


def check_site(site_dir: Path, project: Project) -> list[Finding]:
    """Every problem in the site built from ``project`` into ``site_dir``, sorted."""
    site = BuiltSite(site_dir, project)
    findings: set[Finding] = set()
    for check in CHECKS:
        findings.update(check(site))
    return sorted(findings)
