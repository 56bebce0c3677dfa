"""What every benchmark script shares: best-of timing and a description of the machine."""

from __future__ import annotations

import gc
import hashlib
import itertools
import os
import platform
import resource
import time
from collections.abc import Callable, Iterable
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


def primed_keys(prefix: bytes, ids: Iterable[str]) -> list[bytes]:
    """Every id's key, each hash copied from one hash of the prefix: the fastest way known.

    This is the key floor: the least any verifiable draw must do is key
    every subject once.
    """
    primed = hashlib.sha256(prefix).copy
    keys = []
    for i in ids:
        sha = primed()
        sha.update(i.encode())
        keys.append(sha.digest())
    return keys


def count_primed_keys(prefix: bytes, ids: Iterable[str], *, chunk: int = 100_000) -> int:
    """:func:`primed_keys` over ``ids`` a chunk at a time, keeping none: how many were keyed.

    For sources too large to hold every key (a streamed registry of 10M).
    """
    source, count = iter(ids), 0
    while batch := list(itertools.islice(source, chunk)):
        count += len(primed_keys(prefix, batch))
    return count


# --- memory -----------------------------------------------------------------------------


def status(field: str) -> int:
    """A field of /proc/self/status in bytes (0 where there is no /proc)."""
    path = Path("/proc/self/status")
    if not path.exists():
        return 0
    for line in path.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def reset_peak() -> int:
    """Reset the peak resident set to the current one (Linux); return the current one."""
    clear = Path("/proc/self/clear_refs")
    if clear.exists():
        clear.write_text("5")
        return status("VmRSS")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def peak() -> int:
    """The peak resident set since :func:`reset_peak`."""
    high = status("VmHWM")
    return high or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def peak_beyond(work: Callable[[], Any]) -> int:
    """The peak resident memory of ``work()`` beyond what the process held before it."""
    before = reset_peak()
    work()
    return max(0, peak() - before)
