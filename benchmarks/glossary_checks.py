"""How the glossary-file checks (tests/sitecheck/glossary_file.py) grow with the terms a page
mentions. A benchmark, not a test.

    python benchmarks/glossary_checks.py            # 500, 1000 and 2000 terms
    python benchmarks/glossary_checks.py --smoke    # tiny sizes, a few seconds

For each size T it builds (strictly, in this process, untimed) a site with one page defining T
terms, each under its own heading, and one page mentioning every term once, ten per section.
Then it times ``glossary_file.check`` on each built site, the sizes alternating so that a
noisy machine slows them alike, and keeps the best of the repeats in CPU time (other processes
on a shared machine do not move it). Linear checks grow like the terms: about 4x from 500 to
2000. The last line reads ``terms=500:…ms terms=1000:…ms terms=2000:…ms growth_500_to_2000=X``
(with ``--smoke``, the smallest and largest of its sizes name the ratio).
The sites live under benchmarks/.work/ (git-ignored).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import logging
import os
import shutil
import sys
import time
from pathlib import Path

if __package__ in (
    None,
    "",
):  # run as a script: make `tests`, `benchmarks`, `shortnotes` importable
    root = Path(__file__).resolve().parent.parent
    sys.path[:0] = [str(root), str(root / "hooks")]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from tests.glossary.sites import build_site, write_site
from tests.sitecheck import glossary_file
from tests.sitecheck.built_site import BuiltSite
from tests.sitecheck.project import Project

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work" / "glossary-checks"
SIZES = (500, 1000, 2000)
SMOKE_SIZES = (20, 40)
TERMS_PER_SECTION = 10


def term_name(number: int) -> str:
    """A distinct made-up word per number (letters only: a term matches whole words)."""
    letters = ""
    number += 26 * 26  # at least three letters
    while number:
        number, digit = divmod(number, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
    return f"Zeq{letters}"


def site_pages(terms: int) -> dict[str, str]:
    names = [term_name(number) for number in range(terms)]
    front = ["---", "title: Terms", "description: Defines every term of the benchmark.", "terms:"]
    for name in names:
        front += [
            f"  - term: {name}",
            f"    summary: What {name} means, in one plain sentence.",
            f"    anchor: {name.lower()}",
        ]
    definitions = [*front, "---", "", "# Terms", ""]
    for name in names:
        definitions += [f"## {name} {{ #{name.lower()} }}", "", f"{name} is explained here.", ""]
    mentions = ["---", "title: Mentions", "description: Mentions every term once.", "---", ""]
    mentions += ["# Mentions", ""]
    for start in range(0, terms, TERMS_PER_SECTION):
        mentions += [f"## Part {start // TERMS_PER_SECTION} {{ #part-{start} }}", ""]
        mentions += [
            f"This part uses {name} once." for name in names[start : start + TERMS_PER_SECTION]
        ]
        mentions.append("")
    return {
        "index.md": "# Benchmark\n\nThe glossary checks on one page that mentions every term.\n",
        "terms.md": "\n".join(definitions) + "\n",
        "mentions.md": "\n".join(mentions) + "\n",
    }


def build(terms: int) -> Path:
    """Write and build the site for ``terms`` terms; returns its config file."""
    root = WORK / f"terms-{terms}"
    shutil.rmtree(root, ignore_errors=True)
    config = write_site(root, site_pages(terms))
    with contextlib.redirect_stderr(io.StringIO()):
        build_site(config)
    return config


def time_check(config: Path) -> tuple[float, int]:
    """CPU seconds of one run of the checks on a freshly loaded site, and its finding count."""
    site = BuiltSite(config.parent / "site", Project(config))
    gc.collect()  # every run starts with the same clean heap
    started = time.process_time()
    findings = glossary_file.check(site)
    return time.process_time() - started, len(findings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: proves the script runs")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (best one counts)")
    args = parser.parse_args(argv)
    sizes = SMOKE_SIZES if args.smoke else SIZES
    repeat = 1 if args.smoke else max(1, args.repeat)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)

    configs = {terms: build(terms) for terms in sizes}
    time_check(configs[sizes[0]])  # warm-up: imports, the schema validator, file caches
    best: dict[int, float] = {}
    for _ in range(repeat):
        for terms, config in configs.items():  # sizes alternate: noise hits them alike
            seconds, findings = time_check(config)
            if findings:
                print(f"terms={terms}: the checks report {findings} findings on a good site")
                return 1
            best[terms] = min(seconds, best.get(terms, seconds))
    for terms in sizes:
        print(f"{terms:5d} terms: {best[terms] * 1000:9.1f} ms CPU")
    small, large = sizes[0], sizes[-1]
    growth = best[large] / best[small] if best[small] else float("inf")
    figures = " ".join(f"terms={terms}:{best[terms] * 1000:.0f}ms" for terms in sizes)
    print(f"{figures} growth_{small}_to_{large}={growth:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
