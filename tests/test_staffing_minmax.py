"""Min-max fair loads (R4, issue 9 part 4): the busiest inspector carries the least it can.

``assign_inspectors`` finds L*, the least L such that a valid assignment with
every load at most L exists (and at most the plan's max load), and staffs under
that cap: the documented walk leaves out the inspectors carrying L* tasks, and
repairs by augmenting paths where the walk alone cannot fill a place. The
oracle finds L* by exhaustive search (``least_max_load``) and re-runs the walk
under the cap (``reference(..., cap=...)``, which raises ``RepairNeededError``
where a repair is needed: such instances are set aside and counted as events).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from staffing_oracle import RepairNeededError, Rules, least_max_load, reference
from staffing_strategies import draw_all, inspector, instances, make_plan, run, tight_instances

from randinspect import Seed, Subject
from randinspect.assignment import Assignment, StaffingAction, assign_inspectors
from randinspect.errors import InfeasibleAssignmentError
from randinspect.sampling import SubjectDraw

MINMAX = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SMALL = instances(tasks=8, roster=10, capped=True)  # with a max load about 60 % of the time
# The roster just suffices for loads of 1 or 2: with no max load (where the walk alone often
# loads someone more), and with that load as the max load (where repairs are common).
TIGHT = st.one_of(tight_instances(capped=False), tight_instances())


def plain_excess(rules: Rules, draw: SubjectDraw, instance: dict[str, Any], least: int) -> str:
    """An event: how far above L* the walk without the cap L* would load the busiest."""
    try:
        tasks, _ = reference(draw, instance["roster"], rules, instance["seed"])
    except RepairNeededError:
        return "the walk without the cap L* needs a repair (max load)"
    busiest = max(Counter(i for _, team, _ in tasks for i in team).values())
    return f"the walk without the cap L* carries L*+{busiest - least}"


def observed(assignment: Assignment) -> tuple[list[Any], list[Any]]:
    """The teams, leaders and skip log of an assignment, in the reference's form."""
    tasks = [(t.id, t.inspectors, t.leader) for t in assignment.tasks]
    skips = [
        (e.task_id, e.inspector_id, e.other_id)
        for e in assignment.log
        if e.action is StaffingAction.SKIPPED
    ]
    return tasks, skips


def repaired(assignment: Assignment) -> bool:
    """Whether the assignment's log has a repair (step 7)."""
    return any(e.action is StaffingAction.REPAIRED for e in assignment.log)


def carries_the_least_maximum_load(instance: dict[str, Any], recusal: str) -> None:
    """The busiest inspector carries L* (exhaustive search), or no assignment exists at all."""
    rules, draw, result = run(instance, recusal=recusal)
    least = least_max_load(rules, draw)
    if least is None:
        assert isinstance(result, InfeasibleAssignmentError), result
        return
    if recusal == "replace":
        event(plain_excess(rules, draw, instance, least))
    assert isinstance(result, Assignment), result
    rules.check(result)
    assert least == max(result.loads.values())


@MINMAX
@given(SMALL, st.sampled_from(["replace", "swap"]))
def test_the_busiest_inspector_carries_the_least_maximum_load(
    instance: dict[str, Any], recusal: str
) -> None:
    """The maximum load is the least that any valid assignment allows (min-max fair, R4).

    On small random instances, with and without a max load, with either recusal:
    whenever an exhaustive search finds a valid assignment, the busiest inspector
    carries L* tasks, the least L for which one with every load at most L exists.
    """
    event("the plan has a max load" if instance["plan"].team.max_load else "no max load")
    carries_the_least_maximum_load(instance, recusal)


@MINMAX
@given(tight_instances(capped=False), st.sampled_from(["replace", "swap"]))
def test_the_busiest_inspector_carries_the_least_maximum_load_when_capacity_is_tight(
    instance: dict[str, Any], recusal: str
) -> None:
    """Min-max loads where the roster just suffices for loads of 1 or 2, as in the issue.

    With no max load, the walk alone often loads someone more; the busiest inspector
    carries L* tasks, found by exhaustive search. (With that load as the max load,
    L* is the max load: the feasibility tests cover it.)
    """
    carries_the_least_maximum_load(instance, recusal)


def test_the_issues_reproducer_gives_every_inspector_one_task() -> None:
    """Two tasks of two, four inspectors, one conflict: everyone carries one task.

    The reproducer of issue 9: seed "03" * 32, subjects s1 and s2, inspectors a,
    b, c and d, d in conflict with s1. The walk alone loads them a 1, b 2, c 1,
    d 0; every valid assignment with the least maximum load gives each one task,
    so d inspects s2.
    """
    seed = Seed(hex="03" * 32)
    plan = make_plan(size=2, leader=False)
    registry = [Subject(id="s1", grade="A"), Subject(id="s2", grade="B")]
    roster = [inspector(i) for i in "abcd"]
    conflicts = [("d", "s1")]
    draw = draw_all(plan, registry, seed)
    rules = Rules.of(plan, roster, conflicts)
    assert 1 == least_max_load(rules, draw)
    assignment = assign_inspectors(draw, roster, seed=seed, conflicts=conflicts)
    rules.check(assignment)
    assert {"a": 1, "b": 1, "c": 1, "d": 1} == dict(assignment.loads)
    assert "d" in assignment.task("p/s2").inspectors


@settings(MINMAX, max_examples=80)
@given(st.one_of(SMALL, TIGHT))
def test_follows_the_documented_procedure_under_the_least_max_load(
    instance: dict[str, Any],
) -> None:
    """Teams, leaders and skip log are the documented walk's under the cap L*.

    Compared on every instance where the library repaired nothing (an instance
    with a ``repaired`` log entry is set aside: the reference has no repair).
    """
    rules, draw, result = run(instance)
    least = least_max_load(rules, draw)
    if least is None:
        event("infeasible: not compared")
        return
    assert isinstance(result, Assignment), result
    if repaired(result):
        event("repaired: not compared")
        return
    event("compared")
    try:
        expected = reference(draw, instance["roster"], rules, instance["seed"], cap=least)
    except RepairNeededError as error:
        pytest.fail(f"the walk needs a repair that the library did not make: {error}")
    assert expected == observed(result)


@settings(MINMAX, max_examples=60)
@given(st.one_of(SMALL, TIGHT))
def test_the_cap_changes_the_walk_only_where_a_repair_is_needed(
    instance: dict[str, Any],
) -> None:
    """Under the cap L*, the documented walk makes the uncapped walk's choices, or stops.

    The walk goes to a load only when every candidate below it must recuse, so it
    would give an inspector an (L*+1)-th task only where, under the cap, nobody can
    take the place: a repair. Where the library repairs nothing, min-max therefore
    changes no team and no log line, even on instances too large for ``least_max_load``.
    """
    plan = instance["plan"]
    draw = draw_all(plan, instance["registry"], instance["seed"])
    rules = Rules.of(plan, instance["roster"], instance["conflicts"], instance["unavailable"])
    least = least_max_load(rules, draw)
    if least is None:
        event("infeasible")
        return
    args = (draw, instance["roster"], rules, instance["seed"])
    try:
        capped = reference(*args, cap=least)
    except RepairNeededError:
        event("the walk under the cap L* needs a repair")
        return
    assert reference(*args) == capped


@settings(MINMAX, max_examples=60)
@given(
    st.one_of(instances(tasks=12, roster=16, capped=True), TIGHT),
    st.sampled_from(["replace", "swap"]),
)
def test_min_max_loads_stay_balanced(instance: dict[str, Any], recusal: str) -> None:
    """Among inspectors of the same eligibility, loads still differ by at most one (R4).

    Every team valid and the max load kept, with either recusal; a failure is a real
    obstruction.
    """
    rules, draw, result = run(instance, recusal=recusal)
    if isinstance(result, Assignment):
        rules.check(result)
        rules.check_balance(result)
        event("repaired" if repaired(result) else "no repair")
    else:
        rules.check_certificate(result.certificate, draw)
