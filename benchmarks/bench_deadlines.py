"""Benchmark: 1,000,000 working-day deadlines (randinspect.calendar).

Run with ``uv run --group bench python benchmarks/bench_deadlines.py``.

Inputs: 1,000,000 (start, n) pairs from a fixed seed, start uniform over
2004-01-01..2025-12-01 and n uniform over 1..20 ("within n working days").
Compared on the same inputs:

- randinspect: ``WorkCalendar.add_working_days``, one Python call per deadline
  (the official calendar is built once before timing; its build is shown apart).
- holidays: ``China.get_nth_working_day``, with every year populated before
  timing. It is slow, so a subsample of the first 20,000 inputs is timed and
  the time scaled to 1,000,000 (x50); its answers are checked equal to ours.
- numpy.busday_offset, vectorised over the whole array, as a reference.
  A weekmask cannot say "this Saturday is a working day" (make-up days, 调休),
  so the weekmask "1111100" with the public holidays as holidays gets every
  make-up day wrong; the row shows how many of the 1,000,000 answers differ.
  The exact encoding marks all seven weekdays valid and lists every
  non-working day (weekends that are not make-up days, and holidays) as a
  holiday, all taken from the holidays package, with roll="backward" so that
  a non-working start rolls to the working day before (start not counted).
  Its answers are checked equal to ours.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import time

import holidays
import numpy as np
from _timing import best_of, cpu_model

from randinspect.calendar import WorkCalendar

N = 1_000_000
SUBSAMPLE = 20_000
FIRST, LAST = dt.date(2004, 1, 1), dt.date(2025, 12, 1)
YEARS = range(2003, 2027)


def main() -> None:
    """Time every method on the same inputs and print one table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=N, help="deadlines to compute")
    parser.add_argument("--subsample", type=int, default=SUBSAMPLE, help="for holidays")
    args = parser.parse_args()
    size, subsample = args.size, min(args.subsample, args.size)
    rng = random.Random(20240930)
    lo, hi = FIRST.toordinal(), LAST.toordinal()
    starts = [dt.date.fromordinal(rng.randint(lo, hi)) for _ in range(size)]
    counts = [rng.randint(1, 20) for _ in range(size)]

    build_start = time.perf_counter()
    calendar = WorkCalendar.china()
    build = time.perf_counter() - build_start
    add = calendar.add_working_days

    ours_time, ours = best_of(3, lambda: [add(s, n) for s, n in zip(starts, counts, strict=True)])

    china = holidays.country_holidays("CN", years=YEARS)
    sub = list(zip(starts[:subsample], counts[:subsample], strict=True))
    nth = china.get_nth_working_day
    hol_sub, hol = best_of(1, lambda: [nth(s, n) for s, n in sub])
    assert hol == ours[:subsample], "holidays disagrees with randinspect"
    hol_time = hol_sub * size / subsample

    # numpy: the same weekday and holiday data, taken from the holidays package.
    days = [dt.date(YEARS.start, 1, 1) + dt.timedelta(i) for i in range(366 * len(YEARS))]
    days = [d for d in days if d.year in YEARS]
    off_days = np.array([d for d in days if not china.is_working_day(d)], dtype="datetime64[D]")
    weekday_holidays = np.array(
        [d for d in days if d in china and d.weekday() < 5], dtype="datetime64[D]"
    )
    exact = np.busdaycalendar(weekmask="1111111", holidays=off_days)
    naive = np.busdaycalendar(weekmask="1111100", holidays=weekday_holidays)
    convert_time, start_array = best_of(3, lambda: np.array(starts, dtype="datetime64[D]"))
    count_array = np.array(counts)
    np_time, np_exact = best_of(
        3, lambda: np.busday_offset(start_array, count_array, roll="backward", busdaycal=exact)
    )
    assert np_exact.astype(object).tolist() == ours, "numpy (exact) disagrees with randinspect"
    naive_time, np_naive = best_of(
        3, lambda: np.busday_offset(start_array, count_array, roll="backward", busdaycal=naive)
    )
    wrong = int((np_naive != np_exact).sum())

    print(
        f"machine: {os.cpu_count()} cores, {cpu_model()}; Python {platform.python_version()};"
        f" holidays {holidays.__version__}; numpy {np.__version__}"
    )
    print(f"inputs: {size:,} deadlines, start {FIRST}..{LAST}, n 1..20; best of 3 unless noted")
    print(f"(randinspect calendar build, once: {build:.3f} s)")
    print()
    rows = [
        ("randinspect add_working_days", ours_time, "one Python call per deadline"),
        (
            "holidays get_nth_working_day",
            hol_time,
            f"{subsample:,} timed once, x{size // subsample}; same answers",
        ),
        (
            "numpy.busday_offset, exact",
            np_time,
            (
                f"vectorised; all days valid, {len(off_days):,} off days listed; same answers"
                f" (+{convert_time:.3f} s to build the date array)"
            ),
        ),
        (
            "numpy.busday_offset, weekmask",
            naive_time,
            f"vectorised; 1111100 + weekday holidays: {wrong:,} answers wrong (make-up days)",
        ),
    ]
    print(f"| {'method':<30} | {'1M deadlines':>12} | {'per call':>9} | {'time/ours':>9} | note")
    print(f"|{'-' * 32}|{'-' * 14}|{'-' * 11}|{'-' * 11}|------")
    for name, seconds, note in rows:
        print(
            f"| {name:<30} | {seconds:>10.3f} s | {seconds / size * 1e9:>6.0f} ns"
            f" | {seconds / ours_time:>8.2f}x | {note}"
        )
    print()
    speedup = hol_time / ours_time
    print(
        f"targets: 1M deadlines <= 1 s: {'met' if ours_time <= 1 else 'MISSED'}"
        f" ({ours_time:.3f} s); >= 20x faster than holidays:"
        f" {'met' if speedup >= 20 else 'MISSED'} ({speedup:.0f}x)"
    )


if __name__ == "__main__":
    main()
