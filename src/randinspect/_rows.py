"""Reading rows into domain values, every bad row named: the core of bulk loading (private).

Public as :mod:`randinspect.loading` (``load_registry``, ``load_roster``,
``load_history``) and :meth:`randinspect.Registry.from_rows`. It sits below
both (layer 4: it reads rows into the model's types and knows nothing of
registries), so that the registry can read its own rows without an import
cycle.

A row is read as databases and DataFrames give it (see :func:`read_cell`),
then built with the type's ``from_mapping``. A registry's common row (a
dict of text) takes the subject's fast path, which runs every check
inline; any other row, valid or not, takes the general path, so both give
the same values and the same errors.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import json
import operator
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from randinspect._checks import check_collection, check_int, is_year, type_name
from randinspect._plain import MAX_CELL_BITS, decode_set
from randinspect._values import is_text, is_valid_id
from randinspect.errors import (
    DuplicateIdError,
    LoadError,
    RandInspectError,
    ValidationError,
)
from randinspect.model import (
    Flag,
    Grade,
    Subject,
    Task,
    TaskKind,
    _flags_of_text,
    _subject_from_row,
    trusted,
)

MAX_PROBLEMS = 100
"""The most bad rows a :class:`LoadError` lists by default (the rest are counted)."""

ID_FIELDS = frozenset(
    {"id", "plan_id", "subject_id", "leader", "items", "inspectors", "conflicts"}
)
"""Fields whose values are ids, or ``;``-separated ids: an integer there (a credit code
read as a number) is its digits, and so is a ``Decimal`` written without decimals
(a database ``NUMERIC`` column)."""

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
        code: The stable code of the error the row met (``RandInspectError.code``,
            docs/errors.md), for a back end's own message; ``""`` when not known.
    """

    row: int
    id: str | None
    field: str
    value: Any
    problem: str
    rule: str
    fix: str
    code: str = ""

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
            "code": self.code,
        }


def check_extra(extra: object, *, what: str) -> str:
    """``extra`` if it is ``"attributes"`` or ``"error"``; a :class:`ValidationError` if not."""
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


def read_rows(
    cls: type[V],
    rows: object,
    *,
    columns: object,
    max_problems: object,
    extra: str | None = None,
) -> tuple[V, ...]:
    """``cls`` values from rows, one per row in order; a :class:`LoadError` names every bad one.

    ``extra`` is ``cls.from_mapping``'s (``None`` for a type that takes none);
    the caller has checked it. Two rows with one id are a problem of the later.

    Raises:
        LoadError: some rows could not be read (each named, up to ``max_problems``).
        ValidationError: ``rows``, ``columns`` or ``max_problems`` is malformed.
    """
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
    from_mapping: Callable[..., V] = cls.from_mapping  # type: ignore[attr-defined]

    def build(row: dict[str, Any]) -> V:
        return from_mapping(row) if extra is None else from_mapping(row, extra=extra)

    built: list[V] = []
    problems: list[RowProblem] = []
    skipped: list[int] = []  # the numbers of the rows that could not be read
    with kept_as_built():
        fast = _fast_path(cls, attributes=extra == "attributes")
        append = built.append
        for number, raw in enumerate(entries, start=1):
            value: Any = None
            if fast is not None and type(raw) is dict:
                value = fast(
                    {renames.get(k, k) if type(k) is str else k: v for k, v in raw.items()}
                    if renames
                    else raw
                )
            if value is None:
                try:
                    value = build(_row(raw, renames, number=number))
                except RandInspectError as error:
                    skipped.append(number)
                    if len(problems) < cap:
                        problems.append(_problem(number, raw, renames, error))
                    continue
            append(value)
        ids = list(map(_id_of, built))  # every type read here has an id (_DUPLICATE_RULES)
        count = len(skipped)
        if len(set(ids)) != len(ids):  # two rows with one id: the later is a problem
            repeats = _repeats(ids, skipped, cap, rule=_DUPLICATE_RULES[cls.__name__])
            count += len(repeats)
            problems = sorted([*problems, *repeats[:cap]], key=_row_number)[:cap]
    if count:
        raise _load_error(tuple(problems), count=count, rows=len(entries), what=what)
    return tuple(built)


def _fast_path(cls: type, *, attributes: bool) -> Callable[[dict[Any, Any]], Any] | None:
    """The row fast path of ``cls`` (a common row to its value, else ``None``), if it has one."""
    if cls is Subject:
        return functools.partial(_subject_from_row, attributes=attributes)
    return task_from_row if cls is Task else None


@contextlib.contextmanager
def kept_as_built() -> Iterator[None]:
    """Pause the collector while values that are all kept are built; then settle them.

    A million values built in one go set off a full collection every few
    thousand, and they are all kept (they are the result), so there is
    nothing to collect until the end. Then they are moved to the collector's
    oldest generation, as survivors: left young, the next two collections
    would walk all of them (about 0.2 s a million each) only to find them
    alive. ``gc.freeze()`` then ``gc.unfreeze()`` moves every tracked object
    there at once; skipped when the program has frozen objects of its own,
    which ``unfreeze`` would release. The collector is left as it was found.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _row_number(problem: RowProblem) -> int:
    return problem.row


def _repeats(ids: list[Any], skipped: list[int], cap: int, *, rule: str) -> list[RowProblem]:
    """A problem for each row whose id an earlier row has, in row order.

    ``ids`` are those of the rows read, in order; ``skipped`` the numbers of
    the rows that could not be read, from which the rows' numbers follow.
    Only the first ``cap`` are written out; the others are counted (as ``None``).
    """
    first_row: dict[Any, int] = {}
    repeats: list[Any] = []
    passed = 0  # how many skipped rows come before the current one
    for index, ident in enumerate(ids):
        while passed < len(skipped) and skipped[passed] <= index + 1 + passed:
            passed += 1
        number = index + 1 + passed
        first = first_row.setdefault(ident, number)
        if first != number:
            problem = _duplicate(number, ident, first, rule=rule) if len(repeats) < cap else None
            repeats.append(problem)
    return repeats


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
    return {str.__str__(k): str.__str__(v) for k, v in columns.items()}


def _row(raw: object, renames: Mapping[str, str], *, number: int) -> dict[str, Any]:
    """One source row as from_mapping takes it: columns renamed, cells read."""
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
        name = renames.get(str.__str__(column), column) if isinstance(column, str) else column
        row[name] = read_cell(cell, id_field=type(name) is str and name in ID_FIELDS)
    return row


_MISSING_TYPES = frozenset({"NAType", "NaTType"})  # pandas.NA, pandas.NaT
_SCALAR_TYPES = frozenset({"bool_", "int8", "int16", "int32", "int64", "uint8", "uint16"})
_SCALAR_TYPES |= {"uint32", "uint64", "float16", "float32", "float64", "str_", "bytes_"}


def read_cell(value: Any, *, id_field: bool) -> Any:
    """A cell as the library reads it: ``None`` for "not given", else a Python value.

    ``None``, NaN and pandas' ``NA`` and ``NaT`` are "not given"; a numpy
    scalar is its Python value (``numpy.bool_`` a bool, ``numpy.int64`` an
    int); a ``numpy.datetime64`` its day; a date-time at midnight without a
    time zone (a ``pandas.Timestamp`` of a date column) its date; in an id
    field (:data:`ID_FIELDS`) an int, or a ``Decimal`` without decimals, its
    digits. Neither pandas nor numpy is imported: they are known by their
    types' names and methods. Blank text is kept: ``from_mapping`` knows
    which fields take their default for it (the optional ones) and which
    must refuse it.
    """
    kind = type(value)
    if kind is str:
        return value
    if value is None or kind.__name__ in _MISSING_TYPES:
        return None
    if kind.__name__ in _SCALAR_TYPES and callable(getattr(value, "item", None)):
        value = value.item()  # a numpy scalar: its Python value
    elif kind.__name__ == "datetime64" and callable(getattr(value, "astype", None)):
        value = value.astype("datetime64[D]").item()  # a numpy date-time: its day (NaT: None)
    if isinstance(value, float) and value != value:  # NaN  # noqa: PLR0124
        return None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0) and value.tzinfo is None:
        return value.date()  # a date column read as date-times (pandas.Timestamp)
    if id_field:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(int(value)) if value.bit_length() <= _ID_BITS else value
        if isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent == 0:
            return str(value) if len(value.as_tuple().digits) <= _ID_DIGITS else value
    return value


_ID_BITS = 256
"""The longest int an id cell may hold, in bits, to be read as its digits (a credit code
needs 60); a longer one is refused as an id, not written out."""
_ID_DIGITS = 77
"""The most digits a ``Decimal`` id cell may have to be read as them (as for ints)."""


def _problem(
    number: int, raw: object, renames: Mapping[str, str], error: RandInspectError
) -> RowProblem:
    ident = None
    if isinstance(raw, Mapping):
        for column, cell in raw.items():
            name = renames.get(str.__str__(column), column) if isinstance(column, str) else column
            if type(name) is str and name == "id" and type(cell) in (str, int):
                ident = str(cell) if type(cell) is str or cell.bit_length() <= _ID_BITS else None
    return RowProblem(
        row=number,
        id=ident,
        field=error.field,
        value=error.value,
        problem=error.problem,
        rule=error.rule,
        fix=error.fix,
        code=error.code,
    )


_DUPLICATE_RULES = {"Subject": "R1.4", "Inspector": "R1.3", "Task": "R5.1"}
"""The rule a repeated id breaks, by what the rows are, as the values' own collections say:
a registry's ids (R1.4), a roster's (R1.3), a history's (R5.1, one task counted twice)."""
_id_of = operator.attrgetter("id")


def _duplicate(number: int, ident: str, first: int, *, rule: str = "R1.4") -> RowProblem:
    """The problem of row ``number`` repeating the id of row ``first`` (a registry's: R1.4)."""
    return RowProblem(
        row=number,
        id=ident,
        field="id",
        value=ident,
        problem=f"the id of row {first} too: one entry per subject, inspector or task",
        rule=rule,
        fix="keep one row per id",
        code=DuplicateIdError("a repeated id", rule=rule).code,
    )


# --- a common Subject row straight to its canonical line (the streamed draw's fast path) ---

_string = json.encoder.encode_basestring  # the escaping of JSONEncoder(ensure_ascii=False)
_GRADE_WORDS: dict[str, Grade] = Grade._table()
_NO_FLAGS: frozenset[Flag] = frozenset()
_EMPTY = '""'
_CACHED_FLAG_TEXTS = 4096
"""The most distinct ``flags`` texts a :class:`SubjectLines` remembers (a few in practice)."""

SubjectParts = tuple[str, Grade, str, dict[str, str], frozenset[Flag], str, str, str]
"""``(id, grade, name, attributes, flags, line, pairs, marks)`` of a row :class:`SubjectLines`
read: the Subject's fields, its canonical line and two pieces of the line, the attributes'
``"key":"value"`` pairs and the flags' ``"flag"`` words, each joined by commas."""


def canonical_line(pairs: str, marks: str, grade: str, ident: str, name: str) -> str:
    r"""A subject's ``canonical_json(subject.to_data()) + "\n"`` from its pieces.

    ``pairs`` and ``marks`` as :data:`SubjectParts` has them, ``grade`` the
    letter, ``ident`` and ``name`` the text: the five keys in code point
    order, as ``draw._subject_line`` writes them.
    """
    return (
        f'{{"attributes":{{{pairs}}},"flags":[{marks}],"grade":"{grade}",'
        f'"id":{_string(ident)},"name":{_string(name) if name else _EMPTY}}}\n'
    )


def json_pieces(subject: Subject) -> tuple[str, str]:
    """A Subject's ``pairs`` and ``marks``, the pieces of its line :data:`SubjectParts` has."""
    pairs = ",".join([f"{_string(k)}:{_string(v)}" for k, v in subject.attributes.items()])
    return pairs, _marks(subject.flags)


def _marks(flags: frozenset[Flag]) -> str:
    return ",".join(sorted([f'"{flag._value_}"' for flag in flags])) if flags else ""


@attrs.define
class SubjectLines:
    r"""Reads common registry rows into a Subject's fields and canonical line, building no Subject.

    :meth:`read` is ``Subject.from_mapping(row, extra=...)``'s row fast path
    (``model._subject_from_row``) check for check, for the same shape of row
    (exact ``str`` keys, text ids, grades, names and flags; attribute cells of
    text, ``None``, NaN, ints or floats), and may refuse more: what it
    refuses, valid or not, returns ``None`` for the caller's general path,
    which gives the value or the error. What it reads it returns as
    :data:`SubjectParts`: the fields the Subject would have (attributes as a
    dict of checked text in row order, for ``sorted_text_map``) and
    ``canonical_json(subject.to_data()) + "\n"``, written as
    ``draw._subject_line`` writes it (:func:`canonical_line`). The tests hold
    both equalities on generated rows. Mutable scratch state (the texts of flags seen so far);
    one per reading.
    """

    attributes: bool
    flag_texts: dict[str, tuple[frozenset[Flag], str]] = attrs.Factory(dict)

    def read(  # noqa: PLR0912, PLR0915  # one straight pass per row: the hot path of streaming
        self, data: dict[Any, Any]
    ) -> SubjectParts | None:
        """The parts of ``data``, a dict, or ``None`` for the general path to read it."""
        ident: object = None
        grade_text: object = None
        name = ""
        flags, flags_json = _NO_FLAGS, ""
        columns: dict[str, str] = {}
        for key, value in data.items():
            if type(key) is not str:
                return None
            if key == "id":
                ident = value
            elif key == "grade":
                grade_text = value
            elif key == "name":
                if value is not None:
                    if type(value) is not str or not (value.isascii() or is_text(value)):
                        return None
                    name = value
            elif key == "flags":
                if value is not None and (value or type(value) is not str):  # "" is no flags
                    if type(value) is not str:
                        return None
                    known = self.flag_texts.get(value)
                    if known is None:
                        marks = _flags_of_text(value)
                        if marks is None:
                            return None
                        known = (marks, _marks(marks))
                        if len(self.flag_texts) < _CACHED_FLAG_TEXTS:
                            self.flag_texts[value] = known
                    flags, flags_json = known
            elif key == "attributes" or not self.attributes:
                return None
            else:
                kind = type(value)
                if kind is str:
                    if not value or value.isspace():  # blank: value.strip() is empty
                        continue
                    if not (value.isascii() or is_text(value)):
                        return None
                    text = value
                elif value is None:
                    continue
                elif kind is int:
                    if value.bit_length() > MAX_CELL_BITS:
                        return None
                    text = str(value)
                elif kind is float:
                    if value != value:  # NaN: a missing cell  # noqa: PLR0124
                        continue
                    text = str(value)
                else:
                    return None
                if not key or not (key.isascii() or is_text(key)):
                    return None
                columns[key] = text
                last_key, last_text = key, text
        if type(ident) is not str or type(grade_text) is not str:
            return None
        if ident.isascii():  # is_valid_id, inline: printable ASCII is U+0020-007E
            if not ident or "|" in ident or not ident.isprintable():
                return None
        elif not is_valid_id(ident):
            return None
        grade = _GRADE_WORDS.get(grade_text)
        if grade is None:
            return None
        if not columns:
            pairs = ""
        elif len(columns) == 1:  # the one attribute is the last one set
            pairs = f"{_string(last_key)}:{_string(last_text)}"
        else:
            pairs = ",".join([f"{_string(k)}:{_string(columns[k])}" for k in sorted(columns)])
        line = (
            f'{{"attributes":{{{pairs}}},"flags":[{flags_json}],"grade":"{grade._value_}",'
            f'"id":{_string(ident)},"name":{_string(name) if name else _EMPTY}}}\n'
        )  # canonical_line, inline
        return ident, grade, name, columns, flags, line, pairs, flags_json


# --- a common Task row straight to its Task (the history loader's fast path) ------------

_TASK_CELLS = frozenset({"items", "inspectors", "kind", "on", "leader", "partners", "period"})
"""The other keys of a task row: a blank cell (``None``, empty or blank text) is the
field's default (``items`` has none: the general path names it)."""
_TASK_REQUIRED = frozenset({"id", "plan_id", "subject_id", "items", "department"})
"""The fields a task has no default for."""
_KIND_WORDS: dict[str, TaskKind] = TaskKind._table()


def _ids_of_text(text: str) -> tuple[str, ...] | None:
    """``"a;b"`` text as ``decode_set`` splits it, if every part is a valid id named once."""
    if ";" not in text:  # one id, the common cell: decode_set's one stripped part
        ident = text.strip()
        return (ident,) if ident and is_valid_id(ident) else None
    parts = tuple(decode_set(text, obj="", field=""))
    if len(set(parts)) != len(parts) or not all(map(is_valid_id, parts)):
        return None
    return parts


def task_from_row(data: dict[Any, Any]) -> Task | None:  # noqa: PLR0912  # one straight pass a row
    """The :class:`Task` of a common history row, or ``None`` for the general path to read it.

    ``Task.from_mapping``'s value for the one shape of row a task table's
    cursor gives most (a loaded history is tens of times the registry's
    yearly sample): exact ``str`` keys among ``id``, ``plan_id``,
    ``subject_id`` and ``department`` (given as valid text), ``unit`` (text,
    or ``None`` for none) and ``items``, ``inspectors``, ``kind``, ``on`` and
    ``year``, each cell ``None`` or blank (the field's default) or text, ``on``
    also a ``date``, ``year`` an ``int``. Every check of the constructor is
    run on it first: valid ids, ``items`` non-empty, no id twice, ``kind``
    named exactly, ``on`` and ``year`` in the years accepted and agreeing.
    Only then is the task built through :func:`~randinspect.model.trusted`.
    Anything else (a leader, partners or a period; a cell of another type;
    any fault) returns ``None``, and the general path gives the value or the
    error: both paths agree on both, as the tests hold on hostile rows.
    """
    fields: dict[str, Any] = {
        "inspectors": (), "leader": None, "period": None, "unit": "", "partners": frozenset(),
        "kind": TaskKind.RANDOM, "on": None, "year": None,
    }  # fmt: skip
    given_year = False
    for key, value in data.items():
        if type(key) is not str:
            return None
        kind = type(value)
        if key in ("id", "plan_id", "subject_id"):
            if kind is not str or not is_valid_id(value):
                return None
            fields[key] = value
        elif key == "department":
            if kind is not str or not value.strip() or not is_text(value):
                return None
            fields[key] = value
        elif key == "year":
            if value is None:
                return None  # an explicit no-year: the general path keeps it
            if kind is not int or not is_year(value):
                return None
            fields[key], given_year = value, True
        elif key == "unit":  # free text: blank text is kept, None is the default
            if value is not None:
                if kind is not str or not is_text(value):
                    return None
                fields[key] = value
        elif key not in _TASK_CELLS:
            return None
        elif value is None or (kind is str and (not value or value.isspace())):
            if key == "items":
                return None  # required: the general path names it
            continue  # blank: the default
        elif key == "on":
            day = value
            if kind is str:
                try:
                    day = dt.date.fromisoformat(value.strip())
                except ValueError:
                    return None
            elif kind is not dt.date:
                return None
            if not is_year(day.year):
                return None
            fields[key] = day
        elif kind is not str or key in ("leader", "partners", "period"):
            return None
        elif key in ("items", "inspectors"):
            ids = _ids_of_text(value)
            if ids is None:
                return None
            fields[key] = ids
        elif key == "kind":
            member = _KIND_WORDS.get(value)
            if member is None:
                return None
            fields[key] = member
    if not fields.keys() >= _TASK_REQUIRED or not fields["items"]:
        return None
    on = fields["on"]
    if on is not None:
        if given_year and fields["year"] != on.year:
            return None
        fields["year"] = on.year
    # Every field has passed the checks of Task's validators: built trusted from here.
    return trusted(Task, **fields)
