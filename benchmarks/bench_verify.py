"""Benchmark verifying published records from the inputs alone (issue 10, R7.6).

Run: ``uv run --group bench python benchmarks/bench_verify.py`` (``--size``,
``--tasks`` to scale).

What a third party waits for, end to end: the stored draw record as JSON
text and the registry as rows (dicts, as a database cursor or a CSV reader
gives them), to a verdict. The path is ``json.loads`` of the record,
``load_registry`` of the rows (every row validated into a Subject), and
``verify_draw``, which fingerprints the registry and the history and
re-runs the draw. The floor, timed in the same run, hashes the same bytes:
the registry's canonical text (what its fingerprint hashes) and every
subject's ``S`` key, with the hash state primed once (``bench_draw.py``'s
key floor). ``verify_draw`` on a registry already built is timed too.

For staffing it times ``verify_assignment`` of a joint plan's assignment
(``bench_assign.py``'s workload: teams of 3 from 2,000 inspectors in three
departments, declared conflicts, a ring rule and unavailability) against
``assign_inspectors`` itself: re-running the staffing is the floor of
checking it.
"""

from __future__ import annotations

import argparse
import hashlib
import json

from _timing import best_of_each, machine, primed_keys
from bench_assign import make_draw, make_inputs, make_plan, make_roster, make_subjects
from bench_draw import make_history, make_registry

from randinspect import CheckItem, Plan, Ratios, Seed
from randinspect.assignment import assign_inspectors
from randinspect.draw import canonical_json
from randinspect.loading import load_registry
from randinspect.registry import Registry
from randinspect.sampling import draw_subjects
from randinspect.verify import verify_assignment, verify_draw


def draw_side(size: int, runs: int) -> None:
    """Rows and a stored record to a verdict, against hashing the same bytes."""
    plan = Plan(
        id="2024-bench",
        year=2024,
        department="civil-affairs",
        unit="unit-1",
        items=[CheckItem(id="elder", name="养老机构检查", department="civil-affairs")],
        ratios=Ratios(A="5%", B="10%", C="15%", D="20%"),
    )
    seed = Seed.derive("bench-verify")
    subjects = make_registry(size)
    history = make_history(subjects)
    rows = [s.to_data() for s in subjects]
    stored = json.dumps(
        draw_subjects(plan, Registry(subjects), seed=seed, history=history).record(),
        ensure_ascii=False,
    )
    text = (
        "randinspect-fingerprint/1\n" + "".join(canonical_json(r) + "\n" for r in rows)
    ).encode()
    ids = sorted(s.id for s in subjects)
    prefix = f"{seed.hex}|S|{plan.id}|".encode()
    built = load_registry(rows)

    def rows_to_verdict() -> bool:
        return verify_draw(json.loads(stored), load_registry(rows), history=history).ok

    def on_built() -> bool:
        fresh = Registry(built)  # a new snapshot: its fingerprint is not cached yet
        return verify_draw(json.loads(stored), fresh, history=history).ok

    def floor() -> int:
        hashlib.sha256(text).digest()
        return len(primed_keys(prefix, ids))

    timed = best_of_each(
        runs,
        {
            "rows": rows_to_verdict,
            "load": lambda: len(load_registry(rows)),
            "built": on_built,
            "floor": floor,
        },
    )
    assert timed["rows"][1], "an honest record verifies from rows"
    assert timed["built"][1], "an honest record verifies on a built registry"
    print(f"draw record: {size:,} subjects, {len(history):,} history tasks,")
    print(f"  a record of {len(stored):,} characters; registry text {len(text):,} bytes")
    table = [
        ("rows + stored record to verdict", timed["rows"][0]),
        ("  of which load_registry(rows)", timed["load"][0]),
        ("verify_draw on a registry built afresh", timed["built"][0]),
        ("floor: hash the registry text + every S key", timed["floor"][0]),
    ]
    for name, seconds in table:
        print(f"  {name:<46} {seconds:8.3f} s")
    ratio = timed["rows"][0] / timed["floor"][0]
    print(f"  {'rows to verdict / floor':<46} {ratio:8.2f} x")
    print(f"  {'verify_draw (built) / floor':<46} {timed['built'][0] / timed['floor'][0]:8.2f} x")


def staffing_side(tasks: int, runs: int) -> None:
    """verify_assignment against re-running assign_inspectors."""
    plan, seed = make_plan(), Seed.derive("bench-verify-staff")
    subjects = make_subjects(tasks)
    roster = make_roster([s.id for s in subjects])
    draw = make_draw(plan, subjects, seed)
    conflicts, unavailable = make_inputs(roster, [s.id for s in subjects])
    assignment = assign_inspectors(
        draw, roster, seed=seed, conflicts=conflicts, unavailable=unavailable
    )
    stored = json.dumps(assignment.record(), ensure_ascii=False)
    draw_record = json.loads(json.dumps(draw.record(), ensure_ascii=False))
    timed = best_of_each(
        runs,
        {
            "assign": lambda: assign_inspectors(
                draw, roster, seed=seed, conflicts=conflicts, unavailable=unavailable
            ),
            "verify": lambda: verify_assignment(
                json.loads(stored), draw_record, roster,
                conflicts=conflicts, unavailable=unavailable,
            ).ok,
        },
    )  # fmt: skip
    assert timed["verify"][1], "an honest assignment record verifies"
    (assign, _), (verify, _) = timed["assign"], timed["verify"]
    print(f"assignment record: {tasks:,} tasks, {len(roster):,} inspectors, {len(stored):,} chars")
    print(f"  {'assign_inspectors (the floor)':<46} {assign:8.3f} s")
    print(f"  {'stored record to verify_assignment verdict':<46} {verify:8.3f} s")
    print(f"  {'verify / assign':<46} {verify / assign:8.2f} x")


def main() -> None:
    """Run both measurements and print their tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    draw_side(args.size, args.runs)
    staffing_side(args.tasks, args.runs)


if __name__ == "__main__":
    main()
