"""The Lithuanian calendar against the official lists (lithuania.md §6.1–6.2)."""

import datetime as dt

import pytest

from tvarka.domain.legal_time.calendar import (
    LT_CALENDAR,
    LithuanianCalendar,
    OutOfCalendar,
    end_of_day,
    local_date,
)

D = dt.date

# lithuania.md §6.2 (produced by holidays 0.109, checked against the statutory list); 2024 from
# the official list (Labour Code Art. 123(1)): Easter 31 Mar/1 Apr, Mother's Day 5 May,
# Father's Day 2 Jun.
OFFICIAL = {
    2024: "01-01 02-16 03-11 03-31 04-01 05-01 05-05 06-02 06-24 07-06 08-15 11-01 11-02 "
    "12-24 12-25 12-26",
    2025: "01-01 02-16 03-11 04-20 04-21 05-01 05-04 06-01 06-24 07-06 08-15 11-01 11-02 "
    "12-24 12-25 12-26",
    2026: "01-01 02-16 03-11 04-05 04-06 05-01 05-03 06-07 06-24 07-06 08-15 11-01 11-02 "
    "12-24 12-25 12-26",
    2027: "01-01 02-16 03-11 03-28 03-29 05-01 05-02 06-06 06-24 07-06 08-15 11-01 11-02 "
    "12-24 12-25 12-26",
}


@pytest.mark.parametrize("year", sorted(OFFICIAL))
def test_holidays_match_the_official_list(year: int) -> None:
    expected = [D.fromisoformat(f"{year}-{md}") for md in OFFICIAL[year].split()]
    assert sorted(LT_CALENDAR.holidays(year)) == expected


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2026, 11, 2), False),  # All Souls' Day (Vėlinės), a Monday in 2026
        (D(2025, 12, 24), False),  # Christmas Eve, a Wednesday
        (D(2027, 1, 1), False),  # New Year, a Friday
        (D(2026, 7, 6), False),  # Statehood Day, a Monday
        (D(2026, 3, 7), False),  # Saturday
        (D(2026, 3, 8), False),  # Sunday
        (D(2026, 3, 9), True),
        (D(2026, 11, 3), True),
        (D(2026, 12, 28), True),
        (D(2019, 11, 4), True),  # a Tuesday; Vėlinės became a holiday only in 2020
        (D(2019, 11, 2), False),  # Saturday anyway
    ],
)
def test_working_days(day: dt.date, working: bool) -> None:
    assert LT_CALENDAR.is_working_day(day) is working


def test_all_souls_day_is_a_holiday_only_from_2020() -> None:
    assert D(2019, 11, 2) not in LT_CALENDAR.holidays(2019)
    assert D(2020, 11, 2) in LT_CALENDAR.holidays(2020)
    assert LT_CALENDAR.is_working_day(D(2018, 11, 2))  # a Friday, not yet a holiday


def test_a_fresh_calendar_grows_in_both_directions() -> None:
    calendar = LithuanianCalendar()
    assert not calendar.is_working_day(D(2095, 12, 26))
    assert not calendar.is_working_day(D(1995, 12, 25))
    assert calendar.is_working_day(D(2095, 12, 27))  # a Tuesday
    assert not calendar.is_working_day(D(2026, 4, 6))


@pytest.mark.parametrize("day", [D(1989, 12, 29), D(2101, 1, 3)])
def test_dates_outside_the_calendar_are_refused(day: dt.date) -> None:
    with pytest.raises(OutOfCalendar, match="outside the Lithuanian calendar"):
        LT_CALENDAR.is_working_day(day)


def test_an_instant_late_in_the_utc_day_is_the_next_day_in_vilnius() -> None:
    # 31 March 2026 is after the spring switch (29 March): Vilnius is UTC+3.
    assert local_date(dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC)) == D(2026, 4, 1)
    assert local_date(dt.datetime(2026, 3, 31, 20, 59, tzinfo=dt.UTC)) == D(2026, 3, 31)
    assert local_date(dt.datetime(2026, 3, 31, 21, 0, tzinfo=dt.UTC)) == D(2026, 4, 1)
    # In winter Vilnius is UTC+2.
    assert local_date(dt.datetime(2026, 1, 31, 21, 59, tzinfo=dt.UTC)) == D(2026, 1, 31)
    assert local_date(dt.datetime(2026, 1, 31, 22, 0, tzinfo=dt.UTC)) == D(2026, 2, 1)


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        local_date(dt.datetime(2026, 3, 31, 23, 30))


def test_a_date_deadline_expires_at_midnight_in_vilnius_whatever_the_season() -> None:
    assert end_of_day(D(2026, 7, 1)) == dt.datetime(2026, 7, 1, 21, 0, tzinfo=dt.UTC)
    assert end_of_day(D(2026, 1, 5)) == dt.datetime(2026, 1, 5, 22, 0, tzinfo=dt.UTC)
    # The day of the autumn switch (25 Oct 2026) has 25 hours; it still ends at 24:00 EET.
    assert end_of_day(D(2026, 10, 25)) == dt.datetime(2026, 10, 25, 22, 0, tzinfo=dt.UTC)
    assert end_of_day(D(2026, 3, 29)) == dt.datetime(2026, 3, 29, 21, 0, tzinfo=dt.UTC)


def test_counting_across_a_decade_boundary_extends_the_tables() -> None:
    calendar = LithuanianCalendar()
    # 2029-12-31 is a Monday; the 3rd working day after 28 Dec is in the next decade's table.
    assert calendar.add_working_days(D(2029, 12, 28), 3) == D(2030, 1, 3)
    fresh = LithuanianCalendar()
    # Only the 2020s are built; Christmas Eve 2029 rolls within them, 1 Jan 2030 beyond them.
    assert fresh.roll_forward(D(2029, 12, 24)) == D(2029, 12, 27)
    assert fresh.roll_forward(D(2030, 1, 1)) == D(2030, 1, 2)
    assert fresh.add_working_days(D(2029, 12, 31), 300) > D(2031, 1, 1)
    assert LithuanianCalendar().roll_forward(D(2029, 12, 29)) == D(2029, 12, 31)


def test_covered_years_are_the_pinned_packages() -> None:
    from holidays.countries.lithuania import Lithuania

    from tvarka.domain.legal_time.calendar import FIRST_YEAR, LAST_YEAR

    assert (FIRST_YEAR, LAST_YEAR) == (Lithuania.start_year, Lithuania.end_year)
