"""The rules a :class:`~randinspect.model.Plan` checks across its fields (R1.2, R2.2, R2.4, R3.1).

Private to :mod:`randinspect.model`, which calls them from ``Plan``'s
validation: kept apart so the domain types' module stays readable. Each
takes the plan being built (already past its fields' own validators) and
raises the library's error naming the plan, the field, the rule and the fix.
"""

from __future__ import annotations

from typing import Any

from randinspect._values import describe, format_ratio
from randinspect.errors import RuleViolationError

__all__ = ["check_ratios", "check_scope_types"]


def check_ratios(plan: Any) -> None:
    """Each grade's ratio at least every item's listed minimum (R2.2); boost and relief apart.

    The boost ratio is at least the highest grade ratio (R2.4); no flag is in
    both the boost and the relief stratum (R2.4, R2.5).
    """
    me = describe(plan)
    for grade, ratio in plan.ratios.items():
        for item in plan.items:
            minimum = item.min_ratios[grade]
            if ratio < minimum:
                raise RuleViolationError(
                    f"ratio for grade {grade.value} is {format_ratio(ratio)}, below the"
                    f" check item {item.id!r} minimum of {format_ratio(minimum)}",
                    obj=me,
                    field="ratios",
                    value=format_ratio(ratio),
                    rule="R2.2",
                    fix=f"raise it to at least {format_ratio(minimum)}",
                )
    top = max(plan.ratios.items(), key=lambda pair: pair[1])
    if plan.boost is not None and plan.boost.ratio < top[1]:
        raise RuleViolationError(
            f"the boost ratio {format_ratio(plan.boost.ratio)} is below the grade"
            f" {top[0].value} ratio {format_ratio(top[1])}: flagged subjects must be"
            " drawn at a higher ratio",
            obj=me,
            field="boost",
            value=format_ratio(plan.boost.ratio),
            rule="R2.4",
            fix=f"raise the boost ratio to at least {format_ratio(top[1])}",
        )
    if plan.boost is not None and plan.relief is not None:
        both = plan.boost.flags & plan.relief.flags
        if both:
            raise RuleViolationError(
                "a flag places subjects in both the boost and the relief stratum",
                obj=me,
                field="relief",
                value=sorted(f.value for f in both),
                rule="R2.4, R2.5",
                fix="name each flag in one of them only",
            )


def check_scope_types(plan: Any) -> None:
    """Refuse a plan whose scope and items leave nobody in scope (R1.2, R3.1).

    A subject is in scope when the scope admits it and a check item applies
    to its ``type`` (an item without a subject type to every type). The one
    case the plan alone decides: the scope restricts ``type`` to values no
    item applies to, while every item names a type.
    """
    allowed = plan.scope.get("type")
    if allowed is None:
        return
    types = {item.subject_type for item in plan.items}
    if None in types or allowed & types:
        return
    listed = sorted(t for t in types if t is not None)
    raise RuleViolationError(
        f"the scope admits the subject types {sorted(allowed)} only, and no check item"
        f" applies to them (the items' subject types are {listed}): nobody would be in scope",
        obj=describe(plan),
        field="scope",
        value={"type": sorted(allowed)},
        rule="R1.2, R3.1",
        fix=f"admit one of {listed} in scope['type'], or add a check item for one of"
        f" {sorted(allowed)}",
    )
