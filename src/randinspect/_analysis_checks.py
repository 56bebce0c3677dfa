"""Argument checks, limits and row helpers shared by :mod:`randinspect.analysis` (private)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from randinspect._checks import check_collection, check_int, check_type, type_error
from randinspect.draw import Seed, check_seed
from randinspect.errors import (
    DuplicateIdError,
    RandInspectError,
    UnknownIdError,
    ValidationError,
    _relocated,
)
from randinspect.model import Grade, Plan, Subject, Task
from randinspect.registry import Registry

__all__ = [
    "ANALYSIS_SEED",
    "DEFAULT_BUDGET",
    "MAX_BUDGET",
    "MAX_ROUNDS",
    "MAX_TRIALS",
    "MAX_YEARS",
    "ByClass",
    "as_registry",
    "base_seed",
    "check_budget",
    "check_clash",
    "check_method",
    "check_per",
    "check_plan",
    "check_plans",
    "check_trials",
    "grade_rows",
    "missing",
    "number",
]

ANALYSIS_SEED = "randinspect-analysis/1"
"""What a simulation's seed is derived from when none is given: ``Seed.derive(ANALYSIS_SEED)``."""
MAX_TRIALS = 1_000
"""The most trials one simulation runs. Its cost grows with them while its error
shrinks only as their square root; pass another ``seed`` and pool for more."""
DEFAULT_BUDGET = 100_000
"""How many steps an exact campaign may take before ``method="auto"`` simulates instead.

A step carries one expected count into one outcome of a round; 100,000 take about 2 s on
the project's 2-core machine."""
MAX_BUDGET = 10_000_000
"""The largest budget accepted (a few minutes of work on that machine)."""
MAX_ROUNDS = 24
"""The most rounds (plans) one campaign or policy year may hold: two a month."""
MAX_YEARS = 100
"""The most years a policy is simulated over."""


def number(value: Fraction) -> float:
    """A figure for a DataFrame or a plot (the exact value is beside it as text)."""
    return float(value)


def missing(obj: str, subject_id: object, fix: str) -> UnknownIdError:
    return UnknownIdError(
        "no such subject in the registry analysed",
        obj=obj,
        field="subject_id",
        value=subject_id,
        fix=fix,
    )


def check_per(per: object, allowed: Sequence[str], *, obj: str) -> None:
    """Refuse a ``per`` that names no kind of row."""
    if not (isinstance(per, str) and type(per) is str and per in allowed):
        raise ValidationError(
            "names no kind of row",
            obj=obj,
            field="per",
            value=per,
            fix=f"pass per= one of {list(allowed)}",
        )


def grade_rows(
    registry: Registry, expected: Mapping[str, Fraction], method: str, trials: int
) -> list[dict[str, Any]]:
    sizes = dict.fromkeys((grade.value for grade in Grade), 0)
    for subject in registry:
        sizes[subject.grade.value] += 1
    rows = []
    for grade, size in sizes.items():
        share = expected[grade] / size if size else Fraction(0)
        rows.append(
            {
                "grade": grade,
                "subjects": size,
                "expected_inspections": number(expected[grade]),
                "expected_inspections_fraction": str(expected[grade]),
                "share": number(share),
                "share_fraction": str(share),
                "method": method,
                "trials": trials,
            }
        )
    return rows


def check_plan(plan: object, obj: str) -> Plan:
    """Return ``plan`` if it is a :class:`Plan`."""
    if not isinstance(plan, Plan):
        raise type_error(
            plan,
            Plan,
            obj=obj,
            field="plan",
            fix="build it with Plan(...) or Plan.from_mapping(data)",
        )
    return plan


def as_registry(registry: object, obj: str) -> Registry:
    """``registry`` as a :class:`Registry` (a collection of subjects is made one)."""
    if isinstance(registry, Registry):
        return registry
    members: tuple[Subject, ...] = check_collection(
        registry,
        obj=obj,
        field="registry",
        what="Subject values",
        rule="R1.4",
        fix="pass a Registry or a list of Subject",
    )
    try:
        return Registry(members)
    except RandInspectError as error:
        raise _relocated(error, obj=obj, field="registry") from None


class BySubject(Mapping[str, Fraction]):
    """A mapping over a registry's subjects, in the registry's order (a mixin).

    The class sets ``registry`` and ``__getitem__``, which raises
    :class:`~randinspect.errors.UnknownIdError` for an id not in the registry;
    ``get`` then gives ``default`` for it instead.
    """

    __slots__ = ()
    registry: Registry

    def get(self, subject_id: object, default: Any = None) -> Any:
        """The subject's figure, or ``default`` when it is not in the registry."""
        try:
            return self[subject_id]  # type: ignore[index]  # a non-str is not there
        except UnknownIdError:
            return default

    def __contains__(self, subject_id: object) -> bool:
        return subject_id in self.registry

    def __iter__(self) -> Iterator[str]:
        return (subject.id for subject in self.registry)

    def __len__(self) -> int:
        return len(self.registry)


@attrs.frozen(kw_only=True, eq=False)
class ByClass(BySubject):
    """Subject id -> figure, where subjects alike share one figure (a class)."""

    registry: Registry = attrs.field(repr=False)
    class_of: Mapping[str, int] = attrs.field(repr=False)
    figures: tuple[Fraction, ...] = attrs.field(repr=False)
    obj: str

    def __getitem__(self, subject_id: str) -> Fraction:
        """The subject's figure.

        Raises:
            UnknownIdError: the subject is not in the registry.
        """
        if subject_id not in self:
            raise missing(self.obj, subject_id, "ask about a subject of the registry analysed")
        return self.figures[self.class_of[subject_id]]


def check_plans(plans: object, obj: str, *, field: str = "plans") -> tuple[Plan, ...]:
    """A campaign's rounds: 1 to MAX_ROUNDS plans of one year, ids distinct (R5.1)."""
    given: tuple[Any, ...] = check_collection(
        plans,
        obj=obj,
        field=field,
        what="Plan values",
        rule="R5.1",
        fix="pass the rounds in order, e.g. half_year_rounds(plan)",
    )
    if not 1 <= len(given) <= MAX_ROUNDS:
        raise ValidationError(
            f"holds {len(given)} plans; a campaign has 1 to {MAX_ROUNDS} rounds",
            obj=obj,
            field=field,
            value=len(given),
            rule="R6.2",
            fix="pass at least one plan, and no more than two rounds a month",
        )
    seen: set[str] = set()
    for index, plan in enumerate(given):
        check_type(
            plan,
            Plan,
            obj=obj,
            field=f"{field}[{index}]",
            rule="R5.1",
            fix="build it with Plan(...), or take the rounds of half_year_rounds(plan)",
        )
        if plan.year != given[0].year:
            raise ValidationError(
                f"round of plan {plan.id!r} is of {plan.year}, not {given[0].year}",
                obj=obj,
                field=f"{field}[{index}].year",
                value=plan.year,
                rule="R5.1",
                fix="keep every round of a campaign in one year: the cap counts a calendar year",
            )
        if plan.id in seen:
            raise DuplicateIdError(
                "two rounds share a plan id, so their tasks would share ids",
                obj=obj,
                field=f"{field}[{index}].id",
                value=plan.id,
                rule="R5.1",
                fix="give each round its own plan id, e.g. with round_plans or half_year_rounds",
            )
        seen.add(plan.id)
    return given


def check_clash(
    plans: Sequence[Plan], registry: Registry, tasks: Sequence[Task], obj: str
) -> None:
    """Refuse a history task whose id a round's task could take (``Campaign.draw`` would)."""
    ids = {task.id for task in tasks}
    for index, plan in enumerate(plans):
        prefix = f"{plan.id}/"
        for task_id in ids:
            if task_id.startswith(prefix) and task_id[len(prefix) :] in registry:
                raise DuplicateIdError(
                    "a task of this round could have the id of a task in the history",
                    obj=obj,
                    field=f"plans[{index}].id",
                    value=task_id,
                    rule="R5.1",
                    fix="give the round a plan id no task id of the history starts with",
                )


def check_method(method: object, obj: str) -> str:
    if not (type(method) is str and method in {"auto", "exact", "simulate"}):
        raise ValidationError(
            "names no method",
            obj=obj,
            field="method",
            value=method,
            fix="pass method='auto' (exact within the budget, else simulated), 'exact' or"
            " 'simulate'",
        )
    return method


def check_trials(trials: object, obj: str) -> int:
    return check_int(
        trials,
        obj=obj,
        field="trials",
        minimum=1,
        maximum=MAX_TRIALS,
        fix=f"pass 1 to {MAX_TRIALS:,} trials; for more, run again with another seed and pool",
    )


def check_budget(budget: object, obj: str) -> int:
    return check_int(
        budget,
        obj=obj,
        field="budget",
        minimum=1,
        maximum=MAX_BUDGET,
        fix=f"pass 1 to {MAX_BUDGET:,} steps (default {DEFAULT_BUDGET:,})",
    )


def base_seed(seed: object, obj: str) -> Seed:
    if seed is None:
        return Seed.derive(ANALYSIS_SEED)
    return check_seed(seed, obj=obj)
