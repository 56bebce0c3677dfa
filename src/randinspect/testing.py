"""Hypothesis strategies for every public randinspect type, for your tests too.

Importing this module needs `hypothesis` (a test dependency, never a runtime
one; ``import randinspect`` does not import this module)::

    from hypothesis import given
    from randinspect.testing import subjects

    @given(subjects())
    def test_round_trip(subject):
        assert subject == type(subject).from_mapping(subject.to_data())

Every value a strategy yields is valid: it constructs without error.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
from hypothesis import strategies as st

from randinspect.draw import Seed
from randinspect.model import (
    CapPolicy,
    CheckItem,
    Decision,
    Flag,
    FlagStratum,
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

__all__ = [
    "check_items",
    "dates",
    "flags",
    "grades",
    "ids",
    "inspectors",
    "plans",
    "ratios",
    "results",
    "seeds",
    "subjects",
    "tasks",
]

_ID_CHARS = st.characters(exclude_categories=["Cc", "Cs"], exclude_characters="|")
_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=8)
_NAMES = st.text(st.characters(exclude_categories=["Cs", "Z", "Cc"]), min_size=1, max_size=8)


def ids() -> st.SearchStrategy[str]:
    """Valid ids: non-empty, no ``|``, no control characters."""
    return st.text(_ID_CHARS, min_size=1, max_size=10)


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


def _ratio_sets() -> st.SearchStrategy[Ratios]:
    return st.builds(Ratios, A=ratios(), B=ratios(), C=ratios(), D=ratios())


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
        min_ratios=_ratio_sets(),
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
    plan_ratios = draw(_ratio_sets())
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
        team=draw(
            st.builds(
                TeamRule,
                size=st.integers(2, 5),
                leader=st.booleans(),
                every_department=st.booleans(),
                max_load=st.none() | st.integers(1, 50),
            )
        ),
        caps=draw(
            st.builds(
                CapPolicy,
                max_per_year=st.integers(1, 3),
                exempt_flags=flags(),
                department_rule=st.booleans(),
            )
        ),
    )


@st.composite
def tasks(draw: st.DrawFn) -> Task:
    """Tasks, random or complaint-driven, with or without a team, date or period."""
    team = draw(st.lists(ids(), max_size=4, unique=True))
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
        department=draw(_NAMES),
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
