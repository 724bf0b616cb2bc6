"""Password policy: each organisation's rules, and the strictest one for a user in several."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int
    max_age_days: int | None  # None: no forced periodic change
    change_at_first_login: bool
    failed_login_limit: int
    lockout: timedelta = timedelta(minutes=15)

    @staticmethod
    def strictest(policies: list[PasswordPolicy], fallback: PasswordPolicy) -> PasswordPolicy:
        if not policies:
            return fallback
        ages = [p.max_age_days for p in policies if p.max_age_days is not None]
        return PasswordPolicy(
            min_length=max(p.min_length for p in policies),
            max_age_days=min(ages) if ages else None,
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
        return self.max_age_days is not None and now - changed_at > timedelta(
            days=self.max_age_days
        )
