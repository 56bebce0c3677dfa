"""The result of one inspection: outcomes per item, dates, rectification, handling (R6, R7).

Private: :class:`Result` is public from ``randinspect.model`` (and from
``randinspect``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from randinspect._enums import Outcome, OutcomeClass
from randinspect._outcomes import (
    NO_RECTIFICATION,
    Decision,
    Handling,
    Rectification,
    check_order,
)
from randinspect._plain import (
    DECODE,
    Plain,
    decode_date,
    decode_date_map,
    decode_many,
    decode_one,
)
from randinspect._values import (
    FrozenMap,
    check_date,
    check_id,
    check_members,
    describe,
    id_validator,
    instance_of,
    optional_date_validator,
    text_map_validator,
    text_validator,
    to_frozen_map,
    to_id,
    to_tuple,
)
from randinspect.errors import (
    InvalidDateError,
    RandInspectError,
    RuleViolationError,
    ValidationError,
)


def _id_field() -> Any:
    return attrs.field(converter=to_id, validator=id_validator)


def _text() -> Any:
    return attrs.field(default="", validator=text_validator)


def _to_outcomes(value: Mapping[str, Outcome | str]) -> FrozenMap[str, Outcome]:
    if not isinstance(value, Mapping):
        return value
    try:
        return FrozenMap((k, Outcome.parse(v)) for k, v in value.items())
    except RandInspectError:
        return to_frozen_map(value)  # the validator names the bad entry


def _outcomes_validator(instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, FrozenMap):
        raise ValidationError(
            "must map check item ids to outcomes",
            obj=describe(instance),
            field=attribute.name,
            value=value,
            rule="R7.4",
            fix='pass e.g. {"fire-safety": "compliant"}',
        )
    for item_id, outcome in value.items():
        check_id(item_id, obj=describe(instance), field=attribute.name)
        Outcome.parse(outcome, obj=describe(instance), field=f"{attribute.name}[{item_id!r}]")


def _date_map_validator(instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, FrozenMap):
        raise ValidationError(
            "must map check item ids to dates",
            obj=describe(instance),
            field=attribute.name,
            value=value,
            rule="R6.4",
            fix='pass e.g. {"fire-safety": date(2024, 6, 3)}',
        )
    for item_id, day in value.items():
        check_id(item_id, obj=describe(instance), field=attribute.name)
        if type(day) is not dt.date:
            check_date(day, obj=describe(instance), field=f"{attribute.name}[{item_id!r}]")


def _result_date() -> Any:
    return attrs.field(
        default=None, validator=optional_date_validator, metadata={DECODE: decode_date}
    )


def _to_handling(value: Any) -> Any:
    if isinstance(value, Handling):
        return (value,)
    return to_tuple(value)


def _handling_validator(instance: object, attribute: Any, value: Any) -> None:
    if not (type(value) is tuple and not value):
        check_members(
            value, Handling, obj=describe(instance), field=attribute.name, rule="004 §2(8)"
        )


_SEVERITY = {outcome: rank for rank, outcome in enumerate(Outcome)}

RESULT_DATES = (
    "inspected_on",
    "reported_on",
    "feedback_sent_on",
    "feedback_received_on",
    "comments_on",
    "published_on",
    "penalty_decided_on",
    "penalty_published_on",
    "handled_on",
)
"""The dates of a :class:`Result`, in the order of the work (R6)."""

_DATE_ORDER = (
    ("inspected_on", "reported_on", "R6.4"),
    ("reported_on", "feedback_sent_on", "R6.5"),
    ("feedback_sent_on", "feedback_received_on", "R6.6"),
    ("feedback_received_on", "comments_on", "R6.6"),
    ("inspected_on", "published_on", "R6.7"),
    ("inspected_on", "penalty_decided_on", "R6.8"),
    ("penalty_decided_on", "penalty_published_on", "R6.8"),
    ("inspected_on", "handled_on", "R6.9"),
)


@attrs.frozen(kw_only=True)
class Result(Plain):
    """What one inspection found, and the dates its deadlines run from (R6, R7).

    Attributes:
        task_id: The task inspected.
        subject_id: The subject inspected.
        outcomes: Check item id to :class:`Outcome` (R7.3, R7.4).
        item_dates: For a joint inspection, check item id to the day that
            item's result came in; the report is due from the last (R6.4).
        inspected_on: The day the inspection of the subject ended.
        reported_on: The day the inspection report was made (R6.4).
        feedback_sent_on: The day the result was fed back to the subject (R6.5).
        feedback_received_on: The day the subject received the written feedback (R6.6).
        comments_on: The day the subject's comments came in (R6.6).
        published_on: The day the result was published (R6.5, R6.7).
        penalty_decided_on: The day a penalty was decided, if any (R6.8).
        penalty_published_on: The day that penalty decision was published (R6.8).
        handled_on: The day violations found were handled (R6.9).
        findings: Check item id to what was found, as text (R7.4).
        evaluation: The evaluation of the subject, as text (R7.4).
        rectification: Whether and how the subject must put things right
            (002 §5; 003 art. 22); only after a problem found.
        handling: The handling decisions, in order (004 §2(8)); only after a
            problem found. A penalty's day is ``penalty_decided_on``: given
            in one place, it fills the other.
        notes: Anything else, as text.
    """

    task_id: str = _id_field()
    subject_id: str = _id_field()
    outcomes: FrozenMap[str, Outcome] = attrs.field(
        factory=FrozenMap, converter=_to_outcomes, validator=_outcomes_validator
    )
    item_dates: FrozenMap[str, dt.date] = attrs.field(
        factory=FrozenMap,
        converter=to_frozen_map,
        validator=_date_map_validator,
        metadata={DECODE: decode_date_map},
    )
    inspected_on: dt.date | None = _result_date()
    reported_on: dt.date | None = _result_date()
    feedback_sent_on: dt.date | None = _result_date()
    feedback_received_on: dt.date | None = _result_date()
    comments_on: dt.date | None = _result_date()
    published_on: dt.date | None = _result_date()
    penalty_decided_on: dt.date | None = _result_date()
    penalty_published_on: dt.date | None = _result_date()
    handled_on: dt.date | None = _result_date()
    findings: FrozenMap[str, str] = attrs.field(
        factory=FrozenMap, converter=to_frozen_map, validator=text_map_validator
    )
    evaluation: str = _text()
    rectification: Rectification = attrs.field(
        default=NO_RECTIFICATION,
        validator=instance_of(Rectification),
        metadata={DECODE: decode_one(Rectification)},
    )
    handling: tuple[Handling, ...] = attrs.field(
        default=(),
        converter=_to_handling,
        validator=_handling_validator,
        metadata={DECODE: decode_many(Handling)},
    )
    notes: str = _text()

    def __attrs_post_init__(self) -> None:
        obj = describe(self)
        for earlier, later, rule in _DATE_ORDER:
            check_order(
                obj, (earlier, getattr(self, earlier)), (later, getattr(self, later)), rule
            )
        self._check_findings(obj)
        self._check_follow_up(obj)
        for item_id, day in self.item_dates.items():
            if self.reported_on is not None and self.reported_on < day:
                raise InvalidDateError(
                    f"item {item_id!r} result on {day.isoformat()} comes after the report",
                    obj=describe(self),
                    field="item_dates",
                    value=day,
                    rule="R6.4",
                    fix="report after the last item's result",
                )

    @property
    def results_complete_on(self) -> dt.date | None:
        """The day the report deadline counts from (R6.4).

        That is the last item's result for a joint inspection, else the day the
        inspection ended; ``None`` when neither is known.
        """
        days = [*self.item_dates.values()]
        if self.inspected_on is not None:
            days.append(self.inspected_on)
        return max(days) if days else None

    @property
    def category(self) -> OutcomeClass:
        """The subject's class: a problem, no problem, or not assessable (R7.4).

        A problem if any item found one, else no problem if any item was
        assessed, else not assessable.
        """
        classes = {outcome.category for outcome in self.outcomes.values()}
        for category in (OutcomeClass.PROBLEM, OutcomeClass.NO_PROBLEM):
            if category in classes:
                return category
        return OutcomeClass.NOT_ASSESSABLE

    @property
    def outcome(self) -> Outcome | None:
        """The subject's overall outcome, as published (R7.3, R7.4).

        The most severe of its items' outcomes of :attr:`category`, in
        :class:`Outcome`'s order; ``None`` when there are no outcomes.
        """
        category = self.category
        found = [o for o in self.outcomes.values() if o.category is category]
        return min(found, key=_SEVERITY.__getitem__) if found else None

    @property
    def is_problem(self) -> bool:
        """Whether the inspection found a problem (counts towards the problem rate, R7.4)."""
        return any(outcome.is_problem for outcome in self.outcomes.values())

    def _check_findings(self, obj: str) -> None:
        unknown = sorted(set(self.findings) - set(self.outcomes))
        if unknown:
            raise ValidationError(
                "findings name check items that have no entry in outcomes",
                obj=obj,
                field="findings",
                value=unknown,
                rule="R7.4",
                fix="give every item with a finding its outcome too",
            )

    def _check_follow_up(self, obj: str) -> None:
        decisions = [h.decision for h in self.handling]
        if Decision.NONE in decisions and len(decisions) > 1:
            raise RuleViolationError(
                "'none' cannot stand beside another handling decision",
                obj=obj,
                field="handling",
                value=[d.value for d in decisions],
                rule="004 §2(8)",
                fix="drop the 'none' decision",
            )
        acts = [d for d in decisions if d is not Decision.NONE]
        if (acts or self.rectification.needed) and not self.is_problem:
            raise RuleViolationError(
                "a rectification or handling follows a problem found,"
                " and no item in outcomes found one",
                obj=obj,
                field="handling" if acts else "rectification",
                value=[d.value for d in acts] or self.rectification.state.value,
                rule="002 §5",
                fix="record the problem's outcome for its item, or drop the follow-up",
            )
        start = ("inspected_on", self.inspected_on)
        check_order(obj, start, ("rectification.deadline", self.rectification.deadline), "002 §5")
        check_order(
            obj, start, ("rectification.rectified_on", self.rectification.rectified_on), "002 §5"
        )
        for index, handling in enumerate(self.handling):
            check_order(obj, start, (f"handling[{index}].decided_on", handling.decided_on), "R6.8")
        penalties = {h.decided_on for h in self.handling if h.decision is Decision.PENALTY}
        if self.penalty_decided_on is not None:
            penalties.add(self.penalty_decided_on)
        if len(penalties) > 1:
            raise InvalidDateError(
                "the penalty's day differs between penalty_decided_on and handling",
                obj=obj,
                field="penalty_decided_on",
                value=sorted(day.isoformat() for day in penalties if day is not None),
                rule="R6.8",
                fix="give the penalty decision's day once, the same in both places",
            )
        if penalties and self.penalty_decided_on is None:
            object.__setattr__(self, "penalty_decided_on", penalties.pop())
