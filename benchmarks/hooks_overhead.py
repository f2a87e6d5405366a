"""What the site's hooks cost a build, on a synthetic corpus. A benchmark, not a test.

    python benchmarks/hooks_overhead.py --pages 2000 --terms 500 [--scaling]
    python benchmarks/hooks_overhead.py --smoke        # a tiny corpus, seconds: does it run?

Every hook the site runs (``SITE_HOOKS``: mkdocs.yml's ``hooks:``) is measured. Reports

1. in-process, one build with every hook: each hook's own time (its MkDocs events and
   what it does while Markdown renders: the glossary's autolink tree processor, the
   tested-with preprocessor, the dot and redis fences; for link warnings the logging
   filter) and all of them together, in CPU ms per page of the build thread (wall beside
   it), at T=50 and at the T given: the decisive figure on a noisy shared machine;
2. whole ``mkdocs build`` runs without any hook, with each hook alone and with all of
   them, alternating (the order rotates every round), as medians with their spread, in
   CPU seconds of the build process (other processes on a shared machine do not move
   it; what the ratios use) and in wall seconds;
3. link warnings: one 200 KB page with 200 and with 2,000 broken links, the hooks' CPU
   time on each (one parse per page: 10x the warnings must cost far less than 10x);
4. with ``--scaling``: the all-hooks build at N/4 and N pages, and one page's HTML size;

and ends with exactly one line
``hook_ms_per_page=X overhead_ratio=Y all_hooks_ms_per_page=Z all_hooks_overhead_ratio=W``
(X, Y: the glossary hook, as before; Z, W: every hook together) for the N and T given.
The corpus and builds live under benchmarks/.work/ (git-ignored; ``--smoke`` uses its own).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `shortnotes` importable
    sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]

from benchmarks.synthetic_notes import ROOT, SITE_HOOKS, write_broken_links_site, write_site

WORK = ROOT / "benchmarks" / ".work"
HOOK_FILES = {str(ROOT / "hooks" / f"{name}.py"): name for name in SITE_HOOKS}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PLAIN = "plain"
ALL = "all"


# What a hook does outside its MkDocs events, while Markdown renders (or, for link
# warnings, while logging): (hook, part, module under hooks/shortnotes, class or None,
# function). Patched before the build, so on_config registers the timed version.
MARKDOWN_PARTS = (
    ("glossary", "autolink tree processor", "autolink", "AutolinkTreeprocessor", "run"),
    ("tested_with", "preprocessor", "tested_with", "TestedWithPreprocessor", "run"),
    ("diagrams", "dot fence", "diagrams", "DiagramFences", "format"),
    ("transcripts", "redis fence", "transcripts", None, "format_transcript"),
)


def measure_in_process(config_path: Path, site_dir: Path) -> dict:
    """Build once in this process, timing every hook: its MkDocs events, its Markdown parts
    (MARKDOWN_PARTS) and the link-warnings logging filter, each hook in its own bucket and
    each event or part beside it."""
    sys.path.insert(0, str(ROOT / "hooks"))
    import importlib

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from shortnotes import frontmatter

    # CPU time of this thread is the decisive figure: other processes on a shared 2-core
    # machine stretch wall time, not it. Wall time is reported beside it. Time is exclusive:
    # a timed call made inside another (a hook logging a warning the filter sees, say)
    # counts for the inner one only, so the buckets add up. "frontmatter" is the shared
    # front-matter parser's share of the events, counted inside them too.
    spent: dict[str, float] = {name: 0.0 for name in (*SITE_HOOKS, "wall", "frontmatter")}
    nested: list[float] = []  # per active timed call: CPU time of the timed calls inside it

    def timed(function, bucket, part):
        def wrapper(*args, **kwargs):
            nested.append(0.0)
            start, start_wall = time.thread_time(), time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                used = time.thread_time() - start
                own = used - nested.pop()
                if nested:
                    nested[-1] += used
                else:
                    spent["wall"] += time.perf_counter() - start_wall
                spent[bucket] += own
                spent[f"{bucket}.{part}"] = spent.get(f"{bucket}.{part}", 0.0) + own

        return wrapper

    def share(function):
        def wrapper(*args, **kwargs):
            start = time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent["frontmatter"] += time.thread_time() - start

        return wrapper

    for hook, part, module_name, class_name, attribute in MARKDOWN_PARTS:
        module = importlib.import_module(f"shortnotes.{module_name}")
        owner = getattr(module, class_name) if class_name else module
        setattr(owner, attribute, timed(getattr(owner, attribute), hook, part))
    frontmatter.parse = share(frontmatter.parse)
    config = load_config(str(config_path), site_dir=str(site_dir))
    for event, methods in config.plugins.events.items():
        for position, method in enumerate(methods):
            module = getattr(method, "__globals__", {})
            hook = HOOK_FILES.get(module.get("__file__", ""))
            if hook is None:
                continue
            methods[position] = timed(method, hook, f"on_{event}")
            warnings_filter = module.get("_filter")
            # Called by logging for every MkDocs warning, outside any event.
            if (
                hook == "link_warnings"
                and isinstance(warnings_filter, logging.Filter)
                and not hasattr(warnings_filter, "timed")
            ):
                warnings_filter.filter = timed(warnings_filter.filter, hook, "logging filter")
                warnings_filter.timed = True
    start = time.perf_counter()
    build(config)
    total = time.perf_counter() - start
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    per_page = {name: 1000 * spent[name] / pages for name in spent}
    hooks = {hook: per_page[hook] for hook in SITE_HOOKS}
    return {
        "pages": pages,
        "build_s": total,
        "hooks_ms_per_page": hooks,
        "parts_ms_per_page": {name: value for name, value in per_page.items() if "." in name},
        "hook_ms_per_page": hooks["glossary"],
        "all_hooks_ms_per_page": sum(hooks.values()),
        "all_hooks_s": sum(spent[hook] for hook in SITE_HOOKS),
        "frontmatter_ms_per_page": per_page["frontmatter"],
        "hooks_wall_ms_per_page": per_page["wall"],
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
        sys.exit(f"in-process build failed:\n{done.stdout}\n{done.stderr[-3000:]}")
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


def in_process_report(terms: int, result: dict) -> str:
    hooks = ", ".join(f"{name} {value:.3f}" for name, value in result["hooks_ms_per_page"].items())
    parts = ", ".join(f"{name} {value:.3f}" for name, value in result["parts_ms_per_page"].items())
    return (
        f"in-process, T={terms}: all hooks {result['all_hooks_ms_per_page']:.3f} ms/page CPU "
        f"({hooks}; front-matter YAML {result['frontmatter_ms_per_page']:.3f} of them; wall "
        f"{result['hooks_wall_ms_per_page']:.3f}) over {result['pages']} pages; "
        f"build {result['build_s']:.1f} s\n  per event or part, ms/page CPU: {parts}"
    )


ARMS = (PLAIN, *SITE_HOOKS, ALL)


def whole_builds(
    root: Path, *, pages: int, terms: int, runs: int, arms: tuple[str, ...] = ARMS
) -> dict[str, dict]:
    """CPU and wall seconds of whole builds per arm: no hook, each hook alone, all hooks."""
    hooks_of = {PLAIN: (), **{name: (name,) for name in SITE_HOOKS}, ALL: SITE_HOOKS}
    arms = {arm: hooks_of[arm] for arm in dict.fromkeys((PLAIN, *arms, "glossary", ALL))}
    configs = {
        arm: write_site(root, pages=pages, terms=terms, hooks=hooks) for arm, hooks in arms.items()
    }
    times: dict[str, dict[str, list[float]]] = {arm: {"cpu": [], "wall": []} for arm in arms}
    order = list(arms)
    for run in range(runs):
        shift = run % len(order)  # rotate who goes first: drift in load hits every arm
        for arm in order[shift:] + order[:shift]:
            elapsed, used = timed_build(configs[arm], root / f"site-{arm}")
            times[arm]["wall"].append(elapsed)
            times[arm]["cpu"].append(used)
    return times


def broken_links_cost(counts: tuple[int, ...], page_kb: int, runs: int) -> dict[int, float]:
    """Median CPU ms that every hook together spends on one page with ``count`` broken links."""
    cost = {}
    for count in counts:
        root = WORK / f"broken-links-{count}-{page_kb}kb"
        config = write_broken_links_site(root, links=count, page_kb=page_kb)
        samples = [in_subprocess(config, root / "site")["all_hooks_s"] * 1000 for _ in range(runs)]
        cost[count] = statistics.median(samples)
    return cost


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
        "--arms",
        default=",".join(ARMS),
        help="whole-build arms, comma-separated (plain, glossary and all always run): "
        + ", ".join(ARMS),
    )
    parser.add_argument(
        "--smoke", action="store_true", help="a tiny corpus, one run of each: checks it runs"
    )
    parser.add_argument(
        "--measure", nargs=2, metavar=("CONFIG", "SITE_DIR"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_in_process(Path(args.measure[0]), Path(args.measure[1]))))
        return

    global WORK
    broken_counts, page_kb = (200, 2000), 200
    if args.smoke:
        WORK = WORK / "smoke"
        args.pages, args.terms, args.compare_terms, args.runs, args.inprocess_runs = 8, 6, 6, 1, 1
        broken_counts, page_kb = (5, 50), 10
    n, t = args.pages, args.terms
    print(
        f"machine: {os.cpu_count()} cpus, {_cpu_model()}; python {sys.version.split()[0]}; "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(f"corpus: {n} pages, terms {args.compare_terms} and {t} ({WORK.relative_to(ROOT)}/)")

    per_terms = {}
    for terms in dict.fromkeys((args.compare_terms, t)):
        root = WORK / f"n{n}-t{terms}"
        config = write_site(root, pages=n, terms=terms, hooks=True)
        runs = [in_subprocess(config, root / "site-inprocess") for _ in range(args.inprocess_runs)]
        result = sorted(runs, key=lambda run: run["all_hooks_ms_per_page"])[len(runs) // 2]
        if len(runs) > 1:
            values = ", ".join(f"{run['all_hooks_ms_per_page']:.3f}" for run in runs)
            print(f"in-process, T={terms}: {len(runs)} runs, all hooks ms/page CPU {values}")
        per_terms[terms] = result
        print(in_process_report(terms, result))
    for key, label in (("hook_ms_per_page", "glossary"), ("all_hooks_ms_per_page", "all hooks")):
        growth = per_terms[t][key] / max(per_terms[args.compare_terms][key], 1e-9)
        print(f"growth from T={args.compare_terms} to T={t}, {label}: {growth:.2f}x")

    root = WORK / f"n{n}-t{t}"
    arms = tuple(arm.strip() for arm in args.arms.split(",") if arm.strip())
    unknown = [arm for arm in arms if arm not in ARMS]
    if unknown:
        parser.error(f"unknown arm(s) {', '.join(unknown)}; known: {', '.join(ARMS)}")
    times = whole_builds(root, pages=n, terms=t, runs=args.runs, arms=arms)
    plain = times[PLAIN]
    for arm, measured in times.items():
        label = "no hook" if arm == PLAIN else "all hooks" if arm == ALL else f"{arm} alone"
        line = (
            f"whole build, {label}: CPU {spread(measured['cpu'])}; wall {spread(measured['wall'])}"
        )
        if arm != PLAIN:
            line += (
                f"; ratio to no hook: CPU {median_ratio(measured['cpu'], plain['cpu']):.3f}, "
                f"wall {median_ratio(measured['wall'], plain['wall']):.3f}"
            )
        print(line)
    ratio = median_ratio(times["glossary"]["cpu"], plain["cpu"])
    all_ratio = median_ratio(times[ALL]["cpu"], plain["cpu"])
    median_kb, max_kb, glossary_kb = page_sizes(root / f"site-{ALL}")
    print(
        f"page HTML: median {median_kb:.0f} KB, max {max_kb:.0f} KB; glossary {glossary_kb:.0f} KB"
    )

    cost = broken_links_cost(broken_counts, page_kb, runs=max(1, args.inprocess_runs))
    few, many = broken_counts
    print(
        f"link warnings, one {page_kb} KB page: {few} broken links {cost[few]:.0f} ms, "
        f"{many} broken links {cost[many]:.0f} ms of every hook's CPU time: "
        f"{cost[many] / max(cost[few], 1e-9):.2f}x for {many / few:.0f}x the warnings"
    )

    if args.scaling:
        small = max(1, n // 4)
        small_root = WORK / f"n{small}-t{t}"
        small_config = write_site(small_root, pages=small, terms=t, hooks=True)
        small_runs = [timed_build(small_config, small_root / "site-all") for _ in range(args.runs)]
        for label, index, key in (("CPU", 1, "cpu"), ("wall", 0, "wall")):
            small_time = statistics.median(run[index] for run in small_runs)
            big_time = statistics.median(times[ALL][key])
            print(
                f"scaling ({label}, all hooks): {small} pages {small_time:.1f} s, {n} pages "
                f"{big_time:.1f} s: {big_time / small_time:.2f}x for {n / small:.0f}x the pages"
            )

    print(
        f"hook_ms_per_page={per_terms[t]['hook_ms_per_page']:.3f} overhead_ratio={ratio:.3f} "
        f"all_hooks_ms_per_page={per_terms[t]['all_hooks_ms_per_page']:.3f} "
        f"all_hooks_overhead_ratio={all_ratio:.3f}"
    )


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
