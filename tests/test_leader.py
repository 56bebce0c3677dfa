"""The leader rule: drawn from the team, or appointed by the initiating unit (R4.5, 002 §4(4)).

Document 002 §4(4): "“双随机”抽查发起科室或单位指派一名科室负责人为执法检查组组长".
A team rule with ``leader="appointed"`` staffs teams exactly as a drawn rule
does, leaves every leader ``None`` until ``appoint_leader`` names one of the
team's can-lead members of the initiating department, logs and records each
appointment, and ``verify_assignment`` replays the appointments in their
place among the replacements. Records of plans without appointment are byte
for byte what they were before the rule existed (a snapshot written by the
release before it, tests/data/staffing_record_drawn.json).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from assertions import assert_rejected, rejections
from hypothesis import given, settings
from hypothesis import strategies as st
from staffing_strategies import SEED, draw_all, inspector, make_plan, subjects

from randinspect import (
    CheckItem,
    Inspector,
    Period,
    Plan,
    RuleViolationError,
    Seed,
    Subject,
    TeamRule,
    UnknownIdError,
    ValidationError,
)
from randinspect._verdict import DiscrepancyKind as Kind
from randinspect._verify_staffing import load_assignment, verify_assignment
from randinspect.assignment import (
    SameAttribute,
    StaffingAction,
    appoint_leader,
    appoint_leaders,
    assign_inspectors,
    replace_inspector,
)
from randinspect.errors import RandInspectError
from randinspect.presets import for_document
from randinspect.sampling import SubjectDraw, draw_subjects
from randinspect.staffing import Assignment

Record = dict[str, Any]
DATA = Path(__file__).parent / "data"
APPOINTED = TeamRule(size=2, leader="appointed")


def appointed_plan(**fields: Any) -> Plan:
    """make_plan's plan (department "civil", unit "u1", every subject drawn), leader appointed."""
    plan = make_plan(**fields)
    return attrs.evolve(plan, team=attrs.evolve(plan.team, leader="appointed"))


def through_json(data: Any) -> Any:
    """``data`` as stored and read back."""
    return json.loads(json.dumps(data, ensure_ascii=False))


def tkey(plan_id: str, subject_id: str, inspector_id: str) -> bytes:
    """The ``T`` key of randinspect-draw/1, computed with hashlib alone."""
    text = f"{SEED.hex}|T|{plan_id}/{subject_id}|{inspector_id}"
    return hashlib.sha256(text.encode()).digest()


# --- the team rule ------------------------------------------------------------------------


def test_the_leader_rule_has_three_values_and_drawn_reads_as_true() -> None:
    """True (drawn), "appointed" and False; "drawn" is True, so old data reads as before."""
    assert TeamRule(leader="drawn") == TeamRule(leader=True) == TeamRule()
    assert TeamRule().appointed is False
    assert TeamRule(leader=False).appointed is False
    assert TeamRule(leader="appointed").appointed is True
    assert "appointed" == TeamRule(leader="appointed").leader


def test_the_leader_rule_in_plain_data() -> None:
    """A drawn rule's data is the four fields as before; "appointed" is written as such."""
    assert {"size": 2, "leader": True, "every_department": True, "max_load": None} == (
        TeamRule().to_data()
    )
    data = APPOINTED.to_data()
    assert {"size": 2, "leader": "appointed", "every_department": True, "max_load": None} == data
    assert APPOINTED == TeamRule.from_mapping(through_json(data))
    for text, rule in (("appointed", "appointed"), ("drawn", True), ("是", True), ("no", False)):
        assert rule == TeamRule.from_mapping({"leader": text}).leader
    plan = appointed_plan()
    assert plan == Plan.from_mapping(through_json(plan.to_data()))


class Hostile(str):
    """Text whose == and hash raise."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        raise AssertionError("compared")

    def __hash__(self) -> int:
        raise AssertionError("hashed")


class Twin(str):
    """Text equal only to itself: a second key of the same text in one mapping."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)


def test_a_str_subclass_is_read_as_its_text() -> None:
    """A hostile str subclass names the appointed rule as plain text, or is refused."""
    assert "appointed" == TeamRule(leader=Hostile("appointed")).leader
    assert_rejected(lambda: TeamRule(leader=Hostile("elected")), ValidationError, "leader")


@rejections(
    [
        ("unknown word", lambda: TeamRule(leader="elected"), ValidationError,
         ("TeamRule", "leader", "R4.5", "'elected'", "leader='appointed'")),
        ("case matters", lambda: TeamRule(leader="Appointed"), ValidationError, "leader"),
        ("an int", lambda: TeamRule(leader=1), ValidationError, ("leader", "R4.5")),
        ("None", lambda: TeamRule(leader=None), ValidationError, "leader"),
        ("csv text", lambda: TeamRule.from_mapping({"leader": "maybe"}), ValidationError,
         "leader"),
    ]
)  # fmt: skip
def test_leader_rule_refusals(
    call: Callable[[], object], error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Anything but True, False, "drawn" and "appointed" is refused, naming the fix."""
    assert_rejected(call, error, *fragments)


# --- records of plans without appointment are unchanged -------------------------------------


def _joint_case() -> tuple[Plan, list[Subject], list[Inspector], Any]:
    """docs/assignment.md's joint elder-care plan, as the snapshot was made from it."""
    plan = Plan(
        id="2024-elder-joint",
        year=2024,
        department="civil-affairs",
        partners={"fire-rescue"},
        items=[
            CheckItem(id="elder-safety", name="养老机构安全检查", department="civil-affairs"),
            CheckItem(
                id="fire-safety",
                name="消防安全检查",
                department="fire-rescue",
                qualification="fire-inspection",
            ),
        ],
        ratios={"A": "100%", "B": "100%", "C": "100%", "D": "100%"},
        periods=[Period(start=dt.date(2024, 6, 1), end=dt.date(2024, 11, 30), name="H2")],
        team=TeamRule(size=3, leader=True, every_department=True),
    )
    registry = [
        Subject(
            id=f"home-{n}", grade="ABCD"[n % 4], attributes={"region": ("卫东区", "新华区")[n % 2]}
        )
        for n in range(1, 7)
    ]
    roster = [
        Inspector(
            id="ca-01", department="civil-affairs", can_lead=True, attributes={"region": "卫东区"}
        ),
        Inspector(
            id="ca-02", department="civil-affairs", can_lead=True, attributes={"region": "新华区"}
        ),
        Inspector(id="ca-03", department="civil-affairs", attributes={"region": "新华区"}),
        Inspector(id="ca-04", department="civil-affairs", conflicts={"home-3"}),
        Inspector(id="fr-01", department="fire-rescue", qualifications={"fire-inspection"}),
        Inspector(id="fr-02", department="fire-rescue", qualifications={"fire-inspection"}),
        Inspector(id="fr-03", department="fire-rescue"),
        Inspector(
            id="fr-04",
            department="fire-rescue",
            qualifications={"fire-inspection"},
            certificate_expires=dt.date(2024, 9, 30),
        ),
    ]
    seed = Seed.derive("commitment:5d1e", "lottery 2024-05-20: 07 11 19 23 30 02")
    return plan, registry, roster, seed


def test_records_of_a_drawn_leader_are_byte_identical_to_the_release_before() -> None:
    """The draw record, the plan's data and the assignment record after two replacements.

    The snapshot was written by the release before the appointed rule, from
    the same inputs; the text is compared, so key order counts too.
    """
    plan, registry, roster, seed = _joint_case()
    draw = draw_subjects(plan, registry, seed=seed)
    assignment = assign_inspectors(draw, roster, seed=seed, conflicts=[SameAttribute("region")])
    task = "2024-elder-joint/home-4"
    assignment = replace_inspector(assignment, task, "fr-02", reason="ill")
    assignment = replace_inspector(assignment, task, "ca-04", reason="transferred")
    now = {
        "draw_record": draw.record(),
        "assignment_record": assignment.record(),
        "plan": plan.to_data(),
    }
    expected = (DATA / "staffing_record_drawn.json").read_text("utf-8")
    assert expected == json.dumps(now, ensure_ascii=False, indent=1) + "\n"
    assert "appointments" not in assignment.record()
    assert () == assignment.awaiting_appointment


# --- staffing under an appointed rule ---------------------------------------------------------

ONE_HEAD = (inspector("L1"), inspector("m1", can_lead=False), inspector("m2", can_lead=False))


def test_a_hand_worked_team_under_an_appointed_rule() -> None:
    """One subject, one section head L1 and two members: by hand, with hashlib.

    The leader place needs a can-lead member of "civil": only L1. The open
    place goes to the smaller T key of m1 and m2 (one block of candidates at
    load 0). The team is listed in T-key order; its leader is None until the
    unit appoints L1.
    """
    plan = appointed_plan()
    draw = draw_all(plan, subjects(1))
    assignment = assign_inspectors(draw, ONE_HEAD, seed=SEED)
    second = min(["m1", "m2"], key=lambda i: tkey("p", "s0", i))
    team = tuple(sorted(["L1", second], key=lambda i: tkey("p", "s0", i)))
    (task,) = assignment.tasks
    assert (team, None) == (task.inspectors, task.leader)
    assert ("p/s0",) == assignment.awaiting_appointment
    assert any("appoint_leader" in note and "002 §4(4)" in note for note in assignment.notes)
    appointed = appoint_leader(assignment, "p/s0", "L1")
    assert "L1" == appointed.task("p/s0").leader
    assert () == appointed.awaiting_appointment
    line = appointed.log[-1]
    assert (StaffingAction.APPOINTED, "p/s0", "L1", None, "R4.5") == (
        line.action,
        line.task_id,
        line.inspector_id,
        line.other_id,
        line.rule,
    )
    assert "initiating section or unit" in line.detail
    assert "002 §4(4)" in line.detail
    assert [{"task_id": "p/s0", "inspector_id": "L1", "after": 0}] == appointed.record()[
        "appointments"
    ]
    assert (assignment.teams, assignment.loads) == (appointed.teams, appointed.loads)


def test_an_appointed_rule_staffs_the_same_teams_as_a_drawn_one() -> None:
    """Only the leaders differ (None), and one note: the draw of teams is the same (R4.1)."""
    registry = subjects(8, regions=2)
    roster = (*(inspector(f"L{n}") for n in range(3)),
              *(inspector(f"m{n}", can_lead=False) for n in range(4)))  # fmt: skip
    options: dict[str, Any] = {"conflicts": [SameAttribute("region"), ("L1", "s3")]}
    drawn = assign_inspectors(draw_all(make_plan(), registry), roster, seed=SEED, **options)
    appointed = assign_inspectors(
        draw_all(appointed_plan(), registry), roster, seed=SEED, **options
    )
    assert drawn.teams == appointed.teams
    assert drawn.log == appointed.log
    assert drawn.loads == appointed.loads
    assert all(leader is not None for leader in drawn.leaders)
    assert all(leader is None for leader in appointed.leaders)
    assert len(appointed.notes) == len(drawn.notes) + 1
    assert appointed.task_ids == appointed.awaiting_appointment


TWO_HEADS = (inspector("L1"), inspector("L2"), inspector("m1", can_lead=False))


def _two_heads() -> Assignment:
    """Teams of two drawn from L1, L2 (both can lead) and m1, on subjects s0 to s2."""
    return assign_inspectors(draw_all(appointed_plan(), subjects(3)), TWO_HEADS, seed=SEED)


def test_a_new_appointment_succeeds_the_old_one() -> None:
    """Appointing another can-lead member changes the leader; the log names whom it succeeds."""
    assignment = _two_heads()
    task = next(t for t in assignment.tasks if {"L1", "L2"} <= set(t.inspectors))
    first = appoint_leader(assignment, task.id, "L1")
    second = appoint_leader(first, task.id, "L2")
    assert "L2" == second.task(task.id).leader
    assert ("L2", "L1") == (second.log[-1].inspector_id, second.log[-1].other_id)
    assert "succeeds 'L1'" in second.log[-1].detail
    assert [(task.id, "L1", 0), (task.id, "L2", 0)] == list(second.appointments)
    assert_rejected(
        lambda: appoint_leader(second, task.id, "L2"), ValidationError, "already leads", "L2"
    )


def test_a_replacement_keeps_or_ends_the_appointment() -> None:
    """A replacement keeps an appointment, unless the appointee drops out (R4.4, R4.5).

    A member who is not the leader drops out: the leader stays. The leader
    drops out: the task awaits a new appointment, and ``after`` orders the
    two in the record.
    """
    assignment = _two_heads()
    task = next(t for t in assignment.tasks if {"L1", "L2"} <= set(t.inspectors))
    led = appoint_leader(assignment, task.id, "L1")
    kept = replace_inspector(led, task.id, "L2", reason="ill")
    assert "L1" == kept.task(task.id).leader
    assert task.id not in kept.awaiting_appointment
    ended = replace_inspector(led, task.id, "L1", reason="ill")
    assert ended.task(task.id).leader is None
    assert task.id in ended.awaiting_appointment
    assert "awaits a new appointed leader" in ended.log[-1].detail
    stays = next(i for i in ended.task(task.id).inspectors if i == "L2")
    again = appoint_leader(ended, task.id, stays)
    assert [(task.id, "L1", 0), (task.id, "L2", 1)] == list(again.appointments)
    record = through_json(again.record())
    draw_record = through_json(again.draw.record())
    assert verify_assignment(record, draw_record, TWO_HEADS).ok
    assert again.record() == load_assignment(record, again.draw, TWO_HEADS).record()


def test_a_joint_plans_tasks_carry_the_partners() -> None:
    """Each staffed task of a joint plan names the plan's other departments (R4.6)."""
    plan = make_plan(partners={"fire", "market"})
    roster = (inspector("L1"), inspector("f1", "fire"), inspector("k1", "market"))
    assignment = assign_inspectors(draw_all(plan, subjects(2)), roster, seed=SEED)
    assert all(frozenset({"fire", "market"}) == t.partners for t in assignment.tasks)
    assert ["fire", "market"] == assignment.tasks[0].to_data()["partners"]
    alone = assign_inspectors(draw_all(make_plan(), subjects(2)), ONE_HEAD, seed=SEED)
    assert all(frozenset() == t.partners for t in alone.tasks)
    assert "partners" not in alone.tasks[0].to_data()


def test_a_partners_own_plan_sees_the_joint_visit() -> None:
    """A partner's own plan leaves out what the joint visit inspected this year (R5.2).

    The fire department's plan, of another unit, reads the staffed tasks as its history.
    """
    joint = make_plan(partners={"fire"})
    roster = (inspector("L1"), inspector("f1", "fire"))
    visits = assign_inspectors(draw_all(joint, subjects(2)), roster, seed=SEED).tasks
    own = Plan(
        id="fire-own",
        year=joint.year,
        department="fire",
        unit="fire-unit-2",
        items=[CheckItem(id="fire-check", name="消防检查", department="fire")],
        ratios={"A": "100%", "B": "100%", "C": "100%", "D": "100%"},
    )
    draw = draw_subjects(own, subjects(3), seed=SEED, history=visits)
    assert ["s2"] == [d.subject.id for d in draw.drawn]
    assert {"s0", "s1"} == {e.subject_id for e in draw.excluded}


# --- refusals -----------------------------------------------------------------------------

BASE = assign_inspectors(draw_all(appointed_plan(), subjects(2)), ONE_HEAD, seed=SEED)
TASK = BASE.task_ids[0]
OUTSIDER = next(i for i in ("m1", "m2") if i not in BASE.teams[0])
MEMBER = next(i for i in BASE.teams[0] if i != "L1")
DRAWN = assign_inspectors(draw_all(make_plan(), subjects(2)), ONE_HEAD, seed=SEED)
NO_LEADER = assign_inspectors(draw_all(make_plan(leader=False), subjects(2)), ONE_HEAD, seed=SEED)
JOINT = assign_inspectors(
    draw_all(appointed_plan(partners={"fire"}), subjects(1)),
    (inspector("L1"), inspector("f1", "fire")),
    seed=SEED,
)
RECUSED = attrs.evolve(BASE, conflicts=(("L1", BASE.task(TASK).subject_id),))
"""A conflict the staffing did not know: the check that an appointee need not recuse (R4.3)."""


@rejections(
    [
        ("drawn rule", lambda: appoint_leader(DRAWN, TASK, "L1"), RuleViolationError,
         ("Plan 'p'", "team.leader", "draws its leader", "R4.5", "leader='appointed'")),
        ("no leader", lambda: appoint_leader(NO_LEADER, TASK, "L1"), RuleViolationError,
         ("has no leader", "R4.5")),
        ("not an assignment", lambda: appoint_leader("a", TASK, "L1"), ValidationError,
         ("appoint_leader", "assignment", "assign_inspectors")),
        ("task not text", lambda: appoint_leader(BASE, 7, "L1"), ValidationError,
         ("task_id", "plan id + '/' + subject id")),
        ("unknown task", lambda: appoint_leader(BASE, "p/zz", "L1"), UnknownIdError,
         ("task_id", "'p/zz'")),
        ("unknown inspector", lambda: appoint_leader(BASE, TASK, "nobody"), UnknownIdError,
         ("roster", "'nobody'", "R4.5", "['L1']")),
        ("invalid id", lambda: appoint_leader(BASE, TASK, "a|b"), UnknownIdError, "'a|b'"),
        ("not on the team", lambda: appoint_leader(BASE, TASK, OUTSIDER), RuleViolationError,
         ("not on the task's team", "R4.1", "002 §4(4)", "R4.5", f"'{OUTSIDER}'", "['L1']")),
        ("not can-lead", lambda: appoint_leader(BASE, TASK, MEMBER), RuleViolationError,
         (f"task '{TASK}'", "inspector_id", "can_lead is False", "R4.5", "['L1']")),
        ("other department", lambda: appoint_leader(JOINT, JOINT.task_ids[0], "f1"),
         RuleViolationError, ("'fire'", "not of the initiating department 'civil'", "R4.5")),
        ("recused", lambda: appoint_leader(RECUSED, TASK, "L1"), RuleViolationError,
         ("must recuse", "R4.3")),
        ("already leads", lambda: appoint_leader(appoint_leader(BASE, TASK, "L1"), TASK, "L1"),
         ValidationError, ("already leads", "'L1'")),
        ("batch not a mapping", lambda: appoint_leaders(BASE, [(TASK, "L1")]), ValidationError,
         ("appoint_leaders", "appointments", "mapping")),
        ("batch key not text", lambda: appoint_leaders(BASE, {1: "L1"}), ValidationError,
         ("appointments", "task ids")),
        ("batch unknown task", lambda: appoint_leaders(BASE, {"p/zz": "L1"}), UnknownIdError,
         "'p/zz'"),
        ("batch twice", lambda: appoint_leaders(BASE, {TASK: "L1", Twin(TASK): "L1"}),
         ValidationError, "same task twice"),
        ("batch refused entry",
         lambda: appoint_leaders(BASE, dict.fromkeys(BASE.task_ids, MEMBER)),
         RuleViolationError, (f"task '{TASK}'", "appoint_leaders", "R4.5")),
        ("batch drawn rule", lambda: appoint_leaders(DRAWN, {}), RuleViolationError,
         "draws its leader"),
    ]
)  # fmt: skip
def test_appointment_refusals(
    call: Callable[[], object], error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Each refusal is the library's error naming object, field, rule, value and fix."""
    assert_rejected(call, error, *fragments)


def test_hostile_ids_are_read_as_text() -> None:
    """A str subclass task or inspector id whose == and hash raise is read as its text."""
    done = appoint_leader(BASE, Hostile(TASK), Hostile("L1"))
    assert "L1" == done.task(TASK).leader
    assert type(done.appointments[0][1]) is str


# --- several at once --------------------------------------------------------------------------


def test_a_batch_is_made_in_task_order_whatever_the_mappings_order() -> None:
    """appoint_leaders is one appoint_leader per task in the tasks' order; a refusal makes none."""
    assignment = assign_inspectors(draw_all(appointed_plan(), subjects(5)), ONE_HEAD, seed=SEED)
    forward = dict.fromkeys(assignment.task_ids, "L1")
    backward = dict(reversed(list(forward.items())))
    one_by_one = assignment
    for task_id in assignment.task_ids:
        one_by_one = appoint_leader(one_by_one, task_id, "L1")
    assert one_by_one.record() == appoint_leaders(assignment, backward).record()
    assert one_by_one.record() == appoint_leaders(assignment, forward).record()
    assert assignment is appoint_leaders(assignment, {})
    assert () == assignment.appointments  # nothing changed the original


# --- verification -----------------------------------------------------------------------------


def _appointed_case() -> tuple[Assignment, Record, Record]:
    """Three tasks, every leader appointed, one member replaced between appointments."""
    assignment = _two_heads()
    first = assignment.task_ids[0]
    head = next(i for i in assignment.teams[0] if i.startswith("L"))
    assignment = appoint_leader(assignment, first, head)
    member = assignment.teams[1][0]
    assignment = replace_inspector(assignment, assignment.task_ids[1], member, reason="ill")
    rest = {}
    for n, task_id in enumerate(assignment.task_ids[1:], start=1):
        rest[task_id] = next(i for i in assignment.teams[n] if i.startswith("L"))
    assignment = appoint_leaders(assignment, rest)
    return assignment, through_json(assignment.record()), through_json(assignment.draw.record())


def test_an_appointed_record_verifies_and_loads_back() -> None:
    """The honest record verifies, with or without the plan in the draw record, and loads back."""
    assignment, record, draw_record = _appointed_case()
    assert [0, 1, 1] == [entry["after"] for entry in record["appointments"]]
    assert verify_assignment(record, draw_record, TWO_HEADS).ok
    without_plan = {k: v for k, v in draw_record.items() if k != "plan"}
    assert verify_assignment(record, without_plan, TWO_HEADS).ok
    loaded = load_assignment(record, assignment.draw, TWO_HEADS)
    assert record == through_json(loaded.record())
    task_id = assignment.task_ids[2]
    later = replace_inspector(loaded, task_id, loaded.task(task_id).leader or "", reason="ill")
    assert task_id in later.awaiting_appointment


def _appoint_member(record: Record) -> None:
    """An appointment names m1, a member of its team who may not lead."""
    tasks = {t["id"]: t for t in record["tasks"]}
    entry = next(e for e in record["appointments"] if "m1" in tasks[e["task_id"]]["inspectors"])
    entry["inspector_id"] = tasks[entry["task_id"]]["leader"] = "m1"


def _appoint_outsider(record: Record) -> None:
    entry = record["appointments"][0]
    task = next(t for t in record["tasks"] if t["id"] == entry["task_id"])
    entry["inspector_id"] = task["leader"] = next(
        i for i in ("L1", "L2", "m1") if i not in task["inspectors"]
    )


def _other_leader(record: Record) -> None:
    """A task's recorded leader is another member, not the one appointed."""
    task = record["tasks"][0]
    task["leader"] = next(i for i in task["inspectors"] if i != task["leader"])


def _unappointed_leader(record: Record) -> None:
    """The appointments of a task are gone, its leader stays."""
    gone = record["appointments"].pop()["task_id"]
    record["log"] = [
        line
        for line in record["log"]
        if not (line["action"] == "appointed" and line["task_id"] == gone)
    ]


def _set(path: str, value: Any) -> Callable[[Record], None]:
    def change(record: Record) -> None:
        *parents, last = path.split(".")
        target: Any = record
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return change


def _drop_appointments(record: Record) -> None:
    del record["appointments"]


def _log_detail(record: Record) -> None:
    line = next(line for line in record["log"] if line["action"] == "appointed")
    line["detail"] = "appointed by the mayor"


TAMPERING: list[tuple[str, Callable[[Record], None], Kind, str, str]] = [
    ("a member who may not lead", _appoint_member, Kind.STAFFING, "record.appointments[",
     "can_lead is False"),
    ("someone not on the team", _appoint_outsider, Kind.STAFFING, "record.appointments[0]",
     "not on the task's team"),
    ("a leader other than the appointee", _other_leader, Kind.STAFFING, ".leader",
     "the recorded appointments give"),
    ("a leader without appointment", _unappointed_leader, Kind.STAFFING, ".leader",
     "no appointment is recorded"),
    ("an appointment's log line", _log_detail, Kind.STAFFING, "record.log[",
     "replaying the recorded appointments"),
    ("no appointments field", _drop_appointments, Kind.MALFORMED, "record.appointments",
     "appoints its leader"),
    ("another leader word", _set("team_rule.leader", "elected"), Kind.MALFORMED,
     "record.team_rule.leader", "'appointed'"),
    ("after too large", _set("appointments.0.after", 5), Kind.MALFORMED,
     "record.appointments[0].after", "0 to 1"),
    ("after out of order", _set("appointments.2.after", 0), Kind.MALFORMED,
     "record.appointments[2].after", "at least 1"),
    ("after not an int", _set("appointments.0.after", "0"), Kind.MALFORMED,
     "record.appointments[0].after", "int"),
    ("a drawn rule", _set("team_rule.leader", True), Kind.MALFORMED, "record.appointments",
     "draws its leader"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "kind", "field", "words"),
    [row[1:] for row in TAMPERING],
    ids=[row[0] for row in TAMPERING],
)
def test_a_tampered_appointment_is_a_discrepancy(
    change: Callable[[Record], None], kind: Kind, field: str, words: str
) -> None:
    """An appointment to someone who may not lead, or another leader, is a discrepancy.

    The appointment or the task is named; a malformed appointments field is
    MALFORMED, never a crash.
    """
    _, record, draw_record = _appointed_case()
    tampered = copy.deepcopy(record)
    change(tampered)
    assert tampered != record
    first = verify_assignment(tampered, draw_record, TWO_HEADS).first
    assert first is not None
    assert (kind, True, True) == (first.kind, field in first.field, words in first.detail), first


def test_an_appointed_record_against_a_drawn_plan_is_another_plan() -> None:
    """The draw record's plan draws its leader: the appointed record's team rule is not its."""
    _, record, _ = _appointed_case()
    drawn = assign_inspectors(draw_all(make_plan(), subjects(3)), TWO_HEADS, seed=SEED)
    first = verify_assignment(record, through_json(drawn.draw.record()), TWO_HEADS).first
    assert first is not None
    assert (Kind.PLAN, "record.team_rule.leader") == (first.kind, first.field)


# --- properties -----------------------------------------------------------------------------


@st.composite
def appointed_instances(draw: st.DrawFn) -> tuple[Assignment, tuple[Inspector, ...]]:
    """A small staffed instance under an appointed rule, joint or not, with conflicts."""
    partners = draw(st.sets(st.sampled_from(["fire"]), max_size=1))
    plan = appointed_plan(partners=partners, size=draw(st.integers(2, 3)))
    registry = subjects(draw(st.integers(1, 4)), regions=2)
    departments = sorted(plan.departments)
    roster = tuple(
        inspector(
            f"i{n}",
            draw(st.sampled_from(departments)) if n > 1 else departments[n % len(departments)],
            can_lead=n == 0 or draw(st.booleans()),
            attributes={"region": draw(st.sampled_from(["r0", "r1"]))},
        )
        for n in range(draw(st.integers(3, 6)))
    )
    conflicts = [SameAttribute("region")] if draw(st.booleans()) else []
    try:
        assignment = assign_inspectors(
            draw_all(plan, registry), roster, seed=SEED, conflicts=conflicts
        )
    except RandInspectError:
        assignment = assign_inspectors(draw_all(plan, registry), roster, seed=SEED)
    return assignment, roster


def _may_lead(
    assignment: Assignment, position: int, inspector_id: str, leader: str | None
) -> bool:
    """The oracle, from the rules alone (R4.3, R4.5).

    On the team, of the initiating department, can lead, no conflict with
    the subject, and not the leader already.
    """
    by_id = {i.id: i for i in assignment.roster}
    subject = assignment.draw.drawn[position].subject
    member = by_id.get(inspector_id)
    region = [c for c in assignment.conflicts if isinstance(c, SameAttribute)]
    conflicted = member is not None and any(
        member.attributes.get("region") == subject.attributes.get("region") for _ in region
    )
    return (
        member is not None
        and inspector_id in assignment.teams[position]
        and member.department == assignment.plan.department
        and member.can_lead
        and not conflicted
        and leader != inspector_id
    )


@settings(max_examples=80, deadline=None, derandomize=True, database=None)
@given(
    appointed_instances(), st.lists(st.tuples(st.integers(0, 3), st.integers(0, 6)), max_size=6)
)
def test_any_valid_appointment_verifies_and_any_invalid_one_is_refused(
    instance: tuple[Assignment, tuple[Inspector, ...]], choices: list[tuple[int, int]]
) -> None:
    """Any valid appointment verifies; any invalid one is refused (R4.5, 002 §4(4)).

    An appointment the rules allow is made and its record verifies; one they
    forbid is refused; and a record that claims a forbidden one is a discrepancy.
    """
    assignment, roster = instance
    ids = [i.id for i in roster] + ["nobody"]
    for task_choice, inspector_choice in choices:
        position = task_choice % len(assignment.task_ids)
        task_id = assignment.task_ids[position]
        inspector_id = ids[inspector_choice % len(ids)]
        allowed = _may_lead(assignment, position, inspector_id, assignment.leaders[position])
        try:
            after = appoint_leader(assignment, task_id, inspector_id)
        except RandInspectError:
            assert not allowed, (task_id, inspector_id)
            record = through_json(assignment.record())
            record["appointments"].append(
                {"task_id": task_id, "inspector_id": inspector_id, "after": 0}
            )
            record["tasks"][position]["leader"] = inspector_id
            verdict = verify_assignment(record, through_json(assignment.draw.record()), roster,
                                        conflicts=assignment.conflicts)  # fmt: skip
            assert not verdict.ok
            continue
        assert allowed, (task_id, inspector_id)
        assert inspector_id == after.task(task_id).leader
        assignment = after
    verdict = verify_assignment(
        through_json(assignment.record()),
        through_json(assignment.draw.record()),
        roster,
        conflicts=assignment.conflicts,
    )
    assert verdict.ok, verdict.first
    assert all(
        (leader is None) == (task_id in assignment.awaiting_appointment)
        for task_id, leader in zip(assignment.task_ids, assignment.leaders, strict=True)
    )


# --- the preset ---------------------------------------------------------------------------


def test_002s_preset_appoints_and_the_others_draw() -> None:
    """002 §4(4) appoints the leader; the other documents are silent and draw it."""
    for code in ("000", "001", "002", "003", "004"):
        preset = for_document(code)
        plan = preset.plan(year=2024)
        assert (code == "002") == plan.team.appointed == (preset.leader == "appointed")
        assert plan.team.leader in {True, "appointed"}


def test_a_preset_whose_leader_and_team_rule_disagree_is_refused() -> None:
    """Preset.leader and Preset.team.leader say the same thing, or the preset is refused."""
    preset = for_document("002")
    assert_rejected(
        lambda: attrs.evolve(preset, team=TeamRule(size=2)), ValidationError,
        "Preset", "team", "R4.5", "'appointed'",
    )  # fmt: skip
    assert_rejected(lambda: attrs.evolve(preset, leader="drawn"), ValidationError, "team", "R4.5")


def test_the_002_plan_end_to_end() -> None:
    """002's unit plan: teams drawn, the section appoints the one section head to each."""
    preset = for_document("002")
    plan = preset.plan(unit="环卫执法大队", items=[preset.items[1]])
    registry = [Subject(id=f"h{n}", grade="ABCD"[n % 4], attributes={"type": "渣土运输企业"})
                for n in range(6)]  # fmt: skip
    roster = [Inspector(id=f"cg{n}", department=plan.department, can_lead=n == 0)
              for n in range(3)]  # fmt: skip
    draw: SubjectDraw = draw_subjects(plan, registry, seed=SEED)
    assignment = assign_inspectors(draw, roster, seed=SEED)
    assert assignment.task_ids == assignment.awaiting_appointment
    done = appoint_leaders(assignment, dict.fromkeys(assignment.awaiting_appointment, "cg0"))
    assert {"cg0"} == {t.leader for t in done.tasks}
    assert StaffingAction.APPOINTED is done.log[-1].action
    assert verify_assignment(through_json(done.record()), through_json(draw.record()), roster).ok
