"""Deadlines as data: schedules of tasks and results, what is overdue, plan due dates (R6).

Expected due dates are worked out by hand on the State Council notices for
2024 (see tests/data/deadlines_golden.json): National Day 10-01..10-07 off,
Sunday 09-29 and Saturday 10-12 working.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from assertions import assert_rejected, rejections
from hypothesis import given, settings
from hypothesis import strategies as st

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
    deadlines = schedule(r, P003, CAL)
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
    (report,) = schedule(r, P003, CAL)
    assert D(2024, 9, 30) == report.counted_from
    assert D(2024, 10, 12) == report.due  # 10-08..10-11, then the make-up Saturday


def test_only_rules_whose_start_is_recorded_apply() -> None:
    """A deadline applies once the day it counts from is recorded; before that, none."""
    assert () == schedule(result(), P003, CAL)
    assert ["report"] == [d.name for d in schedule(result(inspected_on=D(2024, 9, 27)), P003)]


def test_penalty_publication_variants() -> None:
    """Penalty decisions are published within 7 WD per 000 and 20 WD per 002 (R6.8)."""
    r = result(inspected_on=D(2024, 9, 27), penalty_decided_on=D(2024, 9, 30))
    seven = next(d for d in schedule(r, P000, CAL) if d.rule == "R6.8")
    twenty = next(d for d in schedule(r, P002, CAL) if d.rule == "R6.8")
    assert (D(2024, 10, 15), 7, "000 §2(5)1") == (seven.due, seven.working_days, seven.source)
    assert (D(2024, 11, 1), 20, "002 §4(5)") == (twenty.due, twenty.working_days, twenty.source)


def test_violations_handled_within_10_working_days_only_when_found() -> None:
    """002's handling deadline (R6.9) applies only when the inspection found a problem."""
    clean = result(inspected_on=D(2024, 9, 27), outcomes={"fire": "compliant"})
    found = result(inspected_on=D(2024, 9, 27), outcomes={"fire": "noncompliant"})
    assert [] == [d for d in schedule(clean, P002, CAL) if d.rule == "R6.9"]
    (handling,) = [d for d in schedule(found, P002, CAL) if d.rule == "R6.9"]
    assert D(2024, 10, 16) == handling.due


def test_004_results_published_within_20_working_days_of_the_result() -> None:
    """004: results filed and published within 20 WD from the result date (R6.7)."""
    (publication,) = schedule(result(inspected_on=D(2024, 9, 27)), P004, CAL)
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
    deadlines = schedule(task(), P003, CAL)
    assert [("R6.4", D(2024, 10, 10)), ("R6.3", D(2024, 11, 30))] == [
        (d.rule, d.due) for d in deadlines
    ]
    assert all(d.task_id == "t1" and d.plan_id == "p1" for d in deadlines)
    assert deadlines[1].met


def test_task_not_yet_inspected_has_only_its_window() -> None:
    """Before the inspection only the window's end is due."""
    deadlines = schedule(task(on=None), P003)
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
        schedule(r, P003)


# --- plan-level due dates -----------------------------------------------------------------


def test_plan_deadlines_of_003() -> None:
    """003: the plan by end of January; the execution by the next end of February (R6.1, R6.10)."""
    deadlines = plan_deadlines(2024, P003)
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
    ] == [(d.name, d.counted_from, d.due) for d in plan_deadlines(2024, P000)]
    (requests,) = plan_deadlines(2024, P002)
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
    (requests,) = plan_deadlines(plan, policy, CAL)
    assert ("p1", D(2024, 4, 1)) == (requests.plan_id, requests.due)


# --- policies as data ----------------------------------------------------------------------


def test_a_variant_is_expressible_as_data() -> None:
    """A department can write its own variant: e.g. the report in 3 WD instead of 5."""
    report = next(r for r in P003.rules if r.name == "report")
    policy = attrs.evolve(P003, name="mine", rules=[attrs.evolve(report, working_days=3)])
    (deadline,) = schedule(result(inspected_on=D(2024, 9, 27)), policy)
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
    ("bool working days", lambda: rule(working_days=True), ValidationError, "at least 1"),
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
    ("schedule a plan id", lambda: schedule("t1", P003), ValidationError, "Task or a Result"),
    ("policy not a policy", lambda: schedule(result(), "003"), ValidationError, "for_document"),
    (
        "calendar not a calendar",
        lambda: schedule(result(), P003, "CN"),
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
    ("bool year", lambda: plan_deadlines(True, P003), ValidationError, "Plan or a year"),
    ("year 0", lambda: plan_deadlines(0, P003), ValidationError, "calendar year"),
    (
        "plan calendar not a calendar",
        lambda: plan_deadlines(2024, P003, calendar=object()),
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
        outcomes={"fire": "noncompliant"},
    )
    policy = P003.merge(P002, P004)
    for deadline in schedule(r, policy, CAL):
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
    (report,) = schedule(r, P003, CAL)
    late = overdue([r], on=on, policy=P003, calendar=CAL)
    assert (on > report.due) == bool(late)
    if late:
        assert CAL.working_days_between(report.due, on) == late[0].working_days_late


def test_calendar_parameter_is_used() -> None:
    """A calendar with a local holiday moves the due day."""
    local = WorkCalendar.china(extra_holidays=[D(2024, 10, 10)])
    (report,) = schedule(result(inspected_on=D(2024, 9, 27)), P003, calendar=local)
    assert D(2024, 10, 11) == report.due
