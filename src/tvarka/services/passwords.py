"""The password policy that applies to a user: the strictest of their organisations'."""

from __future__ import annotations

from tvarka.adapters.db.tables import User
from tvarka.domain.passwords import PasswordPolicy
from tvarka.domain.profile import Profile

# Where an organisation's documents are silent (requirements.md §4.3): a product choice,
# in line with common baselines (NIST SP 800-63B length; lockout against guessing).
DEFAULT_POLICY = PasswordPolicy(
    min_length=12, max_age_days=None, change_at_first_login=True, failed_login_limit=10
)


def policy_for(user: User) -> PasswordPolicy:
    policies = [organisation_policy(m.organisation.profile) for m in user.memberships]
    return PasswordPolicy.strictest(policies, DEFAULT_POLICY)


def organisation_policy(profile_data: dict[str, object]) -> PasswordPolicy:
    settings = Profile.model_validate(profile_data).settings
    min_length = getattr(settings, "password_min_length", None)
    return PasswordPolicy(
        min_length=getattr(min_length, "value", DEFAULT_POLICY.min_length),
        max_age_days=DEFAULT_POLICY.max_age_days,
        change_at_first_login=DEFAULT_POLICY.change_at_first_login,
        failed_login_limit=DEFAULT_POLICY.failed_login_limit,
    )
