"""Recusal, unavailability and swaps while staffing (R4.3, R4.4, 003 art. 15).

A recusing inspector is skipped, logged with its reason and replaced by the
next in order, whatever the source (declared conflicts, listed pairs,
``SameAttribute`` rules, per-task unavailability); an inspector unavailable for
the whole assignment is left out once; ``SameAttribute`` crosses regions, also
between differently named attributes; ``recusal="swap"`` trades subjects with an
earlier team.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from staffing_oracle import Rules, key
from staffing_strategies import SEED, draw_all, inspector, make_plan, subjects

from randinspect.assignment import SameAttribute, StaffingAction, StaffingReason, assign_inspectors


def smallest(subject_id: str, ids: Iterable[str]) -> str:
    """The id with the smallest T key for one subject."""
    return min(ids, key=lambda i: key(SEED, "p", subject_id, i))


def test_recused_inspector_is_skipped_logged_and_replaced_by_the_next() -> None:
    """A recusing inspector is skipped, logged, and the next takes the place (R4.3).

    The inspector who would be drawn first has a declared conflict.
    """
    plan = make_plan(size=2, leader=False)
    ids = ["i1", "i2", "i3"]
    first = smallest("s0", ids)
    roster = [inspector(i, conflicts={"s0"} if i == first else ()) for i in ids]
    assignment = assign_inspectors(draw_all(plan, subjects(1)), roster, seed=SEED)
    rest = sorted((i for i in ids if i != first), key=lambda i: key(SEED, "p", "s0", i))
    assert tuple(rest) == assignment.tasks[0].inspectors
    (entry,) = assignment.log
    assert (StaffingAction.SKIPPED, "p/s0", first, StaffingReason.CONFLICT, rest[0], "R4.3") == (
        entry.action,
        entry.task_id,
        entry.inspector_id,
        entry.reason,
        entry.other_id,
        entry.rule,
    )
    assert "declared a conflict with subject 's0'" in entry.detail


@pytest.mark.parametrize(
    ("source", "reason", "words"),
    [
        ("pair", StaffingReason.CONFLICT, "listed conflict of interest with subject 's0' (R4.3)"),
        ("rule", StaffingReason.CONFLICT, "same region as subject 's0': 'r0'"),
        ("absent", StaffingReason.UNAVAILABLE, "unavailable for subject 's0' (R4.4)"),
    ],
)
def test_every_source_of_recusal_is_logged_with_its_reason(
    source: str, reason: StaffingReason, words: str
) -> None:
    """Every source of recusal skips the inspector with a logged reason naming the subject.

    Listed pairs, attribute rules (所所交叉) and per-task unavailability (R4.3, R4.4).
    """
    plan = make_plan(size=2, leader=False)
    ids = ["i1", "i2", "i3"]
    first = smallest("s0", ids)
    roster = [inspector(i, attributes={"region": "r0" if i == first else "r9"}) for i in ids]
    conflicts: list[Any] = {
        "pair": [(first, "s0")],
        "rule": [SameAttribute("region")],
        "absent": [],
    }[source]
    unavailable = [(first, "s0")] if source == "absent" else []
    assignment = assign_inspectors(
        draw_all(plan, subjects(1, regions=1)),
        roster,
        seed=SEED,
        conflicts=conflicts,
        unavailable=unavailable,
    )
    assert first not in assignment.tasks[0].inspectors
    (entry,) = assignment.log
    assert (first, reason) == (entry.inspector_id, entry.reason)
    assert words in entry.detail


def test_unavailable_for_the_whole_assignment_is_left_out_once() -> None:
    """An inspector unavailable for the whole assignment is in no team and logged once (R4.4)."""
    plan = make_plan(size=2, leader=False)
    roster = [inspector(f"i{n}") for n in range(4)]
    assignment = assign_inspectors(
        draw_all(plan, subjects(6)), roster, seed=SEED, unavailable=["i2"]
    )
    assert all("i2" not in t.inspectors for t in assignment.tasks)
    left = [e for e in assignment.log if e.action is StaffingAction.LEFT_OUT]
    assert [("i2", None, StaffingReason.UNAVAILABLE)] == [
        (e.inspector_id, e.task_id, e.reason) for e in left
    ]
    assert 0 == assignment.loads["i2"]


def test_same_region_rule_crosses_regions() -> None:
    """With SameAttribute("region"), nobody inspects a subject of their own region (所所交叉)."""
    plan = make_plan(size=2, leader=False)
    roster = [inspector(f"i{n}", attributes={"region": f"r{n % 3}"}) for n in range(9)]
    draw = draw_all(plan, subjects(30, regions=3))
    assignment = assign_inspectors(draw, roster, seed=SEED, conflicts=[SameAttribute("region")])
    regions = {p.id: p.attributes["region"] for p in roster}
    for task in assignment.tasks:
        subject = draw.registry[task.subject_id]
        assert all(regions[i] != subject.attributes["region"] for i in task.inspectors)


def test_same_attribute_may_compare_differently_named_attributes() -> None:
    """SameAttribute("region", inspector_name="home") compares the inspector's "home"."""
    plan = make_plan(size=2, leader=False)
    roster = [inspector(f"i{n}", attributes={"home": f"r{n % 2}"}) for n in range(6)]
    draw = draw_all(plan, subjects(10, regions=2))
    rule = SameAttribute("region", inspector_name="home")
    assignment = assign_inspectors(draw, roster, seed=SEED, conflicts=[rule])
    for task in assignment.tasks:
        home = {p.id: p.attributes["home"] for p in roster}
        region = draw.registry[task.subject_id].attributes["region"]
        assert all(home[i] != region for i in task.inspectors)


def test_swap_recusal_trades_subjects_with_an_earlier_team() -> None:
    """With recusal="swap", a recusing inspector trades subjects with an earlier team.

    It takes the place of an inspector of an earlier task, who takes its place here;
    both are logged (003 art. 15).
    """
    plan = make_plan(size=2, leader=False)
    roster = [inspector(f"i{n}") for n in range(4)]
    draw = draw_all(plan, subjects(8))
    plain = assign_inspectors(draw, roster, seed=SEED)
    # Make the first member of the last task recuse from it.
    last = plain.tasks[-1]
    who = last.inspectors[0]
    conflicts = [(who, last.subject_id)]
    swapped = assign_inspectors(draw, roster, seed=SEED, conflicts=conflicts, recusal="swap")
    rules = Rules.of(plan, roster, conflicts)
    rules.check(swapped)
    rules.check_balance(swapped)
    assert who not in swapped.task(last.id).inspectors
    entries = [e for e in swapped.log if e.action is StaffingAction.SWAPPED]
    assert entries
    assert all(e.other_task_id is not None and e.rule == "R4.3" for e in entries)
    assert any(e.inspector_id == who for e in entries)
