"""Quota-rule prototyping: inclusion probabilities, campaigns, loads, policies (issue 13 item 3).

The oracles here are independent of the library's draw: a plan's
probabilities are checked against a brute-force count over every equally
likely ordering of each stratum's eligible subjects, a campaign's against an
enumeration of every equally likely subset each round may draw, with the
caps written out by hand for each scenario, and a policy's exact figures
against formulas worked by hand (``(1 - q)^k``). The simulations are checked
against the exact figures with fixed seeds and fixed thresholds, so nothing
here can flake.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from assertions import assert_rejected, rejections

from randinspect import (
    CapPolicy,
    CheckItem,
    DuplicateIdError,
    FlagStratum,
    Grade,
    Inspector,
    InvalidIdError,
    InvalidSeedError,
    Period,
    Plan,
    Ratios,
    Seed,
    Subject,
    Task,
    UnknownIdError,
    ValidationError,
    draw_subjects,
)
from randinspect.analysis import (
    ANALYSIS_SEED,
    MAX_TRIALS,
    QuotaPolicy,
    campaign_probabilities,
    compare_policies,
    expected_loads,
    inclusion_probabilities,
    simulate_policy,
)
from randinspect.campaign import half_year_rounds, round_plans
from randinspect.sampling import items_for

GOLDEN = json.loads(
    (Path(__file__).parent / "data" / "golden_draw.json").read_text(encoding="utf-8")
)
CIVIL = "civil-affairs"
FIRE = "fire"
ELDER = CheckItem(id="elder-care", name="养老机构检查", department=CIVIL)
FIRE_ITEM = CheckItem(id="fire-safety", name="消防安全检查", department=FIRE)


def plan(**fields: Any) -> Plan:
    """A plan of civil affairs for 2024, undirected unless told, whole-year period."""
    values: dict[str, Any] = {
        "id": "p",
        "year": 2024,
        "department": CIVIL,
        "items": [ELDER],
        "ratios": Ratios(A="50%", B="50%", C="50%", D="50%"),
    }
    values.update(fields)
    return Plan(**values)


def task(task_id: str, subject_id: str, *, department: str = "market", unit: str = "") -> Task:
    """A random task of 2024 by another department (it counts for the cap, R5.1)."""
    return Task(
        id=task_id,
        plan_id="earlier",
        subject_id=subject_id,
        items=["x"],
        department=department,
        unit=unit,
        on=dt.date(2024, 3, 1),
    )


# --- one plan: hand-worked and brute force ----------------------------------------------


def test_the_worked_draw_of_the_spec_page_has_the_probabilities_worked_by_hand() -> None:
    """docs/draw-spec.md's worked draw: A takes 2 of 4 eligible, B 2 of 3, C and boost all.

    g03 is at its cap (R5.1) and g08 inspected by another unit (R5.2): 0;
    g11 and g13 are out of scope (R3.1): 0; D has nobody.
    """
    half, two_thirds = Fraction(1, 2), Fraction(2, 3)
    expected = {
        "g01": half, "g02": half, "g03": Fraction(0), "g04": half, "g05": half,
        "g06": two_thirds, "g07": two_thirds, "g08": Fraction(0), "g09": two_thirds,
        "g10": Fraction(1), "g11": Fraction(0), "g12": Fraction(1), "g13": Fraction(0),
    }  # fmt: skip
    probabilities = inclusion_probabilities(
        Plan.from_mapping(GOLDEN["plan"]),
        [Subject.from_mapping(row) for row in GOLDEN["registry"]],
        history=[Task.from_mapping(row) for row in GOLDEN["history"]],
    )
    assert expected == dict(probabilities)
    assert probabilities.exact
    assert 0 == probabilities.trials
    assert {"g03": "excluded", "g11": "out_of_scope", "g01": "eligible"} == {
        i: probabilities.status(i) for i in ("g03", "g11", "g01")
    }
    assert ("boost", 1, 1, 1, 1) == _figures(probabilities.strata[0])
    assert ("A", 5, 4, 2, 2) == _figures(probabilities.strata[1])


def _figures(stratum: Any) -> tuple[str, int, int, int, int]:
    return (stratum.name, stratum.in_scope, stratum.eligible, stratum.required, stratum.drawn)


# A registry with every case: in scope or not, capped, exempt from the cap, flagged, short.
MIXED = (
    *(Subject(id=f"a{n}", grade="A", attributes={"region": "卫东区"}) for n in range(1, 5)),
    Subject(id="a5", grade="A", attributes={"region": "卫东区"}, flags={"blacklisted"}),
    Subject(id="b1", grade="B", attributes={"region": "卫东区"}),
    Subject(id="b2", grade="B", attributes={"region": "卫东区"}),
    Subject(id="b3", grade="B", attributes={"region": "新华区"}),
    Subject(id="c1", grade="C", attributes={"region": "卫东区"}, flags={"high_risk"}),
    *(Subject(id=f"c{n}", grade="C", attributes={"region": "卫东区"}) for n in range(2, 5)),
    Subject(id="d1", grade="D", attributes={"region": "卫东区"}),
    Subject(id="d2", grade="D", attributes={"region": "卫东区"}),
)
MIXED_PLAN = plan(
    scope={"region": {"卫东区"}},
    ratios=Ratios(A="30%", B="50%", C="40%", D="100%"),
    boost=FlagStratum(flags={"high_risk"}, ratio="100%"),
)
# a4 and d2 at the cap of 2 (R5.1); a5 too, but blacklisted, so exempt (R5.3).
MIXED_HISTORY = tuple(
    task(f"t-{subject}-{n}", subject) for subject in ("a4", "a5", "d2") for n in (1, 2)
)
# What a reader of the registry sees, written out: each stratum's in-scope and eligible ids.
MIXED_STRATA = {
    "boost": (["c1"], ["c1"]),
    "A": (["a1", "a2", "a3", "a4", "a5"], ["a1", "a2", "a3", "a5"]),
    "B": (["b1", "b2"], ["b1", "b2"]),
    "C": (["c2", "c3", "c4"], ["c2", "c3", "c4"]),
    "D": (["d1", "d2"], ["d1"]),
}
MIXED_RATIOS = {"boost": Fraction(1), "A": Fraction(3, 10), "B": Fraction(1, 2)}
MIXED_RATIOS |= {"C": Fraction(2, 5), "D": Fraction(1)}


def brute_force(
    strata: Mapping[str, tuple[Sequence[str], Sequence[str]]], ratios: Mapping[str, Fraction]
) -> dict[str, Fraction]:
    """Each id's chance of being among the first ``ceil(N x r)`` in a uniform ordering.

    Every ordering of a stratum's eligible ids is equally likely; a stratum
    with fewer eligible than required gives all of them.
    """
    chances: dict[str, Fraction] = {}
    for name, (in_scope, eligible) in strata.items():
        size = math.ceil(len(in_scope) * ratios[name])
        hits = dict.fromkeys(in_scope, 0)
        orderings = list(itertools.permutations(eligible))
        for order in orderings:
            for subject_id in order[:size]:
                hits[subject_id] += 1
        chances |= {i: Fraction(hits[i], len(orderings)) for i in in_scope}
    return chances


def test_probabilities_equal_a_count_over_every_ordering() -> None:
    """Scope, the cap, an exempt flag, a boost stratum and a shortfall, against brute force.

    D requires ceil(2 x 100%) = 2 but only d1 is eligible: it is drawn for
    sure (R2.2's shortfall draws all eligible).
    """
    expected = brute_force(MIXED_STRATA, MIXED_RATIOS) | {"b3": Fraction(0)}
    probabilities = inclusion_probabilities(MIXED_PLAN, MIXED, history=MIXED_HISTORY)
    assert expected == dict(probabilities)
    assert Fraction(1) == probabilities["d1"]
    assert 1 == next(s for s in probabilities.strata if s.name == "D").shortfall


def test_probabilities_match_the_frequency_of_draw_subjects_over_fixed_seeds() -> None:
    """3,000 draws, seeds ``Seed.derive("analysis-test", n)``: each frequency within 5 sigma."""
    probabilities = inclusion_probabilities(MIXED_PLAN, MIXED, history=MIXED_HISTORY)
    trials = 3000
    hits = dict.fromkeys(probabilities, 0)
    for n in range(trials):
        draw = draw_subjects(
            MIXED_PLAN, MIXED, seed=Seed.derive("analysis-test", str(n)), history=MIXED_HISTORY
        )
        for drawn in draw.drawn:
            hits[drawn.subject.id] += 1
    for subject_id, chance in probabilities.items():
        sigma = math.sqrt(chance * (1 - chance) / trials)
        assert abs(hits[subject_id] / trials - chance) <= 5 * sigma + 1e-12, subject_id


def test_every_registry_subject_is_a_key_once_in_the_registry_order() -> None:
    """None is dropped: out of scope and excluded subjects are there with 0 (R3.1, R5)."""
    probabilities = inclusion_probabilities(MIXED_PLAN, MIXED, history=MIXED_HISTORY)
    assert sorted(s.id for s in MIXED) == list(probabilities)
    assert len(MIXED) == len(probabilities)
    assert [s.id for s in MIXED if s.id != "b3"] == [
        i for i in probabilities if probabilities.stratum_of(i) is not None
    ]
    assert probabilities.get("nobody") is None
    assert probabilities.get(None) is None
    assert "nobody" not in probabilities


def test_expected_inspections_per_grade_and_stratum() -> None:
    """Per stratum exactly min(n_s, E_s); per grade the probabilities summed, boost by grade.

    A: 2 drawn of 4; c1 (grade C) is drawn for sure in the boost stratum, so
    C expects 1 + 2 from its own stratum.
    """
    probabilities = inclusion_probabilities(MIXED_PLAN, MIXED, history=MIXED_HISTORY)
    assert {"boost": 1, "A": 2, "B": 1, "C": 2, "D": 1} == probabilities.expected_by_stratum()
    assert {"A": 2, "B": 1, "C": 3, "D": 1} == probabilities.expected_by_grade()


def test_rows_are_flat_json_with_stable_columns() -> None:
    """Each kind of row has its documented columns and survives a JSON round trip."""
    probabilities = inclusion_probabilities(MIXED_PLAN, MIXED, history=MIXED_HISTORY)
    columns = {
        "subject": {
            "subject_id", "grade", "stratum", "status", "probability",
            "probability_fraction", "method",
        },
        "stratum": {
            "stratum", "ratio", "in_scope", "eligible", "required", "drawn", "shortfall",
            "probability", "probability_fraction", "method",
        },
        "grade": {
            "grade", "subjects", "expected_inspections", "expected_inspections_fraction",
            "share", "share_fraction", "method", "trials",
        },
    }  # fmt: skip
    for per, names in columns.items():
        rows = probabilities.to_rows(per=per)  # type: ignore[arg-type]
        assert rows == json.loads(json.dumps(rows))
        assert all(names == set(row) for row in rows), per
    subject_rows = probabilities.to_rows()
    assert len(MIXED) == len(subject_rows)
    a1 = next(row for row in subject_rows if row["subject_id"] == "a1")
    assert {"grade": "A", "stratum": "A", "status": "eligible"} == {
        k: a1[k] for k in ("grade", "stratum", "status")
    }
    assert "1/2" == a1["probability_fraction"]
    assert "exact" == a1["method"]


def test_a_registry_of_100000_has_a_figure_for_every_subject() -> None:
    """Per-stratum figures over a factory registry: every subject has one, none dropped.

    Its speed is a benchmark figure, not a timed test (0.08-0.26 s on the 2-core machine).
    """
    from randinspect import testing  # noqa: PLC0415  # the factories, only here

    registry = testing.registry(100_000)
    probabilities = inclusion_probabilities(testing.plan(periods=1), registry)
    assert [s.id for s in registry] == list(probabilities)


# --- a campaign: brute force over every subset each round may draw ----------------------


Eligible = Callable[[str, int, tuple[int, ...]], bool]
"""Whether a subject may be drawn in round ``r`` given the earlier rounds that drew it."""


def brute_campaign(
    rounds: Sequence[Mapping[str, tuple[Sequence[str], Fraction]]], eligible: Eligible
) -> tuple[list[dict[str, Fraction]], dict[str, Fraction]]:
    """Per round each id's chance, and its chance of being drawn in some round.

    Each round, each stratum draws ``min(ceil(N x r), E)`` of its ``E``
    eligible ids, every such subset equally likely, strata and rounds
    independently.
    """
    ids = sorted({i for strata in rounds for members, _ in strata.values() for i in members})
    per_round = [dict.fromkeys(ids, Fraction(0)) for _ in rounds]
    ever = dict.fromkeys(ids, Fraction(0))

    def walk(at: int, history: dict[str, tuple[int, ...]], chance: Fraction) -> None:
        if at == len(rounds):
            for i in ids:
                if history[i]:
                    ever[i] += chance
            return
        options = []
        for members, ratio in rounds[at].values():
            able = [i for i in members if eligible(i, at, history[i])]
            take = min(math.ceil(len(members) * ratio), len(able))
            options.append(list(itertools.combinations(able, take)))
        outcomes = list(itertools.product(*options))
        for outcome in outcomes:
            share = chance / len(outcomes)
            drawn = {i for chosen in outcome for i in chosen}
            for i in drawn:
                per_round[at][i] += share
            walk(at + 1, {i: (*h, at) if i in drawn else h for i, h in history.items()}, share)

    walk(0, dict.fromkeys(ids, ()), Fraction(1))
    return per_round, ever


SMALL = (
    Subject(id="a1", grade="A"),
    Subject(id="a2", grade="A"),
    Subject(id="a3", grade="A"),
    Subject(id="a4", grade="A", flags={"abnormal"}),  # exempt from the cap (R5.3)
    Subject(id="b1", grade="B"),
    Subject(id="b2", grade="B"),
    Subject(id="b3", grade="B"),
)
SMALL_HISTORY = (task("earlier-b3", "b3"),)  # b3 randomly inspected once already this year
HALVES = {
    "A": (["a1", "a2", "a3", "a4"], Fraction(1, 2)),
    "B": (["b1", "b2", "b3"], Fraction(1, 2)),
}


def _check_campaign(
    plans: Sequence[Plan],
    rounds: Sequence[Mapping[str, tuple[Sequence[str], Fraction]]],
    eligible: Eligible,
) -> None:
    per_round, ever = brute_campaign(rounds, eligible)
    found = campaign_probabilities(plans, SMALL, history=SMALL_HISTORY)
    assert found.exact
    assert 0 == found.trials
    assert ever == dict(found)
    for at, expected in enumerate(per_round):
        assert expected == dict(found.round(at)), f"round {at}"
        assert expected == dict(found.round(plans[at].id))
    for subject in SMALL:
        assert sum(row[subject.id] for row in per_round) == found.expected_draws(subject.id)


@pytest.mark.parametrize("cap", [1, 2])
def test_two_half_year_rounds_under_a_cap_against_brute_force(cap: int) -> None:
    """A subject at its cap after round 1 cannot be drawn in round 2 (R5.1, R5.4); a4 is exempt.

    b3 starts the year with one random inspection: under a cap of 1 it is
    never eligible; under 2, only until a round draws it.
    """
    plans = half_year_rounds(plan(caps=CapPolicy(max_per_year=cap)))
    before = {"b3": 1}

    def eligible(subject_id: str, at: int, drawn: tuple[int, ...]) -> bool:
        return subject_id == "a4" or before.get(subject_id, 0) + len(drawn) < cap

    _check_campaign(plans, [HALVES, HALVES], eligible)


def test_a_joint_campaign_then_the_partners_own_plan_against_brute_force() -> None:
    """Two joint rounds with the fire brigade, then the brigade's own plan (R4.6, R5.1, R5.2).

    A joint visit counts for the fire brigade with no known unit, another
    unit than its fire-supervision section's, so a home visited in either
    half is left out of the brigade's plan; one visited in both is at the cap
    of 2 anyway; a4 is exempt from both rules (R5.3). b3's earlier task is
    the market bureau's: it counts for the cap only.
    """
    joint = plan(id="joint", items=[ELDER, FIRE_ITEM], partners={FIRE})
    fire = plan(id="fire-own", department=FIRE, unit="防火监督科", items=[FIRE_ITEM])
    plans = (*half_year_rounds(joint), fire)
    before = {"b3": 1}

    def eligible(subject_id: str, at: int, drawn: tuple[int, ...]) -> bool:
        if subject_id == "a4":
            return True
        under_cap = before.get(subject_id, 0) + len(drawn) < 2  # the cap
        return under_cap and not (at == 2 and drawn)  # the brigade's round

    _check_campaign(plans, [HALVES, HALVES, HALVES], eligible)


@pytest.mark.parametrize("rounds", [6, 10])
def test_many_rounds_under_a_cap_of_3_against_brute_force(rounds: int) -> None:
    """Monthly rounds drawing one of two A homes and two of three B homes, at most 3 a year.

    Ten rounds reach further ahead than the computation compares futures
    (eight): it follows those classes' members round by round instead.
    """
    plans = round_plans(
        plan(ratios=Ratios(A="50%", B="60%", C="5%", D="5%"), caps=CapPolicy(max_per_year=3)),
        [
            Period(start=dt.date(2024, m, 1), end=dt.date(2024, m, 28), name=f"M{m}")
            for m in range(1, rounds + 1)
        ],
    )
    strata = {"A": (["a1", "a2"], Fraction(1, 2)), "B": (["b1", "b2", "b3"], Fraction(3, 5))}
    homes = [Subject(id=i, grade=i[0].upper()) for i in ("a1", "a2", "b1", "b2", "b3")]
    per_round, ever = brute_campaign(
        [strata] * rounds,
        lambda subject_id, at, drawn: len(drawn) < 3,
    )
    found = campaign_probabilities(plans, homes)
    assert found.exact
    assert ever == dict(found)
    assert per_round == [dict(found.round(at)) for at in range(rounds)]


def test_a_campaign_of_one_plan_is_the_plans_probabilities() -> None:
    """One round: the campaign's chances are inclusion_probabilities', scope and caps too."""
    one = campaign_probabilities([MIXED_PLAN], MIXED, history=MIXED_HISTORY)
    assert dict(inclusion_probabilities(MIXED_PLAN, MIXED, history=MIXED_HISTORY)) == dict(one)
    assert one.exact


def test_the_simulation_agrees_with_the_exact_figures_over_fixed_seeds() -> None:
    """400 simulated campaigns of the joint scenario: each subject within 5 sigma of exact."""
    joint = plan(id="joint", items=[ELDER, FIRE_ITEM], partners={FIRE})
    fire = plan(id="fire-own", department=FIRE, unit="防火监督科", items=[FIRE_ITEM])
    plans = (*half_year_rounds(joint), fire)
    exact = campaign_probabilities(plans, SMALL, history=SMALL_HISTORY)
    trials = 400
    simulated = campaign_probabilities(
        plans, SMALL, history=SMALL_HISTORY, method="simulate", trials=trials
    )
    assert not simulated.exact
    assert (trials, Seed.derive(ANALYSIS_SEED)) == (simulated.trials, simulated.seed)
    assert "simulated" == simulated.method
    for subject in SMALL:
        for at in range(3):
            p = exact.round(at)[subject.id]
            sigma = math.sqrt(p * (1 - p) / trials)
            assert abs(simulated.round(at)[subject.id] - p) <= 5 * sigma + 1e-12
        p = exact[subject.id]
        assert abs(simulated[subject.id] - p) <= 5 * math.sqrt(p * (1 - p) / trials) + 1e-12


def test_past_its_budget_auto_simulates_and_says_so() -> None:
    """A budget of one step cannot follow the joint scenario: the figures are simulated, noted."""
    joint = plan(id="joint", items=[ELDER, FIRE_ITEM], partners={FIRE})
    fire = plan(id="fire-own", department=FIRE, unit="防火监督科", items=[FIRE_ITEM])
    plans = (*half_year_rounds(joint), fire)
    auto = campaign_probabilities(plans, SMALL, history=SMALL_HISTORY, budget=1, trials=50)
    asked = campaign_probabilities(
        plans, SMALL, history=SMALL_HISTORY, method="simulate", trials=50
    )
    assert not auto.exact
    assert "more than 1 steps of work" in auto.note
    assert dict(asked) == dict(auto)
    assert auto.to_rows() == asked.to_rows()


def test_two_rounds_of_20000_under_the_usual_cap_stay_exact() -> None:
    """Under a cap of 2 the second round cannot tell the drawn from the rest: exact, quick.

    With no history and no flag stratum every subject in scope (of a type
    the plan's items apply to) is eligible in both rounds, so each round
    draws ceil(N_g x r_g) of grade g: the campaign expects twice that per
    grade (R2.2, R5.1), counted here from the registry.
    """
    from randinspect import testing  # noqa: PLC0415  # the factories, only here

    registry = testing.registry(20_000)
    one = attrs.evolve(testing.plan(periods=1, boost=None), periods=(Period.whole_year(2024),))
    found = campaign_probabilities(half_year_rounds(one), registry)
    assert found.exact
    sizes = Counter(s.grade for s in registry if items_for(one, s))  # in scope: an item applies
    expected = {
        grade.value: Fraction(2 * math.ceil(sizes[grade] * one.ratios[grade])) for grade in Grade
    }
    assert expected == found.expected_by_grade()


def test_campaign_rows_are_flat_json_with_stable_columns() -> None:
    """Per subject, per round and per grade, each with its documented columns."""
    plans = half_year_rounds(plan(caps=CapPolicy(max_per_year=1)))
    found = campaign_probabilities(plans, SMALL, history=SMALL_HISTORY)
    columns = {
        "subject": {
            "subject_id", "grade", "probability", "probability_fraction", "expected_draws",
            "expected_draws_fraction", "method", "trials",
        },
        "round": {
            "round", "plan_id", "subject_id", "grade", "probability", "probability_fraction",
            "method", "trials",
        },
        "grade": {
            "grade", "subjects", "expected_inspections", "expected_inspections_fraction",
            "share", "share_fraction", "method", "trials",
        },
    }  # fmt: skip
    for per, names in columns.items():
        rows = found.to_rows(per=per)  # type: ignore[arg-type]
        assert rows == json.loads(json.dumps(rows))
        assert all(names == set(row) for row in rows), per
    assert 2 * len(SMALL) == len(found.to_rows(per="round"))


# --- inspectors ------------------------------------------------------------------------------


def test_expected_loads_add_up_to_the_places_and_are_even() -> None:
    """Ten A homes at 20% make 2 tasks of 2: four places over four inspectors, one each (R4.2).

    Staffing is min-max fair, so every trial gives each inspector exactly one
    task and the mean is 1 whatever the seeds; the result says it is simulated.
    """
    homes = [Subject(id=f"h{n:02d}", grade="A") for n in range(10)]
    roster = [Inspector(id=f"i{n}", department=CIVIL, can_lead=True) for n in range(4)]
    twenty = plan(ratios=Ratios(A="20%", B="20%", C="20%", D="20%"))
    loads = expected_loads(twenty, homes, roster, trials=30)
    assert {f"i{n}": Fraction(1) for n in range(4)} == dict(loads)
    assert Fraction(2) == loads.tasks
    assert (False, 30, "simulated") == (loads.exact, loads.trials, loads.method)
    rows = loads.to_rows()
    assert rows == json.loads(json.dumps(rows))
    assert {
        "inspector_id", "department", "expected_tasks", "expected_tasks_fraction", "method",
        "trials",
    } == set(rows[0])  # fmt: skip


def test_expected_loads_keep_a_recused_inspector_off_the_subject() -> None:
    """One subject drawn for sure, teams of 2 from three: i0 recuses (R4.3), so i1 and i2 go.

    Worked by hand: every trial staffs the one task with i1 and i2, whatever its seed.
    """
    only = (Subject(id="s1", grade="A"),)
    roster = [Inspector(id=f"i{n}", department=CIVIL, can_lead=True) for n in range(3)]
    found = expected_loads(
        plan(ratios=Ratios(A="100%", B="100%", C="100%", D="100%")),
        only,
        roster,
        conflicts=[("i0", "s1")],
        trials=5,
    )
    assert {"i0": Fraction(0), "i1": Fraction(1), "i2": Fraction(1)} == dict(found)


# --- policies over years ----------------------------------------------------------------------

TEN = [Subject(id=f"h{n:02d}", grade="A") for n in range(10)]
FIFTH = Ratios(A="20%", B="20%", C="20%", D="20%")


def test_a_policy_of_one_draw_a_year_has_the_figures_worked_by_hand() -> None:
    """2 of 10 each year, q = 1/5: never inspected in k years (4/5)^k; gaps as pairs of years.

    Over 2024-2027 the gaps of 1, 2 and 3 years weigh 3q^2, 2q^2(1-q) and
    q^2(1-q)^2 (three, two and one pairs of years, none inspected between):
    each share is its weight over their sum.
    """
    q = Fraction(1, 5)
    policy = QuotaPolicy(name="once", plans=[plan(ratios=FIFTH)])
    result = simulate_policy(policy, TEN, years=range(2024, 2028), trials=300)
    exact = result.outcome("A", method="exact")
    assert tuple((1 - q) ** k for k in range(1, 5)) == exact.never_inspected
    weights = {1: 3 * q * q, 2: 2 * q * q * (1 - q), 3: q * q * (1 - q) ** 2}
    total = sum(weights.values())
    assert tuple((d, w / total) for d, w in weights.items()) == exact.gaps
    assert q == exact.inspections_per_year
    simulated = result.outcome("A")
    assert "simulated" == simulated.method
    for share, expected in zip(simulated.never_inspected, exact.never_inspected, strict=True):
        assert abs(share - expected) <= Fraction(4, 100)
    for (d, share), (_, expected) in zip(simulated.gaps, exact.gaps, strict=True):
        assert abs(share - expected) <= Fraction(6, 100), d
    assert q == simulated.inspections_per_year  # exactly 2 of 10 every year, every trial
    assert result.exact
    assert 0 == result.outcome("B").subjects


def test_two_policies_side_by_side_strict_cap_against_the_usual() -> None:
    """Two half-year draws of 2 in 10, compared: a cap of 1 against the usual 2 (R5.1, R5.4).

    Under a cap of 1 a year reaches 2/10 + 8/10 x 2/8 = 2/5 of the homes;
    under 2 the rounds are independent, 1 - (4/5)^2 = 9/25.
    """
    strict = QuotaPolicy(
        name="cap-1", plans=half_year_rounds(plan(ratios=FIFTH, caps=CapPolicy(max_per_year=1)))
    )
    usual = QuotaPolicy(name="cap-2", plans=half_year_rounds(plan(ratios=FIFTH)))
    comparison = compare_policies(strict, usual, TEN, years=[2024, 2025], trials=200)
    rows = comparison.to_rows()
    assert rows == json.loads(json.dumps(rows))
    row = next(
        r
        for r in rows
        if (r["method"], r["measure"], r["grade"], r["years"])
        == ("exact", "never_inspected", "A", 1)
    )
    assert ("cap-1", "3/5", "cap-2", "16/25", "1/25") == (
        row["first_policy"],
        row["first_fraction"],
        row["second_policy"],
        row["second_fraction"],
        row["difference_fraction"],
    )
    assert {
        "measure", "grade", "years", "method", "trials", "first_policy", "first_value",
        "first_fraction", "second_policy", "second_value", "second_fraction", "difference",
        "difference_fraction",
    } == set(row)  # fmt: skip
    simulated = next(
        r
        for r in rows
        if (r["method"], r["measure"], r["grade"], r["years"])
        == ("simulated", "never_inspected", "A", 1)
    )
    assert abs(simulated["first_value"] - 0.6) <= 0.05
    assert abs(simulated["second_value"] - 0.64) <= 0.05
    assert {"simulated", "exact"} == {r["method"] for r in rows}


def test_policy_rows_are_flat_json_with_stable_columns() -> None:
    """One row per figure, with the policy, the method and the trials on each."""
    policy = QuotaPolicy(name="once", plans=[plan(ratios=FIFTH)])
    rows = simulate_policy(policy, TEN, years=[2024, 2026], trials=20).to_rows()
    assert rows == json.loads(json.dumps(rows))
    names = {
        "policy", "method", "trials", "grade", "subjects", "measure", "years", "value",
        "value_fraction",
    }  # fmt: skip
    assert all(names == set(row) for row in rows)
    a_rows = [r for r in rows if r["grade"] == "A" and r["method"] == "exact"]
    assert [("never_inspected", 1), ("never_inspected", 2), ("gap_share", 2)] == [
        (r["measure"], r["years"]) for r in a_rows[:3]
    ]
    assert {0, 20} == {r["trials"] for r in rows}


def test_a_policy_past_its_budget_has_simulated_figures_only() -> None:
    """When a year's campaign is not exact within the budget, only the simulation is given."""
    policy = QuotaPolicy(
        name="cap-1", plans=half_year_rounds(plan(ratios=FIFTH, caps=CapPolicy(max_per_year=1)))
    )
    result = simulate_policy(
        policy, [*TEN, Subject(id="x", grade="A", flags={"abnormal"})], years=[2024], trials=5,
        budget=1,
    )  # fmt: skip
    assert not result.exact
    assert "steps of work" in result.note
    assert {"simulated"} == {o.method for o in result.outcomes}
    assert_rejected(lambda: result.outcome("A", method="exact"), UnknownIdError, "method")


def test_a_policys_plans_move_to_each_year_with_their_periods() -> None:
    """Half-years stay half-years; a window ending 29 February ends on the 28th in 2025."""
    h1, _ = QuotaPolicy(name="halves", plans=half_year_rounds(plan())).plans_for(2025)
    assert (2025, dt.date(2025, 1, 1), dt.date(2025, 6, 30)) == (
        h1.year,
        h1.periods[0].start,
        h1.periods[0].end,
    )
    leap = Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 2, 29), name="winter")
    (moved,) = QuotaPolicy(name="winter", plans=[plan(periods=[leap])]).plans_for(2025)
    assert dt.date(2025, 2, 28) == moved.periods[0].end
    (whole,) = QuotaPolicy(name="whole", plans=[plan()]).plans_for(2026)
    assert Period.whole_year(2026) == whole.periods[0]


# --- refusals -----------------------------------------------------------------------------------

_JOINT_ROUNDS = half_year_rounds(plan())
_OTHER_YEAR = plan(id="q", year=2025)
_CLASH = (task("p/H1/a1", "a1"),)  # the id round p/H1 would give a1's task
_ONCE = QuotaPolicy(name="once", plans=[plan(ratios=FIFTH)])
_PROBABILITIES = inclusion_probabilities(plan(), SMALL)
_CAMPAIGN = campaign_probabilities(_JOINT_ROUNDS, SMALL)


@rejections(
    [
        ("plan not a Plan", lambda: inclusion_probabilities("p", SMALL), ValidationError,
         ("inclusion_probabilities", "'plan'", "Plan(")),
        ("registry a str", lambda: inclusion_probabilities(plan(), "s1"), ValidationError,
         ("'registry'", "R1.4")),
        ("history a str", lambda: inclusion_probabilities(plan(), SMALL, history="t"),
         ValidationError, ("history", "R5.1")),
        ("no rounds", lambda: campaign_probabilities([], SMALL), ValidationError,
         ("'plans'", "1 to 24")),
        ("rounds of two years", lambda: campaign_probabilities([plan(), _OTHER_YEAR], SMALL),
         ValidationError, ("plans[1].year", "R5.1", "one year")),
        ("one plan twice", lambda: campaign_probabilities([plan(), plan()], SMALL),
         DuplicateIdError, ("plans[1].id", "own plan id")),
        ("a round's task id taken", lambda: campaign_probabilities(
            _JOINT_ROUNDS, SMALL, history=_CLASH), DuplicateIdError, ("p/H1/a1", "R5.1")),
        ("unknown method", lambda: campaign_probabilities(_JOINT_ROUNDS, SMALL, method="fast"),
         ValidationError, ("'method'", "'fast'", "'simulate'")),
        ("no trials", lambda: campaign_probabilities(_JOINT_ROUNDS, SMALL, trials=0),
         ValidationError, ("'trials'", f"{MAX_TRIALS:,}")),
        ("too many trials", lambda: campaign_probabilities(
            _JOINT_ROUNDS, SMALL, trials=MAX_TRIALS + 1), ValidationError, ("'trials'",)),
        ("trials a bool", lambda: campaign_probabilities(_JOINT_ROUNDS, SMALL, trials=True),
         ValidationError, ("'trials'",)),
        ("seed as text", lambda: campaign_probabilities(_JOINT_ROUNDS, SMALL, seed="00"),
         InvalidSeedError, ("seed",)),
        ("budget of nothing", lambda: campaign_probabilities(_JOINT_ROUNDS, SMALL, budget=0),
         ValidationError, ("'budget'",)),
        ("policy name with a bar", lambda: QuotaPolicy(name="a|b", plans=[plan()]), InvalidIdError,
         ("'name'",)),
        ("policy of no plans", lambda: QuotaPolicy(name="x", plans=[]), ValidationError,
         ("'plans'", "1 to 24")),
        ("policy of a plan", lambda: QuotaPolicy(name="x", plans=plan()), ValidationError,
         ("'plans'", "Plan values")),
        ("policy not a QuotaPolicy", lambda: simulate_policy("x", TEN, years=[2024]),
         ValidationError, ("'policy'", "QuotaPolicy(")),
        ("years falling", lambda: simulate_policy(_ONCE, TEN, years=[2025, 2024]),
         ValidationError, ("years[1]", "rise")),
        ("no years", lambda: simulate_policy(_ONCE, TEN, years=[]), ValidationError,
         ("'years'", "1 to 100")),
        ("a year as text", lambda: simulate_policy(_ONCE, TEN, years=["2024"]),
         ValidationError, ("years[0]",)),
        ("two policies of one name", lambda: compare_policies(_ONCE, _ONCE, TEN, years=[2024]),
         ValidationError, ("second.name", "own name")),
        ("a comparison of no trials", lambda: compare_policies(
            _ONCE, attrs.evolve(_ONCE, name="other"), TEN, years=[2024], trials=0),
         ValidationError, ("compare_policies", "'trials'")),
        ("an empty roster", lambda: expected_loads(plan(), SMALL, [], trials=1),
         ValidationError, ("roster",)),
        ("unknown subject", lambda: _PROBABILITIES["nobody"], UnknownIdError,
         ("'subject_id'", "'nobody'")),
        ("unknown row kind", lambda: _PROBABILITIES.to_rows(per="round"), ValidationError,
         ("'per'", "'round'")),
        ("unknown round", lambda: _CAMPAIGN.round(2), UnknownIdError,
         ("'which'", "p/H1")),
        ("unknown round by id", lambda: _CAMPAIGN.round("p"), UnknownIdError, ("'which'",)),
        ("unknown subject's draws", lambda: _CAMPAIGN.expected_draws("nobody"), UnknownIdError,
         ("'nobody'",)),
    ]
)  # fmt: skip
def test_bad_input_is_refused_with_the_fix(
    call: Callable[[], object], error: type[Exception], fragments: tuple[str, ...]
) -> None:
    """Each refusal is the library's error, naming the object, field, value and fix."""
    assert_rejected(call, error, *fragments)  # type: ignore[arg-type]
