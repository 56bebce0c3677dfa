"""What follows a result: rectification, handling, and plan amendments (R5.6, R7).

Private: the types are public from ``randinspect.model`` (and from
``randinspect``). A result records whether the subject must put things right
(:class:`Rectification`, 002 §5, 003 art. 22) and what the department decided
(:class:`Handling`, 004 §2(8)); an approved change of a plan is an
:class:`Amendment` (R5.6).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from randinspect._plain import DECODE, Plain, decode_date
from randinspect._values import (
    FrozenMap,
    ParseEnum,
    check_date,
    date_validator,
    describe,
    nonempty_text_validator,
    optional_date_validator,
    text_map_validator,
    text_validator,
    to_frozen_map,
)
from randinspect.errors import InvalidDateError, RuleViolationError, ValidationError

# --- enum fields ---------------------------------------------------------------------


def enum_field(cls: type[ParseEnum], default: ParseEnum) -> Any:
    """A field holding a member of ``cls``, read from anything ``cls.parse`` reads."""

    def convert(value: Any) -> Any:
        try:
            return cls.parse(value)
        except ValidationError:
            return value  # the validator names the field

    def validate(instance: object, attribute: Any, value: Any) -> None:
        if not isinstance(value, cls):
            cls.parse(value, obj=describe(instance), field=attribute.name)

    return attrs.field(default=default, converter=convert, validator=validate)


def _date() -> Any:
    return attrs.field(
        default=None, validator=optional_date_validator, metadata={DECODE: decode_date}
    )


# --- rectification -------------------------------------------------------------------


class RectificationState(ParseEnum):
    """Where putting a problem right stands (责令整改, 002 §5; 003 art. 22)."""

    NONE_NEEDED = "none_needed"
    """Nothing to put right (无需整改)."""
    ORDERED = "ordered"
    """Ordered to put it right by a deadline (责令限期整改)."""
    RECTIFIED = "rectified"
    """Put right, on a known day (已整改)."""
    NOT_RECTIFIED = "not_rectified"
    """Not put right (未整改): a matter for handling."""

    @classmethod
    def _words(cls) -> dict[str, Any]:
        return {
            "无需整改": cls.NONE_NEEDED,
            "责令整改": cls.ORDERED,
            "责令限期整改": cls.ORDERED,
            "已整改": cls.RECTIFIED,
            "整改完成": cls.RECTIFIED,
            "未整改": cls.NOT_RECTIFIED,
        }

    @classmethod
    def _rule(cls) -> str:
        return "003 art. 22"


@attrs.frozen(kw_only=True)
class Rectification(Plain):
    """The rectification of what an inspection found (002 §5; 003 art. 22).

    Attributes:
        state: None needed, ordered, rectified, or not rectified.
        deadline: The day it must be put right by: required when ordered,
            kept when rectified or not.
        rectified_on: The day it was put right: required when rectified,
            and only then.
        notes: What was ordered or done, as text.
    """

    state: RectificationState = enum_field(RectificationState, RectificationState.NONE_NEEDED)
    deadline: dt.date | None = _date()
    rectified_on: dt.date | None = _date()
    notes: str = attrs.field(default="", validator=text_validator)

    def __attrs_post_init__(self) -> None:
        state = self.state
        if state is RectificationState.NONE_NEEDED and self.deadline is not None:
            self._refuse("deadline", self.deadline, "nothing to put right has no deadline",
                         "drop the deadline, or set state='ordered'")  # fmt: skip
        if state is RectificationState.ORDERED and self.deadline is None:
            self._refuse("deadline", None, "an order to put things right needs its deadline",
                         "pass deadline=date(...), the day set in the order")  # fmt: skip
        if state is RectificationState.RECTIFIED and self.rectified_on is None:
            self._refuse("rectified_on", None, "a rectification needs the day it was done",
                         "pass rectified_on=date(...)")  # fmt: skip
        if state is not RectificationState.RECTIFIED and self.rectified_on is not None:
            self._refuse("rectified_on", self.rectified_on, f"state is {state.value}",
                         "set state='rectified', or drop rectified_on")  # fmt: skip

    def _refuse(self, field: str, value: object, problem: str, fix: str) -> None:
        raise RuleViolationError(
            problem, obj="Rectification", field=field, value=value, rule="003 art. 22", fix=fix
        )

    @property
    def needed(self) -> bool:
        """Whether anything had to be put right."""
        return self.state is not RectificationState.NONE_NEEDED

    def is_overdue(self, on: dt.date) -> bool:
        """Whether an order to put things right is still open after its deadline on ``on``.

        Raises:
            InvalidDateError: ``on`` is not a date.
        """
        if type(on) is not dt.date:
            check_date(on, obj="Rectification.is_overdue", field="on")
        return (
            self.state is RectificationState.ORDERED
            and self.deadline is not None
            and self.deadline < on
        )


NO_RECTIFICATION = Rectification()
"""The rectification of a result that found nothing to put right."""


# --- handling ---------------------------------------------------------------------


class Decision(ParseEnum):
    """What a department decided about a problem found (004 §2(8); 002 §4(7)).

    ``PENALTY`` needs the day it was decided (its publication is due from it,
    R6.8); ``TRANSFER`` and ``JUDICIAL`` name who the case went to.
    """

    NONE = "none"
    """Nothing to handle (无需处理)."""
    WARNING = "warning"
    """A warning or an interview (警告 / 约谈)."""
    PENALTY = "penalty"
    """An administrative penalty (行政处罚)."""
    TRANSFER = "transfer"
    """Transferred to the competent department (移送主管部门)."""
    JUDICIAL = "judicial"
    """Referred to the judicial organs (移送司法机关)."""
    CREDIT_RECORD = "credit_record"
    """Entered in the subject's credit record (记入信用记录, R7.7)."""

    @classmethod
    def _words(cls) -> dict[str, Any]:
        return {
            "无需处理": cls.NONE,
            "警告": cls.WARNING,
            "约谈": cls.WARNING,
            "行政处罚": cls.PENALTY,
            "移送主管部门": cls.TRANSFER,
            "移送": cls.TRANSFER,
            "移送司法机关": cls.JUDICIAL,
            "记入信用记录": cls.CREDIT_RECORD,
            "信用记录": cls.CREDIT_RECORD,
        }

    @classmethod
    def _rule(cls) -> str:
        return "004 §2(8)"


@attrs.frozen(kw_only=True)
class Handling(Plain):
    """One handling decision on what an inspection found (004 §2(8); R7.7).

    Attributes:
        decision: What was decided.
        decided_on: The day of the decision: required for a penalty (R6.8).
        authority: Who the case went to: required for a transfer or a
            judicial referral; else who decided (may be empty).
        basis: The legal basis, as text.
        notes: Anything else, as text.
    """

    decision: Decision = enum_field(Decision, Decision.NONE)
    decided_on: dt.date | None = _date()
    authority: str = attrs.field(default="", validator=text_validator)
    basis: str = attrs.field(default="", validator=text_validator)
    notes: str = attrs.field(default="", validator=text_validator)

    def __attrs_post_init__(self) -> None:
        if self.decision is Decision.PENALTY and self.decided_on is None:
            raise RuleViolationError(
                "a penalty needs the day it was decided (its publication is due from it)",
                obj="Handling",
                field="decided_on",
                value=None,
                rule="R6.8",
                fix="pass decided_on=date(...), the day of the penalty decision",
            )
        if self.decision in {Decision.TRANSFER, Decision.JUDICIAL} and not self.authority.strip():
            raise RuleViolationError(
                f"a {self.decision.value} names who the case went to",
                obj="Handling",
                field="authority",
                value=self.authority,
                rule="004 §2(8)",
                fix="pass authority='...', the department or organ that took the case",
            )


# --- plan amendments -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Amendment(Plain):
    """An approved change of a plan: what changed, why, and who approved it (R5.6).

    :func:`~randinspect.model.amend_plan` makes one; the plan keeps every
    amendment in order, and the draw record names them.

    Attributes:
        before: Each changed field's plain data before, as canonical JSON text.
        after: The same fields' plain data after, as canonical JSON text.
        reason: Why the plan changed.
        approved_by: Who approved the change.
        approved_on: The day it was approved.
    """

    before: FrozenMap[str, str] = attrs.field(
        converter=to_frozen_map, validator=text_map_validator
    )
    after: FrozenMap[str, str] = attrs.field(converter=to_frozen_map, validator=text_map_validator)
    reason: str = attrs.field(validator=nonempty_text_validator)
    approved_by: str = attrs.field(validator=nonempty_text_validator)
    approved_on: dt.date = attrs.field(validator=date_validator, metadata={DECODE: decode_date})

    def __attrs_post_init__(self) -> None:
        if set(self.before) != set(self.after) or not self.after:
            raise ValidationError(
                "before and after must name the same changed fields, at least one",
                obj="Amendment",
                field="after",
                value=sorted(self.after),
                rule="R5.6",
                fix="build amendments with amend_plan(plan, ..., field=new_value)",
            )


def check_order(
    obj: str, earlier: tuple[str, dt.date | None], later: tuple[str, dt.date | None], rule: str
) -> None:
    """Raise :class:`InvalidDateError` if the ``later`` day comes before the ``earlier`` one."""
    (first_name, first), (then_name, then) = earlier, later
    if first is not None and then is not None and then < first:
        raise InvalidDateError(
            f"{then_name} {then.isoformat()} comes before {first_name} {first.isoformat()}",
            obj=obj,
            field=then_name,
            value=then,
            rule=rule,
            fix=f"check the dates: {then_name} cannot precede {first_name}",
        )


__all__ = [
    "NO_RECTIFICATION",
    "Amendment",
    "Decision",
    "Handling",
    "Rectification",
    "RectificationState",
    "check_order",
    "enum_field",
]
