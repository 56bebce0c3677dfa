"""The enums of the domain types: grade, flags, task kind, outcome (R1.4, R2, R5.5, R7).

Private: they are public as ``randinspect.model.Grade`` (and from
``randinspect``). Each parses its value, its name and the words of the source
documents, however it is called (``Grade("中高")`` is ``Grade.C``), and
refuses anything else with the library's own error. The converters and
validators the domain types use for them live here too.
"""

from __future__ import annotations

import warnings
from typing import Any

from randinspect._labels import ZH
from randinspect._values import (
    ParseEnum,
    ParseEnumType,
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


class OutcomeClass(ParseEnum):
    """The class of an :class:`Outcome`: what it means for the problem rate (R7.4).

    The problem discovery rate (发现问题率) counts the ``PROBLEM`` results among
    the assessable ones; ``NOT_ASSESSABLE`` results (the subject no longer
    exists, has moved or does no such business) are inspected but tell
    nothing about compliance, so reports count them apart.
    """

    PROBLEM = "problem"
    """A problem was found (发现问题)."""
    NO_PROBLEM = "no_problem"
    """No problem was found (未发现问题)."""
    NOT_ASSESSABLE = "not_assessable"
    """The check could not assess compliance (无法核查)."""

    @classmethod
    def _words(cls) -> dict[str, Any]:
        return {
            "发现问题": cls.PROBLEM,
            "未发现问题": cls.NO_PROBLEM,
            "无法核查": cls.NOT_ASSESSABLE,
        }

    @classmethod
    def _rule(cls) -> str:
        return "R7.4"


_RENAMED = {"NONCOMPLIANT": "PROBLEM_PENDING", "NOT_FOUND": "UNREACHABLE"}
"""Outcome members renamed for the national categories: old name to new (deprecated)."""


class _OutcomeType(ParseEnumType):
    """Outcome's metaclass: the renamed members still answer, with a DeprecationWarning."""

    def __getattr__(cls, name: str) -> Any:  # noqa: N805  # a metaclass method
        if name in _RENAMED:
            warnings.warn(
                f"Outcome.{name} is deprecated: use Outcome.{_RENAMED[name]}, its name among"
                " the national result categories (the value it parses is unchanged)",
                DeprecationWarning,
                stacklevel=2,
            )
            return cls[_RENAMED[name]]
        raise AttributeError(name)


class Outcome(ParseEnum, metaclass=_OutcomeType):
    """The result category of one check item: the national 双随机 disclosure categories (R7).

    Each has its Chinese label (:attr:`label`), which is also what it is
    published as, and a class (:attr:`category`): a problem found, no
    problem found, or not assessable. Declared in order of severity within
    each class, so a subject's overall outcome is the first of its items'
    outcomes in that order (:attr:`Result.outcome`).

    The members of earlier releases keep working: ``"noncompliant"`` and
    ``"发现问题"`` read as :attr:`PROBLEM_PENDING`, ``"not_found"`` and
    ``"查无下落"`` as :attr:`UNREACHABLE`; the names ``Outcome.NONCOMPLIANT``
    and ``Outcome.NOT_FOUND`` are deprecated aliases of those two.
    """

    REFUSED = "refused"
    """不配合检查情节严重 (refused inspection, 拒绝检查): recorded and published (R7.3)."""
    FALSIFIED = "falsified"
    """公示信息隐瞒真实情况、弄虚作假 (concealed or falsified): published (R7.3)."""
    NOT_DISCLOSED = "not_disclosed"
    """未按规定公示应当公示的信息 (did not disclose what it had to)."""
    UNREACHABLE = "unreachable"
    """通过登记的住所（经营场所）无法联系 (unreachable at the registered address)."""
    PROBLEM_PENDING = "problem_pending"
    """发现问题待后续处理 (a problem found, to be handled)."""
    PROBLEM_CORRECTED = "problem_corrected"
    """发现问题已责令改正 (a problem found, ordered corrected)."""
    COMPLIANT = "compliant"
    """未发现问题 (no problem found)."""
    NO_ACTIVITY = "no_activity"
    """未发现开展本次抽查涉及的经营活动 (does none of the business checked)."""
    CLOSED = "closed"
    """已关闭停业或正在组织清算 (closed, or in liquidation)."""
    DEREGISTERED = "deregistered"
    """已注销 (deregistered)."""
    REVOKED = "revoked"
    """被吊销 (licence revoked)."""
    MOVED_OUT = "moved_out"
    """已迁出 (moved out of the jurisdiction)."""

    @property
    def label(self) -> str:
        """The category's Chinese name, as published."""
        return ZH["Outcome"][self.value]

    @property
    def category(self) -> OutcomeClass:
        """Problem found, no problem, or not assessable."""
        return _CLASSES[self]

    @property
    def is_problem(self) -> bool:
        """Whether it counts towards the problem discovery rate (R7.4)."""
        return _CLASSES[self] is OutcomeClass.PROBLEM

    @classmethod
    def _words(cls) -> dict[str, Any]:
        return {
            "拒绝检查": cls.REFUSED,
            "弄虚作假": cls.FALSIFIED,
            "无法联系": cls.UNREACHABLE,
            "发现问题": cls.PROBLEM_PENDING,
            "查无下落": cls.UNREACHABLE,
            "noncompliant": cls.PROBLEM_PENDING,
            "not_found": cls.UNREACHABLE,
        }

    @classmethod
    def _rule(cls) -> str:
        return "R7.4"


_PROBLEMS = {Outcome.REFUSED, Outcome.FALSIFIED, Outcome.NOT_DISCLOSED, Outcome.UNREACHABLE,
             Outcome.PROBLEM_PENDING, Outcome.PROBLEM_CORRECTED}  # fmt: skip
_CLASSES = {
    member: OutcomeClass.PROBLEM
    if member in _PROBLEMS
    else OutcomeClass.NO_PROBLEM
    if member is Outcome.COMPLIANT
    else OutcomeClass.NOT_ASSESSABLE
    for member in Outcome
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
