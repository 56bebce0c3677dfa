"""Public notices: the plan, the tasks and the results, with redaction (R7.1-R7.3).

Golden notices of a small joint plan written out by hand, a property test that
no private value ever reaches a notice while every refusal and falsification
does, and tables of the inputs that must be refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from assertions import assert_rejected, rejections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from randinspect._result import RESULT_DATES
from randinspect.assignment import Assignment, StaffingAction, assign_inspectors, replace_inspector
from randinspect.disclosure import (
    DECISION_LABELS,
    DISCLOSURE_VERSION,
    RECTIFICATION_LABELS,
    disclose_plan,
    disclose_results,
    disclose_tasks,
)
from randinspect.draw import Seed
from randinspect.errors import (
    DuplicateIdError,
    InfeasibleAssignmentError,
    RuleViolationError,
    UnknownIdError,
    ValidationError,
)
from randinspect.model import (
    CheckItem,
    Decision,
    Handling,
    Inspector,
    Outcome,
    Plan,
    Ratios,
    Rectification,
    RectificationState,
    Result,
    Subject,
    TeamRule,
    amend_plan,
)
from randinspect.registry import Registry
from randinspect.sampling import SubjectDraw, draw_subjects

D = dt.date
SEED = Seed.from_hex("00" * 32)
ALL = Ratios(A="100%", B="100%", C="100%", D="100%")  # every in-scope subject is drawn

# --- a small joint plan, by hand -------------------------------------------------------


def joint_plan() -> Plan:
    """Civil affairs with the fire brigade: one visit, two items, directed at 卫东区 (R4.6)."""
    return Plan(
        id="p1",
        year=2024,
        department="民政局",
        partners={"消防救援大队"},
        unit="养老服务股",
        items=[
            CheckItem(
                id="care",
                name="养老服务安全检查",
                department="民政局",
                basis="《养老机构管理办法》",
                subject_type="elder-care",
                method="现场检查",
                min_ratios=Ratios(A="5%"),
            ),
            CheckItem(
                id="fire", name="消防安全检查", department="消防救援大队", content="消防设施"
            ),
        ],
        scope={"region": {"卫东区"}},
        ratios=ALL,
    )


def registry() -> Registry:
    """Two homes in scope (grades A and C) and one outside it (新华区)."""
    return Registry(
        [
            Subject(
                id="s1",
                grade="A",
                name="第一养老院",
                attributes={"region": "卫东区", "type": "elder-care", "scale": "large"},
            ),
            Subject(
                id="s2",
                grade="C",
                name="第二养老院",
                attributes={"region": "卫东区", "type": "elder-care", "phone": "0375-1234567"},
            ),
            Subject(id="s3", grade="B", name="新华养老院", attributes={"region": "新华区"}),
        ]
    )


def roster() -> list[Inspector]:
    """One can-lead civil-affairs officer, one who may not lead, one fire officer."""
    return [
        Inspector(
            id="MZ-1",
            department="民政局",
            name="张三",
            can_lead=True,
            certificate_no="豫民执001",
            attributes={"gender": "男", "birth_date": "1980-01-02", "phone": "13800000001"},
        ),
        Inspector(
            id="MZ-2",
            department="民政局",
            name="王五",
            conflicts={"s1"},
            certificate_no="豫民执002",
        ),
        Inspector(id="XF-1", department="消防救援大队", name="李四", certificate_no="豫消执001"),
    ]


def campaign() -> tuple[Plan, SubjectDraw, Assignment]:
    plan = joint_plan()
    draw = draw_subjects(plan, registry(), seed=SEED)
    return plan, draw, assign_inspectors(draw, roster(), seed=SEED)


def results() -> list[Result]:
    """s1 refused the civil-affairs check and was fined; s2 falsified and must fix a fire exit."""
    return [
        Result(
            task_id="p1/s2",
            subject_id="s2",
            outcomes={"care": "弄虚作假", "fire": "发现问题已责令改正"},
            item_dates={"care": D(2024, 6, 3), "fire": D(2024, 6, 4)},
            inspected_on=D(2024, 6, 4),
            rectification=Rectification(state="ordered", deadline=D(2024, 7, 1), notes="内部"),
            findings={"fire": "消防通道堵塞"},
        ),
        Result(
            task_id="p1/s1",
            subject_id="s1",
            outcomes={"care": "拒绝检查", "fire": "未发现问题"},
            inspected_on=D(2024, 6, 3),
            reported_on=D(2024, 6, 5),
            handling=[
                Handling(
                    decision="penalty",
                    decided_on=D(2024, 6, 10),
                    authority="民政局",
                    basis="《养老机构管理办法》第四十六条",
                    notes="内部备注",
                )
            ],
            findings={"care": "拒绝提供服务记录"},
            evaluation="不配合",
            notes="负责人电话 13900000000",
        ),
    ]


HEAD = {
    "disclosure": "randinspect-disclosure/1",
    "plan_id": "p1",
    "year": 2024,
    "department": "民政局",
    "departments": ["民政局", "消防救援大队"],
    "joint": True,
}
NO_RATIOS = {"A": "0%", "B": "0%", "C": "0%", "D": "0%"}
WHOLE_YEAR = {"name": "2024", "start": "2024-01-01", "end": "2024-12-31"}


def stratum(name: str, n: int) -> dict[str, Any]:
    # ceil(n x 100%) = n of n required, all eligible (no history), all drawn.
    return {
        "name": name,
        "ratio": "100%",
        "in_scope": n,
        "eligible": n,
        "required": n,
        "drawn": n,
        "shortfall": 0,
    }


def test_the_plan_notice_of_a_joint_plan() -> None:
    """One notice names both departments and lists both items; the draw's counts, no ids (R4.6).

    The fingerprint is the registry's own (an input to the notice, copied).
    """
    plan, draw, _ = campaign()
    expected = {
        **HEAD,
        "kind": "plan",
        "title": "抽查计划公告",
        "withheld": [],
        "partners": ["消防救援大队"],
        "unit": "养老服务股",
        "items": [
            {
                "id": "care",
                "name": "养老服务安全检查",
                "department": "民政局",
                "basis": "《养老机构管理办法》",
                "subject_type": "elder-care",
                "content": "",
                "method": "现场检查",
                "min_ratios": {**NO_RATIOS, "A": "5%"},
                "frequency": "",
                "responsible_unit": "",
                "qualification": None,
                "notes": "",
            },
            {
                "id": "fire",
                "name": "消防安全检查",
                "department": "消防救援大队",
                "basis": "",
                "subject_type": None,
                "content": "消防设施",
                "method": "",
                "min_ratios": NO_RATIOS,
                "frequency": "",
                "responsible_unit": "",
                "qualification": None,
                "notes": "",
            },
        ],
        "scope": {"region": ["卫东区"]},
        "ratios": {"A": "100%", "B": "100%", "C": "100%", "D": "100%"},
        "boost": None,
        "relief": None,
        "periods": [WHOLE_YEAR],
        "team": {"size": 2, "leader": True, "every_department": True, "max_load": None},
        "caps": {
            "max_per_year": 2,
            "exempt_flags": ["abnormal", "blacklisted", "penalized"],
            "department_rule": True,
            "unknown_unit_is_other": True,
        },
        "amendments": [],
        "draw": {
            "spec": "randinspect-draw/1",
            "seed": "0" * 64,
            "registry_fingerprint": draw.fingerprint,
            "registry_size": 3,
            "out_of_scope": 1,  # s3, in 新华区
            "excluded": 0,
            "drawn": 2,
            "strata": [stratum("A", 1), stratum("B", 0), stratum("C", 1), stratum("D", 0)],
        },
    }
    assert expected == disclose_plan(plan, draw=draw)


def test_the_tasks_notice_of_a_joint_plan() -> None:
    """Per subject: scope attributes only, the team's names and departments, the leader first.

    No grade, no scale or phone, no certificate number, no conflict (R7.2).
    """
    _, draw, assignment = campaign()
    team = [
        {"id": "MZ-1", "name": "张三", "department": "民政局", "leader": True},
        {"id": "XF-1", "name": "李四", "department": "消防救援大队", "leader": False},
    ]

    def task(subject_id: str, name: str) -> dict[str, Any]:
        return {
            "id": f"p1/{subject_id}",
            "subject": {
                "id": subject_id,
                "name": name,
                "attributes": {"region": "卫东区", "type": "elder-care"},
            },
            "period": WHOLE_YEAR,
            "items": ["care", "fire"],
            "team": team,
            "replacements": [],
        }

    expected = {
        **HEAD,
        "kind": "tasks",
        "title": "抽查任务公告",
        "withheld": [],
        "staffing": {
            "procedure": assignment.procedure,
            "seed": "0" * 64,
            "draw_seed": "0" * 64,
            "registry_fingerprint": draw.fingerprint,
            "roster_fingerprint": assignment.roster_fingerprint,
        },
        "items": [
            {"id": "care", "name": "养老服务安全检查", "department": "民政局"},
            {"id": "fire", "name": "消防安全检查", "department": "消防救援大队"},
        ],
        "tasks": [task("s1", "第一养老院"), task("s2", "第二养老院")],
    }
    assert expected == disclose_tasks(assignment)


NO_DATES = dict.fromkeys(RESULT_DATES)
NONE_NEEDED = {"state": "none_needed", "label": "无需整改", "deadline": None, "rectified_on": None}


def expected_results() -> dict[str, Any]:
    """The results notice of :func:`results`, by hand; findings and evaluation withheld."""
    return {
        **HEAD,
        "kind": "results",
        "title": "抽查结果公告",
        "withheld": ["result.evaluation", "result.findings"],
        "counts": {
            "tasks": 2,
            "results": 2,
            "pending": 0,
            "problems": 2,
            "refused": 1,
            "falsified": 1,
        },
        "results": [
            {
                "task_id": "p1/s1",
                "subject": {"id": "s1", "name": "第一养老院"},
                "outcome": "不配合检查情节严重",  # the most severe of its items (R7.3)
                "category": "problem",
                "problem": True,
                "items": [
                    {
                        "id": "care",
                        "name": "养老服务安全检查",
                        "department": "民政局",
                        "outcome": "不配合检查情节严重",
                        "result_on": None,
                        "findings": None,
                    },
                    {
                        "id": "fire",
                        "name": "消防安全检查",
                        "department": "消防救援大队",
                        "outcome": "未发现问题",
                        "result_on": None,
                        "findings": None,
                    },
                ],
                "evaluation": None,
                "rectification": NONE_NEEDED,
                "handling": [
                    {
                        "decision": "penalty",
                        "label": "行政处罚",
                        "decided_on": "2024-06-10",
                        "authority": "民政局",
                        "basis": "《养老机构管理办法》第四十六条",
                    }
                ],
                "dates": {
                    **NO_DATES,
                    "inspected_on": "2024-06-03",
                    "reported_on": "2024-06-05",
                    "penalty_decided_on": "2024-06-10",
                },
            },
            {
                "task_id": "p1/s2",
                "subject": {"id": "s2", "name": "第二养老院"},
                "outcome": "公示信息隐瞒真实情况、弄虚作假",  # falsified before corrected
                "category": "problem",
                "problem": True,
                "items": [
                    {
                        "id": "care",
                        "name": "养老服务安全检查",
                        "department": "民政局",
                        "outcome": "公示信息隐瞒真实情况、弄虚作假",
                        "result_on": "2024-06-03",
                        "findings": None,
                    },
                    {
                        "id": "fire",
                        "name": "消防安全检查",
                        "department": "消防救援大队",
                        "outcome": "发现问题已责令改正",
                        "result_on": "2024-06-04",
                        "findings": None,
                    },
                ],
                "evaluation": None,
                "rectification": {
                    "state": "ordered",
                    "label": "责令限期整改",
                    "deadline": "2024-07-01",
                    "rectified_on": None,
                },
                "handling": [],
                "dates": {**NO_DATES, "inspected_on": "2024-06-04"},
            },
        ],
    }


def test_the_results_notice_of_a_joint_plan() -> None:
    """One entry per subject covering both departments' items, refusal and falsification shown.

    Notes never appear; findings and evaluation are withheld by default (R7.2, R7.3).
    """
    _, _, assignment = campaign()
    assert expected_results() == disclose_results(assignment, results())


def test_findings_are_published_on_request_item_by_item() -> None:
    """``publish_findings=True`` shows findings and evaluation, except those named confidential."""
    _, _, assignment = campaign()
    notice = disclose_results(
        assignment,
        results(),
        publish_findings=True,
        confidential=["result.findings.care", "handling.basis"],
    )
    first, second = notice["results"]
    assert ["handling.basis", "result.findings.care"] == notice["withheld"]
    assert [None, None] == [item["findings"] for item in first["items"]]
    assert "不配合" == first["evaluation"]
    assert [None, "消防通道堵塞"] == [item["findings"] for item in second["items"]]
    assert None is first["handling"][0]["basis"]
    assert "民政局" == first["handling"][0]["authority"]


def test_results_of_some_tasks_leave_the_rest_pending() -> None:
    """A task without a result yet is counted pending, not published as a result."""
    _, _, assignment = campaign()
    notice = disclose_results(assignment, results()[:1])
    assert {
        "tasks": 2,
        "results": 1,
        "pending": 1,
        "problems": 1,
        "refused": 0,
        "falsified": 1,
    } == notice["counts"]
    assert ["p1/s2"] == [r["task_id"] for r in notice["results"]]


def test_confidential_fields_are_withheld_and_listed() -> None:
    """Each withheld field is None (an attribute left out) and named under "withheld" (R7.2)."""
    plan, draw, assignment = campaign()
    notice = disclose_plan(plan, draw=draw, confidential=["plan.scope.region", "item.basis"])
    assert ["item.basis", "plan.scope.region"] == notice["withheld"]
    assert {} == notice["scope"]
    assert [None, None] == [item["basis"] for item in notice["items"]]
    tasks = disclose_tasks(
        assignment, confidential=["subject.name", "subject.attributes.region", "inspector.id"]
    )
    first = tasks["tasks"][0]
    assert {"id": "s1", "name": None, "attributes": {"type": "elder-care"}} == first["subject"]
    assert [None, None] == [member["id"] for member in first["team"]]
    assert ["张三", "李四"] == [member["name"] for member in first["team"]]
    hidden = disclose_tasks(assignment, confidential=["subject.attributes", "task.replacements"])
    assert (None, None) == (
        hidden["tasks"][0]["subject"]["attributes"],
        hidden["tasks"][0]["replacements"],
    )


def test_an_attribute_no_subject_publishes_may_still_be_named() -> None:
    """Naming an attribute a drawn subject has, though never published, is harmless: accepted."""
    _, _, assignment = campaign()
    notice = disclose_tasks(assignment, confidential=["subject.attributes.scale"])
    assert ["subject.attributes.scale"] == notice["withheld"]


def test_an_amendment_shows_what_changed_why_and_who_approved() -> None:
    """R5.6: the change's before and after, the reason, the approver and the day are public."""
    plan = amend_plan(
        joint_plan(),
        reason="上级通知提高比例",
        approved_by="局长办公会",
        approved_on=D(2024, 5, 6),
        team=TeamRule(size=3),
    )
    expected = [
        {
            "changes": [
                {
                    "field": "team",
                    "before": {
                        "size": 2,
                        "leader": True,
                        "every_department": True,
                        "max_load": None,
                    },
                    "after": {
                        "size": 3,
                        "leader": True,
                        "every_department": True,
                        "max_load": None,
                    },
                    "withheld": False,
                }
            ],
            "reason": "上级通知提高比例",
            "approved_by": "局长办公会",
            "approved_on": "2024-05-06",
        }
    ]
    assert expected == disclose_plan(plan)["amendments"]
    assert "上级通知提高比例" not in json.dumps(
        disclose_plan(plan, confidential=["amendment.reason"]), ensure_ascii=False
    )


def test_an_amendment_of_a_withheld_field_shows_only_its_name() -> None:
    """A confidential scope stays confidential in the amendment that changed it (R7.2)."""
    plan = amend_plan(
        joint_plan(),
        reason="扩大范围",
        approved_by="局长办公会",
        approved_on=D(2024, 5, 6),
        scope={"region": {"卫东区", "湛河区"}},
    )
    notice = disclose_plan(plan, confidential=["plan.scope"])
    assert [{"field": "scope", "before": None, "after": None, "withheld": True}] == notice[
        "amendments"
    ][0]["changes"]
    assert "湛河区" not in json.dumps(notice, ensure_ascii=False)


def test_a_replacement_shows_who_left_and_joined_never_why() -> None:
    """R4.4 after publication: the change of team is public, the reason is not (R7.2)."""
    plan = attrs.evolve(joint_plan(), team=TeamRule(size=2))
    draw = draw_subjects(plan, registry(), seed=SEED)
    people = [*roster(), Inspector(id="XF-2", department="消防救援大队", name="赵六")]
    assignment = assign_inspectors(draw, people, seed=SEED)
    task = assignment.task("p1/s1")
    fire = next(i for i in task.inspectors if i.startswith("XF"))
    after = replace_inspector(assignment, "p1/s1", fire, reason="住院 PRIVATE-REASON")
    notice = disclose_tasks(after)
    other = "XF-2" if fire == "XF-1" else "XF-1"
    names = {"XF-1": "李四", "XF-2": "赵六"}
    assert [
        {
            "left": {"id": fire, "name": names[fire], "department": "消防救援大队"},
            "joined": {"id": other, "name": names[other], "department": "消防救援大队"},
        }
    ] == notice["tasks"][0]["replacements"]
    assert "PRIVATE-REASON" not in json.dumps(notice, ensure_ascii=False)


def test_recusals_and_skips_of_the_log_are_never_published() -> None:
    """A declared conflict shows in the log kept on file, nowhere in the notice (R4.3, R7.2)."""
    plan = attrs.evolve(joint_plan(), team=TeamRule(size=3))
    draw = draw_subjects(plan, registry(), seed=SEED)
    people = [*roster(), Inspector(id="MZ-3", department="民政局", name="孙七")]
    assignment = assign_inspectors(draw, people, seed=SEED, unavailable=[("MZ-3", "s2")])
    skipped = [e for e in assignment.log if e.action is StaffingAction.SKIPPED]
    assert skipped  # the premise: the log records recusals and unavailability
    text = json.dumps(disclose_tasks(assignment), ensure_ascii=False)
    for entry in assignment.log:
        assert entry.detail not in text
    for word in ("conflict", "recus", "unavailable", "skipped", "R4.3", "豫民执", "1380000"):
        assert word not in text


def test_labels_cover_every_state_and_decision() -> None:
    """Every rectification state and handling decision has its published Chinese name."""
    assert set(RectificationState) == set(RECTIFICATION_LABELS)
    assert set(Decision) == set(DECISION_LABELS)


@pytest.mark.parametrize(
    "make",
    [
        lambda p, d, a: disclose_plan(p, draw=d, confidential=["plan.unit"]),
        lambda p, d, a: disclose_tasks(a, confidential=["inspector.id"]),
        lambda p, d, a: disclose_results(a, results(), publish_findings=True),
    ],
    ids=["plan", "tasks", "results"],
)
def test_every_notice_is_versioned_json_that_round_trips(
    make: Callable[[Plan, SubjectDraw, Assignment], dict[str, Any]],
) -> None:
    """Each notice carries the version tag, dumps without NaN, and loads back equal."""
    notice = make(*campaign())
    assert DISCLOSURE_VERSION == notice["disclosure"]
    assert notice["kind"] in {"plan", "tasks", "results"}
    text = json.dumps(notice, ensure_ascii=False, allow_nan=False, sort_keys=True)
    assert notice == json.loads(text)
    _assert_plain(notice)


def _assert_plain(value: object) -> None:
    """Only dicts with str keys, lists, str, int, bool and None."""
    if isinstance(value, dict):
        for key, member in value.items():
            assert type(key) is str
            _assert_plain(member)
    elif isinstance(value, list):
        for member in value:
            _assert_plain(member)
    else:
        assert value is None or type(value) in {str, int, bool}, repr(value)


# --- invalid inputs -----------------------------------------------------------------------

PLAN, DRAW, ASSIGNMENT = campaign()
OTHER_DRAW = draw_subjects(attrs.evolve(PLAN, id="p2"), registry(), seed=SEED)


def _result(**changes: Any) -> list[Result]:
    return [attrs.evolve(results()[1], **changes)]


# fmt: off
INVALID = [
    ("plan-not-a-plan", lambda: disclose_plan("p1"),  # type: ignore[arg-type]
     ValidationError, ("disclose_plan", "'plan'", "must be a Plan")),
    ("draw-not-a-draw", lambda: disclose_plan(PLAN, draw={"seed": "0"}),  # type: ignore[arg-type]
     ValidationError, ("'draw'", "must be a SubjectDraw")),
    ("draw-of-another-plan", lambda: disclose_plan(PLAN, draw=OTHER_DRAW),
     RuleViolationError, ("'draw'", "'p2'", "R5.6")),
    ("confidential-a-str", lambda: disclose_plan(PLAN, confidential="plan.unit"),
     ValidationError, ("'confidential'", "collection of field names")),
    ("confidential-not-text", lambda: disclose_plan(PLAN, confidential=[7]),  # type: ignore[list-item]
     ValidationError, ("confidential[0]", "must be a str")),
    ("plan-unknown-name", lambda: disclose_plan(PLAN, confidential=["plan.scop"]),
     UnknownIdError, ("'plan.scop'", "抽查计划公告", "R7.2", "plan.scope")),
    ("plan-unknown-scope-attribute",
     lambda: disclose_plan(PLAN, confidential=["plan.scope.industry"]),
     UnknownIdError, ("'plan.scope.industry'", "plan.scope.<region>")),
    ("plan-name-of-another-notice", lambda: disclose_plan(PLAN, confidential=["subject.name"]),
     UnknownIdError, ("'subject.name'",)),
    ("approval-is-public", lambda: disclose_plan(PLAN, confidential=["amendment.approved_by"]),
     RuleViolationError, ("cannot be withheld", "R5.6")),
    ("seed-is-public", lambda: disclose_plan(PLAN, draw=DRAW, confidential=["draw.seed"]),
     RuleViolationError, ("cannot be withheld", "R7.6")),
    ("tasks-not-an-assignment", lambda: disclose_tasks(DRAW),  # type: ignore[arg-type]
     ValidationError, ("disclose_tasks", "'assignment'", "must be an Assignment")),
    ("tasks-unknown-attribute",
     lambda: disclose_tasks(ASSIGNMENT, confidential=["subject.attributes.regoin"]),
     UnknownIdError, ("'subject.attributes.regoin'", "抽查任务公告")),
    ("tasks-name-of-results", lambda: disclose_tasks(ASSIGNMENT, confidential=["result.findings"]),
     UnknownIdError, ("'result.findings'",)),
    ("inspector-names-are-public",
     lambda: disclose_tasks(ASSIGNMENT, confidential=["inspector.name"]),
     RuleViolationError, ("cannot be withheld", "R7.1")),
    ("results-not-an-assignment", lambda: disclose_results(PLAN, results()),  # type: ignore[arg-type]
     ValidationError, ("disclose_results", "must be an Assignment")),
    ("results-a-str", lambda: disclose_results(ASSIGNMENT, "results"),  # type: ignore[arg-type]
     ValidationError, ("'results'", "collection of Result")),
    ("results-of-dicts", lambda: disclose_results(ASSIGNMENT, [{"task_id": "p1/s1"}]),  # type: ignore[list-item]
     ValidationError, ("results[0]", "Result")),
    ("result-for-unknown-task", lambda: disclose_results(ASSIGNMENT, _result(task_id="p9/s1")),
     UnknownIdError, ("'p9/s1'", "task_id")),
    ("two-results-one-task", lambda: disclose_results(ASSIGNMENT, results() + results()[:1]),
     DuplicateIdError, ("'results'", "R4.6")),
    ("result-foreign-item", lambda: disclose_results(ASSIGNMENT, _result(
        outcomes={"care": "refused", "fire": "compliant", "gas": "compliant"})),
     RuleViolationError, ("outcomes", "'gas'")),
    ("result-other-subject", lambda: disclose_results(ASSIGNMENT, _result(subject_id="s2")),
     RuleViolationError, ("subject_id", "'s1'")),
    ("publish-findings-not-bool",
     lambda: disclose_results(ASSIGNMENT, results(), publish_findings=1),  # type: ignore[arg-type]
     ValidationError, ("'publish_findings'", "must be a bool")),
    ("outcomes-are-public",
     lambda: disclose_results(ASSIGNMENT, results(), confidential=["result.outcome"]),
     RuleViolationError, ("cannot be withheld", "R7.3")),
    ("findings-of-unknown-item",
     lambda: disclose_results(ASSIGNMENT, results(), confidential=["result.findings.gas"]),
     UnknownIdError, ("'result.findings.gas'", "result.findings.<care|fire>")),
]
# fmt: on


@rejections(INVALID)
def test_invalid_inputs_are_refused(
    call: Callable[[], object], error: type[ValidationError], fragments: tuple[str, ...]
) -> None:
    """Each bad argument gets the library's error naming the argument, the value and the rule."""
    assert_rejected(call, error, *fragments)


# --- the property: nothing private leaks, every refusal shows ---------------------------

DEPARTMENTS = ("民政局", "消防救援大队")
_SUFFIX = st.text(alphabet="qxzjkwé秘", min_size=3, max_size=6)


class Secrets:
    """Distinct private tokens: ``secret<n>`` and a random tail, never in any public value."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.count = 0

    def __call__(self) -> str:
        """The next token."""
        self.count += 1
        return f"secret{self.count:03d}{self.draw(_SUFFIX)}"


@attrs.frozen
class World:
    """A drawn, staffed and inspected joint plan, and every value a notice must withhold."""

    plan: Plan
    draw: SubjectDraw
    assignment: Assignment
    results: tuple[Result, ...]
    always: frozenset[str]  # never in any notice
    region: str  # in scope: public in the plan and tasks notices unless withheld
    names: frozenset[str]  # the drawn subjects' names: public unless withheld
    findings: frozenset[str]
    evaluations: frozenset[str]
    authorities: frozenset[str]
    bases: frozenset[str]


def _plan(region: str, size: int) -> Plan:
    return Plan(
        id="plan",
        year=2024,
        department=DEPARTMENTS[0],
        partners={DEPARTMENTS[1]},
        items=[
            CheckItem(id="care", name="care", department=DEPARTMENTS[0], subject_type="home"),
            CheckItem(id="fire", name="fire", department=DEPARTMENTS[1]),
        ],
        scope={"region": {region}},
        ratios=Ratios(A="50%", B="100%", C="100%", D="100%"),
        team=TeamRule(size=size),
    )


@st.composite
def worlds(draw: st.DrawFn) -> World:
    secret = Secrets(draw)
    always: set[str] = set()

    def private() -> str:
        token = secret()
        always.add(token)
        return token

    region, elsewhere = secret(), private()
    plan = _plan(region, draw(st.integers(2, 3)))
    inside = [
        Subject(
            id=f"s{n}",
            grade=draw(st.sampled_from("ABCD")),
            name=secret(),
            attributes={"region": region, "type": "home", "scale": private(), "phone": private()},
            flags=draw(st.frozensets(st.sampled_from(["high_risk", "trusted"]))),
        )
        for n in range(draw(st.integers(1, 5)))
    ]
    outside = [
        Subject(
            id=private(),
            grade="B",
            name=private(),
            attributes={"region": elsewhere, "type": "home"},
        )
        for _ in range(draw(st.integers(1, 2)))
    ]
    people = []
    for department, count in zip(
        DEPARTMENTS, (draw(st.integers(3, 4)), draw(st.integers(2, 3))), strict=True
    ):  # enough for any team of 3 after one recusal: the world is always staffable
        for n in range(count):
            declared = {s.id for s in outside if draw(st.booleans())}
            if department == DEPARTMENTS[0] and n == 0 and inside and draw(st.booleans()):
                declared.add(draw(st.sampled_from(inside)).id)  # a recusal on a drawn subject
            people.append(
                Inspector(
                    id=f"{department}-{n}",
                    department=department,
                    name=f"name-{department}-{n}",
                    can_lead=n < 2,
                    certificate_no=private(),
                    certificate_expires=D(2099, 1, 1 + n),
                    qualifications={private()},
                    conflicts=declared,
                    attributes={
                        "gender": private(),
                        "birth_date": private(),
                        "phone": private(),
                    },
                )
            )
    always.update(f"2099-01-0{1 + n}" for n in range(4))
    subject_draw = draw_subjects(plan, inside + outside, seed=SEED)
    unavailable = [(p.id, s.id) for p in people for s in outside if draw(st.booleans())]
    assignment = assign_inspectors(subject_draw, people, seed=SEED, unavailable=unavailable)
    if assignment.tasks and draw(st.booleans()):
        task = draw(st.sampled_from(assignment.tasks))
        with contextlib.suppress(InfeasibleAssignmentError):  # nobody free: no replacement
            assignment = replace_inspector(
                assignment, task.id, draw(st.sampled_from(task.inspectors)), reason=private()
            )
    findings, evaluations, authorities, bases = set(), set(), set(), set()
    recorded = []
    for task in assignment.tasks:
        if not draw(st.booleans()):
            continue  # still pending
        outcomes = {item: draw(st.sampled_from(Outcome)) for item in task.items}
        problem = any(o.is_problem for o in outcomes.values())
        notes = {item: secret() for item in task.items if draw(st.booleans())}
        findings.update(notes.values())
        evaluation = secret()
        evaluations.add(evaluation)
        handling, rectification = [], Rectification()
        if problem:
            authority, basis = secret(), secret()
            authorities.add(authority)
            bases.add(basis)
            decision = draw(st.sampled_from([Decision.WARNING, Decision.TRANSFER]))
            handling = [
                Handling(decision=decision, authority=authority, basis=basis, notes=private())
            ]
            rectification = Rectification(state="ordered", deadline=D(2024, 8, 1), notes=private())
        recorded.append(
            Result(
                task_id=task.id,
                subject_id=task.subject_id,
                outcomes=outcomes,
                inspected_on=D(2024, 6, 3),
                findings=notes,
                evaluation=evaluation,
                rectification=rectification,
                handling=handling,
                notes=private(),
            )
        )
    drawn = {t.subject_id for t in assignment.tasks}
    return World(
        plan=plan,
        draw=subject_draw,
        assignment=assignment,
        results=tuple(draw(st.permutations(recorded))),
        always=frozenset(always | {s.name for s in inside if s.id not in drawn}),
        region=region,
        names=frozenset(s.name for s in inside if s.id in drawn),
        findings=frozenset(findings),
        evaluations=frozenset(evaluations),
        authorities=frozenset(authorities),
        bases=frozenset(bases),
    )


def _leaks(notice: dict[str, Any], private: set[str]) -> list[str]:
    text = json.dumps(notice, ensure_ascii=False, allow_nan=False)
    assert notice == json.loads(text)
    return sorted(value for value in private if value in text)


def _private_in_results(world: World, marks: set[str], *, publish_findings: bool) -> set[str]:
    """What the results notice must withhold, given the marks and the findings switch."""
    private = set(world.always) | {world.region}  # attributes are not in the results notice
    if "subject.name" in marks:
        private |= world.names
    for result in world.results:
        for item_id, text in result.findings.items():
            if not publish_findings or marks & {"result.findings", f"result.findings.{item_id}"}:
                private.add(text)
    if not publish_findings or "result.evaluation" in marks:
        private |= world.evaluations
    if "handling.authority" in marks:
        private |= world.authorities
    if "handling.basis" in marks:
        private |= world.bases
    return private


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    worlds(),
    st.sets(st.sampled_from(["plan.scope", "plan.scope.region", "plan.unit"])),
    st.sets(st.sampled_from(["subject.name", "subject.attributes", "subject.attributes.region"])),
    st.sets(
        st.sampled_from(
            [
                "subject.name",
                "result.findings",
                "result.findings.care",
                "result.evaluation",
                "handling.authority",
                "handling.basis",
            ]
        )
    ),
    st.booleans(),
)
def test_no_private_value_is_ever_published_and_every_refusal_is(
    world: World,
    plan_marks: set[str],
    task_marks: set[str],
    result_marks: set[str],
    publish_findings: bool,
) -> None:
    """R7.2: no certificate number, attribute, conflict, reason or marked value in any notice.

    R7.3: every result with a refusal or a falsification appears, under its
    subject's id, with that outcome's label. Private values are long tokens
    (``secret<n>`` and a random tail), so a hit in the JSON text is a leak.
    """
    plan_notice = disclose_plan(world.plan, draw=world.draw, confidential=plan_marks)
    private = set(world.always) | set(world.names) | world.findings | world.evaluations
    private |= world.authorities | world.bases
    if plan_marks & {"plan.scope", "plan.scope.region"}:
        private.add(world.region)
    assert [] == _leaks(plan_notice, private)

    tasks_notice = disclose_tasks(world.assignment, confidential=task_marks)
    private = set(world.always) | world.findings | world.evaluations
    private |= world.authorities | world.bases
    if task_marks & {"subject.attributes", "subject.attributes.region"}:
        private.add(world.region)
    if "subject.name" in task_marks:
        private |= world.names
    assert [] == _leaks(tasks_notice, private)
    text = json.dumps(tasks_notice, ensure_ascii=False)
    for entry in world.assignment.log:  # recusals, skips, reasons: the log stays on file
        assert not entry.detail or entry.detail not in text
    assert "conflict" not in text
    assert "R4.3" not in text

    notice = disclose_results(
        world.assignment,
        world.results,
        confidential=result_marks,
        publish_findings=publish_findings,
    )
    private = _private_in_results(world, result_marks, publish_findings=publish_findings)
    assert [] == _leaks(notice, private)

    published = {entry["subject"]["id"]: entry for entry in notice["results"]}
    for result in world.results:
        for outcome in {Outcome.REFUSED, Outcome.FALSIFIED} & set(result.outcomes.values()):
            entry = published[result.subject_id]
            assert outcome.label in [item["outcome"] for item in entry["items"]]
            assert entry["outcome"] in {Outcome.REFUSED.label, Outcome.FALSIFIED.label}
