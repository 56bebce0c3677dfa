"""The subject registry as it stood for a draw: canonical, indexed, fingerprinted (R1.4, R1.5)."""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from randinspect.draw import registry_fingerprint
from randinspect.errors import DuplicateIdError, UnknownIdError, ValidationError
from randinspect.model import Flag, Grade, Subject

__all__ = ["Registry"]

_id, _grade = operator.attrgetter("id"), operator.attrgetter("grade")


def _to_canonical(subjects: Iterable[Subject]) -> tuple[Subject, ...]:
    if isinstance(subjects, Registry):
        return subjects.subjects
    if isinstance(subjects, str | bytes | Mapping) or not isinstance(subjects, Iterable):
        raise ValidationError(
            "a registry is a collection of Subject values",
            obj="Registry",
            field="subjects",
            value=subjects,
            rule="R1.4",
            fix="pass a list of Subject, e.g. [Subject.from_mapping(row) for row in rows]",
        )
    members = list(subjects)
    for index, subject in enumerate(members):
        if not isinstance(subject, Subject):
            raise ValidationError(
                f"entry {index} is not a Subject",
                obj="Registry",
                field="subjects",
                value=subject,
                rule="R1.4",
                fix="build each entry with Subject(...) or Subject.from_mapping(row)",
            )
    members.sort(key=_id)  # code point order, which is UTF-8 byte order
    for before, after in itertools.pairwise(members):
        if before.id == after.id:
            raise DuplicateIdError(
                "two subjects share an id",
                obj="Registry",
                field="subjects",
                value=after.id,
                rule="R1.4",
                fix="keep one entry per subject (each subject in existence once)",
            )
    return tuple(members)


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
        groups: dict[Grade, list[str]] = {grade: [] for grade in Grade}
        append = {grade: ids.append for grade, ids in groups.items()}
        for subject_id, grade in zip(map(_id, subjects), map(_grade, subjects), strict=True):
            append[grade](subject_id)
        flagged = [s for s in subjects if s.flags]
        setattr_ = object.__setattr__
        setattr_(
            self, "_by_id", MappingProxyType(dict(zip(map(_id, subjects), subjects, strict=True)))
        )
        setattr_(self, "_ids_by_grade", {g: tuple(ids) for g, ids in groups.items()})
        setattr_(self, "_flagged", {f: tuple(s for s in flagged if f in s.flags) for f in Flag})

    def __len__(self) -> int:
        return len(self.subjects)

    def __iter__(self) -> Iterator[Subject]:
        return iter(self.subjects)

    def __contains__(self, subject_id: object) -> bool:
        return subject_id in self._by_id

    def __getitem__(self, subject_id: str) -> Subject:
        subject = self._by_id.get(subject_id)
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
        """The subject with ``subject_id``, or ``None``."""
        return self._by_id.get(subject_id)

    @property
    def by_id(self) -> Mapping[str, Subject]:
        """The subjects by id, as a read-only mapping (for lookups in bulk)."""
        return self._by_id

    @functools.cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the registry's canonical encoding (randinspect-fingerprint/1, R1.5)."""
        return registry_fingerprint(self.subjects)

    def ids_with_grade(self, grade: Grade) -> tuple[str, ...]:
        """Ids of the subjects of ``grade``, in canonical order."""
        return self._ids_by_grade[grade]

    def with_flags(self, flags: Iterable[Flag]) -> tuple[Subject, ...]:
        """Subjects carrying any of ``flags``, in canonical order, each once."""
        seen: dict[str, Subject] = {}
        for flag in flags:
            for subject in self._flagged[flag]:
                seen[subject.id] = subject
        return tuple(seen[i] for i in sorted(seen))

    def to_data(self) -> list[dict[str, Any]]:
        """The registry as plain data: each subject's ``to_data()``, in canonical order."""
        return [s.to_data() for s in self.subjects]
