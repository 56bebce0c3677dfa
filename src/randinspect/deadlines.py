"""Deadlines of the source documents as data: schedules and what is overdue (R6).

A :class:`DeadlineRule` is one working-day deadline on an inspection's
:class:`~randinspect.model.Result` ("the report within 5 working days after
the inspection ends", R6.4); a :class:`PlanDeadlineRule` is a calendar
deadline of a plan year ("the annual plan by the end of January", R6.1). A
:class:`DeadlinePolicy` gathers the rules one department follows; the
documents disagree (penalty decisions are published within 7 working days per
000, within 20 per 002), so :meth:`DeadlinePolicy.for_document` gives each
document's own set, and any other set can be written as data.

:func:`schedule` turns a task or a result into its :class:`Deadline` values,
:func:`overdue` says what is late on a given day and by how many working days,
and :func:`plan_deadlines` gives a plan year's due dates. Working days are
counted on a :class:`~randinspect.calendar.WorkCalendar`: the start day is not
counted, the due day is the N-th working day after it.
"""

from __future__ import annotations

import datetime as dt
import functools
import warnings
from collections.abc import Callable, Iterable, Mapping, Sized
from typing import Any, ParamSpec, TypeVar, cast

import attrs

from randinspect import _documents
from randinspect._checks import (
    MAX_COLLECTION,
    check_collection,
    check_int,
    check_type,
    check_year,
    optional,
    unique_ids,
)
from randinspect._tablerows import check_labels, deadline_row, overdue_row
from randinspect._values import (
    bool_validator,
    check_date,
    date_validator,
    describe,
    int_validator,
    nonempty_text_validator,
    optional_date_validator,
    text_validator,
)
from randinspect.calendar import (
    Roll,
    WorkCalendar,
    _check_count,
    _check_roll,
    _last_day,
    _resolve_calendar,
)
from randinspect.errors import ValidationError
from randinspect.model import Plan, Result, Task

__all__ = [
    "COUNTS_FROM",
    "DOCUMENTS",
    "DONE_BY",
    "PARTIES",
    "Deadline",
    "DeadlinePolicy",
    "DeadlineRule",
    "Overdue",
    "PlanDeadlineRule",
    "overdue",
    "plan_deadlines",
    "schedule",
]

COUNTS_FROM = (
    "results_complete_on",
    "inspected_on",
    "reported_on",
    "feedback_sent_on",
    "feedback_received_on",
    "penalty_decided_on",
)
"""The :class:`~randinspect.model.Result` dates a deadline may count from.

``results_complete_on`` is the last item's result for a joint inspection, else
the day the inspection ended (R6.4).
"""

DONE_BY = (
    "reported_on",
    "feedback_sent_on",
    "comments_on",
    "published_on",
    "penalty_published_on",
    "handled_on",
)
"""The :class:`~randinspect.model.Result` dates that record a deadline met."""

PARTIES = ("department", "subject")
"""Who must act by a deadline: the inspecting department, or the inspected subject (R6.6)."""

DOCUMENTS = tuple(document.code for document in _documents.DOCUMENTS)
"""The source documents :meth:`DeadlinePolicy.for_document` knows (RULES.md)."""

_TASK_ANCHORS = frozenset({"results_complete_on", "inspected_on"})

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _keyword_only(*names: str) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Keep the old positional form of the keyword-only ``names`` working, with a warning.

    Up to 0.1.0.dev0, :func:`schedule` and :func:`plan_deadlines` took
    ``policy`` and ``calendar`` by position after their first argument; they
    are keyword-only now, as in every other function. A call that still
    passes them by position works and raises a ``DeprecationWarning``.
    """

    def decorate(function: Callable[_P, _R]) -> Callable[_P, _R]:
        where = function.__name__

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if len(args) > 1:
                extra = args[1:]
                if len(extra) > len(names):
                    raise ValidationError(
                        f"takes 1 argument by position, not {len(args)}",
                        obj=where,
                        field=names[-1],
                        value=len(args),
                        fix=f"pass {', '.join(f'{n}=...' for n in names)} by keyword",
                    )
                for name, value in zip(names, extra, strict=False):
                    if name in kwargs:
                        raise ValidationError(
                            "is given twice, by position and by keyword",
                            obj=where,
                            field=name,
                            value=value,
                            fix=f"pass {name}= by keyword only",
                        )
                    kwargs[name] = value
                given = names[: len(extra)]
                warnings.warn(
                    f"{where}(): passing {', '.join(given)} by position is deprecated and will"
                    f" stop working; pass {', '.join(f'{n}=...' for n in given)} by keyword",
                    DeprecationWarning,
                    stacklevel=2,
                )
                args = args[:1]
            return function(*args, **kwargs)

        return cast("Callable[_P, _R]", wrapper)

    return decorate


def _choice_validator(choices: tuple[str, ...], rule: str) -> Any:
    def validate(instance: object, attribute: Any, value: Any) -> None:
        if not (isinstance(value, str) and value in choices):
            raise ValidationError(
                "is not one of the known values",
                obj=_rule_name(instance),
                field=attribute.name,
                value=value,
                rule=rule,
                fix=f"use one of {list(choices)}",
            )

    return validate


def _rule_name(instance: object) -> str:
    name = getattr(instance, "name", None)
    return f"{type(instance).__name__} {name!r}" if isinstance(name, str) else describe(instance)


def _count_validator(instance: object, attribute: Any, value: Any) -> None:
    _check_count(value, obj=_rule_name(instance), field=attribute.name)


def _month_validator(rule: str) -> Any:
    def validate(instance: object, attribute: Any, value: Any) -> None:
        check_int(
            value, obj=_rule_name(instance), field=attribute.name, minimum=1, maximum=12, rule=rule
        )

    return validate


def _year_offset_validator(instance: object, attribute: Any, value: Any) -> None:
    check_int(
        value,
        obj=_rule_name(instance),
        field=attribute.name,
        minimum=0,
        maximum=1,
        rule="R6.10",
        fix="pass 0 for the plan year, 1 for the year after",
    )


def _roll_validator(instance: object, attribute: Any, value: Any) -> None:
    _check_roll(value, obj=_rule_name(instance))


@attrs.frozen(kw_only=True)
class DeadlineRule:
    """A working-day deadline on an inspection's result (R6.4-R6.9).

    "Within ``working_days`` working days from ``counts_from``, do what
    ``done_by`` records"; the start day is not counted.

    Attributes:
        name: A short id for the deadline, unique in a policy, e.g. ``"report"``.
        rule: The rulebook's number, e.g. ``"R6.4"``.
        source: The source document and clause, e.g. ``"003 art. 18"``.
        working_days: How many working days, at least 1.
        counts_from: The :class:`~randinspect.model.Result` date the count
            starts from (one of :data:`COUNTS_FROM`).
        done_by: The Result date that records it done (one of :data:`DONE_BY`).
        party: Who must act: ``"department"`` or ``"subject"``.
        only_if_problem: Applies only when an item's outcome is a problem, or
            when ``done_by`` is recorded anyway (R6.9: violations found).
    """

    name: str = attrs.field(validator=nonempty_text_validator)
    rule: str = attrs.field(validator=nonempty_text_validator)
    source: str = attrs.field(validator=nonempty_text_validator)
    working_days: int = attrs.field(validator=_count_validator)
    counts_from: str = attrs.field(validator=_choice_validator(COUNTS_FROM, "R6"))
    done_by: str = attrs.field(validator=_choice_validator(DONE_BY, "R6"))
    party: str = attrs.field(default="department", validator=_choice_validator(PARTIES, "R6"))
    only_if_problem: bool = attrs.field(default=False, validator=bool_validator)


@attrs.frozen(kw_only=True)
class PlanDeadlineRule:
    """A calendar deadline of a plan year: "by the end of <month>" (R6.1, R6.2, R6.10).

    Attributes:
        name: A short id for the deadline, unique in a policy, e.g. ``"annual-plan"``.
        rule: The rulebook's number, e.g. ``"R6.1"``.
        source: The source document and clause, e.g. ``"003 art. 12"``.
        month: Due at the end of this month (1 to 12).
        year_offset: 0 for the plan year itself, 1 for the year after (R6.10).
        from_month: The month its window opens, e.g. 7 for the second
            half-year (R6.2); ``None`` for January.
        roll: How the month end moves when it is not a working day; the
            documents say "by the end of the month", so ``"none"`` by default.
    """

    name: str = attrs.field(validator=nonempty_text_validator)
    rule: str = attrs.field(validator=nonempty_text_validator)
    source: str = attrs.field(validator=nonempty_text_validator)
    month: int = attrs.field(validator=_month_validator("R6.1"))
    year_offset: int = attrs.field(default=0, validator=_year_offset_validator)
    from_month: int | None = attrs.field(
        default=None, validator=optional(_month_validator("R6.2"))
    )
    roll: Roll = attrs.field(default="none", validator=_roll_validator)

    def __attrs_post_init__(self) -> None:
        if self.from_month is not None and self.from_month > self.month:
            raise ValidationError(
                "the window opens after the month it is due",
                obj=_rule_name(self),
                field="from_month",
                value=self.from_month,
                rule="R6.2",
                fix=f"pass a from_month of at most {self.month}",
            )


def _to_rules(value: Iterable[Any]) -> tuple[Any, ...]:
    """Converter: a collection becomes a tuple; text, a mapping or a non-collection stays as is."""
    if (
        isinstance(value, str | bytes | bytearray | Mapping)
        or not isinstance(value, Iterable)
        or (isinstance(value, Sized) and len(value) > MAX_COLLECTION)
    ):
        return value  # type: ignore[return-value]  # the validator rejects it
    try:
        return tuple(value)
    except (TypeError, ValueError, LookupError, ArithmeticError):
        return value  # type: ignore[return-value]  # the validator reads it again and says why


def _rules_validator(cls: type) -> Any:
    def validate(instance: object, attribute: Any, value: Any) -> None:
        obj, what = _rule_name(instance), f"{cls.__name__} values"
        fix = f"pass a list of {cls.__name__}(...) values"
        if not isinstance(value, tuple):
            check_collection(value, obj=obj, field=attribute.name, what=what, fix=fix, rule="R6")
            raise ValidationError(
                f"could not be read as a collection of {what}",
                obj=obj,
                field=attribute.name,
                value=value,
                rule="R6",
                fix=fix,
            )
        for index, member in enumerate(value):
            if not isinstance(member, cls):
                raise ValidationError(
                    f"must be a {cls.__name__}, not {type(member).__name__}",
                    obj=obj,
                    field=f"{attribute.name}[{index}]",
                    value=member,
                    rule="R6",
                    fix=fix,
                )

    return validate


@attrs.frozen(kw_only=True)
class DeadlinePolicy:
    """The deadlines one department follows, as data (R6).

    Each source document has its own variant; :meth:`for_document` gives
    them, and :meth:`merge` combines policies.

    Attributes:
        name: What the policy is, e.g. ``"003"``.
        rules: Working-day deadlines on results (R6.4-R6.9).
        plan_rules: Calendar deadlines of the plan year (R6.1, R6.2, R6.10).
    """

    name: str = attrs.field(validator=text_validator)
    rules: tuple[DeadlineRule, ...] = attrs.field(
        default=(), converter=_to_rules, validator=_rules_validator(DeadlineRule)
    )
    plan_rules: tuple[PlanDeadlineRule, ...] = attrs.field(
        default=(), converter=_to_rules, validator=_rules_validator(PlanDeadlineRule)
    )

    def __attrs_post_init__(self) -> None:
        unique_ids(
            [*(r.name for r in self.rules), *(r.name for r in self.plan_rules)],
            obj=f"DeadlinePolicy {self.name!r}",
            field="rules",
            rule="R6",
            fix="name each deadline once; to pick a document's variant, drop the other",
        )

    @classmethod
    def for_document(cls, document: str) -> DeadlinePolicy:
        """The deadlines a source document sets (see RULES.md R6).

        Built from the document's rows in the library's table of the five
        documents (one row per clause, each citing it, as each rule's ``source``).

        - ``"000"`` (Weidong Civil Affairs, 2024): one draw in each half-year
          (R6.2); penalty decisions published within 7 working days (R6.8).
        - ``"001"`` (Wugang Civil Air Defence, 2022): no working-day deadline;
          its inspection windows are the plan's periods (R6.3).
        - ``"002"`` (Sanmenxia Urban Management, 2024): draw requests by the end
          of March (R6.1); penalty decisions (general procedure) published
          within 20 working days (R6.8); violations handled within 10 (R6.9).
        - ``"003"`` (Luohe Defence Mobilisation): the annual plan by the end of
          January (R6.1); the report within 5 working days (R6.4); feedback
          and publication within 20 after the report (R6.5); the subject's
          comments within 10 after receiving the feedback (R6.6); the
          previous year published by the end of February (R6.10).
        - ``"004"`` (Baofeng Health Commission, 2023): results published
          within 20 working days from the result (R6.7). Its plan "at the
          start of the year" (R6.1) names no day, so no rule.

        Args:
            document: One of :data:`DOCUMENTS`.

        Returns:
            The policy, named after the document.

        Raises:
            ValidationError: an unknown document.
        """
        if not (isinstance(document, str) and document in DOCUMENTS):
            raise ValidationError(
                "is not a source document with deadlines",
                obj="DeadlinePolicy.for_document",
                field="document",
                value=document,
                rule="R6",
                fix=f"pass one of {list(DOCUMENTS)}, as text",
            )
        return cls(
            name=document,
            rules=[
                _rule(row) for row in _documents.WORKING_DAY_DEADLINES if row.document == document
            ],
            plan_rules=[
                _plan_rule(row)
                for row in _documents.MONTH_END_DEADLINES
                if row.document == document
            ],
        )

    def merge(self, *others: DeadlinePolicy, name: str = "") -> DeadlinePolicy:
        """This policy with the rules of ``others`` added (names must not clash).

        ``a.merge(b, c)`` holds the rules of ``a``, ``b`` and ``c``.

        Args:
            *others: The other policies, e.g. those of a joint inspection's departments.
            name: The new policy's name; by default the names joined with ``+``.

        Returns:
            The merged policy.

        Raises:
            ValidationError: an argument is not a DeadlinePolicy, or ``name`` is not text.
            DuplicateIdError: two rules share a name (e.g. 000's and 002's
                penalty publication); pick one variant.
        """
        for index, policy in enumerate(others):
            if not isinstance(policy, DeadlinePolicy):
                raise ValidationError(
                    "must be a DeadlinePolicy",
                    obj="DeadlinePolicy.merge",
                    field=f"others[{index}]",
                    value=policy,
                    rule="R6",
                    fix='pass DeadlinePolicy values, e.g. DeadlinePolicy.for_document("004")',
                )
        check_type(
            name, str, obj="DeadlinePolicy.merge", field="name", fix="pass the new policy's name"
        )
        policies = (self, *others)
        return DeadlinePolicy(
            name=name or "+".join(p.name for p in policies),
            rules=[r for p in policies for r in p.rules],
            plan_rules=[r for p in policies for r in p.plan_rules],
        )


def _rule(row: _documents.WorkingDayDeadline) -> DeadlineRule:
    """The deadline rule a document's table row states."""
    return DeadlineRule(
        name=row.name,
        rule=row.rule,
        source=_documents.source(row.document, row.clause),
        working_days=row.working_days,
        counts_from=row.counts_from,
        done_by=row.done_by,
        party=row.party,
        only_if_problem=row.only_if_problem,
    )


def _plan_rule(row: _documents.MonthEndDeadline) -> PlanDeadlineRule:
    """The plan deadline rule a document's table row states."""
    return PlanDeadlineRule(
        name=row.name,
        rule=row.rule,
        source=_documents.source(row.document, row.clause),
        month=row.month,
        year_offset=row.year_offset,
        from_month=row.from_month,
    )


# --- due dates --------------------------------------------------------------------


_AT_LEAST_0: Any = int_validator(0)
_AT_LEAST_1: Any = int_validator(1)


_OPTIONAL_TEXT: Any = optional(nonempty_text_validator)
_OPTIONAL_COUNT: Any = optional(_count_validator)


def _deadline_validator(instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, Deadline):
        raise ValidationError(
            f"must be a Deadline, not {type(value).__name__}",
            obj=describe(instance),
            field=attribute.name,
            value=value,
            rule="R6",
            fix="pass the Deadline that schedule() or overdue() gave",
        )


@attrs.frozen(kw_only=True)
class Deadline:
    """One due date, with the rule it comes from (R6).

    Attributes:
        rule: The rulebook's number, e.g. ``"R6.4"``.
        name: The deadline's name in its policy, e.g. ``"report"``.
        source: The source document and clause.
        task_id: The task it concerns (``None`` for a plan-level deadline).
        plan_id: The plan it concerns, when known.
        counted_from: The day the count starts from (not counted itself); for
            a calendar deadline, the first day of its window.
        working_days: The N of "within N working days"; ``None`` for a
            calendar deadline ("by the end of January").
        due: The last day to act, included.
        done_by: The field that records it done, e.g. ``"reported_on"``
            (``None`` when the library holds no such record).
        done_on: The day it was done, if recorded.
        party: Who must act: ``"department"`` or ``"subject"``.
    """

    rule: str = attrs.field(validator=nonempty_text_validator)
    name: str = attrs.field(validator=nonempty_text_validator)
    source: str = attrs.field(validator=nonempty_text_validator)
    task_id: str | None = attrs.field(validator=_OPTIONAL_TEXT)
    plan_id: str | None = attrs.field(validator=_OPTIONAL_TEXT)
    counted_from: dt.date = attrs.field(validator=date_validator)
    working_days: int | None = attrs.field(validator=_OPTIONAL_COUNT)
    due: dt.date = attrs.field(validator=date_validator)
    done_by: str | None = attrs.field(validator=_OPTIONAL_TEXT)
    done_on: dt.date | None = attrs.field(default=None, validator=optional_date_validator)
    party: str = attrs.field(default="department", validator=_choice_validator(PARTIES, "R6"))

    @property
    def met(self) -> bool:
        """Whether it was done on or before the due day."""
        return self.done_on is not None and self.done_on <= self.due

    def to_rows(self, *, labels: str | None = None) -> list[dict[str, Any]]:
        """This deadline as a table of one row (dates as ISO text, ``met`` a bool).

        ``labels="zh"`` writes the party in Chinese (检查部门, 检查对象);
        ``randinspect.loading.to_rows(schedule(...))`` makes one table of many.

        Raises:
            ValidationError: ``labels`` is not ``"en"``, ``"zh"`` or ``None``.
        """
        return [deadline_row(self, check_labels(labels, obj="Deadline"))]


@attrs.frozen(kw_only=True)
class Overdue:
    """A deadline that is late on a given day, and by how much (R6).

    Attributes:
        deadline: The deadline.
        on: The day the question is asked for.
        done_on: The day it was done late, if that is on or before ``on``;
            ``None`` while it is still open.
        working_days_late: Working days after the due day, up to ``done_on``
            or ``on``, that day included. It is 0 when only non-working days
            have passed (a Saturday after a Friday deadline).
        days_late: Calendar days after the due day, at least 1.
    """

    deadline: Deadline = attrs.field(validator=_deadline_validator)
    on: dt.date = attrs.field(validator=date_validator)
    done_on: dt.date | None = attrs.field(validator=optional_date_validator)
    working_days_late: int = attrs.field(validator=_AT_LEAST_0)
    days_late: int = attrs.field(validator=_AT_LEAST_1)

    @property
    def is_open(self) -> bool:
        """Whether it was still not done on ``on``."""
        return self.done_on is None

    def to_rows(self, *, labels: str | None = None) -> list[dict[str, Any]]:
        """This late deadline as a table of one row: the deadline's cells, then how late.

        ``done_on`` is this value's (done late, by ``on``), ``open`` whether it
        is still not done. ``randinspect.loading.to_rows(overdue(...))``
        makes one table of many.

        Raises:
            ValidationError: ``labels`` is not ``"en"``, ``"zh"`` or ``None``.
        """
        return [overdue_row(self, check_labels(labels, obj="Overdue"))]


def _has_problem(result: Result) -> bool:
    return any(outcome.is_problem for outcome in result.outcomes.values())


def _applies(rule: DeadlineRule, result: Result) -> dt.date | None:
    """The day ``rule`` counts from for ``result``, or ``None`` if it does not apply."""
    if rule.only_if_problem and not _has_problem(result) and getattr(result, rule.done_by) is None:
        return None
    anchor: dt.date | None = getattr(result, rule.counts_from)
    return anchor


def _check_policy(policy: object, where: str) -> DeadlinePolicy:
    if not isinstance(policy, DeadlinePolicy):
        raise ValidationError(
            "must be a DeadlinePolicy",
            obj=where,
            field="policy",
            value=policy,
            rule="R6",
            fix='pass e.g. DeadlinePolicy.for_document("003")',
        )
    return policy


@_keyword_only("policy", "calendar")
def schedule(
    task_or_result: Task | Result,
    *,
    policy: DeadlinePolicy,
    calendar: WorkCalendar | None = None,
) -> tuple[Deadline, ...]:
    """The due dates that apply to a task or a result, each with its rule (R6).

    For a :class:`~randinspect.model.Result`, each rule of ``policy`` whose
    start date is recorded (and, for ``only_if_problem`` rules, whose result
    found a problem); ``done_on`` is filled from the result. For a
    :class:`~randinspect.model.Task`, its inspection window's end (R6.3) and
    the rules that count from the inspection, taking the task's ``on`` as the
    day it ended.

    Args:
        task_or_result: The task or result.
        policy: The deadlines to apply.
        calendar: The working-day calendar; the default is
            :func:`~randinspect.calendar.default_calendar`.

    Returns:
        The deadlines, sorted by due day, rule and name.

    Raises:
        ValidationError: not a Task or Result, or a bad policy or calendar.
        UnpublishedYearError: a due day falls in a year with no known schedule.
    """
    policy = _check_policy(policy, "schedule")
    cal = _resolve_calendar(calendar, "schedule")
    out: list[Deadline] = []
    if isinstance(task_or_result, Result):
        result = task_or_result
        for rule in policy.rules:
            anchor = _applies(rule, result)
            if anchor is None:
                continue
            out.append(
                _deadline(
                    rule,
                    cal,
                    anchor,
                    task_id=result.task_id,
                    plan_id=None,
                    done_on=getattr(result, rule.done_by),
                )
            )
    elif isinstance(task_or_result, Task):
        task = task_or_result
        if task.period is not None:
            window_rule, window_name, clauses = _documents.INSPECTION_WINDOW
            out.append(
                Deadline(
                    rule=window_rule,
                    name=window_name,
                    source="; ".join(_documents.source(*clause) for clause in clauses),
                    task_id=task.id,
                    plan_id=task.plan_id,
                    counted_from=task.period.start,
                    working_days=None,
                    due=task.period.end,
                    done_by="on",
                    done_on=task.on,
                )
            )
        if task.on is not None:
            out.extend(
                _deadline(rule, cal, task.on, task_id=task.id, plan_id=task.plan_id, done_on=None)
                for rule in policy.rules
                if rule.counts_from in _TASK_ANCHORS and not rule.only_if_problem
            )
    else:
        raise ValidationError(
            "must be a Task or a Result",
            obj="schedule",
            field="task_or_result",
            value=task_or_result,
            rule="R6",
            fix="pass the Task, or the Result recorded for it",
        )
    return tuple(sorted(out, key=_order))


def _deadline(
    rule: DeadlineRule,
    calendar: WorkCalendar,
    anchor: dt.date,
    *,
    task_id: str | None,
    plan_id: str | None,
    done_on: dt.date | None,
) -> Deadline:
    return Deadline(
        rule=rule.rule,
        name=rule.name,
        source=rule.source,
        task_id=task_id,
        plan_id=plan_id,
        counted_from=anchor,
        working_days=rule.working_days,
        due=calendar.add_working_days(anchor, rule.working_days),
        done_by=rule.done_by,
        done_on=done_on,
        party=rule.party,
    )


def _order(deadline: Deadline) -> tuple[dt.date, str, str, str]:
    return (deadline.due, deadline.task_id or "", deadline.rule, deadline.name)


def overdue(
    results: Iterable[Result],
    *,
    on: dt.date,
    policy: DeadlinePolicy,
    calendar: WorkCalendar | None = None,
) -> tuple[Overdue, ...]:
    """What is late on the day ``on``, and by how many working days (R6).

    A deadline is late when its due day has passed on ``on`` and it was not
    done by the due day: either still open (no record, or one dated after
    ``on``), or done late. Deadlines not yet due on ``on`` are left out, so
    their due days are never computed (they may lie in a year with no
    published schedule yet).

    Args:
        results: The recorded results.
        on: The day to judge on.
        policy: The deadlines to apply.
        calendar: The working-day calendar; the default is
            :func:`~randinspect.calendar.default_calendar`.

    Returns:
        The late deadlines, sorted by due day, task id, rule and name.

    Raises:
        ValidationError: a non-Result, a bad policy or calendar, or a
            ``datetime`` for ``on``.
        UnpublishedYearError: ``on`` (even with no results) or a start date
            lies in a year with no known schedule.
    """
    on = check_date(on, obj="overdue", field="on")
    policy = _check_policy(policy, "overdue")
    cal = _resolve_calendar(calendar, "overdue")
    cal._index(on, "on", obj="overdue")  # every count ends on `on`: it must be a known day
    fix = "pass the recorded Result values, e.g. a list of Result(...)"
    members: tuple[object, ...] = check_collection(
        results, obj="overdue", field="results", what="Result values", fix=fix, rule="R6"
    )
    for index, member in enumerate(members):
        if not isinstance(member, Result):
            raise ValidationError(
                f"must be a Result, not {type(member).__name__}",
                obj="overdue",
                field=f"results[{index}]",
                value=member,
                rule="R6",
                fix=fix,
            )
    late: list[Overdue] = []
    for result in cast("tuple[Result, ...]", members):
        for rule in policy.rules:
            anchor = _applies(rule, result)
            if anchor is None or anchor > on:
                continue
            if cal.working_days_between(anchor, on) < rule.working_days:
                continue  # not yet due on `on`
            recorded: dt.date | None = getattr(result, rule.done_by)
            deadline = _deadline(
                rule, cal, anchor, task_id=result.task_id, plan_id=None, done_on=recorded
            )
            done_on = recorded if recorded is not None and recorded <= on else None
            end = on if done_on is None else done_on
            if end <= deadline.due:
                continue
            late.append(
                Overdue(
                    deadline=deadline,
                    on=on,
                    done_on=done_on,
                    working_days_late=cal.working_days_between(deadline.due, end),
                    days_late=(end - deadline.due).days,
                )
            )
    return tuple(sorted(late, key=lambda o: (*_order(o.deadline), o.deadline.counted_from)))


@_keyword_only("policy", "calendar")
def plan_deadlines(
    plan_or_year: Plan | int,
    *,
    policy: DeadlinePolicy,
    calendar: WorkCalendar | None = None,
) -> tuple[Deadline, ...]:
    """A plan year's calendar deadlines (R6.1, R6.2, R6.10).

    "By the end of January" is 31 January, whatever day that is, unless a
    rule's ``roll`` says otherwise.

    Args:
        plan_or_year: The plan, or its year.
        policy: The deadlines to apply (its ``plan_rules``).
        calendar: The calendar, needed only for a rule that rolls to a working day.

    Returns:
        The deadlines, sorted by due day, rule and name.

    Raises:
        ValidationError: not a Plan or a year (1950..9998), or a bad policy or calendar.
        UnpublishedYearError: a rule rolls a day in a year with no known schedule.
    """
    policy = _check_policy(policy, "plan_deadlines")
    if isinstance(plan_or_year, Plan):
        plan_id = plan_or_year.id
        year = check_year(plan_or_year.year, obj=describe(plan_or_year), rule="R6.1")
    elif isinstance(plan_or_year, int) and not isinstance(plan_or_year, bool):
        plan_id = None
        year = check_year(plan_or_year, obj="plan_deadlines", field="plan_or_year", rule="R6.1")
    else:
        raise ValidationError(
            "must be a Plan or a year",
            obj="plan_deadlines",
            field="plan_or_year",
            value=plan_or_year,
            rule="R6.1",
            fix="pass the Plan, or its year as an int",
        )
    cal = None if calendar is None else _resolve_calendar(calendar, "plan_deadlines")
    out = []
    for rule in policy.plan_rules:
        due_year = year + rule.year_offset  # at most 9999 (R6.10): still a date
        due = _last_day(due_year, rule.month)
        if rule.roll != "none":
            due = (cal or _resolve_calendar(None))._roll(due, rule.roll)
        out.append(
            Deadline(
                rule=rule.rule,
                name=rule.name,
                source=rule.source,
                task_id=None,
                plan_id=plan_id,
                counted_from=dt.date(due_year, rule.from_month or 1, 1),
                working_days=None,
                due=due,
                done_by=None,
            )
        )
    return tuple(sorted(out, key=_order))
