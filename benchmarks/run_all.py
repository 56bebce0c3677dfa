"""The benchmark suite: one command measures every cost at every size and writes the table.

Run: ``uv run --group bench python benchmarks/run_all.py`` (about five
minutes on a 2-core machine). It rewrites the part of ``benchmarks/README.md``
between the ``suite`` markers; ``--output FILE`` writes elsewhere and
``--quick`` runs tiny sizes (the test suite does, to keep it working).

Each measurement runs in a fresh process of its own, so that its peak
memory is its own: the peak resident set beyond what the process held just
before the work (``VmHWM`` after resetting it through ``/proc/self/clear_refs``),
taken on the process's first run of the work (a later run reuses memory the
first left behind and shows less), and its floor and reference are timed in
that same process, interleaved.

What is measured, and against what:

- **rows to record**: rows (dicts, as a database cursor gives them) to
  ``load_registry`` (every row validated into a Subject), the registry's
  fingerprint, ``draw_subjects`` (ratios 5/10/15/20 %, a boost stratum of
  high-risk subjects at 50 %, a history of one task for every tenth
  subject) and the record. Floor: SHA-256 over the same canonical bytes the
  fingerprint hashes, plus every subject's ``S`` key with the hash state
  primed once. Reference: pandas, ``DataFrame(rows)`` and
  ``groupby("grade").sample(frac=0.1)`` (not exact, not verifiable, no caps).
- **streamed draw**: the same plan over rows generated lazily in id order,
  read once by ``draw_stream``, and the record; a history of one task for
  every hundredth subject, at most 100,000 (``bench_stream.py``'s), and,
  as a second row, of one for every tenth (1,000,000 tasks at 10M, so
  166,667 exclusions in the record). Floor: generating the rows and keying
  every id, primed.
- **assignment**: a joint plan's tasks staffed with teams of 3 from 2,000
  inspectors, conflicts and unavailability (``bench_assign.py``'s workload).
  Floor: one ``T`` key per team place (what a third party recomputes to
  check a team). Reference: numpy, three distinct inspectors per task from
  a seeded generator (random, but neither balanced, nor qualified, nor
  verifiable).
- **deadlines**: ``add_working_days`` over (start, n) pairs. Floor: one
  dict look-up per deadline in a table built beforehand. References: numpy
  ``busday_offset`` with every non-working day as a holiday (exact), and
  the holidays package's ``get_nth_working_day`` timed on the first 20,000
  pairs and scaled.

Growth is the exponent ``k`` in ``time ∝ size^k`` between consecutive
sizes: 1.0 is linear.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _timing import best_of_each, count_primed_keys, machine, peak_beyond, primed_keys

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
BEGIN, END = "<!-- suite:begin -->", "<!-- suite:end -->"

SIZES = {
    "rows to record": (10_000, 100_000, 1_000_000),
    "streamed draw": (10_000_000,),
    "streamed draw, 1-in-10 history": (10_000_000,),
    "assignment": (1_000, 10_000, 100_000),
    "deadlines": (1_000_000,),
}
QUICK = {
    "rows to record": (2_000, 4_000),
    "streamed draw": (4_000,),
    "streamed draw, 1-in-10 history": (4_000,),
    "assignment": (200, 400),
    "deadlines": (5_000,),
}


# --- memory ----------------------------------------------------------------------------


# --- the measurements, each run in a process of its own ---------------------------------


def _plan(*, boost: bool) -> Any:
    from randinspect import CheckItem, FlagStratum, Plan, Ratios  # noqa: PLC0415

    return Plan(
        id="2024-suite",
        year=2024,
        department="civil-affairs",
        unit="unit-1",
        items=[CheckItem(id="elder", name="养老机构检查", department="civil-affairs")],
        ratios=Ratios(A="5%", B="10%", C="15%", D="20%"),
        boost=FlagStratum(flags={"high_risk"}, ratio="50%") if boost else None,
    )


def _row(i: int) -> dict[str, Any]:
    grade = "AAAABBBCCD"[i % 10]
    return {
        "id": f"914104{i:012d}",
        "grade": grade,
        "flags": "high_risk" if i % 97 == 0 else "",
        "region": f"r{i % 7}",
    }


def _history(size: int, *, every: int = 10, most: int | None = None) -> list[Any]:
    """One task this year for every ``every``-th subject, at most ``most``."""
    from randinspect import Task  # noqa: PLC0415

    step = every if most is None else max(every, -(-size // most))
    return [
        Task(
            id=f"t{n}",
            plan_id="earlier",
            subject_id=f"914104{i:012d}",
            items=["x"],
            department=("civil-affairs", "fire-rescue", "market")[n % 3],
            unit=("unit-1", "unit-2")[n % 2],
            on=dt.date(2024, 3, 1),
        )
        for n, i in enumerate(range(0, size, step))
    ]


def rows_to_record(size: int, runs: int) -> dict[str, Any]:
    """Rows → Registry → fingerprint → draw → record, floor and pandas in the same process."""
    import pandas as pd  # noqa: PLC0415

    from randinspect import Seed, draw_subjects  # noqa: PLC0415
    from randinspect.draw import canonical_json  # noqa: PLC0415
    from randinspect.loading import load_registry  # noqa: PLC0415

    plan, seed = _plan(boost=True), Seed.derive("suite")
    rows, history = [_row(i) for i in range(size)], _history(size)
    built = load_registry(rows)
    text = "".join(canonical_json(s.to_data()) + "\n" for s in built).encode()
    ids = [s.id for s in built]
    prefix = f"{seed.hex}|S|{plan.id}|".encode()

    def path() -> int:
        registry = load_registry(rows)
        assert registry.fingerprint
        return len(draw_subjects(plan, registry, seed=seed, history=history).record())

    def floor() -> int:
        hashlib.sha256(b"randinspect-fingerprint/1\n" + text).digest()
        return len(primed_keys(prefix, ids))

    def reference() -> int:
        frame = pd.DataFrame(rows)
        return len(frame.groupby("grade").sample(frac=0.1, random_state=1))

    peak = peak_beyond(path)  # first: what a fresh process holds, not a warmed one
    timed = best_of_each(runs, {"work": path, "floor": floor, "reference": reference})
    return {
        "time": timed["work"][0],
        "floor": timed["floor"][0],
        "reference": timed["reference"][0],
        "reference_name": "pandas groupby().sample()",
        "peak": peak,
    }


def streamed_draw(
    size: int, runs: int, *, every: int = 100, most: int = 100_000
) -> dict[str, Any]:
    """draw_stream over rows generated lazily, against generating and keying them.

    The history is one task for every ``every``-th subject, at most ``most``
    (bench_stream's workload: every hundredth, at most 100,000).
    """
    try:
        from randinspect.streaming import draw_stream  # noqa: PLC0415
    except ImportError:
        return {"missing": "randinspect.streaming.draw_stream is not in this build"}
    from randinspect import Seed  # noqa: PLC0415

    plan, seed = _plan(boost=True), Seed.derive("suite")
    history = _history(size, every=every, most=most)
    prefix = f"{seed.hex}|S|{plan.id}|".encode()

    def work() -> int:
        draw = draw_stream(plan, (_row(i) for i in range(size)), seed=seed, history=history)
        return len(draw.record())

    def floor() -> int:
        return count_primed_keys(prefix, (_row(i)["id"] for i in range(size)))

    peak = peak_beyond(work)  # first: what a fresh process holds, not a warmed one
    timed = best_of_each(runs, {"work": work, "floor": floor})
    return {"time": timed["work"][0], "floor": timed["floor"][0], "peak": peak}


def streamed_draw_long_history(size: int, runs: int) -> dict[str, Any]:
    """The streamed draw with a history of one task for every tenth subject (1M at 10M)."""
    return streamed_draw(size, runs, every=10, most=size)


def assignment(size: int, runs: int) -> dict[str, Any]:
    """assign_inspectors on bench_assign's workload, against a T key per place and numpy."""
    import numpy as np  # noqa: PLC0415
    from bench_assign import make_draw, make_inputs, make_plan, make_roster, make_subjects  # noqa: PLC0415

    from randinspect import Seed, assign_inspectors  # noqa: PLC0415

    plan, seed = make_plan(), Seed.derive("suite-assign")
    subjects = make_subjects(size)
    ids = [s.id for s in subjects]
    roster = make_roster(ids)
    draw = make_draw(plan, subjects, seed)
    conflicts, unavailable = make_inputs(roster, ids)
    places = [
        (f"{seed.hex}|T|{plan.id}/{i}|".encode(), roster[(n * 7 + k) % len(roster)].id.encode())
        for n, i in enumerate(ids)
        for k in range(plan.team.size)
    ]

    def work() -> int:
        staffed = assign_inspectors(
            draw, roster, seed=seed, conflicts=conflicts, unavailable=unavailable
        )
        return len(staffed.tasks)

    def floor() -> int:
        return len([hashlib.sha256(p + e).digest() for p, e in places])

    def reference() -> int:
        rng = np.random.default_rng(1)
        return len([rng.choice(len(roster), size=plan.team.size, replace=False) for _ in ids])

    peak = peak_beyond(work)  # first: what a fresh process holds, not a warmed one
    timed = best_of_each(runs, {"work": work, "floor": floor, "reference": reference})
    return {
        "time": timed["work"][0],
        "floor": timed["floor"][0],
        "reference": timed["reference"][0],
        "reference_name": "numpy choice per task",
        "peak": peak,
    }


def deadlines(size: int, runs: int) -> dict[str, Any]:
    """add_working_days over (start, n) pairs, against a look-up table, numpy and holidays."""
    import holidays  # noqa: PLC0415
    import numpy as np  # noqa: PLC0415

    from randinspect.calendar import WorkCalendar  # noqa: PLC0415

    calendar = WorkCalendar.china()
    rng = random.Random(20240601)
    first, last = dt.date(2004, 1, 1), dt.date(2025, 12, 1)
    span = (last - first).days
    pairs = [
        (first + dt.timedelta(days=rng.randrange(span)), rng.randint(1, 20)) for _ in range(size)
    ]
    table = {pair: calendar.add_working_days(*pair) for pair in set(pairs)}
    china = holidays.China(years=range(2004, 2027))
    sample = pairs[:20_000]
    off = [
        first + dt.timedelta(days=d)
        for d in range((dt.date(2026, 12, 31) - first).days)
        if not calendar.is_working_day(first + dt.timedelta(days=d))
    ]
    starts = np.array([s for s, _ in pairs], dtype="datetime64[D]")
    counts = np.array([n for _, n in pairs])
    holidays_array = np.array(off, dtype="datetime64[D]")

    def work() -> int:
        add = calendar.add_working_days
        return len([add(s, n) for s, n in pairs])

    def floor() -> int:
        get = table.__getitem__
        return len([get(p) for p in pairs])

    def numpy_reference() -> int:
        return len(
            np.busday_offset(
                starts, counts, roll="backward", weekmask="1111111", holidays=holidays_array
            )
        )

    def holidays_reference() -> int:
        return len([china.get_nth_working_day(s, n) for s, n in sample])

    peak = peak_beyond(work)  # first: what a fresh process holds, not a warmed one
    timed = best_of_each(
        runs,
        {"work": work, "floor": floor, "numpy": numpy_reference, "holidays": holidays_reference},
    )
    scale = size / len(sample)
    return {
        "time": timed["work"][0],
        "floor": timed["floor"][0],
        "reference": timed["numpy"][0],
        "reference_name": "numpy busday_offset (exact encoding)",
        "second": timed["holidays"][0] * scale,
        "second_name": "holidays get_nth_working_day (scaled)",
        "peak": peak,
    }


MEASURES: dict[str, Callable[[int, int], dict[str, Any]]] = {
    "rows to record": rows_to_record,
    "streamed draw": streamed_draw,
    "streamed draw, 1-in-10 history": streamed_draw_long_history,
    "assignment": assignment,
    "deadlines": deadlines,
}


# --- the suite -------------------------------------------------------------------------


def measure(name: str, size: int, runs: int) -> dict[str, Any]:
    """Run one measurement in a fresh process; its JSON line back."""
    done = subprocess.run(
        [sys.executable, __file__, "--one", name, str(size), str(runs)],
        capture_output=True,
        text=True,
        check=False,
        cwd=HERE,
    )
    if done.returncode:
        raise RuntimeError(f"{name} at {size:,}: {done.stderr.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _times(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def table(results: dict[str, list[tuple[int, dict[str, Any]]]]) -> str:
    """The Markdown table of every measurement, with ratios and growth."""
    header = (
        "| measurement | size | time | per item | × floor | × reference | reference"
        " | peak memory | growth |"
    )
    lines = [header, "|---|---:|---:|---:|---:|---:|---|---:|---:|"]
    for name, rows in results.items():
        previous: tuple[int, float] | None = None
        for size, found in rows:
            if "missing" in found:
                lines.append(f"| {name} | {size:,} | — | | | | {found['missing']} | | |")
                continue
            seconds = found["time"]
            growth = ""
            if previous is not None:
                growth = f"{math.log(seconds / previous[1]) / math.log(size / previous[0]):.2f}"
            previous = (size, seconds)
            reference = found.get("reference")
            versus = f"{seconds / reference:.2f}" if reference else "—"
            names = found.get("reference_name", "—")
            if "second" in found:
                versus += f"; {seconds / found['second']:.3f}"
                names += f"; {found['second_name']}"
            lines.append(
                f"| {name} | {size:,} | {_times(seconds)} | {seconds / size * 1e6:.2f} µs"
                f" | {seconds / found['floor']:.2f} | {versus} | {names}"
                f" | {found['peak'] / 2**20:.0f} MiB | {growth} |"
            )
    return "\n".join(lines)


def write(text: str, output: Path) -> None:
    """Put ``text`` between the suite markers of ``output`` (appended when there are none)."""
    block = f"{BEGIN}\n{text}\n{END}"
    current = output.read_text("utf-8") if output.exists() else ""
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        new = head + block + rest.split(END, 1)[1]
    else:
        new = current.rstrip("\n") + ("\n\n" if current else "") + block + "\n"
    output.write_text(new, "utf-8")


def main() -> None:
    """Run the suite, or (``--one``) one measurement for the suite."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--one", nargs=3, metavar=("NAME", "SIZE", "RUNS"))
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check it works")
    parser.add_argument("--output", type=Path, default=README)
    args = parser.parse_args()
    if args.one:
        name, size, runs = args.one
        print(json.dumps(MEASURES[name](int(size), int(runs))))
        return
    sizes = QUICK if args.quick else SIZES
    results: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for name, chosen in sizes.items():
        results[name] = []
        for size in chosen:
            runs = 1 if size >= 1_000_000 else 3
            found = measure(name, size, runs)
            results[name].append((size, found))
            print(f"{name} {size:,}: {found}", flush=True)
    stamp = dt.date.today().isoformat()  # the day the figures were taken
    text = f"Written by `benchmarks/run_all.py` on {stamp}; machine: {machine()}.\n\n" + table(
        results
    )
    write(text, args.output)
    print(text)


if __name__ == "__main__":
    main()
