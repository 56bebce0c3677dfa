"""The five source documents as ready plans: one :class:`Preset` per document (R1-R7).

Each document in the rulebook (RULES.md) is a department's rule set. Its
preset holds, as library values, everything the document says a plan is:
the check items, the partners of a joint plan, the scope, the ratios per
grade (or risk level), the boost and relief strata, the windows and how many
rounds a year, the team rule (size, leader, recusal), the yearly cap policy,
the deadlines, and what is published. Every field cites the clauses that set
it (:attr:`Preset.sources`, :class:`Clause` values quoting the document's
words verbatim); where the document is silent, the field's clause says so
and names the default used.

``for_document("003").plan(year=2024, department="漯河市国防动员办公室")``
gives a ready :class:`~randinspect.model.Plan`; any plan field can be
overridden (``ratios=``, ``items=``, ``unit=``, ...). A document that draws
more than once a year (000: once in each half-year) gives one plan per round
with :meth:`Preset.round_plans`, to draw in a
:class:`~randinspect.campaign.Campaign`.

The documents' data lives in one table module (``randinspect._documents``),
shared with :meth:`~randinspect.deadlines.DeadlinePolicy.for_document`;
nothing here holds a number of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from randinspect import _documents
from randinspect._checks import check_int, check_type, check_year, type_error, type_name
from randinspect._values import FrozenMap, is_text
from randinspect.campaign import round_plans
from randinspect.deadlines import DeadlinePolicy
from randinspect.errors import InvalidDateError, UnknownIdError, ValidationError
from randinspect.model import (
    CapPolicy,
    CheckItem,
    FlagStratum,
    Period,
    Plan,
    Ratios,
    TeamRule,
)

__all__ = [
    "DOCUMENTS",
    "FIELDS",
    "LEADER_RULES",
    "NOTICES",
    "OVERRIDABLE",
    "RECUSALS",
    "Clause",
    "Preset",
    "Window",
    "for_document",
]

DOCUMENTS: tuple[str, ...] = tuple(document.code for document in _documents.DOCUMENTS)
"""The source documents :func:`for_document` knows: ``"000"`` to ``"004"`` (RULES.md)."""

FIELDS: tuple[str, ...] = _documents.PRESET_FIELDS
"""Every cited field of a preset, the keys of :attr:`Preset.sources`, in order.

``team.size`` and ``team.every_department`` are parts of :attr:`Preset.team`;
``caps.<name>`` are parts of :attr:`Preset.caps`; ``leader`` is
:attr:`Preset.leader` (and ``team.leader``: ``True`` when drawn, ``"appointed"``).
"""

NOTICES = ("plan", "tasks", "results")
"""The public notices a document may require (R7.1): those of
:func:`~randinspect.disclosure.disclose_plan`, ``disclose_tasks`` and ``disclose_results``."""

LEADER_RULES = ("drawn", "appointed")
"""How a team's leader is chosen (R4.5): drawn from its can-lead members, or appointed
by the initiating unit (002 §4(4))."""

RECUSALS = ("replace", "swap")
"""How an inspector with a conflict recuses (R4.3): the ``recusal`` of
:func:`~randinspect.assignment.assign_inspectors`."""

OVERRIDABLE: tuple[str, ...] = tuple(
    field.name for field in attrs.fields(Plan) if field.name not in {"year", "department"}
)
"""The plan fields :meth:`Preset.plan` takes as overrides (``year`` and ``department``
are its own arguments)."""


@attrs.frozen(kw_only=True)
class Clause:
    """A clause of a source document that sets a preset field, or the note that none does.

    Attributes:
        document: The document's code, e.g. ``"003"``.
        clause: The clause, as the rulebook cites it (``"art. 16"``); ``""`` when
            the document says nothing on the field.
        rule: The rulebook's number (``"R5.1"``); ``""`` for the year and department.
        words: The clause's words, verbatim (``……`` where words are left out);
            ``""`` when the document says nothing.
        note: How the words give the value, in English; for a silent field, the
            default used.
        silent: Whether the document leaves the value open, so that the preset
            uses a default (named in ``note``).
    """

    document: str
    clause: str
    rule: str
    words: str
    note: str
    silent: bool

    @property
    def source(self) -> str:
        """The citation: ``"003 art. 16"``, or ``"003 (silent)"`` when no clause sets it."""
        return f"{self.document} {self.clause}" if self.clause else f"{self.document} (silent)"


@attrs.frozen(kw_only=True)
class Window:
    """A window of the year, month and day, set in any year with :meth:`in_year` (R6.2, R6.3).

    Attributes:
        start_month: The first day's month, 1 to 12.
        start_day: The first day's day of the month.
        end_month: The last day's month, 1 to 12.
        end_day: The last day's day of the month (included).
        name: The window's name, e.g. ``"H1"``; an unnamed window's period is
            named after its year, as :meth:`Period.whole_year` names it.
    """

    start_month: int
    start_day: int
    end_month: int
    end_day: int
    name: str = ""

    def __attrs_post_init__(self) -> None:
        for field in ("start_month", "end_month"):
            check_int(getattr(self, field), obj="Window", field=field, minimum=1, maximum=12)
        for field in ("start_day", "end_day"):
            check_int(getattr(self, field), obj="Window", field=field, minimum=1, maximum=31)
        check_type(self.name, str, obj="Window", field="name", fix="name it, e.g. 'H1'")
        try:  # 2000 is a leap year: 29 February is a day of some years
            start = dt.date(2000, self.start_month, self.start_day)
            end = dt.date(2000, self.end_month, self.end_day)
        except ValueError:
            raise InvalidDateError(
                "names a day no month has",
                obj="Window",
                field="end_day",
                value=(self.start_month, self.start_day, self.end_month, self.end_day),
                rule="R6.3",
                fix="give a day that exists in its month",
            ) from None
        if end < start:
            raise InvalidDateError(
                "ends before it starts",
                obj="Window",
                field="end_month",
                value=(self.start_month, self.start_day, self.end_month, self.end_day),
                rule="R6.3",
                fix="keep a window within one year, start first",
            )

    def in_year(self, year: int) -> Period:
        """The window in ``year``, as a :class:`~randinspect.model.Period`.

        Raises:
            ValidationError: ``year`` is not a year from 1950 to 9998.
            InvalidDateError: the window names 29 February and ``year`` has none.
        """
        check_year(year, obj="Window.in_year")
        try:
            start = dt.date(year, self.start_month, self.start_day)
            end = dt.date(year, self.end_month, self.end_day)
        except ValueError:
            raise InvalidDateError(
                f"names a day {year} does not have",
                obj="Window.in_year",
                field="year",
                value=year,
                rule="R6.3",
                fix="pass periods= with the year's own window",
            ) from None
        return Period(start=start, end=end, name=self.name or str(year))


def _members(value: object, cls: type, *, field: str) -> None:
    if not isinstance(value, tuple):
        raise type_error(value, tuple, obj="Preset", field=field, fix=f"pass a tuple of {cls}")
    for index, member in enumerate(value):
        check_type(
            member, cls, obj="Preset", field=f"{field}[{index}]", fix=f"pass {cls.__name__} values"
        )


@attrs.frozen(kw_only=True)
class Preset:
    """One source document's plan, as library values, each field citing its clauses.

    Built by :func:`for_document`. :meth:`plan` turns it into a
    :class:`~randinspect.model.Plan` for a year and department.

    Attributes:
        document: The document's code, ``"000"`` to ``"004"``.
        title: The issuer and the kind of document, in English.
        department: The issuing department, as the document names it.
        year: The year the document is for, or ``None`` (003 names none).
        unit: The initiating unit within the department (``""``: none, R5.2).
        items: The check items; a partner department's items name it (R1.2, R4.6);
            the others are the initiating department's.
        partners: The partner departments of a joint plan (R4.6).
        scope: A directed draw's filter (R3.1); empty for an undirected draw.
        ratios: The ratio per grade, or per risk level (R2.1).
        boost: The stratum of flagged subjects drawn more, or ``None`` (R2.4).
        relief: The stratum of trusted subjects drawn less, or ``None`` (R2.5).
        windows: With one round, the plan's periods (R3.3, R6.3); with several,
            each round's window, in order (R6.2).
        rounds: How many draws a year (R6.2): 2 for 000, else 1.
        team: The team rule: size, leader, every department (R4.2, R4.5, R4.6);
            its ``leader`` is ``True`` for a drawn leader, ``"appointed"`` for
            an appointed one, as :attr:`leader` says.
        leader: How the leader is chosen: ``"drawn"`` or ``"appointed"`` (R4.5);
            an appointed leader (002 §4(4)) is named after the draw with
            :func:`~randinspect.assignment.appoint_leader`.
        recusal: How a conflicted inspector recuses: ``"replace"`` or ``"swap"`` (R4.3).
        caps: The yearly cap policy (R5).
        deadlines: The deadline policy, :meth:`DeadlinePolicy.for_document` (R6).
        published: The notices the document requires, from :data:`NOTICES` (R7.1).
        sources: For each of :data:`FIELDS`, the clauses that set it, or the
            one silent clause naming the default used.
    """

    document: str
    title: str
    department: str
    year: int | None
    unit: str
    items: tuple[CheckItem, ...]
    partners: frozenset[str]
    scope: FrozenMap[str, frozenset[str]]
    ratios: Ratios
    boost: FlagStratum | None
    relief: FlagStratum | None
    windows: tuple[Window, ...]
    rounds: int
    team: TeamRule
    leader: str
    recusal: str
    caps: CapPolicy
    deadlines: DeadlinePolicy
    published: tuple[str, ...]
    sources: FrozenMap[str, tuple[Clause, ...]]

    def __attrs_post_init__(self) -> None:
        for field, cls in (
            ("document", str),
            ("title", str),
            ("department", str),
            ("unit", str),
            ("partners", frozenset),
            ("scope", FrozenMap),
            ("ratios", Ratios),
            ("team", TeamRule),
            ("leader", str),
            ("recusal", str),
            ("caps", CapPolicy),
            ("deadlines", DeadlinePolicy),
            ("sources", FrozenMap),
        ):
            check_type(getattr(self, field), cls, obj="Preset", field=field, fix=f"pass a {cls}")
        if self.year is not None:
            check_year(self.year, obj="Preset")
        for field in ("boost", "relief"):
            if getattr(self, field) is not None:
                check_type(
                    getattr(self, field), FlagStratum, obj="Preset", field=field, fix="or None"
                )
        _members(self.items, CheckItem, field="items")
        _members(self.windows, Window, field="windows")
        _members(self.published, str, field="published")
        check_int(self.rounds, obj="Preset", field="rounds", minimum=1, maximum=366, rule="R6.2")
        if not self.windows or (self.rounds > 1 and len(self.windows) != self.rounds):
            raise ValidationError(
                f"holds {len(self.windows)} windows for {self.rounds} rounds",
                obj="Preset",
                field="windows",
                value=len(self.windows),
                rule="R6.2",
                fix="give one window per round, or one round and its windows",
            )
        for field, value, known in (
            ("leader", self.leader, LEADER_RULES),
            ("recusal", self.recusal, RECUSALS),
        ):
            if not (type(value) is str and value in known):
                raise ValidationError(
                    "is not a known rule",
                    obj="Preset",
                    field=field,
                    value=value,
                    rule="R4.5" if field == "leader" else "R4.3",
                    fix=f"pass one of {list(known)}",
                )
        if (self.leader == "appointed") != self.team.appointed or not self.team.leader:
            raise ValidationError(
                f"says the leader is {self.leader!r}, but the team rule's leader is"
                f" {self.team.leader!r}",
                obj="Preset",
                field="team",
                value=self.team.leader,
                rule="R4.5",
                fix="give the team rule leader='appointed' for an appointed leader"
                " (002 §4(4)), leader=True for a drawn one",
            )
        unknown = [n for n in self.published if not (type(n) is str and n in NOTICES)]
        if not all(type(key) is str for key in self.sources):
            raise ValidationError(
                "must be keyed by field names",
                obj="Preset",
                field="sources",
                value=[k for k in self.sources if type(k) is not str][:3],
                fix=f"key it by the names of {list(FIELDS)}",
            )
        missing = [f for f in FIELDS if f not in self.sources]
        if unknown or missing or set(self.sources) - set(FIELDS):
            raise ValidationError(
                "names an unknown notice" if unknown else "does not cite exactly the fields",
                obj="Preset",
                field="published" if unknown else "sources",
                value=unknown or missing or sorted(set(self.sources) - set(FIELDS)),
                rule="R7.1",
                fix=f"publish from {list(NOTICES)}; cite every one of {list(FIELDS)}",
            )

    # --- citations ------------------------------------------------------------------

    def cite(self, field: str) -> tuple[Clause, ...]:
        """The clauses of ``field``: one of :data:`FIELDS`, or ``"team"``/``"caps"`` for all parts.

        Raises:
            UnknownIdError: ``field`` is not a cited field.
        """
        if type(field) is str and field in self.sources:
            return self.sources[field]
        if type(field) is str and field in {"team", "caps"}:
            return tuple(c for f in FIELDS if f.startswith(f"{field}.") for c in self.sources[f])
        raise UnknownIdError(
            "is not a field of a preset",
            obj=f"Preset {self.document!r}",
            field="field",
            value=field,
            fix=f"pass one of {[*FIELDS, 'team', 'caps']}",
        )

    @property
    def silent(self) -> tuple[str, ...]:
        """The fields the document leaves open, where the preset uses a default (in order)."""
        return tuple(f for f in FIELDS if all(c.silent for c in self.sources[f]))

    # --- plans ------------------------------------------------------------------------

    def plan(
        self, *, year: int | None = None, department: str | None = None, **overrides: Any
    ) -> Plan:
        """The document's plan for ``year`` and ``department``, with ``overrides``.

        The plan's id is ``"<year>-<document>"`` (``id=`` overrides it). Its
        items are the preset's, the initiating department's renamed to
        ``department``; its periods are the preset's windows in ``year``, or,
        for a document of several rounds a year, the whole year (split it into
        rounds with :meth:`round_plans`). Every other field is the preset's.

        Args:
            year: The plan year; by default the document's own (003 names none).
            department: The initiating department; by default the document's issuer.
            **overrides: Plan fields to set instead of the preset's: any of
                :data:`OVERRIDABLE`. The plan is checked as any plan is: its
                ratios may not fall below an item's minimum (R2.2).

        Returns:
            The plan.

        Raises:
            ValidationError: no year (003), a bad year or department, or an
                override that is not a plan field (the message lists them).
            RandInspectError: the plan breaks a rule (its own message), e.g.
                ratios below an item's minimum (R2.2).
        """
        where = f"Preset {self.document!r}.plan"
        for name in overrides:
            if name not in OVERRIDABLE:
                raise ValidationError(
                    "is not a plan field a preset can override",
                    obj=where,
                    field=str(name)[:60],
                    value=name,
                    fix=f"override one of {list(OVERRIDABLE)}; pass year= and department= as such",
                )
        if year is None:
            year = self.year
            if year is None:
                raise ValidationError(
                    f"is needed: document {self.document} names no year",
                    obj=where,
                    field="year",
                    value=None,
                    fix="pass year=, e.g. year=2024",
                )
        check_year(year, obj=where)
        if department is None:
            department = self.department
        if is_text(department):
            department = str.__str__(department)  # a str subclass compares as plain text
        if not (is_text(department) and department.strip()):
            raise ValidationError(
                f"must be non-empty text, not {type_name(department)}",
                obj=where,
                field="department",
                value=department,
                fix="pass the department's name, e.g. " + repr(self.department),
            )
        items = self.items
        if department != self.department:
            items = tuple(
                attrs.evolve(item, department=department)
                if item.department == self.department
                else item
                for item in items
            )
        periods = (
            tuple(window.in_year(year) for window in self.windows)
            if self.rounds == 1
            else (Period.whole_year(year),)
        )
        fields: dict[str, Any] = {
            "id": f"{year}-{self.document}",
            "items": items,
            "unit": self.unit,
            "partners": self.partners,
            "scope": self.scope,
            "ratios": self.ratios,
            "boost": self.boost,
            "relief": self.relief,
            "periods": periods,
            "team": self.team,
            "caps": self.caps,
        }
        fields.update(overrides)
        return Plan(year=year, department=department, **fields)

    def round_plans(
        self, *, year: int | None = None, department: str | None = None, **overrides: Any
    ) -> tuple[Plan, ...]:
        """One plan per round of the year (R6.2): :meth:`plan` drawn once in each window.

        With one round, ``(plan,)``. With several (000: once in each
        half-year), :func:`~randinspect.campaign.round_plans` over the
        windows: round ``k`` has the id ``<plan id>/<window name>``, the one
        window as its period, and the full ratios. Draw them in order in a
        :class:`~randinspect.campaign.Campaign`, so each round counts the
        ones before it in the caps (R5.1).

        Args:
            year: As for :meth:`plan`.
            department: As for :meth:`plan`.
            **overrides: As for :meth:`plan`; ``periods`` only with one round.

        Returns:
            The rounds' plans, in order.

        Raises:
            ValidationError: as :meth:`plan`; ``periods`` overridden for several rounds.
        """
        if self.rounds == 1:
            return (self.plan(year=year, department=department, **overrides),)
        if "periods" in overrides:
            raise ValidationError(
                f"cannot be overridden: document {self.document} draws {self.rounds} rounds,"
                " each in its window",
                obj=f"Preset {self.document!r}.round_plans",
                field="periods",
                value=overrides["periods"],
                rule="R6.2",
                fix="leave periods out, or call campaign.round_plans(preset.plan(...), periods)",
            )
        whole = self.plan(year=year, department=department, **overrides)
        return round_plans(whole, [window.in_year(whole.year) for window in self.windows])


# --- building a preset from the table's rows ---------------------------------------------


def for_document(code: str) -> Preset:
    """The preset of source document ``code`` (RULES.md; each field cites its clauses).

    - ``"000"`` Weidong District Civil Affairs Bureau, 2024: the joint
      elder-care plan with the fire brigade and market regulation, A 5%
      B 10% C 15% D 20%, twice a year (two half-year rounds).
    - ``"001"`` Wugang Civil Air Defence Office, 2022: two items on two
      subject types, by risk level 1% / 3% / 10% / 20%, June to November,
      teams of at least 2.
    - ``"002"`` Sanmenxia Urban Management Bureau, 2024: two units' items;
      the initiating section appoints the team leader.
    - ``"003"`` Luohe National Defence Mobilisation Office: at most 2 a year,
      the department rule and its exemptions; the report, feedback and
      comments deadlines.
    - ``"004"`` Baofeng County Health Commission, 2023: once a year, teams of
      at least 2, results published within 20 working days.

    Args:
        code: One of :data:`DOCUMENTS`, as text.

    Returns:
        The preset.

    Raises:
        UnknownIdError: ``code`` is not a source document.
    """
    if not (type(code) is str and code in DOCUMENTS):
        raise UnknownIdError(
            "is not a source document",
            obj="for_document",
            field="code",
            value=code,
            fix=f"pass one of {list(DOCUMENTS)}, as text",
        )
    document = next(d for d in _documents.DOCUMENTS if d.code == code)
    sources = {field: _clauses(code, field) for field in FIELDS}
    value = {field: _value(code, field) for field in FIELDS}
    department: str = value["department"]
    leader: str = value["leader"]
    return Preset(
        document=code,
        title=f"{document.issuer}, {document.kind}"
        + (f", {document.year}" if document.year else ""),
        department=department,
        year=value["year"],
        unit=value["unit"],
        items=tuple(_item(row, department) for row in value["items"]),
        partners=frozenset(value["partners"]),
        scope=FrozenMap((name, frozenset(allowed)) for name, allowed in value["scope"]),
        ratios=Ratios.of(dict(value["ratios"])),
        boost=_stratum(value["boost"]),
        relief=_stratum(value["relief"]),
        windows=tuple(Window(**dict(zip(_WINDOW, w, strict=True))) for w in value["windows"]),
        rounds=value["rounds"],
        team=TeamRule(
            size=value["team.size"],
            every_department=value["team.every_department"],
            leader=leader,  # "drawn" is True; "appointed" (002 §4(4)) stays
        ),
        leader=leader,
        recusal=value["recusal"],
        caps=CapPolicy(
            max_per_year=value["caps.max_per_year"],
            exempt_flags=value["caps.exempt_flags"],
            department_rule=value["caps.department_rule"],
            unknown_unit_is_other=value["caps.unknown_unit_is_other"],
        ),
        deadlines=DeadlinePolicy.for_document(code),
        published=tuple(value["published"]),
        sources=FrozenMap(sources),
    )


_WINDOW = ("start_month", "start_day", "end_month", "end_day", "name")


def _rows(code: str, field: str) -> list[_documents.PresetRow]:
    return [r for r in _documents.PRESET_ROWS if r.document == code and r.field == field]


def _default(field: str) -> _documents.PresetDefault | None:
    return next((d for d in _documents.PRESET_DEFAULTS if d.field == field), None)


def _value(code: str, field: str) -> Any:
    """The field's value: its rows' (every row's item for ``items``), else the default."""
    rows = _rows(code, field)
    if field == "items" and rows:
        return tuple(row.value for row in rows)
    if rows:
        return rows[0].value
    default = _default(field)
    if default is None:  # pragma: no cover  # the tables give every field a row or a default
        raise AssertionError(f"document {code} has no {field}")
    return default.value


def _clauses(code: str, field: str) -> tuple[Clause, ...]:
    clauses = [
        Clause(
            document=code,
            clause=row.clause,
            rule=row.rule,
            words=row.words,
            note=row.note,
            silent=row.silent,
        )
        for row in _rows(code, field)
    ]
    if field == "deadlines":
        deadline_rows: tuple[_documents.WorkingDayDeadline | _documents.MonthEndDeadline, ...] = (
            *_documents.WORKING_DAY_DEADLINES,
            *_documents.MONTH_END_DEADLINES,
        )
        clauses[:0] = [
            Clause(
                document=code,
                clause=row.clause,
                rule=row.rule,
                words=row.words,
                note=f"deadline {row.name!r}",
                silent=False,
            )
            for row in deadline_rows
            if row.document == code
        ]
    if clauses:
        return tuple(clauses)
    default = _default(field)
    note = default.note if default else ""
    return (
        Clause(
            document=code,
            clause="",
            rule=default.rule if default else "",
            words="",
            note=f"the document is silent; default: {note}",
            silent=True,
        ),
    )


def _item(row: tuple[tuple[str, Any], ...], department: str) -> CheckItem:
    fields: dict[str, Any] = {"department": department, **dict(row)}
    if "min_ratios" in fields:
        fields["min_ratios"] = Ratios.of(dict(fields["min_ratios"]))
    return CheckItem(**fields)


def _stratum(value: tuple[tuple[str, Any], ...] | None) -> FlagStratum | None:
    if value is None:
        return None
    fields: Mapping[str, Any] = dict(value)
    return FlagStratum(flags=fields["flags"], ratio=fields["ratio"])
