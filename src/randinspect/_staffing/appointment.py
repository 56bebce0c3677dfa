"""Appointed leaders: the initiating unit names each team's leader (R4.5, 002 §4(4)).

The pieces of :func:`~randinspect.assignment.appoint_leader` and
``appoint_leaders``: who may be appointed to a task (:func:`refusal`), and the
new assignment with a run of appointments made, logged and recorded
(:func:`appoint`). Teams, loads and every other task stay as they are: an
appointment chooses among the members the draw put on the team (R4.1), it
never places anyone on it.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from randinspect._checks import type_error
from randinspect._staffing.eligibility import Context
from randinspect._values import is_valid_id
from randinspect.errors import (
    RandInspectError,
    RuleViolationError,
    UnknownIdError,
    ValidationError,
)
from randinspect.model import Subject
from randinspect.staffing import Assignment, LogEntry, StaffingAction

SOURCE = "002 §4(4)"
"""The clause that has the initiating section or unit appoint the team leader."""


class Refused(Exception):  # noqa: N818  # private: carries the library's error and where
    """The ``index``-th appointment of a run is refused with ``error`` (private)."""

    def __init__(self, index: int, error: RandInspectError) -> None:
        super().__init__(index, error)
        self.index = index
        self.error = error


def check_assignment(assignment: object, *, obj: str) -> Assignment:
    """``assignment`` is an :class:`Assignment` whose team rule appoints its leaders."""
    if not isinstance(assignment, Assignment):
        raise type_error(
            assignment,
            Assignment,
            obj=obj,
            field="assignment",
            rule="R4.5",
            fix="pass the result of assign_inspectors(...)",
        )
    rule = assignment.plan.team
    if not rule.appointed:
        how = "draws its leader" if rule.leader else "has no leader"
        raise RuleViolationError(
            f"the plan's team rule {how} (team.leader is {rule.leader!r}): there is no"
            " leader to appoint",
            obj=f"Plan {assignment.plan.id!r}",
            field="team.leader",
            value=rule.leader,
            rule="R4.5",
            fix="make the plan with TeamRule(leader='appointed') for a leader the initiating"
            f" unit appoints ({SOURCE}), and staff it again",
        )
    return assignment


def appointable(context: Context, assignment: Assignment, position: int) -> list[str]:
    """The members of task ``position``'s team who may be appointed its leader, in draw order."""
    subject = assignment.draw.drawn[position].subject
    return [
        member
        for member in assignment.teams[position]
        if why_not(context, context.index[member], subject) is None
    ]


def why_not(context: Context, i: int, subject: Subject) -> str | None:
    """Why team member ``i`` may not lead the task of ``subject`` (R4.3, R4.5); or ``None``."""
    inspector = context.roster[i]
    department = context.plan.department
    if inspector.department != department:
        return (
            f"is of department {inspector.department!r}, not of the initiating department"
            f" {department!r}"
        )
    if not inspector.can_lead:
        return "can_lead is False (not a section head)"
    why = context.blocked(i, subject)
    if why is not None:
        return f"must recuse from the task: {why.detail}"
    return None


def refusal(
    context: Context,
    assignment: Assignment,
    position: int,
    inspector_id: object,
    leader: str | None,
    *,
    obj: str,
    batch: bool = False,
) -> RandInspectError | None:
    """Why ``inspector_id`` may not be appointed to task ``position``, as the error; or ``None``.

    ``leader`` is the task's leader at this point of the run. The error names
    the field ``inspector_id``, or, for ``batch``, the mapping's entry
    ``appointments['<task id>']``.
    """
    task_id = assignment.task_ids[position]
    where = f"{obj}: task {task_id!r}"
    field = f"appointments[{task_id!r}]" if batch else "inspector_id"
    team = assignment.teams[position]
    known = is_valid_id(inspector_id) and inspector_id in context.index
    why = None
    if known:
        assert isinstance(inspector_id, str)  # a valid id is text
        subject = assignment.draw.drawn[position].subject
        why = why_not(context, context.index[inspector_id], subject)
        if inspector_id in team and why is None and leader != inspector_id:
            return None
    fit = appointable(context, assignment, position)
    choose = (
        f"appoint one of the team's can-lead members of {assignment.plan.department!r}: {fit}"
        if fit
        else "no member of this team may lead; replace a member (replace_inspector) first"
    )
    if not known:
        return UnknownIdError(
            "names no inspector of the assignment's roster",
            obj=where,
            field=field,
            value=inspector_id,
            rule="R4.5",
            fix=choose,
        )
    if inspector_id not in team:
        return RuleViolationError(
            f"is not on the task's team {list(team)}: the leader is appointed from the drawn"
            f" team (R4.1, {SOURCE}), never placed on it",
            obj=where,
            field=field,
            value=inspector_id,
            rule="R4.5",
            fix=choose,
        )
    if why is not None:
        return RuleViolationError(
            f"may not lead the team: {why}",
            obj=where,
            field=field,
            value=inspector_id,
            rule="R4.3" if why.startswith("must recuse") else "R4.5",
            fix=choose,
        )
    if leader == inspector_id:
        return ValidationError(
            "already leads the task's team: the appointment changes nothing",
            obj=where,
            field=field,
            value=inspector_id,
            rule="R4.5",
            fix="leave it as it is, or appoint another of the team's can-lead members to"
            " change the leader",
        )
    return None


def appoint(
    assignment: Assignment,
    entries: Sequence[tuple[object, object]],
    *,
    obj: str,
    batch: bool = False,
) -> Assignment:
    """The assignment with ``entries`` (task id, inspector id) appointed in their order.

    Each is checked against the state the ones before it left; the first
    refused raises :class:`Refused` with its index, and nothing is applied.
    One pass over the run: the teams, leaders and log are copied once.

    Raises:
        Refused: an entry is refused; ``.error`` is the library's error.
    """
    plan = assignment.plan
    context = Context(plan, assignment.roster, assignment.conflicts, assignment.unavailable)
    leaders = list(assignment.leaders)
    lines: list[LogEntry] = []
    made: list[tuple[str, str, int]] = []
    after = len(assignment.replacements)
    for n, (given_task, given_inspector) in enumerate(entries):
        # a str subclass is read as its text
        task_id = str.__str__(given_task) if isinstance(given_task, str) else given_task
        inspector_id = (
            str.__str__(given_inspector) if isinstance(given_inspector, str) else given_inspector
        )
        try:
            if not isinstance(task_id, str):
                raise type_error(
                    task_id,
                    str,
                    obj=obj,
                    field="task_id",
                    rule="R4.5",
                    fix="pass the task's id, plan id + '/' + subject id",
                )
            position = assignment.position(task_id)
            was = leaders[position]
            error = refusal(context, assignment, position, inspector_id, was, obj=obj, batch=batch)
        except RandInspectError as raised:
            raise Refused(n, raised) from None
        if error is not None:
            raise Refused(n, error)
        assert isinstance(inspector_id, str)  # refusal() found it in the roster
        leaders[position] = inspector_id
        succeeds = f"; succeeds {was!r}" if was is not None else ""
        lines.append(
            LogEntry(
                action=StaffingAction.APPOINTED,
                task_id=task_id,
                inspector_id=inspector_id,
                detail=f"appointed team leader by the initiating section or unit, a can-lead"
                f" member of {plan.department!r} on the team (R4.5, {SOURCE}){succeeds}",
                other_id=was,
                rule="R4.5",
            )
        )
        made.append((task_id, inspector_id, after))
    if not made:
        return assignment
    return attrs.evolve(
        assignment,
        leaders=tuple(leaders),
        log=(*assignment.log, *lines),
        appointments=(*assignment.appointments, *made),
    )
