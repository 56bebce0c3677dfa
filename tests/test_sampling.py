"""The stratified subject draw: sizes, eligibility, order-independence, accounting, record."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from assertions import assert_refused_fast, assert_rejected, rejections
from hypothesis import given, settings
from hypothesis import strategies as st

from randinspect import (
    CapPolicy,
    CheckItem,
    DuplicateIdError,
    ExclusionReason,
    Fate,
    Flag,
    FlagStratum,
    Grade,
    InvalidDateError,
    InvalidSeedError,
    Period,
    Plan,
    RandInspectError,
    Ratios,
    Registry,
    Seed,
    Subject,
    SubjectDraw,
    Task,
    TaskKind,
    UnknownIdError,
    ValidationError,
    cap_exclusions,
    draw_subjects,
)
from randinspect import testing as rst

GOLDEN = json.loads((Path(__file__).parent / "data" / "golden_draw.json").read_text("utf-8"))
ELDER = CheckItem(id="elder-care", name="养老机构安全检查", department="civil-affairs")
SEED = Seed.derive("tests")


def plan(**changes: Any) -> Plan:
    fields: dict[str, Any] = {
        "id": "p1",
        "year": 2024,
        "department": "civil-affairs",
        "items": [ELDER],
        "ratios": Ratios(A="5%", B="10%", C="15%", D="20%"),
    }
    return Plan(**{**fields, **changes})


def task(n: int, subject_id: str, **changes: Any) -> Task:
    fields: dict[str, Any] = {
        "id": f"t{n}",
        "plan_id": "earlier",
        "subject_id": subject_id,
        "items": ["x"],
        "department": "civil-affairs",
        "on": dt.date(2024, 3, 1),
    }
    return Task(**{**fields, **changes})


def key_hex(seed: Seed, plan_id: str, subject_id: str) -> str:
    """An independent key computation: hashlib only, as the spec page says."""
    return hashlib.sha256(f"{seed.hex}|S|{plan_id}|{subject_id}".encode()).hexdigest()


# --- the golden draw ------------------------------------------------------------------


@pytest.fixture(scope="module")
def golden() -> SubjectDraw:
    return draw_subjects(
        Plan.from_mapping(GOLDEN["plan"]),
        [Subject.from_mapping(row) for row in GOLDEN["registry"]],
        seed=Seed.from_hex(GOLDEN["seed"]),
        history=[Task.from_mapping(row) for row in GOLDEN["history"]],
    )


def test_golden_strata(golden: SubjectDraw) -> None:
    """Every stratum's N_s, E_s, n_s, sample and cutoff are the hand-worked ones."""
    actual = {
        s.name: {
            "in_scope": s.in_scope,
            "eligible": s.eligible,
            "required": s.required,
            "drawn": list(s.drawn),
            "cutoff": s.cutoff,
        }
        for s in golden.strata
    }
    assert GOLDEN["expected"]["strata"] == actual


def test_golden_order_periods_and_fates(golden: SubjectDraw) -> None:
    """Drawn subjects come in key order, dealt to periods by rank, every fate as worked out."""
    expected = GOLDEN["expected"]
    assert expected["drawn_in_key_order"] == [d.subject.id for d in golden.drawn]
    assert expected["periods"] == {d.subject.id: d.period.name for d in golden.drawn}
    assert expected["fates"] == {f.subject_id: f.fate.value for f in golden.fates()}
    assert expected["exclusions"] == {e.subject_id: e.reason.value for e in golden.excluded}


def test_golden_keys_match_hashlib(golden: SubjectDraw) -> None:
    """Every key the draw reports is the spec's SHA-256 of seed|S|plan|id."""
    for drawn in golden.drawn:
        assert key_hex(golden.seed, golden.plan.id, drawn.subject.id) == drawn.key


def test_golden_reasons_cite_their_rules(golden: SubjectDraw) -> None:
    """Exclusions and out-of-scope fates say why, with the rule."""
    reasons = {f.subject_id: f.detail for f in golden.fates()}
    assert "R5.1" in reasons["g03"]
    assert "R5.2" in reasons["g08"]
    assert "'region'" in reasons["g11"]
    assert "R3.1" in reasons["g11"]
    assert "'hotel'" in reasons["g13"]


def test_golden_record_is_json_and_names_the_registry(golden: SubjectDraw) -> None:
    """The record is plain JSON with spec, seed, plan, fingerprint and per-stratum facts."""
    record = json.loads(json.dumps(golden.record(), ensure_ascii=False))
    assert "randinspect-draw/1" == record["spec"]
    assert GOLDEN["seed"] == record["seed"]
    assert golden.registry.fingerprint == record["fingerprint"]
    assert 13 == record["registry_size"]
    strata = {s["name"]: s for s in record["strata"]}
    assert ["g03"] == strata["A"]["excluded"]
    assert ["g03", "g08"] == [e["subject_id"] for e in record["excluded"]]
    assert ["cap_reached", "other_unit"] == [e["reason"] for e in record["excluded"]]
    assert "1/2" == strata["A"]["inclusion_probability"]


def third_party_check(record: dict[str, Any], registry: list[dict[str, Any]]) -> None:
    """Re-run a published draw from its record and the registry, with hashlib alone."""
    digest = hashlib.sha256(b"randinspect-fingerprint/1\n")
    for row in sorted(registry, key=lambda r: r["id"].encode()):
        digest.update(
            json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
            + b"\n"
        )
    assert digest.hexdigest() == record["fingerprint"]
    reasons = {e["subject_id"]: e["detail"] for e in record["excluded"]}
    for stratum in record["strata"]:
        excluded = set(stratum["excluded"])
        assert len(excluded) == stratum["in_scope"] - stratum["eligible"]
        assert excluded <= reasons.keys()
        text = stratum["ratio"]
        ratio = Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)
        assert math.ceil(stratum["in_scope"] * ratio) == stratum["required"]
        for subject_id in stratum["drawn"]:
            key = hashlib.sha256(
                f"{record['seed']}|S|{record['plan_id']}|{subject_id}".encode()
            ).hexdigest()
            assert key <= stratum["cutoff"]
            assert subject_id not in excluded


def test_a_third_party_can_check_the_published_record(golden: SubjectDraw) -> None:
    """The record plus the registry re-check with hashlib and json alone."""
    third_party_check(golden.record(), golden.registry.to_data())


# --- sizes and eligibility -----------------------------------------------------------------


def test_sample_size_is_exact_with_a_float_ratio() -> None:
    """ceil(100 x 7%) is 7, not 8: 0.07 is read as 7/100 (R2.2)."""
    registry = [Subject(id=f"s{i:03d}", grade="B") for i in range(100)]
    draw = draw_subjects(plan(ratios=Ratios(A=0, B=0.07, C=0, D=0)), registry, seed=SEED)
    assert (7, 7) == (draw.stratum("B").required, len(draw.stratum("B").drawn))


def test_shortfall_is_reported_not_hidden() -> None:
    """With fewer eligible than required, all eligible are drawn and the shortfall said."""
    registry = [Subject(id=f"s{i}", grade="D") for i in range(4)]
    history = [task(n, f"s{n}") for n in range(3)] + [task(9, "s0", department="fire")]
    strict = plan(ratios=Ratios(D="60%"), caps=CapPolicy(max_per_year=1))
    stratum = draw_subjects(strict, registry, seed=SEED, history=history).stratum("D")
    assert (4, 1, 3, ("s3",), 2) == (
        stratum.in_scope,
        stratum.eligible,
        stratum.required,
        stratum.drawn,
        stratum.shortfall,
    )
    notes = draw_subjects(strict, registry, seed=SEED, history=history).notes
    assert any("shortfall 2" in note and "R2.2" in note for note in notes)


def test_relief_stratum_may_draw_nobody() -> None:
    """Trusted subjects may get a ratio of 0 and then are never drawn (R2.5)."""
    registry = [
        Subject(id=f"s{i}", grade="A", flags={"trusted"} if i % 2 else ()) for i in range(10)
    ]
    draw = draw_subjects(
        plan(ratios=Ratios(A="50%"), relief=FlagStratum(flags={"trusted"}, ratio=0)),
        registry,
        seed=SEED,
    )
    assert (5, 0) == (draw.stratum("relief").in_scope, len(draw.stratum("relief").drawn))
    assert 3 == len(draw.stratum("A").drawn)


def test_strict_cap_of_004_excludes_after_one_inspection() -> None:
    """With max_per_year=1 a subject inspected once this year is not drawn again (R5.4)."""
    registry = [Subject(id="s1", grade="D")]
    history = [task(1, "s1", department="fire")]
    draw = draw_subjects(
        plan(ratios=Ratios(D="100%"), caps=CapPolicy(max_per_year=1)),
        registry,
        seed=SEED,
        history=history,
    )
    assert Fate.EXCLUDED == draw.fate("s1").fate
    assert "R5.4" in draw.fate("s1").detail


def test_cap_exclusions_lists_each_barred_subject_with_its_tasks() -> None:
    """At the cap: every random task of the year; other unit: its tasks; exempt: never (R5).

    Worked by hand: s1 has two random tasks this year (cap 2), one by unit-2;
    s2 one by unit-2 of the same department; s3 one by the plan's own unit and
    a complaint-driven one;
    s4 two, but blacklisted; s5 a complaint and last year's task; s9 is not
    in the registry. Out-of-scope subjects are listed too: scope is the draw's.
    """
    registry = [
        Subject(id=f"s{i}", grade="B", flags={"blacklisted"} if i == 4 else ())
        for i in range(1, 6)
    ]
    history = [
        task(1, "s1", unit="unit-2"),
        task(2, "s1", department="fire"),
        task(3, "s2", unit="unit-2"),
        task(4, "s3", unit="unit-1"),
        task(5, "s3", department="fire", kind=TaskKind.COMPLAINT),
        task(6, "s4", department="fire"),
        task(7, "s4", department="market"),
        task(8, "s5", kind=TaskKind.COMPLAINT, unit="unit-2"),
        task(9, "s5", on=dt.date(2023, 5, 1), unit="unit-2"),
        task(10, "s9", department="fire"),
        task(11, "s9", department="market"),
    ]
    found = cap_exclusions(plan(unit="unit-1"), registry, history=history)
    assert ["s1", "s2"] == list(found)
    assert (ExclusionReason.CAP_REACHED, ("t1", "t2")) == (found["s1"].reason, found["s1"].tasks)
    assert (ExclusionReason.OTHER_UNIT, ("t3",)) == (found["s2"].reason, found["s2"].tasks)
    assert "randomly inspected 2 times in 2024; the cap is 2 a year (R5.1)" == found["s1"].detail
    assert "by unit(s) ['unit-2'] of 'civil-affairs'" in found["s2"].detail
    draw = draw_subjects(
        plan(unit="unit-1", scope={"region": {"卫东区"}}), registry, seed=SEED, history=history
    )
    assert () == draw.excluded  # nobody is in the scope, so nobody is excluded from it


def test_department_rule_can_be_turned_off() -> None:
    """Without the department rule, another unit's inspection only counts towards the cap."""
    registry = [Subject(id="s1", grade="D")]
    history = [task(1, "s1", unit="unit-2")]
    lenient = plan(ratios=Ratios(D="100%"), unit="unit-1", caps=CapPolicy(department_rule=False))
    assert ("s1",) == draw_subjects(lenient, registry, seed=SEED, history=history).stratum(
        "D"
    ).drawn


def test_a_scope_matching_nobody_gives_an_empty_draw_that_says_so() -> None:
    """A directed scope no subject satisfies is not an error; the draw notes it (R3.1)."""
    registry = [Subject(id="s1", grade="A", attributes={"region": "卫东区"})]
    draw = draw_subjects(plan(scope={"region": {"火星"}}), registry, seed=SEED)
    assert (0, 1) == (len(draw.drawn), draw.out_of_scope)
    assert any("火星" in note and "R3.1" in note for note in draw.notes)


def test_an_empty_registry_gives_an_empty_draw() -> None:
    """No subjects, no draw, no exception; the note says why."""
    draw = draw_subjects(plan(), [], seed=SEED)
    assert () == draw.drawn
    assert ("the registry is empty: nothing to draw",) == draw.notes


def test_joint_plan_draws_each_subject_once_with_all_items() -> None:
    """A joint plan's drawn subject carries every department's item (R4.6, R4.7)."""
    fire = CheckItem(id="fire", name="消防检查", department="fire-rescue")
    joint = plan(items=[ELDER, fire], partners={"fire-rescue"}, ratios=Ratios(A="50%"))
    draw = draw_subjects(joint, [Subject(id=f"s{i}", grade="A") for i in range(6)], seed=SEED)
    assert 3 == len(draw.drawn)
    assert {("elder-care", "fire")} == {d.items for d in draw.drawn}


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "fragments"),
    [
        (
            {"registry": [Subject(id="s1", grade="A"), Subject(id="s1", grade="B")]},
            DuplicateIdError,
            ("Registry", "'s1'"),
        ),
        (
            {"history": [Task(id="t", plan_id="p", subject_id="s1", items=["x"], department="d")]},
            InvalidDateError,
            ("Task 't'", "year", "R5.1"),
        ),
        (
            {"history": [task(1, "s1"), task(1, "s2")]},
            DuplicateIdError,
            ("'t1'", "twice"),
        ),
        ({"history": ["t1"]}, ValidationError, ("history[0]", "must be a Task")),
        ({"registry": [{"id": "s1"}]}, ValidationError, ("subjects[0]", "must be a Subject")),
        ({"registry": "s1"}, ValidationError, ("collection of Subject",)),
        ({"seed": "00" * 32}, InvalidSeedError, ("Seed.from_hex",)),
        ({"plan": {"id": "p1"}}, ValidationError, ("must be a Plan",)),
    ],
)
def test_bad_input_gets_a_clear_error(
    kwargs: dict[str, Any], error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Malformed registries, histories, seeds and plans raise RandInspectError subclasses."""
    arguments: dict[str, Any] = {
        "plan": plan(),
        "registry": [Subject(id="s1", grade="A")],
        "seed": SEED,
        **kwargs,
    }
    plan_, registry = arguments.pop("plan"), arguments.pop("registry")
    assert_rejected(lambda: draw_subjects(plan_, registry, **arguments), error, *fragments)


def test_complaint_tasks_need_no_date() -> None:
    """A complaint-driven task never counts, so it needs no year (R5.5)."""
    complaint = Task(
        id="c",
        plan_id="hotline",
        subject_id="s1",
        items=["x"],
        department="d",
        kind=TaskKind.COMPLAINT,
    )
    draw = draw_subjects(
        plan(ratios=Ratios(A="100%")),
        [Subject(id="s1", grade="A")],
        seed=SEED,
        history=[complaint],
    )
    assert ("s1",) == draw.stratum("A").drawn


def test_fate_of_an_unknown_subject_is_an_error(golden: SubjectDraw) -> None:
    """Asking about a subject the registry does not hold is a LookupError naming it."""
    with pytest.raises(UnknownIdError, match="nobody"):
        golden.fate("nobody")


# --- bad input: refused up front, with the library's own error, fast (issue 9) ------------

REGISTRY = Registry(
    [Subject(id="s1", grade="A"), Subject(id="s2", grade="B", flags={"high_risk", "trusted"})]
)
DRAW = draw_subjects(plan(), REGISTRY, seed=SEED)


def drawing(**changes: Any) -> Any:
    """A draw of the small registry, with some arguments changed."""
    arguments: dict[str, Any] = {"plan": plan(), "registry": REGISTRY, "seed": SEED, **changes}
    plan_, registry = arguments.pop("plan"), arguments.pop("registry")
    return lambda: draw_subjects(plan_, registry, **arguments)


DRAW_REFUSALS = [
    ("history None", drawing(history=None), ValidationError, ("'history'", "NoneType", "()")),
    ("history str", drawing(history="t1"), ValidationError, ("'history'", "not str")),
    (
        "history mapping",
        drawing(history={task(1, "s1"): 1}),
        ValidationError,
        ("'history'", "dict"),
    ),
    ("history int", drawing(history=5), ValidationError, ("'history'", "int")),
    (
        "history of None",
        drawing(history=[task(1, "s1"), None]),
        ValidationError,
        ("'history[1]'", "must be a Task"),
    ),
    (
        "history of rows",
        drawing(history=[{"id": "t1"}]),
        ValidationError,
        ("'history[0]'", "dict", "Task.from_mapping(row)", "R5.1"),
    ),
    ("history of ids", drawing(history=["t1"]), ValidationError, ("'history[0]'", "str")),
    (
        "registry None",
        drawing(registry=None),
        ValidationError,
        ("Registry", "'subjects'", "NoneType"),
    ),
    (
        "registry mapping",
        drawing(registry={"s1": REGISTRY["s1"]}),
        ValidationError,
        ("'subjects'", "dict"),
    ),
    ("registry bytes", drawing(registry=b"s1"), ValidationError, ("'subjects'", "bytes")),
    (
        "registry of rows",
        drawing(registry=[REGISTRY["s1"], {"id": "a|b", "grade": "A"}]),
        ValidationError,
        ("'subjects[1]'", "dict", "Subject.from_mapping(row)", "R1.4"),
    ),
    ("registry of ints", drawing(registry=[1]), ValidationError, ("'subjects[0]'", "int")),
    ("plan None", drawing(plan=None), ValidationError, ("draw_subjects", "'plan'", "NoneType")),
    ("plan id", drawing(plan="p1"), ValidationError, ("'plan'", "Plan.from_mapping")),
    ("seed None", drawing(seed=None), InvalidSeedError, ("draw_subjects", "'seed'", "NoneType")),
    (
        "seed bytes",
        drawing(seed=SEED.bytes),
        InvalidSeedError,
        ("'seed'", "bytes", "Seed.from_hex"),
    ),
]


@rejections(DRAW_REFUSALS)
def test_draw_subjects_refuses_bad_arguments(
    call: Any, error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Every argument's type is checked before it is used; a str or mapping is never iterated."""
    assert_refused_fast(call, error, *fragments)


def test_a_random_task_with_a_date_but_no_year_is_told_so() -> None:
    """A task carried out on a day but with year None is not told to "set on=" (R5.1).

    The message names the task, its place in the history, the field and the
    year to write.
    """
    call = drawing(history=[task(1, "s1"), task(2, "s1", year=None)])
    assert_refused_fast(call, InvalidDateError, "Task 't2' (history[1])", "'year'", "year=2024")


def test_history_may_be_a_generator() -> None:
    """A generator of tasks is read once, and gives the draw a list gives."""
    history = [task(1, "s1"), task(2, "s1", department="fire")]
    strict = plan(ratios=Ratios(A="100%"))
    expected = draw_subjects(strict, REGISTRY, seed=SEED, history=history)
    assert expected == draw_subjects(strict, REGISTRY, seed=SEED, history=(t for t in history))
    assert Fate.EXCLUDED == expected.fate("s1").fate


RESULT_REFUSALS = [
    (
        "stratum of an int",
        lambda: DRAW.stratum(5),  # type: ignore[arg-type]
        ValidationError,
        ("plan 'p1'", "'stratum'", "int", "'A'"),
    ),
    ("stratum of None", lambda: DRAW.stratum(None), ValidationError, ("'stratum'", "NoneType")),  # type: ignore[arg-type]
    ("stratum of a bool", lambda: DRAW.stratum(True), ValidationError, ("'stratum'", "bool")),  # type: ignore[arg-type]
    ("stratum of a list", lambda: DRAW.stratum([]), ValidationError, ("'stratum'", "list")),  # type: ignore[arg-type]
    ("unknown stratum", lambda: DRAW.stratum("Z"), UnknownIdError, ("'stratum'", "'Z'", "'D'")),
    ("absent boost", lambda: DRAW.stratum("boost"), UnknownIdError, ("'stratum'", "'boost'")),
    (
        "fate of None",
        lambda: DRAW.fate(None),  # type: ignore[arg-type]
        ValidationError,
        ("plan 'p1'", "'subject_id'", "NoneType"),
    ),
    ("fate of a list", lambda: DRAW.fate([]), ValidationError, ("'subject_id'", "list")),  # type: ignore[arg-type]
    ("fate of NaN", lambda: DRAW.fate(float("nan")), ValidationError, ("'subject_id'", "float")),  # type: ignore[arg-type]
    ("fate of a huge id", lambda: DRAW.fate("x" * 10**6), UnknownIdError, ("'subject_id'",)),
    ("Fate of None", lambda: Fate(None), ValidationError, ("Fate", "None", "'drawn'")),
    ("Fate of a huge int", lambda: Fate(10**5000), ValidationError, ("Fate", "'out_of_scope'")),
    ("Fate of a word", lambda: Fate("chosen"), ValidationError, ("'chosen'", "'not_drawn'")),
]


@rejections(RESULT_REFUSALS)
def test_a_draw_refuses_bad_questions(
    call: Any, error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """stratum() and fate() check their argument's type before looking it up."""
    assert_refused_fast(call, error, *fragments)


def test_fate_reads_its_values_and_names() -> None:
    """Fate("drawn") and Fate("DRAWN") are Fate.DRAWN, as for the model's enums."""
    assert [Fate.DRAWN] * 3 == [Fate("drawn"), Fate("DRAWN"), Fate.parse(" Drawn ")]


def test_a_stratum_is_named_as_grade_parse_reads_it() -> None:
    """A grade stratum answers to its Grade, its letter in either case and the risk words."""
    expected = DRAW.stratum(Grade.C)
    assert [expected] * 3 == [DRAW.stratum(name) for name in ("C", "c", "中高")]


def test_a_fate_says_why_in_detail_and_reason_is_deprecated() -> None:
    """SubjectFate.detail holds the words; .reason still returns them, with a warning."""
    fate = DRAW.fate("s1")
    assert fate.detail.startswith("key ")
    with pytest.warns(DeprecationWarning, match="SubjectFate.detail"):
        assert fate.detail == fate.reason
    row = fate.to_data()
    assert (fate.detail, False) == (row["detail"], "reason" in row)


REGISTRY_REFUSALS = [
    ("an int", lambda: Registry(5), ValidationError, ("Registry", "'subjects'", "int")),  # type: ignore[arg-type]
    ("a str", lambda: Registry("s1"), ValidationError, ("'subjects'", "not str")),  # type: ignore[arg-type]
    (
        "a mapping",
        lambda: Registry({"s1": REGISTRY["s1"]}),  # type: ignore[dict-item]
        ValidationError,
        ("'subjects'", "dict"),
    ),
    (
        "a row",
        lambda: Registry([{"id": "s1"}]),  # type: ignore[list-item]
        ValidationError,
        ("'subjects[0]'", "Subject.from_mapping(row)"),
    ),
    ("a deep list", lambda: Registry([[[[]]]]), ValidationError, ("'subjects[0]'", "list")),  # type: ignore[list-item]
    (
        "an id twice",
        lambda: Registry([Subject(id="s1", grade="A"), Subject(id="s1", grade="B")]),
        DuplicateIdError,
        ("'subjects'", "'s1'", "R1.4", "one entry per subject"),
    ),
    ("an int id", lambda: REGISTRY[5], ValidationError, ("Registry", "'subject_id'", "int")),  # type: ignore[index]
    ("a list id", lambda: REGISTRY[[]], ValidationError, ("'subject_id'", "list")),  # type: ignore[index]
    ("get of a list", lambda: REGISTRY.get([]), ValidationError, ("'subject_id'", "list")),  # type: ignore[arg-type]
    (
        "unknown id",
        lambda: REGISTRY["nobody"],
        UnknownIdError,
        ("'subject_id'", "'nobody'", "get()"),
    ),
    (
        "grade Z",
        lambda: REGISTRY.ids_with_grade("Z"),
        ValidationError,
        ("ids_with_grade", "'grade'", "'Z'", "R2.1"),
    ),
    ("grade None", lambda: REGISTRY.ids_with_grade(None), ValidationError, ("'grade'", "None")),  # type: ignore[arg-type]
    (
        "grade NaN",
        lambda: REGISTRY.ids_with_grade(float("nan")),  # type: ignore[arg-type]
        ValidationError,
        ("'grade'", "nan"),
    ),
    ("grade list", lambda: REGISTRY.ids_with_grade([]), ValidationError, ("'grade'",)),  # type: ignore[arg-type]
    (
        "flags str",
        lambda: REGISTRY.with_flags("x"),
        ValidationError,
        ("with_flags", "'flags'", "not str"),
    ),
    (
        "one flag",
        lambda: REGISTRY.with_flags(Flag.HIGH_RISK),  # type: ignore[arg-type]
        ValidationError,
        ("'flags'", "Flag", "{Flag.HIGH_RISK}"),
    ),
    ("flags None", lambda: REGISTRY.with_flags(None), ValidationError, ("'flags'", "NoneType")),  # type: ignore[arg-type]
    (
        "unknown flag",
        lambda: REGISTRY.with_flags(["nope"]),
        ValidationError,
        ("'flags'", "'nope'", "R1.4"),
    ),
    ("a list flag", lambda: REGISTRY.with_flags([[]]), ValidationError, ("'flags'",)),  # type: ignore[list-item]
]


@rejections(REGISTRY_REFUSALS)
def test_a_registry_refuses_bad_input(
    call: Any, error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Building and querying a Registry check types first: no KeyError, no TypeError."""
    assert_refused_fast(call, error, *fragments)


def test_registry_queries_read_what_the_parsers_read() -> None:
    """ids_with_grade and with_flags take the words Grade.parse and Flag.parse take."""
    assert [("s1",)] * 3 == [REGISTRY.ids_with_grade(g) for g in (Grade.A, "a", "低")]
    expected = (REGISTRY["s2"],)
    assert [expected] * 3 == [
        REGISTRY.with_flags(f) for f in ({Flag.HIGH_RISK}, ["high_risk"], ("关注度高", "trusted"))
    ]


def test_membership_of_a_non_str_is_false() -> None:
    """``x in registry`` answers False for what cannot be an id, as for an unknown id."""
    assert (True, False, False, False) == tuple(x in REGISTRY for x in ("s1", "s3", 5, []))  # type: ignore[var-annotated]


# --- properties ----------------------------------------------------------------------------

SCOPED = ["卫东区", "新华区"]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Plan, list[Subject], list[Task]]:
    """A plan, a registry and a history, small and varied."""
    subjects = draw(
        st.lists(
            st.builds(
                Subject,
                id=st.sampled_from([f"s{i:02d}" for i in range(40)]),
                grade=rst.grades(),
                attributes=st.fixed_dictionaries({"region": st.sampled_from(SCOPED)}),
                flags=st.frozensets(
                    st.sampled_from([Flag.HIGH_RISK, Flag.BLACKLISTED, Flag.TRUSTED])
                ),
            ),
            unique_by=lambda s: s.id,
            max_size=40,
        )
    )
    ratios = draw(
        st.builds(Ratios, A=rst.ratios(), B=rst.ratios(), C=rst.ratios(), D=rst.ratios())
    )
    top = max(r for _, r in ratios.items())
    boost = draw(
        st.none()
        | st.builds(FlagStratum, flags=st.just({Flag.HIGH_RISK}), ratio=st.fractions(top, 1))
    )
    relief = draw(
        st.none() | st.builds(FlagStratum, flags=st.just({Flag.TRUSTED}), ratio=rst.ratios())
    )
    scope = draw(st.sampled_from([{}, {"region": {"卫东区"}}]))
    chosen = plan(
        ratios=ratios,
        boost=boost,
        relief=relief,
        scope=scope,
        unit="unit-1",
        caps=CapPolicy(max_per_year=draw(st.integers(1, 2))),
        periods=[
            Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30), name="H1"),
            Period(start=dt.date(2024, 7, 1), end=dt.date(2024, 12, 31), name="H2"),
        ],
    )
    history = [
        task(
            n,
            draw(st.sampled_from([f"s{i:02d}" for i in range(40)])),
            unit=draw(st.sampled_from(["unit-1", "unit-2"])),
            department=draw(st.sampled_from(["civil-affairs", "fire"])),
            kind=draw(st.sampled_from(TaskKind)),
            on=dt.date(draw(st.sampled_from([2023, 2024])), 5, 1),
        )
        for n in range(draw(st.integers(0, 30)))
    ]
    return chosen, subjects, history


@settings(max_examples=150)
@given(scenarios(), rst.seeds())
def test_sizes_follow_the_spec(
    scenario: tuple[Plan, list[Subject], list[Task]], seed: Seed
) -> None:
    """Drawn = min(ceil(N_s r_s), E_s); the achieved ratio is at least r_s without shortfall."""
    chosen, subjects, history = scenario
    for stratum in draw_subjects(chosen, subjects, seed=seed, history=history).strata:
        assert math.ceil(stratum.in_scope * stratum.ratio) == stratum.required
        assert min(stratum.required, stratum.eligible) == len(stratum.drawn)
        if stratum.shortfall == 0 and stratum.in_scope:
            assert Fraction(len(stratum.drawn), stratum.in_scope) >= stratum.ratio


@settings(max_examples=150)
@given(scenarios(), rst.seeds())
def test_drawn_exactly_when_key_at_most_cutoff(
    scenario: tuple[Plan, list[Subject], list[Task]], seed: Seed
) -> None:
    """An eligible subject is drawn exactly when its key is at most its stratum's cutoff."""
    chosen, subjects, history = scenario
    draw = draw_subjects(chosen, subjects, seed=seed, history=history)
    cutoffs = {s.name: s.cutoff for s in draw.strata}
    for fate in draw.fates():
        if fate.fate in {Fate.DRAWN, Fate.NOT_DRAWN}:
            assert fate.stratum is not None
            assert fate.key == key_hex(seed, chosen.id, fate.subject_id)
            cutoff = cutoffs[fate.stratum]
            is_under = cutoff is not None and fate.key <= cutoff
            assert (fate.fate is Fate.DRAWN) == is_under


@settings(max_examples=150)
@given(scenarios(), rst.seeds())
def test_every_subject_is_accounted_for_once(
    scenario: tuple[Plan, list[Subject], list[Task]], seed: Seed
) -> None:
    """Each registry subject has exactly one fate, and the counts agree with the strata."""
    chosen, subjects, history = scenario
    draw = draw_subjects(chosen, subjects, seed=seed, history=history)
    fates = draw.fates()
    assert sorted(s.id for s in subjects) == sorted(f.subject_id for f in fates)
    counts = Counter(f.fate for f in fates)
    assert sum(len(s.drawn) for s in draw.strata) == counts[Fate.DRAWN] == len(draw.drawn)
    assert sum(s.in_scope - s.eligible for s in draw.strata) == counts[Fate.EXCLUDED]
    assert draw.out_of_scope == counts[Fate.OUT_OF_SCOPE]
    assert len(draw.to_rows()) == len(subjects)
    third_party_check(draw.record(), Registry(subjects).to_data())


@settings(max_examples=100)
@given(scenarios(), rst.seeds(), st.randoms())
def test_input_order_never_matters(
    scenario: tuple[Plan, list[Subject], list[Task]], seed: Seed, rnd: Any
) -> None:
    """Shuffling the registry and the history changes nothing."""
    chosen, subjects, history = scenario
    shuffled_subjects, shuffled_history = subjects[:], history[:]
    rnd.shuffle(shuffled_subjects)
    rnd.shuffle(shuffled_history)
    assert draw_subjects(chosen, subjects, seed=seed, history=history) == draw_subjects(
        chosen, shuffled_subjects, seed=seed, history=shuffled_history
    )


@settings(max_examples=100)
@given(scenarios(), rst.seeds(), st.integers(1, 10))
def test_adding_out_of_scope_subjects_changes_nothing_among_the_rest(
    scenario: tuple[Plan, list[Subject], list[Task]], seed: Seed, extra: int
) -> None:
    """Subjects outside a directed scope never change who is drawn (R3.1)."""
    chosen, subjects, history = scenario
    directed = Plan.from_mapping({**chosen.to_data(), "scope": {"region": ["卫东区"]}})
    outsiders = [
        Subject(id=f"x{i}", grade="A", attributes={"region": "湛河区"}) for i in range(extra)
    ]
    before = draw_subjects(directed, subjects, seed=seed, history=history)
    after = draw_subjects(directed, subjects + outsiders, seed=seed, history=history)
    assert [d.subject.id for d in before.drawn] == [d.subject.id for d in after.drawn]


@settings(max_examples=100)
@given(scenarios(), rst.seeds(), st.integers(1, 10))
def test_adding_ineligible_subjects_never_undraws_anyone(
    scenario: tuple[Plan, list[Subject], list[Task]], seed: Seed, extra: int
) -> None:
    """Capped newcomers raise N_s (so maybe n_s) but never displace a drawn subject."""
    chosen, subjects, history = scenario
    capped = [
        Subject(id=f"x{i}", grade="B", attributes={"region": "卫东区"}) for i in range(extra)
    ]
    blocking = [
        task(100 + 2 * i + j, s.id, department="fire", on=dt.date(2024, 2, 1))
        for i, s in enumerate(capped)
        for j in range(2)
    ]
    before = {
        d.subject.id for d in draw_subjects(chosen, subjects, seed=seed, history=history).drawn
    }
    after = draw_subjects(chosen, subjects + capped, seed=seed, history=history + blocking)
    assert before <= {d.subject.id for d in after.drawn}
    assert not {s.id for s in capped} & {d.subject.id for d in after.drawn}


# --- a simulated year -------------------------------------------------------------------------


def test_a_simulated_year_never_breaks_the_caps() -> None:
    """Six plans of three departments in sequence: caps and the department rule hold (R5)."""
    registry = Registry(
        Subject(
            id=f"s{i:03d}",
            grade="ABCD"[i % 4],
            flags={"blacklisted"} if i % 25 == 0 else (),
        )
        for i in range(200)
    )
    plans = [
        Plan(
            id=f"{department}-{unit}-{half}",
            year=2024,
            department=department,
            unit=unit,
            items=[CheckItem(id=f"{department}-item", name="检查", department=department)],
            ratios=Ratios(A="30%", B="40%", C="50%", D="60%"),
        )
        for half in ("h1", "h2")
        for department, unit in (("civil", "u1"), ("civil", "u2"), ("fire", "u1"))
    ]
    history: list[Task] = []
    for n, each in enumerate(plans):
        draw = draw_subjects(each, registry, seed=Seed.derive("year", str(n)), history=history)
        history += [
            Task(
                id=f"{each.id}/{d.subject.id}",
                plan_id=each.id,
                subject_id=d.subject.id,
                items=d.items,
                department=each.department,
                unit=each.unit,
                on=dt.date(2024, 3 if "h1" in each.id else 9, 1),
            )
            for d in draw.drawn
        ]
    per_subject: dict[str, list[Task]] = {}
    for done in history:
        per_subject.setdefault(done.subject_id, []).append(done)
    exempt = {s.id for s in registry if s.flags}
    for subject_id, tasks in per_subject.items():
        if subject_id in exempt:
            continue
        assert len(tasks) <= 2, subject_id
        civil_units = {t.unit for t in tasks if t.department == "civil"}
        assert len(civil_units) <= 1, (subject_id, civil_units)
    assert any(len(per_subject.get(i, [])) > 2 for i in exempt), "exempt subjects may exceed it"


# --- uniformity ------------------------------------------------------------------------------

CHI2_19DF_P001 = 43.820
"""Critical value of chi-square with 19 degrees of freedom at p = 0.001 (standard table)."""


def inclusion_chi2(pick: Any) -> float:
    """Chi-square of how often each of 20 subjects is drawn (5 of 20) over 2,000 seeds."""
    counts = Counter({f"s{i:02d}": 0 for i in range(20)})
    for n in range(2000):
        counts.update(pick(Seed.derive("inclusion", str(n))))
    expected = 2000 * 5 / 20
    return sum((c - expected) ** 2 / expected for c in counts.values())


def test_inclusion_is_uniform_within_a_stratum() -> None:
    """Over 2,000 fixed seeds, each of 20 subjects is drawn equally often at 25%."""
    registry = Registry(Subject(id=f"s{i:02d}", grade="C") for i in range(20))
    quarter = plan(ratios=Ratios(C="25%"))

    def pick(seed: Seed) -> tuple[str, ...]:
        return draw_subjects(quarter, registry, seed=seed).stratum(Grade.C).drawn

    assert inclusion_chi2(pick) < CHI2_19DF_P001


def test_the_inclusion_check_catches_a_biased_draw() -> None:
    """The same statistic rejects a draw that favours low ids on key ties (so it can fail)."""

    def pick(seed: Seed) -> list[str]:
        ids = [f"s{i:02d}" for i in range(20)]
        return sorted(ids, key=lambda i: (key_hex(seed, "p1", i)[0] > "7", i))[:5]

    assert inclusion_chi2(pick) > CHI2_19DF_P001
