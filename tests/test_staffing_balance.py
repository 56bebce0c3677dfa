"""Balanced and fair staffing (R4.1, R4.4): loads and the fairness statistic.

Loads of inspectors of the same eligibility differ by at most one (on larger
random instances, over a uniform roster, after swaps by rebalancing), and each
eligible inspector is equally likely on a task: a chi-square test over fixed
seeds, with a biased procedure to show the statistic can fail.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from hypothesis import given, settings
from staffing_oracle import Rules, key
from staffing_strategies import SEED, draw_all, inspector, instances, make_plan, run, subjects

from randinspect import Seed
from randinspect.assignment import Assignment, SameAttribute, StaffingAction, assign_inspectors
from randinspect.model import Inspector
from randinspect.sampling import SubjectDraw


@settings(max_examples=40, deadline=None)
@given(instances(tasks=12, roster=16, capped=True))
def test_larger_instances_staff_valid_balanced_teams(instance: dict[str, Any]) -> None:
    """Larger instances get valid, balanced teams, or a certified failure.

    Beyond exhaustive search: every team is valid, the max load is kept, loads of the
    same eligibility differ by at most one; any failure is a real obstruction.
    """
    rules, draw, result = run(instance)
    if isinstance(result, Assignment):
        rules.check(result)
        rules.check_balance(result)
    else:
        rules.check_certificate(result.certificate, draw)


def test_loads_spread_evenly_over_a_large_uniform_roster() -> None:
    """With a roster of interchangeable inspectors, loads differ by at most one overall."""
    plan = make_plan(size=3, leader=False)
    roster = [inspector(f"i{n:02d}") for n in range(17)]
    assignment = assign_inspectors(draw_all(plan, subjects(100)), roster, seed=SEED)
    loads = list(assignment.loads.values())
    assert 300 == sum(loads)
    assert max(loads) - min(loads) <= 1


def test_swaps_are_followed_by_rebalancing() -> None:
    """After swaps leave two interchangeable inspectors two tasks apart, one hands over.

    (An instance found by search, under the least maximum load of
    randinspect-staff/2.) The log says who handed which task to whom.
    """
    plan = make_plan(size=3, leader=False)
    declared = [set(), {"s2", "s3", "s4"}, {"s4"}, {"s1", "s2"}, set()]
    roster = [inspector(f"i{n}", conflicts=c) for n, c in enumerate(declared)]
    seed = Seed.derive("search", "6034")
    draw = draw_all(plan, subjects(5), seed)
    unused_rule = [SameAttribute("region")]  # no subject has a region: it never bites
    assignment = assign_inspectors(draw, roster, seed=seed, recusal="swap", conflicts=unused_rule)
    rules = Rules.of(plan, roster, unused_rule)
    rules.check(assignment)
    rules.check_balance(assignment)
    actions = [e.action for e in assignment.log]
    assert StaffingAction.SWAPPED in actions
    assert StaffingAction.REBALANCED in actions
    handed = next(e for e in assignment.log if e.action is StaffingAction.REBALANCED)
    assert ("i4", "i0") == (handed.inspector_id, handed.other_id)


CHI2_CRITICAL_10_DOF = 29.588  # p = 0.001: a fixed threshold, and fixed seeds, never flaky


def chi_square(counts: Sequence[int]) -> float:
    """Pearson's statistic against equal expected counts."""
    expected = sum(counts) / len(counts)
    return sum((c - expected) ** 2 / expected for c in counts)


def fairness_counts(pick: Any) -> tuple[Counter[str], list[str]]:
    """How often each inspector is on task p/s0 over 800 fixed seeds, under ``pick``."""
    plan = make_plan(size=2, leader=False)
    ids = [f"i{n:02d}" for n in range(12)]
    roster = [inspector(i, conflicts={"s0"} if i == "i00" else ()) for i in ids]
    registry = subjects(8)
    counts: Counter[str] = Counter()
    for n in range(800):
        seed = Seed.derive("fairness", str(n))
        counts.update(pick(draw_all(plan, registry, seed), roster, seed))
    return counts, ids


def test_each_eligible_inspector_is_equally_likely_on_a_task() -> None:
    """Each eligible inspector is equally likely to be on a task; a recused one never.

    Over 800 fixed seeds, the 11 inspectors who may serve task p/s0 are on it equally
    often: chi-square below the p = 0.001 critical value.
    """

    def staffed(draw: SubjectDraw, roster: list[Inspector], seed: Seed) -> tuple[str, ...]:
        return assign_inspectors(draw, roster, seed=seed).task("p/s0").inspectors

    counts, ids = fairness_counts(staffed)
    assert 0 == counts["i00"]
    assert chi_square([counts[i] for i in ids[1:]]) < CHI2_CRITICAL_10_DOF


def test_the_fairness_statistic_catches_a_biased_procedure() -> None:
    """The fairness statistic catches a biased procedure, so the fairness test can fail.

    The biased procedure gives one inspector two chances in the key draw.
    """

    def biased(draw: SubjectDraw, roster: list[Inspector], seed: Seed) -> list[str]:
        def rank(i: str) -> bytes:
            own = key(seed, "p", "s0", i)
            return min(own, hashlib.sha256(own).digest()) if i == "i01" else own

        return sorted((r.id for r in roster if r.id != "i00"), key=rank)[:2]

    counts, ids = fairness_counts(biased)
    assert chi_square([counts[i] for i in ids[1:]]) > CHI2_CRITICAL_10_DOF
