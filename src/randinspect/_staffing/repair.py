"""Repair by augmenting paths: fill a place nobody free can take, or prove none can be (R4).

Step 7 of ``docs/assignment.md``, the augmenting-path step of the max-flow
method: a breadth-first search from the vacant place over the tasks staffed
so far. When no path exists, the vacancies it reached are a Hall-type
obstruction, and the error carries that certificate.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

from randinspect._staffing.certificate import certificate_error
from randinspect._staffing.state import Staffer
from randinspect.errors import InfeasibleAssignmentError
from randinspect.staffing import LogEntry, StaffingAction


def augment(staffer: Staffer, t0: int, slot0: int) -> int:
    """Fill a place no free inspector can take, by an augmenting path, or raise.

    A reverse breadth-first search from the vacant place: a vacancy can be
    filled by a member of its task moving over from another place of the
    same task, or by an eligible non-member; a non-member at max load can
    come only by leaving one of its tasks, which leaves a vacancy there.
    The search ends at a non-member with spare capacity; the path is then
    applied. When no path exists, the vacancies reached are a Hall-type
    obstruction (see :class:`Infeasibility`) and the error carries it.

    An inspector at max load joins the search once, at the first vacancy it
    could fill; later vacancies look only at those not yet in it, so a
    search that reaches every task of a large assignment stays linear.
    """
    start = (t0, slot0)
    vacancy_parent: dict[tuple[int, int], tuple[str, int, tuple[int, int]] | None] = {start: None}
    inspector_parent: dict[int, tuple[int, int]] = {}
    unseen = _Unseen(staffer)
    queue = deque([start])
    while queue:
        vacancy = queue.popleft()
        best, full, shifts = _candidates(staffer, vacancy, unseen)
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
            unseen.remove(i)
            for other in staffer.served[i]:
                held = (other, staffer.slot(other, i))
                if held not in vacancy_parent:
                    vacancy_parent[held] = ("leave", i, vacancy)
                    queue.append(held)
    raise _infeasible(staffer, vacancy_parent)


class _Unseen:
    """The inspectors not yet in a search, by the place they suit and the period they cover.

    In index (id) order. Split by period, so that a vacancy of one period
    never looks again at inspectors whose certificate lapses before it ends.
    """

    def __init__(self, staffer: Staffer) -> None:
        self.pool_of = staffer.pool_of
        self.free_slot = staffer.layout.free_slot
        covers = staffer.context.covers
        periods = range(len(staffer.context.periods))
        self.any = [dict.fromkeys(i for i in staffer.active if covers(i, p)) for p in periods]
        self.by_pool = [
            [dict.fromkeys(i for i in members if covers(i, p)) for p in periods]
            for members in staffer.members
        ]

    def fitting(self, slot: int, period: int) -> dict[int, None]:
        """Those not yet in the search who suit ``slot`` in ``period`` (open: anyone)."""
        return self.any[period] if slot == self.free_slot else self.by_pool[slot][period]

    def remove(self, i: int) -> None:
        for line in (*self.any, *self.by_pool[self.pool_of[i]]):
            line.pop(i, None)


def _candidates(
    staffer: Staffer, vacancy: tuple[int, int], unseen: _Unseen
) -> tuple[int | None, list[int], list[tuple[int, tuple[int, int]]]]:
    """Who could fill ``vacancy``.

    Returns the best non-member with spare room (least loaded, then in line
    order), the non-members at max load not yet in the search (in id order),
    and the members of the task who could move over from another of its
    places (in id order).
    """
    t, slot = vacancy
    team = staffer.on_team(t)
    free_slot = staffer.layout.free_slot
    pool_of = staffer.pool_of
    shifts = [
        (i, (t, current))
        for i, current in staffer.team(t)
        if current != slot and (slot == free_slot or pool_of[i] == slot)
    ]
    best: int | None = None
    best_rank: tuple[int, int] = (0, 0)
    full: list[int] = []
    load, cap, waiting = staffer.load, staffer.cap, staffer.waiting
    for i in unseen.fitting(slot, staffer.period[t]):
        if i in team or not staffer.may(i, t):
            continue
        if load[i] < cap:
            rank = (load[i], waiting[i])
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
    # Applied from the start of the path, so that each move's place is empty when it
    # is taken; logged from its end, as the search found it.
    for kind, i, (left, _), (joined, joined_slot) in reversed(moves):
        if kind == "shift":
            staffer.move(left, i, joined_slot)
        else:
            staffer.remove(left, i)
            staffer.add(joined, i, joined_slot, staffer.key(joined, i))
    for kind, i, (left, _), (joined, _) in moves:
        if kind == "shift":
            continue
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
    tasks = sorted(by_task)
    return certificate_error(
        staffer.context,
        [
            (
                staffer.subjects[t],
                staffer.period[t],
                by_task[t] if len(by_task[t]) == 1 else sorted(by_task[t]),
            )
            for t in tasks
        ],
        cap=staffer.limit,
        task_ids=[staffer.task_ids[t] for t in tasks],
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
