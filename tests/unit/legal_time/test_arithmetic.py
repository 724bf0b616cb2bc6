"""Reg. 1182/71 arithmetic: examples from lithuania.md §6.3 and §7, and properties."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tvarka.domain.legal_time.arithmetic import (
    add_calendar_days,
    add_hours,
    add_months,
    add_paros,
    add_working_days,
    add_years,
    calendar_year_window,
    next_business_day,
    roll_forward,
    subtract_date_length,
)
from tvarka.domain.legal_time.calendar import VILNIUS
from tvarka.domain.legal_time.lengths import parse_length

D = dt.date
UTC = dt.UTC

from .oracle import add_working_days as _oracle_add_working_days
from .oracle import is_working as _oracle_working

dates = st.dates(min_value=D(1995, 1, 1), max_value=D(2075, 12, 31))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 3, 5), 1, D(2026, 4, 5)),  # EDPB example 32 (before rolling)
        (D(2025, 8, 31), 1, D(2025, 9, 30)),  # EDPB example 33
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2025, 12, 31), 2, D(2026, 2, 28)),
        (D(2025, 10, 31), 3, D(2026, 1, 31)),
        (D(2026, 1, 30), 1, D(2026, 2, 28)),
        (D(2026, 11, 15), 2, D(2027, 1, 15)),
        (D(2026, 5, 31), 0, D(2026, 5, 31)),
    ],
)
def test_add_months_keeps_the_day_number_or_clamps(
    start: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(start, months) == expected


def test_add_years_clamps_29_february() -> None:
    assert add_years(D(2028, 2, 29), 1) == D(2029, 2, 28)
    assert add_years(D(2028, 2, 29), 4) == D(2032, 2, 29)
    assert add_years(D(2026, 6, 30), 2) == D(2028, 6, 30)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 12, 23), 5, D(2027, 1, 4)),  # §6.3: 24–25 Dec and 1 Jan are holidays
        (D(2026, 10, 30), 5, D(2026, 11, 9)),  # §6.3: 2 Nov (Vėlinės) is a holiday
        (D(2026, 4, 2), 1, D(2026, 4, 3)),  # Thursday before Easter → Good Friday works
        (D(2026, 4, 3), 1, D(2026, 4, 7)),  # Easter Monday skipped
        (D(2025, 12, 23), 3, D(2025, 12, 31)),  # 24, 25, 26 Dec all closed in 2025
        (D(2026, 3, 7), 1, D(2026, 3, 9)),  # from a Saturday: Monday is the first
        (D(2026, 3, 9), 0, D(2026, 3, 9)),
    ],
)
def test_add_working_days(start: dt.date, n: int, expected: dt.date) -> None:
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2026, 10, 30), D(2026, 11, 3)),  # §6.3
        (D(2026, 12, 23), D(2026, 12, 28)),  # §6.3
        (D(2027, 12, 23), D(2027, 12, 27)),
        (D(2026, 12, 31), D(2027, 1, 4)),  # New Year on Friday 2027
        (D(2026, 3, 10), D(2026, 3, 12)),  # 11 March
    ],
)
def test_next_business_day(start: dt.date, expected: dt.date) -> None:
    assert next_business_day(start) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 4, 5), D(2026, 4, 7)),  # Easter Sunday, then Easter Monday
        (D(2026, 11, 1), D(2026, 11, 3)),  # All Saints' (Sun), then All Souls' (Mon)
        (D(2026, 12, 24), D(2026, 12, 28)),  # Christmas Eve, Christmas, Saturday, Sunday
        (D(2027, 1, 1), D(2027, 1, 4)),
        (D(2026, 2, 28), D(2026, 3, 2)),
        (D(2026, 3, 2), D(2026, 3, 2)),
    ],
)
def test_roll_forward(day: dt.date, expected: dt.date) -> None:
    assert roll_forward(day) == expected


def test_calendar_days_include_weekends_and_holidays() -> None:
    assert add_calendar_days(D(2026, 12, 20), 14) == D(2027, 1, 3)


def test_counting_back_from_a_date() -> None:
    assert subtract_date_length(D(2026, 3, 31), parse_length("30 calendar days")) == D(2026, 3, 1)
    assert subtract_date_length(D(2026, 3, 31), parse_length("1 month")) == D(2026, 2, 28)
    with pytest.raises(ValueError, match="backwards"):
        subtract_date_length(D(2026, 3, 31), parse_length("5 working days"))


def test_the_72_hour_clock_is_elapsed_time_across_the_october_switch() -> None:
    # lithuania.md §7.4: aware 23 Oct 2026 14:20 EEST → 26 Oct 13:20 EET, not 14:20.
    aware = dt.datetime(2026, 10, 23, 14, 20, tzinfo=VILNIUS)
    due = add_hours(aware, 72)
    assert due == dt.datetime(2026, 10, 26, 11, 20, tzinfo=UTC)
    assert due.astimezone(VILNIUS).hour == 13
    assert due.tzinfo is UTC


def test_paros_are_24_hour_periods_across_the_march_switch() -> None:
    start = dt.datetime(2026, 3, 28, 12, 0, tzinfo=VILNIUS)  # EET, the day before the switch
    due = add_paros(start, 1)
    assert due - start == dt.timedelta(hours=24)
    assert due.astimezone(VILNIUS).hour == 13  # the wall clock jumped, elapsed time did not
    assert add_paros(start, 7) == start.astimezone(UTC) + dt.timedelta(hours=168)


def test_calendar_year_window() -> None:
    assert calendar_year_window(D(2026, 7, 14)) == (D(2026, 1, 1), D(2026, 12, 31))


@pytest.mark.parametrize(
    "call",
    [
        lambda: add_months(D(2026, 1, 1), -1),
        lambda: add_years(D(2026, 1, 1), -1),
        lambda: add_calendar_days(D(2026, 1, 1), -1),
        lambda: add_working_days(D(2026, 1, 1), -1),
        lambda: add_hours(dt.datetime(2026, 1, 1, tzinfo=UTC), -1),
        lambda: add_paros(dt.datetime(2026, 1, 1, tzinfo=UTC), -1),
    ],
)
def test_negative_lengths_are_refused(call: object) -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        call()  # type: ignore[operator]


def test_hours_need_an_aware_instant() -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        add_hours(dt.datetime(2026, 1, 1, 12), 72)


# -- properties -------------------------------------------------------------------------------


@given(dates)
def test_a_rolled_day_is_a_working_day_never_earlier_and_the_first_one(day: dt.date) -> None:
    rolled = roll_forward(day)
    assert _oracle_working(rolled)
    assert rolled >= day
    assert all(not _oracle_working(day + dt.timedelta(days=i)) for i in range((rolled - day).days))


@given(dates, st.integers(min_value=0, max_value=40))
def test_month_addition_clamps(day: dt.date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    if result.day != day.day:
        assert result.day < day.day
        assert (result + dt.timedelta(days=1)).day == 1  # clamped to the month's last day


@given(dates, st.integers(min_value=0, max_value=400))
def test_working_day_addition_matches_counting_day_by_day(day: dt.date, n: int) -> None:
    assert add_working_days(day, n) == _oracle_add_working_days(day, n)


@given(dates, dates, st.integers(min_value=0, max_value=60))
def test_working_day_addition_is_monotonic(a: dt.date, b: dt.date, n: int) -> None:
    early, late = sorted((a, b))
    assert add_working_days(early, n) <= add_working_days(late, n)
    assert add_working_days(early, n) <= add_working_days(early, n + 1)


@given(dates, st.integers(min_value=1, max_value=60))
def test_working_days_land_on_working_days(day: dt.date, n: int) -> None:
    assert _oracle_working(add_working_days(day, n))


@given(
    st.datetimes(
        min_value=dt.datetime(2000, 1, 1),
        max_value=dt.datetime(2070, 1, 1),
        timezones=st.just(VILNIUS),
    ),
    st.integers(min_value=0, max_value=500),
)
def test_hours_are_exact_elapsed_time_in_any_season(start: dt.datetime, hours: int) -> None:
    assert add_hours(start, hours) - start == dt.timedelta(hours=hours)
