"""The benchmark scripts still run (at a tiny size): they must not rot between measurements."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def test_draw_benchmark_runs_at_a_small_size() -> None:
    """bench_draw.py runs end to end and prints its ratio to the key floor."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bench_draw.py"), "--size", "3000", "--runs", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    assert "warm draw / key floor" in done.stdout


def test_deadline_benchmark_runs_at_a_small_size() -> None:
    """bench_deadlines.py runs end to end, its answers checked against holidays and numpy."""
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "bench_deadlines.py"),
            "--size",
            "2000",
            "--subsample",
            "200",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    assert "targets:" in done.stdout


def test_assign_benchmark_runs_at_a_small_size() -> None:
    """bench_assign.py runs end to end at 400 tasks and reports its max_load case."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bench_assign.py"), "--tasks", "400", "--runs", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    assert "max_load=" in done.stdout
