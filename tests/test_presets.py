"""The five source documents as presets: each runs its document's scenario end to end.

Every expected number below is typed from the source documents in
``../shared/seeds`` (RULES.md restates them), never read from the code: the
ratios, the team sizes, the caps, the windows and the deadlines. Sample sizes
are ``ceil(N x r)`` worked by hand; working-day deadlines are counted by hand
on the State Council's holiday notices (2023, 2024).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from assertions import assert_rejected, rejections

from randinspect import _documents
from randinspect.assignment import appoint_leaders, assign_inspectors
from randinspect.campaign import Campaign, round_seed
from randinspect.deadlines import plan_deadlines, schedule
from randinspect.draw import Seed
from randinspect.errors import RuleViolationError, UnknownIdError, ValidationError
from randinspect.model import (
    CapPolicy,
    Flag,
    Inspector,
    Period,
    Plan,
    Result,
    Subject,
    Task,
    TeamRule,
)
from randinspect.presets import (
    DOCUMENTS,
    FIELDS,
    OVERRIDABLE,
    Clause,
    Preset,
    Window,
    for_document,
)
from randinspect.sampling import Fate, draw_subjects

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED = Seed.derive("randinspect presets", "test")


def homes(kind: str, counts: dict[str, int], *, prefix: str = "s") -> list[Subject]:
    """``counts[grade]`` subjects of type ``kind`` per grade, ids ``<prefix><grade><n>``."""
    return [
        Subject(id=f"{prefix}{grade}{n}", grade=grade, attributes={"type": kind})
        for grade, count in counts.items()
        for n in range(count)
    ]


def required(draw: object) -> dict[str, int]:
    """Each stratum's n_s, by name."""
    return {s.name: s.required for s in draw.strata}  # type: ignore[attr-defined]


def words(preset: Preset, field: str) -> list[str]:
    """The quoted words of a field's clauses."""
    return [c.words for c in preset.sources[field]]


# --- every preset: its fields and their clauses ----------------------------------------


@pytest.mark.parametrize("code", DOCUMENTS)
def test_every_field_cites_a_clause_or_says_the_document_is_silent(code: str) -> None:
    """Each field has clauses; a silent one names the default used; others quote words (R1-R7)."""
    preset = for_document(code)
    assert sorted(FIELDS) == list(preset.sources)  # a FrozenMap: keys in sorted order
    for field in FIELDS:
        clauses = preset.sources[field]
        assert clauses, field
        for clause in clauses:
            assert code == clause.document
            if clause.silent:
                assert clause.note, (field, clause)
            else:
                assert clause.clause, (field, clause)
                assert clause.words, (field, clause)
    for field in preset.silent:
        assert all(c.silent for c in preset.sources[field])


def test_the_rows_quote_the_documents_verbatim() -> None:
    """Every row's words are in its document, word for word (…… marks words left out)."""
    if not SEEDS.is_dir():
        pytest.skip(f"the source documents are not at {SEEDS}")
    texts = {path.name[:3]: path.read_text("utf-8") for path in SEEDS.glob("*.txt")}
    for row in _documents.PRESET_ROWS:
        assert row.field in FIELDS
        for part in row.words.split("……"):
            assert part in texts[row.document], (row.document, row.field, part)


def test_the_rows_of_one_field_agree_on_its_value() -> None:
    """Two clauses citing one field (000 annex 1 and annex 2 ratios) give the same value."""
    for code in DOCUMENTS:
        for field in FIELDS:
            rows = [r for r in _documents.PRESET_ROWS if (r.document, r.field) == (code, field)]
            if field != "items":
                assert len({repr(r.value) for r in rows}) <= 1, (code, field)
    assert {d.field for d in _documents.PRESET_DEFAULTS} == set(FIELDS) - {"department"}


def test_the_deadlines_cite_the_deadline_rows_of_their_document() -> None:
    """A preset's deadline policy is DeadlinePolicy.for_document, its clauses those rows."""
    preset = for_document("003")
    assert ["art. 12", "art. 18", "art. 19", "art. 19", "art. 21", "art. 23"] == sorted(
        c.clause for c in preset.sources["deadlines"]
    )
    assert "003" == preset.deadlines.name
    assert for_document("001").sources["deadlines"][0].silent


def test_silent_clauses_cite_as_silent() -> None:
    """A field no clause sets is cited as "<code> (silent)", with the default in its note."""
    (clause,) = for_document("003").sources["year"]
    assert "003 (silent)" == clause.source
    assert "default" in clause.note
    assert "003 art. 16" == for_document("003").sources["caps.max_per_year"][0].source


# --- 000: Weidong civil affairs, 2024 --------------------------------------------------


def test_000_two_half_year_rounds_of_the_joint_elder_care_plan() -> None:
    """000: A 5% B 10% C 15% D 20% (annex 1), once in each half-year (§3(2)), three departments.

    Registry: 20 A, 10 B, 7 C, 6 D homes and 5 hotels. Each round draws
    ceil(20x5%)=1, ceil(10x10%)=1, ceil(7x15%)=2, ceil(6x20%)=2 homes; the
    second counts the first's tasks.
    """
    preset = for_document("000")
    assert 2024 == preset.year
    assert "卫东区民政局" == preset.department
    assert 2 == preset.rounds
    assert {"区消防救援支队", "区市场监督管理局"} == preset.partners
    assert ["elder-care", "fire-safety", "catering"] == [i.id for i in preset.items]
    assert {"养老机构"} == {i.subject_type for i in preset.items}
    first, second = preset.round_plans()
    assert (Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30), name="H1"),) == (
        first.periods
    )
    assert (Period(start=dt.date(2024, 7, 1), end=dt.date(2024, 12, 31), name="H2"),) == (
        second.periods
    )
    for plan in (first, second):
        assert [Fraction(5, 100), Fraction(10, 100), Fraction(15, 100), Fraction(20, 100)] == [
            r for _, r in plan.ratios.items()
        ]
    registry = homes("养老机构", {"A": 20, "B": 10, "C": 7, "D": 6}) + homes(
        "hotel", {"B": 5}, prefix="h"
    )
    campaign = Campaign(year=2024)
    for plan in (first, second):
        campaign = campaign.draw(plan, registry, seed=round_seed(SEED, plan.id))
    one, two = campaign.rounds
    for year_round in (one, two):
        assert {"A": 1, "B": 1, "C": 2, "D": 2} == required(year_round.draw)
        assert 6 == len(year_round.draw.drawn)
        assert 5 == year_round.draw.out_of_scope  # the hotels
    assert one.tasks == two.history  # round 2 counted round 1 (R5.1)
    roster = [
        Inspector(id=f"mz{n}", department="卫东区民政局", can_lead=n < 2) for n in range(3)
    ] + [
        Inspector(id=f"{d}{n}", department=name)
        for d, name in (("xf", "区消防救援支队"), ("sj", "区市场监督管理局"))
        for n in range(2)
    ]
    assignment = assign_inspectors(one.draw, roster, seed=SEED)
    for task in assignment.tasks:
        assert 3 == len(task.inspectors)
        assert {"mz", "xf", "sj"} == {i[:2] for i in task.inspectors}  # R4.6
        assert task.leader in {"mz0", "mz1"}
    task = assignment.tasks[0]
    penalty = Result(
        task_id=task.id,
        subject_id=task.subject_id,
        outcomes=dict.fromkeys(task.items, "problem_pending"),
        inspected_on=dt.date(2024, 9, 20),
        penalty_decided_on=dt.date(2024, 9, 30),
    )
    due = {d.name: d.due for d in schedule(penalty, policy=preset.deadlines)}
    # §2(5)1: 7 working days from 09-30: 10-01..07 off; 10-08..11, the make-up Saturday
    # 10-12, then 10-14 and 10-15.
    assert {"penalty-publication": dt.date(2024, 10, 15)} == due
    halves = {d.name: d.due for d in plan_deadlines(2024, policy=preset.deadlines)}
    assert {"draw-h1": dt.date(2024, 6, 30), "draw-h2": dt.date(2024, 12, 31)} == halves
    assert ("plan", "results") == preset.published
    assert ["对抽查情况及查处结果，及时向社会公布", "制定并公布随机抽查事项清单"] == words(
        preset, "published"
    )


def test_000_plan_covers_the_year_for_a_campaign_to_split() -> None:
    """000's plan() is the whole year (two rounds, not one sample split in two periods, R3.3)."""
    plan = for_document("000").plan()
    assert "2024-000" == plan.id
    assert (Period.whole_year(2024),) == plan.periods
    assert TeamRule(size=3) == plan.team  # silent: R4.2's 2 raised for three departments
    assert for_document("000").sources["team.size"][0].silent
    assert_rejected(
        lambda: for_document("000").round_plans(periods=[Period.whole_year(2024)]),
        ValidationError,
        "periods",
        "R6.2",
    )


# --- 001: Wugang air defence, 2022 -----------------------------------------------------


def test_001_risk_levels_window_and_teams_of_two() -> None:
    """001: low 1%, medium 3%, medium-high 10%, high 20% (§1, annex 1), June-November 2022.

    One item's plan (completed works): 100 A, 34 B, 11 C, 6 D works and 3
    high-risk A works in the boost stratum: ceil(100x1%)=1, ceil(34x3%)=2,
    ceil(11x10%)=2, ceil(6x20%)=2, boost ceil(3x20%)=1. Teams of 2 (§2(2)2),
    a conflicted inspector recused and replaced.
    """
    preset = for_document("001")
    assert 2022 == preset.year
    works, projects = preset.items
    assert "已建成并投入使用的人防工程" == works.subject_type
    assert "已批准修建人防设施的建设项目" == projects.subject_type
    for item in preset.items:
        assert [Fraction(1, 100), Fraction(3, 100), Fraction(10, 100), Fraction(20, 100)] == [
            r for _, r in item.min_ratios.items()
        ]
    plan = preset.plan(items=[works])
    assert (Period(start=dt.date(2022, 6, 1), end=dt.date(2022, 11, 30), name="6月-11月底"),) == (
        plan.periods
    )
    assert 2 == plan.team.size
    assert plan.boost is not None
    assert {Flag.HIGH_RISK, Flag.BLACKLISTED, Flag.PENALIZED} == plan.boost.flags
    assert Fraction(20, 100) == plan.boost.ratio
    registry = homes(works.subject_type or "", {"A": 100, "B": 34, "C": 11, "D": 6}) + [
        Subject(id=f"risk{n}", grade="A", attributes={"type": "已建成并投入使用的人防工程"},
                flags={"high_risk"})
        for n in range(3)
    ]  # fmt: skip
    draw = draw_subjects(plan, registry, seed=SEED)
    assert {"boost": 1, "A": 1, "B": 2, "C": 2, "D": 2} == required(draw)
    first = draw.drawn[0].subject.id
    roster = [
        Inspector(id="rf1", department="舞钢市人民防空办公室", can_lead=True, conflicts={first}),
        Inspector(id="rf2", department="舞钢市人民防空办公室", can_lead=True),
        Inspector(id="rf3", department="舞钢市人民防空办公室"),
        Inspector(id="rf4", department="舞钢市人民防空办公室"),
    ]
    assignment = assign_inspectors(draw, roster, seed=SEED, recusal=preset.recusal)
    assert all(2 == len(task.inspectors) for task in assignment.tasks)
    assert "rf1" not in next(t for t in assignment.tasks if t.subject_id == first).inspectors
    (window,) = schedule(assignment.tasks[0], policy=preset.deadlines)
    assert ("inspection", dt.date(2022, 11, 30)) == (window.name, window.due)  # annex 1
    assert () == preset.deadlines.rules  # 001 sets no working-day deadline


def test_001_both_items_draw_over_both_subject_types() -> None:
    """001 annex 1's one plan, two subject types: in scope is a subject of either type.

    Annex 1 lists two items, one on completed works in use (已建成并投入使用的人防工程),
    one on approved construction projects (已批准修建人防设施的建设项目), at the
    same ratios (§1: A 1%, B 3%). 100 A and 34 B works, 10 B projects and 5
    hotels (a type neither item names): the strata are formed over works and
    projects together, A ceil(100x1%)=1 and B ceil(44x3%)=ceil(1.32)=2; the
    hotels are out of scope (R1.2, R3.1). Each drawn subject's task holds
    only the item of its type.
    """
    preset = for_document("001")
    works, projects = preset.items
    registry = (
        homes("已建成并投入使用的人防工程", {"A": 100, "B": 34})
        + homes("已批准修建人防设施的建设项目", {"B": 10}, prefix="p")
        + homes("宾馆", {"B": 5}, prefix="h")
    )
    draw = draw_subjects(preset.plan(), registry, seed=SEED)
    assert {"A": 1, "B": 2} == {k: v for k, v in required(draw).items() if v}
    assert {"A": 100, "B": 44} == {s.name: s.in_scope for s in draw.strata if s.in_scope}
    assert 5 == draw.out_of_scope
    assert all(Fate.OUT_OF_SCOPE is draw.fate(f"hB{n}").fate for n in range(5))
    assert 3 == len(draw.drawn)
    by_type = {works.subject_type: [works.id], projects.subject_type: [projects.id]}
    for drawn in draw.drawn:
        assert by_type[drawn.subject.attributes["type"]] == list(drawn.items)


# --- 002: Sanmenxia urban management, 2024 ---------------------------------------------


def test_002_a_units_plan_its_leader_rule_and_deadlines() -> None:
    """002: two units' items (§2), the leader appointed (§4(4)), 20 and 10 working days.

    The sanitation brigade's plan on 3 A, 3 B, 2 C, 1 D haulers, the
    default ratios (002 sets none: variant W): 1, 1, 1, 1 drawn.
    """
    preset = for_document("002")
    assert [("执法监督科", "餐饮企业"), ("环卫执法大队", "渣土运输企业")] == [
        (i.responsible_unit, i.subject_type) for i in preset.items
    ]
    assert "appointed" == preset.leader
    assert ["“双随机”抽查发起科室或单位指派一名科室负责人为执法检查组组长"] == words(
        preset, "leader"
    )
    assert preset.sources["ratios"][0].silent
    muck = preset.items[1]
    plan = preset.plan(unit="环卫执法大队", items=[muck])
    assert "环卫执法大队" == plan.unit
    draw = draw_subjects(plan, homes("渣土运输企业", {"A": 3, "B": 3, "C": 2, "D": 1}), seed=SEED)
    assert {"A": 1, "B": 1, "C": 1, "D": 1} == required(draw)
    roster = [
        Inspector(id=f"cg{n}", department="三门峡市城市管理局", can_lead=n == 0) for n in range(3)
    ]
    assignment = assign_inspectors(draw, roster, seed=SEED)
    # Appointed, not drawn (§4(4)): every team holds the one section head, no leader yet.
    assert all(2 == len(t.inspectors) and "cg0" in t.inspectors for t in assignment.tasks)
    assert all(t.leader is None for t in assignment.tasks)
    assignment = appoint_leaders(assignment, {t.id: "cg0" for t in assignment.tasks})
    assert all("cg0" == t.leader for t in assignment.tasks)
    task = assignment.tasks[0]
    result = Result(
        task_id=task.id,
        subject_id=task.subject_id,
        outcomes={"muck-transport": "problem_pending"},
        inspected_on=dt.date(2024, 6, 3),
        penalty_decided_on=dt.date(2024, 6, 3),
    )
    due = {d.name: d.due for d in schedule(result, policy=preset.deadlines)}
    # From Monday 06-03; 06-10 is the Dragon Boat holiday. 10 days: 06-04..07, 11..14, 17, 18.
    # 20 days: those, then 06-19..21, 24..28, 07-01, 07-02.
    assert {"handling": dt.date(2024, 6, 18), "penalty-publication": dt.date(2024, 7, 2)} == due
    (requests,) = plan_deadlines(2024, policy=preset.deadlines)
    assert dt.date(2024, 3, 31) == requests.due  # §4(1): by the end of March


# --- 003: Luohe mobilisation office ----------------------------------------------------


def test_003_caps_department_rule_exemptions_and_deadlines() -> None:
    """003: at most 2 a year, another unit's one excludes, the blacklisted exempt (art. 16).

    s1 had two random inspections (market regulation); s2 one by another unit
    of the office; s3, blacklisted, two: s1 and s2 are excluded, s3 is not.
    """
    preset = for_document("003")
    assert preset.year is None
    assert CapPolicy(max_per_year=2) == preset.caps
    assert preset.caps.department_rule
    assert {Flag.BLACKLISTED, Flag.ABNORMAL, Flag.PENALIZED} == preset.caps.exempt_flags
    plan = preset.plan(year=2024, unit="综合科")
    registry = [
        Subject(id="s1", grade="D"),
        Subject(id="s2", grade="D"),
        Subject(id="s3", grade="D", flags={"blacklisted"}),
        *homes("企业", {"D": 7}, prefix="e"),
    ]

    def done(n: int, subject: str, department: str, unit: str = "") -> Task:
        return Task(
            id=f"t{n}", plan_id="earlier", subject_id=subject, items=["x"],
            department=department, unit=unit, on=dt.date(2024, 3, n),
        )  # fmt: skip

    history = [
        done(1, "s1", "漯河市市场监督管理局"),
        done(2, "s1", "漯河市市场监督管理局"),
        done(3, "s2", "漯河市国防动员办公室", "工程管理科"),
        done(4, "s3", "漯河市市场监督管理局"),
        done(5, "s3", "漯河市市场监督管理局"),
    ]
    draw = draw_subjects(plan, registry, seed=SEED, history=history)
    assert Fate.EXCLUDED == draw.fate("s1").fate
    assert Fate.EXCLUDED == draw.fate("s2").fate
    assert Fate.EXCLUDED != draw.fate("s3").fate
    assert {"D": 2} == {k: v for k, v in required(draw).items() if v}  # ceil(10x20%)
    assert "replace" == preset.recusal
    roster = [
        Inspector(id=f"gd{n}", department="漯河市国防动员办公室", can_lead=n < 2) for n in range(4)
    ]
    assignment = assign_inspectors(draw, roster, seed=SEED, recusal=preset.recusal)
    assert all(2 == len(t.inspectors) for t in assignment.tasks)
    task = assignment.tasks[0]
    result = Result(
        task_id=task.id,
        subject_id=task.subject_id,
        outcomes={"inspection": "compliant"},
        inspected_on=dt.date(2024, 6, 3),
        reported_on=dt.date(2024, 6, 11),
        feedback_sent_on=dt.date(2024, 6, 12),
        feedback_received_on=dt.date(2024, 7, 10),
    )
    due = {d.name: d.due for d in schedule(result, policy=preset.deadlines)}
    # art. 18: 5 days from 06-03 (06-10 off): 06-04..07, 06-11. art. 19: 20 days from
    # 06-11: 06-12..14, 17..21, 24..28, 07-01..05, 08, 09. art. 21: 10 from 07-10: 07-24.
    assert {
        "report": dt.date(2024, 6, 11),
        "feedback": dt.date(2024, 7, 9),
        "publication": dt.date(2024, 7, 9),
        "comments": dt.date(2024, 7, 24),
    } == due
    year = {d.name: d.due for d in plan_deadlines(2024, policy=preset.deadlines)}
    assert {"annual-plan": dt.date(2024, 1, 31), "execution-report": dt.date(2025, 2, 28)} == year


def test_003_names_no_year() -> None:
    """003 names no year: its plan needs one (and says so)."""
    assert_rejected(lambda: for_document("003").plan(), ValidationError, "year", "003")


# --- 004: Baofeng health commission, 2023 ----------------------------------------------


def test_004_once_a_year_boost_teams_of_two_and_publication() -> None:
    """004: once a year (§2(6)), complaints uncapped, flagged drawn more, 2 inspectors (§2(7)).

    s1 had a random inspection: excluded. s2 a complaint-driven one: still
    eligible (R5.5). s3, blacklisted, in the boost stratum with s4 and s5
    (high risk, abnormal): ceil(3x20%)=1.
    """
    preset = for_document("004")
    assert 1 == preset.caps.max_per_year
    assert ["年度内被抽查过的对象，原则上不在抽查"] == words(preset, "caps.max_per_year")
    plan = preset.plan()
    assert "2023-004" == plan.id
    assert 2 == plan.team.size
    registry = [
        Subject(id="s1", grade="B"),
        Subject(id="s2", grade="B"),
        Subject(id="s3", grade="B", flags={"blacklisted"}),
        Subject(id="s4", grade="A", flags={"high_risk"}),
        Subject(id="s5", grade="C", flags={"abnormal"}),
    ]
    history = [
        Task(id="t1", plan_id="p", subject_id="s1", items=["x"], department="宝丰县市场监督管理局",
             on=dt.date(2023, 2, 1)),
        Task(id="t2", plan_id="p", subject_id="s2", items=["x"], department="宝丰县卫生健康委员会",
             kind="complaint", on=dt.date(2023, 2, 1)),
        Task(id="t3", plan_id="p", subject_id="s3", items=["x"], department="宝丰县市场监督管理局",
             on=dt.date(2023, 2, 1)),
    ]  # fmt: skip
    draw = draw_subjects(plan, registry, seed=SEED, history=history)
    assert Fate.EXCLUDED == draw.fate("s1").fate
    assert Fate.EXCLUDED != draw.fate("s2").fate
    assert Fate.EXCLUDED != draw.fate("s3").fate
    assert 1 == draw.stratum("boost").required
    roster = [
        Inspector(id=f"wj{n}", department="宝丰县卫生健康委员会", can_lead=n == 0)
        for n in range(2)
    ]
    assignment = assign_inspectors(draw, roster, seed=SEED)
    assert all(("wj0", "wj1") == tuple(sorted(t.inspectors)) for t in assignment.tasks)
    task = assignment.tasks[0]
    result = Result(
        task_id=task.id,
        subject_id=task.subject_id,
        outcomes={"inspection": "compliant"},
        inspected_on=dt.date(2023, 6, 5),
    )
    (published,) = schedule(result, policy=preset.deadlines)
    # §2(8): 20 working days from Monday 2023-06-05; 06-22..24 off, Sunday 06-25 worked:
    # 06-06..09, 12..16, 19..21, 25, 26..30, 07-03, 07-04.
    assert ("result-publication", dt.date(2023, 7, 4)) == (published.name, published.due)
    assert ("plan", "tasks", "results") == preset.published


# --- overrides and refusals --------------------------------------------------------------


def test_overrides_set_any_plan_field_and_department_renames_the_own_items() -> None:
    """An override replaces the preset's value; another department takes the own items."""
    plan = for_document("000").plan(year=2025, department="新华区民政局", id="x", unit="养老股")
    assert ("x", 2025, "养老股") == (plan.id, plan.year, plan.unit)
    assert ["新华区民政局", "区消防救援支队", "区市场监督管理局"] == [
        i.department for i in plan.items
    ]
    assert set(OVERRIDABLE) == {f.name for f in attrs.fields(Plan)} - {"year", "department"}


def test_a_preset_plan_still_keeps_the_items_minimum_ratios() -> None:
    """Ratios below an item's listed minimum are refused (R2.2), as for any plan."""
    assert_rejected(
        lambda: for_document("000").plan(ratios={"A": "4%", "B": "10%", "C": "15%", "D": "20%"}),
        RuleViolationError,
        "R2.2",
        "elder-care",
        "5%",
    )


@rejections(
    [
        ("number", lambda: for_document(3), UnknownIdError, ("code", "'000'")),
        ("unknown", lambda: for_document("005"), UnknownIdError, "'005'"),
        ("none", lambda: for_document(None), UnknownIdError, "code"),  # type: ignore[arg-type]
        (
            "unknown override",
            lambda: for_document("001").plan(ratio="5%"),
            ValidationError,
            ("'ratio'", "ratios", "boost"),
        ),
        ("bool year", lambda: for_document("001").plan(year=True), ValidationError, "year"),
        ("text year", lambda: for_document("001").plan(year="2022"), ValidationError, "year"),
        ("empty department", lambda: for_document("001").plan(department=" "), ValidationError,
         "department"),
        ("bad override value", lambda: for_document("001").plan(team=3), ValidationError, "team"),
        ("unknown field", lambda: for_document("001").cite("ratio"), UnknownIdError, "ratio"),
    ]
)  # fmt: skip
def test_bad_arguments_are_refused(call: object, error: type, fragments: tuple[str, ...]) -> None:
    """Bad codes, years, departments and overrides raise the library's errors, naming them."""
    assert_rejected(call, error, *fragments)  # type: ignore[arg-type]


class HostileText(str):
    """Text whose comparisons and hash raise: it must meet the library's error, not its own."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")

    def __hash__(self) -> int:
        raise RuntimeError("hash")


def test_hostile_text_gets_the_librarys_error() -> None:
    """A str subclass that raises on == or hash() is refused or read as plain text."""
    assert_rejected(lambda: for_document(HostileText("000")), UnknownIdError, "code")
    assert_rejected(
        lambda: for_document("000").cite(HostileText("ratios")), UnknownIdError, "field"
    )
    assert (
        "卫东区民政局"
        == for_document("000").plan(department=HostileText("卫东区民政局")).department
    )
    preset = for_document("000")
    assert_rejected(
        lambda: attrs.evolve(preset, leader=HostileText("drawn")), ValidationError, "leader"
    )


def test_cite_gathers_the_parts_of_team_and_caps() -> None:
    """cite("caps") is every caps.* clause; cite("ratios") that field's."""
    preset = for_document("003")
    assert 4 == len(preset.cite("caps"))
    assert ["art. 16", "art. 16", "art. 16 ¶2"] == sorted(
        c.clause for c in preset.cite("caps") if not c.silent
    )
    assert preset.sources["ratios"] == preset.cite("ratios")


def test_window_in_a_year_and_its_refusals() -> None:
    """A window is set in any year; a day no month has, or an end before the start, is refused."""
    assert Period(start=dt.date(2023, 6, 1), end=dt.date(2023, 11, 30), name="2023") == Window(
        start_month=6, start_day=1, end_month=11, end_day=30
    ).in_year(2023)
    assert_rejected(lambda: Window(start_month=2, start_day=30, end_month=3, end_day=1),
                    ValidationError, "day")  # fmt: skip
    assert_rejected(lambda: Window(start_month=7, start_day=1, end_month=6, end_day=30),
                    ValidationError, "before")  # fmt: skip
    leap = Window(start_month=2, start_day=29, end_month=3, end_day=1)
    assert_rejected(lambda: leap.in_year(2023), ValidationError, "2023")


def test_a_preset_is_checked_on_construction() -> None:
    """A hand-made Preset with a field of the wrong type or missing citations is refused."""
    preset = for_document("004")
    assert_rejected(lambda: attrs.evolve(preset, rounds=True), ValidationError, "rounds")
    assert_rejected(lambda: attrs.evolve(preset, leader="elected"), ValidationError, "leader")
    assert_rejected(lambda: attrs.evolve(preset, published=("press",)), ValidationError, "press")
    short = type(preset.sources)({k: v for k, v in preset.sources.items() if k != "year"})
    assert_rejected(lambda: attrs.evolve(preset, sources=short), ValidationError, "year")
    assert isinstance(preset.sources["year"][0], Clause)
