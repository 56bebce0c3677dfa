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

from collections.abc import Iterable
from typing import Literal

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
    initiating department (R4.5). Only inspectors of the plan's departments,
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
    the initiating department in draw order.

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
