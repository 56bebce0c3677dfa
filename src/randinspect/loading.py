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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from randinspect._rows import ID_FIELDS, MAX_PROBLEMS, RowProblem, check_extra, read_rows
from randinspect.errors import LoadError
from randinspect.model import Inspector, Task
from randinspect.registry import Registry

__all__ = [
    "ID_FIELDS",
    "MAX_PROBLEMS",
    "LoadError",
    "RowProblem",
    "load_history",
    "load_registry",
    "load_roster",
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

    Raises:
        LoadError: some rows could not be read (every one named, up to ``max_problems``).
        ValidationError: ``rows``, ``columns`` or ``max_problems`` is malformed.
    """
    return read_rows(Task, rows, columns=columns, max_problems=max_problems)
