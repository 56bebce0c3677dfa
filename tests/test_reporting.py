"""Reports: one inspection, one campaign, one year, and the credit link (R7.4, R7.5, R7.7).

The campaign is docs/reporting.md's worked example: 100 A subjects at 5 %,
30 B at 10 %, 10 C at 20 % (5, 3 and 2 drawn), one problem among the A
results and one among the C results. Expected figures are worked by hand
there and here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import attrs
import pytest
from assertions import assert_rejected, rejections

from randinspect import (
    CapPolicy,
    CheckItem,
    Decision,
    DuplicateIdError,
    Handling,
    Inspector,
    InvalidDateError,
    Outcome,
    OutcomeClass,
    Plan,
    Ratios,
    Rectification,
    RectificationState,
    Result,
    RuleViolationError,
    Seed,
    Subject,
    Task,
    UnknownIdError,
    ValidationError,
)
from randinspect.assignment import Assignment, assign_inspectors
from randinspect.deadlines import DeadlinePolicy
from randinspect.reporting import (
    AnnualSummary,
    CampaignReport,
    CreditEntry,
    InspectionReport,
    annual_summary,
    credit_entries,
    summarize,
)
from randinspect.sampling import SubjectDraw, draw_subjects

D = dt.date
ITEM = CheckItem(id="safety", name="养老机构安全检查", department="民政局")
SEED = Seed.derive("worked example")
POLICY = DeadlinePolicy.for_document("003")


def make_plan(plan_id: str = "elder-2024", year: int = 2024, **changes: Any) -> Plan:
    """The worked example's plan: grades A-D at 5, 10, 20, 20 %."""
    return Plan(id=plan_id, year=year, department="民政局", items=[ITEM],
                ratios=Ratios(A="5%", B="10%", C="20%", D="20%"), **changes)  # fmt: skip


REGISTRY = (
    [Subject(id=f"a{i:03d}", grade="A") for i in range(100)]
    + [Subject(id=f"b{i:02d}", grade="B") for i in range(30)]
    + [Subject(id=f"c{i}", grade="C") for i in range(10)]
)
ROSTER = [Inspector(id=f"i{n}", department="民政局", can_lead=True) for n in range(6)]


def campaign(
    plan: Plan | None = None, history: tuple[Task, ...] = ()
) -> tuple[SubjectDraw, Assignment]:
    """The draw and assignment of the worked example (or of ``plan``)."""
    draw = draw_subjects(plan or make_plan(), REGISTRY, seed=SEED, history=history)
    return draw, assign_inspectors(draw, ROSTER, seed=SEED)


DRAW, ASSIGNMENT = campaign()
TASKS = ASSIGNMENT.tasks


def result(task: Task, outcome: str = "compliant", **fields: Any) -> Result:
    """A result of ``task`` with one outcome for its item, inspected on 3 June 2024."""
    fields.setdefault("inspected_on", D(2024, 6, 3))
    return Result(task_id=task.id, subject_id=task.subject_id, outcomes={"safety": outcome},
                  **fields)  # fmt: skip


def first_of(grade: str, tasks: tuple[Task, ...] = TASKS) -> Task:
    """The first task of a subject of ``grade`` (subject ids start with the grade)."""
    return next(t for t in tasks if t.subject_id[0] == grade.lower())


def worked_results(tasks: tuple[Task, ...] = TASKS) -> list[Result]:
    """Every task's result: a problem for the first A and the first C subject, else compliant."""
    problems = {first_of("A", tasks).id, first_of("C", tasks).id}
    return [result(t, "problem_pending" if t.id in problems else "compliant") for t in tasks]


# --- the campaign report -----------------------------------------------------------------


def test_each_stratum_reports_its_sizes_results_and_rates() -> None:
    """Per stratum: N_s, eligible, ceil(N_s r_s), drawn, inspected, problems, rates (R7.4)."""
    report = summarize(DRAW, ASSIGNMENT, worked_results())
    rows = [
        (s.name, s.in_scope, s.eligible, s.required, s.drawn, s.inspected, s.missing,
         s.problems, s.problem_rate, s.ratio_achieved, s.ratio_met)
        for s in report.strata
    ]  # fmt: skip
    assert [
        ("A", 100, 100, 5, 5, 5, 0, 1, Fraction(1, 5), Fraction(5, 100), True),
        ("B", 30, 30, 3, 3, 3, 0, 0, Fraction(0), Fraction(3, 30), True),
        ("C", 10, 10, 2, 2, 2, 0, 1, Fraction(1, 2), Fraction(2, 10), True),
        ("D", 0, 0, 0, 0, 0, 0, 0, None, None, True),
    ] == rows


def test_the_overall_line_sums_the_strata_and_the_report_exposes_it() -> None:
    """Overall: 140 in scope, 10 drawn and inspected, 2 problems: 1/5; 10/140 = 1/14 achieved."""
    report = summarize(DRAW, ASSIGNMENT, worked_results())
    overall = report.overall
    assert (140, 140, 10, 10, 10, 0, 2) == (
        overall.in_scope, overall.eligible, overall.required, overall.drawn,
        overall.inspected, overall.missing, overall.problems,
    )  # fmt: skip
    assert Fraction(1, 5) == report.problem_rate == overall.problem_rate
    assert Fraction(1, 14) == report.ratio_achieved
    assert (report.in_scope, report.drawn, report.inspected, report.missing) == (140, 10, 10, 0)
    assert (report.eligible, report.required, report.problems) == (140, 10, 2)
    assert report.stratum("overall") is overall
    assert "the whole in-scope population" in report.covers
    assert () == report.notes


def test_the_estimate_is_the_hand_worked_one() -> None:
    """The overall estimate is docs/reporting.md's: 5/28 in [0.0383, 0.5428] at 95 %."""
    estimate = summarize(DRAW, ASSIGNMENT, worked_results(), confidence="95%").estimate
    assert Fraction(5, 28) == estimate.rate
    assert Fraction(115, 16) == estimate.effective_size
    assert (0.0383, 0.5428) == (round(estimate.low, 4), round(estimate.high, 4))
    assert Fraction(19, 20) == estimate.confidence
    assert 140 == estimate.population


def test_a_stratum_estimate_covers_that_stratum() -> None:
    """Stratum C alone: p = 1/2, v = (1 - 2/10)(1/2) / 2 = 1/5, n_eff = (1/4) / (1/5) = 5/4."""
    estimate = summarize(DRAW, ASSIGNMENT, worked_results()).stratum("C").estimate
    assert Fraction(1, 2) == estimate.rate
    assert Fraction(1, 5) == estimate.variance
    assert Fraction(5, 4) == estimate.effective_size


def test_missing_results_are_counted_and_said_to_narrow_the_estimate() -> None:
    """Results not yet in are missing; the notes and covers say the estimate assumes them alike."""
    c_tasks = {t.id for t in TASKS if t.subject_id.startswith("c")}
    report = summarize(DRAW, ASSIGNMENT, [r for r in worked_results() if r.task_id not in c_tasks])
    assert (2, 2) == (report.stratum("C").missing, report.missing)
    assert not report.stratum("C").ratio_met
    assert not report.overall.ratio_met
    assert ("A", "B") == report.estimate.strata
    assert 130 == report.estimate.population
    assert "less than the whole in-scope population" in report.covers
    assert "C (10 subjects)" in report.covers
    assert any("2 of 10 drawn subjects have no result yet" in n for n in report.notes)
    assert any("stratum C: 0 inspected of 2 required" in n for n in report.notes)


def test_cap_exclusions_are_said_to_narrow_the_estimate() -> None:
    """Subjects the yearly cap excludes (R5) are in scope, not eligible: the report says so."""
    history = tuple(
        Task(id=f"h{n}", plan_id="earlier", subject_id=f"a{n:03d}", items=["x"],
             department="民政局", on=D(2024, 3, 1))
        for n in range(20)
    )  # fmt: skip
    draw, assignment = campaign(make_plan(caps=CapPolicy(max_per_year=1)), history)
    report = summarize(draw, assignment, worked_results(assignment.tasks))
    assert (100, 80) == (report.stratum("A").in_scope, report.stratum("A").eligible)
    assert 120 == report.estimate.population
    assert "20 of the 140 in scope were excluded by the yearly cap (R5)" in report.covers
    assert any(
        "20 in-scope subjects were excluded by the yearly cap (R5)" in n for n in report.notes
    )


def test_not_assessable_results_leave_the_problem_rates_denominator() -> None:
    """A closed subject's result counts as inspected, not in problems / assessable (R7.4)."""
    a_tasks = [t for t in TASKS if t.subject_id.startswith("a")]
    results = [result(a_tasks[0], "problem_pending"), result(a_tasks[1], "closed"),
               *(result(t) for t in a_tasks[2:])]  # fmt: skip
    line = summarize(DRAW, ASSIGNMENT, results).stratum("A")
    assert (5, 4, 1, 1) == (line.inspected, line.assessable, line.not_assessable, line.problems)
    assert Fraction(1, 4) == line.problem_rate
    assert 1 == line.outcomes[Outcome.CLOSED]
    assert 4 == line.estimate.sample_size


def test_follow_up_is_counted_per_state_decision_and_overdue_day() -> None:
    """Rectification states, orders overdue on the day, handling decisions and late deadlines."""
    a_task, c_task = first_of("A"), first_of("C")
    ordered = Rectification(state="ordered", deadline=D(2024, 7, 1))
    results = [
        result(t) for t in TASKS if t.id not in {a_task.id, c_task.id}
    ] + [
        result(a_task, "problem_pending", rectification=ordered,
               handling=[Handling(decision="warning")]),
        result(c_task, "problem_corrected", reported_on=D(2024, 6, 5),
               rectification=Rectification(state="rectified", rectified_on=D(2024, 6, 20)),
               handling=[Handling(decision="penalty", decided_on=D(2024, 6, 10)),
                         Handling(decision="credit_record")]),
    ]  # fmt: skip
    report = summarize(DRAW, ASSIGNMENT, results, on=D(2024, 8, 1), policy=POLICY)
    overall = report.overall
    assert 8 == overall.rectification[RectificationState.NONE_NEEDED]
    assert (1, 1) == (overall.rectification[RectificationState.ORDERED],
                      overall.rectification[RectificationState.RECTIFIED])  # fmt: skip
    assert 1 == overall.rectification_overdue  # the order of 1 July is open on 1 August
    assert (8, 1, 1, 1) == (overall.handling[Decision.NONE], overall.handling[Decision.WARNING],
                            overall.handling[Decision.PENALTY],
                            overall.handling[Decision.CREDIT_RECORD])  # fmt: skip
    # 003: 9 reports never made (due 2024-06-11), and the one made on 5 June was never fed
    # back or published (due 20 working days later, by 4 July): 9 + 2 late.
    assert {"report": 9, "feedback": 1, "publication": 1} == dict(overall.overdue or {})
    assert 11 == overall.overdue_total
    assert 1 == report.stratum("A").rectification_overdue


def test_without_a_day_follow_up_is_not_judged() -> None:
    """With no ``on``, overdue counts are None, not 0: nothing was judged."""
    report = summarize(DRAW, ASSIGNMENT, worked_results(), policy=POLICY)
    assert None is report.overall.rectification_overdue
    assert None is report.overall.overdue
    assert None is report.overall.overdue_total


def test_a_report_without_results_has_no_estimate_to_give() -> None:
    """No results: the report counts everything missing; asking for the estimate raises (R7.4)."""
    report = summarize(DRAW, ASSIGNMENT, [])
    assert (10, 0) == (report.missing, report.inspected)
    assert None is report.problem_rate
    assert not report.overall.has_estimate
    assert report.covers.startswith("nothing")
    assert_rejected(lambda: report.estimate, RuleViolationError, "no assessable results",
                    "'estimate'", "R7.4")  # fmt: skip


def test_the_report_is_plain_data() -> None:
    """to_data() is JSON-compatible, rates exact as text, and carries every stratum."""
    report = summarize(DRAW, ASSIGNMENT, worked_results(), on=D(2024, 8, 1), policy=POLICY)
    data = json.loads(json.dumps(report.to_data()))
    assert ["A", "B", "C", "D"] == [s["name"] for s in data["strata"]]
    assert "1/5" == data["overall"]["problem_rate"]
    assert "5/28" == data["overall"]["estimate"]["rate"]
    assert "95%" == data["confidence"]
    assert None is data["strata"][3]["estimate"]


def _other_assignment() -> Assignment:
    draw = draw_subjects(make_plan(), REGISTRY, seed=Seed.derive("another seed"))
    return assign_inspectors(draw, ROSTER, seed=SEED)


def _stranger() -> Result:
    return Result(task_id="elsewhere/x", subject_id="x", outcomes={"safety": "compliant"})


SUMMARIZE_REFUSALS: list[tuple[str, Callable[[], object], type, Any]] = [
    ("draw", lambda: summarize(None, ASSIGNMENT, []), ValidationError, ("'draw'", "SubjectDraw")),  # type: ignore[arg-type]
    ("assignment", lambda: summarize(DRAW, DRAW, []), ValidationError, "'assignment'"),  # type: ignore[arg-type]
    ("another draw", lambda: summarize(DRAW, _other_assignment(), []), RuleViolationError,
     ("another draw", "R7.6")),
    ("results as text", lambda: summarize(DRAW, ASSIGNMENT, "r"), ValidationError, "'results'"),  # type: ignore[arg-type]
    ("unknown task", lambda: summarize(DRAW, ASSIGNMENT, [_stranger()]), UnknownIdError,
     "not among the tasks"),
    ("twice", lambda: summarize(DRAW, ASSIGNMENT, [result(TASKS[0]), result(TASKS[0])]),
     DuplicateIdError, "R4.6"),
    ("confidence", lambda: summarize(DRAW, ASSIGNMENT, [], confidence="30%"), ValidationError,
     ("'confidence'", "50%")),
    ("on", lambda: summarize(DRAW, ASSIGNMENT, [], on=dt.datetime(2024, 1, 1)),
     InvalidDateError, "'on'"),
    ("policy", lambda: summarize(DRAW, ASSIGNMENT, [], policy="003"), ValidationError,  # type: ignore[arg-type]
     ("'policy'", "DeadlinePolicy")),
    ("calendar", lambda: summarize(DRAW, ASSIGNMENT, [], calendar=1), ValidationError,  # type: ignore[arg-type]
     "'calendar'"),
]  # fmt: skip


@rejections(SUMMARIZE_REFUSALS)
def test_summarize_refuses_bad_input(
    call: Callable[[], object], error: type, fragments: tuple[str, ...]
) -> None:
    """Each bad argument is the library's error, naming it and the fix."""
    assert_rejected(call, error, *fragments)


# --- the inspection report ---------------------------------------------------------------


def test_the_inspection_report_states_time_items_findings_and_handling() -> None:
    """003 art. 18: the time, the items with their names and labels, the findings, the handling."""
    task = first_of("A")
    recorded = result(
        task, "problem_pending", findings={"safety": "灭火器过期"},
        evaluation="消防安全管理不到位", handling=[Handling(decision="warning")],
    )  # fmt: skip
    report = InspectionReport.of(task, recorded, items=make_plan().items, policy=POLICY)
    assert (task.id, "elder-2024", task.subject_id, "民政局") == (
        report.task_id, report.plan_id, report.subject_id, report.department)  # fmt: skip
    assert (task.inspectors, task.leader) == (report.inspectors, report.leader)
    # 3 June 2024 + 5 working days: 4, 5, 6, 7 June, then 11 June (10 June is 端午节).
    assert D(2024, 6, 11) == report.report_due
    (item,) = report.items
    assert ("safety", "养老机构安全检查", "发现问题待后续处理", "灭火器过期") == (
        item.item_id, item.name, item.label, item.finding)  # fmt: skip
    assert (Outcome.PROBLEM_PENDING, OutcomeClass.PROBLEM) == (report.outcome, report.category)
    assert "消防安全管理不到位" == report.evaluation
    assert (Decision.WARNING,) == tuple(h.decision for h in report.handling)
    data = json.loads(json.dumps(report.to_data()))
    assert "发现问题待后续处理" == data["outcome_label"]
    assert "2024-06-11" == data["report_due"]


def test_an_inspection_report_without_names_or_policy_leaves_them_out() -> None:
    """Without the check items the names are None; without a policy, no due day."""
    report = InspectionReport.of(TASKS[0], result(TASKS[0]))
    assert (None, None) == (report.items[0].name, report.report_due)


INSPECTION_REFUSALS: list[tuple[str, Callable[[], object], type, Any]] = [
    ("task", lambda: InspectionReport.of("t", result(TASKS[0])), ValidationError, "'task'"),  # type: ignore[arg-type]
    ("result", lambda: InspectionReport.of(TASKS[0], None), ValidationError, "'result'"),  # type: ignore[arg-type]
    ("another task's result", lambda: InspectionReport.of(TASKS[0], result(TASKS[1])),
     UnknownIdError, "not among the tasks"),
    ("items", lambda: InspectionReport.of(TASKS[0], result(TASKS[0]), items=[1]),  # type: ignore[list-item]
     ValidationError, "'items[0]'"),
    ("items twice", lambda: InspectionReport.of(TASKS[0], result(TASKS[0]), items=[ITEM, ITEM]),
     DuplicateIdError, "'items'"),
]  # fmt: skip


@rejections(INSPECTION_REFUSALS)
def test_the_inspection_report_refuses_bad_input(
    call: Callable[[], object], error: type, fragments: tuple[str, ...]
) -> None:
    """A result of another task, or a bad item list, is the library's error."""
    assert_rejected(call, error, *fragments)


# --- the credit link -----------------------------------------------------------------------


def test_handling_decisions_and_refusals_yield_credit_entries() -> None:
    """Each decision but 'none', and each refusal or falsification, is one entry (R7.3, R7.7)."""
    a_task, c_task, b_task = first_of("A"), first_of("C"), first_of("B")
    results = [
        result(a_task, "problem_pending", handling=[Handling(decision="none")]),
        result(b_task, "refused", reported_on=D(2024, 6, 5)),
        result(c_task, "problem_corrected", handled_on=D(2024, 6, 12),
               handling=[Handling(decision="penalty", decided_on=D(2024, 6, 10)),
                         Handling(decision="transfer", authority="市场监管局")]),
    ]  # fmt: skip
    entries = credit_entries(results, TASKS)
    expected = [
        CreditEntry(subject_id=b_task.subject_id, date=D(2024, 6, 5), decision=None,
                    task_id=b_task.id, plan_id="elder-2024", department="民政局",
                    outcome=Outcome.REFUSED, authority=""),
        CreditEntry(subject_id=c_task.subject_id, date=D(2024, 6, 10), decision=Decision.PENALTY,
                    task_id=c_task.id, plan_id="elder-2024", department="民政局",
                    outcome=Outcome.PROBLEM_CORRECTED, authority=""),
        CreditEntry(subject_id=c_task.subject_id, date=D(2024, 6, 12), decision=Decision.TRANSFER,
                    task_id=c_task.id, plan_id="elder-2024", department="民政局",
                    outcome=Outcome.PROBLEM_CORRECTED, authority="市场监管局"),
    ]  # fmt: skip
    order = {t.id: n for n, t in enumerate(TASKS)}
    expected.sort(key=lambda e: order[e.task_id])  # entries follow the tasks' order
    assert expected == list(entries)
    refusal = next(e for e in entries if e.decision is None)
    assert "不配合检查情节严重" == json.loads(json.dumps(refusal.to_data()))["outcome_label"]


def test_credit_entries_check_results_first() -> None:
    """A result of an unknown task is refused before any entry is made."""
    assert_rejected(lambda: credit_entries([_stranger()], TASKS), UnknownIdError, "task_id")
    assert_rejected(lambda: credit_entries([], "tasks"), ValidationError, "'tasks'")  # type: ignore[arg-type]


# --- the annual summary --------------------------------------------------------------------


def test_the_annual_summary_gathers_the_years_campaigns() -> None:
    """Subjects and inspectors drawn, results, feedback, comments, use; due 28 Feb 2025 (R6.10)."""
    second_draw, second_assignment = campaign(make_plan("elder-2024-h2"))
    first = worked_results()
    first[0] = attrs.evolve(
        first[0], feedback_sent_on=D(2024, 6, 20), feedback_received_on=D(2024, 6, 21),
        comments_on=D(2024, 6, 24),
    )  # fmt: skip
    second = [result(t) for t in second_assignment.tasks[:4]]
    summary = annual_summary(2024, [(DRAW, ASSIGNMENT, first),
                                    (second_draw, second_assignment, second)])  # fmt: skip
    assert isinstance(summary, AnnualSummary)
    assert ("elder-2024", "elder-2024-h2") == summary.plans
    assert 14 == summary.inspections  # 10 + 4
    assert (2, 12) == (summary.outcome_classes[OutcomeClass.PROBLEM],
                       summary.outcome_classes[OutcomeClass.NO_PROBLEM])  # fmt: skip
    assert 20 == summary.subjects_drawn
    distinct = {t.subject_id for t in (*TASKS, *second_assignment.tasks)}
    assert len(distinct) == summary.distinct_subjects
    team = {i for t in (*TASKS, *second_assignment.tasks) for i in t.inspectors}
    assert len(team) == summary.inspectors_drawn
    assert (1, 1, 1) == (summary.feedback_sent, summary.feedback_received, summary.comments)
    assert 14 == summary.handling[Decision.NONE]
    assert D(2025, 2, 28) == summary.due
    assert "R6.10" == summary.deadline.rule
    assert all(isinstance(r, CampaignReport) for r in summary.reports)
    assert "2025-02-28" == json.loads(json.dumps(summary.to_data()))["due"]


ANNUAL_REFUSALS: list[tuple[str, Callable[[], object], type, Any]] = [
    ("year", lambda: annual_summary("2024", []), ValidationError, "'year'"),  # type: ignore[arg-type]
    ("campaigns", lambda: annual_summary(2024, None), ValidationError, "'campaigns'"),  # type: ignore[arg-type]
    ("pair", lambda: annual_summary(2024, [(DRAW, ASSIGNMENT)]), ValidationError,  # type: ignore[list-item]
     "'campaigns[0]'"),
    ("not a draw", lambda: annual_summary(2024, [(1, ASSIGNMENT, [])]), ValidationError,  # type: ignore[list-item]
     "'campaigns[0][0]'"),
    ("another year", lambda: annual_summary(2025, [(DRAW, ASSIGNMENT, [])]), RuleViolationError,
     ("of 2024, not of 2025", "R7.5")),
    ("twice", lambda: annual_summary(2024, [(DRAW, ASSIGNMENT, []), (DRAW, ASSIGNMENT, [])]),
     DuplicateIdError, "'campaigns'"),
    ("calendar", lambda: annual_summary(2024, [], calendar="cn"), ValidationError, "'calendar'"),  # type: ignore[arg-type]
]  # fmt: skip


@rejections(ANNUAL_REFUSALS)
def test_the_annual_summary_refuses_bad_input(
    call: Callable[[], object], error: type, fragments: tuple[str, ...]
) -> None:
    """A campaign of another year, a plan twice, or a malformed campaign is refused."""
    assert_rejected(call, error, *fragments)


def test_an_empty_year_is_still_due() -> None:
    """A year with no campaign summarizes to zeros, due the end of February after it."""
    summary = annual_summary(2023, [])
    assert (0, 0, D(2024, 2, 29)) == (summary.inspections, summary.inspectors_drawn, summary.due)


@pytest.mark.parametrize("year", [1950, 9998])
def test_the_annual_summary_is_due_for_every_year_the_library_takes(year: int) -> None:
    """Its due day stays a date at both ends of the years accepted."""
    assert D(year + 1, 2, 28) == annual_summary(year, []).due
