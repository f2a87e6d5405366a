"""Page weight and Lighthouse scores of the home page, the heaviest note, the heaviest note
with a diagram and the glossary; the build's cost with and without the diagrams.

    .venv/bin/python benchmarks/page_weight.py            # build, measure, write the results
    .venv/bin/python benchmarks/page_weight.py --check    # ... and exit 1 if a target is missed
    .venv/bin/python benchmarks/page_weight.py --smoke    # a 3-page site, no Lighthouse: runs?

1. Builds the site strictly into benchmarks/.work/site (or measures ``--site-dir``).
2. Serves it on 127.0.0.1 the way GitHub Pages does (gzip, under /short-notes/), with the
   server the browser tests use (tests/browser/site_server.py).
3. Loads every note in a fresh Chromium profile (empty cache) and counts the bytes that
   cross the wire until the network is idle: HTML, CSS, JS, the search index, icons. The
   note with the most bytes is "the heaviest note".
4. Runs Lighthouse 12.2.3 (npm, locked in benchmarks/lighthouse/, installed with `npm ci`
   into benchmarks/.work/) with Debian's Chromium on the home page, the heaviest note, the
   heaviest note with a diagram and the glossary,
   as a phone (Lighthouse's default: slow 4G, mid-range CPU) and as a desktop, ``--runs``
   times each, and keeps the run with the median performance score (Lighthouse's own advice:
   one run varies with whatever else the machine is doing).
5. Times whole strict builds with and without hooks/diagrams.py (Graphviz drawing every
   ```dot fence), alternating, CPU seconds of the build and the `dot` processes it ran.
6. Writes benchmarks/RESULTS-page-weight.md.

``--smoke`` does steps 1-3 and 6 on a three-page synthetic site (benchmarks/synthetic_notes.py)
in a temporary folder, skips Lighthouse (which needs npm), and writes its results there: it
checks that the script still runs, in seconds, without touching the committed results.

Targets: performance >= 95, accessibility 100, best practices >= 95, SEO >= 95.
Nothing leaves the machine: the site, the browser and Lighthouse all run locally.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from browser.built_pages import page_paths  # noqa: E402 (needs the path above)
from browser.chromium import CHROMIUM, CHROMIUM_ARGS, launch  # noqa: E402
from browser.site_server import serve_site  # noqa: E402
from browser.site_variants import load_config  # noqa: E402
from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from benchmarks.synthetic_notes import write_site  # noqa: E402

WORK = ROOT / "benchmarks" / ".work"
LIGHTHOUSE_LOCK = ROOT / "benchmarks" / "lighthouse"
RESULTS = ROOT / "benchmarks" / "RESULTS-page-weight.md"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}
FORM_FACTORS = ("mobile", "desktop")
MOBILE_CPU_SLOWDOWN = 4  # Lighthouse 12's default for mobile (throttling.cpuSlowdownMultiplier)
# The metrics the performance score is made of (Lighthouse 12), in the report's units.
METRICS = {
    "first-contentful-paint": ("FCP", "s"),
    "largest-contentful-paint": ("LCP", "s"),
    "total-blocking-time": ("TBT", "ms"),
    "cumulative-layout-shift": ("CLS", ""),
    "speed-index": ("Speed index", "s"),
}


@dataclass(frozen=True)
class Transfer:
    path: str
    requests: int
    transferred: int  # bytes on the wire: headers + (compressed) bodies
    decoded: int  # bytes after decompression


@dataclass(frozen=True)
class Scores:
    path: str
    form_factor: str
    scores: dict[str, int]
    total_byte_weight: int
    metrics: dict[str, float]  # Lighthouse's numeric values: ms, or unitless for CLS
    performance_runs: tuple[int, ...] = ()  # every run's performance score, sorted
    # Lighthouse's measure of this machine's CPU speed in the run (environment.benchmarkIndex):
    # the 4x slowdown is applied to it, so a slower or busier host scores lower.
    benchmark_index: float = 0.0

    def missed(self) -> list[str]:
        return [
            f"/{self.path} ({self.form_factor}): {name} {self.scores[name]} < {target}"
            for name, target in TARGETS.items()
            if self.scores[name] < target
        ]


def build_site(site_dir: Path, config: Path = ROOT / "mkdocs.yml") -> float:
    """Build strictly; return the CPU seconds of the build and every process it waited for
    (the `dot` runs too: a child's rusage includes the grandchildren it reaped)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([*command, "-d", str(site_dir)], cwd=ROOT, env=env, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def config_without_diagrams() -> Path:
    """The site with its ```dot fences turned into plain ```text blocks (a copy of docs/
    under benchmarks/.work/), every hook on: what drawing the diagrams costs, side by side."""
    docs = WORK / "docs-no-diagrams"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(ROOT / "docs", docs)
    for note in docs.rglob("*.md"):
        text = note.read_text(encoding="utf-8")
        plain = re.sub(r"^(\s*)```dot\b[^\n]*$", r"\1```text", text, flags=re.MULTILINE)
        if plain != text:
            note.write_text(plain, encoding="utf-8")
    config = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "docs_dir": str(docs),
        "theme": {"name": "material", "custom_dir": str(ROOT / "overrides")},
        "hooks": [str(ROOT / hook) for hook in load_config()["hooks"]],
    }
    path = WORK / "mkdocs-no-diagrams.yml"
    path.write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    return path


def build_costs(rounds: int) -> dict[str, list[float]]:
    """CPU seconds of whole builds with and without the diagrams, alternating."""
    costs: dict[str, list[float]] = {"with diagrams": [], "without diagrams": []}
    without = config_without_diagrams()
    for number in range(rounds):
        arms = [("with diagrams", ROOT / "mkdocs.yml"), ("without diagrams", without)]
        for arm, config in arms if number % 2 == 0 else reversed(arms):
            costs[arm].append(build_site(WORK / "site-cost", config))
    return costs


def diagram_count(site_dir: Path, path: str) -> int:
    html = (site_dir / path / "index.html").read_text(encoding="utf-8")
    return html.count('<figure class="sn-diagram"')


def measure(browser: Browser, url: str, path: str) -> Transfer:
    """First load of ``url`` in an empty profile: requests and bytes until the network idles."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    transferred = decoded = 0
    for request in finished:
        sizes = request.sizes()
        transferred += sizes["responseHeadersSize"] + sizes["responseBodySize"]
        response = request.response()
        decoded += len(response.body()) if response else 0
    context.close()
    return Transfer(path, len(finished), transferred, decoded)


def install_lighthouse() -> Path:
    """`npm ci` the locked Lighthouse into benchmarks/.work/lighthouse (once per lock)."""
    target = WORK / "lighthouse"
    binary = target / "node_modules" / ".bin" / "lighthouse"
    lock = (LIGHTHOUSE_LOCK / "package-lock.json").read_bytes()
    stamp = target / ".lock.sha256"
    wanted = hashlib.sha256(lock).hexdigest()
    if binary.exists() and stamp.is_file() and stamp.read_text() == wanted:
        return binary
    target.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(LIGHTHOUSE_LOCK / name, target / name)
    # --ignore-scripts: nothing in the lock may run code (or download a browser) at install.
    npm = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    subprocess.run(npm, cwd=target, check=True)
    stamp.write_text(wanted)
    return binary


def median_run(binary: Path, url: str, path: str, form_factor: str, *, runs: int) -> Scores:
    results = sorted(
        (lighthouse(binary, url, path, form_factor, run=run) for run in range(runs)),
        key=lambda scores: scores.scores["performance"],
    )
    performance = tuple(result.scores["performance"] for result in results)
    return dataclasses.replace(results[len(results) // 2], performance_runs=performance)


def lighthouse(binary: Path, url: str, path: str, form_factor: str, *, run: int = 0) -> Scores:
    page = path.strip("/").replace("/", "_") or "home"
    report = WORK / f"lighthouse-{form_factor}-{page}-{run}.json"
    command = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    subprocess.run(command, check=True, env=env)
    result = json.loads(report.read_text())
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    weight = int(result["audits"]["total-byte-weight"]["numericValue"])
    metrics = {name: result["audits"][name]["numericValue"] for name in METRICS}
    index = float(result["environment"]["benchmarkIndex"])
    return Scores(path, form_factor, scores, weight, metrics, benchmark_index=index)


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def _metric(name: str, value: float) -> str:
    _, unit = METRICS[name]
    if unit == "s":
        return f"{value / 1000:.2f} s"
    if unit == "ms":
        return f"{value:.0f} ms"
    return f"{value:.3f}"


def write_results(
    transfers: dict[str, Transfer],
    scores: list[Scores],
    versions: dict[str, str],
    *,
    runs: int,
    diagrams: dict[str, tuple[int, Transfer]],
    costs: dict[str, list[float]],
    path: Path = RESULTS,
) -> None:
    lines = [
        "# Page weight and Lighthouse scores",
        "",
        f"Measured {dt.date.today().isoformat()} by `benchmarks/page_weight.py` on the built site,",
        "served locally the way GitHub Pages serves it (gzip). First load in an empty browser",
        "profile, counted until the network is idle; the heaviest note is the note with the most",
        "bytes on that first load.",
        "",
        "| Page | Requests | Transferred (gzip) | Uncompressed |",
        "|---|--:|--:|--:|",
    ]
    for label, transfer in transfers.items():
        lines.append(
            f"| {label}: `/{transfer.path}` | {transfer.requests} | {_kb(transfer.transferred)}"
            f" | {_kb(transfer.decoded)} |"
        )
    total = sum(count for count, _ in diagrams.values())
    lines += [
        "",
        f"Diagrams: {total} on {len(diagrams)} notes, drawn at build time as inline SVG. Each",
        "diagram note's first load:",
        "",
        "| Note | Diagrams | Transferred (gzip) |",
        "|---|--:|--:|",
    ]
    for note, (count, transfer) in sorted(diagrams.items()):
        lines.append(f"| `/{note}` | {count} | {_kb(transfer.transferred)} |")
    if costs and all(costs.values()):
        with_, without = (statistics.median(costs[arm]) for arm in costs)
        lines += [
            "",
            "Build cost (CPU seconds of `mkdocs build --strict` and the `dot` runs it waited",
            f"for, medians of {len(costs['with diagrams'])} alternating builds): with diagrams "
            f"{with_:.2f} s, without {without:.2f} s: ratio {with_ / without:.3f}.",
        ]
    lines += [
        "",
        "Lighthouse (targets: performance ≥ 95, accessibility 100, best practices ≥ 95,",
        f"SEO ≥ 95): the run with the median performance of {runs}, and every run's",
        "performance. *Mobile* is Lighthouse's default: an emulated mid-range phone on slow 4G",
        "(4x CPU slowdown).",
        "",
        "| Page | Form factor | Performance | Accessibility | Best practices | SEO | Runs |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    for score in scores:
        cells = " | ".join(str(score.scores[name]) for name in CATEGORIES)
        spread = ", ".join(str(run) for run in score.performance_runs)
        lines.append(f"| `/{score.path}` | {score.form_factor} | {cells} | {spread} |")
    lines += [
        "",
        "What the performance score is made of, in the same runs:",
        "",
        "| Page | Form factor | " + " | ".join(label for label, _ in METRICS.values()) + " |",
        "|---|---|" + "--:|" * len(METRICS),
    ]
    for score in scores:
        cells = " | ".join(_metric(name, score.metrics[name]) for name in METRICS)
        lines.append(f"| `/{score.path}` | {score.form_factor} | {cells} |")
    missed = [problem for score in scores for problem in score.missed()]
    verdict = "All targets met." if not missed else "Missed: " + "; ".join(missed)
    lines += ["", verdict if scores else "Lighthouse not run (--smoke).", ""]
    lines += ["Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".", ""]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines += [
        f"Machine: {os.cpu_count()} cores, load average {load} when the runs ended (Lighthouse's",
        "performance score counts main-thread time, which other work on the machine inflates).",
    ]
    if scores:
        indexes = [score.benchmark_index for score in scores]
        emulated = statistics.median(indexes) / MOBILE_CPU_SLOWDOWN
        lines += [
            "Lighthouse's CPU benchmark of the host (`benchmarkIndex`, higher is faster) in the",
            f"median runs: {min(indexes):.0f} to {max(indexes):.0f}, median "
            f"{statistics.median(indexes):.0f}. Lighthouse multiplies the main-thread time it",
            "observes by 4 for a phone whatever the host, so compare scores taken at a similar",
            f"index. At 4x this host stood for a phone of index about {emulated:.0f}: Chrome",
            "DevTools calibrates its mid-tier phone (a Pixel 5) to 1000 and its low-tier phone",
            "to 264 (`CalibrationController.ts`), so a host much below 4000 emulates a slower",
            "phone than mid-tier and scores lower.",
        ]
    lines.append("")
    path.write_text("\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--site-dir", type=Path, help="measure this built site (default: build)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument(
        "--build-rounds", type=int, default=3, help="alternating builds with/without diagrams"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="a 3-page synthetic site, no Lighthouse: does it run?"
    )
    args = parser.parse_args()

    site_dir, results = args.site_dir, RESULTS
    if args.smoke:
        work = Path(tempfile.mkdtemp(prefix="page-weight-smoke-"))
        site_dir, results = work / "site", work / RESULTS.name
        build_site(site_dir, write_site(work / "corpus", pages=3, terms=4, hooks=True))
    elif site_dir is None:
        site_dir = WORK / "site"
        build_site(site_dir)
    binary = None if args.smoke else install_lighthouse()
    site_url = load_config()["site_url"]
    notes = [p for p in page_paths(site_dir) if p not in ("", "glossary/")]

    with serve_site(site_dir, site_url=site_url) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        home = measure(browser, base_url, "")
        weights = {path: measure(browser, base_url + path, path) for path in notes}
        glossary = measure(browser, base_url + "glossary/", "glossary/")
        versions = {"Chromium": browser.version}
        browser.close()
        heaviest = max(weights.values(), key=lambda transfer: transfer.transferred)
        diagrams = {
            path: (count, weights[path])
            for path in notes
            if (count := diagram_count(site_dir, path))
        }
        transfers = {"Home": home, "Heaviest note": heaviest, "Glossary": glossary}
        if diagrams:
            transfers["Heaviest note with a diagram"] = max(
                (transfer for _, transfer in diagrams.values()),
                key=lambda transfer: transfer.transferred,
            )
        scores = [
            median_run(binary, base_url + transfer.path, transfer.path, form_factor, runs=args.runs)
            for transfer in dict.fromkeys(transfers.values())
            for form_factor in FORM_FACTORS
            if binary is not None
        ]
    if binary is not None:
        lighthouse_version = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
        versions["Lighthouse"] = lighthouse_version
    versions["Python"] = platform.python_version()
    costs = {} if args.smoke else build_costs(args.build_rounds)
    write_results(
        transfers,
        scores,
        versions,
        runs=args.runs,
        diagrams=diagrams,
        costs=costs,
        path=results,
    )
    print(results.read_text())
    missed = [problem for score in scores for problem in score.missed()]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
