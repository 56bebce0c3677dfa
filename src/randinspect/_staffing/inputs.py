"""The arguments of the staffing functions, checked up front (R1.3, R4.3, R4.4).

Each check returns the argument in canonical form (the roster sorted by id,
conflicts and absences deduplicated and sorted) or raises the library's own
error naming the function, the argument, the rule, the value and the fix.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Container, Mapping

from randinspect._checks import check_collection, type_error
from randinspect._values import is_valid_id
from randinspect.errors import DuplicateIdError, UnknownIdError, ValidationError
from randinspect.model import Inspector
from randinspect.sampling import SubjectDraw
from randinspect.staffing import (
    Absence,
    Assignment,
    Conflict,
    SameAttribute,
    ordered_conflicts,
    ordered_unavailable,
)

_FN = "assign_inspectors"
_by_id = operator.attrgetter("id")

RECUSAL_MODES = ("replace", "swap")
"""The ways an inspector may recuse (R4.3, 003 art. 15): leave the place to the
next candidate, or swap subjects with an inspector already staffed."""


def check_draw(draw: object) -> SubjectDraw:
    """The subject draw to staff."""
    if not isinstance(draw, SubjectDraw):
        raise type_error(
            draw,
            SubjectDraw,
            obj=_FN,
            field="draw",
            fix="pass the result of draw_subjects(plan, registry, seed=...)",
        )
    return draw


def check_roster(roster: object, *, obj: str = _FN) -> tuple[Inspector, ...]:
    """The roster as Inspector values in canonical (id) order, unique by id, not empty."""
    entries: tuple[object, ...] = check_collection(
        roster,
        obj=obj,
        field="roster",
        what="Inspector values",
        rule="R1.3",
        fix="pass a list of Inspector, e.g. [Inspector.from_mapping(row) for row in rows]",
    )
    members: list[Inspector] = []
    if not entries:
        raise ValidationError(
            "the roster is empty: there is no one to staff the tasks",
            obj=obj,
            field="roster",
            value=[],
            rule="R1.3",
            fix="pass the inspector roster (执法检查人员名录库) of the plan's departments",
        )
    for index, inspector in enumerate(entries):
        if not isinstance(inspector, Inspector):
            raise type_error(
                inspector,
                Inspector,
                obj=obj,
                field=f"roster[{index}]",
                rule="R1.3",
                fix="build each entry with Inspector(...) or Inspector.from_mapping(row)",
            )
        members.append(inspector)
    members.sort(key=_by_id)  # code point order, which is UTF-8 byte order
    for before, after in itertools.pairwise(members):
        if before.id == after.id:
            raise DuplicateIdError(
                "two inspectors share an id",
                obj=obj,
                field="roster",
                value=after.id,
                rule="R1.3",
                fix="keep one entry per inspector",
            )
    return tuple(members)


def _check_pair(
    entry: object,
    *,
    field: str,
    roster: Mapping[str, Inspector],
    registry: Container[str] | None,
    obj: str = _FN,
) -> tuple[str, str]:
    if (
        not isinstance(entry, tuple | list)
        or len(entry) != 2  # noqa: PLR2004
        or not all(isinstance(part, str) for part in entry)
    ):
        hint = (
            '("inspector-id", "subject-id") pairs, or SameAttribute("region")'
            if field == "conflicts"
            else 'inspector ids, or ("inspector-id", "subject-id") pairs'
        )
        raise ValidationError(
            "is not an (inspector id, subject id) pair",
            obj=obj,
            field=field,
            value=entry,
            rule="R4.3" if field == "conflicts" else "R4.4",
            fix=f"pass {hint}",
        )
    inspector_id, subject_id = entry
    rule = "R4.3" if field == "conflicts" else "R4.4"
    if inspector_id not in roster:
        raise UnknownIdError(
            f"names inspector {inspector_id!r}, who is not in the roster",
            obj=obj,
            field=field,
            value=tuple(entry),
            rule=rule,
            fix="check the id, or add the inspector to the roster",
        )
    if registry is not None and subject_id not in registry:
        raise UnknownIdError(
            f"names subject {subject_id!r}, which is not in the registry drawn from",
            obj=obj,
            field=field,
            value=tuple(entry),
            rule=rule,
            fix="check the id against the registry passed to draw_subjects",
        )
    if not is_valid_id(subject_id):
        raise ValidationError(
            "names a subject by an id that breaks the id rules",
            obj=obj,
            field=field,
            value=tuple(entry),
            rule=rule,
            fix="check the id against the registry passed to draw_subjects",
        )
    return str.__str__(inspector_id), str.__str__(subject_id)


def check_conflicts(
    conflicts: object,
    *,
    roster: Mapping[str, Inspector],
    registry: Container[str] | None,
    obj: str = _FN,
) -> tuple[Conflict, ...]:
    """The conflicts in canonical order (pairs by id bytes, then rules), once each.

    With ``registry`` ``None`` (a verification, which has no registry), a
    pair's subject need only be a valid id.
    """
    entries: tuple[object, ...] = check_collection(
        conflicts,
        obj=obj,
        field="conflicts",
        what="conflicts",
        rule="R4.3",
        fix='pass ("inspector-id", "subject-id") pairs and rules such as SameAttribute("region")',
    )
    pairs: set[tuple[str, str]] = set()
    rules: set[SameAttribute] = set()
    for entry in entries:
        if isinstance(entry, SameAttribute):
            rules.add(entry)
        else:
            pairs.add(
                _check_pair(entry, field="conflicts", roster=roster, registry=registry, obj=obj)
            )
    return ordered_conflicts(pairs, rules)


def check_unavailable(
    unavailable: object,
    *,
    roster: Mapping[str, Inspector],
    registry: Container[str] | None,
    obj: str = _FN,
) -> tuple[Absence, ...]:
    """The absences in canonical order (ids by bytes, then pairs), once each."""
    entries: tuple[object, ...] = check_collection(
        unavailable,
        obj=obj,
        field="unavailable",
        what="inspector ids or (inspector, subject) pairs",
        rule="R4.4",
        fix='pass e.g. ["i7", ("i9", "subject-3")]',
    )
    whole: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for entry in entries:
        if isinstance(entry, str):
            if entry not in roster:
                raise UnknownIdError(
                    f"names inspector {entry!r}, who is not in the roster",
                    obj=obj,
                    field="unavailable",
                    value=entry,
                    rule="R4.4",
                    fix="check the id, or add the inspector to the roster",
                )
            whole.add(str.__str__(entry))
        else:
            pairs.add(
                _check_pair(entry, field="unavailable", roster=roster, registry=registry, obj=obj)
            )
    return ordered_unavailable(whole, pairs)


def check_recusal(recusal: object) -> str:
    """``"replace"`` or ``"swap"`` (R4.3, 003 art. 15)."""
    if not isinstance(recusal, str) or recusal not in RECUSAL_MODES:
        raise ValidationError(
            "must be 'replace' or 'swap'",
            obj=_FN,
            field="recusal",
            value=recusal,
            rule="R4.3",
            fix="pass recusal='replace' (the next inspector takes the place) or 'swap'"
            " (swap subjects with an inspector already staffed, 003 art. 15)",
        )
    return str(recusal)


def check_replacement(
    assignment: object, task_id: object, inspector_id: object, reason: object
) -> int:
    """The position of the task whose member drops out, every argument checked (R4.4)."""
    if not isinstance(assignment, Assignment):
        raise type_error(
            assignment,
            Assignment,
            obj="replace_inspector",
            field="assignment",
            fix="pass the result of assign_inspectors(...)",
        )
    if not isinstance(reason, str) or not reason.strip():
        raise ValidationError(
            "give the reason the inspector drops out",
            obj="replace_inspector",
            field="reason",
            value=reason,
            rule="R4.4",
            fix='pass e.g. reason="ill" or reason="other official duties"',
        )
    if not isinstance(task_id, str):
        raise type_error(
            task_id,
            str,
            obj="replace_inspector",
            field="task_id",
            rule="R4.4",
            fix="pass the task's id, plan id + '/' + subject id",
        )
    position = assignment.position(task_id)
    team = assignment.teams[position]
    if not is_valid_id(inspector_id) or inspector_id not in team:
        raise UnknownIdError(
            "the inspector is not on the task's team",
            obj=f"Task {task_id!r}",
            field="inspector_id",
            value=inspector_id,
            rule="R4.4",
            fix=f"name a member of the team: {list(team)}",
        )
    return position
