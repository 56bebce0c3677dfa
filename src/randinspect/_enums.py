"""The enums of the domain types: grade, flags, task kind, outcome (R1.4, R2, R5.5, R7).

Private: they are public as ``randinspect.model.Grade`` (and from
``randinspect``). Each parses its value, its name and the words of the source
documents, however it is called (``Grade("中高")`` is ``Grade.C``), and
refuses anything else with the library's own error. The converters and
validators the domain types use for them live here too.
"""

from __future__ import annotations

from typing import Any

from randinspect._values import (
    ParseEnum,
    describe,
    to_frozenset,
)
from randinspect.errors import (
    ValidationError,
)

# --- enums -------------------------------------------------------------------


class Grade(ParseEnum):
    """A subject's credit / risk grade: ``A`` is the best credit, lowest risk (R2.1).

    :meth:`parse` also reads the risk words of document 001 (低, 中, 中高, 高
    and the same with 风险): low risk is A, medium B, medium-high C, high D.
    """

    A = "A"
    B = "B"
    C = "C"
    D = "D"

    @classmethod
    def _words(cls) -> dict[str, Any]:
        words = {"低": cls.A, "中": cls.B, "中高": cls.C, "高": cls.D}
        return {**words, **{f"{k}风险": v for k, v in words.items()}}

    @classmethod
    def _rule(cls) -> str:
        return "R2.1"


class Flag(ParseEnum):
    """A registry mark that changes how often a subject is drawn (R1.4, R2.4, R2.5, R5.3)."""

    BLACKLISTED = "blacklisted"
    """On the serious-violation / dishonesty list (严重违法失信)."""
    ABNORMAL = "abnormal"
    """In the abnormal-operation list (经营异常)."""
    PENALIZED = "penalized"
    """Already administratively penalised for a violation (已受行政处罚)."""
    HIGH_RISK = "high_risk"
    """High public attention, many complaints or high risk (关注度高 / 投诉举报多 / 风险高)."""
    TRUSTED = "trusted"
    """Good credit, trustworthy (守信)."""

    @classmethod
    def _words(cls) -> dict[str, Any]:
        return {
            "严重违法失信": cls.BLACKLISTED,
            "失信": cls.BLACKLISTED,
            "经营异常": cls.ABNORMAL,
            "已受行政处罚": cls.PENALIZED,
            "行政处罚": cls.PENALIZED,
            "关注度高": cls.HIGH_RISK,
            "投诉举报多": cls.HIGH_RISK,
            "风险高": cls.HIGH_RISK,
            "守信": cls.TRUSTED,
        }

    @classmethod
    def _rule(cls) -> str:
        return "R1.4"


class TaskKind(ParseEnum):
    """Why a task exists: a random draw, or a complaint-driven inspection (R5.5).

    ``COMPLAINT`` covers every inspection that is not double-random:
    complaints, reports, referrals and assignments (003 art. 9). Those never
    count towards the yearly cap.
    """

    RANDOM = "random"
    COMPLAINT = "complaint"

    @classmethod
    def _words(cls) -> dict[str, Any]:
        return {"双随机": cls.RANDOM, "投诉举报": cls.COMPLAINT, "转办交办": cls.COMPLAINT}


class Outcome(ParseEnum):
    """What an inspection found for one check item (R7.3, R7.4)."""

    COMPLIANT = "compliant"
    """No problem found (未发现问题)."""
    NONCOMPLIANT = "noncompliant"
    """A problem found (发现问题)."""
    REFUSED = "refused"
    """The subject refused inspection (拒绝检查); recorded and published (R7.3)."""
    FALSIFIED = "falsified"
    """The subject falsified (弄虚作假); recorded and published (R7.3)."""
    NOT_FOUND = "not_found"
    """The subject could not be found at its registered address (查无下落)."""

    @property
    def is_problem(self) -> bool:
        """Whether it counts towards the problem discovery rate (R7.4)."""
        return self in {Outcome.NONCOMPLIANT, Outcome.REFUSED, Outcome.FALSIFIED}

    @classmethod
    def _words(cls) -> dict[str, Any]:
        return {
            "未发现问题": cls.COMPLIANT,
            "发现问题": cls.NONCOMPLIANT,
            "拒绝检查": cls.REFUSED,
            "弄虚作假": cls.FALSIFIED,
            "查无下落": cls.NOT_FOUND,
        }


# --- converters that parse what they can, leaving the rest to validators -------

_NO_FLAGS: frozenset[Flag] = frozenset()


def to_grade(value: Grade | str) -> Grade:
    if type(value) is Grade:
        return value
    try:
        return Grade.parse(value)  # type: ignore[no-any-return]
    except ValidationError:
        return value  # type: ignore[return-value]  # the validator rejects it


def to_kind(value: TaskKind | str) -> TaskKind:
    if type(value) is TaskKind:
        return value
    try:
        return TaskKind.parse(value)  # type: ignore[no-any-return]
    except ValidationError:
        return value  # type: ignore[return-value]  # the validator rejects it


def kind_validator(instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, TaskKind):
        TaskKind.parse(value, obj=describe(instance), field=attribute.name)


def grade_validator(instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, Grade):
        Grade.parse(value, obj=describe(instance), field=attribute.name)


def to_flags(value: Any) -> frozenset[Flag]:
    if not value and isinstance(value, frozenset | set | tuple | list):
        return _NO_FLAGS
    members = to_frozenset(value)
    if not isinstance(members, frozenset):
        return members  # not a collection, or one with an unhashable member
    try:
        return frozenset(map(Flag.parse, members))
    except ValidationError:
        return members  # the validator rejects it


def flags_validator(instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, frozenset | tuple):
        raise ValidationError(
            "must be a set of flags",
            obj=describe(instance),
            field=attribute.name,
            value=value,
            rule="R1.4",
            fix=f"pass e.g. {{'blacklisted'}}; flags are {[f.value for f in Flag]}",
        )
    for member in value:
        Flag.parse(member, obj=describe(instance), field=attribute.name)
