"""The streamed draw: the in-memory draw's strata, record and fingerprint, read once."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from assertions import assert_rejected, rejections
from hypothesis import given, settings
from hypothesis import strategies as st
from test_sampling import ELDER, task
from test_sampling import plan as sampling_plan

from randinspect import (
    CapPolicy,
    CheckItem,
    Flag,
    FlagStratum,
    InvalidSeedError,
    LoadError,
    Period,
    Plan,
    Ratios,
    Registry,
    Seed,
    Subject,
    SubjectDraw,
    Task,
    TaskKind,
    UnknownIdError,
    ValidationError,
    draw_subjects,
    load_registry,
)
from randinspect import streaming as streaming_module
from randinspect import testing as rst
from randinspect._rows import SubjectLines, canonical_line, json_pieces
from randinspect._values import FrozenMap
from randinspect.draw import _subject_line, canonical_json
from randinspect.errors import RandInspectError, RuleViolationError
from randinspect.streaming import (
    StreamedDraw,
    _held,
    _subject_of,
    _subjects_of_records,
    draw_stream,
)

HOTEL = CheckItem(id="hotel", name="旅馆检查", department="civil-affairs", subject_type="hotel")
SEED = Seed.derive("streaming-tests")


def plan(**changes: Any) -> Plan:
    """test_sampling's plan, of unit ``unit-1`` (the cap's department rule reads it)."""
    return sampling_plan(**{"unit": "unit-1", **changes})


def row(i: int) -> dict[str, Any]:
    """A registry row as a database cursor gives it."""
    return {
        "id": f"914104{i:012d}",
        "grade": "AAAABBBCCD"[i % 10],
        "flags": "high_risk" if i % 97 == 0 else ("trusted" if i % 89 == 0 else ""),
        "region": f"r{i % 7}",
        "type": "hotel" if i % 3 else "elder-care",
    }


def assert_same_draw(expected: SubjectDraw, actual: StreamedDraw) -> None:
    """Every observable part that matters is the in-memory draw's."""
    assert expected.strata == actual.strata
    assert [s.keys for s in expected.strata] == [s.keys for s in actual.strata]
    assert expected.record() == actual.record()
    assert expected.registry.fingerprint == actual.fingerprint
    assert expected.drawn == actual.drawn
    assert expected.excluded == actual.excluded
    assert expected.notes == actual.notes
    assert expected.out_of_scope == actual.out_of_scope
    assert expected.history_fingerprint == actual.history_fingerprint
    assert len(expected.registry) == actual.registry_size


class Reads:
    """A re-iterable source that counts how often it is read (as a query run again)."""

    def __init__(self, items: list[Any]) -> None:
        self.items, self.reads = items, 0

    def __iter__(self) -> Iterator[Any]:
        self.reads += 1
        return iter(self.items)


@pytest.fixture
def tight(monkeypatch: pytest.MonkeyPatch) -> None:
    """Candidates cut at every arrival to exactly the expected size: fallbacks happen."""
    monkeypatch.setattr(streaming_module, "_SLACK", 0)
    monkeypatch.setattr(streaming_module, "_margin", lambda wanted: -wanted // 2)


# --- equal to the in-memory draw -------------------------------------------------------

REGIONS = ["卫东区", "新华区"]
POOL = [f"s{i:02d}" for i in range(40)]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Plan, list[Subject], list[Task]]:
    """A plan (boost, relief, scope, subject type, caps, periods), a registry and a history."""
    subjects = draw(
        st.lists(
            st.builds(
                Subject,
                id=st.sampled_from(POOL),
                grade=rst.grades(),
                attributes=st.fixed_dictionaries(
                    {
                        "region": st.sampled_from(REGIONS),
                        "type": st.sampled_from(["hotel", "elder-care"]),
                    }
                ),
                flags=st.frozensets(
                    st.sampled_from([Flag.HIGH_RISK, Flag.BLACKLISTED, Flag.TRUSTED])
                ),
            ),
            unique_by=lambda s: s.id,
            max_size=40,
        )
    )
    ratios = draw(
        st.builds(Ratios, A=rst.ratios(), B=rst.ratios(), C=rst.ratios(), D=rst.ratios())
    )
    top = max(r for _, r in ratios.items())
    chosen = plan(
        ratios=ratios,
        boost=draw(
            st.none()
            | st.builds(FlagStratum, flags=st.just({Flag.HIGH_RISK}), ratio=st.fractions(top, 1))
        ),
        relief=draw(
            st.none() | st.builds(FlagStratum, flags=st.just({Flag.TRUSTED}), ratio=rst.ratios())
        ),
        scope=draw(st.sampled_from([{}, {"region": {"卫东区"}}])),
        items=draw(st.sampled_from([[ELDER], [HOTEL]])),
        caps=CapPolicy(
            max_per_year=draw(st.integers(1, 2)),
            exempt_flags=draw(st.sampled_from([{Flag.BLACKLISTED}, set()])),
        ),
        periods=[
            Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30), name="H1"),
            Period(start=dt.date(2024, 7, 1), end=dt.date(2024, 12, 31), name="H2"),
        ],
    )
    history = [
        task(
            n,
            draw(st.sampled_from(POOL)),
            unit=draw(st.sampled_from(["unit-1", "unit-2"])),
            department=draw(st.sampled_from(["civil-affairs", "fire"])),
            kind=draw(st.sampled_from(TaskKind)),
            on=dt.date(draw(st.sampled_from([2023, 2024])), 5, 1),
        )
        for n in range(draw(st.integers(0, 30)))
    ]
    return chosen, subjects, history


@settings(max_examples=200)
@given(scenarios(), rst.seeds(), st.randoms())
def test_the_streamed_draw_is_the_in_memory_draw(
    scenario: tuple[Plan, list[Subject], list[Task]], seed: Seed, shuffler: Any
) -> None:
    """Over the subjects in id order, draw_stream gives draw_subjects' strata, record, fingerprint.

    The in-memory draw gets them in any order (it does not depend on it, R1.5).
    """
    chosen, subjects, history = scenario
    shuffled = list(subjects)
    shuffler.shuffle(shuffled)
    expected = draw_subjects(chosen, shuffled, seed=seed, history=history)
    actual = draw_stream(chosen, sorted(subjects, key=lambda s: s.id), seed=seed, history=history)
    assert_same_draw(expected, actual)


@settings(max_examples=100)
@given(rst.plans(), st.lists(rst.subjects(), unique_by=lambda s: s.id, max_size=30), rst.seeds())
def test_the_streamed_draw_is_the_in_memory_draw_for_any_plan(
    chosen: Plan, subjects: list[Subject], seed: Seed
) -> None:
    """On the library's own random plans and subjects (any ids, attributes, flags) too."""
    expected = draw_subjects(chosen, subjects, seed=seed)
    actual = draw_stream(chosen, Registry(subjects), seed=seed)
    assert_same_draw(expected, actual)


@settings(max_examples=100)
@given(scenarios(), rst.seeds())
def test_with_the_bound_cut_at_every_arrival_the_second_pass_keeps_it_exact(
    scenario: tuple[Plan, list[Subject], list[Task]], seed: Seed
) -> None:
    """Provisional capacities far too small: a re-iterable source is read again, still exact."""
    chosen, subjects, history = scenario
    expected = draw_subjects(chosen, subjects, seed=seed, history=history)
    source = Reads(sorted(subjects, key=lambda s: s.id))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(streaming_module, "_SLACK", 0)
        patch.setattr(streaming_module, "_margin", lambda wanted: -wanted // 2)
        actual = draw_stream(chosen, source, seed=seed, history=history)
    assert_same_draw(expected, actual)
    assert source.reads in {1, 2}


def test_a_one_shot_source_that_would_need_a_second_pass_is_told_the_fix(tight: None) -> None:
    """A generator cannot be read again: the error says so and names re-iterable sources."""
    subjects = [Subject(id=f"s{i:03d}", grade="B") for i in range(200)]
    assert_rejected(
        lambda: draw_stream(plan(), (s for s in subjects), seed=SEED),
        ValidationError,
        "one-shot iterator",
        "stratum B",
        "re-iterable",
        "draw_stream",
    )
    # The same subjects as a list: read twice, exact.
    source = Reads(subjects)
    assert_same_draw(
        draw_subjects(plan(), subjects, seed=SEED), draw_stream(plan(), source, seed=SEED)
    )
    assert 2 == source.reads


def test_a_source_that_changes_between_its_two_readings_is_refused(tight: None) -> None:
    """The second reading must give the subjects of the first (a snapshot), or the draw fails."""

    class Growing:
        def __init__(self) -> None:
            self.reads = 0

        def __iter__(self) -> Iterator[Subject]:
            self.reads += 1
            return iter([Subject(id=f"s{i:03d}", grade="B") for i in range(200 + self.reads)])

    assert_rejected(
        lambda: draw_stream(plan(), Growing(), seed=SEED),
        ValidationError,
        "read a second time",
        "snapshot",
    )


def test_rows_with_a_column_mapping_give_the_loaded_registry_s_draw() -> None:
    """Rows are read as load_registry reads them: renamed columns, the rest attributes."""
    columns = {"统一社会信用代码": "id", "信用等级": "grade"}
    rows = [
        {"统一社会信用代码": f"9141{i:04d}", "信用等级": ["低", "中", "中高", "高"][i % 4]}
        | {"region": ("卫东区", "新华区")[i % 5 == 0]}
        for i in range(300)
    ]
    chosen = plan(scope={"region": {"卫东区"}})
    expected = draw_subjects(chosen, load_registry(rows, columns=columns), seed=SEED)
    actual = draw_stream(chosen, iter(rows), seed=SEED, columns=columns)
    assert_same_draw(expected, actual)


def test_a_generated_stream_with_boost_relief_scope_types_and_caps_is_exact() -> None:
    """20,000 rows from a generator, every feature at once, cuts of the bound included: exact.

    Read once: no second pass is needed with the real margin.
    """
    size = 20_000
    chosen = plan(
        items=[HOTEL],
        scope={"region": {"r1", "r2", "r3", "r4", "r5", "r6"}},
        boost=FlagStratum(flags={"high_risk"}, ratio="50%"),
        relief=FlagStratum(flags={"trusted"}, ratio="1%"),
        caps=CapPolicy(max_per_year=2, exempt_flags={Flag.BLACKLISTED}),
    )
    # Capped ids bunched at the end of the id order: the capacities must foresee them.
    history = [
        task(n, f"914104{i:012d}", unit=("unit-1", "unit-2")[n % 2])
        for n, i in enumerate(range(size - 4000, size, 3))
    ]
    history += [task(10_000 + n, f"914104{i:012d}") for n, i in enumerate(range(0, 900, 9))]
    history += [task(20_000 + n, f"914104{i:012d}") for n, i in enumerate(range(0, 900, 9))]
    expected = draw_subjects(
        chosen, load_registry(row(i) for i in range(size)), seed=SEED, history=history
    )
    source = Reads([row(i) for i in range(size)])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(streaming_module, "_SLACK", 16)  # cut often, so the bound is exercised
        actual = draw_stream(chosen, source, seed=SEED, history=history)
    assert_same_draw(expected, actual)
    assert 1 == source.reads
    assert expected.excluded
    assert all(s.drawn for s in expected.strata)


def test_the_fingerprint_is_the_spec_s_hash_of_every_subject_streamed() -> None:
    """Independently: SHA-256 of the header and each subject's canonical JSON line, in id order."""
    subjects = [
        Subject(id="b", grade="C", name="乙", attributes={"region": "x\ny"}, flags={"trusted"}),
        Subject(id="a", grade="A", name='"quoted"'),
    ]
    text = "randinspect-fingerprint/1\n" + "".join(
        canonical_json(s.to_data()) + "\n" for s in sorted(subjects, key=lambda s: s.id)
    )
    draw = draw_stream(plan(), Registry(subjects), seed=SEED)
    assert hashlib.sha256(text.encode()).hexdigest() == draw.fingerprint
    assert draw.fingerprint == draw.record()["fingerprint"]
    assert 2 == draw.record()["registry_size"]


def test_the_draw_holds_only_its_drawn_and_excluded_subjects() -> None:
    """Its registry is the drawn and excluded subjects; fate answers for those, refuses others."""
    subjects = [Subject(id=f"s{i:03d}", grade="D") for i in range(100)]
    draw = draw_stream(plan(), subjects, seed=SEED, history=[task(1, "s050"), task(2, "s050")])
    expected = draw_subjects(
        plan(), subjects, seed=SEED, history=[task(1, "s050"), task(2, "s050")]
    )
    held = {d.subject.id for d in expected.drawn} | {"s050"}
    assert held == {s.id for s in draw.registry}
    assert [f for f in expected.fates() if f.subject_id in held] == list(draw.fates())
    assert expected.fate("s050") == draw.fate("s050")
    not_drawn = next(f.subject_id for f in expected.fates() if f.subject_id not in held)
    assert_rejected(lambda: draw.fate(not_drawn), UnknownIdError, "neither drawn nor excluded")
    json.dumps(draw.record())


def test_an_empty_source_and_a_scope_matching_nobody_say_so() -> None:
    """The notes of the in-memory draw: an empty registry, a scope that matches nobody."""
    assert_same_draw(draw_subjects(plan(), [], seed=SEED), draw_stream(plan(), [], seed=SEED))
    chosen = plan(scope={"region": {"nowhere"}})
    subjects = [Subject(id="s1", grade="A", attributes={"region": "r"})]
    assert_same_draw(
        draw_subjects(chosen, subjects, seed=SEED), draw_stream(chosen, subjects, seed=SEED)
    )


# --- rows read straight to their lines, the held subjects built when asked -------------------


class Label(str):
    """A str subclass (as numpy.str_ is): the fast reading leaves it to the general path."""

    __slots__ = ()


_KEYS = st.sampled_from(
    ["id", "grade", "name", "flags", "attributes", "region", "类型", "", "\ud800", "a|b", "zz"]
)
_TEXTS = st.sampled_from(
    [
        "914104000000000001",
        "s1",
        "B",
        "b",
        " B ",
        "中高",
        "Z",
        "",
        "  ",
        "\u3000",
        "s|1",
        "s\t1",
        "s\x85",
        "\ud800",
        "卫东区",
        'say "hi"\n',
        "high_risk",
        "blacklisted;经营异常",
        "trusted;high_risk",
        "high_risk;nonsense",
        " ; ",
        "HIGH_RISK",
    ]
)
_CELLS = (
    _TEXTS
    | st.builds(Label, _TEXTS)
    | st.sampled_from([None, float("nan"), 1.5, float("inf"), True, 0, b"s1", 2**2000, ("s1",)])
    | st.integers(-(10**20), 10**20)
    | st.dictionaries(st.sampled_from(["region", "", "type"]), _TEXTS | st.none(), max_size=2)
)
_COMMON = st.fixed_dictionaries(
    {"id": st.sampled_from(["s1", "914104000000000001", "养老院-3"]), "grade": st.just("B")},
    optional={
        "name": st.sampled_from(["卫东区第一养老院", "", " ", '"q"']) | st.none(),
        "region": st.sampled_from(["r3", "卫东区", ""]) | st.none() | st.integers(0, 9),
        "type": st.sampled_from(["hotel", "elder-care"]) | st.none() | st.just(1.5),
        "flags": st.sampled_from(["high_risk", "", "blacklisted;经营异常"]) | st.none(),
    },
)
ROWS = st.builds(
    lambda common, hostile: {**common, **hostile},
    _COMMON | st.builds(dict),
    st.dictionaries(_KEYS | st.integers(0, 2), _CELLS, max_size=3),
)
"""Common rows, with up to three cells replaced or added by hostile ones (keys too)."""


def _outcome(call: Any) -> tuple[str, Any]:
    """A call's value, or its error's class and field: what two readings must agree on."""
    try:
        return ("value", call())
    except RandInspectError as error:
        return (type(error).__name__, error.field)


@settings(max_examples=400)
@given(ROWS, st.booleans())
def test_a_row_read_to_its_line_is_the_subject_the_loading_builds(
    row: dict[str, Any], attributes: bool
) -> None:
    """What SubjectLines reads is Subject.from_mapping's value, its line the canonical one.

    A row it does not read goes to the general path, which gives the value or
    the error: so every row is checked as the loading checks it (R1.1, R1.4).
    """
    parts = SubjectLines(attributes=attributes).read(row)
    general = _outcome(
        lambda: Subject.from_mapping(row, extra="attributes" if attributes else "error")
    )
    if parts is not None:
        subject = _subject_of(parts)
        assert general == ("value", subject)
        assert (type(subject.attributes), type(subject.flags)) == (FrozenMap, frozenset)
        assert canonical_json(subject.to_data()) + "\n" == parts[5] == _subject_line(subject)


def test_the_common_rows_are_read_straight_to_their_lines() -> None:
    """A cursor's rows (text, None, NaN, ints) are read without the general path."""
    reader = SubjectLines(attributes=True)
    rows = [
        row(1),
        {"id": "s1", "grade": "中高", "name": None, "flags": None, "n": 3, "x": float("nan")},
        {"id": "养老院", "grade": "D", "name": '"卫东"\t', "flags": "经营异常;high_risk"},
        {"id": "s2", "grade": "A", "b": "2", "a": "1", "c": " "},
    ]
    assert all(reader.read(r) is not None for r in rows)
    assert '{"attributes":{"a":"1","b":"2"},' == reader.read(rows[3])[5][:32]  # type: ignore[index]


def held(subject: Subject, key: bytes = b"\x07" * 32) -> bytes:
    """The entry a streamed draw keeps for ``subject`` (its record, after ``key``)."""
    pairs, words = json_pieces(subject)
    return _held(key, subject.id, pairs, words, subject.grade, subject.name)


@settings(max_examples=200)
@given(rst.subjects())
def test_a_held_entry_gives_back_its_subject_and_its_line(subject: Subject) -> None:
    """A held subject is rebuilt equal, types and all; its pieces give its canonical line."""
    assert b"\n" not in held(subject, b"")  # records are kept joined by newlines
    [rebuilt] = _subjects_of_records([subject.id], [held(subject, b"")])
    assert subject == rebuilt
    assert (type(rebuilt.attributes), type(rebuilt.flags)) == (FrozenMap, frozenset)
    pairs, words = json_pieces(subject)
    line = canonical_line(pairs, words, subject.grade.value, subject.id, subject.name)
    assert canonical_json(subject.to_data()) + "\n" == line == _subject_line(rebuilt)


@settings(max_examples=200)
@given(rst.subjects(), rst.subjects(), st.binary(min_size=32, max_size=32))
def test_held_entries_sort_in_the_spec_s_key_then_id_order(
    first: Subject, second: Subject, key: bytes
) -> None:
    """Entries order by key, then by id bytes (a tie of keys), whatever else they hold."""
    other = bytes([key[0] ^ 1]) + key[1:]
    for a, b in [(first, second), (second, first)]:
        assert (held(a, key) < held(b, key)) == (a.id.encode() < b.id.encode()) or a.id == b.id
        assert (held(a, key) < held(b, other)) == (key < other)


@settings(max_examples=100)
@given(st.lists(rst.subjects(), max_size=12), st.integers(1, 5))
def test_records_in_blocks_give_back_their_subjects_in_order(
    subjects: list[Subject], width: int
) -> None:
    """Records joined by newlines, a block of ``width`` at a time, are the subjects again."""
    blocks = [
        b"\n".join(held(s, b"") for s in subjects[start : start + width])
        for start in range(0, len(subjects), width)
    ]
    assert subjects == _subjects_of_records([s.id for s in subjects], blocks)


def test_equal_attribute_maps_of_held_subjects_are_one_value() -> None:
    """Rebuilt subjects share their equal attribute maps and flag sets (memory, not value)."""
    subjects = [Subject.from_mapping(row(i), extra="attributes") for i in (21, 42, 63)]
    first, second, third = _subjects_of_records(
        [s.id for s in subjects], [b"\n".join(held(s, b"") for s in subjects)]
    )
    assert first.attributes is second.attributes is third.attributes
    assert first.flags is second.flags


def test_the_draw_and_its_record_build_no_subject_until_one_is_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Common rows are read without Subject.from_mapping, and the record builds none.

    The drawn and excluded subjects are held as their lines; the draw's
    registry makes them Subjects once, when first asked (drawn, fates, registry).
    """
    built: list[int] = []
    rebuild = streaming_module._subjects_of_records

    def counted(ids: Any, blocks: Any) -> list[Subject]:
        built.append(1)
        return rebuild(ids, blocks)

    def refused(*args: Any, **kwargs: Any) -> Subject:
        raise AssertionError("a common row went the general way")

    monkeypatch.setattr(streaming_module, "_subjects_of_records", counted)
    size = 3000
    chosen = plan(boost=FlagStratum(flags={"high_risk"}, ratio="50%"))
    history = [task(n, f"914104{i:012d}") for n, i in enumerate(range(0, size, 50))]
    with monkeypatch.context() as patch:
        patch.setattr(Subject, "from_mapping", refused)
        draw = draw_stream(chosen, (row(i) for i in range(size)), seed=SEED, history=history)
        record = draw.record()
    assert [] == built
    assert len(draw.registry) == sum(len(s.drawn) for s in draw.strata) + len(draw.excluded)
    assert [] == built  # its size is known without building
    expected = draw_subjects(
        chosen, load_registry(row(i) for i in range(size)), seed=SEED, history=history
    )
    assert expected.record() == record
    assert expected.drawn == draw.drawn
    assert [1] == built
    assert [f for f in expected.fates() if f.subject_id in draw.registry] == list(draw.fates())
    assert [1] == built


@settings(max_examples=150)
@given(st.lists(ROWS, max_size=8), rst.seeds())
def test_streamed_rows_give_the_loaded_registry_s_draw_or_its_bad_rows(
    rows: list[dict[str, Any]], seed: Seed
) -> None:
    """Hostile rows, sorted by id: the draw of load_registry's registry, or the same bad rows.

    Every row is checked (R1.1): the LoadError lists the rows, fields and
    values load_registry lists, and a draw is made only when there are none.
    """
    rows = sorted(rows, key=lambda r: str(r.get("id")))
    chosen = plan(items=[HOTEL])
    try:
        registry, loaded = load_registry(rows), None
    except LoadError as error:
        registry, loaded = None, error
    if loaded is None:
        assert_same_draw(
            draw_subjects(chosen, registry, seed=seed), draw_stream(chosen, iter(rows), seed=seed)
        )
        return
    ids = [r.get("id") for r in rows]
    if any(type(i) is not str for i in ids) or len(set(ids)) != len(ids):
        return  # an id order the stream cannot check without the rows' own errors
    with pytest.raises(LoadError) as caught:
        draw_stream(chosen, iter(rows), seed=seed)
    expected = [(p.row, p.field, p.value, p.problem) for p in loaded.problems]
    assert expected == [(p.row, p.field, p.value, p.problem) for p in caught.value.problems]
    assert (loaded.count, loaded.rows) == (caught.value.count, caught.value.rows)


def test_a_draw_directed_by_region_and_industry_gets_the_note_or_the_refusal() -> None:
    """R2.3: the note of draw_subjects, in the record too; strict refuses before reading."""
    listed = CheckItem(
        id="hotel",
        name="旅馆检查",
        department="civil-affairs",
        min_ratios=Ratios(A="5%", B="10%", C="15%", D="20%"),
    )
    chosen = plan(
        items=[listed],
        ratios=Ratios(A="5%", B="10%", C="15%", D="20%"),
        scope={"region": {"r1", "r2"}, "industry": {"住宿"}},
    )
    subjects = [
        Subject(
            id=f"s{i:03d}",
            grade="ABCD"[i % 4],
            attributes={"region": f"r{i % 3}", "industry": "住宿"},
        )
        for i in range(100)
    ]
    expected = draw_subjects(chosen, subjects, seed=SEED)
    actual = draw_stream(chosen, subjects, seed=SEED)
    assert any("R2.3" in note for note in expected.notes)
    assert_same_draw(expected, actual)
    read: list[Subject] = []

    def source() -> Iterator[Subject]:
        for subject in subjects:
            read.append(subject)
            yield subject

    assert_rejected(
        lambda: draw_stream(chosen, source(), seed=SEED, strict=True),
        RuleViolationError,
        "R2.3",
        "region",
    )
    assert [] == read


# --- bad input ------------------------------------------------------------------------------


def test_a_source_out_of_id_order_is_refused_with_the_fix() -> None:
    """Unsorted ids cannot be fingerprinted in one pass: the error names ORDER BY id."""
    rows = [{"id": "s2", "grade": "A"}, {"id": "s10", "grade": "A"}]  # "s10" < "s2" as text
    assert_rejected(
        lambda: draw_stream(plan(), iter(rows), seed=SEED),
        ValidationError,
        "row 2",
        "'s10'",
        "ORDER BY id",
        "R1.5",
    )


def test_every_bad_row_is_listed_after_the_whole_source_is_read() -> None:
    """Bad cells, non-mappings and a repeated id: one LoadError naming each row, none dropped."""
    rows: list[Any] = [
        {"id": "s1", "grade": "A"},
        {"id": "s2", "grade": "Z"},
        ["not", "a", "row"],
        {"id": "s3", "grade": "B"},
        {"id": "s3", "grade": "C"},
        {"id": "s35", "grade": "B", "flags": "nonsense"},
        {"id": "s4", "grade": "C"},
        {"id": "s5|x", "grade": "C"},
    ]
    with pytest.raises(LoadError) as caught:
        draw_stream(plan(), iter(rows), seed=SEED)
    error = caught.value
    assert 5 == error.count
    assert 8 == error.rows
    assert [2, 3, 5, 6, 8] == [p.row for p in error.problems]
    assert ["grade", "id", "flags", "id"] == [error.problems[i].field for i in (0, 2, 3, 4)]
    assert "row 4" in error.problems[2].problem  # the repeat names the first row with the id
    assert "draw_stream" in str(error)


def test_bad_rows_are_listed_up_to_max_problems_and_all_counted() -> None:
    """``max_problems`` caps the list, never the count."""
    rows = [{"id": f"s{i:03d}", "grade": "Z"} for i in range(50)]
    with pytest.raises(LoadError) as caught:
        draw_stream(plan(), rows, seed=SEED, max_problems=3)
    assert (50, 3) == (caught.value.count, len(caught.value.problems))


def test_a_source_failing_midway_gets_the_library_s_error_with_the_cause() -> None:
    """A cursor that raises while read: a ValidationError naming the row, the cause chained."""

    def cursor() -> Iterator[dict[str, Any]]:
        yield {"id": "s1", "grade": "A"}
        message = "connection lost"
        raise OSError(message)

    with pytest.raises(ValidationError) as caught:
        draw_stream(plan(), cursor(), seed=SEED)
    assert "after row 1" in str(caught.value)
    assert isinstance(caught.value.__cause__, OSError)


class Hostile:
    """A source whose iteration fails at once."""

    def __iter__(self) -> Iterator[Any]:
        message = "no"
        raise RuntimeError(message)


INVALID: list[tuple[str, Any, type[Exception], Any]] = [
    ("plan None", lambda: draw_stream(None, [], seed=SEED), ValidationError, ("plan", "Plan")),  # type: ignore[arg-type]
    ("seed str", lambda: draw_stream(plan(), [], seed="00" * 32), InvalidSeedError, "seed"),  # type: ignore[arg-type]
    ("source None", lambda: draw_stream(plan(), None, seed=SEED), ValidationError, "source"),  # type: ignore[arg-type]
    ("source str", lambda: draw_stream(plan(), "s1", seed=SEED), ValidationError, "source"),
    (
        "source dict",
        lambda: draw_stream(plan(), {"id": "s1"}, seed=SEED),  # type: ignore[arg-type]
        ValidationError,
        ("source", "iterable of Subject values or of rows"),
    ),
    (
        "source iter raises",
        lambda: draw_stream(plan(), Hostile(), seed=SEED),
        ValidationError,
        "source",
    ),
    (
        "columns list",
        lambda: draw_stream(plan(), [], seed=SEED, columns=["id"]),  # type: ignore[arg-type]
        ValidationError,
        "columns",
    ),
    (
        "history str",
        lambda: draw_stream(plan(), [], seed=SEED, history="t1"),  # type: ignore[arg-type]
        ValidationError,
        "history",
    ),
    (
        "max_problems bool",
        lambda: draw_stream(plan(), [], seed=SEED, max_problems=True),
        ValidationError,
        "max_problems",
    ),
    (
        "strict str",
        lambda: draw_stream(plan(), [], seed=SEED, strict="yes"),  # type: ignore[arg-type]
        ValidationError,
        "strict",
    ),
    (
        "max_problems 0",
        lambda: draw_stream(plan(), [], seed=SEED, max_problems=0),
        ValidationError,
        "max_problems",
    ),
]


@rejections(INVALID)
def test_bad_arguments_are_refused(
    call: Any, error: type[Exception], fragments: tuple[str, ...]
) -> None:
    """Every malformed argument gets the library's error naming it."""
    assert_rejected(call, error, *fragments)  # type: ignore[arg-type]


# --- memory ---------------------------------------------------------------------------------


def test_memory_follows_the_sample_not_the_registry() -> None:
    """200,000 rows streamed lazily at 1 %: the peak stays under a fifth of the registry's size.

    The registry's size is measured as a registry of 2,000 such rows, times 100; the
    streamed draw holds only the candidates (about the 2,000 drawn), the
    history and the hash state, so a fifth is a generous bound.
    """
    size = 200_000
    chosen = plan(ratios=Ratios(A="1%", B="1%", C="1%", D="1%"))

    def rows(count: int) -> Iterator[dict[str, str]]:
        for i in range(count):
            yield {"id": f"914104{i:012d}", "grade": "ABCD"[i % 4], "region": f"r{i % 7}"}

    tracemalloc.start()
    try:
        held = load_registry(rows(2_000))
        registry_size = tracemalloc.get_traced_memory()[0] * (size // 2_000)
        del held
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        draw = draw_stream(chosen, rows(size), seed=SEED)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert size == draw.registry_size
    assert sum(len(s.drawn) for s in draw.strata) == 2_000
    assert peak < registry_size // 5, (peak, registry_size)
