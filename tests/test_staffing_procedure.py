"""The documented staffing procedure, randinspect-staff/2 (docs/assignment.md).

Teams, leaders and skip log equal the oracle's independent re-implementation;
the result never depends on input order; the first task's places go to the
smallest T keys (hashed with hashlib); tasks carry the plan's fields; the places
of a team (the team size raised for a joint plan, the leader standing for the
initiating department) and eligibility (certificates lapsing within a period,
qualifications of the inspector's own department), R1.3, R3.2, R4.5, R4.6.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from staffing_oracle import Rules, key, reference
from staffing_strategies import (
    H2,
    SEED,
    YEAR,
    draw_all,
    inspector,
    instances,
    make_plan,
    run,
    subjects,
)

from randinspect import TaskKind
from randinspect.assignment import TEAM_WINDOW, Assignment, StaffingAction, assign_inspectors
from randinspect.errors import InfeasibleAssignmentError


@settings(max_examples=120, deadline=None)
@given(instances(tasks=12, roster=16, capped=False))
def test_follows_the_documented_procedure(instance: dict[str, Any]) -> None:
    """The teams, leaders and skip log are those of docs/assignment.md, re-implemented.

    The reference walks under the library's least maximum load (step 0, whose
    value test_staffing_minmax checks against an exhaustive search); instances
    whose staffing needed a repair (step 7, which the reference leaves out)
    are set aside and counted.
    """
    rules, draw, result = run(instance)
    if isinstance(result, Assignment) and any(
        e.action is StaffingAction.REPAIRED for e in result.log
    ):
        event("repaired under L*: not compared")
        return
    cap = result.max_load if isinstance(result, Assignment) else None
    try:
        expected = reference(draw, instance["roster"], rules, instance["seed"], cap=cap)
    except LookupError:
        assert isinstance(result, InfeasibleAssignmentError)
        return
    assert isinstance(result, Assignment)
    tasks = [(t.id, t.inspectors, t.leader) for t in result.tasks]
    skips = [
        (e.task_id, e.inspector_id, e.other_id)
        for e in result.log
        if e.action is StaffingAction.SKIPPED
    ]
    assert expected == (tasks, skips)


@pytest.mark.parametrize("lapsing", [2, 4, 8])
def test_follows_the_documented_procedure_with_many_lapsed_certificates(lapsing: int) -> None:
    """The documented procedure holds when many candidates lapse within a period.

    All but one in ``lapsing`` of the certificates end at mid-year, so the second
    half-year's lines hold many candidates who may not serve there (R1.3). The
    reference walks under the least maximum load; with 76 subjects no repair is
    needed at any of the three rates (with 80, two of them needed one), so the
    walk alone is compared, the test_staffing_minmax file covers repairs.
    """
    plan = make_plan(size=3)
    roster = [
        inspector(f"i{n:02d}", certificate_expires=dt.date(YEAR, 6, 30) if n % lapsing else None)
        for n in range(24)
    ]
    conflicts: list[Any] = [("i03", "s4"), ("i10", "s7")]
    draw = draw_all(plan, subjects(76))
    assignment = assign_inspectors(draw, roster, seed=SEED, conflicts=conflicts)
    assert not any(e.action is StaffingAction.REPAIRED for e in assignment.log)
    rules = Rules.of(plan, roster, conflicts)
    rules.check(assignment)
    rules.check_balance(assignment)
    tasks = [(t.id, t.inspectors, t.leader) for t in assignment.tasks]
    skips = [
        (e.task_id, e.inspector_id, e.other_id)
        for e in assignment.log
        if e.action is StaffingAction.SKIPPED
    ]
    assert reference(draw, roster, rules, SEED, cap=assignment.max_load) == (tasks, skips)


@settings(max_examples=40, deadline=None)
@given(instances(tasks=12, roster=16, capped=True), st.randoms(use_true_random=False))
def test_same_inputs_same_result_in_any_order(
    instance: dict[str, Any], rnd: random.Random
) -> None:
    """The same seed gives the same assignment, in any input order.

    The order of the roster, the conflicts and the unavailability never matters.
    """
    _, _, first = run(instance)
    shuffled = dict(instance)
    for name in ("roster", "conflicts", "unavailable"):
        shuffled[name] = rnd.sample(instance[name], len(instance[name]))
    _, _, second = run(shuffled)
    if isinstance(first, Assignment):
        assert first == second
        assert first.record() == second.record()
    else:
        assert str(first) == str(second)


def test_first_task_takes_the_smallest_keys_per_place() -> None:
    """The first task's places go to the smallest T keys, computed with hashlib.

    With no more candidates than a block, the leader place goes to the can-lead
    inspector with the smallest key and the open place to the smallest key of the rest.
    """
    assert 5 <= TEAM_WINDOW + 1
    plan = make_plan(size=2)
    roster = [
        inspector("lead-1"),
        inspector("lead-2"),
        inspector("m1", can_lead=False),
        inspector("m2", can_lead=False),
        inspector("m3", can_lead=False),
    ]
    draw = draw_all(plan, subjects(1))
    assignment = assign_inspectors(draw, roster, seed=SEED)
    task = assignment.tasks[0]
    leader = min(["lead-1", "lead-2"], key=lambda i: key(SEED, "p", "s0", i))
    other = min([r.id for r in roster if r.id != leader], key=lambda i: key(SEED, "p", "s0", i))
    assert leader == task.leader
    assert sorted([leader, other], key=lambda i: key(SEED, "p", "s0", i)) == list(task.inspectors)


def test_task_fields() -> None:
    """A task is plan/subject with the plan's items, department, unit, year and its period.

    It is a random task (R4.7, R5).
    """
    plan = make_plan(partners={"fire"}, size=2)
    roster = [inspector("c1"), inspector("f1", "fire"), inspector("f2", "fire")]
    draw = draw_all(plan, subjects(3))
    assignment = assign_inspectors(draw, roster, seed=SEED)
    periods = {d.subject.id: d.period for d in draw.drawn}
    assert [f"p/{d.subject.id}" for d in draw.drawn] == [t.id for t in assignment.tasks]
    for task in assignment.tasks:
        assert ("item-civil", "item-fire") == task.items
        assert ("p", "civil", "u1", YEAR, TaskKind.RANDOM) == (
            task.plan_id,
            task.department,
            task.unit,
            task.year,
            task.kind,
        )
        assert periods[task.subject_id] == task.period


def test_joint_plan_raises_the_team_size_to_cover_every_department() -> None:
    """A joint plan's team grows to give every department a member, with a note (R4.6).

    Three departments and size 2 make teams of 3, one per department.
    """
    plan = make_plan(partners={"fire", "market"}, size=2)
    roster = [
        inspector("c1"),
        inspector("c2", can_lead=False),
        inspector("f1", "fire"),
        inspector("k1", "market"),
        inspector("k2", "market"),
    ]
    assignment = assign_inspectors(draw_all(plan, subjects(4)), roster, seed=SEED)
    Rules.of(plan, roster).check(assignment)
    assert 3 == assignment.team_size
    assert any("raised from 2 to 3" in note for note in assignment.notes)


def test_leader_place_also_counts_for_the_initiating_department() -> None:
    """The leader place also counts for the initiating department: they never compete.

    With size 2 and two departments, the one can-lead civil inspector is both.
    """
    plan = make_plan(partners={"fire"}, size=2)
    roster = [inspector("c1"), inspector("c2", can_lead=False), inspector("f1", "fire")]
    assignment = assign_inspectors(draw_all(plan, subjects(3)), roster, seed=SEED)
    assert all({"c1", "f1"} == set(t.inspectors) for t in assignment.tasks)
    assert all("c1" == t.leader for t in assignment.tasks)


def test_certificate_expiring_within_a_period_keeps_the_inspector_out_of_it() -> None:
    """An inspector whose certificate ends before a period ends serves none of its tasks."""
    plan = make_plan(size=2, leader=False)
    roster = [inspector("short", certificate_expires=dt.date(YEAR, 6, 30))] + [
        inspector(f"i{n}") for n in range(3)
    ]
    assignment = assign_inspectors(draw_all(plan, subjects(12)), roster, seed=SEED)
    for task in assignment.tasks:
        if task.period == H2:
            assert "short" not in task.inspectors
    assert assignment.loads["short"] > 0


def test_qualifications_are_those_of_the_inspectors_own_department() -> None:
    """Qualifications (R3.2) are those of the check items of the inspector's department.

    A fire inspector needs the fire item's qualification; a civil one does not.
    """
    plan = make_plan(partners={"fire"}, size=2, qualifications={"fire": "fire-safety"})
    roster = [
        inspector("c1"),
        inspector("f-unqualified", "fire"),
        inspector("f-qualified", "fire", qualifications={"fire-safety"}),
    ]
    assignment = assign_inspectors(draw_all(plan, subjects(3)), roster, seed=SEED)
    assert all({"c1", "f-qualified"} == set(t.inspectors) for t in assignment.tasks)
