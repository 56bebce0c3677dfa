"""The campaign report's engine: per-stratum tallies and the stratified estimate (private; R7.4).

:func:`build_report` turns the per-stratum :class:`Tally` of a campaign's
results into the :class:`StratumReport` and :class:`CampaignReport` values
that :func:`randinspect.reporting.summarize` returns (the types are public
from ``randinspect.reporting``); :func:`stratified_estimate` is the estimate.

A draw is a stratified simple random sample: within each stratum the drawn
subjects are the eligible ones with the smallest keyed hashes, a uniformly
random subset of the stratum's eligible subjects (randinspect-draw/1). So
the classic estimator of a stratified random sample applies (Cochran,
*Sampling Techniques*, 3rd ed., 1977, ch. 5):

- the estimate ``p_st = sum_h W_h p_h`` with ``W_h = N_h / N`` (eq. 5.1, the
  stratified mean, in its proportion form of §5.8 "Stratified sampling for
  proportions");
- its estimated variance with the finite-population correction
  ``v(p_st) = sum_h W_h^2 (1 - f_h) p_h q_h / (n_h - 1)``, ``f_h = n_h / N_h``
  (eq. 5.7, ``V = sum W_h^2 S_h^2 (1 - f_h) / n_h``, with ``S_h^2`` estimated
  by ``s_h^2 = n_h p_h q_h / (n_h - 1)``, §5.8);
- the interval: a Wilson score interval (Wilson 1927) on the effective
  sample size ``n_eff = p_st q_st / v(p_st)`` (Kish's design effect: the
  size of a simple random sample with the same variance), capped at the
  number of results ``n``. Korn & Graubard (1998) put Clopper-Pearson on
  ``n_eff``; Wilson was chosen by measured coverage (docs/reporting.md): the
  plain Wald interval ``p +- z sqrt(v)`` falls far below its nominal
  coverage at rates of a few per cent in strata of 2 to 50.

Rules for the edges, each documented in docs/reporting.md:

- a stratum whose every eligible subject has a result (``n_h = N_h``)
  adds no variance (``1 - f_h = 0``);
- a stratum of one result among several subjects (``n_h = 1 < N_h``) has no
  variance estimate of its own; it gets the largest a 0/1 variable can have
  there, ``S_h^2 = N_h / (4 (N_h - 1))`` (conservative);
- when ``p_st q_st = 0`` (no problem found anywhere, or problems everywhere)
  or ``v(p_st) = 0``, ``n_eff = n``: the Wilson interval of ``p_st`` on the
  ``n`` results, which for ``p_st = 0`` is ``[0, z^2 / (n + z^2)]``;
- ``n_eff`` is never more than ``n``: a design effect below 1 is not
  credited (without the cap, coverage at 10 % fell to 92-93 % in small
  strata).

Counts, the estimate, its variance and ``n_eff`` are exact
:class:`~fractions.Fraction` values; only the interval's ends, which need a
square root and a normal quantile (stdlib :class:`statistics.NormalDist`),
are floats.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction
from statistics import NormalDist
from typing import Any

import attrs

from randinspect._outcomes import NO_RECTIFICATION
from randinspect._tablerows import Labels, check_labels, check_table, day, exact, ratio
from randinspect._values import FrozenMap, format_ratio, parse_ratio
from randinspect.calendar import WorkCalendar
from randinspect.deadlines import DeadlinePolicy
from randinspect.errors import RuleViolationError, UnknownIdError, ValidationError
from randinspect.model import Decision, Outcome, OutcomeClass, RectificationState, Result
from randinspect.sampling import SubjectDraw

__all__ = [
    "METHOD",
    "OVERALL",
    "CampaignReport",
    "Estimate",
    "ReportOptions",
    "StratumReport",
    "StratumSample",
    "Tally",
    "build_report",
    "check_confidence",
    "counts",
    "stratified_estimate",
]

OVERALL = "overall"
"""The name of a campaign report's whole-campaign line."""

METHOD = "stratified-wilson-neff"
"""The name of the interval method: Wilson on the effective sample size."""

MIN_CONFIDENCE = Fraction(1, 2)
"""The lowest confidence level an interval may be asked for."""
MAX_CONFIDENCE = Fraction(9999, 10000)
"""The highest confidence level an interval may be asked for."""


@attrs.frozen(kw_only=True)
class StratumSample:
    """One stratum's part in an estimate: its population, results and problems.

    Attributes:
        name: The stratum's name.
        population: ``N_h``, the subjects the stratum's sample was drawn from.
        sampled: ``n_h``, the results that count (assessable ones).
        problems: ``x_h``, those of them that found a problem.
    """

    name: str
    population: int
    sampled: int
    problems: int


@attrs.frozen(kw_only=True)
class Estimate:
    """The estimated problem rate of a population, with a confidence interval (R7.4).

    Attributes:
        rate: ``p_st``, the stratified estimate, exact.
        low: The interval's lower end (a float: it needs a square root).
        high: The interval's upper end (a float).
        confidence: The interval's nominal confidence level, e.g. 95/100.
        method: How the interval was made: :data:`METHOD`.
        variance: ``v(p_st)``, the estimated variance with the
            finite-population correction, exact.
        effective_size: ``n_eff``, the size of a simple random sample with
            the same variance, capped at ``sample_size``; exact.
        sample_size: ``n``, the results the estimate rests on.
        population: ``N``, the subjects the estimate covers.
        strata: The strata it covers, in the draw's order.
    """

    rate: Fraction
    low: float
    high: float
    confidence: Fraction
    method: str
    variance: Fraction
    effective_size: Fraction
    sample_size: int
    population: int
    strata: tuple[str, ...]

    def to_data(self) -> dict[str, object]:
        """Plain JSON-compatible data: exact numbers as ``"p/q"`` text, ends as floats."""
        return {
            "rate": str(self.rate),
            "low": self.low,
            "high": self.high,
            "confidence": format_ratio(self.confidence),
            "method": self.method,
            "variance": str(self.variance),
            "effective_size": str(self.effective_size),
            "sample_size": self.sample_size,
            "population": self.population,
            "strata": list(self.strata),
        }


def check_confidence(value: object, *, obj: str) -> Fraction:
    """Read a confidence level: ``"95%"``, ``Fraction(95, 100)``, ``"0.95"``.

    Raises:
        ValidationError: unreadable, or outside 50 %..99.99 %.
    """
    level = parse_ratio(value, obj=obj, field="confidence")
    if not MIN_CONFIDENCE <= level <= MAX_CONFIDENCE:
        raise ValidationError(
            "must be a confidence level from 50% to 99.99%",
            obj=obj,
            field="confidence",
            value=value,
            rule="R7.4",
            fix='pass e.g. "95%" or Fraction(95, 100)',
        )
    return level


def _unit_variance(stratum: StratumSample) -> Fraction:
    """``s_h^2``: the stratum's estimated unit variance (Cochran §5.8), or its bound."""
    n, x, size = stratum.sampled, stratum.problems, stratum.population
    if n >= 2:  # noqa: PLR2004  # s_h^2 needs two results
        return Fraction(x * (n - x), n * (n - 1))
    return Fraction(size, 4 * (size - 1))  # one result of several: the largest S_h^2


def wilson(rate: Fraction, size: Fraction, z: float) -> tuple[float, float]:
    """The Wilson score interval of ``rate`` on ``size`` trials, clipped to [0, 1]."""
    p, n = float(rate), float(size)
    z2 = z * z
    scale = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / scale
    half = z * math.sqrt(max(p * (1 - p) / n + z2 / (4 * n * n), 0.0)) / scale
    low = 0.0 if rate == 0 else max(0.0, centre - half)
    high = 1.0 if rate == 1 else min(1.0, centre + half)
    return low, high


def stratified_estimate(
    strata: Iterable[StratumSample], *, confidence: Fraction, obj: str = "estimate"
) -> Estimate:
    """The stratified estimate over ``strata`` with results (see the module docstring).

    Strata without a result are left out: the estimate covers the others
    (the caller says so in its report).

    Raises:
        RuleViolationError: no stratum has a result: there is nothing to estimate from.
    """
    used = [s for s in strata if s.sampled > 0]
    total = sum(s.population for s in used)
    sample_size = sum(s.sampled for s in used)
    if not used or total == 0:
        raise RuleViolationError(
            "no assessable results to estimate the problem rate from",
            obj=obj,
            field="estimate",
            value=0,
            rule="R7.4",
            fix="record results for the drawn subjects (check_results) before asking for it",
        )
    rate = Fraction(0)
    variance = Fraction(0)
    for stratum in used:
        weight = Fraction(stratum.population, total)
        rate += weight * Fraction(stratum.problems, stratum.sampled)
        unsampled = stratum.population - stratum.sampled
        if unsampled > 0:
            correction = Fraction(unsampled, stratum.population)  # 1 - f_h
            variance += weight * weight * correction * _unit_variance(stratum) / stratum.sampled
    spread = rate * (1 - rate)
    effective = Fraction(sample_size)
    if spread > 0 and variance > 0:
        effective = min(effective, spread / variance)
    z = NormalDist().inv_cdf(float((1 + confidence) / 2))
    low, high = wilson(rate, effective, z)
    return Estimate(
        rate=rate,
        low=low,
        high=high,
        confidence=confidence,
        method=METHOD,
        variance=variance,
        effective_size=effective,
        sample_size=sample_size,
        population=total,
        strata=tuple(s.name for s in used),
    )


@attrs.frozen(kw_only=True)
class ReportOptions:
    """What :func:`build_report` is asked for, already checked.

    Attributes:
        confidence: The intervals' confidence level.
        on: The day follow-up and deadlines are judged on, or ``None``.
        policy: The deadlines followed, or ``None``.
        calendar: The working-day calendar, or ``None`` for the default.
    """

    confidence: Fraction
    on: dt.date | None
    policy: DeadlinePolicy | None
    calendar: WorkCalendar | None


# --- the campaign report's lines (000 §3(3), R7.4) -----------------------------------


def _rate(numerator: int, denominator: int) -> Fraction | None:
    return Fraction(numerator, denominator) if denominator else None


@attrs.frozen(kw_only=True)
class StratumReport:
    """One stratum's line of a campaign report, or the whole campaign's (R7.4).

    A rate whose denominator is 0 is ``None``.

    Attributes:
        name: A grade letter, ``boost``, ``relief``, or ``overall``.
        ratio: The stratum's sampling ratio (``None`` for ``overall``).
        in_scope: ``N_s``, the in-scope subjects.
        eligible: Those the yearly cap left drawable (R5).
        required: ``ceil(N_s x r_s)`` (R2.2).
        drawn: The subjects drawn (tasks).
        inspected: The results received.
        missing: Drawn subjects without a result.
        assessable: Results whose class is problem or no problem.
        not_assessable: Results whose class is not assessable (closed,
            deregistered, no such business, ...).
        problems: Results that found a problem (R7.3 refusals and falsification included).
        problem_rate: ``problems / assessable`` (发现问题率): not-assessable
            results are left out of the denominator, for nothing could be
            found where nothing could be checked (R7.4).
        ratio_achieved: ``inspected / in_scope``, to set against ``ratio`` (R2.2, R7.4).
        ratio_met: Whether ``inspected`` reaches ``required`` (for
            ``overall``: in every stratum).
        outcomes: Results per overall outcome (every outcome, zeros included).
        rectification: Results per rectification state (R7.4, 003 art. 22).
        rectification_overdue: Orders to put things right still open after
            their deadline on the report's day; ``None`` without a day.
        handling: Results per handling decision; a result with none recorded
            counts as ``none`` (004 §2(8)).
        overdue: Late deadlines per deadline name on the report's day (R6);
            ``None`` without a day and a policy.
    """

    name: str
    ratio: Fraction | None
    in_scope: int
    eligible: int
    required: int
    drawn: int
    inspected: int
    missing: int
    assessable: int
    not_assessable: int
    problems: int
    problem_rate: Fraction | None
    ratio_achieved: Fraction | None
    ratio_met: bool
    outcomes: FrozenMap[Outcome, int]
    rectification: FrozenMap[RectificationState, int]
    rectification_overdue: int | None
    handling: FrozenMap[Decision, int]
    overdue: FrozenMap[str, int] | None
    _estimate: Estimate | None = attrs.field(alias="estimate", repr=False)

    @property
    def has_estimate(self) -> bool:
        """Whether there are assessable results to estimate from."""
        return self._estimate is not None

    @property
    def estimate(self) -> Estimate:
        """The estimated problem rate, with its interval (``docs/reporting.md``).

        For a stratum, of its eligible subjects; for ``overall``, of those of
        every stratum with an assessable result.

        Raises:
            RuleViolationError: there is no assessable result to estimate from.
        """
        if self._estimate is None:
            raise RuleViolationError(
                "no assessable results to estimate the problem rate from",
                obj=f"StratumReport {self.name!r}",
                field="estimate",
                value=self.assessable,
                rule="R7.4",
                fix="record results for the drawn subjects before asking for the estimate",
            )
        return self._estimate

    @property
    def overdue_total(self) -> int | None:
        """All late deadlines, or ``None`` without a day and a policy."""
        return None if self.overdue is None else sum(self.overdue.values())

    def to_data(self) -> dict[str, Any]:
        """Plain JSON-compatible data: rates as exact ``"p/q"`` text, enums by value."""
        return {
            "name": self.name,
            "ratio": None if self.ratio is None else format_ratio(self.ratio),
            "in_scope": self.in_scope,
            "eligible": self.eligible,
            "required": self.required,
            "drawn": self.drawn,
            "inspected": self.inspected,
            "missing": self.missing,
            "assessable": self.assessable,
            "not_assessable": self.not_assessable,
            "problems": self.problems,
            "problem_rate": exact(self.problem_rate),
            "ratio_achieved": exact(self.ratio_achieved),
            "ratio_met": self.ratio_met,
            "outcomes": {k.value: v for k, v in self.outcomes.items()},
            "rectification": {k.value: v for k, v in self.rectification.items()},
            "rectification_overdue": self.rectification_overdue,
            "handling": {k.value: v for k, v in self.handling.items()},
            "overdue": None if self.overdue is None else dict(self.overdue),
            "estimate": None if self._estimate is None else self._estimate.to_data(),
        }


@attrs.frozen(kw_only=True)
class CampaignReport:
    """The report of one campaign: per stratum and overall (000 §3(3), R7.4).

    The whole campaign's figures are also this value's own attributes
    (``report.problem_rate`` is ``report.overall.problem_rate``).

    Attributes:
        plan_id: The plan.
        year: The plan's year.
        department: The initiating department.
        on: The day follow-up and deadlines are judged on, or ``None``.
        confidence: The estimates' confidence level.
        strata: Per stratum, in the draw's order.
        overall: The whole campaign.
        covers: What population the overall estimate covers, in words.
        notes: What a reader should know: exclusions, missing results,
            strata below their ratio, what the estimate leaves out.
    """

    plan_id: str
    year: int
    department: str
    on: dt.date | None
    confidence: Fraction
    strata: tuple[StratumReport, ...]
    overall: StratumReport
    covers: str
    notes: tuple[str, ...]

    @property
    def in_scope(self) -> int:
        """In-scope subjects of the campaign."""
        return self.overall.in_scope

    @property
    def eligible(self) -> int:
        """Eligible subjects of the campaign (R5)."""
        return self.overall.eligible

    @property
    def required(self) -> int:
        """Subjects required by the ratios (R2.2)."""
        return self.overall.required

    @property
    def drawn(self) -> int:
        """Subjects drawn."""
        return self.overall.drawn

    @property
    def inspected(self) -> int:
        """Results received."""
        return self.overall.inspected

    @property
    def missing(self) -> int:
        """Drawn subjects without a result."""
        return self.overall.missing

    @property
    def problems(self) -> int:
        """Results that found a problem."""
        return self.overall.problems

    @property
    def problem_rate(self) -> Fraction | None:
        """Problems per assessable result (发现问题率, R7.4); ``None`` with none."""
        return self.overall.problem_rate

    @property
    def ratio_achieved(self) -> Fraction | None:
        """Results per in-scope subject; ``None`` for an empty scope."""
        return self.overall.ratio_achieved

    @property
    def estimate(self) -> Estimate:
        """The estimated problem rate of the population covered (:attr:`covers`).

        Raises:
            RuleViolationError: there is no assessable result to estimate from.
        """
        return self.overall.estimate

    def stratum(self, name: str) -> StratumReport:
        """The line of the stratum called ``name`` (``"A"``, ``"boost"``, ``"overall"``).

        Raises:
            UnknownIdError: no such stratum.
        """
        for line in (*self.strata, self.overall):
            if isinstance(name, str) and line.name == name:
                return line
        raise UnknownIdError(
            "no such stratum in this report",
            obj=f"CampaignReport of plan {self.plan_id!r}",
            field="name",
            value=name,
            fix=f"use one of {[s.name for s in self.strata] + [OVERALL]}",
        )

    def to_data(self) -> dict[str, Any]:
        """Plain JSON-compatible data."""
        return {
            "plan_id": self.plan_id,
            "year": self.year,
            "department": self.department,
            "on": day(self.on),
            "confidence": format_ratio(self.confidence),
            "strata": [s.to_data() for s in self.strata],
            "overall": self.overall.to_data(),
            "covers": self.covers,
            "notes": list(self.notes),
        }

    def to_rows(self, *, table: str = "strata", labels: str | None = None) -> list[dict[str, Any]]:
        """The report as a table: ``strata`` (the default) or ``counts``.

        ``strata``: one row per stratum, then the ``overall`` line: the counts,
        the ratio and rates as exact text (``"5%"``, ``"3/20"``), the overdue
        total and the estimate (exact rate, interval ends as floats; ``None``
        without assessable results). ``counts``: one row per stratum (and
        overall) and count: ``count_of`` is ``outcome``, ``rectification``,
        ``handling`` or ``overdue``, ``value`` the outcome, state, decision
        (labelled with ``labels="zh"``: 未发现问题, 已整改, 行政处罚) or the
        deadline's name, ``count`` the number of results, zeros included.

        Raises:
            ValidationError: ``table`` or ``labels`` is not one this takes.
        """
        obj = f"CampaignReport of plan {self.plan_id!r}"
        lab = check_labels(labels, obj=obj)
        lines = (*self.strata, self.overall)
        if check_table(table, REPORT_TABLES, obj=obj) == "counts":
            return [
                {
                    "plan_id": self.plan_id,
                    "stratum": lab.stratum(line.name),
                    "count_of": count_of,
                    "value": value if isinstance(value, str) else lab.of(value),
                    "count": count,
                }
                for line in lines
                for count_of, counter in (
                    ("outcome", line.outcomes),
                    ("rectification", line.rectification),
                    ("handling", line.handling),
                    ("overdue", line.overdue or {}),
                )
                for value, count in counter.items()
            ]
        return [self._line_row(line, lab) for line in lines]

    def _line_row(self, line: StratumReport, lab: Labels) -> dict[str, Any]:
        estimate = line._estimate  # the report's own line
        return {
            "plan_id": self.plan_id,
            "stratum": lab.stratum(line.name),
            "ratio": ratio(line.ratio),
            "in_scope": line.in_scope,
            "eligible": line.eligible,
            "required": line.required,
            "drawn": line.drawn,
            "inspected": line.inspected,
            "missing": line.missing,
            "assessable": line.assessable,
            "not_assessable": line.not_assessable,
            "problems": line.problems,
            "problem_rate": exact(line.problem_rate),
            "ratio_achieved": exact(line.ratio_achieved),
            "ratio_met": line.ratio_met,
            "rectification_overdue": line.rectification_overdue,
            "overdue": line.overdue_total,
            "estimate": None if estimate is None else exact(estimate.rate),
            "estimate_low": None if estimate is None else estimate.low,
            "estimate_high": None if estimate is None else estimate.high,
            "confidence": ratio(self.confidence),
        }


REPORT_TABLES = ("strata", "counts")
"""The tables of a :class:`CampaignReport`; the first is the default."""


class Tally:
    """The counts of one stratum's results, gathered in one pass.

    The pass is kept near its floor: a one-item result's outcome is read
    straight from its map, and the default rectification and an empty
    handling are counted without hashing an enum member.
    """

    __slots__ = ("_decisions", "_plain_handling", "_plain_rectification", "_states",
                 "inspected", "outcomes", "overdue", "rectification_overdue")  # fmt: skip

    def __init__(self) -> None:
        self.inspected = 0
        self.outcomes: Counter[Outcome] = Counter()
        self.rectification_overdue = 0
        self.overdue: Counter[str] = Counter()
        self._states: Counter[RectificationState] = Counter()
        self._plain_rectification = 0
        self._decisions: Counter[Decision] = Counter()
        self._plain_handling = 0

    def add(self, result: Result, on: dt.date | None) -> None:
        """Count one result; ``on`` is the day orders are judged overdue on, if any."""
        self.inspected += 1
        outcomes = result.outcomes
        if len(outcomes) == 1:
            (outcome,) = outcomes.values()
        else:
            outcome = result.outcome  # type: ignore[assignment]  # None: no outcome at all
        if outcome is not None:
            self.outcomes[outcome] += 1
        rectification = result.rectification
        if rectification is NO_RECTIFICATION:
            self._plain_rectification += 1
        else:
            self._states[rectification.state] += 1
            if on is not None and rectification.is_overdue(on):
                self.rectification_overdue += 1
        handling = result.handling
        if handling:
            self._decisions.update({h.decision for h in handling})
        else:
            self._plain_handling += 1

    @property
    def problems(self) -> int:
        """Results whose overall outcome is a problem (R7.3, R7.4)."""
        return sum(n for outcome, n in self.outcomes.items() if outcome.is_problem)

    @property
    def assessable(self) -> int:
        """Results whose overall outcome is a problem or no problem."""
        return sum(
            n
            for outcome, n in self.outcomes.items()
            if outcome.category is not OutcomeClass.NOT_ASSESSABLE
        )

    @property
    def rectification(self) -> Counter[RectificationState]:
        """Results per rectification state."""
        states = Counter(self._states)
        states[RectificationState.NONE_NEEDED] += self._plain_rectification
        return states

    @property
    def handling(self) -> Counter[Decision]:
        """Results per handling decision; none recorded counts as ``none``."""
        decisions = Counter(self._decisions)
        decisions[Decision.NONE] += self._plain_handling
        return decisions

    def merge(self, other: Tally) -> None:
        """Add ``other``'s counts to these."""
        self.inspected += other.inspected
        self.outcomes.update(other.outcomes)
        self.rectification_overdue += other.rectification_overdue
        self.overdue.update(other.overdue)
        self._states.update(other._states)
        self._plain_rectification += other._plain_rectification
        self._decisions.update(other._decisions)
        self._plain_handling += other._plain_handling


def counts(enum: Iterable[Any], counter: Counter[Any]) -> FrozenMap[Any, int]:
    """Every member of ``enum`` with its count, zeros included."""
    return FrozenMap((member, counter[member]) for member in enum)


def _line(
    name: str,
    ratio: Fraction | None,
    sizes: tuple[int, int, int, int],
    tally: Tally,
    *,
    options: ReportOptions,
    estimate: Estimate | None,
    met: bool,
) -> StratumReport:
    in_scope, eligible, required, drawn = sizes
    judged = options.on is not None
    return StratumReport(
        name=name,
        ratio=ratio,
        in_scope=in_scope,
        eligible=eligible,
        required=required,
        drawn=drawn,
        inspected=tally.inspected,
        missing=drawn - tally.inspected,
        assessable=tally.assessable,
        not_assessable=tally.inspected - tally.assessable,
        problems=tally.problems,
        problem_rate=_rate(tally.problems, tally.assessable),
        ratio_achieved=_rate(tally.inspected, in_scope),
        ratio_met=met,
        outcomes=counts(Outcome, tally.outcomes),
        rectification=counts(RectificationState, tally.rectification),
        rectification_overdue=tally.rectification_overdue if judged else None,
        handling=counts(Decision, tally.handling),
        overdue=(
            FrozenMap(tally.overdue.items()) if judged and options.policy is not None else None
        ),
        estimate=estimate,
    )


def _sample(name: str, eligible: int, tally: Tally) -> StratumSample:
    return StratumSample(name=name, population=eligible, sampled=tally.assessable,
                         problems=tally.problems)  # fmt: skip


def build_report(
    draw: SubjectDraw, tallies: Mapping[str, Tally], options: ReportOptions
) -> CampaignReport:
    lines = []
    samples = []
    whole = Tally()
    sizes = [0, 0, 0, 0]
    for stratum in draw.strata:
        tally = tallies[stratum.name]
        whole.merge(tally)
        size = (stratum.in_scope, stratum.eligible, stratum.required, len(stratum.drawn))
        sizes = [a + b for a, b in zip(sizes, size, strict=True)]
        sample = _sample(stratum.name, stratum.eligible, tally)
        samples.append(sample)
        estimate = (
            stratified_estimate([sample], confidence=options.confidence, obj="summarize")
            if sample.sampled
            else None
        )
        met = tally.inspected >= stratum.required
        lines.append(
            _line(
                stratum.name,
                stratum.ratio,
                size,
                tally,
                options=options,
                estimate=estimate,
                met=met,
            )
        )
    overall_estimate = (
        stratified_estimate(samples, confidence=options.confidence, obj="summarize")
        if whole.assessable
        else None
    )
    overall = _line(
        OVERALL,
        None,
        (sizes[0], sizes[1], sizes[2], sizes[3]),
        whole,
        options=options,
        estimate=overall_estimate,
        met=all(line.ratio_met for line in lines),
    )
    plan = draw.plan
    return CampaignReport(
        plan_id=plan.id,
        year=plan.year,
        department=plan.department,
        on=options.on,
        confidence=options.confidence,
        strata=tuple(lines),
        overall=overall,
        covers=_covers(lines, overall, overall_estimate),
        notes=_notes(lines, overall),
    )


def _covers(lines: list[StratumReport], overall: StratumReport, estimate: Estimate | None) -> str:
    """What population the overall estimate stands for, in words."""
    if estimate is None:
        return "nothing: no assessable result yet, so no estimate"
    covered = set(estimate.strata)
    names = ", ".join(estimate.strata)
    text = (
        f"the {estimate.population:,} eligible subjects of strata {names},"
        f" from {estimate.sample_size:,} assessable results"
    )
    gaps = []
    if overall.eligible < overall.in_scope:
        gaps.append(
            f"{overall.in_scope - overall.eligible:,} of the {overall.in_scope:,} in scope"
            " were excluded by the yearly cap (R5) and are not represented"
        )
    left = [s for s in lines if s.eligible and s.name not in covered]
    if left:
        gaps.append(
            "strata without an assessable result are left out: "
            + ", ".join(f"{s.name} ({s.eligible:,} subjects)" for s in left)
        )
    unseen = [
        f"{count:,} {what}"
        for count, what in (
            (overall.missing, "missing"),
            (overall.not_assessable, "not-assessable"),
        )
        if count
    ]
    if unseen:
        plural = overall.missing + overall.not_assessable > 1
        gaps.append(
            " and ".join(unseen)
            + (" results are" if plural else " result is")
            + " taken to be like the assessable ones of their stratum"
        )
    if not gaps:
        return text + ": the whole in-scope population"
    return text + "; less than the whole in-scope population: " + "; ".join(gaps)


def _notes(lines: list[StratumReport], overall: StratumReport) -> tuple[str, ...]:
    notes = []
    excluded = overall.in_scope - overall.eligible
    if excluded:
        notes.append(
            f"{excluded:,} in-scope subjects were excluded by the yearly cap (R5): the estimate"
            f" covers the {overall.eligible:,} eligible, not all {overall.in_scope:,} in scope"
        )
    if overall.missing:
        notes.append(
            f"{overall.missing:,} of {overall.drawn:,} drawn subjects have no result yet:"
            " the estimate assumes they are like those inspected in their stratum"
        )
    if overall.not_assessable:
        notes.append(
            f"{overall.not_assessable:,} results are not assessable (closed, deregistered,"
            " no such business, ...): they are left out of the problem rate's denominator"
            " and of the estimate (R7.4)"
        )
    for line in lines:
        if line.eligible and not line.assessable:
            notes.append(
                f"stratum {line.name}: no assessable result; the estimate leaves out"
                f" its {line.eligible:,} eligible subjects"
            )
        if not line.ratio_met:
            notes.append(
                f"stratum {line.name}: {line.inspected:,} inspected of {line.required:,}"
                f" required (ratio {format_ratio(line.ratio or Fraction(0))}, R2.2)"
            )
    if not overall.assessable:
        notes.append("no assessable result yet: no estimate (asking for it raises)")
    return tuple(notes)
