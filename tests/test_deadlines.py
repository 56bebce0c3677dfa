"""Deadlines as data: schedules of tasks and results, what is overdue, plan due dates (R6).

Expected due dates are worked out by hand on the State Council notices for
2024 (see tests/data/deadlines_golden.json): National Day 10-01..10-07 off,
Sunday 09-29 and Saturday 10-12 working.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import time
from pathlib import Path
from typing import Any

import attrs
import pytest
from assertions import assert_rejected, rejections
from hypothesis import given, settings
from hypothesis import strategies as st

from randinspect import _documents
from randinspect.calendar import WorkCalendar, default_calendar
from randinspect.deadlines import (
    DOCUMENTS,
    Deadline,
    DeadlinePolicy,
    DeadlineRule,
    Overdue,
    PlanDeadlineRule,
    overdue,
    plan_deadlines,
    schedule,
)
from randinspect.errors import (
    DuplicateIdError,
    InvalidDateError,
    RandInspectError,
    UnpublishedYearError,
    ValidationError,
)
from randinspect.model import CheckItem, Period, Plan, Result, Task

D = dt.date
P000 = DeadlinePolicy.for_document("000")
P002 = DeadlinePolicy.for_document("002")
P003 = DeadlinePolicy.for_document("003")
P004 = DeadlinePolicy.for_document("004")
CAL = default_calendar()


def result(task_id: str = "t1", **dates: Any) -> Result:
    """A result of task ``task_id`` with the given dates and outcomes."""
    return Result(task_id=task_id, subject_id=f"s-{task_id}", **dates)


def due_of(deadlines: tuple[Deadline, ...]) -> dict[str, dt.date]:
    """Deadline name to due day."""
    return {d.name: d.due for d in deadlines}


# --- schedules of results ---------------------------------------------------------------


def test_003_schedule_of_a_result() -> None:
    """003's result deadlines: report, feedback, publication, comments (R6.4-R6.6).

    The report 5 WD after the inspection; feedback and publication 20 WD after
    the report; the subject's comments 10 WD after receiving the feedback.
    """
    r = result(
        inspected_on=D(2024, 9, 27),
        reported_on=D(2024, 10, 10),
        feedback_received_on=D(2024, 10, 15),
    )
    deadlines = schedule(r, policy=P003, calendar=CAL)
    assert {
        "report": D(2024, 10, 10),  # 09-29 Sun, 09-30, 10-08, 10-09, 10-10
        "comments": D(2024, 10, 29),  # 10-16..10-18, 10-21..10-25, 10-28, 10-29
        "feedback": D(2024, 11, 6),  # 10-11, 10-12 Sat, ... 11-06
        "publication": D(2024, 11, 6),
    } == due_of(deadlines)
    report = deadlines[0]
    assert ("R6.4", "003 art. 18", D(2024, 9, 27), 5) == (
        report.rule,
        report.source,
        report.counted_from,
        report.working_days,
    )
    assert report.met
    assert D(2024, 10, 10) == report.done_on
    assert {"R6.4", "R6.5", "R6.6"} == {d.rule for d in deadlines}
    assert "subject" == next(d for d in deadlines if d.name == "comments").party
    assert [d.due for d in deadlines] == sorted(d.due for d in deadlines)


def test_joint_inspection_report_counts_from_the_last_items_result() -> None:
    """For a joint inspection the report is due 5 WD after the last item's result (R6.4)."""
    r = result(
        inspected_on=D(2024, 9, 27),
        item_dates={"fire": D(2024, 9, 27), "elder-care": D(2024, 9, 30)},
    )
    (report,) = schedule(r, policy=P003, calendar=CAL)
    assert D(2024, 9, 30) == report.counted_from
    assert D(2024, 10, 12) == report.due  # 10-08..10-11, then the make-up Saturday


def test_only_rules_whose_start_is_recorded_apply() -> None:
    """A deadline applies once the day it counts from is recorded; before that, none."""
    assert () == schedule(result(), policy=P003, calendar=CAL)
    assert ["report"] == [
        d.name for d in schedule(result(inspected_on=D(2024, 9, 27)), policy=P003)
    ]


def test_penalty_publication_variants() -> None:
    """Penalty decisions are published within 7 WD per 000 and 20 WD per 002 (R6.8)."""
    r = result(inspected_on=D(2024, 9, 27), penalty_decided_on=D(2024, 9, 30))
    seven = next(d for d in schedule(r, policy=P000, calendar=CAL) if d.rule == "R6.8")
    twenty = next(d for d in schedule(r, policy=P002, calendar=CAL) if d.rule == "R6.8")
    assert (D(2024, 10, 15), 7, "000 §2(5)1") == (seven.due, seven.working_days, seven.source)
    assert (D(2024, 11, 1), 20, "002 §4(5)") == (twenty.due, twenty.working_days, twenty.source)


def test_violations_handled_within_10_working_days_only_when_found() -> None:
    """002's handling deadline (R6.9) applies only when the inspection found a problem."""
    clean = result(inspected_on=D(2024, 9, 27), outcomes={"fire": "compliant"})
    found = result(inspected_on=D(2024, 9, 27), outcomes={"fire": "problem_pending"})
    assert [] == [d for d in schedule(clean, policy=P002, calendar=CAL) if d.rule == "R6.9"]
    (handling,) = [d for d in schedule(found, policy=P002, calendar=CAL) if d.rule == "R6.9"]
    assert D(2024, 10, 16) == handling.due


def test_004_results_published_within_20_working_days_of_the_result() -> None:
    """004: results filed and published within 20 WD from the result date (R6.7)."""
    (publication,) = schedule(result(inspected_on=D(2024, 9, 27)), policy=P004, calendar=CAL)
    assert ("R6.7", D(2024, 10, 30)) == (publication.rule, publication.due)


def test_001_has_no_working_day_deadline() -> None:
    """001 sets only inspection windows, which are the plan's periods (R6.3)."""
    policy = DeadlinePolicy.for_document("001")
    assert ((), ()) == (policy.rules, policy.plan_rules)
    assert set(DOCUMENTS) == {"000", "001", "002", "003", "004"}


# --- schedules of tasks ---------------------------------------------------------------------


def task(**changes: Any) -> Task:
    """A task of plan p1, inspected on 2024-09-27 within June-November 2024."""
    fields: dict[str, Any] = {
        "id": "t1",
        "plan_id": "p1",
        "subject_id": "s1",
        "items": ("fire",),
        "department": "civil-affairs",
        "period": Period(start=D(2024, 6, 1), end=D(2024, 11, 30)),
        "on": D(2024, 9, 27),
    }
    fields.update(changes)
    return Task(**fields)


def test_task_schedule_has_its_window_and_the_report() -> None:
    """A task's schedule: the report after its inspection day, and its window's end (R6.3)."""
    deadlines = schedule(task(), policy=P003, calendar=CAL)
    assert [("R6.4", D(2024, 10, 10)), ("R6.3", D(2024, 11, 30))] == [
        (d.rule, d.due) for d in deadlines
    ]
    assert all(d.task_id == "t1" and d.plan_id == "p1" for d in deadlines)
    assert deadlines[1].met


def test_task_not_yet_inspected_has_only_its_window() -> None:
    """Before the inspection only the window's end is due."""
    deadlines = schedule(task(on=None), policy=P003)
    assert [("R6.3", D(2024, 11, 30), None)] == [(d.rule, d.due, d.done_on) for d in deadlines]


# --- overdue -----------------------------------------------------------------------------------

RESULTS = (
    result("t1", inspected_on=D(2024, 9, 27)),  # no report: due 10-10, open
    result("t2", inspected_on=D(2024, 9, 27), reported_on=D(2024, 10, 14)),  # done late
    result("t3", inspected_on=D(2024, 9, 30), reported_on=D(2024, 10, 11)),  # met (due 10-12)
    result("t4", inspected_on=D(2024, 9, 27), reported_on=D(2024, 10, 30)),  # after `on`
    result(  # joint: due from the last item's result, 10-12, met
        "t5",
        inspected_on=D(2024, 9, 27),
        item_dates={"fire": D(2024, 9, 30)},
        reported_on=D(2024, 10, 12),
    ),
    result("t6", inspected_on=D(2024, 10, 18)),  # due 10-25, not yet due on 10-21
)


def test_overdue_lists_what_is_late_and_by_how_many_working_days() -> None:
    """On 2024-10-21: t1 is open 8 WD late, t2 was done 3 WD late, t4 is still open."""
    late = overdue(RESULTS, on=D(2024, 10, 21), policy=P003, calendar=CAL)
    assert [
        ("t1", "report", D(2024, 10, 10), None, 8, 11),
        ("t2", "report", D(2024, 10, 10), D(2024, 10, 14), 3, 4),
        ("t4", "report", D(2024, 10, 10), None, 8, 11),
    ] == [
        (
            o.deadline.task_id,
            o.deadline.name,
            o.deadline.due,
            o.done_on,
            o.working_days_late,
            o.days_late,
        )
        for o in late
    ]
    assert [True, False, True] == [o.is_open for o in late]
    assert all(isinstance(o, Overdue) and o.on == D(2024, 10, 21) for o in late)


def test_overdue_is_sorted_whatever_the_input_order() -> None:
    """The answer does not depend on the order of the results."""
    on = D(2024, 10, 21)
    assert overdue(RESULTS, on=on, policy=P003) == overdue(reversed(RESULTS), on=on, policy=P003)


def test_late_over_a_weekend_is_zero_working_days() -> None:
    """The Saturday after a Friday deadline is 1 day but 0 working days late."""
    r = result("t6", inspected_on=D(2024, 10, 18))  # report due Friday 10-25
    assert () == overdue([r], on=D(2024, 10, 25), policy=P003)
    (saturday,) = overdue([r], on=D(2024, 10, 26), policy=P003)
    assert (0, 1) == (saturday.working_days_late, saturday.days_late)
    (monday,) = overdue([r], on=D(2024, 10, 28), policy=P003)
    assert (1, 3) == (monday.working_days_late, monday.days_late)


def test_overdue_never_computes_due_days_it_does_not_need() -> None:
    """A deadline not yet due is skipped, even if its due day lies in an unpublished year."""
    last = CAL.published_years.stop - 1
    r = result(inspected_on=D(last, 12, 14), reported_on=D(last, 12, 18))
    assert () == overdue([r], on=D(last, 12, 21), policy=P003)
    with pytest.raises(UnpublishedYearError):
        schedule(r, policy=P003)


# --- plan-level due dates -----------------------------------------------------------------


def test_plan_deadlines_of_003() -> None:
    """003: the plan by end of January; the execution by the next end of February (R6.1, R6.10)."""
    deadlines = plan_deadlines(2024, policy=P003)
    assert [
        ("R6.1", "annual-plan", D(2024, 1, 1), D(2024, 1, 31)),
        ("R6.10", "execution-report", D(2025, 1, 1), D(2025, 2, 28)),
    ] == [(d.rule, d.name, d.counted_from, d.due) for d in deadlines]
    assert all(d.working_days is None and d.task_id is None for d in deadlines)


def test_plan_deadlines_of_000_and_002() -> None:
    """000 draws once per half-year (R6.2); 002 wants draw requests by the end of March (R6.1)."""
    assert [
        ("draw-h1", D(2024, 1, 1), D(2024, 6, 30)),
        ("draw-h2", D(2024, 7, 1), D(2024, 12, 31)),
    ] == [(d.name, d.counted_from, d.due) for d in plan_deadlines(2024, policy=P000)]
    (requests,) = plan_deadlines(2024, policy=P002)
    assert D(2024, 3, 31) == requests.due  # a Sunday: "by the end of March", no roll


def test_plan_deadline_with_a_roll_and_a_plan() -> None:
    """A rule may roll a month end to a working day; a Plan gives its id and year."""
    policy = DeadlinePolicy(
        name="rolled",
        plan_rules=[
            PlanDeadlineRule(name="requests", rule="R6.1", source="x", roll="following", month=3)
        ],
    )
    item = CheckItem(id="fire", name="消防检查", department="civil-affairs")
    plan = Plan(id="p1", year=2024, department="civil-affairs", items=[item], ratios={"A": "5%"})
    (requests,) = plan_deadlines(plan, policy=policy, calendar=CAL)
    assert ("p1", D(2024, 4, 1)) == (requests.plan_id, requests.due)


# --- policies as data ----------------------------------------------------------------------


def test_a_variant_is_expressible_as_data() -> None:
    """A department can write its own variant: e.g. the report in 3 WD instead of 5."""
    report = next(r for r in P003.rules if r.name == "report")
    policy = attrs.evolve(P003, name="mine", rules=[attrs.evolve(report, working_days=3)])
    (deadline,) = schedule(result(inspected_on=D(2024, 9, 27)), policy=policy)
    assert D(2024, 10, 8) == deadline.due


def test_merge_combines_documents_and_refuses_clashing_variants() -> None:
    """Policies merge; two variants of one deadline (000's and 002's R6.8) clash."""
    merged = P003.merge(P004)
    assert "003+004" == merged.name
    assert len(P003.rules) + len(P004.rules) == len(merged.rules)
    with pytest.raises(DuplicateIdError, match="penalty-publication"):
        P000.merge(P002)


def test_backwards_dates_are_refused_by_result() -> None:
    """A result reported before its inspection ended cannot be built (R6.4)."""
    with pytest.raises(InvalidDateError, match=r"R6\.4"):
        result(inspected_on=D(2024, 10, 10), reported_on=D(2024, 10, 9))


def rule(**changes: Any) -> DeadlineRule:
    """A valid DeadlineRule with ``changes``."""
    fields: dict[str, Any] = {
        "name": "report",
        "rule": "R6.4",
        "source": "003 art. 18",
        "working_days": 5,
        "counts_from": "results_complete_on",
        "done_by": "reported_on",
    }
    return DeadlineRule(**{**fields, **changes})


INVALID: list[tuple[str, Any, type[Exception], str]] = [
    ("0 working days", lambda: rule(working_days=0), ValidationError, "at least 1"),
    ("bool working days", lambda: rule(working_days=True), ValidationError, "not a bool"),
    ("unknown start", lambda: rule(counts_from="opened_on"), ValidationError, "opened_on"),
    ("unknown record", lambda: rule(done_by="closed_on"), ValidationError, "closed_on"),
    ("unknown party", lambda: rule(party="court"), ValidationError, "subject"),
    ("empty name", lambda: rule(name=""), ValidationError, "non-empty"),
    (
        "month 13",
        lambda: PlanDeadlineRule(name="x", rule="R6.1", source="x", month=13),
        ValidationError,
        "1 to 12",
    ),
    (
        "window after due",
        lambda: PlanDeadlineRule(name="x", rule="R6.2", source="x", month=6, from_month=7),
        ValidationError,
        "opens after",
    ),
    (
        "bad roll",
        lambda: PlanDeadlineRule(name="x", rule="R6.1", source="x", month=1, roll="next"),
        ValidationError,
        "following",
    ),
    ("unknown document", lambda: DeadlinePolicy.for_document("005"), ValidationError, "004"),
    (
        "rules not rules",
        lambda: DeadlinePolicy(name="x", rules=["report"]),
        ValidationError,
        "DeadlineRule",
    ),
    (
        "duplicate names",
        lambda: DeadlinePolicy(name="x", rules=[rule(), rule()]),
        DuplicateIdError,
        "report",
    ),
    (
        "schedule a plan id",
        lambda: schedule("t1", policy=P003),
        ValidationError,
        "Task or a Result",
    ),
    (
        "policy not a policy",
        lambda: schedule(result(), policy="003"),
        ValidationError,
        "for_document",
    ),
    (
        "calendar not a calendar",
        lambda: schedule(result(), policy=P003, calendar="CN"),
        ValidationError,
        "WorkCalendar",
    ),
    (
        "datetime on",
        lambda: overdue(RESULTS, on=dt.datetime(2024, 10, 21, 9), policy=P003),
        InvalidDateError,
        "datetime",
    ),
    (
        "not results",
        lambda: overdue([task()], on=D(2024, 10, 21), policy=P003),
        ValidationError,
        "Result",
    ),
    ("bool year", lambda: plan_deadlines(True, policy=P003), ValidationError, "Plan or a year"),
    ("year 0", lambda: plan_deadlines(0, policy=P003), ValidationError, "calendar year"),
    (
        "plan calendar not a calendar",
        lambda: plan_deadlines(2024, policy=P003, calendar=object()),
        ValidationError,
        "WorkCalendar",
    ),
]


@rejections(INVALID)
def test_invalid_input_is_rejected_with_a_clear_message(
    call: Any, error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Bad input raises the library's own error, naming what is wrong and the fix."""
    assert_rejected(call, error, *fragments)


# --- hardening: each class of bad input the issue found (issue 9) -------------------------------

DEADLINE = schedule(result(inspected_on=D(2024, 9, 27)), policy=P003)[0]
YEAR_RANGE = "1950 to 9998"


def overdue_record(**changes: Any) -> Overdue:
    """A valid Overdue of the 003 report with ``changes``."""
    fields: dict[str, Any] = {
        "deadline": DEADLINE,
        "on": D(2024, 10, 21),
        "done_on": None,
        "working_days_late": 7,
        "days_late": 11,
    }
    return Overdue(**{**fields, **changes})


def december_of_the_year_after(roll: str = "none") -> DeadlinePolicy:
    """A policy with one rule due at the end of December of the year after the plan year."""
    return DeadlinePolicy(
        name="late",
        plan_rules=[
            PlanDeadlineRule(
                name="late", rule="R6.10", source="x", month=12, year_offset=1, roll=roll
            )
        ],
    )


WRONG_TYPES = [
    (
        "Overdue without a deadline (attrs' TypeError)",
        lambda: overdue_record(deadline=None),
        ValidationError,
        ("Overdue field 'deadline'", "must be a Deadline, not NoneType"),
    ),
    (
        "Overdue of a rule, not a deadline",
        lambda: overdue_record(deadline=rule()),
        ValidationError,
        ("'deadline'", "not DeadlineRule"),
    ),
    (
        "Overdue on a datetime",
        lambda: overdue_record(on=dt.datetime(2024, 10, 21)),
        InvalidDateError,
        "'on'",
    ),
    (
        "Overdue late by a bool",
        lambda: overdue_record(days_late=True),
        ValidationError,
        "'days_late'",
    ),
    (
        "Overdue late by NaN",
        lambda: overdue_record(working_days_late=float("nan")),
        ValidationError,
        "nan",
    ),
    (
        "working days a float",
        lambda: rule(working_days=5.0),
        ValidationError,
        ("'working_days'", "an int"),
    ),
    (
        "working days NaN",
        lambda: rule(working_days=float("nan")),
        ValidationError,
        "'working_days'",
    ),
    (
        "working days huge",
        lambda: rule(working_days=10**100),
        ValidationError,
        "more working days than any calendar holds",
    ),
    ("counts_from unhashable", lambda: rule(counts_from=[]), ValidationError, "'counts_from'"),
    ("party None", lambda: rule(party=None), ValidationError, "'party'"),
    (
        "only_if_problem 1",
        lambda: rule(only_if_problem=1),
        ValidationError,
        ("'only_if_problem'", "(got 1)"),
    ),
    (
        "plan rule month text",
        lambda: PlanDeadlineRule(name="x", rule="R6.1", source="x", month="1"),
        ValidationError,
        ("'month'", "1 to 12"),
    ),
    (
        "plan rule year offset 2",
        lambda: PlanDeadlineRule(name="x", rule="R6.10", source="x", month=2, year_offset=2),
        ValidationError,
        ("'year_offset'", "0 to 1"),
    ),
    (
        "plan rule from_month bool",
        lambda: PlanDeadlineRule(name="x", rule="R6.2", source="x", month=6, from_month=True),
        ValidationError,
        ("'from_month'", "1 to 12"),
    ),
    (
        "plan rule roll unhashable",
        lambda: PlanDeadlineRule(name="x", rule="R6.1", source="x", month=1, roll=[]),
        ValidationError,
        ("'roll'", "following"),
    ),
    (
        "deadline task id a number",
        lambda: attrs.evolve(DEADLINE, task_id=1),
        ValidationError,
        "'task_id'",
    ),
    (
        "deadline working days 0",
        lambda: attrs.evolve(DEADLINE, working_days=0),
        ValidationError,
        ("'working_days'", "at least 1"),
    ),
    (
        "document unhashable",
        lambda: DeadlinePolicy.for_document([]),
        ValidationError,
        ("for_document field 'document'", "'000'"),
    ),
    ("document a number", lambda: DeadlinePolicy.for_document(3), ValidationError, "as text"),
    ("document None", lambda: DeadlinePolicy.for_document(None), ValidationError, "'document'"),
    (
        "merge with text",
        lambda: P003.merge("004"),
        ValidationError,
        ("merge field 'others[0]'", "for_document"),
    ),
    (
        "merge name a list",
        lambda: P003.merge(P004, name=[]),
        ValidationError,
        ("'name'", "not list"),
    ),
    ("merge name 0", lambda: P003.merge(P004, name=0), ValidationError, ("'name'", "not int")),
    ("policy name None", lambda: DeadlinePolicy(name=None), ValidationError, "'name'"),
    ("schedule None", lambda: schedule(None, policy=P003), ValidationError, "'task_or_result'"),
    ("schedule policy None", lambda: schedule(result(), policy=None), ValidationError, "'policy'"),
    (
        "schedule policy a document code",
        lambda: schedule(result(), policy="003"),
        ValidationError,
        ("schedule field 'policy'", "for_document"),
    ),
    (
        "schedule calendar a class",
        lambda: schedule(result(), policy=P003, calendar=WorkCalendar),
        ValidationError,
        "schedule field 'calendar'",
    ),
    ("overdue on None", lambda: overdue(RESULTS, on=None, policy=P003), InvalidDateError, "'on'"),
    (
        "overdue on text",
        lambda: overdue(RESULTS, on="2024-10-21", policy=P003),
        InvalidDateError,
        "'on'",
    ),
    (
        "overdue policy None",
        lambda: overdue(RESULTS, on=D(2024, 10, 21), policy=None),
        ValidationError,
        "overdue field 'policy'",
    ),
    (
        "overdue calendar text",
        lambda: overdue(RESULTS, on=D(2024, 10, 21), policy=P003, calendar="CN"),
        ValidationError,
        "overdue field 'calendar'",
    ),
    (
        "plan year float",
        lambda: plan_deadlines(2024.0, policy=P003),
        ValidationError,
        "Plan or a year",
    ),
    (
        "plan year text",
        lambda: plan_deadlines("2024", policy=P003),
        ValidationError,
        "Plan or a year",
    ),
    ("plan policy None", lambda: plan_deadlines(2024, policy=None), ValidationError, "'policy'"),
]

WRONG_COLLECTIONS = [
    (
        "results None",
        lambda: overdue(None, on=D(2024, 10, 21), policy=P003),
        ValidationError,
        ("overdue field 'results'", "not NoneType"),
    ),
    (
        "results text (its characters)",
        lambda: overdue("t1", on=D(2024, 10, 21), policy=P003),
        ValidationError,
        ("'results'", "not str"),
    ),
    (
        "results a dict (its keys)",
        lambda: overdue({"t1": RESULTS[0]}, on=D(2024, 10, 21), policy=P003),
        ValidationError,
        ("'results'", "not dict"),
    ),
    (
        "results hold None",
        lambda: overdue([RESULTS[0], None], on=D(2024, 10, 21), policy=P003),
        ValidationError,
        ("'results[1]'", "not NoneType"),
    ),
    (
        "rules None",
        lambda: DeadlinePolicy(name="x", rules=None),
        ValidationError,
        ("DeadlinePolicy 'x' field 'rules'", "not NoneType"),
    ),
    (
        "rules text",
        lambda: DeadlinePolicy(name="x", rules="report"),
        ValidationError,
        ("'rules'", "not str"),
    ),
    (
        "rules a dict",
        lambda: DeadlinePolicy(name="x", rules={"report": rule()}),
        ValidationError,
        ("'rules'", "not dict"),
    ),
    (
        "plan rules hold a result rule",
        lambda: DeadlinePolicy(name="x", plan_rules=[rule()]),
        ValidationError,
        ("'plan_rules[0]'", "must be a PlanDeadlineRule, not DeadlineRule"),
    ),
]

YEARS_OUT_OF_RANGE = [
    (
        "plan year 9999 (overflowed into 10000)",
        lambda: plan_deadlines(9999, policy=P003),
        ValidationError,
        ("plan_deadlines field 'plan_or_year'", YEAR_RANGE, "9999"),
    ),
    ("plan year 1949", lambda: plan_deadlines(1949, policy=P003), ValidationError, YEAR_RANGE),
    ("plan year huge", lambda: plan_deadlines(10**100, policy=P003), ValidationError, YEAR_RANGE),
    (
        "rolling into 9999",
        lambda: plan_deadlines(9998, policy=december_of_the_year_after("following")),
        UnpublishedYearError,
        ("9999", "only in 1950..9998"),
    ),
    (
        "a report counted from 31 December 9999",
        lambda: schedule(result(inspected_on=D(9999, 12, 31)), policy=P003),
        UnpublishedYearError,
        ("9999", "only in 1950..9998"),
    ),
    (
        "overdue on the last date",
        lambda: overdue(RESULTS, on=D.max, policy=P003),
        UnpublishedYearError,
        ("overdue field 'on'", "9999"),
    ),
    (
        "overdue on an unpublished day, with no results",
        lambda: overdue([], on=D(CAL.published_years.stop, 3, 2), policy=P003),
        UnpublishedYearError,
        ("overdue field 'on'", str(CAL.published_years.stop)),
    ),
]

POSITIONAL_MISUSE = [
    (
        "three arguments by position",
        lambda: schedule(result(), P003, CAL, 5),  # type: ignore[misc]
        ValidationError,
        ("schedule", "takes 1 argument by position, not 4"),
    ),
    (
        "policy by position and by keyword",
        lambda: plan_deadlines(2024, P003, policy=P003),  # type: ignore[misc]
        ValidationError,
        ("plan_deadlines field 'policy'", "given twice"),
    ),
]


@rejections(WRONG_TYPES + WRONG_COLLECTIONS + YEARS_OUT_OF_RANGE)
def test_bad_input_of_every_kind_is_refused_by_our_error(
    call: Any, error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Each bad input raises a RandInspectError naming the field, the value and the fix (issue 9).

    Wrong types (None, NaN, bools, floats, huge ints, text, unhashables),
    wrong collections (None, text, a dict, bad members named by index) and
    years outside 1950..9998 or date arithmetic past its ends: never attrs'
    TypeError, an OverflowError or a silent iteration over characters.
    """
    assert_rejected(call, error, *fragments)


@rejections(POSITIONAL_MISUSE)
def test_the_old_positional_form_refuses_what_it_cannot_read(
    call: Any, error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Too many arguments by position, or one given twice, is our error, not a TypeError."""
    assert_rejected(call, error, *fragments)


def test_a_plan_year_of_9998_reaches_the_end_of_9999_without_overflow() -> None:
    """The last plan year's deadlines in the year after (R6.10) are still dates (issue 9)."""
    assert [("execution-report", D(9999, 1, 1), D(9999, 2, 28))] == [
        (d.name, d.counted_from, d.due)
        for d in plan_deadlines(9998, policy=P003)
        if d.rule == "R6.10"
    ]
    (late,) = plan_deadlines(9998, policy=december_of_the_year_after())
    assert (D(9999, 1, 1), D(9999, 12, 31)) == (late.counted_from, late.due)


def test_duplicate_names_are_found_fast_among_many_rules() -> None:
    """A policy of 100,000 rules with one name is refused in well under a second (no n² scan)."""
    started = time.perf_counter()
    with pytest.raises(DuplicateIdError, match="report"):
        DeadlinePolicy(name="x", rules=[rule()] * 100_000)
    assert time.perf_counter() - started < 1


# --- policy and calendar are keyword-only everywhere (issue 9) ---------------------------------


def test_policy_and_calendar_are_keyword_only_in_every_function() -> None:
    """schedule, overdue and plan_deadlines take policy and calendar by keyword only."""
    for function in (schedule, overdue, plan_deadlines):
        parameters = inspect.signature(function).parameters
        assert inspect.Parameter.KEYWORD_ONLY == parameters["policy"].kind, function
        assert inspect.Parameter.KEYWORD_ONLY == parameters["calendar"].kind, function


def test_the_old_positional_form_still_works_with_a_deprecation_warning() -> None:
    """schedule(r, policy, calendar) and plan_deadlines(year, policy) warn and give the same."""
    r = result(inspected_on=D(2024, 9, 27))
    with pytest.warns(
        DeprecationWarning, match=r"schedule\(\): passing policy, calendar by position"
    ):
        old = schedule(r, P003, CAL)  # type: ignore[misc]
    assert schedule(r, policy=P003, calendar=CAL) == old
    with pytest.warns(DeprecationWarning, match="pass policy=... by keyword") as caught:
        old_plan = plan_deadlines(2024, P003)  # type: ignore[misc]
    assert plan_deadlines(2024, policy=P003) == old_plan
    assert [__file__] == [w.filename for w in caught]


# --- the documents' tables (data apart from the engine, issue 9) -------------------------------

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_for_document_gives_exactly_the_documents_deadlines() -> None:
    """Each document's policy, written out by hand from RULES.md R6, is what for_document gives."""
    expected = {
        "000": (
            [
                (
                    "penalty-publication",
                    "R6.8",
                    "000 §2(5)1",
                    7,
                    "penalty_decided_on",
                    "penalty_published_on",
                    "department",
                    False,
                )
            ],
            [
                ("draw-h1", "R6.2", "000 §3(2)", 6, 0, 1),
                ("draw-h2", "R6.2", "000 §3(2)", 12, 0, 7),
            ],
        ),
        "001": ([], []),
        "002": (
            [
                (
                    "penalty-publication",
                    "R6.8",
                    "002 §4(5)",
                    20,
                    "penalty_decided_on",
                    "penalty_published_on",
                    "department",
                    False,
                ),
                (
                    "handling",
                    "R6.9",
                    "002 §4(7)",
                    10,
                    "inspected_on",
                    "handled_on",
                    "department",
                    True,
                ),
            ],
            [("draw-requests", "R6.1", "002 §4(1)", 3, 0, None)],
        ),
        "003": (
            [
                (
                    "report",
                    "R6.4",
                    "003 art. 18",
                    5,
                    "results_complete_on",
                    "reported_on",
                    "department",
                    False,
                ),
                (
                    "feedback",
                    "R6.5",
                    "003 art. 19",
                    20,
                    "reported_on",
                    "feedback_sent_on",
                    "department",
                    False,
                ),
                (
                    "publication",
                    "R6.5",
                    "003 art. 19",
                    20,
                    "reported_on",
                    "published_on",
                    "department",
                    False,
                ),
                (
                    "comments",
                    "R6.6",
                    "003 art. 21",
                    10,
                    "feedback_received_on",
                    "comments_on",
                    "subject",
                    False,
                ),
            ],
            [
                ("annual-plan", "R6.1", "003 art. 12", 1, 0, None),
                ("execution-report", "R6.10", "003 art. 23", 2, 1, None),
            ],
        ),
        "004": (
            [
                (
                    "result-publication",
                    "R6.7",
                    "004 §2(8)",
                    20,
                    "results_complete_on",
                    "published_on",
                    "department",
                    False,
                )
            ],
            [],
        ),
    }
    for document, (rules, plan_rules) in expected.items():
        policy = DeadlinePolicy.for_document(document)
        assert document == policy.name
        assert rules == [
            (
                r.name,
                r.rule,
                r.source,
                r.working_days,
                r.counts_from,
                r.done_by,
                r.party,
                r.only_if_problem,
            )
            for r in policy.rules
        ]
        assert plan_rules == [
            (r.name, r.rule, r.source, r.month, r.year_offset, r.from_month)
            for r in policy.plan_rules
        ]
        assert all(r.roll == "none" for r in policy.plan_rules)
    assert tuple(expected) == DOCUMENTS


def test_every_table_row_cites_a_document_and_quotes_it() -> None:
    """Each row of _documents names a known document and clause, and quotes its words verbatim."""
    rows = (*_documents.WORKING_DAY_DEADLINES, *_documents.MONTH_END_DEADLINES)
    assert all(
        row.document in DOCUMENTS and row.clause and row.rule.startswith("R6.") for row in rows
    )
    if not SEEDS.is_dir():
        pytest.skip(f"the source documents are not at {SEEDS}")
    texts = {path.name[:3]: path.read_text("utf-8") for path in SEEDS.glob("*.txt")}
    assert set(DOCUMENTS) == set(texts)
    for row in rows:
        for part in row.words.split("……"):
            assert part in texts[row.document], (row.document, row.name, part)


def test_the_documents_table_module_imports_nothing_above_errors() -> None:
    """_documents is a layer-2 helper: from randinspect it may import errors only (DESIGN)."""
    tree = ast.parse(Path(_documents.__file__).read_text("utf-8"))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert {name for name in imported if name and name.startswith("randinspect")} <= {
        "randinspect.errors"
    }


# --- properties ---------------------------------------------------------------------------------

days = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 6, 30))
gaps = st.integers(min_value=0, max_value=30)


@settings(max_examples=150, deadline=None)
@given(inspected=days, report_gap=gaps, receive_gap=gaps)
def test_every_due_day_is_a_working_day_n_after_its_start(
    inspected: dt.date, report_gap: int, receive_gap: int
) -> None:
    """Each scheduled deadline lands on a working day, exactly N working days after its start."""
    reported = inspected + dt.timedelta(days=report_gap)
    r = result(
        inspected_on=inspected,
        reported_on=reported,
        feedback_received_on=reported + dt.timedelta(days=receive_gap),
        penalty_decided_on=inspected,
        outcomes={"fire": "problem_pending"},
    )
    policy = P003.merge(P002, P004)
    for deadline in schedule(r, policy=policy, calendar=CAL):
        assert CAL.is_working_day(deadline.due)
        assert deadline.working_days == CAL.working_days_between(
            deadline.counted_from, deadline.due
        )


@settings(max_examples=150, deadline=None)
@given(inspected=days, wait=st.integers(min_value=0, max_value=60))
def test_overdue_agrees_with_schedule(inspected: dt.date, wait: int) -> None:
    """An open report is overdue on a day exactly when that day is after its due day."""
    r = result(inspected_on=inspected)
    on = inspected + dt.timedelta(days=wait)
    (report,) = schedule(r, policy=P003, calendar=CAL)
    late = overdue([r], on=on, policy=P003, calendar=CAL)
    assert (on > report.due) == bool(late)
    if late:
        assert CAL.working_days_between(report.due, on) == late[0].working_days_late


def test_calendar_parameter_is_used() -> None:
    """A calendar with a local holiday moves the due day."""
    local = WorkCalendar.china(extra_holidays=[D(2024, 10, 10)])
    (report,) = schedule(result(inspected_on=D(2024, 9, 27)), policy=P003, calendar=local)
    assert D(2024, 10, 11) == report.due
