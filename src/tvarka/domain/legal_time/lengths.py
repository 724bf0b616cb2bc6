"""The lengths legal texts give to periods, parsed from the words a profile uses.

A length is ``<n> <unit>`` (``1 month``, ``30 calendar days``, ``5 working days``,
``72 hours``, ``7 paros``, ``2 years``) or one of the words that name no number:
``immediately``, ``without undue delay``, ``next business day``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Unit(StrEnum):
    calendar_days = "calendar days"
    working_days = "working days"
    months = "months"
    years = "years"
    hours = "hours"
    paros = "paros"  # 24-hour periods
    immediately = "immediately"
    without_undue_delay = "without undue delay"
    next_business_day = "next business day"


_NUMBERED = {
    "calendar day": Unit.calendar_days,
    "calendar days": Unit.calendar_days,
    "day": Unit.calendar_days,
    "days": Unit.calendar_days,
    "working day": Unit.working_days,
    "working days": Unit.working_days,
    "month": Unit.months,
    "months": Unit.months,
    "year": Unit.years,
    "years": Unit.years,
    "hour": Unit.hours,
    "hours": Unit.hours,
    "para": Unit.paros,
    "paros": Unit.paros,
}
_SINGULAR = {
    Unit.calendar_days: "calendar day",
    Unit.working_days: "working day",
    Unit.months: "month",
    Unit.years: "year",
    Unit.hours: "hour",
    Unit.paros: "para",
}
_WORDS = {u.value: u for u in (Unit.immediately, Unit.without_undue_delay, Unit.next_business_day)}
_PATTERN = re.compile(r"^\s*(\d+)\s+([a-z ]+?)\s*$")


@dataclass(frozen=True)
class Length:
    amount: int
    unit: Unit

    @property
    def is_hours(self) -> bool:
        """Hour clocks are elapsed time and never roll to a working day."""
        return self.unit in (Unit.hours, Unit.paros, Unit.immediately)

    @property
    def is_fixed(self) -> bool:
        return self.unit is not Unit.without_undue_delay

    def __str__(self) -> str:
        if self.unit.value in _WORDS:
            return self.unit.value
        if self.amount == 1:
            return f"1 {_SINGULAR[self.unit]}"
        return f"{self.amount} {self.unit.value}"


def parse_length(text: str) -> Length:
    """Parse ``text`` or raise ValueError naming what a length may look like."""
    cleaned = text.strip().lower()
    if cleaned in _WORDS:
        return Length(0, _WORDS[cleaned])
    match = _PATTERN.match(cleaned)
    if match and match.group(2) in _NUMBERED:
        amount = int(match.group(1))
        return Length(amount, _NUMBERED[match.group(2)])
    raise ValueError(
        f"not a length: {text!r}; use '<n> <unit>' with unit one of calendar days, "
        "working days, months, years, hours, paros, or one of: " + ", ".join(_WORDS)
    )
