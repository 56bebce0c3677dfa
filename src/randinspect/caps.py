"""Yearly caps: which subjects a plan may not draw this year, and why (R5).

A subject is randomly inspected at most ``max_per_year`` times a calendar
year (R5.1; 1 in document 004's stricter variant, R5.4). A subject inspected
this year by one unit of a department is left out of the other units' plans
(R5.2). Neither applies to subjects with an exempt flag (R5.3), and
complaint-driven inspections never count (R5.5).
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NoReturn

import attrs

from randinspect._checks import check_collection, check_type
from randinspect._tablerows import check_labels, exclusion_row
from randinspect._values import ParseEnum, describe
from randinspect.errors import DuplicateIdError, InvalidDateError
from randinspect.model import Plan, Subject, Task, TaskKind
from randinspect.registry import Registry

__all__ = ["Exclusion", "ExclusionReason", "cap_exclusions", "check_history"]

_subject_of = operator.attrgetter("subject_id")


class ExclusionReason(ParseEnum):
    """Why an in-scope subject may not be drawn.

    ``ExclusionReason("cap_reached")`` and :meth:`parse` read a value or a
    name; anything else is the library's :class:`~randinspect.ValidationError`.
    """

    CAP_REACHED = "cap_reached"
    """Already randomly inspected ``max_per_year`` times this year (R5.1, R5.4)."""
    OTHER_UNIT = "other_unit"
    """Already inspected this year by another unit of the same department (R5.2)."""

    @classmethod
    def _rule(cls) -> str:
        return "R5"


@attrs.frozen(kw_only=True)
class Exclusion:
    """One subject a plan may not draw, with the reason and the tasks behind it.

    Attributes:
        subject_id: The subject left out.
        reason: Why.
        tasks: Ids of the history tasks that caused it, sorted.
        detail: The reason in words, with its rule.
    """

    subject_id: str
    reason: ExclusionReason
    tasks: tuple[str, ...]
    detail: str

    def to_data(self) -> dict[str, object]:
        """Plain data: subject id, reason value, task ids and detail."""
        return {
            "subject_id": self.subject_id,
            "reason": self.reason.value,
            "tasks": list(self.tasks),
            "detail": self.detail,
        }

    def to_rows(self, *, labels: str | None = None) -> list[dict[str, Any]]:
        """This exclusion as a table of one row: subject id, reason, tasks (``;``), detail.

        ``labels="zh"`` writes the reason's Chinese label (已达年度抽查次数上限).
        ``randinspect.loading.to_rows(values)`` makes one table of many.

        Raises:
            ValidationError: ``labels`` is not ``"en"``, ``"zh"`` or ``None``.
        """
        return [exclusion_row(self, check_labels(labels, obj=describe(self)))]


def check_history(history: Iterable[Task]) -> tuple[Task, ...]:
    """Validate a history of tasks: Task values, unique ids, random ones dated (R5.1).

    ``history`` is a collection (a list, tuple, set or generator) of
    :class:`Task`; ``None``, a str or a mapping is refused, not read.

    Raises:
        ValidationError: ``history`` is not a collection, or an entry is not a Task.
        DuplicateIdError: two tasks share an id (a task would count twice).
        InvalidDateError: a random task has no year to count in.
    """
    tasks: tuple[Task, ...] = check_collection(
        history,
        obj="history",
        field="history",
        what="Task values",
        rule="R5.1",
        fix="pass the earlier tasks as a list, e.g. [Task.from_mapping(row) for row in rows],"
        " or () for none",
    )
    random, task_type = TaskKind.RANDOM, Task
    if (  # the common case, checked in three quick passes; else find the first fault
        all(type(task) is task_type for task in tasks)
        and len({task.id for task in tasks}) == len(tasks)
        and not any(task.year is None and task.kind is random for task in tasks)
    ):
        return tasks
    seen: set[str] = set()
    for index, task in enumerate(tasks):
        if type(task) is not task_type and not isinstance(task, task_type):
            check_type(
                task,
                Task,
                obj="history",
                field=f"history[{index}]",
                rule="R5.1",
                fix="build it with Task.from_mapping(row)"
                if isinstance(task, Mapping)
                else "pass earlier Task values, e.g. Task.from_mapping(row)",
            )
        if task.id in seen:
            raise DuplicateIdError(
                "two history tasks share an id, so one inspection would count twice",
                obj="history",
                field=f"history[{index}]",
                value=task.id,
                rule="R5.1",
                fix="list each task once",
            )
        seen.add(task.id)
        if task.year is None and task.kind is random:
            _undated(task, index)
    return tasks


def _undated(task: Task, index: int) -> NoReturn:
    """Refuse a random history task with no year, saying what it does have (R5.1)."""
    where = f"{describe(task)} (history[{index}])"
    if task.on is not None:
        problem = f"carried out on {task.on.isoformat()} but its year is None"
        fix = f"omit year (it defaults to that of on) or set year={task.on.year}"
    elif task.period is not None:
        problem = f"falls in period {task.period.name!r} but its year is None"
        fix = f"omit year (it defaults to that of the period) or set year={task.period.start.year}"
    else:
        problem = "a random task needs a date, a year or a period to count in the yearly cap"
        fix = "set on=<inspection date> or year=<year it counts for>"
    raise InvalidDateError(problem, obj=where, field="year", value=None, rule="R5.1", fix=fix)


def cap_exclusions(
    plan: Plan, registry: Registry | Iterable[Subject], *, history: Iterable[Task] = ()
) -> dict[str, Exclusion]:
    """The subjects of ``registry`` that ``plan`` may not draw this year, by id.

    Only random tasks of the plan's year count (R5.5). A subject with one of
    the policy's exempt flags is never excluded (R5.3). A subject at the cap
    is excluded for the cap; otherwise one inspected by another unit of the
    plan's department is excluded for that (when the policy's department rule
    is on; a task or plan without a unit is another unit when the policy's
    ``unknown_unit_is_other`` says so, R5.2). A joint task counts once for
    the cap however many departments took part (R4.6, R5.1), and for the
    department rule as a task of each of them: of its ``unit`` for its
    initiating department, of no known unit (``""``) for each partner
    (R5.2). The result is in id order.

    Raises:
        ValidationError: ``plan`` is not a Plan, or the registry or history is malformed.
        DuplicateIdError: two subjects, or two history tasks, share an id.
        InvalidDateError: a random history task has no year to count in.
    """
    check_type(
        plan,
        Plan,
        obj="cap_exclusions",
        field="plan",
        rule="R5",
        fix="build it with Plan(...) or Plan.from_mapping(data)",
    )
    if not isinstance(registry, Registry):
        registry = Registry(registry)
    found = find_capped(plan, check_history(history))
    subjects = registry.by_id
    return {
        i: exclusion(plan, i, found[i])
        for i in sorted(found)
        if i in subjects and not is_exempt(plan, subjects[i])
    }


def is_exempt(plan: Plan, subject: Subject) -> bool:
    """Whether ``subject`` carries a flag that lifts ``plan``'s cap and department rule (R5.3)."""
    return not plan.caps.exempt_flags.isdisjoint(subject.flags)


def find_capped(plan: Plan, tasks: Sequence[Task]) -> dict[str, list[Task]]:
    """The subjects ``tasks`` bar from ``plan`` unless exempt, each with the tasks behind it.

    ``tasks`` is a history checked by :func:`check_history`. A subject at the
    cap is listed with all its random tasks of the year, at least
    ``max_per_year`` of them; one barred by the department rule with its
    other-unit tasks, fewer. A joint task is one task (one visit) for the
    cap, and the plan's department's, unit unknown (``""``), when that
    department is one of its partners (R4.6, R5.2). In no particular order, and before
    :func:`is_exempt` or the registry has a say: the caller, which looks each
    subject up anyway, applies both. This is :func:`cap_exclusions` without
    the records, which a draw writes only when asked.
    """
    return capped_among(plan, counted_tasks(plan, tasks))


def counted_tasks(plan: Plan, tasks: Sequence[Task]) -> list[Task]:
    """The tasks of a checked history that ``plan``'s cap counts: random ones of its year.

    Complaint-driven tasks and tasks of other years never count (R5.1, R5.5).
    """
    year, random = plan.year, TaskKind.RANDOM
    return [t for t in tasks if t.year == year and t.kind is random]


def capped_among(plan: Plan, this_year: Sequence[Task]) -> dict[str, list[Task]]:
    """:func:`find_capped` over tasks already :func:`counted_tasks` (each counted once)."""
    policy = plan.caps
    counts = Counter(map(_subject_of, this_year))
    at_cap = {i for i, n in counts.items() if n >= policy.max_per_year}
    found: dict[str, list[Task]] = {}
    if at_cap:
        for task in this_year:
            if task.subject_id in at_cap:
                found.setdefault(task.subject_id, []).append(task)
    if policy.department_rule:
        department, unit = plan.department, plan.unit
        # Two different units; a missing one ("") differs only if the policy says so.
        strict = policy.unknown_unit_is_other
        for task in this_year:
            if task.department == department:
                done_by = task.unit
            elif department in task.partners:
                done_by = ""  # a partner of a joint visit: which of its units is not known
            else:
                continue
            other = done_by != unit and (strict or (done_by and unit))
            if other and task.subject_id not in at_cap:
                found.setdefault(task.subject_id, []).append(task)
    return found


def exclusion(plan: Plan, subject_id: str, tasks: Sequence[Task]) -> Exclusion:
    """The :class:`Exclusion` record of a subject :func:`find_capped` found, with its tasks."""
    policy = plan.caps
    if len(tasks) >= policy.max_per_year:
        rule = "R5.4" if policy.max_per_year == 1 else "R5.1"
        reason = ExclusionReason.CAP_REACHED
        detail = (
            f"randomly inspected {len(tasks)} times in {plan.year}; the cap is"
            f" {policy.max_per_year} a year ({rule})"
        )
    else:
        reason = ExclusionReason.OTHER_UNIT
        department = plan.department
        # A partner of a joint visit did it with no known unit ("", R4.6).
        units = sorted({t.unit if t.department == department else "" for t in tasks})
        joint = sorted({t.department for t in tasks if t.department != department})
        detail = (
            f"already inspected in {plan.year} by unit(s) {units} of {department!r}"
            + (f", in joint visits initiated by {joint}" if joint else "")
            + "; other units leave it out or inspect it jointly (R5.2)"
        )
    return Exclusion(
        subject_id=subject_id,
        reason=reason,
        tasks=tuple(sorted(t.id for t in tasks)),
        detail=detail,
    )
