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

import copy
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

__all__ = [
    "DuplicateIdError",
    "InfeasibleAssignmentError",
    "InvalidDateError",
    "InvalidIdError",
    "InvalidRatioError",
    "InvalidSeedError",
    "LoadError",
    "RandInspectError",
    "RecordError",
    "RuleViolationError",
    "UnknownIdError",
    "UnpublishedYearError",
    "ValidationError",
]

_NO_VALUE: Any = object()

MAX_MESSAGE = 999
"""The longest message an error carries, in characters: every part is cut to fit."""

_VALUE_LIMIT = 240
"""The most characters of a value a message shows before it is cut with an ellipsis."""
_ITEM_LIMIT = 24
"""The most members of a collection a message shows."""
_DEPTH_LIMIT = 6
"""The deepest nesting a message shows; deeper members are written ``…``."""
_INT_BITS_LIMIT = 1024
"""Ints longer than this are described by their size, not written out (int-to-text is
quadratic and refused by Python beyond 4,300 digits)."""
_SUFFIX_LIMIT = 40
"""Room after a cut value for its size, e.g. ``(100,000 characters)``."""
_ELLIPSIS = "\u2026"

# How much of each part a message keeps: generous first, tight when the whole is too long.
_LOOSE = {"obj": 200, "field": 200, "problem": 600, "value": _VALUE_LIMIT, "rule": 100, "fix": 600}
_TIGHT = {"obj": 100, "field": 80, "problem": 240, "value": 160, "rule": 40, "fix": 240}


class RandInspectError(Exception):
    """The root of every error randinspect raises.

    Building one never fails, whatever it is given: a part that is not text is
    written as text, a value whose ``repr`` fails or would be huge (an int of
    5,000 digits, a list nested 20,000 deep, a 100,000-character id) is shown
    in part, cut with an ellipsis, and the whole message stays under 1,000
    characters. The attributes keep what was given, uncut.

    Attributes:
        problem: What is wrong, e.g. ``"is not a ratio"``.
        obj: The object the error is about, e.g. ``"Plan 'p1'"`` (may be empty).
        field: The field or argument at fault (may be empty).
        value: The value received, as given (``None`` when there is none to show).
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
        self.problem = _text(problem)
        self.obj = _text(obj)
        self.field = _text(field)
        self.value = None if value is _NO_VALUE else value
        self.rule = _text(rule)
        self.fix = _text(fix)
        self._has_value = value is not _NO_VALUE
        super().__init__(self._compose())

    def _compose(self) -> str:
        value = self.value if self._has_value else _NO_VALUE
        parts = (self.problem, self.obj, self.field, value, self.rule, self.fix)
        text = _compose(*parts, limits=_LOOSE)
        if len(text) > MAX_MESSAGE:
            text = _compose(*parts, limits=_TIGHT)
        return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + _ELLIPSIS

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle as ``cls(*args)``, which keyword-only parts defeat.
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


def _rebuild(cls: type[RandInspectError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


def _relocated(error: RandInspectError, *, obj: str, field: str) -> RandInspectError:
    """``error`` as raised inside ``obj``'s field ``field`` (for nested values).

    An error about a period read inside a plan says ``Plan 'p1' field
    'periods[0].end'`` instead of ``Period field 'end'``: the same class, problem,
    value, rule and fix, with the path of the outer object in front.
    """
    clone: RandInspectError = copy.copy(error)
    clone.obj = _text(obj)
    clone.field = f"{_text(field)}.{error.field}" if error.field else _text(field)
    clone.args = (clone._compose(),)
    return clone


def _compose(  # noqa: PLR0917  # the six parts of a message, in their order
    problem: str, obj: str, field: str, value: Any, rule: str, fix: str, *, limits: dict[str, int]
) -> str:
    obj, field = _cut(obj, limits["obj"]), _cut(field, limits["field"])
    where = " ".join(part for part in (obj, f"field {field!r}" if field else "") if part)
    problem = _cut(problem, limits["problem"])
    text = f"{where}: {problem}" if where else problem
    if value is not _NO_VALUE:
        text += f" (got {_shown(value, limit=limits['value'])})"
    if rule:
        text += f" [{_cut(rule, limits['rule'])}]"
    if fix:
        text += f"; {_cut(fix, limits['fix'])}"
    return text


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + _ELLIPSIS


def _text(part: object) -> str:
    """A message part as plain ``str``: text as is (a subclass as its plain value), else shown."""
    if type(part) is str:
        return part
    if isinstance(part, str):
        return str.__str__(part)
    return _shown(part)


def _shown(value: object, *, limit: int = _VALUE_LIMIT) -> str:
    """Write ``value`` for a message: its ``repr``, cut to about ``limit`` characters.

    Never raises and never takes long: collections show their first members
    down to a few levels, huge ints their size, and a value whose ``repr``
    fails its type. Used by every message the library builds.
    """
    try:
        text = _render(value, limit, _DEPTH_LIMIT)
    except Exception:  # a hostile __repr__, __iter__ or __len__
        text = f"<unprintable {_type_name(value)}>"
    return _cut(text, limit + _SUFFIX_LIMIT)


def _type_name(value: object) -> str:
    name = type(value).__name__
    return name if type(name) is str else "object"


_SEQUENCES: dict[type, tuple[str, str]] = {list: ("[", "]"), tuple: ("(", ")")}


def _render(value: object, limit: int, depth: int) -> str:
    kind = type(value)
    if kind is str or kind is bytes:
        text: str | bytes = value  # type: ignore[assignment]
        if len(text) <= limit:
            return repr(text)
        return f"{text[:limit]!r}{_ELLIPSIS} ({len(text):,} characters)"
    if kind is int:
        number: int = value  # type: ignore[assignment]
        if number.bit_length() <= _INT_BITS_LIMIT:
            return repr(number)
        return f"<int of about {int(number.bit_length() * 0.30103) + 1:,} digits>"
    if kind is Fraction:
        ratio: Fraction = value  # type: ignore[assignment]
        if max(ratio.numerator.bit_length(), ratio.denominator.bit_length()) <= _INT_BITS_LIMIT:
            return repr(ratio)
        numerator = _render(ratio.numerator, limit, depth)
        return f"Fraction({numerator}, {_render(ratio.denominator, limit, depth)})"
    if kind in _SEQUENCES or kind is set or kind is frozenset or kind is dict:
        return _render_collection(value, limit, depth)
    if isinstance(value, Mapping):  # FrozenMap and friends: their repr may nest deep
        return f"{_type_name(value)}({_render_collection(value, limit, depth)})"
    return _cut(repr(value), limit)


def _render_collection(value: Any, limit: int, depth: int) -> str:
    kind = type(value)
    if not value:
        return "{}" if isinstance(value, Mapping) else repr(value)
    if depth <= 0:
        return _ELLIPSIS
    pairs = isinstance(value, Mapping)
    members = iter(value.items() if pairs else value)
    shown: list[str] = []
    size = 0
    for index, member in enumerate(members):
        if index >= _ITEM_LIMIT or size > limit:
            shown.append(f"{_ELLIPSIS} {len(value) - index:,} more")
            break
        if pairs:
            key, item = member
            text = f"{_render(key, limit, depth - 1)}: {_render(item, limit, depth - 1)}"
        else:
            text = _render(member, limit, depth - 1)
        shown.append(text)
        size += len(text) + 2
    inner = ", ".join(shown)
    if kind is tuple and len(value) == 1:
        return f"({inner},)"
    if kind in _SEQUENCES:
        opening, closing = _SEQUENCES[kind]
        return f"{opening}{inner}{closing}"
    if kind is frozenset:
        return f"frozenset({{{inner}}})"
    return f"{{{inner}}}"


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


class RecordError(ValidationError):
    """A stored record cannot be read (R7.6).

    A field is missing or of the wrong type, or the record follows another
    spec version than this release implements.
    """


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


class LoadError(ValidationError):
    """Some rows of a bulk load could not be read; ``problems`` names each (up to a cap).

    Raised by :func:`~randinspect.loading.load_registry` and its siblings once
    every row has been read, so one error lists every bad row.

    Attributes:
        problems: The bad rows (``randinspect.loading.RowProblem``), in row order.
        count: How many rows could not be read in all (``problems`` may be capped).
        rows: How many rows were read.
    """

    def __init__(
        self,
        problem: str,
        *,
        problems: Any = (),
        count: Any = 0,
        rows: Any = 0,
        obj: str = "",
        field: str = "",
        value: Any = _NO_VALUE,
        rule: str = "",
        fix: str = "",
    ) -> None:
        super().__init__(problem, obj=obj, field=field, value=value, rule=rule, fix=fix)
        self.problems = problems
        self.count = count
        self.rows = rows
