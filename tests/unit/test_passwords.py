from datetime import UTC, datetime

from tvarka.domain.legal_time.lengths import parse_length
from tvarka.domain.passwords import PasswordPolicy

TIENS = PasswordPolicy(min_length=8, max_age=parse_length("2 months"),
                       change_at_first_login=True, failed_login_limit=5)
DELANO = PasswordPolicy(min_length=6, max_age=parse_length("3 months"),
                        change_at_first_login=False, failed_login_limit=10)
DEFAULT = PasswordPolicy(min_length=12, max_age=None, change_at_first_login=True,
                         failed_login_limit=10)


def test_short_password_is_refused_with_the_length() -> None:
    assert TIENS.problems("Ab1-xyz", "a@example.com") == ["must be at least 8 characters"]
    assert TIENS.problems("Ab1-xyz9", "a@example.com") == []


def test_strictest_of_several_organisations() -> None:
    policy = PasswordPolicy.strictest([DELANO, TIENS], DEFAULT)
    assert policy == PasswordPolicy(8, parse_length("2 months"), True, 5)


def test_no_organisation_gives_the_default() -> None:
    assert PasswordPolicy.strictest([], DEFAULT) is DEFAULT


def test_two_months_are_calendar_months() -> None:
    changed = datetime(2026, 12, 31, 9, tzinfo=UTC)
    assert not TIENS.expired(changed, datetime(2027, 2, 28, 23, tzinfo=UTC))  # clamped month end
    assert TIENS.expired(changed, datetime(2027, 3, 1, 0, tzinfo=UTC))
    assert not DEFAULT.expired(changed, datetime(2036, 1, 1, tzinfo=UTC))
