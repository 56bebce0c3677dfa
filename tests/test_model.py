"""The domain types: construction, parsing, validation, plain-data round trips."""

from __future__ import annotations

import datetime as dt
import functools
import json
import time
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from assertions import assert_refused_fast, assert_rejected, rejections
from hypothesis import given
from hypothesis import strategies as st

from randinspect import (
    CapPolicy,
    CheckItem,
    DuplicateIdError,
    Flag,
    FlagStratum,
    FrozenMap,
    Grade,
    Inspector,
    InvalidDateError,
    InvalidIdError,
    InvalidRatioError,
    InvalidSeedError,
    Outcome,
    Period,
    Plan,
    RandInspectError,
    Ratios,
    Result,
    RuleViolationError,
    Seed,
    Subject,
    Task,
    TaskKind,
    TeamRule,
    ValidationError,
    format_ratio,
    parse_ratio,
)
from randinspect import testing as rst

ELDER = CheckItem(
    id="elder-care",
    name="养老机构安全检查",
    department="civil-affairs",
    min_ratios={"B": "10%"},
)
W = Ratios(A="5%", B="10%", C="15%", D="20%")


def plan(**changes: Any) -> Plan:
    fields: dict[str, Any] = {
        "id": "p1",
        "year": 2024,
        "department": "civil-affairs",
        "items": [ELDER],
        "ratios": W,
    }
    return Plan(**{**fields, **changes})


# --- ratios -----------------------------------------------------------------------

RATIO_CASES = [
    ("5%", Fraction(1, 20)),
    (" 12.5 % ", Fraction(1, 8)),
    ("0.05", Fraction(1, 20)),
    ("1/20", Fraction(1, 20)),
    (Decimal("0.07"), Fraction(7, 100)),
    (0.07, Fraction(7, 100)),
    (0.1, Fraction(1, 10)),
    (Fraction(1, 3), Fraction(1, 3)),
    (0, Fraction(0)),
    ("1.0", Fraction(1)),
    (Fraction(1), Fraction(1)),
    ("100%", Fraction(1)),
    ("0%", Fraction(0)),
]


@pytest.mark.parametrize(("given_value", "expected"), RATIO_CASES)
def test_parse_ratio_reads_every_form_exactly(given_value: Any, expected: Fraction) -> None:
    """Ratios are exact: text, Decimal, Fraction, and floats through their decimal string."""
    assert expected == parse_ratio(given_value)


def test_float_ratio_never_decides_a_sample_size() -> None:
    """0.07 is 7/100 exactly, so ceil(100 x 7%) is 7, where float arithmetic gives 8 (R2.2)."""
    assert 100 * 0.07 > 7  # the float trap this guards against
    ratio = parse_ratio(0.07)
    assert 7 == -(-100 * ratio.numerator // ratio.denominator)


@pytest.mark.parametrize(
    ("ratio", "text"),
    [
        (Fraction(1, 20), "5%"),
        (Fraction(1, 8), "12.5%"),
        (Fraction(1, 3), "1/3"),
        (Fraction(0), "0%"),
        (Fraction(1), "100%"),
        (Fraction(1, 1000), "0.1%"),
    ],
)
def test_format_ratio_writes_percent_when_exact(ratio: Fraction, text: str) -> None:
    """A ratio is written as a percentage when that is exact, else as a fraction."""
    assert text == format_ratio(ratio)


@given(rst.ratios())
def test_format_then_parse_is_identity(ratio: Fraction) -> None:
    """Every ratio survives being written as text and read back."""
    assert ratio == parse_ratio(format_ratio(ratio))


# --- grades and flags ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("A", Grade.A),
        ("d", Grade.D),
        ("低", Grade.A),
        ("中", Grade.B),
        ("中高", Grade.C),
        ("高", Grade.D),
        ("中高风险", Grade.C),
        ("低风险", Grade.A),
    ],
)
def test_grade_parses_letters_and_the_risk_words_of_001(text: str, grade: Grade) -> None:
    """Grades read A-D and document 001's risk words 低/中/中高/高 (R2.1 variant F)."""
    assert grade == Grade.parse(text)
    assert grade == Subject(id="s", grade=text).grade


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("blacklisted", Flag.BLACKLISTED),
        ("BLACKLISTED", Flag.BLACKLISTED),
        ("严重违法失信", Flag.BLACKLISTED),
        ("经营异常", Flag.ABNORMAL),
        ("已受行政处罚", Flag.PENALIZED),
        ("投诉举报多", Flag.HIGH_RISK),
        ("守信", Flag.TRUSTED),
    ],
)
def test_flag_parses_names_values_and_chinese_labels(text: str, flag: Flag) -> None:
    """Flags read their value, their name and the source documents' words (R1.4)."""
    assert flag == Flag.parse(text)


def test_ratios_of_reads_grade_keys_of_any_form() -> None:
    """Ratios.of accepts grade letters, Grade members and risk words as keys."""
    expected = Ratios(A="1%", B="3%", C="10%", D="20%")
    assert expected == Ratios.of({"低": "1%", Grade.B: "3%", "中高": 0.1, "D": Decimal("0.2")})


# --- the types --------------------------------------------------------------------


def test_types_are_frozen_and_hashable() -> None:
    """Every domain value is immutable and usable as a dict key or set member."""
    subject = Subject(id="s1", grade="B", attributes={"region": "卫东区"})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        subject.grade = Grade.A  # type: ignore[misc]
    assert {subject: 1}[Subject(id="s1", grade=Grade.B, attributes={"region": "卫东区"})] == 1
    assert isinstance(subject.attributes, FrozenMap)
    assert hash(plan()) == hash(plan())


def test_frozen_map_reads_like_a_dict_in_key_order_and_cannot_be_changed() -> None:
    """A FrozenMap's look-ups and views agree with a dict's, sorted; none writes through."""
    plain = {"type": "elder-care", "region": "卫东区", "scale": None}
    frozen = FrozenMap(plain)
    assert ["region", "scale", "type"] == list(frozen.keys())
    assert [(k, plain[k]) for k in sorted(plain)] == list(frozen.items())
    assert [plain[k] for k in sorted(plain)] == list(frozen.values())
    assert ("卫东区", None, "x") == (
        frozen.get("region"),
        frozen.get("scale"),
        frozen.get("no", "x"),
    )
    assert "scale" in frozen
    assert "no" not in frozen
    with pytest.raises(TypeError):
        frozen.items().mapping["region"] = "elsewhere"  # type: ignore[index]
    assert "卫东区" == frozen["region"]


def test_collections_are_converted_to_immutable_values() -> None:
    """Lists become tuples, sets frozensets, dicts FrozenMaps, on the way in."""
    p = plan(partners=["fire"], items=[ELDER], scope={"region": ["卫东区"]})
    assert isinstance(p.items, tuple)
    assert frozenset({"fire"}) == p.partners
    assert FrozenMap({"region": frozenset({"卫东区"})}) == p.scope


def test_plan_defaults_to_one_period_covering_its_year() -> None:
    """A plan without periods has one window, the whole year (R3.3)."""
    assert (Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), name="2024"),) == (
        plan().periods
    )


def test_joint_plan_reports_its_departments() -> None:
    """A joint plan takes part with the initiating and the partner departments (R4.6)."""
    fire = CheckItem(id="fire", name="消防检查", department="fire-rescue")
    p = plan(items=[ELDER, fire], partners={"fire-rescue"})
    assert frozenset({"civil-affairs", "fire-rescue"}) == p.departments
    assert p.joint
    assert not plan().joint


def test_task_year_follows_its_date_then_its_period() -> None:
    """A task counts in the year of its date, else of its period (R5.1)."""
    base: dict[str, Any] = {
        "id": "t",
        "plan_id": "p",
        "subject_id": "s",
        "items": ["i"],
        "department": "d",
    }
    assert 2023 == Task(**base, on=dt.date(2023, 5, 1)).year
    assert 2022 == Task(**base, period=Period.whole_year(2022)).year
    assert Task(**base).year is None


def test_inspector_certification_depends_on_the_day() -> None:
    """An inspector may inspect only while certified and unexpired (R1.3)."""
    expiring = Inspector(id="i", department="d", certificate_expires=dt.date(2024, 6, 30))
    assert expiring.is_certified_on(dt.date(2024, 6, 30))
    assert not expiring.is_certified_on(dt.date(2024, 7, 1))
    assert not Inspector(id="j", department="d", certified=False).is_certified_on(
        dt.date(2024, 1, 1)
    )


def test_result_report_counts_from_the_last_item_of_a_joint_inspection() -> None:
    """A joint inspection's report runs from the last item's result (R6.4)."""
    result = Result(
        task_id="t",
        subject_id="s",
        inspected_on=dt.date(2024, 6, 3),
        item_dates={"fire": dt.date(2024, 6, 7), "elder": dt.date(2024, 6, 3)},
    )
    assert dt.date(2024, 6, 7) == result.results_complete_on


# --- plain data ------------------------------------------------------------------


def test_subject_from_a_csv_row_keeps_extra_columns_as_attributes() -> None:
    """A registry CSV row reads with flags as 'a;b' text and extra columns as attributes."""
    row = {"id": "s1", "grade": "中高", "flags": "blacklisted; 经营异常", "region": "卫东区"}
    expected = Subject(
        id="s1",
        grade=Grade.C,
        flags={Flag.BLACKLISTED, Flag.ABNORMAL},
        attributes={"region": "卫东区"},
    )
    assert expected == Subject.from_mapping(row, extra="attributes")


def test_inspector_from_a_csv_row_reads_text_booleans_and_dates() -> None:
    """An inspector CSV row reads 'true'/'0', ISO dates and 'a;b' sets."""
    row = {
        "id": "i1",
        "department": "civil-affairs",
        "certified": "true",
        "can_lead": "0",
        "certificate_expires": "2025-12-31",
        "qualifications": "fire-safety;elder-care",
    }
    expected = Inspector(
        id="i1",
        department="civil-affairs",
        certificate_expires=dt.date(2025, 12, 31),
        qualifications={"fire-safety", "elder-care"},
    )
    assert expected == Inspector.from_mapping(row)


ROUND_TRIPS: list[tuple[str, st.SearchStrategy[Any]]] = [
    ("subject", rst.subjects()),
    ("inspector", rst.inspectors()),
    ("check item", rst.check_items()),
    ("plan", rst.plans()),
    ("task", rst.tasks()),
    ("result", rst.results()),
]


@pytest.mark.parametrize(("name", "strategy"), ROUND_TRIPS, ids=[n for n, _ in ROUND_TRIPS])
def test_every_type_round_trips_through_json(name: str, strategy: st.SearchStrategy[Any]) -> None:
    """Every type -> plain data -> JSON text -> plain data -> type is equal, without loss."""

    @given(strategy)
    def check(value: Any) -> None:
        data = json.loads(json.dumps(value.to_data(), ensure_ascii=False))
        assert value == type(value).from_mapping(data)

    check()


# --- bad input: a table of what must be rejected, with what and why ----------------


def _subject_bad_id(value: str) -> Callable[[], object]:
    return lambda: Subject(id=value, grade="A")


INVALID: list[tuple[str, Callable[[], object], type[RandInspectError], tuple[str, ...]]] = [
    ("id with |", _subject_bad_id("a|b"), InvalidIdError, ("Subject", "'id'", "'a|b'", "|")),
    ("empty id", _subject_bad_id(""), InvalidIdError, ("'id'", "empty")),
    ("id with newline", _subject_bad_id("a\nb"), InvalidIdError, ("control",)),
    ("id with lone surrogate", _subject_bad_id("a\ud800"), InvalidIdError, ("surrogate",)),
    (
        "name with lone surrogate",
        lambda: Subject(id="s", grade="A", name="\udfff"),
        ValidationError,
        ("'name'", "text"),
    ),
    ("id not text", lambda: Subject(id=7, grade="A"), InvalidIdError, ("str", "7")),  # type: ignore[arg-type]
    (
        "grade E",
        lambda: Subject(id="s1", grade="E"),
        ValidationError,
        ("Subject 's1'", "'E'", "R2.1"),
    ),
    ("ratio 120%", lambda: Ratios(A="120%"), InvalidRatioError, ("'A'", "120%", "R2.1")),
    ("ratio -5%", lambda: Ratios(B="-5%"), InvalidRatioError, ("'B'", "-5%")),
    ("ratio abc", lambda: Ratios(C="abc"), InvalidRatioError, ("'abc'", "not a ratio")),
    ("ratio bool", lambda: parse_ratio(value=True), InvalidRatioError, ("True",)),
    ("ratio NaN", lambda: parse_ratio(Decimal("NaN")), InvalidRatioError, ("NaN",)),
    (
        "ratio below item minimum",
        lambda: plan(ratios=Ratios(A="5%", B="3%", C="15%", D="20%")),
        RuleViolationError,
        ("Plan 'p1'", "grade B is 3%", "'elder-care' minimum of 10%", "R2.2", "at least 10%"),
    ),
    (
        "two items, one id",
        lambda: plan(items=[ELDER, ELDER]),
        DuplicateIdError,
        ("Plan 'p1'", "'elder-care'", "items"),
    ),
    (
        "item of a department not in the plan",
        lambda: plan(items=[ELDER, CheckItem(id="f", name="消防", department="fire")]),
        RuleViolationError,
        ("'fire'", "partners", "R4.6"),
    ),
    ("plan without items", lambda: plan(items=[]), ValidationError, ("items", "R1.1")),
    (
        "period outside the plan year",
        lambda: plan(periods=[Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30))]),
        InvalidDateError,
        ("Plan 'p1'", "2025-01-01", "outside the plan year 2024", "R3.3"),
    ),
    (
        "boost below a grade ratio",
        lambda: plan(boost=FlagStratum(flags={"high_risk"}, ratio="10%")),
        RuleViolationError,
        ("boost", "R2.4", "20%"),
    ),
    (
        "flag in boost and relief",
        lambda: plan(
            boost=FlagStratum(flags={"trusted"}, ratio="50%"),
            relief=FlagStratum(flags={"trusted"}, ratio="0%"),
        ),
        RuleViolationError,
        ("trusted", "relief"),
    ),
    (
        "stratum without flags",
        lambda: FlagStratum(flags=(), ratio="5%"),
        ValidationError,
        ("flags",),
    ),
    (
        "inspector without department",
        lambda: Inspector(id="i1", department=""),
        ValidationError,
        ("Inspector 'i1'", "'department'"),
    ),
    ("team of one", lambda: TeamRule(size=1), RuleViolationError, ("size", "R4.2", "2")),
    ("team size bool", lambda: TeamRule(size=True), ValidationError, ("size",)),
    ("cap of 0", lambda: CapPolicy(max_per_year=0), ValidationError, ("max_per_year",)),
    ("seed too short", lambda: Seed.from_hex("ab" * 31), InvalidSeedError, ("64", "'abab")),
    ("seed not hex", lambda: Seed.from_hex("z" * 64), InvalidSeedError, ("hex",)),
    ("seed of 31 bytes", lambda: Seed.from_bytes(b"\0" * 31), InvalidSeedError, ("32 bytes",)),
    ("seed derived from nothing", Seed.derive, InvalidSeedError, ("at least one",)),
    ("seed part with |", lambda: Seed.derive("a|b"), InvalidIdError, ("parts[0]", "|")),
    (
        "datetime for a date",
        lambda: Period(start=dt.datetime(2024, 1, 1, 9), end=dt.date(2024, 2, 1)),
        InvalidDateError,
        ("Period", "'start'", "datetime", ".date()"),
    ),
    (
        "text for a date",
        lambda: Inspector(id="i", department="d", certificate_expires="2024-01-01"),  # type: ignore[arg-type]
        InvalidDateError,
        ("Inspector 'i'", "'certificate_expires'", "'2024-01-01'", "from_mapping"),
    ),
    (
        "number for a date",
        lambda: Task(
            id="t", plan_id="p", subject_id="s", items=["i"], department="d", on=20240101
        ),  # type: ignore[arg-type]
        InvalidDateError,
        ("Task 't'", "'on'", "20240101"),
    ),
    (
        "period running backwards",
        lambda: Period(start=dt.date(2024, 6, 1), end=dt.date(2024, 5, 1)),
        InvalidDateError,
        ("ends before it starts",),
    ),
    (
        "report before inspection",
        lambda: Result(
            task_id="t",
            subject_id="s",
            inspected_on=dt.date(2024, 6, 3),
            reported_on=dt.date(2024, 6, 1),
        ),
        InvalidDateError,
        ("Result 't'", "reported_on", "before inspected_on", "R6.4"),
    ),
    (
        "leader outside the team",
        lambda: Task(id="t", plan_id="p", subject_id="s", items=["i"], department="d", leader="x"),
        RuleViolationError,
        ("leader", "R4.5"),
    ),
    (
        "unknown outcome",
        lambda: Result(task_id="t", subject_id="s", outcomes={"i": "fine"}),
        ValidationError,
        ("'fine'",),
    ),
    (
        "unknown mapping key",
        lambda: Subject.from_mapping({"id": "s", "grade": "A", "grdae": "B"}),
        ValidationError,
        ("grdae", "extra='attributes'"),
    ),
    (
        "missing mapping key",
        lambda: Plan.from_mapping({"id": "p", "year": 2024}),
        ValidationError,
        ("missing", "department", "items", "ratios"),
    ),
    (
        "bad ISO date",
        lambda: Task.from_mapping(
            {
                "id": "t",
                "plan_id": "p",
                "subject_id": "s",
                "items": "i",
                "department": "d",
                "on": "2024-13-01",
            }
        ),
        InvalidDateError,
        ("'on'", "YYYY-MM-DD"),
    ),
    (
        "task kind",
        lambda: Task(
            id="t", plan_id="p", subject_id="s", items=["i"], department="d", kind="audit"
        ),
        ValidationError,
        ("'kind'", "'audit'"),
    ),
    ("year as bool", lambda: plan(year=True), ValidationError, ("year",)),
]


@rejections(INVALID)
def test_bad_input_gets_a_clear_error(
    call: Callable[[], object], error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Each bad input raises its RandInspectError subclass, naming what is wrong and where."""
    assert_rejected(call, error, *fragments)


def test_errors_also_derive_from_the_matching_builtin() -> None:
    """Callers who catch ValueError / TypeError / LookupError still catch ours."""
    with pytest.raises(ValueError, match=r"R2\.1"):
        Ratios(A="abc")
    with pytest.raises(TypeError, match="datetime"):
        Period(start=dt.datetime(2024, 1, 1), end=dt.date(2024, 1, 2))


def test_error_carries_its_facts_as_attributes() -> None:
    """Programs can read the object, field, rule, value and fix off the exception."""
    with pytest.raises(RuleViolationError) as caught:
        plan(ratios=Ratios(A="5%", B="3%", C="15%", D="20%"))
    error = caught.value
    assert ("Plan 'p1'", "ratios", "R2.2", "3%") == (
        error.obj,
        error.field,
        error.rule,
        error.value,
    )
    assert "at least 10%" in error.fix


def test_task_kinds_include_complaint_driven() -> None:
    """Complaint-driven tasks are a kind of their own (R5.5)."""
    assert TaskKind.COMPLAINT == TaskKind.parse("投诉举报")


# --- issue 9: every entry point refuses bad input with our error, fast ---------------

P2024 = Period.whole_year(2024)
INSPECTOR = Inspector(id="i1", department="d")
TASK: dict[str, Any] = {
    "id": "t",
    "plan_id": "p",
    "subject_id": "s",
    "items": ["i"],
    "department": "d",
}
PLAN_ROW: dict[str, Any] = {
    "id": "p1",
    "year": 2024,
    "department": "civil-affairs",
    "items": [{"id": "elder-care", "name": "养老", "department": "civil-affairs"}],
    "ratios": {"A": "5%"},
}


def _plan_row(**changes: Any) -> Callable[[], object]:
    return lambda: Plan.from_mapping({**PLAN_ROW, **changes})


def _deep(depth: int) -> list[Any]:
    return functools.reduce(lambda inner, _: [inner], range(depth), [])


HARDENED: list[tuple[str, Callable[[], object], type[RandInspectError], tuple[str, ...]]] = [
    # converters that build sets and maps from unhashable members
    ("partners [[]]", lambda: plan(partners=[[]]), ValidationError, ("'partners'", "[]")),
    (
        "conflicts [['s1']]",
        lambda: Inspector(id="i", department="d", conflicts=[["s1"]]),
        InvalidIdError,
        ("Inspector 'i'", "'conflicts'", "['s1']"),
    ),
    (
        "qualifications [['q']]",
        lambda: Inspector(id="i", department="d", qualifications=[["q"]]),
        ValidationError,
        ("'qualifications'", "['q']", "R3.2"),
    ),
    (
        "flags [['x']]",
        lambda: Subject(id="s", grade="A", flags=[["x"]]),
        ValidationError,
        ("'flags'", "['x']", "R1.4"),
    ),
    (
        "flags as one text",
        lambda: Subject(id="s", grade="A", flags="blacklisted"),
        ValidationError,
        ("'flags'", "set of flags"),
    ),
    (
        "scope value [['x']]",
        lambda: plan(scope={"region": [["x"]]}),
        ValidationError,
        ("'scope'", "R3.1"),
    ),
    (
        "partners as a mapping",
        lambda: plan(partners={"fire": 1}),
        ValidationError,
        ("'partners'",),
    ),
    (
        "outcome unhashable",
        lambda: Result(task_id="t", subject_id="s", outcomes={"i": []}),
        ValidationError,
        ("outcomes['i']", "Outcome"),
    ),
    # enums, however they are called
    ("Grade('Z')", lambda: Grade("Z"), ValidationError, ("'Z'", "R2.1", "中高")),
    ("Flag('x')", lambda: Flag("x"), ValidationError, ("'x'", "blacklisted")),
    ("TaskKind('audit')", lambda: TaskKind("audit"), ValidationError, ("'audit'", "complaint")),
    ("Outcome('fine')", lambda: Outcome("fine"), ValidationError, ("'fine'", "compliant")),
    ("Grade(huge int)", lambda: Grade(10**5000), ValidationError, ("5,001 digits",)),
    ("Grade([])", lambda: Grade([]), ValidationError, ("Grade", "[]")),
    ("Grade(None)", lambda: Grade(None), ValidationError, ("None",)),
    # defaults built before validation
    ("Plan(year=0)", lambda: plan(year=0), ValidationError, ("Plan 'p1'", "'year'", "(got 0)")),
    ("Plan(year=9999)", lambda: plan(year=9999), ValidationError, ("'year'", "9998")),
    ("Plan(year='2024')", lambda: plan(year="2024"), ValidationError, ("'year'", "'2024'")),
    (
        "whole_year('2024')",
        lambda: Period.whole_year("2024"),  # type: ignore[arg-type]
        ValidationError,
        ("whole_year", "'year'", "'2024'"),
    ),
    ("whole_year(True)", lambda: Period.whole_year(True), ValidationError, ("(got True)",)),
    ("whole_year(10**5000)", lambda: Period.whole_year(10**5000), ValidationError, ("digits",)),
    ("Task year 1900", lambda: Task(**TASK, year=1900), ValidationError, ("Task 't'", "'year'")),
    ("Task year bool", lambda: Task(**TASK, year=True), ValidationError, ("'year'", "True")),
    (
        "Task on date.min",
        lambda: Task(**TASK, on=dt.date.min),
        InvalidDateError,
        ("Task 't'", "'on'", "year 1", "R5.1"),
    ),
    (
        "Task period in year 1",
        lambda: Task(**TASK, period=Period(start=dt.date.min, end=dt.date(1, 2, 1))),
        InvalidDateError,
        ("'period'", "year 1"),
    ),
    # arguments used before their type is checked
    (
        "is_certified_on('x')",
        lambda: INSPECTOR.is_certified_on("x"),  # type: ignore[arg-type]
        InvalidDateError,
        ("Inspector 'i1'", "'day'", "'x'"),
    ),
    (
        "is_certified_on(datetime)",
        lambda: INSPECTOR.is_certified_on(dt.datetime(2024, 1, 1)),
        InvalidDateError,
        ("datetime",),
    ),
    ("'x' in period", lambda: "x" in P2024, InvalidDateError, ("Period", "'day'", "'x'")),
    ("None in period", lambda: None in P2024, InvalidDateError, ("None",)),
    (
        "datetime in period",
        lambda: dt.datetime(2024, 1, 1) in P2024,
        InvalidDateError,
        ("datetime", ".date()"),
    ),
    (
        "from_mapping with an int key",
        lambda: Subject.from_mapping({1: 2}, extra="attributes"),  # type: ignore[dict-item]
        ValidationError,
        ("Subject", "text", "[1]"),
    ),
    (
        "from_mapping extra unhashable",
        lambda: Subject.from_mapping({"id": "s", "grade": "A"}, extra=[]),  # type: ignore[arg-type]
        ValidationError,
        ("'extra'", "[]"),
    ),
    (
        "from_mapping of None",
        lambda: Subject.from_mapping(None),  # type: ignore[arg-type]
        ValidationError,
        ("Subject", "mapping"),
    ),
    ("Ratios()[[]]", lambda: Ratios()[[]], ValidationError, ("Ratios", "'grade'", "[]")),  # type: ignore[index]
    ("Ratios()['Z']", lambda: Ratios()["Z"], ValidationError, ("Ratios", "'Z'")),
    ("Ratios.of(None)", lambda: Ratios.of(None), ValidationError, ("Ratios", "Mapping")),  # type: ignore[arg-type]
    ("Ratios.of(a list)", lambda: Ratios.of([("A", "5%")]), ValidationError, ("Mapping",)),  # type: ignore[arg-type]
    # silent acceptance
    (
        "two keys name grade A",
        lambda: Ratios.of({"A": "5%", "低": "1%"}),
        ValidationError,
        ("'A'", "'低'", "both name grade A"),
    ),
    (
        "two keys name grade C",
        lambda: Ratios.of({Grade.C: "5%", " c ": "1%"}),
        ValidationError,
        ("grade C",),
    ),
    ("Ratios(A=1)", lambda: Ratios(A=1), InvalidRatioError, ("'A'", "(got 1)", "'100%' or '1%'")),
    ("Ratios(A='1')", lambda: Ratios(A="1"), InvalidRatioError, ("(got '1')", "'100%' or '1%'")),
    ("Ratios(A=10)", lambda: Ratios(A=10), InvalidRatioError, ("(got 10)", "write '10%'")),
    (
        "Ratios(A='10')",
        lambda: Ratios(A="10"),
        InvalidRatioError,
        ("Ratios field 'A'", "(got '10')", "write '10%'"),
    ),
    (
        "extra column overwrites an attribute",
        lambda: Subject.from_mapping(
            {"id": "s", "grade": "A", "attributes": {"region": "a"}, "region": "b"},
            extra="attributes",
        ),
        ValidationError,
        ("Subject 's'", "'attributes'", "'region'", "once"),
    ),
    (
        "extra column of a list",
        lambda: Subject.from_mapping({"id": "s", "grade": "A", "tags": ["x"]}, extra="attributes"),
        ValidationError,
        ("'tags'", "list"),
    ),
    (
        "extra column with explicit attributes text",
        lambda: Subject.from_mapping(
            {"id": "s", "grade": "A", "attributes": "region=a", "type": "b"}, extra="attributes"
        ),
        ValidationError,
        ("'attributes'", "'region=a'"),
    ),
    # messages that point at the right place
    (
        "periods [{}]",
        _plan_row(periods=[{}]),
        ValidationError,
        ("Plan 'p1' field 'periods[0]'", "missing required keys", "'end'", "'start'"),
    ),
    (
        "period ends before it starts",
        _plan_row(periods=[{"start": "2024-06-01", "end": "2024-01-01"}]),
        InvalidDateError,
        ("Plan 'p1' field 'periods[0].end'", "ends before it starts"),
    ),
    (
        "period bad date",
        _plan_row(periods=[{"start": "2024-06-01", "end": "2024-13-01"}]),
        InvalidDateError,
        ("Plan 'p1' field 'periods[0].end'", "ISO"),
    ),
    (
        "second item without a name",
        _plan_row(
            items=[
                {"id": "elder-care", "name": "养老", "department": "civil-affairs"},
                {"id": "fire", "name": "", "department": "civil-affairs"},
            ]
        ),
        ValidationError,
        ("Plan 'p1' field 'items[1].name'", "non-empty"),
    ),
    (
        "item minimum ratio",
        _plan_row(
            items=[
                {"id": "x", "name": "n", "department": "civil-affairs", "min_ratios": {"B": "?"}}
            ]
        ),
        InvalidRatioError,
        ("Plan 'p1' field 'items[0].min_ratios.B'", "'?'"),
    ),
    (
        "ratios",
        _plan_row(ratios={"A": "abc"}),
        InvalidRatioError,
        ("Plan 'p1' field 'ratios.A'", "'abc'"),
    ),
    (
        "boost",
        _plan_row(boost={"flags": "", "ratio": "50%"}),
        ValidationError,
        ("Plan 'p1' field 'boost.flags'", "names no flag"),
    ),
    (
        "relief",
        _plan_row(relief={"flags": "trusted", "ratio": "x"}),
        InvalidRatioError,
        ("Plan 'p1' field 'relief.ratio'",),
    ),
    (
        "team",
        _plan_row(team={"size": "1"}),
        RuleViolationError,
        ("Plan 'p1' field 'team.size'", "R4.2"),
    ),
    (
        "caps",
        _plan_row(caps={"max_per_year": "many"}),
        ValidationError,
        ("Plan 'p1' field 'caps.max_per_year'", "whole number"),
    ),
    (
        "caps unknown key",
        _plan_row(caps={"max": 2}),
        ValidationError,
        ("Plan 'p1' field 'caps'", "'max'"),
    ),
    (
        "task period",
        lambda: Task.from_mapping({**TASK, "items": "i", "period": {"start": "2024-01-01"}}),
        ValidationError,
        ("Task 't' field 'period'", "'end'"),
    ),
    (
        "ratios in the constructor",
        lambda: plan(ratios={"A": "5%", "Z": "1%"}),
        ValidationError,
        ("Plan 'p1' field 'ratios.grade'", "'Z'"),
    ),
    (
        "a period that is not one",
        lambda: plan(periods=[P2024, "H2"]),
        ValidationError,
        ("Plan 'p1' field 'periods[1]'", "Period", "'H2'"),
    ),
    (
        "an item that is not one",
        lambda: plan(items=[ELDER, "fire"]),
        ValidationError,
        ("Plan 'p1' field 'items[1]'", "CheckItem"),
    ),
    (
        "items not a collection",
        lambda: plan(items="elder-care"),
        ValidationError,
        ("'items'", "collection of CheckItem"),
    ),
    # bounds, and the values around the edges
    ("team size True", lambda: TeamRule(size=True), ValidationError, ("'size'", "True")),
    ("team size 10**9", lambda: TeamRule(size=10**9), ValidationError, ("'size'", "1,000")),
    ("team size 2.0", lambda: TeamRule(size=2.0), ValidationError, ("'size'", "2.0")),  # type: ignore[arg-type]
    ("max_load 10**7", lambda: TeamRule(max_load=10**7), ValidationError, ("'max_load'",)),
    ("max_load True", lambda: TeamRule(max_load=True), ValidationError, ("'max_load'",)),
    ("max_load 0", lambda: TeamRule(max_load=0), ValidationError, ("'max_load'",)),
    (
        "max_per_year 10**7",
        lambda: CapPolicy(max_per_year=10**7),
        ValidationError,
        ("'max_per_year'", "R5.1"),
    ),
    ("ratio NaN float", lambda: Ratios(A=float("nan")), InvalidRatioError, ("'A'", "finite")),
    (
        "ratio infinity",
        lambda: FlagStratum(flags={"trusted"}, ratio=float("inf")),
        InvalidRatioError,
        ("'ratio'",),
    ),
    ("bytes id", lambda: Subject(id=b"s1", grade="A"), InvalidIdError, ("bytes", "decode")),  # type: ignore[arg-type]
    (
        "deep nesting in attributes",
        lambda: Subject(id="s", grade="A", attributes={"a": _deep(20_000)}),
        ValidationError,
        ("attributes['a']", "[[[["),
    ),
    (
        "a None item date",
        lambda: Result(task_id="t", subject_id="s", item_dates={"i": None}),
        InvalidDateError,
        ("item_dates['i']", "None"),
    ),
    (
        "datetime for a date",
        lambda: Inspector(id="i", department="d", certificate_expires=dt.datetime(2024, 1, 1)),
        InvalidDateError,
        ("'certificate_expires'", "datetime"),
    ),
    (
        "a 100,000-character id",
        lambda: Subject(id="x" * 100_000 + "|", grade="A"),
        InvalidIdError,
        ("'id'", "'|'", "characters)"),
    ),
]


@rejections(HARDENED)
def test_every_bad_input_is_refused_with_our_error_fast_and_well(
    call: Callable[[], object], error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Each class of bad input of issue 9 raises our error fast, under 1,000 characters.

    The message names the object and the field; never a TypeError, a KeyError or a hang.
    """
    start = time.perf_counter()
    assert_rejected(call, error, *fragments)
    assert time.perf_counter() - start < 0.5
    with pytest.raises(error) as caught:
        call()
    assert len(str(caught.value)) < 1000


def test_enums_are_called_like_they_are_parsed() -> None:
    """Grade("中高") is Grade.C: calling an enum reads what parse reads, by one look-up."""
    assert Grade.C == Grade("中高")
    assert Grade.B == Grade(" b ")
    assert Grade.A == Grade(Grade.A)
    assert Flag.TRUSTED == Flag("守信")
    assert TaskKind.COMPLAINT == TaskKind("转办交办")
    assert Outcome.UNREACHABLE == Outcome("查无下落")
    assert Outcome.REFUSED == Outcome("REFUSED")
    assert Grade.A == Grade.__new__(Grade, "低")  # Enum's own path, through _missing_


def test_enum_errors_are_ours_through_missing_too() -> None:
    """Enum.__new__ re-raises what _missing_ raises: our ValidationError, not a bare one."""
    assert_rejected(lambda: Grade.__new__(Grade, "Z"), ValidationError, "'Z'", "R2.1")


def test_period_contains_only_its_days() -> None:
    """A day is in a period from its start to its end, both included."""
    assert dt.date(2024, 1, 1) in P2024
    assert dt.date(2024, 12, 31) in P2024
    assert dt.date(2025, 1, 1) not in P2024


def test_bounds_accept_their_largest_value() -> None:
    """A team of 1,000, a load cap of 1,000,000 and a yearly cap of 1,000,000 are accepted."""
    assert (1000, 1_000_000) == (
        TeamRule(size=1000).size,
        TeamRule(max_load=1_000_000).max_load,
    )
    assert 1_000_000 == CapPolicy(max_per_year=1_000_000).max_per_year
    assert 9998 == plan(year=9998).year
    assert 1950 == Period.whole_year(1950).start.year


def test_a_blank_cell_means_not_given() -> None:
    """A blank CSV cell or NULL of an optional field takes the field's default (issue 9)."""
    row = {"id": "i1", "department": "d", "certified": "", "can_lead": "  ", "unit": None}
    assert Inspector(id="i1", department="d") == Inspector.from_mapping(row)
    task_row = {**TASK, "items": "i", "on": "2024-03-01", "year": "", "leader": " "}
    task = Task.from_mapping(task_row)
    assert (2024, None) == (task.year, task.leader)
    team = TeamRule.from_mapping({"size": "3", "max_load": "", "leader": None})
    assert TeamRule(size=3) == team


def test_blank_free_text_is_kept_and_a_null_year_stays_none() -> None:
    """Blank text is a value of a free-text field; None is one of a task's year."""
    assert "  " == Subject.from_mapping({"id": "s", "grade": "A", "name": "  "}).name
    task = Task.from_mapping({**TASK, "items": "i", "period": P2024.to_data(), "year": None})
    assert task.year is None
    assert task == Task.from_mapping(task.to_data())


def test_blank_extra_columns_give_no_attribute() -> None:
    """An extra column left blank (or NaN from a DataFrame) sets no attribute."""
    row = {"id": "s", "grade": "A", "region": "", "type": None, "scale": float("nan"), "n": 3}
    subject = Subject.from_mapping(row, extra="attributes")
    assert FrozenMap({"n": "3"}) == subject.attributes


def test_ids_are_stored_as_plain_text() -> None:
    """An id given as a str subclass is stored as plain str, so keys never depend on it."""

    class Code(str):
        __slots__ = ()

    subject = Subject(id=Code("s1"), grade="A")
    task = Task(**{**TASK, "id": Code("t"), "leader": Code("a"), "inspectors": ["a", "b"]})
    assert (str, str, str) == (type(subject.id), type(task.id), type(task.leader))


def test_ratios_of_still_reads_every_key_form() -> None:
    """Ratios.of reads letters, members and risk words; grades left out are 0%."""
    assert Ratios(A="1%", C="10%") == Ratios.of({"低": "1%", Grade.C: "10%"})
    assert Ratios(B="30%") == plan(ratios={"中": "30%"}).ratios


# --- a joint task's partners (R4.6) --------------------------------------------------------

PARTNER_REFUSALS = [
    (
        "partners str",
        lambda: Task(**TASK, partners="fire"),
        ValidationError,
        ("'partners'", "R4.6"),
    ),
    (
        "partners ints",
        lambda: Task(**TASK, partners=[1]),
        ValidationError,
        ("'partners'", "frozenset({1})"),
    ),
    ("partners blank", lambda: Task(**TASK, partners=[" "]), ValidationError, ("'partners'",)),
    (
        "partners with its own department",
        lambda: Task(**TASK, partners=["d", "fire"]),
        ValidationError,
        ("Task 't'", "'partners'", "without the task's own", "leaving out department"),
    ),
    ("partners None", lambda: Task(**TASK, partners=None), ValidationError, ("'partners'",)),
    (
        "partners unhashable",
        lambda: Task(**TASK, partners=[["fire"]]),
        ValidationError,
        ("'partners'",),
    ),
]


@rejections(PARTNER_REFUSALS)
def test_a_tasks_partners_are_other_departments_names(
    call: Callable[[], object], error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Partners are a set of other departments' names, never the task's own (R4.6)."""
    assert_refused_fast(call, error, *fragments)


def test_a_task_without_partners_writes_no_partners_key() -> None:
    """A one-department task's data is as before partners existed, so its fingerprint is too."""
    data = Task(**TASK).to_data()
    assert "partners" not in data
    assert Task(**TASK) == Task.from_mapping(data)


def test_a_joint_tasks_partners_are_written_sorted_and_read_back() -> None:
    """Partners are written as a sorted list and read from a list or ``"a;b"`` text (R4.6)."""
    task = Task(**TASK, partners=("market", "fire"))
    assert frozenset({"fire", "market"}) == task.partners
    assert ["fire", "market"] == task.to_data()["partners"]
    assert task == Task.from_mapping(task.to_data())
    assert task == Task.from_mapping({**TASK, "partners": "market; fire"})
    assert Task(**TASK) == Task.from_mapping({**TASK, "partners": ""})
