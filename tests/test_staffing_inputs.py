"""Staffing inputs and outputs: bad input tables, rows and the record.

``to_rows`` and ``record()`` (R7.1, R7.6), the empty draw, unknown task ids, and
the tables of malformed arguments to ``assign_inspectors``, ``replace_inspector``,
``TeamRule`` and ``SameAttribute``, each rejected with the library's own error
naming the field, the value and the fix.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from assertions import assert_rejected
from staffing_strategies import SEED, draw_all, inspector, make_plan, subjects

from randinspect import (
    DuplicateIdError,
    InvalidSeedError,
    RandInspectError,
    RuleViolationError,
    TeamRule,
    UnknownIdError,
    ValidationError,
)
from randinspect.assignment import SameAttribute, assign_inspectors, replace_inspector


def test_rows_and_record() -> None:
    """to_rows gives one row per team place; the record is JSON for publication.

    The record has the spec, procedure, seed, fingerprints and every task.
    """
    plan = make_plan(size=2)
    roster = [inspector("L1"), inspector("m1", can_lead=False), inspector("m2", can_lead=False)]
    draw = draw_all(plan, subjects(3))
    assignment = assign_inspectors(draw, roster, seed=SEED, conflicts=[("m1", "s0")])
    rows = assignment.to_rows()
    assert 6 == len(rows)
    assert {
        "task_id",
        "subject_id",
        "period",
        "period_start",
        "period_end",
        "position",
        "inspector_id",
        "department",
        "leader",
    } == set(rows[0])
    assert 3 == sum(row["leader"] for row in rows)
    record = json.loads(json.dumps(assignment.record()))
    assert ("randinspect-draw/1", "randinspect-staff/2", SEED.hex) == (
        record["spec"],
        record["procedure"],
        record["seed"],
    )
    assert draw.fingerprint == record["registry_fingerprint"]
    assert 64 == len(record["roster_fingerprint"])
    assert [["m1", "s0"]] == record["conflicts"]
    assert 3 == len(record["tasks"])
    assert (assignment.spec, assignment.procedure) == (record["spec"], record["procedure"])
    assert [t.inspectors for t in assignment.tasks] == list(assignment.teams)
    assert [t.leader for t in assignment.tasks] == list(assignment.leaders)
    assert [t.id for t in assignment.tasks] == list(assignment.task_ids)
    assert 2 == assignment.position(assignment.task_ids[2])


def test_empty_draw_gives_an_empty_assignment() -> None:
    """Nothing drawn, nothing to staff: an empty assignment with a note."""
    plan = make_plan()
    assignment = assign_inspectors(draw_all(plan, []), [inspector("L1")], seed=SEED)
    assert () == assignment.tasks
    assert {"L1": 0} == dict(assignment.loads)
    assert "the draw is empty: no task to staff" in assignment.notes


def test_unknown_task_is_a_lookup_error() -> None:
    """Asking for a task the assignment does not have names the id and the id format."""
    plan = make_plan(size=2, leader=False)
    assignment = assign_inspectors(
        draw_all(plan, subjects(1)), [inspector("a"), inspector("b")], seed=SEED
    )
    assert_rejected(
        lambda: assignment.task("p/x"), UnknownIdError, "no such task", "'p/x'", "'p/s0'"
    )


DRAW = draw_all(make_plan(size=2, leader=False), subjects(2))


ROSTER = [inspector("a"), inspector("b"), inspector("c")]


@pytest.mark.parametrize(
    ("arguments", "error", "fragments"),
    [
        ({"roster": []}, ValidationError, ["roster", "empty", "R1.3"]),
        ({"roster": "abc"}, ValidationError, ["roster", "collection of Inspector"]),
        ({"roster": [ROSTER[0], "b"]}, ValidationError, ["roster[1]", "must be an Inspector"]),
        ({"roster": [*ROSTER, inspector("a")]}, DuplicateIdError, ["two inspectors", "'a'"]),
        ({"draw": "draw"}, ValidationError, ["must be a SubjectDraw", "draw_subjects"]),
        ({"seed": "0" * 64}, InvalidSeedError, ["must be a Seed"]),
        (
            {"conflicts": [("zed", "s0")]},
            UnknownIdError,
            ["conflicts", "inspector 'zed'", "not in the roster", "R4.3"],
        ),
        (
            {"conflicts": [("a", "s99")]},
            UnknownIdError,
            ["conflicts", "subject 's99'", "registry", "R4.3"],
        ),
        ({"conflicts": [("a",)]}, ValidationError, ["not an (inspector id, subject id) pair"]),
        ({"conflicts": "a"}, ValidationError, ["collection of conflicts"]),
        (
            {"unavailable": ["zed"]},
            UnknownIdError,
            ["unavailable", "inspector 'zed'", "R4.4"],
        ),
        (
            {"unavailable": [("a", "s99")]},
            UnknownIdError,
            ["unavailable", "subject 's99'", "R4.4"],
        ),
        ({"unavailable": [3]}, ValidationError, ["unavailable", "pair"]),
        ({"unavailable": "a"}, ValidationError, ["unavailable", "inspector ids"]),
        ({"recusal": "leave"}, ValidationError, ["recusal", "'replace' or 'swap'", "003 art. 15"]),
    ],
)
def test_bad_input_is_rejected_with_a_useful_message(
    arguments: dict[str, Any], error: type[RandInspectError], fragments: list[str]
) -> None:
    """Each malformed argument raises the library's own error, naming field, value and fix."""
    call: dict[str, Any] = {"draw": DRAW, "roster": ROSTER, "seed": SEED, **arguments}
    draw = call.pop("draw")
    roster = call.pop("roster")
    assert_rejected(lambda: assign_inspectors(draw, roster, **call), error, *fragments)


@pytest.mark.parametrize(
    ("call", "error", "fragments"),
    [
        (lambda a: replace_inspector(a, "p/nope", "a", reason="ill"), UnknownIdError, ["p/nope"]),
        (
            lambda a: replace_inspector(a, "p/s0", "zed", reason="ill"),
            UnknownIdError,
            ["not on the task's team", "'zed'"],
        ),
        (
            lambda a: replace_inspector(a, "p/s0", a.tasks[0].inspectors[0], reason=" "),
            ValidationError,
            ["reason", "R4.4"],
        ),
        (
            lambda a: replace_inspector("x", "p/s0", "a", reason="ill"),  # type: ignore[arg-type]
            ValidationError,
            ["must be an Assignment"],
        ),
    ],
)
def test_bad_replacement_is_rejected(
    call: Any, error: type[RandInspectError], fragments: list[str]
) -> None:
    """replace_inspector rejects unknown tasks, non-members, empty reasons and non-assignments."""
    assignment = assign_inspectors(DRAW, ROSTER, seed=SEED)
    assert_rejected(lambda: call(assignment), error, *fragments)


def test_team_rule_below_two_is_rejected_at_construction() -> None:
    """A team rule asking for fewer than 2 inspectors is an error (R4.2)."""
    assert_rejected(
        lambda: TeamRule(size=1), RuleViolationError, "at least 2 inspectors", "[R4.2]"
    )


@pytest.mark.parametrize("name", ["", "  ", 3])
def test_same_attribute_needs_a_name(name: object) -> None:
    """SameAttribute without an attribute name is rejected (R4.3)."""
    assert_rejected(
        lambda: SameAttribute(name),  # type: ignore[arg-type]
        ValidationError,
        "must name an attribute",
        "R4.3",
    )
