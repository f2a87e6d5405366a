"""Command line: check a built site, and optionally its external links online."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import external_links, online
from .built_site import BuiltSite
from .checker import check_site
from .findings import format_findings
from .project import Project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.sitecheck", description=__doc__)
    parser.add_argument("--site", type=Path, required=True, help="the built site directory")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument(
        "--online",
        action="store_true",
        default=online.online_requested(),
        help=f"also request every external link (or set {online.ONLINE_ENV}=1)",
    )
    parser.add_argument("--cache", type=Path, default=online.DEFAULT_CACHE)
    args = parser.parse_args(argv)

    project = Project(args.config)
    findings = check_site(args.site, project)
    print(format_findings(findings) if findings else "No problems in the built site.")
    failed = bool(findings)
    if args.online:
        links = external_links.collect(BuiltSite(args.site, project))
        results = online.check_urls(
            [link.url for link in links], cache=online.LinkCache(args.cache)
        )
        report = online.format_report(links, results)
        print(report or f"All {len(links)} external links answer.")
        failed |= any(result.fails for result in results.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
