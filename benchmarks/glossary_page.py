"""The glossary page before and after a change, measured side by side in one run.

    .venv/bin/python benchmarks/glossary_page.py --before BEFORE_SITE --after AFTER_SITE
    .venv/bin/python benchmarks/glossary_page.py --before-ref main   # builds main's site too
    .venv/bin/python benchmarks/glossary_page.py --smoke     # a 3-page site against itself

Both sites are built sites (``mkdocs build --strict -d DIR``); with ``--before-ref`` the
script builds that git revision's site itself (``git worktree``-free: ``git archive`` into a
temporary folder) and the current tree's site. It reports, for each site's glossary page:

- the HTML: bytes, gzip bytes, elements, "Mentioned in" links (parsed with lexbor);
- in Debian's Chromium on a phone (375 px wide, 4x CPU slowdown as Lighthouse's mobile preset),
  loading the page ``--runs`` times, the two sites' loads interleaved so both see the same
  machine: Chromium's own counters of main-thread time (script, style, layout) and the
  page's height in screens, with every entry shown and with one topic chosen (when the page
  has the filter);

and the ratio after / before of each median. Absolute times depend on the machine's load;
the ratios are what to read. Nothing is asserted: this is a measurement.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from browser.chromium import PHONE, launch  # noqa: E402 (needs the path above)
from browser.site_server import serve_site  # noqa: E402
from browser.site_variants import load_config  # noqa: E402
from playwright.sync_api import Browser, sync_playwright  # noqa: E402
from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from benchmarks.synthetic_notes import write_site  # noqa: E402

PAGE = "glossary/"
CPU_SLOWDOWN = 4
COUNTERS = ("ScriptDuration", "RecalcStyleDuration", "LayoutDuration", "TaskDuration")


def build(config: Path, site_dir: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
    subprocess.run([*command, "-d", str(site_dir)], cwd=config.parent, env=env, check=True)


def export(ref: str, into: Path) -> Path:
    """The files of git revision ``ref``, written into ``into`` (no checkout touched)."""
    archive = into / "tree.tar"
    subprocess.run(["git", "archive", "-o", str(archive), ref], cwd=ROOT, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return into / "tree"


def html_figures(site_dir: Path) -> dict[str, float]:
    data = (site_dir / PAGE / "index.html").read_bytes()
    tree = LexborHTMLParser(data.decode("utf-8"))
    return {
        "HTML bytes": len(data),
        "HTML gzip bytes": len(gzip.compress(data, 9)),
        "elements": sum(1 for _ in tree.root.traverse(include_text=False)),
        "'Mentioned in' links": len(tree.css(".sn-glossary-mentions a")),
    }


def load_once(browser: Browser, url: str) -> dict[str, float]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    cdp.send("Performance.enable")
    page.goto(url, wait_until="load")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 500)))")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    figures = {f"{name} (ms)": metrics[name] * 1000 for name in COUNTERS}
    # Heights with every entry laid out: content-visibility would count skipped letters at
    # their placeholder size.
    page.add_style_tag(content="* { content-visibility: visible !important; }")
    screens = page.evaluate("() => document.documentElement.scrollHeight / innerHeight")
    figures["screens, all entries"] = screens
    topic = page.locator(".sn-glossary-topics label", has_text="Python")
    if topic.count():
        topic.click()
        figures["screens, one topic (Python)"] = page.evaluate(
            "() => document.documentElement.scrollHeight / innerHeight"
        )
    context.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--before", type=Path, help="the built site before the change")
    parser.add_argument("--after", type=Path, help="the built site after (default: build)")
    parser.add_argument("--before-ref", help="build this git revision's site as --before")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--smoke", action="store_true", help="a 3-page synthetic site against itself: runs?"
    )
    args = parser.parse_args()
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="glossary-page-")))
        before, after = args.before, args.after
        if args.smoke:
            before = after = work / "smoke"
            build(write_site(work / "corpus", pages=3, terms=4, hooks=True), before)
            args.runs = 1
        if before is None:
            if not args.before_ref:
                parser.error("give --before SITE or --before-ref REF")
            before = work / "before"
            build(export(args.before_ref, work) / "mkdocs.yml", before)
        if after is None:
            after = work / "after"
            build(ROOT / "mkdocs.yml", after)
        sites = {"before": before, "after": after}
        site_url = load_config()["site_url"]
        bases = {
            name: stack.enter_context(serve_site(site, site_url=site_url))
            for name, site in sites.items()
        }
        static = {name: html_figures(site) for name, site in sites.items()}
        loads: dict[str, list[dict[str, float]]] = {name: [] for name in sites}
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for _ in range(args.runs):
                for name in sites:  # interleaved: both sites see the same machine
                    loads[name].append(load_once(browser, bases[name] + PAGE))
            browser.close()
    rows = []
    for figure in static["before"]:
        rows.append((figure, static["before"][figure], static["after"][figure]))
    for figure in loads["after"][0]:
        medians = []
        for name in sites:
            values = [run[figure] for run in loads[name] if figure in run]
            medians.append(statistics.median(values) if values else float("nan"))
        rows.append((f"{figure}, median of {args.runs}", *medians))
    print("| Glossary page | before | after | after / before |\n|---|--:|--:|--:|")
    for figure, was, now in rows:
        ratio = now / was if was else float("nan")
        print(f"| {figure} | {was:,.1f} | {now:,.1f} | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
