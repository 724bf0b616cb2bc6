"""When the register must next be reviewed (e.g. Delano: at least every 2 years, D-EMP2 12.3)."""

from __future__ import annotations

from datetime import date

from tvarka.domain.legal_time.arithmetic import add_date_length
from tvarka.domain.legal_time.lengths import Unit
from tvarka.domain.register.model import ReviewRule


def review_due(rule: ReviewRule) -> date | None:
    """The latest day the next review may happen, or None if no review was ever recorded."""
    if rule.last_reviewed is None:
        return None
    if rule.every.unit not in (Unit.years, Unit.months):
        raise ValueError(f"a review period is given in months or years, not {rule.every}")
    return add_date_length(rule.last_reviewed, rule.every)
