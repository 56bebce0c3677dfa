"""Min-max fair loads: staff under the least maximum load any valid assignment allows (R4).

Step 0 of randinspect-staff/2 (``docs/assignment.md``). The walk alone gives
each place to a least-loaded candidate, but it cannot see the tasks to come:
an inspector recused from a later task may be left idle while another
carries one task more than needed. So the procedure is run under the cap
``L*``, the least ``L`` for which a valid assignment with every load at most
``L`` (and at most ``team.max_load``) exists; the procedure is
feasibility-complete, so it succeeds under ``L`` exactly when ``L >= L*``.

``L*`` is found without trying every ``L``: a lower bound from an
aggregated relaxation (inspectors grouped by pool and certified periods,
tasks by period, recusals ignored) solved as a small max-flow, then a run
under that cap; should the run fail, its certificate bounds ``L*`` anew from
below (the least ``L`` at which the obstruction's able inspectors could
fill its places), and the next run starts there. Every bound is at most
``L*``, and every failed run raises the bound, so the first run that
succeeds runs under ``L*`` itself. When the bound already exceeds
``team.max_load``, no run is needed: the relaxation's minimum cut is the
certificate that no assignment exists.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Sequence

from randinspect._staffing.balance import rebalance
from randinspect._staffing.certificate import certificate_error
from randinspect._staffing.eligibility import Context
from randinspect._staffing.state import Staffer
from randinspect._staffing.walk import staff
from randinspect.draw import Seed
from randinspect.errors import InfeasibleAssignmentError
from randinspect.sampling import DrawnSubject
from randinspect.staffing import Infeasibility


def staff_fairly(
    context: Context, drawn: Sequence[DrawnSubject], *, seed: Seed, recusal: str
) -> Staffer:
    """Staff every task under the least maximum load any valid assignment allows.

    Raises:
        InfeasibleAssignmentError: no valid assignment exists within the
            plan's ``team.max_load`` (or at all); the certificate is the one
            the procedure gives under that limit.
    """
    limit = context.plan.team.max_load
    relaxation = Relaxation(context, drawn)
    cap: int | None = relaxation.least_load()
    if limit is not None and cap is not None and cap > limit and drawn:
        raise relaxation.certificate(limit)  # no run needed: the cut proves it
    while True:
        if cap is None or (limit is not None and cap >= limit):
            cap = limit
        staffer = Staffer(context, drawn, seed=seed, recusal=recusal, cap=cap)
        try:
            staff(staffer)
        except InfeasibleAssignmentError as error:
            if cap is None or cap == limit:
                raise
            cap = bound_after(error.certificate, cap)
            continue
        rebalance(staffer)
        return staffer


def bound_after(certificate: Infeasibility, cap: int) -> int | None:
    """The least load above ``cap`` at which ``certificate``'s obstruction could dissolve.

    Its able inspectors fill at most ``min(count, L)`` of its places each
    under a cap ``L``. A count below ``cap`` is the inspector's whole count;
    one at ``cap`` may be larger, so it is taken to grow with ``L`` (which
    keeps the bound a lower bound). ``None`` when no cap at all would do:
    the obstruction does not come from the load.
    """
    fixed = sum(n for n in certificate.able.values() if n < cap)
    growing = sum(1 for n in certificate.able.values() if n >= cap)
    if growing == 0:
        return None
    return max(cap + 1, -(-(certificate.needed - fixed) // growing))


def relaxed_bound(context: Context, drawn: Sequence[DrawnSubject]) -> int:
    """A lower bound of the least maximum load: that of the aggregated relaxation."""
    return Relaxation(context, drawn).least_load()


class Relaxation:
    """The aggregated relaxation of a staffing: a small flow network that ignores recusals.

    Inspectors who may serve the plan are grouped by the required place they
    suit (their pool) and the periods their certificate covers; tasks by
    period. A class of ``n`` inspectors gives at most ``n x L`` places in
    all, at most ``n`` per task, only to its own required places and to open
    places, only in periods it covers. Any valid assignment within a load
    ``L`` is a flow of this network that carries every place, so the least
    ``L`` at which it carries them is at most the true least load, and when
    it cannot carry them under ``team.max_load`` its minimum cut is a
    certificate that no assignment exists.
    """

    def __init__(self, context: Context, drawn: Sequence[DrawnSubject]) -> None:
        self.context = context
        self.drawn = drawn
        layout = context.layout
        self.in_period = Counter(context.period_index[d.period] for d in drawn)
        used = sum(1 << p for p in self.in_period)
        self.classes = Counter(
            (context.group[i], context.certified[i] & used)
            for i in range(len(context.roster))
            if context.active(i) and context.certified[i] & used
        )
        self.demand = {
            (p, g): n for p, n in self.in_period.items() for g in range(len(layout.groups))
        }
        if layout.free:
            self.demand.update({(p, -1): n * layout.free for p, n in self.in_period.items()})

    def least_load(self) -> int:
        """The least ``L`` at which the network carries every place (by bisection)."""
        tasks = len(self.drawn)
        members = sum(self.classes.values())
        if tasks == 0:
            return 0
        if members == 0 or self.shortfall(tasks):
            return tasks
        low, high = -(-sum(self.demand.values()) // members), tasks
        while low < high:
            middle = (low + high) // 2
            if self.shortfall(middle):
                low = middle + 1
            else:
                high = middle
        return low

    def shortfall(
        self, load: int, among: set[tuple[int, int]] | None = None
    ) -> set[tuple[int, int]]:
        """The (period, place) groups a minimum cut leaves unfilled under ``load``; empty if none.

        They are the demand nodes the residual network no longer reaches from
        the source: the able inspectors' capacity into them, counted along the
        cut, is below what they need. ``among`` limits the demand to some
        groups (the others need nobody).
        """
        demand = {key: n for key, n in self.demand.items() if among is None or key in among}
        capacity: dict[object, dict[object, int]] = {"source": {}}

        def edge(a: object, b: object, amount: int) -> None:
            capacity.setdefault(a, {})[b] = amount
            capacity.setdefault(b, {}).setdefault(a, 0)

        for (group, mask), n in self.classes.items():
            edge("source", ("class", group, mask), n * load)
            for p, count in self.in_period.items():
                if mask >> p & 1:
                    edge(("class", group, mask), ("period", group, mask, p), n * count)
                    for wanted in (group, -1) if group >= 0 else (-1,):
                        if (p, wanted) in demand:
                            edge(("period", group, mask, p), ("place", p, wanted), n * count)
        for (p, wanted), amount in demand.items():
            edge(("place", p, wanted), "sink", amount)
        flow, reached = _max_flow(capacity, "source", "sink")
        if flow == sum(demand.values()):
            return set()
        return {key for key in demand if ("place", *key) not in reached}

    def certificate(self, load: int) -> InfeasibleAssignmentError:
        """The error, with a Hall-type certificate from the relaxation under ``load``.

        The groups of places it names are the first that fall short on their
        own, in this order: one kind of place (the leader's, a department's,
        the open ones) in every period; one kind in one period; the groups a
        minimum cut of the whole network leaves unfilled. The fewest places
        that already prove the point make the clearest certificate.
        """
        kinds = sorted({wanted for _, wanted in self.demand})
        candidates = [
            *({key for key in self.demand if key[1] == wanted} for wanted in kinds),
            *({key} for key in sorted(self.demand)),
        ]
        short = next(
            (groups for groups in candidates if self.shortfall(load, groups)),
            self.shortfall(load),
        )
        free_slot = self.context.layout.free_slot
        slots_in: dict[int, list[int]] = {}
        for p, wanted in sorted(short):
            slots_in.setdefault(p, []).append(free_slot if wanted < 0 else wanted)
        period_index = self.context.period_index
        places = [
            (d.subject, p, sorted(slots_in[p]))
            for d in self.drawn
            if (p := period_index[d.period]) in slots_in
        ]
        return certificate_error(self.context, places, cap=load)


def _max_flow(
    capacity: dict[object, dict[object, int]], source: object, sink: object
) -> tuple[int, set[object]]:
    """Edmonds-Karp on a small residual graph (``capacity`` is changed in place).

    Returns the flow and the nodes the final residual graph reaches from the
    source (the source side of a minimum cut).
    """
    flow = 0
    while True:
        parent: dict[object, object] = {source: source}
        queue = deque([source])
        while queue and sink not in parent:
            node = queue.popleft()
            for nxt, room in capacity[node].items():
                if room > 0 and nxt not in parent:
                    parent[nxt] = node
                    queue.append(nxt)
        if sink not in parent:
            return flow, set(parent)
        path = []
        node = sink
        while node != source:
            path.append((parent[node], node))
            node = parent[node]
        pushed = min(capacity[a][b] for a, b in path)
        for a, b in path:
            capacity[a][b] -= pushed
            capacity[b][a] += pushed
        flow += pushed
