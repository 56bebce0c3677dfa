"""Plans with check items on several subject types, and the R2.3 note (issue 12, items 2 and 5a).

In scope is a subject that the plan's scope admits and to which at least one
check item applies (its ``type``'s item, or an item without a type); the
strata are formed over all of them; each drawn subject carries only its
items (R1.2, R3.1, R4.7). A plan whose scope leaves nobody a type an item
applies to is refused. A draw directed by both region and industry at a
ratio not above the items' listed ratio is noted, or refused when strict
(R2.3, 001 §2(3)). The expected values are worked by hand or by hashlib.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from assertions import assert_rejected, rejections
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from randinspect import (
    CheckItem,
    Fate,
    Grade,
    Inspector,
    Plan,
    Ratios,
    RuleViolationError,
    Seed,
    Subject,
    Task,
    ValidationError,
    assign_inspectors,
    draw_subjects,
)
from randinspect import testing as rst
from randinspect.sampling import RAISED_RATIO_ATTRIBUTES, items_for
from randinspect.streaming import draw_stream
from randinspect.verify import verify_draw

SEED = Seed.derive("multi-type tests")
DEPARTMENT = "air-defence"


def item(kind: str | None, *, name: str = "", **changes: Any) -> CheckItem:
    """A check item of ``DEPARTMENT`` on subjects of type ``kind`` (``None``: any type)."""
    return CheckItem(
        id=name or f"{kind or 'any'}-check", name="检查", department=DEPARTMENT,
        subject_type=kind, **changes,
    )  # fmt: skip


def plan(**changes: Any) -> Plan:
    fields: dict[str, Any] = {
        "id": "2022-multi",
        "year": 2022,
        "department": DEPARTMENT,
        "items": [item("works"), item("projects")],
        "ratios": {"A": "1%", "B": "3%", "C": "10%", "D": "20%"},
    }
    return Plan(**{**fields, **changes})


def subjects(kind: str | None, grade: str, count: int, **attributes: str) -> list[Subject]:
    """``count`` subjects of type ``kind`` (none when ``None``), ids ``<kind>-<grade><n>``."""
    extra = {"type": kind} if kind else {}
    return [
        Subject(
            id=f"{kind or 'untyped'}-{grade}{n}", grade=grade, attributes={**extra, **attributes}
        )
        for n in range(count)
    ]


# --- hand-worked draws ------------------------------------------------------------------


def test_two_types_form_one_stratum_per_grade() -> None:
    """60 B works and 40 B projects are one B stratum: ceil(100 x 3%) = 3; hotels stay out.

    The 20 B hotels would make it ceil(120 x 3%) = 4 were they in scope.
    """
    registry = (
        subjects("works", "B", 60) + subjects("projects", "B", 40) + subjects("hotel", "B", 20)
    )
    draw = draw_subjects(plan(), registry, seed=SEED)
    stratum = draw.stratum("B")
    assert (100, 3) == (stratum.in_scope, stratum.required)
    assert 20 == draw.out_of_scope
    assert 3 == len(draw.drawn)


def test_the_selection_is_the_smallest_keys_of_the_union() -> None:
    """The drawn are the n smallest hashlib keys among works and projects together."""
    registry = subjects("works", "D", 7) + subjects("projects", "D", 6) + subjects("hotel", "D", 5)
    draw = draw_subjects(plan(), registry, seed=SEED)

    def key(subject_id: str) -> bytes:
        return hashlib.sha256(f"{SEED.hex}|S|2022-multi|{subject_id}".encode()).digest()

    union = sorted((s.id for s in registry if s.attributes["type"] != "hotel"), key=key)
    assert union[:3] == [d.subject.id for d in draw.drawn]  # ceil(13 x 20%) = ceil(2.6) = 3


def test_each_drawn_subject_carries_the_items_that_apply_to_it() -> None:
    """An item without a type applies to all, in the plan's order; a typed one to its type only."""
    items = [item("works"), item(None, name="signs"), item("projects")]
    registry = subjects("works", "D", 5) + subjects("projects", "D", 5) + subjects(None, "D", 5)
    draw = draw_subjects(plan(items=items, ratios={"D": "100%"}), registry, seed=SEED)
    assert 15 == len(draw.drawn)  # the untyped item puts every subject in scope
    got = {d.subject.attributes.get("type"): d.items for d in draw.drawn}
    assert {
        "works": ("works-check", "signs"),
        "projects": ("signs", "projects-check"),
        None: ("signs",),
    } == got


def test_each_staffed_task_carries_its_subjects_items() -> None:
    """The assignment's tasks hold the items of their subject's type, not all the plan's."""
    items = [item("works"), item(None, name="signs"), item("projects")]
    registry = subjects("works", "D", 2) + subjects("projects", "D", 2)
    draw = draw_subjects(plan(items=items, ratios={"D": "100%"}), registry, seed=SEED)
    roster = [Inspector(id=f"i{n}", department=DEPARTMENT, can_lead=True) for n in range(3)]
    tasks = assign_inspectors(draw, roster, seed=SEED).tasks
    got = {t.subject_id.split("-")[0]: t.items for t in tasks}
    assert {"works": ("works-check", "signs"), "projects": ("signs", "projects-check")} == got


def test_items_for_is_the_one_rule() -> None:
    """items_for gives the items of a subject's type and the untyped ones, whatever the scope."""
    chosen = plan(items=[item("works"), item(None, name="signs")], scope={"region": {"舞钢"}})
    works, hotel = (
        Subject(id="w", grade="A", attributes={"type": "works"}),
        Subject(id="h", grade="A"),
    )
    assert ["works-check", "signs"] == [i.id for i in items_for(chosen, works)]
    assert ["signs"] == [i.id for i in items_for(chosen, hotel)]
    assert () == items_for(plan(), hotel)


def test_out_of_scope_by_type_says_which_types_the_items_name() -> None:
    """A hotel's fate names the items' subject types and the rules (R1.2, R3.1)."""
    draw = draw_subjects(plan(), subjects("hotel", "A", 1) + subjects("works", "A", 1), seed=SEED)
    fate = draw.fate("hotel-A0")
    assert Fate.OUT_OF_SCOPE is fate.fate
    assert "['projects', 'works']" in fate.detail
    assert "R1.2" in fate.detail


def test_a_scope_on_type_keeps_only_the_types_it_admits() -> None:
    """A scope admitting works and hotels: works are in scope; projects and hotels are not.

    Projects are not admitted by the scope, and no item applies to hotels.
    """
    registry = subjects("works", "A", 2) + subjects("projects", "A", 2) + subjects("hotel", "A", 2)
    draw = draw_subjects(
        plan(scope={"type": {"works", "hotel"}}, ratios={"A": "100%"}), registry, seed=SEED
    )
    assert {"works-A0", "works-A1"} == {d.subject.id for d in draw.drawn}
    assert 4 == draw.out_of_scope


# --- plans that would leave nobody in scope -----------------------------------------------


REFUSED = [
    (
        "scope admits only an unlisted type",
        lambda: plan(scope={"type": {"hotel"}}),
        RuleViolationError,
        (
            "Plan '2022-multi'",
            "scope",
            "['hotel']",
            "['projects', 'works']",
            "R1.2, R3.1",
            "nobody",
        ),
    ),
    (
        "scope admits two unlisted types",
        lambda: plan(scope={"type": {"hotel", "school"}}, items=[item("works")]),
        RuleViolationError,
        ("['hotel', 'school']", "admit one of ['works']"),
    ),
    (
        "from_mapping too",
        lambda: Plan.from_mapping({**plan().to_data(), "scope": {"type": ["hotel"]}}),
        RuleViolationError,
        ("scope", "R1.2"),
    ),
]


@rejections(REFUSED)
def test_a_plan_leaving_nobody_in_scope_is_refused(
    call: Any, error: type, fragments: tuple[str, ...]
) -> None:
    """The scope's types and the items' types share none: refused with the fix, not drawn empty."""
    assert_rejected(call, error, *fragments)


def test_plans_with_some_type_in_scope_are_accepted() -> None:
    """A scope overlapping the items' types, or an untyped item, leaves someone in scope."""
    assert plan(scope={"type": {"works", "hotel"}}).scope["type"] == {"works", "hotel"}
    assert plan(scope={"type": {"hotel"}}, items=[item("works"), item(None, name="any")])
    assert plan(scope={"region": {"舞钢"}})


# --- R2.3: directed by region and industry -------------------------------------------------

BOTH = {"region": {"舞钢市"}, "industry": {"人防工程"}}
LISTED = Ratios(A="1%", B="3%", C="10%", D="20%")


def r23_plan(**changes: Any) -> Plan:
    """The 001 ratios listed on the items; the scope directed by region and industry."""
    items = [item("works", min_ratios=LISTED), item("projects", min_ratios=Ratios(A="1%"))]
    return plan(**{"items": items, "scope": BOTH, **changes})


def registry_r23() -> list[Subject]:
    where = {"region": "舞钢市", "industry": "人防工程"}
    return subjects("works", "A", 10, **where) + subjects("projects", "B", 10, **where)


def test_the_attributes_are_region_and_industry() -> None:
    """R1.4's directed-draw attributes: R2.3 combines region (地理区域) and industry (行业)."""
    assert ("region", "industry") == RAISED_RATIO_ATTRIBUTES


def test_a_draw_directed_by_region_and_industry_at_the_listed_ratio_is_noted() -> None:
    """Ratios equal to the listed ones (not above) get a note citing R2.3; the draw is the same."""
    draw = draw_subjects(r23_plan(ratios=LISTED), registry_r23(), seed=SEED)
    (note,) = [n for n in draw.notes if "R2.3" in n]
    for words in ("region", "industry", "A 1%, B 3%, C 10%, D 20%", "001 §2(3)"):
        assert words in note
    assert note in draw.record()["notes"]
    assert verify_draw(draw.record(), registry_r23()).ok  # re-run, the note comes back
    plain = draw_subjects(
        r23_plan(ratios=LISTED, scope={"region": {"舞钢市"}}), registry_r23(), seed=SEED
    )
    assert [d.subject.id for d in plain.drawn] == [d.subject.id for d in draw.drawn]


def test_only_the_grades_not_raised_are_named() -> None:
    """Ratios A 2%, B 3%, C 15%, D 20% against the listed A 1%, B 3%, C 10%, D 20%: B and D."""
    draw = draw_subjects(
        r23_plan(ratios={"A": "2%", "B": "3%", "C": "15%", "D": "20%"}), registry_r23(), seed=SEED
    )
    (note,) = [n for n in draw.notes if "R2.3" in n]
    assert "grade B 3%, D 20%" in note
    assert "A 2%" not in note


def test_raised_ratios_and_one_sided_directions_get_no_note() -> None:
    """All grades above their listed ratios, or a scope by region or by industry alone: no note."""
    raised = {"A": "2%", "B": "5%", "C": "15%", "D": "25%"}
    for chosen in (
        r23_plan(ratios=raised),
        r23_plan(ratios=LISTED, scope={"region": {"舞钢市"}}),
        r23_plan(ratios=LISTED, scope={"industry": {"人防工程"}, "type": {"works"}}),
    ):
        draw = draw_subjects(chosen, registry_r23(), seed=SEED, strict=True)
        assert not [n for n in draw.notes if "R2.3" in n]


def test_a_grade_not_drawn_needs_no_raise() -> None:
    """Items listing no ratio (0%) and a plan drawing A at 0% (R2.5): A is not named."""
    items = [item("works"), item("projects")]
    draw = draw_subjects(
        plan(items=items, scope=BOTH, ratios={"B": "3%"}), registry_r23(), seed=SEED, strict=True
    )
    assert not [n for n in draw.notes if "R2.3" in n]  # B 3% is above the listed 0%


def test_strict_refuses_what_would_be_a_note() -> None:
    """With strict=True the R2.3 note is an error naming the plan, ratios, rule and fix."""
    assert_rejected(
        lambda: draw_subjects(r23_plan(ratios=LISTED), registry_r23(), seed=SEED, strict=True),
        RuleViolationError,
        "Plan '2022-multi'",
        "ratios",
        "R2.3",
        "raise each of those ratios above the listed one",
        "strict=False",
    )


@pytest.mark.parametrize("strict", [1, "yes", None, 0.0])
def test_strict_must_be_a_bool(strict: object) -> None:
    """The strict flag is checked up front: a truthy int or a text is not a bool."""
    assert_rejected(
        lambda: draw_subjects(plan(), [], seed=SEED, strict=strict),  # type: ignore[arg-type]
        ValidationError,
        "draw_subjects",
        "'strict'",
    )


ITEMS_FOR_BAD = [
    ("plan None", lambda: items_for(None, Subject(id="s", grade="A")), ValidationError, "'plan'"),  # type: ignore[arg-type]
    ("subject dict", lambda: items_for(plan(), {"id": "s"}), ValidationError, "'subject'"),  # type: ignore[arg-type]
]


@rejections(ITEMS_FOR_BAD)
def test_items_for_checks_its_arguments(
    call: Any, error: type, fragments: tuple[str, ...]
) -> None:
    """items_for refuses what is not a Plan or a Subject with the library's error."""
    assert_rejected(call, error, *fragments)


# --- properties ----------------------------------------------------------------------------

KINDS = ["works", "projects", "hotel", "school"]
REGIONS = ["舞钢市", "卫东区"]


@st.composite
def multi_type_cases(draw: st.DrawFn) -> tuple[Plan, list[Subject], list[Task]]:
    """A plan with one to three items on types of KINDS or none, a registry and a history."""
    kinds = draw(st.lists(st.sampled_from([*KINDS[:3], None]), min_size=1, max_size=3))
    items = [item(kind, name=f"i{n}") for n, kind in enumerate(kinds)]
    scope: dict[str, set[str]] = {}
    if draw(st.booleans()):
        scope["region"] = {REGIONS[0]}
    if draw(st.booleans()):
        scope["type"] = set(draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=3)))
    try:
        chosen = plan(
            items=items,
            scope=scope,
            ratios=draw(st.builds(Ratios, A=rst.ratios(), B=rst.ratios(), C=rst.ratios())),
        )
    except RuleViolationError:
        assume(False)  # nobody would be in scope: refused, as tested above
        raise
    registry = [
        Subject(
            id=f"s{n:02d}",
            grade=draw(st.sampled_from(Grade)),
            attributes={
                **({"type": kind} if (kind := draw(st.sampled_from([*KINDS, None]))) else {}),
                "region": draw(st.sampled_from(REGIONS)),
            },
        )
        for n in range(draw(st.integers(0, 40)))
    ]
    history = [
        Task(
            id=f"t{n}",
            plan_id="earlier",
            subject_id=draw(st.sampled_from(registry)).id,
            items=["x"],
            department=draw(st.sampled_from([DEPARTMENT, "fire"])),
            partners=draw(st.sampled_from([(), ("market",)])),
            year=2022,
        )
        for n in range(draw(st.integers(0, 15)) if registry else 0)
    ]
    return chosen, registry, history


@settings(max_examples=200, deadline=None)
@given(multi_type_cases(), rst.seeds())
def test_every_drawn_subjects_items_apply_to_it(
    case: tuple[Plan, list[Subject], list[Task]], seed: Seed
) -> None:
    """Each drawn subject's items are exactly the plan's items of its type or of none, in order."""
    chosen, registry, history = case
    for drawn in draw_subjects(chosen, registry, seed=seed, history=history).drawn:
        kind = drawn.subject.attributes.get("type")
        expected = tuple(i.id for i in chosen.items if i.subject_type in {None, kind})
        assert expected == drawn.items
        assert drawn.items  # someone drawn has an item
        assert expected == tuple(i.id for i in items_for(chosen, drawn.subject))


@settings(max_examples=200, deadline=None)
@given(multi_type_cases(), rst.seeds())
def test_nobody_of_an_unlisted_type_is_drawn(
    case: tuple[Plan, list[Subject], list[Task]], seed: Seed
) -> None:
    """Out of scope exactly when the scope refuses it or no item applies to it (R1.2, R3.1)."""
    chosen, registry, history = case
    draw = draw_subjects(chosen, registry, seed=seed, history=history)
    listed = {i.subject_type for i in chosen.items}
    for subject in registry:
        kind = subject.attributes.get("type")
        admitted = all(subject.attributes.get(k) in v for k, v in chosen.scope.items())
        applies = None in listed or kind in listed
        assert (Fate.OUT_OF_SCOPE is draw.fate(subject.id).fate) == (not (admitted and applies))
    assert all(None in listed or d.subject.attributes.get("type") in listed for d in draw.drawn)
    in_scope = sum(s.in_scope for s in draw.strata)
    assert len(registry) == in_scope + draw.out_of_scope


@settings(max_examples=100, deadline=None)
@given(multi_type_cases(), rst.seeds())
def test_the_streamed_draw_is_the_in_memory_one(
    case: tuple[Plan, list[Subject], list[Task]], seed: Seed
) -> None:
    """draw_stream over the registry in id order gives draw_subjects' record and drawn subjects."""
    chosen, registry, history = case
    in_memory = draw_subjects(chosen, registry, seed=seed, history=history)
    streamed = draw_stream(
        chosen, sorted(registry, key=lambda s: s.id), seed=seed, history=history
    )
    assert in_memory.record() == streamed.record()
    assert in_memory.drawn == streamed.drawn
