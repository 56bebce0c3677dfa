"""The subject registry as it stood for a draw: canonical, indexed, fingerprinted (R1.4, R1.5)."""

from __future__ import annotations

import bisect
import functools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import compress, filterfalse, repeat
from types import MappingProxyType
from typing import Any

import attrs

from randinspect._checks import check_collection, check_type, unique_ids
from randinspect._rows import MAX_PROBLEMS, check_extra, read_rows
from randinspect.draw import fingerprint_of_canonical
from randinspect.errors import UnknownIdError
from randinspect.model import Flag, Grade, Subject

__all__ = ["Registry"]

_id, _grade, _flags = map(operator.attrgetter, ("id", "grade", "flags"))
_SUBJECT_FIX = "build each entry with Subject(...), or Subject.from_mapping(row) for a row"


def _to_canonical(subjects: Iterable[Subject]) -> tuple[Subject, ...]:
    if isinstance(subjects, Registry):
        return subjects.subjects
    members: list[Subject] = list(
        check_collection(
            subjects,
            obj="Registry",
            field="subjects",
            what="Subject values",
            rule="R1.4",
            fix="pass a list of Subject, e.g. [Subject.from_mapping(row) for row in rows]",
        )
    )
    subject = Subject
    if not set(map(type, members)) <= {subject}:  # a subclass, or something else
        for index, member in enumerate(members):
            if type(member) is subject or isinstance(member, subject):
                continue
            check_type(
                member,
                Subject,
                obj="Registry",
                field=f"subjects[{index}]",
                rule="R1.4",
                fix=(
                    "build it with Subject.from_mapping(row)"
                    if isinstance(member, Mapping)
                    else _SUBJECT_FIX
                ),
            )
    members.sort(key=_id)  # code point order, which is UTF-8 byte order
    return tuple(members)  # unique: checked with the index by id, in __attrs_post_init__


_DEFERRED = frozenset(
    {"subjects", "_by_id", "_ids_by_grade", "_flagged", "_flagged_by_grade", "_unflagged_by_grade"}
)
"""What a deferred registry makes on first use (see ``Registry._deferred``)."""
_PLAIN_COLLECTIONS = (tuple, frozenset, set, list)
"""Collections whose emptiness is asked without running code of a subclass."""


def _read_flags(flags: object, *, obj: str, field: str) -> list[Flag]:
    """A collection of :class:`Flag` or of words :meth:`Flag.parse` reads, as flags."""
    wanted: tuple[Flag | str, ...] = check_collection(
        flags,
        obj=obj,
        field=field,
        what="flags",
        rule="R1.4",
        fix="pass a set of flags, e.g. {Flag.HIGH_RISK} or {'high_risk'}",
    )
    return [
        each if isinstance(each, Flag) else Flag.parse(each, obj=obj, field=field)
        for each in wanted
    ]


@attrs.frozen
class Registry:
    """A snapshot of the subject registry (检查对象名录库) that draws run against.

    The subjects are kept in the canonical order of their ids' UTF-8 bytes, so
    two registries with the same subjects are equal whatever order built them.
    Build it once and draw every plan of a campaign from it: the indexes by
    grade and flag and the fingerprint (R1.5) are computed once.

    Attributes:
        subjects: The subjects, unique by id, in canonical order.
    """

    subjects: tuple[Subject, ...] = attrs.field(converter=_to_canonical)
    # Indexes derived from the subjects, built once here (not part of the value).
    _by_id: MappingProxyType[str, Subject] = attrs.field(init=False, eq=False, repr=False)
    _ids_by_grade: dict[Grade, tuple[str, ...]] = attrs.field(init=False, eq=False, repr=False)
    _flagged: dict[Flag, tuple[Subject, ...]] = attrs.field(init=False, eq=False, repr=False)
    # Per grade, its flagged subjects and the ids of the others (the grade's own tuple
    # when none is flagged): a grade less a flag stratum without a pass over the grade.
    _flagged_by_grade: dict[Grade, tuple[Subject, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )
    _unflagged_by_grade: dict[Grade, tuple[str, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )
    # A deferred registry's size and the builder of its subjects (see _deferred); else None.
    _pending: tuple[int, Callable[[], Iterable[Subject]]] | None = attrs.field(
        init=False, default=None, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        self._index(self.subjects)

    def _index(self, subjects: tuple[Subject, ...]) -> None:
        """Check the ids unique and build the indexes by id, grade and flag."""
        ids = list(map(_id, subjects))
        by_id = dict(zip(ids, subjects, strict=True))
        if len(by_id) != len(ids):
            unique_ids(
                ids,
                obj="Registry",
                field="subjects",
                rule="R1.4",
                fix="keep one entry per subject (each subject in existence once)",
            )
        # Each index in passes of C loops (compress, filterfalse), not a Python loop a subject.
        grades = list(map(_grade, subjects))
        by_grade = {g: tuple(compress(ids, map(operator.is_, grades, repeat(g)))) for g in Grade}
        flagged = list(compress(subjects, map(_flags, subjects)))
        flagged_by_grade = {g: tuple(s for s in flagged if s.grade is g) for g in Grade}
        unflagged = dict(by_grade)
        if flagged:
            marked = {s.id for s in flagged}
            for grade, in_grade in by_grade.items():
                if flagged_by_grade[grade]:
                    unflagged[grade] = tuple(filterfalse(marked.__contains__, in_grade))
        setattr_ = object.__setattr__
        setattr_(self, "_by_id", MappingProxyType(by_id))
        setattr_(self, "_ids_by_grade", by_grade)
        setattr_(self, "_flagged", {f: tuple(s for s in flagged if f in s.flags) for f in Flag})
        setattr_(self, "_flagged_by_grade", flagged_by_grade)
        setattr_(self, "_unflagged_by_grade", unflagged)

    @classmethod
    def _deferred(cls, size: int, build: Callable[[], Iterable[Subject]]) -> Registry:
        """A registry of ``size`` subjects that ``build()`` makes when first needed.

        For the library's own results that hold their subjects in a compact
        form (a streamed draw holds its sample as canonical lines): ``len``
        answers at once; the subjects, their checks and the indexes are made
        on the first use of anything else, exactly as ``Registry(build())``
        would make them (the same value, the same errors). ``build`` must
        give ``size`` subjects; it is called once (twice at most, should two
        threads race, with equal results) and then let go.
        """
        registry = object.__new__(cls)
        object.__setattr__(registry, "_pending", (size, build))
        return registry

    def __getattr__(self, name: str) -> Any:
        """Make a deferred registry's subjects and indexes on their first use (see _deferred)."""
        if name in _DEFERRED:
            pending = object.__getattribute__(self, "_pending")
            if pending is not None:
                subjects = _to_canonical(pending[1]())
                self._index(subjects)
                object.__setattr__(self, "subjects", subjects)
                object.__setattr__(self, "_pending", None)
                return object.__getattribute__(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[Mapping[str, Any]],
        *,
        columns: Mapping[str, str] | None = None,
        extra: str = "attributes",
        max_problems: int = MAX_PROBLEMS,
    ) -> Registry:
        """The registry of rows as they come: one :class:`Subject` per row (R1.1, R1.4).

        Rows are mappings of column to value, as ``csv.DictReader``, a
        database cursor, pandas ``to_dict("records")`` or polars
        ``iter_rows(named=True)`` give them. ``columns`` renames source
        columns to fields (``{"统一社会信用代码": "id", "信用等级": "grade"}``);
        with ``extra="attributes"`` the other columns become attributes
        (``"error"`` refuses them). Cells are read as databases and
        DataFrames write them (see :mod:`randinspect.loading`). Every row is
        read before any error: the bad ones are listed together, up to
        ``max_problems``.

        Raises:
            LoadError: some rows could not be read, each named with its row
                number, field, value, rule and fix (two rows with one id: the later).
            ValidationError: ``rows``, ``columns``, ``extra`` or ``max_problems``
                is malformed.
        """
        mode = check_extra(extra, what="load of Subject rows")
        subjects = read_rows(Subject, rows, columns=columns, max_problems=max_problems, extra=mode)
        return cls(subjects)

    def __len__(self) -> int:
        pending = self._pending
        return len(self.subjects) if pending is None else pending[0]

    def __iter__(self) -> Iterator[Subject]:
        return iter(self.subjects)

    def __contains__(self, subject_id: object) -> bool:
        """Whether a subject has the id ``subject_id`` (never for a non-str)."""
        return isinstance(subject_id, str) and subject_id in self._by_id

    def __getitem__(self, subject_id: str) -> Subject:
        """The subject with id ``subject_id``.

        Raises:
            ValidationError: ``subject_id`` is not a str.
            UnknownIdError: no subject has that id.
        """
        subject = self.get(subject_id)
        if subject is None:
            raise UnknownIdError(
                "no such subject in the registry",
                obj="Registry",
                field="subject_id",
                value=subject_id,
                rule="R1.4",
                fix="check the id, or use get() for an optional lookup",
            )
        return subject

    def get(self, subject_id: str) -> Subject | None:
        """The subject with ``subject_id``, or ``None``.

        Raises:
            ValidationError: ``subject_id`` is not a str (ids are text).
        """
        if not isinstance(subject_id, str):
            fix = "look subjects up by their id, a str"
            check_type(subject_id, str, obj="Registry", field="subject_id", fix=fix)
        return self._by_id.get(subject_id)

    @property
    def by_id(self) -> Mapping[str, Subject]:
        """The subjects by id, as a read-only mapping (for lookups in bulk)."""
        return self._by_id

    @functools.cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the registry's canonical encoding (randinspect-fingerprint/1, R1.5)."""
        # The subjects are unique and in id order already: nothing to check or sort again.
        return fingerprint_of_canonical(self.subjects, obj="Registry")

    def ids_with_grade(
        self, grade: Grade | str, *, without: Iterable[Flag | str] = ()
    ) -> tuple[str, ...]:
        """Ids of the subjects of ``grade``, in canonical order; ``without`` leaves some out.

        ``grade`` is a :class:`Grade` or anything :meth:`Grade.parse` reads
        (``"A"``, ``"b"``, ``"中高"``). ``without`` is a collection of flags
        read as :meth:`with_flags` reads them: the subjects carrying any of
        them are left out (a draw's grade strata, less the subjects of its
        boost and relief strata, R2.4, R2.5). The registry indexes each
        grade's flagged subjects apart from the others, so this costs as much
        as the grade's flagged subjects, not the grade: with none left out,
        or all of them, an index's own tuple is returned.

        Raises:
            ValidationError: ``grade`` is not a grade, or ``without`` is not a
                collection of flags.
        """
        wanted: Grade = (
            grade
            if isinstance(grade, Grade)
            else Grade.parse(grade, obj="Registry.ids_with_grade", field="grade")
        )
        ids = self._ids_by_grade[wanted]
        if type(without) in _PLAIN_COLLECTIONS and not without:
            return ids  # the common call: nothing left out, nothing to check
        flags = frozenset(_read_flags(without, obj="Registry.ids_with_grade", field="without"))
        flagged = self._flagged_by_grade[wanted]
        kept = [s.id for s in flagged if flags.isdisjoint(s.flags)]
        if len(kept) == len(flagged):
            return ids
        plain = self._unflagged_by_grade[wanted]
        if not kept:
            return plain
        merged: list[str] = []
        start = 0
        for subject_id in kept:  # in canonical order: each goes between two runs of plain
            end = bisect.bisect_left(plain, subject_id, start)
            merged.extend(plain[start:end])
            merged.append(subject_id)
            start = end
        merged.extend(plain[start:])
        return tuple(merged)

    def with_flags(self, flags: Iterable[Flag | str]) -> tuple[Subject, ...]:
        """Subjects carrying any of ``flags``, in canonical order, each once.

        ``flags`` is a collection of :class:`Flag` or of anything
        :meth:`Flag.parse` reads (``"blacklisted"``, ``"经营异常"``).

        Raises:
            ValidationError: ``flags`` is not a collection (a single flag or a
                str, say), or a member is not a flag.
        """
        seen: dict[str, Subject] = {}
        for flag in _read_flags(flags, obj="Registry.with_flags", field="flags"):
            for subject in self._flagged[flag]:
                seen[subject.id] = subject
        return tuple(seen[i] for i in sorted(seen))

    def to_data(self) -> list[dict[str, Any]]:
        """The registry as plain data: each subject's ``to_data()``, in canonical order."""
        return [s.to_data() for s in self.subjects]
