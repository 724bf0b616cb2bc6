"""Password policy: each organisation's rules, and the strictest one for a user in several."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tvarka.domain.legal_time.arithmetic import add_date_length
from tvarka.domain.legal_time.lengths import Length


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int
    max_age: Length | None  # None: no forced periodic change
    change_at_first_login: bool
    failed_login_limit: int
    lockout: timedelta = timedelta(minutes=15)

    @staticmethod
    def strictest(policies: list[PasswordPolicy], fallback: PasswordPolicy) -> PasswordPolicy:
        if not policies:
            return fallback
        ages = [p.max_age for p in policies if p.max_age is not None]
        reference = datetime(2001, 1, 1)  # a fixed day to compare lengths in different units
        return PasswordPolicy(
            min_length=max(p.min_length for p in policies),
            max_age=min(ages, key=lambda a: add_date_length(reference.date(), a)) if ages else None,
            change_at_first_login=any(p.change_at_first_login for p in policies),
            failed_login_limit=min(p.failed_login_limit for p in policies),
            lockout=max(p.lockout for p in policies),
        )

    def problems(self, password: str, email: str) -> list[str]:
        """What is wrong with a new password under this policy (empty when acceptable)."""
        found = []
        if len(password) < self.min_length:
            found.append(f"must be at least {self.min_length} characters")
        if password.strip().lower() == email.strip().lower():
            found.append("must not be the e-mail address")
        if len(set(password)) < 3:
            found.append("must not repeat one or two characters")
        return found

    def expired(self, changed_at: datetime, now: datetime) -> bool:
        """Past the maximum age: "changed at least every 2 months" counts calendar months."""
        if self.max_age is None:
            return False
        return now.date() > add_date_length(changed_at.date(), self.max_age)
