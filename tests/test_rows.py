"""Rows for notebooks: every result as flat, JSON-ready rows, in English values or Chinese labels.

The scenario is small enough to work by hand: seven elder-care homes, one
at its yearly cap of 2 (R5.1), ratios of 100% except 50% for grade C, so
that every stratum is drawn whole but C, where ``ceil(4 x 1/2) = 2`` of the
3 eligible homes are drawn: the two with the smallest keys, worked out here
with hashlib alone (randinspect-draw/1). Deadlines follow 003: the report
within 5 working days of the inspection (R6.4).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from fractions import Fraction
from typing import Any

import pytest

from randinspect import (
    CheckItem,
    DeadlinePolicy,
    Handling,
    InspectionReport,
    Inspector,
    LoadError,
    Outcome,
    Plan,
    RandInspectError,
    Ratios,
    Result,
    Seed,
    Subject,
    Task,
    TeamRule,
    ValidationError,
    annual_summary,
    assign_inspectors,
    caps,
    credit_entries,
    disclose_plan,
    disclose_results,
    disclose_tasks,
    draw_subjects,
    model,
    overdue,
    plan_deadlines,
    sampling,
    schedule,
    staffing,
    summarize,
)
from randinspect._labels import ZH
from randinspect._tablerows import COLUMNS, assignment_rows, draw_rows
from randinspect._values import ParseEnum
from randinspect.campaign import Campaign
from randinspect.disclosure import NOTICE_COLUMNS, notice_rows
from randinspect.loading import load_history, load_registry, to_rows

SEED = Seed.from_hex("5eed" * 16)
ITEM = CheckItem(id="elder-safety", name="养老机构服务安全检查", department="民政局")
PLAN = Plan(
    id="p24",
    year=2024,
    department="民政局",
    items=[ITEM],
    ratios=Ratios(A="100%", B="100%", C="50%", D="100%"),
    team=TeamRule(size=2),
)
SUBJECTS = [
    Subject(id="s1", grade="A", name="一院", attributes={"region": "卫东区"}),
    Subject(id="s2", grade="B", name="二院", attributes={"region": "新华区"}, flags={"abnormal"}),
    Subject(id="s3", grade="C", name="三院", flags={"blacklisted", "high_risk"}),
    Subject(id="s4", grade="C", name="四院", attributes={"key": "x"}),
    Subject(id="s5", grade="C", name="五院"),
    Subject(id="s6", grade="C", name="六院"),
    Subject(id="s7", grade="D", name="七院"),
]
HISTORY = [
    Task(
        id=f"h{month}",
        plan_id="market",
        subject_id="s4",
        items=["food"],
        department="市场监管局",
        on=dt.date(2024, month, 1),
    )
    for month in (1, 2)
]
ROSTER = [
    Inspector(id=f"i{n}", department="民政局", name=f"检查员{n}", can_lead=n <= 2)
    for n in range(1, 6)
]
POLICY = DeadlinePolicy.for_document("003")
INSPECTED = dt.date(2024, 6, 17)  # a Monday
DRAW = draw_subjects(PLAN, SUBJECTS, seed=SEED, history=HISTORY)
ASSIGNMENT = assign_inspectors(DRAW, ROSTER, seed=SEED, conflicts=[("i1", "s1")])


def key(subject_id: str) -> str:
    """The subject's key by randinspect-draw/1, from hashlib alone."""
    return hashlib.sha256(f"{SEED.hex}|S|p24|{subject_id}".encode()).hexdigest()


DRAWN_C = sorted(["s3", "s5", "s6"], key=key)[:2]
"""The two C homes drawn: the eligible ones (s4 is capped) with the smallest keys."""
DRAWN = {"s1", "s2", *DRAWN_C, "s7"}


def result(task: Task) -> Result:
    """s2 has a problem, warned on 24 June; every report is still missing."""
    problem = task.subject_id == "s2"
    return Result(
        task_id=task.id,
        subject_id=task.subject_id,
        outcomes={"elder-safety": "problem_pending" if problem else "compliant"},
        inspected_on=INSPECTED,
        handling=[Handling(decision="warning", decided_on=dt.date(2024, 6, 24))]
        if problem
        else [],
    )


RESULTS = [result(task) for task in ASSIGNMENT.tasks]
BY_SUBJECT = {r.subject_id: r for r in RESULTS}


def json_ready(rows: list[dict[str, Any]]) -> bool:
    """Whether the rows are plain JSON data: they survive a strict round trip unchanged."""
    return rows == json.loads(json.dumps(rows, ensure_ascii=False, allow_nan=False))


def flat(rows: list[dict[str, Any]]) -> bool:
    """Whether every cell is a scalar: str, int, float, bool or None."""
    return all(
        value is None or type(value) in (str, int, float, bool)
        for row in rows
        for value in row.values()
    )


# --- the draw --------------------------------------------------------------------------------


def test_draw_subject_rows_worked_by_hand() -> None:
    """One row per registry subject: its cells, fate, stratum, key, period and attributes."""
    rows = draw_rows(DRAW)
    assert [f"s{n}" for n in range(1, 8)] == [row["subject_id"] for row in rows]
    own = list(COLUMNS["draw.subjects"])
    # s4's attribute "key" meets the table's column "key": it is written as attributes.key
    assert [*own, "attributes.key", "region"] == list(rows[0])
    by_id = {row["subject_id"]: row for row in rows}
    assert {
        "subject_id": "s3",
        "name": "三院",
        "grade": "C",
        "flags": "blacklisted;high_risk",
        "fate": "drawn" if "s3" in DRAWN else "not_drawn",
        "stratum": "C",
        "key": key("s3"),
        "period": "2024" if "s3" in DRAWN else None,
        "period_start": "2024-01-01" if "s3" in DRAWN else None,
        "period_end": "2024-12-31" if "s3" in DRAWN else None,
        "detail": by_id["s3"]["detail"],
        "attributes.key": None,
        "region": None,
    } == by_id["s3"]
    assert ("excluded", None, "x") == (
        by_id["s4"]["fate"],
        by_id["s4"]["key"],
        by_id["s4"]["attributes.key"],
    )
    assert "R5.1" in by_id["s4"]["detail"]
    assert DRAWN == {row["subject_id"] for row in rows if row["fate"] == "drawn"}
    assert ("卫东区", "新华区") == (by_id["s1"]["region"], by_id["s2"]["region"])
    assert json_ready(rows)
    assert flat(rows)


def test_draw_subject_rows_in_chinese() -> None:
    """labels="zh": grades as 001's risk words, flags as the lists' names, fates in Chinese."""
    by_id = {row["subject_id"]: row for row in draw_rows(DRAW, labels="zh")}
    assert ("低", "中", "中高", "高") == tuple(by_id[s]["grade"] for s in ("s1", "s2", "s3", "s7"))
    assert ("经营异常", "失信;风险高") == (by_id["s2"]["flags"], by_id["s3"]["flags"])
    assert ("排除", "中高") == (by_id["s4"]["fate"], by_id["s4"]["stratum"])
    assert {"抽中", "未抽中", "排除"} == {row["fate"] for row in by_id.values()}


def test_draw_strata_rows_worked_by_hand() -> None:
    """Stratum C: N=4, 3 eligible, ceil(4 x 1/2) = 2 drawn, 2/3 the chance of each eligible."""
    rows = draw_rows(DRAW, table="strata")
    assert [list(COLUMNS["draw.strata"])] * 4 == [list(row) for row in rows]
    assert ["A", "B", "C", "D"] == [row["stratum"] for row in rows]
    assert {
        "stratum": "C",
        "ratio": "50%",
        "in_scope": 4,
        "eligible": 3,
        "required": 2,
        "drawn": 2,
        "shortfall": 0,
        "excluded": 1,
        "inclusion_probability": "2/3",
        "cutoff": key(DRAWN_C[1]),
    } == rows[2]
    assert ("100%", 1, 1, "1", key("s1")) == (
        rows[0]["ratio"],
        rows[0]["required"],
        rows[0]["drawn"],
        rows[0]["inclusion_probability"],
        rows[0]["cutoff"],
    )
    assert Fraction(2, 3) == Fraction(rows[2]["drawn"], rows[2]["eligible"])
    assert ["低", "中", "中高", "高"] == [
        r["stratum"] for r in draw_rows(DRAW, table="strata", labels="zh")
    ]
    assert json_ready(rows)


def test_exclusion_rows() -> None:
    """s4, randomly inspected twice this year, is left out for the cap, with both tasks (R5.1)."""
    rows = draw_rows(DRAW, table="exclusions")
    assert [
        {
            "subject_id": "s4",
            "reason": "cap_reached",
            "tasks": "h1;h2",
            "detail": rows[0]["detail"],
        }
    ] == rows
    (exclusion,) = DRAW.excluded
    assert rows == exclusion.to_rows()
    assert "已达年度抽查次数上限" == exclusion.to_rows(labels="zh")[0]["reason"]
    assert rows == to_rows(DRAW.excluded)


def test_draw_rows_load_back_as_the_registry() -> None:
    """The subject columns of the Chinese rows load back as the same subjects (R1.4)."""
    draw_only = set(COLUMNS["draw.subjects"]) - {"subject_id", "name", "grade", "flags"}
    rows = [
        {k: v for k, v in row.items() if k not in draw_only and k != "attributes.key"}
        for row in draw_rows(DRAW, labels="zh")
    ]
    registry = load_registry(rows, columns={"subject_id": "id"})
    expected = [s if s.id != "s4" else Subject(id="s4", grade="C", name="四院") for s in SUBJECTS]
    assert expected == list(registry)


# --- staffing ------------------------------------------------------------------------------


def test_team_rows_count_each_place_once() -> None:
    """Two places per task, the first of each team its leader (R4.2, R4.5)."""
    rows = assignment_rows(ASSIGNMENT)
    assert [list(COLUMNS["assignment.teams"])] * 10 == [list(row) for row in rows]
    assert DRAWN == {row["subject_id"] for row in rows}
    assert [1, 2] * 5 == [row["position"] for row in rows]
    assert {t.id: t.leader for t in ASSIGNMENT.tasks} == {
        row["task_id"]: row["inspector_id"] for row in rows if row["leader"]
    }
    assert json_ready(rows)


def test_load_rows_agree_with_the_teams() -> None:
    """Each inspector's load and leads, counted again from the team rows."""
    teams = assignment_rows(ASSIGNMENT)
    rows = assignment_rows(ASSIGNMENT, table="loads")
    assert [f"i{n}" for n in range(1, 6)] == [row["inspector_id"] for row in rows]
    assert [list(COLUMNS["assignment.loads"])] * 5 == [list(row) for row in rows]
    for row in rows:
        mine = [t for t in teams if t["inspector_id"] == row["inspector_id"]]
        assert (len(mine), sum(t["leader"] for t in mine)) == (row["load"], row["leads"])
    assert 10 == sum(row["load"] for row in rows)
    assert {"i3", "i4", "i5"} == {row["inspector_id"] for row in rows if not row["can_lead"]}


def test_log_rows_follow_the_log() -> None:
    """One row per log line, in order; with labels="zh" the action and reason in Chinese.

    i1 recuses from every drawn home, so each of its places in the walk is a
    skip for a conflict (R4.3): 跳过, 利害关系回避.
    """
    recusing = assign_inspectors(
        DRAW, ROSTER, seed=SEED, conflicts=[("i1", s) for s in sorted(DRAWN)]
    )
    rows = assignment_rows(recusing, table="log")
    assert rows
    assert [list(COLUMNS["assignment.log"])] * len(rows) == [list(row) for row in rows]
    assert [e.to_data() for e in recusing.log] == rows
    zh = assignment_rows(recusing, table="log", labels="zh")
    assert {("跳过", "利害关系回避")} == {(row["action"], row["reason"]) for row in zh}


def test_task_rows_load_back_as_the_tasks() -> None:
    """The assignment's tasks, written in Chinese, read back by load_history as the same (R5)."""
    rows = assignment_rows(ASSIGNMENT, table="tasks", labels="zh")
    assert {"双随机"} == {row["kind"] for row in rows}
    assert [list(COLUMNS["tasks"])] * 5 == [list(row) for row in rows]
    assert json_ready(rows)
    assert ASSIGNMENT.tasks == load_history(rows)


def test_history_reads_flat_periods_under_other_column_names() -> None:
    """The period's three columns may be renamed, and blank ones mean no period."""
    rows = [
        {"编号": "t1", "plan_id": "p", "subject_id": "s1", "items": "a", "department": "d",
         "时段": "H1", "起": "2024-01-01", "止": "2024-06-30", "kind": "投诉举报"},
        {"编号": "t2", "plan_id": "p", "subject_id": "s1", "items": "a", "department": "d",
         "时段": "", "起": None, "止": "", "on": "2024-03-01"},
    ]  # fmt: skip
    columns = {"编号": "id", "时段": "period", "起": "period_start", "止": "period_end"}
    first, second = load_history(rows, columns=columns)
    assert ("H1", dt.date(2024, 1, 1), dt.date(2024, 6, 30)) == (
        first.period.name,  # type: ignore[union-attr]
        first.period.start,  # type: ignore[union-attr]
        first.period.end,  # type: ignore[union-attr]
    )
    assert ("complaint", None, 2024) == (first.kind.value, second.period, second.year)


def test_history_names_a_bad_flat_period() -> None:
    """A period end before its start is the row's problem, named with its path."""
    row = {"id": "t1", "plan_id": "p", "subject_id": "s1", "items": "a", "department": "d",
           "period_start": "2024-06-30", "period_end": "2024-01-01"}  # fmt: skip
    with pytest.raises(LoadError) as caught:
        load_history([row])
    (problem,) = caught.value.problems
    assert ("period.end", "ends before it starts") == (problem.field, problem.problem)


# --- a campaign -------------------------------------------------------------------------------


def test_campaign_rows() -> None:
    """A year's strata by round, and its tasks, which load back as its history."""
    campaign = Campaign(year=2024, history=HISTORY).draw(PLAN, SUBJECTS, seed=SEED)
    strata = campaign.to_rows()
    assert [{"plan_id": "p24", **row} for row in draw_rows(DRAW, table="strata")] == strata
    assert [list(COLUMNS["campaign.strata"])] * 4 == [list(row) for row in strata]
    tasks = campaign.to_rows(table="tasks", labels="zh")
    assert ["h1", "h2", *(f"p24/{d.subject.id}" for d in DRAW.drawn)] == [r["id"] for r in tasks]
    assert campaign.tasks == load_history(tasks)
    (member,) = campaign.rounds
    assert draw_rows(DRAW, table="exclusions") == member.to_rows(table="exclusions")
    assert tasks[2:] == member.to_rows(table="tasks", labels="zh")


# --- deadlines ------------------------------------------------------------------------------


def test_deadline_rows_worked_by_hand() -> None:
    """Inspected Monday 17 June 2024: the report is due 5 working days later, Monday 24 (R6.4)."""
    rows = to_rows(schedule(RESULTS[0], policy=POLICY))
    assert [
        {
            "rule": "R6.4",
            "name": "report",
            "source": rows[0]["source"],
            "task_id": RESULTS[0].task_id,
            "plan_id": None,
            "counted_from": "2024-06-17",
            "working_days": 5,
            "due": "2024-06-24",
            "done_by": "reported_on",
            "done_on": None,
            "party": "department",
            "met": False,
        }
    ] == rows
    assert "检查部门" == schedule(RESULTS[0], policy=POLICY)[0].to_rows(labels="zh")[0]["party"]
    plan = to_rows(plan_deadlines(PLAN, policy=POLICY))
    assert all(list(COLUMNS["deadlines"]) == list(row) for row in plan)
    assert "2024-01-31" in {row["due"] for row in plan}  # the annual plan by January's end (R6.1)


def test_overdue_rows_worked_by_hand() -> None:
    """On Friday 28 June every report is 4 working days (and 4 days) late, still open."""
    rows = to_rows(overdue(RESULTS, on=dt.date(2024, 6, 28), policy=POLICY))
    assert 5 == len(rows)
    assert [list(COLUMNS["overdue"])] * 5 == [list(row) for row in rows]
    assert {("2024-06-24", "2024-06-28", None, True, 4, 4)} == {
        (r["due"], r["on"], r["done_on"], r["open"], r["working_days_late"], r["days_late"])
        for r in rows
    }
    assert json_ready(rows)


# --- reports ---------------------------------------------------------------------------------


def test_campaign_report_rows_worked_by_hand() -> None:
    """One problem in 5 results: 1/5 overall; B's one home has it; every report is overdue."""
    report = summarize(DRAW, ASSIGNMENT, RESULTS, on=dt.date(2024, 12, 2), policy=POLICY)
    rows = report.to_rows()
    assert ["A", "B", "C", "D", "overall"] == [row["stratum"] for row in rows]
    assert [list(COLUMNS["report.strata"])] * 5 == [list(row) for row in rows]
    overall = rows[-1]
    assert (None, 7, 6, 5, 5, 5, 1, "1/5", "5/7", True, 5) == (
        overall["ratio"],
        overall["in_scope"],
        overall["eligible"],
        overall["required"],
        overall["drawn"],
        overall["inspected"],
        overall["problems"],
        overall["problem_rate"],
        overall["ratio_achieved"],
        overall["ratio_met"],
        overall["overdue"],
    )
    # The estimate: B's problem stands for B's 1 eligible home of the 6: 1/6.
    assert ("1/6", "95%") == (overall["estimate"], overall["confidence"])
    assert overall["estimate_low"] < 1 / 6 < overall["estimate_high"]
    assert ("C", "50%", 4, 3, "0", "1/2") == tuple(
        rows[2][c]
        for c in ("stratum", "ratio", "in_scope", "eligible", "problem_rate", "ratio_achieved")
    )
    assert "合计" == report.to_rows(labels="zh")[-1]["stratum"]
    assert json_ready(rows)


def test_campaign_report_counts() -> None:
    """Per stratum and count, zeros included; labels="zh" names outcomes and decisions."""
    report = summarize(DRAW, ASSIGNMENT, RESULTS, on=dt.date(2024, 12, 2), policy=POLICY)
    rows = report.to_rows(table="counts")
    assert all(list(COLUMNS["report.counts"]) == list(row) for row in rows)
    count = {(r["stratum"], r["count_of"], r["value"]): r["count"] for r in rows}
    assert 1 == count["B", "outcome", "problem_pending"]
    assert 0 == count["B", "outcome", "compliant"]
    assert 4 == count["overall", "outcome", "compliant"]
    assert 1 == count["overall", "handling", "warning"]
    assert 5 == count["overall", "overdue", "report"]
    zh = {(r["stratum"], r["count_of"], r["value"]): r["count"] for r in report.to_rows(
        table="counts", labels="zh")}  # fmt: skip
    assert (1, 1) == (zh["中", "outcome", "发现问题待后续处理"], zh["合计", "handling", "警告"])
    assert len(rows) == len(zh)


def test_inspection_report_rows() -> None:
    """One row per check item, the task's cells repeated, the outcome as published in Chinese."""
    task = ASSIGNMENT.task("p24/s2")
    report = InspectionReport.of(task, BY_SUBJECT["s2"], items=PLAN.items, policy=POLICY)
    (row,) = report.to_rows(labels="zh")
    assert list(COLUMNS["inspection"]) == list(row)
    assert ("p24/s2", ";".join(task.inspectors), "2024-06-17", "2024-06-24") == (
        row["task_id"],
        row["inspectors"],
        row["inspected_on"],
        row["report_due"],
    )
    assert ("发现问题待后续处理", "发现问题", "警告", "养老机构服务安全检查") == (
        row["outcome"],
        row["item_category"],
        row["handling"],
        row["item_name"],
    )
    assert json_ready([row])


def test_credit_and_annual_summary_rows() -> None:
    """The warning is s2's one credit entry; the year's summary is due 28 February 2025 (R6.10)."""
    entries = credit_entries(RESULTS, ASSIGNMENT.tasks)
    assert [
        {
            "subject_id": "s2",
            "date": "2024-06-24",
            "decision": "警告",
            "task_id": "p24/s2",
            "plan_id": "p24",
            "department": "民政局",
            "outcome": "发现问题待后续处理",
            "authority": "",
        }
    ] == to_rows(entries, labels="zh")
    summary = annual_summary(2024, [(DRAW, ASSIGNMENT, RESULTS)])
    (row,) = summary.to_rows()
    assert list(COLUMNS["annual.summary"]) == list(row)
    assert ("p24", 5, 5, 5, 1, "2025-02-28") == (
        row["plans"],
        row["subjects_drawn"],
        row["distinct_subjects"],
        row["inspections"],
        row["credit_entries"],
        row["due"],
    )
    counts = {(r["count_of"], r["value"]): r["count"] for r in summary.to_rows(table="counts")}
    assert (1, 4, 1) == (
        counts["outcome_class", "problem"],
        counts["outcome_class", "no_problem"],
        counts["handling", "warning"],
    )
    assert summary.reports[0].to_rows() == summary.to_rows(table="strata")
    assert to_rows(entries) == summary.to_rows(table="credit")


# --- notices ---------------------------------------------------------------------------------


def test_notice_rows() -> None:
    """Plan: a row per item; tasks: a row per team member; results: a row per item result."""
    plan_rows = notice_rows(disclose_plan(PLAN, draw=DRAW))
    assert [("p24", "elder-safety", "民政局")] == [
        (r["plan_id"], r["item_id"], r["departments"]) for r in plan_rows
    ]
    assert list(NOTICE_COLUMNS["plan"]) == list(plan_rows[0])
    task_rows = notice_rows(disclose_tasks(ASSIGNMENT))
    assert 10 == len(task_rows)
    assert list(NOTICE_COLUMNS["tasks"]) == list(task_rows[0])
    assert {r["subject_id"] for r in task_rows} == DRAWN
    notice = json.loads(json.dumps(disclose_results(ASSIGNMENT, RESULTS), ensure_ascii=False))
    rows = notice_rows(notice)
    assert list(NOTICE_COLUMNS["results"]) == list(rows[0])
    by_subject = {r["subject_id"]: r for r in rows}
    assert ("problem_pending", "problem", True, "warning", None) == tuple(
        by_subject["s2"][c] for c in ("outcome", "category", "problem", "handling", "findings")
    )
    zh = {r["subject_id"]: r for r in notice_rows(notice, labels="zh")}
    assert ("未发现问题", "无需整改") == (zh["s1"]["outcome"], zh["s1"]["rectification"])
    assert json_ready(rows)


@pytest.mark.parametrize(
    "notice",
    [{}, {"disclosure": "randinspect-disclosure/1", "kind": "other"}, [], "notice",
     {"disclosure": "randinspect-disclosure/1", "kind": "tasks", "plan_id": "p"}],
)  # fmt: skip
def test_notice_rows_refuses_what_is_not_a_notice(notice: Any) -> None:
    """Anything but a notice as disclose_* writes it is the library's error, naming the fix."""
    with pytest.raises(RandInspectError) as caught:
        notice_rows(notice)
    assert "disclose_" in caught.value.fix


# --- labels ------------------------------------------------------------------------------------


def all_enums() -> dict[str, type[ParseEnum]]:
    """Every enum that has Chinese labels, by name (they live in several layers)."""
    found = {}
    for module in (model, caps, sampling, staffing):
        for name in dir(module):
            value = getattr(module, name)
            if isinstance(value, type) and issubclass(value, ParseEnum) and name in ZH:
                found[name] = value
    return found


def test_every_enum_in_the_tables_has_a_label_per_member() -> None:
    """Each labelled enum's table covers every one of its members, with labels distinct."""
    enums = all_enums()
    assert {k for k in ZH if k[:1].isupper()} == set(enums)
    for name, cls in enums.items():
        assert {m.value for m in cls} <= set(ZH[name]), name
        assert len(set(ZH[name].values())) == len(ZH[name]), name


def test_every_label_parses_back_to_its_member() -> None:
    """The loaders read what labels="zh" writes: each label parses to its own member."""
    for name, cls in all_enums().items():
        for member in cls:
            assert member is cls.parse(ZH[name][member.value]), (name, member)


def test_a_bad_enum_value_is_told_the_chinese_labels_it_could_use() -> None:
    """The fix of a refused value lists every label the enum reads, Chinese ones too."""
    for name, cls in all_enums().items():
        with pytest.raises(ValidationError) as caught:
            cls.parse("no such word")
        for label in ZH[name].values():
            assert repr(label) in caught.value.fix, (name, label)
    with pytest.raises(ValidationError) as caught:
        Outcome.parse("没有这个结果")
    assert "'未发现问题'" in caught.value.fix


def test_the_labels_are_the_documents_words() -> None:
    """001's risk words for the grades, the lists' names for the flags (R2.1, R1.4)."""
    assert {"A": "低", "B": "中", "C": "中高", "D": "高"} == dict(ZH["Grade"])
    assert ("失信", "经营异常", "守信") == tuple(
        ZH["Flag"][v] for v in ("blacklisted", "abnormal", "trusted")
    )
    assert "未发现问题" == ZH["Outcome"]["compliant"]


BAD_LABELS = ["fr", "ZH", "", 1, True, b"zh", ["zh"]]


@pytest.mark.parametrize("labels", BAD_LABELS)
def test_bad_labels_are_refused_naming_the_fix(labels: Any) -> None:
    """A labels value other than "en", "zh" or None is a ValidationError naming both."""
    calls = [
        lambda: draw_rows(DRAW, labels=labels),
        lambda: assignment_rows(ASSIGNMENT, table="loads", labels=labels),
        lambda: DRAW.excluded[0].to_rows(labels=labels),
        lambda: to_rows(schedule(RESULTS[0], policy=POLICY), labels=labels),
        lambda: summarize(DRAW, ASSIGNMENT, RESULTS).to_rows(labels=labels),
        lambda: notice_rows(disclose_tasks(ASSIGNMENT), labels=labels),
        lambda: Campaign(year=2024).to_rows(labels=labels),
    ]
    for call in calls:
        with pytest.raises(RandInspectError) as caught:
            call()
        assert isinstance(caught.value, ValueError)
        assert "labels" == caught.value.field
        assert "labels='zh'" in caught.value.fix


@pytest.mark.parametrize("table", ["Strata", "nope", "", 1, None])
def test_bad_tables_are_refused_naming_the_tables(table: Any) -> None:
    """An unknown table is the library's error listing the tables there are."""
    for call, tables in [
        (lambda: draw_rows(DRAW, table=table), "'subjects', 'strata', 'exclusions'"),
        (lambda: assignment_rows(ASSIGNMENT, table=table), "'teams', 'loads', 'log'"),
        (lambda: summarize(DRAW, ASSIGNMENT, RESULTS).to_rows(table=table), "'strata', 'counts'"),
        (lambda: Campaign(year=2024).to_rows(table=table), "'strata', 'tasks'"),
    ]:
        with pytest.raises(RandInspectError) as caught:
            call()
        assert "table" == caught.value.field
        assert tables in caught.value.fix


def test_to_rows_of_many_values() -> None:
    """A collection of one type makes one table; mixed types, or non-results, are refused."""
    assert [] == to_rows([])
    with pytest.raises(RandInspectError, match="mixes"):
        to_rows([*DRAW.excluded, *schedule(RESULTS[0], policy=POLICY)])
    with pytest.raises(RandInspectError, match="has no rows"):
        to_rows([1, 2])
    with pytest.raises(RandInspectError, match="notice_rows"):
        to_rows(disclose_tasks(ASSIGNMENT))


# --- the public methods of the draw and the assignment ------------------------------------------


def test_draw_to_rows_is_the_table_function() -> None:
    """SubjectDraw.to_rows(table=, labels=) gives the draw's tables."""
    for table in ("subjects", "strata", "exclusions"):
        assert draw_rows(DRAW, table=table, labels="zh") == DRAW.to_rows(  # type: ignore[call-arg]
            table=table, labels="zh"
        )
    assert draw_rows(DRAW) == to_rows(DRAW)


def test_assignment_to_rows_is_the_table_function() -> None:
    """Assignment.to_rows(table=, labels=) gives the assignment's tables."""
    for table in ("teams", "loads", "log", "tasks"):
        assert assignment_rows(ASSIGNMENT, table=table, labels="zh") == ASSIGNMENT.to_rows(  # type: ignore[call-arg]
            table=table, labels="zh"
        )
    assert assignment_rows(ASSIGNMENT) == to_rows(ASSIGNMENT)
