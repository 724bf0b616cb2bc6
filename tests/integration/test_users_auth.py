"""Users, roles, password policies, lockout, tokens and login records on a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from tests import people
from tvarka.adapters.db.tables import ApiToken, LoginEvent, User
from tvarka.runtime import Runtime
from tvarka.services.actor import operator
from tvarka.services.auth import login as auth
from tvarka.services.auth import users
from tvarka.services.errors import AuthenticationFailed, Conflict, Invalid, NotFound


def add(rt: Runtime, org: str = "tiens", role: str = "handler", password: str | None = None):
    address, secret = people.email(role), password or people.password()
    user = users.add_user(rt.uow(), operator(), email=address, password=secret, org_key=org,
                          role=role)
    return user, address, secret


def test_password_is_stored_as_argon2(loaded: Runtime) -> None:
    user, _, secret = add(loaded)
    assert user.password_hash.startswith("$argon2id$") and secret not in user.password_hash


def test_tiens_requires_eight_characters_and_a_change_at_first_login(loaded: Runtime) -> None:
    with pytest.raises(Invalid, match="at least 8"):
        add(loaded, "tiens", password="Ab1-xyz")
    user, address, secret = add(loaded, "tiens", password="Ab1-xyz9")
    assert user.must_change_password
    assert auth.login(loaded.uow(), address, secret).must_change_password


def test_unknown_role_and_organisation_are_refused(loaded: Runtime) -> None:
    with pytest.raises(Invalid, match="unknown role"):
        add(loaded, role="boss")
    with pytest.raises(NotFound):
        add(loaded, org="nope")


def test_same_membership_twice_is_a_conflict(loaded: Runtime) -> None:
    _, address, secret = add(loaded, "delano")
    with pytest.raises(Conflict):
        users.add_user(loaded.uow(), operator(), email=address, password=secret,
                       org_key="delano", role="viewer")


def test_lockout_after_the_organisations_failed_login_limit(loaded: Runtime) -> None:
    user, address, secret = add(loaded, "tiens")
    limit = auth.policy_for(auth.find_user(loaded.uow(), address)).failed_login_limit
    for _ in range(limit):
        with pytest.raises(AuthenticationFailed):
            auth.login(loaded.uow(), address, "wrong-password")
    with pytest.raises(AuthenticationFailed, match="locked"):
        auth.login(loaded.uow(), address, secret)
    later = datetime.now(UTC) + timedelta(minutes=16)
    assert auth.login(loaded.uow(), address, secret, now=later).id == user.id


def test_delano_password_expires_after_three_months(loaded: Runtime) -> None:
    user, address, secret = add(loaded, "delano")
    with loaded.engine.begin() as connection:
        connection.execute(
            update(User).where(User.id == user.id).values(
                password_changed_at=datetime.now(UTC) - timedelta(days=93),
                must_change_password=False,
            )
        )
    assert auth.login(loaded.uow(), address, secret).must_change_password


def test_change_password_clears_the_flag_and_ends_old_sessions(loaded: Runtime) -> None:
    user, address, secret = add(loaded, "tiens")
    new = people.password()
    changed = auth.change_password(loaded.uow(), user.id, secret, new)
    assert not changed.must_change_password and changed.session_version == 2
    assert auth.login(loaded.uow(), address, new).id == user.id
    with pytest.raises(Invalid, match="current password"):
        auth.change_password(loaded.uow(), user.id, "not-it", people.password())


def test_token_is_shown_once_and_stored_as_a_hash(loaded: Runtime) -> None:
    user, address, _ = add(loaded)
    token = users.create_token(loaded.uow(), operator(), address)
    with loaded.uow() as uow:
        stored = uow.session.scalars(select(ApiToken.token_sha256)).all()
    assert token not in stored and len(stored) == 1
    assert auth.user_for_token(loaded.uow(), token).id == user.id
    assert auth.user_for_token(loaded.uow(), token + "x") is None


def test_login_records_are_kept_for_the_organisations_period(loaded: Runtime) -> None:
    user, address, secret = add(loaded, "tiens")
    old = datetime.now(UTC) - timedelta(days=400)
    recent = datetime.now(UTC) - timedelta(days=300)
    with loaded.engine.begin() as connection:
        for at in (old, recent):
            connection.execute(LoginEvent.__table__.insert().values(
                user_id=user.id, at=at, succeeded=True, reason="ok"))
    auth.login(loaded.uow(), address, secret)
    with loaded.uow() as uow:
        kept = uow.session.scalar(
            select(func.count()).select_from(LoginEvent).where(LoginEvent.user_id == user.id))
    assert kept == 2  # the 300-day-old one and today's; the 400-day-old one is gone
