"""The working-day calendar: China's official working days and the counting rule (R6)."""

from __future__ import annotations

import datetime as dt
import json
import time
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
        ("'estimate'", "(got 1)"),
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


# --- hardening: each class of bad input the issue found (issue 9) -------------------------------

YEAR_RANGE = "1950 to 9998"
EDGE = WorkCalendar(schedules=[YearSchedule(year=9998)])
"""A calendar that knows 9998, the last year the library accepts (31 December is a Thursday)."""
JANUARY_1950 = [D(1950, 1, 1) + dt.timedelta(days=i) for i in range(31)]
NESTED: list[Any] = []
for _ in range(20_000):
    NESTED = [NESTED]


def from_ranges(**changes: Any) -> YearSchedule:
    """YearSchedule.from_ranges for 2024 with no days unless ``changes`` give some."""
    return YearSchedule.from_ranges(**{"year": 2024, "off": [], **changes})


UNBOUNDED = [
    (
        "a span over every date (took 19 s)",
        lambda: from_ranges(off=[(D(1, 1, 1), D(9999, 12, 31))]),
        InvalidDateError,
        ("YearSchedule 2024 field 'off'", "0001-01-01 lies outside 2024 and December 2023"),
    ),
    (
        "a span ending in the next year",
        lambda: from_ranges(off=[(D(2024, 12, 30), D(2025, 1, 2))]),
        InvalidDateError,
        ("field 'off'", "2025-01-02 lies outside 2024"),
    ),
    (
        "a day off in another year",
        lambda: from_ranges(off=[D(2022, 5, 2)]),
        InvalidDateError,
        ("field 'off'", "2022-05-02"),
    ),
    (
        "a huge n",
        lambda: CAL.add_working_days(D(2024, 5, 6), 10**100),
        ValidationError,
        ("field 'n'", "more working days than any calendar holds"),
    ),
    (
        "a huge n on the module function",
        lambda: add_working_days(D(2024, 5, 6), 2_945_935),
        ValidationError,
        ("add_working_days field 'n'", "at most 2,945,934"),
    ),
]

WRONG_FIELD = [
    (
        "a weekday make-up day names work",
        lambda: from_ranges(work=[D(2024, 5, 6)]),
        RuleViolationError,
        ("YearSchedule 2024 field 'work'", "Monday"),
    ),
    (
        "a make-up day in another year names work",
        lambda: from_ranges(work=[D(2026, 5, 9)]),
        InvalidDateError,
        ("field 'work'", "2026-05-09 lies outside 2024"),
    ),
    (
        "a make-up day that is also off names work",
        lambda: from_ranges(off=[D(2024, 5, 4)], work=[D(2024, 5, 4)]),
        RuleViolationError,
        ("field 'work'", "both a day off and a make-up"),
    ),
    (
        "a make-up datetime names work",
        lambda: from_ranges(work=[dt.datetime(2024, 5, 4, 9)]),
        InvalidDateError,
        ("field 'work'", "a datetime is not a date"),
    ),
    (
        "a make-up text names work",
        lambda: from_ranges(work=["2024-05-04"]),
        InvalidDateError,
        ("field 'work'", "datetime.date"),
    ),
]

YEARS_OUT_OF_RANGE = [
    ("schedule year 1949", lambda: YearSchedule(year=1949), ValidationError, YEAR_RANGE),
    ("schedule year 9999", lambda: YearSchedule(year=9999), ValidationError, YEAR_RANGE),
    ("schedule year bool", lambda: YearSchedule(year=True), ValidationError, YEAR_RANGE),
    (
        "from_ranges year text",
        lambda: YearSchedule.from_ranges("2024", off=[]),
        ValidationError,
        ("from_ranges field 'year'", YEAR_RANGE, "'2024'"),
    ),
    ("half_years 9999", lambda: half_years(9999), ValidationError, YEAR_RANGE),
    ("half_years float", lambda: half_years(2024.0), ValidationError, YEAR_RANGE),
    ("month_end 1949", lambda: month_end(1949, 1), ValidationError, ("'year'", YEAR_RANGE)),
    ("month_end year text", lambda: month_end("2024", 1), ValidationError, YEAR_RANGE),
    ("is_published text", lambda: CAL.is_published("2024"), ValidationError, YEAR_RANGE),
    ("is_published None", lambda: CAL.is_published(None), ValidationError, YEAR_RANGE),
    (
        "counting past 9998",
        lambda: EDGE.add_working_days(D(9998, 12, 31), 1),
        UnpublishedYearError,
        ("field 'n'", "9999", "only in 1950..9998"),
    ),
    (
        "a count past the published years names n",
        lambda: add_working_days(D(2024, 9, 30), 9999),
        UnpublishedYearError,
        ("field 'n'", "counting 9999 working days from 2024-09-30", "(got 9999)"),
    ),
    (
        "rolling past 9998",
        lambda: month_end(
            9998,
            12,
            roll="following",
            calendar=EDGE.with_extra_days(extra_holidays=[D(9998, 12, 31)]),
        ),
        UnpublishedYearError,
        ("9999", "only in 1950..9998"),
    ),
    (
        "rolling before 1950",
        lambda: WorkCalendar(schedules=[YearSchedule(year=1950, days_off=JANUARY_1950)]).month_end(
            1950, 1, roll="preceding"
        ),
        UnpublishedYearError,
        ("1949", "only in 1950..9998"),
    ),
    ("the last date", lambda: CAL.add_working_days(D.max, 1), UnpublishedYearError, "9999"),
    ("the first date", lambda: CAL.is_working_day(D.min), UnpublishedYearError, "1950..9998"),
    (
        "a day before 1950",
        lambda: working_days_between(D(1900, 1, 1), D(2024, 1, 1)),
        UnpublishedYearError,
        ("1900", "only in 1950..9998"),
    ),
]

WRONG_TYPES = [
    ("n NaN", lambda: CAL.add_working_days(D(2024, 5, 6), float("nan")), ValidationError, "nan"),
    ("n None", lambda: add_working_days(D(2024, 5, 6), None), ValidationError, "an int"),
    ("n False", lambda: add_working_days(D(2024, 5, 6), False), ValidationError, "not a bool"),
    ("start None", lambda: add_working_days(None, 1), InvalidDateError, "'start'"),
    ("start NaN", lambda: is_working_day(float("nan")), InvalidDateError, "'day'"),
    (
        "start a datetime on the module function",
        lambda: add_working_days(dt.datetime(2024, 5, 6, 9), 1),
        InvalidDateError,
        "datetime",
    ),
    ("between None", lambda: working_days_between(D(2024, 5, 6), None), InvalidDateError, "'end'"),
    ("month text", lambda: month_end(2024, "1"), ValidationError, ("'month'", "1 to 12")),
    ("month 0", lambda: month_end(2024, 0), ValidationError, "1 to 12"),
    ("month bool", lambda: month_end(2024, True), ValidationError, "1 to 12"),
    ("roll None", lambda: month_end(2024, 1, roll=None), ValidationError, "'roll'"),
    ("roll unhashable", lambda: month_end(2024, 1, roll=[]), ValidationError, "'roll'"),
    ("roll capitalised", lambda: month_end(2024, 1, roll="Following"), ValidationError, "'roll'"),
    (
        "calendar a class",
        lambda: add_working_days(D(2024, 5, 6), 1, calendar=WorkCalendar),
        ValidationError,
        ("add_working_days field 'calendar'", "WorkCalendar"),
    ),
    (
        "calendar a dict",
        lambda: working_days_between(D(2024, 5, 6), D(2024, 5, 7), calendar={}),
        ValidationError,
        "working_days_between field 'calendar'",
    ),
    (
        "calendar a number",
        lambda: month_end(2024, 1, calendar=1),
        ValidationError,
        "month_end field 'calendar'",
    ),
    (
        "is_working_day calendar text",
        lambda: is_working_day(D(2024, 5, 6), calendar="CN"),
        ValidationError,
        "is_working_day field 'calendar'",
    ),
]

WRONG_COLLECTIONS = [
    ("off None", lambda: from_ranges(off=None), ValidationError, ("'off'", "not NoneType")),
    ("off text", lambda: from_ranges(off="2024-10-01"), ValidationError, ("'off'", "not str")),
    (
        "off a dict",
        lambda: from_ranges(off={D(2024, 10, 1): D(2024, 10, 7)}),
        ValidationError,
        ("'off'", "not dict"),
    ),
    (
        "off holds a number",
        lambda: from_ranges(off=[5]),
        InvalidDateError,
        ("'off'", "dates or (first, last) pairs"),
    ),
    (
        "off holds a triple",
        lambda: from_ranges(off=[(D(2024, 10, 1), D(2024, 10, 2), D(2024, 10, 3))]),
        InvalidDateError,
        "(first, last) pairs",
    ),
    (
        "a span of datetimes",
        lambda: from_ranges(off=[(dt.datetime(2024, 10, 1), D(2024, 10, 7))]),
        InvalidDateError,
        ("'off'", "datetime"),
    ),
    ("work None", lambda: from_ranges(work=None), ValidationError, ("'work'", "not NoneType")),
    ("work text", lambda: from_ranges(work="2024-10-12"), ValidationError, ("'work'", "not str")),
    (
        "days_off unhashable",
        lambda: YearSchedule(year=2024, days_off=[[D(2024, 10, 1)]]),
        InvalidDateError,
        ("YearSchedule 2024 field 'days_off'", "datetime.date"),
    ),
    (
        "days_off nested 20,000 deep",
        lambda: YearSchedule(year=2024, days_off=[D(2024, 10, 1), NESTED]),
        InvalidDateError,
        ("'days_off'", "datetime.date"),
    ),
    (
        "days_off a set with a non-date",
        lambda: YearSchedule(year=2024, days_off={D(2024, 10, 1), "2024-10-02", 3}),
        InvalidDateError,
        ("'days_off'", "(got 3)"),
    ),
    (
        "days_off None",
        lambda: YearSchedule(year=2024, days_off=None),
        ValidationError,
        ("'days_off'", "not NoneType"),
    ),
    (
        "make_up_days text",
        lambda: YearSchedule(year=2024, make_up_days="2024-10-12"),
        ValidationError,
        ("'make_up_days'", "not str"),
    ),
    (
        "extra holidays unhashable",
        lambda: WorkCalendar.china(extra_holidays=[{}]),
        InvalidDateError,
        ("WorkCalendar field 'extra_holidays'", "datetime.date"),
    ),
    (
        "extra working days a dict",
        lambda: WorkCalendar.china(extra_working_days={D(2024, 5, 6): True}),
        ValidationError,
        ("'extra_working_days'", "not dict"),
    ),
    (
        "with_extra_days None",
        lambda: CAL.with_extra_days(extra_holidays=None),
        ValidationError,
        ("'extra_holidays'", "not NoneType"),
    ),
    (
        "with_extra_days unhashable",
        lambda: CAL.with_extra_days(extra_working_days=[[]]),
        InvalidDateError,
        "'extra_working_days'",
    ),
    (
        "schedules None",
        lambda: WorkCalendar(schedules=None),
        ValidationError,
        ("'schedules'", "not NoneType"),
    ),
    (
        "schedules text",
        lambda: WorkCalendar(schedules="2024"),
        ValidationError,
        ("'schedules'", "not str"),
    ),
    (
        "schedules a dict",
        lambda: WorkCalendar(schedules={2024: YearSchedule(year=2024)}),
        ValidationError,
        ("'schedules'", "not dict"),
    ),
    (
        "schedules hold a year",
        lambda: WorkCalendar(schedules=[YearSchedule(year=2024), 2025]),
        ValidationError,
        ("'schedules[1]'", "YearSchedule"),
    ),
    (
        "china schedules None",
        lambda: WorkCalendar.china(schedules=None),
        ValidationError,
        ("'schedules'", "not NoneType"),
    ),
    (
        "with_schedule of a list",
        lambda: CAL.with_schedule([YearSchedule(year=2024)]),
        ValidationError,
        ("'schedules[0]'", "must be a YearSchedule"),
    ),
]


@rejections(UNBOUNDED + WRONG_FIELD + YEARS_OUT_OF_RANGE + WRONG_TYPES + WRONG_COLLECTIONS)
def test_bad_input_of_every_kind_is_refused_by_our_error(
    call: Any, error: type[RandInspectError], fragments: tuple[str, ...]
) -> None:
    """Each bad input raises a RandInspectError naming the field, the value and the fix (issue 9).

    Unbounded spans and counts, a message naming the wrong argument, years
    outside 1950..9998 (the library's one range) and date arithmetic at its
    ends, wrong types (NaN, None, bools, datetimes, text) and wrong
    collections (None, text, a dict, unhashable members).
    """
    assert_rejected(call, error, *fragments)


def test_an_unbounded_span_is_refused_in_milliseconds() -> None:
    """A span over every date is refused at once, not walked day by day (issue 9: took 19 s)."""
    started = time.perf_counter()
    with pytest.raises(InvalidDateError):
        YearSchedule.from_ranges(2024, off=[(D(1, 1, 1), D(9999, 12, 31))])
    assert time.perf_counter() - started < 0.1


def test_the_ends_of_the_year_range_compute_without_overflow() -> None:
    """Month ends, half-years and counts at 1950 and 9998 are dates, never an OverflowError."""
    assert D(9998, 12, 31) == month_end(9998, 12)
    assert D(9998, 12, 31) == month_end(9998, 12, roll="preceding", calendar=EDGE)
    assert D(9998, 12, 30) == EDGE.add_working_days(D(9998, 12, 29), 1)  # a Tuesday, Wednesday
    assert D(9998, 12, 31) == half_years(9998)[1].end
    assert D(1950, 1, 1) == half_years(1950)[0].start
    assert EDGE.is_published(9998)
    assert not CAL.is_published(1950)


def test_from_ranges_reads_a_span_given_as_a_list() -> None:
    """A (first, last) span given as a two-date list (as JSON gives it) is the same span."""
    span = (D(2024, 10, 1), D(2024, 10, 7))
    assert from_ranges(off=[span]) == from_ranges(off=[list(span)])
    assert 7 == len(from_ranges(off=[list(span)]).days_off)


def test_a_notice_sets_days_of_december_of_the_year_before_through_from_ranges() -> None:
    """from_ranges accepts days of December of the year before, as a notice may set them."""
    schedule = YearSchedule.from_ranges(2006, off=[D(2006, 1, 3)], work=[D(2005, 12, 31)])
    assert frozenset({D(2005, 12, 31)}) == schedule.make_up_days


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


@pytest.mark.parametrize("roll", ["following", "preceding"])
def test_a_month_end_rolled_in_an_unpublished_year_names_the_year(roll: str) -> None:
    """Rolling needs the year's schedule; the error names the argument given, ``year`` (R6)."""
    assert_rejected(
        lambda: default_calendar().month_end(3000, 6, roll=roll),  # type: ignore[arg-type]
        UnpublishedYearError,
        "month_end field 'year'",
        "3000",
    )
