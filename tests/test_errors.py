"""The errors themselves: a message always builds, stays short and says where."""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from typing import Any

import pytest

from randinspect import (
    DuplicateIdError,
    InfeasibleAssignmentError,
    InvalidDateError,
    RandInspectError,
    UnknownIdError,
    ValidationError,
)
from randinspect.errors import MAX_MESSAGE, _relocated, _shown


class _BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")

    def __str__(self) -> str:
        raise RuntimeError("no str")


class _BadMapping(Mapping[str, int]):
    def __getitem__(self, key: str) -> int:
        raise RuntimeError("no look-up")

    def __iter__(self) -> Iterator[str]:
        raise RuntimeError("no iteration")

    def __len__(self) -> int:
        return 1


class _BadStr(str):
    __slots__ = ()

    def __repr__(self) -> str:
        raise RuntimeError("no repr")


def _recursive() -> list[Any]:
    value: list[Any] = []
    value.append(value)
    return value


def _nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


HOSTILE: list[tuple[str, Any, str]] = [
    # (case, value, a fragment its message shows)
    ("an int of 5,001 digits", 10**5000, "<int of about 5,001 digits>"),
    ("a negative huge int", -(10**5000), "<int of about 5,001 digits>"),
    ("a list nested 20,000 deep", _nested(20_000), "[[[[[[…]]]]]]"),
    ("a repr that raises", _BadRepr(), "<unprintable _BadRepr>"),
    ("a mapping whose iteration raises", _BadMapping(), "<unprintable _BadMapping>"),
    ("a str subclass whose repr raises", _BadStr("x"), "<unprintable _BadStr>"),
    ("a 100,000-character id", "x" * 100_000, "(100,000 characters)"),
    ("100,000 bytes", b"y" * 100_000, "(100,000 characters)"),
    ("a million members", list(range(1_000_000)), "… 999,976 more"),
    ("a huge dict", {str(i): i for i in range(100_000)}, "… 99,976 more"),
    ("a Fraction of huge parts", Fraction(1, 10**5000), "Fraction(1, <int of about"),
    ("a deep dict", {"a": _nested(20_000)}, "{'a': [[[[["),
    ("a recursive list", _recursive(), "[[[[[[…]]]]]]"),
]


@pytest.mark.parametrize(
    ("value", "shown"), [(v, s) for _, v, s in HOSTILE], ids=[c for c, *_ in HOSTILE]
)
def test_a_message_builds_for_any_value_fast_and_short(value: Any, shown: str) -> None:
    """A hostile value is shown in part, cut with an ellipsis, within a millisecond or so."""
    start = time.perf_counter()
    error = ValidationError("is wrong", obj="Plan 'p1'", field="id", value=value, fix="fix it")
    elapsed = time.perf_counter() - start
    message = str(error)
    assert shown in message, message
    assert len(message) < 1000
    assert message.startswith("Plan 'p1' field 'id': is wrong (got ")
    assert message.endswith("; fix it")
    assert elapsed < 0.05  # generous for a loaded machine; typically ~0.1 ms
    assert error.value is value  # the attribute keeps the value as given, uncut


PARTS: list[tuple[str, dict[str, Any], str]] = [
    ("obj an int", {"obj": 1}, "1: x"),
    ("field an int", {"field": 0}, "field '0': x"),
    ("rule an int", {"rule": 3}, "x [3]"),
    ("fix a list", {"fix": ["a"]}, "x; ['a']"),
    ("obj whose repr raises", {"obj": _BadRepr()}, "<unprintable _BadRepr>: x"),
    ("obj a str subclass", {"obj": _BadStr("Plan 'p'")}, "Plan 'p': x"),
    ("obj an int of 5,001 digits", {"obj": 10**5000}, "<int of about 5,001 digits>: x"),
]


@pytest.mark.parametrize(
    ("parts", "expected"), [(p, e) for _, p, e in PARTS], ids=[c for c, *_ in PARTS]
)
def test_parts_that_are_not_text_are_written_as_text(parts: dict[str, Any], expected: str) -> None:
    """RandInspectError("x", obj=1) builds: every part is coerced to text, never a TypeError."""
    assert expected == str(RandInspectError("x", **parts))


def test_the_problem_itself_may_be_anything() -> None:
    """Even a non-text problem gives a message rather than an error of its own."""
    assert "<int of about 5,001 digits>" == str(RandInspectError(10**5000))  # type: ignore[arg-type]


def test_every_long_part_is_cut_and_the_whole_stays_under_1000_characters() -> None:
    """Five 5,000-character parts and a 5,000-character value still give under 1,000 characters."""
    long = "z" * 5000
    error = RandInspectError(long, obj=long, field=long, value=long, rule=long, fix=long)
    message = str(error)
    assert len(message) <= MAX_MESSAGE
    assert message.count("…") >= 5
    assert (long, long, long, long, long) == (
        error.problem,
        error.obj,
        error.field,
        error.rule,
        error.fix,
    )


def test_an_ordinary_message_is_unchanged() -> None:
    """Short parts are written in full, in the documented order."""
    error = ValidationError(
        "ratio is 3%, below 10%",
        obj="Plan 'p1'",
        field="ratios",
        value="3%",
        rule="R2.2",
        fix="raise it to at least 10%",
    )
    expected = (
        "Plan 'p1' field 'ratios': ratio is 3%, below 10% (got '3%') [R2.2];"
        " raise it to at least 10%"
    )
    assert expected == str(error)


def test_small_values_are_shown_as_their_repr() -> None:
    """Values that fit are shown exactly as repr() writes them."""
    values: list[Any] = [
        "s1",
        7,
        None,
        (1,),
        (),
        [1, "a"],
        {"a": [1, (2,)]},
        set(),
        frozenset({3}),
        Fraction(1, 3),
    ]
    assert [repr(v) for v in values] == [_shown(v) for v in values]


def test_error_keeps_its_facts_as_attributes() -> None:
    """obj, field, value, rule, fix and problem stay on the exception for programs."""
    error = DuplicateIdError("ids must be unique", obj="Plan", field="items", value=["a"], fix="x")
    assert ("ids must be unique", "Plan", "items", ["a"], "", "x") == (
        error.problem,
        error.obj,
        error.field,
        error.value,
        error.rule,
        error.fix,
    )
    assert RandInspectError("no value").value is None


ERRORS: list[Callable[[], RandInspectError]] = [
    lambda: ValidationError("bad", obj="Plan 'p1'", field="year", value=0, rule="R3", fix="f"),
    lambda: InvalidDateError("bad", value=10**5000, fix="f"),
    lambda: UnknownIdError("unknown", value="s9"),
    lambda: InfeasibleAssignmentError("no team", certificate={"why": 1}, fix="f"),
]


@pytest.mark.parametrize("make", ERRORS)
def test_errors_pickle_with_their_facts(make: Callable[[], RandInspectError]) -> None:
    """An error survives pickling (e.g. across processes) with its class, message and facts."""
    error = make()
    copy = pickle.loads(pickle.dumps(error))
    assert (type(error), str(error), error.obj, error.field, error.fix) == (
        type(copy),
        str(copy),
        copy.obj,
        copy.field,
        copy.fix,
    )
    assert getattr(error, "certificate", None) == getattr(copy, "certificate", None)


def test_relocated_error_names_the_path_from_the_outer_object() -> None:
    """An error inside a nested value is re-told from the object that holds it."""
    inner = InvalidDateError("ends before it starts", obj="Period", field="end", fix="swap")
    outer = _relocated(inner, obj="Plan 'p1'", field="periods[0]")
    assert isinstance(outer, InvalidDateError)
    assert "Plan 'p1' field 'periods[0].end': ends before it starts; swap" == str(outer)
    assert "Period field 'end': ends before it starts; swap" == str(inner)
    bare = _relocated(ValidationError("missing keys", obj="Period", fix="add"), obj="P", field="f")
    assert "P field 'f': missing keys; add" == str(bare)
