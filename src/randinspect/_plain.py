"""Plain JSON-compatible data for the domain types, and back without loss.

``to_data`` writes an attrs instance as a dict of str, int, bool, None, lists
and dicts: enums by value, ratios by :func:`format_ratio`, dates in ISO form,
sets as sorted lists. ``from_data`` reads such a dict (or a CSV row of text)
back: each field may carry a decoder in its metadata under :data:`DECODE`,
and the type's own converters and validators do the rest.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any, TypeVar

import attrs

from randinspect._values import FrozenMap, date_from_text, format_ratio
from randinspect.errors import ValidationError

DECODE = "randinspect.decode"
"""Metadata key of a field's decoder: ``decoder(value, obj=..., field=...)``."""

Decoder = Callable[..., Any]
A = TypeVar("A")


_SCALARS = (str, int, bool, type(None))


def plain(value: Any) -> Any:
    """Return ``value`` as JSON-compatible data (see the module docstring)."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, frozenset):
        return sorted((plain(v) for v in value), key=str)
    if isinstance(value, Mapping):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, Fraction):
        return format_ratio(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if attrs.has(type(value)):
        return to_data(value)
    return value


def to_data(instance: Any) -> dict[str, Any]:
    """Write an attrs instance as a dict of plain data, one key per field."""
    return {f.name: plain(getattr(instance, f.name)) for f in attrs.fields(type(instance))}


def from_data(cls: type[A], data: Mapping[str, Any], *, extra: str = "error") -> A:
    """Build ``cls`` from plain data, decoding each field as its metadata says.

    With ``extra="attributes"``, keys that are not fields go into the
    ``attributes`` field (for a CSV row whose extra columns are attributes).
    """
    name = cls.__name__
    if not isinstance(data, Mapping):
        raise ValidationError(
            "from_mapping needs a mapping",
            obj=name,
            value=data,
            fix="pass a dict, e.g. one row of csv.DictReader",
        )
    fields = {f.name: f for f in attrs.fields(cls)}  # type: ignore[arg-type]
    obj = f"{name} {data['id']!r}" if isinstance(data.get("id"), str) else name
    unknown = sorted(str(k) for k in data if k not in fields)
    kwargs: dict[str, Any] = {}
    if unknown and extra == "attributes" and "attributes" in fields:
        kwargs["attributes"] = {
            **dict(data.get("attributes") or {}),
            **{k: str(data[k]) for k in unknown},
        }
    elif unknown:
        raise ValidationError(
            f"unknown keys {unknown}",
            obj=obj,
            value=dict(data),
            fix=f"use only the keys {sorted(fields)}"
            + (", or pass extra='attributes'" if "attributes" in fields else ""),
        )
    missing = sorted(
        k for k, f in fields.items() if f.default is attrs.NOTHING and f.init and k not in data
    )
    if missing:
        raise ValidationError(
            f"missing required keys {missing}",
            obj=obj,
            value=dict(data),
            fix=f"add {', '.join(missing)}",
        )
    for key, value in data.items():
        if key in fields and key not in kwargs:
            decode = fields[key].metadata.get(DECODE)
            kwargs[key] = value if decode is None else decode(value, obj=obj, field=key)
    return cls(**kwargs)


# --- decoders for fields whose plain form differs from what __init__ takes ---


def decode_date(value: Any, *, obj: str, field: str) -> Any:
    """Decode an optional ISO date."""
    return None if value is None or value == "" else date_from_text(value, obj=obj, field=field)


def decode_set(value: Any, *, obj: str, field: str) -> Any:
    """Decode a set given as a list, or as CSV text ``"a;b"`` (empty text: no members)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


_TRUE = {"true", "yes", "1", "y", "是"}
_FALSE = {"false", "no", "0", "n", "否", ""}


def decode_bool(value: Any, *, obj: str, field: str) -> Any:
    """Decode a bool given as a bool or as CSV text (``true``/``false``, ``1``/``0``)."""
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValidationError(
            "is not a yes/no value", obj=obj, field=field, value=value, fix="write true or false"
        )
    return value


def decode_int(value: Any, *, obj: str, field: str) -> Any:
    """Decode an int given as an int or as CSV text; empty text means None."""
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return int(value.strip())
        except ValueError:
            raise ValidationError(
                "is not a whole number", obj=obj, field=field, value=value, fix="write digits"
            ) from None
    return value


def decode_optional_text(value: Any, *, obj: str, field: str) -> Any:
    """Decode optional text: empty text (a blank CSV cell) means None."""
    return None if value == "" else value


def decode_many(cls: type[A]) -> Decoder:
    """Decoder for a tuple of ``cls``: mappings in it are read with ``cls.from_mapping``."""

    def decode(value: Any, *, obj: str, field: str) -> Any:
        if isinstance(value, Iterable) and not isinstance(value, str | Mapping):
            return [from_data(cls, v) if isinstance(v, Mapping) else v for v in value]
        return value

    return decode


def decode_one(cls: type[A]) -> Decoder:
    """Decoder for one optional ``cls``: a mapping is read with ``cls.from_mapping``."""

    def decode(value: Any, *, obj: str, field: str) -> Any:
        return from_data(cls, value) if isinstance(value, Mapping) else value

    return decode


def decode_date_map(value: Any, *, obj: str, field: str) -> Any:
    """Decode a mapping whose values are ISO dates."""
    if isinstance(value, Mapping):
        return {k: date_from_text(v, obj=obj, field=f"{field}[{k!r}]") for k, v in value.items()}
    return value


def decode_set_map(value: Any, *, obj: str, field: str) -> Any:
    """Decode a mapping whose values are sets (lists, or ``"a;b"`` text)."""
    if isinstance(value, Mapping):
        return {k: decode_set(v, obj=obj, field=field) for k, v in value.items()}
    return value


__all__ = ["DECODE", "FrozenMap", "from_data", "plain", "to_data"]
