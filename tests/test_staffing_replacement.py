"""Replacing a team member after publication: ``replace_inspector`` (递补, R4.4).

The place goes to the next inspector in the task's T-key order who may take it;
the lead is handed on (R4.5); recused inspectors and those at the max load are
skipped and logged; a dropped inspector never comes back, and when nobody is left
the error certifies why.
"""

from __future__ import annotations

import pytest
from staffing_oracle import Rules, key
from staffing_strategies import SEED, draw_all, inspector, make_plan, subjects

from randinspect import Seed
from randinspect.assignment import (
    StaffingAction,
    StaffingReason,
    assign_inspectors,
    replace_inspector,
)
from randinspect.errors import InfeasibleAssignmentError


def test_replace_takes_the_next_in_the_tasks_draw_order() -> None:
    """A dropped-out member is replaced by the next in the task's T-key order (R4.4).

    Only that task and two loads change, and the log says why.
    """
    plan = make_plan(size=2, leader=False)
    roster = [inspector(f"i{n}") for n in range(6)]
    assignment = assign_inspectors(draw_all(plan, subjects(4)), roster, seed=SEED)
    task = assignment.tasks[0]
    gone = task.inspectors[0]
    order = sorted((r.id for r in roster), key=lambda i: key(SEED, "p", task.subject_id, i))
    expected = next(i for i in order if i not in task.inspectors)
    after = replace_inspector(assignment, task.id, gone, reason="ill")
    Rules.of(plan, roster).check(after)
    new = after.task(task.id)
    assert {expected, task.inspectors[1]} == set(new.inspectors)
    assert assignment.tasks[1:] == after.tasks[1:]
    assert assignment.loads[gone] - 1 == after.loads[gone]
    assert assignment.loads[expected] + 1 == after.loads[expected]
    last = after.log[-1]
    assert (StaffingAction.REPLACED, gone, expected, "R4.4") == (
        last.action,
        last.inspector_id,
        last.other_id,
        last.rule,
    )
    assert "ill" in last.detail


def test_replacing_the_leader_hands_the_lead_on_and_skips_those_who_cannot() -> None:
    """Replacing the leader hands the lead on, skipping those who cannot lead (R4.5).

    Non-leads earlier in the draw order are skipped with the reason.
    """
    plan = make_plan(size=2)
    roster = [inspector("L1"), inspector("L2")] + [
        inspector(f"m{n}", can_lead=False) for n in range(4)
    ]
    assignment = assign_inspectors(draw_all(plan, subjects(1)), roster, seed=SEED)
    task = assignment.tasks[0]
    assert task.leader is not None
    other_leader = ({"L1", "L2"} - {task.leader}).pop()
    after = replace_inspector(assignment, task.id, task.leader, reason="other official duties")
    assert other_leader == after.tasks[0].leader
    order = sorted((r.id for r in roster), key=lambda i: key(SEED, "p", "s0", i))
    passed = [i for i in order[: order.index(other_leader)] if i not in task.inspectors]
    skipped = [e for e in after.log if e.action is StaffingAction.SKIPPED]
    assert passed == [e.inspector_id for e in skipped]
    assert all(e.reason is StaffingReason.WRONG_PLACE for e in skipped)


def test_a_dropped_inspector_never_comes_back_to_the_task() -> None:
    """A dropped inspector never comes back to the task.

    When nobody is left, the error certifies why each inspector cannot take the place.
    """
    plan = make_plan(size=2, leader=False)
    roster = [inspector(f"i{n}") for n in range(3)]
    assignment = assign_inspectors(draw_all(plan, subjects(1)), roster, seed=SEED)
    first = assignment.tasks[0].inspectors[0]
    once = replace_inspector(assignment, "p/s0", first, reason="ill")
    newcomer = once.log[-1].other_id
    assert newcomer is not None
    with pytest.raises(InfeasibleAssignmentError) as caught:
        replace_inspector(once, "p/s0", newcomer, reason="ill too")
    unable = caught.value.certificate.unable
    (staying,) = set(once.tasks[0].inspectors) - {newcomer}
    assert [StaffingReason.DROPPED] == [r.reason for r in unable[first]]
    assert [StaffingReason.DROPPED] == [r.reason for r in unable[newcomer]]
    assert [StaffingReason.ON_TEAM] == [r.reason for r in unable[staying]]
    assert (1, 0) == (caught.value.certificate.needed, caught.value.certificate.capacity)


def test_replacement_skips_a_recused_inspector() -> None:
    """The next in draw order who has a conflict with the subject is skipped and logged."""
    plan = make_plan(size=2, leader=False)
    ids = [f"i{n}" for n in range(5)]
    draw = draw_all(plan, subjects(1))
    plain = assign_inspectors(draw, [inspector(i) for i in ids], seed=SEED)
    team = plain.tasks[0].inspectors
    order = sorted(ids, key=lambda i: key(SEED, "p", "s0", i))
    outside = [i for i in order if i not in team]
    conflicts = [(outside[0], "s0")]
    assignment = assign_inspectors(
        draw, [inspector(i) for i in ids], seed=SEED, conflicts=conflicts
    )
    assert team == assignment.tasks[0].inspectors
    after = replace_inspector(assignment, "p/s0", team[0], reason="called away")
    assert {team[1], outside[1]} == set(after.tasks[0].inspectors)
    skipped = [e for e in after.log if e.action is StaffingAction.SKIPPED]
    assert [(outside[0], StaffingReason.CONFLICT)] == [(e.inspector_id, e.reason) for e in skipped]


def test_replacement_respects_the_max_load() -> None:
    """Inspectors at the max load are passed over, logged as such, for the one with room."""
    plan = make_plan(size=2, leader=False, max_load=1)
    roster = [inspector(f"i{n}") for n in range(5)]
    passed_over = 0
    for n in range(12):
        seed = Seed.derive("replace", str(n))
        assignment = assign_inspectors(draw_all(plan, subjects(2), seed), roster, seed=seed)
        task = assignment.tasks[0]
        after = replace_inspector(assignment, task.id, task.inspectors[0], reason="ill")
        (new,) = set(after.task(task.id).inspectors) - set(task.inspectors)
        assert 0 == assignment.loads[new]
        skipped = [e for e in after.log if e.action is StaffingAction.SKIPPED]
        assert all(e.reason is StaffingReason.AT_MAX_LOAD for e in skipped)
        passed_over += len(skipped)
    assert passed_over > 0
