"""Results as flat rows for DataFrames and databases: the one place that flattens (private).

Each table's columns are listed once (:data:`COLUMNS`, which the tests hold
every table's rows to), the draw's and the assignment's tables are made here,
and every table's cells (here, in ``reporting`` and ``_estimate``) are made
with the writers here, the same way everywhere:

- a row is a ``dict`` of ``str``, ``int``, ``bool``, ``float`` (an interval's
  ends only) and ``None``: ``json.dumps(rows, allow_nan=False)`` takes it;
- every row of a table has the same columns, in the same order;
- an enum is its value (``"C"``, ``"blacklisted"``) or, with ``labels="zh"``,
  its Chinese label (``"中高"``, ``"失信"``: ``_labels.ZH``), which the enums'
  parsers, and so the loaders, read back; a stratum named after a grade is
  labelled as the grade;
- a set or a sequence of ids or flags is ``;``-separated text (``""`` for
  none), as the loaders read it; a date is ISO text; a ratio is
  :func:`~randinspect.model.format_ratio` text (``"5%"``) and any other
  exact number ``"p/q"`` text;
- a period is three columns: ``period`` (its name), ``period_start`` and
  ``period_end``; :func:`~randinspect.loading.load_history` reads them back;
- a subject's attributes are one column each, named after the attribute,
  after the table's own columns, in code point order over all the subjects of
  the table (``None`` where a subject has none); an attribute named like
  one of the table's own columns is written as ``attributes.<name>``.

The functions here read the results by their public attributes only (they
sit below the modules that define most of them), so they take them as ``Any``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import attrs

from randinspect._checks import check_collection, type_name
from randinspect._labels import LABEL_CHOICES, ZH
from randinspect._result import RESULT_DATES
from randinspect._values import format_ratio
from randinspect.errors import ValidationError
from randinspect.model import (
    Decision,
    Outcome,
    OutcomeClass,
    Period,
    RectificationState,
    Subject,
    Task,
)

Row = dict[str, Any]

# --- the columns of every table --------------------------------------------------------------

_PERIOD = ("period", "period_start", "period_end")
_STRATA = (
    "stratum",
    "ratio",
    "in_scope",
    "eligible",
    "required",
    "drawn",
    "shortfall",
    "excluded",
    "inclusion_probability",
    "cutoff",
)
"""A draw's stratum columns, shared by the draw's and the campaign's strata tables."""

SUBJECT_COLUMNS = ("subject_id", "name", "grade", "flags")
"""The columns a subject brings to a row, before its attributes."""

TASK_COLUMNS = (
    "id",
    "plan_id",
    "subject_id",
    "items",
    "inspectors",
    "leader",
    *_PERIOD,
    "department",
    "unit",
    "partners",
    "kind",
    "on",
    "year",
)
"""A task's row: :func:`~randinspect.loading.load_history` reads it back as the same Task."""

COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "draw.subjects": (
            *SUBJECT_COLUMNS,
            "fate",
            "stratum",
            "key",
            *_PERIOD,
            "detail",
        ),
        "draw.strata": _STRATA,
        "exclusions": ("subject_id", "reason", "tasks", "detail"),
        "assignment.teams": (
            "task_id",
            "subject_id",
            *_PERIOD,
            "position",
            "inspector_id",
            "department",
            "leader",
        ),
        "assignment.loads": (
            "inspector_id",
            "name",
            "department",
            "unit",
            "can_lead",
            "load",
            "leads",
        ),
        "assignment.log": (
            "action",
            "task_id",
            "inspector_id",
            "reason",
            "detail",
            "other_id",
            "other_task_id",
            "rule",
        ),
        "tasks": TASK_COLUMNS,
        "deadlines": (
            "rule",
            "name",
            "source",
            "task_id",
            "plan_id",
            "counted_from",
            "working_days",
            "due",
            "done_by",
            "done_on",
            "party",
            "met",
        ),
        "overdue": (
            "rule",
            "name",
            "source",
            "task_id",
            "plan_id",
            "counted_from",
            "working_days",
            "due",
            "done_by",
            "party",
            "on",
            "done_on",
            "open",
            "working_days_late",
            "days_late",
        ),
        "campaign.strata": ("plan_id", *_STRATA),
        "report.strata": (
            "plan_id",
            "stratum",
            "ratio",
            "in_scope",
            "eligible",
            "required",
            "drawn",
            "inspected",
            "missing",
            "assessable",
            "not_assessable",
            "problems",
            "problem_rate",
            "ratio_achieved",
            "ratio_met",
            "rectification_overdue",
            "overdue",
            "estimate",
            "estimate_low",
            "estimate_high",
            "confidence",
        ),
        "report.counts": ("plan_id", "stratum", "count_of", "value", "count"),
        "inspection": (
            "task_id",
            "plan_id",
            "subject_id",
            "department",
            "unit",
            "inspectors",
            "leader",
            *_PERIOD,
            "inspected_on",
            "results_complete_on",
            "reported_on",
            "report_due",
            "outcome",
            "category",
            "evaluation",
            "rectification",
            "rectification_deadline",
            "rectified_on",
            "handling",
            "item_id",
            "item_name",
            "item_department",
            "item_outcome",
            "item_category",
            "finding",
            "result_on",
        ),
        "annual.summary": (
            "year",
            "plans",
            "subjects_drawn",
            "distinct_subjects",
            "inspectors_drawn",
            "inspections",
            "feedback_sent",
            "feedback_received",
            "comments",
            "published",
            "credit_entries",
            "due",
        ),
        "annual.counts": ("year", "count_of", "value", "count"),
        "credit": (
            "subject_id",
            "date",
            "decision",
            "task_id",
            "plan_id",
            "department",
            "outcome",
            "authority",
        ),
    }
)
"""Each table's own columns, in order (a subject's attribute columns follow them); read-only."""

# --- labels, arguments and cells ----------------------------------------------------------------


@attrs.frozen
class Labels:
    """How a table writes enum values: as the values (``en``) or the Chinese labels (``zh``).

    Attributes:
        zh: Whether to write the Chinese labels.
    """

    zh: bool

    def of(self, member: enum.Enum | None) -> str | None:
        """An enum member as a cell: its value or its Chinese label; ``None`` stays ``None``."""
        if member is None:
            return None
        value: str = member.value
        return ZH[type(member).__name__][value] if self.zh else value

    def word(self, vocabulary: str, value: str | None) -> str | None:
        """A value of a vocabulary that is not an enum (``party``), labelled if asked."""
        if value is None or not self.zh:
            return value
        return ZH[vocabulary].get(value, value)

    def stratum(self, name: str | None) -> str | None:
        """A stratum's name: a grade's labelled as the grade (低 ... 高), the others as theirs."""
        if name is None or not self.zh:
            return name
        grades = ZH["Grade"]
        return grades[name] if name in grades else ZH["stratum"].get(name, name)

    def flags(self, members: Iterable[enum.Enum]) -> str:
        """A set of flags as ``;``-separated text, in the order of their values."""
        return joined(str(self.of(m)) for m in sorted(members, key=_value))


EN = Labels(zh=False)
"""The enums' values."""
CHINESE = Labels(zh=True)
"""The Chinese labels of ``_labels.ZH``."""


# --- the arguments: labels and table ----------------------------------------------------------


def check_labels(labels: object, *, obj: str) -> Labels:
    """The :class:`Labels` ``labels`` asks for; a ValidationError naming the fix if bad.

    ``None`` and ``"en"`` give the enums' values (:data:`EN`), ``"zh"`` the
    Chinese labels (:data:`CHINESE`).
    """
    if labels is None:
        return EN
    if isinstance(labels, str) and str.__str__(labels) in LABEL_CHOICES:
        return CHINESE if str.__str__(labels) == "zh" else EN
    raise ValidationError(
        f"must be 'en' or 'zh' (or None){_what(labels)}",
        obj=obj,
        field="labels",
        value=labels,
        fix="pass labels='zh' for the Chinese labels (中高, 失信, 未发现问题, ...), or"
        " leave it out for the enums' values ('en')",
    )


def _what(value: object) -> str:
    """``", not a <type>"`` for a refused argument that is not text (text is shown as given)."""
    return "" if isinstance(value, str) else f", not a {type_name(value)}"


def check_table(table: object, tables: Sequence[str], *, obj: str) -> str:
    """``table`` if it names one of ``tables``; a ValidationError naming them if not."""
    if isinstance(table, str) and str.__str__(table) in tables:
        return str.__str__(table)
    raise ValidationError(
        f"names no table of this result (it has {list(tables)}){_what(table)}",
        obj=obj,
        field="table",
        value=table,
        fix=f"pass table= one of {list(tables)}; the default is {tables[0]!r}",
    )


def joined(values: Iterable[str]) -> str:
    """Ids (or labels) as ``;``-separated text, as the loaders read them; ``""`` for none."""
    return ";".join(values)


def _value(member: enum.Enum) -> str:
    text: str = member.value
    return text


def day(value: dt.date | None) -> str | None:
    """A date as ISO text, or ``None``."""
    return None if value is None else value.isoformat()


def ratio(value: Fraction | None) -> str | None:
    """A sampling ratio as :func:`format_ratio` text (``"5%"``), or ``None``."""
    return None if value is None else format_ratio(value)


def exact(value: Fraction | None) -> str | None:
    """Another exact number as ``"p/q"`` text (``"3"`` when whole), or ``None``."""
    return None if value is None else str(value)


def period(value: Period | None) -> Row:
    """A period's three cells: name, first and last day."""
    if value is None:
        return dict.fromkeys(_PERIOD)
    return {"period": value.name, "period_start": day(value.start), "period_end": day(value.end)}


def subject(value: Subject, labels: Labels) -> Row:
    """A subject's own cells: id, name, grade, flags (:func:`with_attributes` adds the rest)."""
    return {
        "subject_id": value.id,
        "name": value.name,
        "grade": labels.of(value.grade),
        "flags": labels.flags(value.flags),
    }


def attribute_columns(subjects: Iterable[Subject], taken: Iterable[str]) -> list[tuple[str, str]]:
    """(attribute, column) for every attribute of ``subjects``, in code point order.

    The column is the attribute's name, or ``attributes.<name>`` when the
    table already has a column of that name (``taken``).
    """
    names: set[str] = set()
    for member in subjects:
        names.update(member.attributes)
    own = set(taken)
    return [(n, f"attributes.{n}" if n in own else n) for n in sorted(names)]


def with_attributes(row: Row, value: Subject, columns: Sequence[tuple[str, str]]) -> Row:
    """``row`` with one cell per attribute column (``None`` where the subject has none)."""
    attributes = value.attributes
    for name, column in columns:
        row[column] = attributes.get(name)
    return row


def task(value: Task, labels: Labels) -> Row:
    """A task as one row of :data:`TASK_COLUMNS`."""
    return {
        "id": value.id,
        "plan_id": value.plan_id,
        "subject_id": value.subject_id,
        "items": joined(value.items),
        "inspectors": joined(value.inspectors),
        "leader": value.leader,
        **period(value.period),
        "department": value.department,
        "unit": value.unit,
        "partners": joined(sorted(value.partners)),
        "kind": labels.of(value.kind),
        "on": day(value.on),
        "year": value.year,
    }


def tasks(values: Iterable[Task], labels: Labels) -> list[Row]:
    """Tasks as rows of :data:`TASK_COLUMNS`, in the order given."""
    return [task(value, labels) for value in values]


# --- the draw, its strata and exclusions ------------------------------------------------------

DRAW_TABLES = ("subjects", "strata", "exclusions")
"""The tables of a :class:`~randinspect.sampling.SubjectDraw`; the first is the default."""


def draw_rows(draw: Any, *, table: object = "subjects", labels: object = None) -> list[Row]:
    """A SubjectDraw's table: ``subjects``, ``strata`` or ``exclusions``.

    ``subjects``: one row per registry subject in the registry's canonical
    order (its id, name, grade, flags, fate, stratum, key, period and the
    fate's detail, then its attributes); ``strata``: one row per stratum;
    ``exclusions``: one row per subject the yearly cap left out, in id order.
    """
    obj = f"SubjectDraw of plan {draw.plan.id!r}"
    lab = check_labels(labels, obj=obj)
    name = check_table(table, DRAW_TABLES, obj=obj)
    if name == "strata":
        return [stratum_row(s, lab) for s in draw.strata]
    if name == "exclusions":
        return [exclusion_row(e, lab) for e in draw.excluded]
    own = COLUMNS["draw.subjects"]
    registry = draw.registry
    columns = attribute_columns(registry, own)
    rows = []
    for member, fate in zip(registry, draw.fates(), strict=True):
        row = subject(member, lab)
        row["fate"] = lab.of(fate.fate)
        row["stratum"] = lab.stratum(fate.stratum)
        row["key"] = fate.key
        row.update(period(fate.period))
        row["detail"] = fate.detail
        rows.append(with_attributes(row, member, columns))
    return rows


def stratum_row(value: Any, labels: Labels) -> Row:
    """A StratumDraw as one row of ``draw.strata``."""
    return {
        "stratum": labels.stratum(value.name),
        "ratio": ratio(value.ratio),
        "in_scope": value.in_scope,
        "eligible": value.eligible,
        "required": value.required,
        "drawn": len(value.drawn),
        "shortfall": value.shortfall,
        "excluded": len(value.excluded),
        "inclusion_probability": exact(value.inclusion_probability),
        "cutoff": value.cutoff,
    }


def exclusion_row(value: Any, labels: Labels) -> Row:
    """An Exclusion as one row of ``exclusions``."""
    return {
        "subject_id": value.subject_id,
        "reason": labels.of(value.reason),
        "tasks": joined(value.tasks),
        "detail": value.detail,
    }


# --- staffing -------------------------------------------------------------------------------

ASSIGNMENT_TABLES = ("teams", "loads", "log", "tasks")
"""The tables of an :class:`~randinspect.staffing.Assignment`; the first is the default."""


def assignment_rows(
    assignment: Any, *, table: object = "teams", labels: object = None
) -> list[Row]:
    """An Assignment's table: ``teams``, ``loads``, ``log`` or ``tasks``.

    ``teams``: one row per team place (task, subject, period, the member's
    position in the team's draw order from 1, inspector, department, whether
    it leads); ``loads``: one row per roster inspector in the roster's order,
    with the tasks it carries and leads; ``log``: one row per log entry, in
    order; ``tasks``: one row per task (:data:`TASK_COLUMNS`).
    """
    obj = f"Assignment of plan {assignment.plan.id!r}"
    lab = check_labels(labels, obj=obj)
    name = check_table(table, ASSIGNMENT_TABLES, obj=obj)
    if name == "loads":
        leads: dict[str, int] = {}
        for leader in assignment.leaders:
            if leader is not None:
                leads[leader] = leads.get(leader, 0) + 1
        return [
            {
                "inspector_id": i.id,
                "name": i.name,
                "department": i.department,
                "unit": i.unit,
                "can_lead": i.can_lead,
                "load": assignment.loads.get(i.id, 0),
                "leads": leads.get(i.id, 0),
            }
            for i in assignment.roster
        ]
    if name == "log":
        return [
            {
                "action": lab.of(e.action),
                "task_id": e.task_id,
                "inspector_id": e.inspector_id,
                "reason": lab.of(e.reason),
                "detail": e.detail,
                "other_id": e.other_id,
                "other_task_id": e.other_task_id,
                "rule": e.rule,
            }
            for e in assignment.log
        ]
    if name == "tasks":
        return tasks(assignment.tasks, lab)
    departments = {i.id: i.department for i in assignment.roster}
    rows = []
    for task_id, drawn, team, leader in zip(
        assignment.task_ids,
        assignment.draw.drawn,
        assignment.teams,
        assignment.leaders,
        strict=True,
    ):
        when = period(drawn.period)
        for position, inspector_id in enumerate(team, start=1):
            rows.append(
                {
                    "task_id": task_id,
                    "subject_id": drawn.subject.id,
                    **when,
                    "position": position,
                    "inspector_id": inspector_id,
                    "department": departments[inspector_id],
                    "leader": inspector_id == leader,
                }
            )
    return rows


# --- deadlines ------------------------------------------------------------------------------


def deadline_row(value: Any, labels: Labels) -> Row:
    """A Deadline as one row of ``deadlines``."""
    return {
        "rule": value.rule,
        "name": value.name,
        "source": value.source,
        "task_id": value.task_id,
        "plan_id": value.plan_id,
        "counted_from": day(value.counted_from),
        "working_days": value.working_days,
        "due": day(value.due),
        "done_by": value.done_by,
        "done_on": day(value.done_on),
        "party": labels.word("party", value.party),
        "met": value.met,
    }


def overdue_row(value: Any, labels: Labels) -> Row:
    """An Overdue as one row of ``overdue``: its deadline's cells, then how late."""
    deadline = deadline_row(value.deadline, labels)
    del deadline["done_on"], deadline["met"]  # the deadline's record: `done_on` is this one's
    return {
        **deadline,
        "on": day(value.on),
        "done_on": day(value.done_on),
        "open": value.is_open,
        "working_days_late": value.working_days_late,
        "days_late": value.days_late,
    }


# --- many values as one table -------------------------------------------------------------------


def rows_of(values: Any, *, labels: str | None = None) -> list[Row]:
    """One table from a result, or from a collection of results of one type.

    ``rows_of(overdue(results, on=..., policy=...))`` is the table of what is
    late: each value's ``to_rows(labels=labels)``, one after the other. A
    single result (a SubjectDraw, an Assignment, ...) gives its default
    table, as its own ``to_rows`` does.

    Raises:
        ValidationError: a value has no rows, the values are of several
            types (their columns would differ), or ``labels`` is not
            ``"en"``, ``"zh"`` or ``None``.
    """
    check_labels(labels, obj="to_rows")
    if callable(getattr(type(values), "to_rows", None)):  # the class's, never the value's own
        one: list[Row] = values.to_rows(labels=labels)
        return one
    fix = (
        "pass a result, or a collection of results of one type (e.g. overdue(...));"
        " a disclosure notice's rows are notice_rows(notice)"
    )
    members: tuple[Any, ...] = check_collection(
        values, obj="to_rows", field="values", what="results with rows", fix=fix
    )
    kinds = {type(member) for member in members}
    if len(kinds) > 1:
        raise ValidationError(
            f"mixes {sorted(k.__name__ for k in kinds)}, whose rows have different columns",
            obj="to_rows",
            field="values",
            value=sorted(k.__name__ for k in kinds),
            fix="make one table per type of result",
        )
    rows: list[Row] = []
    for index, member in enumerate(members):
        if not callable(getattr(type(member), "to_rows", None)):
            raise ValidationError(
                f"has no rows: a {type_name(member)} is not a result of randinspect",
                obj="to_rows",
                field=f"values[{index}]",
                value=member,
                fix=fix,
            )
        rows.extend(member.to_rows(labels=labels))
    return rows


# --- disclosure notices (their layout: randinspect.disclosure) ----------------------------------

NOTICE_COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "plan": (
        "plan_id", "year", "department", "departments", "item_id", "item_name",
        "item_department", "subject_type", "basis", "content", "method", "frequency",
        "responsible_unit", "qualification", "notes",
    ),
    "tasks": (
        "plan_id", "task_id", "subject_id", "subject_name", "period", "period_start",
        "period_end", "items", "inspector_id", "inspector_name", "inspector_department",
        "leader",
    ),
    "results": (
        "plan_id", "task_id", "subject_id", "subject_name", "outcome", "category", "problem",
        "item_id", "item_name", "item_department", "item_outcome", "result_on", "findings",
        "evaluation", "rectification", "rectification_deadline", "rectified_on", "handling",
        *RESULT_DATES,
    ),
})  # fmt: skip
"""Each notice kind's columns in :func:`notice_rows`, in order (the tasks notice's
published subject attributes follow its own)."""


def notice_table(notice: Mapping[str, Any], kind: str, labels: Labels) -> list[Row]:
    """The rows of a notice of ``kind`` (``plan``, ``tasks``, ``results``), already checked.

    Raises:
        KeyError, TypeError, AttributeError, RandInspectError: the notice is
        not laid out as its kind's (the caller names it).
    """
    if kind == "plan":
        return _plan_rows(notice)
    if kind == "tasks":
        return _task_rows(notice)
    return _result_rows(notice, labels)


def _plan_rows(notice: Mapping[str, Any]) -> list[dict[str, Any]]:
    head = {
        "plan_id": notice["plan_id"],
        "year": notice["year"],
        "department": notice["department"],
        "departments": ";".join(notice["departments"]),
    }
    return [
        {
            **head,
            "item_id": item["id"],
            "item_name": item["name"],
            "item_department": item["department"],
            **{field: item[field] for field in NOTICE_COLUMNS["plan"][7:]},
        }
        for item in notice["items"]
    ]


def _task_rows(notice: Mapping[str, Any]) -> list[dict[str, Any]]:
    own = NOTICE_COLUMNS["tasks"]
    names = sorted({name for t in notice["tasks"] for name in t["subject"]["attributes"] or {}})
    columns = [(n, f"attributes.{n}" if n in own else n) for n in names]
    rows: list[Row] = []
    for task in notice["tasks"]:
        subject, window = task["subject"], task["period"] or {}
        attributes = subject["attributes"] or {}
        head = {
            "plan_id": notice["plan_id"],
            "task_id": task["id"],
            "subject_id": subject["id"],
            "subject_name": subject["name"],
            "period": window.get("name"),
            "period_start": window.get("start"),
            "period_end": window.get("end"),
            "items": ";".join(task["items"]),
        }
        for member in task["team"]:
            row = {
                **head,
                "inspector_id": member["id"],
                "inspector_name": member["name"],
                "inspector_department": member["department"],
                "leader": member["leader"],
            }
            rows.append(row | {column: attributes.get(n) for n, column in columns})
    return rows


def _result_rows(notice: Mapping[str, Any], lab: Labels) -> list[dict[str, Any]]:
    def outcome(text: str | None) -> str | None:
        return None if text is None else lab.of(Outcome.parse(text))

    rows: list[Row] = []
    for entry in notice["results"]:
        rectification = entry["rectification"]
        head = {
            "plan_id": notice["plan_id"],
            "task_id": entry["task_id"],
            "subject_id": entry["subject"]["id"],
            "subject_name": entry["subject"]["name"],
            "outcome": outcome(entry["outcome"]),
            "category": lab.of(OutcomeClass.parse(entry["category"])),
            "problem": entry["problem"],
        }
        tail = {
            "evaluation": entry["evaluation"],
            "rectification": lab.of(RectificationState.parse(rectification["state"])),
            "rectification_deadline": rectification["deadline"],
            "rectified_on": rectification["rectified_on"],
            "handling": ";".join(
                str(lab.of(Decision.parse(h["decision"]))) for h in entry["handling"]
            ),
            **{field: entry["dates"][field] for field in RESULT_DATES},
        }
        rows.extend(
            {
                **head,
                "item_id": item["id"],
                "item_name": item["name"],
                "item_department": item["department"],
                "item_outcome": outcome(item["outcome"]),
                "result_on": item["result_on"],
                "findings": item["findings"],
                **tail,
            }
            for item in entry["items"]
        )
    return rows


__all__ = [
    "ASSIGNMENT_TABLES",
    "CHINESE",
    "COLUMNS",
    "DRAW_TABLES",
    "EN",
    "NOTICE_COLUMNS",
    "SUBJECT_COLUMNS",
    "TASK_COLUMNS",
    "Labels",
    "assignment_rows",
    "attribute_columns",
    "check_labels",
    "check_table",
    "day",
    "deadline_row",
    "draw_rows",
    "exact",
    "exclusion_row",
    "joined",
    "notice_table",
    "overdue_row",
    "period",
    "ratio",
    "rows_of",
    "stratum_row",
    "subject",
    "tasks",
    "with_attributes",
]
