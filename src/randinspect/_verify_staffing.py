"""Re-run an assignment from its record, and load it back (R4, R7.6).

:func:`verify_assignment` reads an assignment's record
(``Assignment.record()``, as stored or sent as JSON), checks it against the
draw record it claims to staff, the roster, the conflicts and the
unavailability given, re-runs randinspect-staff/2, replays the recorded
replacements in order, and returns a :class:`~randinspect.verify.Verdict`:
ok, or the first discrepancy, named precisely. :func:`load_assignment` does
the same from the :class:`~randinspect.sampling.SubjectDraw` itself and
returns the rebuilt :class:`~randinspect.staffing.Assignment`, so that
``replace_inspector`` works on it months later exactly as on the original.

Public from ``randinspect.verify`` and ``randinspect``. The checks, in their
order, are in ``docs/assignment.md`` ("Verifying an assignment").
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, Literal, NoReturn

import attrs

from randinspect._checks import type_error
from randinspect._policies import APPOINTED
from randinspect._records import Stop, kinds, malformed, plain_copy, stop
from randinspect._staffing.appointment import Refused, appoint
from randinspect._staffing.inputs import (
    check_conflicts,
    check_roster,
    check_unavailable,
)
from randinspect._staffing.run import staff
from randinspect._values import is_valid_id
from randinspect._verdict import DiscrepancyKind, Verdict
from randinspect.assignment import replace_inspector
from randinspect.draw import PURPOSE_SUBJECTS, SPEC_VERSION, Seed, fingerprint, key_prefix
from randinspect.errors import (
    InfeasibleAssignmentError,
    RandInspectError,
    RecordError,
    UnknownIdError,
    _shown,
)
from randinspect.model import Inspector, Plan, Subject
from randinspect.registry import Registry
from randinspect.sampling import BOOST, RELIEF, StratumDraw, SubjectDraw
from randinspect.staffing import (
    RECORD_KIND,
    STAFFING_VERSION,
    TEAM_WINDOW,
    Absence,
    Assignment,
    Conflict,
    StaffingAction,
    absence_data,
    conflict_data,
    eligibility_data,
    fingerprint_conflicts,
    fingerprint_unavailable,
)

__all__ = ["load_assignment", "verify_assignment"]

Kind = DiscrepancyKind

_DRAW_KIND = "draw"
_APPOINTED = StaffingAction.APPOINTED.value
_STR, _INT, _BOOL, _NONE = str, int, bool, type(None)

# --- the record's shape -------------------------------------------------------------------


@attrs.frozen
class _List:
    """A list whose members all have the shape ``item``."""

    item: Any


@attrs.frozen
class _Map:
    """A dict from text to values of the shape ``value``."""

    value: Any


@attrs.frozen
class _Either:
    """A list of the shape ``pair`` or a dict of the shape ``fields``, told apart by type."""

    pair: Any
    fields: Any


_PERIOD = {"start": _STR, "end": _STR, "name": _STR}


class _Pair:
    """A list of exactly two texts: an (inspector id, subject id) pair."""


_PAIR = _Pair()
_LOG = {
    "action": _STR,
    "task_id": (_STR, _NONE),
    "inspector_id": _STR,
    "reason": (_STR, _NONE),
    "detail": _STR,
    "other_id": (_STR, _NONE),
    "other_task_id": (_STR, _NONE),
    "rule": _STR,
}
_TASK = {
    "id": _STR,
    "subject_id": _STR,
    "period": _STR,
    "attributes": _Map(_STR),
    "inspectors": _List(_STR),
    "leader": (_STR, _NONE),
}
_FIELDS: dict[str, Any] = {
    "record": _STR,
    "spec": _STR,
    "procedure": _STR,
    "window": _INT,
    "seed": _STR,
    "plan_id": _STR,
    "year": _INT,
    "draw_seed": _STR,
    "registry_fingerprint": _STR,
    "roster_fingerprint": _STR,
    "roster_size": _INT,
    "conflicts_fingerprint": _STR,
    "unavailable_fingerprint": _STR,
    "eligibility": {
        "department": _STR,
        "partners": _List(_STR),
        "items": _List(
            {"id": _STR, "name": _STR, "department": _STR, "qualification": (_STR, _NONE)}
        ),
        "periods": _List(_PERIOD),
    },
    "team_rule": {
        "size": _INT,
        "leader": (_BOOL, _STR),
        "every_department": _BOOL,
        "max_load": (_INT, _NONE),
    },
    "team_size": _INT,
    "recusal": _STR,
    "conflicts": _List(_Either(_PAIR, {"name": _STR, "inspector_name": _STR})),
    "unavailable": _List(_Either(_PAIR, None)),
    "tasks": _List(_TASK),
    "log": _List(_LOG),
    "replacements": _List({"task_id": _STR, "inspector_id": _STR, "reason": _STR}),
    "loads": _Map(_INT),
    "max_load": (_INT, _NONE),
    "notes": _List(_STR),
}
"""Every field of an assignment record, in the order they are checked, with its shape."""

_APPOINTMENTS: dict[str, Any] = {
    "appointments": _List({"task_id": _STR, "inspector_id": _STR, "after": _INT}),
}
"""The field a record has exactly when its team rule appoints the leader (002 §4(4))."""

_DRAW_FIELDS: dict[str, Any] = {
    "spec": _STR,
    "seed": _STR,
    "plan_id": _STR,
    "year": _INT,
    "periods": _List(_PERIOD),
    "strata": _List({"name": _STR, "drawn": _List(_STR)}),
}
"""The fields of a draw record the staffing reads (others are the draw's own business)."""


def _shape(value: Any, shape: Any, path: str, *, strict: bool = True) -> None:
    """``value`` (plain data) has ``shape``, else :class:`Stop` naming the first bad field."""
    if isinstance(shape, dict):
        _fields(value, shape, path, strict=strict)
    elif isinstance(shape, _List):
        if type(value) is not list:
            _wrong(value, "a list", path)
        for n, member in enumerate(value):
            _shape(member, shape.item, f"{path}[{n}]", strict=strict)
    elif isinstance(shape, _Map):
        if type(value) is not dict:
            _wrong(value, "an object", path)
        for key, member in value.items():
            _shape(member, shape.value, f"{path}.{key}", strict=strict)
    elif isinstance(shape, _Either):
        alternative = shape.pair if type(value) is list else shape.fields
        _shape(value, _STR if alternative is None else alternative, path, strict=strict)
    elif shape is _PAIR:
        if type(value) is not list or len(value) != 2 or not all(type(v) is str for v in value):  # noqa: PLR2004
            _wrong(value, "a pair of ids", path)
    else:
        wanted = shape if isinstance(shape, tuple) else (shape,)
        if type(value) not in wanted:
            names = " or ".join("null" if t is _NONE else t.__name__ for t in wanted)
            _wrong(value, names, path)


def _fields(value: Any, shape: dict[str, Any], path: str, *, strict: bool) -> None:
    if type(value) is not dict:
        _wrong(value, "an object", path)
    for name, inner in shape.items():
        where = f"{path}.{name}"
        if name not in value:
            malformed(where, None, f"the record has no field {where!r}")
        _shape(value[name], inner, where, strict=strict)
    unknown = sorted(set(value) - set(shape)) if strict else []
    if unknown:
        where = f"{path}.{unknown[0]}"
        malformed(where, unknown, f"{where!r} is not a field of this record")


def _wrong(value: Any, wanted: str, path: str) -> NoReturn:
    malformed(path, _shown(value, limit=80), f"{path!r} must be {wanted}, not {kinds(value)}")


def _read(record: object, draw_record: object) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both records as plain data of the right shape and version, or :class:`Stop`."""
    found = plain_copy(record, "record")
    if type(found) is not dict:
        _wrong(found, "an object: Assignment.record()", "record")
    if found.get("record") != RECORD_KIND and type(found.get("record")) is str:
        malformed(
            "record.record",
            found["record"],
            f"this is a {found['record']!r} record, not an assignment's",
            RECORD_KIND,
        )
    for name in ("spec", "procedure"):
        if name not in found:
            malformed(f"record.{name}", None, f"the record has no field 'record.{name}'")
        _shape(found[name], _STR, f"record.{name}")
    for name, version in (("spec", SPEC_VERSION), ("procedure", STAFFING_VERSION)):
        if found[name] != version:
            stop(
                Kind.SPEC_VERSION,
                f"record.{name}",
                version,
                found[name],
                f"the record follows {found[name]!r}; this release implements {version!r}",
            )
    appointed = "appointments" in found
    _shape(found, {**_FIELDS, **_APPOINTMENTS} if appointed else _FIELDS, "record")
    _check_leader_rule(found)
    if found["window"] != TEAM_WINDOW:
        stop(
            Kind.SPEC_VERSION,
            "record.window",
            TEAM_WINDOW,
            found["window"],
            f"the record's team window is {found['window']}; {STAFFING_VERSION} draws each"
            f" place among the first {TEAM_WINDOW}",
        )
    draw = plain_copy(draw_record, "draw_record")
    if type(draw) is not dict:
        _wrong(draw, "an object: SubjectDraw.record()", "draw_record")
    if "record" in draw and draw["record"] != _DRAW_KIND:
        malformed(
            "draw_record.record",
            _shown(draw["record"], limit=80),
            "the draw record given is not a subject draw's record",
            _DRAW_KIND,
        )
    _shape(draw, _DRAW_FIELDS, "draw_record", strict=False)
    if draw["spec"] != SPEC_VERSION:
        stop(
            Kind.SPEC_VERSION,
            "draw_record.spec",
            SPEC_VERSION,
            draw["spec"],
            f"the draw record follows {draw['spec']!r}; this release implements {SPEC_VERSION!r}",
        )
    if "fingerprint" in draw:
        _shape(draw["fingerprint"], _STR, "draw_record.fingerprint")
    if "plan" in draw and type(draw["plan"]) is not dict:
        _wrong(draw["plan"], "an object", "draw_record.plan")
    return found, draw


def _check_leader_rule(found: dict[str, Any]) -> None:
    """The leader rule is a known one, with ``appointments`` exactly when it appoints."""
    leader = found["team_rule"]["leader"]
    appointed = "appointments" in found
    if type(leader) is str and leader != APPOINTED:
        malformed(
            "record.team_rule.leader",
            _shown(leader, limit=80),
            f"'record.team_rule.leader' must be true, false or {APPOINTED!r}",
        )
    if appointed != (leader == APPOINTED):
        malformed(
            "record.appointments",
            len(found["appointments"]) if appointed else None,
            "the record has appointments but its team rule"
            + (" draws its leader" if leader is True else " has no leader")
            if appointed
            else "the record's team rule appoints its leader (002 §4(4)) but it has no field"
            " 'record.appointments'",
        )


def _seed(text: str, field: str) -> Seed:
    try:
        return Seed.from_hex(text)
    except RandInspectError:
        malformed(field, _shown(text, limit=80), f"{field!r} is not a seed: 64 hex characters")


# --- the draw staffed ---------------------------------------------------------------------


def _check_draw(record: dict[str, Any], draw: dict[str, Any]) -> list[tuple[str, int]]:
    """The assignment staffs this draw record (else DRAW); the drawn ids in key order, ranked."""
    for mine, theirs in (("draw_seed", "seed"), ("plan_id", "plan_id"), ("year", "year")):
        if record[mine] != draw[theirs]:
            stop(
                Kind.DRAW,
                f"record.{mine}",
                draw[theirs],
                record[mine],
                f"the assignment's {mine.replace('_', ' ')} {record[mine]!r} is not the"
                f" draw record's {draw[theirs]!r}: it staffs another draw",
            )
    if "fingerprint" in draw and record["registry_fingerprint"] != draw["fingerprint"]:
        stop(
            Kind.DRAW,
            "record.registry_fingerprint",
            draw["fingerprint"],
            record["registry_fingerprint"],
            "the assignment names another registry fingerprint than the draw record's:"
            " it staffs a draw from another registry",
        )
    seed = _seed(draw["seed"], "draw_record.seed")
    if not is_valid_id(draw["plan_id"]):
        malformed("draw_record.plan_id", draw["plan_id"], "the plan id breaks the id rules")
    prefix = key_prefix(seed, PURPOSE_SUBJECTS, draw["plan_id"])
    keyed: list[tuple[bytes, bytes, str, int]] = []
    seen: set[str] = set()
    for s, stratum in enumerate(draw["strata"]):
        for rank, subject_id in enumerate(stratum["drawn"]):
            where = f"draw_record.strata[{s}].drawn[{rank}]"
            if not is_valid_id(subject_id) or subject_id in seen:
                malformed(where, subject_id, "a drawn id that is invalid or drawn twice")
            seen.add(subject_id)
            utf8 = subject_id.encode()
            keyed.append((hashlib.sha256(prefix + utf8).digest(), utf8, subject_id, rank))
    keyed.sort()
    order = [(subject_id, rank) for _, _, subject_id, rank in keyed]
    staffed = [task["subject_id"] for task in record["tasks"]]
    for n, ((drawn, _), task_subject) in enumerate(zip(order, staffed, strict=False)):
        if drawn != task_subject:
            how = "out of the draw's key order" if task_subject in seen else "not drawn"
            stop(
                Kind.DRAW,
                f"record.tasks[{n}].subject_id",
                drawn,
                task_subject,
                f"task {n} staffs subject {task_subject!r} ({how}); the draw's drawn subject"
                f" {n} in key order (from 0) is {drawn!r}",
            )
    if len(order) != len(staffed):
        more = len(staffed) > len(order)
        first = staffed[len(order)] if more else order[len(staffed)][0]
        stop(
            Kind.DRAW,
            "record.tasks",
            len(order),
            len(staffed),
            f"subject {first!r} is staffed but not drawn"
            if more
            else f"subject {first!r} is drawn but not staffed",
        )
    if record["eligibility"]["periods"] != draw["periods"]:
        stop(
            Kind.DRAW,
            "record.eligibility.periods",
            draw["periods"],
            record["eligibility"]["periods"],
            "the assignment's periods are not the draw's: it staffs another draw",
        )
    return order


def _draw_plan(record: dict[str, Any], draw: dict[str, Any]) -> Plan:
    """The plan the draw record carries (in full), its staffing part checked (else PLAN).

    Without one (a record from before the draw record carried its plan), the
    plan is rebuilt from what of it the assignment record keeps.
    """
    if "plan" in draw:
        try:
            plan = Plan.from_mapping(draw["plan"])
        except RandInspectError as error:
            malformed("draw_record.plan", None, f"the draw record's plan cannot be read: {error}")
        _check_plan(record, plan)
        return plan
    eligibility = record["eligibility"]
    try:
        return Plan.from_mapping(
            {
                "id": record["plan_id"],
                "year": record["year"],
                "department": eligibility["department"],
                "partners": eligibility["partners"],
                "items": eligibility["items"],
                "ratios": {},
                "periods": eligibility["periods"],
                "team": record["team_rule"],
            }
        )
    except RandInspectError as error:
        malformed("record.eligibility", None, f"the plan cannot be rebuilt from it: {error}")


def _check_plan(record: dict[str, Any], plan: Plan) -> None:
    """The record's eligibility data and team rule are the draw's plan's (else PLAN)."""
    for name, expected in (
        ("eligibility", eligibility_data(plan)),
        ("team_rule", plan.team.to_data()),
    ):
        found = record[name]
        if found != expected:
            part = next((k for k in expected if found.get(k) != expected[k]), name)
            stop(
                Kind.PLAN,
                f"record.{name}.{part}",
                expected.get(part),
                found.get(part),
                f"the assignment's {name.replace('_', ' ')} ({part}) is not that of the draw's"
                f" plan {plan.id!r}",
            )


def _rebuilt_draw(
    record: dict[str, Any], draw: dict[str, Any], plan: Plan, seed: Seed
) -> SubjectDraw:
    """The draw as staffing reads it, from the two records: the drawn subjects and their periods.

    A real :class:`SubjectDraw`, built through its constructor: the strata of
    the draw record with their drawn ids (the keys recomputed from the seed),
    over a registry of the drawn subjects alone, each with its id and the
    attributes the conflict rules name (from the assignment record). The
    strata's sizes and each subject's grade (its stratum's, ``A`` in the
    boost and relief strata) are not read by the staffing.
    """
    attributes = {task["subject_id"]: task["attributes"] for task in record["tasks"]}
    prefix = key_prefix(seed, PURPOSE_SUBJECTS, plan.id)
    subjects, strata = [], []
    for s, stratum in enumerate(draw["strata"]):
        name, ids = stratum["name"], tuple(stratum["drawn"])
        grade = "A" if name in {BOOST, RELIEF} else name
        try:
            subjects += [
                Subject(id=subject_id, grade=grade, attributes=attributes[subject_id])
                for subject_id in ids
            ]
        except RandInspectError as error:
            malformed(f"draw_record.strata[{s}]", name, f"cannot be read: {error}")
        keys = tuple(hashlib.sha256(prefix + i.encode()).digest() for i in ids)
        strata.append(
            StratumDraw(
                name=name,
                ratio=Fraction(1),
                in_scope=len(ids),
                eligible=len(ids),
                required=len(ids),
                drawn=ids,
                keys=keys,
                cutoff=max(keys).hex() if keys else None,
                excluded=(),
            )
        )
    return SubjectDraw(
        plan=plan,
        seed=seed,
        registry=Registry(subjects),
        strata=tuple(strata),
        out_of_scope=0,
        notes=(),
        capped={},
    )


# --- the inputs ---------------------------------------------------------------------------


def _check_roster(record: dict[str, Any], members: tuple[Inspector, ...]) -> None:
    """The roster is the one staffed (else ROSTER, naming inspectors by id where it can)."""
    if fingerprint(members) == record["roster_fingerprint"]:
        return
    ids = {inspector.id for inspector in members}
    recorded = set(record["loads"])
    on_teams = {i for task in record["tasks"] for i in task["inspectors"]}
    missing = sorted(on_teams - ids) or sorted(recorded - ids)
    if missing:
        staffed = " on a team" if missing[0] in on_teams else ""
        stop(
            Kind.ROSTER,
            "roster",
            None,
            missing,
            f"inspector(s) {missing} of the assignment{staffed} are not in the roster given",
        )
    added = sorted(ids - recorded)
    if added:
        stop(
            Kind.ROSTER,
            "roster",
            None,
            added,
            f"inspector(s) {added} of the roster given are not in the assignment's roster",
        )
    stop(
        Kind.ROSTER,
        "record.roster_fingerprint",
        fingerprint(members),
        record["roster_fingerprint"],
        "the roster given has the same inspectors but not the same data (a department,"
        " certificate, qualification, lead or declared conflict changed)",
    )


def _check_listed(
    record: dict[str, Any],
    name: Literal["conflicts", "unavailable"],
    given: list[Any],
    digest: str,
) -> None:
    """The conflicts or absences given are those recorded (else CONFLICTS or UNAVAILABLE)."""
    kind = Kind.CONFLICTS if name == "conflicts" else Kind.UNAVAILABLE
    listed = record[name]
    if given != listed:
        added = [e for e in given if e not in listed]
        removed = [e for e in listed if e not in given]
        if added or removed:
            which, entry = (
                ("given but not recorded", added[0])
                if added
                else ("recorded but not given", removed[0])
            )
        else:
            which, entry = "recorded out of canonical order or twice", listed
        stop(kind, f"record.{name}", given, listed, f"{name} entry {entry} is {which}")
    if digest != record[f"{name}_fingerprint"]:
        stop(
            kind,
            f"record.{name}_fingerprint",
            digest,
            record[f"{name}_fingerprint"],
            f"the record's {name} fingerprint is not that of its {name} list",
        )


# --- re-running ---------------------------------------------------------------------------


def _rerun(
    record: dict[str, Any],
    draw: SubjectDraw,
    members: tuple[Inspector, ...],
    conflicts: tuple[Conflict, ...],
    unavailable: tuple[Absence, ...],
) -> tuple[Assignment, int]:
    """The staffing re-run and the replacements replayed; and how long the re-run's log is."""
    seed = _seed(record["seed"], "record.seed")
    if record["recusal"] not in {"replace", "swap"}:
        malformed("record.recusal", record["recusal"], "recusal must be 'replace' or 'swap'")
    try:
        assignment = staff(
            draw,
            members,
            seed=seed,
            conflicts=conflicts,
            unavailable=unavailable,
            recusal=record["recusal"],
            registry_fingerprint=record["registry_fingerprint"],  # checked against the draw's
        )
    except InfeasibleAssignmentError as error:
        stop(
            Kind.STAFFING,
            "record.tasks",
            None,
            len(record["tasks"]),
            f"re-running the staffing finds no valid assignment: {error.certificate.summary()}"
            if error.certificate is not None
            else "re-running the staffing finds no valid assignment",
        )
    base = len(assignment.log)
    runs = _appointment_runs(record)
    for n, change in enumerate(record["replacements"]):
        assignment = _appoint(assignment, runs, n)
        where = f"record.replacements[{n}]"
        try:
            assignment = replace_inspector(
                assignment, change["task_id"], change["inspector_id"], reason=change["reason"]
            )
        except (UnknownIdError, InfeasibleAssignmentError) as error:
            stop(
                Kind.REPLACEMENT,
                where,
                None,
                change,
                f"replaying the replacement fails: {error.args[0] if error.args else error}",
            )
        except RandInspectError as error:
            malformed(where, change, f"the replacement cannot be replayed: {error}")
    return _appoint(assignment, runs, len(record["replacements"])), base


def _appointment_runs(record: dict[str, Any]) -> dict[int, list[tuple[int, Any]]]:
    """The recorded appointments by the number of replacements made before them, numbered."""
    runs: dict[int, list[tuple[int, Any]]] = {}
    last = 0
    for n, entry in enumerate(record.get("appointments", [])):
        after = entry["after"]
        if not last <= after <= len(record["replacements"]):
            malformed(
                f"record.appointments[{n}].after",
                after,
                f"an appointment comes after 0 to {len(record['replacements'])} replacements,"
                f" in order: at least {last}",
            )
        last = after
        runs.setdefault(after, []).append((n, entry))
    return runs


def _appoint(
    assignment: Assignment, runs: dict[int, list[tuple[int, Any]]], after: int
) -> Assignment:
    """``assignment`` with the appointments recorded after ``after`` replacements replayed.

    A refused appointment (someone who may not lead, R4.5, or not on the
    team) is a STAFFING discrepancy naming the entry.
    """
    run = runs.get(after)
    if not run:
        return assignment
    entries = [(entry["task_id"], entry["inspector_id"]) for _, entry in run]
    try:
        return appoint(assignment, entries, obj="verify_assignment")
    except Refused as refused:
        n, entry = run[refused.index]
        stop(
            Kind.STAFFING,
            f"record.appointments[{n}]",
            None,
            entry,
            f"replaying the appointment fails: {refused.error.args[0]}"
            if refused.error.args
            else "replaying the appointment fails",
        )


def _compare(record: dict[str, Any], rebuilt: Assignment, base: int) -> None:
    """The re-run gives the record (else STAFFING or REPLACEMENT, naming the task or line)."""
    expected = rebuilt.record()
    replaced = {r["task_id"] for r in record["replacements"]} | {
        line["task_id"]
        for line in record["log"]
        if line["action"] == StaffingAction.REPLACED.value
    }
    if record["team_size"] != expected["team_size"]:
        _differ(Kind.STAFFING, "team_size", expected["team_size"], record["team_size"])
    appointed = {entry["task_id"] for entry in record.get("appointments", [])}
    for n, (mine, theirs) in enumerate(zip(record["tasks"], expected["tasks"], strict=True)):
        for name in ("id", "period", "attributes", "inspectors", "leader"):
            if mine[name] != theirs[name]:
                kind = Kind.DRAW if name in {"id", "period", "attributes"} else Kind.STAFFING
                what = None
                if name == "leader" and "appointments" in record:
                    what = (
                        "the recorded appointments give"
                        if mine["id"] in appointed
                        else "no appointment is recorded for it (002 §4(4)): the leader is"
                    )
                elif kind is Kind.STAFFING and mine["id"] in replaced:
                    kind = Kind.REPLACEMENT
                _differ(
                    kind,
                    f"tasks[{n}].{name}",
                    theirs[name],
                    mine[name],
                    task=mine["id"],
                    what=what,
                )
    _compare_log(record["log"], expected["log"], base)
    for name in ("loads", "max_load", "notes"):
        if record[name] != expected[name]:
            if name == "loads":
                mine, theirs = record[name], expected[name]
                who = min(i for i in set(mine) | set(theirs) if mine.get(i) != theirs.get(i))
                _differ(Kind.STAFFING, f"loads.{who}", theirs.get(who), mine.get(who))
            _differ(Kind.STAFFING, name, expected[name], record[name])
    for name, value in expected.items():
        if record[name] != value:
            _differ(Kind.STAFFING, name, value, record[name])


def _compare_log(lines: list[Any], ought: list[Any], base: int) -> None:
    """The log lines: the re-run's first ``base`` (STAFFING), then the replacements'."""
    for n, (mine, theirs) in enumerate(zip(lines, ought, strict=False)):
        if mine != theirs:
            kind = Kind.STAFFING if n < base else Kind.REPLACEMENT
            what = None
            if _APPOINTED in (mine["action"], theirs["action"]):
                kind, what = Kind.STAFFING, "replaying the recorded appointments gives"
            _differ(kind, f"log[{n}]", theirs, mine, task=mine["task_id"], what=what)
    if len(lines) != len(ought):
        n = min(len(lines), len(ought))
        kind = Kind.STAFFING if n < base else Kind.REPLACEMENT
        more = len(lines) > n
        line = (lines if more else ought)[n]
        which = (
            "the record has a line the re-run does not give"
            if more
            else "the re-run gives a line the record lacks"
        )
        stop(kind, f"record.log[{n}]", ought[n : n + 1], lines[n : n + 1], f"{which}: {line}")


def _differ(
    kind: DiscrepancyKind,
    field: str,
    expected: Any,
    found: Any,
    *,
    task: str | None = None,
    what: str | None = None,
) -> NoReturn:
    where = f" of task {task!r}" if task is not None else ""
    what = what or {
        Kind.STAFFING: "re-running the staffing gives",
        Kind.REPLACEMENT: "replaying the replacements in the task's draw order gives",
        Kind.DRAW: "the draw gives",
    }.get(kind, "re-running gives")
    stop(
        kind,
        f"record.{field}",
        expected,
        found,
        f"{field}{where}: {what} {_shown(expected, limit=200)}, the record says"
        f" {_shown(found, limit=200)}",
    )


# --- the public functions -----------------------------------------------------------------


def _verify(
    record: object,
    draw_record: object,
    roster: object,
    conflicts: object,
    unavailable: object,
    *,
    draw: SubjectDraw | None,
    obj: str,
) -> tuple[Verdict, Assignment | None]:
    members = check_roster(roster, obj=obj)
    by_id = {inspector.id: inspector for inspector in members}
    registry = draw.registry if draw is not None else None
    checked_conflicts = check_conflicts(conflicts, roster=by_id, registry=registry, obj=obj)
    checked_unavailable = check_unavailable(unavailable, roster=by_id, registry=registry, obj=obj)
    try:
        found, drawn = _read(record, draw_record)
        _check_draw(found, drawn)
        if draw is None:
            plan = _draw_plan(found, drawn)
        else:
            plan = draw.plan
            _check_plan(found, plan)
        _check_roster(found, members)
        _check_listed(
            found,
            "conflicts",
            [conflict_data(c) for c in checked_conflicts],
            fingerprint_conflicts(checked_conflicts),
        )
        _check_listed(
            found,
            "unavailable",
            [absence_data(u) for u in checked_unavailable],
            fingerprint_unavailable(checked_unavailable),
        )
        if draw is None:
            draw = _rebuilt_draw(found, drawn, plan, _seed(drawn["seed"], "draw_record.seed"))
        rebuilt, base = _rerun(found, draw, members, checked_conflicts, checked_unavailable)
        _compare(found, rebuilt, base)
    except Stop as ended:
        return Verdict(discrepancies=(ended.discrepancy,)), None
    return Verdict(), rebuilt


def verify_assignment(
    record: Mapping[str, Any],
    draw_record: Mapping[str, Any],
    roster: Iterable[Inspector],
    *,
    conflicts: Iterable[Conflict] = (),
    unavailable: Iterable[Absence] = (),
) -> Verdict:
    """Re-run an assignment from its record and say whether it gives the record (R4, R7.6).

    No registry is needed: the draw record gives the drawn subjects and
    their periods (and, when it carries it, the plan), the assignment record
    the attributes the conflict rules read. The checks run in this order and
    stop at the first discrepancy, the most fundamental first:

    1. ``MALFORMED``: either record is not plain data of the right shape
       (a field missing, unknown or of the wrong type), naming the field.
    2. ``SPEC_VERSION``: another draw spec, staffing procedure or team window.
    3. ``DRAW``: another draw (seed, plan id, year, registry fingerprint,
       periods, or drawn ids in key order); ``PLAN``: team rule or
       eligibility data not those of the draw record's plan.
    4. ``ROSTER``: an inspector added, removed (by id) or changed.
    5. ``CONFLICTS``, then ``UNAVAILABLE``: the entries given differ from
       the recorded ones (naming one), or a fingerprint from its list.
    6. ``STAFFING``: re-running randinspect-staff/2 gives other teams,
       leaders, log lines, loads, max load or notes (naming the task or line).
       Under an appointed leader rule (002 §4(4)) the recorded appointments
       are replayed through :func:`~randinspect.assignment.appoint_leader`
       in their place among the replacements: one that names an inspector
       who may not lead the task (not on the team, not a can-lead member of
       the initiating department, recused: R4.5), or a task whose recorded
       leader is not the one its appointments give, is a ``STAFFING``
       discrepancy naming the appointment or the task.
    7. ``REPLACEMENT``: replaying the recorded replacements in order through
       :func:`~randinspect.assignment.replace_inspector` fails, or gives other
       teams or log lines than recorded (not the task's draw order, R4.4).

    Args:
        record: The assignment record (``Assignment.record()`` or JSON of it loaded back).
        draw_record: The record of the draw it staffs (``SubjectDraw.record()``).
        roster: The roster as it stood for the assignment.
        conflicts: The conflicts given to ``assign_inspectors``.
        unavailable: The unavailability given to ``assign_inspectors``.

    Returns:
        The verdict: ``ok``, or the first discrepancy.

    Raises:
        ValidationError: ``roster``, ``conflicts`` or ``unavailable`` is malformed.
        DuplicateIdError: two inspectors share an id.
        UnknownIdError: a conflict or unavailability names an inspector not in the roster.
    """
    verdict, _ = _verify(
        record, draw_record, roster, conflicts, unavailable, draw=None, obj="verify_assignment"
    )
    return verdict


_FIXES = {
    Kind.MALFORMED: "pass the record as Assignment.record() wrote it (json.loads of the stored"
    " text)",
    Kind.SPEC_VERSION: f"load it with the randinspect release that implements its procedure;"
    f" this one implements {STAFFING_VERSION}",
}
_FIX_INPUTS = (
    "pass the draw, roster, conflicts and unavailability exactly as they stood for the"
    " assignment (their fingerprints are in the record), or re-examine the record:"
    " verify_assignment names the first discrepancy"
)


def load_assignment(
    record: Mapping[str, Any],
    draw: SubjectDraw,
    roster: Iterable[Inspector],
    *,
    conflicts: Iterable[Conflict] = (),
    unavailable: Iterable[Absence] = (),
) -> Assignment:
    """Rebuild a stored assignment from its record and inputs, verified on load (R4.4, R7.6).

    The staffing is re-run on ``draw`` (from :func:`~randinspect.verify.load_draw`
    or :func:`~randinspect.sampling.draw_subjects`) and the recorded
    replacements replayed in order; the result is returned only if it gives
    exactly the record (``load_assignment(record, ...).record() == record``),
    checked as :func:`verify_assignment` does, and with the registry at hand
    the conflict rules' attribute values too. ``replace_inspector`` then
    works on it exactly as on the original.

    Args:
        record: The assignment record (``Assignment.record()`` or JSON of it loaded back).
        draw: The subject draw it staffs.
        roster: The roster as it stood for the assignment.
        conflicts: The conflicts given to ``assign_inspectors``.
        unavailable: The unavailability given to ``assign_inspectors``.

    Returns:
        The assignment, equal to the one recorded.

    Raises:
        RecordError: the record is malformed, of another version, or does not
            verify against the inputs (the first discrepancy named).
        ValidationError: ``draw``, ``roster``, ``conflicts`` or ``unavailable``
            is malformed.
        DuplicateIdError: two inspectors share an id.
        UnknownIdError: a conflict or unavailability names an unknown inspector or subject.
    """
    if not isinstance(draw, SubjectDraw):
        raise type_error(
            draw,
            SubjectDraw,
            obj="load_assignment",
            field="draw",
            fix="pass load_draw(draw_record, registry, history=...) or the draw_subjects result",
        )
    verdict, assignment = _verify(
        record, draw.record(), roster, conflicts, unavailable, draw=draw, obj="load_assignment"
    )
    first = verdict.first
    if first is None and assignment is not None:
        return assignment
    assert first is not None  # no assignment only with a discrepancy
    raise RecordError(
        f"the record does not verify: {first.kind.value}: {first.detail}",
        obj="load_assignment",
        field=first.field,
        value=first.found,
        rule="R7.6",
        fix=_FIXES.get(first.kind, _FIX_INPUTS),
    )
