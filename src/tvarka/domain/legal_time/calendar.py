"""The Lithuanian working-day calendar and the legal time zone.

Working days are Monday to Friday that are not public holidays (Labour Code Art. 123(1)), as
listed by the pinned ``holidays`` package (which adds no substitute days, as Lithuanian law adds
none). Deadlines are checked millions of times, so the calendar precomputes, for a span of whole
decades, the list of working days and a rank per day (how many working days come before
it). Rolling to a working day and adding N working days are then two list look-ups, whatever N
is. The span grows by decades on demand; dates outside the package's Lithuanian calendar (1990–2100)
are refused rather than counted as if they had no holidays.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VILNIUS = ZoneInfo("Europe/Vilnius")
# The years the pinned package has a Lithuanian calendar for (a unit test checks them against
# it). The package itself is imported only when a decade is first built: importing it loads
# every country's module, which would cost more than the rest of the service's start-up.
FIRST_YEAR = 1990
LAST_YEAR = 2100


class OutOfCalendar(ValueError):
    """A date the Lithuanian calendar does not cover."""


def local_date(instant: dt.datetime) -> dt.date:
    """The date in Vilnius of an aware instant: 23:30 UTC on 31 March is 1 April there."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("an instant needs a UTC offset (e.g. 2026-03-31T23:30:00Z)")
    return instant.astimezone(VILNIUS).date()


def end_of_day(day: dt.date) -> dt.datetime:
    """The UTC instant at which a date deadline expires: 24:00 of that day in Vilnius."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=VILNIUS)
    return midnight.astimezone(dt.UTC)


class LithuanianCalendar:
    """Working days in Lithuania, answered from precomputed tables."""

    def __init__(self) -> None:
        self._first_year = 0
        self._last_year = -1
        self._base = 0  # ordinal of 1 January of the first year in the span
        self._rank: list[int] = []  # _rank[o - base]: working days with ordinal < o
        self._working: list[dt.date] = []  # the working days, ascending
        self._holidays: dict[dt.date, str] = {}

    # -- span management -------------------------------------------------------------------

    def _cover(self, year: int) -> None:
        if year < FIRST_YEAR or year > LAST_YEAR:
            raise OutOfCalendar(
                f"{year} is outside the Lithuanian calendar Tvarka covers ({FIRST_YEAR}–{LAST_YEAR})"
            )
        if self._first_year <= year <= self._last_year:
            return
        first = max(year - year % 10, FIRST_YEAR)
        last = first + 9
        if self._last_year >= self._first_year:
            first = min(first, self._first_year)
            last = max(last, self._last_year)
        self._build(first, min(last, LAST_YEAR))

    def _build(self, first: int, last: int) -> None:
        from holidays.countries.lithuania import Lithuania

        listed = Lithuania(years=range(first, last + 1))
        base = dt.date(first, 1, 1).toordinal()
        end = dt.date(last, 12, 31).toordinal()
        closed = {day.toordinal() for day in listed}
        rank: list[int] = []
        working: list[dt.date] = []
        for ordinal in range(base, end + 1):
            rank.append(len(working))
            # date.fromordinal(1) is a Monday, so (ordinal - 1) % 7 is the ISO weekday - 1.
            if (ordinal - 1) % 7 < 5 and ordinal not in closed:
                working.append(dt.date.fromordinal(ordinal))
        rank.append(len(working))  # the day after the span, so look-ups at `end + 1` work
        self._first_year, self._last_year, self._base = first, last, base
        self._rank, self._working = rank, working
        self._holidays = {day: str(name) for day, name in listed.items()}

    def _index(self, ordinal: int) -> int:
        index = ordinal - self._base
        if index < 0 or index >= len(self._rank) - 1:
            self._cover(dt.date.fromordinal(ordinal).year)
            index = ordinal - self._base
        return index

    # -- questions ---------------------------------------------------------------------------

    def holidays(self, year: int) -> dict[dt.date, str]:
        """The public holidays of ``year`` (Sundays such as Easter included), by date."""
        self._cover(year)
        return {day: name for day, name in sorted(self._holidays.items()) if day.year == year}

    def is_working_day(self, day: dt.date) -> bool:
        index = self._index(day.toordinal())
        return self._rank[index + 1] > self._rank[index]

    def roll_forward(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the next one (Reg. 1182/71 Art. 3(4))."""
        ordinal = day.toordinal()
        index = ordinal - self._base
        if index >= 0:
            try:  # the hot path: two list look-ups; IndexError means "beyond the tables"
                return self._working[self._rank[index]]
            except IndexError:
                pass
        index = self._index(ordinal)
        if self._rank[index] == len(self._working):  # no working day left in the span
            self._cover(self._last_year + 1)
            index = ordinal - self._base
        return self._working[self._rank[index]]

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``day``; ``day`` itself is not counted."""
        if count <= 0:
            if count < 0:
                raise ValueError(f"a number of working days cannot be negative (got {count})")
            return day
        ordinal = day.toordinal()
        index = ordinal - self._base + 1
        if index > 0:
            try:
                return self._working[self._rank[index] + count - 1]
            except IndexError:
                pass
        index = self._index(ordinal) + 1
        target = self._rank[index] + count - 1
        while target >= len(self._working):
            self._cover(self._last_year + 1)
            target = self._rank[ordinal - self._base + 1] + count - 1
        return self._working[target]


LT_CALENDAR = LithuanianCalendar()
