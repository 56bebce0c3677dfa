"""The registry's indexes: a grade less its flagged subjects, and a registry made on first use."""

from __future__ import annotations

from typing import Any

import pytest
from assertions import assert_rejected, rejections
from hypothesis import given, settings
from hypothesis import strategies as st

from randinspect import DuplicateIdError, Flag, Grade, Registry, Subject, ValidationError
from randinspect import testing as rst

SUBJECTS = [
    Subject(id="s1", grade="A"),
    Subject(id="s2", grade="A", flags={Flag.HIGH_RISK}),
    Subject(id="s3", grade="A", flags={Flag.TRUSTED, Flag.BLACKLISTED}),
    Subject(id="s4", grade="B", flags={Flag.HIGH_RISK}),
    Subject(id="s5", grade="A"),
]
REGISTRY = Registry(SUBJECTS)


# --- a grade less the subjects of the flag strata -------------------------------------------


def test_a_grade_less_some_flags_by_hand() -> None:
    """Grade A is s1, s2, s3, s5; less high risk s1, s3, s5; less high risk or trusted s1, s5."""
    assert ("s1", "s2", "s3", "s5") == REGISTRY.ids_with_grade("A")
    assert ("s1", "s3", "s5") == REGISTRY.ids_with_grade("A", without={Flag.HIGH_RISK})
    assert ("s1", "s5") == REGISTRY.ids_with_grade(Grade.A, without=["high_risk", "trusted"])
    assert () == REGISTRY.ids_with_grade("B", without=("关注度高",))
    assert ("s4",) == REGISTRY.ids_with_grade("B", without={Flag.TRUSTED})


def test_with_nothing_to_leave_out_the_index_itself_is_returned() -> None:
    """No copy of a grade of a million ids when no subject of it carries the flags."""
    index = REGISTRY.ids_with_grade("A")
    assert index is REGISTRY.ids_with_grade("A", without=())
    assert index is REGISTRY.ids_with_grade("A", without={Flag.ABNORMAL})


@settings(max_examples=200)
@given(
    st.lists(rst.subjects(), unique_by=lambda s: s.id, max_size=40),
    rst.grades(),
    st.frozensets(st.sampled_from(list(Flag))),
)
def test_a_grade_less_some_flags_is_the_filter_of_the_grade(
    subjects: list[Subject], grade: Grade, without: frozenset[Flag]
) -> None:
    """Exactly the grade's subjects carrying none of the flags, in canonical order (R2.4, R2.5)."""
    expected = tuple(sorted(s.id for s in subjects if s.grade is grade and not s.flags & without))
    assert expected == Registry(subjects).ids_with_grade(grade, without=without)


INVALID: list[tuple[str, Any, type[Exception], Any]] = [
    (
        "without a str",
        lambda: REGISTRY.ids_with_grade("A", without="high_risk"),
        ValidationError,
        ("ids_with_grade", "'without'", "not str"),
    ),
    (
        "without None",
        lambda: REGISTRY.ids_with_grade("A", without=None),  # type: ignore[arg-type]
        ValidationError,
        ("'without'", "NoneType"),
    ),
    (
        "without a flag alone",
        lambda: REGISTRY.ids_with_grade("A", without=Flag.HIGH_RISK),  # type: ignore[arg-type]
        ValidationError,
        ("'without'",),
    ),
    (
        "without an unknown flag",
        lambda: REGISTRY.ids_with_grade("A", without=["nope"]),
        ValidationError,
        ("'without'", "'nope'"),
    ),
    (
        "without a grade that is none",
        lambda: REGISTRY.ids_with_grade("Z", without=[Flag.HIGH_RISK]),
        ValidationError,
        ("'grade'", "'Z'"),
    ),
]


@rejections(INVALID)
def test_bad_arguments_are_refused(
    call: Any, error: type[Exception], fragments: tuple[str, ...]
) -> None:
    """Every malformed argument gets the library's error naming it."""
    assert_rejected(call, error, *fragments)


# --- a registry made on first use ---------------------------------------------------------


def deferred(subjects: list[Subject], calls: list[int]) -> Registry:
    """A registry of ``subjects`` that counts how often it is made."""

    def build() -> list[Subject]:
        calls.append(1)
        return list(reversed(subjects))

    return Registry._deferred(len(subjects), build)


@settings(max_examples=100)
@given(st.lists(rst.subjects(), unique_by=lambda s: s.id, max_size=20))
def test_a_deferred_registry_is_the_registry_of_its_subjects(subjects: list[Subject]) -> None:
    """Its size is known unmade; made once, on first use, it is Registry(subjects) in all."""
    calls: list[int] = []
    registry = deferred(subjects, calls)
    assert len(subjects) == len(registry)
    assert [] == calls
    expected = Registry(subjects)
    assert expected == registry
    assert [1] == calls
    assert expected.subjects == registry.subjects
    assert list(expected) == list(registry)
    assert expected.fingerprint == registry.fingerprint
    assert dict(expected.by_id) == dict(registry.by_id)
    for grade in Grade:
        assert expected.ids_with_grade(grade) == registry.ids_with_grade(grade)
    assert expected.with_flags(list(Flag)) == registry.with_flags(list(Flag))
    assert expected.to_data() == registry.to_data()
    assert all(s.id in registry and registry[s.id] == s for s in subjects)
    assert len(subjects) == len(registry)
    assert [1] == calls


def test_each_first_use_makes_it() -> None:
    """Whatever is asked first (a look-up, a membership, an iteration, a repr), it is made."""
    uses = [
        lambda r: r.get("s1"),
        lambda r: "s1" in r,
        list,
        repr,
        lambda r: r.by_id,
        lambda r: r.ids_with_grade("A"),
        lambda r: r.with_flags({"high_risk"}),
    ]
    for use in uses:
        calls: list[int] = []
        registry = deferred(SUBJECTS, calls)
        use(registry)
        assert [1] == calls
        assert REGISTRY == registry


def test_a_deferred_registry_refuses_a_repeated_id_when_made() -> None:
    """The same check, the same error as Registry(...) itself, on first use (R1.4)."""
    registry = Registry._deferred(2, lambda: [SUBJECTS[0], SUBJECTS[0]])
    assert 2 == len(registry)
    assert_rejected(lambda: registry.get("s1"), DuplicateIdError, "'subjects'", "R1.4")
    with pytest.raises(AttributeError):
        registry.nothing  # noqa: B018  # an attribute nobody has is still an AttributeError
