"""Explanations a user can act on (issue 9, part 5): who was left out and why, and what failed.

An inspector of the plan's departments kept out of the walk (no certificate,
a missing qualification, away, a certificate lapsing before a period ends,
R1.3, R3.2, R4.4) is in the log with the reason and the dates, and the notes
name it; a replacement nobody can take says so; a team larger than the
roster is refused at once with its certificate.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from assertions import assert_rejected
from staffing_oracle import Rules
from staffing_strategies import H1, SEED, YEAR, draw_all, inspector, make_plan, subjects

from randinspect import TeamRule, ValidationError
from randinspect.assignment import (
    StaffingAction,
    StaffingReason,
    assign_inspectors,
    replace_inspector,
)
from randinspect.errors import InfeasibleAssignmentError

LAPSE = dt.date(YEAR, 9, 30)


def test_inspectors_kept_out_are_logged_with_reason_and_dates_and_named_in_the_notes() -> None:
    """Every kind of standing is logged once per inspector (and per uncovered period)."""
    plan = make_plan(size=2, leader=False, qualifications={"civil": "elder-care"})
    roster = [
        inspector("ok1", qualifications={"elder-care"}),
        inspector("ok2", qualifications={"elder-care"}),
        inspector("ok3", qualifications={"elder-care"}),
        inspector(
            "lapses", qualifications={"elder-care"}, certificate_expires=dt.date(YEAR, 9, 30)
        ),
        inspector("unqualified"),
        inspector("uncertified", qualifications={"elder-care"}, certified=False),
        inspector("away", qualifications={"elder-care"}),
        inspector("other", department="police"),
    ]
    assignment = assign_inspectors(
        draw_all(plan, subjects(6)), roster, seed=SEED, unavailable=["away"]
    )
    left = [
        (e.inspector_id, e.reason) for e in assignment.log if e.action is StaffingAction.LEFT_OUT
    ]
    assert [
        ("away", StaffingReason.UNAVAILABLE),
        ("lapses", StaffingReason.EXPIRED),
        ("uncertified", StaffingReason.UNCERTIFIED),
        ("unqualified", StaffingReason.UNQUALIFIED),
    ] == left  # roster (id) order; the other department's inspector is not the plan's
    lapse = next(e for e in assignment.log if e.inspector_id == "lapses")
    assert "2024-09-30" in lapse.detail
    assert "'H2' ends on 2024-12-31" in lapse.detail
    assert "R1.3" == lapse.rule
    notes = "\n".join(assignment.notes)
    for name in ("away", "lapses", "uncertified", "unqualified"):
        assert name in notes
    assert "1 roster inspector(s) of other departments take no part (R4.6)" in notes
    served = [t.period for t in assignment.tasks if "lapses" in t.inspectors]
    assert served
    assert {H1} == set(served)  # it serves the first half-year only


def test_a_replacement_nobody_can_take_says_so() -> None:
    """The error says what the docstring says: nobody can take the place (R4.4)."""
    plan = make_plan(size=2, leader=False)
    roster = [inspector("i0"), inspector("i1")]
    assignment = assign_inspectors(draw_all(plan, subjects(2)), roster, seed=SEED)
    task = assignment.tasks[0]
    with pytest.raises(InfeasibleAssignmentError) as caught:
        replace_inspector(assignment, task.id, task.inspectors[0], reason="ill")
    message = str(caught.value)
    assert "nobody can take the place without changing another task" in message
    assert "no valid assignment exists" not in message


@pytest.mark.parametrize("size", [5, 1_000])
def test_a_team_larger_than_the_roster_is_refused_at_once_with_a_certificate(size: int) -> None:
    """No task can be staffed, so the first task's certificate comes without a walk (R4.2)."""
    plan = make_plan(size=size, leader=False)
    roster = [inspector(f"i{n}") for n in range(4)]
    draw = draw_all(plan, subjects(50))
    start = time.perf_counter()
    with pytest.raises(InfeasibleAssignmentError) as caught:
        assign_inspectors(draw, roster, seed=SEED)
    assert time.perf_counter() - start < 1.0
    certificate = caught.value.certificate
    assert (size, 4) == (certificate.needed, certificate.capacity)
    Rules.of(plan, roster).check_certificate(certificate, draw)


def test_a_team_rule_beyond_any_roster_is_refused_as_a_typo() -> None:
    """``TeamRule(size=10**9)`` hung the staffing; it is now refused when the rule is made."""
    assert_rejected(lambda: TeamRule(size=10**9), ValidationError, "'size'", "1000")
