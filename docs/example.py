"""The worked example: a whole year of document 000 on built-in sample data.

Run it with ``uv run python docs/example.py``. Weidong District Civil Affairs
Bureau (Pingdingshan) inspects its registered elder-care homes twice in 2024,
once in each half-year, jointly with the district's fire brigade and market
regulator (000 §3(2), annex 2). The year, step by step:

1. the preset of document 000: its plan, every field citing its clause;
2. the two half-year rounds drawn in a :class:`~randinspect.Campaign`, each
   at the full ratios, the first round's visits counted in the second
   round's yearly cap (R5.1);
3. each round staffed with a member of every department, recusals logged,
   and an inspector replaced after publication;
4. the results, their working-day deadlines and what is overdue;
5. the year's report with the estimated problem rate, and the public
   notices with personal data withheld;
6. the year verified from its published record alone.

Everything is computed in memory (no files) in about a second.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from randinspect import (
    Assignment,
    Campaign,
    CampaignRound,
    Handling,
    Inspector,
    Outcome,
    Rectification,
    Registry,
    Result,
    SameAttribute,
    Seed,
    StaffingAction,
    Subject,
    Task,
    annual_summary,
    assign_inspectors,
    disclose_plan,
    disclose_results,
    disclose_tasks,
    format_ratio,
    overdue,
    plan_deadlines,
    replace_inspector,
    replay_campaign,
    round_seed,
    schedule,
    summarize,
    verify_assignment,
    verify_draw,
)
from randinspect.presets import for_document

YEAR = 2024
BUREAU, FIRE, MARKET = "卫东区民政局", "区消防救援支队", "区市场监督管理局"
DISTRICTS = ("卫东区", "新华区", "湛河区")
BLACKLISTED_HOME = 50  # inspected twice already, but exempt from the cap (R5.3)
RELATIVE = ("MZ-02", "PDS-ELDER-014")  # MZ-02's relative runs home 14: a declared conflict
CONFLICTS = (RELATIVE, SameAttribute("region"))  # and nobody inspects their own district
EVERY_THIRD = 3


# --- the sample data -------------------------------------------------------------------------


def sample_registry() -> Registry:
    """120 registered elder-care homes in three districts, grades A-D, and 10 hotels."""
    homes = [
        Subject(
            id=f"PDS-ELDER-{n:03d}",
            name=f"平顶山第{n}养老院",
            grade="AABBBBCCCD"[n % 10],
            attributes={"type": "养老机构", "region": DISTRICTS[n % 3]},
            flags={"blacklisted"} if n == BLACKLISTED_HOME else set(),
        )
        for n in range(1, 121)
    ]
    hotels = [
        Subject(id=f"PDS-HOTEL-{n:03d}", grade="B", attributes={"type": "酒店", "region": r})
        for n, r in enumerate(DISTRICTS * 3 + DISTRICTS[:1], start=1)
    ]
    return Registry(homes + hotels)


def sample_history() -> list[Task]:
    """The market regulator's own food-safety checks of early 2024, and one complaint.

    Every third home was checked once; home 2 and the blacklisted home twice.
    """

    def market(n: int, k: int) -> Task:
        return Task(
            id=f"food-{n:03d}-{k}",
            plan_id="2024-market-food",
            subject_id=f"PDS-ELDER-{n:03d}",
            items=["food-safety"],
            department=MARKET,
            unit="食品安全股",
            on=dt.date(YEAR, 3, 4 + k),
        )

    once = [market(n, 0) for n in range(EVERY_THIRD, 121, EVERY_THIRD)]
    twice = [market(n, k) for n in (2, BLACKLISTED_HOME) for k in range(2)]
    complaint = Task(  # complaint-driven: never counted in the yearly cap (R5.5)
        id="hotline-7",
        plan_id="12345-hotline",
        subject_id="PDS-ELDER-007",
        items=["elder-care"],
        department=BUREAU,
        kind="complaint",
        on=dt.date(YEAR, 1, 15),
    )
    return [*once, *twice, complaint]


def sample_roster() -> list[Inspector]:
    """Ten bureau officers (four section heads may lead), four fire and four market officers."""

    def officer(prefix: str, n: int, department: str, **more: object) -> Inspector:
        return Inspector(
            id=f"{prefix}-{n:02d}",
            department=department,
            certificate_no=f"豫执法{prefix}{n:04d}",
            attributes={"region": DISTRICTS[n % 3]},
            **more,  # type: ignore[arg-type]
        )

    bureau = [officer("MZ", n, BUREAU, can_lead=n <= 4) for n in range(1, 11)]  # noqa: PLR2004
    fire = [officer("XF", n, FIRE) for n in range(1, 5)]
    market = [officer("SJ", n, MARKET) for n in range(1, 5)]
    return bureau + fire + market


def sample_results(assignment: Assignment, *, month: int) -> list[Result]:
    """One result per task, inspected in ``month``: a fixed, varied mix of outcomes.

    Every fourth home's fire exits were blocked (ordered put right, since
    rectified); the sixth home refused the inspection and was fined on
    30 September, the fine not yet published; every ninth home had closed.
    """
    results = []
    for n, task in enumerate(assignment.tasks):
        day = dt.date(YEAR, month, 2 + n)
        outcomes = dict.fromkeys(task.items, Outcome.COMPLIANT)
        more: dict[str, object] = {}
        if n == 5 and month > 6:  # noqa: PLR2004  # the refusal of the second round
            outcomes = dict.fromkeys(task.items, Outcome.REFUSED)
            fined = dt.date(YEAR, 9, 30)
            more = {
                "handling": (Handling(decision="penalty", decided_on=fined),),
                "penalty_decided_on": fined,
            }
        elif n % 4 == 1:
            outcomes["fire-safety"] = Outcome.PROBLEM_CORRECTED
            fixed = Rectification(
                state="rectified",
                deadline=day + dt.timedelta(days=30),
                rectified_on=day + dt.timedelta(days=12),
            )
            more = {"rectification": fixed, "findings": {"fire-safety": "疏散通道堆放杂物"}}
        elif n % 9 == 8:  # noqa: PLR2004
            outcomes = dict.fromkeys(task.items, Outcome.CLOSED)
        results.append(
            Result(
                task_id=task.id,
                subject_id=task.subject_id,
                outcomes=outcomes,
                inspected_on=day,
                reported_on=day + dt.timedelta(days=2),
                **more,  # type: ignore[arg-type]
            )
        )
    return results


# --- printing --------------------------------------------------------------------------------


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Print ``rows`` under ``header`` in aligned columns (numbers to the right)."""
    cells = [list(header), *([str(value) for value in row] for row in rows)]
    widths = [max(_width(row[k]) for row in cells) for k in range(len(header))]
    numeric = [
        all(row[k].replace(".", "").isdigit() for row in cells[1:]) for k in range(len(header))
    ]
    for row in cells:
        padded = []
        for k, cell in enumerate(row):
            gap = " " * (widths[k] - _width(cell))
            padded.append(gap + cell if numeric[k] else cell + gap)
        print("  " + "  ".join(padded).rstrip())
    print()


def heading(text: str) -> None:
    """Print a step's heading."""
    print(f"== {text}")


# --- the year --------------------------------------------------------------------------------


def main() -> None:
    """Run the year of document 000 and print what each step decided."""
    registry, history, roster = sample_registry(), sample_history(), sample_roster()

    heading("1. The preset of document 000 (every field cites its clause)")
    preset = for_document("000")
    h1, h2 = preset.round_plans(year=YEAR)
    rows = [
        ("ratios", " ".join(f"{g.value} {format_ratio(r)}" for g, r in h1.ratios.items())),
        ("rounds", f"{preset.rounds}: {h1.id}, {h2.id}"),
        ("partners", "、".join(sorted(h1.partners))),
        ("team.size", f"{h1.team.size}, a member of every department"),
        ("caps.max_per_year", f"{h1.caps.max_per_year} (blacklisted homes exempt)"),
    ]
    table(
        ("field", "value", "clause", "silent: the default used"),
        [
            (field, value, clause.source, clause.note if clause.silent else "")
            for field, value in rows
            for clause in preset.sources[field][:1]
        ],
    )

    heading("2. Two half-year rounds, the first counted in the second's cap (R5.1, R6.2)")
    seed = Seed.derive("卫东区民政局 2024 commitment 9f2c41d0", "福彩3D 2024-03-01: 3 1 7")
    year = Campaign(year=YEAR, history=history)
    for plan in (h1, h2):
        year = year.draw(plan, registry, seed=round_seed(seed, plan.id))
    for done in year.rounds:
        draw = done.draw
        hotels = draw.out_of_scope
        print(f"  {draw.plan.id}: seed {draw.seed.hex[:16]}…; {hotels} hotels out of scope")
        table(
            ("stratum", "ratio", "in scope", "eligible", "required", "drawn"),
            [
                (s.name, format_ratio(s.ratio), s.in_scope, s.eligible, s.required, len(s.drawn))
                for s in draw.strata
            ],
        )
    table(
        ("left out", "round", "why"),
        [(e.subject_id, r.plan.id, e.detail) for r in year.rounds for e in r.draw.excluded],
    )
    first, second = ({d.subject.id for d in r.draw.drawn} for r in year.rounds)
    both = ", ".join(sorted(first & second)) or "none"
    print(f"  drawn in both rounds (one task each, within the cap of 2): {both}")
    joint = year.tasks[-1]
    partners = "、".join(sorted(joint.partners))
    print(f"  each visit is one joint task of {joint.department} with {partners},")
    print("  counted once in the cap and as each partner department's (R4.6, R5.2)")
    print()

    heading("3. Staffing: a member of every department, never of the home's district (R4)")
    staffed = [
        assign_inspectors(
            done.draw, roster, seed=round_seed(seed, f"{done.plan.id}/team"), conflicts=CONFLICTS
        )
        for done in year.rounds
    ]
    for assignment in staffed:
        skips = [e for e in assignment.log if e.action is StaffingAction.SKIPPED]
        print(
            f"  {assignment.plan.id}: {len(assignment.tasks)} teams; {len(skips)} recusals, e.g."
        )
        print(f"    {skips[0]}")
        table(
            ("home", "leader", "team"),
            [(t.subject_id, t.leader, " ".join(t.inspectors)) for t in assignment.tasks[:3]],
        )
    late = staffed[1].tasks[0]
    ill = late.inspectors[-1]
    staffed[1] = replace_inspector(staffed[1], late.id, ill, reason="病假 (sick leave)")
    print(f"  after publication {ill} falls ill: {staffed[1].log[-1]}")
    print()

    heading("4. Results, deadlines on China's working-day calendar, and what is overdue (R6)")
    results = [sample_results(staffed[0], month=5), sample_results(staffed[1], month=9)]
    policy = preset.deadlines
    table(
        ("plan deadline", "source", "due"),
        [(d.name, d.source, d.due) for d in plan_deadlines(YEAR, policy=policy)],
    )
    refusal = next(r for r in results[1] if r.penalty_decided_on is not None)
    print(f"  {refusal.subject_id} refused and was fined on 2024-09-30; National Day is off and")
    print("  Saturday 2024-10-12 is a make-up working day:")
    table(
        ("deadline", "source", "working days", "due"),
        [(d.name, d.source, d.working_days, d.due) for d in schedule(refusal, policy=policy)],
    )
    today = dt.date(YEAR, 10, 16)
    late_ones = overdue([*results[0], *results[1]], on=today, policy=policy)
    table(
        (f"overdue on {today}", "working days late"),
        [(f"{o.deadline.task_id}: {o.deadline.name}", o.working_days_late) for o in late_ones],
    )

    one_public(year.rounds, staffed, results, seed=seed)
    verify_the_year(year, staffed, registry, history)


def one_public(
    rounds: Sequence[CampaignRound],
    staffed: Sequence[Assignment],
    results: Sequence[list[Result]],
    *,
    seed: Seed,
) -> None:
    """The year's report with its estimate, and the public notices (R7)."""
    draws = [done.draw for done in rounds]
    heading("5. The year's report (R7.4, R7.5) and the public notices (R7.1-R7.3)")
    on = dt.date(YEAR, 12, 2)
    for draw, assignment, done in zip(draws, staffed, results, strict=True):
        report = summarize(draw, assignment, done, on=on)
        estimate = report.overall.estimate
        print(
            f"  {draw.plan.id}: {report.overall.inspected} inspected, {report.overall.problems}"
            f" with problems; estimated problem rate of all homes {float(estimate.rate):.1%}"
            f" (95% interval {estimate.low:.1%} to {estimate.high:.1%})"
        )
    summary = annual_summary(YEAR, zip(draws, staffed, results, strict=True))
    print(
        f"  the year: {summary.subjects_drawn} visits to {summary.distinct_subjects} homes,"
        f" {summary.inspections} inspections; the summary is due {summary.deadline.due}"
    )
    notices = []
    for draw, assignment, done in zip(draws, staffed, results, strict=True):
        notices += [
            disclose_plan(draw.plan, draw=draw),
            disclose_tasks(assignment),
            disclose_results(assignment, done),
        ]
    published = json.dumps(notices, ensure_ascii=False)
    assert "豫执法" not in published, "certificate numbers are personal data (R7.2)"
    print(
        f"  {len(notices)} notices, {len(published):,} characters, no certificate number in them"
    )
    print()


def verify_the_year(
    year: Campaign, staffed: Sequence[Assignment], registry: Registry, history: list[Task]
) -> None:
    """Anyone re-runs the published year from its record and the inputs alone (R7.6)."""
    heading("6. The year verified from its published record (R1.5, R7.6)")
    record = json.loads(json.dumps(year.record(), ensure_ascii=False))
    replayed = replay_campaign(record, [registry, registry], history=history)
    for published, done in zip(record["rounds"], replayed.rounds, strict=True):
        verdict = verify_draw(published, done.registry, history=done.history)
        print(f"  verify_draw {published['plan_id']}: {verdict.explain()}")
    for assignment, done in zip(staffed, record["rounds"], strict=True):
        staff_record = json.loads(json.dumps(assignment.record(), ensure_ascii=False))
        verdict = verify_assignment(staff_record, done, sample_roster(), conflicts=CONFLICTS)
        print(f"  verify_assignment {assignment.plan.id}: {verdict.explain()}")
    for published in record["rounds"]:
        check_independently(published, registry)
    print("  both rounds re-checked with hashlib alone: fingerprint, every size, key and cutoff")
    first = record["rounds"][0]
    drawn = {s for stratum in first["strata"] for s in stratum["drawn"]}
    changed = next(s for s in registry if s.id not in drawn)
    regraded = [attrs.evolve(s, grade="D") if s is changed else s for s in registry]
    tampered = verify_draw(first, regraded, history=history)
    print(f"  with {changed.id} regraded after the draw: {tampered.first.kind.value}")


def check_independently(record: Mapping[str, Any], registry: Registry) -> None:
    """Re-check a published draw with hashlib and json only, as a third party does (R1.5).

    The registry's fingerprint from its canonical lines, each stratum's sample
    size ``ceil(N_s × r_s)``, and every drawn subject's key against the
    stratum's cutoff (docs/draw-spec.md).
    """
    digest = hashlib.sha256(b"randinspect-fingerprint/1\n")
    for row in sorted(registry.to_data(), key=lambda r: r["id"].encode()):
        line = json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        digest.update(line.encode() + b"\n")
    assert digest.hexdigest() == record["fingerprint"], "registry fingerprint"
    for stratum in record["strata"]:
        ratio = Fraction(stratum["ratio"].rstrip("%")) / 100
        assert math.ceil(stratum["in_scope"] * ratio) == stratum["required"], "sample size"
        for subject_id in stratum["drawn"]:
            message = f"{record['seed']}|S|{record['plan_id']}|{subject_id}"
            assert hashlib.sha256(message.encode()).hexdigest() <= stratum["cutoff"], subject_id


if __name__ == "__main__":
    main()
