"""The fuzz test of every public callable: only RandInspectError escapes, fast, well worded.

Issue 9's promise, tried as a new user's garbage would try it: every name in
``randinspect.__all__`` is dispatched on what it is (a class and its class
methods and methods, an enum, a function; constants and warning categories
are skipped, errors have a test of their own). Each argument in turn gets
each hostile value of ``fuzzing.HOSTILE``, and a few of its own type, while
the others stay valid; inside a mapping argument (a ``from_mapping`` row) so
does each key, and each key one level down. The call must return, or raise
a ``RandInspectError`` within 1 s whose message is non-empty, under 1,000
characters and names the argument (in ``error.field`` or the text). A
``TypeError`` from Python's own argument binding is fine. Whether a value that
is accepted should have been refused is not judged here, except for the
silent acceptances the issue names, which have a test of their own.

Read it in three parts: the valid values (``SAMPLES``: one of every public
class, whose fields are its valid constructor arguments and which receives
the method calls; ``CALLS``: valid arguments of every function and method), the
cases built from them, and the tests. A public callable with no valid
arguments here fails ``test_every_public_name_is_fuzzed``: add it.

Runtime, measured on the 2-core machine (2026-12-02): 6.5 s for the file's 650
tests (458 fuzzed arguments, about 21,000 calls) when nothing hangs; each hang
costs its 1 s (the tree committed at 015838e, with 15 hangs and 2,300
findings, took 36 s).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import inspect
import json
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import attrs
import pytest
from assertions import assert_rejected, rejections
from fuzzing import (
    HOSTILE,
    Finding,
    HostileError,
    Target,
    arguments,
    kind_of,
    probe,
    probe_error,
    show,
    targets,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import randinspect
import randinspect.presets
import randinspect.testing
from randinspect import (
    ERROR_CODES,
    Campaign,
    CapPolicy,
    CheckItem,
    DeadlinePolicy,
    Flag,
    FlagStratum,
    FrozenMap,
    Grade,
    Handling,
    InfeasibleAssignmentError,
    InspectionReport,
    Inspector,
    Period,
    Plan,
    QuotaPolicy,
    RandInspectError,
    Ratios,
    Rectification,
    Registry,
    Result,
    RowProblem,
    SameAttribute,
    Seed,
    Subject,
    SubjectDraw,
    Task,
    TeamRule,
    YearSchedule,
    amend_plan,
    annual_summary,
    assign_inspectors,
    campaign_probabilities,
    compare_policies,
    credit_entries,
    default_calendar,
    disclose_tasks,
    draw_stream,
    draw_subjects,
    expected_loads,
    half_year_rounds,
    inclusion_probabilities,
    order_by_key,
    overdue,
    schedule,
    simulate_policy,
    summarize,
    verify_draw,
)

date = dt.date

# --- valid values ------------------------------------------------------------------------

SEED = Seed.from_hex("03" * 32)
ITEM = CheckItem(
    id="elder-care",
    name="养老机构安全检查",
    department="civil-affairs",
    basis="养老机构管理办法",
    min_ratios={"B": "10%"},
)
H1 = Period(start=date(2024, 1, 1), end=date(2024, 6, 30), name="H1")
PLAN = Plan(
    id="p1",
    year=2024,
    department="civil-affairs",
    unit="north",
    items=[ITEM],
    ratios={"A": "5%", "B": "10%", "C": "15%", "D": "20%"},
    boost=FlagStratum(flags={"blacklisted"}, ratio="50%"),
)
SUBJECTS = (
    Subject(id="s1", grade="A", name="康乐养老院", attributes={"region": "Weidong"}),
    Subject(id="s2", grade="B"),
    Subject(id="s3", grade="C", flags={"blacklisted"}),
    Subject(id="s4", grade="D"),
)
REGISTRY = Registry(SUBJECTS)
HISTORY = tuple(  # s2 inspected twice in 2024 by another unit: at the cap (R5.1)
    Task(
        id=f"t{day}",
        plan_id="p0",
        subject_id="s2",
        items=["elder-care"],
        inspectors=["a", "b"],
        leader="a",
        period=H1,
        department="civil-affairs",
        unit="south",
        on=date(2024, 3, day),
    )
    for day in (1, 4)
)
ROSTER = (
    Inspector(
        id="a",
        department="civil-affairs",
        name="王芳",
        certificate_no="豫民执 0001",
        certificate_expires=date(2030, 12, 31),
        qualifications={"elder-care"},
        can_lead=True,
        conflicts={"s4"},
        attributes={"region": "Weidong"},
    ),
    *(Inspector(id=i, department="civil-affairs", can_lead=True) for i in "bcde"),
)
DRAW = draw_subjects(PLAN, REGISTRY, seed=SEED, history=HISTORY)
ASSIGNMENT = assign_inspectors(DRAW, ROSTER, seed=SEED, conflicts=[("a", "s1")], unavailable=["e"])
TASK_ID = ASSIGNMENT.task_ids[0]
RESULT = Result(
    task_id=TASK_ID,
    subject_id=DRAW.drawn[0].subject.id,
    outcomes={"elder-care": "problem_corrected"},
    item_dates={"elder-care": date(2024, 6, 3)},
    inspected_on=date(2024, 6, 3),
    reported_on=date(2024, 6, 7),
    findings={"elder-care": "消防通道堵塞"},
    rectification=Rectification(state="ordered", deadline=date(2024, 6, 30)),
    handling=(Handling(decision="penalty", decided_on=date(2024, 6, 20)),),
    notes="消防通道堵塞",
)
DRAW_RECORD = json.loads(json.dumps(DRAW.record(), ensure_ascii=False))
ASSIGNMENT_RECORD = json.loads(json.dumps(ASSIGNMENT.record(), ensure_ascii=False))
CONFLICTS = [("a", "s1")]
UNAVAILABLE = ["e"]
VERDICT = verify_draw({**DRAW_RECORD, "seed": "00" * 32}, REGISTRY, history=HISTORY)
AMENDED = amend_plan(
    PLAN, reason="上级调整", approved_by="局务会", approved_on=date(2024, 5, 6), unit="二科"
)
POLICY = DeadlinePolicy.for_document("003")
STREAMED = draw_stream(PLAN, sorted(SUBJECTS, key=lambda s: s.id), seed=SEED, history=HISTORY)
REPORT = summarize(DRAW, ASSIGNMENT, (RESULT,), on=date(2024, 8, 1), policy=POLICY)
TASK = ASSIGNMENT.task(TASK_ID)
CALENDAR = default_calendar()
H1_PLAN, H2_PLAN = half_year_rounds(PLAN)
CAMPAIGN = Campaign(year=2024, history=HISTORY).draw(H1_PLAN, REGISTRY, seed=SEED)
CAMPAIGN_RECORD = json.loads(json.dumps(CAMPAIGN.record(), ensure_ascii=False))
PRESET = randinspect.presets.for_document("000")
APPOINTED = assign_inspectors(
    draw_subjects(
        attrs.evolve(PLAN, team=attrs.evolve(PLAN.team, leader="appointed")),
        REGISTRY,
        seed=SEED,
        history=HISTORY,
    ),
    ROSTER,
    seed=SEED,
    conflicts=[("a", "s1")],
    unavailable=["e"],
)
W_POLICY = QuotaPolicy(name="w", plans=[H1_PLAN, H2_PLAN])
V_POLICY = QuotaPolicy(name="v", plans=[PLAN])
INCLUSION = inclusion_probabilities(PLAN, REGISTRY, history=HISTORY)
SIMULATION = simulate_policy(W_POLICY, REGISTRY, years=[2024, 2025], trials=5)
SCHEDULE_2024 = next(s for s in CALENDAR.schedules if s.year == 2024)


def _certificate() -> Any:
    try:
        assign_inspectors(DRAW, (ROSTER[1], Inspector(id="x", department="fire")), seed=SEED)
    except InfeasibleAssignmentError as error:
        return error.certificate
    raise AssertionError("one inspector cannot staff teams of two")


CERTIFICATE = _certificate()

SAMPLES: dict[str, object] = {
    "Amendment": AMENDED.amendments[0],
    "AnnualSummary": annual_summary(2024, [(DRAW, ASSIGNMENT, (RESULT,))]),
    "Assignment": ASSIGNMENT,
    "CampaignReport": REPORT,
    "Campaign": CAMPAIGN,
    "CampaignProbabilities": campaign_probabilities([H1_PLAN, H2_PLAN], REGISTRY, history=HISTORY),
    "CampaignRound": CAMPAIGN.rounds[0],
    "CapPolicy": CapPolicy(max_per_year=1, department_rule=False),
    "Clause": PRESET.sources["ratios"][0],
    "CheckItem": ITEM,
    "CreditEntry": credit_entries((RESULT,), ASSIGNMENT.tasks)[0],
    "Deadline": schedule(RESULT, policy=POLICY)[0],
    "Discrepancy": VERDICT.discrepancies[0],
    "DeadlinePolicy": POLICY,
    "DeadlineRule": POLICY.rules[0],
    "DrawnSubject": DRAW.drawn[0],
    "ErrorCode": ERROR_CODES["RI-RATIO"],
    "Exclusion": DRAW.excluded[0],
    "ExpectedLoads": expected_loads(PLAN, REGISTRY, ROSTER, trials=5),
    "GradeOutcome": SIMULATION.outcomes[0],
    "InclusionProbabilities": INCLUSION,
    "FlagStratum": PLAN.boost,
    "FrozenMap": FrozenMap({"region": "Weidong"}),
    "Handling": RESULT.handling[0],
    "Estimate": REPORT.overall.estimate,
    "Ineligibility": CERTIFICATE.unable["x"][0],
    "InspectionReport": InspectionReport.of(TASK, RESULT, items=PLAN.items),
    "Infeasibility": CERTIFICATE,
    "Inspector": ROSTER[0],
    "ItemFinding": InspectionReport.of(TASK, RESULT).items[0],
    "LogEntry": ASSIGNMENT.log[0],
    "Overdue": overdue([RESULT], on=date(2024, 12, 2), policy=POLICY)[0],
    "Period": H1,
    "Place": CERTIFICATE.places[0],
    "Plan": PLAN,
    "PolicyComparison": compare_policies(W_POLICY, V_POLICY, REGISTRY, years=[2024], trials=5),
    "PolicySimulation": SIMULATION,
    "Preset": PRESET,
    "QuotaPolicy": W_POLICY,
    "PlanDeadlineRule": POLICY.plan_rules[0],
    "Ratios": PLAN.ratios,
    "Rectification": RESULT.rectification,
    "Registry": REGISTRY,
    "Result": RESULT,
    "RowProblem": RowProblem(
        row=2, id="s2", field="grade", value="Z", problem="is not a Grade", rule="R2.1", fix="A-D"
    ),
    "SameAttribute": SameAttribute("region", inspector_name="home_region"),
    "Seed": SEED,
    "StratumDraw": DRAW.strata[0],
    "StratumProbability": INCLUSION.strata[0],
    "StratumReport": REPORT.strata[0],
    "StreamedDraw": STREAMED,
    "Subject": SUBJECTS[0],
    "SubjectDraw": DRAW,
    "SubjectFate": DRAW.fate("s1"),
    "Task": HISTORY[0],
    "TeamRule": TeamRule(size=3, max_load=2),
    "Verdict": VERDICT,
    "Window": PRESET.windows[0],
    "WorkCalendar": CALENDAR,
    "YearSchedule": SCHEDULE_2024,
}
"""One valid value of every public class: the receiver of its methods, and (for an attrs
class) the source of its valid constructor arguments, its fields that differ from their
defaults. ``Cls.from_mapping`` gets its ``to_data()``."""

CALLS: dict[str, dict[str, Any]] = {
    # functions
    "add_working_days": {"start": date(2024, 9, 30), "n": 7, "calendar": CALENDAR},
    "assign_inspectors": {
        "draw": DRAW,
        "roster": ROSTER,
        "seed": SEED,
        "conflicts": (("a", "s1"), SameAttribute("region")),
        "unavailable": ("e", ("b", "s3")),
        "recusal": "swap",
    },
    "amend_plan": {
        "plan": PLAN,
        "reason": "上级调整",
        "approved_by": "局务会",
        "approved_on": date(2024, 5, 6),
        "changes": {"unit": "二科"},
    },
    "check_results": {"results": (RESULT,), "tasks": ASSIGNMENT.tasks},
    "annual_summary": {
        "year": 2024,
        "campaigns": [(DRAW, ASSIGNMENT, (RESULT,))],
        "calendar": CALENDAR,
    },
    "credit_entries": {"results": (RESULT,), "tasks": ASSIGNMENT.tasks},
    "summarize": {
        "draw": DRAW,
        "assignment": ASSIGNMENT,
        "results": (RESULT,),
        "confidence": "95%",
        "on": date(2024, 8, 1),
        "policy": POLICY,
        "calendar": CALENDAR,
    },
    "InspectionReport.of": {
        "task": TASK,
        "result": RESULT,
        "items": PLAN.items,
        "policy": POLICY,
        "calendar": CALENDAR,
    },
    "conflicts_fingerprint": {"conflicts": [("a", "s1"), SameAttribute("region")]},
    "draw_sql": {
        "plan": PLAN,
        "seed": SEED,
        "dialect": "duckdb",
        "subjects": "subjects",
        "history": "history",
        "columns": None,
        "output": "drawn",
    },
    "draw_stream": {
        "plan": PLAN,
        "source": [s.to_data() for s in SUBJECTS],
        "seed": SEED,
        "history": HISTORY,
        "columns": None,
        "max_problems": 100,
        "strict": False,
    },
    "verify_sql_draw": {"rows": [], "draw": DRAW, "strata": None},
    "disclose_plan": {"plan": PLAN, "draw": DRAW, "confidential": ("plan.unit", "item.notes")},
    "disclose_tasks": {"assignment": ASSIGNMENT, "confidential": ("subject.name", "inspector.id")},
    "disclose_results": {
        "assignment": ASSIGNMENT,
        "results": (RESULT,),
        "confidential": ("result.evaluation",),
        "publish_findings": True,
    },
    "history_fingerprint": {"history": HISTORY, "year": 2024},
    "load_assignment": {
        "record": ASSIGNMENT_RECORD,
        "draw": DRAW,
        "roster": ROSTER,
        "conflicts": CONFLICTS,
        "unavailable": UNAVAILABLE,
    },
    "load_draw": {"record": DRAW_RECORD, "registry": REGISTRY, "history": HISTORY},
    "unavailable_fingerprint": {"unavailable": ["e", ("a", "s1")]},
    "verify_assignment": {
        "record": ASSIGNMENT_RECORD,
        "draw_record": DRAW_RECORD,
        "roster": ROSTER,
        "conflicts": CONFLICTS,
        "unavailable": UNAVAILABLE,
    },
    "verify_draw": {
        "record": DRAW_RECORD,
        "registry": SUBJECTS,
        "history": HISTORY,
        "plan": PLAN,
        "seed": SEED,
    },
    "cap_exclusions": {"plan": PLAN, "registry": REGISTRY, "history": HISTORY},
    "draw_key": {"seed": SEED, "purpose": "S", "scope": "p1", "item_id": "s1"},
    "draw_subjects": {
        "plan": PLAN,
        "registry": SUBJECTS,
        "seed": SEED,
        "history": HISTORY,
        "strict": False,
    },
    "fingerprint": {"records": SUBJECTS},
    "load_history": {"rows": [HISTORY[0].to_data()], "columns": {"编号": "id"}, "max_problems": 5},
    "load_registry": {
        "rows": [SUBJECTS[0].to_data()],
        "columns": {"统一社会信用代码": "id"},
        "extra": "attributes",
        "max_problems": 5,
    },
    "load_roster": {
        "rows": [ROSTER[0].to_data()],
        "columns": {"姓名": "name"},
        "extra": "attributes",
        "max_problems": 5,
    },
    "format_ratio": {"ratio": Fraction(1, 8)},
    "half_years": {"year": 2024},
    "is_working_day": {"day": date(2024, 10, 12), "calendar": CALENDAR},
    "month_end": {"year": 2024, "month": 6, "roll": "following", "calendar": CALENDAR},
    "order_by_key": {"ids": ("s1", "s2"), "seed": SEED, "purpose": "S", "scope": "p1"},
    "overdue": {"results": (RESULT,), "on": date(2024, 12, 2), "policy": POLICY},
    "parse_ratio": {"value": "12.5%"},
    "plan_deadlines": {"plan_or_year": PLAN, "policy": POLICY, "calendar": CALENDAR},
    "registry_fingerprint": {"records": SUBJECTS},
    "replace_inspector": {
        "assignment": ASSIGNMENT,
        "task_id": TASK_ID,
        "inspector_id": ASSIGNMENT.teams[0][0],
        "reason": "ill",
    },
    "schedule": {"task_or_result": RESULT, "policy": POLICY, "calendar": CALENDAR},
    "team_scope": {"plan_id": "p1", "subject_id": "s1"},
    "working_days_between": {"start": date(2024, 9, 30), "end": date(2024, 10, 15)},
    "half_year_rounds": {"plan": PLAN},
    "appoint_leader": {
        "assignment": APPOINTED,
        "task_id": APPOINTED.task_ids[0],
        "inspector_id": APPOINTED.teams[0][0],
    },
    "appoint_leaders": {
        "assignment": APPOINTED,
        "appointments": {APPOINTED.task_ids[0]: APPOINTED.teams[0][0]},
    },
    "items_for": {"plan": PLAN, "subject": SUBJECTS[0]},
    "notice_rows": {"notice": disclose_tasks(ASSIGNMENT), "labels": "zh"},
    "to_rows": {"values": schedule(RESULT, policy=POLICY), "labels": "zh"},
    "inclusion_probabilities": {"plan": PLAN, "registry": REGISTRY, "history": HISTORY},
    "campaign_probabilities": {
        "plans": [H1_PLAN, H2_PLAN],
        "registry": REGISTRY,
        "history": HISTORY,
        "method": "auto",
        "trials": 10,
        "seed": None,
        "budget": 1000,
    },
    "expected_loads": {
        "plan": PLAN,
        "registry": REGISTRY,
        "roster": ROSTER,
        "history": HISTORY,
        "conflicts": [("a", "s1")],
        "unavailable": ["e"],
        "recusal": "replace",
        "trials": 5,
        "seed": None,
    },
    "simulate_policy": {
        "policy": W_POLICY,
        "registry": REGISTRY,
        "years": [2024, 2025],
        "trials": 5,
        "seed": None,
        "budget": 1000,
    },
    "compare_policies": {
        "first": W_POLICY,
        "second": V_POLICY,
        "registry": REGISTRY,
        "years": [2024, 2025],
        "trials": 5,
        "seed": None,
        "budget": 1000,
    },
    "round_plans": {"plan": PLAN, "periods": (H1,)},
    "round_seed": {"seed": SEED, "plan_id": "p1/H1"},
    "round_tasks": {"draw": DRAW},
    "replay_campaign": {"record": CAMPAIGN_RECORD, "registries": [REGISTRY], "history": HISTORY},
    "verify_campaign": {"record": CAMPAIGN_RECORD, "registries": [REGISTRY], "history": HISTORY},
    # randinspect.presets and randinspect.testing (modules of their own)
    "presets.for_document": {"code": "001"},
    "testing.registry": {
        "n": 12,
        "seed": 1,
        "grades": {"A": "50%", "B": "50%"},
        "flags": {"blacklisted": "10%"},
        "types": ("酒店",),
        "city": "平顶山市",
        "prefix": "s",
    },
    "testing.roster": {
        "n": 4,
        "seed": 1,
        "departments": ("卫东区民政局",),
        "can_lead": "50%",
        "certified": "100%",
        "qualified": "20%",
        "registry": REGISTRY,
        "conflicts": "10%",
        "year": 2024,
        "prefix": "i",
    },
    "testing.history": {
        "registry": REGISTRY,
        "seed": 1,
        "year": 2024,
        "inspected": "50%",
        "twice": "10%",
        "complaints": "10%",
        "department": "卫东区民政局",
        "units": ("", "二科"),
        "plan_id": "earlier",
        "items": ("earlier-item",),
    },
    "testing.plan": {
        "id": "p2024",
        "year": 2024,
        "department": "卫东区民政局",
        "types": ("养老机构",),
        "ratios": "W",
        "partners": ("区消防救援支队",),
        "periods": 2,
        "boost": "30%",
        "relief": "5%",
        "team": TeamRule(size=2),
        "caps": CapPolicy(max_per_year=1),
        "unit": "二科",
    },
    # class methods (from_mapping and the enums' parse come from SAMPLES and the members)
    "DeadlinePolicy.for_document": {"document": "002"},
    "Period.whole_year": {"year": 2024},
    "Ratios.of": {"ratios": {"A": "5%", "B": "10%"}},
    "Seed.derive": {"parts": ("commitment-2024", "lottery 03 17 29")},
    "Seed.from_bytes": {"data": bytes(range(32))},
    "Seed.from_hex": {"text": " " + "03" * 32 + " "},
    "WorkCalendar.china": {"extra_holidays": (date(2024, 3, 8),), "estimate": False},
    "YearSchedule.from_ranges": {
        "year": 2024,
        "off": ((date(2024, 2, 10), date(2024, 2, 17)), date(2024, 4, 4)),
        "work": (date(2024, 2, 4),),
        "source": "国办发明电〔2023〕7号",
    },
    # methods (the receiver is the class's sample)
    "AnnualSummary.to_rows": {"table": "counts", "labels": "zh"},
    "Assignment.to_rows": {"table": "loads", "labels": "zh"},
    "Campaign.to_rows": {"table": "tasks", "labels": "zh"},
    "CampaignProbabilities.__contains__": {"subject_id": "s1"},
    "CampaignProbabilities.__getitem__": {"subject_id": "s1"},
    "CampaignProbabilities.expected_draws": {"subject_id": "s1"},
    "CampaignProbabilities.get": {"subject_id": "s1"},
    "CampaignProbabilities.round": {"which": 0},
    "CampaignProbabilities.to_rows": {"per": "subject"},
    "CampaignReport.to_rows": {"table": "counts", "labels": "zh"},
    "CampaignRound.to_rows": {"table": "exclusions", "labels": "zh"},
    "CreditEntry.to_rows": {"labels": "zh"},
    "Deadline.to_rows": {"labels": "zh"},
    "Exclusion.to_rows": {"labels": "zh"},
    "ExpectedLoads.__contains__": {"inspector_id": "a"},
    "ExpectedLoads.__getitem__": {"inspector_id": "a"},
    "ExpectedLoads.get": {"inspector_id": "a"},
    "InclusionProbabilities.__contains__": {"subject_id": "s1"},
    "InclusionProbabilities.__getitem__": {"subject_id": "s1"},
    "InclusionProbabilities.get": {"subject_id": "s1"},
    "InclusionProbabilities.status": {"subject_id": "s1"},
    "InclusionProbabilities.stratum_of": {"subject_id": "s1"},
    "InclusionProbabilities.to_rows": {"per": "subject"},
    "InspectionReport.to_rows": {"labels": "zh"},
    "Overdue.to_rows": {"labels": "zh"},
    "PolicySimulation.outcome": {"grade": "A", "method": "simulated"},
    "QuotaPolicy.plans_for": {"year": 2025},
    "StreamedDraw.to_rows": {"table": "strata", "labels": "zh"},
    "SubjectDraw.to_rows": {"table": "strata", "labels": "zh"},
    "Campaign.draw": {"plan": H2_PLAN, "registry": REGISTRY, "seed": SEED},
    "Campaign.round": {"plan_id": "p1/H1"},
    "Preset.cite": {"field": "ratios"},
    "Preset.plan": {"year": 2025, "department": "卫东区民政局", "unit": "养老科"},
    "Preset.round_plans": {"year": 2025, "department": "卫东区民政局", "unit": "养老科"},
    "Window.in_year": {"year": 2025},
    "Assignment.position": {"task_id": TASK_ID},
    "Assignment.task": {"task_id": TASK_ID},
    "CampaignReport.stratum": {"name": "boost"},
    "DeadlinePolicy.merge": {"others": (DeadlinePolicy.for_document("004"),), "name": "joint"},
    "FrozenMap.__contains__": {"key": "region"},
    "FrozenMap.__getitem__": {"key": "region"},
    "FrozenMap.get": {"key": "region", "default": ""},
    "Inspector.is_certified_on": {"day": date(2024, 6, 1)},
    "Period.__contains__": {"day": date(2024, 6, 1)},
    "Place.fits": {"inspector": ROSTER[1]},
    "Rectification.is_overdue": {"on": date(2024, 7, 1)},
    "Ratios.__getitem__": {"grade": "中"},
    "Registry.__contains__": {"subject_id": "s1"},
    "Registry.from_rows": {"rows": [s.to_data() for s in SUBJECTS], "columns": None},
    "Registry.__getitem__": {"subject_id": "s1"},
    "Registry.get": {"subject_id": "s1"},
    "Registry.ids_with_grade": {"grade": Grade.A, "without": ()},
    "Registry.with_flags": {"flags": (Flag.BLACKLISTED,)},
    "SubjectDraw.fate": {"subject_id": "s2"},
    "StreamedDraw.fate": {"subject_id": STREAMED.drawn[0].subject.id},
    "StreamedDraw.stratum": {"name": "boost"},
    "SubjectDraw.stratum": {"name": "boost"},
    "WorkCalendar.add_working_days": {"start": date(2024, 9, 30), "n": 7},
    "WorkCalendar.half_years": {"year": 2024},
    "WorkCalendar.is_published": {"year": 2024},
    "WorkCalendar.is_working_day": {"day": date(2024, 10, 12)},
    "WorkCalendar.month_end": {"year": 2024, "month": 9, "roll": "preceding"},
    "WorkCalendar.with_extra_days": {"extra_holidays": (date(2024, 3, 8),)},
    "WorkCalendar.with_schedule": {"schedules": (SCHEDULE_2024,)},
    "WorkCalendar.working_days_between": {"start": date(2024, 9, 30), "end": date(2024, 10, 15)},
    # a class that is not an attrs class: its constructor
    "FrozenMap": {"items": {"region": "Weidong", "type": "elder-care"}},
}
"""Valid arguments of every public function, class method and method with parameters."""

MAPPING_ARGUMENTS: dict[str, str] = {"Ratios.of": "ratios"}
"""Mapping arguments fuzzed inside too: each key, and each key one level down (as are the
``data`` of every ``Cls.from_mapping``)."""

ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("amend_plan", "changes"): ("unit",),  # the hostile value is passed as unit=...
    ("Preset.plan", "overrides"): ("unit",),
    ("Preset.round_plans", "overrides"): ("unit",),
    ("parse_ratio", "value"): ("ratio",),
    ("Seed.from_bytes", "data"): ("bytes",),
    ("Seed.from_hex", "text"): ("hex",),
    ("SubjectDraw.stratum", "name"): ("stratum",),
    ("StreamedDraw.stratum", "name"): ("stratum",),
    ("draw_stream", "source"): ("rows",),  # the source's rows, named by number
}
"""Other names a message may use for an argument: beyond its own, an enum's name, and for
the whole mapping of ``from_mapping`` the words mapping and keys."""

PROTOCOL: dict[str, tuple[type[BaseException], ...]] = {
    "FrozenMap.__getitem__": (KeyError, TypeError, HostileError),
    "FrozenMap.get": (TypeError, HostileError),
    "FrozenMap.__contains__": (TypeError, HostileError),
}
"""Built-in exceptions a callable may raise by protocol: a ``Mapping`` raises KeyError for a
missing key (``Mapping.get`` and ``dict(m)`` rely on it) and, as ``dict``, TypeError for an
unhashable one, or what the key's own ``__hash__`` raises."""


def _huge_team_plan() -> Plan:
    return attrs.evolve(PLAN, team=TeamRule(size=10**9))


TYPED_HOSTILE: dict[type, tuple[tuple[str, Callable[[], object]], ...]] = {
    Plan: (("a Plan with TeamRule(size=10**9)", _huge_team_plan),),
    SubjectDraw: (
        (
            "the draw of a Plan with TeamRule(size=10**9)",
            lambda: draw_subjects(_huge_team_plan(), REGISTRY, seed=SEED),
        ),
    ),
}
"""Hostile values of an argument's own type: valid on their own, extreme where they are used.

The fault lies inside the value (its team size), so a refusal may name it any way."""


# --- cases -----------------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@functools.cache
def valid_arguments(target: Target) -> dict[str, Any] | None:
    """The valid arguments of ``target`` from the tables, or ``None`` if they have none."""
    if target.name in CALLS:
        return CALLS[target.name]
    owner = target.owner
    if owner is not None and owner.__name__ in SAMPLES and attrs.has(owner):
        sample = SAMPLES[owner.__name__]
        if target.kind == "class":
            return _changed_fields(sample)
        if target.name.endswith(".from_mapping"):
            return {"data": sample.to_data()}  # type: ignore[attr-defined]
    if target.kind == "enum" or (target.kind == "classmethod" and target.name.endswith(".parse")):
        return {"value": next(iter(owner)).value}  # type: ignore[call-overload]
    return None


def _changed_fields(sample: object) -> dict[str, Any]:
    """The constructor arguments that rebuild ``sample``: its fields that are not defaults."""
    out = {}
    for field in attrs.fields(type(sample)):
        if not field.init:
            continue
        value = getattr(sample, field.name)
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory(sample) if default.takes_self else default.factory()
        if default is attrs.NOTHING or value != default:
            out[field.alias] = value
    return out


Path = tuple[str | int, ...]


@dataclasses.dataclass(frozen=True)
class Case:
    """One argument of one public callable to fuzz, or one place inside a mapping argument.

    ``path`` leads into the argument's valid value: ``("periods", 0, "start")``
    is ``data['periods'][0]['start']`` of ``Plan.from_mapping``.
    """

    target: Target
    argument: str
    path: Path = ()

    @property
    def label(self) -> str:
        """``year``, or ``data['periods'][0]['start']`` for a place inside a mapping."""
        return self.argument + "".join(f"[{step!r}]" for step in self.path)

    @property
    def fields(self) -> tuple[str, ...]:
        """The names a refusal's message may call the place by (innermost first)."""
        keys = [step for step in reversed(self.path) if isinstance(step, str)]
        own = keys[0] if keys else self.argument
        found = [*keys, self.argument] if keys else [own]
        found += ALIASES.get((self.target.name, self.label), ())
        if self.target.name.endswith(".from_mapping") and not self.path:
            found += ["mapping", "keys"]
        owner = self.target.owner
        if self.target.kind == "class" and owner is not None and attrs.has(owner):
            found += [f.name for f in attrs.fields(owner) if f.alias == own]
        if owner is not None and kind_of(owner) == "enum":
            found += [owner.__name__, _snake(owner.__name__)]
        return tuple(found)

    def __str__(self) -> str:
        return f"{self.target.name}-{self.label}"


def _paths(data: Mapping[str, Any]) -> list[Path]:
    """Each key of a mapping, and each key one level inside (in a first list member too)."""
    paths: list[Path] = []
    for key, value in data.items():
        paths.append((key,))
        if isinstance(value, Mapping):
            paths += [(key, inner) for inner in value]
        elif isinstance(value, list) and value and isinstance(value[0], Mapping):
            paths += [(key, 0, inner) for inner in value[0]]
    return paths


def _cases(found: list[Target]) -> list[Case]:
    cases = []
    for target in found:
        cases += [Case(target, param.name) for param in target.parameters()]
        valid = valid_arguments(target) or {}
        argument = MAPPING_ARGUMENTS.get(target.name)
        if argument is None and target.name.endswith(".from_mapping"):
            argument = "data"
        if argument is not None:
            cases += [Case(target, argument, path) for path in _paths(valid[argument])]
    return cases


def replaced(value: Any, path: Path, new: object) -> Any:
    """A copy of ``value`` with the place at ``path`` set to ``new`` (mappings, lists)."""
    if not path:
        return new
    step, rest = path[0], path[1:]
    if isinstance(value, Mapping):
        return {**value, step: replaced(value.get(step), rest, new)}
    items = list(value)
    items[step] = replaced(items[step], rest, new)  # type: ignore[index]
    return items


def valid_at(case: Case) -> object:
    """The valid value at the case's argument and path (``None`` if there is none)."""
    value: Any = (valid_arguments(case.target) or {}).get(case.argument)
    for step in case.path:
        value = value.get(step) if isinstance(value, Mapping) else value[step]
    return value


def _all_targets() -> tuple[list[Target], list[str]]:
    """The targets of randinspect's __all__, and of its public submodules presets and testing.

    A submodule's functions are named ``presets.for_document``, ``testing.registry``.
    """
    found, unknown = targets(randinspect)
    for module in (randinspect.presets, randinspect.testing):
        prefix = module.__name__.removeprefix("randinspect.")
        more, odd = targets(module)
        found += [
            dataclasses.replace(t, name=f"{prefix}.{t.name}") if t.kind == "function" else t
            for t in more
        ]
        unknown += odd
    return found, unknown


TARGETS, UNKNOWN = _all_targets()
CASES = _cases(TARGETS)


def check(
    case: Case, label: str, make: Callable[[], object], *, named: bool = True
) -> Finding | None:
    """Call ``case``'s callable with the hostile value ``make()`` in its argument; judge it.

    With ``named=False`` the message need not name the argument.
    """
    try:
        value = make()
    except RandInspectError:
        return None  # refused while being built (a TYPED_HOSTILE value): bounded already
    values = dict(valid_arguments(case.target) or {})
    params = {p.name: p for p in case.target.parameters()}
    if case.path:
        values[case.argument] = replaced(values[case.argument], case.path, value)
    elif params[case.argument].kind is inspect.Parameter.VAR_POSITIONAL:
        values[case.argument] = (value,)
    else:
        values[case.argument] = value
    owner = case.target.owner
    call = case.target.bind(SAMPLES.get(owner.__name__) if owner is not None else None)
    args, kwargs = arguments(case.target.parameters(), values)
    fields = case.fields if named else ()
    verdict = probe(call, args, kwargs, fields, allowed=PROTOCOL.get(case.target.name, ()))
    if verdict is None:
        return None
    return Finding(case.target.module, case.target.name, case.label, label, *verdict)


def typed_hostile_values(case: Case) -> tuple[tuple[str, Callable[[], object]], ...]:
    """The hostile values of the argument's own type (see :data:`TYPED_HOSTILE`)."""
    valid = valid_at(case)
    return tuple(
        v for cls, values in TYPED_HOSTILE.items() if isinstance(valid, cls) for v in values
    )


# --- the tests ----------------------------------------------------------------------------


def _spin() -> None:
    while True:
        pass


def _refuse(message: str, field: str = "") -> Callable[[], None]:
    def call() -> None:
        raise RandInspectError(message, field=field)

    return call


class _VerboseError(RandInspectError):
    """An error whose message runs on (the library's own cut them)."""

    def __str__(self) -> str:
        return "year " + "x" * 1000


def _verbose() -> None:
    raise _VerboseError("year")


PROBE_VERDICTS = [
    ("a return", lambda: None, None),
    ("a named refusal", _refuse("must be a whole number", field="year"), None),
    ("a refusal naming it in the text", _refuse("the year must be a whole number"), None),
    ("a foreign exception", lambda: {}["year"], "escaped KeyError"),
    ("an endless loop", _spin, "hang"),
    ("an empty message", _refuse(""), "empty message"),
    ("a long message", _verbose, "long message"),
    ("a message naming another field", _refuse("bad", field="years"), "field not named"),
]


@pytest.mark.parametrize(
    ("call", "kind"), [row[1:] for row in PROBE_VERDICTS], ids=[row[0] for row in PROBE_VERDICTS]
)
def test_the_probe_tells_each_failure_apart(call: Callable[[], None], kind: str | None) -> None:
    """The runner itself: a return or a good refusal passes; each broken promise is named."""
    verdict = probe(call, [], {}, ("year",), limit=0.05)
    assert kind == (verdict and verdict[0])


def test_every_public_name_is_fuzzed() -> None:
    """Every name of __all__ is dispatched, and every public callable has valid arguments.

    A new public name of a kind the dispatcher does not know, or a callable
    with no entry in the tables, fails here until it is added; a table entry
    that names nothing public fails too.
    """
    assert [] == UNKNOWN
    assert [] == [t.name for t in TARGETS if valid_arguments(t) is None]
    methods = {t.owner.__name__ for t in TARGETS if t.kind == "method" and t.owner is not None}
    assert [] == sorted(methods - set(SAMPLES))
    classes = {t.name for t in TARGETS if t.kind == "class"}
    assert [] == sorted(set(SAMPLES) - classes)
    assert [] == sorted(set(CALLS) - {t.name for t in TARGETS})


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # old names keep working
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_the_valid_arguments_are_valid(target: Target) -> None:
    """Each callable accepts its valid arguments, so a refusal below is the hostile value's."""
    owner = target.owner
    call = target.bind(SAMPLES.get(owner.__name__) if owner is not None else None)
    args, kwargs = arguments(target.parameters(), valid_arguments(target) or {})
    call(*args, **kwargs)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_hostile_values_are_refused_fast_and_well(case: Case) -> None:
    """Each fixed hostile value in this argument, the others valid, is refused well.

    The call returns, or raises a RandInspectError within 1 s whose message is
    non-empty, under 1,000 characters and names the argument.
    """
    findings = [check(case, label, make) for label, make in HOSTILE]
    findings += [
        check(case, label, make, named=False) for label, make in typed_hostile_values(case)
    ]
    assert [] == [str(f) for f in findings if f is not None]


TEXT = st.text(st.characters(exclude_categories=()))  # lone surrogates included
GENERATED = st.one_of(
    st.sampled_from(HOSTILE).map(lambda hostile: hostile[1]()),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.fractions(),
    TEXT,
    st.binary(max_size=40),
    st.dates(),
    st.datetimes(),
    st.tuples(st.text(max_size=4), st.text(max_size=4)),
    st.recursive(
        st.text(max_size=3) | st.integers() | st.none(),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
        ),
        max_leaves=8,
    ),
)
"""Generated values of any type: the fixed hostile ones, text, numbers, dates, containers."""


def near(valid: object) -> st.SearchStrategy[Any]:
    """Generated values of the valid value's own type (a collection: of its members' type)."""
    if isinstance(valid, bool) or valid is None:
        return GENERATED
    if isinstance(valid, int):
        return st.integers() | st.integers(-2, 10_000)
    if isinstance(valid, dt.date):
        return st.dates() | st.datetimes() | st.dates().map(dt.date.isoformat)
    if isinstance(valid, str):
        return TEXT | st.text("|-% 0123456789.e/abcdef", max_size=70)
    if isinstance(valid, Fraction):
        return st.fractions() | st.decimals() | st.floats()
    if isinstance(valid, Mapping) and valid:
        return st.dictionaries(TEXT, near(next(iter(valid.values()))), max_size=3)
    if isinstance(valid, tuple | list | frozenset) and valid:
        return st.lists(near(next(iter(valid))), max_size=3)
    return GENERATED


EXAMPLES = 800


def test_generated_values_are_refused_fast_and_well() -> None:
    """Generated values in random arguments behave as the fixed hostile values must.

    Hypothesis draws a (callable, argument) and a value, of any type or of
    the valid value's own type, with a fixed seed (``derandomize``), so the
    run never flakes; every distinct finding (by callable, argument and kind)
    is reported, not only the first.
    """
    found: dict[tuple[str, str, str], Finding] = {}

    @settings(
        derandomize=True,
        database=None,
        deadline=None,
        max_examples=EXAMPLES,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def fuzz(data: st.DataObject) -> None:
        case = data.draw(st.sampled_from(CASES))
        value = data.draw(GENERATED | near(valid_at(case)))
        finding = check(case, show(value), lambda: value)
        if finding is not None:
            found.setdefault((finding.call, finding.argument, finding.kind), finding)

    fuzz()
    assert [] == sorted(str(f) for f in found.values())


ERRORS = [
    getattr(randinspect, name)
    for name in randinspect.__all__
    if kind_of(getattr(randinspect, name)) == "error"
]
ERROR_ARGUMENTS: dict[str, Any] = {
    "problem": "must be a whole number",
    "obj": "Plan 'p1'",
    "field": "year",
    "value": "2024",
    "rule": "R2.2",
    "fix": "pass the year as an int",
    "certificate": CERTIFICATE,
    "problems": (),
    "count": 1,
    "rows": 2,
}
ERROR_CASES = [(error, name) for error in ERRORS for name in inspect.signature(error).parameters]


@pytest.mark.parametrize(
    ("error", "argument"), ERROR_CASES, ids=[f"{e.__name__}-{a}" for e, a in ERROR_CASES]
)
def test_an_error_always_builds_a_short_message(
    error: type[RandInspectError], argument: str
) -> None:
    """An error with a hostile value in any part builds its message, under 1,000 characters.

    A message must never fail to build, and long values are cut (issue 9).
    """
    valid = {name: ERROR_ARGUMENTS[name] for name in inspect.signature(error).parameters}
    findings = []
    for label, make in HOSTILE:
        verdict = probe_error(error, {**valid, argument: make()})
        if verdict is not None:
            findings.append(f"{error.__name__}({argument}={label}): {': '.join(verdict)}")
    assert [] == findings


SILENT_ACCEPTANCES = [
    (
        "order_by_key iterates the characters of one id",
        lambda: order_by_key("s1", seed=SEED, purpose="S", scope="p1"),
        RandInspectError,
        (),
    ),
    ("Ratios(A=1) means 100%", lambda: Ratios(A=1), RandInspectError, ()),
    ("Period.whole_year(True) is year 1", lambda: Period.whole_year(True), RandInspectError, ()),
    (
        "Ratios.of drops one of two keys naming grade A",
        lambda: Ratios.of({"A": "5%", "低": "1%"}),
        RandInspectError,
        (),
    ),
    (
        "an extra column overwrites an attributes entry",
        lambda: Subject.from_mapping(
            {"id": "s1", "grade": "A", "attributes": {"region": "Weidong"}, "region": "Wugang"},
            extra="attributes",
        ),
        RandInspectError,
        (),
    ),
]


@rejections(SILENT_ACCEPTANCES)
def test_the_silent_acceptances_of_issue_9_are_refused(
    call: Callable[[], object], error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Inputs issue 9 found silently taken for something else are refused, with a fix."""
    assert_rejected(call, error, *fragments)


def test_a_blank_certified_cell_keeps_the_certificate() -> None:
    """A blank ``certified`` cell is refused or means the default, never "not certified"."""
    row = {"id": "i1", "department": "civil-affairs", "certified": ""}
    try:
        inspector = Inspector.from_mapping(row)
    except RandInspectError:
        return
    assert True is inspector.certified


MISPLACED_MESSAGES = [
    (
        "a period of a plan row names its place",
        lambda: Plan.from_mapping({**PLAN.to_data(), "periods": [{}]}),
        RandInspectError,
        "periods[0]",
    ),
    (
        "a weekday among make-up days blames work, not make_up_days",
        lambda: YearSchedule.from_ranges(2024, off=[], work=[date(2024, 1, 3)]),
        RandInspectError,
        "'work'",
    ),
    (
        "a ratio of '10' is echoed as given, with '10%' suggested",
        lambda: Ratios(A="10"),
        RandInspectError,
        ("'10'", "10%"),
    ),
]


@rejections(MISPLACED_MESSAGES)
def test_the_misplaced_messages_of_issue_9_point_at_the_place(
    call: Callable[[], object], error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Refusals issue 9 found pointing at the wrong place name the right one."""
    assert_rejected(call, error, *fragments)
