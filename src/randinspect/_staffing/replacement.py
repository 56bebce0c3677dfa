"""Replacement after publication: the next in the task's draw order takes the place (递补, R4.4).

The pieces of :func:`~randinspect.assignment.replace_inspector`: which place
the team lacks once a member drops out (:func:`missing_slot`), why a
candidate cannot take it (:func:`obstacle`), and the new assignment with the
change made and logged (:func:`replaced`). No other task changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import attrs

from randinspect._staffing.certificate import certificate_error
from randinspect._staffing.eligibility import Context, Layout
from randinspect._staffing.inputs import check_replacement
from randinspect._values import FrozenMap
from randinspect.draw import PURPOSE_TEAM, Seed, key_prefix
from randinspect.model import Subject
from randinspect.staffing import (
    Assignment,
    Ineligibility,
    LogEntry,
    StaffingAction,
    StaffingReason,
)


def obstacle(
    context: Context, i: int, subject: Subject, *, slot: int, loads: Mapping[int, int]
) -> Ineligibility | None:
    """Why inspector ``i``, who may inspect in the period, cannot take ``slot``; or ``None``."""
    why = context.blocked(i, subject)
    if why is not None:
        return why
    cap = context.plan.team.max_load
    if cap is not None and loads[i] >= cap:
        return Ineligibility(
            reason=StaffingReason.AT_MAX_LOAD, detail=f"already carries the maximum of {cap} tasks"
        )
    return context.misfit(i, [slot])


def replaced(
    assignment: Assignment,
    position: int,
    context: Context,
    change: tuple[str, int, str],
    passed: Sequence[tuple[int, Ineligibility]],
) -> Assignment:
    """The assignment with ``change`` (dropped id, chosen index, reason) made and logged."""
    inspector_id, chosen, reason = change
    ids = [inspector.id for inspector in context.roster]
    new_id = ids[chosen]
    task_id = assignment.task_ids[position]
    team = [context.index[i] for i in assignment.teams[position] if i != inspector_id]
    team.append(chosen)
    order = draw_order(context, assignment.seed, task_id, team)
    rule = assignment.plan.team
    was = assignment.leaders[position]
    leader = None
    if rule.appointed:  # the appointment stands unless the appointee dropped out (002 §4(4))
        leader = None if was == inspector_id else was
    elif rule.leader:
        leader = next((ids[i] for i in order if context.group[i] == 0), None)
    log = list(assignment.log)
    log += [
        LogEntry(
            action=StaffingAction.SKIPPED,
            task_id=task_id,
            inspector_id=ids[i],
            reason=why.reason,
            detail=f"{why.detail}; {new_id!r} took the place",
            other_id=new_id,
            rule=why.reason.rule,
        )
        for i, why in passed
    ]
    led = ""
    if was == inspector_id:
        led = (
            "; the task awaits a new appointed leader (R4.5, 002 §4(4))"
            if leader is None
            else f"; {leader!r} now leads the team (R4.5)"
        )
    log.append(
        LogEntry(
            action=StaffingAction.REPLACED,
            task_id=task_id,
            inspector_id=inspector_id,
            reason=StaffingReason.UNAVAILABLE,
            detail=f"dropped out ({reason.strip()}); {new_id!r}, next in the task's draw"
            f" order, took the place (R4.4){led}",
            other_id=new_id,
            rule="R4.4",
        )
    )
    teams = list(assignment.teams)
    teams[position] = tuple(ids[i] for i in order)
    leaders = list(assignment.leaders)
    leaders[position] = leader
    loads = dict(assignment.loads)
    loads[inspector_id] -= 1
    loads[new_id] += 1
    return attrs.evolve(
        assignment,
        teams=tuple(teams),
        leaders=tuple(leaders),
        log=tuple(log),
        loads=FrozenMap(loads),
        replacements=(*assignment.replacements, (task_id, inspector_id, reason.strip())),
    )


def missing_slot(layout: Layout, groups: Sequence[int]) -> int:
    """The slot a team of these members' groups lacks: a required group, else an open place."""
    for slot in range(layout.free_slot):
        if slot not in groups:
            return slot
    return layout.free_slot


def replace(assignment: Assignment, task_id: str, inspector_id: str, reason: str) -> Assignment:
    """:func:`~randinspect.assignment.replace_inspector`, its arguments checked."""
    position = check_replacement(assignment, task_id, inspector_id, reason)
    plan = assignment.plan
    context = Context(plan, assignment.roster, assignment.conflicts, assignment.unavailable)
    index = context.index
    drawn = assignment.draw.drawn[position]
    subject = drawn.subject
    period = context.period_index[drawn.period]
    dropped = {
        index[e.inspector_id]
        for e in assignment.log
        if e.action is StaffingAction.REPLACED and e.task_id == task_id
    } | {index[inspector_id]}
    staying = [index[i] for i in assignment.teams[position] if i != inspector_id]
    slot = missing_slot(context.layout, [context.group[i] for i in staying])
    loads = {index[i]: n for i, n in assignment.loads.items()}
    candidates = [
        i for i in range(len(context.roster)) if context.active(i) and context.covers(i, period)
    ]
    passed: list[tuple[int, Ineligibility]] = []
    chosen: int | None = None
    for i in draw_order(context, assignment.seed, task_id, candidates):
        if i in staying or i in dropped:
            continue
        why = obstacle(context, i, subject, slot=slot, loads=loads)
        if why is None:
            chosen = i
            break
        passed.append((i, why))
    if chosen is None:
        ruled_out = {
            i: (Ineligibility(reason=StaffingReason.ON_TEAM, detail="already on the team (R4.2)"),)
            for i in staying
        }
        ruled_out.update(
            (
                i,
                (
                    Ineligibility(
                        reason=StaffingReason.DROPPED, detail="dropped out of this task (R4.4)"
                    ),
                ),
            )
            for i in dropped
        )
        ruled_out.update((i, (why,)) for i, why in passed)
        raise certificate_error(
            context,
            [(subject, period, [slot])],
            cap=plan.team.max_load,
            ruled_out=ruled_out,
            one_place=True,
        )
    return replaced(assignment, position, context, (inspector_id, chosen, reason), passed)


def draw_order(context: Context, seed: Seed, task_id: str, inspectors: Sequence[int]) -> list[int]:
    """``inspectors`` in the task's ``T``-key order, ties by id bytes (randinspect-draw/1)."""
    prefix = key_prefix(seed, PURPOSE_TEAM, task_id)
    encoded, sha256 = context.encoded, hashlib.sha256
    return [
        i
        for _, _, i in sorted(
            (sha256(prefix + encoded[i]).digest(), encoded[i], i) for i in inspectors
        )
    ]
