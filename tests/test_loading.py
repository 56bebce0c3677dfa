"""Bulk loading: rows as CSV, databases and DataFrames give them, every bad row named (R1).

Loading equals building the values row by row; cells are read as their
sources write them (blank, NaN and NA as "not given", date-times at
midnight as dates, numpy scalars as Python values, integer ids as text); a
batch of bad rows is reported together, each with row, field, value, rule
and fix, and two rows with one id are a problem of the later.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import math
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from assertions import assert_rejected
from hypothesis import given
from hypothesis import strategies as st

from randinspect import (
    ERROR_CODES,
    Grade,
    Inspector,
    LoadError,
    Registry,
    Subject,
    Task,
    TaskKind,
    ValidationError,
    load_history,
    load_registry,
    load_roster,
)
from randinspect import testing as rst
from randinspect._plain import from_data
from randinspect._rows import task_from_row
from randinspect._values import FrozenMap
from randinspect.errors import RandInspectError
from randinspect.model import _subject_from_row

CSV = """统一社会信用代码,信用等级,名称,region,type
914104000000000001,中高,卫东区第一养老院,卫东区,elder-care
914104000000000002,A,新华区康乐园,新华区,
914104000000000003,低,湛河区颐养中心,湛河区,elder-care
"""
COLUMNS = {"统一社会信用代码": "id", "信用等级": "grade", "名称": "name"}


def test_a_csv_with_chinese_columns_loads_as_built_row_by_row() -> None:
    """Renamed columns are fields, the others attributes; a blank cell gives no attribute."""
    registry = load_registry(csv.DictReader(io.StringIO(CSV)), columns=COLUMNS)
    expected = Registry(
        [
            Subject(
                id="914104000000000001",
                grade=Grade.C,
                name="卫东区第一养老院",
                attributes={"region": "卫东区", "type": "elder-care"},
            ),
            Subject(
                id="914104000000000002",
                grade=Grade.A,
                name="新华区康乐园",
                attributes={"region": "新华区"},
            ),
            Subject(
                id="914104000000000003",
                grade=Grade.A,
                name="湛河区颐养中心",
                attributes={"region": "湛河区", "type": "elder-care"},
            ),
        ]
    )
    assert expected == registry


def test_dataframe_records_read_as_their_values() -> None:
    """NaN and None are "not given"; numpy ints in an id column are digits; numpy bools bools."""
    frame = pd.DataFrame(
        {
            "id": [101, 102],
            "department": ["civil", "civil"],
            "certified": [True, np.nan],
            "can_lead": [np.bool_(True), np.bool_(False)],
            "certificate_expires": [pd.Timestamp("2024-09-30"), pd.NaT],
            "region": ["卫东区", None],
        }
    )
    roster = load_roster(frame.to_dict("records"))
    assert (
        Inspector(
            id="101",
            department="civil",
            certified=True,
            can_lead=True,
            certificate_expires=dt.date(2024, 9, 30),
            attributes={"region": "卫东区"},
        ),
        Inspector(id="102", department="civil", can_lead=False),
    ) == roster


def test_numpy_scalars_and_datetime64_are_read_without_numpy_in_the_library() -> None:
    """A numpy date-time is its day; numpy strings and ints their Python values."""
    rows = [
        {
            "id": np.str_("t1"),
            "plan_id": "p",
            "subject_id": np.int64(914104000000000001),
            "items": "elder",
            "department": "civil",
            "on": np.datetime64("2024-03-01T00:00"),
        }
    ]
    (task,) = load_history(rows)
    assert (
        Task(
            id="t1",
            plan_id="p",
            subject_id="914104000000000001",
            items=("elder",),
            department="civil",
            on=dt.date(2024, 3, 1),
        )
        == task
    )
    assert 2024 == task.year


def test_every_bad_row_is_reported_together() -> None:
    """One error lists each bad row with its number, id, field and rule; good rows are fine."""
    rows: list[dict[str, Any]] = [
        {"id": "s1", "grade": "A"},
        {"id": "s2", "grade": "Z"},
        {"id": "s|3", "grade": "B"},
        {"id": "s4", "grade": "B"},
        "not a row",
        {"id": "s1", "grade": "C"},
    ]
    with pytest.raises(LoadError) as caught:
        load_registry(rows)
    error = caught.value
    assert (4, 6) == (error.count, error.rows)
    assert [(2, "s2", "grade"), (3, "s|3", "id"), (5, None, ""), (6, "s1", "id")] == [
        (p.row, p.id, p.field) for p in error.problems
    ]
    assert ["R2.1", "randinspect-draw/1 ids", "R1.1", "R1.4"] == [p.rule for p in error.problems]
    assert all(p.fix for p in error.problems)
    assert "row 6 ('s1') field 'id': the id of row 1 too" in str(error.problems[-1])
    message = str(error)
    assert message.startswith("load of Subject rows field 'rows': 4 of 6 rows could not be read")
    assert "and 1 more" in message
    assert len(message) < 1000


def test_the_list_of_problems_is_capped_and_the_rest_counted() -> None:
    """``max_problems`` bounds the list; ``count`` still counts every bad row."""
    rows = [{"id": f"s{n}", "grade": "Z"} for n in range(500)]
    with pytest.raises(LoadError) as caught:
        load_registry(rows, max_problems=10)
    assert (500, 10) == (caught.value.count, len(caught.value.problems))


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: load_registry(None), "'rows'"),  # type: ignore[arg-type]
        (lambda: load_registry("id,grade"), "'rows'"),  # type: ignore[arg-type]
        (lambda: load_registry([], columns={"a": 1}), "'columns'"),  # type: ignore[dict-item]
        (lambda: load_registry([], max_problems=0), "'max_problems'"),
        (lambda: load_roster([], extra="nope"), "'extra'"),
        (lambda: load_history([{"id": "t"}], columns=["id"]), "'columns'"),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_are_refused(call: Any, fragment: str) -> None:
    """The arguments are checked before any row is read."""
    assert_rejected(call, ValidationError, fragment)


@given(st.lists(rst.subjects(), max_size=8, unique_by=lambda s: s.id))
def test_loading_equals_row_by_row_construction(subjects: list[Subject]) -> None:
    """Bulk loading the subjects' own rows gives the registry of the subjects (R1.4)."""
    assert Registry(subjects) == load_registry([s.to_data() for s in subjects], extra="error")


# --- Registry.from_rows, and the fast path of a subject's row ----------------------------


class Label(str):
    """A str subclass (as numpy.str_ is): the fast path leaves it to the general one."""

    __slots__ = ()


_KEYS = st.sampled_from(
    ["id", "grade", "name", "flags", "attributes", "region", "类型", "", "\ud800", "a|b"]
)
_TEXTS = st.sampled_from(
    [
        "914104000000000001",
        "s1",
        "B",
        "b",
        " B ",
        "中高",
        "Z",
        "",
        "  ",
        "s|1",
        "s\t1",
        "s\x85",
        "\ud800",
        "卫东区",
        "high_risk",
        "blacklisted;经营异常",
        "high_risk;nonsense",
        " ; ",
        "HIGH_RISK",
    ]
)
_CELLS = (
    _TEXTS
    | st.builds(Label, _TEXTS)
    | st.sampled_from([None, float("nan"), 1.5, float("inf"), True, b"s1", 2**2000, ("s1",)])
    | st.integers(-(10**20), 10**20)
    | st.dictionaries(st.sampled_from(["region", "", "type"]), _TEXTS | st.none(), max_size=2)
)
_COMMON = st.fixed_dictionaries(
    {"id": st.sampled_from(["s1", "914104000000000001", "养老院-3"]), "grade": st.just("B")},
    optional={
        "name": st.sampled_from(["卫东区第一养老院", "", " "]) | st.none(),
        "region": st.sampled_from(["r3", "卫东区", ""]) | st.none() | st.integers(0, 9),
        "flags": st.sampled_from(["high_risk", "", "blacklisted;经营异常"]) | st.none(),
    },
)
_ROWS = st.builds(
    lambda common, hostile: {**common, **hostile},
    _COMMON | st.builds(dict),
    st.dictionaries(_KEYS, _CELLS, max_size=3),
)
"""Common rows (the fast path's), with up to three cells replaced or added by hostile ones."""
_EXTRA = st.sampled_from(["attributes", "error"])


def _outcome(call: Any) -> tuple[str, Any]:
    """A call's value, or its error's class and field: what the two paths must agree on."""
    try:
        return ("value", call())
    except RandInspectError as error:
        return (type(error).__name__, error.field)


@given(_ROWS, _EXTRA)
def test_the_fast_path_and_the_general_path_agree_on_values_and_errors(
    row: dict[str, Any], extra: str
) -> None:
    """A row the fast path takes gives the general path's value; any other row the same error."""
    general = _outcome(lambda: from_data(Subject, row, extra=extra))
    fast = _subject_from_row(row, attributes=extra == "attributes")
    if fast is not None:
        assert general == ("value", fast)
        assert (type(general[1].attributes), type(fast.flags)) == (FrozenMap, frozenset)
    assert general == _outcome(lambda: Subject.from_mapping(row, extra=extra))


def _bad_rows(alone: list[tuple[str, Any]]) -> list[tuple[int, Any]]:
    """The (row number, field) a load must report, from each row's outcome built alone.

    A row that fails is reported with its error's field; a row repeating an
    earlier row's id, with ``"id"``.
    """
    bad, first = [], {}
    for number, (kind, value) in enumerate(alone, start=1):
        if kind != "value":
            bad.append((number, value))
        elif first.setdefault(value.id, number) != number:
            bad.append((number, "id"))
    return bad


def _as_read(row: dict[str, Any]) -> dict[str, Any]:
    """A row's cells as a load reads them (docs/loading.md): NaN missing, an int id its digits."""
    return {key: _read(key, cell) for key, cell in row.items()}


_ID_COLUMNS = {"id", "plan_id", "subject_id", "leader", "items", "inspectors", "conflicts"}
"""The id columns docs/loading.md lists, where an int is read as its digits."""


def _read(key: str, cell: Any) -> Any:
    if isinstance(cell, float) and math.isnan(cell):
        return None
    if key in _ID_COLUMNS and type(cell) is int and abs(cell) < 2**256:
        return str(cell)
    return cell


@given(st.lists(_ROWS, max_size=6), st.booleans())
def test_bulk_loading_equals_row_by_row_construction_on_hostile_rows(
    rows: list[dict[str, Any]], rename: bool
) -> None:
    """Each row loads as it builds alone; the bad ones, and the repeats, are listed in order."""
    columns = {"编号": "id"} if rename else None
    given_rows = [{"编号" if k == "id" and rename else k: v for k, v in r.items()} for r in rows]
    alone = [
        _outcome(lambda r=r: Subject.from_mapping(_as_read(r), extra="attributes")) for r in rows
    ]
    bad = _bad_rows(alone)
    if bad:
        with pytest.raises(LoadError) as caught:
            Registry.from_rows(given_rows, columns=columns)
        assert bad == [(p.row, p.field) for p in caught.value.problems]
        assert (len(bad), len(rows)) == (caught.value.count, caught.value.rows)
    else:
        registry = Registry.from_rows(given_rows, columns=columns)
        assert Registry([value for _, value in alone]) == registry
        assert load_registry(given_rows, columns=columns) == registry


# --- the fast path of a history task's row -----------------------------------------------

_TASK_KEYS = st.sampled_from(
    [
        *("id", "plan_id", "subject_id", "items", "inspectors", "department", "unit", "kind"),
        *("on", "year", "leader", "partners", "period", "period_start", "region", ""),
    ]
)
_TASK_TEXTS = st.sampled_from(
    [
        *("t1", "s1", "x", "x;y", "x;x", " x ; y ", " ; ", "", "  ", "a|b", "s\t1", "\ud800"),
        *("market", " ", "unit-1", "random", "complaint", "投诉举报", "RANDOM", "nonsense"),
        *("2024-03-01", " 2024-03-01 ", "20240301", "2024-13-01", "1899-01-01", "2024"),
    ]
)
_TASK_CELLS = (
    _TASK_TEXTS
    | st.builds(Label, _TASK_TEXTS)
    | st.sampled_from([None, float("nan"), True, b"t1", ("x",), 2024, 2023, 1800, 10**30])
    | st.sampled_from([dt.date(2024, 3, 1), dt.date(2023, 5, 1), dt.datetime(2024, 3, 1)])
    | st.sampled_from([dt.date(1800, 1, 1), {"name": "H1", "start": "2024-01-01"}])
)
_TASK_COMMON = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["t1", "任务-2"]),
        "plan_id": st.just("p"),
        "subject_id": st.sampled_from(["s1", "914104000000000001"]),
        "items": st.sampled_from(["x", "x;y", " x "]),
        "department": st.sampled_from(["market", "市场监管局"]),
    },
    optional={
        "unit": st.sampled_from(["unit-1", "", " "]) | st.none(),
        "on": st.sampled_from([dt.date(2024, 3, 1), "2024-06-30", ""]) | st.none(),
        "year": st.sampled_from([2024, 2023]),
        "kind": st.sampled_from(["random", "complaint", "双随机", ""]) | st.none(),
        "inspectors": st.sampled_from(["i1", "i1;i2", ""]) | st.none(),
        "leader": st.sampled_from(["", "i1"]) | st.none(),
        "period": st.none(),
    },
)
_TASK_ROWS = st.builds(
    lambda common, hostile: {**common, **hostile},
    _TASK_COMMON | st.builds(dict),
    st.dictionaries(_TASK_KEYS, _TASK_CELLS, max_size=3),
)
"""Common task rows (the fast path's), with up to three cells replaced or added by hostile ones."""


@given(_TASK_ROWS)
def test_a_task_rows_fast_path_and_the_general_path_agree_on_values_and_errors(
    row: dict[str, Any],
) -> None:
    """A task row the fast path takes gives the general path's value; any other, its error."""
    general = _outcome(lambda: from_data(Task, row))
    fast = task_from_row(row)
    if fast is not None:
        assert general == ("value", fast)
        assert [type(getattr(fast, f)) for f in ("items", "inspectors", "partners", "kind")] == [
            tuple,
            tuple,
            frozenset,
            TaskKind,
        ]


def test_the_fast_path_takes_the_common_task_rows() -> None:
    """The rows a task table gives most are read by the fast path, as from_mapping reads them."""
    common = [
        {"id": "t1", "plan_id": "p", "subject_id": "s1", "items": "x", "department": "market"},
        {
            "id": "t2", "plan_id": "p", "subject_id": "s1", "items": "x;y", "department": "market",
            "unit": "unit-1", "on": "2024-03-01", "kind": "random", "inspectors": "i1;i2",
            "leader": None, "partners": "", "period": None, "year": 2024,
        },
        {"id": "t3", "plan_id": "p", "subject_id": "s1", "items": "x", "department": "market",
         "on": dt.date(2024, 3, 1), "kind": "投诉举报", "unit": " "},
    ]  # fmt: skip
    fast = [task_from_row(row) for row in common]
    assert fast == [Task.from_mapping(row) for row in common]
    assert [(t.year, t.kind.value, t.unit) for t in fast] == [  # type: ignore[union-attr]
        (None, "random", ""),
        (2024, "random", "unit-1"),
        (2024, "complaint", " "),
    ]
    assert load_history(common) == tuple(fast)


@given(st.lists(_TASK_ROWS.filter(lambda row: "period_start" not in row), max_size=6))
def test_a_history_loads_as_its_tasks_built_row_by_row_on_hostile_rows(
    rows: list[dict[str, Any]],
) -> None:
    """Each task row loads as it builds alone; bad ones and repeats are listed in order.

    (Rows with flat period columns are load_history's own reading, tested with it.)
    """
    alone = [_outcome(lambda r=r: Task.from_mapping(_as_read(r))) for r in rows]
    bad = _bad_rows(alone)
    if bad:
        with pytest.raises(LoadError) as caught:
            load_history(rows)
        assert bad == [(p.row, p.field) for p in caught.value.problems]
    else:
        assert load_history(rows) == tuple(value for _, value in alone)


def test_registry_from_rows_reads_a_csv_as_load_registry_does() -> None:
    """The contract name: the registry of rows, Chinese column names and all (R1.4)."""
    registry = Registry.from_rows(csv.DictReader(io.StringIO(CSV)), columns=COLUMNS)
    assert load_registry(csv.DictReader(io.StringIO(CSV)), columns=COLUMNS) == registry
    assert (Grade.C, {"region": "卫东区", "type": "elder-care"}) == (
        registry["914104000000000001"].grade,
        dict(registry["914104000000000001"].attributes),
    )


def test_columns_are_renamed_once_and_the_last_of_two_cells_for_one_field_wins() -> None:
    """A column renamed onto another's name is renamed once, not again (fast and general)."""
    rows = [{"a": "s1", "id": "B"}, {"a": "s2", "id": "b"}]  # "b": the general path reads it
    registry = Registry.from_rows(rows, columns={"a": "id", "id": "grade"})
    assert [("s1", Grade.B), ("s2", Grade.B)] == [(s.id, s.grade) for s in registry]


def test_ids_given_as_numbers_are_their_digits_in_every_id_column() -> None:
    """An int or a Decimal without decimals is its digits in an id or a list-of-ids column."""
    (task,) = load_history(
        [
            {
                "id": Decimal("914104000000000001"),
                "plan_id": 7,
                "subject_id": np.uint64(914104000000000002),
                "items": 101,
                "inspectors": np.int32(5),
                "department": "civil",
            }
        ]
    )
    expected = ("914104000000000001", "7", "914104000000000002", ("101",), ("5",))
    assert expected == (task.id, task.plan_id, task.subject_id, task.items, task.inspectors)


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        (2**4000, "not int"),
        (Decimal("1.5"), "not Decimal"),
        (914104000000000001.0, "not float"),
        (True, "not bool"),
    ],
)
def test_a_number_that_is_no_id_is_refused_with_its_row(cell: object, fragment: str) -> None:
    """A huge int, a decimal fraction, a float or a bool in an id column is a bad row."""
    with pytest.raises(LoadError) as caught:
        load_registry([{"id": cell, "grade": "A"}])
    (problem,) = caught.value.problems
    assert (1, "id") == (problem.row, problem.field)
    assert fragment in problem.problem


@pytest.mark.parametrize("enabled", [True, False])
def test_a_load_leaves_the_collector_as_it_found_it(enabled: bool) -> None:
    """The collector is paused while a load builds, and restored after, even on bad rows."""
    rows: list[Any] = [{"id": "s1", "grade": "A"}, {"id": "s1", "grade": "B"}]
    frozen = gc.get_freeze_count()
    if not enabled:
        gc.disable()
    try:
        with pytest.raises(LoadError):
            load_registry(rows)
        load_roster([{"id": "i1", "department": "civil"}])
        assert (enabled, frozen) == (gc.isenabled(), gc.get_freeze_count())
    finally:
        gc.enable()


def test_a_hostile_column_name_is_a_bad_row_not_a_crash() -> None:
    """A key whose comparison fails is named as a bad row, with the row's number."""

    class Hostile:
        def __eq__(self, other: object) -> bool:
            raise RuntimeError("no")

        __hash__ = object.__hash__

    with pytest.raises(LoadError) as caught:
        Registry.from_rows([{"id": "s1", "grade": "A"}, {Hostile(): 1, "id": "s2"}])
    assert [2] == [p.row for p in caught.value.problems]


def test_each_row_problem_carries_its_errors_stable_code() -> None:
    """A back end maps a row's problem by its code (docs/errors.md), as it maps an error's.

    A bad grade is a ValidationError under R2.1, a repeated id a DuplicateIdError under
    R1.4: the codes the published table lists for those pairs.
    """
    rows = [{"id": "s1", "grade": "C"}, {"id": "s2", "grade": "Z"}, {"id": "s1", "grade": "C"}]
    with pytest.raises(LoadError) as caught:
        load_registry(rows)
    listed = {
        (kind.error, rule): code for code, kind in ERROR_CODES.items() for rule in kind.rules
    }
    assert [listed["ValidationError", "R2.1"], listed["DuplicateIdError", "R1.4"]] == [
        problem.code for problem in caught.value.problems
    ]
    assert caught.value.problems[1].to_data()["code"] == listed["DuplicateIdError", "R1.4"]


@pytest.mark.parametrize(
    ("load", "row", "error", "rule"),
    [
        (load_roster, {"id": "a", "department": "d"}, "DuplicateIdError", "R1.3"),
        (
            load_history,
            {"id": "t", "plan_id": "p", "subject_id": "s", "items": "x", "department": "d",
             "on": "2024-01-02"},
            "DuplicateIdError",
            "R5.1",
        ),
    ],
)  # fmt: skip
def test_a_repeated_id_carries_the_rule_and_code_of_its_collection(
    load: Any, row: dict[str, str], error: str, rule: str
) -> None:
    """A roster's repeated id breaks R1.3, a history's R5.1, as Roster and check_history say."""
    with pytest.raises(LoadError) as caught:
        load([row, dict(row)])
    listed = {
        (kind.error, each): code for code, kind in ERROR_CODES.items() for each in kind.rules
    }
    (problem,) = caught.value.problems
    assert (rule, listed[error, rule]) == (problem.rule, problem.code)
