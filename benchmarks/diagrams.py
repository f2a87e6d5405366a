"""Diagrams: what drawing them with Graphviz at build time costs, next to mermaid-cli.

    .venv/bin/python benchmarks/diagrams.py                    # every diagram of the notes
    .venv/bin/python benchmarks/diagrams.py --site-dir /tmp/site   # + page weight of a build
    .venv/bin/python benchmarks/diagrams.py --mmdc /tmp/mmdc/node_modules/.bin/mmdc
    .venv/bin/python benchmarks/diagrams.py --smoke            # one tiny diagram: runs?

For every ```dot fence in docs/: the time Graphviz takes to draw it (median of ``--runs``
runs, wall clock, through ``shortnotes.diagrams.render``, the build's own path), the bytes of
Graphviz's SVG, of the normalised figure the page carries and of that figure gzipped. With
``--site-dir``: each page's HTML, raw and gzipped, and the diagram's share of it (the weight
budget of a note is 100 KB of HTML, README.md, Performance). With ``--mmdc``: the same
transaction diagram drawn by mermaid-cli on Debian's Chromium, side by side with Graphviz in
this run (a ratio, so the machine's load cancels out), and what its SVG holds that the site's
HTML policy refuses (``<style>``, ``<foreignObject>``). Prints a Markdown report; the
write-up is benchmarks/RESULTS-diagrams.md.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "hooks")]

from shortnotes import diagrams  # noqa: E402 (needs the path above)

MERMAID_TRANSACTION = """\
stateDiagram-v2
    Normal: connection runs each command at once
    Watching: keys watched
    Queuing: MULTI open, each command checked and queued
    Normal --> Watching: WATCH key
    Watching --> Queuing: MULTI
    Normal --> Queuing: MULTI
    Queuing --> Normal: DISCARD
    Queuing --> Exec: EXEC
    Exec --> Nil: a watched key changed
    Exec --> Abort: a command failed to queue
    Exec --> Ran: otherwise
"""
SMOKE_DIAGRAM = ("smoke.md", 1, "digraph { rankdir=LR; a -> b }")


def _median_seconds(run, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _diagrams_of_the_notes() -> list[tuple[str, int, str]]:
    return [
        (path.relative_to(ROOT).as_posix(), line, body)
        for path in sorted((ROOT / "docs").rglob("*.md"))
        for line, body in diagrams.dot_fences(path.read_text(encoding="utf-8"))
    ]


def measure_graphviz(found: list[tuple[str, int, str]], runs: int) -> list[str]:
    rows = [
        "| diagram | draw (median ms) | Graphviz SVG | in the page | gzipped |",
        "|---|---|---|---|---|",
    ]
    total_ms = 0.0
    for path, line, body in found:
        seconds = _median_seconds(lambda body=body: diagrams.render(body), runs)
        raw = diagrams.render(body)
        figure = diagrams.figure_html(
            diagrams.normalise_svg(raw), caption="x" * 200, figure_id="diagram-1"
        )
        packed = len(gzip.compress(figure.encode("utf-8")))
        total_ms += seconds * 1000
        rows.append(
            f"| {path}:{line} | {seconds * 1000:.0f} | {len(raw.encode()):,} B "
            f"| {len(figure.encode()):,} B | {packed:,} B |"
        )
    rows.append(f"| **all {len(found)}** | **{total_ms:.0f}** | | | |")
    return rows


def measure_pages(site_dir: Path) -> list[str]:
    rows = ["| page | HTML | gzipped | diagrams' share of the HTML |", "|---|---|---|---|"]
    figure = re.compile(r'<figure class="sn-diagram".*?</figure>', re.DOTALL)
    for page in sorted(site_dir.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        figures = figure.findall(html)
        if not figures:
            continue
        size = len(html.encode())
        share = sum(len(f.encode()) for f in figures) / size
        rows.append(
            f"| {page.parent.relative_to(site_dir).as_posix()}/ | {size / 1000:.1f} KB "
            f"| {len(gzip.compress(html.encode())) / 1000:.1f} KB | {share:.0%} |"
        )
    return rows


def measure_mermaid(mmdc: Path, runs: int) -> list[str]:
    """mermaid-cli on Debian's Chromium, against Graphviz on the same diagram, in one run."""
    transaction = next(
        (body for path, _, body in _diagrams_of_the_notes() if "transactions" in path), None
    )
    if transaction is None:
        return ["(no transaction diagram in the notes to compare)"]
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        (folder / "tx.mmd").write_text(MERMAID_TRANSACTION)
        (folder / "puppeteer.json").write_text(
            '{"executablePath": "/usr/bin/chromium", "args": ["--no-sandbox"]}'
        )
        command = [str(mmdc), "-i", "tx.mmd", "-o", "tx.svg", "-p", "puppeteer.json", "-q"]

        def mermaid() -> None:
            subprocess.run(command, cwd=folder, check=True, capture_output=True)

        mermaid_s = _median_seconds(mermaid, runs)
        graphviz_s = _median_seconds(lambda: diagrams.render(transaction), runs)
        svg = (folder / "tx.svg").read_text(encoding="utf-8")
    node_modules = next((p for p in mmdc.absolute().parents if p.name == "node_modules"), mmdc)
    size = subprocess.run(["du", "-sm", str(node_modules)], capture_output=True, text=True)
    return [
        "| | Graphviz (dot) | mermaid-cli |",
        "|---|---|---|",
        f"| draw the transaction diagram (median of {runs}) | {graphviz_s * 1000:.0f} ms "
        f"| {mermaid_s * 1000:.0f} ms ({mermaid_s / graphviz_s:.0f} times) |",
        f"| SVG bytes | {len(diagrams.render(transaction).encode()):,} | {len(svg.encode()):,} |",
        f"| `<style>` / `<foreignObject>` in the SVG | 0 / 0 | {svg.count('<style')} / "
        f"{svg.count('<foreignObject')} |",
        f"| installed size | {_graphviz_installed_mb()} | {size.stdout.split()[0]} MB "
        "(node_modules, without Chromium) |",
    ]


def _graphviz_installed_mb() -> str:
    if not shutil.which("dpkg-query"):
        return "?"
    packages = ["graphviz", "libgvc6", "libcgraph6", "libcdt5", "libpathplan4", "libgvpr2"]
    done = subprocess.run(
        ["dpkg-query", "-W", "-f=${Installed-Size}\n", *packages],
        capture_output=True,
        text=True,
        check=False,
    )
    kilobytes = sum(int(n) for n in done.stdout.split() if n.isdigit())
    return f"{kilobytes / 1024:.1f} MB (graphviz and its own libraries; apt adds shared ones)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--site-dir", type=Path, help="a built site: measure its pages' weight")
    parser.add_argument("--mmdc", type=Path, help="mermaid-cli's mmdc, to compare with")
    parser.add_argument("--smoke", action="store_true", help="one tiny diagram, one run")
    options = parser.parse_args()
    if shutil.which("dot") is None:
        print("Graphviz is not installed (scripts/setup installs it)", file=sys.stderr)
        return 1
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    found = [SMOKE_DIAGRAM] if options.smoke else _diagrams_of_the_notes()
    runs = 1 if options.smoke else options.runs
    print(f"## Graphviz {_dot_version()}, {len(found)} diagram(s)\n")
    print("\n".join(measure_graphviz(found, runs)))
    if options.site_dir:
        print("\n## Page weight\n")
        print("\n".join(measure_pages(options.site_dir)))
    if options.mmdc and not options.smoke:
        print("\n## Graphviz and mermaid-cli side by side\n")
        print("\n".join(measure_mermaid(options.mmdc, runs)))
    return 0


def _dot_version() -> str:
    done = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=False)
    return (done.stderr or done.stdout).strip().removeprefix("dot - graphviz version ")


if __name__ == "__main__":
    sys.exit(main())
