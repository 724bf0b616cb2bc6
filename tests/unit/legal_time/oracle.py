"""An independent oracle: lithuania.md §7.6's reference implementation, counting day by day."""

import calendar
import datetime as dt

import holidays

_LT = holidays.LT(years=range(1995, 2081))


def is_working(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _LT


def roll(day: dt.date) -> dt.date:
    while not is_working(day):
        day += dt.timedelta(days=1)
    return day


def add_months(day: dt.date, n: int) -> dt.date:
    y, m = divmod(day.month - 1 + n, 12)
    y += day.year
    m += 1
    return dt.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


def add_working_days(day: dt.date, n: int) -> dt.date:
    while n:
        day += dt.timedelta(days=1)
        if is_working(day):
            n -= 1
    return day
