"""The multi-year engine behind :func:`randinspect.analysis.simulate_policy` (private).

A policy's plans are drawn each year in sequence, as a
:class:`~randinspect.campaign.Campaign` of that year, against a fixed
registry. The yearly cap counts the tasks of its own year only (R5.1), so
with fixed seeds per trial and year the years are drawn independently.

* :func:`simulate_years` runs the library's own draws, trial by trial, and
  counts per grade who is never inspected after ``k`` years, the gaps
  between the years a subject is inspected, and the draws.
* :func:`exact_years` gives the same figures exactly where the year's
  campaign is exact: each subject is inspected in a year with its
  probability ``q`` (drawn at least once in the year's rounds), independently
  from year to year, so it is never inspected in ``k`` years with chance
  ``(1 - q)^k``, and the expected number of gaps of ``d`` years is the sum over
  pairs of years ``d`` apart of ``q^2 (1 - q)^m``, ``m`` the years between them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from randinspect._analysis_checks import (
    DEFAULT_BUDGET,
    MAX_YEARS,
    as_registry,
    base_seed,
    check_budget,
    check_plans,
    check_trials,
    number,
)
from randinspect._analysis_exact import Exact, Model, TooLarge, build_model, exact, trial_seed
from randinspect._checks import check_collection, check_type, check_year
from randinspect._values import check_id
from randinspect.campaign import Campaign, round_seed
from randinspect.draw import Seed
from randinspect.errors import RandInspectError, UnknownIdError, ValidationError, _relocated
from randinspect.model import Grade, Period, Plan, Subject
from randinspect.registry import Registry

__all__ = [
    "Figures",
    "GradeOutcome",
    "PolicyComparison",
    "PolicySimulation",
    "QuotaPolicy",
    "compare_policies",
    "exact_years",
    "gap_lengths",
    "plan_in_year",
    "simulate_policy",
    "simulate_years",
]


def plan_in_year(plan: Plan, year: int) -> Plan:
    """``plan`` moved to ``year``: the same plan, its periods on the same days of that year.

    A period of the whole year (``Period.whole_year``) becomes that year's;
    29 February becomes the 28th in a common year.
    """
    if plan.year == year:
        return plan
    shift = year - plan.year
    periods = tuple(_period_in(period, plan.year, shift) for period in plan.periods)
    return attrs.evolve(plan, year=year, periods=periods)


def _period_in(period: Period, year: int, shift: int) -> Period:
    if period == Period.whole_year(year):
        return Period.whole_year(year + shift)
    return Period(
        start=_day_in(period.start, shift), end=_day_in(period.end, shift), name=period.name
    )


def _day_in(day: dt.date, shift: int) -> dt.date:
    target = day.year + shift
    if day.month == 2 and day.day == 29:  # noqa: PLR2004  # the leap day
        return dt.date(target, 2, 28 if target % 4 or (target % 100 == 0 and target % 400) else 29)
    return day.replace(year=target)


def gap_lengths(years: Sequence[int]) -> tuple[int, ...]:
    """Every number of years between two of ``years`` (sorted, each once)."""
    return tuple(sorted({b - a for i, a in enumerate(years) for b in years[i + 1 :]}))


@attrs.frozen
class Figures:
    """One grade's figures: raw counts (simulated) or expectations (exact), with their totals."""

    subjects: int
    never: tuple[Fraction, ...]
    """Share of the grade's subjects never inspected in the first ``k`` years, ``k`` = 1, 2, ..."""
    gaps: tuple[tuple[int, Fraction], ...]
    """Per gap length ``d`` (years between two inspected years, none inspected between):
    its share of all gaps."""
    per_year: Fraction
    """Random inspections per subject per year."""


def simulate_years(
    registry: Registry,
    yearly: Sequence[tuple[int, tuple[Plan, ...]]],
    *,
    seed: Seed,
    trials: int,
) -> dict[Grade, Figures]:
    """Draw the years ``trials`` times with the library's draws; the figures per grade.

    Trial ``t`` of year ``y`` draws each plan with
    ``round_seed(Seed.derive(seed.hex, "trial-<t>", "year-<y>"), plan.id)``.
    """
    grade_of = {subject.id: subject.grade for subject in registry}
    sizes = dict.fromkeys(Grade, 0)
    for grade in grade_of.values():
        sizes[grade] += 1
    lengths = gap_lengths([year for year, _ in yearly])
    never = {grade: [0] * len(yearly) for grade in Grade}
    gaps = {grade: dict.fromkeys(lengths, 0) for grade in Grade}
    draws = dict.fromkeys(Grade, 0)
    for trial in range(trials):
        inspected: dict[str, list[int]] = {}
        for index, (year, plans) in enumerate(yearly):
            base = trial_seed(seed, f"trial-{trial}", f"year-{year}")
            campaign = Campaign(year=year)
            for plan in plans:
                campaign = campaign.draw(plan, registry, seed=round_seed(base, plan.id))
                for stratum in campaign.rounds[-1].draw.strata:
                    for subject_id in stratum.drawn:
                        draws[grade_of[subject_id]] += 1
                        seen = inspected.setdefault(subject_id, [])
                        if not seen or seen[-1] != index:
                            seen.append(index)
        first = {grade: [0] * len(yearly) for grade in Grade}
        for subject_id, indexes in inspected.items():
            grade = grade_of[subject_id]
            first[grade][indexes[0]] += 1
            for a, b in itertools.pairwise(indexes):
                gaps[grade][yearly[b][0] - yearly[a][0]] += 1
        for grade in Grade:
            reached = 0
            for k in range(len(yearly)):
                reached += first[grade][k]
                never[grade][k] += sizes[grade] - reached
    figures = {}
    for grade in Grade:
        size = sizes[grade]
        total = sum(gaps[grade].values())
        figures[grade] = Figures(
            subjects=size,
            never=tuple(Fraction(n, size * trials) if size else Fraction(0) for n in never[grade]),
            gaps=tuple(
                (d, Fraction(count, total) if total else Fraction(0))
                for d, count in gaps[grade].items()
            ),
            per_year=Fraction(draws[grade], size * trials * len(yearly)) if size else Fraction(0),
        )
    return figures


def exact_years(
    registry: Registry, model: Model, result: Exact, years: Sequence[int]
) -> dict[Grade, Figures]:
    """The figures per grade, exactly, from one year's exact campaign (the same every year)."""
    per_class: dict[tuple[int, Grade], int] = {}
    for subject in registry:
        key = (model.class_of[subject.id], subject.grade)
        per_class[key] = per_class.get(key, 0) + 1
    lengths = gap_lengths(years)
    figures = {}
    for grade in Grade:
        members = [(kind, n) for (kind, of), n in per_class.items() if of is grade]
        size = sum(n for _, n in members)
        never = [Fraction(0)] * len(years)
        gaps = dict.fromkeys(lengths, Fraction(0))
        per_year = Fraction(0)
        for kind, n in members:
            q = result.ever[kind] / model.sizes[kind]
            powers = [Fraction(1)]  # (1 - q)^m for m = 0, 1, ...
            for _ in years:
                powers.append(powers[-1] * (1 - q))
            for k in range(len(years)):
                never[k] += n * powers[k + 1]
            for i, a in enumerate(years):
                for j in range(i + 1, len(years)):
                    gaps[years[j] - a] += n * q * q * powers[j - i - 1]
            per_year += (
                n * sum((row[kind] for row in result.drawn), Fraction(0)) / model.sizes[kind]
            )
        total = sum(gaps.values(), Fraction(0))
        figures[grade] = Figures(
            subjects=size,
            never=tuple(value / size if size else Fraction(0) for value in never),
            gaps=tuple((d, value / total if total else Fraction(0)) for d, value in gaps.items()),
            per_year=per_year / size if size else Fraction(0),
        )
    return figures


# --- policies over years ----------------------------------------------------------------------


def _to_plans(value: Any) -> tuple[Plan, ...]:
    return check_plans(value, "QuotaPolicy", field="plans")


def _check_name(instance: object, attribute: Any, value: Any) -> None:
    check_id(value, obj="QuotaPolicy", field="name")


@attrs.frozen(kw_only=True)
class QuotaPolicy:
    """A quota rule to try: the plans a department draws each year, in order (R2, R5, R6.2).

    Each year of a simulation draws ``plans`` in sequence as one
    :class:`~randinspect.campaign.Campaign`, every plan moved to that year
    (its periods on the same days). Give each round its own plan, e.g.
    ``QuotaPolicy(name="W", plans=half_year_rounds(plan))`` for two draws a year.

    Attributes:
        name: The policy's name, an id (it names the rows of a comparison).
        plans: 1 to 24 plans of one year, ids distinct.
    """

    name: str = attrs.field(validator=_check_name)
    plans: tuple[Plan, ...] = attrs.field(converter=_to_plans)

    def plans_for(self, year: int) -> tuple[Plan, ...]:
        """The policy's plans moved to ``year``, as a simulation draws them.

        Raises:
            ValidationError: ``year`` is not a calendar year, or a plan cannot
                be moved there (as :class:`~randinspect.model.Plan` says).
        """
        check_year(year, obj=f"QuotaPolicy {self.name!r}.plans_for")
        index = 0
        try:
            moved = []
            for index, plan in enumerate(self.plans):  # noqa: B007  # the index names the plan at fault
                moved.append(plan_in_year(plan, year))
        except RandInspectError as error:
            raise _relocated(
                error, obj=f"QuotaPolicy {self.name!r} in {year}", field=f"plans[{index}]"
            ) from None
        return tuple(moved)


@attrs.frozen(kw_only=True)
class GradeOutcome:
    """A policy's figures for one credit grade, exact or simulated.

    Attributes:
        grade: The grade.
        subjects: The registry's subjects of that grade.
        method: ``"exact"`` or ``"simulated"``.
        never_inspected: ``never_inspected[k - 1]``: the share of the grade's
            subjects not randomly inspected in the first ``k`` years.
        gaps: ``(d, share)`` for every ``d`` two simulated years lie apart:
            among the gaps between consecutive years in which a subject was
            inspected, the share that are ``d`` years long.
        inspections_per_year: Random inspections per subject per year.
    """

    grade: Grade
    subjects: int
    method: str
    never_inspected: tuple[Fraction, ...]
    gaps: tuple[tuple[int, Fraction], ...]
    inspections_per_year: Fraction


@attrs.frozen(kw_only=True)
class PolicySimulation:
    """A policy drawn over years: per grade, who goes uninspected and for how long.

    Attributes:
        policy: The policy.
        years: The years drawn, in order.
        trials: How many times the years were simulated.
        seed: The simulation's seed: trial ``t`` of year ``y`` draws plan ``p``
            with ``round_seed(Seed.derive(seed.hex, "trial-<t>", "year-<y>"), p.id)``.
        outcomes: Per grade A to D, the simulated figures, then (when the year's
            campaign is exact within the budget) the exact ones.
        exact: Whether exact figures are among the outcomes.
        note: Why there are no exact figures, when there are none.
    """

    policy: QuotaPolicy
    years: tuple[int, ...]
    trials: int
    seed: Seed
    outcomes: tuple[GradeOutcome, ...]
    exact: bool
    note: str

    def outcome(self, grade: Grade | str, *, method: str = "simulated") -> GradeOutcome:
        """The figures of ``grade`` (a Grade or what :meth:`Grade.parse` reads) by ``method``.

        Raises:
            ValidationError: ``grade`` is not a grade, or ``method`` neither
                ``"simulated"`` nor ``"exact"``.
            UnknownIdError: no such figures (``method="exact"`` without exact figures).
        """
        obj = f"PolicySimulation of {self.policy.name!r}"
        wanted = grade if isinstance(grade, Grade) else Grade.parse(grade, obj=obj, field="grade")
        if not (type(method) is str and method in {"simulated", "exact"}):
            raise ValidationError(
                "names no method",
                obj=obj,
                field="method",
                value=method,
                fix="pass method='simulated' or method='exact'",
            )
        for found in self.outcomes:
            if found.grade is wanted and found.method == method:
                return found
        raise UnknownIdError(
            "no figures of this method",
            obj=obj,
            field="method",
            value=method,
            fix="ask for method='simulated'" + (f"; {self.note}" if self.note else ""),
        )

    def to_rows(self) -> list[dict[str, Any]]:
        """Flat rows, one per figure, with stable column names.

        ``policy``, ``method``, ``trials``, ``grade``, ``subjects``, ``measure``
        (``never_inspected``, ``gap_share`` or ``inspections_per_year``),
        ``years`` (``k`` or ``d``; ``None`` for the rate), ``value`` (a float)
        and ``value_fraction`` (exact, as text).
        """
        rows = []
        for outcome in self.outcomes:
            trials = self.trials if outcome.method == "simulated" else 0
            head = {
                "policy": self.policy.name,
                "method": outcome.method,
                "trials": trials,
                "grade": outcome.grade.value,
                "subjects": outcome.subjects,
            }
            figures: list[tuple[str, int | None, Fraction]] = [
                ("never_inspected", k, share)
                for k, share in enumerate(outcome.never_inspected, start=1)
            ]
            figures += [("gap_share", d, share) for d, share in outcome.gaps]
            figures.append(("inspections_per_year", None, outcome.inspections_per_year))
            rows += [
                {
                    **head,
                    "measure": measure,
                    "years": years,
                    "value": number(value),
                    "value_fraction": str(value),
                }
                for measure, years, value in figures
            ]
        return rows


def _outcomes(figures: Mapping[Grade, Figures], method: str) -> list[GradeOutcome]:
    return [
        GradeOutcome(
            grade=grade,
            subjects=found.subjects,
            method=method,
            never_inspected=found.never,
            gaps=found.gaps,
            inspections_per_year=found.per_year,
        )
        for grade, found in figures.items()
    ]


def _check_years(years: object, obj: str) -> tuple[int, ...]:
    given: tuple[Any, ...] = check_collection(
        years, obj=obj, field="years", what="years", fix="pass e.g. range(2024, 2029)"
    )
    if not 1 <= len(given) <= MAX_YEARS:
        raise ValidationError(
            f"holds {len(given)} years; a simulation runs over 1 to {MAX_YEARS}",
            obj=obj,
            field="years",
            value=len(given),
            fix="pass e.g. range(2024, 2029)",
        )
    for index, year in enumerate(given):
        check_year(year, obj=obj, field=f"years[{index}]")
        if index and year <= given[index - 1]:
            raise ValidationError(
                "the years must rise",
                obj=obj,
                field=f"years[{index}]",
                value=year,
                fix="list each year once, in order",
            )
    return given


def simulate_policy(  # the policy, then the simulation's settings
    policy: QuotaPolicy,
    registry: Registry | Iterable[Subject],
    *,
    years: Iterable[int],
    trials: int = 100,
    seed: Seed | None = None,
    budget: int = DEFAULT_BUDGET,
) -> PolicySimulation:
    """Draw ``policy`` every year of ``years``, ``trials`` times: who goes uninspected, how long.

    Each year is one :class:`~randinspect.campaign.Campaign` of the policy's
    plans moved to that year, against ``registry`` as it stands (the same
    every year) and no earlier tasks: the yearly cap counts its own year
    (R5.1). Per grade, the result gives the share of subjects never randomly
    inspected in the first ``k`` years, the distribution of the years between
    inspections (a year counts as inspected when any round drew the
    subject), and the inspections per subject per year; simulated over fixed
    seeds (``seed``, by default ``Seed.derive(ANALYSIS_SEED)``), so the same
    on every machine. Two policies simulated with the same seed and years
    share their random numbers where their plans share ids. When one year's
    campaign is exact within ``budget`` (:func:`campaign_probabilities`), the
    exact figures come too, years being independent: a subject drawn in a
    year with chance ``q`` goes ``k`` years uninspected with chance ``(1 - q)^k``.

    Raises:
        ValidationError: ``policy`` is not a QuotaPolicy, the registry is malformed,
            the years are not 1 to 100 rising calendar years, or trials or
            budget is out of range.
        InvalidSeedError: ``seed`` is neither None nor a Seed.
    """
    obj = "simulate_policy"
    check_type(
        policy,
        QuotaPolicy,
        obj=obj,
        field="policy",
        fix="build it with QuotaPolicy(name=..., plans=[...])",
    )
    members = as_registry(registry, obj)
    chosen = _check_years(years, obj)
    count = check_trials(trials, obj)
    base = base_seed(seed, obj)
    limit = check_budget(budget, obj)
    yearly = [(year, policy.plans_for(year)) for year in chosen]
    outcomes = _outcomes(simulate_years(members, yearly, seed=base, trials=count), "simulated")
    model = build_model(yearly[0][1], members, ())
    note = ""
    try:
        result = exact(model, budget=limit)
    except TooLarge:
        note = f"a year's exact campaign would take more than {limit:,} steps of work"
    else:
        outcomes += _outcomes(exact_years(members, model, result, chosen), "exact")
    return PolicySimulation(
        policy=policy,
        years=chosen,
        trials=count,
        seed=base,
        outcomes=tuple(outcomes),
        exact=not note,
        note=note,
    )


@attrs.frozen(kw_only=True)
class PolicyComparison:
    """Two policies simulated over the same years with the same seeds, side by side.

    Attributes:
        first: The first policy's simulation.
        second: The second policy's simulation.
    """

    first: PolicySimulation
    second: PolicySimulation

    def to_rows(self) -> list[dict[str, Any]]:
        """One flat row per figure both have, side by side, with stable column names.

        ``measure``, ``grade``, ``years``, ``method``, ``trials``,
        ``first_policy``, ``first_value`` (and ``_fraction``), ``second_policy``,
        ``second_value`` (and ``_fraction``), ``difference`` (second less
        first, and ``_fraction``).
        """
        key = ("method", "grade", "measure", "years")
        second = {tuple(row[k] for k in key): row for row in self.second.to_rows()}
        rows = []
        for row in self.first.to_rows():
            other = second.get(tuple(row[k] for k in key))
            if other is None:
                continue
            difference = Fraction(other["value_fraction"]) - Fraction(row["value_fraction"])
            rows.append(
                {
                    "measure": row["measure"],
                    "grade": row["grade"],
                    "years": row["years"],
                    "method": row["method"],
                    "trials": row["trials"],
                    "first_policy": row["policy"],
                    "first_value": row["value"],
                    "first_fraction": row["value_fraction"],
                    "second_policy": other["policy"],
                    "second_value": other["value"],
                    "second_fraction": other["value_fraction"],
                    "difference": number(difference),
                    "difference_fraction": str(difference),
                }
            )
        return rows


def compare_policies(  # two policies, then the simulation's settings
    first: QuotaPolicy,
    second: QuotaPolicy,
    registry: Registry | Iterable[Subject],
    *,
    years: Iterable[int],
    trials: int = 100,
    seed: Seed | None = None,
    budget: int = DEFAULT_BUDGET,
) -> PolicyComparison:
    """Simulate two policies with the same registry, years and seed: :func:`simulate_policy` twice.

    Raises:
        ValidationError: as :func:`simulate_policy`, or the two policies share a name.
        InvalidSeedError: ``seed`` is neither None nor a Seed.
    """
    obj = "compare_policies"
    for field, policy in (("first", first), ("second", second)):
        check_type(
            policy,
            QuotaPolicy,
            obj=obj,
            field=field,
            fix="build it with QuotaPolicy(name=..., plans=[...])",
        )
    if first.name == second.name:
        raise ValidationError(
            "the two policies share a name, so their rows could not be told apart",
            obj=obj,
            field="second.name",
            value=second.name,
            fix="give each policy its own name",
        )
    members = as_registry(registry, obj)
    chosen = _check_years(years, obj)
    settings = {
        "years": chosen,
        "trials": check_trials(trials, obj),
        "seed": base_seed(seed, obj),
        "budget": check_budget(budget, obj),
    }  # checked here, so that an error names compare_policies
    return PolicyComparison(
        first=simulate_policy(first, members, **settings),  # type: ignore[arg-type]
        second=simulate_policy(second, members, **settings),  # type: ignore[arg-type]
    )
