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
