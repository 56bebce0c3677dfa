"""Rows as they come into registries, rosters and histories, with every bad row named (R1).

A registry, a roster or a history usually starts as rows: a CSV file read
with ``csv.DictReader``, a database query whose rows are mappings, a pandas
``DataFrame.to_dict("records")`` or polars ``iter_rows(named=True)``.
:func:`load_registry`, :func:`load_roster` and :func:`load_history` build
the library's values from any iterable of such mappings in one call:

- ``columns`` renames source columns to fields (``{"统一社会信用代码": "id"}``);
  with ``extra="attributes"`` (the default for subjects and inspectors) the
  other columns become attributes for directed draws (R1.4);
- cells are read as databases and DataFrames give them: ``None``, NaN and
  pandas' ``NA``/``NaT`` mean "not given", as blank text does in an optional
  field (``from_mapping``'s rule: the default applies); a date-time at
  midnight (a ``pandas.Timestamp`` of a date column) is its date; a
  ``numpy.datetime64`` its day; numpy booleans, integers and floats their
  Python values; an integer in an id column (``id``, ``subject_id``, ...) its
  digits. Neither pandas nor numpy is imported: the values are duck-typed.
- every row is read, and the rows that cannot be are reported together in one
  :class:`LoadError`: row number, field, value, rule and fix for each, up
  to :data:`MAX_PROBLEMS` of them (the count of the rest is given), instead
  of stopping at the first. Two rows with one id are a problem of the later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from randinspect._checks import check_collection, check_int, type_name
from randinspect.errors import LoadError, RandInspectError, ValidationError
from randinspect.model import Inspector, Subject, Task
from randinspect.registry import Registry

__all__ = [
    "MAX_PROBLEMS",
    "LoadError",
    "RowProblem",
    "load_history",
    "load_registry",
    "load_roster",
]

MAX_PROBLEMS = 100
"""The most bad rows a :class:`LoadError` lists by default (the rest are counted)."""

_ID_FIELDS = frozenset({"id", "plan_id", "subject_id", "leader"})
"""Fields whose values are ids: an integer there (a credit code read as a number) is its digits."""

V = TypeVar("V")


@attrs.frozen(kw_only=True)
class RowProblem:
    """One row that could not be read.

    Attributes:
        row: The row's number, counting the first row given as 1.
        id: The row's id as given, when it has one.
        field: The field at fault (after ``columns`` renamed it).
        value: The value given.
        problem: What is wrong.
        rule: The rule it breaks, when one applies.
        fix: What to do about it.
    """

    row: int
    id: str | None
    field: str
    value: Any
    problem: str
    rule: str
    fix: str

    def __str__(self) -> str:
        named = f" ({self.id!r})" if self.id else ""
        where = f" field {self.field!r}" if self.field else ""
        rule = f" [{self.rule}]" if self.rule else ""
        return f"row {self.row}{named}{where}: {self.problem}{rule}"

    def to_data(self) -> dict[str, Any]:
        """A flat row of plain data (the value as text)."""
        return {
            "row": self.row,
            "id": self.id,
            "field": self.field,
            "value": None if self.value is None else str(self.value),
            "problem": self.problem,
            "rule": self.rule,
            "fix": self.fix,
        }


def _load_error(
    problems: tuple[RowProblem, ...], *, count: int, rows: int, what: str
) -> LoadError:
    shown = "; ".join(str(p) for p in problems[:3])
    more = f"; and {count - 3} more" if count > 3 else ""  # noqa: PLR2004
    return LoadError(
        f"{count} of {rows} rows could not be read: {shown}{more}",
        problems=problems,
        count=count,
        rows=rows,
        obj=what,
        field="rows",
        rule="R1.1",
        fix="correct the rows listed in error.problems (row, field, value, rule, fix)",
    )


def load_registry(
    rows: Iterable[Mapping[str, Any]],
    *,
    columns: Mapping[str, str] | None = None,
    extra: str = "attributes",
    max_problems: int = MAX_PROBLEMS,
) -> Registry:
    """The subject registry from rows: one :class:`~randinspect.Subject` per row (R1.4).

    Raises:
        LoadError: some rows could not be read (every one named, up to ``max_problems``).
        ValidationError: ``rows``, ``columns``, ``extra`` or ``max_problems`` is malformed.
    """
    mode = _check_extra(extra, what="load of Subject rows")
    subjects = _load(
        Subject, rows, columns, max_problems, lambda row: Subject.from_mapping(row, extra=mode)
    )
    return Registry(subjects)


def load_roster(
    rows: Iterable[Mapping[str, Any]],
    *,
    columns: Mapping[str, str] | None = None,
    extra: str = "attributes",
    max_problems: int = MAX_PROBLEMS,
) -> tuple[Inspector, ...]:
    """The inspector roster from rows: one :class:`~randinspect.Inspector` per row (R1.3).

    Raises:
        LoadError: some rows could not be read (every one named, up to ``max_problems``).
        ValidationError: ``rows``, ``columns``, ``extra`` or ``max_problems`` is malformed.
    """
    mode = _check_extra(extra, what="load of Inspector rows")
    return _load(
        Inspector,
        rows,
        columns,
        max_problems,
        lambda row: Inspector.from_mapping(row, extra=mode),
    )


def load_history(
    rows: Iterable[Mapping[str, Any]],
    *,
    columns: Mapping[str, str] | None = None,
    max_problems: int = MAX_PROBLEMS,
) -> tuple[Task, ...]:
    """Earlier tasks from rows, for the yearly cap: one :class:`~randinspect.Task` per row (R5).

    Raises:
        LoadError: some rows could not be read (every one named, up to ``max_problems``).
        ValidationError: ``rows``, ``columns`` or ``max_problems`` is malformed.
    """
    return _load(Task, rows, columns, max_problems, Task.from_mapping)


def _load(
    cls: type[V],
    rows: object,
    columns: object,
    max_problems: object,
    build: Callable[[dict[str, Any]], V],
) -> tuple[V, ...]:
    what = f"load of {cls.__name__} rows"
    entries: tuple[object, ...] = check_collection(
        rows,
        obj=what,
        field="rows",
        what="rows (mappings of column to value)",
        rule="R1.1",
        fix="pass csv.DictReader(...), df.to_dict('records') or a list of dicts",
    )
    renames = _check_columns(columns, what=what)
    cap = check_int(max_problems, obj=what, field="max_problems", minimum=1, maximum=10**6)
    built: list[V] = []
    problems: list[RowProblem] = []
    count = 0
    first_row: dict[str, int] = {}
    for number, raw in enumerate(entries, start=1):
        try:
            row = _row(raw, renames, number=number)
            value = build(row)
        except RandInspectError as error:
            count += 1
            if len(problems) < cap:
                problems.append(_problem(number, raw, renames, error))
            continue
        ident = getattr(value, "id", None)
        if isinstance(ident, str):
            if ident in first_row:
                count += 1
                if len(problems) < cap:
                    problems.append(_duplicate(number, ident, first_row[ident]))
                continue
            first_row[ident] = number
        built.append(value)
    if count:
        raise _load_error(tuple(problems), count=count, rows=len(entries), what=what)
    return tuple(built)


def _check_extra(extra: object, *, what: str) -> str:
    if isinstance(extra, str) and extra in {"error", "attributes"}:
        return str.__str__(extra)
    raise ValidationError(
        "must be 'attributes' or 'error'",
        obj=what,
        field="extra",
        value=extra,
        rule="R1.4",
        fix="pass extra='attributes' to keep other columns as attributes, 'error' to refuse them",
    )


def _check_columns(columns: object, *, what: str) -> dict[str, str]:
    if columns is None:
        return {}
    if not isinstance(columns, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) and v for k, v in columns.items()
    ):
        raise ValidationError(
            "must map source column names to field names",
            obj=what,
            field="columns",
            value=columns,
            fix='pass e.g. {"统一社会信用代码": "id", "信用等级": "grade"}',
        )
    return {str(k): str(v) for k, v in columns.items()}


def _row(raw: object, renames: Mapping[str, str], *, number: int) -> dict[str, Any]:
    """One source row as from_mapping takes it: columns renamed, cells read, blanks dropped."""
    if not isinstance(raw, Mapping):
        raise ValidationError(
            f"is not a mapping of column to value but a {type_name(raw)}",
            obj=f"row {number}",
            value=raw,
            rule="R1.1",
            fix="give rows as mappings: csv.DictReader rows, dicts, df.to_dict('records')",
        )
    row: dict[str, Any] = {}
    for column, cell in raw.items():
        name = renames.get(column, column) if isinstance(column, str) else column
        row[name] = _cell(cell, id_field=name in _ID_FIELDS)
    return row


_MISSING_TYPES = frozenset({"NAType", "NaTType"})  # pandas.NA, pandas.NaT
_SCALAR_TYPES = frozenset({"bool_", "int8", "int16", "int32", "int64", "uint8", "uint16"})
_SCALAR_TYPES |= {"uint32", "uint64", "float16", "float32", "float64", "str_", "bytes_"}


def _cell(value: Any, *, id_field: bool) -> Any:
    """A cell as the library reads it: ``None`` for "not given", else a Python value.

    Blank text is kept: ``from_mapping`` knows which fields take their default
    for it (the optional ones) and which must refuse it.
    """
    if value is None or type(value).__name__ in _MISSING_TYPES:
        return None
    if type(value).__name__ in _SCALAR_TYPES and callable(getattr(value, "item", None)):
        value = value.item()  # a numpy scalar: its Python value
    elif type(value).__name__ == "datetime64" and callable(getattr(value, "astype", None)):
        value = value.astype("datetime64[D]").item()  # a numpy date-time: its day (NaT: None)
    if isinstance(value, float) and value != value:  # NaN  # noqa: PLR0124
        return None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0) and value.tzinfo is None:
        return value.date()  # a date column read as date-times (pandas.Timestamp)
    if id_field and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _problem(
    number: int, raw: object, renames: Mapping[str, str], error: RandInspectError
) -> RowProblem:
    ident = None
    if isinstance(raw, Mapping):
        for column, cell in raw.items():
            if renames.get(column, column) == "id" and isinstance(cell, str | int):
                ident = str(cell)
    return RowProblem(
        row=number,
        id=ident,
        field=error.field,
        value=error.value,
        problem=error.problem,
        rule=error.rule,
        fix=error.fix,
    )


def _duplicate(number: int, ident: str, first: int) -> RowProblem:
    return RowProblem(
        row=number,
        id=ident,
        field="id",
        value=ident,
        problem=f"the id of row {first} too: one entry per subject, inspector or task",
        rule="R1.4",
        fix="keep one row per id",
    )
