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

import bisect
import enum
import functools
import hashlib
import heapq
import itertools
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs

from randinspect._values import FrozenMap, is_valid_id
from randinspect.draw import (
    PURPOSE_TEAM,
    SPEC_VERSION,
    Seed,
    check_seed,
    registry_fingerprint,
    team_scope,
)
from randinspect.errors import (
    DuplicateIdError,
    InfeasibleAssignmentError,
    UnknownIdError,
    ValidationError,
)
from randinspect.model import Inspector, Plan, Subject, Task, TaskKind, trusted
from randinspect.registry import Registry
from randinspect.sampling import DrawnSubject, SubjectDraw

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

STAFFING_VERSION = "randinspect-staff/1"
"""The version of the staffing procedure (``docs/assignment.md``) this module implements."""

TEAM_WINDOW = 4
"""How many candidates of the lowest load, first in line, a place is drawn from by key."""

_RECUSAL_MODES = ("replace", "swap")
"""The ways an inspector may recuse (R4.3, 003 art. 15): leave the place to the
next candidate, or swap subjects with an inspector already staffed."""

_LEADER = "leader"
_DEPARTMENT = "department"
_ANY = "any"

_RULES_OF_TEAMS = "R4.2, R4.3, R4.5, R4.6"
_TAIL = 16
"""Where the tail of a key starts: inspectors wait at each load in the order of the
last 16 bytes of the key with which they were last drawn."""
_INDEX_BITS = 32
_INDEX_MASK = (1 << _INDEX_BITS) - 1


# --- public value types ------------------------------------------------------------------


class StaffingReason(enum.Enum):
    """Why an inspector cannot take a place on a task."""

    WRONG_DEPARTMENT = "wrong_department"
    """Belongs to a department that does not take part in the plan (R4.6)."""
    UNCERTIFIED = "uncertified"
    """Holds no enforcement certificate (R1.3)."""
    EXPIRED = "expired"
    """The certificate expires before the task's period ends (R1.3)."""
    UNQUALIFIED = "unqualified"
    """Lacks a qualification the check items of the inspector's department require (R3.2)."""
    CONFLICT = "conflict"
    """Has a conflict of interest with the subject and must recuse (R4.3)."""
    UNAVAILABLE = "unavailable"
    """Known to be unavailable (R4.4)."""
    WRONG_PLACE = "wrong_place"
    """May inspect the subject, but not in the places in question: not a can-lead
    member of the initiating department (R4.5), or of another department (R4.6)."""
    AT_MAX_LOAD = "at_max_load"
    """Already carries the plan's maximum number of tasks."""
    ON_TEAM = "on_team"
    """Already a member of the task's team."""
    DROPPED = "dropped"
    """Dropped out of this task earlier (R4.4)."""

    @property
    def rule(self) -> str:
        """The rule behind the reason (an R-number, or the team rule's field)."""
        return _REASON_RULES[self]


_REASON_RULES = {
    StaffingReason.WRONG_DEPARTMENT: "R4.6",
    StaffingReason.UNCERTIFIED: "R1.3",
    StaffingReason.EXPIRED: "R1.3",
    StaffingReason.UNQUALIFIED: "R3.2",
    StaffingReason.CONFLICT: "R4.3",
    StaffingReason.UNAVAILABLE: "R4.4",
    StaffingReason.WRONG_PLACE: "R4.5, R4.6",
    StaffingReason.AT_MAX_LOAD: "TeamRule.max_load",
    StaffingReason.ON_TEAM: "R4.2",
    StaffingReason.DROPPED: "R4.4",
}


@attrs.frozen(kw_only=True)
class Ineligibility:
    """One reason an inspector cannot take a place, in words.

    Attributes:
        reason: The kind of reason.
        detail: The reason in words, naming what it is about and the rule.
    """

    reason: StaffingReason
    detail: str

    def __str__(self) -> str:
        return self.detail

    def to_data(self) -> dict[str, str]:
        """Plain data: the reason's value and the detail."""
        return {"reason": self.reason.value, "detail": self.detail}


@attrs.frozen
class SameAttribute:
    """A conflict rule: an inspector never inspects a subject sharing an attribute value.

    ``SameAttribute("region")`` makes an inspector whose ``attributes["region"]``
    equals the subject's ``attributes["region"]`` recuse (R4.3): the
    "所所交叉" practice of sending inspectors only outside their own area.
    An inspector or subject without the attribute never conflicts by it.

    Attributes:
        name: The subject attribute compared.
        inspector_name: The inspector attribute compared with it; by default
            the same name.
    """

    name: str = attrs.field()
    inspector_name: str | None = attrs.field(default=None, kw_only=True)

    @name.validator
    def _check_name(self, attribute: Any, value: Any) -> None:
        _check_attribute_name(value, field=attribute.name)

    @inspector_name.validator
    def _check_inspector_name(self, attribute: Any, value: Any) -> None:
        if value is not None:
            _check_attribute_name(value, field=attribute.name)

    @property
    def inspector_attribute(self) -> str:
        """The inspector attribute compared."""
        return self.inspector_name if self.inspector_name is not None else self.name

    def __str__(self) -> str:
        if self.inspector_name is None:
            return f"SameAttribute({self.name!r})"
        return f"SameAttribute({self.name!r}, inspector_name={self.inspector_name!r})"

    def to_data(self) -> dict[str, str]:
        """Plain data for the record."""
        return {"name": self.name, "inspector_name": self.inspector_attribute}


def _check_attribute_name(value: object, *, field: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            "must name an attribute",
            obj="SameAttribute",
            field=field,
            value=value,
            rule="R4.3",
            fix='pass the attribute name, e.g. SameAttribute("region")',
        )


class StaffingAction(enum.Enum):
    """What a log entry records."""

    SKIPPED = "skipped"
    """Passed over in a task's walk (recusal R4.3, unavailability R4.4, or, when
    replacing, at max load or unfit for the place); the next took the place."""
    SWAPPED = "swapped"
    """Recused by swapping subjects with an inspector already staffed (R4.3, 003 art. 15)."""
    LEFT_OUT = "left_out"
    """Unavailable for the whole assignment, so in no task's walk (R4.4)."""
    REPAIRED = "repaired"
    """Moved between tasks so that every task can be staffed within the maximum load."""
    REBALANCED = "rebalanced"
    """Handed a task to an inspector of the same eligibility, to even out loads."""
    REPLACED = "replaced"
    """Dropped out after the assignment; the next in the task's draw order took it (R4.4)."""


@attrs.frozen(kw_only=True)
class LogEntry:
    """One line of an assignment's log: a skip, swap, repair, rebalance or replacement.

    Attributes:
        action: What happened.
        task_id: The task it happened on (``None`` for the whole assignment).
        inspector_id: The inspector it happened to.
        reason: Why, when it has a reason.
        detail: What happened, in words, with the rule.
        other_id: The inspector who took the place, or the swap partner.
        other_task_id: The other task involved in a swap or a move.
        rule: The rule applied.
    """

    action: StaffingAction
    task_id: str | None
    inspector_id: str
    reason: StaffingReason | None = None
    detail: str = ""
    other_id: str | None = None
    other_task_id: str | None = None
    rule: str = ""

    def __str__(self) -> str:
        where = f"task {self.task_id!r}: " if self.task_id is not None else ""
        return f"{where}{self.inspector_id!r} {self.action.value}: {self.detail}"

    def to_data(self) -> dict[str, str | None]:
        """A flat row of plain data."""
        return {
            "action": self.action.value,
            "task_id": self.task_id,
            "inspector_id": self.inspector_id,
            "reason": self.reason.value if self.reason is not None else None,
            "detail": self.detail,
            "other_id": self.other_id,
            "other_task_id": self.other_task_id,
            "rule": self.rule,
        }


@attrs.frozen(kw_only=True)
class Place:
    """Places on one task's team that a certificate counts.

    Attributes:
        task_id: The task.
        subject_id: Its subject.
        role: ``"leader"`` (a can-lead member of the initiating department,
            R4.5), ``"department"`` (a member of ``department``, R4.6) or
            ``"any"`` (any member who may inspect the subject).
        department: The department a leader or department place needs.
        count: How many such places.
    """

    task_id: str
    subject_id: str
    role: str
    department: str | None
    count: int

    def fits(self, inspector: Inspector) -> bool:
        """Whether ``inspector``'s department and can-lead status suit this place.

        (Eligibility for the task itself, R1.3, R3.2, R4.3, R4.4, is separate.)
        """
        if self.role == _LEADER:
            return inspector.department == self.department and inspector.can_lead
        if self.role == _DEPARTMENT:
            return inspector.department == self.department
        return True

    def __str__(self) -> str:
        plural = "s" if self.count != 1 else ""
        if self.role == _LEADER:
            what = f"leader place (a can-lead member of {self.department!r}, R4.5)"
        elif self.role == _DEPARTMENT:
            what = f"place for a member of {self.department!r} (R4.6)"
        else:
            what = f"open place{plural}"
        return f"task {self.task_id!r}: {self.count} {what}"

    def to_data(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "task_id": self.task_id,
            "subject_id": self.subject_id,
            "role": self.role,
            "department": self.department,
            "count": self.count,
        }


@attrs.frozen(kw_only=True)
class Infeasibility:
    """A certificate that some tasks cannot all be staffed: a Hall-type obstruction.

    The ``places`` need ``needed`` inspectors in all. An inspector can fill at
    most one place per task, and at most ``max_load`` places in all, so the
    inspectors in ``able`` can fill at most ``capacity`` of them together,
    fewer than needed; everyone else in the roster can fill none, for the
    reasons in ``unable``. Anyone can check it with the rules alone.

    From :func:`replace_inspector`, whose other tasks stay as published, the
    certificate is one place that nobody can take: those at the maximum load,
    on the team, or dropped out are listed as unable with that reason.

    Attributes:
        places: The places that cannot all be filled, by task.
        needed: How many inspectors they need: the sum of the places' counts.
        capacity: The most of them the able inspectors can fill together.
        able: Inspector id to the most of these places that inspector can
            fill: the number of these tasks it may take a place on, capped at
            ``max_load``.
        unable: Every other roster inspector's id to why it can fill none.
        max_load: The plan's maximum load per inspector, or ``None``.
    """

    places: tuple[Place, ...]
    needed: int
    capacity: int
    able: FrozenMap[str, int]
    unable: FrozenMap[str, tuple[Ineligibility, ...]]
    max_load: int | None

    @property
    def task_ids(self) -> tuple[str, ...]:
        """The tasks involved, in the order of the places."""
        return tuple(dict.fromkeys(place.task_id for place in self.places))

    def summary(self) -> str:
        """One sentence: how many places, how few can be filled."""
        tasks = self.task_ids
        named = ", ".join(repr(t) for t in tasks[:5])
        if len(tasks) > 5:  # noqa: PLR2004
            named += f" and {len(tasks) - 5} more"
        limited = sum(
            1 for n in self.able.values() if self.max_load is not None and n == self.max_load
        )
        limit = (
            f", {limited} of them held to the maximum load of {self.max_load}" if limited else ""
        )
        return (
            f"{len(tasks)} task(s) ({named}) need {self.needed} inspector place(s),"
            f" but the {len(self.able)} inspector(s) able to fill them can fill at most"
            f" {self.capacity}{limit}"
        )

    def explain(self) -> str:
        """The whole certificate in words, one line per place and inspector."""
        lines = [self.summary() + ".", "Places:"]
        lines += [f"  {place}" for place in self.places]
        lines.append("Able to fill some of them (most places each):")
        lines += [f"  {i}: {n}" for i, n in self.able.items()] or ["  nobody"]
        lines.append("Unable to fill any:")
        for inspector_id, reasons in self.unable.items():
            lines.append(f"  {inspector_id}: " + "; ".join(str(r) for r in reasons))
        return "\n".join(lines)

    def to_data(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "places": [p.to_data() for p in self.places],
            "needed": self.needed,
            "capacity": self.capacity,
            "able": dict(self.able),
            "unable": {i: [r.to_data() for r in rs] for i, rs in self.unable.items()},
            "max_load": self.max_load,
        }


@attrs.frozen(kw_only=True)
class Assignment:
    """The result of :func:`assign_inspectors`: every drawn subject's team, and the log.

    ``teams`` and ``leaders`` follow ``draw.drawn``, the draw's key order;
    :attr:`tasks` makes them :class:`~randinspect.model.Task` values on first
    use (as ``SubjectDraw.drawn`` does for drawn subjects).

    Attributes:
        plan: The plan staffed.
        seed: The seed of the team draw.
        teams: Each drawn subject's team, inspector ids in ``T``-key order.
        leaders: Each team's leader, or ``None`` when the rule has none (R4.5).
        log: Every skip, swap, repair, rebalance and replacement, in order.
        loads: Every roster inspector's id to the number of tasks it carries.
        roster_fingerprint: The roster's fingerprint (randinspect-fingerprint/1, R1.5).
        registry_fingerprint: The fingerprint of the registry the subjects were drawn from.
        team_size: Inspectors per team: the rule's size, raised if need be to
            give every department of a joint plan a member (R4.6).
        recusal: ``"replace"`` or ``"swap"`` (R4.3, 003 art. 15).
        notes: What a reader should know.
        draw: The subject draw staffed.
        roster: The roster, in the canonical order of ids.
        conflicts: The conflict pairs and rules given, in canonical order.
        unavailable: The unavailability given: ids and (inspector, subject) pairs.
    """

    plan: Plan
    seed: Seed
    teams: tuple[tuple[str, ...], ...] = attrs.field(repr=False)
    leaders: tuple[str | None, ...] = attrs.field(repr=False)
    log: tuple[LogEntry, ...] = attrs.field(repr=False)
    loads: FrozenMap[str, int] = attrs.field(repr=False)
    roster_fingerprint: str
    registry_fingerprint: str
    team_size: int
    recusal: str
    notes: tuple[str, ...]
    draw: SubjectDraw = attrs.field(repr=False, eq=False)
    roster: tuple[Inspector, ...] = attrs.field(repr=False)
    conflicts: tuple[tuple[str, str] | SameAttribute, ...] = attrs.field(repr=False)
    unavailable: tuple[str | tuple[str, str], ...] = attrs.field(repr=False)

    @property
    def spec(self) -> str:
        """The draw specification followed: ``randinspect-draw/1``."""
        return SPEC_VERSION

    @property
    def procedure(self) -> str:
        """The staffing procedure followed: ``randinspect-staff/1``."""
        return STAFFING_VERSION

    @functools.cached_property
    def task_ids(self) -> tuple[str, ...]:
        """Each task's id, ``plan id/subject id``, in the draw's key order."""
        return tuple(team_scope(self.plan.id, d.subject.id) for d in self.draw.drawn)

    @functools.cached_property
    def tasks(self) -> tuple[Task, ...]:
        """One task per drawn subject, in the draw's key order (built on first use).

        Each carries all the plan's check items (R4.7), its team in ``T``-key
        order with its leader, the period its subject was dealt to, the
        initiating department and unit, and counts as a random task of the
        plan's year (R5). They are put together from values already checked
        (see :func:`randinspect.model.trusted`).
        """
        plan = self.plan
        items = tuple(item.id for item in plan.items)
        return tuple(
            trusted(
                Task,
                id=task_id,
                plan_id=plan.id,
                subject_id=drawn.subject.id,
                items=items,
                inspectors=team,
                leader=leader,
                period=drawn.period,
                department=plan.department,
                unit=plan.unit,
                kind=TaskKind.RANDOM,
                on=None,
                year=plan.year,
            )
            for task_id, drawn, team, leader in zip(
                self.task_ids, self.draw.drawn, self.teams, self.leaders, strict=True
            )
        )

    @functools.cached_property
    def _positions(self) -> dict[str, int]:
        return {task_id: n for n, task_id in enumerate(self.task_ids)}

    def position(self, task_id: str) -> int:
        """The place of ``task_id`` in :attr:`tasks`.

        Raises:
            UnknownIdError: no task of this assignment has that id.
        """
        index = self._positions.get(task_id)
        if index is None:
            raise UnknownIdError(
                "no such task in this assignment",
                obj=f"Assignment of plan {self.plan.id!r}",
                field="task_id",
                value=task_id,
                fix=f"task ids are plan id + '/' + subject id, e.g. {self.task_ids[0]!r}"
                if self.task_ids
                else "this assignment has no tasks",
            )
        return index

    def task(self, task_id: str) -> Task:
        """The task with ``task_id``.

        Raises:
            UnknownIdError: no task of this assignment has that id.
        """
        return self.tasks[self.position(task_id)]

    def to_rows(self) -> list[dict[str, Any]]:
        """One flat row per team place, for ``pandas.DataFrame(assignment.to_rows())``.

        Columns: task and subject id, the period's name, start and end, the
        member's position in the team's draw order (from 1), the inspector's
        id and department, and whether it leads the team.
        """
        departments = {i.id: i.department for i in self.roster}
        rows = []
        for task_id, drawn, team, leader in zip(
            self.task_ids, self.draw.drawn, self.teams, self.leaders, strict=True
        ):
            period = drawn.period
            for position, inspector_id in enumerate(team, start=1):
                rows.append(
                    {
                        "task_id": task_id,
                        "subject_id": drawn.subject.id,
                        "period": period.name,
                        "period_start": period.start.isoformat(),
                        "period_end": period.end.isoformat(),
                        "position": position,
                        "inspector_id": inspector_id,
                        "department": departments[inspector_id],
                        "leader": inspector_id == leader,
                    }
                )
        return rows

    def record(self) -> dict[str, Any]:
        """The publishable record (R7.1, R7.6): with the roster and the draw, enough to re-run.

        Conflicts and unavailability are personal data: redact them before
        publishing if privacy requires (R7.2), and keep the full record on file.
        """
        return {
            "spec": SPEC_VERSION,
            "procedure": STAFFING_VERSION,
            "window": TEAM_WINDOW,
            "seed": self.seed.hex,
            "plan_id": self.plan.id,
            "year": self.plan.year,
            "draw_seed": self.draw.seed.hex,
            "registry_fingerprint": self.registry_fingerprint,
            "roster_fingerprint": self.roster_fingerprint,
            "roster_size": len(self.roster),
            "team_rule": self.plan.team.to_data(),
            "team_size": self.team_size,
            "recusal": self.recusal,
            "conflicts": [
                c.to_data() if isinstance(c, SameAttribute) else list(c) for c in self.conflicts
            ],
            "unavailable": [u if isinstance(u, str) else list(u) for u in self.unavailable],
            "tasks": [
                {
                    "id": task_id,
                    "subject_id": drawn.subject.id,
                    "period": drawn.period.name,
                    "inspectors": list(team),
                    "leader": leader,
                }
                for task_id, drawn, team, leader in zip(
                    self.task_ids, self.draw.drawn, self.teams, self.leaders, strict=True
                )
            ],
            "log": [entry.to_data() for entry in self.log],
            "loads": dict(self.loads),
            "notes": list(self.notes),
        }


# --- eligibility ------------------------------------------------------------------------


class _Layout:
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
        self.places = tuple(s for s in self.slots for _ in range(self.capacity(s)))

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


class _Context:
    """Who may take which place on which subject's task, and why not (R1.3, R3.2, R4.3-R4.6)."""

    def __init__(
        self,
        plan: Plan,
        roster: tuple[Inspector, ...],
        conflicts: tuple[tuple[str, str] | SameAttribute, ...],
        unavailable: tuple[str | tuple[str, str], ...],
    ) -> None:
        self.plan = plan
        self.layout = _Layout(plan)
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
            self.standing.append(_standing(plan, inspector, required, absent=absent))
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
        end = self.periods[period].end
        return Ineligibility(
            reason=StaffingReason.EXPIRED,
            detail=f"certificate expires on {expires}, before the period ends on {end} (R1.3)",
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


def _standing(
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


# --- validation of the arguments ---------------------------------------------------------

_FN = "assign_inspectors"


def _check_draw(draw: object) -> SubjectDraw:
    if not isinstance(draw, SubjectDraw):
        raise ValidationError(
            "must be a SubjectDraw",
            obj=_FN,
            field="draw",
            value=draw,
            fix="pass the result of draw_subjects(plan, registry, seed=...)",
        )
    return draw


def _check_roster(roster: object) -> tuple[Inspector, ...]:
    if isinstance(roster, str | bytes | Mapping) or not isinstance(roster, Iterable):
        raise ValidationError(
            "a roster is a collection of Inspector values",
            obj=_FN,
            field="roster",
            value=roster,
            rule="R1.3",
            fix="pass a list of Inspector, e.g. [Inspector.from_mapping(row) for row in rows]",
        )
    members = list(roster)
    if not members:
        raise ValidationError(
            "the roster is empty: there is no one to staff the tasks",
            obj=_FN,
            field="roster",
            value=[],
            rule="R1.3",
            fix="pass the inspector roster (执法检查人员名录库) of the plan's departments",
        )
    for index, inspector in enumerate(members):
        if not isinstance(inspector, Inspector):
            raise ValidationError(
                f"entry {index} is not an Inspector",
                obj=_FN,
                field="roster",
                value=inspector,
                rule="R1.3",
                fix="build each entry with Inspector(...) or Inspector.from_mapping(row)",
            )
    members.sort(key=lambda i: i.id.encode())
    for before, after in itertools.pairwise(members):
        if before.id == after.id:
            raise DuplicateIdError(
                "two inspectors share an id",
                obj=_FN,
                field="roster",
                value=after.id,
                rule="R1.3",
                fix="keep one entry per inspector",
            )
    return tuple(members)


def _check_pair(
    entry: object, *, field: str, roster: Mapping[str, Inspector], registry: Registry
) -> tuple[str, str]:
    if (
        not isinstance(entry, tuple | list)
        or len(entry) != 2  # noqa: PLR2004
        or not all(isinstance(part, str) for part in entry)
    ):
        hint = (
            '("inspector-id", "subject-id") pairs, or SameAttribute("region")'
            if field == "conflicts"
            else 'inspector ids, or ("inspector-id", "subject-id") pairs'
        )
        raise ValidationError(
            "is not an (inspector id, subject id) pair",
            obj=_FN,
            field=field,
            value=entry,
            rule="R4.3" if field == "conflicts" else "R4.4",
            fix=f"pass {hint}",
        )
    inspector_id, subject_id = entry
    rule = "R4.3" if field == "conflicts" else "R4.4"
    if inspector_id not in roster:
        raise UnknownIdError(
            f"names inspector {inspector_id!r}, who is not in the roster",
            obj=_FN,
            field=field,
            value=tuple(entry),
            rule=rule,
            fix="check the id, or add the inspector to the roster",
        )
    if subject_id not in registry:
        raise UnknownIdError(
            f"names subject {subject_id!r}, which is not in the registry drawn from",
            obj=_FN,
            field=field,
            value=tuple(entry),
            rule=rule,
            fix="check the id against the registry passed to draw_subjects",
        )
    return inspector_id, subject_id


def _check_conflicts(
    conflicts: object, *, roster: Mapping[str, Inspector], registry: Registry
) -> tuple[tuple[str, str] | SameAttribute, ...]:
    if isinstance(conflicts, str | bytes | Mapping) or not isinstance(conflicts, Iterable):
        raise ValidationError(
            "must be a collection of conflicts",
            obj=_FN,
            field="conflicts",
            value=conflicts,
            rule="R4.3",
            fix='pass ("inspector-id", "subject-id") pairs and rules such as'
            ' SameAttribute("region")',
        )
    pairs: set[tuple[str, str]] = set()
    rules: set[SameAttribute] = set()
    for entry in conflicts:
        if isinstance(entry, SameAttribute):
            rules.add(entry)
        else:
            pairs.add(_check_pair(entry, field="conflicts", roster=roster, registry=registry))
    ordered_rules = sorted(rules, key=lambda r: (r.name, r.inspector_attribute))
    ordered_pairs = sorted(pairs, key=lambda p: (p[0].encode(), p[1].encode()))
    return (*ordered_pairs, *ordered_rules)


def _check_unavailable(
    unavailable: object, *, roster: Mapping[str, Inspector], registry: Registry
) -> tuple[str | tuple[str, str], ...]:
    if isinstance(unavailable, str | bytes | Mapping) or not isinstance(unavailable, Iterable):
        raise ValidationError(
            "must be a collection of inspector ids or (inspector, subject) pairs",
            obj=_FN,
            field="unavailable",
            value=unavailable,
            rule="R4.4",
            fix='pass e.g. ["i7", ("i9", "subject-3")]',
        )
    whole: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for entry in unavailable:
        if isinstance(entry, str):
            if entry not in roster:
                raise UnknownIdError(
                    f"names inspector {entry!r}, who is not in the roster",
                    obj=_FN,
                    field="unavailable",
                    value=entry,
                    rule="R4.4",
                    fix="check the id, or add the inspector to the roster",
                )
            whole.add(entry)
        else:
            pairs.add(_check_pair(entry, field="unavailable", roster=roster, registry=registry))
    return (
        *sorted(whole, key=str.encode),
        *sorted(pairs, key=lambda p: (p[0].encode(), p[1].encode())),
    )


def _check_recusal(recusal: object) -> str:
    if recusal not in _RECUSAL_MODES:
        raise ValidationError(
            "must be 'replace' or 'swap'",
            obj=_FN,
            field="recusal",
            value=recusal,
            rule="R4.3",
            fix="pass recusal='replace' (the next inspector takes the place) or 'swap'"
            " (swap subjects with an inspector already staffed, 003 art. 15)",
        )
    return str(recusal)


# --- the staffing procedure ---------------------------------------------------------------


class _Staffer:
    """The mutable working state of one run of randinspect-staff/1 (private, short-lived)."""

    def __init__(
        self,
        context: _Context,
        drawn: Sequence[DrawnSubject],
        *,
        seed: Seed,
        recusal: str,
    ) -> None:
        self.context = context
        self.layout = context.layout
        self.places = context.layout.places
        plan = context.plan
        self.subjects = [d.subject for d in drawn]
        self.task_ids = [team_scope(plan.id, s.id) for s in self.subjects]
        same = {id(period): n for n, period in enumerate(context.periods)}
        self.period = [
            n if (n := same.get(id(d.period))) is not None else context.period_index[d.period]
            for d in drawn
        ]
        base = f"{seed.hex}|{PURPOSE_TEAM}|{plan.id}/".encode()
        self.prefix = [base + s.id.encode() + b"|" for s in self.subjects]
        self.rows = [context.by_subject.get(s.id) for s in self.subjects]
        self.task_values = [
            [s.attributes.get(rule.name) for s in self.subjects] for rule in context.rules
        ]
        self.swap = recusal == "swap"
        n = len(context.roster)
        tasks = len(self.subjects)
        self.cap = plan.team.max_load if plan.team.max_load is not None else tasks + 1
        self.team: list[dict[int, int]] = [{} for _ in range(tasks)]
        self.keys: list[dict[int, bytes]] = [{} for _ in range(tasks)]
        self.served: list[dict[int, None]] = [{} for _ in range(n)]
        self.load = [0] * n
        self.log: list[LogEntry] = []
        self.disturbed = False  # set by swaps and repairs, after which loads need evening out
        self.logged: tuple[int, set[int]] = (-1, set())  # a task and whom its log has skipped
        used = 0
        for period in set(self.period):
            used |= 1 << period
        self.active = [i for i in range(n) if context.active(i) and context.certified[i] & used]
        self.check_periods = any(context.certified[i] & used != used for i in self.active)
        self.unfit = [
            frozenset(i for i in self.active if not context.certified[i] >> period & 1)
            for period in range(len(context.periods))
        ]
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
                self._enter(i, sha256(first + context.encoded[i]).digest())

    # -- waiting lines ---------------------------------------------------------------------

    def _enter(self, i: int, key: bytes) -> None:
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
        entry = int.from_bytes(key[_TAIL:], "big") << _INDEX_BITS | i
        self.waiting[i] = entry
        bisect.insort(lines[load], entry)

    def _bump(self, i: int, key: bytes) -> None:
        """Add one task to ``i``'s load and move it to the next line, by the tail of ``key``."""
        pool = self.pool_of[i]
        lines = self.levels[pool]
        entry = self.waiting[i]
        if entry >= 0:
            line = lines[self.load[i]]
            del line[bisect.bisect_left(line, entry)]
        self.load[i] += 1
        self._enter(i, key)
        lowest = self.lowest[pool]
        while lowest < len(lines) - 1 and not lines[lowest]:
            lowest += 1
        self.lowest[pool] = lowest

    # -- eligibility on the hot path ----------------------------------------------------------

    def _blocked(self, i: int, t: int) -> Ineligibility | None:
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

    def _may(self, i: int, t: int) -> bool:
        return self.context.covers(i, self.period[t]) and self._blocked(i, t) is None

    # -- one task ----------------------------------------------------------------------------

    def run(self) -> None:  # noqa: PLR0912, PLR0915 (the hot loop, kept in one frame)
        """Staff every task in the draw's key order, each place in layout order.

        A required place whose first block holds no one to filter out, and
        whose smallest key need not recuse, is filled right here: exactly
        what :meth:`_pick` would do, without its generality. Every other
        place takes the long way through :meth:`_fill`.
        """
        free = self.layout.free_slot
        places = self.places
        levels = self.levels
        lowest = self.lowest
        served = self.served
        waiting = self.waiting
        load = self.load
        cap = self.cap
        encoded = self.context.encoded
        sha256 = hashlib.sha256
        insort = bisect.insort
        bisect_left = bisect.bisect_left
        window = TEAM_WINDOW
        double = 2 * window
        mask = _INDEX_MASK
        from_bytes = int.from_bytes
        rule_values = list(zip(self.task_values, self.context.rule_values, strict=True))
        for t in range(len(self.subjects)):
            team = self.team[t]
            keys = self.keys[t]
            primed = sha256(self.prefix[t]).copy  # each key hashes on from a copy
            row = self.rows[t]
            unfit = self.unfit[self.period[t]] if self.check_periods else None
            rules = (
                [(values, own[t]) for own, values in rule_values if own[t] is not None]
                if rule_values
                else ()
            )
            for slot in places:
                if slot == free:
                    self._fill(t, slot)
                    continue
                # No member of this place's pool is on the team yet: each pool
                # feeds one required place, and open places come last.
                lines = levels[slot]
                low = lowest[slot]
                line = lines[low]
                raw = [entry & mask for entry in line[:window]]
                if unfit is not None and not unfit.isdisjoint(raw):
                    raw = [entry & mask for entry in line[:double] if entry & mask not in unfit]
                    if len(raw) < window and len(line) > double:
                        raw = []  # too many to filter here: the long way
                    del raw[window:]
                if not raw:
                    self._fill(t, slot)
                    continue
                block = []
                for i in raw:
                    sha = primed()
                    sha.update(encoded[i])
                    block.append((sha.digest(), i))
                key, i = min(block)
                recused = row is not None and i in row
                for values, value in rules:
                    recused = recused or values[i] == value
                if recused:
                    self._fill(t, slot)
                    continue
                team[i] = slot
                keys[i] = key
                served[i][t] = None
                del line[bisect_left(line, waiting[i])]
                load[i] += 1
                if load[i] < cap:
                    if load[i] == len(lines):
                        lines.append([])
                    entry = from_bytes(key[_TAIL:], "big") << _INDEX_BITS | i
                    waiting[i] = entry
                    insort(lines[load[i]], entry)
                else:
                    waiting[i] = -1
                if not line:
                    while low < len(lines) - 1 and not lines[low]:
                        low += 1
                    lowest[slot] = low

    def _fill(self, t: int, slot: int) -> None:
        """Fill one place by the walk (:meth:`_pick`), a swap, or a repair; log the skips."""
        skipped: list[tuple[int, Ineligibility]] = []
        choice = self._pick(t, slot, skipped)
        if choice is None:
            filler = self._augment(t, slot)
        elif len(choice) == 2:  # noqa: PLR2004
            filler, key = choice
            self._join(t, filler, slot, key)
        else:
            filler = self._swap(t, slot, choice[0], (choice[2], choice[3]))
        task_id = self.task_ids[t]
        ids = self.context.roster
        logged = self._logged(t)
        for i, why in skipped:
            if i in logged:
                continue  # passed over for an earlier place of the same task: logged once
            logged.add(i)
            self.log.append(
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

    def _logged(self, t: int) -> set[int]:
        """Who the log has already passed over (or seen swap) for task ``t``."""
        if self.logged[0] != t:
            self.logged = (t, set())
        return self.logged[1]

    def _pick(
        self, t: int, slot: int, skipped: list[tuple[int, Ineligibility]]
    ) -> tuple[int, bytes] | tuple[int, bytes, int, int] | None:
        """Walk the candidates for one place; return the pick, a swap, or ``None``.

        Candidates come level by level (load), each level in waiting order,
        cut into blocks of :data:`TEAM_WINDOW`; within a block the walk is by
        ``T`` key, and the first who may serve takes the place.
        """
        if slot != self.layout.free_slot:
            lines = self.levels[slot]
            for level in range(self.lowest[slot], len(lines)):
                if lines[level]:
                    found = self._blocks(t, slot, iter(lines[level]), skipped)
                    if found is not None:
                        return found
            return None
        pools = range(self.pools)
        level = min(self.lowest[p] for p in pools)
        top = max(len(self.levels[p]) for p in pools)
        while level < top:
            lines = [
                self.levels[p][level]
                for p in pools
                if level < len(self.levels[p]) and self.levels[p][level]
            ]
            if lines:
                stream = iter(lines[0]) if len(lines) == 1 else heapq.merge(*lines)
                found = self._blocks(t, slot, stream, skipped)
                if found is not None:
                    return found
            level += 1
        return None

    def _blocks(
        self,
        t: int,
        slot: int,
        stream: Iterator[int],
        skipped: list[tuple[int, Ineligibility]],
    ) -> tuple[int, bytes] | tuple[int, bytes, int, int] | None:
        """Walk one load level's waiting line, block by block, by key within a block."""
        team = self.team[t]
        period = self.period[t]
        certified = self.context.certified
        prefix = self.prefix[t]
        encoded = self.context.encoded
        sha256 = hashlib.sha256
        window = TEAM_WINDOW
        if not self.check_periods and slot != self.layout.free_slot:
            # The common case: every candidate in the line may be keyed as it comes.
            candidates: Iterator[int] = (entry & _INDEX_MASK for entry in stream)
        else:
            candidates = (
                i
                for entry in stream
                if (i := entry & _INDEX_MASK) not in team and certified[i] >> period & 1
            )
        while True:
            block = [
                (sha256(prefix + encoded[i]).digest(), i)
                for i in itertools.islice(candidates, window)
            ]
            if not block:
                return None
            block.sort()
            for key, i in block:
                why = self._blocked(i, t)
                if why is None:
                    return i, key
                if (
                    self.swap
                    and why.reason is StaffingReason.CONFLICT
                    and i not in self._logged(t)
                ):
                    partner = self._swap_partner(t, slot, i)
                    if partner is not None:
                        return (i, key, *partner)
                skipped.append((i, why))
            if len(block) < window:
                return None

    def _join(self, t: int, i: int, slot: int, key: bytes | None = None) -> None:
        if key is None:
            key = self._key(t, i)
        self.team[t][i] = slot
        self.keys[t][i] = key
        self.served[i][t] = None
        self._bump(i, key)

    def _key(self, t: int, i: int) -> bytes:
        return hashlib.sha256(self.prefix[t] + self.context.encoded[i]).digest()

    # -- recusal by swapping subjects (003 art. 15) ---------------------------------------------

    def _swap_partner(self, t: int, slot: int, x: int) -> tuple[int, int] | None:
        """A staffed task and member to swap with recused ``x``: most recent task first."""
        team = self.team[t]
        group = self.context.group
        fits = self.layout.fits
        for other in range(t - 1, -1, -1):
            if x in self.team[other] or not self._may(x, other):
                continue
            for y in sorted(self.team[other], key=self.keys[other].__getitem__):
                if (
                    y not in team
                    and fits(group[x], self.team[other][y])
                    and fits(group[y], slot)
                    and self._may(y, t)
                ):
                    return other, y
        return None

    def _swap(self, t: int, slot: int, x: int, partner: tuple[int, int]) -> int:
        """Recused ``x`` takes ``y``'s place on task ``other``; ``y`` takes the place on ``t``."""
        other, y = partner
        self.disturbed = True
        self._logged(t).add(x)  # it recused from this task once: no second swap, no skip line
        y_slot = self.team[other].pop(y)
        del self.keys[other][y]
        del self.served[y][other]
        self.team[t][y] = slot
        self.keys[t][y] = self._key(t, y)
        self.served[y][t] = None
        self._join(other, x, y_slot)
        ids = self.context.roster
        why = self._blocked(x, t)
        self.log.append(
            LogEntry(
                action=StaffingAction.SWAPPED,
                task_id=self.task_ids[t],
                inspector_id=ids[x].id,
                reason=StaffingReason.CONFLICT,
                detail=f"{why.detail if why else 'conflict of interest'}; swapped subjects"
                f" with {ids[y].id!r}: takes its place on task {self.task_ids[other]!r},"
                " which takes this place (003 art. 15)",
                other_id=ids[y].id,
                other_task_id=self.task_ids[other],
                rule="R4.3",
            )
        )
        return y

    # -- feasibility: augmenting paths ----------------------------------------------------------

    def _fitting(self, slot: int) -> Iterator[int]:
        if slot == self.layout.free_slot:
            return iter(self.active)
        return iter(self.members[slot])

    def _augment(self, t0: int, slot0: int) -> int:
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
        vacancy_parent: dict[tuple[int, int], tuple[str, int, tuple[int, int]] | None] = {
            start: None
        }
        inspector_parent: dict[int, tuple[int, int]] = {}
        queue = deque([start])
        while queue:
            vacancy = queue.popleft()
            best, full, shifts = self._candidates(vacancy, inspector_parent)
            for i, held in shifts:
                if held not in vacancy_parent:
                    vacancy_parent[held] = ("shift", i, vacancy)
                    queue.append(held)
            if best is not None:
                inspector_parent[best] = vacancy
                self._apply(best, inspector_parent, vacancy_parent, start)
                return best
            for i in full:
                inspector_parent[i] = vacancy
                for other in self.served[i]:
                    held = (other, self.team[other][i])
                    if held not in vacancy_parent:
                        vacancy_parent[held] = ("leave", i, vacancy)
                        queue.append(held)
        raise self._infeasible(vacancy_parent)

    def _candidates(
        self, vacancy: tuple[int, int], seen: Mapping[int, object]
    ) -> tuple[int | None, list[int], list[tuple[int, tuple[int, int]]]]:
        """Who could fill ``vacancy``.

        Returns the best with spare room (least loaded, then in line order),
        those at max load, and members of the task who could move over from
        another of its places.
        """
        t, slot = vacancy
        team = self.team[t]
        best: int | None = None
        best_rank: tuple[int, int] = (0, 0)
        full: list[int] = []
        shifts: list[tuple[int, tuple[int, int]]] = []
        for i in self._fitting(slot):
            current = team.get(i)
            if current is not None:  # a member, hence eligible
                if current != slot:
                    shifts.append((i, (t, current)))
            elif i in seen or not self._may(i, t):
                continue
            elif self.load[i] < self.cap:
                rank = (self.load[i], self.waiting[i])
                if best is None or rank < best_rank:
                    best, best_rank = i, rank
            else:
                full.append(i)
        return best, full, shifts

    def _apply(
        self,
        j: int,
        inspector_parent: dict[int, tuple[int, int]],
        vacancy_parent: dict[tuple[int, int], tuple[str, int, tuple[int, int]] | None],
        start: tuple[int, int],
    ) -> None:
        ids = self.context.roster
        self.disturbed = True
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
                self.team[left][i] = joined_slot
                continue
            del self.team[left][i]
            del self.keys[left][i]
            del self.served[i][left]
            self.team[joined][i] = joined_slot
            self.keys[joined][i] = self._key(joined, i)
            self.served[i][joined] = None
            self.log.append(
                LogEntry(
                    action=StaffingAction.REPAIRED,
                    task_id=self.task_ids[left],
                    inspector_id=ids[i].id,
                    detail=f"moves to task {self.task_ids[joined]!r} so that every task can"
                    f" be staffed within the maximum load of {self.cap}",
                    other_task_id=self.task_ids[joined],
                    rule="TeamRule.max_load",
                )
            )
        t, slot = vacancy
        self._join(t, j, slot)
        if moves:
            self.log.append(
                LogEntry(
                    action=StaffingAction.REPAIRED,
                    task_id=self.task_ids[t],
                    inspector_id=ids[j].id,
                    detail=f"joins task {self.task_ids[t]!r} in a place freed by the moves"
                    f" above, for task {self.task_ids[start[0]]!r}",
                    other_task_id=self.task_ids[start[0]],
                    rule="TeamRule.max_load",
                )
            )

    def _infeasible(
        self, vacancies: Mapping[tuple[int, int], object]
    ) -> InfeasibleAssignmentError:
        by_task: dict[int, list[int]] = {}
        for t, slot in vacancies:
            by_task.setdefault(t, []).append(slot)
        for slots in by_task.values():
            slots.sort()
        return _certificate_error(
            self.context,
            [(self.subjects[t], self.period[t], slots) for t, slots in sorted(by_task.items())],
            cap=self.context.plan.team.max_load,
        )

    # -- balance ---------------------------------------------------------------------------------

    def rebalance(self) -> None:
        """Even out loads to within one among inspectors of the same eligibility.

        The walk alone keeps them within one: a place goes to a candidate of
        the lowest load, and an inspector of the same eligibility is a
        candidate whenever the one picked is. Only swaps (003 art. 15) and
        repairs can upset that, so the pass runs only after them.
        """
        if not self.disturbed:
            return
        index: _BlockIndex | None = None
        for pool in range(self.pools):
            members = self.members[pool]
            if not members:
                continue
            loads = [self.load[i] for i in members]
            low, high = min(loads), max(loads)
            if high - low <= 1:
                continue
            if index is None:
                index = _BlockIndex(self)
            involved = [i for i in members if self.load[i] >= low + 2 or self.load[i] <= high - 2]
            classes: dict[tuple[int, frozenset[int]], list[int]] = {}
            for i in involved:
                classes.setdefault(index.eligibility(i), []).append(i)
            for same in classes.values():
                self._even_out(same)

    def _even_out(self, same: list[int]) -> None:
        ids = self.context.roster
        while True:
            heavy = max(same, key=lambda i: (self.load[i], -i))
            light = min(same, key=lambda i: (self.load[i], i))
            if self.load[heavy] - self.load[light] <= 1:
                return
            t = max(task for task in self.served[heavy] if task not in self.served[light])
            slot = self.team[t].pop(heavy)
            del self.keys[t][heavy]
            del self.served[heavy][t]
            self.load[heavy] -= 1
            self.team[t][light] = slot
            self.keys[t][light] = self._key(t, light)
            self.served[light][t] = None
            self.load[light] += 1
            self.log.append(
                LogEntry(
                    action=StaffingAction.REBALANCED,
                    task_id=self.task_ids[t],
                    inspector_id=ids[heavy].id,
                    detail=f"hands its place to {ids[light].id!r}, who may serve exactly the"
                    f" same tasks and places, to keep their loads within one"
                    f" ({self.load[heavy] + 1} and {self.load[light] - 1} before)",
                    other_id=ids[light].id,
                )
            )

    # -- the result ---------------------------------------------------------------------------

    def teams(self) -> tuple[tuple[tuple[str, ...], ...], tuple[str | None, ...]]:
        """Each task's team in ``T``-key order (ties by id bytes), and its leader."""
        ids = [inspector.id for inspector in self.context.roster]
        encoded = self.context.encoded
        leads = self.context.group if self.context.plan.team.leader else [-1] * len(ids)
        teams: list[tuple[str, ...]] = []
        leaders: list[str | None] = []
        for keys in self.keys:
            order = sorted([(key, encoded[i], i) for i, key in keys.items()])
            teams.append(tuple([ids[i] for _, _, i in order]))
            leaders.append(next((ids[i] for _, _, i in order if leads[i] == 0), None))
        return tuple(teams), tuple(leaders)


class _BlockIndex:
    """The tasks each inspector may not serve, from the sources of blocks (for rebalancing)."""

    def __init__(self, staffer: _Staffer) -> None:
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


def _certificate_error(
    context: _Context,
    places: Sequence[tuple[Subject, int, Sequence[int]]],
    *,
    cap: int | None,
    ruled_out: Mapping[int, tuple[Ineligibility, ...]] | None = None,
    one_place: bool = False,
) -> InfeasibleAssignmentError:
    """Build the Hall-type certificate for ``places`` and the error that carries it.

    ``places`` lists, per task, its subject, period and the slots in question.
    ``ruled_out`` names inspectors who can take none for other reasons, and
    ``one_place`` counts one place per slot (both used when replacing one
    member of one task while the other tasks stay as they are).
    """
    plan = context.plan
    layout = context.layout
    place_values = tuple(
        Place(
            task_id=team_scope(plan.id, subject.id),
            subject_id=subject.id,
            role=layout.place(slot)[0],
            department=layout.place(slot)[1],
            count=1 if one_place else layout.capacity(slot),
        )
        for subject, _, slots in places
        for slot in slots
    )
    able, unable = _Counter(context, places).count(cap=cap, ruled_out=ruled_out or {})
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
    return InfeasibleAssignmentError(
        f"no valid assignment exists: {certificate.summary()}",
        certificate=certificate,
        obj=f"Plan {plan.id!r}",
        field="roster",
        rule=_RULES_OF_TEAMS,
        fix="; ".join(fixes),
    )


_MOST_REASONS = 5
"""How many task-specific reasons an inspector's entry in a certificate spells out."""


class _Counter:
    """Counts, for a certificate, how many of its tasks each inspector could serve.

    An inspector counts a task when it suits one of the task's places in
    question and may serve the task. The work is linear in the roster and in
    the (inspector, task) pairs that are blocked, not in roster x tasks.
    """

    def __init__(
        self, context: _Context, places: Sequence[tuple[Subject, int, Sequence[int]]]
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
        blocked = self._blocked(i)
        count = sum(len(self.by_slots[slots]) for slots in suits)
        count -= sum(1 for n in blocked if self.slots_of[n] in suits)
        if count:
            return count, ()
        details = list(dict.fromkeys(blocked[n] for n in blocked if self.slots_of[n] in suits))
        reasons = dict.fromkeys(details[:_MOST_REASONS])
        if len(details) > _MOST_REASONS:
            more = len(details) - _MOST_REASONS
            rest = details[_MOST_REASONS].reason
            reasons[Ineligibility(reason=rest, detail=f"and {more} more such reasons")] = None
        return 0, (*misfits, *reasons)

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


# --- the public functions -------------------------------------------------------------------


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
    draw = _check_draw(draw)
    seed = check_seed(seed)
    members = _check_roster(roster)
    by_id = {inspector.id: inspector for inspector in members}
    checked_conflicts = _check_conflicts(conflicts, roster=by_id, registry=draw.registry)
    checked_unavailable = _check_unavailable(unavailable, roster=by_id, registry=draw.registry)
    mode = _check_recusal(recusal)
    plan = draw.plan
    context = _Context(plan, members, checked_conflicts, checked_unavailable)
    staffer = _Staffer(context, draw.drawn, seed=seed, recusal=mode)
    for inspector_id in (u for u in checked_unavailable if isinstance(u, str)):
        staffer.log.append(
            LogEntry(
                action=StaffingAction.LEFT_OUT,
                task_id=None,
                inspector_id=inspector_id,
                reason=StaffingReason.UNAVAILABLE,
                detail="unavailable for the whole assignment: in no task's walk (R4.4)",
                rule="R4.4",
            )
        )
    staffer.run()
    staffer.rebalance()
    teams, leaders = staffer.teams()
    return Assignment(
        plan=plan,
        seed=seed,
        teams=teams,
        leaders=leaders,
        log=tuple(staffer.log),
        loads=FrozenMap(
            (inspector.id, staffer.load[n]) for n, inspector in enumerate(context.roster)
        ),
        roster_fingerprint=registry_fingerprint(members),
        registry_fingerprint=draw.fingerprint,
        team_size=context.layout.size,
        recusal=mode,
        notes=_notes(context, staffer),
        draw=draw,
        roster=members,
        conflicts=checked_conflicts,
        unavailable=checked_unavailable,
    )


def _notes(context: _Context, staffer: _Staffer) -> tuple[str, ...]:
    notes = []
    plan = context.plan
    if not staffer.subjects:
        notes.append("the draw is empty: no task to staff")
    if context.layout.size > plan.team.size:
        notes.append(
            f"team size raised from {plan.team.size} to {context.layout.size} so that every"
            f" department of the joint plan has a member (R4.6)"
        )
    counts: dict[StaffingReason, int] = {}
    for reasons in context.standing:
        for why in reasons:
            counts[why.reason] = counts.get(why.reason, 0) + 1
    if counts:
        listed = ", ".join(f"{reason.value} {n}" for reason, n in counts.items())
        notes.append(f"roster inspectors who may not serve this plan: {listed}")
    return tuple(notes)


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
    position = _check_replacement(assignment, task_id, inspector_id, reason)
    plan = assignment.plan
    context = _Context(plan, assignment.roster, assignment.conflicts, assignment.unavailable)
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
    slot = _missing_slot(context.layout, [context.group[i] for i in staying])
    loads = {index[i]: n for i, n in assignment.loads.items()}
    prefix = f"{assignment.seed.hex}|{PURPOSE_TEAM}|{task_id}|".encode()
    order = sorted(
        (hashlib.sha256(prefix + context.encoded[i]).digest(), context.encoded[i], i)
        for i in range(len(context.roster))
        if context.active(i) and context.covers(i, period)
    )
    passed: list[tuple[int, Ineligibility]] = []
    chosen: int | None = None
    for _, _, i in order:
        if i in staying or i in dropped:
            continue
        why = _replacement_obstacle(context, i, subject, slot=slot, loads=loads)
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
        raise _certificate_error(
            context,
            [(subject, period, [slot])],
            cap=plan.team.max_load,
            ruled_out=ruled_out,
            one_place=True,
        )
    return _replaced(assignment, position, context, (inspector_id, chosen, reason), passed)


def _check_replacement(assignment: object, task_id: str, inspector_id: str, reason: object) -> int:
    if not isinstance(assignment, Assignment):
        raise ValidationError(
            "must be an Assignment",
            obj="replace_inspector",
            field="assignment",
            value=assignment,
            fix="pass the result of assign_inspectors(...)",
        )
    if not isinstance(reason, str) or not reason.strip():
        raise ValidationError(
            "give the reason the inspector drops out",
            obj="replace_inspector",
            field="reason",
            value=reason,
            rule="R4.4",
            fix='pass e.g. reason="ill" or reason="other official duties"',
        )
    position = assignment.position(task_id)
    team = assignment.teams[position]
    if not is_valid_id(inspector_id) or inspector_id not in team:
        raise UnknownIdError(
            "the inspector is not on the task's team",
            obj=f"Task {task_id!r}",
            field="inspector_id",
            value=inspector_id,
            rule="R4.4",
            fix=f"name a member of the team: {list(team)}",
        )
    return position


def _replacement_obstacle(
    context: _Context, i: int, subject: Subject, *, slot: int, loads: Mapping[int, int]
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


def _replaced(
    assignment: Assignment,
    position: int,
    context: _Context,
    change: tuple[str, int, str],
    passed: Sequence[tuple[int, Ineligibility]],
) -> Assignment:
    """The assignment with ``change`` (dropped id, chosen index, reason) made and logged."""
    inspector_id, chosen, reason = change
    ids = [inspector.id for inspector in context.roster]
    new_id = ids[chosen]
    task_id = assignment.task_ids[position]
    prefix = f"{assignment.seed.hex}|{PURPOSE_TEAM}|{task_id}|".encode()
    team = [context.index[i] for i in assignment.teams[position] if i != inspector_id]
    team.append(chosen)
    order = sorted(
        (hashlib.sha256(prefix + context.encoded[i]).digest(), context.encoded[i], i) for i in team
    )
    leader = None
    if assignment.plan.team.leader:
        leader = next((ids[i] for _, _, i in order if context.group[i] == 0), None)
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
    led = (
        f"; {leader!r} now leads the team (R4.5)"
        if assignment.leaders[position] == inspector_id
        else ""
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
    teams[position] = tuple(ids[i] for _, _, i in order)
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
    )


def _missing_slot(layout: _Layout, groups: Sequence[int]) -> int:
    """The slot a team of these members' groups lacks: a required group, else an open place."""
    for slot in range(layout.free_slot):
        if slot not in groups:
            return slot
    return layout.free_slot
