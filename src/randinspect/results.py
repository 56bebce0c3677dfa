"""Results checked against their tasks: every result belongs to one task and covers it (R4.6, R7).

:func:`check_results` is what every consumer of results runs first (the
campaign report, the disclosure): a result for an unknown task, for another
subject than the task's, two results for one task, an outcome for an item the
task does not have, or a result that leaves one of its task's items without an
outcome is an error naming the result. A joint inspection publishes once
(004 §2(10), R4.6): its one result covers every department's items.
"""

from __future__ import annotations

from collections.abc import Iterable

from randinspect._checks import check_collection, unique_ids
from randinspect.errors import RuleViolationError, UnknownIdError, ValidationError
from randinspect.model import Result, Task

__all__ = ["check_results"]


def check_results(results: Iterable[Result], tasks: Iterable[Task]) -> tuple[Result, ...]:
    """``results``, each checked against its task, in the order of ``tasks``.

    Tasks without a result are simply left out: a report counts them missing.

    Raises:
        ValidationError: ``results`` or ``tasks`` is not a collection of
            Result or Task values; a result's outcomes leave out items of its
            task (a joint inspection's one result covers every department's
            items, R4.6).
        DuplicateIdError: two tasks share an id, or two results one task.
        UnknownIdError: a result names a task not among ``tasks``.
        RuleViolationError: a result names another subject than its task's, or
            has an outcome for an item its task does not have.
    """
    members: tuple[Result, ...] = check_collection(
        results, obj="check_results", field="results", what="Result values",
        fix="pass the results recorded for the tasks",
    )  # fmt: skip
    plan_tasks: tuple[Task, ...] = check_collection(
        tasks, obj="check_results", field="tasks", what="Task values",
        fix="pass the tasks of the assignment (assignment.tasks)",
    )  # fmt: skip
    for field, values, cls in (("results", members, Result), ("tasks", plan_tasks, Task)):
        for index, value in enumerate(values):
            if not isinstance(value, cls):
                raise ValidationError(
                    f"must hold {cls.__name__} values",
                    obj="check_results",
                    field=f"{field}[{index}]",
                    value=value,
                    fix=f"build each with {cls.__name__}(...) or {cls.__name__}.from_mapping(row)",
                )
    unique_ids([t.id for t in plan_tasks], obj="check_results", field="tasks")
    unique_ids(
        [r.task_id for r in members],
        obj="check_results",
        field="results",
        rule="R4.6",
        fix="keep one result per task: a joint inspection publishes once, with every item",
    )
    by_task = {t.id: t for t in plan_tasks}
    for result in members:
        task = by_task.get(result.task_id)
        if task is None:
            raise UnknownIdError(
                "names a task that is not among the tasks given",
                obj=f"Result of task {result.task_id!r}",
                field="task_id",
                value=result.task_id,
                fix="record results only for the assignment's tasks, or pass the task too",
            )
        _check_against(result, task)
    order = {task_id: index for index, task_id in enumerate(by_task)}
    return tuple(sorted(members, key=lambda r: order[r.task_id]))


def _check_against(result: Result, task: Task) -> None:
    obj = f"Result of task {task.id!r}"
    if result.subject_id != task.subject_id:
        raise RuleViolationError(
            f"names subject {result.subject_id!r}, but the task inspects {task.subject_id!r}",
            obj=obj,
            field="subject_id",
            value=result.subject_id,
            rule="R4.1",
            fix=f"record the result of task {task.id!r} for subject {task.subject_id!r}",
        )
    foreign = sorted(set(result.outcomes) - set(task.items))
    if foreign:
        raise RuleViolationError(
            "has outcomes for check items its task does not have",
            obj=obj,
            field="outcomes",
            value=foreign,
            rule="R4.7",
            fix=f"give outcomes only for the task's items {list(task.items)}",
        )
    missing = [item for item in task.items if item not in result.outcomes]
    if missing:
        raise ValidationError(
            "leaves check items of its task without an outcome; a joint inspection's"
            " one result covers every department's items",
            obj=obj,
            field="outcomes",
            value=missing,
            rule="R4.6",
            fix="record an outcome for every item of the task before the result counts",
        )
