"""The policy values of a plan: ratios, flag strata, periods, team rule, cap policy (R2-R5).

Private: they are public as ``randinspect.model.Ratios`` and so on (and from
``randinspect``). Each is a frozen, validated attrs value with
``to_data()`` / ``from_mapping()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal

import attrs

from randinspect._checks import (
    check_int,
    check_type,
    check_year,
    optional,
)
from randinspect._enums import Flag, Grade, flags_validator, to_flags
from randinspect._plain import (
    DECODE,
    Plain,
    decode_bool,
    decode_date,
    decode_int,
    decode_set,
)
from randinspect._values import (
    RatioLike,
    bool_validator,
    check_date,
    date_validator,
    describe,
    int_validator,
    ratio_validator,
    text_validator,
    to_ratio,
)
from randinspect.errors import (
    InvalidDateError,
    RandInspectError,
    RuleViolationError,
    ValidationError,
    _relocated,
    _shown,
)

# --- small value types -----------------------------------------------------------


@attrs.frozen(kw_only=True)
class Ratios(Plain):
    """Sampling ratios per credit grade, exact (R2.1, R2.2).

    A ratio is a minimum share of a stratum to draw; the sample size rounds up.
    Variant W (document 000) is A 5%, B 10%, C 15%, D 20%; variant F
    (document 001) is A 1%, B 3%, C 10%, D 20%.

    Attributes:
        A: Ratio for grade A (best credit).
        B: Ratio for grade B.
        C: Ratio for grade C.
        D: Ratio for grade D (worst credit).
    """

    A: Fraction = attrs.field(default=Fraction(0), converter=to_ratio, validator=ratio_validator)
    B: Fraction = attrs.field(default=Fraction(0), converter=to_ratio, validator=ratio_validator)
    C: Fraction = attrs.field(default=Fraction(0), converter=to_ratio, validator=ratio_validator)
    D: Fraction = attrs.field(default=Fraction(0), converter=to_ratio, validator=ratio_validator)

    def __getitem__(self, grade: Grade | str) -> Fraction:
        """The ratio of ``grade`` (a :class:`Grade` or anything :meth:`Grade.parse` reads).

        Raises:
            ValidationError: ``grade`` names no grade.
        """
        member: Grade = (
            grade if type(grade) is Grade else Grade.parse(grade, obj="Ratios", field="grade")
        )
        return getattr(self, member.value)  # type: ignore[no-any-return]

    def items(self) -> tuple[tuple[Grade, Fraction], ...]:
        """``(grade, ratio)`` pairs from A to D."""
        return tuple((grade, self[grade]) for grade in Grade)

    @classmethod
    def of(cls, ratios: Mapping[Any, RatioLike]) -> Ratios:
        """Build from a mapping keyed by grade: ``Ratios.of({"低": "1%", "B": "3%"})``.

        Keys may be grade letters, :class:`Grade` members or the risk words
        of document 001; grades not named are 0%.

        Raises:
            ValidationError: ``ratios`` is not a mapping, a key names no
                grade, or two keys name the same grade (``"A"`` and ``"低"``).
            InvalidRatioError: a value is not a ratio.
        """
        check_type(
            ratios,
            Mapping,
            obj="Ratios",
            field="ratios",
            fix='pass a mapping from grade to ratio, e.g. {"A": "5%", "B": "10%"}',
        )
        out: dict[str, RatioLike] = {}
        keys: dict[str, object] = {}
        for key, value in ratios.items():
            grade = Grade.parse(key, obj="Ratios", field="grade").value
            if grade in out:
                raise ValidationError(
                    f"keys {_shown(keys[grade])} and {_shown(key)} both name grade {grade}",
                    obj="Ratios",
                    field=grade,
                    value={keys[grade]: out[grade], key: value},
                    rule="R2.1",
                    fix=f"give grade {grade} one ratio, under one key",
                )
            out[grade], keys[grade] = value, key
        return cls(**out)


def to_ratios(value: Ratios | Mapping[Any, RatioLike]) -> Ratios:
    if isinstance(value, Mapping):
        try:
            return Ratios.of(value)
        except RandInspectError:
            return value  # type: ignore[return-value]  # the validator says where
    return value


def ratios_validator(instance: object, attribute: Any, value: Any) -> None:
    if isinstance(value, Ratios):
        return
    if isinstance(value, Mapping):
        try:
            Ratios.of(value)
        except RandInspectError as error:
            raise _relocated(error, obj=describe(instance), field=attribute.name) from None
    check_type(
        value,
        Ratios,
        obj=describe(instance),
        field=attribute.name,
        rule="R2.1",
        fix='pass Ratios(A="5%", ...) or a mapping such as {"A": "5%", "B": "10%"}',
    )


@attrs.frozen(kw_only=True)
class FlagStratum(Plain):
    """Subjects carrying any of ``flags`` drawn in a stratum of their own at ``ratio``.

    A plan's ``boost`` stratum draws flagged subjects more often (R2.4); its
    ``relief`` stratum draws trusted subjects less often, or not at all (R2.5).

    Attributes:
        flags: The flags that place a subject in this stratum (any one suffices).
        ratio: The stratum's sampling ratio.
    """

    flags: frozenset[Flag] = attrs.field(
        converter=to_flags, validator=flags_validator, metadata={DECODE: decode_set}
    )
    ratio: Fraction = attrs.field(converter=to_ratio, validator=ratio_validator)

    @flags.validator
    def _nonempty(self, attribute: Any, value: frozenset[Flag]) -> None:
        if not value:
            raise ValidationError(
                "names no flag",
                obj="FlagStratum",
                field=attribute.name,
                value=set(value),
                rule="R2.4",
                fix="name at least one flag, e.g. {'high_risk', 'blacklisted'}",
            )


@attrs.frozen(kw_only=True)
class Period(Plain):
    """A time window of a plan in which inspections happen (R3.3, R6.3).

    Attributes:
        start: The first day of the window.
        end: The last day of the window (inclusive).
        name: A label, e.g. ``"H1"`` (may be empty).
    """

    start: dt.date = attrs.field(validator=date_validator, metadata={DECODE: decode_date})
    end: dt.date = attrs.field(validator=date_validator, metadata={DECODE: decode_date})
    name: str = attrs.field(default="", validator=text_validator)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidDateError(
                "ends before it starts",
                obj="Period",
                field="end",
                value=(self.start.isoformat(), self.end.isoformat()),
                rule="R6.3",
                fix="swap start and end",
            )

    def __contains__(self, day: object) -> bool:
        """Whether ``day`` falls in the window, both ends included.

        Raises:
            InvalidDateError: ``day`` is not a date. Text or a ``datetime``
                here is a bug to fix, not a day outside the window.
        """
        if type(day) is not dt.date:
            check_date(day, obj="Period", field="day")
        return self.start <= day <= self.end  # type: ignore[operator]  # a date now

    @classmethod
    def whole_year(cls, year: int) -> Period:
        """The window of a whole calendar year.

        Raises:
            ValidationError: ``year`` is not a calendar year from 1950 to 9998.
        """
        check_year(year, obj="Period.whole_year")
        return cls(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), name=str(year))


MAX_TEAM_SIZE = 1_000
"""The largest team a :class:`TeamRule` may ask for: more than any roster holds, so a
bigger number is a typo (and staffing it would take long for nothing)."""
MAX_LOAD = 1_000_000
"""The largest per-inspector load cap (``TeamRule.max_load``): beyond any year's tasks."""
MAX_PER_YEAR = 1_000_000
"""The largest yearly cap (``CapPolicy.max_per_year``): beyond any year's tasks."""


APPOINTED = "appointed"
"""``TeamRule.leader`` of a team whose leader the initiating unit appoints (002 §4(4), R4.5)."""

_LEADER_WORDS = {"drawn": True, APPOINTED: APPOINTED}


def to_leader(value: Any) -> Any:
    """``TeamRule.leader`` from its plain forms: ``"drawn"`` is ``True``; other values stay.

    A str subclass is read as plain text, so that an appointed rule holds
    the plain ``"appointed"`` whatever it was given as.
    """
    if isinstance(value, str):
        text = str.__str__(value)
        return _LEADER_WORDS.get(text, text)
    return value


def leader_validator(instance: object, attribute: Any, value: Any) -> None:
    """``TeamRule.leader`` is ``True``, ``False`` or ``"appointed"``."""
    if value is True or value is False or (type(value) is str and value == APPOINTED):
        return
    raise ValidationError(
        "must be True (a leader drawn), False (no leader) or 'appointed'",
        obj=describe(instance),
        field=attribute.name,
        value=value,
        rule="R4.5",
        fix="pass leader=True for a leader drawn from the team's can-lead members of the"
        " initiating department, leader='appointed' for one the initiating unit appoints"
        " (002 §4(4)), or leader=False for none",
    )


def decode_leader(value: Any, *, obj: str, field: str) -> Any:
    """Decode ``TeamRule.leader``: a bool, ``"appointed"``, ``"drawn"`` or CSV yes/no text."""
    if isinstance(value, str) and str.__str__(value).strip().lower() in _LEADER_WORDS:
        return to_leader(str.__str__(value).strip().lower())
    return decode_bool(value, obj=obj, field=field)


@attrs.frozen(kw_only=True)
class TeamRule(Plain):
    """How a team is made up (R4.2, R4.5, R4.6).

    Attributes:
        size: Inspectors per task, at least 2 (R4.2), at most
            :data:`MAX_TEAM_SIZE`.
        leader: Whether and how the team has a leader (R4.5): ``True`` (the
            default; ``"drawn"`` reads as ``True``), a leader drawn, the first
            can-lead member of the initiating department in the team's draw
            order; ``"appointed"``, a leader the initiating unit appoints
            from the team's can-lead members of the initiating department
            once the team is drawn (002 §4(4),
            :func:`~randinspect.assignment.appoint_leader`); ``False``, no
            leader. Either way a team with a leader has a place for a
            can-lead member of the initiating department, so an appointed
            rule always finds someone to appoint on the team. Plain data
            writes ``true``, ``"appointed"`` or ``false``.
        every_department: For a joint plan, whether every participating
            department must have a member in the team (R4.6).
        max_load: The most tasks one inspector may carry (1 to
            :data:`MAX_LOAD`), or ``None``.
    """

    size: int = attrs.field(default=2, metadata={DECODE: decode_int})
    leader: bool | Literal["appointed"] = attrs.field(
        default=True,
        converter=to_leader,
        validator=leader_validator,
        metadata={DECODE: decode_leader},
    )
    every_department: bool = attrs.field(
        default=True, validator=bool_validator, metadata={DECODE: decode_bool}
    )
    max_load: int | None = attrs.field(
        default=None,
        validator=optional(
            int_validator(
                1,
                MAX_LOAD,
                rule="R4",
                fix=f"give 1 to {MAX_LOAD:,} tasks per inspector, or None for no cap",
            )
        ),
        metadata={DECODE: decode_int},
    )

    @property
    def appointed(self) -> bool:
        """Whether the initiating unit appoints the leader (``leader="appointed"``, 002 §4(4))."""
        return type(self.leader) is str  # the one text value a leader rule takes

    @size.validator
    def _team_size(self, attribute: Any, value: int) -> None:
        if type(value) is int and 2 <= value <= MAX_TEAM_SIZE:  # noqa: PLR2004
            return
        if isinstance(value, int) and not isinstance(value, bool) and value < 2:  # noqa: PLR2004
            raise RuleViolationError(
                "an inspection needs at least 2 inspectors",
                obj="TeamRule",
                field=attribute.name,
                value=value,
                rule="R4.2",
                fix="set size to 2 or more",
            )
        check_int(
            value,
            obj="TeamRule",
            field=attribute.name,
            minimum=2,
            maximum=MAX_TEAM_SIZE,
            rule="R4.2",
            fix=f"a team has 2 to {MAX_TEAM_SIZE:,} inspectors; more than any roster is a typo",
        )


_DEFAULT_EXEMPT = frozenset({Flag.BLACKLISTED, Flag.ABNORMAL, Flag.PENALIZED})


@attrs.frozen(kw_only=True)
class CapPolicy(Plain):
    """The yearly limit on random inspections of one subject (R5).

    Complaint-driven tasks never count (R5.5).

    Attributes:
        max_per_year: Random inspections a subject may have in a calendar year:
            2 by default (R5.1); 1 is document 004's stricter variant (R5.4);
            at most :data:`MAX_PER_YEAR`.
        exempt_flags: Flags that lift the cap (R5.3): by default blacklisted,
            abnormal operation and penalised.
        department_rule: Whether a subject inspected this year by one unit of a
            department is excluded from the other units' plans (R5.2).
        unknown_unit_is_other: Under the department rule, how a task or plan
            with no unit (``""``) counts when the other side names one: as
            another unit (``True``, the default: the subject is left out) or as
            the same unit (``False``: only two different named units exclude).
            Two sides without a unit are one unit. RULES.md is silent here;
            this is the plan's explicit choice (R5.2).
    """

    max_per_year: int = attrs.field(
        default=2,
        validator=int_validator(
            1,
            MAX_PER_YEAR,
            rule="R5.1",
            fix=f"give 1 to {MAX_PER_YEAR:,}: 2 is the usual cap (R5.1), 1 the strict one (R5.4)",
        ),
        metadata={DECODE: decode_int},
    )
    exempt_flags: frozenset[Flag] = attrs.field(
        default=_DEFAULT_EXEMPT,
        converter=to_flags,
        validator=flags_validator,
        metadata={DECODE: decode_set},
    )
    department_rule: bool = attrs.field(
        default=True, validator=bool_validator, metadata={DECODE: decode_bool}
    )
    unknown_unit_is_other: bool = attrs.field(
        default=True, validator=bool_validator, metadata={DECODE: decode_bool}
    )
