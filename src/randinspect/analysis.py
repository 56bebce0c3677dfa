"""Quota-rule prototyping: who a plan, a campaign or a policy inspects, and how often.

What an analyst asks of a plan before it is adopted, answered from the plan
itself, exactly where it can be and by simulation where it must be, and
every result says which (its ``exact`` and ``trials``):

* :func:`inclusion_probabilities`: the exact chance that
  :func:`~randinspect.sampling.draw_subjects` draws each registry subject,
  as a :class:`~fractions.Fraction`: ``min(n_s, E_s) / E_s`` for an eligible
  subject of stratum ``s`` (``n_s = ceil(N_s x r_s)``, ``E_s`` eligible,
  R2.2), 0 for one out of scope (R3.1) or excluded by the cap (R5);
* :func:`campaign_probabilities`: the same for a year's rounds drawn in
  sequence (:class:`~randinspect.campaign.Campaign`), where a round's draws
  count in the next rounds' caps (R5.1, R5.2): exact by conditioning on how
  many of each kind of subject every round draws, simulated with the
  library's own draws when that would take too long;
* :func:`expected_loads`: the expected tasks per inspector, simulated (the
  team draw, randinspect-staff, is a walk no closed form describes);
* :func:`simulate_policy` and :func:`compare_policies`: a policy drawn year
  after year: per grade, the share never inspected after ``k`` years, the
  years between inspections and the inspections per year, simulated and,
  where the year is exact, exactly too.

"Exact" treats the draw's keys as independent uniform values (SHA-256 as a
random oracle): over a uniformly random seed, the drawn set of a stratum is a
uniformly random ``min(n_s, E_s)``-subset of its eligible subjects. A
simulation draws with seeds from :meth:`Seed.derive <randinspect.draw.Seed.derive>`
(trial ``t`` from ``Seed.derive(seed.hex, "trial-<t>")``), never from
``random``, so its figures are the same on every machine. ``docs/analysis.md``
shows each in use.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal

import attrs

from randinspect._analysis_checks import (
    ANALYSIS_SEED,
    DEFAULT_BUDGET,
    MAX_TRIALS,
    ByClass,
    BySubject,
    as_registry,
    base_seed,
    check_budget,
    check_clash,
    check_method,
    check_per,
    check_plan,
    check_plans,
    check_trials,
    grade_rows,
    missing,
    number,
)
from randinspect._analysis_exact import TooLarge, build_model, exact, simulate, trial_seed
from randinspect._analysis_policy import (
    GradeOutcome,
    PolicyComparison,
    PolicySimulation,
    QuotaPolicy,
    compare_policies,
    simulate_policy,
)
from randinspect._checks import check_collection
from randinspect._values import format_ratio
from randinspect.assignment import assign_inspectors
from randinspect.caps import check_history, find_capped, is_exempt
from randinspect.draw import Seed
from randinspect.errors import UnknownIdError
from randinspect.model import Grade, Inspector, Plan, Subject, Task
from randinspect.registry import Registry
from randinspect.sampling import (
    _item_types,
    _outside_scope,
    _ratios,
    _sample_size,
    _stratum_of,
    draw_subjects,
)
from randinspect.staffing import SameAttribute

__all__ = [
    "ANALYSIS_SEED",
    "DEFAULT_BUDGET",
    "MAX_TRIALS",
    "CampaignProbabilities",
    "ExpectedLoads",
    "GradeOutcome",
    "InclusionProbabilities",
    "PolicyComparison",
    "PolicySimulation",
    "QuotaPolicy",
    "StratumProbability",
    "campaign_probabilities",
    "compare_policies",
    "expected_loads",
    "inclusion_probabilities",
    "simulate_policy",
]

Method = Literal["auto", "exact", "simulate"]
Per = Literal["subject", "stratum", "grade", "round"]


# --- one plan ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class StratumProbability:
    """One stratum of a plan and the chance its eligible subjects are drawn (R2.1, R2.2).

    Attributes:
        name: A grade letter, ``boost`` or ``relief``.
        ratio: The stratum's ratio ``r_s``.
        in_scope: ``N_s``, its in-scope subjects.
        eligible: ``E_s``, those the yearly cap leaves drawable (R5).
        required: ``n_s = ceil(N_s x r_s)``.
        drawn: ``min(n_s, E_s)``: how many every draw takes.
        probability: ``drawn / eligible`` (0 when none is eligible): each
            eligible subject's chance; the excluded have 0.
    """

    name: str
    ratio: Fraction
    in_scope: int
    eligible: int
    required: int
    drawn: int
    probability: Fraction

    @property
    def shortfall(self) -> int:
        """How many fewer every draw takes than required, for lack of eligible subjects (R2.2)."""
        return self.required - self.drawn

    def to_data(self) -> dict[str, Any]:
        """A flat row: the stratum's figures, the probability as a number and as exact text."""
        return {
            "stratum": self.name,
            "ratio": format_ratio(self.ratio),
            "in_scope": self.in_scope,
            "eligible": self.eligible,
            "required": self.required,
            "drawn": self.drawn,
            "shortfall": self.shortfall,
            "probability": number(self.probability),
            "probability_fraction": str(self.probability),
            "method": "exact",
        }


@attrs.frozen(kw_only=True, eq=False)
class InclusionProbabilities(BySubject):
    """Each registry subject's exact chance of being drawn by a plan: a mapping id -> Fraction.

    Every registry subject is a key, in the registry's order: an eligible
    subject has its stratum's probability, one out of scope (R3.1) or excluded
    by the yearly cap (R5) has 0. It compares equal to a ``dict`` with the
    same items. Built by :func:`inclusion_probabilities`.

    Attributes:
        plan: The plan.
        registry: The registry analysed.
        strata: Per stratum, in draw order (``boost``, ``relief``, then A to D).
        exact: Always ``True``: these are exact figures.
        trials: Always 0: nothing was simulated.
    """

    plan: Plan
    registry: Registry = attrs.field(repr=False)
    strata: tuple[StratumProbability, ...]
    _stratum_of: Mapping[str, str] = attrs.field(repr=False)
    _excluded: frozenset[str] = attrs.field(repr=False)

    @property
    def exact(self) -> bool:
        """Always ``True``: these are exact figures."""
        return True

    @property
    def trials(self) -> int:
        """Always 0: nothing was simulated."""
        return 0

    @functools.cached_property
    def _by_name(self) -> dict[str, StratumProbability]:
        return {stratum.name: stratum for stratum in self.strata}

    def __getitem__(self, subject_id: str) -> Fraction:
        """The subject's chance of being drawn.

        Raises:
            UnknownIdError: the subject is not in the registry (also a ``LookupError``).
        """
        name = self._stratum_of.get(subject_id) if isinstance(subject_id, str) else None
        if name is None:
            if subject_id in self.registry:
                return Fraction(0)
            raise missing(
                f"InclusionProbabilities of plan {self.plan.id!r}",
                subject_id,
                "ask about a subject of the registry passed to inclusion_probabilities",
            )
        if subject_id in self._excluded:
            return Fraction(0)
        return self._by_name[name].probability

    def stratum_of(self, subject_id: str) -> str | None:
        """The subject's stratum, or ``None`` when it is out of the plan's scope.

        Raises:
            UnknownIdError: the subject is not in the registry.
        """
        if subject_id not in self:
            raise missing(
                f"InclusionProbabilities of plan {self.plan.id!r}",
                subject_id,
                "ask about a subject of the registry passed to inclusion_probabilities",
            )
        return self._stratum_of.get(subject_id)

    def status(self, subject_id: str) -> str:
        """``"eligible"``, ``"excluded"`` (by the yearly cap, R5) or ``"out_of_scope"`` (R3.1).

        Raises:
            UnknownIdError: the subject is not in the registry.
        """
        if self.stratum_of(subject_id) is None:
            return "out_of_scope"
        return "excluded" if subject_id in self._excluded else "eligible"

    def expected_by_stratum(self) -> dict[str, Fraction]:
        """Expected inspections per stratum: exactly ``min(n_s, E_s)``, what every draw takes."""
        return {stratum.name: Fraction(stratum.drawn) for stratum in self.strata}

    def expected_by_grade(self) -> dict[str, Fraction]:
        """Expected inspections per credit grade (A to D), the flag strata's counted by grade."""
        expected = dict.fromkeys((grade.value for grade in Grade), Fraction(0))
        for subject in self.registry:
            expected[subject.grade.value] += self[subject.id]
        return expected

    def to_rows(self, *, per: Per = "subject") -> list[dict[str, Any]]:
        """Flat rows for ``pandas.DataFrame(...)``, with stable column names.

        ``per="subject"``: ``subject_id``, ``grade``, ``stratum``, ``status``,
        ``probability`` (a float), ``probability_fraction`` (exact, as text),
        ``method``. ``per="stratum"``: :meth:`StratumProbability.to_data`.
        ``per="grade"``: ``grade``, ``subjects``, ``expected_inspections``
        (and ``_fraction``), ``share`` (expected inspections per subject, and
        ``_fraction``), ``method``.

        Raises:
            ValidationError: ``per`` is none of those.
        """
        check_per(per, ("subject", "stratum", "grade"), obj="InclusionProbabilities.to_rows")
        if per == "stratum":
            return [stratum.to_data() for stratum in self.strata]
        if per == "grade":
            return grade_rows(self.registry, self.expected_by_grade(), "exact", 0)
        zero = Fraction(0)
        # Each distinct figure written once: a stratum's subjects share theirs.
        written: dict[str | None, tuple[Fraction, float, str]] = {
            None: (zero, number(zero), str(zero)),
            **{
                s.name: (s.probability, number(s.probability), str(s.probability))
                for s in self.strata
            },
        }
        stratum_of, excluded = self._stratum_of.get, self._excluded
        rows = []
        for subject in self.registry:
            name = stratum_of(subject.id)
            if name is None:
                status, figure = "out_of_scope", written[None]
            elif subject.id in excluded:
                status, figure = "excluded", written[None]
            else:
                status, figure = "eligible", written[name]
            rows.append(
                {
                    "subject_id": subject.id,
                    "grade": subject.grade.value,
                    "stratum": name,
                    "status": status,
                    "probability": figure[1],
                    "probability_fraction": figure[2],
                    "method": "exact",
                }
            )
        return rows


def inclusion_probabilities(
    plan: Plan, registry: Registry | Iterable[Subject], *, history: Iterable[Task] = ()
) -> InclusionProbabilities:
    """Each subject's exact chance of being drawn by ``plan`` over a uniformly random seed.

    The chance that ``draw_subjects(plan, registry, seed=seed, history=history)``
    draws a subject, for a seed drawn uniformly (keys as independent uniform
    values): in stratum ``s`` with ``N_s`` in scope, ``E_s`` eligible and
    ``n_s = ceil(N_s x r_s)`` required (R2.2), every draw takes
    ``min(n_s, E_s)`` of the ``E_s`` (all of them on a shortfall), uniformly,
    so an eligible subject has ``min(n_s, E_s) / E_s``; one out of the plan's
    scope (R3.1) or excluded by the yearly cap (R5.1-R5.4) has 0. These are
    per-stratum figures: a registry of 100,000 takes a fraction of a second.

    Args:
        plan: The plan.
        registry: The registry, a :class:`Registry` or a collection of :class:`Subject`.
        history: Earlier tasks, for the yearly cap (R5), as for ``draw_subjects``.

    Returns:
        A mapping of every registry subject's id to its chance, with the strata.

    Raises:
        ValidationError: ``plan`` is not a Plan, or the registry or history is malformed.
        DuplicateIdError: two subjects, or two history tasks, share an id.
        InvalidDateError: a random history task has no date or year to count in.
    """
    obj = "inclusion_probabilities"
    plan = check_plan(plan, obj)
    members = as_registry(registry, obj)
    tasks = check_history(history)
    types = _item_types(plan)
    ratios = _ratios(plan)
    stratum_of: dict[str, str] = {}
    if plan.scope or types:
        for subject in members:
            if not _outside_scope(plan, subject, types):
                stratum_of[subject.id] = _stratum_of(plan, subject)
    else:
        for subject in members:
            stratum_of[subject.id] = _stratum_of(plan, subject)
    known = members.by_id
    excluded = frozenset(
        subject_id
        for subject_id in find_capped(plan, tasks)
        if subject_id in stratum_of and not is_exempt(plan, known[subject_id])
    )
    in_scope = dict.fromkeys(ratios, 0)
    for name in stratum_of.values():
        in_scope[name] += 1
    left_out = dict.fromkeys(ratios, 0)
    for subject_id in excluded:
        left_out[stratum_of[subject_id]] += 1
    strata = []
    for name, ratio in ratios.items():
        eligible = in_scope[name] - left_out[name]
        required = _sample_size(in_scope[name], ratio)
        drawn = min(required, eligible)
        strata.append(
            StratumProbability(
                name=name,
                ratio=ratio,
                in_scope=in_scope[name],
                eligible=eligible,
                required=required,
                drawn=drawn,
                probability=Fraction(drawn, eligible) if eligible else Fraction(0),
            )
        )
    return InclusionProbabilities(
        plan=plan,
        registry=members,
        strata=tuple(strata),
        stratum_of=stratum_of,
        excluded=excluded,
    )


# --- a campaign ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, eq=False)
class CampaignProbabilities(BySubject):
    """Each subject's chance of being drawn at least once in a year's rounds (R5.1, R6.2).

    A mapping of every registry subject's id to that chance (0 for a subject
    no round may draw). :meth:`round` gives each round's own chances,
    :meth:`expected_draws` the expected number of rounds that draw a
    subject. Built by :func:`campaign_probabilities`.

    Attributes:
        plans: The rounds, in the order they are drawn.
        registry: The registry analysed (the same at every round).
        exact: Whether the figures are exact (``True``) or simulated.
        trials: How many campaigns were simulated (0 when exact).
        seed: The simulation's seed (``None`` when exact): trial ``t`` draws
            round ``plan`` with ``round_seed(Seed.derive(seed.hex, "trial-<t>"), plan.id)``.
        work: The steps the exact computation took (0 when simulated; :data:`DEFAULT_BUDGET`).
        note: Why the figures are simulated, when they are.
    """

    plans: tuple[Plan, ...]
    registry: Registry = attrs.field(repr=False)
    exact: bool
    trials: int
    seed: Seed | None
    work: int
    note: str
    _class_of: Mapping[str, int] = attrs.field(repr=False)
    _rounds: tuple[tuple[Fraction, ...], ...] = attrs.field(repr=False)
    _ever: tuple[Fraction, ...] = attrs.field(repr=False)

    @property
    def method(self) -> str:
        """``"exact"`` or ``"simulated"``."""
        return "exact" if self.exact else "simulated"

    @functools.cached_property
    def _at_least_once(self) -> ByClass:
        return ByClass(
            registry=self.registry, class_of=self._class_of, figures=self._ever, obj=self._obj
        )

    @property
    def _obj(self) -> str:
        return f"CampaignProbabilities of {[p.id for p in self.plans]}"

    def __getitem__(self, subject_id: str) -> Fraction:
        """The subject's chance of being drawn in at least one round.

        Raises:
            UnknownIdError: the subject is not in the registry.
        """
        return self._at_least_once[subject_id]

    def round(self, which: int | str) -> Mapping[str, Fraction]:
        """One round's chances, by its index (from 0) or its plan id.

        Raises:
            UnknownIdError: no round has that index or plan id.
        """
        index = self._index(which)
        return ByClass(
            registry=self.registry,
            class_of=self._class_of,
            figures=self._rounds[index],
            obj=f"{self._obj}.round({which!r})",
        )

    def _index(self, which: object) -> int:
        if isinstance(which, int) and not isinstance(which, bool) and 0 <= which < len(self.plans):
            return which
        if isinstance(which, str):
            for index, plan in enumerate(self.plans):
                if type(which) is str and plan.id == which:
                    return index
        raise UnknownIdError(
            "no such round in the campaign",
            obj=self._obj,
            field="which",
            value=which,
            fix=f"pass an index from 0 to {len(self.plans) - 1} or one of"
            f" {[p.id for p in self.plans]}",
        )

    @functools.cached_property
    def _draws(self) -> tuple[Fraction, ...]:
        return tuple(sum(column, Fraction(0)) for column in zip(*self._rounds, strict=True))

    def expected_draws(self, subject_id: str) -> Fraction:
        """The expected number of rounds that draw the subject.

        Raises:
            UnknownIdError: the subject is not in the registry.
        """
        if subject_id not in self:
            raise missing(self._obj, subject_id, "ask about a subject of the registry analysed")
        return self._draws[self._class_of[subject_id]]

    def expected_by_grade(self) -> dict[str, Fraction]:
        """Expected random inspections per credit grade over all the rounds."""
        expected = dict.fromkeys((grade.value for grade in Grade), Fraction(0))
        for subject in self.registry:
            expected[subject.grade.value] += self._draws[self._class_of[subject.id]]
        return expected

    def to_rows(self, *, per: Per = "subject") -> list[dict[str, Any]]:
        """Flat rows for ``pandas.DataFrame(...)``, with stable column names.

        ``per="subject"``: ``subject_id``, ``grade``, ``probability`` (drawn at
        least once, and ``_fraction``), ``expected_draws`` (and ``_fraction``),
        ``method``, ``trials``. ``per="round"``: one row per round and subject,
        ``round``, ``plan_id``, ``subject_id``, ``grade``, ``probability`` (and
        ``_fraction``), ``method``, ``trials``. ``per="grade"``: as
        :meth:`InclusionProbabilities.to_rows`, over the whole campaign.

        Raises:
            ValidationError: ``per`` is none of those.
        """
        check_per(per, ("subject", "round", "grade"), obj="CampaignProbabilities.to_rows")
        method, trials = self.method, self.trials
        if per == "grade":
            return grade_rows(self.registry, self.expected_by_grade(), method, trials)
        if per == "round":
            return [
                {
                    "round": index,
                    "plan_id": plan.id,
                    "subject_id": subject.id,
                    "grade": subject.grade.value,
                    "probability": number(chance),
                    "probability_fraction": str(chance),
                    "method": method,
                    "trials": trials,
                }
                for index, plan in enumerate(self.plans)
                for subject in self.registry
                for chance in (self._rounds[index][self._class_of[subject.id]],)
            ]
        rows = []
        for subject in self.registry:
            kind = self._class_of[subject.id]
            rows.append(
                {
                    "subject_id": subject.id,
                    "grade": subject.grade.value,
                    "probability": number(self._ever[kind]),
                    "probability_fraction": str(self._ever[kind]),
                    "expected_draws": number(self._draws[kind]),
                    "expected_draws_fraction": str(self._draws[kind]),
                    "method": method,
                    "trials": trials,
                }
            )
        return rows


def campaign_probabilities(  # the campaign, then how to compute it
    plans: Iterable[Plan],
    registry: Registry | Iterable[Subject],
    *,
    history: Iterable[Task] = (),
    method: Method = "auto",
    trials: int = 200,
    seed: Seed | None = None,
    budget: int = DEFAULT_BUDGET,
) -> CampaignProbabilities:
    """Each subject's chance of being drawn in a year's rounds, caps included (R5.1, R5.2, R6.2).

    The rounds are drawn in order as :meth:`Campaign.draw
    <randinspect.campaign.Campaign.draw>` draws them: each against the history
    and the tasks of the rounds before it (``round_tasks``), so a subject at
    its cap after round 1 cannot be drawn in round 2 (R5.1, R5.4), and a joint
    visit bars a partner's other units (R5.2). Round seeds are independent.

    Exact (``method="auto"`` or ``"exact"``): subjects alike in every round's
    stratum, exemption and history are interchangeable, so the computation
    follows how many of each kind every round draws (a hypergeometric law),
    with their probabilities as fractions. That is quick when the rounds
    cannot tell the drawn from the rest (two rounds under a cap of 2, say) or
    the registry is small; otherwise the number of outcomes grows, and past
    ``budget`` steps ``"auto"`` simulates instead and says so in ``note``.
    ``"simulate"`` always simulates: ``trials`` campaigns drawn with the
    library's own :class:`~randinspect.campaign.Campaign`, seeds derived from
    ``seed`` (by default ``Seed.derive(ANALYSIS_SEED)``), each subject's
    figure pooled over the subjects alike.

    Args:
        plans: The rounds, in order: ``half_year_rounds(plan)``, several plans of a year, ...
        registry: The registry, the same at every round.
        history: Tasks known before the first round (R5).
        method: ``"auto"``, ``"exact"`` (however long it takes) or ``"simulate"``.
        trials: Campaigns simulated, 1 to :data:`MAX_TRIALS`.
        seed: The simulation's seed; ``None`` for ``Seed.derive(ANALYSIS_SEED)``.
        budget: Steps the exact computation may take under ``"auto"`` (:data:`DEFAULT_BUDGET`).

    Raises:
        ValidationError: the plans are not 1 to 24 Plans of one year, the
            registry or history is malformed, or method, trials or budget is out of range.
        DuplicateIdError: two rounds share a plan id, or a round's task id is a history task's.
        InvalidSeedError: ``seed`` is neither None nor a Seed.
    """
    obj = "campaign_probabilities"
    rounds = check_plans(plans, obj)
    members = as_registry(registry, obj)
    tasks = check_history(history)
    chosen = check_method(method, obj)
    count = check_trials(trials, obj)
    base = base_seed(seed, obj)
    limit = check_budget(budget, obj)
    check_clash(rounds, members, tasks, obj)
    model = build_model(rounds, members, tasks)
    note = ""
    if chosen != "simulate":
        try:
            result = exact(model, budget=None if chosen == "exact" else limit)
        except TooLarge:
            note = (
                f"the exact computation would take more than {limit:,} steps of work:"
                f" simulated over {count} campaigns instead"
            )
        else:
            return CampaignProbabilities(
                plans=rounds,
                registry=members,
                exact=True,
                trials=0,
                seed=None,
                work=result.work,
                note="",
                class_of=model.class_of,
                rounds=tuple(tuple(_per_subject(row, model.sizes)) for row in result.drawn),
                ever=tuple(_per_subject(result.ever, model.sizes)),
            )
    simulated = simulate(model, members, tasks, seed=base, trials=count)
    scale = [size * count for size in model.sizes]
    return CampaignProbabilities(
        plans=rounds,
        registry=members,
        exact=False,
        trials=count,
        seed=base,
        work=0,
        note=note or f"simulated over {count} campaigns, as asked",
        class_of=model.class_of,
        rounds=tuple(tuple(_per_subject(row, scale)) for row in simulated.drawn),
        ever=tuple(_per_subject(simulated.ever, scale)),
    )


def _per_subject(totals: Sequence[Fraction | int], sizes: Sequence[int]) -> Iterator[Fraction]:
    for total, size in zip(totals, sizes, strict=True):
        yield Fraction(total) / size if size else Fraction(0)


# --- inspectors -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, eq=False)
class ExpectedLoads(Mapping[str, Fraction]):
    """Each inspector's expected number of tasks under a plan, simulated (R4).

    A mapping of every roster inspector's id to the mean number of tasks it
    carried over the trials (a fraction: the total over the trials). The
    team draw (randinspect-staff, docs/assignment.md) balances loads by a walk
    no closed form describes, so this is always simulated. Built by
    :func:`expected_loads`.

    Attributes:
        plan: The plan.
        exact: Always ``False``: simulated.
        trials: How many draws and staffings were run.
        seed: The simulation's seed: trial ``t`` draws and staffs with
            ``Seed.derive(seed.hex, "trial-<t>")``.
        tasks: The mean number of tasks per trial (the drawn subjects).
    """

    plan: Plan
    trials: int
    seed: Seed
    tasks: Fraction
    _loads: Mapping[str, Fraction] = attrs.field(repr=False)
    _departments: Mapping[str, str] = attrs.field(repr=False)

    @property
    def exact(self) -> bool:
        """Always ``False``: simulated."""
        return False

    def __getitem__(self, inspector_id: str) -> Fraction:
        """The inspector's mean number of tasks.

        Raises:
            UnknownIdError: the inspector is not in the roster.
        """
        if inspector_id not in self:
            raise UnknownIdError(
                "no such inspector in the roster analysed",
                obj=f"ExpectedLoads of plan {self.plan.id!r}",
                field="inspector_id",
                value=inspector_id,
                fix="ask about an inspector of the roster passed to expected_loads",
            )
        return self._loads[inspector_id]

    def get(self, inspector_id: object, default: Any = None) -> Any:
        """The inspector's mean load, or ``default`` when it is not in the roster."""
        try:
            return self[inspector_id]  # type: ignore[index]  # a non-str is not there
        except UnknownIdError:
            return default

    def __contains__(self, inspector_id: object) -> bool:
        return isinstance(inspector_id, str) and inspector_id in self._loads

    def __iter__(self) -> Iterator[str]:
        return iter(self._loads)

    def __len__(self) -> int:
        return len(self._loads)

    @property
    def method(self) -> str:
        """Always ``"simulated"``."""
        return "simulated"

    def to_rows(self) -> list[dict[str, Any]]:
        """One flat row per inspector, with stable column names.

        ``inspector_id``, ``department``, ``expected_tasks`` (and ``_fraction``),
        ``method``, ``trials``.
        """
        return [
            {
                "inspector_id": inspector_id,
                "department": self._departments[inspector_id],
                "expected_tasks": number(load),
                "expected_tasks_fraction": str(load),
                "method": "simulated",
                "trials": self.trials,
            }
            for inspector_id, load in self._loads.items()
        ]


def expected_loads(  # the staffing's own arguments, then the simulation's
    plan: Plan,
    registry: Registry | Iterable[Subject],
    roster: Iterable[Inspector],
    *,
    history: Iterable[Task] = (),
    conflicts: Iterable[tuple[str, str] | SameAttribute] = (),
    unavailable: Iterable[str | tuple[str, str]] = (),
    recusal: Literal["replace", "swap"] = "replace",
    trials: int = 100,
    seed: Seed | None = None,
) -> ExpectedLoads:
    """Each inspector's expected tasks under ``plan``: ``trials`` draws staffed, simulated (R4).

    Trial ``t`` draws the subjects and staffs them with one seed,
    ``Seed.derive(seed.hex, "trial-<t>")`` (``seed`` by default
    ``Seed.derive(ANALYSIS_SEED)``): ``draw_subjects`` then
    ``assign_inspectors`` with the conflicts, unavailabilities and recusal
    mode given. The subject draw is random too, so the loads vary with it.

    Raises:
        ValidationError: an argument is malformed, as ``draw_subjects`` or
            ``assign_inspectors`` names it, or ``trials`` is out of range.
        InvalidSeedError: ``seed`` is neither None nor a Seed.
        InfeasibleAssignmentError: a trial's draw cannot be staffed (its certificate says why).
    """
    obj = "expected_loads"
    plan = check_plan(plan, obj)
    members = as_registry(registry, obj)
    tasks = check_history(history)
    team: tuple[Inspector, ...] = check_collection(
        roster,
        obj=obj,
        field="roster",
        what="Inspector values",
        rule="R1.3",
        fix="pass a list of Inspector",
    )
    pairs: tuple[Any, ...] = check_collection(
        conflicts,
        obj=obj,
        field="conflicts",
        what="conflicts",
        rule="R4.3",
        fix="pass a list of (inspector_id, subject_id) pairs or SameAttribute rules",
    )
    away: tuple[Any, ...] = check_collection(
        unavailable, obj=obj, field="unavailable", what="inspector ids or pairs", rule="R4.4",
        fix="pass a list of inspector ids or (inspector_id, subject_id) pairs"
    )  # fmt: skip
    count = check_trials(trials, obj)
    base = base_seed(seed, obj)
    totals: dict[str, int] = {}
    departments: dict[str, str] = {}
    drawn = 0
    for trial in range(count):
        each = trial_seed(base, f"trial-{trial}")
        draw = draw_subjects(plan, members, seed=each, history=tasks)
        assignment = assign_inspectors(
            draw, team, seed=each, conflicts=pairs, unavailable=away, recusal=recusal
        )
        for inspector_id, load in assignment.loads.items():
            totals[inspector_id] = totals.get(inspector_id, 0) + load
        drawn += len(draw.drawn)
    for inspector in team:
        departments[inspector.id] = inspector.department
    return ExpectedLoads(
        plan=plan,
        trials=count,
        seed=base,
        tasks=Fraction(drawn, count),
        loads={i: Fraction(totals.get(i, 0), count) for i in sorted(departments)},
        departments=departments,
    )
