"""China's working-day calendar (工作日) and the counting rule for deadlines (R6).

The source documents count deadlines in working days on China's official
calendar: a day is a working day unless it is a weekend day or a public
holiday, and the weekend days the State Council's yearly notice turns into
working days (make-up working days, 调休上班) count as working days.

Counting rule (民法典 art. 201; 行政处罚法 art. 85): "within N working days
from X" does not count the start day X; the deadline is the N-th working day
after X, that day included. So 2024-09-30 + 7 working days is 2024-10-15
(National Day is off, the make-up Saturday 2024-10-12 counts).

:class:`WorkCalendar` is an immutable value built from the ``holidays``
package's data for the years whose official schedule is published
(:data:`FIRST_PUBLISHED_YEAR` to the last year the package holds a State
Council notice for). A date outside them raises
:class:`~randinspect.errors.UnpublishedYearError`, never a silent guess: supply
the year's schedule (:class:`YearSchedule`), or opt in to an estimate that
warns (:class:`EstimatedCalendarWarning`). Results that touch the last days of
December of the last published year warn (:class:`YearEndWarning`): the next
year's notice, not yet known, may still move them.

References:
    * 中华人民共和国民法典 art. 201 (a period counted in days starts the next day).
    * 中华人民共和国行政处罚法 art. 85 (periods in working days exclude statutory holidays).
    * 全国年节及纪念日放假办法 art. 2, 4 (national holidays; local extra holidays).
    * 国务院办公厅关于 YYYY 年部分节假日安排的通知 (each year's schedule, issued late in
      the year before).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import sys
import warnings
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from randinspect._checks import (
    MAX_YEAR,
    MIN_YEAR,
    YEARS,
    check_collection,
    check_int,
    check_year,
)
from randinspect._schedule import SATURDAY, YearSchedule, check_dates, dates_validator, to_dates
from randinspect._values import bool_validator, check_date
from randinspect.errors import (
    RuleViolationError,
    UnpublishedYearError,
    ValidationError,
)
from randinspect.model import Period

__all__ = [
    "ESTIMATE_LAST_YEAR",
    "FIRST_PUBLISHED_YEAR",
    "YEAR_END_DAYS",
    "CalendarWarning",
    "EstimatedCalendarWarning",
    "Roll",
    "WorkCalendar",
    "YearEndWarning",
    "YearSchedule",
    "add_working_days",
    "default_calendar",
    "half_years",
    "is_working_day",
    "month_end",
    "working_days_between",
]

FIRST_PUBLISHED_YEAR = 2001
"""The first year the built-in calendar covers.

The ``holidays`` package checks China's data against the State Council's
notice of every year from 2001 on (its ``China`` class lists them as
references); earlier years are not covered.
"""

ESTIMATE_LAST_YEAR = 2099
"""The last year an estimate (``estimate=True``) reaches; ``holidays``' lunar data ends in 2100."""

YEAR_END_DAYS = 7
"""How many last days of December of the last published year warn (:class:`YearEndWarning`).

The next year's notice has moved days as early as 29 December (2001, 2007, 2018:
make-up Saturdays before New Year's Day); seven days cover the last week.
"""

Roll = Literal["none", "following", "preceding"]
"""How :func:`month_end` treats a month end that is not a working day.

``"none"`` keeps the calendar day (the default: "by the end of January" is 31
January whatever day it is); ``"following"`` moves to the next working day;
``"preceding"`` to the working day before.
"""

_ROLLS = ("none", "following", "preceding")
_DECEMBER = 12
_DATE = dt.date
_COUNT_FIX = "pass an int >= 1, e.g. 5 for 'within 5 working days'"
_MAX_COUNT = len(YEARS) * 366
"""The most working days a count may ask for: every day of every year the library accepts."""


class CalendarWarning(UserWarning):
    """A working-day result that a later official notice may still change (R6)."""


class EstimatedCalendarWarning(CalendarWarning):
    """A result relies on a year with no published schedule, estimated on request.

    The estimate is weekends plus the fixed-date and lunar holidays (and the
    weekdays given in lieu of those falling on a weekend) that ``holidays``
    computes; it has no make-up working days, which only the notice sets.
    """


class YearEndWarning(CalendarWarning):
    """A result touches the last days of December of the last published year.

    The next year's notice (issued late in the year) may still make one of
    those days a working day or a day off, e.g. 2005-12-31 became a working
    Saturday by the 2006 notice.
    """


# --- the calendar -------------------------------------------------------------------


_SCHEDULES_FIX = "build each year with YearSchedule(...) or YearSchedule.from_ranges(...)"


def _to_schedules(value: Any) -> Any:
    """Converter: a collection of schedules becomes a tuple in year order."""
    items: tuple[object, ...] = check_collection(
        value,
        obj="WorkCalendar",
        field="schedules",
        what="YearSchedule values",
        fix="use WorkCalendar.china(), or pass a list of YearSchedule values",
        rule="R6",
    )
    if all(isinstance(s, YearSchedule) for s in items):
        return tuple(sorted(items, key=lambda s: s.year))
    return items


def _schedules_validator(instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, tuple) or not value:
        raise ValidationError(
            "a calendar needs at least one year's schedule",
            obj="WorkCalendar",
            field=attribute.name,
            value=value,
            rule="R6",
            fix="use WorkCalendar.china(), or pass YearSchedule values",
        )
    for index, schedule in enumerate(value):
        if not isinstance(schedule, YearSchedule):
            raise ValidationError(
                "must hold YearSchedule values",
                obj="WorkCalendar",
                field=f"{attribute.name}[{index}]",
                value=schedule,
                rule="R6",
                fix=_SCHEDULES_FIX,
            )
    for before, after in itertools.pairwise(s.year for s in value):
        if after == before:
            raise ValidationError(
                f"{after} has two schedules",
                obj="WorkCalendar",
                field=attribute.name,
                value=after,
                rule="R6",
                fix="give each year one schedule; with_schedule replaces a year's",
            )
        if after != before + 1:
            raise ValidationError(
                f"the schedules skip {before + 1}..{after - 1}",
                obj="WorkCalendar",
                field=attribute.name,
                value=(before, after),
                rule="R6",
                fix=f"supply the schedules of {before + 1}..{after - 1} too",
            )


def _merge_schedules(old: Iterable[YearSchedule], new: object) -> tuple[YearSchedule, ...]:
    """``old`` with each year of ``new`` added or replacing the year's own."""
    if isinstance(new, YearSchedule):
        new = (new,)
    schedules: tuple[object, ...] = check_collection(
        new,
        obj="WorkCalendar",
        field="schedules",
        what="YearSchedule values",
        fix="pass a list of YearSchedule(...) values",
        rule="R6",
    )
    by_year = {s.year: s for s in old}
    for index, schedule in enumerate(schedules):
        if not isinstance(schedule, YearSchedule):
            raise ValidationError(
                "must be a YearSchedule",
                obj="WorkCalendar",
                field=f"schedules[{index}]",
                value=schedule,
                rule="R6",
                fix=_SCHEDULES_FIX,
            )
        by_year[schedule.year] = schedule
    return tuple(by_year.values())


@attrs.frozen(kw_only=True, repr=False)
class WorkCalendar:
    """China's working days: weekends and public holidays off, make-up days on (R6).

    An immutable value; build the official one with :meth:`china` (or use
    :func:`default_calendar`). Only ``datetime.date`` is accepted: a
    ``datetime`` is an error, as deadlines count whole days.

    A day's status is decided in this order, the later winning: Monday to
    Friday work and weekends are off; each year's schedule, in year order
    (so a notice's days in December of the year before override that year's);
    ``extra_holidays``; ``extra_working_days``.

    Attributes:
        schedules: The published years' schedules, one per year, consecutive.
        extra_holidays: Local extra days off (全国年节及纪念日放假办法 art. 4
            allows local holidays), applied to any year the calendar covers.
        extra_working_days: Extra working days, e.g. a local make-up day.
        estimate: Whether to estimate the years after the last published one,
            up to :data:`ESTIMATE_LAST_YEAR`, warning with
            :class:`EstimatedCalendarWarning` whenever a result relies on them.
    """

    schedules: tuple[YearSchedule, ...] = attrs.field(
        converter=_to_schedules, validator=_schedules_validator
    )
    extra_holidays: frozenset[dt.date] = attrs.field(
        factory=frozenset, converter=to_dates, validator=dates_validator
    )
    extra_working_days: frozenset[dt.date] = attrs.field(
        factory=frozenset, converter=to_dates, validator=dates_validator
    )
    estimate: bool = attrs.field(default=False, validator=bool_validator)

    # Derived tables (see _build); not part of the value.
    _lo: int = attrs.field(init=False, eq=False)
    _size: int = attrs.field(init=False, eq=False)
    _safe_size: int = attrs.field(init=False, eq=False)
    _safe_count: int = attrs.field(init=False, eq=False)
    _warn_lo: int = attrs.field(init=False, eq=False)
    _published_hi: int = attrs.field(init=False, eq=False)
    _flags: bytes = attrs.field(init=False, eq=False)
    _rank: tuple[int, ...] = attrs.field(init=False, eq=False)
    _dates: tuple[dt.date, ...] = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        both = sorted(self.extra_holidays & self.extra_working_days)
        if both:
            raise RuleViolationError(
                "a day is both an extra holiday and an extra working day",
                obj="WorkCalendar",
                field="extra_working_days",
                value=both,
                rule="R6",
                fix="list each day in one of extra_holidays and extra_working_days",
            )
        self._build()

    def _build(self) -> None:
        first, last = self.schedules[0].year, self.schedules[-1].year
        end = max(last, ESTIMATE_LAST_YEAR) if self.estimate else last
        lo = _DATE(first, 1, 1).toordinal()
        hi = _DATE(end, 12, 31).toordinal()
        flags = bytearray(1 if (o - 1) % 7 < SATURDAY else 0 for o in range(lo, hi + 1))

        def mark(days: Iterable[dt.date], value: int) -> None:
            for day in days:
                index = day.toordinal() - lo
                if 0 <= index < len(flags):
                    flags[index] = value

        if end > last:
            mark(_estimated_days_off(last + 1, end), 0)
        for schedule in self.schedules:
            mark(schedule.days_off, 0)
            mark(schedule.make_up_days, 1)
        mark(self.extra_holidays, 0)
        mark(self.extra_working_days, 1)

        rank = tuple(itertools.accumulate(flags))
        published_hi = _DATE(last, 12, 31).toordinal()
        warn_lo = published_hi - YEAR_END_DAYS + 1
        safe_size = warn_lo - lo
        setattr_ = object.__setattr__
        setattr_(self, "_lo", lo)
        setattr_(self, "_size", len(flags))
        setattr_(self, "_safe_size", safe_size)
        setattr_(self, "_safe_count", rank[safe_size - 1] if safe_size > 0 else 0)
        setattr_(self, "_warn_lo", warn_lo)
        setattr_(self, "_published_hi", published_hi)
        setattr_(self, "_flags", bytes(flags))
        setattr_(self, "_rank", rank)
        setattr_(
            self,
            "_dates",
            tuple(_DATE.fromordinal(lo + i) for i, flag in enumerate(flags) if flag),
        )

    def __repr__(self) -> str:
        years = self.published_years
        return (
            f"WorkCalendar(published_years={years.start}..{years.stop - 1},"
            f" extra_holidays={len(self.extra_holidays)} days,"
            f" extra_working_days={len(self.extra_working_days)} days,"
            f" estimate={self.estimate})"
        )

    # --- construction -----------------------------------------------------------------

    @classmethod
    def china(
        cls,
        *,
        schedules: Iterable[YearSchedule] = (),
        extra_holidays: Iterable[dt.date] = (),
        extra_working_days: Iterable[dt.date] = (),
        estimate: bool = False,
    ) -> WorkCalendar:
        """China's official calendar from the ``holidays`` package, for the published years.

        The published years run from :data:`FIRST_PUBLISHED_YEAR` to the last
        year for which ``holidays`` holds the State Council's notice (its
        make-up days). Years the package only extrapolates are not published.

        Args:
            schedules: Years' schedules to add after the last published year,
                or to replace a published year's.
            extra_holidays: Local extra days off.
            extra_working_days: Extra working days.
            estimate: Opt in to estimating later years (warns).

        Returns:
            The calendar.
        """
        return cls(
            schedules=_merge_schedules(_package_schedules(), schedules),
            extra_holidays=extra_holidays,
            extra_working_days=extra_working_days,
            estimate=estimate,
        )

    def with_schedule(self, *schedules: YearSchedule) -> WorkCalendar:
        """A copy with these years' schedules added, or replacing the years' own.

        Args:
            *schedules: The schedules, e.g. the next year's once its notice is out.

        Returns:
            The new calendar.
        """
        return attrs.evolve(self, schedules=_merge_schedules(self.schedules, schedules))

    def with_extra_days(
        self,
        *,
        extra_holidays: Iterable[dt.date] = (),
        extra_working_days: Iterable[dt.date] = (),
    ) -> WorkCalendar:
        """A copy with more local extra holidays and extra working days.

        Args:
            extra_holidays: Days off to add (a local holiday).
            extra_working_days: Working days to add.

        Returns:
            The new calendar.
        """
        off = check_dates(extra_holidays, obj="WorkCalendar", field="extra_holidays")
        working = check_dates(extra_working_days, obj="WorkCalendar", field="extra_working_days")
        return attrs.evolve(
            self,
            extra_holidays=self.extra_holidays | off,
            extra_working_days=self.extra_working_days | working,
        )

    @property
    def published_years(self) -> range:
        """The years whose schedule is known (built in or supplied), e.g. ``range(2001, 2027)``."""
        return range(self.schedules[0].year, self.schedules[-1].year + 1)

    def is_published(self, year: int) -> bool:
        """Whether ``year``'s official schedule is known to this calendar.

        Raises:
            ValidationError: ``year`` is not a year the library accepts (1950..9998).
        """
        return check_year(year, obj="WorkCalendar.is_published", rule="R6") in self.published_years

    # --- working days -------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day (工作日): make-up weekend days are.

        Raises:
            InvalidDateError: ``day`` is a ``datetime`` or not a date.
            UnpublishedYearError: ``day``'s year has no known schedule.
        """
        if type(day) is _DATE:
            index = day.toordinal() - self._lo
            if 0 <= index < self._safe_size:
                return self._flags[index] == 1
        index = self._index(day, "day")
        self._warn_if_uncertain(index, index, "whether it is a working day")
        return self._flags[index] == 1

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The deadline "within ``n`` working days from ``start``" (R6).

        ``start`` is not counted (民法典 art. 201); the result is the ``n``-th
        working day after it, that day included, so it is always a working day.

        Args:
            start: The day the period counts from (any day, working or not).
            n: The number of working days, at least 1.

        Returns:
            The last day of the period.

        Raises:
            ValidationError: ``n`` is not an int of at least 1 (nor more
                working days than any calendar holds).
            InvalidDateError: ``start`` is a ``datetime`` or not a date.
            UnpublishedYearError: the count reaches a year with no known schedule.
        """
        if type(start) is _DATE and type(n) is int and n > 0:
            index = start.toordinal() - self._lo
            if 0 <= index < self._size:
                k = self._rank[index] + n - 1
                if k < self._safe_count:
                    return self._dates[k]
        index = self._index(start, "start")
        _check_count(n, obj="add_working_days", field="n")
        k = self._rank[index] + n - 1
        if k >= len(self._dates):
            self._raise_unpublished(  # the count runs past the table: n is what reaches it
                _DATE.fromordinal(self._lo + self._size - 1).year + 1,
                "n",
                n,
                f"counting {n} working days from {start.isoformat()} runs into",
            )
        due = self._dates[k]
        self._warn_if_uncertain(index + 1, due.toordinal() - self._lo, "the deadline")
        return due

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """The number of working days in ``(start, end]``: ``start`` excluded, ``end`` included.

        So ``working_days_between(s, add_working_days(s, n)) == n``; the count is
        negative when ``end`` comes before ``start``, and 0 when they are equal.

        Raises:
            InvalidDateError: a date is a ``datetime`` or not a date.
            UnpublishedYearError: a date's year has no known schedule.
        """
        if type(start) is _DATE and type(end) is _DATE:
            i = start.toordinal() - self._lo
            j = end.toordinal() - self._lo
            if 0 <= i < self._safe_size and 0 <= j < self._safe_size:
                return self._rank[j] - self._rank[i]
        i = self._index(start, "start")
        j = self._index(end, "end")
        self._warn_if_uncertain(min(i, j) + 1, max(i, j), "the count of working days")
        return self._rank[j] - self._rank[i]

    def month_end(self, year: int, month: int, *, roll: Roll = "none") -> dt.date:
        """The end of a month, for deadlines like "by the end of January" (R6.1, R6.10).

        Args:
            year: The year.
            month: The month, 1 to 12.
            roll: ``"none"`` (default) for the last calendar day, whatever it is;
                ``"following"`` / ``"preceding"`` for the next / previous
                working day when it is not one.

        Returns:
            The due day.

        Raises:
            ValidationError: a bad year, month or roll.
            UnpublishedYearError: a roll needs a year with no known schedule.
        """
        year = check_year(year, obj="month_end", rule="R6.1")
        check_int(
            month,
            obj="month_end",
            field="month",
            minimum=1,
            maximum=12,
            rule="R6.1",
            fix="pass e.g. 1 for 'by the end of January'",
        )
        rolled = _check_roll(roll, obj="month_end")
        try:
            return self._roll(_last_day(year, month), rolled)
        except UnpublishedYearError as error:  # the roll needs a year's schedule: name the year
            raise UnpublishedYearError(
                error.problem,
                obj="month_end",
                field="year",
                value=year,
                rule=error.rule,
                fix=error.fix,
            ) from None

    def half_years(self, year: int) -> tuple[Period, Period]:
        """The two half-year windows of ``year`` (R6.2); see :func:`half_years`."""
        return half_years(year)

    # --- internals -------------------------------------------------------------------

    def _roll(self, day: dt.date, roll: Roll) -> dt.date:
        """``day``, or the working day after or before it when it is not one (``roll``)."""
        if roll == "none" or self.is_working_day(day):
            return day
        if roll == "following":
            return self.add_working_days(day, 1)
        index = self._index(day, "day")
        if self._rank[index] == 0:
            self._raise_unpublished(
                self.published_years.start - 1,
                "day",
                day,
                f"the working day before {day} falls in",
            )
        return self._dates[self._rank[index] - 1]

    def _index(self, day: object, field: str, obj: str = "WorkCalendar") -> int:
        """``day``'s index in the tables; ``obj`` and ``field`` name it in errors."""
        checked = check_date(day, obj=obj, field=field)
        index = checked.toordinal() - self._lo
        if not 0 <= index < self._size:
            self._raise_unpublished(checked.year, field, checked, "the date falls in", obj=obj)
        return index

    def _raise_unpublished(
        self, year: int, field: str, value: object, what: str, *, obj: str = "WorkCalendar"
    ) -> None:
        years = self.published_years
        known = f"this calendar knows {years.start}..{years.stop - 1}"
        if year not in YEARS:
            fix = (
                f"{known}; randinspect counts working days only in {MIN_YEAR}..{MAX_YEAR},"
                " so no schedule can be supplied for that year: use dates within those years"
            )
        elif year < years.start:
            fix = (
                f"{known}; supply {year}'s schedule with"
                f" calendar.with_schedule(YearSchedule.from_ranges({year}, off=..., work=...))"
            )
        else:
            estimate = (
                f"; estimates reach only {ESTIMATE_LAST_YEAR}"
                if self.estimate
                else ", or opt in to an estimate that warns with WorkCalendar.china(estimate=True)"
            )
            fix = (
                f"{known}; the State Council publishes the {year} schedule late in"
                f" {year - 1}: supply it with calendar.with_schedule("
                f"YearSchedule.from_ranges({year}, off=..., work=...)){estimate}"
            )
        raise UnpublishedYearError(
            f"{what} {year}, whose official holiday schedule is not known",
            obj=obj,
            field=field,
            value=value,
            rule="R6",
            fix=fix,
        )

    def _warn_if_uncertain(self, first: int, last: int, what: str) -> None:
        """Warn if the days with table index in ``[first, last]`` include uncertain ones."""
        if first > last:
            return
        lo = self._lo
        published_last = self._published_hi - lo
        year = self.schedules[-1].year
        # no notice after 9998 can be supplied (YEARS), so none can move its last days
        if first <= published_last and last >= self._warn_lo - lo and year < MAX_YEAR:
            warnings.warn(
                YearEndWarning(
                    f"{what} depends on the last days of December {year}: the State"
                    f" Council's {year + 1} notice, not in this calendar, may still move"
                    f" them (R6); once it is out, supply it with"
                    f" WorkCalendar.with_schedule(YearSchedule(year={year + 1}, ...))"
                ),
                stacklevel=_stacklevel(),
            )
        if last > published_last:
            warnings.warn(
                EstimatedCalendarWarning(
                    f"{what} depends on days after {year}, estimated from weekends and"
                    " the fixed-date and lunar holidays without make-up working days (R6);"
                    f" supply the official schedules after {year} when published"
                ),
                stacklevel=_stacklevel(),
            )


def _check_count(n: object, *, obj: str, field: str) -> int:
    """Return ``n`` if it is a number of working days: an int from 1 to :data:`_MAX_COUNT`."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValidationError(
            "must be a whole number of working days (an int, not a bool)",
            obj=obj,
            field=field,
            value=n,
            rule="R6",
            fix=_COUNT_FIX,
        )
    if n < 1:
        raise ValidationError(
            "must be at least 1: the start day is not counted (民法典 art. 201), so"
            " 'within N working days' means the N-th working day after it",
            obj=obj,
            field=field,
            value=n,
            rule="R6",
            fix=_COUNT_FIX + "; for the start day itself use is_working_day",
        )
    if n > _MAX_COUNT:
        raise ValidationError(
            f"is more working days than any calendar holds (at most {_MAX_COUNT:,}, every day"
            f" of {MIN_YEAR}..{MAX_YEAR})",
            obj=obj,
            field=field,
            value=n,
            rule="R6",
            fix=_COUNT_FIX,
        )
    return n


def _check_roll(roll: object, *, obj: str) -> Roll:
    """Return ``roll`` if it is one of the ways to roll a day (:data:`Roll`)."""
    if isinstance(roll, str) and roll in _ROLLS:
        return roll  # type: ignore[return-value]  # one of the Literal's values
    raise ValidationError(
        "is not a way to roll a day",
        obj=obj,
        field="roll",
        value=roll,
        rule="R6.1",
        fix=f"pass one of {list(_ROLLS)}",
    )


def _last_day(year: int, month: int) -> dt.date:
    """The last day of ``month`` in ``year`` (also for year 9999: no day after it is built)."""
    if month == _DECEMBER:
        return _DATE(year, _DECEMBER, 31)
    return _DATE(year, month + 1, 1) - dt.timedelta(days=1)


def _stacklevel() -> int:
    """The stack level of the first caller outside randinspect (for warnings)."""
    level = 1
    frame = sys._getframe(1)  # as warnings' skip_file_prefixes (3.12) does
    while frame is not None and frame.f_globals.get("__name__", "").startswith("randinspect"):
        frame = frame.f_back  # type: ignore[assignment]  # None ends the loop
        level += 1
    return level


# --- data from the holidays package ----------------------------------------------


@functools.lru_cache(maxsize=1)
def _package_schedules() -> tuple[YearSchedule, ...]:
    """The published years' schedules as ``holidays`` holds them (cached; immutable)."""
    # Imported on first use: importing holidays takes a quarter of a second.
    from holidays import country_holidays  # noqa: PLC0415
    from holidays.countries.china import ChinaStaticHolidays  # noqa: PLC0415
    from holidays.version import __version__  # noqa: PLC0415

    notices = getattr(ChinaStaticHolidays, "special_public_holidays", {})
    last = max(notices, default=FIRST_PUBLISHED_YEAR)
    years = range(FIRST_PUBLISHED_YEAR, last + 1)
    china = country_holidays("CN", years=years)
    days_off: dict[int, set[dt.date]] = {year: set() for year in years}
    make_up: dict[int, set[dt.date]] = {year: set() for year in years}
    for day in china:
        if day.year in days_off:
            days_off[day.year].add(day)
    for day in china.weekend_workdays:
        if day.year in make_up:
            make_up[day.year].add(day)
    source = f"holidays {__version__}: State Council notice"
    return tuple(
        YearSchedule(year=year, days_off=days_off[year], make_up_days=make_up[year], source=source)
        for year in years
    )


@functools.lru_cache(maxsize=8)
def _estimated_days_off(first: int, last: int) -> frozenset[dt.date]:
    """The days off ``holidays`` computes for ``first..last`` (fixed-date, lunar, in lieu)."""
    from holidays import country_holidays  # noqa: PLC0415

    china = country_holidays("CN", years=range(first, last + 1))
    return frozenset(day for day in china if first <= day.year <= last)


@functools.lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """The official calendar :meth:`WorkCalendar.china` builds, built once and shared.

    Every function taking ``calendar=None`` uses it.
    """
    return WorkCalendar.china()


def _resolve_calendar(calendar: object, where: str = "calendar") -> WorkCalendar:
    """``calendar``, or the default one for ``None``; ``where`` names the caller in errors."""
    if calendar is None:
        return default_calendar()
    if not isinstance(calendar, WorkCalendar):
        raise ValidationError(
            "must be a WorkCalendar",
            obj=where,
            field="calendar",
            value=calendar,
            rule="R6",
            fix="pass WorkCalendar.china(...), or None for the default calendar",
        )
    return calendar


# --- module-level conveniences --------------------------------------------------


def is_working_day(day: dt.date, *, calendar: WorkCalendar | None = None) -> bool:
    """Whether ``day`` is a working day; see :meth:`WorkCalendar.is_working_day`.

    Args:
        day: The day.
        calendar: The calendar; the default is :func:`default_calendar`.
    """
    return _resolve_calendar(calendar, "is_working_day").is_working_day(day)


def add_working_days(start: dt.date, n: int, *, calendar: WorkCalendar | None = None) -> dt.date:
    """The ``n``-th working day after ``start``; see :meth:`WorkCalendar.add_working_days`.

    >>> import datetime as dt
    >>> add_working_days(dt.date(2024, 9, 30), 7)
    datetime.date(2024, 10, 15)

    Args:
        start: The day the period counts from (not counted).
        n: The number of working days, at least 1.
        calendar: The calendar; the default is :func:`default_calendar`.
    """
    return _resolve_calendar(calendar, "add_working_days").add_working_days(start, n)


def working_days_between(
    start: dt.date, end: dt.date, *, calendar: WorkCalendar | None = None
) -> int:
    """Working days in ``(start, end]``; see :meth:`WorkCalendar.working_days_between`.

    Args:
        start: The first bound, excluded.
        end: The second bound, included.
        calendar: The calendar; the default is :func:`default_calendar`.
    """
    return _resolve_calendar(calendar, "working_days_between").working_days_between(start, end)


def month_end(
    year: int, month: int, *, roll: Roll = "none", calendar: WorkCalendar | None = None
) -> dt.date:
    """The end of a month, optionally rolled to a working day; see :meth:`WorkCalendar.month_end`.

    Args:
        year: The year.
        month: The month, 1 to 12.
        roll: ``"none"``, ``"following"`` or ``"preceding"``.
        calendar: The calendar; the default is :func:`default_calendar`.
    """
    return _resolve_calendar(calendar, "month_end").month_end(year, month, roll=roll)


def half_years(year: int) -> tuple[Period, Period]:
    """The two half-year windows of ``year``: 1 January-30 June and 1 July-31 December.

    Document 000 draws once in each half-year (R6.2: 上下半年各开展一次抽查).

    Args:
        year: The year.

    Returns:
        Two periods named ``"H1"`` and ``"H2"``.
    """
    year = check_year(year, obj="half_years", rule="R6.2")
    return (
        Period(start=_DATE(year, 1, 1), end=_DATE(year, 6, 30), name="H1"),
        Period(start=_DATE(year, 7, 1), end=_DATE(year, 12, 31), name="H2"),
    )
