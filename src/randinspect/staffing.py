"""The vocabulary of staffing: teams, places, reasons, the log and the certificate (R4).

These are the values :func:`~randinspect.assignment.assign_inspectors` and
:func:`~randinspect.assignment.replace_inspector` return: an
:class:`Assignment` (every drawn subject's team, the loads, the log and the
record), its :class:`LogEntry` lines with their :class:`StaffingAction` and
:class:`StaffingReason`, the conflict rule :class:`SameAttribute`, and the
Hall-type certificate :class:`Infeasibility` of an assignment that cannot
exist, made of :class:`Place` values. The engine that computes them is the
private package ``randinspect._staffing``; the procedure it follows,
randinspect-staff/1, is specified in ``docs/assignment.md``.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from typing import Any

import attrs

from randinspect._checks import check_collection, type_error
from randinspect._tablerows import assignment_rows
from randinspect._values import FrozenMap, ParseEnum, check_id, to_id
from randinspect.draw import SPEC_VERSION, Seed, canonical_json
from randinspect.errors import UnknownIdError, ValidationError
from randinspect.model import Inspector, Plan, Task, trusted_tasks
from randinspect.sampling import SubjectDraw

__all__ = [
    "CONFLICTS_VERSION",
    "RECORD_KIND",
    "STAFFING_VERSION",
    "TEAM_WINDOW",
    "UNAVAILABLE_VERSION",
    "Assignment",
    "Ineligibility",
    "Infeasibility",
    "LogEntry",
    "Place",
    "SameAttribute",
    "StaffingAction",
    "StaffingReason",
    "conflicts_fingerprint",
    "unavailable_fingerprint",
]

STAFFING_VERSION = "randinspect-staff/2"
"""The version of the staffing procedure (``docs/assignment.md``) the engine implements."""

TEAM_WINDOW = 4
"""How many candidates of the lowest load, first in line, a place is drawn from by key."""

RECORD_KIND = "assignment"
"""The ``record`` tag of an assignment's record (a subject draw's record has ``"draw"``)."""

CONFLICTS_VERSION = "randinspect-conflicts/1"
"""The first line of the text :func:`conflicts_fingerprint` hashes (``docs/assignment.md``)."""

UNAVAILABLE_VERSION = "randinspect-unavailable/1"
"""The first line of the text :func:`unavailable_fingerprint` hashes (``docs/assignment.md``)."""

# The roles of a team's places (``Place.role``); the engine shares them.
_LEADER = "leader"  # a can-lead member of the initiating department (R4.5)
_DEPARTMENT = "department"  # a member of one department of a joint plan (R4.6)
_ANY = "any"  # an open place: anyone who may inspect the subject


class StaffingReason(ParseEnum):
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
    if not isinstance(value, str) or not value.strip() or not _encodes(value):
        raise ValidationError(
            "must name an attribute (text with a UTF-8 form: no lone surrogates)",
            obj="SameAttribute",
            field=field,
            value=value,
            rule="R4.3",
            fix='pass the attribute name, e.g. SameAttribute("region")',
        )


def _encodes(text: str) -> bool:
    """Whether ``text`` has a UTF-8 form, as a record's text must (no lone surrogates)."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


class StaffingAction(ParseEnum):
    """What a log entry records."""

    SKIPPED = "skipped"
    """Passed over in a task's walk (recusal R4.3, unavailability R4.4, or, when
    replacing, at max load or unfit for the place); the next took the place."""
    SWAPPED = "swapped"
    """Recused by swapping subjects with an inspector already staffed (R4.3, 003 art. 15)."""
    LEFT_OUT = "left_out"
    """Kept out of the walk before any task is staffed: no certificate (R1.3), a missing
    qualification (R3.2), away for the whole assignment (R4.4), or, for one period, a
    certificate that lapses before the period ends (R1.3)."""
    REPAIRED = "repaired"
    """Moved between tasks so that every task can be staffed within the maximum load."""
    REBALANCED = "rebalanced"
    """Handed a task to an inspector of the same eligibility, to even out loads."""
    REPLACED = "replaced"
    """Dropped out after the assignment; the next in the task's draw order took it (R4.4)."""
    APPOINTED = "appointed"
    """Appointed team leader by the initiating unit, from the team's can-lead members of
    the initiating department (R4.5, 002 §4(4)); ``other_id`` is the leader it succeeds."""


@attrs.frozen(kw_only=True)
class LogEntry:
    """One line of an assignment's log: a skip, swap, repair, rebalance, replacement, appointment.

    Attributes:
        action: What happened.
        task_id: The task it happened on (``None`` for the whole assignment).
        inspector_id: The inspector it happened to.
        reason: Why, when it has a reason.
        detail: What happened, in words, with the rule.
        other_id: The inspector who took the place, the swap partner, or the
            leader an appointment succeeds.
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
        if not isinstance(inspector, Inspector):
            raise type_error(
                inspector,
                Inspector,
                obj=f"Place of task {self.task_id!r}",
                field="inspector",
                rule="R4.5, R4.6",
                fix="pass an Inspector of the roster",
            )
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


Conflict = tuple[str, str] | SameAttribute
"""A declared conflict of interest: an (inspector id, subject id) pair or a rule (R4.3)."""
Absence = str | tuple[str, str]
"""An unavailability: an inspector id, or an (inspector id, subject id) pair (R4.4)."""


def _pair_key(pair: tuple[str, str]) -> tuple[bytes, bytes]:
    return pair[0].encode(), pair[1].encode()


def ordered_conflicts(
    pairs: Iterable[tuple[str, str]], rules: Iterable[SameAttribute]
) -> tuple[Conflict, ...]:
    """Checked conflicts in canonical order, once each: pairs by id bytes, then rules by names."""
    return (
        *sorted(set(pairs), key=_pair_key),
        *sorted(set(rules), key=lambda r: (r.name, r.inspector_attribute)),
    )


def ordered_unavailable(
    ids: Iterable[str], pairs: Iterable[tuple[str, str]]
) -> tuple[Absence, ...]:
    """Checked absences in canonical order, once each: ids by bytes, then pairs by id bytes."""
    return (*sorted(set(ids), key=str.encode), *sorted(set(pairs), key=_pair_key))


def conflict_data(conflict: Conflict) -> list[str] | dict[str, str]:
    """One conflict as the record writes it: ``["i1", "s1"]`` or a rule's ``to_data()``."""
    return conflict.to_data() if isinstance(conflict, SameAttribute) else list(conflict)


def absence_data(absence: Absence) -> str | list[str]:
    """One absence as the record writes it: ``"i7"`` or ``["i9", "s3"]``."""
    return absence if isinstance(absence, str) else list(absence)


def _digest(header: str, entries: Iterable[Any]) -> str:
    text = "".join([f"{header}\n", *(canonical_json(entry) + "\n" for entry in entries)])
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint_conflicts(conflicts: Iterable[Conflict]) -> str:
    """:func:`conflicts_fingerprint` of conflicts already checked and in canonical order."""
    return _digest(CONFLICTS_VERSION, map(conflict_data, conflicts))


def fingerprint_unavailable(unavailable: Iterable[Absence]) -> str:
    """:func:`unavailable_fingerprint` of absences already checked and in canonical order."""
    return _digest(UNAVAILABLE_VERSION, map(absence_data, unavailable))


def _pair(entry: object, *, obj: str, field: str, rule: str, fix: str) -> tuple[str, str]:
    if isinstance(entry, tuple | list) and len(entry) == 2:  # noqa: PLR2004
        return (
            to_id(check_id(entry[0], obj=obj, field=f"{field} inspector id")),
            to_id(check_id(entry[1], obj=obj, field=f"{field} subject id")),
        )
    raise ValidationError(
        "is not an (inspector id, subject id) pair",
        obj=obj,
        field=field,
        value=entry,
        rule=rule,
        fix=fix,
    )


def conflicts_fingerprint(conflicts: Iterable[Conflict]) -> str:
    r"""SHA-256 of the declared conflicts of interest, as 64 hex characters (R4.3, R7.6).

    The hashed text (randinspect-conflicts/1, ``docs/assignment.md``) is
    UTF-8: the line ``randinspect-conflicts/1``, then one line per distinct
    entry, as canonical JSON (``docs/draw-spec.md``): the (inspector id,
    subject id) pairs as ``["i1","s1"]``, in the order of the inspector id's
    UTF-8 bytes, then the subject id's; then the :class:`SameAttribute`
    rules as ``{"inspector_name":"region","name":"region"}``, in the order of
    ``name``, then ``inspector_name``; every line ending in ``\n``. These
    are the lines of the assignment record's ``conflicts``; inspectors' own
    declared conflicts are part of the roster's fingerprint instead.

    Args:
        conflicts: What :func:`~randinspect.assignment.assign_inspectors` takes as
            ``conflicts``: pairs and rules, in any order, repeats counted once.

    Raises:
        ValidationError: ``conflicts`` is not a collection, or an entry is
            neither a pair of ids nor a SameAttribute.
        InvalidIdError: an id breaks the id rules.
    """
    fix = 'pass ("inspector-id", "subject-id") pairs and rules such as SameAttribute("region")'
    entries: tuple[object, ...] = check_collection(
        conflicts, obj="conflicts_fingerprint", field="conflicts", what="conflicts",
        rule="R4.3", fix=fix,
    )  # fmt: skip
    pairs, rules = [], []
    for n, entry in enumerate(entries):
        if isinstance(entry, SameAttribute):
            rules.append(entry)
        else:
            field = f"conflicts[{n}]"
            pairs.append(
                _pair(entry, obj="conflicts_fingerprint", field=field, rule="R4.3", fix=fix)
            )
    return fingerprint_conflicts(ordered_conflicts(pairs, rules))


def unavailable_fingerprint(unavailable: Iterable[Absence]) -> str:
    r"""SHA-256 of the unavailable inspectors, as 64 hex characters (R4.4, R7.6).

    The hashed text (randinspect-unavailable/1, ``docs/assignment.md``) is
    UTF-8: the line ``randinspect-unavailable/1``, then one line per distinct
    entry as canonical JSON: the inspector ids away for the whole assignment
    as ``"i7"``, in the order of their UTF-8 bytes, then the (inspector id,
    subject id) pairs as ``["i9","s3"]``, in the order of the inspector id's
    bytes, then the subject id's; every line ending in ``\n``. These are
    the lines of the assignment record's ``unavailable``.

    Args:
        unavailable: What :func:`~randinspect.assignment.assign_inspectors`
            takes as ``unavailable``, in any order, repeats counted once.

    Raises:
        ValidationError: ``unavailable`` is not a collection, or an entry is
            neither an id nor a pair of ids.
        InvalidIdError: an id breaks the id rules.
    """
    fix = 'pass e.g. ["i7", ("i9", "subject-3")]'
    entries: tuple[object, ...] = check_collection(
        unavailable, obj="unavailable_fingerprint", field="unavailable",
        what="inspector ids or (inspector, subject) pairs", rule="R4.4", fix=fix,
    )  # fmt: skip
    ids, pairs = [], []
    for n, entry in enumerate(entries):
        field = f"unavailable[{n}]"
        if isinstance(entry, str):
            ids.append(to_id(check_id(entry, obj="unavailable_fingerprint", field=field)))
        else:
            obj = "unavailable_fingerprint"
            pairs.append(_pair(entry, obj=obj, field=field, rule="R4.4", fix=fix))
    return fingerprint_unavailable(ordered_unavailable(ids, pairs))


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
        leaders: Each team's leader, or ``None`` when the rule has none (R4.5);
            under an appointed rule (``team.leader == "appointed"``, 002 §4(4))
            ``None`` until :func:`~randinspect.assignment.appoint_leader` records
            an appointment (:attr:`awaiting_appointment` lists those tasks).
        log: Every skip, swap, repair, rebalance, replacement and appointment, in order.
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
        max_load: The most tasks any inspector carries: the least maximum load
            that any valid assignment allows, within ``team.max_load`` (min-max
            fair loads, R4); ``None`` for an empty draw.
        task_ids: Each task's id, ``plan id/subject id``, in the draw's key order.
        replacements: Each :func:`~randinspect.assignment.replace_inspector`
            call made since, in order: ``(task id, inspector id, reason)``;
            the record keeps them so that a verification can replay them.
        appointments: Each appointment recorded since by
            :func:`~randinspect.assignment.appoint_leader` or ``appoint_leaders``,
            in order: ``(task id, inspector id, after)``, where ``after`` is
            how many of :attr:`replacements` were made before it, so that a
            verification replays both in the order they happened. Always
            empty under a rule without appointment.
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
    max_load: int | None = None
    task_ids: tuple[str, ...] = attrs.field(repr=False, eq=False)
    replacements: tuple[tuple[str, str, str], ...] = attrs.field(default=(), repr=False)
    appointments: tuple[tuple[str, str, int], ...] = attrs.field(default=(), repr=False)

    @property
    def spec(self) -> str:
        """The draw specification followed: ``randinspect-draw/1``."""
        return SPEC_VERSION

    @property
    def procedure(self) -> str:
        """The staffing procedure followed: :data:`STAFFING_VERSION`."""
        return STAFFING_VERSION

    @functools.cached_property
    def tasks(self) -> tuple[Task, ...]:
        """One task per drawn subject, in the draw's key order (built on first use).

        Each carries the check items that apply to its subject
        (:attr:`~randinspect.sampling.DrawnSubject.items`: all the plan's,
        unless its items are on several subject types; R1.2, R4.7), its team in ``T``-key
        order with its leader (``None`` while an appointed leader is awaited,
        R4.5), the period its subject was dealt to, the initiating department
        and unit, the plan's partner departments as ``partners`` (a joint
        visit's other departments, R4.6, so that a partner's later plan
        counts the visit as its own, R5.2), and counts as a random task of
        the plan's year (R5). They are put together from values already
        checked (see :func:`randinspect.model.trusted_tasks`).
        """
        drawn = self.draw.drawn
        rows = zip(
            self.task_ids,
            [d.subject.id for d in drawn],
            [d.items for d in drawn],
            self.teams,
            self.leaders,
            [d.period for d in drawn],
            strict=True,
        )
        return trusted_tasks(rows, self.plan)

    @property
    def awaiting_appointment(self) -> tuple[str, ...]:
        """The tasks whose leader the initiating unit has yet to appoint, in task order (R4.5).

        Under an appointed rule (``team.leader == "appointed"``, 002 §4(4))
        every task without a leader; under any other rule none.
        """
        if not self.plan.team.appointed:
            return ()
        return tuple(
            task_id
            for task_id, leader in zip(self.task_ids, self.leaders, strict=True)
            if leader is None
        )

    @functools.cached_property
    def _positions(self) -> dict[str, int]:
        return {task_id: n for n, task_id in enumerate(self.task_ids)}

    def position(self, task_id: str) -> int:
        """The place of ``task_id`` in :attr:`tasks`.

        Raises:
            UnknownIdError: no task of this assignment has that id.
        """
        if not isinstance(task_id, str):
            raise type_error(
                task_id,
                str,
                obj=f"Assignment of plan {self.plan.id!r}",
                field="task_id",
                fix="pass the task's id, plan id + '/' + subject id",
            )
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

    def to_rows(self, *, table: str = "teams", labels: str | None = None) -> list[dict[str, Any]]:
        """The assignment as a table: ``teams``, ``loads``, ``log`` or ``tasks`` (docs/rows.md).

        ``teams`` has one flat row per team place (task and subject id, the
        period, the member's position in the team's draw order from 1, the
        inspector's id and department, whether it leads), for
        ``pandas.DataFrame(assignment.to_rows())``.
        """
        return assignment_rows(self, table=table, labels=labels)

    def record(self) -> dict[str, Any]:
        """The assignment's self-contained record (R7.1, R7.6); ``docs/assignment.md`` lists it.

        It carries everything that decided the staffing but the roster and
        the draw themselves, which it names by fingerprint and seed: with
        them, :func:`~randinspect.verify.verify_assignment` re-runs it and
        :func:`~randinspect.verify.load_assignment` rebuilds it. Under an
        appointed leader rule (002 §4(4)) it ends with ``appointments``;
        under any other rule it has no such field. It is the
        auditor's full record: conflicts and unavailability are personal
        data (R7.2), left to the disclosure module to withhold from the public.
        """
        plan = self.plan
        names = sorted({c.name for c in self.conflicts if isinstance(c, SameAttribute)})
        return {
            "record": RECORD_KIND,
            "spec": SPEC_VERSION,
            "procedure": STAFFING_VERSION,
            "window": TEAM_WINDOW,
            "seed": self.seed.hex,
            "plan_id": plan.id,
            "year": plan.year,
            "draw_seed": self.draw.seed.hex,
            "registry_fingerprint": self.registry_fingerprint,
            "roster_fingerprint": self.roster_fingerprint,
            "roster_size": len(self.roster),
            "conflicts_fingerprint": fingerprint_conflicts(self.conflicts),
            "unavailable_fingerprint": fingerprint_unavailable(self.unavailable),
            "eligibility": eligibility_data(plan),
            "team_rule": plan.team.to_data(),
            "team_size": self.team_size,
            "recusal": self.recusal,
            "conflicts": [conflict_data(c) for c in self.conflicts],
            "unavailable": [absence_data(u) for u in self.unavailable],
            "tasks": [
                {
                    "id": task_id,
                    "subject_id": drawn.subject.id,
                    "period": drawn.period.name,
                    "attributes": {
                        n: drawn.subject.attributes[n]
                        for n in names
                        if n in drawn.subject.attributes
                    },
                    "inspectors": list(team),
                    "leader": leader,
                }
                for task_id, drawn, team, leader in zip(
                    self.task_ids, self.draw.drawn, self.teams, self.leaders, strict=True
                )
            ],
            "log": [entry.to_data() for entry in self.log],
            "replacements": [
                {"task_id": task_id, "inspector_id": inspector_id, "reason": reason}
                for task_id, inspector_id, reason in self.replacements
            ],
            "loads": dict(self.loads),
            "max_load": self.max_load,
            "notes": list(self.notes),
            **(
                {
                    "appointments": [
                        {"task_id": task_id, "inspector_id": inspector_id, "after": after}
                        for task_id, inspector_id, after in self.appointments
                    ]
                }
                if self.plan.team.appointed
                else {}
            ),
        }


def eligibility_data(plan: Plan) -> dict[str, Any]:
    """What of ``plan`` decides who may serve (R1.3, R3.2, R4.6), as the record writes it.

    The initiating department, the partners (sorted), each check item's id,
    name, department and required qualification (in the plan's order) and
    the periods (certificates must cover the task's period).
    """
    return {
        "department": plan.department,
        "partners": sorted(plan.partners),
        "items": [
            {
                "id": item.id,
                "name": item.name,
                "department": item.department,
                "qualification": item.qualification,
            }
            for item in plan.items
        ],
        "periods": [period.to_data() for period in plan.periods],
    }
