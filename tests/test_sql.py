"""draw_sql in DuckDB: the warehouse's selection is the library's, bit for bit (issue 11, item 5).

The library's ``draw_subjects`` is the oracle: every test runs the SQL on a
table holding the same subjects (and history) and compares the rows, id by
id, stratum, key, rank and period, and the per-stratum counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs
import duckdb
import pandas as pd
import pytest
from assertions import assert_rejected, rejections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from randinspect import (
    CapPolicy,
    CheckItem,
    Flag,
    FlagStratum,
    Grade,
    Period,
    Plan,
    Seed,
    Subject,
    Task,
    TaskKind,
    draw_subjects,
    format_ratio,
)
from randinspect.errors import InvalidSeedError, ValidationError
from randinspect.sampling import SubjectDraw
from randinspect.sql import (
    DRAWN_COLUMNS,
    STRATA_COLUMNS,
    _build,
    _Margin,
    draw_sql,
    verify_sql_draw,
)
from randinspect.streaming import draw_stream
from randinspect.testing import plans, seeds
from randinspect.verify import DiscrepancyKind

SEED = Seed.from_hex("16bc4c7d8bb293469eee0994424f0df5cafa657bb1c88dad4de67bda26ace930")
YEAR = 2024
REGIONS = ("卫东区", "新华区", "湛河区", "石龙区")
TYPES = ("elder-care", "hotel", "school")
SIZE = 100_000


def _subject_row(i: int) -> dict[str, Any]:
    """The i-th subject of the big registry, Chinese ids among them; all deterministic."""
    flags = []
    if i % 53 == 0:
        flags.append("high_risk")
    if i % 71 == 0:
        flags.append("blacklisted")
    if i % 29 == 0:
        flags.append("trusted")
    if i % 97 == 0:
        flags.append("abnormal")
    return {
        "id": f"养老院-{i:06d}" if i % 10 == 3 else f"91410402MA{i:08d}",
        "grade": "ABCD"[(i * 7 + i // 13) % 4],
        "flags": "; ".join(flags),
        "region": REGIONS[(i // 7) % 4] if i % 17 else None,
        "type": TYPES[(i * 3 + i // 11) % 3],
    }


def _subject(row: dict[str, Any]) -> Subject:
    attributes = {k: row[k] for k in ("region", "type") if row[k] is not None}
    flags = [f for f in row["flags"].split(";") if f]
    return Subject(id=row["id"], grade=row["grade"], attributes=attributes, flags=flags)


def _history_rows(ids: Sequence[str]) -> list[dict[str, Any]]:
    """Random and complaint tasks of this year and last, of two departments and three units."""
    rows = []
    for n in range(6_000):
        subject = ids[(n * 7919) % len(ids)] if n % 3 else ids[(n * 31) % 900]
        rows.append(
            {
                "id": f"t{n}",
                "subject_id": subject,
                "kind": "complaint" if n % 11 == 0 else "random",
                "year": YEAR - 1 if n % 13 == 0 else YEAR,
                "department": "civil-affairs" if n % 4 else "fire",
                "unit": ("unit-1", "unit-2", "")[n % 3],
            }
        )
    return rows


def _task(row: dict[str, Any]) -> Task:
    return Task(
        id=row["id"],
        plan_id="earlier",
        subject_id=row["subject_id"],
        items=["x"],
        department=row["department"],
        unit=row["unit"],
        kind=row["kind"],
        year=row["year"],
    )


@pytest.fixture(scope="module")
def warehouse() -> tuple[duckdb.DuckDBPyConnection, list[Subject], list[Task]]:
    """A DuckDB holding the 100,000 subjects and 6,000 history tasks, and the same as values."""
    rows = [_subject_row(i) for i in range(SIZE)]
    history = _history_rows([r["id"] for r in rows])
    connection = duckdb.connect()
    connection.register("subjects_frame", pd.DataFrame(rows))
    connection.register("history_frame", pd.DataFrame(history))
    connection.execute("CREATE TABLE subjects AS SELECT * FROM subjects_frame")
    connection.execute("CREATE TABLE history AS SELECT * FROM history_frame")
    return connection, [_subject(r) for r in rows], [_task(r) for r in history]


def _item(subject_type: str | None = None, department: str = "civil-affairs") -> CheckItem:
    return CheckItem(
        id=f"item-{subject_type}", name="检查", department=department, subject_type=subject_type
    )


def _plan(**changes: Any) -> Plan:
    fields: dict[str, Any] = {
        "id": "2024-weidong-elder",
        "year": YEAR,
        "department": "civil-affairs",
        "unit": "unit-1",
        "items": [_item()],
        "ratios": {"A": "1/3", "B": "7%", "C": "12.5%", "D": "1/7"},
    }
    fields.update(changes)
    return Plan(**fields)


def expected_rows(draw: SubjectDraw) -> list[tuple[Any, ...]]:
    """The rows draw_sql's "drawn" output must give for ``draw``, computed by the library."""
    count = len(draw.plan.periods)
    return [
        (d.subject.id, d.stratum, d.key, d.rank, d.rank % count, d.period.name) for d in draw.drawn
    ]


def _expected_strata(draw: SubjectDraw) -> list[tuple[Any, ...]]:
    return [
        (
            s.name,
            position,
            format_ratio(s.ratio),
            s.in_scope,
            s.eligible,
            s.required,
            len(s.drawn),
            s.cutoff,
            len(draw.registry),
            draw.out_of_scope,
        )
        for position, s in enumerate(draw.strata)
    ]


HALVES = (
    Period(start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 4, 30), name="一期"),
    Period(start=dt.date(YEAR, 5, 1), end=dt.date(YEAR, 8, 31), name="二期"),
    Period(start=dt.date(YEAR, 9, 1), end=dt.date(YEAR, 12, 31), name="P'3"),
)

SCENARIOS = {
    "undirected": ({}, False),
    "directed-type-periods": (
        {
            "scope": {"region": {"卫东区", "湛河区"}},
            "items": [_item("elder-care")],
            "periods": HALVES,
        },
        False,
    ),
    "boost-relief-cap": (
        {
            "boost": FlagStratum(flags={"high_risk", "blacklisted"}, ratio="1/2"),
            "relief": FlagStratum(flags={"trusted"}, ratio="1/9"),
            "periods": HALVES[:2],
        },
        True,
    ),
    "cap-without-department-rule": (
        {
            "boost": FlagStratum(flags={"high_risk"}, ratio="40%"),
            "caps": CapPolicy(max_per_year=1, department_rule=False),
            "scope": {"region": set(REGIONS[:3])},
        },
        True,
    ),
    "department-rule-no-exempt": (
        {
            "caps": CapPolicy(max_per_year=3, exempt_flags=(), department_rule=True),
            "relief": FlagStratum(flags={"trusted"}, ratio="0%"),
        },
        True,
    ),
    "a-missing-unit-is-the-plans-own": (
        {"caps": CapPolicy(max_per_year=3, unknown_unit_is_other=False)},
        True,
    ),
    "a-plan-without-unit-lenient": (
        {"unit": "", "caps": CapPolicy(max_per_year=3, unknown_unit_is_other=False)},
        True,
    ),
    "two-types": (
        {"items": [_item("elder-care"), _item("hotel")], "scope": {"region": set(REGIONS[1:])}},
        True,
    ),
    "a-typed-and-an-untyped-item": (
        {"items": [_item("school"), _item(None, department="fire")], "partners": {"fire"}},
        True,
    ),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_duckdb_selection_is_the_librarys(
    warehouse: tuple[duckdb.DuckDBPyConnection, list[Subject], list[Task]], name: str
) -> None:
    """On 100,000 subjects, DuckDB draws exactly the library's ids, strata, keys and periods."""
    connection, registry, tasks = warehouse
    changes, with_history = SCENARIOS[name]
    plan = _plan(**changes)
    history_table = "history" if with_history else None
    draw = draw_subjects(plan, registry, seed=SEED, history=tasks if with_history else ())
    sql = draw_sql(plan, seed=SEED, dialect="duckdb", history=history_table)
    rows = connection.execute(sql).fetchall()
    assert expected_rows(draw) == rows
    strata_sql = draw_sql(
        plan, seed=SEED, dialect="duckdb", history=history_table, output="strata"
    )
    strata = connection.execute(strata_sql).fetchall()
    assert _expected_strata(draw) == strata
    assert verify_sql_draw(rows, draw, strata=strata).ok


def test_the_scenarios_exercise_what_they_name(
    warehouse: tuple[duckdb.DuckDBPyConnection, list[Subject], list[Task]],
) -> None:
    """The big registry's draws have exclusions, flag strata, several periods and ceil at work."""
    _, registry, tasks = warehouse
    changes, _ = SCENARIOS["boost-relief-cap"]
    draw = draw_subjects(_plan(**changes), registry, seed=SEED, history=tasks)
    assert all(s.in_scope > s.eligible for s in draw.strata)  # the cap excludes in every stratum
    assert {"一期", "二期"} == {d.period.name for d in draw.drawn}
    rounded = [s for s in draw.strata if (s.in_scope * s.ratio).denominator != 1]
    assert rounded  # N x r is not whole: ceil decides n
    assert all(s.required == math.ceil(s.in_scope * s.ratio) for s in draw.strata)
    assert {d.stratum for d in draw.drawn} == {"boost", "relief", "A", "B", "C", "D"}
    changes, _ = SCENARIOS["two-types"]
    draw = draw_subjects(_plan(**changes), registry, seed=SEED, history=tasks)
    kinds = {d.subject.attributes["type"]: d.items for d in draw.drawn}
    assert {"elder-care": ("item-elder-care",), "hotel": ("item-hotel",)} == kinds
    schools = sum(s.attributes.get("type") == "school" for s in registry)
    elsewhere = sum(s.attributes.get("region") not in REGIONS[1:] for s in registry)
    assert draw.out_of_scope >= max(schools, elsewhere)


def test_the_fallback_beyond_the_prefilter_gives_the_same_draw(
    warehouse: tuple[duckdb.DuckDBPyConnection, list[Subject], list[Task]],
) -> None:
    """With a pre-filter far too tight, every stratum falls back to all its keys: same rows."""
    connection, registry, tasks = warehouse
    plan = _plan(boost=FlagStratum(flags={"high_risk"}, ratio="1/2"))
    draw = draw_subjects(plan, registry, seed=SEED, history=tasks)
    for margin in (_Margin(scale=0.5, sigmas=0.0, extra=0.0), _Margin(scale=0, sigmas=0, extra=0)):
        sql = _build(
            plan,
            seed=SEED,
            dialect="duckdb",
            subjects="subjects",
            history="history",
            columns=None,
            output="drawn",
            margin=margin,
        )
        assert expected_rows(draw) == connection.execute(sql).fetchall()


# --- joint tasks: a partners column (R4.6, R5.2) --------------------------------------------

PARTNER_LISTS = ("", "civil-affairs", "market;civil-affairs", "market", None)


def _joint_rows(ids: Sequence[str]) -> list[dict[str, Any]]:
    """Tasks of fire, market and civil-affairs, some joint: ``partners`` ";"-joined, or NULL."""
    rows = []
    for n in range(3_000):
        department = ("fire", "market", "civil-affairs")[n % 3]
        partners = PARTNER_LISTS[(n // 3) % len(PARTNER_LISTS)]
        if department == "civil-affairs" and partners:
            partners = "fire;market" if "market" in partners else "fire"
        elif partners:  # never the task's own department
            partners = ";".join(d for d in partners.split(";") if d != department)
        rows.append(
            {
                "id": f"j{n}",
                "subject_id": ids[(n * 104729) % len(ids)],
                "kind": "complaint" if n % 17 == 0 else "random",
                "year": YEAR,
                "department": department,
                "unit": ("unit-1", "unit-2", "")[(n // 2) % 3],
                "partners": partners,
            }
        )
    return rows


def joint_task(row: Mapping[str, Any]) -> Task:
    """The library's Task of a joint history row (partners ";"-joined, NULL for none)."""
    return Task(
        id=row["id"],
        plan_id="earlier",
        subject_id=row["subject_id"],
        items=["x"],
        department=row["department"],
        unit=row["unit"],
        partners=(row["partners"] or "").split(";") if row["partners"] else (),
        kind=row["kind"],
        year=row["year"],
    )


@pytest.fixture(scope="module")
def joint(
    warehouse: tuple[duckdb.DuckDBPyConnection, list[Subject], list[Task]],
) -> list[Task]:
    """A history table ``history_joint`` with a partners column, and the same as Tasks."""
    connection, registry, _ = warehouse
    rows = _joint_rows([s.id for s in registry])
    connection.register("joint_frame", pd.DataFrame(rows))
    connection.execute("CREATE OR REPLACE TABLE history_joint AS SELECT * FROM joint_frame")
    return [joint_task(row) for row in rows]


JOINT = {"partners": "history.partners"}


@pytest.mark.parametrize(
    "caps",
    [CapPolicy(max_per_year=3), CapPolicy(max_per_year=3, unknown_unit_is_other=False)],
    ids=["a-partner-is-another-unit", "lenient"],
)
def test_a_joint_task_counts_for_its_partner_departments(
    warehouse: tuple[duckdb.DuckDBPyConnection, list[Subject], list[Task]],
    joint: list[Task],
    caps: CapPolicy,
) -> None:
    """With a partners column, DuckDB counts a joint task as caps.py does (R4.6, R5.1, R5.2).

    Once for the cap, and for the department rule as a task of each partner
    department with no known unit (""): under the default reading a fire
    task with civil-affairs among its partners bars the subject from
    civil-affairs unit-1's plan; the lenient reading (a missing unit is the
    plan's own) lets it be.
    """
    connection, registry, _ = warehouse
    plan = _plan(caps=caps, boost=FlagStratum(flags={"high_risk"}, ratio="1/2"))
    draw = draw_subjects(plan, registry, seed=SEED, history=joint)
    by_id = {t.id: t for t in joint}
    partner_only = [
        e for e in draw.excluded if all(by_id[t].department != plan.department for t in e.tasks)
    ]
    assert bool(partner_only) == caps.unknown_unit_is_other  # the partners decide some
    for output, expected in (("drawn", expected_rows(draw)), ("strata", _expected_strata(draw))):
        sql = draw_sql(
            plan,
            seed=SEED,
            dialect="duckdb",
            history="history_joint",
            columns=JOINT,
            output=output,
        )
        assert expected == connection.execute(sql).fetchall()
    unread = draw_sql(plan, seed=SEED, dialect="duckdb", history="history_joint")
    blind = draw_subjects(
        plan, registry, seed=SEED, history=[attrs.evolve(t, partners=()) for t in joint]
    )
    assert expected_rows(blind) == connection.execute(unread).fetchall()  # not named: not read
    assert (blind.excluded != draw.excluded) == caps.unknown_unit_is_other


def test_a_department_with_a_semicolon_cannot_be_found_in_partners() -> None:
    """A partners column is ";"-joined: a plan whose department holds ";" is refused (R5.2)."""
    plan = _plan(department="a;b", items=[_item(department="a;b")])
    assert_rejected(
        lambda: draw_sql(plan, seed=SEED, dialect="duckdb", history="h", columns=JOINT),
        ValidationError,
        "columns",
        "history.partners",
        "';'",
        "R5.2",
    )
    assert "a;b" in draw_sql(plan, seed=SEED, dialect="duckdb", history="h")


def test_keys_are_sha256_of_the_spec_text(
    warehouse: tuple[duckdb.DuckDBPyConnection, list[Subject], list[Task]],
) -> None:
    """Each key the SQL returns is SHA-256 of seed|S|plan|id, computed here with hashlib."""
    connection, _, _ = warehouse
    plan = _plan()
    rows = connection.execute(draw_sql(plan, seed=SEED, dialect="duckdb")).fetchall()
    chinese = [r for r in rows if r[0].startswith("养老院")]
    assert chinese
    for subject_id, _, key, *_ in rows[:50] + chinese[:50]:
        text = f"{SEED.hex}|S|{plan.id}|{subject_id}"
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == key


def test_column_names_are_mapped_and_quoted() -> None:
    """Chinese, spaced and hostile column and table names are quoted identifiers that work."""
    plan = _plan(scope={"region": {"卫东区"}}, items=[_item("elder-care")])
    registry = [
        Subject(id=f"s{i}", grade="ABCD"[i % 4], attributes={"region": "卫东区", "type": t})
        for i, t in enumerate(["elder-care"] * 7 + ["hotel"] * 3)
    ]
    connection = duckdb.connect()
    connection.execute(
        'CREATE TABLE "id; drop table x" ("统一社会信用代码" VARCHAR, "grade""s" VARCHAR,'
        ' "区 县" VARCHAR, "type" VARCHAR)'
    )
    connection.executemany(
        'INSERT INTO "id; drop table x" VALUES (?, ?, ?, ?)',
        [[s.id, s.grade.value, "卫东区", s.attributes["type"]] for s in registry],
    )
    sql = draw_sql(
        plan,
        seed=SEED,
        dialect="duckdb",
        subjects="id; drop table x",
        columns={"统一社会信用代码": "id", 'grade"s': "grade", "区 县": "region"},
    )
    assert '"id; drop table x"' in sql
    assert '"grade""s"' in sql
    draw = draw_subjects(plan, registry, seed=SEED)
    assert expected_rows(draw) == connection.execute(sql).fetchall()
    assert connection.execute('SELECT count(*) FROM "id; drop table x"').fetchone() == (10,)


def test_a_column_named_alike_in_both_tables_maps_to_both_fields(
    warehouse: tuple[duckdb.DuckDBPyConnection, list[Subject], list[Task]],
) -> None:
    """Column to field, as the loaders: a column both tables call ``uscc`` maps to a tuple."""
    connection, registry, tasks = warehouse
    connection.execute(
        "CREATE OR REPLACE VIEW subjects_uscc AS"
        " SELECT id AS uscc, grade AS 信用等级, flags, region, type FROM subjects"
    )
    connection.execute(
        "CREATE OR REPLACE VIEW history_uscc AS"
        " SELECT subject_id AS uscc, kind, year, department, unit AS 单位 FROM history"
    )
    plan = _plan(scope={"region": {"卫东区"}}, boost=FlagStratum(flags={"high_risk"}, ratio="1/2"))
    sql = draw_sql(
        plan,
        seed=SEED,
        dialect="duckdb",
        subjects="subjects_uscc",
        history="history_uscc",
        columns={
            "uscc": ("id", "history.subject_id"),
            "信用等级": "grade",
            "单位": "history.unit",
        },
    )
    draw = draw_subjects(plan, registry, seed=SEED, history=tasks)
    assert draw.excluded
    assert expected_rows(draw) == connection.execute(sql).fetchall()


def test_hostile_literals_are_data() -> None:
    """Quotes and backslashes in a plan's id, department, unit, scope and periods are data.

    They are matched as text; nothing of them is read as SQL.
    """
    hostile = "x'; DROP TABLE subjects; --\\"
    plan = Plan(
        id="p'1\\--",
        year=YEAR,
        department="d'ept",
        unit="u\\nit",
        items=[CheckItem(id="i", name="n", department="d'ept", subject_type="t'y\npe")],
        scope={"region": {hostile, "a\tb", ""}},
        ratios={"A": "50%", "B": "50%", "C": "50%", "D": "50%"},
        periods=[Period(start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31), name="'\\")],
    )
    values = [hostile, "a\tb", "", "other", None]
    registry = [
        Subject(
            id=f"s'{i}\\",
            grade="ABCD"[i % 4],
            attributes={"type": "t'y\npe", **({} if v is None else {"region": v})},
        )
        for i, v in enumerate(values * 4)
    ]
    tasks = [
        Task(id="t1", plan_id="x", subject_id="s'0\\", items=["i"], department="d'ept", year=YEAR)
    ]
    connection = duckdb.connect()
    connection.execute(
        "CREATE TABLE subjects (id VARCHAR, grade VARCHAR, region VARCHAR, type VARCHAR,"
        " flags VARCHAR)"
    )
    connection.executemany(
        "INSERT INTO subjects VALUES (?, ?, ?, ?, NULL)",
        [
            [s.id, s.grade.value, s.attributes.get("region"), s.attributes["type"]]
            for s in registry
        ],
    )
    connection.execute(
        "CREATE TABLE history AS SELECT 's''0\\' AS subject_id, 'random' AS kind, 2024 AS year,"
        " 'd''ept' AS department, '' AS unit"
    )
    sql = draw_sql(plan, seed=SEED, dialect="duckdb", history="history")
    draw = draw_subjects(plan, registry, seed=SEED, history=tasks)
    assert draw.excluded  # the department rule reads the hostile department and unit
    assert expected_rows(draw) == connection.execute(sql).fetchall()
    assert connection.execute("SELECT count(*) FROM subjects").fetchone() == (20,)


def test_bad_rows_abort_the_query() -> None:
    """A grade, flag, history kind or year the library would refuse stops the SQL, saying so."""
    plan = _plan(boost=FlagStratum(flags={"high_risk"}, ratio="50%"))
    cases = [
        ("('s1', 'E', '')", "('s1', 'random', 2024, 'x', '')", "has grade"),
        ("('s1', 'A', 'high_risk;经营异常')", "('s1', 'random', 2024, 'x', '')", "has the flags"),
        ("('s1', 'A', '')", "('s1', 'inspection', 2024, 'x', '')", "has the kind"),
        ("('s1', 'A', '')", "('s1', 'random', NULL, 'x', '')", "no year"),
        ("('s|1', 'A', '')", "('s1', 'random', 2023, 'x', '')", "holds a bar"),
    ]
    for subject, task, words in cases:
        connection = duckdb.connect()
        connection.execute(
            f"CREATE TABLE subjects AS SELECT * FROM (VALUES {subject}) t(id, grade, flags)"
        )
        connection.execute(
            "CREATE TABLE history AS SELECT * FROM"
            f" (VALUES {task}) t(subject_id, kind, year, department, unit)"
        )
        sql = draw_sql(plan, seed=SEED, dialect="duckdb", history="history")
        with pytest.raises(duckdb.Error, match=words):
            connection.execute(sql).fetchall()


def test_spark_text_differs_only_in_spelling() -> None:
    """The Spark SQL quotes with backticks and uses sha2, div and raise_error."""
    plan = _plan(boost=FlagStratum(flags={"high_risk"}, ratio="50%"))
    sql = draw_sql(
        plan, seed=SEED, dialect="spark", subjects=("cat", "db", "sub`jects"), history="h"
    )
    assert "`cat`.`db`.`sub``jects`" in sql
    assert "sha2(" in sql
    assert " div " in sql
    assert "raise_error(" in sql
    assert '"' not in sql


# --- the property: random small registries -----------------------------------------------


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Plan, list[Subject], list[Task], Seed]:
    plan = draw(plans())
    caps = attrs.evolve(plan.caps, unknown_unit_is_other=draw(st.booleans()))
    plan = attrs.evolve(plan, unit=draw(st.sampled_from([plan.unit, ""])), caps=caps)
    types = sorted({i.subject_type for i in plan.items if i.subject_type is not None})
    attribute_values = {
        name: st.none() | st.sampled_from(sorted(allowed)) | st.text(max_size=2)
        for name, allowed in plan.scope.items()
    }
    type_values = st.none() | st.sampled_from([*types, "other"])
    count = draw(st.integers(0, 25))
    subjects = []
    for index in range(count):
        attributes = {k: draw(v) for k, v in attribute_values.items()}
        if "type" not in plan.scope:
            attributes["type"] = draw(type_values)
        subjects.append(
            Subject(
                id=f"s{index}" if index % 3 else f"主体{index}",
                grade=draw(st.sampled_from(Grade)),
                attributes={k: v for k, v in attributes.items() if v is not None},
                flags=draw(st.frozensets(st.sampled_from(Flag))),
            )
        )
    joint = ";" not in plan.department  # else a partners column cannot name it (R5.2)
    tasks = []
    for index in range(draw(st.integers(0, 30)) if subjects else 0):
        department = draw(st.sampled_from([plan.department, "other"]))
        others = sorted({plan.department, "other", "third"} - {department}) if joint else []
        tasks.append(
            Task(
                id=f"t{index}",
                plan_id="earlier",
                subject_id=draw(st.sampled_from(subjects)).id,
                items=["x"],
                department=department,
                unit=draw(st.sampled_from([plan.unit, "u-other", ""])),
                partners=draw(st.frozensets(st.sampled_from(others))) if others else (),
                kind=draw(st.sampled_from(TaskKind)),
                year=draw(st.sampled_from([plan.year, plan.year - 1])),
            )
        )
    return plan, subjects, tasks, draw(seeds())


def _joined(partners: frozenset[str]) -> str | None:
    return ";".join(sorted(partners)) or None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_duckdb_agrees_with_the_library_on_random_registries(
    case: tuple[Plan, list[Subject], list[Task], Seed],
) -> None:
    """DuckDB's rows and strata are the library's on random plans, registries and histories.

    The plans have scopes, subject types (several, typed and untyped), boost
    and relief strata, caps and periods; the histories joint tasks
    (randinspect-draw/1, R4.6).
    """
    plan, subjects, tasks, seed = case
    attributes = list(plan.scope)
    if "type" not in attributes:
        attributes.append("type")
    columns = {f"attribute {i}": name for i, name in enumerate(attributes)}
    connection = duckdb.connect()
    definitions = ", ".join(f'"{c}" VARCHAR' for c in columns)
    connection.execute(
        f"CREATE TABLE subjects (id VARCHAR, grade VARCHAR, flags VARCHAR, {definitions})"
    )
    connection.execute(
        "CREATE TABLE history (subject_id VARCHAR, kind VARCHAR, year INTEGER,"
        " department VARCHAR, unit VARCHAR, partners VARCHAR)"
    )
    if subjects:
        connection.executemany(
            f"INSERT INTO subjects VALUES (?, ?, ?{', ?' * len(columns)})",
            [
                [s.id, s.grade.value, ";".join(sorted(f.value for f in s.flags))]
                + [s.attributes.get(name) for name in columns.values()]
                for s in subjects
            ],
        )
    if tasks:
        connection.executemany(
            "INSERT INTO history VALUES (?, ?, ?, ?, ?, ?)",
            [
                [t.subject_id, t.kind.value, t.year, t.department, t.unit, _joined(t.partners)]
                for t in tasks
            ],
        )
    # The type is read when every item names one: an untyped item applies to every type.
    typed = plan.items and all(i.subject_type is not None for i in plan.items)
    reads = {"type"} if typed else set()
    used = {k: v for k, v in columns.items() if v in plan.scope or v in reads}
    if ";" not in plan.department:
        used |= JOINT  # joint tasks count for their partner departments too (R4.6, R5.2)
    draw = draw_subjects(plan, subjects, seed=seed, history=tasks)
    for output, expected in (("drawn", expected_rows(draw)), ("strata", _expected_strata(draw))):
        sql = draw_sql(
            plan, seed=seed, dialect="duckdb", history="history", columns=used, output=output
        )
        assert expected == connection.execute(sql).fetchall()


# --- verification ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> tuple[SubjectDraw, list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """A small draw with its DuckDB rows and strata."""
    registry = [_subject(_subject_row(i)) for i in range(400)]
    plan = _plan(boost=FlagStratum(flags={"high_risk"}, ratio="1/2"), periods=HALVES)
    draw = draw_subjects(plan, registry, seed=SEED)
    return draw, expected_rows(draw), _expected_strata(draw)


def test_verify_names_each_difference(
    small: tuple[SubjectDraw, list[tuple[Any, ...]], list[tuple[Any, ...]]],
) -> None:
    """A changed key, a missing row, an extra row and a wrong count are each a SELECTION."""
    draw, rows, strata = small
    assert verify_sql_draw(rows, draw, strata=strata).ok
    assert verify_sql_draw([dict(zip(DRAWN_COLUMNS, r, strict=True)) for r in rows], draw).ok
    changed = [(*rows[0][:2], "0" * 64, *rows[0][3:]), *rows[1:]]
    verdict = verify_sql_draw(changed, draw)
    assert [("rows[0].key", DiscrepancyKind.SELECTION)] == [
        (d.field, d.kind) for d in verdict.discrepancies
    ]
    missing = verify_sql_draw(rows[1:], draw)
    assert ["rows"] == [d.field for d in missing.discrepancies]
    assert rows[0][0] in missing.discrepancies[0].detail
    not_drawn = next(s.id for s in draw.registry if s.id not in {r[0] for r in rows})
    extra = verify_sql_draw([*rows, (not_drawn, "A", "f" * 64, 99, 0, "一期")], draw)
    assert [f"rows[{len(rows)}]"] == [d.field for d in extra.discrepancies]
    twice = verify_sql_draw([*rows, rows[0]], draw)
    assert "twice" in twice.discrepancies[0].detail
    wrong = [(*strata[0][:3], strata[0][3] + 1, *strata[0][4:]), *strata[1:]]
    counted = verify_sql_draw(rows, draw, strata=wrong)
    assert ["strata[0].in_scope"] == [d.field for d in counted.discrepancies]


def test_verify_counts_beyond_the_cap(
    small: tuple[SubjectDraw, list[tuple[Any, ...]], list[tuple[Any, ...]]],
) -> None:
    """A wholly different draw lists 100 differences and one that counts the rest."""
    draw, _, _ = small
    other = draw_subjects(draw.plan, draw.registry, seed=Seed.from_hex("ab" * 32))
    verdict = verify_sql_draw(expected_rows(other), draw)
    assert 101 == len(verdict.discrepancies)
    assert "more differences" in verdict.discrepancies[-1].detail


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        ([None], "rows[0]"),
        (["s1"], "rows[0]"),
        ([("s1", "A")], "rows[0]"),
        ([("s1", "A", "x", 0, 0, "p")], "rows[0].key"),
        ([("s1", "A", "A" * 64, 0, 0, "p")], "rows[0].key"),
        ([("s1", "A", "a" * 64, True, 0, "p")], "rows[0].rank"),
        ([("s1", "A", "a" * 64, -1, 0, "p")], "rows[0].rank"),
        ([("s|1", "A", "a" * 64, 0, 0, "p")], "rows[0].subject_id"),
        ([{"subject_id": "s1"}], "rows[0]"),
    ],
)
def test_verify_reports_rows_it_cannot_read(
    small: tuple[SubjectDraw, list[tuple[Any, ...]], list[tuple[Any, ...]]],
    rows: list[Any],
    field: str,
) -> None:
    """A row that is not a row of draw_sql's output is a MALFORMED discrepancy, not a crash."""
    draw, _, _ = small
    verdict = verify_sql_draw(rows, draw)
    assert [(field, DiscrepancyKind.MALFORMED)] == [
        (d.field, d.kind) for d in verdict.discrepancies
    ]


def test_verify_reads_numpy_integers(
    small: tuple[SubjectDraw, list[tuple[Any, ...]], list[tuple[Any, ...]]],
) -> None:
    """Rows from pandas (numpy integers, NaN-free) verify as the plain rows do."""
    draw, rows, strata = small
    frame = pd.DataFrame(rows, columns=list(DRAWN_COLUMNS))
    strata_frame = pd.DataFrame(strata, columns=list(STRATA_COLUMNS)).astype(object)
    strata_frame = strata_frame.where(strata_frame.notna(), None)
    verdict = verify_sql_draw(
        frame.to_dict("records"), draw, strata=strata_frame.to_dict("records")
    )
    assert verdict.ok, verdict.explain()


# --- invalid arguments -------------------------------------------------------------------

PLAN = _plan()


class _Hostile(str):
    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no")

    def __hash__(self) -> int:
        raise RuntimeError("no")


class _Raises:
    """An object whose comparisons, hash and repr all fail."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no")

    def __hash__(self) -> int:
        raise RuntimeError("no")

    def __repr__(self) -> str:
        raise RuntimeError("no")


class _Pairs(Mapping[Any, Any]):
    """A mapping that gives its pairs as they are (a dict cannot hold a hostile key)."""

    def __init__(self, pairs: Any) -> None:
        self._pairs = pairs

    def __getitem__(self, key: object) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[Any]:
        return iter([])

    def __len__(self) -> int:
        return 1

    def items(self) -> Any:
        if self._pairs is None:
            raise RuntimeError("a broken mapping")
        return self._pairs


EMPTY = draw_subjects(PLAN, [], seed=SEED)


def sql(**arguments: Any) -> Any:
    """A call of draw_sql with the valid defaults, changed by ``arguments``."""
    call: dict[str, Any] = {"seed": SEED, "dialect": "duckdb", **arguments}
    plan = call.pop("plan", PLAN)
    return lambda: draw_sql(plan, **call)


V = ValidationError
INVALID = [
    ("plan None", sql(plan=None), V, "plan"),
    ("seed text", sql(seed="00" * 32), InvalidSeedError, "seed"),
    ("dialect", sql(dialect="postgres"), V, ("dialect", "duckdb")),
    ("dialect int", sql(dialect=1), V, "dialect"),
    ("dialect hostile", sql(dialect=_Hostile("duckdb")), V, "dialect"),
    ("output", sql(output="all"), V, "output"),
    ("empty table", sql(subjects=""), V, ("subjects", "empty")),
    ("control table", sql(dialect="spark", subjects="a\x00b"), V, ("subjects", "U+0000")),
    ("newline table", sql(subjects="a\nb"), V, "control character"),
    ("table dict", sql(subjects={}), V, "subjects"),
    ("table list", sql(subjects=["a"]), V, "subjects"),
    ("table 4 parts", sql(subjects=("a",) * 4), V, "subjects"),
    ("table part int", sql(subjects=("a", 1)), V, "subjects[1]"),
    ("table is a step", sql(subjects="RI_KEYED"), V, "step"),
    ("history long", sql(history="h" * 300), V, ("history", "255")),
    ("columns list", sql(columns=[("x", "id")]), V, "columns"),
    ("column field", sql(columns={"x": "regoin"}), V, ("columns['x']", "regoin", "not a field")),
    ("column key int", sql(columns={1: "id"}), V, "columns"),
    ("column hostile key", sql(columns=_Pairs([(_Raises(), "id")])), V, "columns"),
    ("column hostile value", sql(columns=_Pairs([("x", _Raises())])), V, "columns['x']"),
    ("columns broken", sql(columns=_Pairs(None)), V, ("columns", "RuntimeError")),
    ("column value int", sql(columns={"x": 3}), V, ("columns['x']", "int")),
    ("column value list", sql(columns={"x": ["id"]}), V, ("columns['x']", "list")),
    ("column value empty tuple", sql(columns={"x": ()}), V, ("columns['x']", "tuple")),
    ("column tuple int", sql(columns={"x": ("id", 1)}), V, "columns['x']"),
    ("column tuple unknown", sql(columns={"x": ("id", "idd")}), V, ("idd", "not a field")),
    ("column empty", sql(columns={"": "id"}), V, ("columns['']", "empty")),
    ("column control", sql(columns={"a\nb": "id"}), V, ("columns[", "U+000A")),
    ("column long", sql(columns={"c" * 300: "id"}), V, "255"),
    ("two columns one field", sql(columns={"a": "id", "b": "id"}), V, ("columns", "'id'", "'a'")),
    ("one column twice", sql(columns={"a": ("id", "id")}), V, ("columns", "'id'")),
    ("history column alone", sql(columns={"y": "history.year"}), V, "no history table"),
    (
        "two history columns",
        sql(history="h", columns={"s": "history.subject_id", "t": "history.subject_id"}),
        V,
        ("columns", "history.subject_id"),
    ),
    ("fine ratio", sql(plan=_plan(ratios={"A": "1/1000000007"})), V, ("1,000,000,000", "R2.2")),
    ("verify rows None", lambda: verify_sql_draw(None, EMPTY), V, "rows"),  # type: ignore[arg-type]
    ("verify rows text", lambda: verify_sql_draw("rows", EMPTY), V, "rows"),
    ("verify draw", lambda: verify_sql_draw([], {"record": "draw"}), V, "SubjectDraw"),  # type: ignore[arg-type]
    ("verify strata", lambda: verify_sql_draw([], EMPTY, strata=3), V, "strata"),  # type: ignore[arg-type]
]


@rejections(INVALID)
def test_invalid_arguments_are_refused(call: Any, error: type, fragments: tuple[str, ...]) -> None:
    """Each bad argument gets the library's error naming it, the rule and a fix."""
    assert_rejected(call, error, *fragments)


def test_a_str_subclass_is_read_as_its_plain_text() -> None:
    """Names and dialects given as str subclasses with hostile methods are read as plain text."""
    text = draw_sql(PLAN, seed=SEED, dialect="duckdb", columns=_Pairs([("x", _Hostile("id"))]))
    assert '"x" AS ri_id' in text
    assert '"s" AS ri_id' in draw_sql(
        PLAN, seed=SEED, dialect="duckdb", columns=_Pairs([(_Hostile("s"), "id")])
    )
    assert '"s" AS ri_id' in draw_sql(
        PLAN, seed=SEED, dialect="duckdb", columns={"s": (_Hostile("id"),)}
    )


def test_an_unknown_field_lists_the_known_ones() -> None:
    """The message of an unknown field names what the plan reads, so a typo is easy to fix."""
    plan = _plan(scope={"region": {"卫东区"}})
    assert_rejected(
        lambda: draw_sql(plan, seed=SEED, dialect="spark", columns={"行业": "industry"}),
        ValidationError,
        "industry",
        "'region'",
        "'history.subject_id'",
    )


def test_a_streamed_draw_verifies_the_warehouse(
    warehouse: tuple[duckdb.DuckDBPyConnection, list[Subject], list[Task]],
) -> None:
    """The warehouse's rows and strata verify against draw_stream over the same table read once.

    This is how a registry too large for memory is checked: the library reads
    the table in id order, holding only the sample.
    """
    connection, _, tasks = warehouse
    plan = _plan(boost=FlagStratum(flags={"high_risk"}, ratio="1/2"), periods=HALVES)
    query = connection.execute("SELECT id, grade, flags, region, type FROM subjects ORDER BY id")
    names = [column[0] for column in query.description]
    source = (dict(zip(names, row, strict=True)) for row in query.fetchall())
    streamed = draw_stream(plan, source, seed=SEED, history=tasks)
    sql = draw_sql(plan, seed=SEED, dialect="duckdb", history="history")
    rows = connection.execute(sql).fetchall()
    strata_sql = draw_sql(plan, seed=SEED, dialect="duckdb", history="history", output="strata")
    strata = connection.execute(strata_sql).fetchall()
    verdict = verify_sql_draw(rows, streamed, strata=strata)
    assert verdict.ok, verdict.explain()
    assert SIZE == strata[0][STRATA_COLUMNS.index("registry_size")]
