"""The subject draw over a stream: a registry read once, in memory proportional to the sample.

:func:`draw_stream` makes the draw of :func:`~randinspect.sampling.draw_subjects`
(randinspect-draw/1) over any iterable of :class:`~randinspect.Subject` values
or of rows, as a database cursor, ``csv.DictReader`` or
``DataFrame.to_dict("records")`` gives them, reading the source once and
keeping only a little more than the sample. Its strata, record and
fingerprint are those of the in-memory draw over the same subjects.

How the sample is found without holding the registry. Each stratum keeps
its *candidates*: the eligible subjects read so far whose entry (the 32-byte
key, then the id: the spec's order) is at most the stratum's
*bound*. The bound starts open and only ever falls: whenever the candidates
outgrow a provisional capacity (the stratum's sample size for the subjects
read so far plus those the history may still exclude, with a margin of 8
standard deviations), they are sorted, cut to that capacity and the bound
falls to the last one kept. So at every moment

    candidates = every eligible entry read so far that is at most the bound

(an entry above the bound is never admitted, and a fall of the bound drops
exactly the candidates above it). Once the stream ends the stratum counts
are known, hence the sample size ``m = min(ceil(N_s x r_s), E_s)``. If at
least ``m`` candidates remain, the ``m`` smallest of them are the ``m``
smallest eligible entries of the whole stratum: any smaller entry is below
the bound, hence a candidate. That check is the proof of exactness, made on
every draw. Should it ever fail (the margin makes that about as likely as a
SHA-256 collision in a campaign), a re-iterable source is read a second time
with the now known sizes as capacities, which cannot fail; a one-shot
iterator gets an error naming the fix instead.

The fingerprint (R1.5) is hashed on the way, which needs the subjects in
the order of their ids' UTF-8 bytes: the source must come sorted by id
(``ORDER BY id`` in a database). The same order makes a repeated id the
neighbour of its first occurrence, so repeats are found in constant memory.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import itertools
import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from randinspect._checks import check_int, check_type, type_name
from randinspect._rows import (
    MAX_PROBLEMS,
    RowProblem,
    SubjectLines,
    SubjectParts,
    _check_columns,
    _duplicate,
    _load_error,
    _problem,
    _row,
    canonical_line,
    json_pieces,
    kept_as_built,
)
from randinspect._values import FrozenMap, sorted_text_map
from randinspect.caps import check_history, find_capped, is_exempt
from randinspect.draw import (
    FINGERPRINT_VERSION,
    PURPOSE_SUBJECTS,
    Seed,
    check_seed,
    key_prefix,
)
from randinspect.errors import RandInspectError, UnknownIdError, ValidationError
from randinspect.model import Flag, Grade, Plan, Subject, Task, TaskKind, trusted
from randinspect.registry import Registry
from randinspect.sampling import (
    StratumDraw,
    SubjectDraw,
    SubjectFate,
    _item_types,
    _outside_scope,
    _ratio_notes,
    _ratios,
    _sample_size,
    _stratum_of,
)

__all__ = ["StreamedDraw", "draw_stream"]

_OBJ = "draw_stream"
_OPEN = (b"\xff" * 33, "")
"""A bound above every (key, id): a key is 32 bytes, this one 33 of the largest."""
_SLACK = 1024
"""How far candidates may outgrow their capacity before they are cut (fewer, larger sorts)."""
_BATCH = 4096
"""How many canonical lines are hashed at once."""
_ORDER_FIX = (
    "give the rows sorted by id as text, in code point (UTF-8 byte) order: ORDER BY id"
    ' (in PostgreSQL with COLLATE "C"; an integer id as ORDER BY CAST(id AS VARCHAR)),'
    " sorted(rows, key=lambda row: row['id']) or a Registry; unsorted subjects in memory"
    " go to draw_subjects"
)


@attrs.frozen(kw_only=True)
class StreamedDraw(SubjectDraw):
    """The result of :func:`draw_stream`: a :class:`SubjectDraw` that holds only its sample.

    Its :attr:`strata`, :attr:`drawn`, :attr:`excluded`, :attr:`notes`,
    :attr:`fingerprint` and :meth:`record` are those of
    :func:`~randinspect.sampling.draw_subjects` over the same subjects; its
    :attr:`registry` holds only the drawn and the excluded subjects (the rest
    were read and let go), so :meth:`fates` and :meth:`to_rows` cover those,
    and :meth:`fate` answers for them alone.

    Attributes:
        registry_size: How many subjects the source held.
        registry_fingerprint: The fingerprint of all of them (R1.5), hashed as they were read.
    """

    registry_size: int
    registry_fingerprint: str

    @property
    def fingerprint(self) -> str:
        """The fingerprint of the whole registry streamed (R1.5), not only of the held part."""
        return self.registry_fingerprint

    def record(self) -> dict[str, Any]:
        """The publishable record (R7.1, R7.6), equal to the in-memory draw's.

        See :meth:`SubjectDraw.record`; ``registry_size`` counts every
        subject streamed.
        """
        record = super().record()
        record["registry_size"] = self.registry_size
        return record

    def fate(self, subject_id: str) -> SubjectFate:
        """What the draw did with a drawn or excluded subject, and why.

        Raises:
            ValidationError: ``subject_id`` is not a str.
            UnknownIdError: the subject is neither drawn nor excluded: a
                streamed draw does not keep the others.
        """
        check_type(
            subject_id,
            str,
            obj=f"StreamedDraw of plan {self.plan.id!r}",
            field="subject_id",
            fix="ask about a subject by its id, a str",
        )
        if subject_id not in self.registry:
            raise UnknownIdError(
                "neither drawn nor excluded: a streamed draw keeps only those subjects",
                obj=f"StreamedDraw of plan {self.plan.id!r}",
                field="subject_id",
                value=subject_id,
                fix="any other subject was not drawn or out of scope; for its key and reason,"
                " draw_subjects over the registry in memory gives every subject's fate",
            )
        return super().fate(subject_id)


# --- one pass over the source -----------------------------------------------------------


@attrs.define
class _Pass:
    """What one reading of the source found (mutable scratch state, never returned)."""

    size: int = 0
    rows: int = 0
    outside: int = 0
    digest: Any = None
    seen: list[int] = attrs.Factory(list)
    # A candidate is one bytes value, its _held entry: sorted, they are in the spec's
    # (key, id) order. An excluded subject is kept as its record alone (it has no key).
    candidates: list[list[bytes]] = attrs.Factory(list)
    bounds: list[tuple[bytes, str]] = attrs.Factory(list)
    left_out: list[list[tuple[str, bytes]]] = attrs.Factory(list)  # (id, record)
    capped: dict[str, list[Task]] = attrs.Factory(dict)
    problems: list[RowProblem] = attrs.Factory(list)
    count: int = 0


Capacity = Callable[[int, int, int], int]
"""(stratum index, in-scope subjects read in it, capped subjects still to come) -> capacity."""


def _margin(wanted: int) -> int:
    """A safe margin over ``wanted`` uniform keys: 8 standard deviations and a floor."""
    return 8 * math.isqrt(wanted) + 16


def _provisional(ratios: Sequence[Fraction]) -> Capacity:
    """The first pass's capacities: enough for the stratum read so far and any exclusion to come.

    With ``n`` in-scope subjects read and at most ``R`` exclusions still to
    come, the stratum's final sample is a share of its eligible keys no
    larger than ``ceil((n + R) x r)`` of the ``e`` read so far (more eligible
    subjects later only dilute it), so keeping that many, plus a margin for
    the keys' fluctuation, leaves the final check failing with a negligible
    chance.
    """

    def capacity(index: int, seen: int, remaining: int) -> int:
        wanted = _sample_size(seen + remaining, ratios[index])
        return wanted + _margin(wanted)

    return capacity


@attrs.frozen(kw_only=True)
class _Reader:
    """Reads the source of one draw: everything but the source and the capacities fixed."""

    plan: Plan
    prefix: bytes
    names: tuple[str, ...]
    renames: Mapping[str, str]
    candidates: Mapping[str, list[Task]]
    cap: int

    def read(self, source: Iterator[object], capacity: Capacity) -> _Pass:
        """Read ``source`` once; raise every bad row together at its end.

        Raises:
            LoadError: some rows could not be read or repeat an id.
            ValidationError: the ids are out of order, or the source failed.
        """
        # The candidates are kept, and nothing read makes a cycle: a full collection every
        # few thousand rows would scan them all again for nothing (as the loading does).
        collecting = gc.isenabled()
        gc.disable()
        try:
            found = self._read(source, capacity)
        finally:
            if collecting:
                gc.enable()
        if found.count:
            raise _load_error(tuple(found.problems), count=found.count, rows=found.rows, what=_OBJ)
        return found

    def _bad(self, found: _Pass, problem: RowProblem) -> None:
        found.count += 1
        if len(found.problems) < self.cap:
            found.problems.append(problem)

    def _read(  # noqa: PLR0912, PLR0915  # the hot loop, kept in one frame
        self, source: Iterator[object], capacity: Capacity
    ) -> _Pass:
        """Count, exclude, key, keep candidates and fingerprint, subject by subject.

        A common row (a dict of text) is read by :class:`SubjectLines`
        straight to its fields and canonical line, with every check of the
        Subject's fast path; a :class:`Subject` is only built for the few
        rows that need one asked (a directed plan's scope, a flag stratum,
        a capped id's exemption). Any other row, and a Subject given as
        such, goes the way of the loading, as before.
        """
        plan, names, renames, candidates = self.plan, self.names, self.renames, self.candidates
        found = _Pass(
            digest=hashlib.sha256(f"{FINGERPRINT_VERSION}\n".encode()),
            seen=[0] * len(names),
            candidates=[[] for _ in names],
            bounds=[_OPEN] * len(names),
            left_out=[[] for _ in names],
        )
        index_of = {name: index for index, name in enumerate(names)}
        grade_index = {grade.value: index_of[grade.value] for grade in Grade}  # by letter:
        # a str hashes in C, an enum member in Python
        later = sorted(candidates)  # capped ids: those above the last id read may still come
        # The first capped id not below the last one read (None past the last): the ids come
        # in order, so a walk along the sorted capped ids finds them, without a look-up a row.
        upcoming, next_capped = 0, later[0] if later else None
        limits = [_SLACK] * len(names)
        seen, kept, bounds = found.seen, found.candidates, found.bounds
        types = _item_types(plan)
        directed = bool(plan.scope or types)
        primed = hashlib.sha256(self.prefix).copy
        boost = plan.boost.flags if plan.boost is not None else frozenset()
        relief = plan.relief.flags if plan.relief is not None else frozenset()
        lines: list[str] = []
        update = found.digest.update
        subject_type, rename = Subject, renames.get
        fast = SubjectLines(attributes=True).read
        last, last_row = "", 0

        def cut(index: int) -> None:
            bucket = kept[index]
            room = capacity(index, seen[index], len(later) - bisect.bisect_right(later, last))
            if len(bucket) > room:
                bucket.sort()  # by key, then id (the NUL ends it): unique
                del bucket[room:]
                bounds[index] = _bound(bucket[-1]) if bucket else (b"", "")
            limits[index] = room + room // 8 + _SLACK

        number = size = outside = 0
        try:
            for number, item in enumerate(source, start=1):
                parts: SubjectParts | None = None
                if type(item) is dict:  # the common row: read straight to its line
                    parts = fast(
                        {rename(k, k) if type(k) is str else k: v for k, v in item.items()}
                        if renames
                        else item
                    )
                subject: Subject | None
                if parts is not None:
                    ident, grade, name, _, marks, line, pairs, words = parts
                    subject = None
                else:
                    if type(item) is subject_type or isinstance(item, Subject):
                        subject = item
                    else:  # any other row, valid or not, as loading reads it
                        try:
                            row = _row(item, renames, number=number)
                            subject = Subject.from_mapping(row, extra="attributes")
                        except RandInspectError as error:
                            self._bad(found, _problem(number, item, renames, error))
                            continue
                    ident, grade, name, marks = (
                        subject.id,
                        subject.grade,
                        subject.name,
                        subject.flags,
                    )
                    pairs, words = json_pieces(subject)
                    line = canonical_line(pairs, words, grade._value_, ident, name)
                if ident <= last:
                    if ident != last:
                        raise _unsorted(number, ident, last)
                    self._bad(found, _duplicate(number, ident, last_row))
                    continue
                last, last_row = ident, number
                size += 1
                lines.append(line)
                if size % _BATCH == 0:
                    update("".join(lines).encode())
                    lines.clear()
                if directed:
                    if subject is None:
                        subject = _subject_of(parts)  # type: ignore[arg-type]
                    if _outside_scope(plan, subject, types):
                        outside += 1
                        continue
                # _stratum_of, inline: a flag stratum first, else the grade's
                if marks and ((boost and marks & boost) or (relief and marks & relief)):
                    if subject is None:
                        subject = _subject_of(parts)  # type: ignore[arg-type]
                    index = index_of[_stratum_of(plan, subject)]
                else:
                    index = grade_index[grade._value_]
                seen[index] += 1
                if next_capped is not None and ident >= next_capped:
                    while next_capped < ident:
                        upcoming += 1
                        if upcoming == len(later):
                            next_capped = None
                            break
                        next_capped = later[upcoming]
                    if ident == next_capped:
                        if subject is None:
                            subject = _subject_of(parts)  # type: ignore[arg-type]
                        if not is_exempt(plan, subject):
                            found.capped[ident] = candidates[ident]
                            record = _held(b"", ident, pairs, words, grade, name)
                            found.left_out[index].append((ident, record))
                            continue
                utf8 = ident.encode()
                sha = primed()
                sha.update(utf8)
                key = sha.digest()
                top, top_id = bounds[index]
                # (key, id) at most the bound: ids in code point order, which is UTF-8 byte order
                if key < top or (key == top and ident <= top_id):
                    bucket = kept[index]
                    bucket.append(_held(key, ident, pairs, words, grade, name))
                    if len(bucket) > limits[index]:
                        cut(index)
        except RandInspectError:
            raise
        except Exception as error:  # the source's own iterator failed: say where
            raise ValidationError(
                f"could not be read after row {number} ({type_name(error)}: the source's own"
                " error, chained as the cause)",
                obj=_OBJ,
                field="source",
                value=type_name(source),
                rule="R1.1",
                fix="pass an iterable of Subject values or of rows (mappings of column to value)",
            ) from error
        update("".join(lines).encode())
        found.rows, found.size, found.outside = number, size, outside
        return found


def _subject_of(parts: SubjectParts) -> Subject:
    """The Subject of a row :class:`SubjectLines` read: every field already checked."""
    ident, grade, name, columns, marks, *_ = parts
    return trusted(
        Subject,
        id=ident,
        grade=grade,
        name=name,
        attributes=sorted_text_map(dict(columns)),
        flags=marks,
    )


def _held(  # noqa: PLR0917  # one call per candidate: positional, in the entry's order
    key: bytes, ident: str, pairs: str, words: str, grade: Grade, name: str
) -> bytes:
    """The entry a draw keeps for a candidate: about a hundred bytes, not a Subject's several.

    ``key``, the 32-byte key (empty for an excluded subject, which has none),
    then the subject's *record*: the id, the attributes' JSON pairs and the
    flags' JSON words (pieces of the canonical line), each ended by a NUL
    (which neither an id nor JSON text holds), the grade's letter and the
    name as JSON. Bytes order is the spec's (key, id) order: an id ends at
    its NUL, before any longer id it begins. No record holds a newline (an
    id has no control character, JSON escapes them), so records are kept
    joined by newlines once the draw is settled.
    """
    name_json = _string(name) if name else '""'
    return key + f"{ident}\0{pairs}\0{words}\0{grade._value_}{name_json}".encode()


_string = json.encoder.encode_basestring  # JSON's own escaping


def _bound(candidate: bytes) -> tuple[bytes, str]:
    """A candidate's (key, id)."""
    return candidate[:32], candidate[32 : candidate.index(0, 32)].decode()


def _ids_of(blocks: Iterable[bytes]) -> Iterator[str]:
    """The ids of the records in ``blocks`` (joined by newlines), in their order."""
    for block in blocks:
        for record in block.split(b"\n"):
            yield record[: record.index(0)].decode()


_GRADES = {grade.value.encode(): grade for grade in Grade}
_FLAGS = {flag.value: flag for flag in Flag}


def _subjects_of_records(ids: Iterable[str], blocks: Iterable[bytes]) -> list[Subject]:
    """The subjects of the draw's held records (:func:`_held`), trusted, equal maps shared.

    ``blocks`` hold the records joined by newlines, ``ids`` their ids in the
    same order, the very str values the strata hold (one copy of each id,
    not two). Each record was written from a row or a Subject that passed
    every check of the Subject's constructor, so its fields are read back
    as they were (the JSON pairs in their sorted order) and set without
    checking them again (``model.trusted``). Equal attribute maps and flag
    sets are one value, shared by the subjects that have them.
    """
    with kept_as_built():  # a million Subjects, all kept: as loading builds them
        return _build_subjects(ids, blocks)


def _build_subjects(ids: Iterable[str], blocks: Iterable[bytes]) -> list[Subject]:
    maps: dict[bytes, FrozenMap[str, str]] = {}
    marks: dict[bytes, frozenset[Flag]] = {}
    subjects = []
    loads, string = json.loads, json.decoder.scanstring  # type: ignore[attr-defined]
    records = (record for block in blocks for record in block.split(b"\n"))
    for ident, record in zip(ids, records, strict=True):
        _, pairs, words, rest = record.split(b"\0", 3)
        attributes = maps.get(pairs)
        if attributes is None:
            attributes = maps[pairs] = sorted_text_map(loads(f"{{{pairs.decode()}}}"))
        flags = marks.get(words)
        if flags is None:
            flags = marks[words] = frozenset([_FLAGS[w] for w in loads(f"[{words.decode()}]")])
        name = rest[1:]
        subjects.append(
            trusted(
                Subject,
                id=ident,
                grade=_GRADES[rest[:1]],
                name=string(name.decode(), 1)[0] if name != b'""' else "",
                attributes=attributes,
                flags=flags,
            )
        )
    return subjects


def _unsorted(number: int, ident: str, last: str) -> ValidationError:
    return ValidationError(
        f"row {number}'s id comes before the previous id {last!r}: a streamed draw needs"
        " the subjects in id order, to fingerprint them (R1.5) and find repeated ids in"
        " constant memory",
        obj=_OBJ,
        field="source",
        value=ident,
        rule="R1.5",
        fix=_ORDER_FIX,
    )


# --- the draw ---------------------------------------------------------------------------


def _check_source(source: object) -> Iterator[object]:
    if isinstance(source, str | bytes | bytearray | Mapping) or not isinstance(source, Iterable):
        raise ValidationError(
            f"must be an iterable of Subject values or of rows, not {type_name(source)}",
            obj=_OBJ,
            field="source",
            value=source,
            rule="R1.1",
            fix="pass a database cursor, csv.DictReader(...), df.to_dict('records'),"
            " a list of Subject or a Registry, sorted by id",
        )
    try:
        return iter(source)
    except Exception as error:
        raise ValidationError(
            f"could not be iterated ({type_name(error)}, chained as the cause)",
            obj=_OBJ,
            field="source",
            value=type_name(source),
            rule="R1.1",
            fix="pass an iterable of Subject values or of rows, sorted by id",
        ) from error


def draw_stream(
    plan: Plan,
    source: Iterable[Subject | Mapping[str, Any]],
    *,
    seed: Seed,
    history: Iterable[Task] = (),
    columns: Mapping[str, str] | None = None,
    max_problems: int = MAX_PROBLEMS,
    strict: bool = False,
) -> StreamedDraw:
    """Draw the subjects ``plan`` inspects from a registry streamed once (randinspect-draw/1).

    The draw, record and fingerprint of
    :func:`~randinspect.sampling.draw_subjects` over the same subjects, in
    memory proportional to the sample (and the history) instead of the
    registry: see the module's text for how and why it is exact, and
    ``docs/streaming.md``.

    Args:
        plan: The plan: scope, strata ratios, periods and cap policy.
        source: The registry, read once: :class:`~randinspect.Subject` values
            or rows (mappings of column to value, read as
            :func:`~randinspect.loading.load_registry` reads them, other
            columns becoming attributes), **sorted by id** in code point order
            (``ORDER BY id``).
        seed: The draw's seed, published or derived (never chosen by the library).
        history: Earlier tasks of any department, for the yearly cap (R5); held in memory.
        columns: Renames source columns to fields, e.g. ``{"统一社会信用代码": "id"}``.
        max_problems: The most bad rows the :class:`~randinspect.LoadError` lists.
        strict: As :func:`~randinspect.sampling.draw_subjects`' ``strict``:
            refuse, rather than note, a draw directed by region and industry
            at a ratio not above the listed one (R2.3), before reading the source.

    Returns:
        The draw, holding its drawn and excluded subjects, with the record.

    Raises:
        InvalidSeedError: ``seed`` is not a :class:`~randinspect.Seed`.
        ValidationError: ``plan``, ``source``, ``columns``, ``max_problems`` or
            ``strict`` is malformed; the ids are not in increasing order; the
            source failed while being read; or a one-shot source would have
            to be read twice.
        RuleViolationError: with ``strict``, the draw is directed by region
            and industry at a ratio not above the listed one (R2.3).
        LoadError: some rows could not be read or repeat an id: every one is
            named (up to ``max_problems``), after the whole source is read.
        DuplicateIdError: two history tasks share an id.
        InvalidDateError: a random history task has no date or year to count in.
    """
    check_type(
        plan,
        Plan,
        obj=_OBJ,
        field="plan",
        fix="build it with Plan(...) or Plan.from_mapping(data)",
    )
    check_seed(seed, obj=_OBJ)
    notes = _ratio_notes(plan, strict=strict, obj=_OBJ)
    renames = _check_columns(columns, what=_OBJ)
    cap = check_int(max_problems, obj=_OBJ, field="max_problems", minimum=1, maximum=10**6)
    tasks = check_history(history)
    iterator = _check_source(source)
    ratios = _ratios(plan)
    names, shares = tuple(ratios), tuple(ratios.values())
    reader = _Reader(
        plan=plan,
        prefix=key_prefix(seed, PURPOSE_SUBJECTS, plan.id),
        names=names,
        renames=renames,
        candidates=find_capped(plan, tasks),
        cap=cap,
    )
    found = reader.read(iterator, _provisional(shares))
    sizes = _sizes(found, shares)
    if any(len(kept) < m for kept, m in zip(found.candidates, sizes, strict=True)):
        found = _second_pass(source, iterator, reader=reader, first=found, sizes=sizes)
    return _settle(plan, seed, tasks=tasks, found=found, shares=shares, sizes=sizes, notes=notes)


def _sizes(found: _Pass, shares: Sequence[Fraction]) -> list[int]:
    """Each stratum's sample size ``min(ceil(N_s x r_s), E_s)`` (R2.2)."""
    return [
        min(_sample_size(n, ratio), n - len(out))
        for n, ratio, out in zip(found.seen, shares, found.left_out, strict=True)
    ]


def _second_pass(
    source: Iterable[object],
    iterator: Iterator[object],
    *,
    reader: _Reader,
    first: _Pass,
    sizes: Sequence[int],
) -> _Pass:
    """Read a re-iterable source again with the exact sizes as capacities (never short)."""
    short = [
        f"{name} ({len(kept)} of {m})"
        for name, kept, m in zip(reader.names, first.candidates, sizes, strict=True)
        if len(kept) < m
    ]
    if iterator is source:  # a generator, a cursor, a file: its own iterator, read once
        raise ValidationError(
            f"kept too few candidates in stratum {', '.join(short)} to settle the draw in"
            " one reading, and the source is a one-shot iterator that cannot be read again",
            obj=_OBJ,
            field="source",
            value=type_name(source),
            rule="randinspect-draw/1",
            fix="pass a re-iterable source (a list, a Registry, or an object whose __iter__"
            " runs the query again) so the draw can read it a second time",
        )
    again = reader.read(_check_source(source), lambda index, seen, remaining: sizes[index])
    if (again.size, again.seen, again.digest.hexdigest()) != (
        first.size,
        first.seen,
        first.digest.hexdigest(),
    ):
        raise ValidationError(
            "gave other subjects when read a second time",
            obj=_OBJ,
            field="source",
            value=type_name(source),
            rule="R1.5",
            fix="draw from a snapshot that does not change while it is read"
            " (a transaction, an export)",
        )
    return again


def _settle(
    plan: Plan,
    seed: Seed,
    *,
    tasks: tuple[Task, ...],
    found: _Pass,
    shares: Sequence[Fraction],
    sizes: Sequence[int],
    notes: list[str],
) -> StreamedDraw:
    """The strata, notes and draw from a pass whose candidates cover every sample.

    Each stratum's candidates are cut to its sample; the drawn and excluded
    subjects stay as their records (:func:`_held`), in blocks, and the draw's
    registry makes them Subjects when first asked. ``notes`` are the
    plan's own (R2.3); the strata's and the registry's are added to them.

    In two rounds, for memory: first every stratum's keys and records are
    copied into a few large blocks and its candidates let go, so that the
    memory they held is free (whole arenas of it, given back) before the
    second round makes the strata's key and id values, one small object
    each, in memory of their own.
    """
    packed = []  # per stratum: its keys in one bytes value, its drawn records' blocks
    for index, bucket in enumerate(found.candidates):
        bucket.sort()
        del bucket[sizes[index] :]
        key_chunks: list[bytes] = []
        records: list[bytes] = []
        for start in range(0, len(bucket), _BATCH):
            chunk = bucket[start : start + _BATCH]
            key_chunks.append(b"".join([entry[:32] for entry in chunk]))
            records.append(b"\n".join([entry[32:] for entry in chunk]))
        bucket.clear()
        packed.append((b"".join(key_chunks), records))
    strata, blocks, held = [], list[bytes](), list[tuple[str, ...]]()
    for index, (name, ratio) in enumerate(zip(_ratios(plan), shares, strict=True)):
        packed_keys, records = packed[index]
        packed[index] = (b"", [])
        in_scope = found.seen[index]
        excluded = sorted(found.left_out[index])  # read in id order: sorted already
        found.left_out[index] = []
        eligible = in_scope - len(excluded)
        required = _sample_size(in_scope, ratio)
        keys = tuple([packed_keys[at : at + 32] for at in range(0, len(packed_keys), 32)])
        drawn = tuple(_ids_of(records))
        blocks += records
        if excluded:
            blocks.append(b"\n".join([record for _, record in excluded]))
        excluded_ids = tuple(ident for ident, _ in excluded)
        held += (drawn, excluded_ids)
        strata.append(
            StratumDraw(
                name=name,
                ratio=ratio,
                in_scope=in_scope,
                eligible=eligible,
                required=required,
                drawn=drawn,
                keys=keys,
                cutoff=keys[-1].hex() if keys else None,
                excluded=excluded_ids,
            )
        )
        if required > eligible:
            notes.append(
                f"stratum {name}: {required} required but only {eligible} eligible;"
                f" all drawn, shortfall {required - eligible} (R2.2)"
            )
    size, types = found.size, _item_types(plan)
    if size == 0:
        notes.append("the registry is empty: nothing to draw")
    elif found.outside == size:
        notes.append(
            f"no subject of the {size} in the registry is in the plan's scope"
            f" { ({k: sorted(v) for k, v in plan.scope.items()}) }"
            f" and subject types {sorted(types)} (R3.1): the draw is empty"
        )
    return StreamedDraw(
        plan=plan,
        seed=seed,
        registry=Registry._deferred(
            sum(map(len, held)),
            lambda: _subjects_of_records(itertools.chain.from_iterable(held), blocks),
        ),
        strata=tuple(strata),
        out_of_scope=found.outside,
        notes=tuple(notes),
        capped=found.capped,
        counted=tuple(t for t in tasks if t.year == plan.year and t.kind is TaskKind.RANDOM),
        registry_size=size,
        registry_fingerprint=found.digest.hexdigest(),
    )
