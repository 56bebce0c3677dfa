"""Domain assertions shared by the test modules."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from randinspect import RandInspectError


def assert_rejected(
    call: Callable[[], object], error: type[RandInspectError], *fragments: str
) -> None:
    """``call()`` raises ``error``, a RandInspectError, whose message holds every fragment.

    The fragments are how a test checks that the message names the object,
    the field, the rule, the value and the fix.
    """
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, RandInspectError)
    assert caught.value.fix, f"no fix offered: {caught.value}"
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"


def assert_refused_fast(
    call: Callable[[], object], error: type[RandInspectError], *fragments: str
) -> None:
    """Like :func:`assert_rejected`, within the 1 second bound of issue 9 (a hang detector)."""
    start = time.perf_counter()
    assert_rejected(call, error, *fragments)
    assert time.perf_counter() - start < 1.0


def rejections(table: Sequence[tuple[Any, ...]]) -> pytest.MarkDecorator:
    """Parametrize a test over an invalid-input table: ``(case, call, error, fragments)``.

    ``fragments`` is one message fragment or a tuple of them; the test gets
    ``call``, ``error`` and the fragments as a tuple, and the case names the run.
    """
    return pytest.mark.parametrize(
        ("call", "error", "fragments"),
        [
            (call, error, (words,) if isinstance(words, str) else words)
            for _, call, error, words in table
        ],
        ids=[row[0] for row in table],
    )
