"""The staffing rules and procedure, restated from the docs, independently of the library.

An oracle for the staffing tests (randinspect-staff/1, R1.3, R3.2, R4): it
never trusts the code under test for what is right. ``Rules`` decides team
validity, eligibility and recusal from the rules alone, decides feasibility by
exhaustive search, checks an assignment's teams, draw order (T keys hashed with
hashlib) and loads, checks the balance bound and recounts a certificate's Hall
bound; ``reference`` re-implements the documented procedure of
``docs/assignment.md`` (steps 1 to 5 and 9) to compare teams, leaders and log.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from randinspect import Period, Plan, Seed, Subject, Task
from randinspect.assignment import Assignment, Infeasibility, SameAttribute
from randinspect.model import Inspector
from randinspect.sampling import SubjectDraw


def key(seed: Seed, plan_id: str, subject_id: str, inspector_id: str) -> bytes:
    """The T key, straight from the spec with hashlib."""
    message = f"{seed.hex}|T|{plan_id}/{subject_id}|{inspector_id}"
    return hashlib.sha256(message.encode()).digest()


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

    def load_cap(self, cap: int | None = None) -> int | None:
        """The load nobody may exceed: ``cap`` and the plan's max load, the smaller if both."""
        caps = [c for c in (cap, self.plan.team.max_load) if c is not None]
        return min(caps, default=None)

    def feasible(self, draw: SubjectDraw, cap: int | None = None) -> bool:
        """Exhaustive search: can every task get a valid team with no load above the cap?

        The cap is the plan's max load and, when given, ``cap`` too (the smaller).
        """
        cap = self.load_cap(cap)
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


class RepairNeededError(Exception):
    """The walk leaves a place empty only because of the load cap (docs step 7 would repair).

    Raised by ``reference`` so that tests can set such instances aside: the
    reference re-implements the walk, not the repair.
    """

    def __init__(self, task_id: str, role: str, cap: int) -> None:
        super().__init__(f"task {task_id!r}: the {role} place needs a repair under the cap {cap}")
        self.task_id = task_id
        self.role = role
        self.cap = cap


def reference(
    draw: SubjectDraw,
    roster: Sequence[Inspector],
    rules: Rules,
    seed: Seed,
    *,
    cap: int | None = None,
) -> tuple[list[tuple[str, tuple[str, ...], str | None]], list[tuple[str, str, str]]]:
    """randinspect-staff/1 without swaps and repairs, as docs/assignment.md states it.

    Candidates carry fewer tasks than the load cap (step 5): the plan's max load
    and, when given, ``cap`` (the smaller; for min-max loads, ``least_max_load``).
    Returns each task's (id, team in draw order, leader) and the skips as
    (task id, skipped, who took the place). Raises LookupError when a place
    cannot be filled by anyone (no team exists for the task) and
    RepairNeededError when only inspectors at the cap could fill it.
    """
    limit = rules.load_cap(cap)
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
            suited = sorted(
                (
                    c
                    for c, ends in zip(serving, expiry, strict=True)
                    if suits(c.person) and c not in team and (ends is None or ends >= d.period.end)
                ),
                key=lambda c: (c.load, c.last[16:], c.person.id.encode()),
            )
            candidates = [c for c in suited if limit is None or c.load < limit]
            chosen, passed = reference_walk(
                candidates,
                lambda c, subject=subject: rules.recused(c.person, subject),
                lambda c, subject=subject: key(seed, plan.id, subject.id, c.person.id),
            )
            if chosen is None:
                task_id = f"{plan.id}/{subject.id}"
                if limit is not None and any(
                    not rules.recused(c.person, subject) for c in suited if c.load >= limit
                ):
                    raise RepairNeededError(task_id, role, limit)
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


# --- min-max fair loads (issue 9 part 4) ------------------------------------------------------


def least_max_load(rules: Rules, draw: SubjectDraw) -> int | None:
    """L*: the least L such that a valid assignment with every load at most L exists.

    Found by exhaustive search (``Rules.feasible`` with the cap), so for small
    instances only; the plan's max load holds as well. Starts from the counting
    bound (the places to fill over the inspectors able to serve some task, each
    giving at most L of them) and stops at the number of tasks (nobody serves a
    task twice). None when no valid assignment exists; 0 for an empty draw.
    """
    if not draw.drawn:
        return 0
    able = sum(
        any(rules.eligible(p, d.subject, d.period) for d in draw.drawn) for p in rules.roster
    )
    if not able:
        return None
    places = len(draw.drawn) * rules.team_size
    for cap in range(max(1, -(-places // able)), len(draw.drawn) + 1):
        if rules.feasible(draw, cap=cap):
            return cap
    return None
