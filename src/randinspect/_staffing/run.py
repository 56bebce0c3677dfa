"""One run of the staffing from checked arguments: the engine's entry (randinspect-staff/2).

:func:`staff` is :func:`~randinspect.assignment.assign_inspectors` once its
arguments are checked; the verification (``randinspect._verify_staffing``)
calls it too, with arguments it checked against a record instead of a
registry.
"""

from __future__ import annotations

from collections.abc import Sequence

from randinspect._staffing.certificate import refuse_oversized_team
from randinspect._staffing.eligibility import Context, left_out
from randinspect._staffing.fairness import staff_fairly
from randinspect._staffing.state import Staffer
from randinspect._values import FrozenMap
from randinspect.draw import Seed, fingerprint
from randinspect.model import Inspector
from randinspect.sampling import SubjectDraw
from randinspect.staffing import (
    Absence,
    Assignment,
    Conflict,
    LogEntry,
    StaffingReason,
)


def staff(
    draw: SubjectDraw,
    members: tuple[Inspector, ...],
    *,
    seed: Seed,
    conflicts: tuple[Conflict, ...],
    unavailable: tuple[Absence, ...],
    recusal: str,
    registry_fingerprint: str | None = None,
) -> Assignment:
    """Staff ``draw`` from arguments already checked and in canonical order.

    ``registry_fingerprint`` is that of the registry ``draw`` stands for,
    when the caller knows it already (a verifier staffing a draw rebuilt
    from its record, over the drawn subjects only); by default the draw's own.

    Raises:
        InfeasibleAssignmentError: no valid assignment exists.
    """
    checked_conflicts, checked_unavailable, mode = conflicts, unavailable, recusal
    plan = draw.plan
    context = Context(plan, members, checked_conflicts, checked_unavailable)
    refuse_oversized_team(context, draw.drawn)
    staffer = staff_fairly(context, draw.drawn, seed=seed, recusal=mode)
    left = left_out(context, staffer.period)
    teams, leaders = staffer.teams()
    return Assignment(
        plan=plan,
        seed=seed,
        teams=teams,
        leaders=leaders,
        log=(*left, *staffer.log),
        loads=FrozenMap(
            (inspector.id, staffer.load[n]) for n, inspector in enumerate(context.roster)
        ),
        roster_fingerprint=fingerprint(members),
        registry_fingerprint=registry_fingerprint or draw.fingerprint,
        team_size=context.layout.size,
        recusal=mode,
        notes=notes(context, staffer, left),
        max_load=staffer.limit if staffer.subjects else None,
        task_ids=tuple(staffer.task_ids),
        draw=draw,
        roster=members,
        conflicts=checked_conflicts,
        unavailable=checked_unavailable,
    )


_LEFT_OUT = {
    StaffingReason.UNCERTIFIED: "left out: no enforcement certificate",
    StaffingReason.UNQUALIFIED: "left out: lacking a qualification the check items require",
    StaffingReason.UNAVAILABLE: "left out: unavailable for the whole assignment",
    StaffingReason.EXPIRED: "kept out of a period their certificate does not cover",
}
_MOST_NAMED = 5


def notes(context: Context, staffer: Staffer, left: Sequence[LogEntry]) -> tuple[str, ...]:
    """What a reader should know: sizes raised, who was left out and why, the load bound."""
    notes = []
    plan = context.plan
    if not staffer.subjects:
        notes.append("the draw is empty: no task to staff")
    if context.layout.size > plan.team.size:
        notes.append(
            f"team size raised from {plan.team.size} to {context.layout.size} so that every"
            f" department of the joint plan has a member (R4.6)"
        )
    others = sum(
        1
        for reasons in context.standing
        if any(r.reason is StaffingReason.WRONG_DEPARTMENT for r in reasons)
    )
    if others:
        notes.append(f"{others} roster inspector(s) of other departments take no part (R4.6)")
    named: dict[StaffingReason, list[str]] = {}
    for entry in left:
        if entry.reason is not None:
            ids = named.setdefault(entry.reason, [])
            if entry.inspector_id not in ids:
                ids.append(entry.inspector_id)
    for reason, ids in named.items():
        shown = ", ".join(ids[:_MOST_NAMED])
        more = f" and {len(ids) - _MOST_NAMED} more" if len(ids) > _MOST_NAMED else ""
        notes.append(f"{_LEFT_OUT[reason]} ({reason.rule}): {shown}{more}; the log says why")
    if plan.team.appointed and staffer.subjects:
        notes.append(
            "the initiating unit appoints each team's leader (R4.5, 002 §4(4)): a task's"
            " leader is None until appoint_leader records one; awaiting_appointment lists"
            " the tasks still without"
        )
    if staffer.subjects:
        limit = plan.team.max_load
        bound = (
            f"the plan's maximum load of {limit}"
            if staffer.limit == limit
            else "the least maximum load any valid assignment allows (min-max fair, R4)"
        )
        notes.append(f"no inspector carries more than {staffer.cap} tasks: {bound}")
    return tuple(notes)
