"""Hall-type certificates: why some places cannot all be filled, in numbers and in words (R4).

:func:`certificate_error` counts, for a set of places, how many of them
each roster inspector could fill (at most once per task, at most the
maximum load in all) and why every other inspector can fill none, and
wraps the :class:`~randinspect.staffing.Infeasibility` in the error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from randinspect._staffing.eligibility import Context
from randinspect._values import FrozenMap
from randinspect.draw import team_scopes
from randinspect.errors import InfeasibleAssignmentError
from randinspect.model import Subject, trusted
from randinspect.sampling import DrawnSubject
from randinspect.staffing import _ANY, Ineligibility, Infeasibility, Place, StaffingReason

RULES_OF_TEAMS = "R4.2, R4.3, R4.5, R4.6"


def certificate_error(
    context: Context,
    places: Sequence[tuple[Subject, int, Sequence[int]]],
    *,
    cap: int | None,
    task_ids: Sequence[str] | None = None,
    ruled_out: Mapping[int, tuple[Ineligibility, ...]] | None = None,
    one_place: bool = False,
) -> InfeasibleAssignmentError:
    """Build the Hall-type certificate for ``places`` and the error that carries it.

    ``places`` lists, per task, its subject, period and the slots in question;
    ``task_ids`` their ids when the caller has them (else they are made).
    ``ruled_out`` names inspectors who can take none for other reasons, and
    ``one_place`` counts one place per slot (both used when replacing one
    member of one task while the other tasks stay as they are).
    """
    plan = context.plan
    layout = context.layout
    if task_ids is None:
        task_ids = team_scopes(plan.id, [subject.id for subject, _, _ in places])
    kinds = {
        slot: (*layout.place(slot), 1 if one_place else layout.capacity(slot))
        for slot in layout.slots
    }
    place_values = tuple(
        trusted(  # every part comes from the checked plan, draw and layout
            Place,
            task_id=task_id,
            subject_id=subject.id,
            role=kinds[slot][0],
            department=kinds[slot][1],
            count=kinds[slot][2],
        )
        for task_id, (subject, _, slots) in zip(task_ids, places, strict=True)
        for slot in slots
    )
    able, unable = PlaceCounter(context, places).count(cap=cap, ruled_out=ruled_out or {})
    certificate = Infeasibility(
        places=place_values,
        needed=sum(p.count for p in place_values),
        capacity=sum(able.values()),
        able=FrozenMap(able),
        unable=FrozenMap(unable),
        max_load=cap,
    )
    fixes = []
    if cap is not None and (
        any(n == cap for n in able.values())
        or any(r.reason is StaffingReason.AT_MAX_LOAD for rs in unable.values() for r in rs)
    ):
        fixes.append("raise the plan's team.max_load")
    fixes.append(
        "add inspectors able to fill these places to the roster, or review the"
        " conflicts, unavailability, certificates and qualifications listed in"
        " error.certificate.explain()"
    )
    if any(p.role != _ANY for p in place_values):
        fixes.append("or relax the team rule (leader, every_department)")
    problem = (
        "nobody can take the place without changing another task"
        if one_place
        else "no valid assignment exists"
    )
    return InfeasibleAssignmentError(
        f"{problem}: {certificate.summary()}",
        certificate=certificate,
        obj=f"Plan {plan.id!r}",
        field="roster",
        rule=RULES_OF_TEAMS,
        fix="; ".join(fixes),
    )


_MOST_REASONS = 5
"""How many task-specific reasons an inspector's entry in a certificate spells out."""


class PlaceCounter:
    """Counts, for a certificate, how many of its tasks each inspector could serve.

    An inspector counts a task when it suits one of the task's places in
    question and may serve the task. The work is linear in the roster and in
    the (inspector, task) pairs that are blocked, not in roster x tasks.
    """

    def __init__(
        self, context: Context, places: Sequence[tuple[Subject, int, Sequence[int]]]
    ) -> None:
        self.context = context
        self.places = places
        self.by_slots: dict[tuple[int, ...], list[int]] = {}
        self.by_period: dict[int, list[int]] = {}
        self.position: dict[str, int] = {}
        self.by_value: list[dict[str, list[int]]] = [{} for _ in context.rules]
        for n, (subject, period, slots) in enumerate(places):
            self.by_slots.setdefault(tuple(slots), []).append(n)
            self.by_period.setdefault(period, []).append(n)
            self.position[subject.id] = n
            for values, rule in zip(self.by_value, context.rules, strict=True):
                value = subject.attributes.get(rule.name)
                if value is not None:
                    values.setdefault(value, []).append(n)
        self.slots_of = {n: slots for slots, ns in self.by_slots.items() for n in ns}
        self.period_of = [period for _, period, _ in places]
        self.in_period = {
            (slots, period): sum(1 for n in ns if self.period_of[n] == period)
            for slots, ns in self.by_slots.items()
            for period in self.by_period
        }
        self.rule_sets = [
            {value: frozenset(ns) for value, ns in values.items()} for values in self.by_value
        ]

    def count(
        self, *, cap: int | None, ruled_out: Mapping[int, tuple[Ineligibility, ...]]
    ) -> tuple[dict[str, int], dict[str, tuple[Ineligibility, ...]]]:
        """Each able inspector's count (capped), and every other inspector's reasons."""
        able: dict[str, int] = {}
        unable: dict[str, tuple[Ineligibility, ...]] = {}
        for i, inspector in enumerate(self.context.roster):
            if i in ruled_out:
                unable[inspector.id] = ruled_out[i]
            elif self.context.standing[i]:
                unable[inspector.id] = self.context.standing[i]
            else:
                count, reasons = self._one(i)
                if count:
                    able[inspector.id] = count if cap is None else min(cap, count)
                else:
                    unable[inspector.id] = reasons
        return able, unable

    def _one(self, i: int) -> tuple[int, tuple[Ineligibility, ...]]:
        """How many of the tasks ``i`` could serve; when none, why, most basic reason first."""
        context = self.context
        lapsed = [p for p in self.by_period if not context.covers(i, p)]
        if len(lapsed) == len(self.by_period):
            return 0, tuple(context.expired(i, p) for p in sorted(lapsed))
        misfits: dict[Ineligibility, None] = {}
        suits: set[tuple[int, ...]] = set()
        for slots in self.by_slots:
            misfit = context.misfit(i, slots)
            if misfit is None:
                suits.add(slots)
            else:
                misfits[misfit] = None
        if not suits:
            return 0, tuple(misfits)
        count = self._count(i, suits, lapsed)
        if count:
            return count, ()
        blocked = self._blocked(i)
        details = list(dict.fromkeys(blocked[n] for n in blocked if self.slots_of[n] in suits))
        reasons = dict.fromkeys(details[:_MOST_REASONS])
        if len(details) > _MOST_REASONS:
            more = len(details) - _MOST_REASONS
            rest = details[_MOST_REASONS].reason
            reasons[Ineligibility(reason=rest, detail=f"and {more} more such reasons")] = None
        return 0, (*misfits, *reasons)

    def _count(self, i: int, suits: set[tuple[int, ...]], lapsed: Sequence[int]) -> int:
        """How many of the places' tasks ``i`` may serve, given the places it suits.

        Counted in sets, without putting any reason into words: a task is
        lost to a lapsed period, a listed recusal or absence, or an
        attribute rule (R1.3, R4.3, R4.4).
        """
        context = self.context
        count = sum(len(self.by_slots[slots]) for slots in suits)
        count -= sum(self.in_period[slots, period] for slots in suits for period in lapsed)
        lost: set[int] = set()
        for sets, own in zip(self.rule_sets, context.rule_values, strict=True):
            mine = own[i]
            if mine is not None and mine in sets:
                lost |= sets[mine]
        for subject_id in context.subjects_of.get(i, ()):
            n = self.position.get(subject_id)
            if n is not None:
                lost.add(n)
        if lapsed:
            gone = set(lapsed)
            lost = {n for n in lost if self.period_of[n] not in gone}
        if len(self.by_slots) > len(suits):
            lost = {n for n in lost if self.slots_of[n] in suits}
        return count - len(lost)

    def _blocked(self, i: int) -> dict[int, Ineligibility]:
        """The places' tasks ``i`` may not serve (expired, recused, unavailable), with why."""
        context = self.context
        blocked: dict[int, Ineligibility] = {}
        for period, ns in self.by_period.items():
            if not context.covers(i, period):
                why = context.expired(i, period)
                blocked.update(dict.fromkeys(ns, why))
        for subject_id in context.subjects_of.get(i, ()):
            n = self.position.get(subject_id)
            if n is not None and n not in blocked:
                blocked[n] = context.by_subject[subject_id][i]
        for values, own in zip(self.by_value, context.rule_values, strict=True):
            mine = own[i]
            for n in values.get(mine, ()) if mine is not None else ():
                if n not in blocked:
                    hit = context.blocked(i, self.places[n][0])
                    if hit is not None:
                        blocked[n] = hit
        return blocked


def refuse_oversized_team(context: Context, drawn: Sequence[DrawnSubject]) -> None:
    """Raise at once, with the first task's certificate, if a team outnumbers the roster.

    No task can then be staffed, and the walk need not try: a team size
    such as 10**9 is refused in the time it takes to count the roster.
    """
    layout = context.layout
    if not drawn or layout.size <= len(context.roster):
        return
    first = drawn[0]
    raise certificate_error(
        context,
        [(first.subject, context.period_index[first.period], layout.slots)],
        cap=context.plan.team.max_load,
    )
