"""Who may take which place on which task, and why not (R1.3, R3.2, R4.3-R4.6).

:class:`Layout` is the places of every team of a plan (step 2 of
randinspect-staff/1); :class:`Context` holds, for one run, every roster
inspector's standing (department, certificate, qualification, absence), its
certificate per period, and the recusals per subject, so that the walk can
ask "may inspector i serve task t" in a dictionary look-up or two.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence

from randinspect.model import Inspector, Plan, Subject
from randinspect.staffing import (
    _ANY,
    _DEPARTMENT,
    _LEADER,
    Ineligibility,
    LogEntry,
    SameAttribute,
    StaffingAction,
    StaffingReason,
)

_OTHER_DEPARTMENT = StaffingReason.WRONG_DEPARTMENT


class Layout:
    """The places of every team of a plan: the required groups, then open places.

    A required group is one place: the leader (a can-lead member of the
    initiating department, R4.5; it also stands for that department, R4.6),
    or one member of a department of a joint plan (R4.6). The rest are open.
    """

    def __init__(self, plan: Plan) -> None:
        rule = plan.team
        groups: list[tuple[str, str]] = [(_LEADER, plan.department)] if rule.leader else []
        if rule.every_department and plan.joint:
            groups += [
                (_DEPARTMENT, department)
                for department in sorted(plan.departments)
                if not (rule.leader and department == plan.department)
            ]
        self.groups = tuple(groups)
        self.free_slot = len(groups)
        self.size = max(rule.size, len(groups))
        self.free = self.size - len(groups)
        self.slots = tuple(range(len(groups) + (1 if self.free else 0)))

    @functools.cached_property
    def places(self) -> tuple[int, ...]:
        """Every place of a team as its slot, in the order they are filled (step 2).

        Built on first use, after the staffing has checked that the team
        size does not exceed the roster (a size of 10**9 is a typo, not a
        tuple to build).
        """
        return tuple(s for s in self.slots for _ in range(self.capacity(s)))

    def group_of(self, inspector: Inspector) -> int:
        for index, (role, department) in enumerate(self.groups):
            if inspector.department == department and (role != _LEADER or inspector.can_lead):
                return index
        return -1

    def capacity(self, slot: int) -> int:
        return 1 if slot < self.free_slot else self.free

    def fits(self, group: int, slot: int) -> bool:
        return slot in {self.free_slot, group}

    def place(self, slot: int) -> tuple[str, str | None]:
        return self.groups[slot] if slot < self.free_slot else (_ANY, None)

    def describe(self, slot: int) -> str:
        role, department = self.place(slot)
        if role == _LEADER:
            return f"the leader place needs a can-lead member of {department!r} (R4.5)"
        if role == _DEPARTMENT:
            return f"the {department!r} place needs a member of {department!r} (R4.6)"
        return "an open place"


class Context:
    """Who may take which place on which subject's task, and why not (R1.3, R3.2, R4.3-R4.6)."""

    def __init__(
        self,
        plan: Plan,
        roster: tuple[Inspector, ...],
        conflicts: tuple[tuple[str, str] | SameAttribute, ...],
        unavailable: tuple[str | tuple[str, str], ...],
    ) -> None:
        self.plan = plan
        self.layout = Layout(plan)
        self.roster = roster
        self.index = {inspector.id: n for n, inspector in enumerate(roster)}
        self.encoded = [inspector.id.encode() for inspector in roster]
        self.periods = plan.periods
        self.period_index = {period: n for n, period in enumerate(plan.periods)}
        absent = {u for u in unavailable if isinstance(u, str)}
        required: dict[str, set[str]] = {}
        for item in plan.items:
            if item.qualification is not None:
                required.setdefault(item.department, set()).add(item.qualification)
        self.standing: list[tuple[Ineligibility, ...]] = []
        self.group: list[int] = []
        self.certified: list[int] = []
        for inspector in roster:
            self.standing.append(standing(plan, inspector, required, absent=absent))
            self.group.append(self.layout.group_of(inspector))
            mask = 0
            for n, period in enumerate(plan.periods):
                if inspector.is_certified_on(period.end):
                    mask |= 1 << n
            self.certified.append(mask)
        self.by_subject: dict[str, dict[int, Ineligibility]] = {}
        for n, inspector in enumerate(roster):
            for subject_id in sorted(inspector.conflicts):
                self._block(subject_id, n, StaffingReason.CONFLICT, "declared a conflict with")
        for conflict in conflicts:
            if not isinstance(conflict, SameAttribute):
                inspector_id, subject_id = conflict
                self._block(
                    subject_id, self.index[inspector_id], StaffingReason.CONFLICT, "listed"
                )
        for absence in unavailable:
            if not isinstance(absence, str):
                inspector_id, subject_id = absence
                self._block(subject_id, self.index[inspector_id], StaffingReason.UNAVAILABLE, "")
        self.rules = tuple(c for c in conflicts if isinstance(c, SameAttribute))
        self.rule_values = [
            [inspector.attributes.get(rule.inspector_attribute) for inspector in roster]
            for rule in self.rules
        ]

    def _block(self, subject_id: str, inspector: int, reason: StaffingReason, how: str) -> None:
        row = self.by_subject.setdefault(subject_id, {})
        if inspector in row:
            return  # a conflict outranks unavailability; the first conflict's words stay
        if reason is StaffingReason.UNAVAILABLE:
            detail = f"unavailable for subject {subject_id!r} (R4.4)"
        elif how == "listed":
            detail = f"listed conflict of interest with subject {subject_id!r} (R4.3)"
        else:
            detail = f"{how} subject {subject_id!r} (R4.3)"
        row[inspector] = Ineligibility(reason=reason, detail=detail)

    def active(self, inspector: int) -> bool:
        """Eligible for the plan and available: department, certificate, qualification."""
        return not self.standing[inspector]

    def covers(self, inspector: int, period: int) -> bool:
        return bool(self.certified[inspector] >> period & 1)

    def blocked(self, inspector: int, subject: Subject) -> Ineligibility | None:
        """The recusal (R4.3) or unavailability (R4.4) that keeps ``inspector`` off ``subject``."""
        row = self.by_subject.get(subject.id)
        if row is not None:
            hit = row.get(inspector)
            if hit is not None:
                return hit
        for rule, values in zip(self.rules, self.rule_values, strict=True):
            mine = values[inspector]
            if mine is not None and subject.attributes.get(rule.name) == mine:
                return Ineligibility(
                    reason=StaffingReason.CONFLICT,
                    detail=f"same {rule.name} as subject {subject.id!r}: {mine!r} ({rule}, R4.3)",
                )
        return None

    def expired(self, inspector: int, period: int) -> Ineligibility:
        """The reason an inspector's certificate keeps it out of a period (R1.3)."""
        expires = self.roster[inspector].certificate_expires
        window = self.periods[period]
        named = f"period {window.name!r}" if window.name else "the period"
        return Ineligibility(
            reason=StaffingReason.EXPIRED,
            detail=f"certificate expires on {expires}, before {named} ends on {window.end} (R1.3)",
        )

    def misfit(self, inspector: int, slots: Sequence[int]) -> Ineligibility | None:
        """Why ``inspector`` suits none of ``slots`` by department or lead (R4.5, R4.6)."""
        if any(self.layout.fits(self.group[inspector], s) for s in slots):
            return None
        me = self.roster[inspector]
        needs = " and ".join(self.layout.describe(s) for s in slots)
        leading = any(self.layout.place(s)[0] == _LEADER for s in slots)
        lead = ", not can-lead" if leading and not me.can_lead else ""
        return Ineligibility(
            reason=StaffingReason.WRONG_PLACE,
            detail=f"{needs}: {me.id!r} is of {me.department!r}{lead}",
        )

    @functools.cached_property
    def subjects_of(self) -> dict[int, list[str]]:
        """Inspector to the subjects it is listed as recused from or unavailable for."""
        out: dict[int, list[str]] = {}
        for subject_id, row in self.by_subject.items():
            for inspector in row:
                out.setdefault(inspector, []).append(subject_id)
        return out


def standing(
    plan: Plan, inspector: Inspector, required: Mapping[str, set[str]], *, absent: set[str]
) -> tuple[Ineligibility, ...]:
    reasons = []
    if inspector.department not in plan.departments:
        reasons.append(
            Ineligibility(
                reason=StaffingReason.WRONG_DEPARTMENT,
                detail=f"department {inspector.department!r} does not take part in plan"
                f" {plan.id!r} (R4.6)",
            )
        )
    if not inspector.certified:
        reasons.append(
            Ineligibility(
                reason=StaffingReason.UNCERTIFIED,
                detail="holds no enforcement certificate (R1.3)",
            )
        )
    missing = sorted(required.get(inspector.department, set()) - inspector.qualifications)
    if missing and inspector.department in plan.departments:
        reasons.append(
            Ineligibility(
                reason=StaffingReason.UNQUALIFIED,
                detail=f"lacks qualification {missing} required by the check items of"
                f" {inspector.department!r} (R3.2)",
            )
        )
    if inspector.id in absent:
        reasons.append(
            Ineligibility(
                reason=StaffingReason.UNAVAILABLE,
                detail="unavailable for the whole assignment (R4.4)",
            )
        )
    return tuple(reasons)


def left_out(context: Context, periods: Iterable[int]) -> list[LogEntry]:
    """Log lines for the roster inspectors kept out of the walk, and why (R1.3, R3.2, R4.4).

    One line per inspector of the plan's departments who may serve no task
    (no certificate, a missing qualification, away for the whole
    assignment), and one per inspector and used period that its certificate
    does not cover, with the dates; in roster order. Inspectors of other
    departments are not the plan's, and only the notes count them.
    """
    entries = []
    used = sorted(set(periods))
    for i, inspector in enumerate(context.roster):
        reasons = [r for r in context.standing[i] if r.reason is not _OTHER_DEPARTMENT]
        if len(reasons) < len(context.standing[i]):
            continue
        entries += [
            LogEntry(
                action=StaffingAction.LEFT_OUT,
                task_id=None,
                inspector_id=inspector.id,
                reason=why.reason,
                detail=f"{why.detail}: in no task's walk",
                rule=why.reason.rule,
            )
            for why in reasons
        ]
        if reasons:
            continue
        for period in used:
            if not context.covers(i, period):
                why = context.expired(i, period)
                entries.append(
                    LogEntry(
                        action=StaffingAction.LEFT_OUT,
                        task_id=None,
                        inspector_id=inspector.id,
                        reason=why.reason,
                        detail=f"{why.detail}: in no task of that period",
                        rule=why.reason.rule,
                    )
                )
    return entries
