"""Public records of a campaign: the plan, the tasks and the results notices (R7.1-R7.3).

"一公开": a department publishes its plan (抽查计划公告), the drawn subjects with
their teams (抽查任务公告) and the results (抽查结果公告) (R7.1). Each function
here returns one such notice as plain JSON-compatible data (dicts, lists,
``str``, ``int``, ``bool``, ``None``), tagged with :data:`DISCLOSURE_VERSION`
and its kind, ready for ``json.dumps(record, ensure_ascii=False, allow_nan=False)``.

What a notice never carries (R7.2): an inspector's certificate number and
expiry, qualifications, declared conflicts and every inspector attribute
(gender, birth date, phone, ... live there); the reasons in the staffing log
(recusals, unavailability, why someone dropped out); a subject's grade, flags,
stratum and every attribute the draw's scope did not use; the free-text notes
of results, rectifications and handling decisions. The inspectors' findings
and evaluation may hold trade secrets, so they appear only when the caller
passes ``publish_findings=True``. The caller withholds more by naming fields
in ``confidential`` (national security, trade secrets, privacy: R7.2); a name
the notice does not have is an error, so a typo never leaks what it meant to
withhold. Refusals to cooperate and falsification always appear, by their
national label and the subject's id (R7.3). A joint plan publishes once: one
notice naming every department, one entry per subject covering every
department's items (R4.6, 004 §2(10)).

The fields of each notice, and the names ``confidential`` takes, are in
``docs/disclosure.md``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from randinspect._checks import check_collection, check_type, type_error
from randinspect._labels import ZH
from randinspect._result import RESULT_DATES
from randinspect._tablerows import NOTICE_COLUMNS, check_labels, notice_table
from randinspect.assignment import Assignment, StaffingAction
from randinspect.errors import (
    RandInspectError,
    RuleViolationError,
    UnknownIdError,
    ValidationError,
)
from randinspect.model import (
    Amendment,
    CheckItem,
    Decision,
    Handling,
    Inspector,
    Outcome,
    Period,
    Plan,
    RectificationState,
    Result,
    Task,
    format_ratio,
)
from randinspect.results import check_results
from randinspect.sampling import SubjectDraw

__all__ = [
    "DECISION_LABELS",
    "DISCLOSURE_VERSION",
    "NOTICE_COLUMNS",
    "RECTIFICATION_LABELS",
    "disclose_plan",
    "disclose_results",
    "disclose_tasks",
    "notice_rows",
]

DISCLOSURE_VERSION = "randinspect-disclosure/1"
"""The version of the notices' layout: every notice carries it as ``"disclosure"``."""

_TITLES = {"plan": "抽查计划公告", "tasks": "抽查任务公告", "results": "抽查结果公告"}

RECTIFICATION_LABELS = {
    state: ZH["RectificationState"][state.value] for state in RectificationState
}
"""Each rectification state's Chinese name, as published (002 §5; 003 art. 22)."""

DECISION_LABELS = {decision: ZH["Decision"][decision.value] for decision in Decision}
"""Each handling decision's Chinese name, as published (004 §2(8))."""

# --- the names `confidential` takes, per notice -------------------------------------------

_ITEM_TEXT = [
    "basis",
    "content",
    "method",
    "frequency",
    "responsible_unit",
    "qualification",
    "notes",
]
_PLAN_NAMES = frozenset(
    ["plan.unit", "plan.scope", "amendment.reason", *(f"item.{f}" for f in _ITEM_TEXT)]
)
_TASK_NAMES = frozenset(
    ["subject.name", "subject.attributes", "inspector.id", "task.replacements"]
)
_RESULT_NAMES = frozenset(
    [
        "subject.name",
        "result.findings",
        "result.evaluation",
        "handling.authority",
        "handling.basis",
    ]
)

# Fields every notice of the kind publishes, whatever the caller asks: name to the rule.
_PLAN_PUBLIC = {
    **dict.fromkeys(
        [
            "plan.id",
            "plan.year",
            "plan.department",
            "plan.partners",
            "plan.ratios",
            "plan.periods",
            "item.id",
            "item.name",
            "item.department",
        ],
        "R7.1",
    ),
    **dict.fromkeys(
        ["amendment.changes", "amendment.approved_by", "amendment.approved_on"], "R5.6"
    ),
    **dict.fromkeys(["draw.seed", "draw.fingerprint", "draw.strata"], "R7.6"),
}
_TASK_PUBLIC = dict.fromkeys(
    [
        "task.id",
        "task.period",
        "task.items",
        "task.team",
        "task.leader",
        "subject.id",
        "inspector.name",
        "inspector.department",
    ],
    "R7.1",
)
_RESULT_PUBLIC = {
    **dict.fromkeys(["result.outcome", "item.outcome", "subject.id", "result.task_id"], "R7.3"),
    **dict.fromkeys(["rectification.state", "handling.decision"], "R7.4"),
}


def _names(
    confidential: object,
    *,
    obj: str,
    kind: str,
    fixed: frozenset[str],
    families: Mapping[str, frozenset[str]],
    public: Mapping[str, str],
) -> frozenset[str]:
    """``confidential`` checked: each name one this notice has, and may withhold (R7.2).

    ``families`` maps a prefix such as ``"plan.scope."`` to the names that may
    follow it in this notice (the scope's attributes, the plan's item ids).
    """
    members: tuple[object, ...] = check_collection(
        confidential,
        obj=obj,
        field="confidential",
        what="field names",
        rule="R7.2",
        fix='pass names such as ["subject.name"]; docs/disclosure.md lists them',
    )
    names: set[str] = set()
    for index, member in enumerate(members):
        if not isinstance(member, str):
            raise type_error(
                member,
                str,
                obj=obj,
                field=f"confidential[{index}]",
                rule="R7.2",
                fix='name a field as text, e.g. "subject.name"',
            )
        names.add(str.__str__(member))
    for name in sorted(names):
        if name in fixed or any(
            name.startswith(prefix) and name[len(prefix) :] in allowed
            for prefix, allowed in families.items()
        ):
            continue
        if name in public:
            raise RuleViolationError(
                f"is published in every {_TITLES[kind]} and cannot be withheld",
                obj=obj,
                field="confidential",
                value=name,
                rule=public[name],
                fix=f"drop {name!r} from confidential",
            )
        shown = sorted(fixed) + [
            f"{prefix}<{'|'.join(sorted(a)[:8])}>" for prefix, a in families.items() if a
        ]
        raise UnknownIdError(
            f"names no field of the {_TITLES[kind]} ({kind} notice)",
            obj=obj,
            field="confidential",
            value=name,
            rule="R7.2",
            fix=f"name one of {shown}; a misspelt name would withhold nothing",
        )
    return frozenset(names)


def _header(kind: str, plan: Plan, withheld: Iterable[str]) -> dict[str, Any]:
    return {
        "disclosure": DISCLOSURE_VERSION,
        "kind": kind,
        "title": _TITLES[kind],
        "plan_id": plan.id,
        "year": plan.year,
        "department": plan.department,
        "departments": _departments(plan),
        "joint": plan.joint,
        "withheld": sorted(withheld),
    }


def _departments(plan: Plan) -> list[str]:
    """The initiating department first, then the partners in code point order (R4.6)."""
    return [plan.department, *sorted(plan.partners - {plan.department})]


def _period(period: Period | None) -> dict[str, Any] | None:
    if period is None:
        return None
    return {"name": period.name, "start": period.start.isoformat(), "end": period.end.isoformat()}


def _day(day: Any) -> str | None:
    return None if day is None else str(day.isoformat())


# --- the plan ---------------------------------------------------------------------------


def disclose_plan(
    plan: Plan, *, draw: SubjectDraw | None = None, confidential: Iterable[str] = ()
) -> dict[str, Any]:
    """The plan's public notice (抽查计划公告, R7.1), with the draw's public facts if given.

    One notice per plan: a joint plan names every department once and lists
    every department's check items (R4.6). It carries the check items (name,
    department, basis, subject type, content, method, minimum ratios,
    frequency, responsible unit, qualification, notes: R1.2), the scope of a
    directed draw (R3.1), the strata ratios (R2), the periods (R3.3), the
    team rule and cap policy, and every amendment: what changed, why, who
    approved it and when (R5.6). Given the draw, it adds what lets anyone
    re-run it (R7.6): the spec, seed, registry fingerprint and size, and per
    stratum the counts and the ratio, never the subjects' ids or grades.

    Args:
        plan: The plan.
        draw: The plan's subject draw, if made (its ``plan`` must be ``plan``).
        confidential: Names of fields to withhold (R7.2): ``"plan.unit"``,
            ``"plan.scope"`` or ``"plan.scope.<attribute>"``,
            ``"item.<field>"`` for a text field of every check item (basis,
            content, method, frequency, responsible_unit, qualification,
            notes), ``"amendment.reason"``. A withheld field is ``None`` (a
            withheld scope attribute is left out), the name is listed under
            ``"withheld"``, and an amendment's change of a withheld field
            shows the field's name only.

    Returns:
        The notice as plain data.

    Raises:
        ValidationError: ``plan`` is not a Plan, ``draw`` not a SubjectDraw,
            or ``confidential`` is not a collection of text.
        RuleViolationError: ``draw`` was made for another plan (or another
            version of this one); ``confidential`` names a field every plan
            notice publishes (R7.1, R5.6, R7.6).
        UnknownIdError: ``confidential`` names a field the notice does not have.
    """
    obj = "disclose_plan"
    check_type(plan, Plan, obj=obj, field="plan", fix="pass the Plan to publish")
    if draw is not None:
        check_type(
            draw,
            SubjectDraw,
            obj=obj,
            field="draw",
            fix="pass the plan's draw_subjects(...) result, or None",
        )
        if draw.plan != plan:
            raise RuleViolationError(
                f"was made for plan {draw.plan.id!r} as it stood then, not this plan",
                obj=obj,
                field="draw",
                value=draw.plan.id,
                rule="R5.6",
                fix="publish draw.plan with its draw; an amended plan needs a new draw",
            )
    names = _names(
        confidential,
        obj=obj,
        kind="plan",
        fixed=_PLAN_NAMES,
        families={"plan.scope.": frozenset(plan.scope)},
        public=_PLAN_PUBLIC,
    )
    record = _header("plan", plan, names)
    record["partners"] = sorted(plan.partners)
    record["unit"] = None if "plan.unit" in names else plan.unit
    record["items"] = [_item(item, names) for item in plan.items]
    if "plan.scope" in names:
        record["scope"] = None
    else:
        record["scope"] = {
            attribute: sorted(allowed)
            for attribute, allowed in sorted(plan.scope.items())
            if f"plan.scope.{attribute}" not in names
        }
    record["ratios"] = {grade.value: format_ratio(ratio) for grade, ratio in plan.ratios.items()}
    record["boost"] = None if plan.boost is None else plan.boost.to_data()
    record["relief"] = None if plan.relief is None else plan.relief.to_data()
    record["periods"] = [_period(p) for p in plan.periods]
    record["team"] = plan.team.to_data()
    record["caps"] = plan.caps.to_data()
    record["amendments"] = [_amendment(a, names) for a in plan.amendments]
    record["draw"] = None if draw is None else _draw_facts(draw)
    return record


def _item(item: CheckItem, names: frozenset[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "name": item.name, "department": item.department}
    for field in ("basis", "subject_type", "content", "method"):
        data[field] = None if f"item.{field}" in names else getattr(item, field)
    data["min_ratios"] = {g.value: format_ratio(r) for g, r in item.min_ratios.items()}
    for field in ("frequency", "responsible_unit", "qualification", "notes"):
        data[field] = None if f"item.{field}" in names else getattr(item, field)
    return data


def _withholds_field(field: str, names: frozenset[str]) -> bool:
    """Whether an amendment's change of plan field ``field`` would show something withheld."""
    if field == "scope":
        return any(n == "plan.scope" or n.startswith("plan.scope.") for n in names)
    if field == "items":
        return any(n.startswith("item.") for n in names)
    return field == "unit" and "plan.unit" in names


def _amendment(amendment: Amendment, names: frozenset[str]) -> dict[str, Any]:
    changes = []
    for field in sorted(amendment.after):
        if _withholds_field(field, names):
            changes.append({"field": field, "before": None, "after": None, "withheld": True})
        else:
            changes.append(
                {
                    "field": field,
                    "before": _loads(amendment.before[field]),
                    "after": _loads(amendment.after[field]),
                    "withheld": False,
                }
            )
    return {
        "changes": changes,
        "reason": None if "amendment.reason" in names else amendment.reason,
        "approved_by": amendment.approved_by,
        "approved_on": amendment.approved_on.isoformat(),
    }


def _loads(text: str) -> Any:
    """An amendment's canonical JSON text (written by ``amend_plan``) as plain data."""
    try:
        return json.loads(text)
    except ValueError:  # an Amendment built by hand with text that is not JSON
        return text


def _draw_facts(draw: SubjectDraw) -> dict[str, Any]:
    return {
        "spec": draw.spec,
        "seed": draw.seed.hex,
        "registry_fingerprint": draw.fingerprint,
        "registry_size": len(draw.registry),
        "out_of_scope": draw.out_of_scope,
        "excluded": sum(len(s.excluded) for s in draw.strata),
        "drawn": sum(len(s.drawn) for s in draw.strata),
        "strata": [
            {
                "name": s.name,
                "ratio": format_ratio(s.ratio),
                "in_scope": s.in_scope,
                "eligible": s.eligible,
                "required": s.required,
                "drawn": len(s.drawn),
                "shortfall": s.shortfall,
            }
            for s in draw.strata
        ],
    }


# --- the tasks ----------------------------------------------------------------------


def _check_assignment(assignment: object, obj: str) -> Assignment:
    if not isinstance(assignment, Assignment):
        raise type_error(
            assignment,
            Assignment,
            obj=obj,
            field="assignment",
            rule="R7.1",
            fix="pass the assign_inspectors(...) result (after any replace_inspector)",
        )
    return assignment


def _published_attributes(plan: Plan) -> frozenset[str]:
    """The subject attributes the draw's scope used: the filter's, and ``type`` (R3.1)."""
    used = set(plan.scope)
    if any(item.subject_type is not None for item in plan.items):
        used.add("type")
    return frozenset(used)


def disclose_tasks(assignment: Assignment, *, confidential: Iterable[str] = ()) -> dict[str, Any]:
    """The tasks' public notice (抽查任务公告, R7.1): who is inspected, when, and by whom.

    Per task, in the order of task ids (so of subject ids): its id, the
    subject (id, name, and the attributes the draw's scope used: the
    directed filter's and the type the check items apply to, R3.1), the
    period (R3.3), the check items of every department (R4.6, R4.7) and the
    team: each member's id, name and department, and who leads (R4.5), the
    leader first, then by the plan's departments and id (the draw order
    stays in the assignment's record). A replacement after publication
    (R4.4) shows who left and who joined, without the reason. The team
    draw's seed and the roster's fingerprint let anyone re-run the
    staffing (R7.6).

    Never published (R7.2): inspectors' certificate numbers, qualifications,
    conflicts and attributes; the recusals, skips and unavailability of the
    log and their reasons; subjects' grades, flags and other attributes.

    Args:
        assignment: The assignment, after any replacements.
        confidential: Names of fields to withhold (R7.2): ``"subject.name"``,
            ``"subject.attributes"`` or ``"subject.attributes.<name>"`` (an
            attribute of a drawn subject or of the scope), ``"inspector.id"``,
            ``"task.replacements"``. A withheld field is ``None`` (a withheld
            attribute is left out) and the name is listed under ``"withheld"``.

    Returns:
        The notice as plain data.

    Raises:
        ValidationError: ``assignment`` is not an Assignment, or
            ``confidential`` is not a collection of text.
        RuleViolationError: ``confidential`` names a field every tasks
            notice publishes (R7.1).
        UnknownIdError: ``confidential`` names a field the notice does not have.
    """
    obj = "disclose_tasks"
    assignment = _check_assignment(assignment, obj)
    plan = assignment.plan
    registry = assignment.draw.registry
    tasks = sorted(assignment.tasks, key=_task_id)
    subjects = [registry[task.subject_id] for task in tasks]
    held = set(_published_attributes(plan))
    for subject in subjects:
        held.update(subject.attributes)
    names = _names(
        confidential,
        obj=obj,
        kind="tasks",
        fixed=_TASK_NAMES,
        families={"subject.attributes.": frozenset(held)},
        public=_TASK_PUBLIC,
    )
    shown = (
        frozenset()
        if "subject.attributes" in names
        else frozenset(
            a for a in _published_attributes(plan) if f"subject.attributes.{a}" not in names
        )
    )
    roster = _Roster(assignment)
    replaced: dict[str, list[dict[str, Any]]] = {}
    for entry in assignment.log:
        if entry.action is StaffingAction.REPLACED and entry.task_id is not None:
            replaced.setdefault(entry.task_id, []).append(
                {
                    "left": _person(roster[entry.inspector_id], names),
                    "joined": None
                    if entry.other_id is None
                    else _person(roster[entry.other_id], names),
                }
            )
    rank = {department: n for n, department in enumerate(_departments(plan))}
    record = _header("tasks", plan, names)
    record["staffing"] = {
        "procedure": assignment.procedure,
        "seed": assignment.seed.hex,
        "draw_seed": assignment.draw.seed.hex,
        "registry_fingerprint": assignment.registry_fingerprint,
        "roster_fingerprint": assignment.roster_fingerprint,
    }
    record["items"] = [
        {"id": item.id, "name": item.name, "department": item.department} for item in plan.items
    ]
    record["tasks"] = [
        {
            "id": task.id,
            "subject": {
                "id": subject.id,
                "name": None if "subject.name" in names else subject.name,
                "attributes": None
                if "subject.attributes" in names
                else {k: v for k, v in sorted(subject.attributes.items()) if k in shown},
            },
            "period": _period(task.period),
            "items": list(task.items),
            "team": [
                {**_person(roster[i], names), "leader": i == task.leader}
                for i in _team_order(task, roster, rank)
            ],
            "replacements": None if "task.replacements" in names else replaced.get(task.id, []),
        }
        for task, subject in zip(tasks, subjects, strict=True)
    ]
    return record


def _task_id(task: Task) -> str:
    return task.id


def _team_order(task: Task, roster: _Roster, rank: Mapping[str, int]) -> list[str]:
    """A team as a notice lists it: the leader, then by the plan's departments, then by id."""

    def place(inspector_id: str) -> tuple[bool, int, str]:
        department = roster[inspector_id].department
        return (inspector_id != task.leader, rank.get(department, len(rank)), inspector_id)

    return sorted(task.inspectors, key=place)


class _Roster:
    """The assignment's roster by id; an id it lacks is the assignment's fault, named."""

    def __init__(self, assignment: Assignment) -> None:
        self._by_id = {inspector.id: inspector for inspector in assignment.roster}
        self._plan = assignment.plan.id

    def __getitem__(self, inspector_id: str) -> Inspector:
        inspector = self._by_id.get(inspector_id)
        if inspector is None:
            raise UnknownIdError(
                "names an inspector its roster does not hold",
                obj=f"Assignment of plan {self._plan!r}",
                field="roster",
                value=inspector_id,
                rule="R7.6",
                fix="pass the assignment as assign_inspectors and replace_inspector built it",
            )
        return inspector


def _person(inspector: Inspector, names: frozenset[str]) -> dict[str, Any]:
    """An inspector as published: id, name and department, nothing else (R7.2)."""
    return {
        "id": None if "inspector.id" in names else inspector.id,
        "name": inspector.name,
        "department": inspector.department,
    }


# --- the results ----------------------------------------------------------------------


def disclose_results(
    assignment: Assignment,
    results: Iterable[Result],
    *,
    confidential: Iterable[str] = (),
    publish_findings: bool = False,
) -> dict[str, Any]:
    """The results' public notice (抽查结果公告, R7.1, R7.3), one entry per subject inspected.

    The results are first checked against the assignment's tasks
    (:func:`~randinspect.results.check_results`). A joint inspection
    publishes once: its one entry covers every department's items (R4.6,
    004 §2(10)). Per result, in the order of task ids: the task, the subject (id,
    name), the overall outcome by its national label (:attr:`Outcome.label`),
    its class and whether it is a problem; per check item its department,
    outcome label and the day its result came in; the rectification (state,
    deadline, day rectified); the handling decisions (decision, day,
    authority, legal basis); and the dates (inspected, reported, fed back,
    received, comments, published, penalty decided and published, handled).
    A refusal to cooperate or a falsification always appears, by label and
    subject id (R7.3): outcomes cannot be withheld. ``counts`` gives the
    tasks, the results, those still pending, the problems, refusals and
    falsifications.

    The inspectors' findings and evaluation are free text that may hold
    trade secrets or personal details (R7.2): they are withheld unless
    ``publish_findings`` is true, and then each item's findings can still be
    withheld by name. Notes are never published.

    Args:
        assignment: The assignment whose tasks the results are for.
        results: The results recorded, at most one per task (tasks without
            one count as pending).
        confidential: Names of fields to withhold (R7.2): ``"subject.name"``,
            ``"result.findings"`` or ``"result.findings.<item id>"``,
            ``"result.evaluation"``, ``"handling.authority"``,
            ``"handling.basis"``. A withheld field is ``None`` and the name
            is listed under ``"withheld"``.
        publish_findings: Whether to publish the findings and the evaluation.

    Returns:
        The notice as plain data.

    Raises:
        ValidationError: ``assignment`` is not an Assignment, ``results`` not
            a collection of Result, ``confidential`` not a collection of text,
            ``publish_findings`` not a bool, or a result leaves an item of its
            task without an outcome.
        DuplicateIdError: two results for one task (R4.6: publish once).
        UnknownIdError: a result for a task the assignment does not have;
            ``confidential`` names a field the notice does not have.
        RuleViolationError: a result names another subject than its task's,
            or an item its task does not have; ``confidential`` names a field
            every results notice publishes (R7.3, R7.4).
    """
    obj = "disclose_results"
    assignment = _check_assignment(assignment, obj)
    check_type(
        publish_findings,
        bool,
        obj=obj,
        field="publish_findings",
        rule="R7.2",
        fix="pass True to publish findings and evaluations, False to withhold them",
    )
    plan = assignment.plan
    names = set(
        _names(
            confidential,
            obj=obj,
            kind="results",
            fixed=_RESULT_NAMES,
            families={"result.findings.": frozenset(item.id for item in plan.items)},
            public=_RESULT_PUBLIC,
        )
    )
    tasks = assignment.tasks
    checked = check_results(results, tasks)
    if not publish_findings:
        names.update({"result.findings", "result.evaluation"})
    withheld = frozenset(names)
    registry = assignment.draw.registry
    items = {item.id: item for item in plan.items}
    by_task = {task.id: task for task in tasks}
    entries = [
        _result(result, by_task[result.task_id], registry[result.subject_id].name, items, withheld)
        for result in sorted(checked, key=_result_task_id)
    ]
    record = _header("results", plan, withheld)

    def having(outcome: Outcome) -> int:
        return sum(1 for r in checked if outcome in r.outcomes.values())

    record["counts"] = {
        "tasks": len(tasks),
        "results": len(checked),
        "pending": len(tasks) - len(checked),
        "problems": sum(1 for r in checked if r.is_problem),
        "refused": having(Outcome.REFUSED),
        "falsified": having(Outcome.FALSIFIED),
    }
    record["results"] = entries
    return record


def _result_task_id(result: Result) -> str:
    return result.task_id


def _result(
    result: Result,
    task: Task,
    subject_name: str,
    items: Mapping[str, CheckItem],
    names: frozenset[str],
) -> dict[str, Any]:
    outcome = result.outcome
    all_findings = "result.findings" in names
    rectification = result.rectification
    return {
        "task_id": result.task_id,
        "subject": {
            "id": result.subject_id,
            "name": None if "subject.name" in names else subject_name,
        },
        "outcome": None if outcome is None else outcome.label,
        "category": result.category.value,
        "problem": result.is_problem,
        "items": [
            {
                "id": item_id,
                "name": items[item_id].name,
                "department": items[item_id].department,
                "outcome": result.outcomes[item_id].label,
                "result_on": _day(result.item_dates.get(item_id)),
                "findings": None
                if all_findings or f"result.findings.{item_id}" in names
                else result.findings.get(item_id),
            }
            for item_id in task.items
        ],
        "evaluation": None if "result.evaluation" in names else result.evaluation,
        "rectification": {
            "state": rectification.state.value,
            "label": RECTIFICATION_LABELS[rectification.state],
            "deadline": _day(rectification.deadline),
            "rectified_on": _day(rectification.rectified_on),
        },
        "handling": [_handling(h, names) for h in result.handling],
        "dates": {field: _day(getattr(result, field)) for field in RESULT_DATES},
    }


def _handling(handling: Handling, names: frozenset[str]) -> dict[str, Any]:
    return {
        "decision": handling.decision.value,
        "label": DECISION_LABELS[handling.decision],
        "decided_on": _day(handling.decided_on),
        "authority": None if "handling.authority" in names else handling.authority,
        "basis": None if "handling.basis" in names else handling.basis,
    }


# --- a notice as rows -------------------------------------------------------------------


def notice_rows(notice: Mapping[str, Any], *, labels: str | None = None) -> list[dict[str, Any]]:
    """A published notice as flat rows (R7.1): one per check item, team member or item result.

    - a plan notice (:func:`disclose_plan`): one row per check item;
    - a tasks notice (:func:`disclose_tasks`): one row per team member of
      each task, the leader first, with the subject's published attributes
      as columns after the notice's own (``NOTICE_COLUMNS[kind]`` lists those);
    - a results notice (:func:`disclose_results`): one row per check item of
      each result, the result's cells repeated on each.

    What the notice withheld stays withheld (``None``); the rows carry
    nothing the notice does not. Outcomes are their values (``compliant``)
    or, with ``labels="zh"``, their national labels as published
    (未发现问题); rectification states and decisions likewise.

    Args:
        notice: What ``disclose_plan``, ``disclose_tasks`` or ``disclose_results`` returned
            (or its JSON read back).
        labels: ``"zh"`` for the Chinese labels, ``"en"`` or ``None`` for the values.

    Raises:
        ValidationError: ``notice`` is not such a notice, or ``labels`` is not
            ``"en"``, ``"zh"`` or ``None``.
    """
    obj = "notice_rows"
    lab = check_labels(labels, obj=obj)
    kind = notice.get("kind") if isinstance(notice, Mapping) else None
    if (
        not isinstance(notice, Mapping)
        or notice.get("disclosure") != DISCLOSURE_VERSION
        or not isinstance(kind, str)
        or kind not in _TITLES
    ):
        raise ValidationError(
            f"is not a notice of {DISCLOSURE_VERSION} (a {type(notice).__name__})",
            obj=obj,
            field="notice",
            value=notice,
            rule="R7.1",
            fix="pass what disclose_plan, disclose_tasks or disclose_results returned",
        )
    try:
        return notice_table(notice, kind, lab)
    except (KeyError, TypeError, AttributeError, RandInspectError):
        raise ValidationError(
            f"is not laid out as a {kind} notice of {DISCLOSURE_VERSION} (a field is missing"
            " or malformed)",
            obj=obj,
            field="notice",
            value=notice.get("plan_id"),
            rule="R7.1",
            fix=f"pass the disclose_{kind}(...) result unchanged, or its JSON read back",
        ) from None
