"""Rows as they come into registries, rosters and histories, with every bad row named (R1).

A registry, a roster or a history usually starts as rows: a CSV file read
with ``csv.DictReader``, a database query whose rows are mappings, a pandas
``DataFrame.to_dict("records")`` or polars ``iter_rows(named=True)``.
:func:`load_registry` (or :meth:`Registry.from_rows
<randinspect.Registry.from_rows>`, the same), :func:`load_roster` and
:func:`load_history` build the library's values from any iterable of such
mappings in one call:

- ``columns`` renames source columns to fields (``{"统一社会信用代码": "id"}``);
  with ``extra="attributes"`` (the default for subjects and inspectors) the
  other columns become attributes for directed draws (R1.4);
- cells are read as databases and DataFrames give them: ``None``, NaN and
  pandas' ``NA``/``NaT`` mean "not given", as blank text does in an optional
  field (``from_mapping``'s rule: the default applies); a date-time at
  midnight (a ``pandas.Timestamp`` of a date column) is its date; a
  ``numpy.datetime64`` its day; numpy booleans, integers and floats their
  Python values; an integer in an id column (``id``, ``subject_id``,
  ``items``, ...: :data:`ID_FIELDS`) its digits, and so a ``Decimal``
  without decimals (a database ``NUMERIC``). Neither pandas nor numpy is
  imported: the values are duck-typed.
- every row is read, and the rows that cannot be are reported together in one
  :class:`LoadError`: row number, field, value, rule and fix for each, up
  to :data:`MAX_PROBLEMS` of them (the count of the rest is given), instead
  of stopping at the first. Two rows with one id are a problem of the later.

A registry's common rows (dicts of text) are read at about a microsecond
and a half each: the subject's fast path checks every rule inline.

Rows go out the same way: every result's ``to_rows()`` (and :func:`to_rows`
for a collection of them, such as ``overdue(...)``) writes flat rows these
loaders read back. Enum cells may be the values (``"C"``, ``"blacklisted"``,
``"random"``) or the Chinese labels ``to_rows(labels="zh")`` writes (``"中高"``,
``"失信"``, ``"双随机"``; :data:`ZH_LABELS`), and a history's period may come
as the three columns ``period`` (its name), ``period_start`` and
``period_end``, as a task's row has it. ``docs/rows.md`` lists the tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sized
from typing import Any

from randinspect._checks import MAX_COLLECTION
from randinspect._labels import LABEL_CHOICES
from randinspect._labels import ZH as ZH_LABELS
from randinspect._rows import (
    ID_FIELDS,
    MAX_PROBLEMS,
    RowProblem,
    _check_columns,
    check_extra,
    read_cell,
    read_rows,
)
from randinspect._tablerows import COLUMNS
from randinspect._tablerows import rows_of as to_rows
from randinspect.errors import LoadError
from randinspect.model import Inspector, Task
from randinspect.registry import Registry

__all__ = [
    "COLUMNS",
    "ID_FIELDS",
    "LABEL_CHOICES",
    "MAX_PROBLEMS",
    "ZH_LABELS",
    "LoadError",
    "RowProblem",
    "load_history",
    "load_registry",
    "load_roster",
    "to_rows",
]


def load_registry(
    rows: Iterable[Mapping[str, Any]],
    *,
    columns: Mapping[str, str] | None = None,
    extra: str = "attributes",
    max_problems: int = MAX_PROBLEMS,
) -> Registry:
    """The subject registry from rows: one :class:`~randinspect.Subject` per row (R1.4).

    The same as :meth:`Registry.from_rows <randinspect.Registry.from_rows>`.

    Raises:
        LoadError: some rows could not be read (every one named, up to ``max_problems``).
        ValidationError: ``rows``, ``columns``, ``extra`` or ``max_problems`` is malformed.
    """
    return Registry.from_rows(rows, columns=columns, extra=extra, max_problems=max_problems)


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
    mode = check_extra(extra, what="load of Inspector rows")
    return read_rows(Inspector, rows, columns=columns, max_problems=max_problems, extra=mode)


def load_history(
    rows: Iterable[Mapping[str, Any]],
    *,
    columns: Mapping[str, str] | None = None,
    max_problems: int = MAX_PROBLEMS,
) -> tuple[Task, ...]:
    """Earlier tasks from rows, for the yearly cap: one :class:`~randinspect.Task` per row (R5).

    A row is a task's fields (``Task.from_mapping``: ids and sets as ``;``
    text, dates as ISO text); its period may be a mapping (``{"name", "start",
    "end"}``) or, as a task's row from ``to_rows(table="tasks")`` has it, the
    three columns ``period`` (the name), ``period_start`` and ``period_end``
    (all blank: no period). Such rows, with ``labels="zh"`` too, read back as
    the same tasks.

    Raises:
        LoadError: some rows could not be read (every one named, up to ``max_problems``).
        ValidationError: ``rows``, ``columns`` or ``max_problems`` is malformed.
    """
    source: object = rows
    if _is_collection(rows):
        source = _with_periods(rows, _check_columns(columns, what="load of Task rows"))
        columns = None  # _with_periods has renamed them
    return read_rows(Task, source, columns=columns, max_problems=max_problems)


_PERIOD_PARTS = {"period": "name", "period_start": "start", "period_end": "end"}
"""A task row's period columns, and the fields of the Period they make."""


def _is_collection(rows: object) -> bool:
    """Whether ``rows`` is a collection ``read_rows`` takes (else it gives the error)."""
    if isinstance(rows, str | bytes | bytearray | Mapping) or not isinstance(rows, Iterable):
        return False
    return not (isinstance(rows, Sized) and len(rows) > MAX_COLLECTION)


def _with_periods(rows: Iterable[object], renames: Mapping[str, str]) -> Iterator[object]:
    """The rows with their columns renamed, and a row's flat period columns made one mapping.

    A row that is not a mapping, or whose ``period`` is not text (a mapping,
    or anything ``from_mapping`` will name), passes through for
    ``read_rows`` to read or report.
    """
    for raw in rows:
        if not isinstance(raw, Mapping) or (
            type(raw) is dict
            and not renames
            and "period_start" not in raw
            and "period_end" not in raw
        ):
            yield raw  # nothing to rename or fold (the common row, as it came)
            continue
        row = {
            (renames.get(str.__str__(k), k) if isinstance(k, str) else k): v
            for k, v in raw.items()
        }
        if ("period_start" in row or "period_end" in row) and (
            row.get("period") is None or isinstance(row.get("period"), str)
        ):
            parts = {
                field: read_cell(row.pop(column, None), id_field=False)
                for column, field in _PERIOD_PARTS.items()
            }
            given = {
                k: v
                for k, v in parts.items()
                if not (v is None or (isinstance(v, str) and not v.strip()))
            }
            if given.keys() - {"name"}:
                row["period"] = {"name": "", **given}
            elif given:  # a name without its days: from_mapping names the missing start
                row["period"] = given
        yield row
