"""Verifying a published draw from its record alone, and loading it back (R1.5, R5.6, R7.6).

Each tampering of a record, and each change of the registry or history a
record is checked against, must be caught with the right kind of discrepancy
as the first one; an honest record verifies and loads back to a draw whose
record is equal to it, through JSON.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from assertions import assert_rejected
from hypothesis import given, settings
from hypothesis import strategies as st
from test_docs import transcripts

from randinspect import (
    CapPolicy,
    CheckItem,
    Flag,
    FlagStratum,
    Grade,
    Period,
    Plan,
    RecordError,
    Seed,
    Subject,
    Task,
    TaskKind,
    ValidationError,
    draw_subjects,
)
from randinspect.model import amend_plan
from randinspect.registry import Registry
from randinspect.sampling import SubjectDraw
from randinspect.testing import plans
from randinspect.verify import DiscrepancyKind, Verdict, load_draw, verify_draw

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((ROOT / "tests" / "data" / "golden_draw.json").read_text("utf-8"))
K = DiscrepancyKind
Record = dict[str, Any]


# --- the draws -------------------------------------------------------------------------


def golden_inputs() -> tuple[Plan, list[Subject], list[Task], Seed]:
    """The worked draw of docs/draw-spec.md: directed, a boost stratum, periods, caps."""
    return (
        Plan.from_mapping(GOLDEN["plan"]),
        [Subject.from_mapping(row) for row in GOLDEN["registry"]],
        [Task.from_mapping(row) for row in GOLDEN["history"]],
        Seed.from_hex(GOLDEN["seed"]),
    )


PLAN, REGISTRY, HISTORY, SEED = golden_inputs()


def record_of(draw: SubjectDraw) -> Record:
    """The draw's record as a stored one is: through JSON."""
    loaded: Record = json.loads(json.dumps(draw.record(), ensure_ascii=False))
    return loaded


GOLDEN_RECORD = record_of(draw_subjects(PLAN, REGISTRY, seed=SEED, history=HISTORY))


def joint_amended() -> tuple[Plan, list[Subject], list[Task], Seed]:
    """A joint plan with a relief stratum, three periods and one approved amendment (R5.6)."""
    civil = CheckItem(id="elder", name="养老机构检查", department="civil", subject_type="home")
    fire = CheckItem(id="fire", name="消防检查", department="fire", subject_type="home")
    plan = Plan(
        id="2024-joint",
        year=2024,
        department="civil",
        unit="u1",
        partners={"fire"},
        items=[civil, fire],
        ratios={"A": "10%", "B": "20%", "C": "30%", "D": "50%"},
        boost=FlagStratum(flags={"high_risk", "blacklisted"}, ratio="60%"),
        relief=FlagStratum(flags={"trusted"}, ratio="5%"),
        periods=[
            Period(start=dt.date(2024, 3, 1), end=dt.date(2024, 5, 31), name="spring"),
            Period(start=dt.date(2024, 6, 1), end=dt.date(2024, 8, 31), name="summer"),
            Period(start=dt.date(2024, 9, 1), end=dt.date(2024, 11, 30), name="autumn"),
        ],
        caps=CapPolicy(max_per_year=1),
    )
    plan = amend_plan(
        plan,
        reason="市政府督查要求提高D级比例",
        approved_by="局长办公会",
        approved_on=dt.date(2024, 2, 20),
        ratios={"A": "10%", "B": "20%", "C": "30%", "D": "60%"},
    )
    grades = "ABCD"
    marks: list[set[str]] = [set(), {"trusted"}, {"high_risk"}, set(), {"penalized"}]
    registry = [
        Subject(
            id=f"h{i:02}",
            grade=grades[i % 4],
            attributes={"type": "home" if i % 7 else "hotel"},
            flags=marks[i % 5],
        )
        for i in range(60)
    ]
    history = [
        Task(id=f"f{i}", plan_id="fire-2024", subject_id=f"h{i:02}", items=["x"],
             department="fire", on=dt.date(2024, 1, 10))
        for i in range(1, 60, 6)
    ] + [
        Task(id="c1", plan_id="hotline", subject_id="h03", items=["x"], department="civil",
             kind=TaskKind.COMPLAINT, on=dt.date(2024, 1, 5)),
    ]  # fmt: skip
    return plan, registry, history, Seed.derive("joint", "lottery 2024-02-21: 05 11 23")


def undirected() -> tuple[Plan, list[Subject], list[Task], Seed]:
    """An undirected plan over a whole registry, two periods, no history."""
    plan = Plan(
        id="2024-all",
        year=2024,
        department="air-defence",
        items=[CheckItem(id="works", name="人防工程检查", department="air-defence")],
        ratios={"A": "1%", "B": "3%", "C": "10%", "D": "20%"},
        periods=[
            Period(start=dt.date(2024, 6, 1), end=dt.date(2024, 8, 31), name="H1"),
            Period(start=dt.date(2024, 9, 1), end=dt.date(2024, 11, 30), name="H2"),
        ],
    )
    registry = [Subject(id=f"w{i:03}", grade="ABCD"[i % 4]) for i in range(200)]
    return plan, registry, [], Seed.from_hex("0" * 64)


CASES = {
    "golden": golden_inputs,
    "joint-amended": joint_amended,
    "undirected": undirected,
}


@pytest.mark.parametrize("case", CASES)
def test_an_honest_record_verifies(case: str) -> None:
    """Re-running the record from its own plan, with its inputs, gives the record: ok."""
    plan, registry, history, seed = CASES[case]()
    record = record_of(draw_subjects(plan, registry, seed=seed, history=history))
    verdict = verify_draw(record, registry, history=history, plan=plan, seed=seed)
    assert () == verdict.discrepancies
    assert verdict.ok
    assert verify_draw(record, Registry(reversed(registry)), history=reversed(history)).ok


@pytest.mark.parametrize("case", CASES)
def test_a_record_loads_back_equal_through_json(case: str) -> None:
    """A record through JSON loads back: its record() is the record, the draw is equal."""
    plan, registry, history, seed = CASES[case]()
    draw = draw_subjects(plan, registry, seed=seed, history=history)
    record = record_of(draw)
    loaded = load_draw(record, registry, history=history)
    assert record == loaded.record()
    assert draw == loaded
    assert plan == loaded.plan
    assert [(d.subject.id, d.period) for d in draw.drawn] == [
        (d.subject.id, d.period) for d in loaded.drawn
    ]


def test_the_record_of_an_amended_plan_names_the_amendment() -> None:
    """R5.6: the amendment's reason, approval and before/after are in the record."""
    plan, registry, history, seed = joint_amended()
    record = record_of(draw_subjects(plan, registry, seed=seed, history=history))
    [amendment] = record["amendments"]
    assert "局长办公会" == amendment["approved_by"]
    assert "2024-02-20" == amendment["approved_on"]
    assert '{"A":"10%","B":"20%","C":"30%","D":"50%"}' == amendment["before"]["ratios"]
    assert record["plan"]["amendments"] == record["amendments"]


def test_the_record_carries_what_decided_the_draw() -> None:
    """Scope, strata, items' subject types, cap policy and both fingerprints are recorded."""
    record = GOLDEN_RECORD
    assert "draw" == record["record"]
    assert {"region": ["卫东区"]} == record["plan"]["scope"]
    assert {"flags": ["high_risk"], "ratio": "100%"} == record["plan"]["boost"]
    assert ["elder-care"] == [i["subject_type"] for i in record["plan"]["items"]]
    assert PLAN.caps.to_data() == record["plan"]["caps"]
    assert ("civil-affairs", "unit-1") == (record["plan"]["department"], record["plan"]["unit"])
    # t1..t5 are the random tasks of 2024; t6 is a complaint (R5.5), t7 of 2023.
    assert 5 == record["history_size"]
    random_2024 = [t for t in HISTORY if t.id in {"t1", "t2", "t3", "t4", "t5"}]
    lines = "".join(
        json.dumps(t.to_data(), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        for t in sorted(random_2024, key=lambda t: t.id)
    )
    digest = hashlib.sha256(("randinspect-fingerprint/1\n" + lines).encode()).hexdigest()
    assert digest == record["history_fingerprint"]


# --- tampered records ------------------------------------------------------------------


def put(path: str, value: Any) -> Callable[[Record], None]:
    """A tampering: set the field at ``path`` (``strata[1].drawn``, ``plan.scope``)."""

    def tamper(record: Record) -> None:
        *parents, last = path.replace("[", ".").replace("]", "").split(".")
        target: Any = record
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return tamper


def drop(name: str) -> Callable[[Record], None]:
    """A tampering: remove a top-level field."""
    return lambda record: record.pop(name) and None


# Golden strata: 0 boost, 1 A (5 in scope, 2 drawn g05 g01, g03 excluded), 2 B, 3 C, 4 D.
TAMPERINGS: list[tuple[str, Callable[[Record], None], DiscrepancyKind, str]] = [
    ("spec version", put("spec", "randinspect-draw/2"), K.SPEC_VERSION, "spec"),
    ("record kind", put("record", "assignment"), K.MALFORMED, "record"),
    ("a missing key", drop("history_size"), K.MALFORMED, "history_size"),
    ("a wrong type", put("registry_size", "13"), K.MALFORMED, "registry_size"),
    ("a bool for a count", put("out_of_scope", True), K.MALFORMED, "out_of_scope"),
    ("an extra key", put("comment", "x"), K.MALFORMED, "comment"),
    ("a short seed", put("seed", "abc"), K.MALFORMED, "seed"),
    ("a stratum without drawn", lambda r: r["strata"][1].pop("drawn"), K.MALFORMED,
     "strata[1].drawn"),
    ("an unreadable plan", put("plan.ratios", {"A": "150%"}), K.MALFORMED, "plan.ratios.A"),
    ("seed", put("seed", "1" * 64), K.SEED, "seed"),
    ("plan_id", put("plan_id", "golden-2025"), K.PLAN, "plan_id"),
    ("year", put("year", 2025), K.PLAN, "year"),
    ("plan id, both", lambda r: (put("plan_id", "x")(r), put("plan.id", "x")(r)), K.PLAN,
     "plan.id"),
    ("scope", put("plan.scope", {"region": ["卫东区", "新华区"]}), K.PLAN, "plan.scope"),
    ("ratios", put("plan.ratios.B", "60%"), K.PLAN, "plan.ratios"),
    ("boost flags", put("plan.boost.flags", ["high_risk", "blacklisted"]), K.PLAN,
     "plan.boost"),
    ("relief added", put("plan.relief", {"flags": ["trusted"], "ratio": "0%"}), K.PLAN,
     "plan.relief"),
    ("item subject type", put("plan.items.0.subject_type", "hotel"), K.PLAN, "plan.items"),
    ("cap policy", put("plan.caps.max_per_year", 3), K.PLAN, "plan.caps"),
    ("department rule", put("plan.caps.department_rule", False), K.PLAN, "plan.caps"),
    ("unit", put("plan.unit", "unit-2"), K.PLAN, "plan.unit"),
    ("periods", put("periods.0.name", "Q1"), K.PLAN, "periods"),
    ("amendments", put("amendments", [{"reason": "x"}]), K.PLAN, "amendments"),
    ("a stratum's ratio", put("strata.1.ratio", "50%"), K.PLAN, "strata[1].ratio"),
    ("a stratum's name", put("strata.2.name", "C"), K.PLAN, "strata"),
    ("required", put("strata.1.required", 3), K.PLAN, "strata[1].required"),
    ("in_scope, ceil moves", put("strata.1.in_scope", 6), K.PLAN, "strata[1].required"),
    ("in_scope, ceil stays", put("strata.2.in_scope", 3), K.SELECTION, "strata[2].in_scope"),
    ("eligible", put("strata.1.eligible", 5), K.SELECTION, "strata[1].eligible"),
    ("cutoff", put("strata.1.cutoff", "f" * 64), K.SELECTION, "strata[1].cutoff"),
    ("no cutoff", put("strata.1.cutoff", None), K.SELECTION, "strata[1].cutoff"),
    ("drawn", put("strata.1.drawn", ["g05", "g02"]), K.SELECTION, "strata[1].drawn"),
    ("drawn order", put("strata.1.drawn", ["g01", "g05"]), K.SELECTION, "strata[1].drawn"),
    ("stratum excluded", put("strata.1.excluded", []), K.SELECTION, "strata[1].excluded"),
    ("drawn_count", put("strata.1.drawn_count", 1), K.SELECTION, "strata[1].drawn_count"),
    ("shortfall", put("strata.4.shortfall", 1), K.SELECTION, "strata[4].shortfall"),
    ("probability", put("strata.1.inclusion_probability", "1/3"), K.SELECTION,
     "strata[1].inclusion_probability"),
    ("exclusion tasks", put("excluded.0.tasks", ["t1"]), K.SELECTION, "excluded"),
    ("exclusion reason", put("excluded.1.reason", "cap_reached"), K.SELECTION, "excluded"),
    ("out_of_scope", put("out_of_scope", 1), K.SELECTION, "out_of_scope"),
    ("notes", put("notes", ["all is well"]), K.SELECTION, "notes"),
    ("registry fingerprint", put("fingerprint", "0" * 64), K.REGISTRY, "fingerprint"),
    ("registry size", put("registry_size", 12), K.REGISTRY, "registry_size"),
    ("history fingerprint", put("history_fingerprint", "0" * 64), K.HISTORY,
     "history_fingerprint"),
    ("history size", put("history_size", 4), K.HISTORY, "history_size"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("tamper", "kind", "field"),
    [row[1:] for row in TAMPERINGS],
    ids=[row[0] for row in TAMPERINGS],
)
def test_a_tampered_record_is_caught_first_with_its_kind(
    tamper: Callable[[Record], None], kind: DiscrepancyKind, field: str
) -> None:
    """Each field changed in the record is the first discrepancy, of the right kind."""
    record = copy.deepcopy(GOLDEN_RECORD)
    tamper(record)
    verdict = verify_draw(record, REGISTRY, history=HISTORY, plan=PLAN, seed=SEED)
    assert not verdict.ok
    assert verdict.first is not None
    assert (kind, field) == (verdict.first.kind, verdict.first.field), verdict.explain()


WITHOUT_PLAN = [
    ("seed", put("seed", "1" * 64), K.SELECTION),
    ("scope", put("plan.scope", {"region": ["卫东区", "新华区"]}), K.SELECTION),
    ("cap policy", put("plan.caps.max_per_year", 3), K.SELECTION),
    ("plan id, both", lambda r: (put("plan_id", "x")(r), put("plan.id", "x")(r)), K.SELECTION),
    ("year", put("year", 2025), K.PLAN),
    ("required", put("strata.1.required", 3), K.PLAN),
]


@pytest.mark.parametrize(
    ("tamper", "kind"), [row[1:] for row in WITHOUT_PLAN], ids=[row[0] for row in WITHOUT_PLAN]
)
def test_without_the_published_plan_and_seed_a_re_run_still_catches_it(
    tamper: Callable[[Record], None], kind: DiscrepancyKind
) -> None:
    """With no plan or seed to compare, the re-run from the record's own parts disagrees."""
    record = copy.deepcopy(GOLDEN_RECORD)
    tamper(record)
    verdict = verify_draw(record, REGISTRY, history=HISTORY)
    assert verdict.first is not None
    assert kind == verdict.first.kind, verdict.explain()


def test_a_tampered_record_does_not_load() -> None:
    """load_draw refuses a record that does not verify, naming the first discrepancy."""
    record = copy.deepcopy(GOLDEN_RECORD)
    record["strata"][1]["drawn"] = ["g05", "g02"]
    assert_rejected(
        lambda: load_draw(record, REGISTRY, history=HISTORY),
        RecordError,
        "load_draw",
        "record.strata[1].drawn",
        "selection",
        "R7.6",
    )


# --- changed inputs --------------------------------------------------------------------


def changed(subject_id: str, **changes: Any) -> list[Subject]:
    """The golden registry with one subject changed."""
    return [attrs.evolve(s, **changes) if s.id == subject_id else s for s in REGISTRY]


def without(subject_id: str) -> list[Subject]:
    """The golden registry without one subject."""
    return [s for s in REGISTRY if s.id != subject_id]


HOME = {"region": "卫东区", "type": "elder-care"}
T = Task
INPUT_CHANGES: list[tuple[str, list[Subject], list[Task], DiscrepancyKind, str, str]] = [
    ("a subject added", [*REGISTRY, Subject(id="g14", grade="A", attributes=HOME)], HISTORY,
     K.SUBJECT_ADDED, "registry_size", "stratum A: 6 now, 5 in the record"),
    ("a subject added out of scope", [*REGISTRY, Subject(id="g14", grade="A")], HISTORY,
     K.SUBJECT_ADDED, "registry_size", "14 subjects"),
    ("a drawn subject removed", without("g05"), HISTORY, K.SUBJECT_REMOVED,
     "strata[1].drawn", "'g05'"),
    ("an excluded subject removed", without("g08"), HISTORY, K.SUBJECT_REMOVED,
     "strata[2].excluded", "'g08'"),
    ("a subject not drawn removed", without("g02"), HISTORY, K.SUBJECT_REMOVED,
     "registry_size", "stratum A: 4 now, 5 in the record"),
    ("a drawn subject's grade", changed("g05", grade=Grade.B), HISTORY, K.SUBJECT_CHANGED,
     "strata[1].drawn", "'g05', drawn in stratum A, is now in stratum B"),
    ("another subject's grade", changed("g02", grade=Grade.C), HISTORY, K.SUBJECT_CHANGED,
     "strata", "stratum A: 4 now, 5 in the record; stratum C: 2 now, 1 in the record"),
    ("a flag moving it to boost", changed("g06", flags={Flag.HIGH_RISK}), HISTORY,
     K.SUBJECT_CHANGED, "strata", "stratum boost: 2 now"),
    ("a drawn subject's flag", changed("g07", flags={Flag.HIGH_RISK}), HISTORY,
     K.SUBJECT_CHANGED, "strata[2].drawn", "'g07', drawn in stratum B, is now in stratum boost"),
    ("an excluded subject now exempt", changed("g03", flags={Flag.PENALIZED}), HISTORY,
     K.SUBJECT_CHANGED, "strata[1].excluded", "'g03', excluded in stratum A, is now exempt"),
    ("an exempt subject no longer", changed("g01", flags=set()), HISTORY, K.SUBJECT_CHANGED,
     "strata[1].drawn", "'g01', drawn in stratum A, is now not exempt"),
    ("an attribute out of scope", changed("g02", attributes={**HOME, "region": "新华区"}),
     HISTORY, K.SUBJECT_CHANGED, "strata", "out of scope: 3 now, 2 in the record"),
    ("a drawn subject out of scope", changed("g09", attributes={"region": "卫东区"}), HISTORY,
     K.SUBJECT_CHANGED, "strata[2].drawn", "'g09', drawn in stratum B, is now out of scope"),
    ("a name", changed("g02", name="新名字"), HISTORY, K.REGISTRY, "fingerprint", "name"),
    ("a task capping a subject", REGISTRY,
     [*HISTORY, T(id="t9", plan_id="m", subject_id="g05", items=["x"], department="market",
                  on=dt.date(2024, 7, 1)),
      T(id="t8", plan_id="m", subject_id="g05", items=["x"], department="market",
        on=dt.date(2024, 7, 2))],
     K.HISTORY_TASK_ADDED, "excluded", "'t8'"),
    ("a task of another unit", REGISTRY,
     [*HISTORY, T(id="t9", plan_id="m", subject_id="g07", items=["x"],
                  department="civil-affairs", unit="unit-3", on=dt.date(2024, 7, 1))],
     K.HISTORY_TASK_ADDED, "excluded", "task 't9' in the history now excludes 'g07'"),
    ("a task behind an exclusion removed", REGISTRY, [t for t in HISTORY if t.id != "t2"],
     K.HISTORY_TASK_REMOVED, "excluded[0].tasks", "task 't2', behind the exclusion of 'g03'"),
    ("a task excluding nobody added", REGISTRY,
     [*HISTORY, T(id="t9", plan_id="m", subject_id="g02", items=["x"], department="market",
                  on=dt.date(2024, 7, 1))],
     K.HISTORY_TASK_ADDED, "history_size", "6 random tasks of 2024"),
    ("a task excluding nobody removed", REGISTRY, [t for t in HISTORY if t.id != "t3"],
     K.HISTORY_TASK_REMOVED, "history_size", "4 random tasks"),
    ("a task changed", REGISTRY,
     [attrs.evolve(t, plan_id="renamed") if t.id == "t3" else t for t in HISTORY],
     K.HISTORY, "history_fingerprint", "a task changed"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("registry", "history", "kind", "field", "words"),
    [row[1:] for row in INPUT_CHANGES],
    ids=[row[0] for row in INPUT_CHANGES],
)
def test_a_changed_input_is_named_first(
    registry: list[Subject],
    history: list[Task],
    kind: DiscrepancyKind,
    field: str,
    words: str,
) -> None:
    """Each change of the registry or history is the first discrepancy, named precisely."""
    verdict = verify_draw(GOLDEN_RECORD, registry, history=history, plan=PLAN, seed=SEED)
    assert verdict.first is not None
    first = verdict.first
    assert (kind, field) == (first.kind, first.field), verdict.explain()
    assert words in first.detail


def test_a_task_that_never_counts_leaves_the_record_verified() -> None:
    """Complaint tasks (R5.5) and other years' tasks are not in the history fingerprint."""
    more = [
        *HISTORY,
        Task(id="t9", plan_id="h", subject_id="g05", items=["x"], department="market",
             kind=TaskKind.COMPLAINT, on=dt.date(2024, 7, 1)),
        Task(id="t10", plan_id="h", subject_id="g05", items=["x"], department="market",
             on=dt.date(2022, 7, 1)),
    ]  # fmt: skip
    assert verify_draw(GOLDEN_RECORD, REGISTRY, history=more).ok


def test_discrepancies_come_inputs_first_then_the_selection() -> None:
    """Several faults: the most fundamental first, the selection they cause last."""
    record = copy.deepcopy(GOLDEN_RECORD)
    record["strata"][3]["cutoff"] = "0" * 64
    verdict = verify_draw(
        record, without("g05"), history=HISTORY[1:], seed=Seed.from_hex("1" * 64)
    )
    kinds = [d.kind for d in verdict.discrepancies]
    assert [K.SEED, K.SUBJECT_REMOVED, K.HISTORY_TASK_REMOVED] == kinds[:3]
    assert K.SELECTION == kinds[-1]
    assert "seed at seed" in verdict.explain()


# --- hostile records ---------------------------------------------------------------------


def nested(depth: int) -> Any:
    """A list nested ``depth`` deep."""
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


class Hostile(dict):  # type: ignore[type-arg]
    """A mapping whose every method raises."""

    def items(self) -> Any:  # type: ignore[override]
        """Raises."""
        raise RuntimeError("no")

    def __eq__(self, other: object) -> bool:
        """Raises."""
        raise RuntimeError("no")

    __hash__ = None  # type: ignore[assignment]


HOSTILE: list[tuple[str, Any, str]] = [
    ("None", None, "record"),
    ("a list", [GOLDEN_RECORD], "record"),
    ("a str", json.dumps(GOLDEN_RECORD), "record"),
    ("bytes", b"{}", "record"),
    ("an empty dict", {}, "spec"),
    ("deep nesting", {**GOLDEN_RECORD, "notes": nested(100_000)}, "notes[0][0]"),
    ("deep dicts", {"spec": "randinspect-draw/1", "x": {"a": nested(50)}}, "x.a"),
    ("a huge int", {**GOLDEN_RECORD, "registry_size": 10**5000}, "registry_size"),
    ("a negative count", {**GOLDEN_RECORD, "history_size": -1}, "history_size"),
    ("a float", {**GOLDEN_RECORD, "year": 2024.0}, "year"),
    ("a NaN", {**GOLDEN_RECORD, "year": float("nan")}, "year"),
    ("a key not text", {**GOLDEN_RECORD, 1: 2}, ""),
    ("a set", {**GOLDEN_RECORD, "notes": {"a"}}, "notes"),
    ("a hostile mapping", Hostile(spec="randinspect-draw/1"), "record"),
    ("a str subclass", {**GOLDEN_RECORD, "seed": type("S", (str,), {})("0" * 64)}, "seed"),
    ("strata not objects", {**GOLDEN_RECORD, "strata": [1]}, "strata[0]"),
    ("an id not text", {**GOLDEN_RECORD, "notes": [None]}, "notes[0]"),
    ("plan not a plan", {**GOLDEN_RECORD, "plan": {"id": "p"}}, "plan"),
    ("another spec, nothing else", {"spec": "randinspect-draw/0"}, "spec"),
]


@pytest.mark.parametrize(
    ("record", "field"), [r[1:] for r in HOSTILE], ids=[r[0] for r in HOSTILE]
)
def test_a_hostile_record_is_a_malformed_verdict_fast(record: Any, field: str) -> None:
    """Never an internal exception: a MALFORMED (or SPEC_VERSION) verdict naming the field."""
    start = time.perf_counter()
    verdict = verify_draw(record, REGISTRY, history=HISTORY)
    assert time.perf_counter() - start < 1.0
    assert verdict.first is not None
    assert verdict.first.kind in {K.MALFORMED, K.SPEC_VERSION}
    assert verdict.first.field.startswith(field)
    assert len(verdict.explain()) < 1000


@pytest.mark.parametrize(
    ("record", "field"), [r[1:] for r in HOSTILE], ids=[r[0] for r in HOSTILE]
)
def test_a_hostile_record_does_not_load(record: Any, field: str) -> None:
    """load_draw raises RecordError, a ValidationError, with a short message."""
    with pytest.raises(RecordError) as caught:
        load_draw(record, REGISTRY, history=HISTORY)
    assert isinstance(caught.value, ValidationError)
    assert len(str(caught.value)) < 1000
    assert "load_draw" in str(caught.value)


def test_an_assignment_record_is_not_a_draw_record() -> None:
    """A record of another kind is malformed for verify_draw, which says where it goes."""
    record = {**GOLDEN_RECORD, "record": "assignment"}
    verdict = verify_draw(record, REGISTRY)
    assert verdict.first is not None
    assert "verify_assignment" in verdict.first.detail


BAD_INPUTS = [
    ("registry None", lambda: verify_draw(GOLDEN_RECORD, None), "'registry'"),  # type: ignore[arg-type]
    ("registry a str", lambda: verify_draw(GOLDEN_RECORD, "g01"), "'registry'"),  # type: ignore[arg-type]
    ("registry of dicts", lambda: verify_draw(GOLDEN_RECORD, GOLDEN["registry"]), "registry"),
    ("history None", lambda: verify_draw(GOLDEN_RECORD, REGISTRY, history=None), "history"),  # type: ignore[arg-type]
    ("plan a dict", lambda: verify_draw(GOLDEN_RECORD, REGISTRY, plan=GOLDEN["plan"]), "'plan'"),
    ("seed a str", lambda: verify_draw(GOLDEN_RECORD, REGISTRY, seed=GOLDEN["seed"]), "'seed'"),
    ("load: registry None", lambda: load_draw(GOLDEN_RECORD, None), "'registry'"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(
    ("call", "words"), [r[1:] for r in BAD_INPUTS], ids=[r[0] for r in BAD_INPUTS]
)
def test_bad_inputs_are_the_callers_error(call: Callable[[], object], words: str) -> None:
    """The registry, history, plan and seed are checked up front: our error, naming them."""
    assert_rejected(call, ValidationError, words)


# --- every draw's record, and the verdict's own data ----------------------------------


@settings(max_examples=40, deadline=None)
@given(
    plan=plans(),
    grades=st.lists(st.sampled_from(Grade), min_size=0, max_size=30),
    marks=st.lists(st.sampled_from([set(), {Flag.HIGH_RISK}, {Flag.TRUSTED}]), max_size=30),
    capped=st.lists(st.integers(0, 29), max_size=12),
)
def test_every_drawn_record_verifies_and_loads_back(
    plan: Plan, grades: list[Grade], marks: list[set[Flag]], capped: list[int]
) -> None:
    """For generated plans, registries and histories the record round-trips through JSON."""
    scope = {k: min(v) for k, v in plan.scope.items()}
    types = [i.subject_type for i in plan.items if i.subject_type]
    attributes = {**scope, **({"type": types[0]} if types else {})}
    registry = [
        Subject(
            id=f"s{i}",
            grade=grade,
            attributes=attributes if i % 3 else {},
            flags=marks[i] if i < len(marks) else set(),
        )
        for i, grade in enumerate(grades)
    ]
    history = [
        Task(id=f"t{n}", plan_id="other", subject_id=f"s{i}", items=["x"],
             department=plan.department, unit="elsewhere" if n % 2 else plan.unit,
             year=plan.year)
        for n, i in enumerate(capped)
    ]  # fmt: skip
    seed = Seed.derive(plan.id)
    draw = draw_subjects(plan, registry, seed=seed, history=history)
    record = record_of(draw)
    assert verify_draw(record, registry, history=history, plan=plan, seed=seed).ok
    assert record == load_draw(record, registry, history=history).record()


def test_a_verdict_is_plain_data() -> None:
    """A verdict publishes as JSON: ok, and each discrepancy's kind, field and words."""
    record = copy.deepcopy(GOLDEN_RECORD)
    record["seed"] = "1" * 64
    verdict: Verdict = verify_draw(record, REGISTRY, history=HISTORY, seed=SEED)
    data = json.loads(json.dumps(verdict.to_data(), ensure_ascii=False))
    assert data["ok"] is False
    assert {"kind": "seed", "field": "seed"} == {
        k: data["discrepancies"][0][k] for k in ("kind", "field")
    }


# --- docs/verification.md: the shell transcripts ---------------------------------------


def test_the_verification_page_has_shell_transcripts() -> None:
    """The page shows a third party's checks with printf and sha256sum (run by test_docs)."""
    commands = [command for page, command, _ in transcripts() if page == "verification.md"]
    assert len(commands) >= 4
    assert all("sha256sum" in c or "sort" in c for c in commands)
