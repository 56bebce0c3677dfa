"""The draw primitive: keys, orders, seeds, fingerprints (randinspect-draw/1)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
import pytest
from assertions import assert_refused_fast, assert_rejected, rejections
from attrs import define
from hypothesis import given
from hypothesis import strategies as st

from randinspect import (
    DuplicateIdError,
    Inspector,
    InvalidIdError,
    InvalidSeedError,
    RandInspectError,
    Registry,
    Seed,
    Subject,
    Task,
    ValidationError,
    draw_key,
    order_by_key,
    team_scope,
)
from randinspect import testing as rst
from randinspect.draw import (
    _line,
    canonical_json,
    fingerprint,
    history_fingerprint,
    key_prefixes,
    registry_fingerprint,
    team_scopes,
)

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


# --- bad input: refused up front, with the library's own error, fast (issue 9) ------------

DEEP: list[object] = []
for _ in range(20_000):
    DEEP = [DEEP]


def failing_ids() -> Iterator[str]:
    """A generator that breaks while it is read."""
    yield "s1"
    raise ValueError("the cursor broke")


def order(ids: object, **changes: object) -> Callable[[], object]:
    arguments: dict[str, object] = {"seed": ZERO, "purpose": "S", "scope": "p", **changes}
    return lambda: order_by_key(ids, **arguments)  # type: ignore[arg-type]


@define
class Record:
    """A record of someone else's type: an id and to_data(), for fingerprints."""

    id: object
    data: object = attrs.Factory(dict)

    def to_data(self) -> object:
        """The record's data, whatever it was given."""
        return self.data


ORDER_REFUSALS = [
    ("None", order(None), ValidationError, ("order_by_key", "'ids'", "NoneType", "['s1']")),
    ("a str, not its characters", order("s1"), ValidationError, ("'ids'", "not str", "['s1']")),
    ("bytes", order(b"s1"), ValidationError, ("'ids'", "bytes")),
    ("a mapping", order({"s1": 1}), ValidationError, ("'ids'", "dict")),
    ("an int", order(5), ValidationError, ("'ids'", "int")),
    ("a generator that fails", order(failing_ids()), ValidationError, ("'ids'", "ValueError")),
    ("an unhashable id", order([[]]), InvalidIdError, ("'ids[0]'", "list")),
    ("None among ids", order(["s1", None]), InvalidIdError, ("'ids[1]'", "NoneType")),
    ("an int id", order([1]), InvalidIdError, ("'ids[0]'", "int")),
    ("a NaN id", order([float("nan")]), InvalidIdError, ("'ids[0]'", "float")),
    ("a bool id", order([True]), InvalidIdError, ("'ids[0]'", "bool")),
    ("a bytes id", order([b"s1"]), InvalidIdError, ("'ids[0]'", "bytes")),
    ("a tab in an id", order(["a\tb"]), InvalidIdError, ("'ids[0]'", "control")),
    ("a deep list", order([DEEP]), InvalidIdError, ("'ids[0]'", "list")),
    ("an id twice", order(["a", "b", "a"]), DuplicateIdError, ("'ids'", "'a'")),
    ("a huge id twice", order(["x" * 10**6] * 2), DuplicateIdError, ("'ids'",)),
    ("a seed of text", order(["a"], seed="0" * 64), InvalidSeedError, ("Seed.from_hex",)),
    ("no seed", order(["a"], seed=None), InvalidSeedError, ("order_by_key", "'seed'")),
    ("an int purpose", order(["a"], purpose=5), InvalidIdError, ("order_by_key", "'purpose'")),
    ("a scope with |", order(["a"], scope="x|y"), InvalidIdError, ("'scope'", "'|'")),
]


@rejections(ORDER_REFUSALS)
def test_order_by_key_refuses_what_is_not_a_collection_of_ids(
    call: Callable[[], object], error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """A str is never read as its characters; every id is checked before it is hashed."""
    assert_refused_fast(call, error, *fragments)


def test_order_by_key_takes_any_collection() -> None:
    """A set, a tuple or a generator gives the order of the same ids as a list."""
    ids = ["s1", "s2", "s3", "养老院"]
    expected = order_by_key(ids, seed=ZERO, purpose="S", scope="p")
    for same in (set(ids), tuple(ids), frozenset(ids), (i for i in ids)):
        assert expected == order_by_key(same, seed=ZERO, purpose="S", scope="p")


KEY_REFUSALS = [
    ("an int id", lambda: draw_key(ZERO, "S", "p", 5), InvalidIdError, ("draw_key", "'item_id'")),  # type: ignore[arg-type]
    ("a None scope", lambda: draw_key(ZERO, "S", None, "s"), InvalidIdError, ("'scope'", "None")),  # type: ignore[arg-type]
    ("a list purpose", lambda: draw_key(ZERO, [], "p", "s"), InvalidIdError, ("'purpose'",)),  # type: ignore[arg-type]
    ("a | id", lambda: draw_key(ZERO, "S", "p", "a|b"), InvalidIdError, ("'item_id'", "'|'")),
    ("hex for a seed", lambda: draw_key("0" * 64, "S", "p", "s"), InvalidSeedError, ("draw_key",)),  # type: ignore[arg-type]
    ("int plan", lambda: team_scope(1, "s"), InvalidIdError, ("team_scope", "'plan_id'", "int")),  # type: ignore[arg-type]
    ("None subject", lambda: team_scope("p", None), InvalidIdError, ("'subject_id'", "None")),  # type: ignore[arg-type]
    ("huge int plan", lambda: team_scope(10**5000, "s"), InvalidIdError, ("'plan_id'", "int")),  # type: ignore[arg-type]
    ("empty plan", lambda: team_scope("", "s"), InvalidIdError, ("'plan_id'", "empty")),
    ("| in plan", lambda: team_scope("p|1", "s"), InvalidIdError, ("'plan_id'", "'|'")),
    ("newline", lambda: team_scope("p", "s\n"), InvalidIdError, ("'subject_id'", "control")),
]


@rejections(KEY_REFUSALS)
def test_keys_and_scopes_refuse_bad_parts(
    call: Callable[[], object], error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """draw_key and team_scope check every part's type and the id rules, naming the part."""
    assert_refused_fast(call, error, *fragments)


SEED_REFUSALS = [
    ("Seed of None", lambda: Seed(None), InvalidSeedError, ("Seed", "'hex'", "NoneType")),  # type: ignore[arg-type]
    ("Seed of bytes", lambda: Seed(bytes(32)), InvalidSeedError, ("'hex'", "not bytes")),  # type: ignore[arg-type]
    ("Seed of 63 hex", lambda: Seed("0" * 63), InvalidSeedError, ("'hex'", "64")),
    ("Seed of non-hex", lambda: Seed("g" * 64), InvalidSeedError, ("'hex'", "Seed.derive")),
    (
        "from_hex None",
        lambda: Seed.from_hex(None),  # type: ignore[arg-type]
        InvalidSeedError,
        ("Seed.from_hex", "'text'", "NoneType"),
    ),
    ("from_hex bytes", lambda: Seed.from_hex(b"0" * 64), InvalidSeedError, ("'text'", "decode")),  # type: ignore[arg-type]
    ("from_hex int", lambda: Seed.from_hex(0), InvalidSeedError, ("'text'", "int")),  # type: ignore[arg-type]
    ("from_hex huge", lambda: Seed.from_hex("0" * 10**7), InvalidSeedError, ("'hex'", "64")),
    (
        "from_hex padded",
        lambda: Seed.from_hex(" " * 5000 + "0" * 64),
        InvalidSeedError,
        ("'hex'",),
    ),
    (
        "from_bytes str",
        lambda: Seed.from_bytes("00" * 32),  # type: ignore[arg-type]
        InvalidSeedError,
        ("Seed.from_bytes", "'data'", "str", "Seed.from_hex"),
    ),
    ("from_bytes None", lambda: Seed.from_bytes(None), InvalidSeedError, ("'data'", "NoneType")),  # type: ignore[arg-type]
    ("from_bytes 31", lambda: Seed.from_bytes(bytes(31)), InvalidSeedError, ("'data'", "not 31")),
    ("from_bytes 33", lambda: Seed.from_bytes(bytearray(33)), InvalidSeedError, ("not 33",)),
    ("derive nothing", Seed.derive, InvalidSeedError, ("'parts'", "commitment")),
    ("derive int", lambda: Seed.derive(5), InvalidIdError, ("Seed.derive", "'parts[0]'", "int")),  # type: ignore[arg-type]
    ("derive None", lambda: Seed.derive("c", None), InvalidIdError, ("'parts[1]'", "NoneType")),  # type: ignore[arg-type]
    ("derive bytes", lambda: Seed.derive(b"c"), InvalidIdError, ("'parts[0]'", "bytes")),  # type: ignore[arg-type]
    ("derive |", lambda: Seed.derive("a|b"), InvalidIdError, ("'parts[0]'", "'|'")),
    ("derive empty", lambda: Seed.derive(""), InvalidIdError, ("'parts[0]'", "empty")),
]


@rejections(SEED_REFUSALS)
def test_seeds_refuse_bad_input(
    call: Callable[[], object], error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Every way of making a seed names its own argument, the value's type and the fix."""
    assert_refused_fast(call, error, *fragments)


def test_seed_from_bytes_takes_any_bytes_like_value() -> None:
    """32 bytes are a seed as bytes, bytearray or memoryview alike."""
    expected = Seed("ab" * 32)
    raw = bytes.fromhex("ab" * 32)
    assert [expected] * 3 == [Seed.from_bytes(v) for v in (raw, bytearray(raw), memoryview(raw))]


def test_seed_refuses_hostile_values() -> None:
    """A huge int or a list nested 20,000 deep is refused like any non-text seed (issue 9)."""
    assert_refused_fast(lambda: Seed(10**5000), InvalidSeedError, "'hex'", "int")  # type: ignore[arg-type]
    assert_refused_fast(lambda: Seed(DEEP), InvalidSeedError, "'hex'", "list")  # type: ignore[arg-type]


FINGERPRINT_REFUSALS = [
    ("None", lambda: fingerprint(None), ValidationError, ("fingerprint", "'records'", "NoneType")),  # type: ignore[arg-type]
    ("a str", lambda: fingerprint("s1"), ValidationError, ("'records'", "not str")),  # type: ignore[arg-type]
    ("a mapping", lambda: fingerprint({"s1": 1}), ValidationError, ("'records'", "dict")),  # type: ignore[dict-item]
    ("an int", lambda: fingerprint([1]), ValidationError, ("'records[0]'", "int", "Subject")),  # type: ignore[list-item]
    (
        "a row, not a Subject",
        lambda: fingerprint([{"id": "s1", "grade": "A"}]),  # type: ignore[list-item]
        ValidationError,
        ("'records[0]'", "dict", "Subject.from_mapping(row)"),
    ),
    (
        "no to_data",
        lambda: fingerprint([Subject(id="s", grade="A"), ZERO]),  # type: ignore[list-item]
        ValidationError,
        ("'records[1]'", "Seed"),
    ),
    (
        "an int id",
        lambda: fingerprint([Record(id=5)]),  # type: ignore[list-item]
        ValidationError,
        ("'records[0]'", "Record"),
    ),
    (
        "a | id",
        lambda: fingerprint([Record(id="a|b")]),  # type: ignore[list-item]
        InvalidIdError,
        ("'records[0].id'", "'|'"),
    ),
    (
        "NaN data",
        lambda: fingerprint([Record(id="a", data={"x": float("nan")})]),  # type: ignore[list-item]
        ValidationError,
        ("'records[0]'", "'a'", "NaN"),
    ),
    (
        "a set in data",
        lambda: fingerprint([Record(id="a", data={1, 2})]),  # type: ignore[list-item]
        ValidationError,
        ("'a'", "plain JSON"),
    ),
    (
        "deep data",
        lambda: fingerprint([Record(id="a", data=DEEP)]),  # type: ignore[list-item]
        ValidationError,
        ("'a'", "RecursionError"),
    ),
    (
        "an id twice",
        lambda: fingerprint([Subject(id="s", grade="A"), Subject(id="s", grade="B")]),
        DuplicateIdError,
        ("'records'", "'s'", "R1.5", "one record per id"),
    ),
]


@rejections(FINGERPRINT_REFUSALS)
def test_fingerprint_refuses_what_is_not_a_collection_of_records(
    call: Callable[[], object], error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """The fingerprint checks the collection and each record before it sorts or hashes (R1.5)."""
    assert_refused_fast(call, error, *fragments)


@given(st.lists(rst.subjects(), max_size=8, unique_by=lambda s: s.id))
def test_a_registry_fingerprints_like_its_subjects(registry: list[Subject]) -> None:
    """Registry.fingerprint, which skips the checks its subjects passed, equals fingerprint."""
    assert fingerprint(registry) == Registry(registry).fingerprint


def test_fingerprint_takes_other_records_and_generators() -> None:
    """Any value with an id and to_data() is a record; any collection of them will do."""
    records = [Record(id="b", data={"n": 2}), Record(id="a", data=[1])]
    text = 'randinspect-fingerprint/1\n[1]\n{"n":2}\n'
    expected = hashlib.sha256(text.encode()).hexdigest()
    assert expected == fingerprint(records)  # type: ignore[arg-type]
    assert expected == fingerprint(r for r in records)  # type: ignore[misc]


def test_registry_fingerprint_is_a_deprecated_name_of_fingerprint() -> None:
    """The old name warns, names the new one, and returns the same fingerprint."""
    subjects = [Subject(id="s2", grade="B"), Subject(id="s1", grade="A")]
    with pytest.warns(DeprecationWarning, match=r"use fingerprint"):
        old = registry_fingerprint(subjects)
    assert fingerprint(subjects) == old


@given(
    st.lists(st.sampled_from(["s1", "s2", "914104000000000042", "养老院-3", "a/b"]), max_size=6)
)
def test_many_scopes_and_prefixes_are_the_single_ones(subject_ids: list[str]) -> None:
    """team_scopes and key_prefixes give what team_scope and key_prefix give one by one."""
    seed = Seed.from_hex("ab" * 32)
    scopes = team_scopes("p1", subject_ids)
    assert [team_scope("p1", s) for s in subject_ids] == scopes
    expected = [f"{seed.hex}|T|{scope}|".encode() for scope in scopes]  # the spec's message
    assert expected == key_prefixes(seed, "T", scopes)


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: team_scopes("p1", ["s1", ""]), "subject_ids[1]"),
        (lambda: team_scopes("p1", ["s1", "a|b"]), "subject_ids[1]"),
        (lambda: team_scopes("p1", ["s1", 7]), "subject_ids[1]"),
        (lambda: team_scopes("p|1", ["s1"]), "plan_id"),
        (lambda: key_prefixes(Seed.from_hex("ab" * 32), "T", ["ok", "x\n"]), "scopes[1]"),
        (lambda: key_prefixes("ab" * 32, "T", ["ok"]), "seed"),  # type: ignore[arg-type]
    ],
)
def test_many_scopes_and_prefixes_refuse_a_bad_id_by_its_index(
    call: Callable[[], object], fragment: str
) -> None:
    """One pass checks them all; the culprit is then named by its place (randinspect-draw/1)."""
    assert_rejected(call, RandInspectError, fragment)


@given(st.lists(rst.subjects(), max_size=6, unique_by=lambda s: s.id))
def test_a_registrys_fast_lines_are_its_canonical_json(registry: list[Subject]) -> None:
    """Subjects are fingerprinted by a hand-written encoder; it writes canonical JSON (R1.5)."""
    text = "randinspect-fingerprint/1\n" + "".join(
        canonical_json(s.to_data()) + "\n" for s in sorted(registry, key=lambda s: s.id)
    )
    assert hashlib.sha256(text.encode()).hexdigest() == fingerprint(registry)


# --- fingerprints at hashing speed: the lines written by hand ---------------------------


def _generic_line(record: Any) -> str:
    """The canonical line as the spec defines it: ``canonical_json(to_data())`` and a newline."""
    return canonical_json(record.to_data()) + "\n"


@given(rst.tasks())
def test_a_tasks_line_written_by_hand_is_its_canonical_json(task: Task) -> None:
    """History lines are written field by field, the same text as the generic encoding (R5.1)."""
    assert _generic_line(task) == _line(task)


@given(rst.inspectors())
def test_an_inspectors_line_written_by_hand_is_its_canonical_json(inspector: Inspector) -> None:
    """Roster lines are written field by field, the same text as the generic encoding (R1.5)."""
    assert _generic_line(inspector) == _line(inspector)


@given(st.lists(rst.tasks(), max_size=12, unique_by=lambda t: t.id))
def test_a_history_fingerprints_as_its_generic_text(tasks: list[Task]) -> None:
    """The fingerprint of tasks is SHA-256 of the header and their generic lines in id order."""
    text = "randinspect-fingerprint/1\n" + "".join(
        _generic_line(t) for t in sorted(tasks, key=lambda t: t.id)
    )
    assert hashlib.sha256(text.encode()).hexdigest() == fingerprint(tasks)


def test_a_mixed_batch_and_batches_beyond_one_fingerprint_as_the_generic_text() -> None:
    """Records of several kinds, and more than one batch of lines, hash the same text."""
    subjects = [Subject(id=f"s{n:05d}", grade="ABCD"[n % 4]) for n in range(5000)]
    roster = [Inspector(id=f"i{n}", department="民政局", conflicts={"s1", "s0"}) for n in range(3)]
    records: list[Any] = [*subjects, *roster, Record(id="z", data={"n": 1})]
    text = "randinspect-fingerprint/1\n" + "".join(
        _generic_line(r) for r in sorted(records, key=lambda r: r.id)
    )
    assert hashlib.sha256(text.encode()).hexdigest() == fingerprint(records)


def test_a_record_that_is_not_json_is_named_by_its_own_index() -> None:
    """The error names the record at fault, not the last of its batch."""
    records = [Record(id=f"r{n:04d}", data={"n": n}) for n in range(300)]
    records[200] = Record(id="r0200", data={"n": float("nan")})
    assert_rejected(
        lambda: fingerprint(records),  # type: ignore[arg-type]
        ValidationError,
        "records[200]",
        "'r0200'",
    )


# --- a joint task's line: "partners" written only when there are some (R4.6) ------------

_DEPARTMENTS = st.sampled_from(["fire", "market", "消防救援支队", 'q"uote', "housing"])


@given(rst.tasks(), st.frozensets(_DEPARTMENTS, max_size=3))
def test_a_joint_tasks_line_written_by_hand_is_its_canonical_json(
    task: Task, partners: frozenset[str]
) -> None:
    """With or without partners, the hand-written line is the generic encoding (R4.6, R5.1)."""
    joint = attrs.evolve(task, partners=partners - {task.department})
    assert _generic_line(joint) == _line(joint)
    assert ('"partners":' in _line(joint)) == bool(joint.partners)


def test_a_task_without_partners_keeps_the_line_it_always_had() -> None:
    """The line of a one-department task has no partners key: every earlier fingerprint holds.

    The expected text is the one docs/draw-spec.md gives for its history vector.
    """
    task = Task(
        id="t1",
        plan_id="2024-fire",
        subject_id="e02",
        items=["fire-1"],
        department="fire",
        on=dt.date(2024, 3, 5),
    )
    expected = (
        '{"department":"fire","id":"t1","inspectors":[],"items":["fire-1"],"kind":"random",'
        '"leader":null,"on":"2024-03-05","period":null,"plan_id":"2024-fire",'
        '"subject_id":"e02","unit":"","year":2024}\n'
    )
    assert expected == _line(task)


JOINT_HISTORY_FINGERPRINT = "6fb4febbc2b0a8061b591673743a575602bb0f60bafd8a57f8c59f309a023527"
"""``printf '%s\\n' 'randinspect-fingerprint/1' LINE_T1 LINE_T2 | sha256sum``, with the two
lines of the test below written out by hand (coreutils only, not the library)."""


def test_a_history_with_a_joint_task_has_the_vector_fingerprint() -> None:
    """A joint task's line carries ``"partners"`` sorted, between ``on`` and ``period`` (R4.6)."""
    t1 = Task(
        id="t1",
        plan_id="2024-fire",
        subject_id="e02",
        items=["fire-1"],
        department="fire",
        on=dt.date(2024, 3, 5),
    )
    t2 = Task(
        id="t2",
        plan_id="2024-elder",
        subject_id="e02",
        items=["elder-care"],
        department="civil-affairs",
        unit="elder-section",
        partners={"market", "fire"},
        on=dt.date(2024, 9, 2),
    )
    expected_line = (
        '{"department":"civil-affairs","id":"t2","inspectors":[],"items":["elder-care"],'
        '"kind":"random","leader":null,"on":"2024-09-02","partners":["fire","market"],'
        '"period":null,"plan_id":"2024-elder","subject_id":"e02","unit":"elder-section",'
        '"year":2024}\n'
    )
    assert expected_line == _line(t2)
    assert expected_line == _generic_line(t2)
    assert JOINT_HISTORY_FINGERPRINT == history_fingerprint([t2, t1], year=2024)
    assert JOINT_HISTORY_FINGERPRINT == fingerprint([t1, t2])
