"""Benchmark the whole path a user waits for: rows to a draw record (issue 11, items 1-3).

Run: ``uv run --group bench python benchmarks/bench_load.py`` (``--size`` to scale).

Rows come as a database cursor gives them (one dict per row: id, grade,
region, flags, with ``None`` for a NULL). Each step is timed, and the total:
``Registry.from_rows`` (every row validated), ``registry.fingerprint``,
loading a history of one task per tenth subject from its rows,
``draw_subjects`` (ratios 5/10/15/20 %, a boost stratum for flagged
subjects, the yearly cap against the history), and ``draw.record()``. In the
same run, the floor: SHA-256 over the same canonical bytes the fingerprint
hashes, plus every subject's ``S`` key with the hash state primed once (as
``bench_draw.py``'s key floor); and two references for building values from
the rows: a plain frozen attrs class without validators, and a tuple per row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import time
from typing import Any

import attrs
from _timing import best_of, machine, primed_keys

from randinspect import CheckItem, FlagStratum, Plan, Ratios, Seed
from randinspect.draw import _subject_line, history_fingerprint
from randinspect.loading import load_history
from randinspect.registry import Registry
from randinspect.sampling import draw_subjects

GRADES = "A" * 40 + "B" * 30 + "C" * 20 + "D" * 10
"""Grades spread 40/30/20/10 %."""


def make_rows(size: int) -> list[dict[str, Any]]:
    """``size`` registry rows; one subject in fifty is flagged high risk, the others NULL."""
    return [
        {
            "id": f"914104{i:012d}",
            "grade": GRADES[i % 100],
            "region": f"r{i % 7}",
            "flags": "high_risk" if i % 50 == 7 else None,
        }
        for i in range(size)
    ]


def make_history_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One random task this year for every tenth subject, as a task table's rows."""
    return [
        {
            "id": f"t{n}",
            "plan_id": "earlier",
            "subject_id": row["id"],
            "items": "x",
            "department": ("civil-affairs", "fire-rescue", "market")[n % 3],
            "unit": ("unit-1", "unit-2")[n % 2],
            "on": dt.date(2024, 3, 1),
        }
        for n, row in enumerate(rows[::10])
    ]


@attrs.frozen(kw_only=True)
class PlainSubject:
    """A reference: a frozen attrs class without converters or validators.

    Attributes:
        id: The id.
        grade: The grade letter.
        attributes: The other columns.
    """

    id: str
    grade: str
    attributes: dict[str, str]


def main() -> None:  # noqa: PLR0915  # one straight run of measurements, then a table
    """Run every measurement and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    plan = Plan(
        id="2024-bench",
        year=2024,
        department="civil-affairs",
        unit="unit-1",
        items=[CheckItem(id="elder", name="养老机构检查", department="civil-affairs")],
        ratios=Ratios(A="5%", B="10%", C="15%", D="20%"),
        boost=FlagStratum(flags={"high_risk"}, ratio="30%"),
    )
    seed = Seed.derive("benchmark")
    rows = make_rows(args.size)
    history_rows = make_history_rows(rows)

    steps: dict[str, float] = {}
    steps["Registry.from_rows (every row validated)"], registry = best_of(
        args.runs, lambda: Registry.from_rows(rows)
    )
    # A fresh registry for each fingerprint run: the property is computed once per registry.
    fingerprint_time = float("inf")
    for _ in range(args.runs):
        fresh = Registry(registry.subjects)
        gc.collect()
        start = time.perf_counter()
        fresh.fingerprint  # noqa: B018  # computed here
        fingerprint_time = min(fingerprint_time, time.perf_counter() - start)
    steps["registry.fingerprint"] = fingerprint_time
    registry.fingerprint  # noqa: B018  # once for the draw below, as a user's registry has it
    steps["load_history (one task per tenth subject)"], history = best_of(
        args.runs, lambda: load_history(history_rows)
    )
    steps["draw_subjects (boost stratum, 100k-style history)"], draw = best_of(
        args.runs, lambda: draw_subjects(plan, registry, seed=seed, history=history)
    )
    steps["draw.record()"], record = best_of(args.runs, draw.record)
    total = sum(steps.values())

    def one_go() -> dict[str, Any]:
        loaded = Registry.from_rows(rows)
        loaded.fingerprint  # noqa: B018  # as a user's first draw computes it
        tasks = load_history(history_rows)
        return draw_subjects(plan, loaded, seed=seed, history=tasks).record()

    # As a user runs it: one go, the collector as Python leaves it, no collection between steps.
    del registry, draw, record, history
    gc.collect()
    start = time.perf_counter()
    record = one_go()
    in_one_go = time.perf_counter() - start
    registry = Registry.from_rows(rows)
    history = load_history(history_rows)
    draw = draw_subjects(plan, registry, seed=seed, history=history)

    canonical = (
        f"randinspect-fingerprint/1\n{''.join(map(_subject_line, registry.subjects))}".encode()
    )
    ids = [subject.id for subject in registry.subjects]
    prefix = f"{seed.hex}|S|{plan.id}|".encode()
    hashing, digest = best_of(args.runs, lambda: hashlib.sha256(canonical).hexdigest())
    keys, _ = best_of(args.runs, lambda: primed_keys(prefix, ids))
    floor = hashing + keys
    plain_ref, _ = best_of(
        args.runs,
        lambda: [
            PlainSubject(id=r["id"], grade=r["grade"], attributes={"region": r["region"]})
            for r in rows
        ],
    )
    tuple_ref, _ = best_of(args.runs, lambda: [(r["id"], r["grade"], r["region"]) for r in rows])
    history_alone, _ = best_of(args.runs, lambda: history_fingerprint(history, year=2024))

    # Cross-checks: the floor hashes the very bytes the fingerprint hashes; the record is whole.
    assert digest == registry.fingerprint, "the floor hashed other bytes than the fingerprint"
    assert record["fingerprint"] == registry.fingerprint
    assert len(registry) == args.size

    size = args.size
    print(f"machine: {machine()}")
    print(
        f"rows: {size:,} subjects, {len(history):,} history tasks;"
        f" drawn {len(draw.drawn):,}, excluded {len(draw.excluded):,}"
    )
    for name, seconds in steps.items():
        print(f"  {name:<52} {seconds:8.3f} s")
    print(f"  {'total: rows to record (sum of the steps)':<52} {total:8.3f} s")
    print(f"  {'total: rows to record, in one go as a user runs it':<52} {in_one_go:8.3f} s")
    print(f"  {'floor: SHA-256 of the canonical bytes':<52} {hashing:8.3f} s")
    print(f"  {'floor: every S key, hash state primed once':<52} {keys:8.3f} s")
    print(f"  {'floor: both':<52} {floor:8.3f} s")
    print(f"  {'history_fingerprint alone':<52} {history_alone:8.3f} s")
    print(f"  {'reference: plain frozen attrs class from rows':<52} {plain_ref:8.3f} s")
    print(f"  {'reference: a tuple per row':<52} {tuple_ref:8.3f} s")
    load = steps["Registry.from_rows (every row validated)"]
    print(f"  {'Registry.from_rows per row':<52} {load / size * 1e6:8.2f} us")
    print(f"  {'plain attrs class per row':<52} {plain_ref / size * 1e6:8.2f} us")
    print(f"  total: rows to record in one go {in_one_go / floor:.1f} x floor")


if __name__ == "__main__":
    main()
