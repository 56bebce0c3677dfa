"""A year's campaign: rounds drawn in sequence, each counted in the next one's caps (R5, R6.2)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from typing import Any

import attrs
import pytest
from assertions import assert_refused_fast, rejections
from hypothesis import given, settings
from hypothesis import strategies as st

from randinspect import (
    CapPolicy,
    CheckItem,
    DuplicateIdError,
    ExclusionReason,
    Flag,
    InvalidIdError,
    InvalidSeedError,
    Period,
    Plan,
    RandInspectError,
    Ratios,
    RecordError,
    RuleViolationError,
    Seed,
    Subject,
    Task,
    TaskKind,
    UnknownIdError,
    ValidationError,
    draw_subjects,
)
from randinspect.campaign import (
    CAMPAIGN_VERSION,
    Campaign,
    CampaignRound,
    half_year_rounds,
    replay_campaign,
    round_plans,
    round_seed,
    round_tasks,
)
from randinspect.verify import verify_draw

YEAR = 2024
SEED = Seed.from_hex("16bc4c7d8bb293469eee0994424f0df5cafa657bb1c88dad4de67bda26ace930")
ALL = Ratios(A="100%", B="100%", C="100%", D="100%")
ELDER = CheckItem(id="elder-care", name="养老机构监督检查", department="civil-affairs")
FIRE = CheckItem(id="fire-1", name="消防安全检查", department="fire")
FOOD = CheckItem(id="food-1", name="供餐检查", department="market")
JOINT = Plan(
    id="2024-weidong-elder",
    year=YEAR,
    department="civil-affairs",
    unit="elder-section",
    partners={"fire", "market"},
    items=[ELDER, FIRE, FOOD],
    ratios=ALL,
)
REGISTRY = [
    Subject(id="s1", grade="A"),
    Subject(id="s2", grade="B"),
    Subject(id="s3", grade="C", flags={"blacklisted"}),
    Subject(id="s4", grade="D"),
]


def own_plan(department: str, unit: str, *, plan_id: str = "", **changes: Any) -> Plan:
    """A one-department plan drawing everyone (100%), so its draw is known without keys."""
    item = CheckItem(id=f"{department}-item", name="own item", department=department)
    return Plan(
        id=plan_id or f"2024-{department}-{unit or 'all'}",
        year=YEAR,
        department=department,
        unit=unit,
        items=[item],
        ratios=ALL,
        **changes,
    )


def drawn_ids(campaign: Campaign, index: int = -1) -> list[str]:
    """The ids a round drew, sorted."""
    return sorted(d.subject.id for d in campaign.rounds[index].draw.drawn)


def year_of(plan: Plan, *, caps: CapPolicy | None = None) -> Campaign:
    """Both half-year rounds of ``plan`` (with ``caps``, if given) drawn in a fresh campaign."""
    if caps is not None:
        plan = attrs.evolve(plan, caps=caps)
    campaign = Campaign(year=YEAR)
    for member in half_year_rounds(plan):
        campaign = campaign.draw(member, REGISTRY, seed=round_seed(SEED, member.id))
    return campaign


# --- the rounds of one plan (R6.2) --------------------------------------------------------


def test_half_year_rounds_are_the_plan_once_in_each_half() -> None:
    """000 §3(2): one draw in each half-year; each round keeps the plan's full ratios (R6.2)."""
    first, second = half_year_rounds(JOINT)
    assert ("2024-weidong-elder/H1", "2024-weidong-elder/H2") == (first.id, second.id)
    assert (Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30), name="H1"),) == (
        first.periods
    )
    assert (Period(start=dt.date(2024, 7, 1), end=dt.date(2024, 12, 31), name="H2"),) == (
        second.periods
    )
    for member in (first, second):
        assert attrs.evolve(JOINT, id=member.id, periods=member.periods) == member


def test_a_half_year_round_draws_the_full_ratio_not_half_of_one_sample() -> None:
    """Ten A subjects at 20%: each round draws ceil(10 x 20%) = 2; one split sample 1+1 (R3.3)."""
    registry = [Subject(id=f"a{n}", grade="A") for n in range(10)]
    plan = attrs.evolve(JOINT, ratios=Ratios(A="20%", B="20%", C="20%", D="20%"))
    campaign = Campaign(year=YEAR)
    for member in half_year_rounds(plan):
        campaign = campaign.draw(member, registry, seed=round_seed(SEED, member.id))
    assert [2, 2] == [len(r.draw.drawn) for r in campaign.rounds]
    halves = (
        Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30), name="H1"),
        Period(start=dt.date(2024, 7, 1), end=dt.date(2024, 12, 31), name="H2"),
    )
    split = draw_subjects(attrs.evolve(plan, periods=halves), registry, seed=SEED)
    assert [1, 1] == sorted(Counter(d.period.name for d in split.drawn).values())


def test_round_seeds_are_derived_as_documented() -> None:
    """``printf 'randinspect-seed/1|SEED|PLAN' | sha256sum``, with coreutils, gives each seed."""
    expected = {
        "2024-weidong-elder/H1": "7d043789ecf9009b97ea652290304a0e"
        "500a9181e5b2cd62505e2a4667c94128",
        "2024-weidong-elder/H2": "d9cf7d79d91825458f35025e58aee03c"
        "ad0fc34a702bca4fb1eccba3912aab1c",
    }
    for plan_id, hex_seed in expected.items():
        assert hex_seed == round_seed(SEED, plan_id).hex
        text = f"randinspect-seed/1|{SEED.hex}|{plan_id}"
        assert hex_seed == hashlib.sha256(text.encode()).hexdigest()


# --- hand-worked years: every ratio 100%, so each draw is known without a key -------------

# s1 A, s2 B, s4 D are capped; s3 is blacklisted, exempt from the cap and the department
# rule (R5.3). Worked by hand from R5.1, R5.2, R5.4 and the default CapPolicy (2 a year,
# department rule on, a missing unit another unit).


def test_two_half_year_rounds_of_two_a_year_reach_the_cap() -> None:
    """H1 draws all four; H2 too (one visit each, by the same unit); then the cap is reached."""
    campaign = year_of(JOINT)
    assert [["s1", "s2", "s3", "s4"], ["s1", "s2", "s3", "s4"]] == [
        drawn_ids(campaign, 0),
        drawn_ids(campaign, 1),
    ]
    after = campaign.draw(own_plan("health", "inspection"), REGISTRY, seed=SEED)
    assert ["s3"] == drawn_ids(after)
    reasons = {e.subject_id: e.reason for e in after.rounds[-1].draw.excluded}
    assert dict.fromkeys(["s1", "s2", "s4"], ExclusionReason.CAP_REACHED) == reasons


def test_once_a_year_leaves_the_second_half_to_the_exempt() -> None:
    """004's variant, 1 a year (R5.4): H2 draws only the blacklisted s3 (R5.3)."""
    campaign = year_of(JOINT, caps=CapPolicy(max_per_year=1))
    assert [["s1", "s2", "s3", "s4"], ["s3"]] == [drawn_ids(campaign, 0), drawn_ids(campaign, 1)]


# After one joint visit (civil affairs' elder-care section with fire and market), a later plan
# of (department, unit, unknown_unit_is_other) draws these of s1..s4 (R4.6, R5.2). A partner
# took part with no known unit "", so it is another unit than a named one under the default,
# strict reading only; a department not in the visit is not barred; the visit is one of the
# two a year (R5.1), so nobody is at the cap.
AFTER_A_JOINT_VISIT = [
    ("fire", "brigade-1", True, ["s3"]),
    ("market", "food-section", True, ["s3"]),
    ("fire", "brigade-1", False, ["s1", "s2", "s3", "s4"]),
    ("fire", "", True, ["s1", "s2", "s3", "s4"]),
    ("civil-affairs", "licensing", True, ["s3"]),
    ("civil-affairs", "elder-section", True, ["s1", "s2", "s3", "s4"]),
    ("health", "inspection", True, ["s1", "s2", "s3", "s4"]),
]


@pytest.mark.parametrize(("department", "unit", "strict", "expected"), AFTER_A_JOINT_VISIT)
def test_a_joint_visit_counts_for_every_department_in_it(
    department: str, unit: str, strict: bool, expected: list[str]
) -> None:
    """A later plan sees the joint round as its department's when it took part (R4.6, R5.2)."""
    first, _ = half_year_rounds(JOINT)
    campaign = Campaign(year=YEAR).draw(first, REGISTRY, seed=SEED)
    plan = own_plan(department, unit, caps=CapPolicy(unknown_unit_is_other=strict))
    assert expected == drawn_ids(campaign.draw(plan, REGISTRY, seed=SEED))


def test_a_joint_visit_is_one_of_the_two_a_year_however_many_departments() -> None:
    """Joint H1 (three departments), then health: every subject has 2 visits, not 4 (R5.1)."""
    first, _ = half_year_rounds(JOINT)
    campaign = Campaign(year=YEAR).draw(first, REGISTRY, seed=SEED)
    campaign = campaign.draw(own_plan("health", "inspection"), REGISTRY, seed=SEED)
    assert ["s1", "s2", "s3", "s4"] == drawn_ids(campaign)
    visits = Counter(t.subject_id for t in campaign.tasks)
    assert {"s1": 2, "s2": 2, "s3": 2, "s4": 2} == dict(visits)


def test_a_rounds_tasks_are_the_draws_random_tasks_of_the_year() -> None:
    """Each drawn subject becomes one task: id plan/subject, the plan's fields, no team (R5.1)."""
    first, _ = half_year_rounds(JOINT)
    campaign = Campaign(year=YEAR).draw(first, REGISTRY, seed=SEED)
    period = Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30), name="H1")
    expected = {
        Task(
            id=f"2024-weidong-elder/H1/{s}",
            plan_id="2024-weidong-elder/H1",
            subject_id=s,
            items=["elder-care", "fire-1", "food-1"],
            period=period,
            department="civil-affairs",
            unit="elder-section",
            partners={"fire", "market"},
            kind=TaskKind.RANDOM,
            year=2024,
        )
        for s in ("s1", "s2", "s3", "s4")
    }
    tasks = campaign.rounds[0].tasks
    assert expected == set(tasks)
    assert [d.subject.id for d in campaign.rounds[0].draw.drawn] == [t.subject_id for t in tasks]
    assert tasks == round_tasks(campaign.rounds[0].draw)
    assert campaign.tasks == tasks


def test_the_starting_history_counts_and_stays_first() -> None:
    """Tasks known before the campaign count in its first round and start every history (R5.1)."""
    earlier = [
        Task(id=f"e{n}", plan_id="x", subject_id="s1", items=["i"], department="d", on=day)
        for n, day in enumerate([dt.date(2024, 2, 1), dt.date(2024, 3, 1)])
    ]
    start = Campaign(year=YEAR, history=earlier)
    first, second = half_year_rounds(JOINT)
    after = start.draw(first, REGISTRY, seed=SEED).draw(second, REGISTRY, seed=SEED)
    assert ["s2", "s3", "s4"] == drawn_ids(after, 0)
    assert tuple(earlier) == after.rounds[0].history
    assert (*earlier, *after.rounds[0].tasks) == after.rounds[1].history
    assert (*after.rounds[1].history, *after.rounds[1].tasks) == after.tasks


def test_drawing_returns_a_new_campaign_and_changes_nothing() -> None:
    """Campaign is a frozen value: draw returns a new one; the old one keeps its rounds."""
    start = Campaign(year=YEAR)
    first, _ = half_year_rounds(JOINT)
    after = start.draw(first, REGISTRY, seed=SEED)
    assert ((), 1) == (start.rounds, len(after.rounds))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        after.year = 2025  # type: ignore[misc]
    assert after == Campaign(year=YEAR, rounds=after.rounds)
    assert after.rounds[0] is after.round("2024-weidong-elder/H1")


# --- the year from its records (R7.6) -------------------------------------------------------


def test_every_round_verifies_and_the_year_replays_from_its_record() -> None:
    """verify_draw passes each round with its history; the record replays to the same year."""
    campaign = year_of(JOINT).draw(own_plan("fire", "brigade-1"), REGISTRY, seed=SEED)
    for member in campaign.rounds:
        assert verify_draw(member.record(), member.registry, history=member.history).ok
    record = json.loads(json.dumps(campaign.record()))
    assert {"record": "campaign", "procedure": CAMPAIGN_VERSION, "year": 2024} == {
        k: v for k, v in record.items() if k != "rounds"
    }
    replayed = replay_campaign(record, [REGISTRY] * 3)
    assert campaign == replayed
    assert [m.history for m in campaign.rounds] == [m.history for m in replayed.rounds]


def test_an_altered_round_fails_and_the_next_is_checked_against_the_honest_history() -> None:
    """A round whose drawn list was edited fails; the rounds after it still verify (R7.6)."""
    plan = attrs.evolve(JOINT, ratios=Ratios(A="50%", B="50%", C="50%", D="50%"))
    registry = [Subject(id=f"s{n}", grade="ABCD"[n % 4]) for n in range(16)]
    campaign = Campaign(year=YEAR)
    for member in half_year_rounds(plan):
        campaign = campaign.draw(member, registry, seed=round_seed(SEED, member.id))
    record = json.loads(json.dumps(campaign.record()))
    stratum = record["rounds"][0]["strata"][0]
    stratum["drawn"][0] = next(
        s.id for s in registry if s.grade.value == "A" and s.id not in stratum["drawn"]
    )
    replayed = replay_campaign(record, [registry, registry])
    verdicts = [
        verify_draw(r, m.registry, history=m.history).ok
        for r, m in zip(record["rounds"], replayed.rounds, strict=True)
    ]
    assert [False, True] == verdicts


def test_a_wrong_starting_history_is_found_by_the_first_rounds_check() -> None:
    """Replayed with another starting history, round 0's history fingerprint differs (R7.6)."""
    campaign = year_of(JOINT)
    other = [Task(id="x", plan_id="x", subject_id="s1", items=["i"], department="d", year=2024)]
    replayed = replay_campaign(campaign.record(), [REGISTRY] * 2, history=other)
    first = replayed.rounds[0]
    verdict = verify_draw(campaign.record()["rounds"][0], first.registry, history=first.history)
    assert not verdict.ok
    assert verdict.first is not None
    assert "history" in verdict.first.field


# --- properties ------------------------------------------------------------------------------

_DEPARTMENTS = ["civil-affairs", "fire", "market", "health"]
_UNITS = ["", "u1", "u2"]


@st.composite
def _registries(draw: st.DrawFn) -> list[Subject]:
    size = draw(st.integers(0, 14))
    return [
        Subject(
            id=f"s{n:02d}",
            grade=draw(st.sampled_from("ABCD")),
            flags=draw(st.sets(st.sampled_from([Flag.BLACKLISTED, Flag.HIGH_RISK]), max_size=1)),
        )
        for n in range(size)
    ]


@st.composite
def _plans(draw: st.DrawFn, index: int, caps: CapPolicy) -> Plan:
    department = draw(st.sampled_from(_DEPARTMENTS))
    partners = draw(st.sets(st.sampled_from([d for d in _DEPARTMENTS if d != department])))
    items = [
        CheckItem(id=f"{d}-item", name="item", department=d)
        for d in sorted({department, *partners})
    ]
    ratio = st.sampled_from(["0%", "25%", "50%", "100%"])
    return Plan(
        id=f"plan-{index}",
        year=YEAR,
        department=department,
        unit=draw(st.sampled_from(_UNITS)),
        partners=partners,
        items=items,
        ratios=Ratios(A=draw(ratio), B=draw(ratio), C=draw(ratio), D=draw(ratio)),
        caps=caps,
    )


@st.composite
def _campaigns(draw: st.DrawFn) -> tuple[Campaign, list[Subject]]:
    caps = CapPolicy(
        max_per_year=draw(st.sampled_from([1, 2])),
        department_rule=draw(st.sampled_from([True, True, False])),  # mostly on: R5.2 tested
        unknown_unit_is_other=draw(st.booleans()),
    )
    registry = draw(_registries())
    campaign = Campaign(year=YEAR)
    for index in range(draw(st.integers(1, 4))):
        plan = draw(_plans(index, caps))
        campaign = campaign.draw(plan, registry, seed=round_seed(SEED, plan.id))
    return campaign, registry


def _other_unit(plan: Plan, task: Task) -> bool:
    """R5.2 as written: the task is the plan's department's by another unit (a partner's: "")."""
    if task.department == plan.department:
        unit = task.unit
    elif plan.department in task.partners:
        unit = ""
    else:
        return False
    strict = plan.caps.unknown_unit_is_other
    return unit != plan.unit and (strict or bool(unit and plan.unit))


@settings(max_examples=60, deadline=None)
@given(_campaigns())
def test_no_subject_exceeds_its_cap_over_the_year(drawn: tuple[Campaign, list[Subject]]) -> None:
    """Over every round, a non-exempt subject has at most max_per_year visits (R5.1, R5.3)."""
    campaign, registry = drawn
    cap = campaign.rounds[0].plan.caps.max_per_year
    visits = Counter(t.subject_id for t in campaign.tasks)
    for subject in registry:
        if Flag.BLACKLISTED not in subject.flags:
            assert visits[subject.id] <= cap


@settings(max_examples=60, deadline=None)
@given(_campaigns())
def test_no_round_draws_a_subject_another_unit_of_its_department_inspected(
    drawn: tuple[Campaign, list[Subject]],
) -> None:
    """A joint task is each participating department's for the department rule (R5.2, R4.6)."""
    campaign, registry = drawn
    exempt = {s.id for s in registry if Flag.BLACKLISTED in s.flags}
    for member in campaign.rounds:
        if not member.plan.caps.department_rule:
            continue
        barred = {t.subject_id for t in member.history if _other_unit(member.plan, t)}
        assert set() == {t.subject_id for t in member.tasks} & (barred - exempt)


@settings(max_examples=40, deadline=None)
@given(_campaigns())
def test_every_round_verifies_and_the_year_replays(drawn: tuple[Campaign, list[Subject]]) -> None:
    """Each round's record verifies with its history; the record replays to the campaign (R7.6)."""
    campaign, registry = drawn
    for member in campaign.rounds:
        assert verify_draw(member.record(), registry, history=member.history).ok
    record = json.loads(json.dumps(campaign.record()))
    assert campaign == replay_campaign(record, [registry] * len(campaign.rounds))


@st.composite
def _after_a_joint_visit(draw: st.DrawFn) -> tuple[Campaign, list[Subject]]:
    """A joint round of civil affairs' unit u1 with partners, then a plan of every department."""
    strict = draw(st.booleans())
    caps = CapPolicy(unknown_unit_is_other=strict)
    registry = draw(_registries())
    partners = draw(st.sets(st.sampled_from(_DEPARTMENTS[1:]), min_size=1))
    joint = attrs.evolve(
        JOINT,
        id="joint",
        unit="u1",
        partners=partners,
        items=[CheckItem(id=f"{d}-item", name="item", department=d) for d in sorted(partners)]
        + [ELDER],
        ratios=Ratios(A="50%", B="50%", C="50%", D="50%"),
        caps=caps,
    )
    campaign = Campaign(year=YEAR).draw(joint, registry, seed=SEED)
    for department in _DEPARTMENTS:
        unit = draw(st.sampled_from(_UNITS))
        later = own_plan(department, unit, caps=caps)
        campaign = campaign.draw(later, registry, seed=round_seed(SEED, later.id))
    return campaign, registry


@settings(max_examples=60, deadline=None)
@given(_after_a_joint_visit())
def test_a_joint_visit_bars_the_other_units_of_every_department_in_it(
    drawn: tuple[Campaign, list[Subject]],
) -> None:
    """A joint visit bars the other units of every department in it (R5.2, R4.6).

    A partner took part with no known unit, so its plan by a named unit leaves
    the visited subjects out under the strict reading; the initiating
    department's other units do too; a department not in the visit may draw
    them, the visit being one of the two a year (R5.1).
    """
    campaign, registry = drawn
    exempt = {s.id for s in registry if Flag.BLACKLISTED in s.flags}
    joint, *later = campaign.rounds
    visited = {t.subject_id for t in joint.tasks} - exempt
    for member in later:
        plan, strict = member.plan, member.plan.caps.unknown_unit_is_other
        if plan.department in joint.plan.partners:
            other = strict and plan.unit != ""  # the partner's unit is unknown ("")
        elif plan.department == joint.plan.department:
            other = plan.unit != "u1" and (strict or plan.unit != "")
        else:
            other = False
        drawn_now = {d.subject.id for d in member.draw.drawn}
        if other:
            assert set() == drawn_now & visited
        else:  # ratio 100%: drawn unless barred by a later task or at the cap of 2
            visits = Counter(t.subject_id for t in member.history)
            barred = {t.subject_id for t in member.history if _other_unit(plan, t)}
            at_cap = {s for s, n in visits.items() if n >= 2}
            assert visited - barred - at_cap <= drawn_now


@settings(max_examples=40, deadline=None)
@given(_campaigns())
def test_a_joint_task_is_one_visit(drawn: tuple[Campaign, list[Subject]]) -> None:
    """Every round adds one task per drawn subject, its partners on it: one visit each (R4.6)."""
    campaign, _ = drawn
    for member in campaign.rounds:
        plan = member.plan
        assert len(member.draw.drawn) == len(member.tasks)
        assert len({t.subject_id for t in member.tasks}) == len(member.tasks)
        assert all(t.partners == plan.partners - {plan.department} for t in member.tasks)


# --- refusals ----------------------------------------------------------------------------------

FIRST, SECOND = half_year_rounds(JOINT)
ONE = Campaign(year=YEAR).draw(FIRST, REGISTRY, seed=SEED)
RECORD = json.loads(json.dumps(ONE.record()))


PLAN_DATA = RECORD["rounds"][0]["plan"]


def _record(**changes: Any) -> dict[str, Any]:
    return {**RECORD, **changes}


def _round(**changes: Any) -> dict[str, Any]:
    return _record(rounds=[{**RECORD["rounds"][0], **changes}])


CAMPAIGN_REFUSALS = [
    ("year str", lambda: Campaign(year="2024"), ValidationError, ("Campaign", "'year'", "R5.1")),
    ("year bool", lambda: Campaign(year=True), ValidationError, ("'year'", "True")),
    ("history None", lambda: Campaign(year=YEAR, history=None), ValidationError, ("'history'",)),
    (
        "history of rows",
        lambda: Campaign(year=YEAR, history=[{"id": "t"}]),
        ValidationError,
        ("'history[0]'", "Task.from_mapping"),
    ),
    ("rounds str", lambda: Campaign(year=YEAR, rounds="r"), ValidationError, ("'rounds'", "str")),
    ("rounds of ints", lambda: Campaign(year=YEAR, rounds=[1]), ValidationError, ("'rounds[0]'",)),
    (
        "rounds of another year",
        lambda: Campaign(year=2025, rounds=ONE.rounds),
        ValidationError,
        ("'rounds[0]'", "2024", "R5.1"),
    ),
    (
        "a round twice",
        lambda: Campaign(year=YEAR, rounds=[ONE.rounds[0], ONE.rounds[0]]),
        DuplicateIdError,
        ("'rounds[1]'", "'2024-weidong-elder/H1'", "round_plans"),
    ),
    (
        "a round drawn with another history",
        lambda: Campaign(year=YEAR, history=ONE.rounds[0].tasks, rounds=ONE.rounds),
        RuleViolationError,
        ("'rounds[0].history'", "Campaign.draw"),
    ),
    (
        "a round whose draw had another history",
        lambda: CampaignRound(draw=ONE.rounds[0].draw, history=ONE.rounds[0].tasks),
        RuleViolationError,
        ("CampaignRound of plan '2024-weidong-elder/H1'", "'history'", "R7.6"),
    ),
    (
        "round draw None",
        lambda: CampaignRound(draw=None, history=()),
        ValidationError,
        ("'draw'",),
    ),
    ("draw plan None", lambda: ONE.draw(None, REGISTRY, seed=SEED), ValidationError, ("'plan'",)),
    (
        "draw plan of 2025",
        lambda: ONE.draw(
            attrs.evolve(SECOND, year=2025, periods=[Period.whole_year(2025)]), REGISTRY, seed=SEED
        ),
        ValidationError,
        ("'plan.year'", "2025", "Campaign(year=2025)"),
    ),
    (
        "draw a plan id again",
        lambda: ONE.draw(FIRST, REGISTRY, seed=SEED),
        DuplicateIdError,
        ("'plan.id'", "'2024-weidong-elder/H1'", "half_year_rounds"),
    ),
    ("draw seed hex", lambda: ONE.draw(SECOND, REGISTRY, seed="0" * 64), InvalidSeedError, ()),
    ("draw registry str", lambda: ONE.draw(SECOND, "s1", seed=SEED), ValidationError, ()),
    (
        "a task id of the history",
        lambda: Campaign(
            year=YEAR,
            history=[
                Task(
                    id="2024-weidong-elder/H1/s1",
                    plan_id="x",
                    subject_id="s9",
                    items=["i"],
                    department="d",
                    kind="complaint",
                )
            ],
        ).draw(FIRST, REGISTRY, seed=SEED),
        DuplicateIdError,
        ("'2024-weidong-elder/H1/s1'", "R5.1"),
    ),
    (
        "round unknown",
        lambda: ONE.round("nope"),
        UnknownIdError,
        ("'nope'", "2024-weidong-elder/H1"),
    ),
    ("round of None", lambda: ONE.round(None), InvalidIdError, ("'plan_id'",)),
]

HELPER_REFUSALS = [
    ("round_plans None", lambda: round_plans(None, []), ValidationError, ("'plan'", "R6.2")),
    (
        "round_plans periods None",
        lambda: round_plans(JOINT, None),
        ValidationError,
        ("'periods'",),
    ),
    (
        "round_plans periods of str",
        lambda: round_plans(JOINT, ["H1"]),
        ValidationError,
        ("'periods[0]'", "Period"),
    ),
    (
        "round_plans unnamed period",
        lambda: round_plans(
            JOINT,
            [Period.whole_year(2024), Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 2, 1))],
        ),
        InvalidIdError,
        ("'periods[1].name'",),
    ),
    (
        "round_plans names twice",
        lambda: round_plans(JOINT, [FIRST.periods[0], attrs.evolve(SECOND.periods[0], name="H1")]),
        DuplicateIdError,
        ("'periods[1].name'", "'H1'", "R6.2"),
    ),
    (
        "round_plans outside the year",
        lambda: round_plans(JOINT, [Period.whole_year(2023)]),
        ValidationError,
        ("'periods[0]'", "2023", "R3.3"),
    ),
    (
        "half_year_rounds of a split plan",
        lambda: half_year_rounds(FIRST),
        RuleViolationError,
        ("'plan.periods'", "R6.2", "round_plans"),
    ),
    ("half_year_rounds None", lambda: half_year_rounds(None), ValidationError, ("'plan'",)),
    ("round_seed str", lambda: round_seed("0" * 64, "p"), InvalidSeedError, ("round_seed",)),
    ("round_seed bad id", lambda: round_seed(SEED, "a|b"), InvalidIdError, ("'plan_id'",)),
    ("round_tasks None", lambda: round_tasks(None), ValidationError, ("'draw'", "draw_subjects")),
]

REPLAY_REFUSALS = [
    ("record None", lambda: replay_campaign(None, []), RecordError, ("'record'", "mapping")),
    (
        "record of a draw",
        lambda: replay_campaign(RECORD["rounds"][0], [REGISTRY]),
        RecordError,
        ("'record.record'",),
    ),
    (
        "procedure",
        lambda: replay_campaign(_record(procedure="x/2"), [REGISTRY]),
        RecordError,
        ("'record.procedure'", CAMPAIGN_VERSION),
    ),
    (
        "year str",
        lambda: replay_campaign(_record(year="2024"), [REGISTRY]),
        RecordError,
        ("'record.year'",),
    ),
    (
        "year 0",
        lambda: replay_campaign(_record(year=0), [REGISTRY]),
        RecordError,
        ("'record.year'",),
    ),
    (
        "rounds dict",
        lambda: replay_campaign(_record(rounds={}), [REGISTRY]),
        RecordError,
        ("'record.rounds'",),
    ),
    (
        "round a list",
        lambda: replay_campaign(_record(rounds=[[]]), [REGISTRY]),
        RecordError,
        ("'record.rounds[0]'",),
    ),
    (
        "round plan str",
        lambda: replay_campaign(_round(plan="p"), [REGISTRY]),
        RecordError,
        ("'record.rounds[0].plan'",),
    ),
    (
        "round seed int",
        lambda: replay_campaign(_round(seed=1), [REGISTRY]),
        RecordError,
        ("'record.rounds[0].seed'",),
    ),
    (
        "round seed short",
        lambda: replay_campaign(_round(seed="ab"), [REGISTRY]),
        RecordError,
        ("'record.rounds[0]'", "seed"),
    ),
    (
        "round plan of 2023",
        lambda: replay_campaign(
            _round(
                plan={**PLAN_DATA, "year": 2023, "periods": [Period.whole_year(2023).to_data()]}
            ),
            [REGISTRY],
        ),
        RecordError,
        ("'record.rounds[0].plan'", "2023"),
    ),
    ("registries None", lambda: replay_campaign(RECORD, None), ValidationError, ("'registries'",)),
    (
        "registries too few",
        lambda: replay_campaign(RECORD, []),
        ValidationError,
        ("'registries'", "0 registries for 1"),
    ),
    (
        "registry str",
        lambda: replay_campaign(RECORD, ["s1"]),
        ValidationError,
        ("'registries[0]'",),
    ),
    (
        "registry with a repeat",
        lambda: replay_campaign(RECORD, [[*REGISTRY, REGISTRY[0]]]),
        DuplicateIdError,
        (
            "replay_campaign",
            "'registries[0]",
        ),
    ),
    (
        "history str",
        lambda: replay_campaign(RECORD, [REGISTRY], history="t"),
        ValidationError,
        ("'history'",),
    ),
]


@rejections(CAMPAIGN_REFUSALS + HELPER_REFUSALS + REPLAY_REFUSALS)
def test_bad_arguments_are_refused_with_the_fix(
    call: Any, error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Every argument is checked first and refused with its field, rule and fix (issue 9)."""
    assert_refused_fast(call, error, *fragments)
