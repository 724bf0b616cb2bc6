from datetime import UTC, datetime, timedelta

from tvarka.domain.passwords import PasswordPolicy

TIENS = PasswordPolicy(min_length=8, max_age_days=61, change_at_first_login=True,
                       failed_login_limit=5)
DELANO = PasswordPolicy(min_length=6, max_age_days=92, change_at_first_login=False,
                        failed_login_limit=10)
DEFAULT = PasswordPolicy(min_length=12, max_age_days=None, change_at_first_login=True,
                         failed_login_limit=10)


def test_short_password_is_refused_with_the_length() -> None:
    assert TIENS.problems("Ab1-xyz", "a@example.com") == ["must be at least 8 characters"]
    assert TIENS.problems("Ab1-xyz9", "a@example.com") == []


def test_strictest_of_several_organisations() -> None:
    policy = PasswordPolicy.strictest([TIENS, DELANO], DEFAULT)
    assert policy == PasswordPolicy(8, 61, True, 5)


def test_no_organisation_gives_the_default() -> None:
    assert PasswordPolicy.strictest([], DEFAULT) is DEFAULT


def test_expiry_after_the_maximum_age() -> None:
    changed = datetime(2026, 9, 1, tzinfo=UTC)
    assert not TIENS.expired(changed, changed + timedelta(days=61))
    assert TIENS.expired(changed, changed + timedelta(days=62))
    assert not DEFAULT.expired(changed, changed + timedelta(days=3650))
