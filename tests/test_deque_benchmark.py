"""benchmarks/deque_vs_list.py: its guard against docs/, its parsing, and one tiny real run."""

from __future__ import annotations

import datetime

import pytest

from benchmarks import deque_vs_list as bench

OPERATION_NAMES = [operation.name for operation in bench.OPERATIONS]


def test_refuses_to_write_into_docs() -> None:
    with pytest.raises(ValueError, match=r"refusing to write .*docs/python/deque-benchmark\.md"):
        bench.checked_output_path(bench.DOCS_DIR / "python" / "deque-benchmark.md")


def test_refuses_docs_through_a_relative_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(bench.PROJECT_ROOT / "benchmarks")
    with pytest.raises(ValueError, match="inside docs/"):
        bench.checked_output_path(bench.Path("../docs/results.md"))


def test_command_line_exits_with_usage_error_for_docs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        bench.main(["--output", str(bench.DOCS_DIR / "results.md"), "--repeat", "1"])
    assert exit_info.value.code == 2
    assert "refusing to write" in capsys.readouterr().err


def test_rejects_zero_repeats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        bench.main(["--repeat", "0"])
    assert "must be at least 1" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("cpuinfo", "expected"),
    [
        (
            "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\n",
            "Intel(R) Xeon(R) Processor",
        ),
        ("processor\t: 0\nBogoMIPS\t: 48.00\n\nModel\t\t: Raspberry Pi 4\n", "Raspberry Pi 4"),
        ("processor\t: 0\nmodel name\t:\n", None),
        ("", None),
    ],
)
def test_cpu_model_from_cpuinfo(cpuinfo: str, expected: str | None) -> None:
    assert bench.cpu_model_from_cpuinfo(cpuinfo) == expected


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(2.5, "2.5 s"), (0.00747, "7.47 ms"), (0.000163, "163 µs")],
)
def test_format_seconds(seconds: float, text: str) -> None:
    assert bench.format_seconds(seconds) == text


def test_render_markdown_is_a_table_with_the_machine() -> None:
    timings = [bench.Timing("insert (left)", 0.0075, 0.00015)]
    machine = bench.Machine(cpu_model="Test CPU", cores=2, python="CPython 3.11.7")
    markdown = bench.render_markdown(
        timings, machine, items=10_000, repeat=1_000, date=datetime.date(2026, 1, 2)
    )
    assert "10,000 operations in a row on one container, median of 1,000 runs" in markdown
    assert f"| insert (left) | 7.5 ms | 150 µs | 50.0{bench.TIMES} |" in markdown
    assert "2026-01-02" in markdown
    assert "Test CPU, 2 cores, CPython 3.11.7" in markdown


def test_a_small_real_run_writes_every_operation(tmp_path: bench.Path) -> None:
    output = tmp_path / "results" / "deque_vs_list.md"
    assert bench.main(["--items", "200", "--repeat", "3", "--output", str(output)]) == 0
    table_rows = [
        line for line in output.read_text(encoding="utf-8").splitlines() if bench.TIMES in line
    ]
    assert [row.split("|")[1].strip() for row in table_rows] == OPERATION_NAMES


def test_committed_results_cover_every_operation() -> None:
    """docs/python/deque.md includes this file; it must exist and be complete."""
    results = bench.DEFAULT_OUTPUT.read_text(encoding="utf-8")
    for name in OPERATION_NAMES:
        assert f"| {name} |" in results
    assert "Measured on" in results
