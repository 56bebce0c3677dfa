"""The engine behind :mod:`randinspect.analysis`: a year's rounds, exact or simulated (private).

A campaign's rounds (docs/campaign.md) feed each other's caps: who round 2
may draw depends on whom round 1 drew. Yet within one stratum of one round
the draw is a uniformly random set of ``min(n_s, E_s)`` of the ``E_s``
eligible subjects (randinspect-draw/1, keys as independent uniform values),
so subjects alike in everything the draws read are interchangeable. The
engine groups them:

* a **class** is the subjects with the same stratum (or none) in every
  round, the same exemption from every round's cap (R5.3) and the same
  random tasks of the year in the starting history (department, unit,
  partners: all the cap reads, R5.1, R5.2);
* a **group**, at a point of the campaign, is the subjects whose future is
  the same: the same strata in the rounds left and the same eligibility in
  each of them whatever the rounds before it draw. A class drawn in round 1
  and one not drawn may fall into one group again (when the cap cannot
  tell them apart later), classes of several kinds too.

The state of the campaign is how many subjects each group holds; it is
exact to carry the probability of every state, and, linearly beside it,
the expected number of each class's subjects (and of those not drawn yet)
in every group: a round draws from a group a uniformly random subset, so
a class's share of it is in proportion. Each round deals out each
stratum's draw over its groups (a multivariate hypergeometric law), the
last round in closed form. The work is counted: past a budget the caller
simulates instead. The simulation runs the library's own draws
(:class:`~randinspect.campaign.Campaign`), seeds from ``Seed.derive``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from fractions import Fraction

import attrs

from randinspect.campaign import Campaign, round_seed
from randinspect.caps import counted_tasks, find_capped, is_exempt
from randinspect.draw import Seed
from randinspect.model import Plan, Task, trusted_tasks
from randinspect.registry import Registry
from randinspect.sampling import _item_types, _outside_scope, _ratios, _sample_size, _stratum_of

__all__ = ["Engine", "Model", "TooLarge", "build_model", "exact", "simulate", "trial_seed"]

_LOOKAHEAD = 8
"""The most rounds ahead a group's future is worked out for (at most ``2^7`` histories of
the rounds between); further ahead, a class's members drawn alike stay a group of their own."""


class TooLarge(Exception):  # noqa: N818  # a signal between the engine and its caller, never raised out
    """The exact computation would take more work than its budget."""


@attrs.frozen
class Kind:
    """One class of subjects: alike in everything the rounds' draws and caps read."""

    strata: tuple[str | None, ...]
    """The stratum in each round, ``None`` where out of the round's scope."""
    exempt: tuple[bool, ...]
    """Whether the round's cap spares it (R5.3)."""
    representative: str
    """One member's id: the synthetic tasks of the rounds are its."""
    tasks: tuple[Task, ...]
    """That member's random tasks of the year in the starting history."""


@attrs.frozen
class Model:
    """A campaign's rounds and its registry split into classes."""

    plans: tuple[Plan, ...]
    ratios: tuple[dict[str, Fraction], ...]
    """Per round, each stratum's ratio (boost and relief first, then A to D)."""
    kinds: tuple[Kind, ...]
    sizes: tuple[int, ...]
    """Members of each class."""
    class_of: dict[str, int]
    """Each registry subject's class."""
    in_scope: tuple[dict[str, int], ...]
    """Per round, ``N_s`` of each stratum (the cap does not change it)."""


def build_model(plans: Sequence[Plan], registry: Registry, tasks: Sequence[Task]) -> Model:
    """Split ``registry`` into classes for the rounds ``plans``, history ``tasks`` given."""
    known = registry.by_id
    of_subject: dict[str, list[Task]] = {}
    for task in counted_tasks(plans[0], tasks):
        if task.subject_id in known:
            of_subject.setdefault(task.subject_id, []).append(task)
    # Rounds that sort subjects alike (one plan's half-years) are worked out once.
    sorters: list[tuple[Plan, frozenset[str], bool]] = []
    which: list[int] = []
    seen: dict[tuple[object, ...], int] = {}
    for plan in plans:
        types = _item_types(plan)
        sorts = (plan.scope, types, plan.boost, plan.relief, plan.caps.exempt_flags)
        if sorts not in seen:
            seen[sorts] = len(sorters)
            sorters.append((plan, types, bool(plan.scope or types)))
        which.append(seen[sorts])
    index: dict[tuple[object, ...], int] = {}
    kinds: list[Kind] = []
    sizes: list[int] = []
    class_of: dict[str, int] = {}
    for subject in registry:
        sorted_by = [
            (None, False)
            if directed and _outside_scope(plan, subject, types)
            else (_stratum_of(plan, subject), is_exempt(plan, subject))
            for plan, types, directed in sorters
        ]
        strata = tuple(sorted_by[w][0] for w in which)
        exempt = tuple(sorted_by[w][1] for w in which)
        capped = any(s is not None and not e for s, e in sorted_by)
        mine = tuple(of_subject.get(subject.id, ())) if capped else ()
        summary = tuple(sorted((t.department, t.unit, tuple(sorted(t.partners))) for t in mine))
        key = (strata, exempt, summary)
        found = index.get(key)
        if found is None:
            found = index[key] = len(kinds)
            kinds.append(Kind(strata=strata, exempt=exempt, representative=subject.id, tasks=mine))
            sizes.append(0)
        sizes[found] += 1
        class_of[subject.id] = found
    in_scope = tuple(dict.fromkeys(_ratios(plan), 0) for plan in plans)
    for kind, size in zip(kinds, sizes, strict=True):
        for counts, stratum in zip(in_scope, kind.strata, strict=True):
            if stratum is not None:
                counts[stratum] += size
    return Model(
        plans=tuple(plans),
        ratios=tuple(_ratios(plan) for plan in plans),
        kinds=tuple(kinds),
        sizes=tuple(sizes),
        class_of=class_of,
        in_scope=in_scope,
    )


# --- eligibility and groups ------------------------------------------------------------------

Label = tuple[int, bool]
"""A class and whether the count is of its members not drawn yet (``True``) or of all."""
Labels = dict[Label, Fraction]
State = tuple[tuple[int, int], ...]
"""Each group's id and count, sorted; groups without members left out."""


class Engine:
    """Eligibility of each class in each round, given the rounds that drew it, and the groups."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.rounds = len(model.plans)
        # What a round's task tells the cap (R5.1, R5.2): its department, unit and partners.
        visits: dict[tuple[object, ...], int] = {}
        self._visit: list[int] = []
        self._first: list[int] = []  # the first round of each kind of visit
        for at, plan in enumerate(model.plans):
            visit = (plan.department, plan.unit, plan.partners - {plan.department})
            if visit not in visits:
                visits[visit] = len(self._first)
                self._first.append(at)
            self._visit.append(visits[visit])
        self._eligible: dict[tuple[int, int, tuple[int, ...]], bool] = {}
        self._group: dict[tuple[int, int, int], int] = {}
        self._groups: dict[tuple[int, tuple[object, ...]], int] = {}
        self.members: list[tuple[int, int, int]] = []
        """Each group's representative: class, the rounds that drew it (a mask), rounds done."""

    def eligible(self, kind: int, drawn: int, at: int) -> bool:
        """Whether a member of ``kind`` drawn in the rounds of mask ``drawn`` may be at ``at``.

        Only the kinds of visit the rounds made, and how many of each, matter to the cap.
        """
        visits = tuple(sorted(self._visit[q] for q in range(at) if drawn >> q & 1))
        memo = (kind, at, visits)
        found = self._eligible.get(memo)
        if found is None:
            found = self._eligible[memo] = self._work_out(kind, visits, at)
        return found

    def _work_out(self, kind: int, visits: tuple[int, ...], at: int) -> bool:
        model = self.model
        member = model.kinds[kind]
        if member.exempt[at]:
            return True
        plan = model.plans[at]
        tasks = list(member.tasks)
        tasks += (
            _task(model.plans[self._first[visit]], member.representative, plan.year)
            for visit in visits
        )
        return member.representative not in find_capped(plan, tasks)

    def group(self, kind: int, drawn: int, done: int) -> int:
        """The group of a member of ``kind`` drawn in ``drawn`` once ``done`` rounds are done."""
        memo = (kind, drawn, done)
        found = self._group.get(memo)
        if found is not None:
            return found
        strata = self.model.kinds[kind].strata
        future: list[object] = []
        if self.rounds - done > _LOOKAHEAD:  # too far ahead to compare: a group of its own
            future.append(("class", kind, drawn))
        for at in range(done, self.rounds) if not future else ():
            if strata[at] is None:
                future.append(None)
                continue
            between = [q for q in range(done, at) if strata[q] is not None]
            future.append(
                (
                    strata[at],
                    tuple(self.eligible(kind, drawn | mask, at) for mask in _masks(between)),
                )
            )
        key = (done, tuple(future))
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = len(self.members)
            self.members.append((kind, drawn, done))
        self._group[memo] = group
        return group


def _masks(rounds: Sequence[int]) -> Iterator[int]:
    """Every subset of ``rounds`` as a bit mask, in a fixed order."""
    for size in range(len(rounds) + 1):
        for chosen in itertools.combinations(rounds, size):
            yield sum(1 << q for q in chosen)


def _task(plan: Plan, subject_id: str, year: int) -> Task:
    """The task a round of ``plan`` adds for a drawn subject, as the cap reads it.

    ``round_tasks``' task but for its items and period, which the cap does not
    read (R5.1, R5.2): its id, plan, subject, department, unit, partners and year.
    """
    (task,) = trusted_tasks(
        [(f"{plan.id}/{subject_id}", subject_id, (), (), None, plan.periods[0])], plan, year=year
    )
    return task


# --- the exact computation --------------------------------------------------------------------


@attrs.frozen
class Exact:
    """Per class: the expected members drawn in each round, and drawn at least once."""

    drawn: tuple[tuple[Fraction, ...], ...]
    """``drawn[r][c]``: the expected members of class ``c`` drawn in round ``r``."""
    ever: tuple[Fraction, ...]
    """``ever[c]``: the expected members of class ``c`` drawn in at least one round."""
    work: int
    """The work done: for each dealing of a round, the labels carried into the next state."""


def exact(model: Model, *, budget: int | None) -> Exact:
    """Every class's expected draws, exactly; :class:`TooLarge` past ``budget`` steps."""
    run = _Run(model, budget)
    for component in _components(model):
        run.component(component)
    ever = tuple(Fraction(size) - run.never[kind] for kind, size in enumerate(model.sizes))
    return Exact(drawn=tuple(tuple(row) for row in run.drawn), ever=ever, work=run.work)


States = dict[State, tuple[Fraction, dict[int, Labels]]]
"""Each state with its probability and its groups' labels (expectations times that probability)."""


class _Run:
    """One exact computation: the expectations so far and the work done."""

    def __init__(self, model: Model, budget: int | None) -> None:
        self.model = model
        self.engine = Engine(model)
        self.budget = budget
        self.work = 0
        kinds = len(model.kinds)
        self.drawn = [[Fraction(0)] * kinds for _ in model.plans]
        self.never = [Fraction(size) for size in model.sizes]  # a class in no stratum: never

    def component(self, component: list[int]) -> None:
        """Run the rounds for the classes of one component, from everyone undrawn."""
        engine, sizes = self.engine, self.model.sizes
        counts: dict[int, int] = {}
        start: dict[int, Labels] = {}
        for kind in component:
            group = engine.group(kind, 0, 0)
            counts[group] = counts.get(group, 0) + sizes[kind]
            into = start.setdefault(group, {})
            into[kind, False] = into[kind, True] = Fraction(sizes[kind])
            self.never[kind] = Fraction(0)
        states: States = {tuple(sorted(counts.items())): (Fraction(1), start)}
        for at in range(engine.rounds):
            following: States = {}
            for state, (chance, labels) in states.items():
                self._round(at, state, chance, labels, following)
            states = following

    def _round(
        self, at: int, state: State, chance: Fraction, labels: dict[int, Labels], into: States
    ) -> None:
        """Round ``at`` from one state: the expected draws, then (unless last) the next states."""
        model, engine = self.model, self.engine
        last = at == engine.rounds - 1
        deals: list[list[tuple[Fraction, dict[int, int]]]] = []
        shares: dict[int, Fraction] = {}
        for name, ratio in model.ratios[at].items():
            able = [
                (group, count)
                for group, count in state
                if _stratum(engine, group, at) == name and _able(engine, group, at)
            ]
            if not able:
                continue
            total = sum(count for _, count in able)
            take = min(_sample_size(model.in_scope[at][name], ratio), total)
            shares.update((group, Fraction(take, total)) for group, _ in able)
            if not last:
                deals.append(list(_deals(able, take, total, self.budget, self.work)))
                self.work += len(deals[-1])
        for group, share in shares.items():
            for (kind, fresh), expected in labels[group].items():
                if not fresh:
                    self.drawn[at][kind] += share * expected
        if last:
            for group, group_labels in labels.items():
                keep = 1 - shares.get(group, Fraction(0))
                for (kind, fresh), expected in group_labels.items():
                    if fresh:
                        self.never[kind] += expected * keep
            return
        # Each dealing carries every label of the state's groups into the next state.
        carried = sum(len(group_labels) for group_labels in labels.values())
        self.work += math.prod(len(options) for options in deals) * carried
        if self.budget is not None and self.work > self.budget:
            raise TooLarge
        for combination in itertools.product(*deals):
            _step(engine, at, state, chance, labels, combination, into)


def _stratum(engine: Engine, group: int, at: int) -> str | None:
    """The stratum of round ``at`` that a group's members are in (``None``: out of scope)."""
    kind = engine.members[group][0]
    return engine.model.kinds[kind].strata[at]


def _able(engine: Engine, group: int, at: int) -> bool:
    """Whether a group's members may be drawn in round ``at`` (its cap, R5)."""
    kind, mask, _ = engine.members[group]
    return engine.eligible(kind, mask, at)


def _deals(
    able: list[tuple[int, int]], take: int, total: int, budget: int | None, work: int
) -> Iterator[tuple[Fraction, dict[int, int]]]:
    """Every way of drawing ``take`` of the ``total`` eligible over their groups, with its chance.

    The chance of ``x_i`` from group ``i`` is ``prod C(n_i, x_i) / C(total, take)``
    (the multivariate hypergeometric law of a uniformly random subset).
    """
    if len(able) == 1 or take in {0, total}:
        everyone = take == total
        yield (
            Fraction(1),
            {group: take if len(able) == 1 else count if everyone else 0 for group, count in able},
        )
        return
    # At most this many splits: every group but the largest takes 0 to min(count, take).
    ways = sorted(min(count, take) + 1 for _, count in able)
    bound = math.prod(ways[:-1])
    if budget is not None and work + bound > budget:
        raise TooLarge
    whole = math.comb(total, take)
    groups = [group for group, _ in able]
    sizes = [count for _, count in able]
    for split in _splits(sizes, take):
        weight = math.prod(math.comb(n, x) for n, x in zip(sizes, split, strict=True))
        yield Fraction(weight, whole), dict(zip(groups, split, strict=True))


def _splits(sizes: list[int], take: int) -> Iterator[tuple[int, ...]]:
    """Every ``(x_1, ..., x_m)`` with ``0 <= x_i <= sizes[i]`` adding up to ``take``."""
    if len(sizes) == 1:
        if take <= sizes[0]:
            yield (take,)
        return
    rest = sum(sizes[1:])
    for first in range(max(0, take - rest), min(sizes[0], take) + 1):
        for tail in _splits(sizes[1:], take - first):
            yield (first, *tail)


def _step(  # noqa: PLR0917  # one dealing's whole context
    engine: Engine,
    at: int,
    state: State,
    chance: Fraction,
    labels: dict[int, Labels],
    combination: tuple[tuple[Fraction, dict[int, int]], ...],
    following: dict[State, tuple[Fraction, dict[int, Labels]]],
) -> None:
    """Add to ``following`` the state one dealing of round ``at`` leads to, with its labels.

    Of a group of ``n`` with ``x`` drawn, the ``n - x`` left keep that share
    of every label; the ``x`` drawn take their share of each class's members
    and none of those not drawn yet.
    """
    chosen: dict[int, int] = {}
    factor = Fraction(1)
    for part, split in combination:
        factor *= part
        chosen.update(split)
    counts: dict[int, int] = {}
    moved: dict[int, Labels] = {}
    for group, count in state:
        kind, mask, _ = engine.members[group]
        taken = chosen.get(group, 0)
        stay = engine.group(kind, mask, at + 1)
        went = engine.group(kind, mask | 1 << at, at + 1)
        for target, number, now in ((stay, count - taken, False), (went, taken, True)):
            if number == 0:
                continue
            counts[target] = counts.get(target, 0) + number
            into = moved.setdefault(target, {})
            scale = factor * Fraction(number, count)
            for label, expected in labels[group].items():
                if not (now and label[1]):
                    into[label] = into.get(label, Fraction(0)) + expected * scale
    key = tuple(sorted(counts.items()))
    before = following.get(key)
    if before is None:
        following[key] = (chance * factor, moved)
        return
    total, merged = before
    for group, group_labels in moved.items():
        into = merged.setdefault(group, {})
        for label, expected in group_labels.items():
            into[label] = into.get(label, Fraction(0)) + expected
    following[key] = (total + chance * factor, merged)


def _components(model: Model) -> list[list[int]]:
    """Classes that share a stratum in some round, together: apart, they never meet."""
    parent = list(range(len(model.kinds)))

    def root(kind: int) -> int:
        while parent[kind] != kind:
            parent[kind] = parent[parent[kind]]
            kind = parent[kind]
        return kind

    for at in range(len(model.plans)):
        first: dict[str, int] = {}
        for kind, member in enumerate(model.kinds):
            stratum = member.strata[at]
            if stratum is None:
                continue
            if stratum in first:
                parent[root(kind)] = root(first[stratum])
            else:
                first[stratum] = kind
    together: dict[int, list[int]] = {}
    for kind, member in enumerate(model.kinds):
        if any(stratum is not None for stratum in member.strata):
            together.setdefault(root(kind), []).append(kind)
    return list(together.values())


# --- the simulation ----------------------------------------------------------------------------


def trial_seed(seed: Seed, *parts: str) -> Seed:
    """The seed of one trial: ``Seed.derive(seed.hex, *parts)``."""
    return Seed.derive(seed.hex, *parts)


@attrs.frozen
class Simulated:
    """Per class, over all trials: members drawn in each round, and drawn at least once."""

    drawn: tuple[tuple[int, ...], ...]
    ever: tuple[int, ...]
    trials: int


def simulate(
    model: Model, registry: Registry, history: tuple[Task, ...], *, seed: Seed, trials: int
) -> Simulated:
    """Run the campaign ``trials`` times with the library's own draws (trial ``t``: ``trial-t``).

    Trial ``t``'s round seeds are ``round_seed(Seed.derive(seed.hex, "trial-<t>"), plan.id)``.
    """
    kinds, rounds = len(model.kinds), len(model.plans)
    drawn = [[0] * kinds for _ in range(rounds)]
    ever = [0] * kinds
    class_of = model.class_of
    year = model.plans[0].year
    for trial in range(trials):
        base = trial_seed(seed, f"trial-{trial}")
        campaign = Campaign(year=year, history=history)
        seen: set[str] = set()
        for at, plan in enumerate(model.plans):
            campaign = campaign.draw(plan, registry, seed=round_seed(base, plan.id))
            row = drawn[at]
            for stratum in campaign.rounds[-1].draw.strata:
                for subject_id in stratum.drawn:
                    row[class_of[subject_id]] += 1
                    seen.add(subject_id)
        for subject_id in seen:
            ever[class_of[subject_id]] += 1
    return Simulated(drawn=tuple(tuple(row) for row in drawn), ever=tuple(ever), trials=trials)
