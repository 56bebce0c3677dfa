"""Staffing drawn subjects with teams: randinspect-staff/1 (R1.3, R3.2, R4).

The checks here never trust the code under test for what is right: team
validity, eligibility, feasibility (by exhaustive search), certificates (by
recounting the Hall bound), the draw order (by hashing with hashlib) and the
documented procedure (by an independent re-implementation of
``docs/assignment.md``) are all computed from the rules in this file.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import pytest
from assertions import assert_rejected
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from randinspect import (
    CheckItem,
    DuplicateIdError,
    InvalidSeedError,
    Period,
    Plan,
    RandInspectError,
    RuleViolationError,
    Seed,
    Subject,
    Task,
    TaskKind,
    TeamRule,
    UnknownIdError,
    ValidationError,
)
from randinspect import testing as rst
from randinspect.assignment import (
    TEAM_WINDOW,
    Assignment,
    Infeasibility,
    Place,
    SameAttribute,
    StaffingAction,
    StaffingReason,
    assign_inspectors,
    replace_inspector,
)
from randinspect.errors import InfeasibleAssignmentError
from randinspect.model import Inspector
from randinspect.sampling import SubjectDraw, draw_subjects

ALL = {"A": "100%", "B": "100%", "C": "100%", "D": "100%"}
YEAR = 2024
H1 = Period(start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 6, 30), name="H1")
H2 = Period(start=dt.date(YEAR, 7, 1), end=dt.date(YEAR, 12, 31), name="H2")
SEED = Seed.derive("test-assignment")


# --- building blocks --------------------------------------------------------------------------


def make_plan(
    *,
    partners: Iterable[str] = (),
    size: int = 2,
    leader: bool = True,
    every_department: bool = True,
    max_load: int | None = None,
    periods: Sequence[Period] = (H1, H2),
    qualifications: dict[str, str] | None = None,
) -> Plan:
    """A plan of department "civil" drawing every subject (ratio 100 %)."""
    departments = ["civil", *sorted(partners)]
    wanted = qualifications or {}
    return Plan(
        id="p",
        year=YEAR,
        department="civil",
        unit="u1",
        partners=set(partners),
        items=[
            CheckItem(id=f"item-{d}", name=f"check {d}", department=d, qualification=wanted.get(d))
            for d in departments
        ],
        ratios=ALL,
        periods=list(periods),
        team=TeamRule(
            size=size, leader=leader, every_department=every_department, max_load=max_load
        ),
    )


def subjects(count: int, *, regions: int = 0) -> list[Subject]:
    """Subjects s0, s1, ...; with ``regions``, a region attribute r0, r1, ... in turn."""
    return [
        Subject(
            id=f"s{n}",
            grade="ABCD"[n % 4],
            attributes={"region": f"r{n % regions}"} if regions else {},
        )
        for n in range(count)
    ]


def inspector(ident: str, department: str = "civil", **fields: Any) -> Inspector:
    """An inspector, certified, can-lead unless told otherwise."""
    fields.setdefault("can_lead", True)
    return Inspector(id=ident, department=department, **fields)


def draw_all(plan: Plan, registry: Sequence[Subject], seed: Seed = SEED) -> SubjectDraw:
    """Draw every subject of ``registry`` for ``plan``."""
    return draw_subjects(plan, registry, seed=seed)


def key(seed: Seed, plan_id: str, subject_id: str, inspector_id: str) -> bytes:
    """The T key, straight from the spec with hashlib."""
    message = f"{seed.hex}|T|{plan_id}/{subject_id}|{inspector_id}"
    return hashlib.sha256(message.encode()).digest()


# --- the rules, restated independently of the code under test ---------------------------------


@attrs.frozen
class Rules:
    """What the rules say about one instance, computed from first principles."""

    plan: Plan
    roster: tuple[Inspector, ...]
    pairs: frozenset[tuple[str, str]]
    attribute_rules: tuple[str, ...]
    absent: frozenset[str]
    absent_pairs: frozenset[tuple[str, str]]

    @classmethod
    def of(
        cls,
        plan: Plan,
        roster: Iterable[Inspector],
        conflicts: Iterable[Any] = (),
        unavailable: Iterable[Any] = (),
    ) -> Rules:
        """The rules of one instance, from the arguments of assign_inspectors."""
        conflicts, unavailable = list(conflicts), list(unavailable)
        return cls(
            plan=plan,
            roster=tuple(roster),
            pairs=frozenset(tuple(c) for c in conflicts if not isinstance(c, SameAttribute)),
            attribute_rules=tuple(c.name for c in conflicts if isinstance(c, SameAttribute)),
            absent=frozenset(u for u in unavailable if isinstance(u, str)),
            absent_pairs=frozenset(tuple(u) for u in unavailable if not isinstance(u, str)),
        )

    @property
    def team_size(self) -> int:
        """The rule's size, raised to cover every department of a joint plan (R4.6)."""
        plan = self.plan
        required = len(plan.departments) if plan.team.every_department and plan.joint else 0
        return max(plan.team.size, required, 2)

    def qualified(self, person: Inspector) -> bool:
        """R3.2: holds every qualification of the check items of the inspector's department."""
        need = {
            item.qualification
            for item in self.plan.items
            if item.department == person.department and item.qualification
        }
        return need <= person.qualifications

    def recused(self, person: Inspector, subject: Subject) -> bool:
        """R4.3 and R4.4 for one subject."""
        if subject.id in person.conflicts or (person.id, subject.id) in self.pairs:
            return True
        for name in self.attribute_rules:
            mine = person.attributes.get(name)
            if mine is not None and mine == subject.attributes.get(name):
                return True
        return person.id in self.absent or (person.id, subject.id) in self.absent_pairs

    def eligible(self, person: Inspector, subject: Subject, period: Period) -> bool:
        """Whether ``person`` may be on the team of ``subject``'s task at all."""
        expires = person.certificate_expires
        return (
            person.department in self.plan.departments
            and person.certified
            and (expires is None or expires >= period.end)
            and self.qualified(person)
            and not self.recused(person, subject)
        )

    def can_lead(self, person: Inspector) -> bool:
        """R4.5: a can-lead member of the initiating department."""
        return person.can_lead and person.department == self.plan.department

    def valid_team(self, members: Sequence[Inspector]) -> bool:
        """R4.2, R4.5, R4.6 for a set of members (eligibility checked separately)."""
        plan = self.plan
        if len({m.id for m in members}) != len(members) or len(members) < self.team_size:
            return False
        if plan.team.leader and not any(self.can_lead(m) for m in members):
            return False
        if plan.team.every_department and plan.joint:
            return plan.departments <= {m.department for m in members}
        return True

    def teams(self, subject: Subject, period: Period) -> list[tuple[str, ...]]:
        """Every valid team of exactly the team size for one task, as sorted ids."""
        pool = [p for p in self.roster if self.eligible(p, subject, period)]
        return [
            tuple(sorted(m.id for m in combo))
            for combo in itertools.combinations(pool, self.team_size)
            if self.valid_team(combo)
        ]

    def feasible(self, draw: SubjectDraw) -> bool:
        """Exhaustive search: can every task get a valid team within the max load?"""
        cap = self.plan.team.max_load
        options = [self.teams(d.subject, d.period) for d in draw.drawn]
        if any(not o for o in options):
            return False
        if cap is None:
            return True
        ids = sorted(p.id for p in self.roster)

        @functools.cache
        def search(index: int, loads: tuple[int, ...]) -> bool:
            if index == len(options):
                return True
            for team in options[index]:
                new = list(loads)
                for member in team:
                    new[ids.index(member)] += 1
                if max(new) <= cap and search(index + 1, tuple(new)):
                    return True
            return False

        return search(0, (0,) * len(ids))

    def check(self, assignment: Assignment) -> None:
        """Every team valid, every member eligible, the max load kept, loads counted."""
        by_id = {p.id: p for p in self.roster}
        registry = assignment.draw.registry
        counts: Counter[str] = Counter()
        for task in assignment.tasks:
            # Built without re-running the validators: the checked constructor agrees.
            assert Task(**{a.name: getattr(task, a.name) for a in attrs.fields(Task)}) == task
            members = [by_id[i] for i in task.inspectors]
            subject = registry[task.subject_id]
            assert task.period is not None
            assert all(self.eligible(m, subject, task.period) for m in members), task
            assert self.valid_team(members), task
            assert self.team_size == len(members)
            if self.plan.team.leader:
                assert task.leader is not None
                assert self.can_lead(by_id[task.leader])
                first = next(m for m in members if self.can_lead(m))
                assert first.id == task.leader  # the first can-lead member in draw order
            else:
                assert task.leader is None
            keys = [
                key(assignment.seed, self.plan.id, task.subject_id, i) for i in task.inspectors
            ]
            assert sorted(keys) == keys  # the team in T-key order
            counts.update(task.inspectors)
        assert {p.id: counts[p.id] for p in self.roster} == dict(assignment.loads)
        if self.plan.team.max_load is not None:
            assert max(counts.values(), default=0) <= self.plan.team.max_load

    def eligibility_class(self, person: Inspector, draw: SubjectDraw) -> tuple[Any, ...]:
        """The places ``person`` may fill: a team-independent view of same eligibility."""
        tasks = frozenset(
            d.subject.id for d in draw.drawn if self.eligible(person, d.subject, d.period)
        )
        role = (
            "lead"
            if self.plan.team.leader and self.can_lead(person)
            else person.department
            if self.plan.team.every_department and self.plan.joint
            else ""
        )
        return tasks, role

    def check_balance(self, assignment: Assignment) -> None:
        """Among inspectors of the same eligibility, loads differ by at most one."""
        classes: dict[tuple[Any, ...], list[int]] = {}
        for person in self.roster:
            where = self.eligibility_class(person, assignment.draw)
            if where[0]:
                classes.setdefault(where, []).append(assignment.loads[person.id])
        for loads in classes.values():
            assert max(loads) - min(loads) <= 1, classes

    def check_certificate(self, certificate: Infeasibility, draw: SubjectDraw) -> None:
        """The certificate is a real obstruction: its places need more than anyone can give."""
        cap = self.plan.team.max_load
        periods = {d.subject.id: d.period for d in draw.drawn}
        registry = draw.registry
        assert certificate.places
        by_task: dict[str, list[Any]] = {}
        for place in certificate.places:
            assert place.count >= 1
            by_task.setdefault(place.subject_id, []).append(place)
        able = {}
        for person in self.roster:
            n = 0
            for subject_id, places in by_task.items():
                subject = registry[subject_id]
                assert all(fits(self, person, place) == place.fits(person) for place in places)
                if self.eligible(person, subject, periods[subject_id]) and any(
                    fits(self, person, place) for place in places
                ):
                    n += 1
            if n:
                able[person.id] = n if cap is None else min(cap, n)
        needed = sum(p.count for p in certificate.places)
        assert needed == certificate.needed
        assert able == dict(certificate.able)
        assert sum(able.values()) == certificate.capacity
        assert certificate.capacity < certificate.needed
        assert set(certificate.unable) == {p.id for p in self.roster} - set(able)
        assert all(certificate.unable.values())


def fits(rules: Rules, person: Inspector, place: Any) -> bool:
    """Whether a person suits a certificate's place by role (independently of Place.fits)."""
    if place.role == "leader":
        return rules.can_lead(person) and person.department == place.department
    if place.role == "department":
        return person.department == place.department
    assert place.role == "any"
    return True


# --- the documented procedure, re-implemented from docs/assignment.md -------------------------


def reference_places(plan: Plan, rules: Rules) -> list[tuple[str, str | None]]:
    """The places of a team, in the order they are filled (docs/assignment.md, step 2)."""
    team_rule = plan.team
    places: list[tuple[str, str | None]] = []
    if team_rule.leader:
        places.append(("leader", plan.department))
    if team_rule.every_department and plan.joint:
        places += [
            ("department", d)
            for d in sorted(plan.departments)
            if not (team_rule.leader and d == plan.department)
        ]
    return places + [("any", None)] * (rules.team_size - len(places))


def reference_walk(
    candidates: list[Inspector], recused: Any, order: Any
) -> tuple[Inspector | None, list[Inspector]]:
    """One place's walk: level by level, blocks of 4, by key; the first who may serve."""
    passed = []
    for _, level in itertools.groupby(candidates, key=lambda p: p.load):
        line = list(level)
        for start in range(0, len(line), 4):
            for person in sorted(line[start : start + 4], key=order):
                if not recused(person):
                    return person, passed
                passed.append(person)
    return None, passed


@attrs.define
class Candidate:
    """An inspector with its load and last key, for the reference walk."""

    person: Inspector
    load: int
    last: bytes


def reference(
    draw: SubjectDraw, roster: Sequence[Inspector], rules: Rules, seed: Seed
) -> tuple[list[tuple[str, tuple[str, ...], str | None]], list[tuple[str, str, str]]]:
    """randinspect-staff/1 without max load and swaps, as docs/assignment.md states it.

    Returns each task's (id, team in draw order, leader) and the skips as
    (task id, skipped, who took the place). Raises LookupError when a place
    cannot be filled.
    """
    plan = draw.plan
    tasks: list[tuple[str, tuple[str, ...], str | None]] = []
    skips: list[tuple[str, str, str]] = []
    if not draw.drawn:
        return tasks, skips
    first = draw.drawn[0].subject.id
    serving = [
        Candidate(person=p, load=0, last=key(seed, plan.id, first, p.id))
        for p in roster
        if p.department in plan.departments
        and p.certified
        and rules.qualified(p)
        and p.id not in rules.absent
    ]
    roles = {"leader": rules.can_lead, "any": lambda p: True}
    for d in draw.drawn:
        subject = d.subject
        team: list[Candidate] = []
        logged: set[str] = set()
        for role, department in reference_places(plan, rules):
            suits = roles.get(role, lambda p, dep=department: p.department == dep)
            expiry = [c.person.certificate_expires for c in serving]
            candidates = sorted(
                (
                    c
                    for c, ends in zip(serving, expiry, strict=True)
                    if suits(c.person) and c not in team and (ends is None or ends >= d.period.end)
                ),
                key=lambda c: (c.load, c.last[16:], c.person.id.encode()),
            )
            chosen, passed = reference_walk(
                candidates,
                lambda c, subject=subject: rules.recused(c.person, subject),
                lambda c, subject=subject: key(seed, plan.id, subject.id, c.person.id),
            )
            if chosen is None:
                raise LookupError(subject.id)
            team.append(chosen)
            chosen.load += 1
            chosen.last = key(seed, plan.id, subject.id, chosen.person.id)
            for c in passed:
                if c.person.id not in logged:
                    logged.add(c.person.id)
                    skips.append((f"{plan.id}/{subject.id}", c.person.id, chosen.person.id))
        ordered = sorted(team, key=lambda c: key(seed, plan.id, subject.id, c.person.id))
        leader = next((c.person.id for c in ordered if rules.can_lead(c.person)), None)
        tasks.append(
            (
                f"{plan.id}/{subject.id}",
                tuple(c.person.id for c in ordered),
                leader if plan.team.leader else None,
            )
        )
    return tasks, skips


# --- strategies -------------------------------------------------------------------------------


@st.composite
def instances(
    draw: st.DrawFn, *, tasks: int, roster: int, capped: bool, rules: bool = True
) -> dict[str, Any]:
    """A random small instance: plan, registry, roster, conflicts, unavailability, seed.

    Weighted so that about half the instances can be staffed and some of those
    only by moving inspectors between tasks.
    """

    def chance(percent: int) -> bool:
        """True about ``percent`` % of the time; False is the simplest (shrunk) answer."""
        return draw(st.integers(0, 99)) >= 100 - percent

    partners = draw(st.sets(st.sampled_from(["fire", "market"]), max_size=2))
    plan = make_plan(
        partners=partners,
        size=draw(st.integers(2, 3)),
        leader=draw(st.booleans()),
        every_department=draw(st.booleans()),
        max_load=draw(st.integers(1, 3)) if capped and chance(60) else None,
        periods=draw(st.sampled_from([(H1, H2), (Period.whole_year(YEAR),)])),
        qualifications=draw(
            st.sampled_from([{}, {"civil": "elder-care"}, {"fire": "fire-safety"}])
        ),
    )
    registry = subjects(draw(st.integers(1, tasks)), regions=2)
    subject_ids = [s.id for s in registry]
    departments = sorted(plan.departments)
    people = [
        Inspector(
            id=f"i{n}",
            department="police"
            if chance(8)
            else draw(st.sampled_from(departments))
            if chance(40)
            else departments[n % len(departments)],
            certified=not chance(8),
            certificate_expires=dt.date(YEAR, 9, 30) if chance(15) else None,
            qualifications=set() if chance(15) else {"elder-care", "fire-safety"},
            can_lead=not chance(40),
            conflicts={draw(st.sampled_from(subject_ids))} if chance(20) else set(),
            attributes={"region": draw(st.sampled_from(["r0", "r1"]))} if chance(50) else {},
        )
        for n in range(draw(st.sampled_from(range(roster, 1, -1))))
    ]
    ids = [p.id for p in people]
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(subject_ids)), max_size=2)
    )
    conflicts: list[Any] = list(pairs)
    if rules and chance(30):
        conflicts.append(SameAttribute("region"))
    unavailable: list[Any] = [draw(st.sampled_from(ids))] if chance(15) else []
    if chance(30):
        unavailable.append((draw(st.sampled_from(ids)), draw(st.sampled_from(subject_ids))))
    return {
        "plan": plan,
        "registry": registry,
        "roster": people,
        "conflicts": conflicts,
        "unavailable": unavailable,
        "seed": draw(rst.seeds()),
    }


@st.composite
def tight_instances(draw: st.DrawFn) -> dict[str, Any]:
    """Small instances where capacity just meets demand, so the walk often needs repairs."""
    tasks = draw(st.integers(3, 4))
    cap = draw(st.sampled_from([1, 2]))
    plan = make_plan(size=2, leader=draw(st.booleans()), max_load=cap)
    registry = subjects(tasks)
    subject_ids = [s.id for s in registry]
    size = -(-2 * tasks // cap) + draw(st.integers(0, 1))
    people = [
        inspector(
            f"i{n}",
            can_lead=draw(st.booleans()),
            conflicts=draw(st.sets(st.sampled_from(subject_ids), max_size=2)),
        )
        for n in range(size)
    ]
    return {
        "plan": plan,
        "registry": registry,
        "roster": people,
        "conflicts": [],
        "unavailable": [],
        "seed": draw(rst.seeds()),
    }


def run(instance: dict[str, Any], **options: Any) -> tuple[Rules, SubjectDraw, Any]:
    """Draw and assign an instance; return the rules, the draw and the assignment or error."""
    plan = instance["plan"]
    draw = draw_all(plan, instance["registry"], instance["seed"])
    rules = Rules.of(plan, instance["roster"], instance["conflicts"], instance["unavailable"])
    try:
        result: Any = assign_inspectors(
            draw,
            instance["roster"],
            seed=instance["seed"],
            conflicts=instance["conflicts"],
            unavailable=instance["unavailable"],
            **options,
        )
    except InfeasibleAssignmentError as error:
        result = error
    return rules, draw, result


FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- properties -------------------------------------------------------------------------------


def agrees_with_exhaustive_search(rules: Any, draw: SubjectDraw, result: Any) -> None:
    """A valid, balanced assignment when exhaustive search finds one; else a real certificate."""
    if rules.feasible(draw):
        assert isinstance(result, Assignment), result
        rules.check(result)
        rules.check_balance(result)
        event("feasible")
        for action in sorted({e.action.value for e in result.log}):
            event(f"log has {action}")
    else:
        assert isinstance(result, InfeasibleAssignmentError)
        rules.check_certificate(result.certificate, draw)
        event(f"infeasible, certificate over {len(result.certificate.task_ids)} task(s)")


@FAST
@given(instances(tasks=4, roster=6, capped=True))
def test_succeeds_exactly_when_an_exhaustive_search_finds_a_valid_assignment(
    instance: dict[str, Any],
) -> None:
    """Succeeds exactly when exhaustive search finds a valid assignment.

    Feasibility-complete: never a failure when a valid assignment exists; and every
    certificate given is a real Hall-type obstruction: its places need more than all
    able inspectors can give, each held to the max load.
    """
    agrees_with_exhaustive_search(*run(instance))


@FAST
@given(tight_instances(), st.sampled_from(["replace", "swap"]))
def test_succeeds_exactly_when_feasible_under_a_tight_max_load(
    instance: dict[str, Any], recusal: str
) -> None:
    """Feasibility-completeness where capacity just meets demand and repairs are common.

    Succeeds exactly when exhaustive search finds a valid assignment; every team is
    valid, loads balanced, and every certificate a real obstruction.
    """
    agrees_with_exhaustive_search(*run(instance, recusal=recusal))


@FAST
@given(instances(tasks=4, roster=6, capped=True))
def test_swapping_subjects_keeps_every_guarantee(instance: dict[str, Any]) -> None:
    """Recusal by swapping subjects (003 art. 15) keeps every guarantee.

    It is feasibility-complete too, its teams valid and its loads balanced.
    """
    rules, draw, result = run(instance, recusal="swap")
    if rules.feasible(draw):
        assert isinstance(result, Assignment), result
        rules.check(result)
        rules.check_balance(result)
    else:
        rules.check_certificate(result.certificate, draw)


@settings(max_examples=120, deadline=None)
@given(instances(tasks=12, roster=16, capped=False))
def test_follows_the_documented_procedure(instance: dict[str, Any]) -> None:
    """The teams, leaders and skip log are those of docs/assignment.md, re-implemented."""
    rules, draw, result = run(instance)
    try:
        expected = reference(draw, instance["roster"], rules, instance["seed"])
    except LookupError:
        assert isinstance(result, InfeasibleAssignmentError)
        return
    assert isinstance(result, Assignment)
    tasks = [(t.id, t.inspectors, t.leader) for t in result.tasks]
    skips = [
        (e.task_id, e.inspector_id, e.other_id)
        for e in result.log
        if e.action is StaffingAction.SKIPPED
    ]
    assert expected == (tasks, skips)


@settings(max_examples=40, deadline=None)
@given(instances(tasks=12, roster=16, capped=True), st.randoms(use_true_random=False))
def test_same_inputs_same_result_in_any_order(
    instance: dict[str, Any], rnd: random.Random
) -> None:
    """The same seed gives the same assignment, in any input order.

    The order of the roster, the conflicts and the unavailability never matters.
    """
    _, _, first = run(instance)
    shuffled = dict(instance)
    for name in ("roster", "conflicts", "unavailable"):
        shuffled[name] = rnd.sample(instance[name], len(instance[name]))
    _, _, second = run(shuffled)
    if isinstance(first, Assignment):
        assert first == second
        assert first.record() == second.record()
    else:
        assert str(first) == str(second)


@settings(max_examples=40, deadline=None)
@given(instances(tasks=12, roster=16, capped=True))
def test_larger_instances_staff_valid_balanced_teams(instance: dict[str, Any]) -> None:
    """Larger instances get valid, balanced teams, or a certified failure.

    Beyond exhaustive search: every team is valid, the max load is kept, loads of the
    same eligibility differ by at most one; any failure is a real obstruction.
    """
    rules, draw, result = run(instance)
    if isinstance(result, Assignment):
        rules.check(result)
        rules.check_balance(result)
    else:
        rules.check_certificate(result.certificate, draw)


def test_loads_spread_evenly_over_a_large_uniform_roster() -> None:
    """With a roster of interchangeable inspectors, loads differ by at most one overall."""
    plan = make_plan(size=3, leader=False)
    roster = [inspector(f"i{n:02d}") for n in range(17)]
    assignment = assign_inspectors(draw_all(plan, subjects(100)), roster, seed=SEED)
    loads = list(assignment.loads.values())
    assert 300 == sum(loads)
    assert max(loads) - min(loads) <= 1


@pytest.mark.parametrize("lapsing", [2, 4, 8])
def test_follows_the_documented_procedure_with_many_lapsed_certificates(lapsing: int) -> None:
    """The documented procedure holds when many candidates lapse within a period.

    All but one in ``lapsing`` of the certificates end at mid-year, so the second
    half-year's lines hold many candidates who may not serve there (R1.3).
    """
    plan = make_plan(size=3)
    roster = [
        inspector(f"i{n:02d}", certificate_expires=dt.date(YEAR, 6, 30) if n % lapsing else None)
        for n in range(24)
    ]
    conflicts: list[Any] = [("i03", "s4"), ("i10", "s7")]
    draw = draw_all(plan, subjects(80))
    assignment = assign_inspectors(draw, roster, seed=SEED, conflicts=conflicts)
    rules = Rules.of(plan, roster, conflicts)
    rules.check(assignment)
    rules.check_balance(assignment)
    tasks = [(t.id, t.inspectors, t.leader) for t in assignment.tasks]
    skips = [
        (e.task_id, e.inspector_id, e.other_id)
        for e in assignment.log
        if e.action is StaffingAction.SKIPPED
    ]
    assert reference(draw, roster, rules, SEED) == (tasks, skips)


def test_a_repair_may_move_a_member_between_places_of_its_task() -> None:
    """A repair path can pass through a member changing places within its own task.

    (An instance found by search: the augmenting path moves a fire inspector
    into the fire place of a task so that another inspector can leave it.)
    """
    plan = make_plan(partners={"fire"}, size=3, leader=False, max_load=2)
    roster = [
        inspector("i0", "fire", can_lead=False, conflicts={"s0", "s1"}),
        inspector("i1", "fire"),
        inspector("i2", "fire"),
        inspector("i3", conflicts={"s1"}),
        inspector("i4", can_lead=False, conflicts={"s0"}),
        inspector("i5", conflicts={"s0", "s2"}),
    ]
    seed = Seed.derive("search", "950")
    draw = draw_all(plan, subjects(4), seed)
    rules = Rules.of(plan, roster)
    assert rules.feasible(draw)
    assignment = assign_inspectors(draw, roster, seed=seed)
    rules.check(assignment)
    rules.check_balance(assignment)
    assert any(e.action is StaffingAction.REPAIRED for e in assignment.log)


def test_swaps_are_followed_by_rebalancing() -> None:
    """After a swap leaves two interchangeable inspectors two tasks apart, one hands over.

    (An instance found by search.) The log says who handed which task to whom.
    """
    plan = make_plan(size=2, leader=False)
    roster = [inspector("i0"), inspector("i1", conflicts={"s0", "s2"}), inspector("i2")]
    seed = Seed.derive("search", "1254")
    draw = draw_all(plan, subjects(6), seed)
    unused_rule = [SameAttribute("region")]  # no subject has a region: it never bites
    assignment = assign_inspectors(draw, roster, seed=seed, recusal="swap", conflicts=unused_rule)
    rules = Rules.of(plan, roster, unused_rule)
    rules.check(assignment)
    rules.check_balance(assignment)
    actions = [e.action for e in assignment.log]
    assert StaffingAction.SWAPPED in actions
    assert StaffingAction.REBALANCED in actions
    assert 1 == sum(e.inspector_id == "i1" for e in assignment.log)  # one swap, no skip line


# --- the draw order (randinspect-draw/1 T keys) -----------------------------------------------


def test_first_task_takes_the_smallest_keys_per_place() -> None:
    """The first task's places go to the smallest T keys, computed with hashlib.

    With no more candidates than a block, the leader place goes to the can-lead
    inspector with the smallest key and the open place to the smallest key of the rest.
    """
    assert 5 <= TEAM_WINDOW + 1
    plan = make_plan(size=2)
    roster = [
        inspector("lead-1"),
        inspector("lead-2"),
        inspector("m1", can_lead=False),
        inspector("m2", can_lead=False),
        inspector("m3", can_lead=False),
    ]
    draw = draw_all(plan, subjects(1))
    assignment = assign_inspectors(draw, roster, seed=SEED)
    task = assignment.tasks[0]
    leader = min(["lead-1", "lead-2"], key=lambda i: key(SEED, "p", "s0", i))
    other = min([r.id for r in roster if r.id != leader], key=lambda i: key(SEED, "p", "s0", i))
    assert leader == task.leader
    assert sorted([leader, other], key=lambda i: key(SEED, "p", "s0", i)) == list(task.inspectors)


def test_task_fields() -> None:
    """A task is plan/subject with the plan's items, department, unit, year and its period.

    It is a random task (R4.7, R5).
    """
    plan = make_plan(partners={"fire"}, size=2)
    roster = [inspector("c1"), inspector("f1", "fire"), inspector("f2", "fire")]
    draw = draw_all(plan, subjects(3))
    assignment = assign_inspectors(draw, roster, seed=SEED)
    periods = {d.subject.id: d.period for d in draw.drawn}
    assert [f"p/{d.subject.id}" for d in draw.drawn] == [t.id for t in assignment.tasks]
    for task in assignment.tasks:
        assert ("item-civil", "item-fire") == task.items
        assert ("p", "civil", "u1", YEAR, TaskKind.RANDOM) == (
            task.plan_id,
            task.department,
            task.unit,
            task.year,
            task.kind,
        )
        assert periods[task.subject_id] == task.period


# --- recusal and unavailability (R4.3, R4.4) --------------------------------------------------


def smallest(subject_id: str, ids: Iterable[str]) -> str:
    """The id with the smallest T key for one subject."""
    return min(ids, key=lambda i: key(SEED, "p", subject_id, i))


def test_recused_inspector_is_skipped_logged_and_replaced_by_the_next() -> None:
    """A recusing inspector is skipped, logged, and the next takes the place (R4.3).

    The inspector who would be drawn first has a declared conflict.
    """
    plan = make_plan(size=2, leader=False)
    ids = ["i1", "i2", "i3"]
    first = smallest("s0", ids)
    roster = [inspector(i, conflicts={"s0"} if i == first else ()) for i in ids]
    assignment = assign_inspectors(draw_all(plan, subjects(1)), roster, seed=SEED)
    rest = sorted((i for i in ids if i != first), key=lambda i: key(SEED, "p", "s0", i))
    assert tuple(rest) == assignment.tasks[0].inspectors
    (entry,) = assignment.log
    assert (StaffingAction.SKIPPED, "p/s0", first, StaffingReason.CONFLICT, rest[0], "R4.3") == (
        entry.action,
        entry.task_id,
        entry.inspector_id,
        entry.reason,
        entry.other_id,
        entry.rule,
    )
    assert "declared a conflict with subject 's0'" in entry.detail


@pytest.mark.parametrize(
    ("source", "reason", "words"),
    [
        ("pair", StaffingReason.CONFLICT, "listed conflict of interest with subject 's0' (R4.3)"),
        ("rule", StaffingReason.CONFLICT, "same region as subject 's0': 'r0'"),
        ("absent", StaffingReason.UNAVAILABLE, "unavailable for subject 's0' (R4.4)"),
    ],
)
def test_every_source_of_recusal_is_logged_with_its_reason(
    source: str, reason: StaffingReason, words: str
) -> None:
    """Every source of recusal skips the inspector with a logged reason naming the subject.

    Listed pairs, attribute rules (所所交叉) and per-task unavailability (R4.3, R4.4).
    """
    plan = make_plan(size=2, leader=False)
    ids = ["i1", "i2", "i3"]
    first = smallest("s0", ids)
    roster = [inspector(i, attributes={"region": "r0" if i == first else "r9"}) for i in ids]
    conflicts: list[Any] = {
        "pair": [(first, "s0")],
        "rule": [SameAttribute("region")],
        "absent": [],
    }[source]
    unavailable = [(first, "s0")] if source == "absent" else []
    assignment = assign_inspectors(
        draw_all(plan, subjects(1, regions=1)),
        roster,
        seed=SEED,
        conflicts=conflicts,
        unavailable=unavailable,
    )
    assert first not in assignment.tasks[0].inspectors
    (entry,) = assignment.log
    assert (first, reason) == (entry.inspector_id, entry.reason)
    assert words in entry.detail


def test_unavailable_for_the_whole_assignment_is_left_out_once() -> None:
    """An inspector unavailable for the whole assignment is in no team and logged once (R4.4)."""
    plan = make_plan(size=2, leader=False)
    roster = [inspector(f"i{n}") for n in range(4)]
    assignment = assign_inspectors(
        draw_all(plan, subjects(6)), roster, seed=SEED, unavailable=["i2"]
    )
    assert all("i2" not in t.inspectors for t in assignment.tasks)
    left = [e for e in assignment.log if e.action is StaffingAction.LEFT_OUT]
    assert [("i2", None, StaffingReason.UNAVAILABLE)] == [
        (e.inspector_id, e.task_id, e.reason) for e in left
    ]
    assert 0 == assignment.loads["i2"]


def test_same_region_rule_crosses_regions() -> None:
    """With SameAttribute("region"), nobody inspects a subject of their own region (所所交叉)."""
    plan = make_plan(size=2, leader=False)
    roster = [inspector(f"i{n}", attributes={"region": f"r{n % 3}"}) for n in range(9)]
    draw = draw_all(plan, subjects(30, regions=3))
    assignment = assign_inspectors(draw, roster, seed=SEED, conflicts=[SameAttribute("region")])
    regions = {p.id: p.attributes["region"] for p in roster}
    for task in assignment.tasks:
        subject = draw.registry[task.subject_id]
        assert all(regions[i] != subject.attributes["region"] for i in task.inspectors)


def test_same_attribute_may_compare_differently_named_attributes() -> None:
    """SameAttribute("region", inspector_name="home") compares the inspector's "home"."""
    plan = make_plan(size=2, leader=False)
    roster = [inspector(f"i{n}", attributes={"home": f"r{n % 2}"}) for n in range(6)]
    draw = draw_all(plan, subjects(10, regions=2))
    rule = SameAttribute("region", inspector_name="home")
    assignment = assign_inspectors(draw, roster, seed=SEED, conflicts=[rule])
    for task in assignment.tasks:
        home = {p.id: p.attributes["home"] for p in roster}
        region = draw.registry[task.subject_id].attributes["region"]
        assert all(home[i] != region for i in task.inspectors)


def test_swap_recusal_trades_subjects_with_an_earlier_team() -> None:
    """With recusal="swap", a recusing inspector trades subjects with an earlier team.

    It takes the place of an inspector of an earlier task, who takes its place here;
    both are logged (003 art. 15).
    """
    plan = make_plan(size=2, leader=False)
    roster = [inspector(f"i{n}") for n in range(4)]
    draw = draw_all(plan, subjects(8))
    plain = assign_inspectors(draw, roster, seed=SEED)
    # Make the first member of the last task recuse from it.
    last = plain.tasks[-1]
    who = last.inspectors[0]
    conflicts = [(who, last.subject_id)]
    swapped = assign_inspectors(draw, roster, seed=SEED, conflicts=conflicts, recusal="swap")
    rules = Rules.of(plan, roster, conflicts)
    rules.check(swapped)
    rules.check_balance(swapped)
    assert who not in swapped.task(last.id).inspectors
    entries = [e for e in swapped.log if e.action is StaffingAction.SWAPPED]
    assert entries
    assert all(e.other_task_id is not None and e.rule == "R4.3" for e in entries)
    assert any(e.inspector_id == who for e in entries)


# --- feasibility: the max load and certificates -----------------------------------------------


def test_max_load_forces_a_repair_the_greedy_walk_would_miss() -> None:
    """A repair moves inspectors between tasks when the walk alone would fail.

    No free inspector is left for a place, but moving inspectors makes room: the
    assignment succeeds within the max load and logs the moves.
    """
    plan = make_plan(size=2, leader=False, max_load=1)
    # s1 can only be inspected by a and b; when s0 comes first, the walk is likely to
    # give it a or b, and s1 then needs a repair: s0 to c and d, s1 to a and b.
    roster = [inspector("a"), inspector("b")] + [
        inspector(i, conflicts={"s1"}) for i in ("c", "d")
    ]
    rules = Rules.of(plan, roster)
    repaired = 0
    for n in range(30):
        seed = Seed.derive("repair", str(n))
        draw = draw_all(plan, subjects(2), seed)
        assignment = assign_inspectors(draw, roster, seed=seed)
        rules.check(assignment)
        assert {"a", "b"} == set(assignment.task("p/s1").inspectors)
        moves = [e for e in assignment.log if e.action is StaffingAction.REPAIRED]
        repaired += bool(moves)
        assert all(e.rule == "TeamRule.max_load" for e in moves)
    assert repaired > 0


def test_no_can_lead_inspector_gives_a_certificate() -> None:
    """A leader required but nobody eligible able to lead gives a certificate (R4.5).

    The error names the leader place, why each inspector cannot fill it, and the fix.
    """
    plan = make_plan(size=2)
    roster = [
        inspector("m1", can_lead=False),
        inspector("m2", can_lead=False),
        inspector("x1", "police"),
        inspector("lead-expired", certificate_expires=dt.date(YEAR, 3, 1)),
    ]
    draw = draw_all(plan, subjects(2))
    with pytest.raises(InfeasibleAssignmentError) as caught:
        assign_inspectors(draw, roster, seed=SEED)
    certificate = caught.value.certificate
    Rules.of(plan, roster).check_certificate(certificate, draw)
    assert ["leader"] == [p.role for p in certificate.places]
    assert (1, 0) == (certificate.needed, certificate.capacity)
    reasons = {i: {r.reason for r in rs} for i, rs in certificate.unable.items()}
    assert {
        "m1": {StaffingReason.WRONG_PLACE},
        "m2": {StaffingReason.WRONG_PLACE},
        "x1": {StaffingReason.WRONG_DEPARTMENT},
        "lead-expired": {StaffingReason.EXPIRED},
    } == reasons
    message = str(caught.value)
    for words in ("Plan 'p'", "leader", "R4.5", "add inspectors"):
        assert words in message
    assert "can-lead member of 'civil'" in certificate.explain()


def test_max_load_shortage_is_certified_over_several_tasks() -> None:
    """A max-load shortage is certified over several tasks.

    Three tasks need a leader each but the two leaders may carry one task each: the
    certificate covers several tasks, counts each leader once, suggests the max load.
    """
    plan = make_plan(size=2, max_load=1)
    roster = [inspector("L1"), inspector("L2")] + [
        inspector(f"m{n}", can_lead=False) for n in range(6)
    ]
    draw = draw_all(plan, subjects(3))
    with pytest.raises(InfeasibleAssignmentError) as caught:
        assign_inspectors(draw, roster, seed=SEED)
    certificate = caught.value.certificate
    Rules.of(plan, roster).check_certificate(certificate, draw)
    assert {"L1": 1, "L2": 1} == dict(certificate.able)
    assert (3, 2) == (certificate.needed, certificate.capacity)
    assert 3 == len(certificate.task_ids)
    assert "raise the plan's team.max_load" in str(caught.value)
    assert json.dumps(certificate.to_data())


def test_certificate_reasons_name_lapsed_periods_and_summarise_long_lists() -> None:
    """A certificate counts a lapsing leader where it may serve; long reason lists shorten.

    Over many tasks, a leader whose certificate lapses at mid-year is able for the
    first half-year's tasks; a leader in conflict with every subject gets five reasons
    and a count of the rest.
    """
    plan = make_plan(size=2, max_load=1)
    leaders = [inspector(f"L{n}") for n in range(1, 6)]
    lapsing = inspector("L6", certificate_expires=dt.date(YEAR, 6, 30))
    conflicted = inspector("L7", conflicts={f"s{n}" for n in range(8)})
    members = [inspector(f"m{n}", can_lead=False) for n in range(10)]
    roster = [*leaders, lapsing, conflicted, *members]
    draw = draw_all(plan, subjects(8))
    with pytest.raises(InfeasibleAssignmentError) as caught:
        assign_inspectors(draw, roster, seed=SEED)
    certificate = caught.value.certificate
    Rules.of(plan, roster).check_certificate(certificate, draw)
    assert 1 == certificate.able["L6"]
    reasons = certificate.unable["L7"]
    assert 6 == len(reasons)
    assert all(r.reason is StaffingReason.CONFLICT for r in reasons)
    assert reasons[-1].detail.startswith("and ")
    assert "more" in certificate.summary()
    assert all(str(place).endswith("R4.5)") for place in certificate.places)


@pytest.mark.parametrize(
    ("role", "department", "words", "suits"),
    [
        ("leader", "civil", "1 leader place (a can-lead member of 'civil', R4.5)", [True, False]),
        ("department", "fire", "1 place for a member of 'fire' (R4.6)", [False, False]),
        ("any", None, "1 open place", [True, True]),
    ],
)
def test_places_say_what_they_need(
    role: str, department: str | None, words: str, suits: list[bool]
) -> None:
    """A certificate's place reads as what it needs, and knows whom it suits by role."""
    place = Place(task_id="p/s0", subject_id="s0", role=role, department=department, count=1)
    assert f"task 'p/s0': {words}" == str(place)
    assert suits == [place.fits(inspector("c1")), place.fits(inspector("c2", can_lead=False))]


def test_too_few_inspectors_for_the_team_size() -> None:
    """Too few eligible inspectors for the team size: every other one's reason is given.

    Uncertified (R1.3), unqualified (R3.2), wrong department (R4.6).
    """
    plan = make_plan(size=3, leader=False, qualifications={"civil": "elder-care"})
    roster = [
        inspector("ok1", qualifications={"elder-care"}),
        inspector("ok2", qualifications={"elder-care"}),
        inspector("no-cert", certified=False, qualifications={"elder-care"}),
        inspector("no-qual"),
        inspector("elsewhere", "police"),
    ]
    draw = draw_all(plan, subjects(1))
    with pytest.raises(InfeasibleAssignmentError) as caught:
        assign_inspectors(draw, roster, seed=SEED)
    certificate = caught.value.certificate
    Rules.of(plan, roster).check_certificate(certificate, draw)
    assert ["task 'p/s0': 3 open places"] == [str(p) for p in certificate.places]
    reasons = {i: [r.reason for r in rs] for i, rs in certificate.unable.items()}
    assert {
        "no-cert": [StaffingReason.UNCERTIFIED],
        "no-qual": [StaffingReason.UNQUALIFIED],
        "elsewhere": [StaffingReason.WRONG_DEPARTMENT],
    } == reasons


def test_joint_plan_raises_the_team_size_to_cover_every_department() -> None:
    """A joint plan's team grows to give every department a member, with a note (R4.6).

    Three departments and size 2 make teams of 3, one per department.
    """
    plan = make_plan(partners={"fire", "market"}, size=2)
    roster = [
        inspector("c1"),
        inspector("c2", can_lead=False),
        inspector("f1", "fire"),
        inspector("k1", "market"),
        inspector("k2", "market"),
    ]
    assignment = assign_inspectors(draw_all(plan, subjects(4)), roster, seed=SEED)
    Rules.of(plan, roster).check(assignment)
    assert 3 == assignment.team_size
    assert any("raised from 2 to 3" in note for note in assignment.notes)


def test_leader_place_also_counts_for_the_initiating_department() -> None:
    """The leader place also counts for the initiating department: they never compete.

    With size 2 and two departments, the one can-lead civil inspector is both.
    """
    plan = make_plan(partners={"fire"}, size=2)
    roster = [inspector("c1"), inspector("c2", can_lead=False), inspector("f1", "fire")]
    assignment = assign_inspectors(draw_all(plan, subjects(3)), roster, seed=SEED)
    assert all({"c1", "f1"} == set(t.inspectors) for t in assignment.tasks)
    assert all("c1" == t.leader for t in assignment.tasks)


def test_certificate_expiring_within_a_period_keeps_the_inspector_out_of_it() -> None:
    """An inspector whose certificate ends before a period ends serves none of its tasks."""
    plan = make_plan(size=2, leader=False)
    roster = [inspector("short", certificate_expires=dt.date(YEAR, 6, 30))] + [
        inspector(f"i{n}") for n in range(3)
    ]
    assignment = assign_inspectors(draw_all(plan, subjects(12)), roster, seed=SEED)
    for task in assignment.tasks:
        if task.period == H2:
            assert "short" not in task.inspectors
    assert assignment.loads["short"] > 0


def test_qualifications_are_those_of_the_inspectors_own_department() -> None:
    """Qualifications (R3.2) are those of the check items of the inspector's department.

    A fire inspector needs the fire item's qualification; a civil one does not.
    """
    plan = make_plan(partners={"fire"}, size=2, qualifications={"fire": "fire-safety"})
    roster = [
        inspector("c1"),
        inspector("f-unqualified", "fire"),
        inspector("f-qualified", "fire", qualifications={"fire-safety"}),
    ]
    assignment = assign_inspectors(draw_all(plan, subjects(3)), roster, seed=SEED)
    assert all({"c1", "f-qualified"} == set(t.inspectors) for t in assignment.tasks)


# --- fairness ---------------------------------------------------------------------------------

CHI2_CRITICAL_10_DOF = 29.588  # p = 0.001: a fixed threshold, and fixed seeds, never flaky


def chi_square(counts: Sequence[int]) -> float:
    """Pearson's statistic against equal expected counts."""
    expected = sum(counts) / len(counts)
    return sum((c - expected) ** 2 / expected for c in counts)


def fairness_counts(pick: Any) -> tuple[Counter[str], list[str]]:
    """How often each inspector is on task p/s0 over 800 fixed seeds, under ``pick``."""
    plan = make_plan(size=2, leader=False)
    ids = [f"i{n:02d}" for n in range(12)]
    roster = [inspector(i, conflicts={"s0"} if i == "i00" else ()) for i in ids]
    registry = subjects(8)
    counts: Counter[str] = Counter()
    for n in range(800):
        seed = Seed.derive("fairness", str(n))
        counts.update(pick(draw_all(plan, registry, seed), roster, seed))
    return counts, ids


def test_each_eligible_inspector_is_equally_likely_on_a_task() -> None:
    """Each eligible inspector is equally likely to be on a task; a recused one never.

    Over 800 fixed seeds, the 11 inspectors who may serve task p/s0 are on it equally
    often: chi-square below the p = 0.001 critical value.
    """

    def staffed(draw: SubjectDraw, roster: list[Inspector], seed: Seed) -> tuple[str, ...]:
        return assign_inspectors(draw, roster, seed=seed).task("p/s0").inspectors

    counts, ids = fairness_counts(staffed)
    assert 0 == counts["i00"]
    assert chi_square([counts[i] for i in ids[1:]]) < CHI2_CRITICAL_10_DOF


def test_the_fairness_statistic_catches_a_biased_procedure() -> None:
    """The fairness statistic catches a biased procedure, so the fairness test can fail.

    The biased procedure gives one inspector two chances in the key draw.
    """

    def biased(draw: SubjectDraw, roster: list[Inspector], seed: Seed) -> list[str]:
        def rank(i: str) -> bytes:
            own = key(seed, "p", "s0", i)
            return min(own, hashlib.sha256(own).digest()) if i == "i01" else own

        return sorted((r.id for r in roster if r.id != "i00"), key=rank)[:2]

    counts, ids = fairness_counts(biased)
    assert chi_square([counts[i] for i in ids[1:]]) > CHI2_CRITICAL_10_DOF


# --- replace_inspector (R4.4, after publication) ----------------------------------------------


def test_replace_takes_the_next_in_the_tasks_draw_order() -> None:
    """A dropped-out member is replaced by the next in the task's T-key order (R4.4).

    Only that task and two loads change, and the log says why.
    """
    plan = make_plan(size=2, leader=False)
    roster = [inspector(f"i{n}") for n in range(6)]
    assignment = assign_inspectors(draw_all(plan, subjects(4)), roster, seed=SEED)
    task = assignment.tasks[0]
    gone = task.inspectors[0]
    order = sorted((r.id for r in roster), key=lambda i: key(SEED, "p", task.subject_id, i))
    expected = next(i for i in order if i not in task.inspectors)
    after = replace_inspector(assignment, task.id, gone, reason="ill")
    Rules.of(plan, roster).check(after)
    new = after.task(task.id)
    assert {expected, task.inspectors[1]} == set(new.inspectors)
    assert assignment.tasks[1:] == after.tasks[1:]
    assert assignment.loads[gone] - 1 == after.loads[gone]
    assert assignment.loads[expected] + 1 == after.loads[expected]
    last = after.log[-1]
    assert (StaffingAction.REPLACED, gone, expected, "R4.4") == (
        last.action,
        last.inspector_id,
        last.other_id,
        last.rule,
    )
    assert "ill" in last.detail


def test_replacing_the_leader_hands_the_lead_on_and_skips_those_who_cannot() -> None:
    """Replacing the leader hands the lead on, skipping those who cannot lead (R4.5).

    Non-leads earlier in the draw order are skipped with the reason.
    """
    plan = make_plan(size=2)
    roster = [inspector("L1"), inspector("L2")] + [
        inspector(f"m{n}", can_lead=False) for n in range(4)
    ]
    assignment = assign_inspectors(draw_all(plan, subjects(1)), roster, seed=SEED)
    task = assignment.tasks[0]
    assert task.leader is not None
    other_leader = ({"L1", "L2"} - {task.leader}).pop()
    after = replace_inspector(assignment, task.id, task.leader, reason="other official duties")
    assert other_leader == after.tasks[0].leader
    order = sorted((r.id for r in roster), key=lambda i: key(SEED, "p", "s0", i))
    passed = [i for i in order[: order.index(other_leader)] if i not in task.inspectors]
    skipped = [e for e in after.log if e.action is StaffingAction.SKIPPED]
    assert passed == [e.inspector_id for e in skipped]
    assert all(e.reason is StaffingReason.WRONG_PLACE for e in skipped)


def test_a_dropped_inspector_never_comes_back_to_the_task() -> None:
    """A dropped inspector never comes back to the task.

    When nobody is left, the error certifies why each inspector cannot take the place.
    """
    plan = make_plan(size=2, leader=False)
    roster = [inspector(f"i{n}") for n in range(3)]
    assignment = assign_inspectors(draw_all(plan, subjects(1)), roster, seed=SEED)
    first = assignment.tasks[0].inspectors[0]
    once = replace_inspector(assignment, "p/s0", first, reason="ill")
    newcomer = once.log[-1].other_id
    assert newcomer is not None
    with pytest.raises(InfeasibleAssignmentError) as caught:
        replace_inspector(once, "p/s0", newcomer, reason="ill too")
    unable = caught.value.certificate.unable
    (staying,) = set(once.tasks[0].inspectors) - {newcomer}
    assert [StaffingReason.DROPPED] == [r.reason for r in unable[first]]
    assert [StaffingReason.DROPPED] == [r.reason for r in unable[newcomer]]
    assert [StaffingReason.ON_TEAM] == [r.reason for r in unable[staying]]
    assert (1, 0) == (caught.value.certificate.needed, caught.value.certificate.capacity)


def test_replacement_skips_a_recused_inspector() -> None:
    """The next in draw order who has a conflict with the subject is skipped and logged."""
    plan = make_plan(size=2, leader=False)
    ids = [f"i{n}" for n in range(5)]
    draw = draw_all(plan, subjects(1))
    plain = assign_inspectors(draw, [inspector(i) for i in ids], seed=SEED)
    team = plain.tasks[0].inspectors
    order = sorted(ids, key=lambda i: key(SEED, "p", "s0", i))
    outside = [i for i in order if i not in team]
    conflicts = [(outside[0], "s0")]
    assignment = assign_inspectors(
        draw, [inspector(i) for i in ids], seed=SEED, conflicts=conflicts
    )
    assert team == assignment.tasks[0].inspectors
    after = replace_inspector(assignment, "p/s0", team[0], reason="called away")
    assert {team[1], outside[1]} == set(after.tasks[0].inspectors)
    skipped = [e for e in after.log if e.action is StaffingAction.SKIPPED]
    assert [(outside[0], StaffingReason.CONFLICT)] == [(e.inspector_id, e.reason) for e in skipped]


def test_replacement_respects_the_max_load() -> None:
    """Inspectors at the max load are passed over, logged as such, for the one with room."""
    plan = make_plan(size=2, leader=False, max_load=1)
    roster = [inspector(f"i{n}") for n in range(5)]
    passed_over = 0
    for n in range(12):
        seed = Seed.derive("replace", str(n))
        assignment = assign_inspectors(draw_all(plan, subjects(2), seed), roster, seed=seed)
        task = assignment.tasks[0]
        after = replace_inspector(assignment, task.id, task.inspectors[0], reason="ill")
        (new,) = set(after.task(task.id).inspectors) - set(task.inspectors)
        assert 0 == assignment.loads[new]
        skipped = [e for e in after.log if e.action is StaffingAction.SKIPPED]
        assert all(e.reason is StaffingReason.AT_MAX_LOAD for e in skipped)
        passed_over += len(skipped)
    assert passed_over > 0


# --- the result's views -----------------------------------------------------------------------


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
    assert ("randinspect-draw/1", "randinspect-staff/1", SEED.hex) == (
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


# --- bad input --------------------------------------------------------------------------------

DRAW = draw_all(make_plan(size=2, leader=False), subjects(2))
ROSTER = [inspector("a"), inspector("b"), inspector("c")]


@pytest.mark.parametrize(
    ("arguments", "error", "fragments"),
    [
        ({"roster": []}, ValidationError, ["roster", "empty", "R1.3"]),
        ({"roster": "abc"}, ValidationError, ["roster", "collection of Inspector"]),
        ({"roster": [ROSTER[0], "b"]}, ValidationError, ["entry 1 is not an Inspector"]),
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
