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
import math
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import attrs

from randinspect._values import FrozenMap, date_from_text, format_ratio
from randinspect.errors import RandInspectError, ValidationError, _relocated, _shown

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

    A blank value (``None``, or empty or whitespace-only text: an empty CSV
    cell, a database NULL) of an optional field means "not given": the
    field's default applies, so a blank ``certified`` cell is the default
    ``True``, not ``False``. Two exceptions: a free-text field (default
    ``""``) keeps blank text as its value (``None`` is still "not given"),
    and a field marked :data:`NONE_IS_VALUE` keeps ``None``.

    With ``extra="attributes"``, keys that are not fields go into the
    ``attributes`` field (for a CSV row whose extra columns are attributes);
    a blank extra cell gives no attribute, and a column that names an entry
    of an explicit ``attributes`` mapping too is refused. A nested value read
    from a mapping (a plan's periods, items, team, ...) is read the same way,
    and an error in it names the path from the outer object, e.g. ``Plan 'p1'
    field 'periods[0].end'``.
    """
    name = cls.__name__
    if not isinstance(data, Mapping):
        raise ValidationError(
            "from_mapping needs a mapping",
            obj=name,
            value=data,
            fix="pass a dict, e.g. one row of csv.DictReader",
        )
    not_text = [key for key in data if not isinstance(key, str)]
    if not_text:
        raise ValidationError(
            "keys must be text: field or column names",
            obj=name,
            value=not_text,
            fix="give every key as a str, e.g. the CSV header",
        )
    schema = _schema(cls)
    fields = schema.fields
    ident = data.get("id")
    obj = f"{name} {str.__repr__(ident)}" if isinstance(ident, str) else name
    kwargs: dict[str, Any] = {}
    if not fields.keys() >= data.keys():
        unknown = sorted(k for k in data if k not in fields)
        if extra == "attributes" and "attributes" in fields:
            kwargs["attributes"] = _attributes_with_columns(data, unknown, obj=obj)
        else:
            raise ValidationError(
                f"unknown keys {unknown}",
                obj=obj,
                value=dict(data),
                fix=f"use only the keys {sorted(fields)}"
                + (", or pass extra='attributes'" if "attributes" in fields else ""),
            )
    if not data.keys() >= schema.required:
        missing = sorted(k for k in schema.required if k not in data)
        raise ValidationError(
            f"missing required keys {missing}",
            obj=obj,
            value=dict(data),
            fix=f"add {', '.join(missing)}",
        )
    decoders, blank_is_default, none_is_default = (
        schema.decoders,
        schema.blank_is_default,
        schema.none_is_default,
    )
    for key, value in data.items():
        if key in kwargs or key not in fields:
            continue
        if value is None:
            if key in none_is_default:
                continue
        elif key in blank_is_default and isinstance(value, str) and not value.strip():
            continue
        decode = decoders.get(key)
        kwargs[key] = value if decode is None else decode(value, obj=obj, field=key)
    return cls(**kwargs)


@attrs.frozen
class _Schema:
    """What :func:`from_data` needs of a type's fields, worked out once per type."""

    fields: dict[str, Any]
    required: frozenset[str]
    decoders: dict[str, Decoder]
    blank_is_default: frozenset[str]  # blank text means "not given"
    none_is_default: frozenset[str]  # None means "not given"


_SCHEMAS: dict[type, _Schema] = {}


def _schema(cls: type) -> _Schema:
    schema = _SCHEMAS.get(cls)
    if schema is None:
        fields = {f.name: f for f in attrs.fields(cls)}
        optional = {k for k, f in fields.items() if f.default is not attrs.NOTHING}
        schema = _Schema(
            fields=fields,
            required=frozenset(
                k for k, f in fields.items() if f.default is attrs.NOTHING and f.init
            ),
            decoders={k: f.metadata[DECODE] for k, f in fields.items() if DECODE in f.metadata},
            # free text (default "") keeps blank text as its value
            blank_is_default=frozenset(
                k for k in optional if not isinstance(fields[k].default, str)
            ),
            none_is_default=frozenset(
                k for k in optional if not fields[k].metadata.get(NONE_IS_VALUE)
            ),
        )
        _SCHEMAS[cls] = schema
    return schema


NONE_IS_VALUE = "randinspect.none_is_value"
"""Metadata key of an optional field for which ``None`` is a value of its own, different
from the default (a task's ``year``: ``None`` counts it in no year)."""


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _attributes_with_columns(
    data: Mapping[str, Any], columns: list[str], *, obj: str
) -> dict[str, str]:
    given = data.get("attributes")
    if _is_blank(given):
        given = {}
    if not isinstance(given, Mapping):
        raise ValidationError(
            "must be a mapping of attribute names to text",
            obj=obj,
            field="attributes",
            value=given,
            fix='pass e.g. {"region": "Weidong"}, or give each attribute its own column',
        )
    attributes = dict(given)
    for column in columns:
        text = _column_text(data[column], obj=obj, column=column)
        if text is None:
            continue
        if column in attributes:
            raise ValidationError(
                f"column {column!r} and attributes[{column!r}] both give attribute {column!r}",
                obj=obj,
                field="attributes",
                value={"column": text, "attributes": attributes[column]},
                fix=f"give {column!r} once: drop the column or the attributes entry",
            )
        attributes[column] = text
    return attributes


MAX_CELL_BITS = 1024
"""The longest int an extra column may hold, in bits: it becomes text."""


def _column_text(value: object, *, obj: str, column: str) -> str | None:
    """An extra column's cell as attribute text, or ``None`` for a blank cell."""
    if isinstance(value, str):
        return None if not value.strip() else str.__str__(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None  # a NULL, or pandas' NaN for a missing cell
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() <= MAX_CELL_BITS:
            return str(value)
    elif isinstance(value, bool | float | Decimal | dt.date):
        return str(value)
    raise ValidationError(
        f"an extra column becomes a text attribute; a {type(value).__name__} cannot",
        obj=obj,
        field=column,
        value=value,
        fix="give the cell as text, or leave the column out",
    )


# --- the mixins of the domain types ----------------------------------------


S = TypeVar("S", bound="Plain")


class Plain:
    """Mixin: ``to_data()`` and ``from_mapping()`` for an attrs domain type."""

    __slots__ = ()

    def to_data(self) -> dict[str, Any]:
        """Return this value as plain JSON-compatible data (``from_mapping`` reads it back)."""
        return to_data(self)

    @classmethod
    def from_mapping(cls: type[S], data: Mapping[str, Any]) -> S:
        """Build from plain data: ``to_data()`` output, a JSON object or a CSV row.

        Dates may be ISO text, sets may be lists or ``"a;b"`` text, ratios
        ``"5%"``. Unknown keys are an error naming them.
        """
        return from_data(cls, data)


class PlainWithAttributes(Plain):
    """Mixin for types with an ``attributes`` field: extra columns may fill it."""

    __slots__ = ()

    @classmethod
    def from_mapping(cls: type[S], data: Mapping[str, Any], *, extra: str = "error") -> S:
        """Build from plain data; with ``extra="attributes"``, unknown keys become attributes.

        That reads a registry CSV whose columns beyond the known fields are the
        attributes of directed draws (type, industry, nature, scale, region; R1.4).
        """
        if not (isinstance(extra, str) and str.__str__(extra) in {"error", "attributes"}):
            raise ValidationError(
                "extra must be 'error' or 'attributes'",
                obj=cls.__name__,
                field="extra",
                value=extra,
                fix="pass extra='attributes' to keep unknown columns as attributes",
            )
        return from_data(cls, data, extra=extra)


# --- decoders for fields whose plain form differs from what __init__ takes ---


def decode_date(value: Any, *, obj: str, field: str) -> Any:
    """Decode an optional ISO date (``None`` stays ``None``)."""
    return None if value is None else date_from_text(value, obj=obj, field=field)


def decode_set(value: Any, *, obj: str, field: str) -> Any:
    """Decode a set given as a list, or as CSV text ``"a;b"`` (empty text: no members)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


_TRUE = {"true", "yes", "1", "y", "是"}
_FALSE = {"false", "no", "0", "n", "否"}


def decode_bool(value: Any, *, obj: str, field: str) -> Any:
    """Decode a bool given as a bool or as CSV text (``true``/``false``, ``1``/``0``)."""
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValidationError(
            "is not a yes/no value",
            obj=obj,
            field=field,
            value=value,
            fix="write true or false (or yes/no, 1/0, 是/否)",
        )
    return value


def decode_int(value: Any, *, obj: str, field: str) -> Any:
    """Decode an int given as an int or as CSV text; blank text goes to the validator."""
    if isinstance(value, str) and value.strip():
        try:
            return int(value.strip())
        except ValueError:
            raise ValidationError(
                "is not a whole number", obj=obj, field=field, value=value, fix="write digits"
            ) from None
    return value


def _nested(cls: type[A], data: Mapping[str, Any], *, obj: str, field: str) -> A:
    """Read a nested value; an error in it names its path from the outer object."""
    try:
        return from_data(cls, data)
    except RandInspectError as error:
        raise _relocated(error, obj=obj, field=field) from None


def decode_many(cls: type[A]) -> Decoder:
    """Decoder for a tuple of ``cls``: mappings in it are read with ``cls.from_mapping``."""

    def decode(value: Any, *, obj: str, field: str) -> Any:
        if isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping):
            return [
                _nested(cls, member, obj=obj, field=f"{field}[{index}]")
                if isinstance(member, Mapping)
                else member
                for index, member in enumerate(value)
            ]
        return value

    return decode


def decode_one(cls: type[A]) -> Decoder:
    """Decoder for one optional ``cls``: a mapping is read with ``cls.from_mapping``."""

    def decode(value: Any, *, obj: str, field: str) -> Any:
        return _nested(cls, value, obj=obj, field=field) if isinstance(value, Mapping) else value

    return decode


def decode_date_map(value: Any, *, obj: str, field: str) -> Any:
    """Decode a mapping whose values are ISO dates."""
    if isinstance(value, Mapping):
        return {
            k: date_from_text(v, obj=obj, field=f"{field}[{_shown(k)}]") for k, v in value.items()
        }
    return value


def decode_set_map(value: Any, *, obj: str, field: str) -> Any:
    """Decode a mapping whose values are sets (lists, or ``"a;b"`` text)."""
    if isinstance(value, Mapping):
        return {k: decode_set(v, obj=obj, field=field) for k, v in value.items()}
    return value


__all__ = [
    "DECODE",
    "MAX_CELL_BITS",
    "NONE_IS_VALUE",
    "FrozenMap",
    "Plain",
    "PlainWithAttributes",
    "from_data",
    "plain",
    "to_data",
]
