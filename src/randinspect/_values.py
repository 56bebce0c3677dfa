"""Value helpers shared by the domain types: ids, ratios, dates, frozen maps.

How the types validate: an attrs *converter* normalises what it can (``"5%"``
to ``Fraction(1, 20)``, a list to a tuple) and passes anything else through
unchanged, never raising; the field's *validator*, which sees the whole
object, then rejects what is left with a message naming the object, the
field, the rule, the value and the fix. So every error can say ``Plan 'p1'
field 'ratios'``, not just ``bad ratio``. The type and range checks
themselves are those of :mod:`randinspect._checks`; the validators here adapt
them to attrs.
"""

from __future__ import annotations

import datetime as dt
import enum
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
from decimal import Decimal
from fractions import Fraction
from typing import Any, Generic, TypeVar, overload

from randinspect._checks import (
    MAX_YEAR,
    MIN_YEAR,
    check_int,
    check_type,
    check_year,
    is_year,
    optional,
)
from randinspect._labels import ZH
from randinspect.errors import (
    InvalidDateError,
    InvalidIdError,
    InvalidRatioError,
    RandInspectError,
    ValidationError,
    _shown,
)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")

Validator = Callable[[Any, Any, Any], None]

RatioLike = Fraction | Decimal | str | int | float
"""What a ratio may be given as: ``Fraction``, ``Decimal``, ``"5%"``, ``"0.05"``,
``"1/20"``, ``0``, or a float read through its decimal string."""

ID_RULE = "randinspect-draw/1 ids"

# Errors a hostile iterable may raise while it is read; anything else is a bug of ours.
_READ_ERRORS = (TypeError, ValueError, LookupError, ArithmeticError)


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """An immutable, hashable mapping (for attributes, scopes and outcomes).

    Equality is mapping equality; iteration follows the keys' sorted order, so
    two maps with the same items behave identically whatever order built them.
    Keys of mixed types sort by their text, then their type's name, and never
    fail to sort. Look-ups and views go straight to the inner dict (a draw
    makes millions), not through the generic ``Mapping`` methods; the views
    are read-only.

    Raises:
        ValidationError: ``items`` is neither a mapping nor (key, value) pairs
            with hashable keys.
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        try:
            data = dict(items)
        except _READ_ERRORS as error:
            raise ValidationError(
                f"could not be read as a mapping ({type(error).__name__}: {error})",
                obj="FrozenMap",
                field="items",
                value=items,
                fix="pass a mapping, or (key, value) pairs whose keys are hashable",
            ) from None
        if len(data) > 1:
            data = {k: data[k] for k in _sorted_keys(data)}
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


def sorted_text_map(data: dict[str, V]) -> FrozenMap[str, V]:
    """A :class:`FrozenMap` of ``data``, whose keys the caller knows are all exact ``str``.

    The same value as ``FrozenMap(data)``, without the generic reading: the
    keys are put in sorted order (code point order, as ``FrozenMap`` keeps
    them) and ``data`` itself is kept when it is already in that order, so
    the caller must not keep or change it. For the row fast path of
    ``Subject.from_mapping``, which checked the keys first.
    """
    if len(data) > 1:
        keys = list(data)
        ordered = sorted(keys)
        if ordered != keys:
            data = {k: data[k] for k in ordered}
    built: FrozenMap[str, V] = FrozenMap.__new__(FrozenMap)
    built._data = data
    built._hash = None
    return built


def values_at(maps: Iterable[FrozenMap[K, V]], key: K) -> list[V | None]:
    """``[m.get(key) for m in maps]``, at dict speed (the staffing reads one per task)."""
    return [m._data.get(key) for m in maps]  # FrozenMap's own module


def _sorted_keys(data: dict[Any, Any]) -> list[Any]:
    keys = list(data)
    if all(type(key) is str for key in keys):
        return sorted(keys)
    return sorted(keys, key=_sort_key)


def _sort_key(key: object) -> tuple[str, str]:
    """Sort enums by value, anything else by its text; ties by the type's name."""
    try:
        value = getattr(key, "value", key)
        text = value if isinstance(value, str) else str(value)
    except Exception:  # a key whose str() fails still sorts, by its repr
        text = _shown(key)
    return (str.__str__(text), type(key).__qualname__)


def describe(obj: object) -> str:
    """Name an object in messages: ``Plan 'p1'``, or just ``Plan`` without an id."""
    name = type(obj).__name__
    for attribute in ("id", "task_id"):
        ident = getattr(obj, attribute, None)
        if isinstance(ident, str):
            return f"{name} {str.__repr__(ident)}"
    return name


# --- ids -------------------------------------------------------------------


_NOT_IN_ID = re.compile("[|\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""``|``, the control characters (category Cc: exactly U+0000-001F and U+007F-009F)
and lone surrogates (which have no UTF-8 encoding)."""
_SURROGATE = re.compile("[\ud800-\udfff]")


def is_text(value: object) -> bool:
    """Whether ``value`` is a ``str`` that UTF-8 can encode (no lone surrogates)."""
    # ASCII text (known in constant time) holds no surrogate; other text is searched
    # (and a str subclass, whose methods might say anything).
    if type(value) is str and value.isascii():
        return True
    return isinstance(value, str) and _SURROGATE.search(value) is None


def is_valid_id(value: object) -> bool:
    """Whether ``value`` is a valid id (the fast check; :func:`check_id` explains)."""
    if type(value) is str and value.isascii():
        # Printable ASCII is exactly U+0020-007E: no control character, no surrogate.
        return value != "" and "|" not in value and value.isprintable()
    return isinstance(value, str) and value != "" and _NOT_IN_ID.search(value) is None


def check_id(value: object, *, obj: str, field: str) -> str:
    """Return ``value`` if it is a valid id; raise :class:`InvalidIdError` if not.

    An id is a non-empty ``str`` with no ``|`` and no control character, so the
    draw's ``seed|purpose|scope|id`` message is unambiguous.
    """
    if is_valid_id(value):
        return value  # type: ignore[return-value]  # is_valid_id checked it is a str
    if isinstance(value, bytes | bytearray):
        raise InvalidIdError(
            "an id must be a str, not bytes",
            obj=obj,
            field=field,
            value=value,
            rule=ID_RULE,
            fix="decode it first, e.g. value.decode('utf-8')",
        )
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


def to_id(value: Any) -> Any:
    """Converter: a ``str`` subclass (``numpy.str_``, a str enum) becomes its plain ``str``.

    Ids go into the draw's hashed text; a subclass could format, encode or
    compare differently there (a ``(str, Enum)`` member formats as
    ``'Kind.A'`` on Python 3.12). Anything else passes, for the validator.
    """
    if type(value) is str or not isinstance(value, str):
        return value
    return str.__str__(value)


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
    if value is not True and value is not False:
        check_type(value, bool, obj=describe(instance), field=attribute.name, fix="pass a bool")


def instance_of(cls: type, *, fix: str = "", rule: str = "") -> Validator:
    """Attrs validator factory: ``value`` is a ``cls`` (see ``_checks.check_type``)."""
    advice = fix or f"pass a {cls.__name__}(...) or its to_data() mapping via from_mapping"

    def validate(instance: object, attribute: Any, value: Any) -> None:
        if not isinstance(value, cls):
            check_type(
                value, cls, obj=describe(instance), field=attribute.name, fix=advice, rule=rule
            )

    return validate


def int_validator(
    minimum: int, maximum: int | None = None, *, rule: str = "", fix: str = ""
) -> Validator:
    """Attrs validator factory: an ``int`` (not a ``bool``) in ``minimum..maximum``.

    Without ``maximum`` there is no upper bound; give one wherever a huge
    number would make the library work for long (a team size, a load cap).
    """

    def validate(instance: object, attribute: Any, value: Any) -> None:
        if type(value) is int and minimum <= value and (maximum is None or value <= maximum):
            return
        if maximum is not None:
            check_int(
                value,
                obj=describe(instance),
                field=attribute.name,
                minimum=minimum,
                maximum=maximum,
                rule=rule,
                fix=fix,
            )
        elif isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ValidationError(
                f"must be a whole number of at least {minimum}",
                obj=describe(instance),
                field=attribute.name,
                value=value,
                rule=rule,
                fix=fix or f"pass an int >= {minimum}",
            )

    return validate


def year_validator(instance: object, attribute: Any, value: Any) -> None:
    """Attrs validator: ``value`` is a calendar year the library accepts (``_checks.YEARS``)."""
    if not is_year(value):
        check_year(value, obj=describe(instance), field=attribute.name)


def check_members(value: object, cls: type, *, obj: str, field: str, rule: str) -> None:
    """Raise unless ``value`` is a non-empty tuple of ``cls`` (a plan's items or periods)."""
    what = cls.__name__
    if not isinstance(value, tuple):
        raise ValidationError(
            f"must be a collection of {what}",
            obj=obj,
            field=field,
            value=value,
            rule=rule,
            fix=f"pass a list of {what}(...) values",
        )
    if not value:
        raise ValidationError(
            f"needs at least one {what}",
            obj=obj,
            field=field,
            value=value,
            rule=rule,
            fix=f"list {what} values"
            + (" (or leave periods out for the whole year)" if what == "Period" else ""),
        )
    for index, member in enumerate(value):
        if not isinstance(member, cls):
            check_type(
                member,
                cls,
                obj=obj,
                field=f"{field}[{index}]",
                rule=rule,
                fix=f"pass a {what}(...), or its to_data() mapping via from_mapping",
            )


def check_in_years(value: object, year: int, *, obj: str, field: str) -> None:
    """Raise unless ``year``, the year of the date or window ``value``, is one of ``YEARS``."""
    if not is_year(year):
        raise InvalidDateError(
            f"falls in year {year}, outside the years {MIN_YEAR} to {MAX_YEAR} the library"
            " accepts",
            obj=obj,
            field=field,
            value=value,
            rule="R5.1",
            fix="check the date: a typo in the year?",
        )


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Converter: a collection becomes a tuple; anything else passes, for the validator.

    Text, bytes and mappings are not collections here: their characters or
    keys would be taken silently.
    """
    kind = type(value)
    if kind is tuple:
        return value  # type: ignore[return-value]  # an exact tuple
    if kind is list:
        return tuple(value)
    if _not_a_collection(value):
        return value  # type: ignore[return-value]  # the validator rejects it
    try:
        return tuple(value)
    except _READ_ERRORS:
        return value  # type: ignore[return-value]  # the validator rejects it


def to_frozenset(value: Iterable[Any]) -> frozenset[Any]:
    """Converter: a collection becomes a frozenset; anything else passes, for the validator.

    A collection with an unhashable member (``[["s1"]]``) becomes a tuple, so
    that the validator names the member instead of a bare ``TypeError``.
    """
    kind = type(value)
    if kind is frozenset:
        return value  # type: ignore[return-value]  # an exact frozenset
    if kind is list or kind is set or kind is tuple:
        members: Iterable[Any] = value
    elif _not_a_collection(value):
        return value  # type: ignore[return-value]  # the validator rejects it
    else:
        try:
            members = tuple(value)
        except _READ_ERRORS:
            return value  # type: ignore[return-value]  # the validator rejects it
    try:
        return frozenset(members)
    except TypeError:
        return tuple(members)  # type: ignore[return-value]  # the validator names the member


def _not_a_collection(value: object) -> bool:
    return isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable)


def to_frozen_map(value: Mapping[Any, Any]) -> FrozenMap[Any, Any]:
    """Converter: a mapping becomes a :class:`FrozenMap`; anything else passes."""
    if isinstance(value, FrozenMap) or not isinstance(value, Mapping):
        return value  # a FrozenMap already, or not a mapping: the validator rejects it
    try:
        return FrozenMap(value)
    except RandInspectError:
        return value  # type: ignore[return-value]  # the validator rejects it


def text_map_validator(instance: object, attribute: Any, value: Any) -> None:
    """Attrs validator: a :class:`FrozenMap` from non-empty ``str`` to ``str``."""
    fix = 'pass a dict such as {"region": "Weidong", "type": "elder-care"}'
    if not isinstance(value, FrozenMap):
        raise ValidationError(
            "must map non-empty text names to text values",
            obj=describe(instance),
            field=attribute.name,
            value=value,
            fix=fix,
        )
    for key, text in value.items():
        if not (is_text(key) and key):
            raise ValidationError(
                "names must be non-empty text",
                obj=describe(instance),
                field=attribute.name,
                value=key,
                fix=fix,
            )
        if not is_text(text):
            raise ValidationError(
                "must be text",
                obj=describe(instance),
                field=f"{attribute.name}[{key!r}]",
                value=text,
                fix=fix,
            )


# --- enums that parse the words of the source documents --------------------

_TABLES: dict[type, dict[str, Any]] = {}
"""Per parse enum, every word it reads (value, name, source-document word, each also
casefolded) to its member: parsing is one dict look-up."""


def _snake(name: str) -> str:
    """``"ExclusionReason"`` as ``"exclusion_reason"``: a class named as a field."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class ParseEnumType(enum.EnumMeta):
    """The metaclass of the parse enums: ``Grade("中高")`` is ``Grade.parse("中高")``.

    Calling an enum class with one value goes straight to :meth:`ParseEnum.parse`,
    so a bad value raises the library's :class:`ValidationError` with the
    accepted words, and Python's own ``"%r is not a valid Grade"`` (which
    fails on a value whose ``repr`` fails, such as an int of 5,000 digits) is
    never built. Other calls (the functional API) are Python's.
    """

    def __call__(cls, value: object, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs:
            return super().__call__(value, *args, **kwargs)
        return cls.parse(value)  # type: ignore[attr-defined]


class ParseEnum(enum.Enum, metaclass=ParseEnumType):
    """An enum that parses its value, its name, its Chinese label and the documents' words.

    The Chinese labels are those ``to_rows(labels="zh")`` writes (``_labels.ZH``,
    keyed by the class's name), so every row written that way reads back.
    """

    # Members are singletons compared by identity, so identity's hash agrees with ==; it
    # is C's, where Enum's own hashes the name in Python (a dict keyed by grade or a set
    # of flags hashes members a million times in a registry's load, index and draw).
    __hash__ = object.__hash__

    @classmethod
    def _words(cls) -> dict[str, Any]:
        return {}

    @classmethod
    def _table(cls) -> dict[str, Any]:
        table = _TABLES.get(cls)
        if table is None:
            table = {}
            labels = ZH.get(cls.__name__, {})
            for word, member in [
                *((m.value, m) for m in cls),
                *((m.name, m) for m in cls),
                *((labels[m.value], m) for m in cls if m.value in labels),
                *cls._words().items(),
            ]:
                if isinstance(word, str):  # a str-valued enum; other values are not read
                    table.setdefault(word, member)
                    table.setdefault(word.casefold(), member)
            _TABLES[cls] = table
        return table

    @classmethod
    def parse(cls, value: object, *, obj: str = "", field: str = "") -> Any:
        """Read a member from itself, its value, its name or a source-document word.

        Text is matched as given, then stripped and casefolded. Calling the
        enum (``Grade("B")``) does the same.

        Raises:
            ValidationError: anything else, with the words that are accepted.
        """
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            table = _TABLES.get(cls) or cls._table()
            text = value if type(value) is str else str.__str__(value)
            member = table.get(text)
            if member is None:
                member = table.get(text.strip().casefold())
            if member is not None:
                return member
        article = "an" if cls.__name__[:1] in "AEIOU" else "a"
        raise ValidationError(
            f"is not {article} {cls.__name__}",
            obj=obj,
            field=field or _snake(cls.__name__),
            value=value,
            rule=cls._rule(),
            fix=f"use one of {[m.value for m in cls]}"
            + (f" or {words}" if (words := cls._other_words()) else ""),
        )

    @classmethod
    def _other_words(cls) -> list[str]:
        """The words read besides the values: the Chinese labels and the documents' words."""
        return sorted({*ZH.get(cls.__name__, {}).values(), *cls._words()})

    @classmethod
    def _missing_(cls, value: object) -> Any:
        # Reached only through Enum.__new__ (the metaclass sends calls to parse):
        # Python re-raises what _missing_ raises, so a bad value is our error here too.
        return cls.parse(value)

    @classmethod
    def _rule(cls) -> str:
        return ""


# --- ratios ----------------------------------------------------------------

MAX_RATIO_BITS = 512
"""The largest denominator a ratio may have, in bits (about 154 decimal digits).

Finer ratios decide nothing: no registry holds 10**154 subjects. The bound
keeps every accepted ratio writable by :func:`format_ratio` within
:data:`MAX_RATIO_TEXT` characters, so the two always round-trip."""
MAX_RATIO_TEXT = 600
"""The longest text :func:`parse_ratio` reads, in characters. The longest text
:func:`format_ratio` writes for an accepted ratio is 513 characters (a
percentage with 509 decimal places, for a denominator of 2**511); anything
longer is refused unread, so that a refusal takes microseconds."""
_FORMAT_BITS = 4000
"""The largest numerator or denominator :func:`format_ratio` writes out, in bits:
its digits stay below Python's 4,300-digit limit on int-to-text."""
_FAR_ABOVE = 9
"""Decimals of 10**10 and above are refused without being converted to a Fraction."""
_READS_AS_BITS = 128
"""Out-of-range ratios up to this size are echoed as a percentage in the message."""

_RATIO_FIX = 'give a share between 0% and 100%: "5%", "0.05", "1/20", Fraction or Decimal'
_FINER_FIX = "round it, e.g. to a percentage with a few decimal places"
_RATIO_RULE = "R2.1"


def parse_ratio(value: object, *, obj: str = "", field: str = "ratio") -> Fraction:
    """Read a sampling ratio exactly, as a :class:`~fractions.Fraction` in [0, 1].

    Accepts ``Fraction``, ``Decimal``, the int ``0``, and text: ``"5%"``,
    ``"12.5%"``, ``"0.05"``, ``"1/20"``. A ``float`` is read through its
    shortest decimal string, so ``0.07`` means exactly 7/100 (R2.2: no float
    ever decides a sample size). A bare whole number other than 0 (``1``,
    ``"10"``) is refused: it could be a share or a percentage; write ``"1%"``
    or ``"100%"``.

    Raises:
        InvalidRatioError: unreadable, ambiguous, outside 0%..100%, longer
            than :data:`MAX_RATIO_TEXT` characters or finer than
            :data:`MAX_RATIO_BITS` allows. The message echoes the value as
            given.
    """
    ratio = _read_ratio(value)
    if type(ratio) is Fraction:
        return ratio
    problem, fix = ratio  # type: ignore[misc]  # a refusal: (problem, fix)
    raise InvalidRatioError(problem, obj=obj, field=field, value=value, rule=_RATIO_RULE, fix=fix)


def _is_ratio(ratio: Fraction) -> bool:
    numerator, denominator = ratio.numerator, ratio.denominator
    return 0 <= numerator <= denominator and denominator.bit_length() <= MAX_RATIO_BITS


def _read_ratio(value: object) -> Fraction | tuple[str, str]:
    """The ratio ``value`` gives, or a refusal ``(problem, fix)``; fast, never raising."""
    if isinstance(value, bool):
        return ("a bool is not a ratio", _RATIO_FIX)
    if isinstance(value, Fraction):
        return _in_range(Fraction(value))
    if isinstance(value, int):
        return Fraction(0) if value == 0 else _in_range(Fraction(value), number=True, bare=True)
    if isinstance(value, float):
        return _read_number(repr(value), percent=False)
    if isinstance(value, Decimal):
        return _read_decimal(value, percent=False)
    if not isinstance(value, str):
        return (
            f"is not a ratio: expected text, a Fraction or a Decimal, not {type(value).__name__}",
            _RATIO_FIX,
        )
    if len(value) > MAX_RATIO_TEXT:
        problem = f"is {len(value):,} characters long, more than any ratio needs"
        return (f"{problem} (at most {MAX_RATIO_TEXT})", _RATIO_FIX)
    text = str.__str__(value).strip()
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    if "/" in text:
        try:
            ratio = Fraction(text)
        except (ValueError, ZeroDivisionError):
            return ("is not a ratio", _RATIO_FIX)
        return _in_range(ratio / 100 if percent else ratio)
    return _read_number(text, percent=percent)


def _read_number(text: str, *, percent: bool) -> Fraction | tuple[str, str]:
    try:
        number = Decimal(text)
    except ArithmeticError:  # decimal.InvalidOperation
        return ("is not a ratio", _RATIO_FIX)
    return _read_decimal(number, percent=percent)


def _read_decimal(number: Decimal, *, percent: bool) -> Fraction | tuple[str, str]:
    if not number.is_finite():
        return ("is not a ratio: it is not a finite number", _RATIO_FIX)
    if number.is_zero():
        return Fraction(0)
    digits, exponent = number.as_tuple()[1:]
    if len(digits) > MAX_RATIO_TEXT:
        return (f"has more digits than any ratio needs (at most {MAX_RATIO_TEXT})", _FINER_FIX)
    if exponent < -MAX_RATIO_TEXT:  # type: ignore[operator]  # finite: an int
        return (
            f"is finer than any ratio needs (more than {MAX_RATIO_TEXT} decimal places)",
            _FINER_FIX,
        )
    if number.adjusted() > _FAR_ABOVE:  # 10**10 and above: not worth an exact look
        return ("a ratio must lie between 0% and 100%; this is far above", _RATIO_FIX)
    ratio = Fraction(number)
    if percent:
        return _in_range(ratio / 100)
    return _in_range(ratio, number=True, bare=exponent >= 0)  # type: ignore[operator]


def _in_range(
    ratio: Fraction, *, number: bool = False, bare: bool = False
) -> Fraction | tuple[str, str]:
    """``ratio`` if it is one; else why not.

    ``number``: written as a plain number, without ``%`` (so ``10`` may have
    meant 10%); ``bare``: a whole number at that (so ``1`` may have meant 1%).
    """
    if bare and ratio == 1:
        return ("a bare 1 could mean 100% or 1%", "write '100%' or '1%'")
    if _is_ratio(ratio):
        return ratio
    if ratio.denominator.bit_length() > MAX_RATIO_BITS:
        problem = "is finer than any ratio needs: its denominator has more than"
        return (f"{problem} {MAX_RATIO_BITS} bits", _FINER_FIX)
    reads_as = ""
    if max(abs(ratio.numerator).bit_length(), ratio.denominator.bit_length()) <= _READS_AS_BITS:
        reads_as = f"; this reads as {format_ratio(ratio)}"
    fix = _RATIO_FIX
    if number and 1 < ratio <= 100:  # noqa: PLR2004  # 10 for 10%, the likeliest slip
        fix = f"write '{format_ratio(ratio / 100)}' if you meant a percentage; else {fix}"
    return (f"a ratio must lie between 0% and 100%{reads_as}", fix)


def format_ratio(ratio: Fraction) -> str:
    """Write a ratio as text that :func:`parse_ratio` reads back exactly.

    ``Fraction(1, 20)`` is ``"5%"`` and ``Fraction(1, 8)`` is ``"12.5%"``: a
    ratio with a finite decimal expansion is written as its exact percentage,
    however many digits that takes; one without, like 1/3, as ``"1/3"``. The
    arithmetic is in integers, never rounded, so
    ``parse_ratio(format_ratio(r)) == r`` for every ratio ``r``.

    Raises:
        ValidationError: ``ratio`` is not a ``Fraction`` (or an ``int``).
        InvalidRatioError: its numerator or denominator has more than 4,000 bits.
    """
    if isinstance(ratio, int) and not isinstance(ratio, bool):
        ratio = Fraction(ratio)
    check_type(ratio, Fraction, obj="format_ratio", field="ratio", fix="pass a Fraction")
    numerator, denominator = ratio.numerator, ratio.denominator
    if max(abs(numerator).bit_length(), denominator.bit_length()) > _FORMAT_BITS:
        raise InvalidRatioError(
            f"is too large to write out: more than {_FORMAT_BITS} bits",
            obj="format_ratio",
            field="ratio",
            value=ratio,
            rule=_RATIO_RULE,
            fix="round it first; no sampling ratio needs that precision",
        )
    twos = (denominator & -denominator).bit_length() - 1
    fives, rest = _factor_out(denominator >> twos, 5)
    if rest != 1:  # a prime other than 2 and 5 divides it: no finite decimal
        return f"{numerator}/{denominator}"
    places = max(twos, fives)  # share * 10**places is a whole number
    scaled = numerator * 2 ** (places - twos) * 5 ** (places - fives)
    sign, scaled = ("-" if scaled < 0 else ""), abs(scaled)
    places -= 2  # a percentage has two places fewer than the share
    if places <= 0:
        return f"{sign}{scaled * 10**-places}%"
    whole, part = divmod(scaled, 10**places)
    decimals = str(part).rjust(places, "0").rstrip("0")
    return f"{sign}{whole}.{decimals}%" if decimals else f"{sign}{whole}%"


def _factor_out(number: int, prime: int) -> tuple[int, int]:
    """``(k, number // prime**k)`` for the largest ``k``, in O(log k) big divisions."""
    if number % prime:
        return 0, number
    powers = [prime]  # prime**(2**i) while it divides number
    while number % (powers[-1] * powers[-1]) == 0:
        powers.append(powers[-1] * powers[-1])
    count = 0
    for exponent in range(len(powers) - 1, -1, -1):
        if number % powers[exponent] == 0:
            number //= powers[exponent]
            count += 1 << exponent
    return count, number


def to_ratio(value: RatioLike) -> Fraction:
    """Converter: read a ratio if possible; pass it through, as given, for the validator."""
    if type(value) is Fraction:
        return value
    ratio = _read_ratio(value)
    return ratio if type(ratio) is Fraction else value  # type: ignore[return-value]


def ratio_validator(instance: object, attribute: Any, value: Any) -> None:
    """Attrs validator: ``value`` is a ``Fraction`` in [0, 1] (see :func:`parse_ratio`)."""
    if not (type(value) is Fraction and _is_ratio(value)):
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
    if type(value) is not dt.date:
        check_date(value, obj=describe(instance), field=attribute.name)


optional_date_validator = optional(date_validator)
"""Attrs validator: ``value`` is ``None`` or a ``date`` (not a ``datetime``)."""


def date_from_text(value: object, *, obj: str, field: str) -> dt.date:
    """Read an ISO date (``"2024-06-01"``) or pass a ``date`` through, checked."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(str.__str__(value).strip())
        except ValueError:
            raise InvalidDateError(
                "is not an ISO date",
                obj=obj,
                field=field,
                value=value,
                fix="write dates as YYYY-MM-DD",
            ) from None
    return check_date(value, obj=obj, field=field)
