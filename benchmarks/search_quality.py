"""Search quality and cost, measured in Material's real search UI in Chromium.

    .venv/bin/python benchmarks/search_quality.py             # quality before/after + cost
    .venv/bin/python benchmarks/search_quality.py --quality   # the query set only
    .venv/bin/python benchmarks/search_quality.py --smoke     # tiny site, 2 queries: runs?

Quality. Every query of benchmarks/search_queries.toml is typed into the search box of the
site served like GitHub Pages (tests/browser/site_server.py), in Debian's Chromium, and the
rank of the section that answers it is read from what the reader sees. Three builds side by
side in one run: the site as it is ("after"); the same site with Material's own search
worker instead of ours ("index-only": hooks/search_index.py alone, the
``material-search-worker`` variant of tests/browser/site_variants.py); and stock Material
search ("before": neither, the ``stock-search`` variant). Reports top-1, top-3 and MRR, and
lists every miss.

How a rank is counted (what the UI shows, in order). Material groups results by page: each
group is headed by the page's link, then the sections whose score equals the group's best,
then a closed "N more on this page" list. Positions are counted group after group:

- a group headed by the page itself (the page is its best match, it shows a teaser) counts
  the page as one position;
- otherwise the page's title is the heading of the sections shown under it, not a result
  of its own: each shown section is one position;
- sections folded under "more on this page" are not counted (the reader does not see them
  without opening the list); nor are groups beyond the first batch Material renders.

An answer with an ``#anchor`` matches only that section; an answer without one (the page as
a whole) matches the first position of its page's group.

Cost. Index size (bytes, and gzip as served) and time to first result, at the real site's
pages and at ``--pages`` synthetic pages (benchmarks/synthetic_notes.py), with the CPU slowed
4x (CDP Emulation.setCPUThrottlingRate rate 4, Lighthouse's mobile figure). Time to first
result: from navigation start to the first result of a query typed the moment the search
worker is ready, recorded in the page (performance.now() when the ready message and the
first result appear). Before and after are measured alternately in one run: compare them,
not the absolute figures of another run. Nothing asserts a time; this script only reports.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from browser.chromium import TIMEOUT_MS, launch  # noqa: E402 (needs the path above)
from browser.site_server import serve_site  # noqa: E402
from browser.site_variants import build_variant, load_config  # noqa: E402
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

from benchmarks.synthetic_notes import SITE_HOOKS, WITHOUT_SEARCH_INDEX, write_site  # noqa: E402

QUERIES = ROOT / "benchmarks" / "search_queries.toml"
WORK = ROOT / "benchmarks" / ".work" / "search"
SITE_URL = load_config()["site_url"]
THROTTLE = 4  # Lighthouse's mobile CPU slowdown
SEARCH_INPUT = "input.md-search__input"

# Reads what the search UI shows, in order (see "How a rank is counted" above).
_VISIBLE_RESULTS = """() => {
    const positions = [];
    for (const item of document.querySelectorAll(".md-search-result__item")) {
        const links = [...item.querySelectorAll(":scope > a.md-search-result__link")];
        if (!links.length) continue;
        const [head, ...sections] = links;
        const page = head.getAttribute("href").split("#")[0];
        // A page that is its group's best match shows a teaser under its title.
        const headTeaser = head.querySelector("article").children.length > 2;
        if (headTeaser || !sections.length) positions.push({page, href: head.href, group: page});
        for (const section of sections) positions.push({page, href: section.href, group: page});
    }
    return positions;
}"""

# Records, in the page, when the search worker is ready and when the first result shows.
_TIMING_PROBE = """(() => {
    const marks = window.__searchMarks = {ready: null, result: null};
    const check = () => {
        const meta = document.querySelector(".md-search-result__meta");
        const config = document.getElementById("__config");
        if (marks.ready === null && meta && config) {
            const ready = JSON.parse(config.textContent).translations["search.result.placeholder"];
            if (meta.textContent.trim() === ready) marks.ready = performance.now();
        }
        if (marks.result === null && document.querySelector(".md-search-result__item")) {
            marks.result = performance.now();
        }
    };
    const watched = {subtree: true, childList: true, characterData: true};
    new MutationObserver(check).observe(document, watched);
})();"""


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    answers: tuple[str, ...]  # the first is the main answer


@dataclass(frozen=True)
class Outcome:
    query: Query
    rank: int | None  # 1-based position of the first answer shown; None: not shown
    shown: tuple[str, ...]  # the first positions, for the list of misses


def load_queries(path: Path = QUERIES) -> list[Query]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Query(entry["q"], entry["kind"], (entry["answer"], *entry.get("also", [])))
        for entry in data["query"]
    ]


def check_queries(queries: list[Query], docs: Path) -> list[str]:
    """Each answer names a page of docs/ and an anchor that page defines: a typo in the query
    set would otherwise count as a search miss."""
    problems = []
    seen = set()
    for query in queries:
        if query.text in seen:
            problems.append(f"{query.text!r}: listed twice")
        seen.add(query.text)
        for answer in query.answers:
            path, _, anchor = answer.partition("#")
            source = docs / (path.rstrip("/") + ".md")
            if not source.is_file():
                problems.append(f"{query.text!r}: no page {path} (no {source.relative_to(ROOT)})")
            elif anchor and f"#{anchor} " not in source.read_text(encoding="utf-8").replace(
                "}", " }"
            ):
                problems.append(
                    f"{query.text!r}: {source.relative_to(ROOT)} has no {{ #{anchor} }}"
                )
    return problems


def _ready_placeholder(page: Page) -> str:
    return page.evaluate(
        "JSON.parse(document.getElementById('__config').textContent)"
        ".translations['search.result.placeholder']"
    )


def open_search(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.locator(SEARCH_INPUT).click()
    placeholder = _ready_placeholder(page)
    page.wait_for_function(
        "text => document.querySelector('.md-search-result__meta').textContent.trim() === text",
        arg=placeholder,
    )


def visible_results(page: Page, query: str) -> list[dict]:
    """Type ``query`` (all at once, one key-up: Material answers each key-up) and read the
    positions shown once Material has answered it."""
    box = page.locator(SEARCH_INPUT)
    placeholder = _ready_placeholder(page)
    box.fill("")
    box.press("End")
    page.wait_for_function(
        "text => document.querySelector('.md-search-result__meta').textContent.trim() === text",
        arg=placeholder,
    )
    box.fill(query)
    box.press("End")
    # Answered: the meta line no longer shows the placeholder (N results, or none).
    page.wait_for_function(
        "text => document.querySelector('.md-search-result__meta').textContent.trim() !== text",
        arg=placeholder,
    )
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")
    return page.evaluate(_VISIBLE_RESULTS)


def _relative(href: str, base_url: str) -> str:
    """``http://host/short-notes/redis/lists/?h=x#y`` -> ``redis/lists/#y`` (no highlight)."""
    parts = urlsplit(href)
    path = f"{parts.scheme}://{parts.netloc}{parts.path}"
    path = path[len(base_url) :] if path.startswith(base_url) else path
    return f"{path}#{parts.fragment}" if parts.fragment else path


def rank_of(positions: list[dict], answers: tuple[str, ...], base_url: str) -> int | None:
    for number, position in enumerate(positions, start=1):
        href = _relative(position["href"], base_url)
        page = href.split("#")[0]
        first_of_group = number == 1 or positions[number - 2]["group"] != position["group"]
        for answer in answers:
            if "#" in answer and href == answer:
                return number
            if "#" not in answer and page == answer and first_of_group:
                return number
    return None


def run_queries(browser: Browser, base_url: str, queries: list[Query]) -> list[Outcome]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    open_search(page, base_url)
    outcomes = []
    for query in queries:
        positions = visible_results(page, query.text)
        shown = tuple(_relative(p["href"], base_url) for p in positions[:3])
        outcomes.append(Outcome(query, rank_of(positions, query.answers, base_url), shown))
    context.close()
    return outcomes


@dataclass(frozen=True)
class Quality:
    top1: float
    top3: float
    mrr: float
    misses: list[Outcome]


def score(outcomes: list[Outcome]) -> Quality:
    ranks = [o.rank for o in outcomes]
    count = len(ranks) or 1
    return Quality(
        top1=sum(r == 1 for r in ranks) / count,
        top3=sum(r is not None and r <= 3 for r in ranks) / count,
        mrr=sum(1 / r for r in ranks if r) / count,
        misses=[o for o in outcomes if o.rank != 1],
    )


# Pagefind, evaluated side by side: its JavaScript API on the same served site, each page with
# its three sub-results (sections) that hold the most matches, as its UI shows a page; the
# sub-result of the page's H1 is the page itself.
_PAGEFIND_SEARCH = """async ([bundle, query, shownPerPage]) => {
    const pagefind = await import(bundle);
    await pagefind.init();
    const search = await pagefind.search(query);
    const pages = await Promise.all(search.results.slice(0, 10).map(result => result.data()));
    const positions = [];
    for (const page of pages) {
        const subs = [...(page.sub_results || [])]
            .sort((a, b) => b.locations.length - a.locations.length)
            .slice(0, shownPerPage);
        if (!subs.length) positions.push({href: page.url, group: page.url});
        for (const sub of subs) {
            const href = sub.anchor && sub.anchor.element === "h1" ? page.url : sub.url;
            positions.push({href, group: page.url});
        }
    }
    return {positions, at: performance.now()};
}"""
PAGEFIND_OPTIONS = [
    "--root-selector", "article.md-content__inner",  # the note, not the nav around it
    "--exclude-selectors", ".headerlink",
    "--glob", "**/index.html",
]  # fmt: skip


def add_pagefind(site_dir: Path) -> None:
    """Index ``site_dir`` with Pagefind (PyPI ``pagefind[bin]``) into ``site_dir/pagefind``."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), *PAGEFIND_OPTIONS]
    subprocess.run([*command, "--quiet"], check=True, capture_output=True)


def pagefind_results(page: Page, base_url: str, query: str) -> tuple[list[dict], float]:
    found = page.evaluate(_PAGEFIND_SEARCH, [base_url + "pagefind/pagefind.js", query, 3])
    for position in found["positions"]:  # Pagefind gives paths from the host's root
        position["href"] = urljoin(base_url, position["href"])
    return found["positions"], found["at"]


def run_pagefind(browser: Browser, base_url: str, queries: list[Query]) -> list[Outcome]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url)
    outcomes = []
    for query in queries:
        positions, _ = pagefind_results(page, base_url, query.text)
        shown = tuple(_relative(p["href"], base_url) for p in positions[:3])
        outcomes.append(Outcome(query, rank_of(positions, query.answers, base_url), shown))
    context.close()
    return outcomes


def pagefind_first_result_ms(browser: Browser, base_url: str, query: str) -> tuple[float, float]:
    """(bundle loaded and searched, first result's data) in ms after navigation start."""
    context = browser.new_context()
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
    page.goto(base_url)
    _, at = pagefind_results(page, base_url, query)
    context.close()
    return at, at


def pagefind_bytes(site_dir: Path) -> tuple[int, int]:
    """The whole bundle on disk (a reader fetches only the chunks a query needs)."""
    files = [f for f in (site_dir / "pagefind").rglob("*") if f.is_file()]
    return sum(f.stat().st_size for f in files), sum(
        f.stat().st_size for f in files if f.suffix in {".pf_index", ".pf_fragment", ".pf_meta"}
    )


def index_bytes(site_dir: Path) -> tuple[int, int]:
    data = (site_dir / "search" / "search_index.json").read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def first_result_ms(browser: Browser, base_url: str, query: str) -> tuple[float, float]:
    """(worker ready, first result) in ms after navigation start, CPU slowed ``THROTTLE`` x."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(max(TIMEOUT_MS, 180_000))  # 2000 pages, throttled
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
    page.add_init_script(_TIMING_PROBE)
    page.goto(base_url)
    page.locator(SEARCH_INPUT).click()
    page.wait_for_function("() => window.__searchMarks.ready !== null", polling=50)
    page.locator(SEARCH_INPUT).fill(query)
    page.locator(SEARCH_INPUT).press("End")
    page.wait_for_function("() => window.__searchMarks.result !== null", polling=50)
    marks = page.evaluate("() => window.__searchMarks")
    context.close()
    return marks["ready"], marks["result"]


def build(config: Path | None, site_dir: Path, *, strict: bool = True) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-d", str(site_dir)]
    command += ["--strict"] if strict else []
    command += ["-f", str(config)] if config else []
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)


def build_stock(directory: Path, variant: str = "stock-search") -> Path:
    done = build_variant(variant, directory)
    if done.returncode != 0:
        raise SystemExit(f"the {variant} variant does not build:\n{done.log}")
    return done.site_dir


# overrides/main.html names our search worker, with Material's after the "?".
OUR_WORKER = "assets/javascripts/short-notes-search-worker.js?workers/search."
MATERIAL_WORKER = "assets/javascripts/workers/search."


def use_material_worker(site_dir: Path) -> None:
    """Point a built site's pages back at Material's own search worker (stock search)."""
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if OUR_WORKER in text:
            page.write_text(text.replace(OUR_WORKER, MATERIAL_WORKER), encoding="utf-8")


def percent(value: float) -> str:
    return f"{100 * value:.1f} %"


def quality_report(name: str, outcomes: list[Outcome]) -> list[str]:
    quality = score(outcomes)
    lines = [
        f"### {name}: top-1 {percent(quality.top1)}, top-3 {percent(quality.top3)}, "
        f"MRR {quality.mrr:.3f} ({len(outcomes)} queries)",
        "",
    ]
    if quality.misses:
        lines += ["| query | kind | rank | answer | first shown |", "|---|---|---|---|---|"]
        for miss in quality.misses:
            rank = miss.rank if miss.rank else "not shown"
            shown = "<br>".join(miss.shown) or "nothing"
            lines.append(
                f"| `{miss.query.text}` | {miss.query.kind} | {rank} | {miss.query.answers[0]} "
                f"| {shown} |"
            )
        lines.append("")
    return lines


def cost_report(
    rows: list[tuple[str, str, tuple[int, int], list[tuple[float, float]]]],
) -> list[str]:
    lines = [
        f"| site | search | index bytes | gzip | worker ready (ms, CPU /{THROTTLE}) "
        "| first result (ms) | runs |",
        "|---|---|---|---|---|---|---|",
    ]
    for site, arm, (raw, packed), runs in rows:
        ready = statistics.median(r for r, _ in runs)
        first = statistics.median(f for _, f in runs)
        lines.append(
            f"| {site} | {arm} | {raw:,} | {packed:,} | {ready:,.0f} | {first:,.0f} | {len(runs)} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny synthetic site, 2 queries")
    parser.add_argument("--quality", action="store_true", help="the query set only, no cost")
    parser.add_argument("--site-dir", type=Path, help="measure this built site ('after') as is")
    parser.add_argument("--before-dir", type=Path, help="... and this one as 'before'")
    parser.add_argument("--pages", type=int, default=2000, help="synthetic pages for the cost")
    parser.add_argument("--runs", type=int, default=3, help="first-result runs per arm")
    parser.add_argument("--out", type=Path, default=WORK / "report.md")
    parser.add_argument(
        "--pagefind", action="store_true", help="also Pagefind on the stock site, side by side"
    )
    args = parser.parse_args()

    queries = load_queries()
    problems = check_queries(queries, ROOT / "docs")
    if problems:
        print("benchmarks/search_queries.toml:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    lines = [f"# Search quality ({len(queries)} queries)", ""]
    with tempfile.TemporaryDirectory(prefix="search-quality-") as temp, sync_playwright() as pw:
        work = Path(temp)
        browser = launch(pw)
        if args.smoke:
            # A three-page synthetic site with our hook: the script's plumbing still works.
            config = write_site(work / "corpus", pages=3, terms=4, hooks=SITE_HOOKS)
            site_dir = work / "site"
            build(config, site_dir)
            with serve_site(site_dir, site_url=SITE_URL) as base_url:
                smoke = [Query("Synthetic", "term", ("",)), Query("the", "stop word", ("",))]
                outcomes = run_queries(browser, base_url, smoke)
                ready, first = first_result_ms(browser, base_url, "synthetic")
            lines += quality_report("smoke", outcomes)
            lines += cost_report(
                [("3 synthetic pages", "after", index_bytes(site_dir), [(ready, first)])]
            )
            print("\n".join(lines))
            browser.close()
            return 0
        after = args.site_dir or work / "after"
        before = args.before_dir or (None if args.site_dir else build_stock(work / "stock"))
        arms = [("after", after)]
        if not args.site_dir:
            build(None, after)
            # Our index with Material's worker: what each half of the work brings.
            index_only = build_stock(work / "index-only", "material-search-worker")
            arms.append(("index-only", index_only))
        arms += [("before", before)] if before else []
        results = {}
        for name, site_dir in arms:
            with serve_site(site_dir, site_url=SITE_URL) as base_url:
                results[name] = run_queries(browser, base_url, queries)
            lines += quality_report(name, results[name])
        if args.pagefind and before:
            add_pagefind(before)
            with serve_site(before, site_url=SITE_URL) as base_url:
                results["pagefind"] = run_pagefind(browser, base_url, queries)
            lines += quality_report(
                "pagefind (stock site indexed by Pagefind)", results["pagefind"]
            )
        if not args.quality:
            rows = []
            pages = sum(1 for _ in after.rglob("index.html")) - 1  # not the home page twice
            synthetic = []
            corpus = WORK / "corpus"
            for name, hooks in (("before", WITHOUT_SEARCH_INDEX), ("after", SITE_HOOKS)):
                config = write_site(corpus, pages=args.pages, terms=args.pages // 4, hooks=hooks)
                site_dir = work / f"synthetic-{name}"
                build(config, site_dir, strict=False)
                if name == "before":
                    use_material_worker(site_dir)
                synthetic.append((name, site_dir))
            # The cost of the two ends: stock search, and the site as it is.
            sites = [(f"real ({pages} pages)", n, d) for n, d in arms if n in ("after", "before")]
            sites += [(f"synthetic ({args.pages} pages)", name, d) for name, d in synthetic]
            runs: dict[tuple[str, str], list[tuple[float, float]]] = {}
            for _ in range(args.runs):  # alternate the arms: load drifts hit both alike
                for site, name, site_dir in sites:
                    with serve_site(site_dir, site_url=SITE_URL) as base_url:
                        query = "kubelet" if site.startswith("real") else "cluster"
                        timing = first_result_ms(browser, base_url, query)
                    runs.setdefault((site, name), []).append(timing)
            for site, name, site_dir in sites:
                rows.append((site, name, index_bytes(site_dir), runs[(site, name)]))
            lines += ["## Cost", "", *cost_report(rows)]
        browser.close()
    report = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
