"""Results as an office records them, and checked against their tasks (R4.6, R5.6, R7).

The national result categories, rectification, handling and plan amendments.
"""

from __future__ import annotations

import datetime as dt
import warnings

import attrs
import pytest
from assertions import assert_rejected

from randinspect import (
    Amendment,
    CheckItem,
    Decision,
    DuplicateIdError,
    Handling,
    InvalidDateError,
    Outcome,
    OutcomeClass,
    Plan,
    Rectification,
    RectificationState,
    Result,
    RuleViolationError,
    Task,
    UnknownIdError,
    ValidationError,
    amend_plan,
    check_results,
)

D = dt.date

NATIONAL = [  # the categories as the issue lists them, with the class each belongs to
    ("未发现问题", OutcomeClass.NO_PROBLEM),
    ("未按规定公示应当公示的信息", OutcomeClass.PROBLEM),
    ("公示信息隐瞒真实情况、弄虚作假", OutcomeClass.PROBLEM),
    ("通过登记的住所（经营场所）无法联系", OutcomeClass.PROBLEM),
    ("发现问题待后续处理", OutcomeClass.PROBLEM),
    ("发现问题已责令改正", OutcomeClass.PROBLEM),
    ("未发现开展本次抽查涉及的经营活动", OutcomeClass.NOT_ASSESSABLE),
    ("已关闭停业或正在组织清算", OutcomeClass.NOT_ASSESSABLE),
    ("不配合检查情节严重", OutcomeClass.PROBLEM),
    ("已注销", OutcomeClass.NOT_ASSESSABLE),
    ("被吊销", OutcomeClass.NOT_ASSESSABLE),
    ("已迁出", OutcomeClass.NOT_ASSESSABLE),
]


def test_outcome_holds_the_twelve_national_categories() -> None:
    """Each national category is one member, read from its label, with its class (R7)."""
    assert len(NATIONAL) == len(Outcome)
    assert {label for label, _ in NATIONAL} == {o.label for o in Outcome}
    for label, category in NATIONAL:
        assert category == Outcome(label).category
        assert label == Outcome(label).label
        assert (category is OutcomeClass.PROBLEM) == Outcome(label).is_problem


def test_refusal_and_falsification_are_problems_found() -> None:
    """A refusal or falsification is recorded as a problem and published (R7.3)."""
    assert Outcome("拒绝检查").is_problem
    assert Outcome("弄虚作假").is_problem


def test_the_old_values_read_as_their_new_members() -> None:
    """Today's five values keep parsing: stored rows of earlier releases still load."""
    assert Outcome.COMPLIANT == Outcome("compliant")
    assert Outcome.PROBLEM_PENDING == Outcome("noncompliant")
    assert Outcome.PROBLEM_PENDING == Outcome("发现问题")
    assert Outcome.REFUSED == Outcome("refused")
    assert Outcome.FALSIFIED == Outcome("falsified")
    assert Outcome.UNREACHABLE == Outcome("not_found")


@pytest.mark.parametrize(
    ("old", "new"), [("NONCOMPLIANT", "PROBLEM_PENDING"), ("NOT_FOUND", "UNREACHABLE")]
)
def test_the_renamed_members_warn_and_answer(old: str, new: str) -> None:
    """``Outcome.NONCOMPLIANT`` still works, with a DeprecationWarning naming the new name."""
    with pytest.warns(DeprecationWarning, match=new):
        assert Outcome[new] is getattr(Outcome, old)


def test_an_unknown_member_name_is_an_attribute_error() -> None:
    """The deprecation hook answers only the renamed names."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(AttributeError):
            Outcome.NO_SUCH  # noqa: B018


def result(**fields: object) -> Result:
    base: dict[str, object] = {
        "task_id": "t1",
        "subject_id": "s1",
        "outcomes": {"fire": "发现问题已责令改正", "care": "未发现问题"},
        "inspected_on": D(2024, 6, 3),
    }
    return Result(**{**base, **fields})  # type: ignore[arg-type]


def test_a_subjects_outcome_is_its_most_severe_items() -> None:
    """The subject's published outcome: a problem beats no problem beats not assessable."""
    assert Outcome.PROBLEM_CORRECTED == result().outcome
    assert OutcomeClass.PROBLEM == result().category
    both = result(outcomes={"fire": "refused", "care": "发现问题待后续处理"})
    assert Outcome.REFUSED == both.outcome
    gone = result(outcomes={"fire": "已注销", "care": "已注销"})
    assert (Outcome.DEREGISTERED, OutcomeClass.NOT_ASSESSABLE) == (gone.outcome, gone.category)
    partly = result(outcomes={"fire": "no_activity", "care": "compliant"})
    assert (Outcome.COMPLIANT, OutcomeClass.NO_PROBLEM) == (partly.outcome, partly.category)
    assert result(outcomes={}).outcome is None


def test_rectification_states_need_their_dates() -> None:
    """Ordered needs a deadline, rectified its day; nothing needed has neither (003 art. 22)."""
    assert not Rectification().needed
    assert Rectification(state="责令整改", deadline=D(2024, 7, 1)).needed
    assert (
        RectificationState.RECTIFIED
        == Rectification(
            state="rectified", deadline=D(2024, 7, 1), rectified_on=D(2024, 6, 20)
        ).state
    )
    for fields, field in [
        ({"state": "ordered"}, "deadline"),
        ({"state": "rectified"}, "rectified_on"),
        ({"state": "none_needed", "deadline": D(2024, 7, 1)}, "deadline"),
        ({"state": "not_rectified", "rectified_on": D(2024, 7, 1)}, "rectified_on"),
    ]:
        assert_rejected(lambda f=fields: Rectification(**f), RuleViolationError, field)  # type: ignore[misc]
    assert_rejected(lambda: Rectification(state="fixed-ish"), ValidationError, "state")


def test_an_open_order_is_overdue_after_its_deadline() -> None:
    """An order still open the day after its deadline is overdue; a rectified one never."""
    order = Rectification(state="ordered", deadline=D(2024, 7, 1))
    assert (False, True) == (order.is_overdue(D(2024, 7, 1)), order.is_overdue(D(2024, 7, 2)))
    done = attrs.evolve(order, state="rectified", rectified_on=D(2024, 7, 5))
    assert not done.is_overdue(D(2025, 1, 1))
    assert_rejected(lambda: order.is_overdue("2024-07-02"), InvalidDateError, "on")  # type: ignore[arg-type]


def test_handling_decisions_need_what_makes_them_real() -> None:
    """A penalty needs its day (R6.8); a transfer or referral names who took it (004 §2(8))."""
    assert (
        Decision.TRANSFER == Handling(decision="移送主管部门", authority="消防救援大队").decision
    )
    assert_rejected(lambda: Handling(decision="penalty"), RuleViolationError, "decided_on")
    assert_rejected(lambda: Handling(decision="judicial"), RuleViolationError, "authority")
    assert_rejected(lambda: Handling(decision="shrug"), ValidationError, "decision")


def test_a_penalty_day_given_once_fills_the_other_place() -> None:
    """``penalty_decided_on`` and a penalty handling carry one day: either fills the other."""
    penalty = Handling(decision="penalty", decided_on=D(2024, 6, 20))
    assert D(2024, 6, 20) == result(handling=[penalty]).penalty_decided_on
    assert_rejected(
        lambda: result(handling=[penalty], penalty_decided_on=D(2024, 6, 21)),
        InvalidDateError,
        "penalty_decided_on",
    )


EARLY_ORDER = Rectification(state="ordered", deadline=D(2024, 5, 1))
EARLY_PENALTY = Handling(decision="penalty", decided_on=D(2024, 6, 1))
ORDER = Rectification(state="ordered", deadline=D(2024, 7, 1))
FINE = {"care": "compliant"}
WARNING = Handling(decision="warning")


@pytest.mark.parametrize(
    ("fields", "error", "field"),
    [
        ({"rectification": EARLY_ORDER}, InvalidDateError, "deadline"),
        ({"handling": [EARLY_PENALTY]}, InvalidDateError, "decided_on"),
        ({"outcomes": FINE, "handling": [WARNING]}, RuleViolationError, "handling"),
        ({"outcomes": FINE, "rectification": ORDER}, RuleViolationError, "rectification"),
        ({"handling": [Handling(), WARNING]}, RuleViolationError, "handling"),
        ({"findings": {"roof": "漏水"}}, ValidationError, "findings"),
        ({"handling": ["warning"]}, ValidationError, "handling"),
        ({"reported_on": D(2024, 6, 1)}, InvalidDateError, "reported_on"),
    ],
)  # fmt: skip
def test_follow_ups_that_contradict_the_result_are_refused(
    fields: dict[str, object], error: type[Exception], field: str
) -> None:
    """Follow-up before the inspection, or after no problem, or findings without outcomes."""
    assert_rejected(lambda: result(**fields), error, field)


def test_a_result_round_trips_through_plain_data() -> None:
    """``to_data`` then ``from_mapping`` gives the same result, follow-ups included."""
    full = result(
        findings={"fire": "消防通道堵塞"},
        evaluation="整改态度积极",
        rectification=Rectification(state="ordered", deadline=D(2024, 7, 1)),
        handling=[
            Handling(decision="penalty", decided_on=D(2024, 6, 20), basis="消防法第六十条"),
            Handling(decision="credit_record", decided_on=D(2024, 6, 21)),
        ],
    )
    assert full == Result.from_mapping(full.to_data())


PLAN = Plan(
    id="p1",
    year=2024,
    department="civil-affairs",
    items=[CheckItem(id="care", name="养老服务", department="civil-affairs")],
    ratios={"A": "5%", "B": "10%", "C": "15%", "D": "20%"},
)


def test_amend_plan_records_what_changed_why_and_who_approved() -> None:
    """The amended plan carries an Amendment with each changed field before and after (R5.6)."""
    amended = amend_plan(
        PLAN,
        reason="上级部署专项检查",
        approved_by="局务会",
        approved_on=D(2024, 5, 6),
        ratios={"A": "5%", "B": "10%", "C": "20%", "D": "30%"},
        unit="",  # unchanged: not recorded
    )
    (amendment,) = amended.amendments
    assert {"ratios"} == set(amendment.after)
    assert '{"A":"5%","B":"10%","C":"15%","D":"20%"}' == amendment.before["ratios"]
    assert '{"A":"5%","B":"10%","C":"20%","D":"30%"}' == amendment.after["ratios"]
    assert ("上级部署专项检查", "局务会") == (amendment.reason, amendment.approved_by)
    twice = amend_plan(
        amended, reason="r", approved_by="a", approved_on=D(2024, 6, 1), unit="二科"
    )
    assert 2 == len(twice.amendments)
    assert twice == Plan.from_mapping(twice.to_data())


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"id": "p2"}, "id"), ({"amendments": ()}, "amendments"), ({"colour": "red"}, "colour"),
     ({}, "changes"), ({"unit": ""}, "changes"), ({"ratios": {"A": "200%"}}, "ratios")],
)  # fmt: skip
def test_amend_plan_refuses_what_cannot_change(changes: dict[str, object], field: str) -> None:
    """The id and the amendments are fixed; an amendment must change something valid."""
    assert_rejected(
        lambda: amend_plan(
            PLAN, reason="r", approved_by="a", approved_on=D(2024, 5, 6), **changes
        ),
        ValidationError,
        field,
    )


def test_an_amendment_needs_its_approval() -> None:
    """No reason, no approver or no day: refused (R5.6)."""
    for missing in ("reason", "approved_by"):
        fields = {"reason": "r", "approved_by": "a", "approved_on": D(2024, 5, 6), missing: " "}
        assert_rejected(lambda f=fields: amend_plan(PLAN, **f, unit="x"), ValidationError, missing)  # type: ignore[misc]
    assert_rejected(
        lambda: Amendment(before={"a": "1"}, after={"b": "2"}, reason="r", approved_by="a",
                          approved_on=D(2024, 5, 6)),
        ValidationError, "after",
    )  # fmt: skip


TASKS = (
    Task(
        id="t1", plan_id="p1", subject_id="s1", items=("fire", "care"), department="d", year=2024
    ),
    Task(id="t2", plan_id="p1", subject_id="s2", items=("care",), department="d", year=2024),
)


def test_check_results_orders_results_by_task() -> None:
    """Valid results come back in the tasks' order; a task without result is left out."""
    second = Result(task_id="t2", subject_id="s2", outcomes={"care": "compliant"})
    assert (result(), second) == check_results([second, result()], TASKS)
    assert (second,) == check_results([second], TASKS)


@pytest.mark.parametrize(
    ("results", "error", "field"),
    [
        ([result(task_id="t9")], UnknownIdError, "task_id"),
        ([result(), result()], DuplicateIdError, "results"),
        ([result(subject_id="s2")], RuleViolationError, "subject_id"),
        ([result(outcomes={"fire": "compliant", "care": "compliant", "roof": "compliant"})],
         RuleViolationError, "outcomes"),
        ([result(outcomes={"fire": "compliant"})], ValidationError, "outcomes"),  # all items
        (["t1"], ValidationError, "results[0]"),
        ("t1", ValidationError, "results"),
    ],
)  # fmt: skip
def test_check_results_refuses_results_that_do_not_fit(
    results: object, error: type[Exception], field: str
) -> None:
    """Unknown task, two results for one task, another subject, a foreign item, a missing one."""
    assert_rejected(lambda: check_results(results, TASKS), error, field)  # type: ignore[arg-type]


class _FailingRows:
    """A cursor whose connection dropped: its iteration raises the driver's own error."""

    def __iter__(self) -> object:
        raise RuntimeError("connection lost")


def test_a_collection_that_fails_to_iterate_is_our_error_with_its_cause() -> None:
    """The caller's own iterator error comes back as ours, naming the argument, chained."""
    with pytest.raises(ValidationError, match="results") as caught:
        check_results(_FailingRows(), TASKS)  # type: ignore[arg-type]
    assert isinstance(caught.value.__cause__, RuntimeError)


def test_the_reporting_page_lists_every_category_in_order() -> None:
    """docs/reporting.md's table of categories is the enum: value, label and class, in order."""
    from pathlib import Path  # noqa: PLC0415

    page = (Path(__file__).parent.parent / "docs" / "reporting.md").read_text("utf-8")
    section = page.split("## The result categories", 1)[1].split("```", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("| `")
    ]
    classes = {
        "problem": "problem",
        "no problem": "no_problem",
        "not assessable": "not_assessable",
    }
    expected = [(o.value, o.label, o.category.value) for o in Outcome]
    found = [(v.strip("`"), label, classes[c.split(" (")[0]]) for v, label, c in rows]
    assert expected == found
