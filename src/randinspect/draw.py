"""The randinspect-draw/1 primitive: seeds, keyed-hash keys, orders, fingerprints.

Every random choice in randinspect is a sort by keyed hash::

    key = SHA-256(UTF-8(seed_hex + "|" + purpose + "|" + scope + "|" + id))

ordered bytewise, ties broken by the id's UTF-8 bytes. A draw is thus
reproducible on any machine and in any language with SHA-256, independent of
input order, and checkable one id at a time. ``docs/draw-spec.md`` is the full
specification with test vectors.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import attrs

from randinspect._values import check_id
from randinspect.errors import DuplicateIdError, InvalidSeedError

__all__ = [
    "FINGERPRINT_VERSION",
    "PURPOSE_SUBJECTS",
    "PURPOSE_TEAM",
    "SEED_VERSION",
    "SPEC_VERSION",
    "Seed",
    "draw_key",
    "order_by_key",
    "registry_fingerprint",
    "team_scope",
]

SPEC_VERSION = "randinspect-draw/1"
"""The version of the draw specification this module implements."""
SEED_VERSION = "randinspect-seed/1"
"""The label that starts the text :meth:`Seed.derive` hashes."""
FINGERPRINT_VERSION = "randinspect-fingerprint/1"
"""The header line of the text :func:`registry_fingerprint` hashes."""
PURPOSE_SUBJECTS = "S"
"""Purpose of the subject draw; its scope is the plan id."""
PURPOSE_TEAM = "T"
"""Purpose of a task's inspector order; its scope is :func:`team_scope`."""

_HEX64 = re.compile(r"[0-9a-f]{64}")
_SEED_FIX = (
    "pass 64 hex characters (32 bytes), e.g. from secrets.token_hex(32) committed in advance,"
    " or use Seed.derive(commitment, public_entropy)"
)


def _seed_hex_validator(instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise InvalidSeedError(
            "a seed is exactly 32 bytes written as 64 lowercase hex characters",
            obj="Seed",
            field="hex",
            value=value,
            rule=SPEC_VERSION,
            fix=_SEED_FIX,
        )


@attrs.frozen
class Seed:
    """The 32-byte seed of a draw, written as 64 lowercase hex characters.

    randinspect never picks a seed itself: build one from published hex with
    :meth:`from_hex`, or derive one from public text with :meth:`derive`.

    Attributes:
        hex: The seed as 64 lowercase hexadecimal characters.
    """

    hex: str = attrs.field(validator=_seed_hex_validator)

    @classmethod
    def from_hex(cls, text: str) -> Seed:
        """Read a seed from 64 hex characters (either case; surrounding spaces ignored)."""
        if isinstance(text, str):
            text = text.strip().lower()
        return cls(text)

    @classmethod
    def from_bytes(cls, data: bytes) -> Seed:
        """Make a seed from exactly 32 raw bytes."""
        if not isinstance(data, bytes) or len(data) != 32:  # noqa: PLR2004
            raise InvalidSeedError(
                "a seed is exactly 32 bytes",
                obj="Seed",
                field="bytes",
                value=data,
                rule=SPEC_VERSION,
                fix=_SEED_FIX,
            )
        return cls(data.hex())

    @classmethod
    def derive(cls, *parts: str) -> Seed:
        """Derive a seed from public text parts by SHA-256.

        The seed is ``SHA-256(UTF-8("randinspect-seed/1|" + "|".join(parts)))``.
        Each part follows the id rules (non-empty, no ``|``, no control
        characters), so the text is unambiguous. A sound protocol derives the
        seed from a commitment published before the draw and public entropy
        known only after it, such as lottery numbers or a beacon value.

        Raises:
            InvalidSeedError: no part given.
            InvalidIdError: a part is empty or holds ``|`` or a control character.
        """
        if not parts:
            raise InvalidSeedError(
                "derive needs at least one text part",
                obj="Seed",
                field="parts",
                value=parts,
                rule=SEED_VERSION,
                fix="pass the published commitment and the public entropy",
            )
        for index, part in enumerate(parts):
            check_id(part, obj="Seed.derive", field=f"parts[{index}]")
        text = "|".join((SEED_VERSION, *parts))
        return cls(hashlib.sha256(text.encode("utf-8")).hexdigest())

    @property
    def bytes(self) -> bytes:
        """The seed's 32 raw bytes."""
        return bytes.fromhex(self.hex)

    def __str__(self) -> str:
        return self.hex


def check_seed(seed: object) -> Seed:
    """Return ``seed`` if it is a :class:`Seed`; raise :class:`InvalidSeedError` if not."""
    if not isinstance(seed, Seed):
        raise InvalidSeedError(
            "must be a Seed",
            obj="draw",
            field="seed",
            value=seed,
            rule=SPEC_VERSION,
            fix="wrap it: Seed.from_hex(...) or Seed.derive(...)",
        )
    return seed


def key_prefix(seed: Seed, purpose: str, scope: str) -> bytes:
    """The UTF-8 bytes every key of one (seed, purpose, scope) starts its message with."""
    check_seed(seed)
    check_id(purpose, obj="draw", field="purpose")
    check_id(scope, obj="draw", field="scope")
    return f"{seed.hex}|{purpose}|{scope}|".encode()


def draw_key(seed: Seed, purpose: str, scope: str, item_id: str) -> bytes:
    """The 32-byte key of one id: ``SHA-256(UTF-8(seed|purpose|scope|id))``.

    Raises:
        InvalidSeedError: ``seed`` is not a :class:`Seed`.
        InvalidIdError: ``purpose``, ``scope`` or ``item_id`` breaks the id rules.
    """
    check_id(item_id, obj="draw", field="item_id")
    return hashlib.sha256(key_prefix(seed, purpose, scope) + item_id.encode()).digest()


def order_by_key(ids: Iterable[str], *, seed: Seed, purpose: str, scope: str) -> tuple[str, ...]:
    """Order ids by their keys, smallest first (ties by the ids' UTF-8 bytes).

    The result depends only on the set of ids, never on their input order,
    and the order of a subset is the order induced by the whole set.

    Raises:
        DuplicateIdError: an id occurs twice.
        InvalidIdError: an id breaks the id rules.
    """
    prefix = key_prefix(seed, purpose, scope)
    unique = _unique_ids(ids, obj="order_by_key", field="ids")
    sha256 = hashlib.sha256
    # Ties (never seen) fall to the ids, whose str order is their UTF-8 byte order.
    return tuple(i for _, i in sorted((sha256(prefix + i.encode()).digest(), i) for i in unique))


def team_scope(plan_id: str, subject_id: str) -> str:
    """The scope of a task's inspector order: ``plan_id + "/" + subject_id``."""
    return f"{plan_id}/{subject_id}"


def _unique_ids(ids: Iterable[str], *, obj: str, field: str) -> list[str]:
    out = list(ids)
    if len(set(out)) != len(out):
        seen: set[str] = set()
        twice = sorted({i for i in out if i in seen or seen.add(i)})  # type: ignore[func-returns-value]
        raise DuplicateIdError(
            "ids must be unique",
            obj=obj,
            field=field,
            value=twice,
            fix="remove the repeated ids",
        )
    for item_id in out:
        check_id(item_id, obj=obj, field=field)
    return out


class _Record(Protocol):
    @property
    def id(self) -> str: ...

    def to_data(self) -> dict[str, Any]: ...


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_json(data: Any) -> str:
    """One record in the fingerprint's canonical JSON (keys sorted, no spaces, UTF-8)."""
    return _CANONICAL.encode(data)


def registry_fingerprint(records: Sequence[_Record] | Iterable[_Record]) -> str:
    r"""SHA-256 of a registry or roster as it stood, as 64 hex characters (R1.5).

    The hashed text is UTF-8: the line ``randinspect-fingerprint/1``, then one
    line per record in the order of its id's UTF-8 bytes, each the record's
    ``to_data()`` as canonical JSON (keys sorted by code point, separators
    ``,`` and ``:`` with no spaces, non-ASCII written as itself), every line
    ending in ``\\n``.

    Raises:
        DuplicateIdError: two records share an id.
    """
    rows = sorted(((r.id, r) for r in records), key=lambda row: row[0])
    for (a, _), (b, _) in itertools.pairwise(rows):
        if a == b:
            raise DuplicateIdError(
                "two records share an id",
                obj="registry",
                field="id",
                value=a,
                rule="R1.5",
                fix="keep one record per id",
            )
    digest = hashlib.sha256(f"{FINGERPRINT_VERSION}\n".encode())
    for _, record in rows:
        digest.update(canonical_json(record.to_data()).encode() + b"\n")
    return digest.hexdigest()
