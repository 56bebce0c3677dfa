"""The working state of one run of randinspect-staff/1: teams, loads and waiting lines.

:class:`Staffer` is mutable and short-lived: the walk (``walk``), the repair
by augmenting paths (``repair``) and the rebalancing (``balance``) change it
through the few primitives here, and :meth:`Staffer.teams` reads the result.
Inspectors are numbered by their place in the canonical roster (id order);
tasks by their place in the draw's key order.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence

from randinspect._staffing.eligibility import Context
from randinspect._values import values_at
from randinspect.draw import PURPOSE_TEAM, Seed, key_prefixes, team_scopes
from randinspect.sampling import DrawnSubject
from randinspect.staffing import Ineligibility, LogEntry

TAIL = 16
"""Where the tail of a key starts: inspectors wait at each load in the order of the
last 16 bytes of the key with which they were last drawn."""
INDEX_BITS = 32
INDEX_MASK = (1 << INDEX_BITS) - 1


class Staffer:
    """The mutable working state of one run of randinspect-staff/1 (private, short-lived).

    ``cap`` is the maximum load in force (the plan's, or the least any valid
    assignment allows), or ``None`` for no limit.
    """

    def __init__(
        self,
        context: Context,
        drawn: Sequence[DrawnSubject],
        *,
        seed: Seed,
        recusal: str,
        cap: int | None,
    ) -> None:
        self.context = context
        self.layout = context.layout
        self.places = context.layout.places
        plan = context.plan
        self.subjects = [d.subject for d in drawn]
        self.task_ids = team_scopes(plan.id, [s.id for s in self.subjects])
        same = {id(period): n for n, period in enumerate(context.periods)}
        self.period = [
            n if (n := same.get(id(d.period))) is not None else context.period_index[d.period]
            for d in drawn
        ]
        self.prefix = key_prefixes(seed, PURPOSE_TEAM, self.task_ids)
        self.rows = [context.by_subject.get(s.id) for s in self.subjects]
        attributes = [s.attributes for s in self.subjects]
        self.task_values = [values_at(attributes, rule.name) for rule in context.rules]
        self.swap = recusal == "swap"
        n = len(context.roster)
        tasks = len(self.subjects)
        self.limit = cap  # the maximum load in force, or None
        self.cap = cap if cap is not None else tasks + 1
        # Each task's team as its places: task t's k-th place (slot places[k]) is
        # number t * width + k of two flat lists, its member's index (-1: empty)
        # and the key it was drawn with. Flat lists, not containers per task:
        # 200,000 small dicts would cost a full garbage collection of the heap.
        self.width = width = len(self.places)
        self.member = [-1] * (tasks * width)
        self.member_key = [b""] * (tasks * width)
        self._served: list[dict[int, None]] | None = None  # built when first needed
        self.load = [0] * n
        self.log: list[LogEntry] = []
        self.disturbed = False  # set by swaps and repairs, after which loads need evening out
        self._skips: tuple[int, set[int]] = (-1, set())  # a task and whom its log has skipped
        used = 0
        for period in set(self.period):
            used |= 1 << period
        self.active = [i for i in range(n) if context.active(i) and context.certified[i] & used]
        self.check_periods = any(context.certified[i] & used != used for i in self.active)
        self.unfit = [
            frozenset(i for i in self.active if not context.certified[i] >> period & 1)
            for period in range(len(context.periods))
        ]
        # The same as flags, one byte per inspector, for the walk's inner loop.
        self.lapsed_in = [bytes(i in unfit for i in range(n)) for unfit in self.unfit]
        self.barred = _barred(context, self.task_values, tasks)
        self.pools = len(self.layout.groups) + 1
        self.pool_of = [g if g >= 0 else self.pools - 1 for g in context.group]
        self.members: list[list[int]] = [[] for _ in range(self.pools)]
        for i in self.active:
            self.members[self.pool_of[i]].append(i)
        # A line holds place-in-line numbers: the tail of the waiting key as an
        # integer, then the inspector's index (canonical id order) in the low bits.
        self.levels: list[list[list[int]]] = [[[]] for _ in range(self.pools)]
        self.lowest = [0] * self.pools
        self.waiting = [-1] * n  # each one's place-in-line number; -1: in no line
        if tasks:
            first = self.prefix[0]
            sha256 = hashlib.sha256
            for i in self.active:
                self.enter(i, sha256(first + context.encoded[i]).digest())

    def enter(self, i: int, key: bytes) -> None:
        """Put ``i`` in the waiting line of its load, by the tail of ``key``; not at max load.

        ``key`` is the key with which ``i`` was last drawn (at first: its key
        for the first task). Its last 16 bytes do not depend on ``i`` having
        had the smallest key of its block, so each load's line is a fresh
        random order.
        """
        load = self.load[i]
        if load >= self.cap:
            self.waiting[i] = -1
            return
        lines = self.levels[self.pool_of[i]]
        while len(lines) <= load:
            lines.append([])
        entry = int.from_bytes(key[TAIL:], "big") << INDEX_BITS | i
        self.waiting[i] = entry
        bisect.insort(lines[load], entry)

    def bump(self, i: int, key: bytes) -> None:
        """Add one task to ``i``'s load and move it to the next line, by the tail of ``key``."""
        pool = self.pool_of[i]
        lines = self.levels[pool]
        entry = self.waiting[i]
        if entry >= 0:
            line = lines[self.load[i]]
            del line[bisect.bisect_left(line, entry)]
        self.load[i] += 1
        self.enter(i, key)
        lowest = self.lowest[pool]
        while lowest < len(lines) - 1 and not lines[lowest]:
            lowest += 1
        self.lowest[pool] = lowest

    def blocked(self, i: int, t: int) -> Ineligibility | None:
        row = self.rows[t]
        if row is not None:
            hit = row.get(i)
            if hit is not None:
                return hit
        for own, values in zip(self.task_values, self.context.rule_values, strict=True):
            value = own[t]
            if value is not None and values[i] == value:
                return self.context.blocked(i, self.subjects[t])
        return None

    def may(self, i: int, t: int) -> bool:
        return self.context.covers(i, self.period[t]) and self.blocked(i, t) is None

    def logged(self, t: int) -> set[int]:
        """Who the log has already passed over (or seen swap) for task ``t``."""
        if self._skips[0] != t:
            self._skips = (t, set())
        return self._skips[1]

    def join(self, t: int, i: int, slot: int, key: bytes | None = None) -> None:
        """``i`` takes ``slot`` on task ``t`` and waits in its next line (the walk)."""
        if key is None:
            key = self.key(t, i)
        self.add(t, i, slot, key)
        self.bump(i, key)

    # -- teams ---------------------------------------------------------------------------

    def on_team(self, t: int) -> list[int]:
        """Task ``t``'s members, in the order of its places."""
        start = t * self.width
        return [i for i in self.member[start : start + self.width] if i >= 0]

    def on(self, t: int, i: int) -> bool:
        """Whether ``i`` is on task ``t``'s team."""
        start = t * self.width
        return i in self.member[start : start + self.width]

    def _position(self, t: int, i: int) -> int:
        start = t * self.width
        return self.member.index(i, start, start + self.width)

    def slot(self, t: int, i: int) -> int:
        """The slot member ``i`` holds on task ``t``."""
        return self.places[self._position(t, i) - t * self.width]

    def team(self, t: int) -> list[tuple[int, int]]:
        """Task ``t``'s members with their slots, in index (id) order."""
        start = t * self.width
        places, member = self.places, self.member
        return sorted(
            (member[start + k], places[k]) for k in range(self.width) if member[start + k] >= 0
        )

    def add(self, t: int, i: int, slot: int, key: bytes) -> None:
        """Put ``i`` on task ``t`` in the first empty place of ``slot`` (loads: the caller's)."""
        start = t * self.width
        for k, place in enumerate(self.places):
            if place == slot and self.member[start + k] < 0:
                self.member[start + k] = i
                self.member_key[start + k] = key
                if self._served is not None:
                    self._served[i][t] = None
                return
        raise AssertionError(f"task {t} has no empty place of slot {slot}")  # pragma: no cover

    def remove(self, t: int, i: int) -> int:
        """Take ``i`` off task ``t``; the slot it held (loads are the caller's)."""
        position = self._position(t, i)
        self.member[position] = -1
        self.member_key[position] = b""
        if self._served is not None:
            del self._served[i][t]
        return self.places[position - t * self.width]

    def move(self, t: int, i: int, slot: int) -> None:
        """Member ``i`` moves to the first empty place of another slot of the same task.

        It keeps its key, and the task keeps its place in ``i``'s :attr:`served`.
        """
        start = t * self.width
        position = self._position(t, i)
        k = next(
            k
            for k, place in enumerate(self.places)
            if place == slot and self.member[start + k] < 0
        )
        self.member[start + k], self.member_key[start + k] = i, self.member_key[position]
        self.member[position], self.member_key[position] = -1, b""

    @property
    def served(self) -> list[dict[int, None]]:
        """Each inspector's tasks, in the order taken (for repairs and rebalancing).

        Built on first use from the places, then kept up to date by
        :meth:`add` and :meth:`remove`; the walk, which needs it only when a
        repair does, does not pay for it on every place.
        """
        if self._served is None:
            served: list[dict[int, None]] = [{} for _ in self.load]
            width, member = self.width, self.member
            for position, i in enumerate(member):
                if i >= 0:
                    served[i][position // width] = None
            self._served = served
        return self._served

    def key(self, t: int, i: int) -> bytes:
        return hashlib.sha256(self.prefix[t] + self.context.encoded[i]).digest()

    def teams(self) -> tuple[tuple[tuple[str, ...], ...], tuple[str | None, ...]]:
        """Each task's team in ``T``-key order (ties by id bytes), and its leader.

        The leader is the first can-lead member of the initiating department
        in that order; no leader without a leader rule, and none yet under
        an appointed rule (the initiating unit appoints one later, 002 §4(4)).
        Inspectors are numbered in the roster's id-byte order, so ordering
        ``(key, index)`` pairs breaks a tie of keys by id bytes.
        """
        ids = [inspector.id for inspector in self.context.roster]
        rule = self.context.plan.team
        leads = self.context.group if rule.leader and not rule.appointed else [-1] * len(ids)
        teams: list[tuple[str, ...]] = []
        leaders: list[str | None] = []
        width, member, member_key = self.width, self.member, self.member_key
        for start in range(0, len(member), width):  # every place is filled by now
            order = sorted([(member_key[p], member[p]) for p in range(start, start + width)])
            teams.append(tuple([ids[i] for _, i in order]))
            leader = None
            for _, i in order:
                if leads[i] == 0:
                    leader = ids[i]
                    break
            leaders.append(leader)
        return tuple(teams), tuple(leaders)


def _barred(
    context: Context, task_values: Sequence[Sequence[str | None]], tasks: int
) -> list[frozenset[int]]:
    """Per task, the inspectors a ``SameAttribute`` rule keeps off it (R4.3).

    The holders of the subject's value under each rule: one frozenset per
    value, shared by every task of that value.
    """
    nobody: frozenset[int] = frozenset()
    barred = [nobody] * tasks
    for own, values in zip(task_values, context.rule_values, strict=True):
        holders: dict[str, list[int]] = {}
        for i, value in enumerate(values):
            if value is not None:
                holders.setdefault(value, []).append(i)
        by_value = {value: frozenset(ids) for value, ids in holders.items()}
        for t, value in enumerate(own):
            found = by_value.get(value, nobody) if value is not None else nobody
            if found:
                barred[t] = barred[t] | found if barred[t] else found
    return barred
