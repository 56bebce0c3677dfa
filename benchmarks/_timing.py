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
