"""One year's official holiday schedule: its days off and make-up working days (R6).

Private: :class:`YearSchedule` is public as ``randinspect.calendar.YearSchedule``
(and from ``randinspect``); :mod:`randinspect.calendar` builds its
:class:`~randinspect.calendar.WorkCalendar` from such schedules. The checks
here keep a schedule within the days one State Council notice can set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sized
from typing import Any

import attrs

from randinspect._checks import MAX_COLLECTION, check_collection, check_year
from randinspect._values import check_date, text_validator
from randinspect.errors import InvalidDateError, RuleViolationError, ValidationError

__all__ = ["SATURDAY", "YearSchedule", "check_dates", "dates_validator", "to_dates"]

SATURDAY = 5
"""``date.weekday()`` of a Saturday: days before it in the week are weekdays."""
_DECEMBER = 12
_DATE = dt.date
_DATES_FIX = "pass a list or set of datetime.date"


def _schedule_year_validator(instance: object, attribute: Any, value: Any) -> None:
    check_year(value, obj="YearSchedule", field=attribute.name, rule="R6")


def check_dates(value: object, *, obj: str, field: str) -> frozenset[dt.date]:
    """Return ``value``'s members as a frozenset of dates, or raise naming the first bad one."""
    if isinstance(value, frozenset) and all(type(day) is _DATE for day in value):
        return value
    items: tuple[object, ...] = check_collection(
        value, obj=obj, field=field, what="dates", fix=_DATES_FIX, rule="R6"
    )
    bad = [day for day in items if not isinstance(day, _DATE) or isinstance(day, dt.datetime)]
    if bad:
        if isinstance(value, set | frozenset):  # no order of its own: name the same one every run
            bad.sort(
                key=lambda v: (type(v).__name__, v.isoformat() if isinstance(v, _DATE) else "")
            )
        check_date(bad[0], obj=obj, field=field)  # raises, naming it
    return frozenset(items)  # type: ignore[arg-type]  # every member was checked a date


def to_dates(value: Iterable[dt.date]) -> frozenset[dt.date]:
    """Converter: a collection of dates becomes a frozenset; the validator rejects the rest.

    Nothing is hashed before every member is known to be a date, so an
    unhashable member (a list) reaches the validator, which names it.
    """
    if (
        isinstance(value, frozenset | str | bytes | bytearray | Mapping)
        or not isinstance(value, Iterable)
        or (isinstance(value, Sized) and len(value) > MAX_COLLECTION)
    ):
        return value  # type: ignore[return-value]  # the validator rejects what is not dates
    try:
        items = tuple(value)
    except (TypeError, ValueError, LookupError, ArithmeticError):
        return value  # type: ignore[return-value]  # the validator reads it again and says why
    if all(isinstance(day, _DATE) for day in items):
        return frozenset(items)
    # the validator names the member that is no date: in a set's case, the same one every run
    return value if isinstance(value, set) else items  # type: ignore[return-value]


def dates_validator(instance: object, attribute: Any, value: Any) -> None:
    if isinstance(value, frozenset) and all(type(day) is _DATE for day in value):
        return
    obj = _name(instance)
    check_dates(value, obj=obj, field=attribute.name)  # names a member that is no date
    if not isinstance(value, frozenset):
        raise ValidationError(
            "could not be read as a collection of dates",
            obj=obj,
            field=attribute.name,
            value=value,
            rule="R6",
            fix=_DATES_FIX,
        )


def _name(instance: object) -> str:
    year = getattr(instance, "year", None)
    return f"YearSchedule {year}" if isinstance(year, int) else type(instance).__name__


def _check_notice_days(
    days: Iterable[dt.date], *, year: int, obj: str, field: str, make_up: bool
) -> None:
    """Raise if a day lies outside what ``year``'s notice sets, or a make-up day is a weekday.

    A notice for ``year`` sets days of ``year`` and of December of the year before.
    """
    first, last = _DATE(year - 1, _DECEMBER, 1), _DATE(year, _DECEMBER, 31)
    outside = [day for day in days if not first <= day <= last]
    if outside:
        day = min(outside)
        raise InvalidDateError(
            f"{day.isoformat()} lies outside {year} and December {year - 1}",
            obj=obj,
            field=field,
            value=day,
            rule="R6",
            fix=f"list only days the {year} notice sets; give another year's"
            " days in that year's YearSchedule",
        )
    if make_up:
        weekdays = [day for day in days if day.weekday() < SATURDAY]
        if weekdays:
            day = min(weekdays)
            raise RuleViolationError(
                f"{day.isoformat()} is a {day:%A}, already a working day: a make-up"
                " working day (调休上班) is a Saturday or Sunday worked",
                obj=obj,
                field=field,
                value=day,
                rule="R6",
                fix="list only weekend days as make-up days; for a local extra working"
                " weekday nothing is needed",
            )


def _check_apart(
    days_off: frozenset[dt.date], work: frozenset[dt.date], *, obj: str, field: str
) -> None:
    both = sorted(days_off & work)
    if both:
        raise RuleViolationError(
            "a day is both a day off and a make-up working day",
            obj=obj,
            field=field,
            value=both,
            rule="R6",
            fix=f"list each day once: as a day off, or in {field}",
        )


@attrs.frozen(kw_only=True)
class YearSchedule:
    """One year's official holiday schedule: its days off and make-up working days (R6).

    What the State Council's notice for a year (国务院办公厅关于 YYYY 年部分节假日安排的通知)
    says. A day not listed is a working day from Monday to Friday and a day
    off on Saturday and Sunday. A notice for ``year`` may also move days in
    December of the year before (the 2006 notice made 2005-12-31 a working
    Saturday), and it overrides that year's schedule for them.

    Attributes:
        year: The year the notice is for.
        days_off: Public holidays and the weekdays given off in exchange (调休);
            listing a weekend day is harmless.
        make_up_days: Weekend days that are working days (调休上班).
        source: Where the schedule comes from, e.g. the notice's number.
    """

    year: int = attrs.field(validator=_schedule_year_validator)
    days_off: frozenset[dt.date] = attrs.field(
        factory=frozenset, converter=to_dates, validator=dates_validator
    )
    make_up_days: frozenset[dt.date] = attrs.field(
        factory=frozenset, converter=to_dates, validator=dates_validator
    )
    source: str = attrs.field(default="", validator=text_validator)

    def __attrs_post_init__(self) -> None:
        obj = _name(self)
        _check_notice_days(self.days_off, year=self.year, obj=obj, field="days_off", make_up=False)
        _check_notice_days(
            self.make_up_days, year=self.year, obj=obj, field="make_up_days", make_up=True
        )
        _check_apart(self.days_off, self.make_up_days, obj=obj, field="make_up_days")

    @classmethod
    def from_ranges(
        cls,
        year: int,
        *,
        off: Iterable[dt.date | tuple[dt.date, dt.date]],
        work: Iterable[dt.date] = (),
        source: str = "",
    ) -> YearSchedule:
        """Build a schedule the way a notice is written: spans of days off, and make-up days.

        Every day must be one the notice for ``year`` can set: a day of
        ``year``, or of December of the year before.

        Args:
            year: The year the notice is for.
            off: Days off, each a date or an inclusive ``(first, last)`` pair
                (a tuple, or a list as JSON gives it),
                e.g. ``(date(2026, 2, 15), date(2026, 2, 23))`` for "2月15日至23日放假".
            work: The make-up working days (weekend days), e.g. "2月14日（周六）上班".
            source: Where the schedule comes from.

        Returns:
            The schedule.

        Raises:
            ValidationError: a bad year, or ``off`` or ``work`` is not a collection.
            InvalidDateError: a span ends before it starts, a day is not a date,
                or lies outside ``year`` and December of the year before.
            RuleViolationError: a make-up day is a weekday, or also a day off.
        """
        year = check_year(year, obj="YearSchedule.from_ranges", field="year", rule="R6")
        obj = f"YearSchedule {year}"
        spans: tuple[object, ...] = check_collection(
            off,
            obj=obj,
            field="off",
            what="dates or (first, last) pairs of dates",
            fix="pass e.g. [date(2026, 1, 1), (date(2026, 2, 15), date(2026, 2, 23))]",
            rule="R6",
        )
        days: set[dt.date] = set()
        for span in spans:
            if isinstance(span, tuple | list) and len(span) == 2:  # noqa: PLR2004
                first = check_date(span[0], obj=obj, field="off")
                last = check_date(span[1], obj=obj, field="off")
                # bounded before it is walked: a span holds at most the 396 days a notice sets
                _check_notice_days((first, last), year=year, obj=obj, field="off", make_up=False)
                if last < first:
                    raise InvalidDateError(
                        "a span of days off ends before it starts",
                        obj=obj,
                        field="off",
                        value=(first.isoformat(), last.isoformat()),
                        rule="R6",
                        fix="write a span as (first day, last day)",
                    )
                days.update(first + dt.timedelta(i) for i in range((last - first).days + 1))
            elif isinstance(span, _DATE):
                day = check_date(span, obj=obj, field="off")  # refuses a datetime
                _check_notice_days((day,), year=year, obj=obj, field="off", make_up=False)
                days.add(day)
            else:
                raise InvalidDateError(
                    "must hold dates or (first, last) pairs of dates",
                    obj=obj,
                    field="off",
                    value=span,
                    rule="R6",
                    fix="write a day off as date(2026, 1, 1) and a span as"
                    " (date(2026, 2, 15), date(2026, 2, 23))",
                )
        work_days = check_dates(work, obj=obj, field="work")
        _check_notice_days(work_days, year=year, obj=obj, field="work", make_up=True)
        _check_apart(frozenset(days), work_days, obj=obj, field="work")
        return cls(year=year, days_off=days, make_up_days=work_days, source=source)
