"""Hypothesis strategies for every public randinspect type, registered for ``st.from_type``.

Importing this module needs Hypothesis, through the ``testing`` extra
(``pip install "randinspect[testing]"``; ``import randinspect`` never imports
it). Importing it registers a strategy for each public value type with
``st.register_type_strategy``, so ``st.from_type(Subject)`` (and ``Plan``,
``Registry``, ``Seed``, ...) works, as does ``st.builds`` of your own types
with such fields::

    from hypothesis import given, strategies as st
    from randinspect import Subject
    import randinspect.testing.strategies  # registers the types

    @given(st.from_type(Subject))
    def test_round_trip(subject):
        assert subject == Subject.from_mapping(subject.to_data())

Every value a strategy yields is valid: it constructs without error. Text
and ids are drawn first from short readable words (``s0``, ``卫东区``), then
from any text the type accepts, so failures shrink to small readable values:
ids like ``"s0"``, grade A, empty sets, the first day of a year. Values are
built from today's fields; fields added later keep their defaults.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, TypeVar

import attrs

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover  # tested in a subprocess
    raise ModuleNotFoundError(
        "randinspect.testing.strategies needs Hypothesis, which is not installed:"
        ' pip install "randinspect[testing]" (the factories of randinspect.testing'
        " need nothing more)",
        name="hypothesis",
    ) from error

import randinspect.testing._tables as _tables  # noqa: PLR0402  # not the package: no cycle
from randinspect.analysis import QuotaPolicy
from randinspect.assignment import Assignment, assign_inspectors
from randinspect.calendar import WorkCalendar, default_calendar
from randinspect.campaign import Campaign, CampaignRound, half_year_rounds
from randinspect.caps import Exclusion
from randinspect.deadlines import DOCUMENTS, DeadlinePolicy
from randinspect.draw import Seed
from randinspect.model import (
    Amendment,
    CapPolicy,
    CheckItem,
    Decision,
    Flag,
    FlagStratum,
    FrozenMap,
    Grade,
    Handling,
    Inspector,
    Outcome,
    Period,
    Plan,
    Ratios,
    Rectification,
    RectificationState,
    Result,
    Subject,
    Task,
    TaskKind,
    TeamRule,
)
from randinspect.registry import Registry
from randinspect.sampling import (
    DrawnSubject,
    StratumDraw,
    SubjectDraw,
    SubjectFate,
    draw_subjects,
)
from randinspect.testing._factories import history as _history
from randinspect.testing._factories import plan as _plan
from randinspect.testing._factories import registry as _registry
from randinspect.testing._factories import roster as _roster

T = TypeVar("T")

__all__ = [
    "amendments",
    "assignments",
    "campaign_rounds",
    "campaigns",
    "cap_policies",
    "check_items",
    "dates",
    "deadline_policies",
    "drawn_subjects",
    "exclusions",
    "flag_strata",
    "flags",
    "frozen_maps",
    "grades",
    "handlings",
    "ids",
    "inspectors",
    "large_registries",
    "periods",
    "plans",
    "quota_policies",
    "ratio_sets",
    "ratios",
    "rectifications",
    "registries",
    "results",
    "seeds",
    "seeds_of_text",
    "stratum_draws",
    "subject_draws",
    "subject_fates",
    "subjects",
    "tasks",
    "team_rules",
    "work_calendars",
]

_ID_CHARS = st.characters(exclude_categories=["Cc", "Cs"], exclude_characters="|")
_WORDS: tuple[str, ...] = (
    "",
    *_tables.CITIES["平顶山市"],
    *(kind.type for kind in _tables.KINDS),
    *_tables.TRADE_NAMES[:8],
)
"""Readable text drawn first (and shrunk to: the empty text)."""
_NAME_WORDS = _WORDS[1:]
_TEXT = st.sampled_from(_WORDS) | st.text(st.characters(exclude_categories=["Cs"]), max_size=8)
_NAMES = st.sampled_from(_NAME_WORDS) | st.text(
    st.characters(exclude_categories=["Cs", "Z", "Cc"]), min_size=1, max_size=8
)


def ids(prefix: str = "s") -> st.SearchStrategy[str]:
    """Valid ids: non-empty, no ``|``, no control characters.

    Drawn first as ``prefix`` and a number (shrinking to ``"s0"``), then as
    any valid id, non-ASCII and odd ones included.
    """
    readable = st.integers(0, 10_000).map(lambda n: f"{prefix}{n}")
    return readable | st.text(_ID_CHARS, min_size=1, max_size=10)


def grades() -> st.SearchStrategy[Grade]:
    """Credit grades A to D."""
    return st.sampled_from(Grade)


def flags() -> st.SearchStrategy[frozenset[Flag]]:
    """Sets of registry flags."""
    return st.frozensets(st.sampled_from(Flag))


def ratios() -> st.SearchStrategy[Fraction]:
    """Exact ratios in [0, 1], including ones with no finite decimal like 1/3."""
    return st.fractions(min_value=0, max_value=1, max_denominator=400)


def seeds() -> st.SearchStrategy[Seed]:
    """Seeds of 32 arbitrary bytes."""
    return st.binary(min_size=32, max_size=32).map(Seed.from_bytes)


def dates(year: int | None = None) -> st.SearchStrategy[dt.date]:
    """Dates, within ``year`` when given."""
    if year is None:
        return st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
    return st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _attributes() -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(_NAMES, _TEXT, max_size=3)


def subjects(*, subject_ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Subject]:
    """Subjects with any grade, attributes and flags."""
    return st.builds(
        Subject,
        id=subject_ids or ids(),
        grade=grades(),
        name=_TEXT,
        attributes=_attributes(),
        flags=flags(),
    )


def inspectors(
    *, departments: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Inspector]:
    """Inspectors of any department, certification, qualification and conflicts."""
    return st.builds(
        Inspector,
        id=ids(),
        department=departments or _NAMES,
        name=_TEXT,
        unit=_TEXT,
        certified=st.booleans(),
        certificate_no=_TEXT,
        certificate_expires=st.none() | dates(),
        qualifications=st.frozensets(_NAMES, max_size=3),
        can_lead=st.booleans(),
        conflicts=st.frozensets(ids(), max_size=3),
        attributes=_attributes(),
    )


def ratio_sets() -> st.SearchStrategy[Ratios]:
    """:class:`Ratios`: an exact ratio for each grade (R2.1), shrinking to all 0."""
    return st.builds(Ratios, A=ratios(), B=ratios(), C=ratios(), D=ratios())


def flag_strata(
    *, flags: frozenset[Flag] | None = None, min_ratio: Fraction = Fraction(0)
) -> st.SearchStrategy[FlagStratum]:
    """:class:`FlagStratum` values: one or more flags (or ``flags``), a ratio from ``min_ratio``.

    The boost and relief strata of a plan (R2.4, R2.5).
    """
    chosen = st.just(flags) if flags else st.frozensets(st.sampled_from(Flag), min_size=1)
    return st.builds(
        FlagStratum, flags=chosen, ratio=st.fractions(min_ratio, 1, max_denominator=400)
    )


def periods(year: int | None = None) -> st.SearchStrategy[Period]:
    """:class:`Period` windows (within ``year`` when given) that end on or after they start."""

    def window(days: tuple[dt.date, dt.date, str]) -> Period:
        first, second, name = days
        return Period(start=min(first, second), end=max(first, second), name=name)

    return st.tuples(dates(year), dates(year), st.sampled_from(("", "H1", "H2")) | _TEXT).map(
        window
    )


def team_rules() -> st.SearchStrategy[TeamRule]:
    """:class:`TeamRule` values: teams of 2 to 5 (R4.2), a leader drawn, appointed or none."""
    return st.builds(
        TeamRule,
        size=st.integers(2, 5),
        leader=st.booleans() | st.just("appointed"),
        every_department=st.booleans(),
        max_load=st.none() | st.integers(1, 50),
    )


def cap_policies() -> st.SearchStrategy[CapPolicy]:
    """:class:`CapPolicy` values: a yearly cap of 1 to 3, any exempt flags (R5)."""
    return st.builds(
        CapPolicy,
        max_per_year=st.integers(1, 3),
        exempt_flags=flags(),
        department_rule=st.booleans(),
    )


def registries(
    *, max_size: int = 20, subject_ids: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Registry]:
    """:class:`Registry` snapshots of up to ``max_size`` subjects with unique ids.

    For large registries that look real, draw the factory's arguments
    instead: ``st.builds(randinspect.testing.registry, st.integers(0, 10_000),
    seed=st.integers(0, 2**32))`` (see :func:`large_registries`).
    """
    return st.lists(
        subjects(subject_ids=subject_ids), max_size=max_size, unique_by=_subject_id
    ).map(Registry)


def _subject_id(subject: Subject) -> str:
    return subject.id


def large_registries(*, max_size: int = 10_000) -> st.SearchStrategy[Registry]:
    """Registries from the factory :func:`randinspect.testing.registry`, up to ``max_size``.

    Realistic subjects, a size and a seed drawn (shrinking to an empty
    registry, seed 0): what Hypothesis cannot build subject by subject.
    """
    return st.builds(_registry, st.integers(0, max_size), seed=st.integers(0, 2**32))


def rectifications(start: dt.date | None = None) -> st.SearchStrategy[Rectification]:
    """:class:`Rectification` values, any state, deadlines after ``start`` (002 §5)."""
    return dates().flatmap(_rectifications) if start is None else _rectifications(start)


def handlings() -> st.SearchStrategy[Handling]:
    """:class:`Handling` decisions: a penalty with its day, a transfer with its authority, ..."""
    return dates().flatmap(lambda day: _handling(day, None))


def amendments() -> st.SearchStrategy[Amendment]:
    """:class:`Amendment` values: one to three changed fields with their JSON text (R5.6)."""

    def build(parts: tuple[dict[str, tuple[str, str]], str, str, dt.date]) -> Amendment:
        changes, reason, approved_by, day = parts
        return Amendment(
            before={k: v[0] for k, v in changes.items()},
            after={k: v[1] for k, v in changes.items()},
            reason=reason,
            approved_by=approved_by,
            approved_on=day,
        )

    fields = st.sampled_from(("ratios", "periods", "scope", "team", "caps"))
    json = st.sampled_from(('"5%"', '"10%"', "{}", "[]")) | st.text(max_size=8)
    return st.tuples(
        st.dictionaries(fields, st.tuples(json, json), min_size=1, max_size=3),
        _NAMES,
        st.sampled_from(("局长办公会", "局党组会")) | _NAMES,
        dates(),
    ).map(build)


def check_items(*, department: str | None = None) -> st.SearchStrategy[CheckItem]:
    """Check items with a listed minimum ratio per grade."""
    return st.builds(
        CheckItem,
        id=ids(),
        name=_NAMES,
        department=st.just(department) if department else _NAMES,
        basis=_TEXT,
        subject_type=st.none() | _NAMES,
        content=_TEXT,
        method=_TEXT,
        min_ratios=ratio_sets(),
        frequency=_TEXT,
        responsible_unit=_TEXT,
        qualification=st.none() | _NAMES,
        notes=_TEXT,
    )


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """Valid plans: joint or not, directed or not, with boosts, reliefs and periods."""
    year = draw(st.integers(2000, 2099))
    department = draw(_NAMES)
    partners = draw(st.frozensets(_NAMES, max_size=2))
    plan_ratios = draw(ratio_sets())
    departments = sorted(partners | {department})
    items = []
    for index, item_department in enumerate(departments):
        item = draw(check_items(department=item_department))
        share = draw(ratios())
        minimums = Ratios(**{g.value: plan_ratios[g] * share for g in Grade})
        items.append(attrs.evolve(item, id=f"item{index}", min_ratios=minimums))
    top = max(plan_ratios[g] for g in Grade)
    boost = draw(
        st.none()
        | st.builds(
            FlagStratum,
            flags=st.frozensets(st.sampled_from([Flag.HIGH_RISK, Flag.BLACKLISTED]), min_size=1),
            ratio=st.fractions(top, 1, max_denominator=400),
        )
    )
    relief = draw(
        st.none() | st.builds(FlagStratum, flags=st.just({Flag.TRUSTED}), ratio=ratios())
    )
    starts = draw(st.lists(dates(year), min_size=1, max_size=3, unique=True))
    periods = [
        Period(start=s, end=dt.date(year, 12, 31), name=f"P{i}") for i, s in enumerate(starts)
    ]
    return Plan(
        id=draw(ids()),
        year=year,
        department=department,
        items=items,
        unit=draw(_TEXT),
        partners=partners,
        scope=draw(
            st.dictionaries(_NAMES, st.frozensets(_TEXT, min_size=1, max_size=2), max_size=2)
        ),
        ratios=plan_ratios,
        boost=boost,
        relief=relief,
        periods=periods,
        team=draw(team_rules()),
        caps=draw(cap_policies()),
    )


@st.composite
def tasks(draw: st.DrawFn) -> Task:
    """Tasks, random or complaint-driven, with or without a team, date, period or partners."""
    team = draw(st.lists(ids(), max_size=4, unique=True))
    department = draw(_NAMES)
    on = draw(st.none() | dates())
    year = on.year if on else draw(st.none() | st.integers(2000, 2099))
    return Task(
        id=draw(ids()),
        plan_id=draw(ids()),
        subject_id=draw(ids()),
        items=draw(st.lists(ids(), min_size=1, max_size=3, unique=True)),
        inspectors=team,
        leader=draw(st.none() | st.sampled_from(team)) if team else None,
        period=draw(st.none() | st.just(Period.whole_year(year or 2024))),
        department=department,
        partners=draw(st.frozensets(_NAMES.filter(lambda name: name != department), max_size=2)),
        unit=draw(_TEXT),
        kind=draw(st.sampled_from(TaskKind)),
        on=on,
        year=year,
    )


@st.composite
def _rectifications(draw: st.DrawFn, start: dt.date) -> Rectification:
    deadline = start + dt.timedelta(days=draw(st.integers(0, 60)))
    state = draw(st.sampled_from(RectificationState))
    if state is RectificationState.NONE_NEEDED:
        return Rectification()
    done = deadline - dt.timedelta(days=draw(st.integers(0, 5)))
    return Rectification(
        state=state,
        deadline=deadline,
        rectified_on=max(done, start) if state is RectificationState.RECTIFIED else None,
    )


@st.composite
def _handling(draw: st.DrawFn, start: dt.date, penalty_on: dt.date | None) -> Handling:
    decision = draw(st.sampled_from([d for d in Decision if d is not Decision.NONE]))
    if decision is Decision.PENALTY:
        return Handling(decision=decision, decided_on=penalty_on or start)
    authority = draw(_NAMES) if decision in {Decision.TRANSFER, Decision.JUDICIAL} else ""
    return Handling(decision=decision, authority=authority)


@st.composite
def results(draw: st.DrawFn) -> Result:
    """Results whose dates run forwards, as the rules require (R6).

    A result that found a problem may carry a rectification and handling
    decisions (002 §5, 004 §2(8)); one that found none carries neither.
    """
    start = draw(dates())
    steps = draw(st.lists(st.integers(0, 40), min_size=6, max_size=6))

    def later(base: dt.date, days: int) -> dt.date | None:
        return base + dt.timedelta(days=days) if draw(st.booleans()) else None

    item_ids = draw(st.lists(ids(), max_size=3, unique=True))
    outcomes = {i: draw(st.sampled_from(Outcome)) for i in item_ids}
    reported = start + dt.timedelta(days=steps[0] + 5)
    sent = reported + dt.timedelta(days=steps[1])
    received = sent + dt.timedelta(days=steps[2])
    decided = later(start, steps[3])
    problem = any(o.is_problem for o in outcomes.values())
    rectification = Rectification()
    handling: tuple[Handling, ...] = ()
    if problem:
        rectification = draw(_rectifications(start))
        handling = tuple(draw(st.lists(_handling(start, decided), max_size=2)))
    return Result(
        task_id=draw(ids()),
        subject_id=draw(ids()),
        outcomes=outcomes,
        item_dates={i: start - dt.timedelta(days=draw(st.integers(0, 5))) for i in item_ids},
        inspected_on=start,
        reported_on=reported,
        feedback_sent_on=sent,
        feedback_received_on=received,
        comments_on=later(received, steps[4]),
        published_on=later(start, steps[5]),
        penalty_decided_on=decided,
        penalty_published_on=later(decided, steps[4]) if decided else None,
        handled_on=later(start, steps[5]),
        findings={i: draw(_TEXT) for i in item_ids if draw(st.booleans())},
        evaluation=draw(_TEXT),
        rectification=rectification,
        handling=handling,
        notes=draw(_TEXT),
    )


def seeds_of_text() -> st.SearchStrategy[Seed]:
    """Seeds derived from readable public text (``Seed.derive``), shrinking to one word."""
    return st.lists(_NAMES, min_size=1, max_size=3).map(lambda parts: Seed.derive(*parts))


def subject_draws(*, max_size: int = 200) -> st.SearchStrategy[SubjectDraw]:
    """:class:`SubjectDraw` values: the factories' plan drawn from a factory registry.

    A registry of up to ``max_size`` subjects with a history, both from a drawn
    seed, drawn with a seed derived from it (shrinking to an empty registry).
    """
    return st.builds(_subject_draw, st.integers(0, max_size), st.integers(0, 2**32))


def _subject_draw(size: int, seed: int) -> SubjectDraw:
    subjects = _registry(size, seed=seed, types=["养老机构", "酒店"])
    earlier = _history(subjects, seed=seed, year=2024)
    return draw_subjects(_plan(), subjects, seed=Seed.derive(str(seed)), history=earlier)


def assignments(*, max_size: int = 200) -> st.SearchStrategy[Assignment]:
    """:class:`Assignment` values: a :func:`subject_draws` draw staffed from a factory roster."""
    return st.builds(_assignment, st.integers(0, max_size), st.integers(0, 2**32))


def _assignment(size: int, seed: int) -> Assignment:
    drawn = _subject_draw(size, seed)
    team = _roster(12, seed=seed, registry=drawn.registry, conflicts="25%")
    return assign_inspectors(drawn, team, seed=Seed.derive(str(seed), "team"))


def campaigns(*, max_size: int = 200) -> st.SearchStrategy[Campaign]:
    """:class:`Campaign` values: none, one or both half-year rounds of the factories' plan.

    A registry of up to ``max_size`` subjects with a history of the year, both
    from a drawn seed; the rounds are drawn in order, each counting the ones
    before it (R5.1, R6.2). Shrinks to a campaign with no rounds.
    """
    return st.builds(_campaign, st.integers(0, max_size), st.integers(0, 2**32), st.integers(0, 2))


def _campaign(size: int, seed: int, rounds: int) -> Campaign:
    subjects = _registry(size, seed=seed, types=["养老机构"])
    year = Campaign(year=2024, history=_history(subjects, seed=seed, year=2024))
    whole_year = attrs.evolve(_plan(), periods=(Period.whole_year(2024),))
    for plan in half_year_rounds(whole_year)[:rounds]:
        year = year.draw(plan, subjects, seed=Seed.derive(str(seed), plan.id))
    return year


def campaign_rounds(*, max_size: int = 200) -> st.SearchStrategy[CampaignRound]:
    """:class:`CampaignRound` values: a round of a :func:`campaigns` campaign."""
    drawn = st.builds(_campaign, st.integers(0, max_size), st.integers(0, 2**32), st.just(2))
    return drawn.flatmap(lambda year: st.sampled_from(year.rounds))


def quota_policies() -> st.SearchStrategy[QuotaPolicy]:
    """:class:`~randinspect.analysis.QuotaPolicy` values: the factories' plan, one or two a year.

    Once a year or in its two half-year rounds, under ratios of variant W (000) or
    F (001) and a cap of 1 to 3 a year (shrinking to W, once, a cap of 1).
    """
    return st.builds(
        _quota_policy, st.sampled_from(["W", "F"]), st.integers(1, 2), st.integers(1, 3)
    )


def _quota_policy(ratios: str, rounds: int, cap: int) -> QuotaPolicy:
    once = attrs.evolve(
        _plan(ratios=ratios, caps=CapPolicy(max_per_year=cap)),
        periods=(Period.whole_year(2024),),
    )
    plans = (once,) if rounds == 1 else half_year_rounds(once)
    return QuotaPolicy(name=f"{ratios}-{rounds}-{cap}", plans=plans)


def _members(pick: Callable[[SubjectDraw], Sequence[T]]) -> st.SearchStrategy[T]:
    """One member of what ``pick`` takes from a draw of 200 to 400 factory subjects."""
    draws = st.builds(_subject_draw, st.integers(200, 400), st.integers(0, 2**32))
    return draws.map(pick).filter(bool).flatmap(st.sampled_from)


def stratum_draws() -> st.SearchStrategy[StratumDraw]:
    """:class:`StratumDraw` values: a stratum of a :func:`subject_draws` draw."""
    return _members(lambda drawn: drawn.strata)


def drawn_subjects() -> st.SearchStrategy[DrawnSubject]:
    """:class:`DrawnSubject` values: a drawn subject of a factory draw, with its key."""
    return _members(lambda drawn: drawn.drawn)


def subject_fates() -> st.SearchStrategy[SubjectFate]:
    """:class:`SubjectFate` values: what a factory draw did with one subject."""
    return _members(lambda drawn: drawn.fates())


def exclusions() -> st.SearchStrategy[Exclusion]:
    """:class:`Exclusion` values: a subject a factory draw's yearly cap left out (R5)."""
    return _members(lambda drawn: drawn.excluded)


def frozen_maps() -> st.SearchStrategy[FrozenMap[str, str]]:
    """:class:`FrozenMap` values from text to text, as attributes are."""
    return st.dictionaries(_NAMES, _TEXT, max_size=3).map(FrozenMap)


def deadline_policies() -> st.SearchStrategy[DeadlinePolicy]:
    """:class:`DeadlinePolicy` values: a source document's deadlines (R6)."""
    return st.sampled_from(DOCUMENTS).map(DeadlinePolicy.for_document)


def work_calendars() -> st.SearchStrategy[WorkCalendar]:
    """:class:`WorkCalendar` values: China's official calendar (the library's default)."""
    return st.just(default_calendar())


_REGISTERED: dict[type, Any] = {
    Seed: seeds(),
    Subject: subjects(),
    Inspector: inspectors(),
    CheckItem: check_items(),
    Plan: plans(),
    Task: tasks(),
    Result: results(),
    Ratios: ratio_sets(),
    FlagStratum: flag_strata(),
    Period: periods(),
    TeamRule: team_rules(),
    CapPolicy: cap_policies(),
    Registry: registries(),
    Rectification: rectifications(),
    Handling: handlings(),
    Amendment: amendments(),
    SubjectDraw: subject_draws(),
    Assignment: assignments(),
    Campaign: campaigns(),
    QuotaPolicy: quota_policies(),
    CampaignRound: campaign_rounds(),
    StratumDraw: stratum_draws(),
    DrawnSubject: drawn_subjects(),
    SubjectFate: subject_fates(),
    Exclusion: exclusions(),
    FrozenMap: frozen_maps(),
    DeadlinePolicy: deadline_policies(),
    WorkCalendar: work_calendars(),
}
"""The strategy ``st.from_type`` uses for each public value type (registered on import)."""

for _type, _strategy in _REGISTERED.items():
    st.register_type_strategy(_type, _strategy)
