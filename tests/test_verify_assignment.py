"""Verifying an assignment from its record, and loading it back (R4, R7.6).

Honest records verify (plain and joint plans, recusals, unavailability,
SameAttribute rules, swap recusal, after replacements); every tampering of
the record and every change of the inputs is caught with the right
discrepancy kind first; hostile records give MALFORMED, never a crash;
records survive JSON and load back so that replace_inspector works on the
loaded assignment exactly as on the original.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from assertions import assert_rejected
from staffing_strategies import SEED, draw_all, inspector, make_plan, subjects

from randinspect import Inspector, RecordError, Seed, UnknownIdError, ValidationError
from randinspect._verdict import DiscrepancyKind as Kind
from randinspect._verify_staffing import load_assignment, verify_assignment
from randinspect.assignment import SameAttribute, assign_inspectors, replace_inspector
from randinspect.sampling import SubjectDraw
from randinspect.staffing import Assignment, conflicts_fingerprint, unavailable_fingerprint

Record = dict[str, Any]

ROSTER = (
    inspector("L1"),
    inspector("L2"),
    *(inspector(f"m{n}", can_lead=False) for n in range(1, 5)),
)
CONFLICTS = (("m2", "s0"), ("L2", "s1"))
"""With these two, 'swap' recusal gives other teams than 'replace' (found by trying)."""


@attrs.frozen
class Case:
    """One honest assignment and the inputs it was made from."""

    draw: SubjectDraw
    roster: tuple[Inspector, ...]
    assignment: Assignment
    conflicts: tuple[Any, ...] = ()
    unavailable: tuple[Any, ...] = ()

    def inputs(self) -> dict[str, Any]:
        """The conflicts and unavailability, as keyword arguments."""
        return {"conflicts": self.conflicts, "unavailable": self.unavailable}

    def record(self) -> Record:
        """The assignment's record, through JSON."""
        return json.loads(json.dumps(self.assignment.record(), ensure_ascii=False))  # type: ignore[no-any-return]

    def draw_record(self) -> Record:
        """The draw's record, through JSON."""
        return json.loads(json.dumps(self.draw.record(), ensure_ascii=False))  # type: ignore[no-any-return]


def _case(
    plan: Any = None,
    roster: tuple[Inspector, ...] = ROSTER,
    registry: Any = None,
    *,
    replaced: int = 0,
    **options: Any,
) -> Case:
    draw = draw_all(plan or make_plan(size=2), registry or subjects(6))
    assignment = assign_inspectors(draw, roster, seed=SEED, **options)
    for n in range(replaced):
        task = assignment.tasks[n]
        member = next(i for i in task.inspectors if i != task.leader)
        assignment = replace_inspector(assignment, task.id, member, reason=f"ill {n}")
    return Case(
        draw=draw,
        roster=roster,
        assignment=assignment,
        conflicts=tuple(options.get("conflicts", ())),
        unavailable=tuple(options.get("unavailable", ())),
    )


JOINT_ROSTER = (
    inspector("L1"),
    inspector("L2"),
    inspector("c1", can_lead=False),
    inspector("f1", "fire", qualifications={"fire-q"}),
    inspector("f2", "fire", qualifications={"fire-q"}),
    inspector("f3", "fire"),
)
RULE_ROSTER = tuple(
    attrs.evolve(i, attributes={"region": f"r{n % 2}"}) for n, i in enumerate(ROSTER)
)


def _cases() -> dict[str, Case]:
    return {
        "plain": _case(),
        "joint": _case(
            make_plan(partners=["fire"], size=3, qualifications={"fire": "fire-q"}),
            JOINT_ROSTER,
        ),
        "recusals": _case(
            roster=(*ROSTER[:-1], inspector("m4", can_lead=False, conflicts={"s2"})),
            conflicts=CONFLICTS,
        ),
        "unavailable": _case(unavailable=("m1", ("L1", "s3"))),
        "same_attribute": _case(
            roster=RULE_ROSTER,
            registry=subjects(6, regions=2),
            conflicts=(SameAttribute("region"),),
        ),
        "swap": _case(conflicts=CONFLICTS, recusal="swap"),
        "one_replacement": _case(replaced=1, conflicts=CONFLICTS),
        "two_replacements": _case(replaced=2, unavailable=("m4",)),
    }


CASES = _cases()


@pytest.mark.parametrize("name", list(CASES))
def test_honest_records_verify(name: str) -> None:
    """An untouched record, through JSON, verifies against its own inputs."""
    case = CASES[name]
    verdict = verify_assignment(case.record(), case.draw_record(), case.roster, **case.inputs())
    assert verdict.ok, verdict.explain()


def test_the_cases_exercise_what_they_are_named_for() -> None:
    """Recusals, skips, swaps and replacements are really in the logs tested."""
    actions = {name: {e.action.value for e in c.assignment.log} for name, c in CASES.items()}
    assert "skipped" in actions["recusals"]
    assert "left_out" in actions["unavailable"]
    assert "swapped" in actions["swap"]
    assert CASES["swap"].assignment.teams != _case(conflicts=CONFLICTS).assignment.teams
    assert 1 == len(CASES["one_replacement"].assignment.replacements)
    assert 2 == len(CASES["two_replacements"].assignment.replacements)
    skipped = [e for e in CASES["same_attribute"].assignment.log if e.action.value == "skipped"]
    assert any("same region" in e.detail for e in skipped)


@pytest.mark.parametrize("name", list(CASES))
def test_json_round_trip_loads_back_equal(name: str) -> None:
    """A record through JSON and load_assignment gives record() equal to it."""
    case = CASES[name]
    record = case.record()
    loaded = load_assignment(record, case.draw, case.roster, **case.inputs())
    assert record == loaded.record()
    assert case.assignment.record() == loaded.record()


@pytest.mark.parametrize("name", ["plain", "recusals", "one_replacement", "two_replacements"])
def test_replace_after_loading_is_replace_on_the_original(name: str) -> None:
    """replace_inspector on the loaded assignment gives the original's replacement, twice."""
    case = CASES[name]
    loaded = load_assignment(case.record(), case.draw, case.roster, **case.inputs())
    original = case.assignment
    for n in (-1, -2):
        task = original.tasks[n]
        member = next(i for i in task.inspectors if i != task.leader)
        original = replace_inspector(original, task.id, member, reason="called away")
        loaded = replace_inspector(loaded, task.id, member, reason="called away")
        assert original.record() == loaded.record()
    assert verify_assignment(
        json.loads(json.dumps(loaded.record())), case.draw_record(), case.roster, **case.inputs()
    ).ok


# --- tampering with the record --------------------------------------------------------------


def _set(path: str, value: Any) -> Callable[[Record], None]:
    """Set ``record[a][b]...`` along a dotted path (numbers index lists)."""

    def change(record: Record) -> None:
        *parents, last = path.split(".")
        target: Any = record
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return change


def _other_seed(record: Record) -> None:
    record["seed"] = Seed.derive("another").hex


def _reverse_team(record: Record) -> None:
    record["tasks"][1]["inspectors"].reverse()


def _other_leader(record: Record) -> None:
    task = record["tasks"][0]
    task["leader"] = next(i for i in ("L1", "L2") if i != task["leader"])


def _log_line(record: Record) -> None:
    record["log"][0]["detail"] += " (edited)"


def _load(record: Record) -> None:
    record["loads"]["L1"] += 1


def _swap_tasks(record: Record) -> None:
    record["tasks"][0], record["tasks"][1] = record["tasks"][1], record["tasks"][0]


def _drop(key: str) -> Callable[[Record], None]:
    def change(record: Record) -> None:
        del record[key]

    return change


def _hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


TAMPERINGS: list[tuple[str, str, Callable[[Record], None], Kind, str]] = [
    ("spec", "plain", _set("spec", "randinspect-draw/2"), Kind.SPEC_VERSION, "record.spec"),
    (
        "procedure",
        "plain",
        _set("procedure", "randinspect-staff/1"),
        Kind.SPEC_VERSION,
        "record.procedure",
    ),
    ("window", "plain", _set("window", 5), Kind.SPEC_VERSION, "record.window"),
    ("missing key", "plain", _drop("loads"), Kind.MALFORMED, "record.loads"),
    ("extra key", "plain", _set("comment", "x"), Kind.MALFORMED, "record.comment"),
    ("wrong type", "plain", _set("max_load", "2"), Kind.MALFORMED, "record.max_load"),
    ("wrong nested type", "plain", _set("tasks.0.inspectors", "L1"), Kind.MALFORMED, "inspectors"),
    ("bool for int", "plain", _set("year", True), Kind.MALFORMED, "record.year"),
    ("huge int", "plain", _set("team_size", 10**40), Kind.MALFORMED, "record.team_size"),
    ("bad seed", "plain", _set("seed", "zz"), Kind.MALFORMED, "record.seed"),
    ("another kind", "plain", _set("record", "draw"), Kind.MALFORMED, "record.record"),
    ("draw seed", "plain", _set("draw_seed", "00" * 32), Kind.DRAW, "record.draw_seed"),
    ("huge text", "plain", _set("plan_id", "x" * 100_000), Kind.DRAW, "record.plan_id"),
    ("plan id", "plain", _set("plan_id", "q"), Kind.DRAW, "record.plan_id"),
    ("year", "plain", _set("year", 2025), Kind.DRAW, "record.year"),
    (
        "registry fingerprint",
        "plain",
        _set("registry_fingerprint", _hex("x")),
        Kind.DRAW,
        "record.registry_fingerprint",
    ),
    ("task order", "plain", _swap_tasks, Kind.DRAW, "record.tasks[0].subject_id"),
    ("task dropped", "plain", lambda r: r["tasks"].pop(), Kind.DRAW, "record.tasks"),
    ("periods", "plain", _set("eligibility.periods", []), Kind.DRAW, "periods"),
    ("team rule", "plain", _set("team_rule.size", 3), Kind.PLAN, "record.team_rule.size"),
    (
        "qualification",
        "joint",
        _set("eligibility.items.1.qualification", None),
        Kind.PLAN,
        "record.eligibility.items",
    ),
    (
        "roster fingerprint",
        "plain",
        _set("roster_fingerprint", _hex("x")),
        Kind.ROSTER,
        "record.roster_fingerprint",
    ),
    (
        "conflicts fingerprint",
        "recusals",
        _set("conflicts_fingerprint", _hex("x")),
        Kind.CONFLICTS,
        "record.conflicts_fingerprint",
    ),
    ("conflicts list", "recusals", _set("conflicts", []), Kind.CONFLICTS, "record.conflicts"),
    (
        "unavailable fingerprint",
        "unavailable",
        _set("unavailable_fingerprint", _hex("x")),
        Kind.UNAVAILABLE,
        "record.unavailable_fingerprint",
    ),
    ("unavailable list", "plain", _set("unavailable", ["m1"]), Kind.UNAVAILABLE, "unavailable"),
    ("seed", "plain", _other_seed, Kind.STAFFING, "record.tasks"),
    ("team of a task", "plain", _reverse_team, Kind.STAFFING, "record.tasks[1].inspectors"),
    ("leader", "plain", _other_leader, Kind.STAFFING, "record.tasks[0].leader"),
    ("log line", "unavailable", _log_line, Kind.STAFFING, "record.log[0]"),
    ("log line dropped", "recusals", lambda r: r["log"].pop(0), Kind.STAFFING, "record.log[0]"),
    ("loads", "plain", _load, Kind.STAFFING, "record.loads.L1"),
    ("max load", "plain", _set("max_load", 9), Kind.STAFFING, "record.max_load"),
    ("team size", "plain", _set("team_size", 3), Kind.STAFFING, "record.team_size"),
    ("recusal mode", "recusals", _set("recusal", "swap"), Kind.STAFFING, "record.tasks"),
    ("recusal unknown", "plain", _set("recusal", "skip"), Kind.MALFORMED, "record.recusal"),
    ("notes", "plain", _set("notes", []), Kind.STAFFING, "record.notes"),
    (
        "replacement's taker",
        "one_replacement",
        lambda r: r["log"][-1].update(other_id="L2"),
        Kind.REPLACEMENT,
        "record.log",
    ),
    (
        "replacement forgotten",
        "one_replacement",
        lambda r: r["replacements"].clear(),
        Kind.REPLACEMENT,
        "record.tasks[0]",
    ),
    (
        "replacement of a non-member",
        "two_replacements",
        _set("replacements.1.inspector_id", "nobody"),
        Kind.REPLACEMENT,
        "record.replacements[1]",
    ),
    (
        "replacement's reason",
        "one_replacement",
        _set("replacements.0.reason", "on holiday"),
        Kind.REPLACEMENT,
        "record.log",
    ),
    (
        "replacement blank",
        "one_replacement",
        _set("replacements.0.reason", " "),
        Kind.MALFORMED,
        "",
    ),
]


@pytest.mark.parametrize(
    ("case", "change", "kind", "field"),
    [pytest.param(c, f, k, w, id=name) for name, c, f, k, w in TAMPERINGS],
)
def test_each_tampering_is_caught_first_with_its_kind(
    case: str, change: Callable[[Record], None], kind: Kind, field: str
) -> None:
    """Changing one field of an honest record gives that field's discrepancy first."""
    honest = CASES[case]
    record = honest.record()
    change(record)
    verdict = verify_assignment(record, honest.draw_record(), honest.roster, **honest.inputs())
    first = verdict.first
    assert first is not None, f"not caught: {case}"
    assert (kind, True) == (first.kind, field in first.field), verdict.explain()
    assert 1 == len(verdict.discrepancies)
    assert len(verdict.explain()) < 1000


def test_the_draw_records_plan_is_optional() -> None:
    """Without the plan in the draw record, the record's own eligibility data re-runs it.

    A tampered team rule is then a staffing discrepancy, not a plan one.
    """
    case = CASES["joint"]
    draw_record = case.draw_record()
    del draw_record["plan"]
    assert verify_assignment(case.record(), draw_record, case.roster, **case.inputs()).ok
    record = case.record()
    record["team_rule"]["size"] = 4
    first = verify_assignment(record, draw_record, case.roster, **case.inputs()).first
    assert first is not None
    assert Kind.STAFFING == first.kind


def test_subject_attributes_are_checked_against_the_registry_on_load() -> None:
    """The rule attributes the record carries must be the registry's (DRAW) when loading."""
    case = CASES["same_attribute"]
    record = case.record()
    task = record["tasks"][0]
    task["attributes"]["region"] = "elsewhere"
    with pytest.raises(RecordError) as caught:
        load_assignment(record, case.draw, case.roster, **case.inputs())
    assert "draw" in str(caught.value)
    assert "tasks[0].attributes" in str(caught.value)


# --- changing the inputs --------------------------------------------------------------------


def _changed(roster: tuple[Inspector, ...], ident: str, **fields: Any) -> tuple[Inspector, ...]:
    return tuple(attrs.evolve(i, **fields) if i.id == ident else i for i in roster)


INPUT_CHANGES: list[tuple[str, str, Callable[[Case], dict[str, Any]], Kind, str]] = [
    ("added", "plain", lambda c: {"roster": (*c.roster, inspector("new"))}, Kind.ROSTER, "new"),
    ("removed", "plain", lambda c: {"roster": c.roster[:-1]}, Kind.ROSTER, "m4"),
    (
        "team member removed",
        "plain",
        lambda c: {"roster": tuple(i for i in c.roster if i.id != c.assignment.teams[0][0])},
        Kind.ROSTER,
        "on a team",
    ),
    (
        "department",
        "plain",
        lambda c: {"roster": _changed(c.roster, "m1", department="fire")},
        Kind.ROSTER,
        "same inspectors",
    ),
    (
        "certification",
        "plain",
        lambda c: {"roster": _changed(c.roster, "m2", certified=False)},
        Kind.ROSTER,
        "same inspectors",
    ),
    (
        "qualification",
        "joint",
        lambda c: {"roster": _changed(c.roster, "f3", qualifications={"fire-q"})},
        Kind.ROSTER,
        "same inspectors",
    ),
    (
        "conflict added",
        "recusals",
        lambda c: {"conflicts": (*c.conflicts, ("m1", "s5"))},
        Kind.CONFLICTS,
        "['m1', 's5'] is given but not recorded",
    ),
    (
        "conflict removed",
        "recusals",
        lambda c: {"conflicts": c.conflicts[1:]},
        Kind.CONFLICTS,
        "recorded but not given",
    ),
    (
        "rule removed",
        "same_attribute",
        lambda c: {"conflicts": ()},
        Kind.CONFLICTS,
        "'region'",
    ),
    (
        "made unavailable",
        "plain",
        lambda c: {"unavailable": ("m3",)},
        Kind.UNAVAILABLE,
        "m3",
    ),
    (
        "available again",
        "unavailable",
        lambda c: {"unavailable": ()},
        Kind.UNAVAILABLE,
        "recorded but not given",
    ),
]


@pytest.mark.parametrize(
    ("case", "change", "kind", "words"),
    [pytest.param(c, f, k, w, id=name) for name, c, f, k, w in INPUT_CHANGES],
)
def test_each_input_change_is_caught_with_its_kind(
    case: str, change: Callable[[Case], dict[str, Any]], kind: Kind, words: str
) -> None:
    """A roster, conflicts or unavailability other than the recorded ones is named."""
    honest = CASES[case]
    arguments = {"roster": honest.roster, **honest.inputs(), **change(honest)}
    roster = arguments.pop("roster")
    verdict = verify_assignment(honest.record(), honest.draw_record(), roster, **arguments)
    first = verdict.first
    assert first is not None
    assert (kind, True) == (first.kind, words in first.detail), verdict.explain()


def test_another_draw_is_named() -> None:
    """A record checked against another draw's record is DRAW: another seed."""
    case = CASES["plain"]
    other = draw_all(make_plan(size=2), subjects(6), seed=Seed.derive("other"))
    first = verify_assignment(case.record(), other.record(), case.roster).first
    assert first is not None
    assert (Kind.DRAW, "record.draw_seed") == (first.kind, first.field)


# --- hostile records ------------------------------------------------------------------------


def _deep(levels: int) -> Any:
    value: Any = []
    for _ in range(levels):
        value = [value]
    return value


class Hostile:
    """An object whose comparisons and hash raise."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")

    def __hash__(self) -> int:
        raise RuntimeError("hash")


HOSTILE: list[Any] = [
    None,
    [],
    "record",
    42,
    {},
    {"spec": None},
    {"spec": "randinspect-draw/1", "procedure": ["x"]},
    {"tasks": _deep(10_000)},
    {1: "non-text key"},
    {"spec": "randinspect-draw/1", "procedure": "randinspect-staff/2", "k" * 100_000: 1},
    {"spec": Hostile()},
    {"year": 10**100},
    {"year": float("nan")},
]


@pytest.mark.parametrize("record", HOSTILE, ids=lambda v: type(v).__name__)
def test_hostile_records_are_malformed_never_a_crash(record: Any) -> None:
    """Anything that is not an assignment record is MALFORMED, as either argument."""
    case = CASES["plain"]
    for verdict in (
        verify_assignment(record, case.draw_record(), case.roster),
        verify_assignment(case.record(), record, case.roster),
    ):
        first = verdict.first
        assert first is not None
        assert Kind.MALFORMED == first.kind
        assert len(verdict.explain()) < 1000


def test_load_refuses_what_does_not_verify() -> None:
    """load_assignment raises RecordError naming the first discrepancy and the fix."""
    case = CASES["plain"]
    record = case.record()
    record["tasks"][0]["leader"] = "m1"
    assert_rejected(
        lambda: load_assignment(record, case.draw, case.roster),
        RecordError,
        "load_assignment",
        "record.tasks[0].leader",
        "staffing",
        "R7.6",
    )
    assert_rejected(
        lambda: load_assignment(None, case.draw, case.roster),  # type: ignore[arg-type]
        RecordError,
        "malformed",
    )


BAD_ARGUMENTS = [
    ("roster None", {"roster": None}, ValidationError, "roster"),
    ("roster empty", {"roster": []}, ValidationError, "roster"),
    ("conflicts str", {"conflicts": "m1"}, ValidationError, "conflicts"),
    ("unknown inspector", {"unavailable": ["ghost"]}, UnknownIdError, "ghost"),
]


@pytest.mark.parametrize(
    ("arguments", "error", "words"),
    [pytest.param(a, e, w, id=n) for n, a, e, w in BAD_ARGUMENTS],
)
def test_bad_arguments_are_refused(arguments: dict[str, Any], error: type, words: str) -> None:
    """A malformed roster, conflicts or unavailability is an error, not a verdict."""
    case = CASES["plain"]
    given = {"roster": case.roster, **arguments}
    roster = given.pop("roster")
    assert_rejected(
        lambda: verify_assignment(case.record(), case.draw_record(), roster, **given),
        error,
        "verify_assignment",
        words,
    )
    assert_rejected(
        lambda: load_assignment(case.record(), case.draw, roster, **given), error, words
    )
    assert_rejected(
        lambda: load_assignment(case.record(), case.record(), case.roster),  # type: ignore[arg-type]
        ValidationError,
        "draw",
    )


# --- the fingerprints -----------------------------------------------------------------------


def test_conflicts_fingerprint_vectors() -> None:
    """The vectors of docs/assignment.md, computed with printf | sha256sum alone."""
    assert "846548cebe9506b06aa1edcbe4fa7caee1a30b0ce27369e3cc9281f5004e9b8f" == (
        conflicts_fingerprint([])
    )
    given = [
        SameAttribute("region"),
        ("张三", "养老院-01"),
        ("ca-04", "home-3"),
        ["ca-04", "home-3"],
    ]
    assert "08b1eab0f99009fb8c85f6cf76f4192ad30b7e162e8d70c2f7ab72918a4764c0" == (
        conflicts_fingerprint(given)
    )
    assert "0b52dfabe006185bd59323089f399e797b6b0c51d2aaa900ffbef0242d464a90" == (
        unavailable_fingerprint(())
    )
    absent: list[Any] = [("i9", "s3"), "i7", "i7"]
    assert "d51bef62433c0683940a363b1b1bc33e304a009950d0605a6555602ff55f9574" == (
        unavailable_fingerprint(absent)
    )


def test_record_fingerprints_are_those_of_its_lists() -> None:
    """The record's fingerprints are the public functions' over the inputs given."""
    case = CASES["recusals"]
    record = case.assignment.record()
    assert conflicts_fingerprint(case.conflicts) == record["conflicts_fingerprint"]
    assert unavailable_fingerprint(case.unavailable) == record["unavailable_fingerprint"]


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: conflicts_fingerprint(None), "conflicts"),  # type: ignore[arg-type]
        (lambda: conflicts_fingerprint([("a",)]), "conflicts[0]"),  # type: ignore[list-item]
        (lambda: conflicts_fingerprint([("a|b", "s")]), "conflicts[0] inspector id"),
        (lambda: unavailable_fingerprint("i7"), "unavailable"),
        (lambda: unavailable_fingerprint([7]), "unavailable[0]"),  # type: ignore[list-item]
        (lambda: SameAttribute("\ud800"), "name"),
    ],
)
def test_fingerprint_arguments_are_checked(call: Callable[[], object], words: str) -> None:
    """Malformed conflicts or absences are refused with the entry named."""
    assert_rejected(call, ValidationError, words)


def test_record_has_the_rule_attributes_of_drawn_subjects_only() -> None:
    """Tasks carry only the attributes the SameAttribute rules name (nothing without rules)."""
    record = CASES["same_attribute"].assignment.record()
    assert all(set(task["attributes"]) == {"region"} for task in record["tasks"])
    assert all(task["attributes"] == {} for task in CASES["plain"].assignment.record()["tasks"])


def test_verification_does_not_change_its_arguments() -> None:
    """verify_assignment leaves the record and draw record as they were."""
    case = CASES["two_replacements"]
    record, draw_record = case.record(), case.draw_record()
    before = copy.deepcopy((record, draw_record))
    assert verify_assignment(record, draw_record, case.roster, **case.inputs()).ok
    assert before == (record, draw_record)
