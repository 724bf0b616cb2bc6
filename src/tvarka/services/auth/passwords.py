"""The password and login-record rules that apply to a user: the strictest of their
organisations' settings, with each setting's GDPR/product default where a source is silent."""

from __future__ import annotations

from datetime import date
from typing import Any

from tvarka.adapters.db.tables import User
from tvarka.domain.legal_time.arithmetic import subtract_date_length
from tvarka.domain.passwords import PasswordPolicy
from tvarka.domain.profile import Profile
from tvarka.domain.setting_defaults import DEFAULTS, effective
from tvarka.domain.settings import Settings

DEFAULT_POLICY = PasswordPolicy(
    min_length=DEFAULTS["password_min_length"].value,
    max_age=DEFAULTS["password_max_age"].value,
    change_at_first_login=DEFAULTS["password_change_first_login"].value,
    failed_login_limit=DEFAULTS["failed_login_limit"].value,
)


def _settings(profile_data: dict[str, Any]) -> Settings:
    return Profile.model_validate(profile_data).settings


def organisation_policy(profile_data: dict[str, Any]) -> PasswordPolicy:
    settings = _settings(profile_data)
    return PasswordPolicy(
        min_length=effective(settings, "password_min_length").value,
        max_age=effective(settings, "password_max_age").value,
        change_at_first_login=effective(settings, "password_change_first_login").value,
        failed_login_limit=effective(settings, "failed_login_limit").value,
    )


def policy_for(user: User) -> PasswordPolicy:
    policies = [organisation_policy(m.organisation.profile) for m in user.memberships]
    return PasswordPolicy.strictest(policies, DEFAULT_POLICY)


def login_records_kept_since(user: User, today: date) -> date:
    """Login records older than this may go: the longest period of the user's organisations."""
    periods = [
        effective(_settings(m.organisation.profile), "access_log_retention").value.length
        for m in user.memberships
    ] or [DEFAULTS["access_log_retention"].value.length]
    return min(subtract_date_length(today, period) for period in periods)
