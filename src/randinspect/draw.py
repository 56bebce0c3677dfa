"""The randinspect-draw/1 primitive: seeds, keyed-hash keys, orders, fingerprints.

Every random choice in randinspect is a sort by keyed hash::

    key = SHA-256(UTF-8(seed_hex + "|" + purpose + "|" + scope + "|" + id))

ordered bytewise, ties broken by the id's UTF-8 bytes. A draw is thus
reproducible on any machine and in any language with SHA-256, independent of
input order, and checkable one id at a time. ``docs/draw-spec.md`` is the full
specification with test vectors.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
import json
import operator
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NoReturn, Protocol

import attrs

from randinspect._checks import check_collection, type_name, unique_ids
from randinspect._values import check_id, is_valid_id
from randinspect.errors import InvalidSeedError, ValidationError
from randinspect.model import Inspector, Period, Subject, Task, TaskKind

__all__ = [
    "FINGERPRINT_VERSION",
    "PURPOSE_SUBJECTS",
    "PURPOSE_TEAM",
    "SEED_VERSION",
    "SPEC_VERSION",
    "Seed",
    "draw_key",
    "fingerprint",
    "history_fingerprint",
    "order_by_key",
    "registry_fingerprint",
    "team_scope",
]

SPEC_VERSION = "randinspect-draw/1"
"""The version of the draw specification this module implements."""
SEED_VERSION = "randinspect-seed/1"
"""The label that starts the text :meth:`Seed.derive` hashes."""
FINGERPRINT_VERSION = "randinspect-fingerprint/1"
"""The header line of the text :func:`fingerprint` hashes."""
PURPOSE_SUBJECTS = "S"
"""Purpose of the subject draw; its scope is the plan id."""
PURPOSE_TEAM = "T"
"""Purpose of a task's inspector order; its scope is :func:`team_scope`."""

_HEX64 = re.compile(r"[0-9a-f]{64}")
_SEED_BYTES = 32
_MAX_HEX_TEXT = 4096
"""Seed text longer than this is refused without being read (a bound on hostile input)."""
_SEED_FIX = (
    "pass 64 hex characters (32 bytes), e.g. from secrets.token_hex(32) committed in advance,"
    " or use Seed.derive(commitment, public_entropy)"
)


def _seed_hex_validator(instance: object, attribute: Any, value: Any) -> None:
    if isinstance(value, str) and _HEX64.fullmatch(value):
        return
    problem = "a seed is exactly 32 bytes written as 64 lowercase hex characters"
    if not isinstance(value, str):
        problem += f", as a str, not {type_name(value)}"
    raise InvalidSeedError(
        problem, obj="Seed", field="hex", value=value, rule=SPEC_VERSION, fix=_SEED_FIX
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
        """Read a seed from 64 hex characters (either case; surrounding spaces ignored).

        Raises:
            InvalidSeedError: ``text`` is not a str of 64 hex characters.
        """
        if not isinstance(text, str):
            raise InvalidSeedError(
                f"must be a str of 64 hex characters, not {type_name(text)}",
                obj="Seed.from_hex",
                field="text",
                value=text,
                rule=SPEC_VERSION,
                fix="pass the published seed as text"
                + (", decoded: data.decode('ascii')" if isinstance(text, bytes) else "")
                + "; raw bytes go to Seed.from_bytes",
            )
        # Beyond the bound only surrounding spaces could make the text valid: refuse it unread.
        return cls(text if len(text) > _MAX_HEX_TEXT else text.strip().lower())

    @classmethod
    def from_bytes(cls, data: bytes | bytearray | memoryview) -> Seed:
        """Make a seed from exactly 32 raw bytes (``bytes``, ``bytearray`` or ``memoryview``).

        Raises:
            InvalidSeedError: ``data`` is not bytes-like, or not 32 bytes long.
        """
        if not isinstance(data, bytes | bytearray | memoryview):
            raise InvalidSeedError(
                f"must be 32 raw bytes, not {type_name(data)}",
                obj="Seed.from_bytes",
                field="data",
                value=data,
                rule=SPEC_VERSION,
                fix="pass bytes, e.g. secrets.token_bytes(32); hex text goes to Seed.from_hex",
            )
        raw = bytes(data)
        if len(raw) != _SEED_BYTES:
            raise InvalidSeedError(
                f"a seed is exactly 32 bytes, not {len(raw)}",
                obj="Seed.from_bytes",
                field="data",
                value=raw,
                rule=SPEC_VERSION,
                fix=_SEED_FIX,
            )
        return cls(raw.hex())

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


def check_seed(seed: object, *, obj: str = "draw") -> Seed:
    """Return ``seed`` if it is a :class:`Seed`; raise :class:`InvalidSeedError` if not."""
    if not isinstance(seed, Seed):
        raise InvalidSeedError(
            f"must be a Seed, not {type_name(seed)}",
            obj=obj,
            field="seed",
            value=seed,
            rule=SPEC_VERSION,
            fix="wrap it: Seed.from_hex(...) or Seed.derive(...)",
        )
    return seed


def key_prefix(seed: Seed, purpose: str, scope: str, *, obj: str = "draw") -> bytes:
    """The UTF-8 bytes every key of one (seed, purpose, scope) starts its message with."""
    check_seed(seed, obj=obj)
    check_id(purpose, obj=obj, field="purpose")
    check_id(scope, obj=obj, field="scope")
    return _prefix(seed, purpose, scope)


def _prefix(seed: Seed, purpose: str, scope: str) -> bytes:
    """``UTF-8(seed_hex + "|" + purpose + "|" + scope + "|")``, the ids already checked."""
    return f"{seed.hex}|{purpose}|{scope}|".encode()


def draw_key(seed: Seed, purpose: str, scope: str, item_id: str) -> bytes:
    """The 32-byte key of one id: ``SHA-256(UTF-8(seed|purpose|scope|id))``.

    Raises:
        InvalidSeedError: ``seed`` is not a :class:`Seed`.
        InvalidIdError: ``purpose``, ``scope`` or ``item_id`` breaks the id rules.
    """
    prefix = key_prefix(seed, purpose, scope, obj="draw_key")
    check_id(item_id, obj="draw_key", field="item_id")
    return hashlib.sha256(prefix + item_id.encode()).digest()


def order_by_key(ids: Iterable[str], *, seed: Seed, purpose: str, scope: str) -> tuple[str, ...]:
    """Order ids by their keys, smallest first (ties by the ids' UTF-8 bytes).

    The result depends only on the set of ids, never on their input order,
    and the order of a subset is the order induced by the whole set. ``ids``
    is a collection (a list, tuple, set or generator) of str; a single str is
    refused, not read as its characters.

    Raises:
        ValidationError: ``ids`` is not a collection (``None``, a str, a mapping).
        DuplicateIdError: an id occurs twice.
        InvalidIdError: an id breaks the id rules.
    """
    prefix = key_prefix(seed, purpose, scope, obj="order_by_key")
    unique = check_ids(ids, obj="order_by_key", field="ids")
    sha256 = hashlib.sha256
    # Ties (never seen) fall to the ids, whose str order is their UTF-8 byte order.
    return tuple(i for _, i in sorted((sha256(prefix + i.encode()).digest(), i) for i in unique))


def team_scope(plan_id: str, subject_id: str) -> str:
    """The scope of a task's inspector order: ``plan_id + "/" + subject_id``.

    Raises:
        InvalidIdError: ``plan_id`` or ``subject_id`` breaks the id rules.
    """
    # Fast path, one search of the joined text for both ids ("/" is allowed in ids);
    # nothing is formatted before both are known to be str (an int may not be printable).
    if type(plan_id) is str is type(subject_id) and plan_id and subject_id:
        scope = f"{plan_id}/{subject_id}"
        if is_valid_id(scope):
            return scope
    check_id(plan_id, obj="team_scope", field="plan_id")
    check_id(subject_id, obj="team_scope", field="subject_id")
    return f"{plan_id}/{subject_id}"  # valid ids that are str subclasses


def check_ids(ids: Iterable[str] | object, *, obj: str, field: str) -> tuple[str, ...]:
    """Return a collection argument of ids as a tuple: valid ids, each once.

    Raises:
        ValidationError: ``ids`` is not a collection (``None``, a str, a mapping).
        InvalidIdError: a member breaks the id rules (checked before any is hashed).
        DuplicateIdError: an id occurs twice.
    """
    members: tuple[str, ...] = check_collection(
        ids,
        obj=obj,
        field=field,
        what="ids",
        fix="pass a list or set of id strings; put a single id in a list: ['s1']",
    )
    if not all(map(is_valid_id, members)):
        for index, member in enumerate(members):
            check_id(member, obj=obj, field=f"{field}[{index}]")
    if len(set(members)) != len(members):
        unique_ids(members, obj=obj, field=field, fix="list each id once")
    return members


class _Record(Protocol):
    @property
    def id(self) -> str: ...

    def to_data(self) -> dict[str, Any]: ...


_CANONICAL = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
)


def canonical_json(data: Any) -> str:
    """One record in the fingerprint's canonical JSON (keys sorted, no spaces, UTF-8).

    A float NaN or infinity has no JSON form and raises ``ValueError``.
    """
    return _CANONICAL.encode(data)


def fingerprint(records: Iterable[_Record]) -> str:
    r"""SHA-256 of a registry or roster as it stood, as 64 hex characters (R1.5).

    The hashed text is UTF-8: the line ``randinspect-fingerprint/1``, then one
    line per record in the order of its id's UTF-8 bytes, each the record's
    ``to_data()`` as canonical JSON (keys sorted by code point, separators
    ``,`` and ``:`` with no spaces), every line ending in ``\n``. In strings
    exactly these are escaped: ``"`` as ``\"``, ``\`` as ``\\``, U+0008,
    U+0009, U+000A, U+000C and U+000D as ``\b``, ``\t``, ``\n``, ``\f``,
    ``\r``, and the rest of U+0000-U+001F as ``\u00xx`` (lowercase hex);
    every other code point, U+007F-U+009F, U+2028, U+2029 and those beyond
    the BMP included, is written as itself (docs/draw-spec.md section 7).
    A record is any value with a str ``id`` and a
    ``to_data()`` method: :class:`~randinspect.Subject`,
    :class:`~randinspect.Inspector`, and the like.

    Raises:
        ValidationError: ``records`` is not a collection, an entry is not a
            record (a mapping, say), or a record's data is not plain JSON.
        InvalidIdError: a record's id breaks the id rules.
        DuplicateIdError: two records share an id.
    """
    members: tuple[_Record, ...] = check_collection(
        records,
        obj="fingerprint",
        field="records",
        what="records (Subject, Inspector, ...)",
        rule="R1.5",
        fix="pass the registry or roster: a list of Subject or Inspector values",
    )
    ordered: list[_Record] = []
    ids: list[Any] = []
    if set(map(type, members)) <= _WRITTEN:  # the library's own records: to_data() known
        with contextlib.suppress(TypeError):  # an id that is no str: named below
            ordered = sorted(members, key=_id)  # code point order, which is UTF-8 byte order
            ids = list(map(_id, ordered))
    if not ordered or not _valid_ids(ids):
        rows: list[tuple[str, _Record]] = []
        for index, record in enumerate(members):
            ident: Any = getattr(record, "id", None)
            if not is_valid_id(ident) or not callable(getattr(record, "to_data", None)):
                _not_a_record(record, index, ident)
            rows.append((ident, record))
        rows.sort(key=_first)  # code point order, which is UTF-8 byte order
        ids = [ident for ident, _ in rows]
        ordered = [record for _, record in rows]
    if any(map(operator.eq, ids, itertools.islice(ids, 1, None))):  # in order: side by side
        fix = "keep one record per id"
        unique_ids(ids, obj="fingerprint", field="records", rule="R1.5", fix=fix)
    return fingerprint_of_canonical(ordered)


def fingerprint_of_canonical(records: Sequence[_Record], *, obj: str = "fingerprint") -> str:
    """:func:`fingerprint` of records already checked: unique valid ids, in id order (trusted).

    For values that guarantee both, such as :class:`~randinspect.Registry`.
    The lines are hashed a batch at a time, as they are written: the text
    is never kept whole.
    """
    digest = hashlib.sha256(_HEADER)
    update = digest.update
    for start in range(0, len(records), _BATCH):
        batch = records[start : start + _BATCH]
        try:
            update(_lines(batch).encode())
        except (TypeError, ValueError, RecursionError) as error:
            index = start + _first_failing(batch)
            record = records[index]
            raise ValidationError(
                f"the data of record {getattr(record, 'id', index)!r} is not plain JSON"
                f" ({type_name(error)})",
                obj=obj,
                field=f"records[{index}]",
                value=type_name(record),
                rule=FINGERPRINT_VERSION,
                fix="make to_data() return str, int, bool, None, lists and dicts only (no NaN"
                " or infinity, no sets or other objects, no lone surrogates, no deep nesting)",
            ) from None
    return digest.hexdigest()


def _lines(batch: Sequence[_Record]) -> str:
    """The canonical lines of a batch of records, as one text."""
    kinds = set(map(type, batch))
    kind = kinds.pop() if len(kinds) == 1 else None
    if kind is Subject:  # a registry
        return "".join(map(_subject_line, batch))  # type: ignore[arg-type]
    if kind is Inspector:  # a roster
        return "".join(map(_inspector_line, batch))  # type: ignore[arg-type]
    if kind is Task:  # a history: its dates, years and periods repeat, written once a batch
        texts: dict[object, str] = {None: "null"}
        windows: dict[int, str] = {}
        lines = [_task_line(task, texts, windows) for task in batch]  # type: ignore[arg-type]
        if None not in lines:
            return "".join(lines)  # type: ignore[arg-type]
    return "".join([_line(record) for record in batch])


def _line(record: _Record) -> str:
    """One record's canonical line: written by hand for the library's records, else encoded."""
    kind = type(record)
    line = None
    if kind is Subject:
        line = _subject_line(record)  # type: ignore[arg-type]
    elif kind is Inspector:
        line = _inspector_line(record)  # type: ignore[arg-type]
    elif kind is Task:
        line = _task_line(record, {None: "null"}, {})  # type: ignore[arg-type]
    return _CANONICAL.encode(record.to_data()) + "\n" if line is None else line


def _first_failing(batch: Sequence[_Record]) -> int:
    """The index of the first record of ``batch`` whose line cannot be written as UTF-8."""
    for index, record in enumerate(batch):
        try:
            _line(record).encode()
        except (TypeError, ValueError, RecursionError):  # noqa: PERF203  # the error path only
            return index
    return len(batch) - 1  # not reached: some record failed


_BATCH = 4096
"""How many canonical lines are hashed at once (the text of a registry is never kept whole)."""
_string = json.encoder.encode_basestring  # the escaping of JSONEncoder(ensure_ascii=False)


def _subject_line(subject: Subject) -> str:
    r"""``canonical_json(subject.to_data()) + "\n"``, written field by field.

    The same text, at several times the speed: a subject's data is five known
    keys in code-point order (``attributes``, ``flags``, ``grade``, ``id``,
    ``name``), attributes text to text in sorted order (as ``FrozenMap`` keeps
    them), flags as their sorted values, grade as its letter. The tests
    compare it with the generic encoding on generated subjects.
    """
    pairs = subject.attributes.items()
    attributes = ",".join([f"{_string(k)}:{_string(v)}" for k, v in pairs]) if pairs else ""
    marks = subject.flags
    # _value_, the member's own attribute, is what the value property reads, without the call.
    flags = ",".join(sorted([f'"{flag._value_}"' for flag in marks])) if marks else ""
    return (
        f'{{"attributes":{{{attributes}}},"flags":[{flags}],"grade":"{subject.grade._value_}",'
        f'"id":{_string(subject.id)},"name":{_string(subject.name)}}}\n'
    )


def _task_line(task: Task, texts: dict[object, str], windows: dict[int, str]) -> str | None:
    r"""``canonical_json(task.to_data()) + "\n"``, written field by field (else ``None``).

    A task's data is twelve known keys, here in code-point order: ids and
    text as JSON strings (its validators made them ``str``), ``items`` and
    ``inspectors`` as arrays in their order, ``kind`` as its value,
    ``leader``, ``on``, ``period`` and ``year`` as ``null`` when absent,
    dates in ISO form, the period as its ``end``, ``name`` and ``start``;
    a joint task's ``partners`` as a thirteenth, between ``on`` and
    ``period``, its names sorted (a task without partners has no such key).
    ``texts`` holds the JSON of the dates and years written so far (and
    ``None``'s), ``windows`` that of the periods by identity: the caller
    keeps the periods alive while it holds it. A day, year or period of a
    subclass gives ``None``, for the generic encoding. The tests compare it
    with the generic encoding on generated tasks.
    """
    period, on, year, kind = task.period, task.on, task.year, task.kind
    if not (on is None or type(on) is dt.date) or not (year is None or type(year) is int):
        return None
    day = texts.get(on)
    if day is None:
        day = texts[on] = _string(on.isoformat())  # type: ignore[union-attr]  # not None
    counted = texts.get(year)
    if counted is None:
        counted = texts[year] = int.__repr__(year)  # not None: its "null" is in texts
    if period is None:
        window = "null"
    else:
        found = windows.get(id(period))
        if found is None:
            if type(period) is not Period:
                return None
            found = windows[id(period)] = (
                f'{{"end":{_string(period.end.isoformat())},"name":{_string(period.name)},'
                f'"start":{_string(period.start.isoformat())}}}'
            )
        window = found
    items, inspectors, leader = task.items, task.inspectors, task.leader
    return (
        f'{{"department":{_string(task.department)},"id":{_string(task.id)},"inspectors":['
        f"{_string(inspectors[0]) if len(inspectors) == 1 else ','.join(map(_string, inspectors))}"
        f'],"items":[{_string(items[0]) if len(items) == 1 else ",".join(map(_string, items))}],'
        f'"kind":{_RANDOM if kind is _KIND_RANDOM else _string(kind.value)},'
        f'"leader":{"null" if leader is None else _string(leader)},"on":{day},'
        f'{_partners(task.partners)}"period":{window},"plan_id":{_string(task.plan_id)},'
        f'"subject_id":{_string(task.subject_id)},"unit":{_string(task.unit)},"year":{counted}}}\n'
    )


def _partners(partners: frozenset[str]) -> str:
    """A task's ``"partners":[...],`` (its names sorted as ``to_data()`` sorts), or "" for none."""
    return f'"partners":[{_members(partners)}],' if partners else ""


def _members(texts: frozenset[str]) -> str:
    """A set of text as the items of its JSON array, sorted as ``to_data()`` sorts (by text)."""
    if len(texts) == 1:
        for text in texts:
            return _string(text)
    return ",".join(map(_string, sorted(texts, key=str))) if texts else ""


_RANDOM = '"random"'
_KIND_RANDOM = TaskKind.RANDOM


def _inspector_line(inspector: Inspector) -> str:
    r"""``canonical_json(inspector.to_data()) + "\n"``, written field by field.

    An inspector's data is eleven known keys, here in code-point order:
    attributes text to text in key order (as ``FrozenMap`` keeps them),
    booleans as ``true``/``false``, the certificate's expiry as an ISO date
    or ``null``, conflicts and qualifications as their members sorted as
    ``to_data()`` sorts them (by their text). The tests compare it with the
    generic encoding on generated inspectors.
    """
    pairs, expires = inspector.attributes.items(), inspector.certificate_expires
    attributes = ",".join([f"{_string(k)}:{_string(v)}" for k, v in pairs]) if pairs else ""
    conflicts, qualifications = _members(inspector.conflicts), _members(inspector.qualifications)
    return (
        f'{{"attributes":{{{attributes}}},'
        f'"can_lead":{"true" if inspector.can_lead else "false"},'
        f'"certificate_expires":{"null" if expires is None else _string(expires.isoformat())},'
        f'"certificate_no":{_string(inspector.certificate_no)},'
        f'"certified":{"true" if inspector.certified else "false"},'
        f'"conflicts":[{conflicts}],'
        f'"department":{_string(inspector.department)},"id":{_string(inspector.id)},'
        f'"name":{_string(inspector.name)},"qualifications":[{qualifications}],'
        f'"unit":{_string(inspector.unit)}}}\n'
    )


_WRITTEN = frozenset({Subject, Task, Inspector})
"""The records whose canonical line is written by hand, by their exact type."""


def history_fingerprint(history: Iterable[Task], *, year: int) -> str:
    """The :func:`fingerprint` of the history tasks a draw for ``year`` reads (R5.1, R5.5).

    Those are the random tasks counting in ``year``: complaint-driven tasks
    (R5.5) and tasks of other years never decide a draw, so they are left
    out, and a history that grew by them keeps its fingerprint. The text is
    that of :func:`fingerprint`, one line per task's ``to_data()`` in the
    order of the task ids' UTF-8 bytes (docs/draw-spec.md section 7).

    Raises:
        ValidationError: ``history`` is not a collection, an entry is not a
            Task, or ``year`` is not an int.
        DuplicateIdError: two counted tasks share an id.
    """
    tasks: tuple[Task, ...] = check_collection(
        history,
        obj="history_fingerprint",
        field="history",
        what="Task values",
        rule="R5.1",
        fix="pass the earlier tasks as a list of Task, or () for none",
    )
    if not isinstance(year, int) or isinstance(year, bool):
        raise ValidationError(
            f"must be an int, not {type_name(year)}",
            obj="history_fingerprint",
            field="year",
            value=year,
            rule="R5.1",
            fix="pass the plan's year, e.g. 2024",
        )
    if not set(map(type, tasks)) <= {Task}:  # a subclass, or something else
        for index, task in enumerate(tasks):
            if not isinstance(task, Task):
                raise ValidationError(
                    f"must be a Task, not {type_name(task)}",
                    obj="history_fingerprint",
                    field=f"history[{index}]",
                    value=task,
                    rule="R5.1",
                    fix="build it with Task.from_mapping(row)",
                )
    random = TaskKind.RANDOM
    return fingerprint([t for t in tasks if t.year == year and t.kind is random])


def registry_fingerprint(records: Iterable[_Record]) -> str:
    """Deprecated name of :func:`fingerprint`, which fingerprints rosters too.

    .. deprecated:: Unreleased
        Use :func:`fingerprint`; this name warns and calls it.
    """
    warnings.warn(
        "registry_fingerprint is deprecated: use fingerprint (randinspect.draw.fingerprint),"
        " the same function under the name it has everywhere; it fingerprints rosters too",
        DeprecationWarning,
        stacklevel=2,
    )
    return fingerprint(records)


_first = operator.itemgetter(0)
_id = operator.attrgetter("id")
_HEADER = f"{FINGERPRINT_VERSION}\n".encode()


def _not_a_record(record: object, index: int, ident: object) -> NoReturn:
    if isinstance(record, Mapping):
        fix = "build each entry first: Subject.from_mapping(row) or Inspector.from_mapping(row)"
    elif isinstance(ident, str):
        check_id(ident, obj="fingerprint", field=f"records[{index}].id")
        fix = "give the record a to_data() method returning plain data"
    else:
        fix = "pass Subject or Inspector values (anything with a str id and to_data())"
    raise ValidationError(
        f"entry {index} is not a record with an id and to_data(), but a {type_name(record)}",
        obj="fingerprint",
        field=f"records[{index}]",
        value=record,
        rule="R1.5",
        fix=fix,
    )


# --- many keys of one seed at once (the staffing's tasks) --------------------------------


def _all_valid_ids(ids: Sequence[object]) -> bool:
    """Whether every member is a valid id, in one pass over their concatenation.

    No forbidden character can appear in the joined text unless one of the
    ids holds it, and no empty id is hidden by joining when ``all`` is true.
    """
    try:
        joined = "".join(ids)  # type: ignore[arg-type]  # a non-str member raises TypeError
    except TypeError:
        return False
    return all(ids) and (not ids or is_valid_id(joined))


def _valid_ids(ids: list[Any]) -> bool:
    """Whether every member is a valid id, a batch at a time (see :func:`_all_valid_ids`)."""
    return all(_all_valid_ids(ids[start : start + _BATCH]) for start in range(0, len(ids), _BATCH))


def _check_all(ids: Sequence[object], *, obj: str, field: str) -> None:
    if not _all_valid_ids(ids):
        for index, member in enumerate(ids):
            check_id(member, obj=obj, field=f"{field}[{index}]")


def team_scopes(plan_id: str, subject_ids: Sequence[str]) -> list[str]:
    """:func:`team_scope` of every subject of one plan, the ids checked in one pass.

    Raises:
        InvalidIdError: ``plan_id`` or a subject id breaks the id rules.
    """
    check_id(plan_id, obj="team_scopes", field="plan_id")
    _check_all(subject_ids, obj="team_scopes", field="subject_ids")
    return [f"{plan_id}/{subject_id}" for subject_id in subject_ids]


def key_prefixes(seed: Seed, purpose: str, scopes: Sequence[str]) -> list[bytes]:
    """:func:`key_prefix` of every scope, for one seed and purpose, checked in one pass.

    Raises:
        InvalidSeedError: ``seed`` is not a :class:`Seed`.
        InvalidIdError: ``purpose`` or a scope breaks the id rules.
    """
    check_seed(seed, obj="key_prefixes")
    check_id(purpose, obj="key_prefixes", field="purpose")
    _check_all(scopes, obj="key_prefixes", field="scopes")
    return [_prefix(seed, purpose, scope) for scope in scopes]
