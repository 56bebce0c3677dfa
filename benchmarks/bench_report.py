"""Benchmark summarize, the campaign report with its stratified estimate (issue 10, R7.4).

Run: ``uv run --group bench python benchmarks/bench_report.py`` (``--tasks`` to scale).

The workload: a plan drawing every subject (ratios 100 %, so every subject is
a task), grades spread 40/30/20/10 %, teams of 2 from a roster of 2,000, and
one result for 95 % of the tasks (5 % missing): 10 % of them find a problem
(half of those with an order to put it right, a third with a warning), 2 %
are not assessable. The draw, the assignment and its ``.tasks`` are built
before timing: they belong to the campaign, not the report.

It prints the machine, then the best time over ``--runs`` runs of:
``summarize`` (results checked against their tasks, the tallies per
stratum, the estimates); the same with ``on`` and a deadline policy (which
adds :func:`~randinspect.deadlines.overdue`, computing due days on the
working-day calendar); ``check_results`` alone (the check every consumer of
results runs first); and the floor, one pass over the results doing a dict
look-up per result (the task's stratum) and reading its class.
"""

from __future__ import annotations

import argparse
import datetime as dt

from _timing import best_of, machine

from randinspect import (
    CheckItem,
    Handling,
    Inspector,
    Plan,
    Ratios,
    Rectification,
    Result,
    Seed,
    Subject,
    Task,
)
from randinspect.assignment import assign_inspectors
from randinspect.deadlines import DeadlinePolicy
from randinspect.reporting import summarize
from randinspect.results import check_results
from randinspect.sampling import draw_subjects

ROSTER = 2_000
GRADES = "A" * 40 + "B" * 30 + "C" * 20 + "D" * 10
INSPECTED = dt.date(2024, 6, 3)


def make_results(tasks: tuple[Task, ...]) -> list[Result]:
    """One result for 19 tasks in 20; 10 % problems, 2 % not assessable."""
    ordered = Rectification(state="ordered", deadline=dt.date(2024, 7, 1))
    warning = (Handling(decision="warning"),)
    results = []
    for n, task in enumerate(tasks):
        if n % 20 == 19:
            continue  # missing
        fields: dict[str, object] = {}
        if n % 10 == 0:
            outcome = "problem_pending"
            if n % 20 == 0:
                fields["rectification"] = ordered
            if n % 30 == 0:
                fields["handling"] = warning
        elif n % 50 == 1:
            outcome = "closed"
        else:
            outcome = "compliant"
        results.append(
            Result(
                task_id=task.id,
                subject_id=task.subject_id,
                outcomes={"safety": outcome},
                inspected_on=INSPECTED,
                reported_on=INSPECTED + dt.timedelta(days=n % 9),
                **fields,  # type: ignore[arg-type]
            )
        )
    return results


def floor(results: list[Result], stratum_of: dict[str, str]) -> int:
    """One pass over the results: a dict look-up per result and its class read."""
    count = 0
    for result in results:
        if stratum_of[result.task_id] and result.is_problem:
            count += 1
    return count


def main() -> None:
    """Build the campaign, time the report, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    plan = Plan(
        id="bench-report",
        year=2024,
        department="civil-affairs",
        items=[CheckItem(id="safety", name="safety check", department="civil-affairs")],
        ratios=Ratios(A="100%", B="100%", C="100%", D="100%"),
    )
    seed = Seed.derive("bench-report")
    subjects = [Subject(id=f"914104{n:012d}", grade=GRADES[n % 100]) for n in range(args.tasks)]
    roster = [
        Inspector(id=f"insp-{n:05d}", department="civil-affairs", can_lead=n % 2 == 0)
        for n in range(ROSTER)
    ]
    draw = draw_subjects(plan, subjects, seed=seed)
    assignment = assign_inspectors(draw, roster, seed=seed)
    tasks = assignment.tasks
    results = make_results(tasks)
    stratum_of = {t.id: t.subject_id for t in tasks}
    policy = DeadlinePolicy.for_document("003")
    on = dt.date(2024, 8, 1)

    print(f"machine: {machine()}")
    print(
        f"campaign: {len(tasks):,} tasks in {len(draw.strata)} strata,"
        f" {len(results):,} results (5 % missing, 10 % problems, 2 % not assessable)"
    )
    plain, report = best_of(args.runs, lambda: summarize(draw, assignment, results))
    judged, late = best_of(
        args.runs, lambda: summarize(draw, assignment, results, on=on, policy=policy)
    )
    checked, _ = best_of(args.runs, lambda: check_results(results, tasks))
    least, problems = best_of(args.runs, lambda: floor(results, stratum_of))
    assert problems == report.problems
    assert len(results) == report.inspected
    assert report.overall.estimate.low <= report.overall.estimate.rate <= report.estimate.high
    size = len(results)
    print(f"  {'':<38} {'time':>9} {'per result':>11} {'x floor':>8}")
    for name, elapsed in (
        ("summarize", plain),
        ("summarize, on= and policy= (overdue)", judged),
        ("check_results alone", checked),
        ("floor: a dict look-up per result", least),
    ):
        print(
            f"  {name:<38} {elapsed:>7.3f} s {elapsed / size * 1e6:>8.2f} us"
            f" {elapsed / least:>7.1f}x"
        )
    print(
        f"  estimate: {float(report.estimate.rate):.4f}"
        f" [{report.estimate.low:.4f}, {report.estimate.high:.4f}];"
        f" late deadlines on {on}: {late.overall.overdue_total:,}"
    )


if __name__ == "__main__":
    main()
