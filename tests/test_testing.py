"""randinspect.testing: factories deterministic from a seed, of the requested shape; strategies.

The factories' stream is re-derived here with hashlib from its documented
encoding; the grade counts of the largest-remainder rule are worked by
hand; the strategies are checked through ``st.from_type`` for every type
they register, and the package is imported with Hypothesis blocked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import struct
import subprocess
import sys
from collections import Counter
from fractions import Fraction
from typing import Any

import attrs
import pytest
from assertions import assert_rejected, rejections
from hypothesis import find, given, settings
from hypothesis import strategies as st

import randinspect
from randinspect import testing as rit
from randinspect.assignment import assign_inspectors
from randinspect.draw import Seed
from randinspect.errors import InvalidIdError, InvalidRatioError, ValidationError
from randinspect.model import Flag, Grade, Inspector, Subject, Task, TaskKind
from randinspect.registry import Registry
from randinspect.sampling import draw_subjects
from randinspect.testing import _tables, strategies

# --- the stream, re-derived -------------------------------------------------------------


def test_subject_zero_is_read_from_the_documented_stream() -> None:
    """Subject 0 of seed 1 is block 0 of SHA-256("randinspect-testing/1|1|S|0"), as documented.

    Bytes 6..11 pick kind, trade name, name ending, district, nature and scale
    (each modulo its table's length); the 32-bit words from byte 12 are the
    draws of blacklisted, abnormal, penalized, high-risk and trusted, a hit
    below floor(rate * 2**32). Its grade, alone in a registry of one, is B:
    the largest-remainder split of 1 by 30/40/20/10% gives B the only seat.
    """
    block = hashlib.sha256(b"randinspect-testing/1|1|S|0").digest()
    kind_b, trade_b, ending_b, region_b, nature_b, scale_b = block[6:12]
    words = struct.unpack(">5I", block[12:32])
    kind = _tables.KINDS[kind_b % len(_tables.KINDS)]
    region = _tables.CITIES["平顶山市"][region_b % 10]
    rates = [Fraction(1, 100), Fraction(2, 100), Fraction(3, 100), Fraction(5, 100)]
    rates.append(Fraction(10, 100))
    order = [Flag.BLACKLISTED, Flag.ABNORMAL, Flag.PENALIZED, Flag.HIGH_RISK, Flag.TRUSTED]
    expected = Subject(
        id="s0",
        grade="B",
        name="平顶山市"
        + region
        + _tables.TRADE_NAMES[trade_b % 40]
        + kind.endings[ending_b % len(kind.endings)],
        attributes={
            "type": kind.type,
            "industry": kind.industry,
            "region": region,
            "nature": _tables.NATURES[nature_b % 8],
            "scale": _tables.SCALES[scale_b % 8],
        },
        flags={f for f, w, r in zip(order, words, rates, strict=True) if w < int(r * 2**32)},
    )
    assert (expected,) == rit.registry(1, seed=1).subjects


def test_an_int_seed_is_its_decimal_text() -> None:
    """seed=7 and seed="7" are one seed (the stream writes an int in decimal)."""
    assert rit.registry(50, seed=7) == rit.registry(50, seed="7")


# --- determinism ------------------------------------------------------------------------


def test_same_seed_same_data_different_seed_different() -> None:
    """Every factory gives equal values for equal arguments, and others for another seed."""
    one, again, other = (rit.registry(2_000, seed=s) for s in (1, 1, 2))
    assert one == again
    assert one.fingerprint == again.fingerprint
    assert one.fingerprint != other.fingerprint
    assert rit.roster(30, seed=1, registry=one, conflicts="50%") == rit.roster(
        30, seed=1, registry=one, conflicts="50%"
    )
    assert rit.roster(30, seed=1) != rit.roster(30, seed=2)
    assert rit.history(one, seed=1) == rit.history(one, seed=1)
    assert rit.history(one, seed=1) != rit.history(one, seed=2)
    assert rit.plan() == rit.plan()


def test_a_subject_depends_on_its_index_and_the_seed_alone() -> None:
    """With all subjects of one grade, registry(n) is registry(n + k)'s first n, ids aside."""
    only_a = {"A": "100%"}

    def strip(subject: Subject) -> tuple[Any, ...]:
        return (subject.name, subject.attributes, subject.flags)

    small = rit.registry(10, seed=3, grades=only_a)
    large = rit.registry(100, seed=3, grades=only_a)
    assert [strip(s) for s in small] == [strip(s) for s in large.subjects[:10]]


# --- shape ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "mix", "expected"),
    [
        # 10 / 3 = 3.33 each: floors 3, 3, 3; one left, the remainders tie: to A.
        (10, {"A": Fraction(1, 3), "B": Fraction(1, 3), "C": Fraction(1, 3)}, (4, 3, 3, 0)),
        # 7 x 30/40/20/10% = 2.1, 2.8, 1.4, 0.7: floors 2, 2, 1, 0; two left: B (.8), D (.7).
        (7, None, (2, 3, 1, 1)),
        (100_000, None, (30_000, 40_000, 20_000, 10_000)),
        (3, {"D": "100%"}, (0, 0, 0, 3)),
        (0, None, (0, 0, 0, 0)),
    ],
)
def test_grade_counts_are_exact_by_the_largest_remainder_rule(
    n: int, mix: dict[str, Any] | None, expected: tuple[int, ...]
) -> None:
    """Grades follow the mix exactly: floor of n x share, the rest to the largest remainders."""
    counts = Counter(s.grade for s in rit.registry(n, seed=5, grades=mix))
    assert expected == tuple(counts[g] for g in Grade)


def test_flags_come_at_their_rates_and_the_registry_looks_like_a_city() -> None:
    """100,000 subjects (the speed smoke): each flag within 5 standard deviations of n x rate.

    Flags are independent draws (binomial counts); the seed is fixed, so the
    bound cannot flake. Every subject is in a district of 平顶山市, of a
    known type, with a name that starts with its city and district.
    """
    n = 100_000
    built = rit.registry(n, seed=11, flags={"high_risk": "5%", "blacklisted": "1%"})
    assert n == len(built)
    assert [f"s{i:05d}" for i in (0, 1, n - 1)] == [built.subjects[i].id for i in (0, 1, n - 1)]
    counts = Counter(flag for s in built for flag in s.flags)
    for flag, rate in ((Flag.HIGH_RISK, 0.05), (Flag.BLACKLISTED, 0.01)):
        assert abs(counts[flag] - n * rate) <= 5 * math.sqrt(n * rate * (1 - rate))
    assert set(counts) == {Flag.HIGH_RISK, Flag.BLACKLISTED}
    regions = Counter(s.attributes["region"] for s in built)
    assert set(_tables.CITIES["平顶山市"]) == set(regions)
    assert all(s.name.startswith("平顶山市" + s.attributes["region"]) for s in built)
    assert set(rit.TYPES) == {s.attributes["type"] for s in built}


def test_types_and_city_choose_the_units() -> None:
    """``types`` and ``city`` restrict a subject's type and region; no flags for ``{}``."""
    built = rit.registry(300, seed=2, types=["酒店"], city="漯河市", flags={})
    assert {"酒店"} == {s.attributes["type"] for s in built}
    assert {s.attributes["region"] for s in built} <= set(_tables.CITIES["漯河市"])
    assert all(not s.flags for s in built)


def test_roster_shares_are_exact_counts() -> None:
    """round(n x share), halves up: 3 of 10 lead (30%), 8 of 10 certified (75% is 7.5)."""
    registry = rit.registry(100, seed=1)
    team = rit.roster(10, seed=4, certified="75%", registry=registry, conflicts="20%")
    assert 3 == sum(i.can_lead for i in team)
    assert 8 == sum(i.certified for i in team)
    assert 2 == sum(bool(i.conflicts) for i in team)
    assert {c for i in team for c in i.conflicts} <= {s.id for s in registry}
    assert all(i.certificate_no for i in team if i.certified)
    assert all(i.certificate_expires is None for i in team if not i.certified)
    departments = rit.roster(4, seed=4, departments=["卫东区民政局", "卫东区消防救援大队"])
    assert ["卫东区民政局", "卫东区消防救援大队"] * 2 == [i.department for i in departments]


def test_history_has_the_shares_it_was_asked_for() -> None:
    """Of 1,000 subjects 200 inspected (20%), 50 of them twice (5%): 250 tasks, 25 complaints."""
    registry = rit.registry(1_000, seed=1)
    tasks = rit.history(registry, seed=1, year=2023, units=["养老服务股", "执法大队"])
    assert 250 == len(tasks)
    per_subject = Counter(t.subject_id for t in tasks)
    assert (200, 50) == (len(per_subject), sum(1 for c in per_subject.values() if c == 2))
    assert 25 == sum(t.kind is TaskKind.COMPLAINT for t in tasks)
    assert all(t.on is not None and t.on.year == 2023 == t.year for t in tasks)
    assert {"养老服务股", "执法大队"} == {t.unit for t in tasks}


def test_plan_is_document_000s_shape() -> None:
    """Variant W ratios, two half-years, one item per type, a partner's own item (R2.1, R6.2)."""
    made = rit.plan(types=["养老机构", "餐饮"], partners=_tables.PARTNERS)
    assert ("5%", "10%", "15%", "20%") == tuple(made.to_data()["ratios"].values())
    assert [
        (dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
        (dt.date(2024, 7, 1), dt.date(2024, 12, 31)),
    ] == [(p.start, p.end) for p in made.periods]
    assert ["养老机构", "餐饮", "养老机构", "养老机构"] == [i.subject_type for i in made.items]
    assert {"卫东区民政局", *_tables.PARTNERS} == {i.department for i in made.items}
    assert made.joint
    quarters = rit.plan(ratios="F", periods=4, boost=None)
    assert (dt.date(2024, 4, 1), dt.date(2024, 6, 30)) == (
        quarters.periods[1].start,
        quarters.periods[1].end,
    )
    assert quarters.boost is None


def test_the_factories_make_a_campaign_end_to_end() -> None:
    """A factory plan drawn from a factory registry with its history, staffed from a roster."""
    registry = rit.registry(2_000, seed=9)
    drawn = draw_subjects(
        rit.plan(), registry, seed=Seed.derive("t"), history=rit.history(registry)
    )
    assert drawn.drawn
    staffed = assign_inspectors(drawn, rit.roster(20, seed=9), seed=Seed.derive("t", "team"))
    assert len(drawn.drawn) == len(staffed.tasks)


def _bad(value: object) -> Any:
    """``value``, typed as anything: an argument of the wrong type, on purpose."""
    return value


INVALID = [
    ("n a bool", lambda: rit.registry(True), ValidationError, ("'n'", "whole number")),
    ("n negative", lambda: rit.registry(-1), ValidationError, ("'n'",)),
    (
        "seed a float",
        lambda: rit.registry(3, seed=_bad(1.5)),
        ValidationError,
        ("'seed'", "int or text"),
    ),
    ("seed with |", lambda: rit.registry(3, seed="a|b"), InvalidIdError, ("'seed'", "'|'")),
    (
        "shares not 1",
        lambda: rit.registry(3, grades={"A": "50%"}),
        ValidationError,
        ("add up to 1/2", "R2.1"),
    ),
    ("grade unknown", lambda: rit.registry(3, grades={"E": "100%"}), ValidationError, ("grade",)),
    ("grades a list", lambda: rit.registry(3, grades=_bad(["A"])), ValidationError, ("'grades'",)),
    (
        "flag unknown",
        lambda: rit.registry(3, flags={"x": "1%"}),
        ValidationError,
        ("'flags'", "Flag"),
    ),
    (
        "flag rate bad",
        lambda: rit.registry(3, flags={"trusted": "150%"}),
        InvalidRatioError,
        ("trusted",),
    ),
    (
        "type unknown",
        lambda: rit.registry(3, types=["工厂"]),
        ValidationError,
        ("'types'", "养老机构"),
    ),
    ("types a str", lambda: rit.registry(3, types="酒店"), ValidationError, ("'types'",)),
    ("no type", lambda: rit.registry(3, types=[]), ValidationError, ("names no subject type",)),
    (
        "city unknown",
        lambda: rit.registry(3, city="郑州市"),
        ValidationError,
        ("'city'", "平顶山市"),
    ),
    ("prefix bad", lambda: rit.registry(3, prefix="a|"), ValidationError, ("'prefix'",)),
    ("no departments", lambda: rit.roster(3, departments=[]), ValidationError, ("'departments'",)),
    (
        "conflicts alone",
        lambda: rit.roster(3, conflicts="10%"),
        ValidationError,
        ("'registry'", "R4.3"),
    ),
    ("lead share bad", lambda: rit.roster(3, can_lead="x"), InvalidRatioError, ("'can_lead'",)),
    (
        "twice > once",
        lambda: rit.history(rit.registry(5), inspected="1%", twice="2%"),
        ValidationError,
        ("'twice'", "R5.1"),
    ),
    ("history of ints", lambda: rit.history(_bad([1, 2])), ValidationError, ("'registry'",)),
    ("periods 5", lambda: rit.plan(periods=5), ValidationError, ("'periods'", "R3.3")),
    ("periods 2.0", lambda: rit.plan(periods=_bad(2.0)), ValidationError, ("'periods'",)),
    (
        "grade share bad",
        lambda: rit.registry(3, grades={"A": 1}),
        InvalidRatioError,
        ("'grades.A'",),
    ),
    ("plan id bad", lambda: rit.plan(id="p|1"), InvalidIdError, ("'id'", "'|'")),
    ("department blank", lambda: rit.plan(department=" "), ValidationError, ("'department'",)),
    ("partner not text", lambda: rit.plan(partners=[_bad(1)]), ValidationError, ("'partners'",)),
    ("boost bad", lambda: rit.plan(boost="x"), InvalidRatioError, ("'boost'",)),
    ("team not a rule", lambda: rit.plan(team=_bad("x")), ValidationError, ("'team'", "TeamRule")),
    (
        "unit not text",
        lambda: rit.history(rit.registry(5), units=[_bad(1)]),
        ValidationError,
        ("'units'",),
    ),
    (
        "item id bad",
        lambda: rit.history(rit.registry(5), items=["a|b"]),
        InvalidIdError,
        ("'items'",),
    ),
    ("variant X", lambda: rit.plan(ratios="X"), ValidationError, ("'ratios'", "'W'")),
]


@rejections(INVALID)
def test_bad_arguments_are_refused_with_the_fix(
    call: Any, error: type[ValidationError], fragments: tuple[str, ...]
) -> None:
    """Each bad argument raises our error, naming the argument and what to pass."""
    assert_rejected(call, error, *fragments)


# --- strategies -------------------------------------------------------------------------


def _valid(value: object) -> None:
    """``value`` rebuilds through its checked constructor, or passes its validators."""
    if isinstance(value, Seed):
        assert value == Seed.from_hex(value.hex)
    elif isinstance(value, Registry):
        assert value == Registry(list(value))
    elif attrs.has(type(value)) and hasattr(type(value), "from_mapping"):
        assert value == type(value).from_mapping(value.to_data())  # type: ignore[attr-defined]
    elif attrs.has(type(value)):  # a result the library made: its fields pass their validators
        attrs.validate(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("cls", list(strategies._REGISTERED), ids=lambda c: c.__name__)
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_from_type_builds_valid_values_of_every_registered_type(cls: type, data: Any) -> None:
    """``st.from_type`` of each public type gives a value of the type that passes its checks."""
    value = data.draw(st.from_type(cls))
    assert isinstance(value, cls)
    _valid(value)


RESULTS_OF_FUNCTIONS = {
    "AnnualSummary", "CampaignReport", "CreditEntry", "Deadline", "DeadlineRule", "Discrepancy",
    "Estimate", "Ineligibility", "Infeasibility", "InspectionReport", "ItemFinding",
    "LogEntry", "Overdue", "Place", "PlanDeadlineRule", "RowProblem", "SameAttribute",
    "StratumReport", "StreamedDraw", "Verdict", "YearSchedule",
    "CampaignProbabilities", "ExpectedLoads", "GradeOutcome", "InclusionProbabilities",
    "PolicyComparison", "PolicySimulation", "StratumProbability", "ErrorCode",
}  # fmt: skip
"""Public types without a registered strategy yet: results of reports, deadlines,
verification and staffing logs (made by calling those functions on drawn inputs)."""


def test_every_public_value_type_has_a_strategy_or_is_listed() -> None:
    """Every public class that is not an error, warning or enum is registered or listed above."""
    import enum  # noqa: PLC0415

    public = {
        name
        for name in randinspect.__all__
        if isinstance(value := getattr(randinspect, name), type)
        and not issubclass(value, BaseException | enum.Enum)
    }
    registered = {cls.__name__ for cls in strategies._REGISTERED}
    assert set() == public - registered - RESULTS_OF_FUNCTIONS
    assert set() == registered & RESULTS_OF_FUNCTIONS


def test_values_shrink_to_small_readable_ones() -> None:
    """The smallest subject is s0 of grade A with nothing else; the smallest task names s0s."""
    assert Subject(id="s0", grade="A") == find(st.from_type(Subject), lambda s: True)
    smallest: Inspector = find(st.from_type(Inspector), lambda i: True)
    assert ("s0", "卫东区") == (smallest.id, smallest.department)
    task: Task = find(st.from_type(Task), lambda t: True)
    assert ("s0", "s0", "s0", ("s0",)) == (task.id, task.plan_id, task.subject_id, task.items)


@settings(max_examples=5, deadline=None)
@given(strategies.large_registries(max_size=5_000))
def test_large_registries_come_from_the_factory(registry: Registry) -> None:
    """Hypothesis draws big realistic registries through the factory's size and seed."""
    assert all(s.attributes["type"] in rit.TYPES for s in registry)


def test_the_old_names_are_forwarded_to_the_strategies() -> None:
    """``rst.subjects`` and ``from randinspect.testing import plans`` are the strategies'."""
    from randinspect.testing import plans, seeds  # noqa: PLC0415

    assert (plans, seeds) == (strategies.plans, strategies.seeds)
    assert rit.subjects is strategies.subjects
    assert {"subjects", "plans", "registry"} <= set(dir(rit))
    with pytest.raises(AttributeError, match="no_such"):
        rit.no_such  # type: ignore[attr-defined]  # noqa: B018


_BLOCKED = """
import sys
sys.modules["hypothesis"] = None  # import hypothesis now raises ImportError
import randinspect.testing as rit
print(len(rit.registry(1_000, seed=1)), len(rit.roster(5)), rit.plan().id)
for attempt in ("rit.subjects", "__import__('randinspect.testing.strategies')"):
    try:
        eval(attempt)
    except ModuleNotFoundError as error:
        print(error.name, "|", error)
try:
    from randinspect.testing import plans
except ImportError as error:
    print(type(error).__name__)
"""


def test_the_factories_work_without_hypothesis() -> None:
    """With Hypothesis blocked the factories run; a strategy raises, naming the extra."""
    out = subprocess.run(
        [sys.executable, "-c", _BLOCKED], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert "1000 5 p2024" == out[0]
    fix = 'pip install "randinspect[testing]"'
    assert all(line.startswith("hypothesis | ") and fix in line for line in out[1:3]), out
    assert "ModuleNotFoundError" == out[3]
