"""What every benchmark script shares: best-of timing and a description of the machine."""

from __future__ import annotations

import gc
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def best_of(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """The best wall time of ``runs`` calls of ``work`` (garbage collected before each)."""
    best, result = float("inf"), None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def best_of_each(runs: int, works: dict[str, Callable[[], Any]]) -> dict[str, tuple[float, Any]]:
    """Like :func:`best_of` for several works, taken in turn in every round.

    Running them interleaved puts each under the same drift of a shared
    machine, so their ratios are fairer than from back-to-back series.
    """
    best: dict[str, tuple[float, Any]] = {name: (float("inf"), None) for name in works}
    for _ in range(runs):
        for name, work in works.items():
            elapsed, result = best_of(1, work)
            if elapsed < best[name][0]:
                best[name] = (elapsed, result)
    return best


def cpu_model() -> str:
    """The CPU model named in /proc/cpuinfo, if there is one."""
    info = Path("/proc/cpuinfo")
    if info.exists():
        for line in info.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def machine() -> str:
    """CPU model, cores and Python version, for the figures' record."""
    return f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}"
