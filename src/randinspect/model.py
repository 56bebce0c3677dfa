"""The domain types: check items, subjects, inspectors, plans, tasks, results.

All are frozen, slotted, keyword-only attrs classes, validated on
construction, hashable, and hold only immutable values. Each writes itself as
plain JSON-compatible data with ``to_data()`` and reads it back, or a CSV row
of text, with ``from_mapping()``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import attrs

from randinspect._checks import (
    check_type,
    is_year,
    optional,
)
from randinspect._enums import (
    Flag,
    Grade,
    Outcome,
    OutcomeClass,
    TaskKind,
    flags_validator,
    grade_validator,
    kind_validator,
    to_flags,
    to_grade,
    to_kind,
)
from randinspect._outcomes import (
    Amendment,
    Decision,
    Handling,
    Rectification,
    RectificationState,
)
from randinspect._plain import (
    DECODE,
    MAX_CELL_BITS,
    NONE_IS_VALUE,
    Plain,
    PlainWithAttributes,
    decode_bool,
    decode_date,
    decode_int,
    decode_many,
    decode_one,
    decode_set,
    decode_set_map,
    plain,
    to_data,
)
from randinspect._plan_rules import check_ratios, check_scope_types
from randinspect._policies import (
    CapPolicy,
    FlagStratum,
    Period,
    Ratios,
    TeamRule,
    ratios_validator,
    to_ratios,
)
from randinspect._result import Result
from randinspect._values import (
    FrozenMap,
    bool_validator,
    check_date,
    check_in_years,
    check_members,
    date_validator,
    describe,
    format_ratio,
    id_validator,
    ids_validator,
    instance_of,
    is_text,
    is_valid_id,
    nonempty_text_validator,
    optional_date_validator,
    parse_ratio,
    sorted_text_map,
    text_map_validator,
    text_validator,
    to_frozen_map,
    to_frozenset,
    to_id,
    to_tuple,
    year_validator,
)
from randinspect.errors import (
    DuplicateIdError,
    InvalidDateError,
    RandInspectError,
    RuleViolationError,
    ValidationError,
)

__all__ = [
    "Amendment",
    "CapPolicy",
    "CheckItem",
    "Decision",
    "Flag",
    "FlagStratum",
    "FrozenMap",
    "Grade",
    "Handling",
    "Inspector",
    "Outcome",
    "OutcomeClass",
    "Period",
    "Plan",
    "Ratios",
    "Rectification",
    "RectificationState",
    "Result",
    "Subject",
    "Task",
    "TaskKind",
    "TeamRule",
    "amend_plan",
    "format_ratio",
    "parse_ratio",
]


def _id_field(**kwargs: Any) -> Any:
    """An id field: a ``str`` subclass is stored as plain ``str``, then validated."""
    return attrs.field(converter=to_id, validator=id_validator, **kwargs)


_OPTIONAL_ID = optional(id_validator)


# --- the six domain types --------------------------------------------------------


def _text() -> Any:
    return attrs.field(default="", validator=text_validator)


_OPTIONAL_NAME = optional(nonempty_text_validator)


@attrs.frozen(kw_only=True)
class CheckItem(Plain):
    """One entry of the check-item list (随机抽查事项清单, R1.2).

    Attributes:
        id: The item's id.
        name: What is checked, e.g. "养老机构安全检查".
        department: The department responsible for the item.
        basis: The legal basis.
        subject_type: The subject type the item applies to (matched against a
            subject's ``type`` attribute), or ``None`` for any.
        content: What the check covers.
        method: How it is checked, e.g. on-site (现场检查).
        min_ratios: The listed minimum ratio per grade; a plan may not go below it (R2.2).
        frequency: The listed frequency, as text.
        responsible_unit: The unit that carries it out.
        qualification: The qualification inspectors need for it (R3.2), or ``None``.
        notes: Remarks.
    """

    id: str = _id_field()
    name: str = attrs.field(validator=nonempty_text_validator)
    department: str = attrs.field(validator=nonempty_text_validator)
    basis: str = _text()
    subject_type: str | None = attrs.field(default=None, validator=_OPTIONAL_NAME)
    content: str = _text()
    method: str = _text()
    min_ratios: Ratios = attrs.field(
        factory=Ratios,
        converter=to_ratios,
        validator=ratios_validator,
        metadata={DECODE: decode_one(Ratios)},
    )
    frequency: str = _text()
    responsible_unit: str = _text()
    qualification: str | None = attrs.field(default=None, validator=_OPTIONAL_NAME)
    notes: str = _text()


@attrs.frozen(kw_only=True)
class Subject(PlainWithAttributes):
    """An entity in the subject registry that may be inspected (R1.4).

    Attributes:
        id: The subject's id (e.g. its unified social credit code).
        grade: Its credit / risk grade; text such as ``"B"`` or ``"中高"`` is read.
        name: Its name.
        attributes: What directed draws filter on: type, industry, nature,
            scale, region, or any other ``str`` to ``str`` (R1.4, R3.1).
        flags: Registry marks such as blacklisted or high risk (R2.4, R5.3).
    """

    id: str = _id_field()
    grade: Grade = attrs.field(converter=to_grade, validator=grade_validator)
    name: str = _text()
    attributes: FrozenMap[str, str] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=text_map_validator
    )
    flags: frozenset[Flag] = attrs.field(
        factory=frozenset,
        converter=to_flags,
        validator=flags_validator,
        metadata={DECODE: decode_set},
    )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, extra: str = "error") -> Subject:
        """Build from plain data; with ``extra="attributes"``, unknown keys become attributes.

        That reads a registry CSV whose columns beyond the known fields are the
        attributes of directed draws (type, industry, nature, scale, region;
        R1.4). A row as databases and CSV readers give it (a dict of text
        keys; id, grade, name and flags as text; other columns as text,
        ``None``, NaN or ints) is read by a fast path that runs every check
        of the constructor inline; any other row is read by the general
        path, with the same value or the same error.

        Raises:
            ValidationError: ``data`` or ``extra`` is malformed, or a field
                breaks its rule (an :class:`InvalidIdError` for the id).
        """
        if cls is Subject and type(data) is dict and type(extra) is str:
            subject = _subject_from_row(data, attributes=extra == "attributes")
            if subject is not None:
                return subject
        return super().from_mapping(data, extra=extra)


@attrs.frozen(kw_only=True)
class Inspector(PlainWithAttributes):
    """A certified enforcement officer in the inspector roster (R1.3).

    Attributes:
        id: The inspector's id.
        department: The department the inspector belongs to.
        name: The inspector's name.
        unit: The unit within the department.
        certified: Whether the inspector holds an enforcement certificate (持证).
        certificate_no: The certificate number.
        certificate_expires: The last day the certificate is valid, or ``None``.
        qualifications: Expertise that check items may require (R3.2).
        can_lead: Whether the inspector may lead a team (a section head, R4.5).
        conflicts: Ids of subjects the inspector has declared a conflict with (R4.3).
        attributes: Anything else (gender, birth date, position, region, ...).
    """

    id: str = _id_field()
    department: str = attrs.field(validator=nonempty_text_validator)
    name: str = _text()
    unit: str = _text()
    certified: bool = attrs.field(
        default=True, validator=bool_validator, metadata={DECODE: decode_bool}
    )
    certificate_no: str = _text()
    certificate_expires: dt.date | None = attrs.field(
        default=None, validator=optional_date_validator, metadata={DECODE: decode_date}
    )
    qualifications: frozenset[str] = attrs.field(
        factory=frozenset, converter=to_frozenset, metadata={DECODE: decode_set}
    )
    can_lead: bool = attrs.field(
        default=False, validator=bool_validator, metadata={DECODE: decode_bool}
    )
    conflicts: frozenset[str] = attrs.field(
        factory=frozenset,
        converter=to_frozenset,
        validator=ids_validator,
        metadata={DECODE: decode_set},
    )
    attributes: FrozenMap[str, str] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=text_map_validator
    )

    @qualifications.validator
    def _qualifications(self, attribute: Any, value: object) -> None:
        if isinstance(value, frozenset) and all(is_text(q) and q.strip() for q in value):
            return
        members = value if isinstance(value, frozenset | tuple) else ()
        bad = next((q for q in members if not (is_text(q) and q.strip())), value)
        raise ValidationError(
            "must be a set of non-empty text",
            obj=describe(self),
            field=attribute.name,
            value=bad,
            rule="R3.2",
            fix="pass e.g. {'fire-safety'}",
        )

    def is_certified_on(self, day: dt.date) -> bool:
        """Whether the inspector may inspect on ``day``: certified, not expired (R1.3).

        Raises:
            InvalidDateError: ``day`` is not a date (text, a ``datetime``).
        """
        if type(day) is not dt.date:
            check_date(day, obj=describe(self), field="day")
        expires = self.certificate_expires
        return self.certified and (expires is None or day <= expires)


def _to_items(value: Any) -> tuple[CheckItem, ...]:
    return to_tuple(value)


def _to_periods(value: Any) -> tuple[Period, ...]:
    return to_tuple(value)


def _to_scope(value: Mapping[str, Any]) -> FrozenMap[str, frozenset[str]]:
    if not isinstance(value, Mapping):
        return value
    try:
        return FrozenMap((k, to_frozenset(v)) for k, v in value.items())
    except RandInspectError:
        return value  # type: ignore[return-value]  # the validator rejects it


_OPTIONAL_STRATUM = optional(instance_of(FlagStratum))


def _amendments_validator(instance: object, attribute: Any, value: Any) -> None:
    if not (type(value) is tuple and not value):
        check_members(value, Amendment, obj=describe(instance), field=attribute.name, rule="R5.6")


@attrs.frozen(kw_only=True)
class Plan(Plain):
    """A department's random-inspection plan for a year (抽查计划, R2-R5).

    Attributes:
        id: The plan's id; it scopes the draw (randinspect-draw/1).
        year: The calendar year the plan covers.
        department: The initiating department.
        items: The check items, unique by id; for a joint plan each partner
            department brings its own (R4.6, R4.7). They may apply to several
            subject types: a subject is in scope only when one applies to it (R1.2).
        unit: The initiating unit within the department (R5.2).
        partners: The other departments of a joint plan (R4.6).
        scope: A directed draw's filter: attribute name to allowed values
            (R3.1); empty for an undirected draw. A scope whose ``type`` values
            no item applies to would leave nobody in scope: refused (R1.2, R3.1).
        ratios: Sampling ratio per grade (R2.1), each at least every item's
            listed minimum (R2.2).
        boost: An optional stratum of flagged subjects at a higher ratio (R2.4).
        relief: An optional stratum of trusted subjects at a lower ratio (R2.5).
        periods: The time windows the sample is dealt to (R3.3); by default the
            whole year.
        team: How teams are made up (R4).
        caps: The yearly cap policy (R5).
        amendments: The approved changes since the plan was made, in order
            (R5.6); :func:`amend_plan` adds one.
    """

    id: str = _id_field()
    year: int = attrs.field(validator=year_validator, metadata={DECODE: decode_int})
    department: str = attrs.field(validator=nonempty_text_validator)
    items: tuple[CheckItem, ...] = attrs.field(
        converter=_to_items, metadata={DECODE: decode_many(CheckItem)}
    )
    unit: str = _text()
    partners: frozenset[str] = attrs.field(
        factory=frozenset, converter=to_frozenset, metadata={DECODE: decode_set}
    )
    scope: FrozenMap[str, frozenset[str]] = attrs.field(
        factory=FrozenMap, converter=_to_scope, metadata={DECODE: decode_set_map}
    )
    ratios: Ratios = attrs.field(
        converter=to_ratios,
        validator=ratios_validator,
        metadata={DECODE: decode_one(Ratios)},
    )
    boost: FlagStratum | None = attrs.field(
        default=None, validator=_OPTIONAL_STRATUM, metadata={DECODE: decode_one(FlagStratum)}
    )
    relief: FlagStratum | None = attrs.field(
        default=None, validator=_OPTIONAL_STRATUM, metadata={DECODE: decode_one(FlagStratum)}
    )
    periods: tuple[Period, ...] = attrs.field(
        converter=_to_periods, metadata={DECODE: decode_many(Period)}
    )
    team: TeamRule = attrs.field(
        factory=TeamRule,
        validator=instance_of(TeamRule),
        metadata={DECODE: decode_one(TeamRule)},
    )
    caps: CapPolicy = attrs.field(
        factory=CapPolicy,
        validator=instance_of(CapPolicy),
        metadata={DECODE: decode_one(CapPolicy)},
    )
    amendments: tuple[Amendment, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=_amendments_validator,
        metadata={DECODE: decode_many(Amendment)},
    )

    @periods.default
    def _whole_year(self) -> tuple[Period, ...]:
        # Built before the validators run: from a valid year only (the year's own
        # validator then refuses a bad one, with its message).
        return (Period.whole_year(self.year),) if is_year(self.year) else ()

    @property
    def departments(self) -> frozenset[str]:
        """The initiating department and its partners."""
        return self.partners | {self.department}

    @property
    def joint(self) -> bool:
        """Whether several departments take part (a joint inspection, R4.6)."""
        return len(self.departments) > 1

    def __attrs_post_init__(self) -> None:
        self._check_partners_and_scope()  # first: the items' check reads the departments
        self._check_items()
        check_scope_types(self)  # R1.2, R3.1: someone must be able to be in scope
        check_ratios(self)
        self._check_periods()

    def _check_items(self) -> None:
        me = describe(self)
        check_members(self.items, CheckItem, obj=me, field="items", rule="R1.1")
        seen: set[str] = set()
        for item in self.items:
            if item.id in seen:
                raise DuplicateIdError(
                    "two check items share an id",
                    obj=me,
                    field="items",
                    value=item.id,
                    rule="R4.7",
                    fix="list each check item once; one visit covers all items",
                )
            seen.add(item.id)
            if item.department not in self.departments:
                raise RuleViolationError(
                    f"check item {item.id!r} belongs to department {item.department!r},"
                    " which does not take part in the plan",
                    obj=me,
                    field="partners",
                    value=sorted(self.partners),
                    rule="R4.6",
                    fix=f"add {item.department!r} to partners for a joint inspection",
                )

    def _check_partners_and_scope(self) -> None:
        me = describe(self)
        partners = self.partners
        if not isinstance(partners, frozenset) or not all(
            is_text(p) and p.strip() for p in partners
        ):
            raise ValidationError(
                "must be a set of department names",
                obj=me,
                field="partners",
                value=partners,
                rule="R4.6",
                fix="pass e.g. {'Market Regulation'}",
            )
        scope = self.scope
        if not isinstance(scope, FrozenMap) or not all(
            is_text(k) and k and isinstance(v, frozenset) and v and all(is_text(x) for x in v)
            for k, v in scope.items()
        ):
            raise ValidationError(
                "must map attribute names to non-empty sets of allowed values",
                obj=me,
                field="scope",
                value=scope,
                rule="R3.1",
                fix='pass e.g. {"region": {"Weidong"}}; an empty scope draws from everyone',
            )

    def _check_periods(self) -> None:
        me = describe(self)
        check_members(self.periods, Period, obj=me, field="periods", rule="R3.3")
        for index, period in enumerate(self.periods):
            if period.start.year != self.year or period.end.year != self.year:
                raise InvalidDateError(
                    f"period {period.start.isoformat()}..{period.end.isoformat()} lies"
                    f" outside the plan year {self.year}",
                    obj=me,
                    field=f"periods[{index}]",
                    value=period.to_data(),
                    rule="R3.3",
                    fix=f"keep every period within {self.year}",
                )
        if len(set(self.periods)) != len(self.periods):
            raise DuplicateIdError(
                "a period is listed twice",
                obj=me,
                field="periods",
                value=[p.to_data() for p in self.periods],
                rule="R3.3",
                fix="list each period once",
            )


_FIXED = {"id": "the draw's scope and the plan's identity", "amendments": "the record"}


def amend_plan(
    plan: Plan, /, *, reason: str, approved_by: str, approved_on: dt.date, **changes: Any
) -> Plan:
    """``plan`` changed as approved: the new plan, with an :class:`Amendment` saying so (R5.6).

    An annual plan's inspections are not raised or lowered at will: a change
    needs approval (004 §2(4)). The amendment records each changed field's
    plain data before and after, the reason, who approved it and when; a
    draw of the amended plan carries it in its record.

    Example: ``amend_plan(plan, reason="...", approved_by="局长办公会",
    approved_on=date(2024, 5, 6), ratios={"A": "5%", ...})``.

    Raises:
        ValidationError: ``plan`` is not a Plan, no field changes, a field is
            unknown or fixed (``id``, ``amendments``), or the changed plan or
            the approval is invalid (named as usual).
    """
    check_type(plan, Plan, obj="amend_plan", field="plan", fix="pass the plan to amend")
    fields = {f.name for f in attrs.fields(Plan)}
    for name in changes:
        if name in _FIXED or name not in fields:
            raise ValidationError(
                f"cannot change {name!r}: " + (_FIXED.get(name, "Plan has no such field")),
                obj="amend_plan",
                field=name,
                value=name,
                rule="R5.6",
                fix="make a new plan for a new id"
                if name == "id"
                else f"change one of {sorted(fields - set(_FIXED))}",
            )
    changed = attrs.evolve(plan, **changes)
    before, after = {}, {}
    for name in sorted(changes):
        old, new = _canonical(getattr(plan, name)), _canonical(getattr(changed, name))
        if old != new:
            before[name], after[name] = old, new
    if not after:
        raise ValidationError(
            "changes nothing",
            obj="amend_plan",
            field="changes",
            value=sorted(changes),
            rule="R5.6",
            fix="pass at least one field with a new value, e.g. ratios={...}",
        )
    amendment = Amendment(
        before=before,
        after=after,
        reason=reason,
        approved_by=approved_by,
        approved_on=approved_on,
    )
    return attrs.evolve(changed, amendments=(*plan.amendments, amendment))


def _canonical(value: Any) -> str:
    return json.dumps(plain(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _day_in_years(instance: object, attribute: Any, value: Any) -> None:
    """A date in a year the library accepts: a task counts in the year of its day (R5.1)."""
    date_validator(instance, attribute, value)
    check_in_years(value, value.year, obj=describe(instance), field=attribute.name)


_PERIOD = instance_of(Period)


def _period_in_years(instance: object, attribute: Any, value: Any) -> None:
    """A period starting in a year the library accepts (a task may count in that year)."""
    _PERIOD(instance, attribute, value)
    check_in_years(value, value.start.year, obj=describe(instance), field=attribute.name)


@attrs.frozen(kw_only=True)
class Task(Plain):
    """One subject to inspect, with its items, team and window (抽查任务, R4, R5).

    Attributes:
        id: The task's id.
        plan_id: The plan it comes from.
        subject_id: The subject to inspect.
        items: Ids of the check items done in the one visit (R4.7).
        inspectors: The team, in draw order (may be empty before staffing).
        leader: The team leader, a team member (R4.5), or ``None``.
        period: The window the inspection falls in, or ``None``.
        department: The initiating department.
        unit: The initiating unit within the department (R5.2).
        partners: The other departments of a joint visit (R4.6): the task
            counts once for the cap (R5.1) and as each one's own for the
            department rule (R5.2). ``to_data()`` writes it only when not empty.
        kind: Random, or complaint-driven (never capped, R5.5).
        on: The day it was carried out, if known.
        year: The calendar year it counts for; by default that of ``on``, else
            that of ``period`` (R5.1).
    """

    id: str = _id_field()
    plan_id: str = _id_field()
    subject_id: str = _id_field()
    items: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=ids_validator, metadata={DECODE: decode_set}
    )
    inspectors: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=ids_validator, metadata={DECODE: decode_set}
    )
    leader: str | None = attrs.field(default=None, converter=to_id, validator=_OPTIONAL_ID)
    period: Period | None = attrs.field(
        default=None, validator=optional(_period_in_years), metadata={DECODE: decode_one(Period)}
    )
    department: str = attrs.field(validator=nonempty_text_validator)
    unit: str = _text()
    partners: frozenset[str] = attrs.field(
        factory=frozenset, converter=to_frozenset, metadata={DECODE: decode_set}
    )
    kind: TaskKind = attrs.field(
        default=TaskKind.RANDOM, converter=to_kind, validator=kind_validator
    )
    on: dt.date | None = attrs.field(
        default=None, validator=optional(_day_in_years), metadata={DECODE: decode_date}
    )
    year: int | None = attrs.field(
        validator=optional(year_validator), metadata={DECODE: decode_int, NONE_IS_VALUE: True}
    )

    @year.default
    def _default_year(self) -> int | None:
        if isinstance(self.on, dt.date):
            return self.on.year
        if isinstance(self.period, Period):
            return self.period.start.year
        return None

    def to_data(self) -> dict[str, Any]:
        """Plain data (``from_mapping`` reads it back); ``partners`` only when not empty."""
        data = to_data(self)
        if not self.partners:
            del data["partners"]  # the line of a one-department task is as it always was
        return data

    def __attrs_post_init__(self) -> None:
        partners = self.partners
        if not isinstance(partners, frozenset) or not all(
            is_text(p) and p.strip() and str.__ne__(p, self.department) for p in partners
        ):
            raise ValidationError(
                "must be a set of the other departments' names, without the task's own",
                obj=describe(self),
                field="partners",
                value=partners,
                rule="R4.6",
                fix="pass e.g. {'Market Regulation'}, leaving out department",
            )
        if not self.items:
            raise ValidationError(
                "a task needs at least one check item",
                obj=describe(self),
                field="items",
                value=self.items,
                rule="R4.7",
                fix="list the ids of the items done in the visit",
            )
        for field, ids in (("items", self.items), ("inspectors", self.inspectors)):
            if len(set(ids)) != len(ids):
                raise DuplicateIdError(
                    "an id is listed twice",
                    obj=describe(self),
                    field=field,
                    value=list(ids),
                    fix="list each id once",
                )
        if self.leader is not None and self.leader not in self.inspectors:
            raise RuleViolationError(
                "the leader is not a member of the team",
                obj=describe(self),
                field="leader",
                value=self.leader,
                rule="R4.5",
                fix="choose the leader from the task's inspectors",
            )
        if self.on is not None and self.year is not None and self.on.year != self.year:
            raise InvalidDateError(
                f"carried out in {self.on.year} but counted for {self.year}",
                obj=describe(self),
                field="year",
                value=self.year,
                rule="R5.1",
                fix="omit year to count the task in the year of 'on'",
            )


# --- the trusted path ----------------------------------------------------------------

V = TypeVar("V")


_SETTERS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _setters(cls: type) -> tuple[tuple[str, Any], ...]:
    setters = _SETTERS.get(cls)
    if setters is None:
        setters = tuple((f.name, getattr(cls, f.name).__set__) for f in attrs.fields(cls))
        _SETTERS[cls] = setters
    return setters


def trusted(cls: type[V], /, **fields: Any) -> V:
    """Build a value of a model type from fields the library itself has already checked.

    This is the one place where randinspect skips a type's validators: for
    values it puts together from parts that passed them (an assignment's
    ``Task`` values: the plan's ids, the drawn subjects, the roster's ids,
    teams without repeats whose leader is a member). Every field must be
    given, already converted (tuples, frozensets, enums). Re-running a
    Task's validators on each of 100,000 tasks would cost a third as much as
    the staffing itself; the tests rebuild such values with the checked
    constructor and compare. Never call it with input from outside.
    """
    value: V = object.__new__(cls)
    for name, set_field in _setters(cls):
        set_field(value, fields[name])
    return value


_TASK_FIELDS = (
    "id", "plan_id", "subject_id", "items", "inspectors", "leader",
    "period", "department", "unit", "partners", "kind", "on", "year",
)  # fmt: skip


def trusted_tasks(
    rows: Iterable[tuple[str, str, tuple[str, ...], tuple[str, ...], str | None, Period | None]],
    plan: Plan,
    *,
    year: int | None = None,
) -> tuple[Task, ...]:
    """:func:`trusted` for the many random tasks of one plan (an assignment's, R4, R5).

    Each row is ``(id, subject_id, items, inspectors, leader, period)``: ``items``
    the check items that apply to the subject (a drawn subject's); the other
    fields are ``plan``'s (its id, department and unit, its other departments
    as ``partners``, and its year unless ``year`` is given), and ``kind`` is
    random, ``on`` unknown. The same
    trust as :func:`trusted`, at half its cost per task: the fields are set
    one by one in a straight line, not through a mapping.
    """
    setters = dict(_setters(Task))
    if tuple(setters) != _TASK_FIELDS:  # a field added to Task must be set here too
        raise AssertionError(f"Task fields {tuple(setters)} != {_TASK_FIELDS}")
    (
        set_id,
        set_plan_id,
        set_subject_id,
        set_items,
        set_inspectors,
        set_leader,
        set_period,
        set_department,
        set_unit,
        set_partners,
        set_kind,
        set_on,
        set_year,
    ) = setters.values()
    plan_id, department, unit = plan.id, plan.department, plan.unit
    partners = plan.partners - {department}
    year = plan.year if year is None else year
    new, random = object.__new__, TaskKind.RANDOM
    built = []
    for task_id, subject_id, items, inspectors, leader, period in rows:
        task = new(Task)
        set_id(task, task_id)
        set_plan_id(task, plan_id)
        set_subject_id(task, subject_id)
        set_items(task, items)
        set_inspectors(task, inspectors)
        set_leader(task, leader)
        set_period(task, period)
        set_department(task, department)
        set_unit(task, unit)
        set_partners(task, partners)
        set_kind(task, random)
        set_on(task, None)
        set_year(task, year)
        built.append(task)
    return tuple(built)


# --- the row fast path of Subject.from_mapping: every check inline, then trusted -----

_SUBJECT_FIELDS = ("id", "grade", "name", "attributes", "flags")
if tuple(f.name for f in attrs.fields(Subject)) != _SUBJECT_FIELDS:  # pragma: no cover
    raise AssertionError("a field added to Subject must be read by _subject_from_row too")
_SET_ID, _SET_GRADE, _SET_NAME, _SET_ATTRIBUTES, _SET_FLAGS = (
    getattr(Subject, name).__set__ for name in _SUBJECT_FIELDS
)
_GRADE_WORDS: dict[str, Grade] = Grade._table()
_FLAG_WORDS: dict[str, Flag] = Flag._table()
_NO_FLAGS: frozenset[Flag] = frozenset()


def _subject_from_row(  # noqa: PLR0912  # one straight pass per row: the hot path of loading
    data: dict[Any, Any], *, attributes: bool
) -> Subject | None:
    """The :class:`Subject` of a common row, or ``None`` for the general path to read it.

    Every check :meth:`Subject.from_mapping` and the constructor run is run
    here first, for the one shape of row this path takes: exact ``str``
    keys; ``id`` a valid id (:func:`is_valid_id`: non-empty, no ``|``, no
    control character, no lone surrogate); ``grade`` text naming a grade
    exactly (one look-up in the parse table); ``name`` text UTF-8 can encode
    or ``None`` (the default); ``flags`` ``None`` or ``"a;b"`` text of flag
    words each named exactly (blank: none); with ``attributes``, every other
    column a non-empty name UTF-8 can encode, its cell text UTF-8 can
    encode (blank: no attribute), ``None`` or NaN (no attribute), or an
    ``int`` of at most :data:`MAX_CELL_BITS` bits or a ``float`` (their
    text), exactly as ``from_data`` reads extra columns. Only then is the
    value built as :func:`trusted` builds (the fields set in a straight
    line), in the form the converters give: a :class:`FrozenMap` in key
    order, a frozenset of flags. Anything else, valid or not (an
    ``attributes`` key, a str subclass, a grade word in other case, a bad
    id), returns ``None``: the general path then gives the value or the
    error, so both paths agree on both.
    """
    ident: object = None
    grade_text: object = None
    name = ""
    flags = _NO_FLAGS
    columns: dict[str, str] = {}
    for key, value in data.items():
        if type(key) is not str:
            return None
        if key == "id":
            ident = value
        elif key == "grade":
            grade_text = value
        elif key == "name":
            if value is not None:
                if type(value) is not str or not (value.isascii() or is_text(value)):
                    return None
                name = value
        elif key == "flags":
            if value is not None:
                if type(value) is not str:
                    return None
                marks = _flags_of_text(value)
                if marks is None:
                    return None
                flags = marks
        elif key == "attributes" or not attributes:
            return None
        else:
            kind = type(value)
            if kind is str:
                if not value.strip():
                    continue
                if not (value.isascii() or is_text(value)):
                    return None
                text = value
            elif value is None:
                continue
            elif kind is int:
                if value.bit_length() > MAX_CELL_BITS:
                    return None
                text = str(value)
            elif kind is float:
                if value != value:  # NaN: a missing cell  # noqa: PLR0124
                    continue
                text = str(value)
            else:
                return None
            if not key or not (key.isascii() or is_text(key)):
                return None
            columns[key] = text
    if type(ident) is not str or type(grade_text) is not str or not is_valid_id(ident):
        return None
    grade = _GRADE_WORDS.get(grade_text)
    if grade is None:
        return None
    # Every field has passed the checks of Subject's validators: built trusted from here.
    subject: Subject = object.__new__(Subject)
    _SET_ID(subject, ident)
    _SET_GRADE(subject, grade)
    _SET_NAME(subject, name)
    _SET_ATTRIBUTES(subject, sorted_text_map(columns))
    _SET_FLAGS(subject, flags)
    return subject


def _flags_of_text(text: str) -> frozenset[Flag] | None:
    """The flags of ``"a;b"`` text, each part naming a flag exactly; ``None`` otherwise."""
    if not text or text.isspace():
        return _NO_FLAGS  # the common cell: no flags
    table = _FLAG_WORDS
    marks = set()
    for part in text.split(";"):
        word = part.strip()
        if word:
            flag = table.get(word)
            if flag is None:
                return None
            marks.add(flag)
    return frozenset(marks) if marks else _NO_FLAGS
