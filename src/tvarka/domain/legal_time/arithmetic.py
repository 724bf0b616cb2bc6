"""Adding legal lengths to dates and instants.

Periods in days, months and years follow Regulation (EEC, Euratom) No 1182/71: the day of the
event is not counted (Art. 3(1)); a period in months or years ends on the same day number, or on
the last day of the month where that day does not exist (Art. 3(2)(c)); a period whose last day
is a Saturday, Sunday or public holiday ends on the next working day (Art. 3(4); Civil Code
Art. 1.119 says the same for Lithuanian terms). Periods in hours and 24-hour periods (paros) are
elapsed time in UTC and never roll, so a daylight-saving switch neither adds nor takes an hour.
"""

from __future__ import annotations

import datetime as dt

from tvarka.domain.legal_time.calendar import LT_CALENDAR, LithuanianCalendar
from tvarka.domain.legal_time.lengths import Length, Unit

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_UTC = dt.UTC


def _not_negative(amount: int, what: str) -> None:
    if amount < 0:
        raise ValueError(f"a number of {what} cannot be negative (got {amount})")


def month_length(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def shift_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` (either sign), clamped to the month's end (Art. 3(2)(c))."""
    total = day.month - 1 + months
    year = day.year + total // 12
    month = total % 12 + 1
    number = day.day
    if number > 28:  # every month has the 28th; only later days may need clamping
        last = month_length(year, month)
        number = min(number, last)
    return dt.date(year, month, number)


def add_calendar_days(day: dt.date, days: int) -> dt.date:
    _not_negative(days, "calendar days")
    return day + dt.timedelta(days=days)


def add_months(day: dt.date, months: int) -> dt.date:
    """31 January + 1 month = 28 (or 29) February; 31 August + 1 month = 30 September."""
    _not_negative(months, "months")
    return shift_months(day, months)


def add_years(day: dt.date, years: int) -> dt.date:
    """29 February + 1 year = 28 February (Art. 3(2)(c) applied to years)."""
    _not_negative(years, "years")
    return shift_months(day, 12 * years)


def add_working_days(
    day: dt.date, days: int, calendar: LithuanianCalendar = LT_CALENDAR
) -> dt.date:
    """The ``days``-th Lithuanian working day after ``day`` (``day`` itself is not counted)."""
    _not_negative(days, "working days")
    return calendar.add_working_days(day, days)


def next_business_day(day: dt.date, calendar: LithuanianCalendar = LT_CALENDAR) -> dt.date:
    """The first working day after ``day`` ("kitą darbo dieną"), whatever day ``day`` is."""
    return add_working_days(day, 1, calendar)


def roll_forward(day: dt.date, calendar: LithuanianCalendar = LT_CALENDAR) -> dt.date:
    """``day`` if it is a working day, else the next one (Reg. 1182/71 Art. 3(4))."""
    return calendar.roll_forward(day)


def as_utc(instant: dt.datetime) -> dt.datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("an instant needs a UTC offset (e.g. 2026-10-23T11:20:00Z)")
    return instant.astimezone(_UTC)


def add_hours(instant: dt.datetime, hours: int) -> dt.datetime:
    """Elapsed hours in UTC: 72 h after 14:20 EEST on 23 October 2026 is 13:20 EET on the 26th."""
    _not_negative(hours, "hours")
    return as_utc(instant) + dt.timedelta(hours=hours)


def add_paros(instant: dt.datetime, paros: int) -> dt.datetime:
    """A para is a 24-hour period, so 7 paros are 168 elapsed hours."""
    _not_negative(paros, "paros")
    return as_utc(instant) + dt.timedelta(hours=24 * paros)


def calendar_year_window(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of ``day``'s calendar year ("once per calendar year" rules)."""
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)


def add_date_length(
    day: dt.date, length: Length, calendar: LithuanianCalendar = LT_CALENDAR
) -> dt.date:
    """The raw (not rolled) last day of a period in days, months or years counted from ``day``."""
    unit = length.unit
    if unit is Unit.months:
        return add_months(day, length.amount)
    if unit is Unit.calendar_days:
        return add_calendar_days(day, length.amount)
    if unit is Unit.working_days:
        return add_working_days(day, length.amount, calendar)
    if unit is Unit.years:
        return add_years(day, length.amount)
    if unit is Unit.next_business_day:
        return next_business_day(day, calendar)
    raise ValueError(f"{length} is not a period in days, months or years")


def subtract_date_length(day: dt.date, length: Length) -> dt.date:
    """The last day on which something must happen ``length`` before ``day``."""
    unit = length.unit
    if unit is Unit.calendar_days:
        return day - dt.timedelta(days=length.amount)
    if unit is Unit.months:
        return shift_months(day, -length.amount)
    if unit is Unit.years:
        return shift_months(day, -12 * length.amount)
    raise ValueError(f"{length} cannot be counted backwards from a date")


def add_hour_length(instant: dt.datetime, length: Length) -> dt.datetime:
    """The UTC instant a period in hours, paros, or "immediately" ends."""
    unit = length.unit
    if unit is Unit.hours:
        return add_hours(instant, length.amount)
    if unit is Unit.paros:
        return add_paros(instant, length.amount)
    if unit is Unit.immediately:
        return as_utc(instant)
    raise ValueError(f"{length} is not a period in hours")
