"""Benchmark assign_inspectors (issue: recusal-aware, feasibility-complete assignment).

Run: ``uv run --group bench python benchmarks/bench_assign.py`` (``--tasks`` to scale).

The workload: a joint plan of three departments (teams of 3: a leader from
the initiating department and one member of each partner department,
R4.5, R4.6) and a registry drawn at 100 % so that every subject is a task;
2,000 inspectors, a third in each department, half of the initiating
department can lead; two periods, with 5 % of certificates expiring at
mid-year (R1.3).

"1 % conflict pairs" means: 1 % of all (subject, inspector) pairs are
conflicts of interest, through ``SameAttribute("ring")`` with 100 values
spread evenly over subjects and inspectors; on top of that every inspector
declares 5 conflicts, 1,000 explicit (inspector, subject) pairs are passed,
20 inspectors are unavailable for the whole assignment and 1,000 pairs for
one task (R4.3, R4.4).

It prints the machine and its SHA-256 speed at the time (the machine's
speed varies from run to run; this calibrates the figures), then the best
time of ``assign_inspectors`` over ``--runs`` runs (the subject draw and its
registry fingerprint already built) for 25k, 50k and 100k tasks, the time per
task (flat when the cost grows linearly), the time to build the ``Task``
values on first access to ``.tasks``, the plain walk (randinspect-staff/1's
steps without the least maximum load, through the private engine) and the
ratio of the two, the log size, the spread of loads and ``L*``; for
reference, what keying every inspector for every task would cost; a tight
case where min-max binds (the walk alone leaves one task too many) at 4,000
and 10,000 tasks; and the same 100k tasks with a max load: just feasible,
and just infeasible (how long the certificate takes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import time
from typing import Any

import attrs
from _timing import best_of, machine

from randinspect import CheckItem, Inspector, Period, Plan, Ratios, Seed, Subject, TeamRule
from randinspect._staffing.balance import rebalance
from randinspect._staffing.eligibility import Context
from randinspect._staffing.inputs import check_conflicts, check_roster, check_unavailable
from randinspect._staffing.state import Staffer
from randinspect._staffing.walk import staff
from randinspect.assignment import SameAttribute, assign_inspectors
from randinspect.errors import InfeasibleAssignmentError
from randinspect.registry import Registry
from randinspect.sampling import SubjectDraw, draw_subjects

DEPARTMENTS = ("civil-affairs", "fire-rescue", "market-regulation")
RINGS = 100
ROSTER = 2_000


def make_plan() -> Plan:
    """The joint plan: three departments, one check item each, teams of 3, two periods."""
    return Plan(
        id="2024-joint",
        year=2024,
        department=DEPARTMENTS[0],
        partners=set(DEPARTMENTS[1:]),
        items=[CheckItem(id=f"item-{d}", name=f"check by {d}", department=d) for d in DEPARTMENTS],
        ratios=Ratios(A="100%", B="100%", C="100%", D="100%"),
        periods=[
            Period(start=dt.date(2024, 3, 1), end=dt.date(2024, 6, 30), name="H1"),
            Period(start=dt.date(2024, 7, 1), end=dt.date(2024, 11, 30), name="H2"),
        ],
        team=TeamRule(size=3, leader=True, every_department=True),
    )


def make_subjects(size: int) -> list[Subject]:
    """``size`` subjects, grades in turn, a ring attribute spread evenly."""
    return [
        Subject(id=f"914104{n:012d}", grade="ABCD"[n % 4], attributes={"ring": f"r{n % RINGS}"})
        for n in range(size)
    ]


def make_roster(subject_ids: list[str]) -> list[Inspector]:
    """2,000 inspectors, a third per department, rings spread, 5 declared conflicts each."""
    roster = []
    for n in range(ROSTER):
        department = DEPARTMENTS[n % 3]
        declared = {subject_ids[(n * 7919 + k * 104729) % len(subject_ids)] for k in range(5)}
        roster.append(
            Inspector(
                id=f"insp-{n:05d}",
                department=department,
                can_lead=department == DEPARTMENTS[0] and n % 2 == 0,
                certificate_expires=dt.date(2024, 6, 30) if n % 20 == 0 else None,
                conflicts=declared,
                attributes={"ring": f"r{(n * 37) % RINGS}"},
            )
        )
    return roster


def make_inputs(
    roster: list[Inspector], ids: list[str]
) -> tuple[list[Any], list[str | tuple[str, str]]]:
    """The conflicts (1,000 pairs and the ring rule) and the unavailability (20 + 1,000 pairs)."""
    pairs = [(roster[(n * 31) % ROSTER].id, ids[(n * 7907) % len(ids)]) for n in range(1_000)]
    unavailable: list[str | tuple[str, str]] = [roster[n * 97].id for n in range(20)]
    unavailable += [
        (roster[(n * 53) % ROSTER].id, ids[(n * 6007) % len(ids)]) for n in range(1_000)
    ]
    return [*pairs, SameAttribute("ring")], unavailable


def make_draw(plan: Plan, subjects: list[Subject], seed: Seed) -> SubjectDraw:
    """Draw every subject (100 %); build the drawn subjects and the registry fingerprint.

    Both belong to the subject draw (its record carries the fingerprint) and
    are cached on it, so they are made before timing the assignment.
    """
    draw = draw_subjects(plan, Registry(subjects), seed=seed)
    assert len(draw.drawn) == len(subjects)
    assert draw.fingerprint
    return draw


def plain_walk(
    draw: SubjectDraw, roster: list[Inspector], seed: Seed, conflicts: Any, unavailable: Any
) -> int:
    """randinspect-staff/1's walk alone, without seeking the least maximum load.

    The same engine, run under the plan's own maximum load (none here)
    instead of ``L*``: what min-max fairness is measured against. Returns the
    busiest inspector's load.
    """
    members = check_roster(roster)
    by_id = {i.id: i for i in members}
    context = Context(
        draw.plan,
        members,
        check_conflicts(conflicts, roster=by_id, registry=draw.registry),
        check_unavailable(unavailable, roster=by_id, registry=draw.registry),
    )
    staffer = Staffer(
        context, draw.drawn, seed=seed, recusal="replace", cap=draw.plan.team.max_load
    )
    staff(staffer)
    rebalance(staffer)
    staffer.teams()
    return max(staffer.load)


def tight_case(scale: int) -> tuple[SubjectDraw, list[Inspector], list[Any]]:
    """A case where min-max binds: one department, teams of 3 with a leader, two periods.

    ``80 x scale`` subjects, ``24 x scale`` inspectors (all can lead), every
    second certificate ending at mid-year (R1.3), ``2 x scale`` conflict
    pairs. The walk alone leaves the busiest inspector with 11 tasks where 10
    are enough, so the staffing runs under ``L* = 10`` and repairs.
    """
    plan = Plan(
        id="tight",
        year=2024,
        department="civil-affairs",
        items=[CheckItem(id="item", name="check", department="civil-affairs")],
        ratios=Ratios(A="100%", B="100%", C="100%", D="100%"),
        periods=make_plan().periods,
        team=TeamRule(size=3),
    )
    subjects = [Subject(id=f"s{n}", grade="ABCD"[n % 4]) for n in range(80 * scale)]
    roster = [
        Inspector(
            id=f"i{n:05d}",
            department="civil-affairs",
            can_lead=True,
            certificate_expires=dt.date(2024, 6, 30) if n % 2 else None,
        )
        for n in range(24 * scale)
    ]
    pairs: list[Any] = [
        (roster[(7 * k) % len(roster)].id, subjects[(13 * k) % len(subjects)].id)
        for k in range(2 * scale)
    ]
    return make_draw(plan, subjects, Seed.from_hex("00" * 32)), roster, pairs


def spreads(roster: list[Inspector], loads: Any) -> str:
    """Min..max load per group of interchangeable places: leaders, then each partner."""
    groups: dict[str, list[int]] = {}
    for person in roster:
        if person.department == DEPARTMENTS[0]:
            name = "leaders" if person.can_lead else ""
        else:
            name = person.department.split("-")[0]
        if name and loads[person.id]:
            groups.setdefault(name, []).append(loads[person.id])
    return "  ".join(f"{name} {min(v)}..{max(v)}" for name, v in groups.items())


def main() -> None:
    """Run the measurements and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    plan = make_plan()
    seed = Seed.derive("bench-assign")
    all_subjects = make_subjects(args.tasks)
    ids = [s.id for s in all_subjects]
    roster = make_roster(ids)
    print(f"machine: {machine()}")
    print(
        f"roster: {ROSTER:,} inspectors in {len(DEPARTMENTS)} departments; joint teams of 3;"
        " conflicts: 1 % of pairs by SameAttribute('ring') + 5 declared each"
        " + 1,000 pairs; unavailable: 20 + 1,000 pairs"
    )
    sample = min(1_000, args.tasks)
    prefixes = [f"{seed.hex}|T|{plan.id}/{i}|".encode() for i in ids[:sample]]
    encoded = [r.id.encode() for r in roster]
    sha256 = hashlib.sha256
    floor, _ = best_of(
        args.runs, lambda: [[sha256(p + e).digest() for e in encoded] for p in prefixes]
    )
    rate = sample * ROSTER / floor
    print(f"SHA-256 keys per second on this machine now: {rate / 1e6:.2f} million")
    print(
        f"  {'tasks':>8} {'assign_inspectors':>18} {'per task':>9} {'with .tasks':>12}"
        f" {'plain walk':>11} {'ratio':>6} {'log':>7}  loads"
    )
    draw = None
    for size in sorted({args.tasks // 4, args.tasks // 2, args.tasks}):
        draw = make_draw(plan, all_subjects[:size], seed)
        conflicts, unavailable = make_inputs(roster, ids[:size])
        elapsed, result = best_of(
            args.runs,
            lambda draw=draw, conflicts=conflicts, unavailable=unavailable: assign_inspectors(
                draw, roster, seed=seed, conflicts=conflicts, unavailable=unavailable
            ),
        )
        total, tasks = best_of(
            args.runs,
            lambda draw=draw, conflicts=conflicts, unavailable=unavailable: (
                assign_inspectors(
                    draw, roster, seed=seed, conflicts=conflicts, unavailable=unavailable
                ).tasks
            ),  # the Task values are built on first use
        )
        plain, _ = best_of(
            args.runs,
            lambda draw=draw, conflicts=conflicts, unavailable=unavailable: plain_walk(
                draw, roster, seed, conflicts, unavailable
            ),
        )
        assert len(tasks) == size
        print(
            f"  {size:>8,} {elapsed:>16.3f} s {elapsed / size * 1e6:>7.1f} us"
            f" {total:>10.3f} s {plain:>9.3f} s {elapsed / plain:>5.2f}x {len(result.log):>7,}"
            f"  {spreads(roster, result.loads)}; L* {result.max_load}"
        )
    print(
        f"  for reference: keying every inspector for every task (sorting each task's"
        f" whole roster) would take {args.tasks * ROSTER / rate:.0f} s for {args.tasks:,} tasks"
    )
    assert draw is not None
    print("  where min-max binds (tight_case): the walk alone gives one task too many")
    for scale in (50, 125):
        tight, people, pairs = tight_case(scale)
        fair, fair_result = best_of(
            args.runs,
            lambda t=tight, p=people, c=pairs: assign_inspectors(t, p, seed=seed, conflicts=c),
        )
        plain, walk_max = best_of(
            args.runs, lambda t=tight, p=people, c=pairs: plain_walk(t, p, seed, c, ())
        )
        repairs = sum(1 for e in fair_result.log if e.action.value == "repaired")
        print(
            f"    {len(tight.drawn):>7,} tasks: walk alone {plain:.3f} s, busiest {walk_max};"
            f" min-max {fair:.3f} s ({fair / plain:.1f}x), busiest {fair_result.max_load},"
            f" {repairs:,} repair log lines"
        )
    most = max(result.loads.values())
    for cap in sorted({most, max(1, most - 4)}, reverse=True):
        capped = attrs.evolve(plan, team=TeamRule(size=3, max_load=cap))
        capped_draw = make_draw(capped, all_subjects, seed)
        start = time.perf_counter()
        try:
            assign_inspectors(
                capped_draw, roster, seed=seed, conflicts=conflicts, unavailable=unavailable
            )
            outcome = "staffed"
        except InfeasibleAssignmentError as error:
            outcome = (
                f"infeasible, certificate: {error.certificate.needed:,} places,"
                f" at most {error.certificate.capacity:,} fillable"
            )
        print(f"  max_load={cap}: {time.perf_counter() - start:.3f} s ({outcome})")


if __name__ == "__main__":
    main()
