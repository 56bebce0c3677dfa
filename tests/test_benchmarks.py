"""The benchmark scripts still run (at a tiny size): they must not rot between measurements."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.parametrize(
    ("script", "arguments", "expected"),
    [
        ("bench_draw.py", ["--size", "3000", "--runs", "1"], "warm draw / key floor"),
        ("bench_deadlines.py", ["--size", "2000", "--subsample", "200"], "targets:"),
        ("bench_assign.py", ["--tasks", "400", "--runs", "1"], "max_load="),
        ("bench_report.py", ["--tasks", "400", "--runs", "1"], "x floor"),
        ("bench_load.py", ["--size", "20000", "--runs", "1"], "x floor"),
        ("bench_stream.py", ["--size", "5000"], "checked: record and strata equal"),
        ("bench_before_after.py", ["--size", "3000"], "rows to record:"),
        ("bench_before_after.py", ["--stream", "--size", "3000"], "draw_stream of 3,000 rows"),
        (
            "bench_verify.py",
            ["--size", "3000", "--tasks", "300", "--runs", "1"],
            "verify / assign",
        ),
    ],
)
def test_benchmark_runs_at_a_small_size(script: str, arguments: list[str], expected: str) -> None:
    """Each benchmark script runs end to end (its answers cross-checked) and prints its figures."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    assert expected in done.stdout


def test_the_suite_writes_its_table_between_the_markers(tmp_path: Path) -> None:
    """run_all.py --quick measures every cost and replaces only the suite's part of a page."""
    page = tmp_path / "README.md"
    page.write_text("# Before\n\n<!-- suite:begin -->\nold\n<!-- suite:end -->\n\nAfter\n")
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run_all.py"), "--quick", "--output", str(page)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    text = page.read_text()
    assert text.startswith("# Before\n\n<!-- suite:begin -->\nWritten by")
    assert text.endswith("<!-- suite:end -->\n\nAfter\n")
    assert "old" not in text
    for name in ("rows to record", "streamed draw", "assignment", "deadlines"):
        assert f"| {name} |" in text
