"""Benchmark draw_subjects on a generated registry (issue: stratified subject draw).

Run: ``uv run --group bench python benchmarks/bench_draw.py`` (``--size`` to scale).

It prints, in one run: building the Registry snapshot and its fingerprint
(once per registry), the key floor (computing the SHA-256 key of every
subject, the least any verifiable draw must do), draw_subjects on that
registry (the first draw also builds the registry's indexes; later plans
reuse them), its peak extra memory, and pandas ``groupby().sample()`` on the
same data as a reference point.

The plan has the shape users' plans have (issue 11): ratios per grade, a
boost stratum of high-risk subjects (one in 97 of the registry) at 50 %
(R2.4), and a history of one task for every tenth subject (R5). The same
draw without the boost stratum, and without the history, are timed in the
same rounds, so what each costs shows. Targets (issue 11): the draw with
the history and the boost stratum at most 1.5 x the primed key floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import time
import tracemalloc

import attrs
from _timing import best_of, best_of_each, machine, primed_keys

from randinspect import CheckItem, Flag, FlagStratum, Grade, Plan, Ratios, Seed, Subject, Task
from randinspect.caps import check_history, find_capped
from randinspect.registry import Registry
from randinspect.sampling import draw_subjects

GRADE_SHARES = ((Grade.A, 40), (Grade.B, 30), (Grade.C, 20), (Grade.D, 10))
RATIOS = Ratios(A="5%", B="10%", C="15%", D="20%")
BOOST = FlagStratum(flags={Flag.HIGH_RISK}, ratio="50%")
TARGET = 1.5


def make_registry(size: int) -> list[Subject]:
    """``size`` subjects, grades 40/30/20/10 %, one in 97 high risk, ids like credit codes."""
    grades = [g for g, share in GRADE_SHARES for _ in range(share)]
    high_risk = frozenset({Flag.HIGH_RISK})
    return [
        Subject(
            id=f"914104{i:012d}",
            grade=grades[i % 100],
            attributes={"region": f"r{i % 7}"},
            flags=high_risk if i % 97 == 0 else frozenset(),
        )
        for i in range(size)
    ]


def make_history(subjects: list[Subject]) -> list[Task]:
    """One random task this year for every tenth subject, from three departments' units."""
    return [
        Task(
            id=f"t{n}",
            plan_id="earlier",
            subject_id=s.id,
            items=["x"],
            department=("civil-affairs", "fire-rescue", "market")[n % 3],
            unit=("unit-1", "unit-2")[n % 2],
            on=dt.date(2024, 3, 1),
        )
        for n, s in enumerate(subjects[::10])
    ]


def main() -> None:
    """Run every measurement once and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    plan = Plan(
        id="2024-bench",
        year=2024,
        department="civil-affairs",
        unit="unit-1",
        items=[CheckItem(id="elder", name="养老机构检查", department="civil-affairs")],
        ratios=RATIOS,
        boost=BOOST,
    )
    unboosted = attrs.evolve(plan, boost=None)
    seed = Seed.derive("benchmark")
    start = time.perf_counter()
    subjects = make_registry(args.size)
    history = make_history(subjects)
    made = time.perf_counter() - start

    registry_time, registry = best_of(1, lambda: Registry(subjects))
    fingerprint_time, _ = best_of(1, lambda: registry.fingerprint)

    ids = [s.id for s in subjects]
    prefix = f"{seed.hex}|S|{plan.id}|".encode()
    sha256 = hashlib.sha256
    cold, _ = best_of(1, lambda: draw_subjects(plan, registry, seed=seed, history=history))
    timed = best_of_each(
        args.runs,
        {
            "afresh": lambda: [sha256(prefix + i.encode()).digest() for i in ids],
            "floor": lambda: primed_keys(prefix, ids),
            "warm": lambda: draw_subjects(plan, registry, seed=seed, history=history),
            "no boost": lambda: draw_subjects(unboosted, registry, seed=seed, history=history),
            "no history": lambda: draw_subjects(plan, registry, seed=seed),
            "history alone": lambda: find_capped(plan, check_history(history)),
        },
    )
    (afresh, _), (floor, _) = timed["afresh"], timed["floor"]
    (warm, draw), (no_history, _) = timed["warm"], timed["no history"]
    no_boost, history_alone = timed["no boost"][0], timed["history alone"][0]
    gc.collect()
    tracemalloc.start()
    draw_subjects(plan, registry, seed=seed, history=history)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    drawn = len(draw.drawn)
    sample_bytes = drawn * 500  # a DrawnSubject with its key text, about 0.5 KB
    print(f"machine: {machine()}")
    print(
        f"registry: {args.size:,} subjects, {len(history):,} history tasks (made in {made:.1f} s)"
    )
    boosted = len(draw.stratum("boost").drawn)
    print(f"drawn: {drawn:,} ({boosted:,} in the boost stratum); excluded: {len(draw.excluded):,}")
    rows = [
        ("Registry(subjects): sort, check, index", registry_time),
        ("registry.fingerprint (once per registry)", fingerprint_time),
        ("keys hashing seed|S|plan|id afresh each time", afresh),
        ("key floor: same keys, hash state primed once", floor),
        ("draw_subjects, first on this registry", cold),
        ("draw_subjects, warm (best of runs)", warm),
        ("draw_subjects, same without boost stratum", no_boost),
        ("draw_subjects, same without history", no_history),
        ("history alone: check_history + find_capped", history_alone),
    ]
    try:
        import pandas as pd  # noqa: PLC0415 (benchmark group only)
    except ImportError:
        pass
    else:
        frame = pd.DataFrame({"id": ids, "grade": [s.grade.value for s in subjects]})
        reference, _ = best_of(
            args.runs, lambda: frame.groupby("grade").sample(frac=0.1, random_state=1)
        )
        rows.append(("pandas groupby().sample(frac=0.1)", reference))
    for name, seconds in rows:
        print(f"  {name:<44} {seconds:8.3f} s")
    print(f"  {'warm draw / key floor':<44} {warm / floor:8.2f} x (target <= {TARGET} x)")
    print(f"  {'draw without boost stratum / key floor':<44} {no_boost / floor:8.2f} x")
    print(f"  {'draw without history / key floor':<44} {no_history / floor:8.2f} x")
    print(f"  {'history alone / key floor':<44} {history_alone / floor:8.2f} x")
    print(
        f"  {'peak extra memory of a warm draw':<44} {peak / 2**20:8.1f} MiB"
        f" ({peak / sample_bytes:.1f} x the sample at ~0.5 KB a drawn subject)"
    )


if __name__ == "__main__":
    main()
