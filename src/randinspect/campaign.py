"""A year's campaign: rounds of plans drawn in sequence, each counted in the next one's caps.

A department draws more than once a year: document 000 draws its elder-care
plan "once in each half-year" (000 §3(2); annex 2: 2 a year, R6.2), and the
fire brigade and market regulation draw plans of their own. Each draw must
see the ones before it: a subject drawn in the first half has one random
inspection of the year (R5.1), a joint visit counts for every department in
it (R4.6, R5.2). :class:`Campaign` keeps that history for you. It is a
frozen value: :meth:`Campaign.draw` draws the next round against the tasks
of the year so far and returns a new campaign with the round added; nothing
is read or written elsewhere.

The whole year re-runs from its record (:meth:`Campaign.record`, procedure
:data:`CAMPAIGN_VERSION`): each round's history is the campaign's starting
history and the tasks of the rounds before it, those tasks follow from the
draws alone (:func:`round_tasks`), so :func:`replay_campaign` rebuilds every
round's history from the records and the registries, and each round's draw
record verifies with :func:`randinspect.verify.verify_draw` given it.
``docs/campaign.md`` specifies the procedure.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NoReturn

import attrs

from randinspect._checks import check_collection, check_type, check_year, type_name
from randinspect._tablerows import (
    DRAW_TABLES,
    check_labels,
    check_table,
    draw_rows,
    stratum_row,
)
from randinspect._tablerows import tasks as task_rows
from randinspect._values import check_id, is_valid_id
from randinspect.caps import check_history
from randinspect.draw import Seed, check_seed, history_fingerprint
from randinspect.errors import (
    DuplicateIdError,
    RandInspectError,
    RecordError,
    RuleViolationError,
    UnknownIdError,
    ValidationError,
    _relocated,
)
from randinspect.model import Period, Plan, Subject, Task, trusted, trusted_tasks
from randinspect.registry import Registry
from randinspect.sampling import SubjectDraw, draw_subjects

__all__ = [
    "CAMPAIGN_VERSION",
    "RECORD_KIND",
    "Campaign",
    "CampaignRound",
    "half_year_rounds",
    "replay_campaign",
    "round_plans",
    "round_seed",
    "round_tasks",
]

CAMPAIGN_VERSION = "randinspect-campaign/1"
"""The procedure of a campaign: how its rounds' tasks and histories are made (docs/campaign.md)."""
RECORD_KIND = "campaign"
"""The ``record`` tag of a campaign's record (each round inside it is a ``draw`` record)."""


# --- the rounds of one plan ------------------------------------------------------------------


def round_plans(plan: Plan, periods: Iterable[Period]) -> tuple[Plan, ...]:
    """One plan per round: ``plan`` drawn once in each of ``periods`` (R6.2).

    Round ``k``'s plan is ``plan`` with the id ``plan.id + "/" + periods[k].name``
    and the one period ``periods[k]``; everything else (items, scope, ratios,
    boost and relief, team, caps, amendments) is ``plan``'s. Each round draws
    the plan's full ratios: a round is a draw of its own (000 annex 2 gives
    each draw its ratio and, apart, the number of draws a year), not a share
    of one sample, which is what a plan's own periods are (R3.3). The ids
    differ so that every round's tasks have ids of their own (``plan id/subject
    id``, as staffing names them) and its keys a scope of their own.

    Raises:
        ValidationError: ``plan`` is not a Plan, or ``periods`` not a
            collection of Period.
        InvalidIdError: a period's name is not an id (empty, or holds ``|``).
        DuplicateIdError: two periods share a name.
        InvalidDateError: a period lies outside the plan's year (R3.3).
    """
    check_type(plan, Plan, obj="round_plans", field="plan", rule="R6.2", fix=_PLAN_FIX)
    windows: tuple[Period, ...] = check_collection(
        periods,
        obj="round_plans",
        field="periods",
        what="Period values",
        rule="R6.2",
        fix="pass the rounds' windows, e.g. [Period(start=..., end=..., name='H1'), ...]",
    )
    names: set[str] = set()
    for index, period in enumerate(windows):
        check_type(
            period,
            Period,
            obj="round_plans",
            field=f"periods[{index}]",
            rule="R6.2",
            fix="build it with Period(start=..., end=..., name='H1')",
        )
        check_id(period.name, obj="round_plans", field=f"periods[{index}].name")
        if period.name in names:
            raise DuplicateIdError(
                "two rounds share a name, so their plans would share an id",
                obj="round_plans",
                field=f"periods[{index}].name",
                value=period.name,
                rule="R6.2",
                fix="name each round's period differently, e.g. 'H1' and 'H2'",
            )
        names.add(period.name)
    return tuple(
        attrs.evolve(plan, id=f"{plan.id}/{period.name}", periods=(period,)) for period in windows
    )


def half_year_rounds(plan: Plan) -> tuple[Plan, Plan]:
    """``plan``'s two rounds of a year drawn once in each half-year (000 §3(2), R6.2).

    The rounds are :func:`round_plans` over ``H1`` (1 January to 30 June)
    and ``H2`` (1 July to 31 December) of ``plan.year``: ids ``<plan id>/H1``
    and ``<plan id>/H2``, each drawing the full ratios. The plan must cover
    the whole year with its one default period: periods of its own would be
    replaced, which is never done silently.

    Raises:
        ValidationError: ``plan`` is not a Plan.
        RuleViolationError: ``plan`` has periods of its own (R3.3).
    """
    check_type(plan, Plan, obj="half_year_rounds", field="plan", rule="R6.2", fix=_PLAN_FIX)
    year = plan.year
    if plan.periods != (Period.whole_year(year),):
        raise RuleViolationError(
            "the plan splits its year into periods of its own, which the half-year rounds"
            " would replace",
            obj="half_year_rounds",
            field="plan.periods",
            value=[p.to_data() for p in plan.periods],
            rule="R6.2, R3.3",
            fix="draw the plan with its default whole-year period, or call round_plans(plan,"
            " periods) with each round's window",
        )
    first = Period(start=dt.date(year, 1, 1), end=dt.date(year, 6, 30), name="H1")
    second = Period(start=dt.date(year, 7, 1), end=dt.date(year, 12, 31), name="H2")
    one, two = round_plans(plan, (first, second))
    return one, two


def round_seed(seed: Seed, plan_id: str) -> Seed:
    """The seed of one round, derived from a campaign seed and the round's plan id.

    ``Seed.derive(seed.hex, plan_id)``: SHA-256 of the UTF-8 text
    ``"randinspect-seed/1|" + seed_hex + "|" + plan_id``. Commit to the
    campaign seed (publish its SHA-256) before the first round, publish each
    round's derived seed with its record, and the campaign seed itself at the
    end of the year: anyone can then check that every round's seed was the one
    committed to, and no round's seed could be worked out from an earlier
    round's. Seeds made of public entropy at each round's own draw
    (``Seed.derive(commitment, entropy)``) serve as well; see docs/campaign.md.

    Raises:
        InvalidSeedError: ``seed`` is not a Seed.
        InvalidIdError: ``plan_id`` breaks the id rules.
    """
    check_seed(seed, obj="round_seed")
    check_id(plan_id, obj="round_seed", field="plan_id")
    return Seed.derive(seed.hex, plan_id)


def round_tasks(draw: SubjectDraw) -> tuple[Task, ...]:
    """The tasks a draw adds to the year's history: one per drawn subject, in key order.

    Each is what the next draws count (R5): id ``plan id/subject id`` (the id
    :func:`~randinspect.assignment.assign_inspectors` gives the staffed
    task), the plan's id, the subject, the drawn subject's check items, no
    team yet, the period it was dealt to, the plan's department and unit, the
    plan's partners (less its own department) for a joint plan (R4.6), kind
    random and the plan's year: a random task of the year (R5.1). The team is
    left out on purpose: it does not change what the cap reads, and so each
    round's history follows from the draws alone (``docs/campaign.md``).

    Raises:
        ValidationError: ``draw`` is not a SubjectDraw.
    """
    check_type(
        draw,
        SubjectDraw,
        obj="round_tasks",
        field="draw",
        rule="R5.1",
        fix="pass the result of draw_subjects(plan, registry, seed=..., history=...)",
    )
    plan = draw.plan
    rows = [
        (f"{plan.id}/{d.subject.id}", d.subject.id, d.items, (), None, d.period)
        for d in draw.drawn
    ]
    return trusted_tasks(rows, plan)


def _check_round_draw(instance: object, attribute: Any, value: Any) -> None:
    check_type(value, SubjectDraw, obj="CampaignRound", field="draw", rule="R5.1", fix=_DRAW_FIX)


def _to_history(value: Any) -> tuple[Task, ...]:
    """Converter: the history checked (Task values, unique ids, random ones dated) as a tuple."""
    return check_history(value)


@attrs.frozen(kw_only=True)
class CampaignRound:
    """One round of a campaign: its draw and the exact history the draw was given (R5, R7.6).

    Built by :meth:`Campaign.draw`. A verifier re-runs the round with
    ``verify_draw(round.record(), round.registry, history=round.history)``.

    Attributes:
        draw: The round's subject draw (its plan, seed, registry and record).
        history: The tasks the draw was given: the campaign's starting history,
            then the tasks of the rounds before it, in that order.
    """

    draw: SubjectDraw = attrs.field(validator=_check_round_draw)
    history: tuple[Task, ...] = attrs.field(converter=_to_history, repr=False)

    def __attrs_post_init__(self) -> None:
        year = self.draw.plan.year
        if self.draw.history_fingerprint != history_fingerprint(self.history, year=year):
            raise RuleViolationError(
                "the draw was not made with this history: their fingerprints differ",
                obj=f"CampaignRound of plan {self.draw.plan.id!r}",
                field="history",
                value=f"{len(self.history)} tasks",
                rule="R7.6",
                fix="build rounds with Campaign.draw, which passes each draw its history",
            )

    @property
    def plan(self) -> Plan:
        """The round's plan."""
        return self.draw.plan

    @property
    def seed(self) -> Seed:
        """The round's seed."""
        return self.draw.seed

    @property
    def registry(self) -> Registry:
        """The registry the round was drawn from, as it stood (R1.5)."""
        return self.draw.registry

    @functools.cached_property
    def tasks(self) -> tuple[Task, ...]:
        """The tasks the round adds to the year's history (:func:`round_tasks`), in key order."""
        return round_tasks(self.draw)

    def record(self) -> dict[str, Any]:
        """The round's draw record, ``SubjectDraw.record()`` (docs/draw-spec.md section 8)."""
        return self.draw.record()

    def to_rows(
        self, *, table: str = "subjects", labels: str | None = None
    ) -> list[dict[str, Any]]:
        """The round as a table: its draw's, or ``tasks``, the tasks it adds to the year.

        ``subjects`` (the default), ``strata`` and ``exclusions`` are the
        draw's (``SubjectDraw.to_rows``); ``tasks`` is :attr:`tasks`, one row
        per task, as :func:`~randinspect.loading.load_history` reads them.

        Raises:
            ValidationError: ``table`` or ``labels`` is not one this takes.
        """
        obj = f"CampaignRound of plan {self.plan.id!r}"
        if isinstance(table, str) and str.__str__(table) == "tasks":
            return task_rows(self.tasks, check_labels(labels, obj=obj))
        check_table(table, (*DRAW_TABLES, "tasks"), obj=obj)
        return draw_rows(self.draw, table=table, labels=labels)


def _to_rounds(value: Any) -> tuple[Any, ...]:
    """Converter: a collection of rounds as a tuple (its members checked by the validator)."""
    rounds: tuple[Any, ...] = check_collection(
        value,
        obj="Campaign",
        field="rounds",
        what="CampaignRound values",
        rule="R5.1",
        fix="start from Campaign(year=...) and add rounds with Campaign.draw",
    )
    return rounds


def _check_rounds(instance: Campaign, attribute: Any, value: tuple[Any, ...]) -> None:
    for index, member in enumerate(value):
        check_type(
            member,
            CampaignRound,
            obj="Campaign",
            field=f"rounds[{index}]",
            rule="R5.1",
            fix="add rounds with Campaign.draw",
        )


def _check_year(instance: object, attribute: Any, value: Any) -> None:
    check_year(value, obj="Campaign", rule="R5.1")


@attrs.frozen(kw_only=True)
class Campaign:
    """A year's draws in sequence, each counting the ones before it (R5.1, R5.2, R6.2).

    ``Campaign(year=2024, history=earlier_tasks)`` starts a year; each
    :meth:`draw` draws one round (a plan of any department, a round of
    :func:`half_year_rounds`, ...) against :attr:`tasks`, the history so far,
    and returns a new campaign with the round added.

    Attributes:
        year: The calendar year of every plan drawn (R5.1).
        history: The tasks of the year known before the campaign (drawn
            elsewhere, complaint-driven, of other years: the draws read only
            the random tasks of the year, R5.5).
        rounds: The rounds drawn so far, in order.
    """

    year: int = attrs.field(validator=_check_year)
    history: tuple[Task, ...] = attrs.field(default=(), converter=_to_history, repr=False)
    rounds: tuple[CampaignRound, ...] = attrs.field(
        default=(), converter=_to_rounds, validator=_check_rounds
    )

    def __attrs_post_init__(self) -> None:
        so_far, plan_ids = self.history, set()
        for index, member in enumerate(self.rounds):
            plan = member.plan
            where = f"rounds[{index}]"
            if plan.year != self.year:
                raise ValidationError(
                    f"round of plan {plan.id!r} is of {plan.year}, not the campaign's year",
                    obj="Campaign",
                    field=where,
                    value=plan.year,
                    rule="R5.1",
                    fix=f"keep every round in {self.year}",
                )
            if plan.id in plan_ids:
                raise DuplicateIdError(
                    "two rounds share a plan id, so their tasks would share ids",
                    obj="Campaign",
                    field=where,
                    value=plan.id,
                    rule="R5.1",
                    fix="give each round its own plan id, e.g. with round_plans",
                )
            plan_ids.add(plan.id)
            if member.history != so_far:
                raise RuleViolationError(
                    "the round was not drawn with the campaign's tasks before it",
                    obj="Campaign",
                    field=f"{where}.history",
                    value=f"{len(member.history)} tasks, not {len(so_far)}",
                    rule="R5.1, R7.6",
                    fix="add rounds with Campaign.draw, which passes each its history",
                )
            so_far = (*so_far, *member.tasks)

    @functools.cached_property
    def tasks(self) -> tuple[Task, ...]:
        """The year's history so far: :attr:`history`, then every round's tasks in order."""
        if not self.rounds:
            return self.history
        last = self.rounds[-1]
        return (*last.history, *last.tasks)

    def draw(self, plan: Plan, registry: Registry | Iterable[Subject], *, seed: Seed) -> Campaign:
        """Draw ``plan`` against the year so far: the campaign with the round added.

        The draw is ``draw_subjects(plan, registry, seed=seed, history=self.tasks)``;
        its drawn subjects become :func:`round_tasks`, which every later round
        counts (R5.1, R5.2).

        Args:
            plan: The round's plan, of the campaign's year, with an id no earlier round has.
            registry: The registry as it stands at this round (R1.5).
            seed: The round's own seed (:func:`round_seed`, or public entropy).

        Raises:
            ValidationError: ``plan`` is not a Plan of the campaign's year, or
                the registry is malformed.
            InvalidSeedError: ``seed`` is not a Seed.
            DuplicateIdError: an earlier round has the plan's id, or a task of
                the round would have the id of one in the history.
        """
        check_type(plan, Plan, obj="Campaign.draw", field="plan", rule="R5.1", fix=_PLAN_FIX)
        check_seed(seed, obj="Campaign.draw")
        if plan.year != self.year:
            raise ValidationError(
                f"the plan is of {plan.year}, not the campaign's year",
                obj=f"Campaign.draw of plan {plan.id!r}",
                field="plan.year",
                value=plan.year,
                rule="R5.1",
                fix=f"draw plans of {self.year} only; start a Campaign(year={plan.year}) for"
                " that year",
            )
        drawn = {member.plan.id for member in self.rounds}
        if plan.id in drawn:
            raise DuplicateIdError(
                "an earlier round of the campaign has this plan id",
                obj="Campaign.draw",
                field="plan.id",
                value=plan.id,
                rule="R5.1",
                fix="give each round its own plan id, e.g. with round_plans or half_year_rounds",
            )
        history = self.tasks
        draw = draw_subjects(plan, registry, seed=seed, history=history)
        added = round_tasks(draw)
        if added:
            known = {task.id for task in history}
            clash = next((t.id for t in added if t.id in known), None)
            if clash is not None:
                raise DuplicateIdError(
                    "a task of this round would have the id of a task in the history",
                    obj=f"Campaign.draw of plan {plan.id!r}",
                    field="plan.id",
                    value=clash,
                    rule="R5.1",
                    fix="give the round a plan id no task id of the history starts with",
                )
        new_round = trusted(CampaignRound, draw=draw, history=history)
        object.__setattr__(new_round, "tasks", added)  # the cached property, worked out above
        return trusted(
            Campaign, year=self.year, history=self.history, rounds=(*self.rounds, new_round)
        )

    def round(self, plan_id: str) -> CampaignRound:
        """The round that drew the plan ``plan_id``.

        Raises:
            UnknownIdError: no round drew that plan.
        """
        if not is_valid_id(plan_id):
            check_id(plan_id, obj="Campaign.round", field="plan_id")
        for member in self.rounds:
            if member.plan.id == plan_id:
                return member
        raise UnknownIdError(
            "no round of the campaign drew this plan",
            obj="Campaign.round",
            field="plan_id",
            value=plan_id,
            fix=f"pass one of {[m.plan.id for m in self.rounds]}"
            if self.rounds
            else "draw a round first with Campaign.draw",
        )

    def record(self) -> dict[str, Any]:
        """The year's record: every round's draw record, in order (R7.1, R7.6).

        Plain JSON data: ``record``, ``procedure`` (:data:`CAMPAIGN_VERSION`),
        ``year``, and ``rounds``, each ``SubjectDraw.record()``. With the
        registries and the starting :attr:`history`, :func:`replay_campaign`
        rebuilds every round's history from it.
        """
        return {
            "record": RECORD_KIND,
            "procedure": CAMPAIGN_VERSION,
            "year": self.year,
            "rounds": [member.record() for member in self.rounds],
        }

    def to_rows(self, *, table: str = "strata", labels: str | None = None) -> list[dict[str, Any]]:
        """The year as a table: ``strata`` (the default) or ``tasks``.

        ``strata``: one row per round and stratum, in the rounds' order: the
        round's plan id, then the draw's stratum row (ratio, sizes, drawn,
        excluded, inclusion probability, cutoff). ``tasks``: the year's
        history so far (:attr:`tasks`), one row per task, which
        :func:`~randinspect.loading.load_history` reads back as the same tasks.

        Raises:
            ValidationError: ``table`` or ``labels`` is not one this takes.
        """
        obj = f"Campaign of {self.year}"
        lab = check_labels(labels, obj=obj)
        if check_table(table, CAMPAIGN_TABLES, obj=obj) == "tasks":
            return task_rows(self.tasks, lab)
        return [
            {"plan_id": member.plan.id, **stratum_row(s, lab)}
            for member in self.rounds
            for s in member.draw.strata
        ]


CAMPAIGN_TABLES = ("strata", "tasks")
"""The tables of a :class:`Campaign`; the first is the default."""


# --- the year again, from its record -------------------------------------------------------


def replay_campaign(
    record: Mapping[str, Any],
    registries: Sequence[Registry | Iterable[Subject]],
    *,
    history: Iterable[Task] = (),
) -> Campaign:
    """The campaign a record says was drawn, drawn again: each round's history rebuilt (R7.6).

    Each round of ``record`` is drawn again, in order, from its own plan and
    seed against the registry given for it and the tasks before it
    (``history``, then the earlier rounds' :func:`round_tasks`). The rounds'
    :attr:`CampaignRound.history` are then the histories the records must have
    been drawn with: ``verify_draw(record["rounds"][k], replayed.rounds[k].registry,
    history=replayed.rounds[k].history)`` checks round ``k``, and a campaign
    whose every round verifies is the year as recorded. A round whose record
    was altered still replays from its plan and seed, so the rounds after it
    are checked against the honest history.

    Args:
        record: :meth:`Campaign.record`, as stored (``json.loads`` of it will do).
        registries: One registry per round, as it stood at that round (R1.5).
        history: The campaign's starting history.

    Returns:
        The campaign drawn again.

    Raises:
        RecordError: the record is not a campaign record of this procedure, or
            a round's plan or seed cannot be read.
        ValidationError: ``registries`` is not one registry per round, or the
            history or a registry is malformed.
    """
    year, rounds = _read_header(record)
    given: tuple[Any, ...] = check_collection(
        registries,
        obj="replay_campaign",
        field="registries",
        what="registries, one per round",
        rule="R1.5",
        fix="pass one Registry (or list of Subject) per round, e.g. [registry] * rounds",
    )
    if len(given) != len(rounds):
        raise ValidationError(
            f"{len(given)} registries for {len(rounds)} rounds",
            obj="replay_campaign",
            field="registries",
            value=len(given),
            rule="R1.5",
            fix="pass one registry per round, in the rounds' order",
        )
    tasks = check_history(history)
    try:
        campaign = Campaign(year=year, history=tasks)
    except RandInspectError as error:  # the year: the history is checked
        _malformed("record.year", year, error.problem)
    for index, entry in enumerate(rounds):
        plan, seed = _round_inputs(entry, index)
        registry = _registry(given[index], index)
        try:
            campaign = campaign.draw(plan, registry, seed=seed)
        except RandInspectError as error:  # the plan's year or id: the record's fault
            _malformed(f"record.rounds[{index}].plan", error.value, error.problem)
    return campaign


def _read_header(record: object) -> tuple[int, list[Any]]:
    """A campaign record's year and rounds, its tag and procedure checked (else RecordError)."""
    if not isinstance(record, Mapping):
        _malformed("record", type_name(record), "a campaign record is a mapping")
    try:
        kind, procedure = record.get("record"), record.get("procedure")
        year, rounds = record.get("year"), record.get("rounds")
    except Exception:  # a hostile mapping: it cannot be read
        _malformed("record", type_name(record), "a mapping that cannot be read")
    if type(kind) is not str or kind != RECORD_KIND:
        _malformed("record.record", kind, f"not a campaign record: its tag is not {RECORD_KIND!r}")
    if type(procedure) is not str or procedure != CAMPAIGN_VERSION:
        _malformed("record.procedure", procedure, f"this release follows {CAMPAIGN_VERSION!r}")
    if type(year) is not int:
        _malformed("record.year", year, "the year must be an int")
    if type(rounds) is not list:
        _malformed("record.rounds", type_name(rounds), "the rounds must be a list")
    return year, rounds


def _registry(given: object, index: int) -> Registry:
    """The registry given for round ``index``, as a :class:`Registry`."""
    if isinstance(given, Registry):
        return given
    members: tuple[Subject, ...] = check_collection(
        given,
        obj="replay_campaign",
        field=f"registries[{index}]",
        what="Subject values",
        rule="R1.5",
        fix="pass the registry the round used, as a Registry or a list of Subject",
    )
    try:
        return Registry(members)
    except RandInspectError as error:
        raise _relocated(error, obj="replay_campaign", field=f"registries[{index}]") from None


def _round_inputs(entry: object, index: int) -> tuple[Plan, Seed]:
    """The plan and seed of round ``index``'s draw record."""
    where = f"record.rounds[{index}]"
    if type(entry) is not dict:
        _malformed(where, type_name(entry), "a round is a draw record (an object)")
    plan_data, seed_text = entry.get("plan"), entry.get("seed")
    if not isinstance(plan_data, Mapping):
        _malformed(f"{where}.plan", type_name(plan_data), "the round's plan must be an object")
    if type(seed_text) is not str:
        _malformed(f"{where}.seed", type_name(seed_text), "the round's seed must be hex text")
    try:
        plan = Plan.from_mapping(plan_data)
        seed = Seed.from_hex(seed_text)
    except RandInspectError as error:
        _malformed(where, error.value, f"the round's plan or seed cannot be read: {error.problem}")
    except Exception:  # a hostile mapping inside the record: it cannot be read
        _malformed(f"{where}.plan", type_name(plan_data), "a mapping that cannot be read")
    return plan, seed


def _malformed(field: str, value: object, problem: str) -> NoReturn:
    raise RecordError(
        problem,
        obj="replay_campaign",
        field=field,
        value=value,
        rule="R7.6",
        fix="pass the record as Campaign.record() wrote it (json.loads of the stored text)",
    )


_PLAN_FIX = "build it with Plan(...) or Plan.from_mapping(data)"
_DRAW_FIX = "pass the result of draw_subjects(...); Campaign.draw builds rounds"
