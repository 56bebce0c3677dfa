"""The one set of argument checks every module uses (private).

Each check returns the value it was given when it passes and raises the
library's own error when it does not, with the object, the field, the rule,
the value and the fix, so public functions validate their arguments up
front in one line each and no internal exception escapes later (as
Hypothesis does with ``internal/validation.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sized
from typing import Any, TypeVar

from randinspect.errors import DuplicateIdError, RandInspectError, ValidationError

T = TypeVar("T")

MIN_YEAR = 1950
"""The first calendar year a plan, task or schedule may name."""
MAX_YEAR = 9998
"""The last calendar year a plan, task or schedule may name: one below
``datetime.MAXYEAR``, so that deadlines running into the next year (R6.10)
stay representable."""
YEARS = range(MIN_YEAR, MAX_YEAR + 1)
"""Every calendar year the library accepts, checked by :func:`check_year` alone."""

MAX_COLLECTION = 100_000_000
"""The most members a collection argument may have (a bound against runaway input)."""


def type_name(value: object) -> str:
    """The name of ``value``'s type, for messages (``'str'``, ``'NoneType'``)."""
    return type(value).__name__


def check_type(
    value: T,
    types: type | tuple[type, ...],
    *,
    obj: str,
    field: str,
    fix: str,
    rule: str = "",
) -> T:
    """Return ``value`` if it is an instance of ``types`` (never a bool for an int)."""
    wanted = types if isinstance(types, tuple) else (types,)
    if isinstance(value, wanted) and not (isinstance(value, bool) and bool not in wanted):
        return value
    raise type_error(value, wanted, obj=obj, field=field, fix=fix, rule=rule)


def type_error(
    value: object,
    types: type | tuple[type, ...],
    *,
    obj: str,
    field: str,
    fix: str,
    rule: str = "",
) -> ValidationError:
    """The error :func:`check_type` raises, for callers that narrow with ``isinstance``.

    ``if not isinstance(value, Plan): raise type_error(value, Plan, ...)``
    lets the type checker see ``value`` as a ``Plan`` afterwards.
    """
    wanted = types if isinstance(types, tuple) else (types,)
    names = " or ".join(t.__name__ for t in wanted)
    article = "an" if names[:1].lower() in set("aeiou") else "a"
    return ValidationError(
        f"must be {article} {names}, not {type_name(value)}",
        obj=obj,
        field=field,
        value=value,
        rule=rule,
        fix=fix,
    )


def check_int(
    value: object,
    *,
    obj: str,
    field: str,
    minimum: int,
    maximum: int,
    rule: str = "",
    fix: str = "",
) -> int:
    """Return ``value`` if it is an ``int`` (not a ``bool``) in ``minimum..maximum``."""
    if isinstance(value, int) and not isinstance(value, bool) and minimum <= value <= maximum:
        return value
    raise ValidationError(
        f"must be a whole number from {minimum} to {maximum}",
        obj=obj,
        field=field,
        value=value,
        rule=rule,
        fix=fix or f"pass an int from {minimum} to {maximum}",
    )


def is_year(value: object) -> bool:
    """Whether ``value`` is an ``int`` (not a ``bool``) in :data:`YEARS`."""
    return isinstance(value, int) and not isinstance(value, bool) and MIN_YEAR <= value <= MAX_YEAR


def check_year(value: object, *, obj: str, field: str = "year", rule: str = "") -> int:
    """Return ``value`` if it is a calendar year the library accepts (:data:`YEARS`)."""
    if is_year(value):
        return value  # type: ignore[return-value]  # is_year checked it is an int
    raise ValidationError(
        f"must be a calendar year from {MIN_YEAR} to {MAX_YEAR}, such as 2024",
        obj=obj,
        field=field,
        value=value,
        rule=rule,
        fix="pass the year as an int, e.g. 2024 (not text, not a bool)",
    )


def check_collection(
    value: Iterable[T] | object,
    *,
    obj: str,
    field: str,
    what: str,
    fix: str,
    rule: str = "",
) -> tuple[T, ...]:
    """Return the members of a collection argument as a tuple.

    A ``str``, ``bytes`` or mapping is not a collection of values here (its
    characters or keys would be taken silently), and neither is ``None`` or
    anything not iterable.
    """
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        raise ValidationError(
            f"must be a collection of {what}, not {type_name(value)}",
            obj=obj,
            field=field,
            value=value,
            rule=rule,
            fix=fix,
        )
    try:
        size = len(value) if isinstance(value, Sized) else None
        if size is not None and size > MAX_COLLECTION:
            raise ValidationError(
                f"holds {size:,} members, more than the {MAX_COLLECTION:,} this library takes",
                obj=obj,
                field=field,
                value=value,
                rule=rule,
                fix="pass the actual collection; a count this large is a bug upstream",
            )
        return tuple(value)
    except RandInspectError:
        raise
    except Exception as error:  # the caller's iterator failed: say where
        raise ValidationError(
            f"could not be read as a collection of {what} ({type_name(error)}: the"
            " collection's own error, chained as the cause)",
            obj=obj,
            field=field,
            value=value,
            rule=rule,
            fix=fix,
        ) from error


def unique_ids(
    ids: Iterable[str], *, obj: str, field: str, rule: str = "", fix: str = "remove the repeats"
) -> None:
    """Raise :class:`DuplicateIdError` naming the repeated ids if ``ids`` has any."""
    seen: set[str] = set()
    twice: set[str] = set()
    for member in ids:
        if member in seen:
            twice.add(member)
        seen.add(member)
    if twice:
        raise DuplicateIdError(
            "ids must be unique",
            obj=obj,
            field=field,
            value=sorted(twice),
            rule=rule,
            fix=fix,
        )


Validator = Callable[[Any, Any, Any], None]


def optional(validator: Validator) -> Validator:
    """Attrs validator combinator: ``None`` passes, anything else goes to ``validator``."""

    def validate(instance: Any, attribute: Any, value: Any) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return validate
