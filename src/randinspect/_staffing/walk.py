"""The walk of randinspect-staff/1: each place of each task to a least-loaded candidate (R4).

Steps 4 to 6 of ``docs/assignment.md``: tasks in the draw's key order, each
place in layout order; the candidates of the lowest load, in line order, in
blocks of :data:`~randinspect.staffing.TEAM_WINDOW`, by ``T`` key within a
block; recused and unavailable candidates are skipped and logged (R4.3,
R4.4), or swap subjects with an earlier team (003 art. 15). A place no
candidate can take goes to the repair (``repair.augment``).
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import itertools
from collections.abc import Iterator
from typing import Any

from randinspect._staffing.repair import augment
from randinspect._staffing.state import INDEX_BITS, INDEX_MASK, TAIL, Staffer
from randinspect.staffing import (
    TEAM_WINDOW,
    Ineligibility,
    LogEntry,
    StaffingAction,
    StaffingReason,
)


def staff(staffer: Staffer) -> None:  # noqa: PLR0912, PLR0915 (the hot loop, kept in one frame)
    """Staff every task in the draw's key order, each place in layout order.

    A required place whose first block holds no one to filter out, and
    whose smallest key need not recuse, is filled right here: exactly
    what :meth:`_pick` would do, without its generality. Every other
    place takes the long way through :meth:`_fill`.
    """
    free = staffer.layout.free_slot
    places = staffer.places
    levels = staffer.levels
    lowest = staffer.lowest
    member, member_key, width = staffer.member, staffer.member_key, staffer.width
    waiting = staffer.waiting
    load = staffer.load
    cap = staffer.cap
    encoded = staffer.context.encoded
    sha256 = hashlib.sha256
    insort = bisect.insort
    bisect_left = bisect.bisect_left
    window = TEAM_WINDOW
    mask = INDEX_MASK
    from_bytes = int.from_bytes
    lapsed_in, barred = staffer.lapsed_in, staffer.barred
    for t in range(len(staffer.subjects)):
        start = t * width
        primed = sha256(staffer.prefix[t]).copy  # each key hashes on from a copy
        row = staffer.rows[t]
        period = staffer.period[t]
        lapsed_now = lapsed_in[period]
        barred_now = barred[t]
        for k, slot in enumerate(places):
            if slot == free:
                _fill(staffer, t, slot)
                continue
            # No member of this place's pool is on the team yet: each pool
            # feeds one required place, and open places come last.
            lines = levels[slot]
            low = lowest[slot]
            line = lines[low]
            key = b""
            i = -1  # the block's smallest key (ties: the lower index, i.e. id bytes)
            lapsed = False  # someone in the block is not certified for the period
            for entry in line[:window]:
                candidate = entry & mask
                if lapsed_now[candidate]:
                    lapsed = True
                    break
                sha = primed()
                sha.update(encoded[candidate])
                digest = sha.digest()
                if i < 0 or digest < key:
                    key, i = digest, candidate
            if lapsed:
                key, i = _first_certified_block(line, staffer.unfit[period], primed, encoded)
            if i < 0:
                _fill(staffer, t, slot)
                continue
            if (row is not None and i in row) or i in barred_now:
                _fill(staffer, t, slot)  # must recuse: the long way logs it
                continue
            member[start + k] = i
            member_key[start + k] = key
            if staffer._served is not None:  # a repair has asked for it: keep it current
                staffer._served[i][t] = None
            del line[bisect_left(line, waiting[i])]
            carried = load[i] = load[i] + 1
            if carried < cap:
                if carried == len(lines):
                    lines.append([])
                entry = from_bytes(key[TAIL:], "big") << INDEX_BITS | i
                waiting[i] = entry
                insort(lines[carried], entry)
            else:
                waiting[i] = -1
            if not line:
                while low < len(lines) - 1 and not lines[low]:
                    low += 1
                lowest[slot] = low


def _first_certified_block(
    line: list[int], unfit: frozenset[int], primed: Any, encoded: list[bytes]
) -> tuple[bytes, int]:
    """The smallest key of the line's first block of inspectors certified for the period.

    Looks at twice a block's length; ``(b"", -1)`` when that does not give a
    whole block (then the long way, :func:`_fill`, walks on).
    """
    raw = [entry & INDEX_MASK for entry in line[: 2 * TEAM_WINDOW]]
    raw = [i for i in raw if i not in unfit]
    if len(raw) < TEAM_WINDOW and len(line) > 2 * TEAM_WINDOW:
        return b"", -1
    best: tuple[bytes, int] = (b"", -1)
    for candidate in raw[:TEAM_WINDOW]:
        sha = primed()
        sha.update(encoded[candidate])
        digest = sha.digest()
        if best[1] < 0 or digest < best[0]:
            best = (digest, candidate)
    return best


def _fill(staffer: Staffer, t: int, slot: int) -> None:
    """Fill one place by the walk (:meth:`_pick`), a swap, or a repair; log the skips."""
    skipped: list[tuple[int, Ineligibility]] = []
    choice = _pick(staffer, t, slot, skipped)
    if choice is None:
        filler = augment(staffer, t, slot)
    elif len(choice) == 2:  # noqa: PLR2004
        filler, key = choice
        staffer.join(t, filler, slot, key)
    else:
        filler = _swap(staffer, t, slot, choice[0], (choice[2], choice[3]))
    task_id = staffer.task_ids[t]
    ids = staffer.context.roster
    logged = staffer.logged(t)
    for i, why in skipped:
        if i in logged:
            continue  # passed over for an earlier place of the same task: logged once
        logged.add(i)
        staffer.log.append(
            LogEntry(
                action=StaffingAction.SKIPPED,
                task_id=task_id,
                inspector_id=ids[i].id,
                reason=why.reason,
                detail=f"{why.detail}; {ids[filler].id!r} took the place",
                other_id=ids[filler].id,
                rule=why.reason.rule,
            )
        )


def _pick(
    staffer: Staffer, t: int, slot: int, skipped: list[tuple[int, Ineligibility]]
) -> tuple[int, bytes] | tuple[int, bytes, int, int] | None:
    """Walk the candidates for one place; return the pick, a swap, or ``None``.

    Candidates come level by level (load), each level in waiting order,
    cut into blocks of :data:`TEAM_WINDOW`; within a block the walk is by
    ``T`` key, and the first who may serve takes the place.
    """
    if slot != staffer.layout.free_slot:
        lines = staffer.levels[slot]
        for level in range(staffer.lowest[slot], len(lines)):
            if lines[level]:
                found = _blocks(staffer, t, slot, iter(lines[level]), skipped)
                if found is not None:
                    return found
        return None
    pools = range(staffer.pools)
    level = min(staffer.lowest[p] for p in pools)
    top = max(len(staffer.levels[p]) for p in pools)
    while level < top:
        lines = [
            staffer.levels[p][level]
            for p in pools
            if level < len(staffer.levels[p]) and staffer.levels[p][level]
        ]
        if lines:
            stream = iter(lines[0]) if len(lines) == 1 else heapq.merge(*lines)
            found = _blocks(staffer, t, slot, stream, skipped)
            if found is not None:
                return found
        level += 1
    return None


def _blocks(
    staffer: Staffer,
    t: int,
    slot: int,
    stream: Iterator[int],
    skipped: list[tuple[int, Ineligibility]],
) -> tuple[int, bytes] | tuple[int, bytes, int, int] | None:
    """Walk one load level's waiting line, block by block, by key within a block."""
    team = staffer.on_team(t)
    period = staffer.period[t]
    certified = staffer.context.certified
    prefix = staffer.prefix[t]
    encoded = staffer.context.encoded
    sha256 = hashlib.sha256
    window = TEAM_WINDOW
    if not staffer.check_periods and slot != staffer.layout.free_slot:
        # The common case: every candidate in the line may be keyed as it comes.
        candidates: Iterator[int] = (entry & INDEX_MASK for entry in stream)
    else:
        candidates = (
            i
            for entry in stream
            if (i := entry & INDEX_MASK) not in team and certified[i] >> period & 1
        )
    while True:
        block = [
            (sha256(prefix + encoded[i]).digest(), i) for i in itertools.islice(candidates, window)
        ]
        if not block:
            return None
        block.sort()
        for key, i in block:
            why = staffer.blocked(i, t)
            if why is None:
                return i, key
            if (
                staffer.swap
                and why.reason is StaffingReason.CONFLICT
                and i not in staffer.logged(t)
            ):
                partner = _swap_partner(staffer, t, slot, i)
                if partner is not None:
                    return (i, key, *partner)
            skipped.append((i, why))
        if len(block) < window:
            return None


def _swap_partner(staffer: Staffer, t: int, slot: int, x: int) -> tuple[int, int] | None:
    """A staffed task and member to swap with recused ``x``: most recent task first."""
    team = staffer.on_team(t)
    group = staffer.context.group
    fits = staffer.layout.fits
    width, member, member_key = staffer.width, staffer.member, staffer.member_key
    for other in range(t - 1, -1, -1):
        if staffer.on(other, x) or not staffer.may(x, other):
            continue
        start = other * width
        drawn_order = sorted(
            (member_key[p], member[p]) for p in range(start, start + width) if member[p] >= 0
        )
        for _, y in drawn_order:
            if (
                y not in team
                and fits(group[x], staffer.slot(other, y))
                and fits(group[y], slot)
                and staffer.may(y, t)
            ):
                return other, y
    return None


def _swap(staffer: Staffer, t: int, slot: int, x: int, partner: tuple[int, int]) -> int:
    """Recused ``x`` takes ``y``'s place on task ``other``; ``y`` takes the place on ``t``."""
    other, y = partner
    staffer.disturbed = True
    staffer.logged(t).add(x)  # it recused from this task once: no second swap, no skip line
    y_slot = staffer.remove(other, y)
    staffer.add(t, y, slot, staffer.key(t, y))
    staffer.join(other, x, y_slot)
    ids = staffer.context.roster
    why = staffer.blocked(x, t)
    staffer.log.append(
        LogEntry(
            action=StaffingAction.SWAPPED,
            task_id=staffer.task_ids[t],
            inspector_id=ids[x].id,
            reason=StaffingReason.CONFLICT,
            detail=f"{why.detail if why else 'conflict of interest'}; swapped subjects"
            f" with {ids[y].id!r}: takes its place on task {staffer.task_ids[other]!r},"
            " which takes this place (003 art. 15)",
            other_id=ids[y].id,
            other_task_id=staffer.task_ids[other],
            rule="R4.3",
        )
    )
    return y
