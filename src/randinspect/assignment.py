"""The second random: staff every drawn subject with a team of inspectors (R1.3, R3.2, R4).

:func:`assign_inspectors` turns a :class:`~randinspect.sampling.SubjectDraw`
and the inspector roster into one :class:`~randinspect.model.Task` per drawn
subject, each with a team and a leader. It is pure and deterministic: its only
randomness is randinspect-draw/1's ``T`` keys (and, through the order of the
tasks, the draw's ``S`` keys), so anyone with the inputs can re-run it.

The staffing procedure, randinspect-staff/1, is specified in
``docs/assignment.md``. In brief: tasks are staffed in the draw's key order;
each place goes to a least-loaded inspector who may fill it, chosen by ``T``
key among the first :data:`TEAM_WINDOW` in that load's line (a fresh random
order at every load); an inspector who must recuse (R4.3) or is unavailable
(R4.4) is skipped, logged, and the next takes the place. Should no one be
free to take a place because of the maximum load, an augmenting path moves
inspectors between tasks (max-flow), so the function fails only when no
valid assignment exists, and then raises
:class:`~randinspect.errors.InfeasibleAssignmentError` with a Hall-type
certificate (:class:`Infeasibility`). Loads of inspectors with the same
eligibility end within one task of each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from randinspect._checks import check_type, type_error
from randinspect._staffing.appointment import Refused, appoint, check_assignment
from randinspect._staffing.inputs import (
    check_conflicts,
    check_draw,
    check_recusal,
    check_roster,
    check_unavailable,
)
from randinspect._staffing.replacement import replace
from randinspect._staffing.run import staff
from randinspect.draw import Seed, check_seed
from randinspect.errors import UnknownIdError, ValidationError, _relocated
from randinspect.model import Inspector
from randinspect.sampling import SubjectDraw
from randinspect.staffing import (
    STAFFING_VERSION,
    TEAM_WINDOW,
    Assignment,
    Ineligibility,
    Infeasibility,
    LogEntry,
    Place,
    SameAttribute,
    StaffingAction,
    StaffingReason,
)

__all__ = [
    "STAFFING_VERSION",
    "TEAM_WINDOW",
    "Assignment",
    "Ineligibility",
    "Infeasibility",
    "LogEntry",
    "Place",
    "SameAttribute",
    "StaffingAction",
    "StaffingReason",
    "appoint_leader",
    "appoint_leaders",
    "assign_inspectors",
    "replace_inspector",
]
"""The staffing vocabulary is re-exported here, where it lived before
``randinspect.staffing``; both import paths keep working."""


def assign_inspectors(
    draw: SubjectDraw,
    roster: Iterable[Inspector],
    *,
    seed: Seed,
    conflicts: Iterable[tuple[str, str] | SameAttribute] = (),
    unavailable: Iterable[str | tuple[str, str]] = (),
    recusal: Literal["replace", "swap"] = "replace",
) -> Assignment:
    """Staff every drawn subject with a team of inspectors (randinspect-staff/1, R4).

    Each drawn subject gets one task whose team meets the plan's team rule:
    ``team.size`` members at least (R4.2), at least one from every department
    of a joint plan (R4.6), and a leader among its can-lead members of the
    initiating department (R4.5): the first in draw order, or, when the team
    rule has ``leader="appointed"`` (002 §4(4)), none yet, to be named by
    :func:`appoint_leader` (``assignment.awaiting_appointment`` lists the
    tasks). Only inspectors of the plan's departments,
    certified through the task's period (R1.3) and holding the qualifications
    that the check items of their department require (R3.2) are drawn; those
    with a conflict of interest recuse (R4.3) and the unavailable are skipped
    (R4.4), each logged with the inspector who took the place.

    Loads are spread evenly: among inspectors who may serve exactly the same
    tasks and places, loads differ by at most one. No inspector carries more
    than ``team.max_load`` tasks. The procedure is in ``docs/assignment.md``.

    Args:
        draw: The subject draw (:func:`~randinspect.sampling.draw_subjects`).
        roster: The inspector roster (R1.3), in any order.
        seed: The team draw's seed: the draw's own, or a fresh one published
            after the subject draw.
        conflicts: ``(inspector_id, subject_id)`` pairs with a conflict of
            interest, and rules such as ``SameAttribute("region")``; each
            inspector's declared ``conflicts`` count too (R4.3).
        unavailable: Inspector ids unavailable for the whole assignment, and
            ``(inspector_id, subject_id)`` pairs unavailable for one task (R4.4).
        recusal: ``"replace"``: a recusing inspector's place goes to the next
            candidate; ``"swap"``: it swaps subjects with an inspector already
            staffed on an earlier task where possible (003 art. 15).

    Returns:
        The assignment: tasks, log, loads and record.

    Raises:
        InfeasibleAssignmentError: no valid assignment exists; ``error.certificate``
            is an :class:`Infeasibility` saying which places cannot all be filled
            and why every other inspector cannot help.
        ValidationError: the draw, roster, conflicts, unavailable or recusal is malformed,
            or the roster is empty.
        DuplicateIdError: two inspectors share an id.
        UnknownIdError: a conflict or unavailability names an unknown inspector or subject.
        InvalidSeedError: ``seed`` is not a :class:`~randinspect.draw.Seed`.
    """
    draw = check_draw(draw)
    seed = check_seed(seed)
    members = check_roster(roster)
    by_id = {inspector.id: inspector for inspector in members}
    checked_conflicts = check_conflicts(conflicts, roster=by_id, registry=draw.registry)
    checked_unavailable = check_unavailable(unavailable, roster=by_id, registry=draw.registry)
    mode = check_recusal(recusal)
    return staff(
        draw,
        members,
        seed=seed,
        conflicts=checked_conflicts,
        unavailable=checked_unavailable,
        recusal=mode,
    )


def replace_inspector(
    assignment: Assignment, task_id: str, inspector_id: str, *, reason: str
) -> Assignment:
    """Replace a team member who drops out after the assignment (递补, R4.4).

    The place goes to the first inspector in the task's draw order (every
    inspector who may inspect the subject, by ``T`` key) who is not on the
    team, has not dropped out of this task before, is not recused or
    unavailable, is below the maximum load, and keeps the team valid (a
    leader, every department). Those passed over on the way are logged. No
    other task changes: published teams stay as they are. If the dropped
    inspector led the team, the new leader is the first can-lead member of
    the initiating department in draw order; under an appointed leader rule
    (002 §4(4)) the task has no leader until :func:`appoint_leader` names a
    new one, and an appointed leader who stays keeps the lead.

    Args:
        assignment: The assignment to change.
        task_id: The task.
        inspector_id: The member who drops out.
        reason: Why, in words (e.g. "ill"); it goes into the log.

    Returns:
        A new assignment with the task, loads and log updated.

    Raises:
        UnknownIdError: no such task, or the inspector is not on its team.
        ValidationError: ``reason`` is empty or ``assignment`` is not an Assignment.
        InfeasibleAssignmentError: nobody can take the place without changing
            another task; the certificate says why each inspector cannot.
    """
    return replace(assignment, task_id, inspector_id, reason)


def appoint_leader(assignment: Assignment, task_id: str, inspector_id: str) -> Assignment:
    """Record the initiating unit's appointment of a task's team leader (R4.5, 002 §4(4)).

    Document 002 §4(4): "“双随机”抽查发起科室或单位指派一名科室负责人为执法检查组组长":
    the initiating section or unit appoints a section head as the team's
    leader. The plan's team rule says so with ``TeamRule(leader="appointed")``;
    its teams are drawn as any (R4.1), each with a place for a can-lead
    member of the initiating department, and have no leader until one is
    appointed (``assignment.awaiting_appointment``).

    The appointee must be on the task's team: the leader is chosen from the
    inspectors the draw sent, never placed on the team by hand, which would
    undo the second random (R4.1). It must be of the initiating department,
    able to lead (``can_lead``, R4.5), and not recused from or unavailable
    for the subject (R4.3, R4.4). A task may be appointed a new leader
    later; the log says whom it succeeds. Teams, loads and the other tasks
    do not change. The appointment is logged (``StaffingAction.APPOINTED``)
    and kept in the record's ``appointments``, so that
    :func:`~randinspect.verify.verify_assignment` checks it.

    For many tasks at once, :func:`appoint_leaders` does the same in one pass.

    Args:
        assignment: The assignment, from :func:`assign_inspectors` (or after
            replacements and earlier appointments).
        task_id: The task, ``plan id/subject id``.
        inspector_id: The member appointed its leader.

    Returns:
        A new assignment with the task's leader, the log and the record updated.

    Raises:
        RuleViolationError: the plan's team rule does not appoint its leader;
            the inspector is not on the team, not of the initiating
            department, may not lead, or must recuse from the subject (the
            fix lists the members who may be appointed).
        UnknownIdError: no such task, or no such inspector in the roster.
        ValidationError: ``assignment`` is not an Assignment, or the
            inspector already leads the task.
    """
    checked = check_assignment(assignment, obj="appoint_leader")
    try:
        return appoint(checked, [(task_id, inspector_id)], obj="appoint_leader")
    except Refused as refused:
        raise refused.error from None


def appoint_leaders(assignment: Assignment, appointments: Mapping[str, str]) -> Assignment:
    """Record several appointed leaders at once: :func:`appoint_leader` per task, in one pass.

    ``appointments`` maps task ids to their appointees. They are made in
    the tasks' order (the draw's key order), whatever the mapping's order,
    each checked as :func:`appoint_leader` checks it; if any is refused,
    none is made. One call costs one copy of the assignment, where one
    :func:`appoint_leader` per task copies it once per task: for thousands of
    tasks, appoint them here. An empty mapping returns ``assignment``.

    Args:
        assignment: The assignment.
        appointments: Task id to the inspector id appointed its leader.

    Returns:
        A new assignment with the leaders, the log and the record updated.

    Raises:
        RuleViolationError: as for :func:`appoint_leader`, naming the first
            task (in the tasks' order) whose appointment is refused.
        UnknownIdError: as for :func:`appoint_leader`.
        ValidationError: ``appointments`` is not a mapping, or as for
            :func:`appoint_leader`.
    """
    checked = check_assignment(assignment, obj="appoint_leaders")
    check_type(
        appointments,
        Mapping,
        obj="appoint_leaders",
        field="appointments",
        rule="R4.5",
        fix='pass a mapping from task id to inspector id, e.g. {"2024-002/s1": "cg0"}',
    )
    ordered: dict[int, tuple[str, object]] = {}
    for task_id, inspector_id in appointments.items():
        if not isinstance(task_id, str):
            raise type_error(
                task_id,
                str,
                obj="appoint_leaders",
                field="appointments",
                rule="R4.5",
                fix="key the mapping by task ids, plan id + '/' + subject id",
            )
        plain = str.__str__(task_id)  # a str subclass is read as its text
        try:  # an unknown task is named before any appointment is made
            position = checked.position(plain)
        except UnknownIdError as error:
            raise _relocated(error, obj="appoint_leaders", field="appointments") from None
        if position in ordered:
            raise ValidationError(
                "names the same task twice",
                obj="appoint_leaders",
                field="appointments",
                value=plain,
                rule="R4.5",
                fix="appoint each task's leader once per call",
            )
        ordered[position] = (plain, inspector_id)
    entries = [ordered[position] for position in sorted(ordered)]
    try:
        return appoint(checked, entries, obj="appoint_leaders", batch=True)
    except Refused as refused:
        raise refused.error from None
