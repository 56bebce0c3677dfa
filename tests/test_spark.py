"""draw_sql in PySpark local mode: Spark's selection is the library's, bit for bit (issue 11).

One SparkSession serves the module (``local[2]``, no UI, 4 shuffle
partitions). Without pyspark the module is skipped, unless
``RANDINSPECT_REQUIRE_SPARK=1`` (as ``.ci/run`` sets it): then it fails, so
CI cannot pass without running it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from test_sql import JOINT, expected_rows, joint_task

from randinspect import (
    CapPolicy,
    CheckItem,
    FlagStratum,
    Period,
    Plan,
    Seed,
    Subject,
    Task,
    draw_subjects,
)
from randinspect.sql import draw_sql, verify_sql_draw

REQUIRED = os.environ.get("RANDINSPECT_REQUIRE_SPARK") == "1"

try:
    from pyspark.sql import SparkSession
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType
except ImportError:  # pragma: no cover - depends on the environment
    if REQUIRED:
        pytest.fail(
            "RANDINSPECT_REQUIRE_SPARK=1 but pyspark is not installed: run"
            " `uv sync --locked --group spark`",
            pytrace=False,
        )
    pytest.skip(
        "pyspark is not installed (the 'spark' dependency group: uv sync --group spark)",
        allow_module_level=True,
    )

if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):  # pragma: no cover
    if REQUIRED:
        pytest.fail("RANDINSPECT_REQUIRE_SPARK=1 but no Java runtime is found", pytrace=False)
    pytest.skip("no Java runtime for Spark (install Java 17)", allow_module_level=True)

SEED = Seed.from_hex("a289cf1ac4f1c9e306453e85c37ba3931d894fa7d33bac49f980a6cf519be739")
YEAR = 2024
SIZE = 20_000
REGIONS = ("卫东区", "新华区", "湛河区")


def _row(i: int) -> tuple[Any, ...]:
    """The i-th subject: (id, grade, flags, region, type); ids partly Chinese, even 4-byte."""
    flags = [
        f for f, step in (("high_risk", 37), ("blacklisted", 41), ("trusted", 23)) if i % step == 0
    ]
    subject_id = (f"养老院-{i:05d}", f"𠮷{i}", f"9141{i:08d}")[i % 3]
    return (
        subject_id,
        "ABCD"[(i * 5 + i // 7) % 4],
        ";".join(flags),
        REGIONS[(i // 3) % 3] if i % 19 else None,
        "elder-care" if i % 5 else "hotel",
    )


def _subject(row: tuple[Any, ...]) -> Subject:
    subject_id, grade, flags, region, kind = row
    attributes = {"type": kind, **({"region": region} if region else {})}
    return Subject(
        id=subject_id, grade=grade, attributes=attributes, flags=flags.split(";") if flags else []
    )


def _tasks(ids: list[str]) -> list[tuple[Any, ...]]:
    """(id, subject_id, kind, year, department, unit) of 2,000 earlier tasks."""
    return [
        (
            f"t{n}",
            ids[(n * 7919) % len(ids)] if n % 2 else ids[n % 500],
            "complaint" if n % 9 == 0 else "random",
            YEAR if n % 10 else YEAR - 1,
            "civil-affairs" if n % 3 else "market",
            ("unit-1", "unit-2")[n % 2],
        )
        for n in range(2_000)
    ]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """One local Spark for the module: 2 cores, no UI, 4 shuffle partitions."""
    session = (
        SparkSession.builder.master("local[2]")
        .appName("randinspect-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def data(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Subject], list[Task]]:
    """The 20,000 subjects and 2,000 tasks as Spark views, and the same as values.

    The views are read from JSON lines by the JVM itself (no Python worker)
    and cached; the subjects' id and grade columns have a Chinese name and a
    backtick in theirs.
    """
    rows = [_row(i) for i in range(SIZE)]
    tasks = _tasks([r[0] for r in rows])
    text, folder = StringType(), tmp_path_factory.mktemp("spark")
    for name, fields, table, types in (
        ("subjects", SUBJECT_COLUMNS, rows, [text] * 5),
        ("history", HISTORY_COLUMNS, tasks, [text, text, text, IntegerType(), text, text]),
    ):
        path = folder / f"{name}.jsonl"
        lines = (
            json.dumps(dict(zip(fields, row, strict=True)), ensure_ascii=False) for row in table
        )
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        schema = StructType([StructField(f, t) for f, t in zip(fields, types, strict=True)])
        spark.read.schema(schema).json(str(path)).cache().createOrReplaceTempView(name)
    history = [
        Task(
            id=t,
            plan_id="earlier",
            subject_id=s,
            items=["x"],
            kind=k,
            year=y,
            department=d,
            unit=u,
        )
        for t, s, k, y, d, u in tasks
    ]
    return [_subject(r) for r in rows], history


SUBJECT_COLUMNS = ("统一社会信用代码", "grade`s", "flags", "区 县", "type")
HISTORY_COLUMNS = ("id", "subject_id", "kind", "year", "department", "unit")
COLUMNS = {"统一社会信用代码": "id", "grade`s": "grade", "区 县": "region"}
PERIODS = (
    Period(start=dt.date(YEAR, 3, 1), end=dt.date(YEAR, 6, 30), name="上半年"),
    Period(start=dt.date(YEAR, 7, 1), end=dt.date(YEAR, 11, 30), name="下半年"),
    Period(start=dt.date(YEAR, 12, 1), end=dt.date(YEAR, 12, 31), name="年末"),
)


def _plan(**changes: Any) -> Plan:
    fields: dict[str, Any] = {
        "id": "2024/郑州/养老",
        "year": YEAR,
        "department": "civil-affairs",
        "unit": "unit-1",
        "items": [
            CheckItem(
                id="i1", name="安全检查", department="civil-affairs", subject_type="elder-care"
            )
        ],
        "scope": {"region": {"卫东区", "湛河区"}},
        "ratios": {"A": "1/3", "B": "3%", "C": "10%", "D": "1/6"},
        "boost": FlagStratum(flags={"high_risk", "blacklisted"}, ratio="2/3"),
        "relief": FlagStratum(flags={"trusted"}, ratio="1%"),
        "periods": PERIODS,
    }
    fields.update(changes)
    return Plan(**fields)


@pytest.mark.parametrize(
    "caps",
    [CapPolicy(), CapPolicy(max_per_year=1, department_rule=False, exempt_flags=())],
    ids=["cap-2-department-rule", "cap-1-no-exempt"],
)
def test_spark_selection_is_the_librarys(
    spark: Any, data: tuple[list[Subject], list[Task]], caps: CapPolicy
) -> None:
    """On 20,000 subjects with a history, Spark draws exactly the library's draw.

    The same ids, strata, keys, ranks and periods, and (for the first) the
    same per-stratum counts.
    """
    registry, history = data
    plan = _plan(caps=caps)
    draw = draw_subjects(plan, registry, seed=SEED, history=history)
    assert draw.excluded
    assert any(d.subject.id.startswith("𠮷") for d in draw.drawn)
    sql = draw_sql(plan, seed=SEED, dialect="spark", history="history", columns=COLUMNS)
    rows = [tuple(row) for row in spark.sql(sql).collect()]
    assert expected_rows(draw) == rows
    strata = None
    if caps.department_rule:  # one strata query is enough: each query costs seconds
        strata_sql = draw_sql(
            plan, seed=SEED, dialect="spark", history="history", columns=COLUMNS, output="strata"
        )
        strata = spark.sql(strata_sql).collect()
    verdict = verify_sql_draw(rows, draw, strata=strata)
    assert verdict.ok, verdict.explain()


def test_spark_undirected_without_history(
    spark: Any, data: tuple[list[Subject], list[Task]]
) -> None:
    """An undirected plan with no history table: Spark's rows, read as Row objects, verify."""
    registry, _ = data
    plan = _plan(
        scope={}, items=[CheckItem(id="i1", name="检查", department="civil-affairs")], relief=None
    )
    draw = draw_subjects(plan, registry, seed=SEED)
    columns = {column: field for column, field in COLUMNS.items() if field in {"id", "grade"}}
    sql = draw_sql(plan, seed=SEED, dialect="spark", columns=columns)
    rows = spark.sql(sql).collect()
    assert expected_rows(draw) == [tuple(r) for r in rows]
    assert verify_sql_draw(rows, draw).ok


@pytest.fixture(scope="module")
def joint(
    spark: Any, data: tuple[list[Subject], list[Task]], tmp_path_factory: pytest.TempPathFactory
) -> list[Task]:
    """A history view ``history_joint`` whose joint tasks name their partners, and the Tasks.

    1,500 random tasks of 2024 by fire, market and civil-affairs; a third of
    them joint (``partners`` ";"-joined), some with NULL partners.
    """
    registry, _ = data
    ids = [s.id for s in registry]
    lists = ("", "civil-affairs", "civil-affairs;market", None)
    rows = []
    for n in range(1_500):
        department = ("fire", "market", "civil-affairs")[n % 3]
        partners = lists[(n // 3) % len(lists)]
        if partners:
            partners = ";".join(d for d in partners.split(";") if d != department) or "fire"
        rows.append(
            {
                "id": f"j{n}",
                "subject_id": ids[(n * 7919) % len(ids)],
                "kind": "random",
                "year": YEAR,
                "department": department,
                "unit": ("unit-1", "unit-2", "")[(n // 2) % 3],
                "partners": partners,
            }
        )
    path = tmp_path_factory.mktemp("spark-joint") / "history_joint.jsonl"
    path.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    text = StringType()
    fields = [("id", text), ("subject_id", text), ("kind", text), ("year", IntegerType()),
              ("department", text), ("unit", text), ("partners", text)]  # fmt: skip
    schema = StructType([StructField(name, kind) for name, kind in fields])
    spark.read.schema(schema).json(str(path)).cache().createOrReplaceTempView("history_joint")
    return [joint_task(row) for row in rows]


def test_spark_multi_type_plan_with_joint_history(
    spark: Any, data: tuple[list[Subject], list[Task]], joint: list[Task]
) -> None:
    """Items on two subject types and joint tasks' partners: Spark's draw is the library's.

    In scope are elder-care homes and hotels of the scope's regions (R1.2,
    R3.1); a joint task counts once for the cap and for each partner
    department with no known unit (R4.6, R5.1, R5.2).
    """
    registry, _ = data
    plan = _plan(
        items=[
            CheckItem(
                id="i1", name="安全检查", department="civil-affairs", subject_type="elder-care"
            ),
            CheckItem(id="i2", name="旅馆检查", department="civil-affairs", subject_type="hotel"),
        ],
        caps=CapPolicy(max_per_year=3),
    )
    draw = draw_subjects(plan, registry, seed=SEED, history=joint)
    assert {"elder-care", "hotel"} == {d.subject.attributes["type"] for d in draw.drawn}
    assert any(
        all(t.department != plan.department for t in joint if t.id in e.tasks)
        for e in draw.excluded
    )  # a partner's task alone bars some
    tables = {"history": "history_joint", "columns": {**COLUMNS, **JOINT}}
    rows = [
        tuple(r) for r in spark.sql(draw_sql(plan, seed=SEED, dialect="spark", **tables)).collect()
    ]
    assert expected_rows(draw) == rows
    strata = spark.sql(
        draw_sql(plan, seed=SEED, dialect="spark", output="strata", **tables)
    ).collect()
    verdict = verify_sql_draw(rows, draw, strata=strata)
    assert verdict.ok, verdict.explain()
