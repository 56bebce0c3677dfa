"""The subject registry as it stood for a draw: canonical, indexed, fingerprinted (R1.4, R1.5)."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from randinspect._checks import check_collection, check_type, unique_ids
from randinspect._rows import MAX_PROBLEMS, check_extra, read_rows
from randinspect.draw import fingerprint_of_canonical
from randinspect.errors import UnknownIdError
from randinspect.model import Flag, Grade, Subject

__all__ = ["Registry"]

_id, _grade = operator.attrgetter("id"), operator.attrgetter("grade")
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

    def __attrs_post_init__(self) -> None:
        subjects = self.subjects
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
        groups: dict[Grade, list[str]] = {grade: [] for grade in Grade}
        append = {grade: members.append for grade, members in groups.items()}
        for subject_id, grade in zip(ids, map(_grade, subjects), strict=True):
            append[grade](subject_id)
        flagged = [s for s in subjects if s.flags]
        setattr_ = object.__setattr__
        setattr_(self, "_by_id", MappingProxyType(by_id))
        setattr_(self, "_ids_by_grade", {g: tuple(ids) for g, ids in groups.items()})
        setattr_(self, "_flagged", {f: tuple(s for s in flagged if f in s.flags) for f in Flag})

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
        return len(self.subjects)

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

    def ids_with_grade(self, grade: Grade | str) -> tuple[str, ...]:
        """Ids of the subjects of ``grade``, in canonical order.

        ``grade`` is a :class:`Grade` or anything :meth:`Grade.parse` reads
        (``"A"``, ``"b"``, ``"中高"``).

        Raises:
            ValidationError: ``grade`` is not a grade.
        """
        wanted: Grade = (
            grade
            if isinstance(grade, Grade)
            else Grade.parse(grade, obj="Registry.ids_with_grade", field="grade")
        )
        return self._ids_by_grade[wanted]

    def with_flags(self, flags: Iterable[Flag | str]) -> tuple[Subject, ...]:
        """Subjects carrying any of ``flags``, in canonical order, each once.

        ``flags`` is a collection of :class:`Flag` or of anything
        :meth:`Flag.parse` reads (``"blacklisted"``, ``"经营异常"``).

        Raises:
            ValidationError: ``flags`` is not a collection (a single flag or a
                str, say), or a member is not a flag.
        """
        wanted: tuple[Flag | str, ...] = check_collection(
            flags,
            obj="Registry.with_flags",
            field="flags",
            what="flags",
            rule="R1.4",
            fix="pass a set of flags, e.g. {Flag.HIGH_RISK} or {'high_risk'}",
        )
        seen: dict[str, Subject] = {}
        for each in wanted:
            flag: Flag = (
                each
                if isinstance(each, Flag)
                else Flag.parse(each, obj="Registry.with_flags", field="flags")
            )
            for subject in self._flagged[flag]:
                seen[subject.id] = subject
        return tuple(seen[i] for i in sorted(seen))

    def to_data(self) -> list[dict[str, Any]]:
        """The registry as plain data: each subject's ``to_data()``, in canonical order."""
        return [s.to_data() for s in self.subjects]
