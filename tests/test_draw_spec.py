"""The published test vectors of randinspect-draw/1 hold, by hashlib and by the library.

The vectors in docs/draw-spec.md were computed with coreutils sha256sum; these
tests read that page, recompute each vector with hashlib alone (so the page is
right) and with randinspect (so the library follows the page).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import attrs
import pytest
from spec_vectors import section, table

from randinspect import (
    CheckItem,
    Fate,
    Grade,
    Plan,
    Seed,
    Subject,
    Task,
    TaskKind,
    draw_key,
    draw_subjects,
    order_by_key,
)
from randinspect.draw import canonical_json, fingerprint, history_fingerprint

KEYS = table("keys")
ORDERS = table("orders")
SEEDS = table("seeds")


def test_the_spec_page_has_at_least_eight_key_vectors() -> None:
    """The issue asks for at least 8 key vectors; the table must not shrink."""
    assert len(KEYS) >= 8


@pytest.mark.parametrize(("seed", "purpose", "scope", "item", "key"), KEYS)
def test_key_vector(seed: str, purpose: str, scope: str, item: str, key: str) -> None:
    """The key is SHA-256(UTF-8(seed|purpose|scope|id)), by hashlib and by draw_key."""
    message = f"{seed}|{purpose}|{scope}|{item}".encode()
    assert key == hashlib.sha256(message).hexdigest()
    assert key == draw_key(Seed.from_hex(seed), purpose, scope, item).hex()


@pytest.mark.parametrize(("parts", "seed"), SEEDS)
def test_derived_seed_vector(parts: str, seed: str) -> None:
    """The seed is SHA-256(UTF-8("randinspect-seed/1|" + parts joined by "|"))."""
    pieces = parts.split(" ‖ ")
    assert seed == hashlib.sha256("|".join(["randinspect-seed/1", *pieces]).encode()).hexdigest()
    assert seed == Seed.derive(*pieces).hex


@pytest.mark.parametrize(("seed", "purpose", "scope", "ids", "order"), ORDERS)
def test_order_vector(seed: str, purpose: str, scope: str, ids: str, order: str) -> None:
    """Ids sort by key; the library's order is the page's."""
    members = ids.split()
    by_hashlib = sorted(
        members,
        key=lambda i: hashlib.sha256(f"{seed}|{purpose}|{scope}|{i}".encode()).digest(),
    )
    assert order.split() == by_hashlib
    assert tuple(order.split()) == order_by_key(
        members, seed=Seed.from_hex(seed), purpose=purpose, scope=scope
    )


def test_fingerprint_vector() -> None:
    """The two-subject registry of the page has the page's fingerprint, in any order."""
    expected = section("fingerprint").strip().strip("`")
    registry = [
        Subject(
            id="s2",
            grade=Grade.B,
            name="夕阳红养老院",
            attributes={"region": "卫东区", "type": "elder-care"},
            flags={"high_risk"},
        ),
        Subject(id="s1", grade=Grade.A),
    ]
    assert expected == fingerprint(registry)
    assert expected == fingerprint(reversed(registry))


ESCAPING = table("escaping")
SHORT_ESCAPES = {0x22: '\\"', 0x5C: "\\\\", 0x08: "\\b", 0x09: "\\t", 0x0A: "\\n"}
SHORT_ESCAPES |= {0x0C: "\\f", 0x0D: "\\r"}


def spec_string(text: str) -> str:
    """A JSON string as section 7 of the page says, written out from its table alone."""
    out = []
    for char in text:
        point = ord(char)
        if point in SHORT_ESCAPES:
            out.append(SHORT_ESCAPES[point])
        elif point < 0x20:  # the C0 controls
            out.append(f"\\u{point:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


@pytest.mark.parametrize(("points", "expected"), ESCAPING)
def test_escaping_vector(points: str, expected: str) -> None:
    """The name's line escapes exactly what section 7 lists, by its rules and the library's.

    U+007F-U+009F, U+2028 and non-BMP characters are written raw.
    """
    name = "".join(chr(int(p.removeprefix("U+"), 16)) for p in points.split())
    line = '{"attributes":{},"flags":[],"grade":"A","id":"s1","name":' + spec_string(name) + "}\n"
    assert expected == hashlib.sha256(f"randinspect-fingerprint/1\n{line}".encode()).hexdigest()
    assert expected == fingerprint([Subject(id="s1", grade=Grade.A, name=name)])


def test_escaping_covers_the_cases_the_page_names() -> None:
    """The escaping vector holds C0 controls, DEL, a C1 control, U+2028, non-BMP and a quote."""
    points = {int(p.removeprefix("U+"), 16) for row in ESCAPING for p in row[0].split()}
    assert {0x01, 0x1F, 0x7F, 0x85, 0x2028, 0x22} <= points
    assert any(p > 0xFFFF for p in points)


def test_the_page_escapes_like_the_library_for_every_code_point() -> None:
    """Section 7's table is exact: the page's rules write what the library writes.

    Every code point but the surrogates (which have no UTF-8 form), in one string.
    """
    chars = "".join(chr(p) for p in range(0x110000) if not 0xD800 <= p <= 0xDFFF)
    assert spec_string(chars) == canonical_json(chars)


def test_history_fingerprint_vector() -> None:
    """Only the random tasks of the plan's year are fingerprinted, as the page shows."""
    expected = section("history").strip().strip("`")
    counted = Task(
        id="t1",
        plan_id="2024-fire",
        subject_id="e02",
        items=["fire-1"],
        department="fire",
        on=dt.date(2024, 3, 5),
    )
    complaint = attrs.evolve(counted, id="t2", kind=TaskKind.COMPLAINT)
    earlier = attrs.evolve(counted, id="t0", on=dt.date(2023, 4, 5), year=2023)
    assert expected == history_fingerprint([complaint, counted, earlier], year=2024)
    assert expected == fingerprint([counted])


def test_joint_history_fingerprint_vector() -> None:
    """A joint task's line names its partners, sorted; the digest is SHA-256 of the page's text.

    The text is read from the page and hashed with hashlib alone, then the
    library's history fingerprint of the same task must be that digest.
    """
    block = section("history-joint")
    text = block.split("```text\n", 1)[1].split("```", 1)[0]
    digest = block.rsplit("```", 1)[1].strip().strip("`")
    assert digest == hashlib.sha256(text.encode()).hexdigest()
    lines = text.splitlines()
    assert "randinspect-fingerprint/1" == lines[0]
    assert 2 == len(lines)
    assert '"partners":["fire","market"]' in lines[1]
    joint = Task(
        id="t2",
        plan_id="2024-elder",
        subject_id="e02",
        items=["elder-care"],
        department="civil-affairs",
        unit="elder-section",
        partners={"market", "fire"},
        on=dt.date(2024, 9, 2),
    )
    assert lines[1] == canonical_json(joint.to_data())
    assert digest == history_fingerprint([joint], year=2024)
    assert digest == fingerprint([joint])


MULTI = table("multi-type")
MULTI_ITEMS = {"works": "works-check", "projects": "projects-check"}


def test_the_multi_type_vector_is_what_the_spec_says() -> None:
    """Section 4 by hand: in scope when an item applies, strata over the union, n = ceil(N/2).

    Keys by hashlib; the drawn are each grade's two smallest keys among the
    in-scope subjects; a drawn subject's items are those of its type.
    """
    seed = "0" * 64
    keys = {
        row[0]: hashlib.sha256(f"{seed}|S|2024-multi|{row[0]}".encode()).hexdigest()
        for row in MULTI
    }
    assert [row[3] for row in MULTI] == [keys[row[0]][:8] for row in MULTI]
    fates: dict[str, tuple[str, str]] = {}
    for grade in "AB":
        members = sorted(
            (row for row in MULTI if row[1] == grade and row[2] in MULTI_ITEMS),
            key=lambda row: keys[row[0]],
        )
        size = -(-len(members) // 2)  # ceil(N x 50%)
        for rank, row in enumerate(members):
            drawn = rank < size
            fates[row[0]] = ("drawn", MULTI_ITEMS[row[2]]) if drawn else ("not drawn", "")
    expected = [fates.get(row[0], ("out of scope", "")) for row in MULTI]
    assert expected == [(row[4], row[5]) for row in MULTI]


def test_the_library_draws_the_multi_type_vector() -> None:
    """draw_subjects on the page's plan and subjects gives the page's fates and items (R1.2)."""
    plan = Plan(
        id="2024-multi",
        year=2024,
        department="air",
        items=[
            CheckItem(id=f"{kind}-check", name="检查", department="air", subject_type=kind)
            for kind in ("works", "projects")
        ],
        ratios={"A": "50%", "B": "50%"},
    )
    registry = [
        Subject(id=row[0], grade=row[1], attributes={"type": row[2]} if row[2] else {})
        for row in MULTI
    ]
    draw = draw_subjects(plan, registry, seed=Seed.from_hex("0" * 64))
    words = {Fate.DRAWN: "drawn", Fate.NOT_DRAWN: "not drawn", Fate.OUT_OF_SCOPE: "out of scope"}
    assert [row[4] for row in MULTI] == [words[draw.fate(row[0]).fate] for row in MULTI]
    items = {d.subject.id: ",".join(d.items) for d in draw.drawn}
    assert [row[5] for row in MULTI] == [items.get(row[0], "") for row in MULTI]
    assert {"A": 3, "B": 3} == {s.name: s.in_scope for s in draw.strata if s.in_scope}
