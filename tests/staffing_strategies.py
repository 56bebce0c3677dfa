"""Instance builders and Hypothesis strategies shared by the staffing tests.

The building blocks (a plan of department "civil" drawing every subject, numbered
subjects, can-lead inspectors, the draw), the random small instances and the tight
ones where repairs are common, and ``run``, which draws and staffs an instance and
returns the oracle's rules with the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from staffing_oracle import Rules

from randinspect import CheckItem, Period, Plan, Seed, Subject, TeamRule
from randinspect import testing as rst
from randinspect.assignment import SameAttribute, assign_inspectors
from randinspect.errors import InfeasibleAssignmentError
from randinspect.model import Inspector
from randinspect.sampling import SubjectDraw, draw_subjects

ALL = {"A": "100%", "B": "100%", "C": "100%", "D": "100%"}


YEAR = 2024


H1 = Period(start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 6, 30), name="H1")


H2 = Period(start=dt.date(YEAR, 7, 1), end=dt.date(YEAR, 12, 31), name="H2")


SEED = Seed.derive("test-assignment")


def make_plan(
    *,
    partners: Iterable[str] = (),
    size: int = 2,
    leader: bool = True,
    every_department: bool = True,
    max_load: int | None = None,
    periods: Sequence[Period] = (H1, H2),
    qualifications: dict[str, str] | None = None,
) -> Plan:
    """A plan of department "civil" drawing every subject (ratio 100 %)."""
    departments = ["civil", *sorted(partners)]
    wanted = qualifications or {}
    return Plan(
        id="p",
        year=YEAR,
        department="civil",
        unit="u1",
        partners=set(partners),
        items=[
            CheckItem(id=f"item-{d}", name=f"check {d}", department=d, qualification=wanted.get(d))
            for d in departments
        ],
        ratios=ALL,
        periods=list(periods),
        team=TeamRule(
            size=size, leader=leader, every_department=every_department, max_load=max_load
        ),
    )


def subjects(count: int, *, regions: int = 0) -> list[Subject]:
    """Subjects s0, s1, ...; with ``regions``, a region attribute r0, r1, ... in turn."""
    return [
        Subject(
            id=f"s{n}",
            grade="ABCD"[n % 4],
            attributes={"region": f"r{n % regions}"} if regions else {},
        )
        for n in range(count)
    ]


def inspector(ident: str, department: str = "civil", **fields: Any) -> Inspector:
    """An inspector, certified, can-lead unless told otherwise."""
    fields.setdefault("can_lead", True)
    return Inspector(id=ident, department=department, **fields)


def draw_all(plan: Plan, registry: Sequence[Subject], seed: Seed = SEED) -> SubjectDraw:
    """Draw every subject of ``registry`` for ``plan``."""
    return draw_subjects(plan, registry, seed=seed)


@st.composite
def instances(
    draw: st.DrawFn, *, tasks: int, roster: int, capped: bool, rules: bool = True
) -> dict[str, Any]:
    """A random small instance: plan, registry, roster, conflicts, unavailability, seed.

    Weighted so that about half the instances can be staffed and some of those
    only by moving inspectors between tasks.
    """

    def chance(percent: int) -> bool:
        """True about ``percent`` % of the time; False is the simplest (shrunk) answer."""
        return draw(st.integers(0, 99)) >= 100 - percent

    partners = draw(st.sets(st.sampled_from(["fire", "market"]), max_size=2))
    plan = make_plan(
        partners=partners,
        size=draw(st.integers(2, 3)),
        leader=draw(st.booleans()),
        every_department=draw(st.booleans()),
        max_load=draw(st.integers(1, 3)) if capped and chance(60) else None,
        periods=draw(st.sampled_from([(H1, H2), (Period.whole_year(YEAR),)])),
        qualifications=draw(
            st.sampled_from([{}, {"civil": "elder-care"}, {"fire": "fire-safety"}])
        ),
    )
    registry = subjects(draw(st.integers(1, tasks)), regions=2)
    subject_ids = [s.id for s in registry]
    departments = sorted(plan.departments)
    people = [
        Inspector(
            id=f"i{n}",
            department="police"
            if chance(8)
            else draw(st.sampled_from(departments))
            if chance(40)
            else departments[n % len(departments)],
            certified=not chance(8),
            certificate_expires=dt.date(YEAR, 9, 30) if chance(15) else None,
            qualifications=set() if chance(15) else {"elder-care", "fire-safety"},
            can_lead=not chance(40),
            conflicts={draw(st.sampled_from(subject_ids))} if chance(20) else set(),
            attributes={"region": draw(st.sampled_from(["r0", "r1"]))} if chance(50) else {},
        )
        for n in range(draw(st.sampled_from(range(roster, 1, -1))))
    ]
    ids = [p.id for p in people]
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(subject_ids)), max_size=2)
    )
    conflicts: list[Any] = list(pairs)
    if rules and chance(30):
        conflicts.append(SameAttribute("region"))
    unavailable: list[Any] = [draw(st.sampled_from(ids))] if chance(15) else []
    if chance(30):
        unavailable.append((draw(st.sampled_from(ids)), draw(st.sampled_from(subject_ids))))
    return {
        "plan": plan,
        "registry": registry,
        "roster": people,
        "conflicts": conflicts,
        "unavailable": unavailable,
        "seed": draw(rst.seeds()),
    }


@st.composite
def tight_instances(draw: st.DrawFn, *, capped: bool = True) -> dict[str, Any]:
    """Small instances where capacity just meets demand, so the walk often needs repairs.

    The roster is just large enough for loads of at most 1 or 2, the plan's max
    load; with ``capped=False`` the plan has no max load, and only a min-max
    staffing keeps the busiest inspector to that load.
    """
    tasks = draw(st.integers(3, 4))
    cap = draw(st.sampled_from([1, 2]))
    plan = make_plan(size=2, leader=draw(st.booleans()), max_load=cap if capped else None)
    registry = subjects(tasks)
    subject_ids = [s.id for s in registry]
    size = -(-2 * tasks // cap) + draw(st.integers(0, 1))
    people = [
        inspector(
            f"i{n}",
            can_lead=draw(st.booleans()),
            conflicts=draw(st.sets(st.sampled_from(subject_ids), max_size=2)),
        )
        for n in range(size)
    ]
    return {
        "plan": plan,
        "registry": registry,
        "roster": people,
        "conflicts": [],
        "unavailable": [],
        "seed": draw(rst.seeds()),
    }


def run(instance: dict[str, Any], **options: Any) -> tuple[Rules, SubjectDraw, Any]:
    """Draw and assign an instance; return the rules, the draw and the assignment or error."""
    plan = instance["plan"]
    draw = draw_all(plan, instance["registry"], instance["seed"])
    rules = Rules.of(plan, instance["roster"], instance["conflicts"], instance["unavailable"])
    try:
        result: Any = assign_inspectors(
            draw,
            instance["roster"],
            seed=instance["seed"],
            conflicts=instance["conflicts"],
            unavailable=instance["unavailable"],
            **options,
        )
    except InfeasibleAssignmentError as error:
        result = error
    return rules, draw, result


FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
