"""The streamed draw at scale: rows generated lazily in id order, read once by draw_stream.

Run: ``uv run python benchmarks/bench_stream.py`` (10,000,000 rows, a few
minutes on a 2-core machine); ``--size 20000`` for a smoke run, which also
checks the draw against ``draw_subjects`` over the same rows loaded in memory.

Measured in one process, in this order: the floor (the row generator alone,
then every subject's ``S`` key hashed with the hash state primed once over
the same ids), then the streamed draw and its record. Peak memory is the
peak resident set beyond what the process held after its imports, plan and
history were built (``VmHWM`` reset through ``/proc/self/clear_refs``), or,
where there is no ``/proc``, ``ru_maxrss`` beyond the same baseline.

Workload (that of ``run_all.py``): ratios A 5 %, B 10 %, C 15 %, D 20 %, a
boost stratum of high-risk subjects (one in 97) at 50 %, grades in the
proportions 4:3:2:1, a region attribute, and a history of one task for
every hundredth subject (at most 100,000) split over three departments and
two units, so the yearly cap and the department rule exclude some.

Targets (issue 11): 10M streamed in at most 40 s and 400 MiB beyond the interpreter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Iterator
from typing import Any

from _timing import count_primed_keys, machine, peak, reset_peak

from randinspect import CheckItem, FlagStratum, Plan, Ratios, Seed, Task, draw_subjects
from randinspect.loading import load_registry
from randinspect.streaming import draw_stream

MIB = 1024 * 1024
TARGET_SECONDS, TARGET_MIB = 40.0, 400.0


def make_plan() -> Plan:
    """The benchmark's plan: four grade ratios and a boost stratum (run_all's)."""
    return Plan(
        id="2024-suite",
        year=2024,
        department="civil-affairs",
        unit="unit-1",
        items=[CheckItem(id="elder", name="养老机构检查", department="civil-affairs")],
        ratios=Ratios(A="5%", B="10%", C="15%", D="20%"),
        boost=FlagStratum(flags={"high_risk"}, ratio="50%"),
    )


def subject_id(i: int) -> str:
    """The id of the i-th subject: fixed width, so numeric order is id order."""
    return f"914104{i:012d}"


def rows(size: int) -> Iterator[dict[str, Any]]:
    """The registry's rows in id order, generated lazily (as a cursor over ORDER BY id)."""
    for i in range(size):
        yield {
            "id": f"914104{i:012d}",
            "grade": "AAAABBBCCD"[i % 10],
            "flags": "high_risk" if i % 97 == 0 else "",
            "region": f"r{i % 7}",
        }


def make_history(size: int) -> list[Task]:
    """One task for every hundredth subject, at most 100,000, over departments and units."""
    step = max(100, size // 100_000)
    return [
        Task(
            id=f"t{n}",
            plan_id="earlier",
            subject_id=subject_id(i),
            items=["x"],
            department=("civil-affairs", "fire-rescue", "market")[n % 3],
            unit=("unit-1", "unit-2")[n % 2],
            on=dt.date(2024, 3, 1),
        )
        for n, i in enumerate(range(0, size, step))
    ]


def floor(size: int, prefix: bytes) -> tuple[float, float]:
    """Seconds to generate the rows alone, and to generate them and key every id, primed."""
    start = time.perf_counter()
    for _ in rows(size):
        pass
    generated = time.perf_counter() - start
    start = time.perf_counter()
    count_primed_keys(prefix, (row["id"] for row in rows(size)))
    return generated, time.perf_counter() - start


def main() -> None:
    """Measure the floor and the streamed draw; print the figures and the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000_000, help="rows streamed")
    arguments = parser.parse_args()
    size = arguments.size
    plan, seed = make_plan(), Seed.derive("suite")
    history = make_history(size)
    prefix = f"{seed.hex}|S|{plan.id}|".encode()
    print(f"machine: {machine()}")
    print(f"{size:,} rows, {len(history):,} history tasks")

    generated, keyed = floor(size, prefix)
    print(
        f"floor: rows generated alone {generated:.2f} s; generated and S keys hashed {keyed:.2f} s"
    )

    baseline = reset_peak()
    start = time.perf_counter()
    draw = draw_stream(plan, rows(size), seed=seed, history=history)
    record = draw.record()
    elapsed = time.perf_counter() - start
    beyond = max(0, peak() - baseline) / MIB
    drawn = sum(len(s.drawn) for s in draw.strata)
    print(
        f"streamed draw: {elapsed:.2f} s, peak RSS {beyond:.1f} MiB beyond the interpreter;"
        f" {drawn:,} drawn, {len(draw.excluded):,} excluded, {len(draw.registry):,} held"
    )
    print(f"streamed draw / floor: {elapsed / keyed:.1f} x floor")
    # What asking for the drawn subjects then costs: the held entries made Subjects once,
    # and a DrawnSubject (stratum, key as hex, period, items) for each drawn.
    again = reset_peak()
    start = time.perf_counter()
    made = len(draw.drawn)
    asked = time.perf_counter() - start
    print(
        f"then draw.drawn: {asked:.2f} s for {made:,} DrawnSubject values and their Subjects,"
        f" peak RSS {max(0, peak() - again) / MIB:.1f} MiB more"
    )
    scale = size / 10_000_000
    print(
        f"targets at 10M: <= {TARGET_SECONDS:.0f} s, <= {TARGET_MIB:.0f} MiB;"
        f" this run scaled to 10M: {elapsed / scale:.0f} s"
        + (f", {beyond:.0f} MiB" if size == 10_000_000 else "")
    )
    if size <= 200_000:  # a smoke run: the same draw as in memory
        expected = draw_subjects(plan, load_registry(rows(size)), seed=seed, history=history)
        if expected.record() != record or expected.strata != draw.strata:
            sys.exit("streamed draw differs from draw_subjects over the same rows")
        print("checked: record and strata equal draw_subjects over the rows loaded in memory")


if __name__ == "__main__":
    main()
