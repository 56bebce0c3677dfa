"""The draw primitive: keys, orders, seeds, fingerprints (randinspect-draw/1)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from randinspect import (
    DuplicateIdError,
    InvalidIdError,
    InvalidSeedError,
    Seed,
    Subject,
    draw_key,
    order_by_key,
    team_scope,
)
from randinspect import testing as rst
from randinspect.draw import fingerprint

ZERO = Seed.from_hex("0" * 64)


@given(rst.seeds(), st.lists(rst.ids(), unique=True, max_size=30), st.randoms())
def test_order_is_invariant_to_input_order(seed: Seed, ids: list[str], rnd: object) -> None:
    """The same set of ids in any order gives the same draw order."""
    shuffled = ids[:]
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert order_by_key(ids, seed=seed, purpose="S", scope="p") == order_by_key(
        shuffled, seed=seed, purpose="S", scope="p"
    )


@given(rst.seeds(), st.lists(rst.ids(), unique=True, max_size=30), st.data())
def test_order_of_a_subset_is_induced_by_the_superset(
    seed: Seed, ids: list[str], data: st.DataObject
) -> None:
    """Removing ids never reorders the rest: a subset's order is the superset's, filtered."""
    subset = data.draw(st.sets(st.sampled_from(ids)) if ids else st.just(set()))
    whole = order_by_key(ids, seed=seed, purpose="S", scope="p")
    assert tuple(i for i in whole if i in subset) == order_by_key(
        subset, seed=seed, purpose="S", scope="p"
    )


@given(rst.seeds(), rst.ids(), rst.ids(), rst.ids())
def test_key_is_sha256_of_the_documented_message(
    seed: Seed, purpose: str, scope: str, item: str
) -> None:
    """draw_key hashes exactly seed|purpose|scope|id in UTF-8."""
    message = f"{seed.hex}|{purpose}|{scope}|{item}".encode()
    assert hashlib.sha256(message).digest() == draw_key(seed, purpose, scope, item)


_CHILD = """
import json, sys
from randinspect import Seed, order_by_key
ids = set(json.loads(sys.argv[1]))  # set iteration order depends on PYTHONHASHSEED
seed = Seed.derive("cross-process")
print(json.dumps(order_by_key(ids, seed=seed, purpose="S", scope="p1")))
"""


def test_order_is_identical_across_processes_and_hash_seeds() -> None:
    """No hash() and no set order leak into a draw: other processes agree exactly."""
    ids = [f"s{i}" for i in range(50)] + ["养老院", "Ω", "a b"]
    expected = list(order_by_key(ids, seed=Seed.derive("cross-process"), purpose="S", scope="p1"))
    for hash_seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, json.dumps(ids)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert expected == json.loads(out.stdout)


def test_team_scope_joins_plan_and_subject() -> None:
    """A task's inspector order is scoped by plan id + '/' + subject id."""
    assert "p1/s1" == team_scope("p1", "s1")


# --- seeds ------------------------------------------------------------------------


def test_seed_from_hex_normalises_case_and_spaces() -> None:
    """Hex seeds read in either case; the seed is always written lowercase."""
    assert "ab" * 32 == Seed.from_hex(" " + "AB" * 32 + "\n").hex


def test_seed_round_trips_through_bytes() -> None:
    """A seed is 32 bytes, and from_bytes / bytes are inverse."""
    seed = Seed.derive("x")
    assert seed == Seed.from_bytes(seed.bytes)
    assert 32 == len(seed.bytes)
    assert seed.hex == str(seed)


def test_seed_constructor_rejects_uppercase() -> None:
    """Seed(hex) takes the canonical lowercase form only; from_hex normalises."""
    with pytest.raises(InvalidSeedError):
        Seed("AB" * 32)


def test_draw_rejects_a_seed_that_is_not_a_seed() -> None:
    """Passing hex text where a Seed is meant is an error that says how to wrap it."""
    with pytest.raises(InvalidSeedError, match=r"Seed.from_hex"):
        order_by_key(["a"], seed="0" * 64, purpose="S", scope="p")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "error", "fragment"),
    [
        ({"ids": ["a", "b", "a"]}, DuplicateIdError, "'a'"),
        ({"ids": ["a|b"]}, InvalidIdError, "|"),
        ({"ids": ["a"], "purpose": ""}, InvalidIdError, "purpose"),
        ({"ids": ["a"], "scope": "x|y"}, InvalidIdError, "scope"),
    ],
)
def test_order_by_key_rejects_bad_ids(
    kwargs: dict[str, object], error: type[Exception], fragment: str
) -> None:
    """Duplicate or malformed ids, purposes and scopes are rejected, never hashed."""
    arguments: dict[str, object] = {"seed": ZERO, "purpose": "S", "scope": "p", **kwargs}
    with pytest.raises(error, match=re.escape(fragment)):
        order_by_key(**arguments)  # type: ignore[arg-type]


# --- fingerprints ---------------------------------------------------------------


@given(st.lists(rst.subjects(), max_size=8, unique_by=lambda s: s.id), st.randoms())
def test_fingerprint_ignores_order_and_sees_every_change(
    registry: list[Subject], rnd: object
) -> None:
    """A registry's fingerprint depends on its content, never on its order (R1.5)."""
    shuffled = registry[:]
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert fingerprint(registry) == fingerprint(shuffled)
    if registry:
        changed = [
            *registry[1:],
            Subject(id=registry[0].id, grade=registry[0].grade, name="x" + registry[0].name),
        ]
        assert fingerprint(registry) != fingerprint(changed)


def test_fingerprint_rejects_duplicate_ids() -> None:
    """A registry with one id twice cannot be identified; it is an error (R1.5)."""
    with pytest.raises(DuplicateIdError, match=r"R1\.5"):
        fingerprint([Subject(id="s", grade="A"), Subject(id="s", grade="B")])


# --- uniformity -------------------------------------------------------------------

CHI2_9DF_P001 = 27.877
"""Critical value of chi-square with 9 degrees of freedom at p = 0.001 (standard table)."""

IDS = [f"id{i}" for i in range(10)]
SEEDS = [Seed.derive("uniformity", str(i)) for i in range(2000)]


def position_chi2(order: Callable[[Sequence[str], Seed], Sequence[str]]) -> list[float]:
    """For each id, chi-square of its position over the 2,000 seeds against uniform."""
    counts = {i: [0] * len(IDS) for i in IDS}
    for seed in SEEDS:
        for position, item in enumerate(order(IDS, seed)):
            counts[item][position] += 1
    expected = len(SEEDS) / len(IDS)
    return [sum((c - expected) ** 2 / expected for c in counts[i]) for i in IDS]


def keyed_order(ids: Sequence[str], seed: Seed) -> Sequence[str]:
    return order_by_key(ids, seed=seed, purpose="S", scope="uniformity")


def test_every_position_is_equally_likely_for_every_id() -> None:
    """Over 2,000 fixed seeds, each of 10 ids is uniform over the 10 positions."""
    statistics = position_chi2(keyed_order)
    assert max(statistics) < CHI2_9DF_P001, statistics


def test_the_uniformity_check_catches_a_biased_order() -> None:
    """The same check rejects an order with only one random bit per id (so it can fail)."""

    def biased(ids: Sequence[str], seed: Seed) -> Sequence[str]:
        return sorted(ids, key=lambda i: (draw_key(seed, "S", "u", i)[0] >> 7, i))

    assert max(position_chi2(biased)) > CHI2_9DF_P001
