"""The value helpers: exact ratios in and out, frozen maps, converters that never raise."""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from assertions import assert_rejected, rejections
from hypothesis import example, given
from hypothesis import strategies as st

from randinspect import (
    FrozenMap,
    Grade,
    InvalidRatioError,
    RandInspectError,
    ValidationError,
    format_ratio,
    parse_ratio,
)
from randinspect._values import (
    MAX_RATIO_BITS,
    MAX_RATIO_TEXT,
    to_frozen_map,
    to_frozenset,
    to_id,
    to_tuple,
)

# --- format_ratio: exact for every Fraction -------------------------------------

EXACT = [
    (Fraction(1, 20), "5%"),
    (Fraction(1, 8), "12.5%"),
    (Fraction(1, 3), "1/3"),
    (Fraction(2, 7), "2/7"),
    (Fraction(0), "0%"),
    (Fraction(1), "100%"),
    (Fraction(1, 1000), "0.1%"),
    (Fraction(6, 5), "120%"),
    (Fraction(-1, 20), "-5%"),
    # 30 significant digits: a Decimal context of 28 digits rounded this
    (Fraction(123456789012345678901234567891, 10**30), "12.3456789012345678901234567891%"),
    (Fraction(1, 2**40), "0.00000000009094947017729282379150390625%"),
    (Fraction(1, 3 * 2**10), "1/3072"),
]


@pytest.mark.parametrize(("ratio", "text"), EXACT, ids=[t for _, t in EXACT])
def test_format_ratio_writes_exact_percentages_and_fractions(ratio: Fraction, text: str) -> None:
    """A finite decimal is written as its exact percentage, anything else as 'a/b'."""
    assert text == format_ratio(ratio)


def test_format_ratio_writes_huge_denominators_in_full() -> None:
    """1/2**200 has 200 decimal places as a share, 198 as a percentage; all are written."""
    digits = str(5**200)  # 1/2**200 = 5**200 / 10**200
    assert "0." + "0" * (198 - len(digits)) + digits + "%" == format_ratio(Fraction(1, 2**200))
    digits = str(2**150)  # 1/5**150 = 2**150 / 10**150
    assert "0." + "0" * (148 - len(digits)) + digits + "%" == format_ratio(Fraction(1, 5**150))
    assert f"1/{3**100}" == format_ratio(Fraction(1, 3**100))


def _terminating(ratio: Fraction) -> bool:
    denominator = ratio.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def _huge_denominators() -> st.SearchStrategy[Fraction]:
    """Ratios whose denominators are products of big powers of 2 and 5 and another factor."""

    def build(twos: int, fives: int, other: int, share: float) -> Fraction:
        denominator = 2**twos * 5**fives * other
        # A float product can round above the denominator: a ratio is at most 1.
        return Fraction(min(denominator, int(denominator * share)), denominator)

    return st.builds(
        build,
        st.integers(0, 400),
        st.integers(0, 180),
        st.sampled_from([1, 1, 3, 7, 2**61 - 1]),
        st.floats(0, 1),
    ).filter(lambda r: r.denominator.bit_length() <= MAX_RATIO_BITS)


_ANY_RATIO = st.fractions(min_value=0, max_value=1).filter(
    lambda r: r.denominator.bit_length() <= MAX_RATIO_BITS
)


@given(_ANY_RATIO | _huge_denominators())
@example(Fraction(1, 2**200))
@example(Fraction(1, 5**150))
@example(Fraction(3, 2**160 * 5**150))
@example(Fraction(2**511 - 1, 2**511))  # the longest text an accepted ratio has
@example(Fraction(123456789012345678901234567891, 10**30))
@example(Fraction(1, 3))
def test_format_then_parse_is_exact_for_every_ratio(ratio: Fraction) -> None:
    """parse_ratio(format_ratio(r)) == r for every ratio r, however fine (R2.2: exact ratios)."""
    text = format_ratio(ratio)
    assert ratio == parse_ratio(text)
    assert len(text) <= MAX_RATIO_TEXT
    assert text.endswith("%") == _terminating(ratio)
    assert ("/" in text) == (not _terminating(ratio))


def test_the_longest_accepted_ratio_fits_the_text_bound() -> None:
    """The bounds agree: the longest text of an accepted ratio is read back, not refused."""
    longest = format_ratio(Fraction(2**511 - 1, 2**511))
    assert 513 == len(longest)
    assert len(longest) <= MAX_RATIO_TEXT


@pytest.mark.parametrize(
    ("value", "error"),
    [(Decimal("0.1"), ValidationError), (0.5, ValidationError), ("5%", ValidationError)],
)
def test_format_ratio_takes_only_fractions(value: Any, error: type[RandInspectError]) -> None:
    """format_ratio refuses what is not a Fraction with our error, naming the type."""
    assert_rejected(lambda: format_ratio(value), error, "must be a Fraction")


def test_format_ratio_refuses_what_it_cannot_write_fast() -> None:
    """A Fraction of 5,000-digit parts is refused at once, not written for seconds."""
    start = time.perf_counter()
    assert_rejected(
        lambda: format_ratio(Fraction(1, 3**10000)), InvalidRatioError, "too large to write"
    )
    assert time.perf_counter() - start < 0.1


# --- parse_ratio: what it reads, and what it refuses ----------------------------

READS = [
    ("5%", Fraction(1, 20)),
    (" 12.5 % ", Fraction(1, 8)),
    ("0.05", Fraction(1, 20)),
    ("1/20", Fraction(1, 20)),
    ("1/3%", Fraction(1, 300)),
    (Decimal("0.07"), Fraction(7, 100)),
    (Decimal("1.00"), Fraction(1)),
    (0.07, Fraction(7, 100)),
    (0, Fraction(0)),
    ("0", Fraction(0)),
    ("1.0", Fraction(1)),
    (Fraction(1), Fraction(1)),
    ("0E-999999", Fraction(0)),
    ("100%", Fraction(1)),
]


@pytest.mark.parametrize(("given_value", "expected"), READS)
def test_parse_ratio_reads_every_exact_form(given_value: Any, expected: Fraction) -> None:
    """Text, Decimal, Fraction, 0 and floats through their decimal string are read exactly."""
    assert expected == parse_ratio(given_value)


def _parse(value: Any) -> Callable[[], object]:
    return lambda: parse_ratio(value, obj="Ratios", field="A")


REFUSED: list[tuple[str, Callable[[], object], type[RandInspectError], tuple[str, ...]]] = [
    # hangs before: a Fraction of 10**9999999 was built
    ("tiny exponent", _parse("1e-9999999"), InvalidRatioError, ("'1e-9999999'", "finer")),
    ("tiny Decimal", _parse(Decimal("1e-999999")), InvalidRatioError, ("finer",)),
    ("huge exponent", _parse("1e999999999"), InvalidRatioError, ("far above",)),
    ("huge percent", _parse("1e99%"), InvalidRatioError, ("far above",)),
    (
        "long text",
        _parse("1" * 5000 + "/" + "3" * 5000),
        InvalidRatioError,
        ("10,001 characters",),
    ),
    ("Decimal of many digits", _parse(Decimal("0." + "1" * 5000)), InvalidRatioError, ("digits",)),
    ("a/b finer than any ratio", _parse("1/" + "7" * 200), InvalidRatioError, ("512 bits",)),
    ("Fraction finer than any", _parse(Fraction(1, 2**600)), InvalidRatioError, ("512 bits",)),
    ("Fraction of huge parts", _parse(Fraction(1, 10**5000)), InvalidRatioError, ("512 bits",)),
    # ambiguous bare whole numbers
    ("int 1", _parse(1), InvalidRatioError, ("Ratios field 'A'", "(got 1)", "'100%' or '1%'")),
    ("text 1", _parse("1"), InvalidRatioError, ("(got '1')", "'100%' or '1%'")),
    ("Decimal 1", _parse(Decimal("1")), InvalidRatioError, ("'100%' or '1%'",)),
    ("int 10", _parse(10), InvalidRatioError, ("(got 10)", "1000%", "write '10%'")),
    # the value is echoed as given, with the likely percentage
    ("text 10", _parse("10"), InvalidRatioError, ("(got '10')", "write '10%'")),
    ("text 12.5", _parse("12.5"), InvalidRatioError, ("(got '12.5')", "write '12.5%'")),
    ("float 10.0", _parse(10.0), InvalidRatioError, ("(got 10.0)", "write '10%'")),
    ("120%", _parse("120%"), InvalidRatioError, ("(got '120%')", "between 0% and 100%")),
    ("Fraction 6/5", _parse(Fraction(6, 5)), InvalidRatioError, ("reads as 120%",)),
    ("negative", _parse("-5%"), InvalidRatioError, ("(got '-5%')", "between")),
    ("huge int", _parse(10**5000), InvalidRatioError, ("<int of about 5,001 digits>",)),
    # not numbers at all
    ("NaN float", _parse(float("nan")), InvalidRatioError, ("finite",)),
    ("infinity", _parse(float("inf")), InvalidRatioError, ("finite",)),
    ("NaN text", _parse("NaN"), InvalidRatioError, ("finite",)),
    ("bool", _parse(True), InvalidRatioError, ("bool",)),
    ("None", _parse(None), InvalidRatioError, ("NoneType",)),
    ("bytes", _parse(b"5%"), InvalidRatioError, ("bytes",)),
    ("a list", _parse([1]), InvalidRatioError, ("list",)),
    ("1/0", _parse("1/0"), InvalidRatioError, ("not a ratio",)),
    ("empty text", _parse(""), InvalidRatioError, ("not a ratio",)),
]


@rejections(REFUSED)
def test_parse_ratio_refuses_fast_and_says_why(
    call: Callable[[], object], error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Each bad ratio is refused within milliseconds, echoing the value and the fix (R2.1)."""
    start = time.perf_counter()
    assert_rejected(call, error, "R2.1", *fragments)
    assert time.perf_counter() - start < 0.1


# --- FrozenMap and the converters -------------------------------------------------


def test_frozen_map_refuses_unhashable_keys_with_our_error() -> None:
    """FrozenMap([([], 1)]) is a ValidationError naming the problem, not a bare TypeError."""
    assert_rejected(lambda: FrozenMap([([], 1)]), ValidationError, "FrozenMap", "unhashable")
    assert_rejected(lambda: FrozenMap([(1, 2, 3)]), ValidationError, "FrozenMap")
    assert_rejected(lambda: FrozenMap(5), ValidationError, "FrozenMap")  # type: ignore[arg-type]


def test_frozen_map_sorts_mixed_keys_the_same_whatever_the_order() -> None:
    """Keys of mixed types sort by text then type name; insertion order never shows."""
    pairs: list[tuple[Any, str]] = [(1, "int"), ("1", "str"), ((1,), "tuple"), (Grade.A, "grade")]
    forwards = FrozenMap(pairs)
    backwards = FrozenMap(list(reversed(pairs)))
    assert list(forwards.items()) == list(backwards.items())
    assert [(1,), 1, "1", Grade.A] == list(forwards)


def test_frozen_map_of_text_keys_sorts_them_as_text() -> None:
    """Text keys keep their plain sorted order."""
    assert ["a", "b", "c"] == list(FrozenMap({"c": 1, "a": 2, "b": 3}))


def test_converters_pass_what_they_cannot_convert_to_the_validator() -> None:
    """Converters never raise: an unhashable member gives a tuple, text or a mapping passes."""
    assert (["s1"],) == to_frozenset([["s1"]])
    assert frozenset({"a"}) == to_frozenset(x for x in ["a"])
    assert "ab" == to_frozenset("ab")
    assert {"a": 1} == to_frozenset({"a": 1})
    assert b"ab" == to_tuple(b"ab")
    assert {"a": 1} == to_tuple({"a": 1})
    assert 5 == to_tuple(5)  # type: ignore[arg-type]
    assert ("a", "b") == to_tuple(x for x in "ab")
    assert [([], 1)] == to_frozen_map([([], 1)])  # type: ignore[arg-type]


def test_ids_given_as_str_subclasses_are_stored_as_plain_str() -> None:
    """An id that is a str subclass (numpy.str_, a str enum) is stored as its plain text."""

    class Code(str):
        __slots__ = ()

        def __format__(self, spec: str) -> str:
            return "not the id"

    plain = to_id(Code("s1"))
    assert "s1" == plain
    assert str is type(plain)
    assert f"{plain}" == "s1"
    assert 7 == to_id(7)
