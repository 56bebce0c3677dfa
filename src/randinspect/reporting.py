"""Reports: one inspection, one campaign with its stratified estimate, one year (R7.4, R7.5, R7.7).

- :class:`InspectionReport` is the report of one task (检查报告, 003 art. 18):
  the time, the items and what each found, the evaluation of the subject, the
  rectification and the proposed handling.
- :func:`summarize` makes the :class:`CampaignReport` of a draw, its
  assignment and the results recorded (000 §3(3)): per stratum and overall,
  the ratio achieved, the problem discovery rate (发现问题率), the rectification
  follow-up, the handling, what is overdue, and the estimated problem rate of
  the population with a confidence interval (the method is in
  ``docs/reporting.md``).
- :func:`annual_summary` gathers a year's campaigns into the
  :class:`AnnualSummary` published by the end of February of the next year
  (003 art. 23, R6.10).
- :func:`credit_entries` gives the :class:`CreditEntry` values a credit
  system takes from the results (R7.7).

Every function checks the results against their tasks first
(:func:`~randinspect.results.check_results`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import attrs

from randinspect._checks import check_collection, check_type, check_year, unique_ids
from randinspect._estimate import (
    OVERALL,
    CampaignReport,
    Estimate,
    ReportOptions,
    StratumReport,
    Tally,
    build_report,
    check_confidence,
    counts,
)
from randinspect._tablerows import check_labels, check_table, day, joined, period
from randinspect._values import FrozenMap, check_date
from randinspect.assignment import Assignment
from randinspect.calendar import WorkCalendar
from randinspect.deadlines import Deadline, DeadlinePolicy, overdue, plan_deadlines, schedule
from randinspect.errors import RuleViolationError, ValidationError
from randinspect.model import (
    CheckItem,
    Decision,
    Handling,
    Outcome,
    OutcomeClass,
    Period,
    Rectification,
    Result,
    Task,
)
from randinspect.results import check_results
from randinspect.sampling import SubjectDraw

__all__ = [
    "OVERALL",
    "AnnualSummary",
    "CampaignReport",
    "CreditEntry",
    "Estimate",
    "InspectionReport",
    "ItemFinding",
    "StratumReport",
    "annual_summary",
    "credit_entries",
    "summarize",
]

DEFAULT_CONFIDENCE = Fraction(95, 100)
"""The confidence level of an estimate's interval unless another is asked for."""

_EXECUTION_REPORT = "execution-report"
"""The name of 003 art. 23's deadline in :meth:`DeadlinePolicy.for_document` ("003")."""

_CALENDAR_FIX = "pass WorkCalendar.china(...), or None for the default calendar"
_POLICY_FIX = 'pass e.g. DeadlinePolicy.for_document("003"), or None'


def _check_calendar(calendar: object, obj: str) -> WorkCalendar | None:
    if calendar is None:
        return None
    check_type(calendar, WorkCalendar, obj=obj, field="calendar", fix=_CALENDAR_FIX, rule="R6")
    return calendar  # type: ignore[return-value]  # checked just above


def _check_policy(policy: object, obj: str) -> DeadlinePolicy | None:
    if policy is None:
        return None
    check_type(policy, DeadlinePolicy, obj=obj, field="policy", fix=_POLICY_FIX, rule="R6")
    return policy  # type: ignore[return-value]  # checked just above


# --- the report of one inspection (003 art. 18) -----------------------------------------


@attrs.frozen(kw_only=True)
class ItemFinding:
    """What the inspection of one check item found (R7.4).

    Attributes:
        item_id: The check item.
        name: The item's name, when its :class:`~randinspect.model.CheckItem` was given.
        department: The item's department, when its CheckItem was given.
        outcome: The item's outcome.
        finding: What was found, as text (may be empty).
        result_on: The day the item's result came in (joint inspections, R6.4).
    """

    item_id: str
    name: str | None
    department: str | None
    outcome: Outcome
    finding: str
    result_on: dt.date | None

    @property
    def label(self) -> str:
        """The outcome's Chinese label, as published."""
        return self.outcome.label

    def to_data(self) -> dict[str, Any]:
        """Plain JSON-compatible data."""
        return {
            "item_id": self.item_id,
            "name": self.name,
            "department": self.department,
            "outcome": self.outcome.value,
            "label": self.outcome.label,
            "class": self.outcome.category.value,
            "finding": self.finding,
            "result_on": day(self.result_on),
        }


@attrs.frozen(kw_only=True)
class InspectionReport:
    """The inspection report of one task (检查报告, 003 art. 18, R7.4).

    It states the time, the content (the items), the findings, an evaluation
    of the subject and the proposed handling. Build it with :meth:`of`.

    Attributes:
        task_id: The task.
        plan_id: The plan it belongs to.
        subject_id: The subject inspected.
        department: The initiating department.
        unit: The initiating unit (may be empty).
        inspectors: The team, in draw order.
        leader: The team leader, or ``None``.
        period: The inspection window, or ``None``.
        inspected_on: The day the inspection of the subject ended.
        results_complete_on: The day the report is due from: the last item's
            result for a joint inspection, else ``inspected_on`` (R6.4).
        reported_on: The day the report was made.
        report_due: The report's due day under the policy given (R6.4), or
            ``None`` (no policy, no such rule, or no start day recorded).
        items: Per item of the task, in the task's order: what it found.
        outcome: The subject's overall outcome, as published (R7.3).
        category: Its class: problem, no problem, or not assessable.
        evaluation: The evaluation of the subject, as text.
        rectification: Whether and how the subject must put things right.
        handling: The proposed or decided handling, in order (004 §2(8)).
        notes: The result's notes.
    """

    task_id: str
    plan_id: str
    subject_id: str
    department: str
    unit: str
    inspectors: tuple[str, ...]
    leader: str | None
    period: Period | None
    inspected_on: dt.date | None
    results_complete_on: dt.date | None
    reported_on: dt.date | None
    report_due: dt.date | None
    items: tuple[ItemFinding, ...]
    outcome: Outcome | None
    category: OutcomeClass
    evaluation: str
    rectification: Rectification
    handling: tuple[Handling, ...]
    notes: str

    @classmethod
    def of(
        cls,
        task: Task,
        result: Result,
        *,
        items: Iterable[CheckItem] = (),
        policy: DeadlinePolicy | None = None,
        calendar: WorkCalendar | None = None,
    ) -> InspectionReport:
        """The report of ``task`` from its ``result``.

        Args:
            task: The task inspected.
            result: Its result; it must belong to the task.
            items: Check items to name the task's items by (e.g. ``plan.items``);
                items the task does not have are ignored.
            policy: The deadlines followed; with it the report carries its due day (R6.4).
            calendar: The working-day calendar; the default is
                :func:`~randinspect.calendar.default_calendar`.

        Returns:
            The report.

        Raises:
            ValidationError: ``task``, ``result``, ``items``, ``policy`` or
                ``calendar`` is of the wrong kind; the result leaves items of
                the task without an outcome.
            UnknownIdError: the result is of another task.
            RuleViolationError: the result names another subject, or an item
                the task does not have.
            DuplicateIdError: two items share an id.
            UnpublishedYearError: the due day falls in a year with no known schedule.
        """
        obj = "InspectionReport.of"
        check_type(task, Task, obj=obj, field="task", fix="pass the Task inspected")
        check_type(result, Result, obj=obj, field="result", fix="pass the task's Result")
        known = _check_items(items, obj)
        checked_policy = _check_policy(policy, obj)
        checked_calendar = _check_calendar(calendar, obj)
        (result,) = check_results([result], [task])
        due = None
        if checked_policy is not None:
            for deadline in schedule(result, policy=checked_policy, calendar=checked_calendar):
                if deadline.done_by == "reported_on":
                    due = deadline.due
                    break
        findings = []
        for item_id in task.items:
            item = known.get(item_id)
            findings.append(
                ItemFinding(
                    item_id=item_id,
                    name=None if item is None else item.name,
                    department=None if item is None else item.department,
                    outcome=result.outcomes[item_id],
                    finding=result.findings.get(item_id, ""),
                    result_on=result.item_dates.get(item_id),
                )
            )
        return cls(
            task_id=task.id,
            plan_id=task.plan_id,
            subject_id=task.subject_id,
            department=task.department,
            unit=task.unit,
            inspectors=task.inspectors,
            leader=task.leader,
            period=task.period,
            inspected_on=result.inspected_on,
            results_complete_on=result.results_complete_on,
            reported_on=result.reported_on,
            report_due=due,
            items=tuple(findings),
            outcome=result.outcome,
            category=result.category,
            evaluation=result.evaluation,
            rectification=result.rectification,
            handling=result.handling,
            notes=result.notes,
        )

    def to_data(self) -> dict[str, Any]:
        """Plain JSON-compatible data: enums by value with the outcome's label, ISO dates."""
        return {
            "task_id": self.task_id,
            "plan_id": self.plan_id,
            "subject_id": self.subject_id,
            "department": self.department,
            "unit": self.unit,
            "inspectors": list(self.inspectors),
            "leader": self.leader,
            "period": None if self.period is None else self.period.to_data(),
            "inspected_on": day(self.inspected_on),
            "results_complete_on": day(self.results_complete_on),
            "reported_on": day(self.reported_on),
            "report_due": day(self.report_due),
            "items": [item.to_data() for item in self.items],
            "outcome": None if self.outcome is None else self.outcome.value,
            "outcome_label": None if self.outcome is None else self.outcome.label,
            "category": self.category.value,
            "evaluation": self.evaluation,
            "rectification": self.rectification.to_data(),
            "handling": [h.to_data() for h in self.handling],
            "notes": self.notes,
        }

    def to_rows(self, *, labels: str | None = None) -> list[dict[str, Any]]:
        """The report as a table: one row per check item, in the task's order.

        Each row repeats the task's cells (team and handling decisions as
        ``;`` text, dates as ISO text, the period in three columns) beside
        the item's id, name, department, outcome, class, finding and result
        day. ``labels="zh"`` writes outcomes, classes, the rectification
        state and the decisions by their Chinese labels (未发现问题, 已整改, 警告).
        ``randinspect.loading.to_rows(reports)`` makes one table of many.

        Raises:
            ValidationError: ``labels`` is not ``"en"``, ``"zh"`` or ``None``.
        """
        lab = check_labels(labels, obj=f"InspectionReport of task {self.task_id!r}")
        rectification = self.rectification
        task = {
            "task_id": self.task_id,
            "plan_id": self.plan_id,
            "subject_id": self.subject_id,
            "department": self.department,
            "unit": self.unit,
            "inspectors": joined(self.inspectors),
            "leader": self.leader,
            **period(self.period),
            "inspected_on": day(self.inspected_on),
            "results_complete_on": day(self.results_complete_on),
            "reported_on": day(self.reported_on),
            "report_due": day(self.report_due),
            "outcome": lab.of(self.outcome),
            "category": lab.of(self.category),
            "evaluation": self.evaluation,
            "rectification": lab.of(rectification.state),
            "rectification_deadline": day(rectification.deadline),
            "rectified_on": day(rectification.rectified_on),
            "handling": joined(str(lab.of(h.decision)) for h in self.handling),
        }
        return [
            {
                **task,
                "item_id": item.item_id,
                "item_name": item.name,
                "item_department": item.department,
                "item_outcome": lab.of(item.outcome),
                "item_category": lab.of(item.outcome.category),
                "finding": item.finding,
                "result_on": day(item.result_on),
            }
            for item in self.items
        ]


def _check_items(items: object, obj: str) -> dict[str, CheckItem]:
    members: tuple[object, ...] = check_collection(
        items, obj=obj, field="items", what="CheckItem values",
        fix="pass the plan's check items (plan.items), or nothing",
    )  # fmt: skip
    for index, member in enumerate(members):
        check_type(member, CheckItem, obj=obj, field=f"items[{index}]",
                   fix="pass CheckItem values, e.g. plan.items")  # fmt: skip
    checked: tuple[CheckItem, ...] = members  # type: ignore[assignment]  # checked above
    unique_ids([item.id for item in checked], obj=obj, field="items")
    return {item.id: item for item in checked}


def _check_pair(draw: object, assignment: object) -> tuple[SubjectDraw, Assignment]:
    obj = "summarize"
    check_type(draw, SubjectDraw, obj=obj, field="draw",
               fix="pass the SubjectDraw that draw_subjects returned")  # fmt: skip
    check_type(assignment, Assignment, obj=obj, field="assignment",
               fix="pass the Assignment that assign_inspectors returned for the draw")  # fmt: skip
    the_draw: SubjectDraw = draw  # type: ignore[assignment]  # checked above
    staffed: Assignment = assignment  # type: ignore[assignment]  # checked above
    other = staffed.draw
    if other is not the_draw and not (
        other.plan == the_draw.plan
        and other.seed == the_draw.seed
        and other.strata == the_draw.strata
    ):
        raise RuleViolationError(
            "the assignment staffs another draw than the one given",
            obj=obj,
            field="assignment",
            value=staffed.plan.id,
            rule="R7.6",
            fix="pass the draw and the assignment made from it (assignment.draw)",
        )
    return the_draw, staffed


def _check_options(
    confidence: object, on: object, policy: object, calendar: object
) -> ReportOptions:
    obj = "summarize"
    return ReportOptions(
        confidence=check_confidence(confidence, obj=obj),
        on=None if on is None else check_date(on, obj=obj, field="on"),
        policy=_check_policy(policy, obj),
        calendar=_check_calendar(calendar, obj),
    )


def summarize(
    draw: SubjectDraw,
    assignment: Assignment,
    results: Iterable[Result],
    *,
    confidence: Fraction | str = DEFAULT_CONFIDENCE,
    on: dt.date | None = None,
    policy: DeadlinePolicy | None = None,
    calendar: WorkCalendar | None = None,
) -> CampaignReport:
    """The campaign report of a draw, its assignment and the results (000 §3(3), R7.4).

    Per stratum of the draw and overall: in scope, eligible, required,
    drawn, inspected, missing, problems, the problem rate, the ratio
    achieved, the rectification follow-up and the handling; with ``on``, the
    orders to put things right that are overdue; with ``on`` and ``policy``,
    the deadlines that are late (:func:`~randinspect.deadlines.overdue`); and
    the estimated problem rate with its interval (``docs/reporting.md``).

    Args:
        draw: The subject draw.
        assignment: The assignment made from it.
        results: The results recorded so far, for the assignment's tasks.
        confidence: The intervals' confidence level: ``"95%"``, ``Fraction(95, 100)``.
        on: The day to judge follow-up and deadlines on.
        policy: The deadlines followed (with ``on``).
        calendar: The working-day calendar; the default is
            :func:`~randinspect.calendar.default_calendar`.

    Returns:
        The report; its ``estimate`` raises when no result is assessable.

    Raises:
        ValidationError: an argument of the wrong kind; a confidence level
            outside 50 %..99.99 %; a result leaving items of its task without
            an outcome.
        RuleViolationError: the assignment is of another draw; a result names
            another subject or a foreign item.
        UnknownIdError: a result of a task the assignment does not have.
        DuplicateIdError: two results for one task.
        UnpublishedYearError: ``on`` or a deadline's start lies in a year
            with no known schedule.
    """
    the_draw, staffed = _check_pair(draw, assignment)
    options = _check_options(confidence, on, policy, calendar)
    tasks = staffed.tasks
    checked = check_results(results, tasks)
    stratum_of = {s: stratum.name for stratum in the_draw.strata for s in stratum.drawn}
    task_stratum = {t.id: stratum_of.get(t.subject_id) for t in tasks}
    tallies = {stratum.name: Tally() for stratum in the_draw.strata}
    for result in checked:
        name = task_stratum[result.task_id]
        if name is not None:
            tallies[name].add(result, options.on)
    if options.on is not None and options.policy is not None:
        late = overdue(checked, on=options.on, policy=options.policy, calendar=options.calendar)
        for entry in late:
            name = task_stratum.get(entry.deadline.task_id or "")
            if name is not None:
                tallies[name].overdue[entry.deadline.name] += 1
    return build_report(the_draw, tallies, options)


# --- the credit link (R7.7) -------------------------------------------------------------

_PUBLISHED_OUTCOMES = (Outcome.REFUSED, Outcome.FALSIFIED)
"""Outcomes that enter the credit record by themselves (R7.3)."""


@attrs.frozen(kw_only=True)
class CreditEntry:
    """An entry a credit system takes from a result (R7.7; 004 §2(9), 002 §4(6)).

    Attributes:
        subject_id: The subject the entry is filed under.
        date: The day of the decision; for a refusal or falsification, of the
            report (else of the inspection); ``None`` when no day is recorded.
        decision: The handling decision, or ``None`` for an entry made by a
            refusal or falsification itself (R7.3).
        task_id: The task it comes from.
        plan_id: The plan of that task.
        department: The department that decided or inspected.
        outcome: For a decision, the subject's overall outcome; for a
            refusal or falsification entry, that outcome.
        authority: Who the case went to or who decided (may be empty).
    """

    subject_id: str
    date: dt.date | None
    decision: Decision | None
    task_id: str
    plan_id: str
    department: str
    outcome: Outcome | None
    authority: str

    def to_data(self) -> dict[str, Any]:
        """Plain JSON-compatible data."""
        return {
            "subject_id": self.subject_id,
            "date": day(self.date),
            "decision": None if self.decision is None else self.decision.value,
            "task_id": self.task_id,
            "plan_id": self.plan_id,
            "department": self.department,
            "outcome": None if self.outcome is None else self.outcome.value,
            "outcome_label": None if self.outcome is None else self.outcome.label,
            "authority": self.authority,
        }

    def to_rows(self, *, labels: str | None = None) -> list[dict[str, Any]]:
        """This entry as a table of one row; ``labels="zh"`` names decision and outcome in Chinese.

        ``randinspect.loading.to_rows(credit_entries(...))`` makes one table of many.

        Raises:
            ValidationError: ``labels`` is not ``"en"``, ``"zh"`` or ``None``.
        """
        lab = check_labels(labels, obj=f"CreditEntry of task {self.task_id!r}")
        return [
            {
                "subject_id": self.subject_id,
                "date": day(self.date),
                "decision": lab.of(self.decision),
                "task_id": self.task_id,
                "plan_id": self.plan_id,
                "department": self.department,
                "outcome": lab.of(self.outcome),
                "authority": self.authority,
            }
        ]


def credit_entries(results: Iterable[Result], tasks: Iterable[Task]) -> tuple[CreditEntry, ...]:
    """The entries a credit system takes from ``results`` (R7.7).

    Each handling decision other than ``none`` (a warning, a penalty, a
    transfer, a judicial referral, a credit record) yields one entry, dated
    by its decision (else the day the violations were handled, the report,
    the inspection). A refusal to be inspected or a falsification (R7.3)
    yields an entry of its own, with no decision: it is recorded and
    published whatever the handling. A result with no problem, or with a
    problem and no decision yet, yields nothing.

    Args:
        results: The results.
        tasks: Their tasks (e.g. ``assignment.tasks``).

    Returns:
        The entries, in the order of ``tasks``, each result's in the order recorded.

    Raises:
        ValidationError, UnknownIdError, DuplicateIdError, RuleViolationError:
            as :func:`~randinspect.results.check_results`.
    """
    plan_tasks: tuple[Task, ...] = check_collection(
        tasks, obj="credit_entries", field="tasks", what="Task values",
        fix="pass the tasks of the assignment (assignment.tasks)",
    )  # fmt: skip
    checked = check_results(results, plan_tasks)
    by_id = {task.id: task for task in plan_tasks}
    entries: list[CreditEntry] = []
    for result in checked:
        task = by_id[result.task_id]
        overall = result.outcome
        seen = set(result.outcomes.values())
        entries.extend(
            _entry(result, task, None, result.reported_on or result.inspected_on, outcome)
            for outcome in _PUBLISHED_OUTCOMES
            if outcome in seen
        )
        for handling in result.handling:
            if handling.decision is Decision.NONE:
                continue
            day = (handling.decided_on or result.handled_on or result.reported_on
                   or result.inspected_on)  # fmt: skip
            entries.append(_entry(result, task, handling, day, overall))
    return tuple(entries)


def _entry(
    result: Result,
    task: Task,
    handling: Handling | None,
    day: dt.date | None,
    outcome: Outcome | None,
) -> CreditEntry:
    return CreditEntry(
        subject_id=result.subject_id,
        date=day,
        decision=None if handling is None else handling.decision,
        task_id=task.id,
        plan_id=task.plan_id,
        department=task.department,
        outcome=outcome,
        authority="" if handling is None else handling.authority,
    )


# --- the annual execution summary (003 art. 23) ----------------------------------------


@attrs.frozen(kw_only=True)
class AnnualSummary:
    """A year's execution of its plans, as published (003 art. 23, R7.5, R6.10).

    Attributes:
        year: The year.
        plans: The plans' ids, in the order given.
        subjects_drawn: Subjects drawn, summed over the plans (a subject
            drawn by two plans counts twice).
        distinct_subjects: Different subjects drawn.
        inspectors_drawn: Different inspectors on the plans' teams.
        inspections: Results received.
        outcome_classes: Results per class (problem, no problem, not assessable).
        outcomes: Results per overall outcome (every outcome, zeros included).
        feedback_sent: Results fed back to the subject (R6.5).
        feedback_received: Results whose written feedback the subject received (R6.6).
        comments: Results on which the subject commented (R6.6).
        published: Results published (R6.5, R6.7).
        handling: Results per handling decision (``none`` when none recorded).
        credit_entries: The entries for the credit system (R7.7).
        deadline: The summary's own due date: by the end of February of the
            next year (R6.10), from :func:`~randinspect.deadlines.plan_deadlines`.
        reports: Each plan's campaign report, in the order given.
    """

    year: int
    plans: tuple[str, ...]
    subjects_drawn: int
    distinct_subjects: int
    inspectors_drawn: int
    inspections: int
    outcome_classes: FrozenMap[OutcomeClass, int]
    outcomes: FrozenMap[Outcome, int]
    feedback_sent: int
    feedback_received: int
    comments: int
    published: int
    handling: FrozenMap[Decision, int]
    credit_entries: tuple[CreditEntry, ...]
    deadline: Deadline
    reports: tuple[CampaignReport, ...]

    @property
    def due(self) -> dt.date:
        """The last day to publish the summary (R6.10)."""
        return self.deadline.due

    def to_data(self) -> dict[str, Any]:
        """Plain JSON-compatible data."""
        return {
            "year": self.year,
            "plans": list(self.plans),
            "subjects_drawn": self.subjects_drawn,
            "distinct_subjects": self.distinct_subjects,
            "inspectors_drawn": self.inspectors_drawn,
            "inspections": self.inspections,
            "outcome_classes": {k.value: v for k, v in self.outcome_classes.items()},
            "outcomes": {k.value: v for k, v in self.outcomes.items()},
            "feedback_sent": self.feedback_sent,
            "feedback_received": self.feedback_received,
            "comments": self.comments,
            "published": self.published,
            "handling": {k.value: v for k, v in self.handling.items()},
            "credit_entries": [e.to_data() for e in self.credit_entries],
            "due": self.due.isoformat(),
            "due_rule": f"{self.deadline.rule} ({self.deadline.source})",
            "reports": [r.to_data() for r in self.reports],
        }

    def to_rows(
        self, *, table: str = "summary", labels: str | None = None
    ) -> list[dict[str, Any]]:
        """The summary as a table: ``summary`` (the default), ``counts``, ``strata`` or ``credit``.

        ``summary``: one row of the year's figures (plans as ``;`` text, the
        due day); ``counts``: one row per ``count_of`` (``outcome_class``,
        ``outcome``, ``handling``) and value, zeros included; ``strata``:
        every plan's :meth:`CampaignReport.to_rows`, one after the other;
        ``credit``: the credit entries. ``labels="zh"`` writes the enums by
        their Chinese labels.

        Raises:
            ValidationError: ``table`` or ``labels`` is not one this takes.
        """
        obj = f"AnnualSummary of {self.year}"
        lab = check_labels(labels, obj=obj)
        name = check_table(table, ANNUAL_TABLES, obj=obj)
        if name == "counts":
            return [
                {"year": self.year, "count_of": count_of, "value": lab.of(value), "count": count}
                for count_of, counter in (
                    ("outcome_class", self.outcome_classes),
                    ("outcome", self.outcomes),
                    ("handling", self.handling),
                )
                for value, count in counter.items()
            ]
        if name == "strata":
            return [row for r in self.reports for row in r.to_rows(labels=labels)]
        if name == "credit":
            return [row for e in self.credit_entries for row in e.to_rows(labels=labels)]
        return [
            {
                "year": self.year,
                "plans": joined(self.plans),
                "subjects_drawn": self.subjects_drawn,
                "distinct_subjects": self.distinct_subjects,
                "inspectors_drawn": self.inspectors_drawn,
                "inspections": self.inspections,
                "feedback_sent": self.feedback_sent,
                "feedback_received": self.feedback_received,
                "comments": self.comments,
                "published": self.published,
                "credit_entries": len(self.credit_entries),
                "due": day(self.due),
            }
        ]


ANNUAL_TABLES = ("summary", "counts", "strata", "credit")
"""The tables of an :class:`AnnualSummary`; the first is the default."""


_CAMPAIGN_FIX = "pass (draw, assignment, results) triples, one per plan of the year"
_CAMPAIGN_SIZE = 3


def _check_campaigns(campaigns: object, year: int) -> list[tuple[Any, Any, Any]]:
    obj = "annual_summary"
    members: tuple[object, ...] = check_collection(
        campaigns, obj=obj, field="campaigns", what="(draw, assignment, results) triples",
        fix=_CAMPAIGN_FIX, rule="R7.5",
    )  # fmt: skip
    triples = []
    for index, member in enumerate(members):
        if not (isinstance(member, tuple | list) and len(member) == _CAMPAIGN_SIZE):
            raise ValidationError(
                "must be a (draw, assignment, results) triple",
                obj=obj,
                field=f"campaigns[{index}]",
                value=member,
                rule="R7.5",
                fix=_CAMPAIGN_FIX,
            )
        draw, assignment, results = member
        check_type(draw, SubjectDraw, obj=obj, field=f"campaigns[{index}][0]",
                   fix="pass the SubjectDraw of the plan", rule="R7.5")  # fmt: skip
        plan_year = draw.plan.year
        if plan_year != year:
            raise RuleViolationError(
                f"is a campaign of {plan_year}, not of {year}",
                obj=obj,
                field=f"campaigns[{index}]",
                value=draw.plan.id,
                rule="R7.5",
                fix=f"summarize each year apart: pass only the plans of {year}",
            )
        triples.append((draw, assignment, results))
    unique_ids([d.plan.id for d, _, _ in triples], obj=obj, field="campaigns", rule="R7.5",
               fix="pass each plan's campaign once")  # fmt: skip
    return triples


def annual_summary(
    year: int,
    campaigns: Iterable[tuple[SubjectDraw, Assignment, Iterable[Result]]],
    *,
    calendar: WorkCalendar | None = None,
) -> AnnualSummary:
    """The execution summary of a year's plans (003 art. 23, R7.5).

    Drawn subjects and inspectors, inspections done, results by class and
    outcome, feedback sent and received, the subjects' comments, the use of
    results (handling and credit entries), and the day it is due: the end of
    February of the next year (R6.10, 003's rule in
    :meth:`~randinspect.deadlines.DeadlinePolicy.for_document`).

    Args:
        year: The year summarized.
        campaigns: One ``(draw, assignment, results)`` per plan of the year.
        calendar: The working-day calendar (used only by a rule that rolls).

    Returns:
        The summary, with each plan's :class:`CampaignReport`.

    Raises:
        ValidationError: a bad year, calendar or campaign (as :func:`summarize`).
        RuleViolationError: a campaign of another year.
        DuplicateIdError: a plan given twice.
    """
    obj = "annual_summary"
    checked_year = check_year(year, obj=obj, rule="R7.5")
    triples = _check_campaigns(campaigns, checked_year)
    checked_calendar = _check_calendar(calendar, obj)
    reports = []
    subjects_drawn = 0
    subjects: set[str] = set()
    inspectors: set[str] = set()
    classes: Counter[OutcomeClass] = Counter()
    outcomes: Counter[Outcome] = Counter()
    handling: Counter[Decision] = Counter()
    dates = Counter[str]()
    entries: list[CreditEntry] = []
    for draw, assignment, results in triples:
        members: tuple[Result, ...] = check_collection(
            results, obj=obj, field="results", what="Result values",
            fix="pass the results recorded for the plan's tasks", rule="R7.5",
        )  # fmt: skip
        report = summarize(draw, assignment, members)
        reports.append(report)
        tasks = assignment.tasks
        checked = check_results(members, tasks)
        subjects_drawn += len(tasks)
        subjects.update(t.subject_id for t in tasks)
        inspectors.update(i for t in tasks for i in t.inspectors)
        for result in checked:
            classes[result.category] += 1
            if result.outcome is not None:
                outcomes[result.outcome] += 1
            handling.update({h.decision for h in result.handling} or {Decision.NONE})
            for field in ("feedback_sent_on", "feedback_received_on", "comments_on",
                          "published_on"):  # fmt: skip
                if getattr(result, field) is not None:
                    dates[field] += 1
        entries.extend(credit_entries(checked, tasks))
    policy = DeadlinePolicy.for_document("003")
    (deadline,) = (
        d
        for d in plan_deadlines(checked_year, policy=policy, calendar=checked_calendar)
        if d.name == _EXECUTION_REPORT
    )
    return AnnualSummary(
        year=checked_year,
        plans=tuple(d.plan.id for d, _, _ in triples),
        subjects_drawn=subjects_drawn,
        distinct_subjects=len(subjects),
        inspectors_drawn=len(inspectors),
        inspections=sum(classes.values()),
        outcome_classes=counts(OutcomeClass, classes),
        outcomes=counts(Outcome, outcomes),
        feedback_sent=dates["feedback_sent_on"],
        feedback_received=dates["feedback_received_on"],
        comments=dates["comments_on"],
        published=dates["published_on"],
        handling=counts(Decision, handling),
        credit_entries=tuple(entries),
        deadline=deadline,
        reports=tuple(reports),
    )
