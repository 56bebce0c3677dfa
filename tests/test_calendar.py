"""The working-day calendar: China's official working days and the counting rule (R6)."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path
from typing import Any

import attrs
import chinese_calendar
import pytest
from assertions import assert_rejected, rejections
from hypothesis import given, settings
from hypothesis import strategies as st

from randinspect.calendar import (
    ESTIMATE_LAST_YEAR,
    FIRST_PUBLISHED_YEAR,
    CalendarWarning,
    EstimatedCalendarWarning,
    WorkCalendar,
    YearEndWarning,
    YearSchedule,
    add_working_days,
    default_calendar,
    half_years,
    is_working_day,
    month_end,
    working_days_between,
)
from randinspect.errors import (
    InvalidDateError,
    RandInspectError,
    RuleViolationError,
    UnpublishedYearError,
    ValidationError,
)
from randinspect.model import Period

D = dt.date
GOLDEN = json.loads((Path(__file__).parent / "data" / "deadlines_golden.json").read_text("utf-8"))
CAL = default_calendar()


def chinese_calendar_deadline(start: dt.date, n: int) -> dt.date:
    """The n-th working day after start per chinese-calendar, an independent source."""
    day = start
    while n:
        day += dt.timedelta(days=1)
        if chinese_calendar.is_workday(day):
            n -= 1
    return day


# --- the golden table and the issue's examples ------------------------------------------


@pytest.mark.parametrize(
    "case", GOLDEN["cases"], ids=[f"{c['start']}+{c['n']}" for c in GOLDEN["cases"]]
)
def test_golden_deadlines(case: dict[str, Any]) -> None:
    """Each hand-worked deadline around Spring Festival and National Day 2024-2026 holds."""
    start, due = D.fromisoformat(case["start"]), D.fromisoformat(case["due"])
    assert due == CAL.add_working_days(start, case["n"])
    assert due == add_working_days(start, case["n"])
    assert case["n"] == CAL.working_days_between(start, due)


def test_golden_table_is_large_and_agrees_with_chinese_calendar() -> None:
    """The golden table has at least 20 cases, and a second source agrees with every one."""
    assert len(GOLDEN["cases"]) >= 20
    for case in GOLDEN["cases"]:
        start, due = D.fromisoformat(case["start"]), D.fromisoformat(case["due"])
        assert due == chinese_calendar_deadline(start, case["n"]), case


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (D(2024, 9, 30), 7, D(2024, 10, 15)),  # the make-up Saturday 10-12 counts
        (D(2026, 2, 13), 2, D(2026, 2, 24)),  # the 9-day Spring Festival
        (D(2025, 12, 26), 10, D(2026, 1, 12)),  # crosses the year; 2026-01-04 a working Sunday
        (D(2024, 2, 9), 1, D(2024, 2, 18)),  # a make-up Sunday is a deadline
    ],
)
def test_issue_examples(start: dt.date, n: int, due: dt.date) -> None:
    """The four examples of the issue hold exactly."""
    assert due == add_working_days(start, n)


def test_start_day_is_not_counted() -> None:
    """1 working day from a Monday is the Tuesday: the start is excluded (民法典 art. 201)."""
    assert D(2024, 3, 12) == CAL.add_working_days(D(2024, 3, 11), 1)
    assert D(2024, 3, 11) == CAL.add_working_days(D(2024, 3, 9), 1)  # from a Saturday


# --- the whole calendar against chinese-calendar ---------------------------------------------


def test_every_day_2004_to_2026_matches_chinese_calendar() -> None:
    """Every date 2004-2026 has the working status chinese-calendar gives, but one.

    The one disagreement is 2005-12-31, a Saturday: the State Council's notice
    for 2006 (国办发明电〔2005〕35号) made it a working day in exchange for
    2006-01-03 off. chinese-calendar lists it as a rest day; the holidays
    package, and so randinspect, is right there.
    """
    day, disagreements = D(2004, 1, 1), []
    with warnings.catch_warnings():
        # late December 2026 warns (YearEndWarning, tested below); the status is compared here
        warnings.simplefilter("ignore", YearEndWarning)
        while day <= D(2026, 12, 31):
            if CAL.is_working_day(day) != chinese_calendar.is_workday(day):
                disagreements.append(day)
            day += dt.timedelta(days=1)
    assert [D(2005, 12, 31)] == disagreements
    assert CAL.is_working_day(D(2005, 12, 31))
    assert not CAL.is_working_day(D(2006, 1, 3))


def test_published_years() -> None:
    """The calendar covers 2001 to the last year holidays has a State Council notice for."""
    years = CAL.published_years
    assert FIRST_PUBLISHED_YEAR == years.start
    assert 2026 in years
    assert CAL.is_published(2024)
    assert not CAL.is_published(years.stop)
    assert not CAL.is_published(2000)


# --- years with no published schedule ----------------------------------------------------


def test_unpublished_year_raises_naming_the_year_and_the_way_out() -> None:
    """A date in a year with no notice raises UnpublishedYearError; nothing is guessed."""
    year = CAL.published_years.stop
    with pytest.raises(UnpublishedYearError) as caught:
        CAL.is_working_day(D(year, 3, 2))
    message = str(caught.value)
    assert str(year) in message
    assert "with_schedule" in message
    assert "estimate=True" in message
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, RandInspectError)


def test_counting_into_an_unpublished_year_raises() -> None:
    """A count that runs past the last published year raises rather than guess the new year."""
    last = CAL.published_years.stop - 1
    with pytest.raises(UnpublishedYearError, match=str(last + 1)):
        CAL.add_working_days(D(last, 12, 20), 10)


def test_years_before_2001_raise() -> None:
    """Years before the first published one raise too, and an estimate does not cover them."""
    with pytest.raises(UnpublishedYearError, match="2000"):
        add_working_days(D(2000, 6, 1), 3)
    with pytest.raises(UnpublishedYearError, match="2000"):
        WorkCalendar.china(estimate=True).working_days_between(D(2000, 6, 1), D(2001, 6, 1))


def test_estimate_is_opt_in_and_warns() -> None:
    """With estimate=True, later years are estimated (weekends and holidays), with a warning."""
    calendar = WorkCalendar.china(estimate=True)
    year = calendar.published_years.stop
    with pytest.warns(EstimatedCalendarWarning, match="estimated"):
        assert not calendar.is_working_day(D(year, 10, 1))  # National Day
    with pytest.warns(EstimatedCalendarWarning):
        assert calendar.is_working_day(D(year, 10, 20)) == (D(year, 10, 20).weekday() < 5)
    with pytest.warns(EstimatedCalendarWarning):
        assert not calendar.is_working_day(D(ESTIMATE_LAST_YEAR, 1, 1))
    with pytest.raises(UnpublishedYearError, match=str(ESTIMATE_LAST_YEAR)):
        calendar.is_working_day(D(ESTIMATE_LAST_YEAR + 1, 1, 2))
    assert issubclass(EstimatedCalendarWarning, CalendarWarning)


def test_year_end_of_the_last_published_year_warns() -> None:
    """Results touching 25-31 December of the last published year warn: a notice may move them."""
    last = CAL.published_years.stop - 1
    assert D(last, 12, 23) == CAL.add_working_days(D(last, 12, 18), 3)  # no warning before
    with pytest.warns(YearEndWarning, match=f"December {last}"):
        CAL.add_working_days(D(last, 12, 20), 5)
    with pytest.warns(YearEndWarning):
        CAL.is_working_day(D(last, 12, 31))
    with pytest.warns(YearEndWarning):
        CAL.working_days_between(D(last, 12, 1), D(last, 12, 28))
    assert issubclass(YearEndWarning, CalendarWarning)
    assert issubclass(CalendarWarning, UserWarning)


def test_warnings_point_at_the_caller() -> None:
    """A calendar warning is attributed to the line that called the library, not to randinspect."""
    last = CAL.published_years.stop - 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        add_working_days(D(last, 12, 24), 1)
    assert [__file__] == [w.filename for w in caught]


# --- supplying schedules and local days ------------------------------------------------


def hypothetical_next_year(calendar: WorkCalendar) -> YearSchedule:
    """A made-up schedule for the year after the last published (illustration, not a notice)."""
    year = calendar.published_years.stop
    return YearSchedule.from_ranges(
        year,
        off=[D(year, 1, 1), (D(year, 10, 1), D(year, 10, 7))],
        work=[d for d in (D(year, 9, 25), D(year, 9, 26)) if d.weekday() >= 5],
        source="hypothetical, for the test",
    )


def test_supplying_the_next_years_schedule_extends_the_calendar() -> None:
    """A supplied schedule makes its year published, and the year-end warning moves on."""
    schedule = hypothetical_next_year(CAL)
    year = schedule.year
    calendar = CAL.with_schedule(schedule)
    assert year in calendar.published_years
    assert not calendar.is_working_day(D(year, 10, 5))
    assert calendar.is_working_day(D(year, 10, 8)) == (D(year, 10, 8).weekday() < 5)
    # the last days of the year before are certain now: no warning (warnings are errors here)
    assert CAL.is_working_day(D(year - 1, 12, 24)) == calendar.is_working_day(D(year - 1, 12, 24))
    calendar.is_working_day(D(year - 1, 12, 31))
    with pytest.warns(YearEndWarning, match=f"December {year}"):
        calendar.is_working_day(D(year, 12, 31))
    assert calendar == WorkCalendar.china(schedules=[schedule])


def test_a_notice_may_set_days_in_december_of_the_year_before() -> None:
    """A year's notice can make a late-December Saturday of the year before a working day."""
    last = CAL.published_years.stop - 1
    saturday = next(D(last, 12, day) for day in range(25, 32) if D(last, 12, day).weekday() == 5)
    with pytest.warns(YearEndWarning):
        assert not CAL.is_working_day(saturday)
    schedule = YearSchedule(year=last + 1, make_up_days=[saturday], days_off=[D(last + 1, 1, 1)])
    calendar = CAL.with_schedule(schedule)
    assert calendar.is_working_day(saturday)


def test_replacing_a_published_year() -> None:
    """with_schedule replaces a year's own schedule; the rest stays as it was."""
    calendar = CAL.with_schedule(YearSchedule(year=2024, days_off=[D(2024, 1, 1)]))
    assert calendar.is_working_day(D(2024, 10, 8))
    assert calendar.is_working_day(D(2024, 10, 1))  # no National Day in the replacement
    assert not calendar.is_working_day(D(2024, 10, 12))  # no make-up Saturday either
    assert not calendar.is_working_day(D(2025, 10, 1))


def test_extra_holidays_and_working_days() -> None:
    """Local extra holidays are days off and extra working days are working days (art. 4)."""
    calendar = WorkCalendar.china(
        extra_holidays=[D(2024, 3, 8)], extra_working_days=[D(2024, 3, 9)]
    )
    assert not calendar.is_working_day(D(2024, 3, 8))
    assert calendar.is_working_day(D(2024, 3, 9))
    assert D(2024, 3, 9) == calendar.add_working_days(D(2024, 3, 7), 1)
    more = calendar.with_extra_days(extra_holidays=[D(2024, 3, 11)])
    assert D(2024, 3, 12) == more.add_working_days(D(2024, 3, 9), 1)
    assert D(2024, 3, 11) == add_working_days(D(2024, 3, 8), 1)  # the default is untouched


def test_calendar_is_an_immutable_hashable_value() -> None:
    """Equal calendars are equal and hash alike; fields cannot be changed."""
    assert WorkCalendar.china() == CAL
    assert hash(WorkCalendar.china()) == hash(CAL)
    assert WorkCalendar.china(extra_holidays=[D(2024, 3, 8)]) != CAL
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CAL.estimate = True  # type: ignore[misc]
    years = CAL.published_years
    assert f"published_years={years.start}..{years.stop - 1}" in repr(CAL)


# --- counting ------------------------------------------------------------------------------


def test_working_days_between_counts_start_excluded_end_included() -> None:
    """working_days_between counts (start, end]; reversed bounds give the negative count."""
    assert 0 == CAL.working_days_between(D(2024, 10, 8), D(2024, 10, 8))
    assert 1 == CAL.working_days_between(D(2024, 10, 8), D(2024, 10, 9))
    assert 5 == CAL.working_days_between(D(2024, 9, 30), D(2024, 10, 12))
    assert -5 == CAL.working_days_between(D(2024, 10, 12), D(2024, 9, 30))
    assert 0 == working_days_between(D(2024, 10, 1), D(2024, 10, 7))


def test_is_working_day_module_function() -> None:
    """is_working_day knows make-up days and holidays."""
    assert is_working_day(D(2024, 10, 12))  # make-up Saturday
    assert not is_working_day(D(2024, 10, 7))  # National Day week
    assert is_working_day(D(2024, 2, 9))  # 除夕 2024 was a working Friday


def test_month_end_and_roll() -> None:
    """month_end gives the calendar day by default; rolls move to a working day on request."""
    assert D(2024, 3, 31) == month_end(2024, 3)  # a Sunday, kept
    assert D(2024, 4, 1) == month_end(2024, 3, roll="following")
    assert D(2024, 3, 29) == month_end(2024, 3, roll="preceding")
    assert D(2024, 1, 31) == month_end(2024, 1, roll="following")  # a working Wednesday
    assert D(2024, 2, 29) == month_end(2024, 2)
    assert D(2026, 2, 28) == month_end(2026, 2, roll="preceding")  # a make-up Saturday
    assert D(2030, 1, 31) == month_end(2030, 1)  # no roll needs no schedule


def test_half_years() -> None:
    """half_years gives the two windows of R6.2: January-June and July-December."""
    first, second = half_years(2024)
    assert Period(start=D(2024, 1, 1), end=D(2024, 6, 30), name="H1") == first
    assert Period(start=D(2024, 7, 1), end=D(2024, 12, 31), name="H2") == second
    assert (first, second) == CAL.half_years(2024)


# --- bad input -----------------------------------------------------------------------------------

INVALID: list[tuple[str, Any, type[Exception], str]] = [
    ("n zero", lambda: CAL.add_working_days(D(2024, 5, 6), 0), ValidationError, "at least 1"),
    ("n negative", lambda: add_working_days(D(2024, 5, 6), -3), ValidationError, "at least 1"),
    ("n bool", lambda: CAL.add_working_days(D(2024, 5, 6), True), ValidationError, "not a bool"),
    ("n float", lambda: CAL.add_working_days(D(2024, 5, 6), 2.0), ValidationError, "an int"),
    ("n text", lambda: CAL.add_working_days(D(2024, 5, 6), "5"), ValidationError, "an int"),
    (
        "datetime start",
        lambda: CAL.add_working_days(dt.datetime(2024, 5, 6, 9), 1),
        InvalidDateError,
        "datetime",
    ),
    (
        "datetime day",
        lambda: CAL.is_working_day(dt.datetime(2024, 5, 6, 9)),
        InvalidDateError,
        "datetime",
    ),
    (
        "datetime end",
        lambda: CAL.working_days_between(D(2024, 5, 6), dt.datetime(2024, 5, 9)),
        InvalidDateError,
        "'end'",
    ),
    ("text date", lambda: CAL.is_working_day("2024-05-06"), InvalidDateError, "datetime.date"),
    (
        "both extra holiday and working day",
        lambda: WorkCalendar.china(
            extra_holidays=[D(2024, 5, 6)], extra_working_days=[D(2024, 5, 6)]
        ),
        RuleViolationError,
        "both an extra holiday and an extra working day",
    ),
    (
        "extra day not a date",
        lambda: WorkCalendar.china(extra_holidays=["2024-05-06"]),
        InvalidDateError,
        "extra_holidays",
    ),
    (
        "make-up day on a weekday",
        lambda: YearSchedule(year=2024, make_up_days=[D(2024, 5, 6)]),
        RuleViolationError,
        "Saturday or Sunday",
    ),
    (
        "day both off and make-up",
        lambda: YearSchedule(year=2024, days_off=[D(2024, 5, 4)], make_up_days=[D(2024, 5, 4)]),
        RuleViolationError,
        "both a day off and a make-up",
    ),
    (
        "schedule day in another year",
        lambda: YearSchedule(year=2024, days_off=[D(2025, 1, 1)]),
        InvalidDateError,
        "outside 2024",
    ),
    (
        "span backwards",
        lambda: YearSchedule.from_ranges(2024, off=[(D(2024, 10, 7), D(2024, 10, 1))]),
        InvalidDateError,
        "ends before it starts",
    ),
    ("no schedules", lambda: WorkCalendar(schedules=()), ValidationError, "at least one"),
    (
        "schedules with a gap",
        lambda: WorkCalendar(schedules=[YearSchedule(year=2024), YearSchedule(year=2026)]),
        ValidationError,
        "2025",
    ),
    (
        "two schedules for one year",
        lambda: WorkCalendar(schedules=[YearSchedule(year=2024), YearSchedule(year=2024)]),
        ValidationError,
        "two schedules",
    ),
    (
        "estimate not bool",
        lambda: WorkCalendar.china(estimate=1),
        ValidationError,
        "True or False",
    ),
    ("month 13", lambda: month_end(2024, 13), ValidationError, "1 to 12"),
    ("bad roll", lambda: month_end(2024, 1, roll="forward"), ValidationError, "following"),
    ("bool year", lambda: half_years(True), ValidationError, "calendar year"),
    (
        "calendar not a WorkCalendar",
        lambda: add_working_days(D(2024, 5, 6), 1, calendar="CN"),
        ValidationError,
        "WorkCalendar",
    ),
]


@rejections(INVALID)
def test_invalid_input_is_rejected_with_a_clear_message(
    call: Any, error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Bad input raises the library's own error, whose message says what and how to fix it."""
    assert_rejected(call, error, *fragments)


# --- properties -------------------------------------------------------------------------------

starts = st.dates(min_value=D(2001, 1, 1), max_value=D(2026, 9, 30))
counts = st.integers(min_value=1, max_value=40)


@settings(max_examples=300, deadline=None)
@given(start=starts, n=counts)
def test_a_deadline_always_lands_on_a_working_day(start: dt.date, n: int) -> None:
    """A deadline is always a working day, after its start (R6)."""
    due = CAL.add_working_days(start, n)
    assert CAL.is_working_day(due)
    assert due > start


@settings(max_examples=300, deadline=None)
@given(start=starts, n=counts)
def test_counting_back_gives_n(start: dt.date, n: int) -> None:
    """working_days_between(s, add_working_days(s, n)) == n, and no working day is skipped."""
    due = CAL.add_working_days(start, n)
    assert n == CAL.working_days_between(start, due)
    assert n - 1 == CAL.working_days_between(start, due - dt.timedelta(days=1))


@settings(max_examples=300, deadline=None)
@given(start=starts, n=counts, later=st.integers(min_value=0, max_value=30))
def test_deadlines_are_monotone(start: dt.date, n: int, later: int) -> None:
    """A later start or a longer period never gives an earlier deadline."""
    due = CAL.add_working_days(start, n)
    assert due < CAL.add_working_days(start, n + 1)
    assert due <= CAL.add_working_days(start + dt.timedelta(days=later), n)


@settings(max_examples=200, deadline=None)
@given(start=starts, n=counts)
def test_fast_and_module_paths_agree_with_a_day_by_day_count(start: dt.date, n: int) -> None:
    """The table lookup equals a plain day-by-day walk over is_working_day."""
    day, left = start, n
    while left:
        day += dt.timedelta(days=1)
        left -= CAL.is_working_day(day)
    assert day == add_working_days(start, n, calendar=CAL)
