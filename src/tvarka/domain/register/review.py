"""When the register must next be reviewed (e.g. Delano: at least every 2 years, D-EMP2 12.3)."""

from __future__ import annotations

from datetime import date

from tvarka.domain.legal_time.lengths import Unit
from tvarka.domain.register.model import ReviewRule


def _add_months(day: date, months: int) -> date:
    """Calendar-month arithmetic; a day missing in the target month falls to its last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def review_due(rule: ReviewRule) -> date | None:
    """The latest day the next review may happen, or None if no review was ever recorded."""
    if rule.last_reviewed is None:
        return None
    length = rule.every
    if length.unit is Unit.years:
        return _add_months(rule.last_reviewed, 12 * length.amount)
    if length.unit is Unit.months:
        return _add_months(rule.last_reviewed, length.amount)
    raise ValueError(f"a review period is given in months or years, not {length}")
