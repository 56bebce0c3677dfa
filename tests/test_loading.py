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
import io
from typing import Any

import numpy as np
import pandas as pd
import pytest
from assertions import assert_rejected
from hypothesis import given
from hypothesis import strategies as st

from randinspect import (
    Grade,
    Inspector,
    LoadError,
    Registry,
    Subject,
    Task,
    ValidationError,
    load_history,
    load_registry,
    load_roster,
)
from randinspect import testing as rst

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
