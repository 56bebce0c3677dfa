"""Value helpers shared by the domain types: ids, ratios, dates, frozen maps.

How the types validate: an attrs *converter* normalises what it can (``"5%"``
to ``Fraction(1, 20)``, a list to a tuple) and passes anything else through
unchanged; the field's *validator*, which sees the whole object, then rejects
what is left with a message naming the object, the field, the rule, the value
and the fix. So every error can say ``Plan 'p1' field 'ratios'``, not just
``bad ratio``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import (
    Callable,
    Hashable,
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    ValuesView,
)
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Generic, TypeVar, overload

from randinspect.errors import (
    InvalidDateError,
    InvalidIdError,
    InvalidRatioError,
    ValidationError,
)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")

RatioLike = Fraction | Decimal | str | int | float
"""What a ratio may be given as: ``Fraction``, ``Decimal``, ``"5%"``, ``"0.05"``,
``"1/20"``, ``0`` or ``1``, or a float read through its decimal string."""

ID_RULE = "randinspect-draw/1 ids"


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """An immutable, hashable mapping (for attributes, scopes and outcomes).

    Equality is mapping equality; iteration follows the keys' sorted order, so
    two maps with the same items behave identically whatever order built them.
    Look-ups and views go straight to the inner dict (a draw makes millions),
    not through the generic ``Mapping`` methods; the views are read-only.
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        data = dict(items)
        if len(data) > 1:
            data = {k: data[k] for k in sorted(data, key=_sort_key)}
        self._data: dict[K, V] = data
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    @overload
    def get(self, key: K, /) -> V | None: ...
    @overload
    def get(self, key: K, /, default: V | T) -> V | T: ...
    def get(self, key: K, /, default: object = None) -> object:
        """The value of ``key``, or ``default``."""
        return self._data.get(key, default)

    def keys(self) -> KeysView[K]:
        """The keys, in sorted order."""
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        """The values, in the keys' sorted order."""
        return self._data.values()

    def items(self) -> ItemsView[K, V]:
        """The (key, value) pairs, in the keys' sorted order."""
        return self._data.items()

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


def _sort_key(key: object) -> str:
    value = getattr(key, "value", key)
    return str(value)


def describe(obj: object) -> str:
    """Name an object in messages: ``Plan 'p1'``, or just ``Plan`` without an id."""
    name = type(obj).__name__
    for attribute in ("id", "task_id"):
        ident = getattr(obj, attribute, None)
        if isinstance(ident, str):
            return f"{name} {ident!r}"
    return name


# --- ids -------------------------------------------------------------------


_NOT_IN_ID = re.compile("[|\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""``|``, the control characters (category Cc: exactly U+0000-001F and U+007F-009F)
and lone surrogates (which have no UTF-8 encoding)."""
_SURROGATE = re.compile("[\ud800-\udfff]")


def is_text(value: object) -> bool:
    """Whether ``value`` is a ``str`` that UTF-8 can encode (no lone surrogates)."""
    return isinstance(value, str) and _SURROGATE.search(value) is None


def is_valid_id(value: object) -> bool:
    """Whether ``value`` is a valid id (the fast check; :func:`check_id` explains)."""
    return isinstance(value, str) and value != "" and _NOT_IN_ID.search(value) is None


def check_id(value: object, *, obj: str, field: str) -> str:
    """Return ``value`` if it is a valid id; raise :class:`InvalidIdError` if not.

    An id is a non-empty ``str`` with no ``|`` and no control character, so the
    draw's ``seed|purpose|scope|id`` message is unambiguous.
    """
    if is_valid_id(value):
        return value  # type: ignore[return-value]  # is_valid_id checked it is a str
    if not isinstance(value, str):
        raise InvalidIdError(
            f"an id must be a str, not {type(value).__name__}",
            obj=obj,
            field=field,
            value=value,
            rule=ID_RULE,
            fix="pass the id as text",
        )
    if not value:
        raise InvalidIdError(
            "an id must not be empty",
            obj=obj,
            field=field,
            value=value,
            rule=ID_RULE,
            fix="give every object a non-empty id",
        )
    if "|" in value:
        raise InvalidIdError(
            "an id must not contain '|', the draw's separator",
            obj=obj,
            field=field,
            value=value,
            rule=ID_RULE,
            fix="replace '|' in the id, e.g. with '/' or '-'",
        )
    raise InvalidIdError(
        "an id must not contain control characters (tab, newline, ...) or lone surrogates",
        obj=obj,
        field=field,
        value=value,
        rule=ID_RULE,
        fix="strip control characters from the id and decode it as UTF-8",
    )


def id_validator(instance: object, attribute: Any, value: Any) -> None:
    """Attrs validator: ``value`` is a valid id (see :func:`check_id`)."""
    if not is_valid_id(value):
        check_id(value, obj=describe(instance), field=attribute.name)


def ids_validator(instance: object, attribute: Any, value: Any) -> None:
    """Attrs validator: every member of the collection ``value`` is a valid id."""
    if not isinstance(value, tuple | frozenset):
        raise ValidationError(
            "must be a collection of ids",
            obj=describe(instance),
            field=attribute.name,
            value=value,
            fix="pass a list, tuple or set of str ids",
        )
    for member in value:
        if not is_valid_id(member):
            check_id(member, obj=describe(instance), field=attribute.name)


def text_validator(instance: object, attribute: Any, value: Any) -> None:
    """Attrs validator: ``value`` is a ``str`` (free text; may be empty)."""
    if not is_text(value):
        raise ValidationError(
            "must be text",
            obj=describe(instance),
            field=attribute.name,
            value=value,
            fix="pass a str",
        )


def nonempty_text_validator(instance: object, attribute: Any, value: Any) -> None:
    """Attrs validator: ``value`` is a non-empty ``str`` with visible content."""
    if not is_text(value) or not value.strip():
        raise ValidationError(
            "must be non-empty text",
            obj=describe(instance),
            field=attribute.name,
            value=value,
            fix="name it, e.g. the department's official name",
        )


def bool_validator(instance: object, attribute: Any, value: Any) -> None:
    """Attrs validator: ``value`` is exactly ``True`` or ``False``."""
    if not isinstance(value, bool):
        raise ValidationError(
            "must be True or False",
            obj=describe(instance),
            field=attribute.name,
            value=value,
            fix="pass a bool",
        )


def int_validator(minimum: int) -> Callable[[object, Any, object], None]:
    """Attrs validator factory: an ``int`` (not a ``bool``) of at least ``minimum``."""

    def validate(instance: object, attribute: Any, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ValidationError(
                f"must be a whole number of at least {minimum}",
                obj=describe(instance),
                field=attribute.name,
                value=value,
                fix=f"pass an int >= {minimum}",
            )

    return validate


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Converter: any iterable but a ``str`` becomes a tuple; anything else passes."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]  # the validator rejects it
    return tuple(value)


def to_frozenset(value: Iterable[Any]) -> frozenset[Any]:
    """Converter: any iterable but a ``str`` becomes a frozenset; anything else passes."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]  # the validator rejects it
    return frozenset(value)


def to_frozen_map(value: Mapping[Any, Any]) -> FrozenMap[Any, Any]:
    """Converter: a mapping becomes a :class:`FrozenMap`; anything else passes."""
    if isinstance(value, FrozenMap) or not isinstance(value, Mapping):
        return value  # a FrozenMap already, or not a mapping: the validator rejects it
    return FrozenMap(value)


def text_map_validator(instance: object, attribute: Any, value: Any) -> None:
    """Attrs validator: a :class:`FrozenMap` from non-empty ``str`` to ``str``."""
    if not isinstance(value, FrozenMap) or not all(
        is_text(k) and k and is_text(v) for k, v in value.items()
    ):
        raise ValidationError(
            "must map non-empty text names to text values",
            obj=describe(instance),
            field=attribute.name,
            value=value,
            fix='pass a dict such as {"region": "Weidong", "type": "elder-care"}',
        )


# --- ratios ----------------------------------------------------------------

_RATIO_FIX = 'give a share between 0% and 100%: "5%", "0.05", "1/20", Fraction or Decimal'


def parse_ratio(value: object, *, obj: str = "", field: str = "ratio") -> Fraction:
    """Read a sampling ratio exactly, as a :class:`~fractions.Fraction` in [0, 1].

    Accepts ``Fraction``, ``Decimal``, ``int`` (0 or 1), and text: ``"5%"``,
    ``"12.5%"``, ``"0.05"``, ``"1/20"``. A ``float`` is read through its
    shortest decimal string, so ``0.07`` means exactly 7/100 (R2.2: no float
    ever decides a sample size).

    Raises:
        InvalidRatioError: unreadable, or outside 0%..100%.
    """
    ratio = _read_ratio(value)
    if ratio is None:
        raise InvalidRatioError(
            "is not a ratio", obj=obj, field=field, value=value, rule="R2.1", fix=_RATIO_FIX
        )
    if not 0 <= ratio <= 1:
        raise InvalidRatioError(
            "a ratio must lie between 0% and 100%",
            obj=obj,
            field=field,
            value=value,
            rule="R2.1",
            fix=_RATIO_FIX,
        )
    return ratio


def _read_ratio(value: object) -> Fraction | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    scale = Fraction(1)
    if text.endswith("%"):
        text, scale = text[:-1].strip(), Fraction(1, 100)
    try:
        if "/" in text:
            return Fraction(text) * scale
        number = Decimal(text)
    except (ValueError, ZeroDivisionError, InvalidOperation):
        return None
    return Fraction(number) * scale if number.is_finite() else None


def format_ratio(ratio: Fraction) -> str:
    """Write a ratio as text that :func:`parse_ratio` reads back exactly.

    ``Fraction(1, 20)`` is ``"5%"`` and ``Fraction(1, 8)`` is ``"12.5%"``; a
    ratio with no finite decimal percentage, like 1/3, is ``"1/3"``.
    """
    percent = ratio * 100
    denominator = percent.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return f"{ratio.numerator}/{ratio.denominator}"
    text = format(Decimal(percent.numerator) / Decimal(percent.denominator), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def to_ratio(value: RatioLike) -> Fraction:
    """Converter: read a ratio if possible; pass it through for the validator if not."""
    ratio = _read_ratio(value)
    return value if ratio is None else ratio  # type: ignore[return-value]


def ratio_validator(instance: object, attribute: Any, value: Any) -> None:
    """Attrs validator: ``value`` is a ``Fraction`` in [0, 1] (see :func:`parse_ratio`)."""
    if isinstance(value, Fraction):
        value = format_ratio(value)  # so an error shows "120%", not Fraction(6, 5)
    parse_ratio(value, obj=describe(instance), field=attribute.name)


# --- dates -----------------------------------------------------------------


def check_date(value: object, *, obj: str, field: str) -> dt.date:
    """Return ``value`` if it is a ``date`` (and not a ``datetime``); raise if not."""
    if isinstance(value, dt.datetime):
        raise InvalidDateError(
            "a datetime is not a date: deadlines and windows count whole days",
            obj=obj,
            field=field,
            value=value,
            fix="pass value.date() (in the inspection's local time zone)",
        )
    if not isinstance(value, dt.date):
        raise InvalidDateError(
            "must be a datetime.date",
            obj=obj,
            field=field,
            value=value,
            fix="pass a date, e.g. datetime.date(2024, 6, 1); from_mapping reads '2024-06-01'",
        )
    return value


def date_validator(instance: object, attribute: Any, value: Any) -> None:
    """Attrs validator: ``value`` is a ``date`` (not a ``datetime``)."""
    check_date(value, obj=describe(instance), field=attribute.name)


def optional_date_validator(instance: object, attribute: Any, value: Any) -> None:
    """Attrs validator: ``value`` is ``None`` or a ``date`` (not a ``datetime``)."""
    if value is not None:
        check_date(value, obj=describe(instance), field=attribute.name)


def date_from_text(value: object, *, obj: str, field: str) -> dt.date:
    """Read an ISO date (``"2024-06-01"``) or pass a ``date`` through, checked."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidDateError(
                "is not an ISO date",
                obj=obj,
                field=field,
                value=value,
                fix="write dates as YYYY-MM-DD",
            ) from None
    return check_date(value, obj=obj, field=field)
