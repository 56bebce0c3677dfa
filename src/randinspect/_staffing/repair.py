"""Repair by augmenting paths: fill a place nobody free can take, or prove none can be (R4).

Step 7 of ``docs/assignment.md``, the augmenting-path step of the max-flow
method: a breadth-first search from the vacant place over the tasks staffed
so far. When no path exists, the vacancies it reached are a Hall-type
obstruction, and the error carries that certificate.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping

from randinspect._staffing.certificate import certificate_error
from randinspect._staffing.state import Staffer
from randinspect.errors import InfeasibleAssignmentError
from randinspect.staffing import LogEntry, StaffingAction


def _fitting(staffer: Staffer, slot: int) -> Iterator[int]:
    if slot == staffer.layout.free_slot:
        return iter(staffer.active)
    return iter(staffer.members[slot])


def augment(staffer: Staffer, t0: int, slot0: int) -> int:
    """Fill a place no free inspector can take, by an augmenting path, or raise.

    A reverse breadth-first search from the vacant place: a vacancy can be
    filled by a member of its task moving over from another place of the
    same task, or by an eligible non-member; a non-member at max load can
    come only by leaving one of its tasks, which leaves a vacancy there.
    The search ends at a non-member with spare capacity; the path is then
    applied. When no path exists, the vacancies reached are a Hall-type
    obstruction (see :class:`Infeasibility`) and the error carries it.
    """
    start = (t0, slot0)
    vacancy_parent: dict[tuple[int, int], tuple[str, int, tuple[int, int]] | None] = {start: None}
    inspector_parent: dict[int, tuple[int, int]] = {}
    queue = deque([start])
    while queue:
        vacancy = queue.popleft()
        best, full, shifts = _candidates(staffer, vacancy, inspector_parent)
        for i, held in shifts:
            if held not in vacancy_parent:
                vacancy_parent[held] = ("shift", i, vacancy)
                queue.append(held)
        if best is not None:
            inspector_parent[best] = vacancy
            _apply(staffer, best, inspector_parent, vacancy_parent, start)
            return best
        for i in full:
            inspector_parent[i] = vacancy
            for other in staffer.served[i]:
                held = (other, staffer.team[other][i])
                if held not in vacancy_parent:
                    vacancy_parent[held] = ("leave", i, vacancy)
                    queue.append(held)
    raise _infeasible(staffer, vacancy_parent)


def _candidates(
    staffer: Staffer, vacancy: tuple[int, int], seen: Mapping[int, object]
) -> tuple[int | None, list[int], list[tuple[int, tuple[int, int]]]]:
    """Who could fill ``vacancy``.

    Returns the best with spare room (least loaded, then in line order),
    those at max load, and members of the task who could move over from
    another of its places.
    """
    t, slot = vacancy
    team = staffer.team[t]
    best: int | None = None
    best_rank: tuple[int, int] = (0, 0)
    full: list[int] = []
    shifts: list[tuple[int, tuple[int, int]]] = []
    for i in _fitting(staffer, slot):
        current = team.get(i)
        if current is not None:  # a member, hence eligible
            if current != slot:
                shifts.append((i, (t, current)))
        elif i in seen or not staffer.may(i, t):
            continue
        elif staffer.load[i] < staffer.cap:
            rank = (staffer.load[i], staffer.waiting[i])
            if best is None or rank < best_rank:
                best, best_rank = i, rank
        else:
            full.append(i)
    return best, full, shifts


def _apply(
    staffer: Staffer,
    j: int,
    inspector_parent: dict[int, tuple[int, int]],
    vacancy_parent: dict[tuple[int, int], tuple[str, int, tuple[int, int]] | None],
    start: tuple[int, int],
) -> None:
    ids = staffer.context.roster
    staffer.disturbed = True
    vacancy = inspector_parent[j]
    moves: list[tuple[str, int, tuple[int, int], tuple[int, int]]] = []
    cursor = vacancy
    while True:
        parent = vacancy_parent[cursor]
        if parent is None:
            break
        kind, i, target = parent
        moves.append((kind, i, cursor, target))
        cursor = target
    for kind, i, (left, _), (joined, joined_slot) in moves:
        if kind == "shift":
            staffer.team[left][i] = joined_slot
            continue
        del staffer.team[left][i]
        del staffer.keys[left][i]
        del staffer.served[i][left]
        staffer.team[joined][i] = joined_slot
        staffer.keys[joined][i] = staffer.key(joined, i)
        staffer.served[i][joined] = None
        staffer.log.append(
            LogEntry(
                action=StaffingAction.REPAIRED,
                task_id=staffer.task_ids[left],
                inspector_id=ids[i].id,
                detail=f"moves to task {staffer.task_ids[joined]!r} so that every task can"
                f" be staffed within {_limit(staffer)}",
                other_task_id=staffer.task_ids[joined],
                rule=_limit_rule(staffer),
            )
        )
    t, slot = vacancy
    staffer.join(t, j, slot)
    if moves:
        staffer.log.append(
            LogEntry(
                action=StaffingAction.REPAIRED,
                task_id=staffer.task_ids[t],
                inspector_id=ids[j].id,
                detail=f"joins task {staffer.task_ids[t]!r} in a place freed by the moves"
                f" above, for task {staffer.task_ids[start[0]]!r}",
                other_task_id=staffer.task_ids[start[0]],
                rule=_limit_rule(staffer),
            )
        )


def _infeasible(
    staffer: Staffer, vacancies: Mapping[tuple[int, int], object]
) -> InfeasibleAssignmentError:
    by_task: dict[int, list[int]] = {}
    for t, slot in vacancies:
        by_task.setdefault(t, []).append(slot)
    for slots in by_task.values():
        slots.sort()
    return certificate_error(
        staffer.context,
        [(staffer.subjects[t], staffer.period[t], slots) for t, slots in sorted(by_task.items())],
        cap=staffer.limit,
    )


def _limit(staffer: Staffer) -> str:
    """The maximum load in force, in words: the plan's, or the least any assignment allows."""
    if staffer.limit == staffer.context.plan.team.max_load:
        return f"the plan's maximum load of {staffer.cap}"
    return f"a load of {staffer.cap}, the least maximum load any valid assignment allows"


def _limit_rule(staffer: Staffer) -> str:
    if staffer.limit == staffer.context.plan.team.max_load:
        return "TeamRule.max_load"
    return "R4 (min-max fair loads)"
