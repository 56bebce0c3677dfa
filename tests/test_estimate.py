"""The stratified estimate of the problem rate and its interval (R7.4; docs/reporting.md).

Golden values are the worked example of docs/reporting.md, computed by hand
there; the coverage test simulates draws from synthetic populations with
known problem rates, with fixed seeds and fixed thresholds.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from assertions import assert_rejected

from randinspect._estimate import (
    METHOD,
    StratumSample,
    check_confidence,
    stratified_estimate,
)
from randinspect.errors import InvalidRatioError, RuleViolationError, ValidationError

NINETY_FIVE = Fraction(95, 100)
Z2 = 1.959963984540054**2  # the 97.5 % normal quantile, squared


def sample(name: str, population: int, sampled: int, problems: int) -> StratumSample:
    """A stratum's part in an estimate."""
    return StratumSample(name=name, population=population, sampled=sampled, problems=problems)


WORKED = [sample("A", 100, 5, 1), sample("B", 30, 3, 0), sample("C", 10, 2, 1)]


def test_the_worked_example_matches_the_hand_computation() -> None:
    """docs/reporting.md by hand: p_st = 5/28, v = 1/49, n_eff = 115/16, [0.0383, 0.5428]."""
    estimate = stratified_estimate(WORKED, confidence=NINETY_FIVE)
    assert Fraction(5, 28) == estimate.rate
    assert Fraction(1, 49) == estimate.variance
    assert Fraction(115, 16) == estimate.effective_size
    assert 10 == estimate.sample_size
    assert 140 == estimate.population
    assert ("A", "B", "C") == estimate.strata
    assert METHOD == estimate.method
    assert 0.0383 == round(estimate.low, 4)
    assert 0.5428 == round(estimate.high, 4)


def test_no_problem_found_gives_the_wilson_bound_on_the_results() -> None:
    """p_st = 0: n_eff = n and the interval is [0, z^2 / (n + z^2)] (the rule for 0)."""
    estimate = stratified_estimate(
        [sample("A", 100, 5, 0), sample("B", 30, 5, 0)], confidence=NINETY_FIVE
    )
    assert Fraction(0) == estimate.rate
    assert Fraction(10) == estimate.effective_size
    assert 0.0 == estimate.low
    assert Z2 / (10 + Z2) == pytest.approx(estimate.high, rel=1e-12)


def test_problems_everywhere_give_the_mirror_bound() -> None:
    """p_st = 1: n_eff = n and the interval is [n / (n + z^2), 1]."""
    estimate = stratified_estimate([sample("A", 50, 4, 4)], confidence=NINETY_FIVE)
    assert Fraction(1) == estimate.rate
    assert 1.0 == estimate.high
    assert 4 / (4 + Z2) == pytest.approx(estimate.low, rel=1e-12)


def test_a_stratum_inspected_in_full_adds_no_variance() -> None:
    """n_h = N_h: the finite-population correction 1 - f_h is 0 (Cochran eq. 5.7)."""
    estimate = stratified_estimate(
        [sample("D", 4, 4, 2), sample("A", 12, 3, 1)], confidence=NINETY_FIVE
    )
    # W_A = 12/16 = 3/4; (1 - f_A) = 3/4; s_A^2 = 3 (1/3)(2/3) / 2 = 1/3; / n_A = 1/9.
    assert Fraction(9, 16) * Fraction(3, 4) * Fraction(1, 9) == estimate.variance
    assert Fraction(1, 4) * Fraction(1, 2) + Fraction(3, 4) * Fraction(1, 3) == estimate.rate


def test_one_result_among_many_gets_the_largest_variance() -> None:
    """n_h = 1 < N_h: S_h^2 is taken as N_h / (4 (N_h - 1)), the most a 0/1 variable has."""
    estimate = stratified_estimate([sample("A", 5, 1, 0)], confidence=NINETY_FIVE)
    assert Fraction(4, 5) * Fraction(5, 16) == estimate.variance  # (1 - f) S^2 / n, W = 1
    assert Fraction(1) == estimate.effective_size  # p_st = 0: n_eff = n


def test_the_effective_size_never_exceeds_the_results() -> None:
    """A design effect below 1 is not credited: n_eff is capped at n."""
    # W_A = W_B = 1/2, f = 1/2: v = 2 (1/4)(1/2)(5 (2/5)(3/5)/4)/5 = 3/200; pq = 6/25.
    estimate = stratified_estimate(
        [sample("A", 10, 5, 2), sample("B", 10, 5, 2)], confidence=NINETY_FIVE
    )
    assert Fraction(3, 200) == estimate.variance
    assert Fraction(10) == estimate.effective_size  # 16 uncapped


def test_strata_without_results_are_left_out() -> None:
    """A stratum with no result does not count in N: the estimate covers the others."""
    estimate = stratified_estimate(
        [sample("A", 100, 5, 1), sample("B", 30, 0, 0)], confidence=NINETY_FIVE
    )
    assert ("A",) == estimate.strata
    assert 100 == estimate.population
    assert Fraction(1, 5) == estimate.rate


def test_no_results_is_an_error_naming_the_estimate() -> None:
    """Asking for an estimate with no results is a RuleViolationError (R7.4)."""
    assert_rejected(
        lambda: stratified_estimate([sample("A", 10, 0, 0)], confidence=NINETY_FIVE),
        RuleViolationError,
        "no assessable results",
        "'estimate'",
        "R7.4",
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [("95%", Fraction(95, 100)), (Fraction(9, 10), Fraction(9, 10)), ("0.99", Fraction(99, 100))],
)
def test_confidence_is_read_exactly(given: object, expected: Fraction) -> None:
    """A confidence level is a ratio: "95%", a Fraction, a decimal text."""
    assert expected == check_confidence(given, obj="summarize")


@pytest.mark.parametrize(
    ("given", "error"),
    [("40%", ValidationError), ("100%", ValidationError), ("high", InvalidRatioError),
     (None, InvalidRatioError), (True, InvalidRatioError)],
)  # fmt: skip
def test_confidence_outside_its_range_is_refused(given: object, error: type) -> None:
    """A level below 50 %, of 100 %, or not a ratio at all is refused, naming the field."""
    assert_rejected(lambda: check_confidence(given, obj="summarize"), error, "'confidence'")


# --- coverage ---------------------------------------------------------------------------

RATIOS = (Fraction(5, 100), Fraction(10, 100), Fraction(15, 100), Fraction(20, 100))
"""The W variant of R2.1: grades A to D at 5, 10, 15 and 20 %."""

POPULATIONS = {
    # name: (N_h per grade, relative risk per grade); ceil(N_h r_h) drawn per stratum
    "graded risk, 50/30/15/2 drawn": ((1000, 300, 100, 10), (2, 3, 4, 6)),
    "even risk, 30/20/12/4 drawn": ((600, 200, 80, 20), (1, 1, 1, 1)),
}
DRAWS = 2_000
COVERAGE = {  # measured with the seed below: docs/reporting.md reports these figures
    ("graded risk, 50/30/15/2 drawn", "2%"): 0.9645,
    ("graded risk, 50/30/15/2 drawn", "10%"): 0.9590,
    ("graded risk, 50/30/15/2 drawn", "30%"): 0.9475,
    ("even risk, 30/20/12/4 drawn", "2%"): 0.9590,
    ("even risk, 30/20/12/4 drawn", "10%"): 0.9535,
    ("even risk, 30/20/12/4 drawn", "30%"): 0.9535,
}


def population(sizes: tuple[int, ...], risk: tuple[int, ...], rate: Fraction) -> list[int]:
    """Problem subjects per stratum: shares in proportion to ``risk``, overall near ``rate``."""
    scale = rate * sum(sizes) / sum(n * r for n, r in zip(sizes, risk, strict=True))
    return [min(n, round(n * r * scale)) for n, r in zip(sizes, risk, strict=True)]


def coverage(name: str, rate: Fraction, seed: int) -> tuple[Fraction, float]:
    """The true rate of the population and the share of draws whose interval covers it.

    The draw sorts each stratum by keyed hash, so its sample is a uniform
    random subset of the stratum; each stratum's problem count is therefore
    simulated directly as ``random.Random(seed).sample`` of ``n_h`` of the
    ``N_h`` subjects (a hypergeometric draw), not by running draw_subjects
    2,000 times.
    """
    sizes, risk = POPULATIONS[name]
    problems = population(sizes, risk, rate)
    truth = Fraction(sum(problems), sum(sizes))
    drawn = [-(-n * r.numerator // r.denominator) for n, r in zip(sizes, RATIOS, strict=True)]
    rng = random.Random(seed)
    covered = 0
    for _ in range(DRAWS):
        strata = [
            sample(grade, size, n, sum(1 for i in rng.sample(range(size), n) if i < bad))
            for grade, size, n, bad in zip("ABCD", sizes, drawn, problems, strict=True)
        ]
        estimate = stratified_estimate(strata, confidence=NINETY_FIVE)
        covered += estimate.low <= truth <= estimate.high
    return truth, covered / DRAWS


@pytest.mark.parametrize("name", POPULATIONS)
@pytest.mark.parametrize("rate", ["2%", "10%", "30%"])
def test_the_95_percent_interval_covers_the_true_rate(name: str, rate: str) -> None:
    """Over 2,000 draws the nominal 95 % interval covers the true rate in 93-97.5 % of them."""
    truth, covered = coverage(name, Fraction(rate[:-1]) / 100, seed=20240601)
    assert abs(truth - Fraction(rate[:-1]) / 100) < Fraction(1, 100)
    assert 0.93 <= covered <= 0.975
    assert COVERAGE[name, rate] == covered  # the figure docs/reporting.md reports
