"""Re-run a published draw from its record alone, and load it back (R1.5, R5.6, R7.6).

:func:`verify_draw` reads a subject draw's record (``SubjectDraw.record()``,
as stored or sent as JSON), rebuilds the plan it carries, re-runs
randinspect-draw/1 against the registry and history given, and returns a
:class:`Verdict`: ok, or every discrepancy, the most fundamental first, each
named precisely (which field, which subject, which history task).
:func:`load_draw` does the same and returns the re-run
:class:`~randinspect.sampling.SubjectDraw`, so that a draw stored months ago
can be staffed or amended without re-running it by hand.

The checks, in their order, are listed in ``docs/verification.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from randinspect._checks import check_collection, type_error
from randinspect._records import Stop, kinds, malformed, plain_copy
from randinspect._verdict import Discrepancy, DiscrepancyKind, Verdict
from randinspect._verify_staffing import load_assignment, verify_assignment
from randinspect.campaign import replay_campaign
from randinspect.caps import check_history, is_exempt
from randinspect.draw import SPEC_VERSION, Seed, check_seed
from randinspect.errors import RandInspectError, RecordError, _relocated, _shown
from randinspect.model import Plan, Subject, Task, format_ratio
from randinspect.registry import Registry
from randinspect.sampling import RECORD_KIND, Fate, SubjectDraw, draw_subjects
from randinspect.sampling import _ratios as stratum_ratios  # one definition of the strata

__all__ = [
    "Discrepancy",
    "DiscrepancyKind",
    "Verdict",
    "load_assignment",
    "load_draw",
    "verify_assignment",
    "verify_campaign",
    "verify_draw",
]

Kind = DiscrepancyKind

_HEX64 = re.compile(r"[0-9a-f]{64}")

# The record's top-level fields, in the order they are checked, with their types.
_FIELDS: dict[str, type | tuple[type, ...]] = {
    "record": str,
    "spec": str,
    "seed": str,
    "plan_id": str,
    "year": int,
    "plan": dict,
    "amendments": list,
    "fingerprint": str,
    "registry_size": int,
    "history_fingerprint": str,
    "history_size": int,
    "out_of_scope": int,
    "periods": list,
    "strata": list,
    "excluded": list,
    "notes": list,
}
_STRATUM: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "ratio": str,
    "in_scope": int,
    "eligible": int,
    "required": int,
    "drawn_count": int,
    "shortfall": int,
    "inclusion_probability": str,
    "cutoff": (str, type(None)),
    "drawn": list,
    "excluded": list,
}
_EXCLUSION: dict[str, type | tuple[type, ...]] = {
    "subject_id": str,
    "reason": str,
    "tasks": list,
    "detail": str,
}
_COUNTS = ("registry_size", "history_size", "out_of_scope")
_STRATUM_COUNTS = ("in_scope", "eligible", "required", "drawn_count", "shortfall")
_NOT_SELECTION = frozenset(
    {"record", "spec", "seed", "plan_id", "year", "plan", "amendments", "periods"}
    | {"fingerprint", "registry_size", "history_fingerprint", "history_size"}
)
"""Fields the seed, plan, registry and history checks own; the rest is the selection."""


# --- reading the record -------------------------------------------------------------------


def _read_fields(data: dict[str, Any], fields: Mapping[str, Any], path: str) -> None:
    """Every field of ``fields`` present with its type, and no other (else :class:`Stop`)."""
    for name, types in fields.items():
        where = f"{path}.{name}" if path else name
        if name not in data:
            malformed(where, None, f"the record has no field {where!r}")
        value = data[name]
        wanted = types if isinstance(types, tuple) else (types,)
        if type(value) not in wanted:
            names = " or ".join("null" if t is type(None) else t.__name__ for t in wanted)
            malformed(
                where, _shown(value, limit=80), f"{where!r} must be {names}, not {kinds(value)}"
            )
    unknown = sorted(set(data) - set(fields))
    if unknown:
        where = f"{path}.{unknown[0]}" if path else unknown[0]
        malformed(where, unknown, f"the record has a field {where!r} a draw record does not have")


def _hex64(value: str, where: str) -> None:
    if not _HEX64.fullmatch(value):
        malformed(where, _shown(value, limit=80), f"{where!r} must be 64 lowercase hex characters")


def _ids(value: list[Any], where: str) -> None:
    for index, member in enumerate(value):
        if type(member) is not str:
            malformed(f"{where}[{index}]", _shown(member, limit=80), "an id must be text")


def _read(record: object) -> tuple[dict[str, Any], Plan, Seed]:
    """The record as plain data, its plan and its seed; :class:`Stop` if it cannot be read."""
    if not isinstance(record, Mapping):
        malformed("record", kinds(record), f"a draw record is a mapping, not {kinds(record)}")
    data = plain_copy(record if type(record) is dict else _as_dict(record), "")
    spec = data.get("spec")
    if type(spec) is not str:
        malformed("spec", _shown(spec, limit=80), "the record names no spec version (a str)")
    if spec != SPEC_VERSION:
        raise Stop(
            Discrepancy(
                kind=Kind.SPEC_VERSION,
                field="spec",
                expected=SPEC_VERSION,
                found=spec,
                detail=f"the record follows {spec!r}; this release implements {SPEC_VERSION!r}",
            )
        )
    kind = data.get("record")
    if kind != RECORD_KIND:
        malformed(
            "record",
            _shown(kind, limit=80),
            f"not a draw record: its 'record' tag is {_shown(kind, limit=40)}, not {RECORD_KIND!r}"
            " (an assignment record goes to verify_assignment)",
            RECORD_KIND,
        )
    _read_body(data)
    try:
        plan = Plan.from_mapping(data["plan"])
    except RandInspectError as error:
        where = f"plan.{error.field}" if error.field else "plan"
        malformed(
            where,
            _shown(error.value, limit=80),
            f"the record's plan cannot be read: {error.problem}",
        )
    return data, plan, Seed(data["seed"])


def _read_body(data: dict[str, Any]) -> None:
    """Every field of a draw record there, of its type and form (else :class:`Stop`)."""
    _read_fields(data, _FIELDS, "")
    for name in ("seed", "fingerprint", "history_fingerprint"):
        _hex64(data[name], name)
    for name in _COUNTS:
        if data[name] < 0:
            malformed(name, data[name], f"{name!r} must be a count, 0 or more")
    for index, stratum in enumerate(data["strata"]):
        where = f"strata[{index}]"
        if type(stratum) is not dict:
            malformed(where, kinds(stratum), f"{where!r} must be an object")
        _read_fields(stratum, _STRATUM, where)
        for name in _STRATUM_COUNTS:
            if stratum[name] < 0:
                malformed(f"{where}.{name}", stratum[name], "must be a count, 0 or more")
        if stratum["cutoff"] is not None:
            _hex64(stratum["cutoff"], f"{where}.cutoff")
        _ids(stratum["drawn"], f"{where}.drawn")
        _ids(stratum["excluded"], f"{where}.excluded")
    for index, entry in enumerate(data["excluded"]):
        where = f"excluded[{index}]"
        if type(entry) is not dict:
            malformed(where, kinds(entry), f"{where!r} must be an object")
        _read_fields(entry, _EXCLUSION, where)
        _ids(entry["tasks"], f"{where}.tasks")
    _ids(data["notes"], "notes")


def _as_dict(record: Mapping[Any, Any]) -> dict[Any, Any]:
    try:
        return dict(record.items())
    except Exception:  # a hostile mapping: anything it raises means malformed
        malformed("record", kinds(record), "a mapping that cannot be read")


# --- the checks ---------------------------------------------------------------------------


def _plan_checks(
    data: dict[str, Any], plan: Plan, seed: Seed | None, expected: Plan | None
) -> list[Discrepancy]:
    """SEED and PLAN: the expected seed and plan, then the record against its own plan."""
    found: list[Discrepancy] = []
    if seed is not None and seed.hex != data["seed"]:
        found.append(
            Discrepancy(
                kind=Kind.SEED,
                field="seed",
                expected=seed.hex,
                found=data["seed"],
                detail=f"the record's seed {data['seed'][:12]}… is not the seed"
                f" {seed.hex[:12]}… expected",
            )
        )
    if expected is not None:
        wanted = expected.to_data()
        for name, value in wanted.items():
            if data["plan"].get(name) != value:
                found.append(
                    Discrepancy(
                        kind=Kind.PLAN,
                        field=f"plan.{name}",
                        expected=value,
                        found=data["plan"].get(name),
                        detail=f"the record's plan has another {name!r} than the plan expected",
                    )
                )
    own = plan.to_data()
    for name, value in (
        ("plan_id", own["id"]),
        ("year", own["year"]),
        ("periods", own["periods"]),
        ("amendments", own["amendments"]),
    ):
        if data[name] != value:
            found.append(
                Discrepancy(
                    kind=Kind.PLAN,
                    field=name,
                    expected=value,
                    found=data[name],
                    detail=f"the record's {name!r} is not that of the plan it carries",
                )
            )
    found.extend(_strata_follow_the_plan(data["strata"], plan))
    return found


def _strata_follow_the_plan(strata: list[dict[str, Any]], plan: Plan) -> list[Discrepancy]:
    """The record's strata are the plan's, at its ratios, with ``n_s = ceil(N_s x r_s)``."""
    ratios = _plan_ratios(plan)
    names = [s["name"] for s in strata]
    if names != list(ratios):
        return [
            Discrepancy(
                kind=Kind.PLAN,
                field="strata",
                expected=list(ratios),
                found=names,
                detail=f"the record's strata {names} are not the plan's {list(ratios)}",
            )
        ]
    found = []
    for index, (stratum, (name, (text, ratio))) in enumerate(
        zip(strata, ratios.items(), strict=True)
    ):
        if stratum["ratio"] != text:
            found.append(
                Discrepancy(
                    kind=Kind.PLAN,
                    field=f"strata[{index}].ratio",
                    expected=text,
                    found=stratum["ratio"],
                    detail=f"stratum {name}: the record's ratio is not the plan's {text}",
                )
            )
            continue
        size = -(-stratum["in_scope"] * ratio.numerator // ratio.denominator)
        if stratum["required"] != size:
            found.append(
                Discrepancy(
                    kind=Kind.PLAN,
                    field=f"strata[{index}].required",
                    expected=size,
                    found=stratum["required"],
                    detail=f"stratum {name}: ceil({stratum['in_scope']} × {text}) is {size},"
                    f" not {stratum['required']} (R2.2)",
                )
            )
    return found


def _plan_ratios(plan: Plan) -> dict[str, tuple[str, Any]]:
    """The plan's strata in draw order: name to (ratio as the record writes it, ratio)."""
    return {name: (format_ratio(ratio), ratio) for name, ratio in stratum_ratios(plan).items()}


def _recorded_strata(data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Each id the record names: its stratum, and ``drawn`` or ``excluded``."""
    named: dict[str, tuple[str, str]] = {}
    for stratum in data["strata"]:
        for fate in ("drawn", "excluded"):
            for subject_id in stratum[fate]:
                named.setdefault(subject_id, (stratum["name"], fate))
    return named


def _where(data: dict[str, Any], subject_id: str) -> str:
    for index, stratum in enumerate(data["strata"]):
        for fate in ("drawn", "excluded"):
            if subject_id in stratum[fate]:
                return f"strata[{index}].{fate}"
    return "strata"


def _registry_checks(
    data: dict[str, Any], registry: Registry, rerun: SubjectDraw, *, history_same: bool
) -> list[Discrepancy]:
    """SUBJECT_REMOVED, SUBJECT_ADDED, SUBJECT_CHANGED, then REGISTRY."""
    recorded, given = data["registry_size"], len(registry)
    if registry.fingerprint == data["fingerprint"]:
        if recorded == given:
            return []
        return [
            Discrepancy(
                kind=Kind.REGISTRY,
                field="registry_size",
                expected=given,
                found=recorded,
                detail=f"the registry of this fingerprint holds {given} subjects, not {recorded}",
            )
        ]
    named = _recorded_strata(data)
    missing = [i for i in named if i not in registry]
    if missing:
        return [
            Discrepancy(
                kind=Kind.SUBJECT_REMOVED,
                field=_where(data, i),
                expected=None,
                found=i,
                detail=f"subject {i!r}, {named[i][1]} in stratum {named[i][0]},"
                " is not in the registry",
            )
            for i in missing
        ]
    moved = _moved_strata(data, rerun)
    if given != recorded:
        kind = Kind.SUBJECT_ADDED if given > recorded else Kind.SUBJECT_REMOVED
        verb = "more" if given > recorded else "fewer"
        return [
            Discrepancy(
                kind=kind,
                field="registry_size",
                expected=given,
                found=recorded,
                detail=f"the registry holds {given} subjects, {abs(given - recorded)} {verb} than"
                f" the record's {recorded}" + (f": {moved}" if moved else ""),
            )
        ]
    changed = _changed_subjects(data, registry, rerun, named, history_same=history_same)
    if changed:
        return changed
    if moved:
        return [
            Discrepancy(
                kind=Kind.SUBJECT_CHANGED,
                field="strata",
                expected=_sizes(rerun.record()),
                found=_sizes(data),
                detail=f"as many subjects, but their grades, flags or attributes differ: {moved}",
            )
        ]
    return [
        Discrepancy(
            kind=Kind.REGISTRY,
            field="fingerprint",
            expected=registry.fingerprint,
            found=data["fingerprint"],
            detail="the registry's fingerprint differs, with the same subjects in the same strata"
            " (a name or another attribute changed, or the fingerprint is not the registry's)",
        )
    ]


def _sizes(data: dict[str, Any]) -> dict[str, Any]:
    sizes: dict[str, Any] = {s["name"]: s["in_scope"] for s in data["strata"]}
    sizes["out_of_scope"] = data["out_of_scope"]
    return sizes


def _moved_strata(data: dict[str, Any], rerun: SubjectDraw) -> str:
    """The in-scope counts that differ, in words ("stratum B: 4 in scope, the record 3")."""
    now, then = _sizes(rerun.record()), _sizes(data)
    parts = [
        f"{'stratum ' + name if name != 'out_of_scope' else 'out of scope'}: {now.get(name)}"
        f" now, {then[name]} in the record"
        for name in then
        if now.get(name) != then[name]
    ]
    return "; ".join(parts)


def _changed_subjects(
    data: dict[str, Any],
    registry: Registry,
    rerun: SubjectDraw,
    named: dict[str, tuple[str, str]],
    *,
    history_same: bool,
) -> list[Discrepancy]:
    """The record's drawn and excluded subjects whose own data moved them.

    Each is now in another stratum, out of scope, or (the history being the
    same) no longer or newly exempt from the cap (R5.3).
    """
    found = []
    for subject_id, (stratum, fate) in named.items():
        now = rerun.fate(subject_id)
        if now.fate is Fate.OUT_OF_SCOPE:
            why = f"is now out of scope ({now.detail})"
        elif now.stratum != stratum:
            why = f"is now in stratum {now.stratum}"
        elif history_same and (fate == "excluded") != (now.fate is Fate.EXCLUDED):
            subject: Subject = registry[subject_id]
            exempt = "exempt" if is_exempt(rerun.plan, subject) else "not exempt"
            why = f"is now {exempt} from the yearly cap (R5.3)"
        else:
            continue
        found.append(
            Discrepancy(
                kind=Kind.SUBJECT_CHANGED,
                field=_where(data, subject_id),
                expected=now.stratum,
                found=stratum,
                detail=f"subject {subject_id!r}, {fate} in stratum {stratum}, {why}",
            )
        )
    return found


def _history_checks(data: dict[str, Any], rerun: SubjectDraw) -> list[Discrepancy]:
    """HISTORY_TASK_REMOVED, HISTORY_TASK_ADDED, then HISTORY."""
    if rerun.history_fingerprint == data["history_fingerprint"]:
        if rerun.history_size == data["history_size"]:
            return []
        return [
            Discrepancy(
                kind=Kind.HISTORY,
                field="history_size",
                expected=rerun.history_size,
                found=data["history_size"],
                detail=f"the history of this fingerprint holds {rerun.history_size} counted tasks,"
                f" not {data['history_size']}",
            )
        ]
    counted = {t.id for t in rerun._counted}  # the tasks the re-run read
    found: list[Discrepancy] = []
    for index, entry in enumerate(data["excluded"]):
        gone = [t for t in entry["tasks"] if t not in counted]
        found.extend(
            Discrepancy(
                kind=Kind.HISTORY_TASK_REMOVED,
                field=f"excluded[{index}].tasks",
                expected=None,
                found=task_id,
                detail=f"task {task_id!r}, behind the exclusion of {entry['subject_id']!r},"
                " is not in the history",
            )
            for task_id in gone
        )
    recorded = {e["subject_id"]: set(e["tasks"]) for e in data["excluded"]}
    for exclusion in rerun.excluded:
        new = [t for t in exclusion.tasks if t not in recorded.get(exclusion.subject_id, ())]
        if exclusion.subject_id in recorded and not recorded[exclusion.subject_id] <= set(
            exclusion.tasks
        ):
            continue  # the exclusion changed for a removed task, named above
        found.extend(
            Discrepancy(
                kind=Kind.HISTORY_TASK_ADDED,
                field="excluded",
                expected=task_id,
                found=None,
                detail=f"task {task_id!r} in the history now "
                + (
                    f"excludes {exclusion.subject_id!r} ({exclusion.detail})"
                    if exclusion.subject_id not in recorded
                    else f"counts against {exclusion.subject_id!r} too"
                ),
            )
            for task_id in new
        )
    if found:
        return found
    given, recorded_size = rerun.history_size, data["history_size"]
    if given != recorded_size:
        kind = Kind.HISTORY_TASK_ADDED if given > recorded_size else Kind.HISTORY_TASK_REMOVED
        return [
            Discrepancy(
                kind=kind,
                field="history_size",
                expected=given,
                found=recorded_size,
                detail=f"the history holds {given} random tasks of {rerun.plan.year},"
                f" the record's {recorded_size}; none changes an exclusion",
            )
        ]
    return [
        Discrepancy(
            kind=Kind.HISTORY,
            field="history_fingerprint",
            expected=rerun.history_fingerprint,
            found=data["history_fingerprint"],
            detail="the history's fingerprint differs, with as many counted tasks and the same"
            " exclusions (a task changed, or the fingerprint is not the history's)",
        )
    ]


def _selection_checks(data: dict[str, Any], rerun: dict[str, Any]) -> list[Discrepancy]:
    """SELECTION: every field of the selection the re-run gives otherwise, by path."""
    found = []
    for name, value in rerun.items():
        if name in _NOT_SELECTION or value == data[name]:
            continue
        if name == "strata" and len(value) == len(data[name]):
            for index, (mine, theirs) in enumerate(zip(value, data[name], strict=True)):
                for key, part in mine.items():
                    if theirs[key] != part:
                        found.append(
                            Discrepancy(
                                kind=Kind.SELECTION,
                                field=f"strata[{index}].{key}",
                                expected=part,
                                found=theirs[key],
                                detail=f"stratum {mine['name']}: re-running gives {key}"
                                f" {_shown(part, limit=160)}, the record"
                                f" {_shown(theirs[key], limit=160)}",
                            )
                        )
            continue
        found.append(
            Discrepancy(
                kind=Kind.SELECTION,
                field=name,
                expected=value,
                found=data[name],
                detail=f"re-running gives another {name!r} than the record:"
                f" {_shown(value, limit=160)}, the record {_shown(data[name], limit=160)}",
            )
        )
    return found


# --- the public functions -----------------------------------------------------------------


def _inputs(
    obj: str, registry: Registry | Iterable[Subject], history: Iterable[Task]
) -> tuple[Registry, tuple[Task, ...]]:
    if not isinstance(registry, Registry):
        members: tuple[Subject, ...] = check_collection(
            registry,
            obj=obj,
            field="registry",
            what="Subject values",
            rule="R1.5",
            fix="pass the registry the draw used, as a Registry or a list of Subject",
        )
        try:
            registry = Registry(members)
        except RandInspectError as error:
            raise _relocated(error, obj=obj, field="registry") from None
    return registry, check_history(history)


def _verify(
    record: object,
    registry: Registry,
    history: tuple[Task, ...],
    plan: Plan | None,
    seed: Seed | None,
) -> tuple[Verdict, SubjectDraw | None]:
    try:
        data, own_plan, own_seed = _read(record)
    except Stop as ended:
        return Verdict(discrepancies=(ended.discrepancy,)), None
    found = _plan_checks(data, own_plan, seed, plan)
    rerun = draw_subjects(own_plan, registry, seed=own_seed, history=history)
    history_same = rerun.history_fingerprint == data["history_fingerprint"]
    found += _registry_checks(data, registry, rerun, history_same=history_same)
    found += _history_checks(data, rerun)
    again = rerun.record()
    found += _selection_checks(data, again)
    if not found and again != data:  # a field no check above names: never say ok wrongly
        name = next(k for k in again if again[k] != data[k])
        found.append(
            Discrepancy(
                kind=Kind.SELECTION,
                field=name,
                expected=again[name],
                found=data[name],
                detail=f"re-running gives another {name!r} than the record",
            )
        )
    return Verdict(discrepancies=tuple(found)), rerun


def verify_draw(
    record: Mapping[str, Any],
    registry: Registry | Iterable[Subject],
    *,
    history: Iterable[Task] = (),
    plan: Plan | None = None,
    seed: Seed | None = None,
) -> Verdict:
    """Re-run a published subject draw from its record and say whether it holds (R7.6).

    The record is ``SubjectDraw.record()``, as stored (``json.loads`` of it
    will do). Its plan is rebuilt from the record itself and the draw re-run
    against ``registry`` and ``history``; ``plan`` and ``seed``, when given,
    are what the record must carry (the plan and seed published beforehand).
    A record that cannot be read is a verdict too (``MALFORMED`` naming the
    field, ``SPEC_VERSION``), never an exception. The checks and their order
    are in ``docs/verification.md``.

    Args:
        record: The draw record.
        registry: The registry the draw is said to have used (R1.5).
        history: The history it is said to have read (R5).
        plan: The plan the record must carry, if known.
        seed: The seed the record must carry, if known.

    Returns:
        ``Verdict.ok`` when re-running gives exactly the record; otherwise every
        discrepancy, the most fundamental first.

    Raises:
        ValidationError: ``registry``, ``history``, ``plan`` or ``seed`` is
            malformed (the inputs are the caller's; the record's faults are the verdict).
        InvalidSeedError: ``seed`` is given and is not a Seed.
    """
    registry, tasks = _inputs("verify_draw", registry, history)
    if plan is not None and not isinstance(plan, Plan):
        raise type_error(
            plan,
            Plan,
            obj="verify_draw",
            field="plan",
            rule="R7.6",
            fix="pass the published Plan, or None to check the record against its own plan",
        )
    if seed is not None:
        check_seed(seed, obj="verify_draw")
    verdict, _ = _verify(record, registry, tasks, plan, seed)
    return verdict


def verify_campaign(
    record: Mapping[str, Any],
    registries: Sequence[Registry | Iterable[Subject]],
    *,
    history: Iterable[Task] = (),
) -> Verdict:
    """Re-run a published year of rounds from its record and say whether it holds (R7.6).

    The record is ``Campaign.record()``, as stored. Each round is drawn again
    from its own plan and seed against its registry and the honest history
    before it (``history``, then the earlier rounds' tasks, as
    :func:`~randinspect.campaign.replay_campaign` rebuilds it), and its draw
    record checked as :func:`verify_draw` checks one. A discrepancy's field
    names its round (``rounds[1].strata[0].drawn``); a record that cannot be
    read is a ``MALFORMED`` verdict, never an exception.

    Args:
        record: The campaign record.
        registries: One registry per round, as it stood at that round (R1.5).
        history: The campaign's starting history (R5).

    Returns:
        ``Verdict.ok`` when every round re-runs to exactly its record;
        otherwise every discrepancy of every round, round by round.

    Raises:
        ValidationError: ``registries`` is not one valid registry per round
            of the record, or ``history`` is malformed (the inputs are the
            caller's; the record's faults are the verdict).
    """
    try:
        replayed = replay_campaign(record, registries, history=history)
    except RecordError as error:
        field = error.field.removeprefix("record.") if error.field != "record" else "record"
        unread = Discrepancy(
            kind=Kind.MALFORMED,
            field=field,
            expected=None,
            found=_shown(error.value),
            detail=error.problem,
        )
        return Verdict(discrepancies=(unread,))
    found: list[Discrepancy] = []
    for index, (published, again) in enumerate(
        zip(record["rounds"], replayed.rounds, strict=True)
    ):
        verdict, _ = _verify(published, again.registry, again.history, None, None)
        found += [
            attrs.evolve(d, field=f"rounds[{index}].{d.field}") for d in verdict.discrepancies
        ]
    return Verdict(discrepancies=tuple(found))


def load_draw(
    record: Mapping[str, Any],
    registry: Registry | Iterable[Subject],
    *,
    history: Iterable[Task] = (),
) -> SubjectDraw:
    """Rebuild a stored subject draw from its record and inputs, verified on load (R7.6).

    The plan is rebuilt from the record, the draw re-run against ``registry``
    and ``history``, and the result returned only if it gives exactly the
    record: ``load_draw(record, ...).record() == record``. The draw can then
    be staffed, or its inspectors replaced, months later.

    Args:
        record: The draw record (``SubjectDraw.record()``, or JSON of it loaded back).
        registry: The registry the draw used.
        history: The history it read.

    Returns:
        The draw, equal to the one recorded.

    Raises:
        RecordError: the record is malformed, of another spec version, or does
            not verify against the inputs (the first discrepancy named).
        ValidationError: ``registry`` or ``history`` is malformed.
    """
    registry, tasks = _inputs("load_draw", registry, history)
    verdict, draw = _verify(record, registry, tasks, None, None)
    first = verdict.first
    if first is None and draw is not None:
        return draw
    assert first is not None  # no draw only when the record is unreadable
    raise RecordError(
        f"the record does not verify: {first.kind.value}: {first.detail}",
        obj="load_draw",
        field=f"record.{first.field}" if first.field != "record" else "record",
        value=first.found,
        rule="R7.6",
        fix=_FIXES.get(first.kind, _FIX_INPUTS),
    )


_FIX_INPUTS = (
    "pass the registry and history exactly as they stood for the draw (their fingerprints"
    " are in the record), or re-examine the record: verify_draw lists every discrepancy"
)
_FIXES = {
    Kind.MALFORMED: "pass the record as SubjectDraw.record() wrote it"
    " (json.loads of the stored text)",
    Kind.SPEC_VERSION: f"load it with the randinspect release that implements its spec; this one"
    f" reads {SPEC_VERSION}",
}
