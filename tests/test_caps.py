"""Yearly caps: the history and the arguments they are worked out from are checked first (R5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from assertions import assert_refused_fast, rejections

from randinspect import (
    CheckItem,
    DuplicateIdError,
    ExclusionReason,
    InvalidDateError,
    Period,
    Plan,
    RandInspectError,
    Ratios,
    Subject,
    Task,
    TaskKind,
    ValidationError,
    cap_exclusions,
)
from randinspect.caps import check_history

PLAN = Plan(
    id="p1",
    year=2024,
    department="civil-affairs",
    items=[CheckItem(id="elder-care", name="养老机构安全检查", department="civil-affairs")],
    ratios=Ratios(A="5%", B="10%", C="15%", D="20%"),
)
REGISTRY = [Subject(id="s1", grade="A")]


def task(n: int, **changes: Any) -> Task:
    fields: dict[str, Any] = {
        "id": f"t{n}",
        "plan_id": "earlier",
        "subject_id": "s1",
        "items": ["x"],
        "department": "civil-affairs",
        "on": dt.date(2024, 3, 1),
    }
    return Task(**{**fields, **changes})


def excluding(plan: Any = PLAN, registry: Any = REGISTRY, **changes: Any) -> Any:
    """A call of cap_exclusions with the arguments given."""
    return lambda: cap_exclusions(plan, registry, **changes)


CAP_REFUSALS = [
    ("plan None", excluding(None), ValidationError, ("cap_exclusions", "'plan'", "NoneType")),
    ("plan id", excluding("p1"), ValidationError, ("'plan'", "str", "Plan.from_mapping")),
    ("plan row", excluding({"id": "p1"}), ValidationError, ("'plan'", "dict")),
    ("registry None", excluding(registry=None), ValidationError, ("Registry", "NoneType")),
    ("registry str", excluding(registry="s1"), ValidationError, ("'subjects'", "not str")),
    ("history None", excluding(history=None), ValidationError, ("'history'", "NoneType")),
    ("history str", excluding(history="t1"), ValidationError, ("'history'", "not str")),
    ("history of ints", excluding(history=[1]), ValidationError, ("'history[0]'", "int")),
    (
        "a task twice",
        excluding(history=[task(1), task(2), task(1)]),
        DuplicateIdError,
        ("'history[2]'", "'t1'", "twice", "R5.1"),
    ),
]


CAP_REFUSALS += [
    ("reason None", lambda: ExclusionReason(None), ValidationError, ("ExclusionReason", "R5")),
    ("reason int", lambda: ExclusionReason(10**5000), ValidationError, ("'cap_reached'",)),
    ("reason word", lambda: ExclusionReason("capped"), ValidationError, ("'other_unit'",)),
]


@rejections(CAP_REFUSALS)
def test_cap_exclusions_refuses_bad_arguments(
    call: Any, error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """The plan, registry and history are checked before any is read (no AttributeError)."""
    assert_refused_fast(call, error, *fragments)


UNDATED = [
    (
        "neither date nor year",
        lambda: check_history([task(1), task(9, on=None)]),
        InvalidDateError,
        (
            "Task 't9' (history[1])",
            "field 'year'",
            "R5.1",
            "set on=<inspection date> or year=<year it counts for>",
        ),
    ),
    (
        "a date but year None",
        lambda: check_history([task(9, year=None)]),
        InvalidDateError,
        ("Task 't9' (history[0])", "field 'year'", "2024-03-01", "set year=2024"),
    ),
    (
        "a period but year None",
        lambda: check_history(
            [task(9, on=None, period=Period.whole_year(2023), year=None)],
        ),
        InvalidDateError,
        ("Task 't9'", "field 'year'", "set year=2023"),
    ),
]


@rejections(UNDATED)
def test_an_undated_random_task_is_told_what_to_set(
    call: Any, error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """A random history task with no year names the task, the field and what it does have (R5.1).

    Only a task with neither a date nor a period is told to set ``on=`` or
    ``year=``; one that has a date or a period is told the year to write.
    """
    assert_refused_fast(call, error, *fragments)


def test_check_history_reads_any_collection_once() -> None:
    """A generator, a set or a tuple of tasks is read once into a tuple."""
    tasks = (task(1), task(2, kind=TaskKind.COMPLAINT, on=None))
    assert tasks == check_history(t for t in tasks)
    assert set(tasks) == set(check_history(set(tasks)))


def test_exclusion_reason_reads_its_values_and_names() -> None:
    """ExclusionReason("other_unit") and its name read as the member (R5.2)."""
    expected = ExclusionReason.OTHER_UNIT
    assert [expected] * 2 == [ExclusionReason("other_unit"), ExclusionReason("OTHER_UNIT")]


@pytest.mark.parametrize("history", [[], (), iter(())])
def test_an_empty_history_excludes_nobody(history: Any) -> None:
    """No earlier tasks, no exclusions (R5.1)."""
    assert {} == cap_exclusions(PLAN, REGISTRY, history=history)


# (plan unit, earlier task's unit, unknown_unit_is_other) -> excluded by the department rule.
# Worked from R5.2 and CapPolicy.unknown_unit_is_other's documented reading: two named,
# different units always differ; two missing units never do; a missing one against a
# named one differs only under the default, strict reading.
UNIT_CASES = [
    ("unit-1", "unit-2", True, True),
    ("unit-1", "unit-2", False, True),
    ("unit-1", "unit-1", True, False),
    ("unit-1", "unit-1", False, False),
    ("unit-1", "", True, True),
    ("unit-1", "", False, False),
    ("", "unit-2", True, True),
    ("", "unit-2", False, False),
    ("", "", True, False),
    ("", "", False, False),
]


@pytest.mark.parametrize(("plan_unit", "task_unit", "strict", "excluded"), UNIT_CASES)
def test_a_missing_unit_counts_as_the_policy_says(
    plan_unit: str, task_unit: str, strict: bool, excluded: bool
) -> None:
    """One earlier task of the department: another unit's excludes, one's own not (R5.2)."""
    caps = attrs.evolve(PLAN.caps, unknown_unit_is_other=strict)
    plan = attrs.evolve(PLAN, unit=plan_unit, caps=caps)
    found = cap_exclusions(plan, REGISTRY, history=[task(1, unit=task_unit)])
    assert excluded == ("s1" in found)
    if excluded:
        assert ExclusionReason.OTHER_UNIT == found["s1"].reason


# --- joint visits (R4.6): one visit for the cap, each department's for its rule (R5.2) ---

JOINT = task(1, department="civil-affairs", unit="elder-section", partners={"fire", "market"})
"""One joint visit: the elder-care section of civil affairs, with fire and market regulation."""

# (plan department, plan unit, unknown_unit_is_other) -> excluded by the department rule, given
# JOINT alone (one task, so the cap of 2 is not reached). Worked from R5.2 and the reading in
# caps.find_capped's docstring: the initiating department did the visit by JOINT's unit
# "elder-section", each partner by no known unit ""; then UNIT_CASES above decide.
JOINT_CASES = [
    ("civil-affairs", "elder-section", True, False),  # the initiating unit itself
    ("civil-affairs", "licensing", True, True),  # another unit of the initiator
    ("civil-affairs", "licensing", False, True),  # two named units differ either way
    ("civil-affairs", "", True, True),  # "" against the named "elder-section", strict
    ("civil-affairs", "", False, False),
    ("fire", "fire-unit-1", True, True),  # a partner's named unit against "", strict
    ("fire", "fire-unit-1", False, False),  # ... not under the lenient reading
    ("fire", "", True, False),  # two missing units are one unit
    ("fire", "", False, False),
    ("market", "food-section", True, True),  # the other partner, alike
    ("market", "food-section", False, False),
    ("health", "h-unit", True, False),  # not in the visit: not its department's task
    ("health", "", True, False),
]


@pytest.mark.parametrize(("department", "unit", "strict", "excluded"), JOINT_CASES)
def test_a_joint_task_is_each_participating_departments_for_the_department_rule(
    department: str, unit: str, strict: bool, excluded: bool
) -> None:
    """A joint visit counts as a task of every department in it, by unit as worked (R5.2, R4.6)."""
    caps = attrs.evolve(PLAN.caps, unknown_unit_is_other=strict)
    item = CheckItem(id="own", name="own item", department=department)
    plan = attrs.evolve(PLAN, department=department, unit=unit, items=[item], caps=caps)
    found = cap_exclusions(plan, REGISTRY, history=[JOINT])
    assert excluded == ("s1" in found)
    if excluded:
        assert ExclusionReason.OTHER_UNIT == found["s1"].reason
        assert ("t1",) == found["s1"].tasks


# (tasks of this year for s1, max_per_year) -> excluded for the cap. A joint visit of three
# departments is one inspection of the subject (004 §2(10): drawn once, dispatched once):
# counted once, never once per department (R5.1, R5.4). The department rule is off here.
CAP_CASES = [
    ([JOINT], 2, False),  # 1 visit < 2 (three departments would wrongly make it 3)
    ([JOINT, task(2, department="fire")], 2, True),  # 2 visits reach the cap of 2
    ([JOINT, task(2, department="fire", kind=TaskKind.COMPLAINT)], 2, False),  # R5.5
    ([JOINT, task(2, department="health", on=dt.date(2023, 6, 1))], 2, False),  # not 2024
    ([JOINT], 1, True),  # 004's stricter variant: one visit is the cap (R5.4)
]


@pytest.mark.parametrize(("history", "cap", "excluded"), CAP_CASES)
def test_a_joint_task_counts_once_for_the_yearly_cap(
    history: list[Task], cap: int, excluded: bool
) -> None:
    """However many departments took part, a joint visit is one inspection for the cap (R5.1)."""
    caps = attrs.evolve(PLAN.caps, max_per_year=cap, department_rule=False)
    found = cap_exclusions(attrs.evolve(PLAN, caps=caps), REGISTRY, history=history)
    assert excluded == ("s1" in found)
    if excluded:
        assert ExclusionReason.CAP_REACHED == found["s1"].reason
        assert tuple(sorted(t.id for t in history if t.year == 2024)) == found["s1"].tasks


def test_a_partners_exclusion_says_whose_joint_visit_it_was() -> None:
    """The detail names the partner's unknown unit and the initiating department (R5.2)."""
    item = CheckItem(id="fire-1", name="消防安全检查", department="fire")
    plan = attrs.evolve(PLAN, department="fire", unit="brigade-2", items=[item])
    found = cap_exclusions(plan, REGISTRY, history=[JOINT])
    expected = (
        "already inspected in 2024 by unit(s) [''] of 'fire', in joint visits initiated by"
        " ['civil-affairs']; other units leave it out or inspect it jointly (R5.2)"
    )
    assert expected == found["s1"].detail


def test_an_exempt_subject_is_not_excluded_by_a_joint_visit() -> None:
    """An exempt flag lifts the department rule for partners too (R5.3)."""
    item = CheckItem(id="fire-1", name="消防安全检查", department="fire")
    plan = attrs.evolve(PLAN, department="fire", unit="brigade-2", items=[item])
    registry = [Subject(id="s1", grade="A", flags={"blacklisted"})]
    assert {} == cap_exclusions(plan, registry, history=[JOINT])
