"""Rebalancing: even out the loads of inspectors of the same eligibility after swaps or repairs.

Step 8 of ``docs/assignment.md``. The walk alone keeps the loads of
inspectors who may fill exactly the same places within one; swaps (003 art.
15) and repairs can upset that, and this pass restores it.
"""

from __future__ import annotations

from randinspect._staffing.state import Staffer
from randinspect.staffing import LogEntry, StaffingAction


def rebalance(staffer: Staffer) -> None:
    """Even out loads to within one among inspectors of the same eligibility.

    The walk alone keeps them within one: a place goes to a candidate of
    the lowest load, and an inspector of the same eligibility is a
    candidate whenever the one picked is. Only swaps (003 art. 15) and
    repairs can upset that, so the pass runs only after them.
    """
    if not staffer.disturbed:
        return
    index: BlockIndex | None = None
    for pool in range(staffer.pools):
        members = staffer.members[pool]
        if not members:
            continue
        loads = [staffer.load[i] for i in members]
        low, high = min(loads), max(loads)
        if high - low <= 1:
            continue
        if index is None:
            index = BlockIndex(staffer)
        involved = [
            i for i in members if staffer.load[i] >= low + 2 or staffer.load[i] <= high - 2
        ]
        classes: dict[tuple[int, frozenset[int]], list[int]] = {}
        for i in involved:
            classes.setdefault(index.eligibility(i), []).append(i)
        for same in classes.values():
            _even_out(staffer, same)


def _even_out(staffer: Staffer, same: list[int]) -> None:
    ids = staffer.context.roster
    while True:
        heavy = max(same, key=lambda i: (staffer.load[i], -i))
        light = min(same, key=lambda i: (staffer.load[i], i))
        if staffer.load[heavy] - staffer.load[light] <= 1:
            return
        t = max(task for task in staffer.served[heavy] if task not in staffer.served[light])
        slot = staffer.remove(t, heavy)
        staffer.load[heavy] -= 1
        staffer.add(t, light, slot, staffer.key(t, light))
        staffer.load[light] += 1
        staffer.log.append(
            LogEntry(
                action=StaffingAction.REBALANCED,
                task_id=staffer.task_ids[t],
                inspector_id=ids[heavy].id,
                detail=f"hands its place to {ids[light].id!r}, who may serve exactly the"
                f" same tasks and places, to keep their loads within one"
                f" ({staffer.load[heavy] + 1} and {staffer.load[light] - 1} before)",
                other_id=ids[light].id,
            )
        )


class BlockIndex:
    """The tasks each inspector may not serve, from the sources of blocks (for rebalancing)."""

    def __init__(self, staffer: Staffer) -> None:
        self.staffer = staffer
        by_period: dict[int, list[int]] = {}
        for t, period in enumerate(staffer.period):
            by_period.setdefault(period, []).append(t)
        self.by_period = {p: frozenset(ts) for p, ts in sorted(by_period.items())}
        self.listed: dict[int, list[int]] = {}
        for t, row in enumerate(staffer.rows):
            for i in row or ():
                self.listed.setdefault(i, []).append(t)
        self.by_value: list[dict[str, frozenset[int]]] = []
        for values in staffer.task_values:
            tasks: dict[str, list[int]] = {}
            for t, value in enumerate(values):
                if value is not None:
                    tasks.setdefault(value, []).append(t)
            self.by_value.append({v: frozenset(ts) for v, ts in tasks.items()})
        self.by_rules: dict[tuple[str | None, ...], frozenset[int]] = {}
        self.outside: dict[int, frozenset[int]] = {}

    def eligibility(self, i: int) -> tuple[int, frozenset[int]]:
        """A canonical form of the set of tasks ``i`` may serve: equal forms, equal sets.

        The form is the periods in which ``i`` may serve some task, and the
        tasks of those periods it may not serve.
        """
        context = self.staffer.context
        mine = tuple(values[i] for values in context.rule_values)
        by_rules = self.by_rules.get(mine)
        if by_rules is None:
            by_rules = frozenset().union(
                *(tasks.get(v, ()) for tasks, v in zip(self.by_value, mine, strict=True) if v)
            )
            self.by_rules[mine] = by_rules
        listed = self.listed.get(i)
        blocked = by_rules.union(listed) if listed else by_rules
        mask = 0
        for period, in_period in self.by_period.items():
            if context.covers(i, period) and not in_period <= blocked:
                mask |= 1 << period
        outside = self.outside.get(mask)
        if outside is None:
            outside = frozenset().union(
                *(ts for p, ts in self.by_period.items() if not mask >> p & 1)
            )
            self.outside[mask] = outside
        return mask, blocked - outside if outside else blocked
