"""Issue 11's two user paths on any version of randinspect, for before and after on one machine.

Run it from a checkout of each version, in that checkout's environment:
``uv run python <this file> [--stream] [--size N]``. It uses only what
every version since issue 9 has (``Subject.from_mapping``, ``Registry``,
``draw_subjects`` and the record), and the bulk loader where the version has
one, so the same script times the code before issue 11 and after it in the
same hour. The benchmark machine's speed drifts from day to day (see
``benchmarks/README.md``): a target set in seconds on one day is checked
against the code it was set for, run again on the day.

The workload is ``run_all.py``'s (its plan, rows and histories, built with
the same API): ratios 5/10/15/20 %, a boost stratum of high-risk subjects
(one in 97) at 50 %, rows as dicts of text as a cursor gives them.

- default: 1M rows to a ``Registry``, its fingerprint, ``draw_subjects``
  with a history of one task for every tenth subject and the record, each
  step timed.
- ``--stream``: 10M rows from a generator to ``draw_subjects`` and the
  record (``draw_stream`` where the version has it), with a history of one
  task for every hundredth subject (100,000 at 10M); time and peak resident
  memory beyond the process's before the draw.

Both print the key floor (every subject's ``S`` key, the hash state primed
once) measured in the same process.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import resource
import time
from collections.abc import Iterator
from typing import Any

from run_all import _history, _plan, _row

import randinspect
from randinspect import Plan, Seed, Subject
from randinspect.registry import Registry
from randinspect.sampling import draw_subjects


def key_floor(prefix: bytes, ids: Iterator[str]) -> float:
    """Seconds to hash every id's key with the hash state primed once, keeping none."""
    start = time.perf_counter()
    primed = hashlib.sha256(prefix).copy
    for i in ids:
        sha = primed()
        sha.update(i.encode())
        sha.digest()
    return time.perf_counter() - start


def rows_to_record(plan: Plan, seed: Seed, size: int) -> None:
    """Rows to a record in steps; the bulk loader where there is one."""
    rows, tasks = [_row(i) for i in range(size)], _history(size)
    gc.collect()
    steps: dict[str, float] = {}
    start = time.perf_counter()
    if hasattr(Registry, "from_rows"):
        registry = Registry.from_rows(rows)
        steps["Registry.from_rows"] = time.perf_counter() - start
    else:
        subjects = [Subject.from_mapping(r, extra="attributes") for r in rows]
        steps["Subject.from_mapping"] = time.perf_counter() - start
        start = time.perf_counter()
        registry = Registry(subjects)
        steps["Registry"] = time.perf_counter() - start
    start = time.perf_counter()
    registry.fingerprint  # noqa: B018  # computed here
    steps["fingerprint"] = time.perf_counter() - start
    start = time.perf_counter()
    draw = draw_subjects(plan, registry, seed=seed, history=tasks)
    steps["draw"] = time.perf_counter() - start
    start = time.perf_counter()
    draw.record()
    steps["record"] = time.perf_counter() - start
    floor = key_floor(f"{seed.hex}|S|{plan.id}|".encode(), (r["id"] for r in rows))
    total = sum(steps.values())
    print(" ".join(f"{name} {seconds:.2f} s;" for name, seconds in steps.items()))
    print(f"rows to record: {total:.2f} s, {total / floor:.1f} x a key floor of {floor:.2f} s")


def streamed(plan: Plan, seed: Seed, size: int) -> None:
    """A registry of ``size`` rows from a generator to a record; time and peak memory."""
    tasks = _history(size, every=100, most=100_000)
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    draw: Any
    if hasattr(randinspect, "draw_stream"):
        how = "draw_stream"
        draw = randinspect.draw_stream(
            plan, (_row(i) for i in range(size)), seed=seed, history=tasks
        )
    else:
        how = "draw_subjects"
        subjects = (Subject.from_mapping(_row(i), extra="attributes") for i in range(size))
        draw = draw_subjects(plan, subjects, seed=seed, history=tasks)
    draw.record()
    seconds = time.perf_counter() - start
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    # The rows are generated inside the timed loop, as the draw reads them.
    floor = key_floor(f"{seed.hex}|S|{plan.id}|".encode(), (_row(i)["id"] for i in range(size)))
    print(
        f"{how} of {size:,} rows: {seconds:.1f} s, peak {peak:.0f} MiB beyond the process;"
        f" {seconds / floor:.1f} x a floor of {floor:.1f} s (rows generated and keyed)"
    )


def main() -> None:
    """Time the path asked for and print it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stream", action="store_true")
    parser.add_argument("--size", type=int)
    args = parser.parse_args()
    plan = _plan(boost=True)
    seed = Seed.derive("benchmark")
    print(f"randinspect at {randinspect.__file__}")
    if args.stream:
        streamed(plan, seed, args.size or 10_000_000)
    else:
        rows_to_record(plan, seed, args.size or 1_000_000)


if __name__ == "__main__":
    main()
