"""How much the glossary hooks cost a build, on a synthetic corpus. A benchmark, not a test.

    python benchmarks/hooks_overhead.py --pages 2000 --terms 500

Reports
1. the hooks' own time, measured in-process (every event of hooks/glossary.py plus the
   autolink tree processor), in CPU ms per page (wall ms beside it), at T=50 and at the
   T given: the decisive figure on a noisy shared machine;
2. whole ``mkdocs build`` runs with and without the hooks, alternating, as medians
   with their spread (min-max), in CPU seconds of the build process (what the ratio
   uses: other processes on a shared machine do not move it) and in wall seconds;
3. with ``--scaling``: the build at N/4 and N pages (linear in pages?) and the size
   of one page's HTML;
and ends with ``hook_ms_per_page=X overhead_ratio=Y`` for the N and T given.
The corpus and builds live under benchmarks/.work/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `shortnotes` importable
    sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]

from benchmarks.synthetic_notes import ROOT, write_site

WORK = ROOT / "benchmarks" / ".work"
GLOSSARY_HOOK = str(ROOT / "hooks" / "glossary.py")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def measure_in_process(config_path: Path, site_dir: Path) -> dict[str, float]:
    """Build once in this process, timing every glossary hook event and the tree processor."""
    sys.path.insert(0, str(ROOT / "hooks"))
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from shortnotes import autolink, frontmatter

    # CPU time of this thread is the decisive figure: other processes on a shared 2-core
    # machine stretch wall time, not it. Wall time is reported beside it.
    spent = {"events": 0.0, "treeprocessor": 0.0, "wall": 0.0, "frontmatter": 0.0}

    def timed(function, bucket):
        def wrapper(*args, **kwargs):
            start, start_wall = time.thread_time(), time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[bucket] += time.thread_time() - start
                spent["wall"] += time.perf_counter() - start_wall

        return wrapper

    autolink.AutolinkTreeprocessor.run = timed(autolink.AutolinkTreeprocessor.run, "treeprocessor")
    # The shared front-matter parser's share of on_files (it is part of "events" too).
    parse = frontmatter.parse

    def timed_parse(text: str) -> frontmatter.FrontMatter:
        start = time.thread_time()
        try:
            return parse(text)
        finally:
            spent["frontmatter"] += time.thread_time() - start

    frontmatter.parse = timed_parse
    config = load_config(str(config_path), site_dir=str(site_dir))
    for methods in config.plugins.events.values():
        for position, method in enumerate(methods):
            if getattr(method, "__globals__", {}).get("__file__") == GLOSSARY_HOOK:
                methods[position] = timed(method, "events")
    start = time.perf_counter()
    build(config)
    total = time.perf_counter() - start
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    return {
        "pages": pages,
        "build_s": total,
        "hook_ms_per_page": 1000 * (spent["events"] + spent["treeprocessor"]) / pages,
        "events_ms_per_page": 1000 * spent["events"] / pages,
        "treeprocessor_ms_per_page": 1000 * spent["treeprocessor"] / pages,
        "hook_wall_ms_per_page": 1000 * spent["wall"] / pages,
        "frontmatter_ms_per_page": 1000 * spent["frontmatter"] / pages,
    }


def in_subprocess(config_path: Path, site_dir: Path) -> dict[str, float]:
    """Each in-process measurement gets a fresh interpreter (no warm caches between them)."""
    done = subprocess.run(
        [sys.executable, __file__, "--measure", str(config_path), str(site_dir)],
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"in-process build failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed_build(config_path: Path, site_dir: Path) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one ``mkdocs build`` in a child process.

    The build is single-threaded, so its CPU time is its cost without the other
    processes of a shared machine; wall time is reported beside it.
    """
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_path), "-d", str(site_dir)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=ENV, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"build failed: {' '.join(command)}\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def spread(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"
    )


def median_ratio(top: list[float], bottom: list[float]) -> float:
    return statistics.median(top) / statistics.median(bottom)


def page_sizes(site_dir: Path) -> tuple[float, float, float]:
    """Median and max KB of a note's HTML, and the glossary page's KB."""
    notes = [p.stat().st_size / 1024 for p in site_dir.glob("section-*/*/index.html")]
    glossary = (site_dir / "glossary" / "index.html").stat().st_size / 1024
    return statistics.median(notes), max(notes), glossary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3, help="whole builds per arm (default 3)")
    parser.add_argument(
        "--inprocess-runs", type=int, default=1, help="in-process builds per T; the median counts"
    )
    parser.add_argument("--compare-terms", type=int, default=50, help="the small-T reference")
    parser.add_argument("--scaling", action="store_true", help="also build N/4 pages and N pages")
    parser.add_argument(
        "--measure", nargs=2, metavar=("CONFIG", "SITE_DIR"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_in_process(Path(args.measure[0]), Path(args.measure[1]))))
        return

    n, t = args.pages, args.terms
    print(f"machine: {os.cpu_count()} cpus, {_cpu_model()}; python {sys.version.split()[0]}")
    print(f"corpus: {n} pages, terms {args.compare_terms} and {t} (benchmarks/.work/)")

    per_terms = {}
    for terms in dict.fromkeys((args.compare_terms, t)):
        root = WORK / f"n{n}-t{terms}"
        config = write_site(root, pages=n, terms=terms, hooks=True)
        runs = [in_subprocess(config, root / "site-inprocess") for _ in range(args.inprocess_runs)]
        result = sorted(runs, key=lambda run: run["hook_ms_per_page"])[len(runs) // 2]
        if len(runs) > 1:
            values = ", ".join(f"{run['hook_ms_per_page']:.3f}" for run in runs)
            print(f"in-process, T={terms}: {len(runs)} runs, hooks ms/page CPU {values}")
        per_terms[terms] = result
        print(
            f"in-process, T={terms}: hooks {result['hook_ms_per_page']:.3f} ms/page CPU "
            f"(tree processor {result['treeprocessor_ms_per_page']:.3f}, "
            f"events {result['events_ms_per_page']:.3f}, of which front-matter YAML "
            f"{result['frontmatter_ms_per_page']:.3f}; wall "
            f"{result['hook_wall_ms_per_page']:.3f}) over {result['pages']} pages; "
            f"build {result['build_s']:.1f} s"
        )
    growth = per_terms[t]["hook_ms_per_page"] / per_terms[args.compare_terms]["hook_ms_per_page"]
    print(f"growth from T={args.compare_terms} to T={t}: {growth:.2f}x")

    root = WORK / f"n{n}-t{t}"
    with_hooks = write_site(root, pages=n, terms=t, hooks=True)
    without_hooks = write_site(root, pages=n, terms=t, hooks=False)
    wall: dict[str, list[float]] = {"with": [], "without": []}
    cpu: dict[str, list[float]] = {"with": [], "without": []}
    for run in range(args.runs):
        arms = [("with", with_hooks), ("without", without_hooks)]
        for arm, config in arms if run % 2 == 0 else arms[::-1]:  # alternate who goes first
            elapsed, used = timed_build(config, root / f"site-{arm}")
            wall[arm].append(elapsed)
            cpu[arm].append(used)
    for arm in ("with", "without"):
        print(f"whole build {arm} hooks: CPU {spread(cpu[arm])}; wall {spread(wall[arm])}")
    ratio = median_ratio(cpu["with"], cpu["without"])
    print(
        f"overhead ratio (medians): CPU {ratio:.3f}, "
        f"wall {median_ratio(wall['with'], wall['without']):.3f}"
    )
    median_kb, max_kb, glossary_kb = page_sizes(root / "site-with")
    print(
        f"page HTML: median {median_kb:.0f} KB, max {max_kb:.0f} KB; glossary {glossary_kb:.0f} KB"
    )

    if args.scaling:
        small = max(1, n // 4)
        small_root = WORK / f"n{small}-t{t}"
        small_config = write_site(small_root, pages=small, terms=t, hooks=True)
        small_runs = [timed_build(small_config, small_root / "site-with") for _ in range(args.runs)]
        for label, index, big in (("CPU", 1, cpu["with"]), ("wall", 0, wall["with"])):
            small_time = statistics.median(run[index] for run in small_runs)
            big_time = statistics.median(big)
            print(
                f"scaling ({label}): {small} pages {small_time:.1f} s, {n} pages {big_time:.1f} s: "
                f"{big_time / small_time:.2f}x for {n / small:.0f}x the pages"
            )

    print(f"hook_ms_per_page={per_terms[t]['hook_ms_per_page']:.3f} overhead_ratio={ratio:.3f}")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown cpu"


if __name__ == "__main__":
    main()
