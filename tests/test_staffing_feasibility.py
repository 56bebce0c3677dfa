"""Staffing feasibility: exhaustive search agreement, repairs and certificates (R4).

``assign_inspectors`` succeeds exactly when an exhaustive search finds a valid
assignment (with a max load, with tight capacity, with swaps); repairs by
augmenting paths move inspectors between tasks when the walk alone would fail;
and every certificate of ``InfeasibleAssignmentError`` is a real obstruction,
recounted by the oracle, whose places and reasons read as what they need.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from staffing_oracle import Rules
from staffing_strategies import (
    FAST,
    SEED,
    YEAR,
    draw_all,
    inspector,
    instances,
    make_plan,
    run,
    subjects,
    tight_instances,
)

from randinspect import Seed
from randinspect.assignment import (
    Assignment,
    Place,
    StaffingAction,
    StaffingReason,
    assign_inspectors,
)
from randinspect.errors import InfeasibleAssignmentError
from randinspect.sampling import SubjectDraw


def agrees_with_exhaustive_search(rules: Any, draw: SubjectDraw, result: Any) -> None:
    """A valid, balanced assignment when exhaustive search finds one; else a real certificate."""
    if rules.feasible(draw):
        assert isinstance(result, Assignment), result
        rules.check(result)
        rules.check_balance(result)
        event("feasible")
        for action in sorted({e.action.value for e in result.log}):
            event(f"log has {action}")
    else:
        assert isinstance(result, InfeasibleAssignmentError)
        rules.check_certificate(result.certificate, draw)
        event(f"infeasible, certificate over {len(result.certificate.task_ids)} task(s)")


@FAST
@given(instances(tasks=4, roster=6, capped=True))
def test_succeeds_exactly_when_an_exhaustive_search_finds_a_valid_assignment(
    instance: dict[str, Any],
) -> None:
    """Succeeds exactly when exhaustive search finds a valid assignment.

    Feasibility-complete: never a failure when a valid assignment exists; and every
    certificate given is a real Hall-type obstruction: its places need more than all
    able inspectors can give, each held to the max load.
    """
    agrees_with_exhaustive_search(*run(instance))


@FAST
@given(tight_instances(), st.sampled_from(["replace", "swap"]))
def test_succeeds_exactly_when_feasible_under_a_tight_max_load(
    instance: dict[str, Any], recusal: str
) -> None:
    """Feasibility-completeness where capacity just meets demand and repairs are common.

    Succeeds exactly when exhaustive search finds a valid assignment; every team is
    valid, loads balanced, and every certificate a real obstruction.
    """
    agrees_with_exhaustive_search(*run(instance, recusal=recusal))


@FAST
@given(instances(tasks=4, roster=6, capped=True))
def test_swapping_subjects_keeps_every_guarantee(instance: dict[str, Any]) -> None:
    """Recusal by swapping subjects (003 art. 15) keeps every guarantee.

    It is feasibility-complete too, its teams valid and its loads balanced.
    """
    rules, draw, result = run(instance, recusal="swap")
    if rules.feasible(draw):
        assert isinstance(result, Assignment), result
        rules.check(result)
        rules.check_balance(result)
    else:
        rules.check_certificate(result.certificate, draw)


def test_max_load_forces_a_repair_the_greedy_walk_would_miss() -> None:
    """A repair moves inspectors between tasks when the walk alone would fail.

    No free inspector is left for a place, but moving inspectors makes room: the
    assignment succeeds within the max load and logs the moves.
    """
    plan = make_plan(size=2, leader=False, max_load=1)
    # s1 can only be inspected by a and b; when s0 comes first, the walk is likely to
    # give it a or b, and s1 then needs a repair: s0 to c and d, s1 to a and b.
    roster = [inspector("a"), inspector("b")] + [
        inspector(i, conflicts={"s1"}) for i in ("c", "d")
    ]
    rules = Rules.of(plan, roster)
    repaired = 0
    for n in range(30):
        seed = Seed.derive("repair", str(n))
        draw = draw_all(plan, subjects(2), seed)
        assignment = assign_inspectors(draw, roster, seed=seed)
        rules.check(assignment)
        assert {"a", "b"} == set(assignment.task("p/s1").inspectors)
        moves = [e for e in assignment.log if e.action is StaffingAction.REPAIRED]
        repaired += bool(moves)
        assert all(e.rule == "TeamRule.max_load" for e in moves)
    assert repaired > 0


def test_a_repair_may_move_a_member_between_places_of_its_task() -> None:
    """A repair path can pass through a member changing places within its own task.

    (An instance found by search: the augmenting path moves a fire inspector
    into the fire place of a task so that another inspector can leave it.)
    """
    plan = make_plan(partners={"fire"}, size=3, leader=False, max_load=2)
    roster = [
        inspector("i0", "fire", can_lead=False, conflicts={"s0", "s1"}),
        inspector("i1", "fire"),
        inspector("i2", "fire"),
        inspector("i3", conflicts={"s1"}),
        inspector("i4", can_lead=False, conflicts={"s0"}),
        inspector("i5", conflicts={"s0", "s2"}),
    ]
    seed = Seed.derive("search", "950")
    draw = draw_all(plan, subjects(4), seed)
    rules = Rules.of(plan, roster)
    assert rules.feasible(draw)
    assignment = assign_inspectors(draw, roster, seed=seed)
    rules.check(assignment)
    rules.check_balance(assignment)
    assert any(e.action is StaffingAction.REPAIRED for e in assignment.log)


def test_no_can_lead_inspector_gives_a_certificate() -> None:
    """A leader required but nobody eligible able to lead gives a certificate (R4.5).

    The error names the leader place, why each inspector cannot fill it, and the fix.
    """
    plan = make_plan(size=2)
    roster = [
        inspector("m1", can_lead=False),
        inspector("m2", can_lead=False),
        inspector("x1", "police"),
        inspector("lead-expired", certificate_expires=dt.date(YEAR, 3, 1)),
    ]
    draw = draw_all(plan, subjects(2))
    with pytest.raises(InfeasibleAssignmentError) as caught:
        assign_inspectors(draw, roster, seed=SEED)
    certificate = caught.value.certificate
    Rules.of(plan, roster).check_certificate(certificate, draw)
    assert ["leader"] == [p.role for p in certificate.places]
    assert (1, 0) == (certificate.needed, certificate.capacity)
    reasons = {i: {r.reason for r in rs} for i, rs in certificate.unable.items()}
    assert {
        "m1": {StaffingReason.WRONG_PLACE},
        "m2": {StaffingReason.WRONG_PLACE},
        "x1": {StaffingReason.WRONG_DEPARTMENT},
        "lead-expired": {StaffingReason.EXPIRED},
    } == reasons
    message = str(caught.value)
    for words in ("Plan 'p'", "leader", "R4.5", "add inspectors"):
        assert words in message
    assert "can-lead member of 'civil'" in certificate.explain()


def test_max_load_shortage_is_certified_over_several_tasks() -> None:
    """A max-load shortage is certified over several tasks.

    Three tasks need a leader each but the two leaders may carry one task each: the
    certificate covers several tasks, counts each leader once, suggests the max load.
    """
    plan = make_plan(size=2, max_load=1)
    roster = [inspector("L1"), inspector("L2")] + [
        inspector(f"m{n}", can_lead=False) for n in range(6)
    ]
    draw = draw_all(plan, subjects(3))
    with pytest.raises(InfeasibleAssignmentError) as caught:
        assign_inspectors(draw, roster, seed=SEED)
    certificate = caught.value.certificate
    Rules.of(plan, roster).check_certificate(certificate, draw)
    assert {"L1": 1, "L2": 1} == dict(certificate.able)
    assert (3, 2) == (certificate.needed, certificate.capacity)
    assert 3 == len(certificate.task_ids)
    assert "raise the plan's team.max_load" in str(caught.value)
    assert json.dumps(certificate.to_data())


def test_certificate_reasons_name_lapsed_periods_and_summarise_long_lists() -> None:
    """A certificate counts a lapsing leader where it may serve; long reason lists shorten.

    Over many tasks, a leader whose certificate lapses at mid-year is able for the
    first half-year's tasks; a leader in conflict with every subject gets five reasons
    and a count of the rest.
    """
    plan = make_plan(size=2, max_load=1)
    leaders = [inspector(f"L{n}") for n in range(1, 6)]
    lapsing = inspector("L6", certificate_expires=dt.date(YEAR, 6, 30))
    conflicted = inspector("L7", conflicts={f"s{n}" for n in range(8)})
    members = [inspector(f"m{n}", can_lead=False) for n in range(10)]
    roster = [*leaders, lapsing, conflicted, *members]
    draw = draw_all(plan, subjects(8))
    with pytest.raises(InfeasibleAssignmentError) as caught:
        assign_inspectors(draw, roster, seed=SEED)
    certificate = caught.value.certificate
    Rules.of(plan, roster).check_certificate(certificate, draw)
    assert 1 == certificate.able["L6"]
    reasons = certificate.unable["L7"]
    assert 6 == len(reasons)
    assert all(r.reason is StaffingReason.CONFLICT for r in reasons)
    assert reasons[-1].detail.startswith("and ")
    assert "more" in certificate.summary()
    assert all(str(place).endswith("R4.5)") for place in certificate.places)


@pytest.mark.parametrize(
    ("role", "department", "words", "suits"),
    [
        ("leader", "civil", "1 leader place (a can-lead member of 'civil', R4.5)", [True, False]),
        ("department", "fire", "1 place for a member of 'fire' (R4.6)", [False, False]),
        ("any", None, "1 open place", [True, True]),
    ],
)
def test_places_say_what_they_need(
    role: str, department: str | None, words: str, suits: list[bool]
) -> None:
    """A certificate's place reads as what it needs, and knows whom it suits by role."""
    place = Place(task_id="p/s0", subject_id="s0", role=role, department=department, count=1)
    assert f"task 'p/s0': {words}" == str(place)
    assert suits == [place.fits(inspector("c1")), place.fits(inspector("c2", can_lead=False))]


def test_too_few_inspectors_for_the_team_size() -> None:
    """Too few eligible inspectors for the team size: every other one's reason is given.

    Uncertified (R1.3), unqualified (R3.2), wrong department (R4.6).
    """
    plan = make_plan(size=3, leader=False, qualifications={"civil": "elder-care"})
    roster = [
        inspector("ok1", qualifications={"elder-care"}),
        inspector("ok2", qualifications={"elder-care"}),
        inspector("no-cert", certified=False, qualifications={"elder-care"}),
        inspector("no-qual"),
        inspector("elsewhere", "police"),
    ]
    draw = draw_all(plan, subjects(1))
    with pytest.raises(InfeasibleAssignmentError) as caught:
        assign_inspectors(draw, roster, seed=SEED)
    certificate = caught.value.certificate
    Rules.of(plan, roster).check_certificate(certificate, draw)
    assert ["task 'p/s0': 3 open places"] == [str(p) for p in certificate.places]
    reasons = {i: [r.reason for r in rs] for i, rs in certificate.unable.items()}
    assert {
        "no-cert": [StaffingReason.UNCERTIFIED],
        "no-qual": [StaffingReason.UNQUALIFIED],
        "elsewhere": [StaffingReason.WRONG_DEPARTMENT],
    } == reasons
