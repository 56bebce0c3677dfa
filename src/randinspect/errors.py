"""The exception hierarchy of randinspect.

Every error the library raises derives from :class:`RandInspectError`, and
each subclass also derives from the matching built-in (``ValueError``,
``TypeError`` or ``LookupError``), so ``except ValueError`` keeps working for
callers who do not know randinspect.

A message names the object and field, the rule it enforces (an R-number of
the rulebook where one applies), the value received and the fix, and the same
facts are attributes of the exception for programs that handle it.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DuplicateIdError",
    "InfeasibleAssignmentError",
    "InvalidDateError",
    "InvalidIdError",
    "InvalidRatioError",
    "InvalidSeedError",
    "RandInspectError",
    "RuleViolationError",
    "UnknownIdError",
    "UnpublishedYearError",
    "ValidationError",
]

_NO_VALUE: Any = object()


class RandInspectError(Exception):
    """The root of every error randinspect raises.

    Attributes:
        obj: The object the error is about, e.g. ``"Plan 'p1'"`` (may be empty).
        field: The field or argument at fault (may be empty).
        value: The value received (absent when there is none to show).
        rule: The rule enforced, e.g. ``"R2.2"`` (may be empty).
        fix: What to do about it.
    """

    def __init__(
        self,
        problem: str,
        *,
        obj: str = "",
        field: str = "",
        value: Any = _NO_VALUE,
        rule: str = "",
        fix: str = "",
    ) -> None:
        self.problem = problem
        self.obj = obj
        self.field = field
        self.value = None if value is _NO_VALUE else value
        self.rule = rule
        self.fix = fix
        super().__init__(_compose(problem, obj=obj, field=field, value=value, rule=rule, fix=fix))


def _compose(problem: str, *, obj: str, field: str, value: Any, rule: str, fix: str) -> str:
    where = " ".join(part for part in (obj, f"field {field!r}" if field else "") if part)
    text = f"{where}: {problem}" if where else problem
    if value is not _NO_VALUE:
        text += f" (got {value!r})"
    if rule:
        text += f" [{rule}]"
    if fix:
        text += f"; {fix}"
    return text


class ValidationError(RandInspectError, ValueError):
    """A value is malformed or breaks a rule of the rulebook."""


class InvalidIdError(ValidationError):
    """An id is empty, or holds ``|`` or a control character (randinspect-draw/1)."""


class InvalidRatioError(ValidationError):
    """A sampling ratio cannot be read exactly, or lies outside 0%..100% (R2)."""


class InvalidSeedError(ValidationError):
    """A seed is not exactly 32 bytes written as 64 hexadecimal characters."""


class InvalidDateError(ValidationError, TypeError):
    """A date field got a ``datetime`` or a non-date, or dates run backwards."""


class DuplicateIdError(ValidationError):
    """Two objects in one collection share an id."""


class RuleViolationError(ValidationError):
    """Values that are each well-formed break a rule together (e.g. R2.2, R4.2)."""


class UnknownIdError(RandInspectError, LookupError):
    """A reference names an id that the collection it refers to does not hold."""


class UnpublishedYearError(RandInspectError, LookupError):
    """A date falls in a year whose official holiday schedule is not known (R6).

    China's State Council publishes each year's holidays and make-up working
    days late in the year before; randinspect never guesses them.
    """


class InfeasibleAssignmentError(RuleViolationError):
    """No assignment of inspectors meets the team rules; the certificate shows why (R4).

    Raised only when no valid assignment exists at all, never because a search
    gave up. The certificate is a Hall-type obstruction: a set of places on
    some tasks that need more inspectors than those able to fill them can
    give, with the reason every other roster inspector cannot help.

    Attributes:
        certificate: The obstruction, a ``randinspect.assignment.Infeasibility``
            (its ``explain()`` spells it out).
    """

    def __init__(
        self,
        problem: str,
        *,
        certificate: Any,
        obj: str = "",
        field: str = "",
        value: Any = _NO_VALUE,
        rule: str = "",
        fix: str = "",
    ) -> None:
        super().__init__(problem, obj=obj, field=field, value=value, rule=rule, fix=fix)
        self.certificate = certificate
