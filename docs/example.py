"""The worked example: one joint inspection campaign on built-in sample data.

Run it with ``uv run python docs/example.py``. It follows a campaign like
document 000's (Weidong District Civil Affairs Bureau, 2024, elder-care
homes, jointly with the Fire Rescue brigade): derive the seed from public
text, draw the subjects, re-check the draw with nothing but hashlib, staff
every drawn home with a team, replace an inspector who falls ill, compute
the deadlines of the results on China's working-day calendar, and then the
"one public" half: the campaign report with the estimated problem rate, the
public notices with personal data withheld, and a verification of the
published records from the inputs alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from fractions import Fraction

import attrs

from randinspect import (
    Assignment,
    CheckItem,
    DeadlinePolicy,
    FlagStratum,
    Handling,
    Inspector,
    Outcome,
    Period,
    Plan,
    Ratios,
    Rectification,
    Registry,
    Result,
    SameAttribute,
    Seed,
    StaffingAction,
    Subject,
    SubjectDraw,
    Task,
    TeamRule,
    assign_inspectors,
    disclose_plan,
    disclose_results,
    disclose_tasks,
    draw_subjects,
    format_ratio,
    overdue,
    replace_inspector,
    schedule,
    summarize,
    verify_assignment,
    verify_draw,
)

YEAR = 2024
DISTRICTS = ("卫东区", "新华区", "湛河区")
BLACKLISTED_HOME = 50
SECTION_HEADS = 4  # MZ-01..04 may lead a team (R4.5)
FIRE_QUALIFIED = 5  # XF-01..05 hold the fire qualification (R3.2); XF-05's lapses in May


def _flags(n: int) -> set[str]:
    if n % 17 == 0:
        return {"high_risk"}  # drawn in the boost stratum (R2.4)
    return {"blacklisted"} if n == BLACKLISTED_HOME else set()  # cap-exempt (R5.3)


def sample_registry() -> Registry:
    """120 elder-care homes and 10 hotels in three districts, grades spread A-D."""
    homes = [
        Subject(
            id=f"PDS-ELDER-{n:03d}",
            name=f"平顶山第{n}养老院",
            grade="AABBBBCCCD"[n % 10],
            attributes={"type": "elder-care", "region": DISTRICTS[n % 3]},
            flags=_flags(n),
        )
        for n in range(1, 121)
    ]
    hotels = [
        Subject(id=f"PDS-HOTEL-{n:03d}", grade="B", attributes={"type": "hotel", "region": r})
        for n, r in enumerate(DISTRICTS * 3 + DISTRICTS[:1], start=1)
    ]
    return Registry(homes + hotels)


def sample_plan() -> Plan:
    """A joint plan: civil affairs initiates, fire rescue brings its own check item (R4.6)."""
    return Plan(
        id="2024-weidong-elder",
        year=YEAR,
        department="民政局",
        unit="养老服务股",
        partners={"消防救援大队"},
        items=[
            CheckItem(
                id="elder-safety",
                name="养老机构服务安全检查",
                department="民政局",
                subject_type="elder-care",
                basis="《养老机构管理办法》",
                method="现场检查",
                min_ratios=Ratios(A="5%", B="10%", C="15%", D="20%"),
            ),
            CheckItem(
                id="fire-safety",
                name="消防安全检查",
                department="消防救援大队",
                subject_type="elder-care",
                qualification="消防监督",
            ),
        ],
        ratios=Ratios(A="5%", B="10%", C="15%", D="20%"),  # variant W (R2.1)
        boost=FlagStratum(flags={"high_risk"}, ratio="50%"),  # R2.4
        periods=[
            Period(start=dt.date(YEAR, 3, 1), end=dt.date(YEAR, 6, 30), name="上半年"),
            Period(start=dt.date(YEAR, 7, 1), end=dt.date(YEAR, 11, 30), name="下半年"),
        ],  # one draw per half-year (R6.2)
        team=TeamRule(size=3),  # a leader, a fire officer, one more (R4.2, R4.5, R4.6)
    )


def sample_roster() -> list[Inspector]:
    """Ten civil-affairs officers (four may lead) and six fire officers, in three districts."""
    civil = [
        Inspector(
            id=f"MZ-{n:02d}",
            department="民政局",
            can_lead=n <= SECTION_HEADS,
            certificate_no=f"豫执法{n:05d}",
            attributes={"region": DISTRICTS[n % 3]},
        )
        for n in range(1, 11)
    ]
    fire = [
        Inspector(
            id=f"XF-{n:02d}",
            department="消防救援大队",
            qualifications={"消防监督"} if n <= FIRE_QUALIFIED else set(),
            certificate_expires=dt.date(YEAR, 5, 31) if n == FIRE_QUALIFIED else None,
            attributes={"region": DISTRICTS[n % 3]},
        )
        for n in range(1, 7)
    ]
    return civil + fire


def sample_history() -> list[Task]:
    """Earlier inspections this year: market regulation twice at two homes, a complaint."""
    return [
        Task(
            id=f"market-{n}-{k}",
            plan_id="2024-market",
            subject_id=f"PDS-ELDER-{n:03d}",
            items=["food-safety"],
            department="市场监管局",
            on=dt.date(YEAR, 2 + k, 10),
        )
        for n in (2, BLACKLISTED_HOME)
        for k in range(2)
    ] + [
        Task(
            id="hotline-7",
            plan_id="12345-hotline",
            subject_id="PDS-ELDER-007",
            items=["elder-safety"],
            department="民政局",
            kind="complaint",
            on=dt.date(YEAR, 1, 15),
        )
    ]


def check_independently(draw: SubjectDraw) -> None:
    """Re-check the published record with hashlib and json only (what a third party does)."""
    record = draw.record()
    digest = hashlib.sha256(b"randinspect-fingerprint/1\n")
    for row in sorted(draw.registry.to_data(), key=lambda r: r["id"]):
        line = json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        digest.update(line.encode() + b"\n")
    assert digest.hexdigest() == record["fingerprint"], "registry fingerprint"
    for stratum in record["strata"]:
        ratio = Fraction(stratum["ratio"].rstrip("%")) / 100
        assert math.ceil(stratum["in_scope"] * ratio) == stratum["required"], "sample size"
        for subject_id in stratum["drawn"]:
            message = f"{record['seed']}|S|{record['plan_id']}|{subject_id}"
            assert hashlib.sha256(message.encode()).hexdigest() <= stratum["cutoff"], subject_id


def sample_results(assignment: Assignment, first: Result) -> list[Result]:
    """One result per task, covering both departments' items (R4.6): a fixed, varied mix.

    Every fifth home had a fire-safety problem, ordered put right and since
    rectified; the fourth task's home refused the inspection and was fined
    (R7.3); every seventh home had closed; the rest were compliant.
    """
    results = [
        attrs.evolve(
            first, rectification=Rectification(state="ordered", deadline=dt.date(YEAR, 10, 31))
        )
    ]
    for n, task in enumerate(assignment.tasks[1:], start=1):
        assert task.period is not None
        day = task.period.start + dt.timedelta(days=10 + n)
        outcomes = dict.fromkeys(task.items, Outcome.COMPLIANT)
        follow_up: dict[str, object] = {}
        if n == 3:  # noqa: PLR2004  # the one refusal of the campaign
            outcomes = dict.fromkeys(task.items, Outcome.REFUSED)
            penalty = Handling(decision="penalty", decided_on=day + dt.timedelta(days=7))
            follow_up = {"handling": (penalty,)}
        elif n % 5 == 1:
            outcomes["fire-safety"] = Outcome.PROBLEM_CORRECTED
            fixed = Rectification(
                state="rectified",
                deadline=day + dt.timedelta(days=30),
                rectified_on=day + dt.timedelta(days=20),
            )
            follow_up = {"rectification": fixed, "findings": {"fire-safety": "疏散通道堆放杂物"}}
        elif n % 7 == 6:  # noqa: PLR2004
            outcomes = dict.fromkeys(task.items, Outcome.CLOSED)
        results.append(
            Result(
                task_id=task.id,
                subject_id=task.subject_id,
                outcomes=outcomes,
                inspected_on=day,
                reported_on=day + dt.timedelta(days=2),
                **follow_up,  # type: ignore[arg-type]
            )
        )
    return results


def main() -> None:
    """Run the campaign and print what each step decided."""
    registry, plan, history = sample_registry(), sample_plan(), sample_history()

    # 1. The seed: a commitment published before the draw, and lottery numbers drawn after it.
    seed = Seed.derive("commitment:2024-weidong-elder:9f2c41d0", "福彩3D 2024-03-01: 3 1 7")
    print(f"seed {seed}")

    # 2. Draw the subjects (R2, R3, R5) and check the record independently (R7.6).
    draw = draw_subjects(plan, registry, seed=seed, history=history)
    print(f"registry {len(registry)} subjects, fingerprint {draw.fingerprint[:16]}…")
    print("stratum  ratio  in scope  eligible  required  drawn")
    for s in draw.strata:
        print(
            f"{s.name:<7} {format_ratio(s.ratio):>5}  {s.in_scope:>8}  {s.eligible:>8}"
            f"  {s.required:>8}  {len(s.drawn):>5}"
        )
    print(f"out of scope: {draw.out_of_scope} (hotels); excluded:")
    for exclusion in draw.excluded:
        print(f"  {exclusion.subject_id}: {exclusion.detail}")
    check_independently(draw)
    print("record re-checked with hashlib alone: every key, size and cutoff agree")
    for drawn in draw.drawn[:5]:
        print(f"  {drawn.subject.id}  {drawn.stratum}  {drawn.period.name}  key {drawn.key[:12]}…")

    # 3. Staff every drawn home: a civil-affairs leader and a qualified fire officer,
    #    never from the home's own district (所所交叉, R4.3); loads kept even.
    assignment = assign_inspectors(
        draw, sample_roster(), seed=seed, conflicts=[SameAttribute("region")]
    )
    for task in assignment.tasks[:3]:
        print(f"  {task.id}: team {', '.join(task.inspectors)}; leader {task.leader}")
    loads = sorted(assignment.loads.items())
    print("  loads: " + ", ".join(f"{i} {n}" for i, n in loads))
    for note in assignment.notes:
        print(f"  note: {note}")
    skips = [e for e in assignment.log if e.action is StaffingAction.SKIPPED]
    print(f"  {len(skips)} recusals and skips logged, e.g.: {skips[0]}")
    first_task = assignment.tasks[0]
    ill = first_task.inspectors[-1]
    replaced = replace_inspector(assignment, first_task.id, ill, reason="病假 (sick leave)")
    print(f"  after publication {ill} falls ill: {replaced.log[-1]}")

    # 4. Results come in; the deadlines of R6 follow China's working-day calendar.
    policy = DeadlinePolicy.for_document("003").merge(DeadlinePolicy.for_document("004"))
    first = draw.drawn[0]
    result = Result(
        task_id=f"{plan.id}/{first.subject.id}",
        subject_id=first.subject.id,
        outcomes={"elder-safety": Outcome.PROBLEM_PENDING, "fire-safety": Outcome.COMPLIANT},
        item_dates={"elder-safety": dt.date(YEAR, 9, 27), "fire-safety": dt.date(YEAR, 9, 30)},
        inspected_on=dt.date(YEAR, 9, 30),
    )
    print(f"deadlines of {result.task_id} (joint: counted from the last item, R6.4;")
    print("  National Day is off and Saturday 2024-10-12 is a make-up working day):")
    for deadline in schedule(result, policy=policy):
        print(f"  {deadline.rule:<5} {deadline.name:<28} due {deadline.due}")
    for late in overdue([result], on=dt.date(YEAR, 10, 16), policy=policy):
        name, late_by = late.deadline.name, late.working_days_late
        print(f"  on {YEAR}-10-16 late: {name}, {late_by} working days")

    one_public(draw, replaced, sample_results(replaced, result), policy=policy, history=history)


def one_public(
    draw: SubjectDraw,
    assignment: Assignment,
    results: list[Result],
    *,
    policy: DeadlinePolicy,
    history: list[Task],
) -> None:
    """Report the campaign, publish its notices, and verify its records (R7)."""
    plan, registry, seed = draw.plan, draw.registry, draw.seed
    # 5. The campaign report (R7.4): every task's result, the ratios achieved, the problem
    #    rate, and the population's estimated problem rate with its 95% interval.
    report = summarize(draw, assignment, results, on=dt.date(YEAR, 12, 2), policy=policy)
    print("stratum  drawn  inspected  problems  problem rate")
    for line in (*report.strata, report.overall):
        rate = "-" if line.problem_rate is None else f"{float(line.problem_rate):.0%}"
        print(
            f"{line.name:<7} {line.drawn:>6} {line.inspected:>10} {line.problems:>9}  {rate:>12}"
        )
    estimate = report.estimate
    print(
        f"estimated problem rate of the population: {float(estimate.rate):.1%}"
        f" (95% interval {estimate.low:.1%} to {estimate.high:.1%}); {report.covers}"
    )

    # 6. One public (R7.1-R7.3): the plan, task and result notices, personal data withheld.
    notices = [
        disclose_plan(plan, draw=draw),
        disclose_tasks(assignment),
        disclose_results(assignment, results),
    ]
    published = json.dumps(notices, ensure_ascii=False)
    assert "豫执法" not in published, "certificate numbers are personal data (R7.2)"
    refused = [r for r in notices[2]["results"] if r["outcome"] == Outcome.REFUSED.label]
    print(f"notices: {', '.join(n['title'] for n in notices)}; {len(published):,} characters,")
    print(f"  no certificate number in them; published refusal: {refused[0]['subject']['id']}")

    # 7. Anyone re-runs the published records from the inputs (R7.6).
    draw_record = json.loads(json.dumps(draw.record(), ensure_ascii=False))
    verdict = verify_draw(draw_record, registry, history=history, plan=plan, seed=seed)
    print(f"verify_draw: {verdict.explain()}")
    staffing = verify_assignment(
        json.loads(json.dumps(assignment.record(), ensure_ascii=False)),
        draw_record,
        sample_roster(),
        conflicts=[SameAttribute("region")],
    )
    print(f"verify_assignment (with the replacement): {staffing.explain()}")
    changed = next(s for s in registry if s.id not in {d.subject.id for d in draw.drawn})
    regraded = [attrs.evolve(s, grade="D") if s is changed else s for s in registry]
    tampered = verify_draw(draw_record, regraded, history=history)
    print(f"with {changed.id} regraded after the draw: {tampered.first.kind.value}")


if __name__ == "__main__":
    main()
