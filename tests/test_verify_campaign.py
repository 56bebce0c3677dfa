"""verify_campaign: a published year of rounds re-run from its record, round by round (R7.6).

The year is two half-year rounds of a plan at 50 % over four subjects of
grade B, so each round draws ceil(4 x 50%) = 2; the second round cannot draw
a subject already at the cap of 1 a year the plan sets, so the two rounds
together draw all four (worked by hand, checked below).
"""

from __future__ import annotations

import copy
import json
from typing import Any

import attrs
import pytest

from randinspect import (
    CapPolicy,
    CheckItem,
    DiscrepancyKind,
    Plan,
    Ratios,
    Registry,
    Seed,
    Subject,
    ValidationError,
    verify_campaign,
)
from randinspect.campaign import Campaign, half_year_rounds, round_seed

YEAR = 2024
SEED = Seed.derive("verify_campaign", "test")
PLAN = Plan(
    id="2024-elder",
    year=YEAR,
    department="civil-affairs",
    items=[CheckItem(id="elder-care", name="养老机构监督检查", department="civil-affairs")],
    ratios=Ratios(A="50%", B="50%", C="50%", D="50%"),
    caps=CapPolicy(max_per_year=1),
)
REGISTRY = Registry([Subject(id=f"s{n}", grade="B") for n in range(1, 5)])


def year_of_rounds() -> Campaign:
    year = Campaign(year=YEAR)
    for plan in half_year_rounds(PLAN):
        year = year.draw(plan, REGISTRY, seed=round_seed(SEED, plan.id))
    return year


def published() -> dict[str, Any]:
    record: dict[str, Any] = json.loads(json.dumps(year_of_rounds().record()))
    return record


def test_the_two_rounds_draw_everyone_once() -> None:
    """Worked by hand: 2 in each round, and round 2 draws the two round 1 left (cap 1)."""
    first, second = ({d.subject.id for d in r.draw.drawn} for r in year_of_rounds().rounds)
    assert (2, 2) == (len(first), len(second))
    assert {"s1", "s2", "s3", "s4"} == first | second


def test_an_honest_year_verifies() -> None:
    verdict = verify_campaign(published(), [REGISTRY, REGISTRY])
    assert verdict.ok, verdict.explain()


def test_an_altered_round_is_named_and_the_next_one_checked_against_the_honest_history() -> None:
    """Round 1's record claims another subject; round 2's record, honest, still verifies."""
    record = published()
    stratum = next(s for s in record["rounds"][0]["strata"] if s["name"] == "B")
    drawn = stratum["drawn"]
    other = next(s for s in ("s1", "s2", "s3", "s4") if s not in drawn)
    stratum["drawn"] = sorted([drawn[0], other])
    verdict = verify_campaign(record, [REGISTRY, REGISTRY])
    assert not verdict.ok
    assert all(d.field.startswith("rounds[0].") for d in verdict.discrepancies)
    assert DiscrepancyKind.SELECTION in {d.kind for d in verdict.discrepancies}


def test_a_registry_changed_before_the_second_round_is_a_subject_change_there() -> None:
    regraded = Registry([attrs.evolve(s, grade="D") if s.id == "s4" else s for s in REGISTRY])
    verdict = verify_campaign(published(), [REGISTRY, regraded])
    assert verdict.first is not None
    assert (DiscrepancyKind.SUBJECT_CHANGED, True) == (
        verdict.first.kind,
        verdict.first.field.startswith("rounds[1]."),
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda r: r.update(procedure="randinspect-campaign/0"), "procedure"),
        (lambda r: r.update(record="draw"), "record"),
        (lambda r: r.update(rounds="two"), "rounds"),
        (lambda r: r["rounds"][1].update(seed=7), "rounds[1].seed"),
    ],
)
def test_a_record_that_cannot_be_read_is_a_malformed_verdict(change: Any, field: str) -> None:
    record = copy.deepcopy(published())
    change(record)
    verdict = verify_campaign(record, [REGISTRY, REGISTRY])
    assert verdict.first is not None
    assert (DiscrepancyKind.MALFORMED, field) == (verdict.first.kind, verdict.first.field)


def test_not_a_mapping_is_a_malformed_verdict() -> None:
    verdict = verify_campaign([], [REGISTRY])  # type: ignore[arg-type]
    assert verdict.first is not None
    assert (DiscrepancyKind.MALFORMED, "record") == (verdict.first.kind, verdict.first.field)


def test_the_callers_inputs_are_refused_with_our_error() -> None:
    """One registry for two rounds is the caller's fault: an error naming registries."""
    with pytest.raises(ValidationError, match="registries"):
        verify_campaign(published(), [REGISTRY])
