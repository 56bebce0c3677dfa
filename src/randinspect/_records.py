"""Reading a stored record as strict plain JSON: the one reader both verifiers use (R7.6).

Private. A record to verify comes from outside (a file, a database, an
email): :func:`plain_copy` copies it as exact plain JSON types, bounded in
size and depth, so nothing later can fail on what it reads, and the first bad
part ends the verification as a MALFORMED :class:`~randinspect.verify.Discrepancy`
(raised here as :class:`Stop`, caught by the verifier).
"""

from __future__ import annotations

from typing import Any, NoReturn

from randinspect._verdict import Discrepancy, DiscrepancyKind
from randinspect.errors import _shown

MAX_DEPTH = 12
"""The deepest nesting a record may have (a draw record's deepest is 6)."""
MAX_INT_BITS = 63
"""No count, size or year of a record needs more bits; a longer int is hostile."""
_SCALARS = (str, int, bool, type(None))
_MOST_FIELD, _MOST_DETAIL = 160, 480
"""The longest field path and detail a discrepancy names: a hostile record's own keys
and values appear in them, and a verdict's words stay readable."""


class Stop(Exception):  # noqa: N818  # a signal inside the verifiers, never raised out of them
    """The verification ends: the verdict is this one discrepancy."""

    def __init__(self, discrepancy: Discrepancy) -> None:
        super().__init__(discrepancy.detail)
        self.discrepancy = discrepancy


def clip(text: str, most: int) -> str:
    """``text``, cut to ``most`` characters with an ellipsis."""
    return text if len(text) <= most else text[: most - 1] + "…"


def stop(kind: DiscrepancyKind, field: str, expected: Any, found: Any, detail: str) -> NoReturn:
    """End the verification with this discrepancy (field and detail clipped)."""
    raise Stop(
        Discrepancy(
            kind=kind,
            field=clip(field, _MOST_FIELD),
            expected=expected,
            found=found,
            detail=clip(detail, _MOST_DETAIL),
        )
    )


def malformed(field: str, found: Any, detail: str, expected: Any = None) -> NoReturn:
    """End the verification: the record is malformed at ``field``."""
    stop(DiscrepancyKind.MALFORMED, field, expected, found, detail)


def kinds(value: object) -> str:
    """``"a list"``, ``"an int"``: the type of ``value`` in words."""
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def plain_copy(value: object, path: str = "", depth: int = 0) -> Any:
    """A copy of ``value`` as plain JSON data, or :class:`Stop` naming the first bad part.

    Only ``dict`` (with ``str`` keys), ``list`` or ``tuple``, ``str``,
    ``int``, ``bool`` and ``None`` pass, each exactly (a subclass's methods
    could do anything), ints of at most :data:`MAX_INT_BITS` bits, nested at
    most :data:`MAX_DEPTH` deep.
    """
    kind = type(value)
    where = path or "record"
    if kind in _SCALARS:
        if kind is int and value.bit_length() > MAX_INT_BITS:  # type: ignore[attr-defined]
            bits = value.bit_length()  # type: ignore[attr-defined]
            malformed(where, f"an int of {bits} bits", f"{where!r} is an int too large")
        return value
    if depth >= MAX_DEPTH:
        malformed(where, f"nesting deeper than {MAX_DEPTH}", f"{where!r} is nested too deep")
    if kind is dict:
        copy = {}
        for key, member in value.items():  # type: ignore[attr-defined]  # exactly a dict
            if type(key) is not str:
                malformed(where, _shown(key, limit=80), f"a key that is not text: {kinds(key)}")
            copy[key] = plain_copy(member, f"{path}.{key}" if path else key, depth + 1)
        return copy
    if kind is list or kind is tuple:
        members: list[Any] | tuple[Any, ...] = value  # type: ignore[assignment]  # exactly so
        return [plain_copy(m, f"{path}[{i}]", depth + 1) for i, m in enumerate(members)]
    malformed(where, kinds(value), f"{where!r} is not plain JSON data but {kinds(value)}")
