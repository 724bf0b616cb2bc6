"""Logging in with a password or a token, lockout, password expiry, and login records."""

from __future__ import annotations

from datetime import UTC, datetime

from argon2.exceptions import VerificationError
from sqlalchemy import delete, select

from tvarka.adapters.db.audit_log import PLATFORM_CHAIN
from tvarka.adapters.db.tables import ApiToken, LoginEvent, User
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.roles import OrgRole
from tvarka.services.actor import Actor
from tvarka.services.auth.passwords import login_records_kept_since, policy_for
from tvarka.services.auth.users import HASHER, normalise_email, token_digest
from tvarka.services.errors import AuthenticationFailed, Invalid

FAILED = "wrong e-mail or password"


def actor_for(user: User) -> Actor:
    return Actor(
        label=f"user:{user.id}",
        user_id=user.id,
        is_platform_admin=user.is_platform_admin,
        roles={m.organisation.key: OrgRole(m.role) for m in user.memberships},
    )


def login(uow: UnitOfWork, email: str, password: str, now: datetime | None = None) -> User:
    """Check a password; count failures, lock after the policy's limit, record every attempt."""
    now = now or datetime.now(UTC)
    with uow:
        user = uow.session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            HASHER.hash(password)  # same cost as a real check: timing does not reveal users
            _record(uow, None, now, False, "unknown_user")
            uow.commit()
            raise AuthenticationFailed(FAILED)
        policy = policy_for(user)
        locked_until = _aware(user.locked_until)
        if locked_until and locked_until > now:
            _record(uow, user, now, False, "locked")
            uow.commit()
            raise AuthenticationFailed("account locked after failed logins; try again later")
        try:
            HASHER.verify(user.password_hash, password)
        except VerificationError:
            user.failed_logins += 1
            if user.failed_logins >= policy.failed_login_limit:
                user.locked_until = now + policy.lockout
                user.failed_logins = 0
                uow.audit(
                    chain=PLATFORM_CHAIN,
                    actor="system",
                    action="user.locked",
                    object_type="user",
                    object_id=f"user:{user.id}",
                )
            _record(uow, user, now, False, "wrong_password")
            uow.commit()
            raise AuthenticationFailed(FAILED) from None
        user.failed_logins, user.locked_until = 0, None
        if policy.expired(_aware(user.password_changed_at) or now, now):
            user.must_change_password = True
        _record(uow, user, now, True, "ok")
        _purge_login_records(uow, user, now)
        uow.commit()
        return user


def change_password(uow: UnitOfWork, user_id: int, current: str, new: str) -> User:
    with uow:
        user = uow.session.get(User, user_id)
        if user is None:
            raise AuthenticationFailed("not logged in")
        try:
            HASHER.verify(user.password_hash, current)
        except VerificationError:
            raise Invalid("the current password is wrong", field="current_password") from None
        if new == current:
            raise Invalid("the new password must differ from the current one", "new_password")
        if problems := policy_for(user).problems(new, user.email):
            raise Invalid("password " + "; ".join(problems), field="new_password")
        user.password_hash = HASHER.hash(new)
        user.password_changed_at = datetime.now(UTC)
        user.must_change_password = False
        user.session_version += 1
        uow.audit(
            chain=PLATFORM_CHAIN,
            actor=f"user:{user.id}",
            action="user.password_changed",
            object_type="user",
            object_id=f"user:{user.id}",
        )
        uow.commit()
        return user


def user_for_token(uow: UnitOfWork, token: str) -> User | None:
    with uow:
        record = uow.session.scalar(
            select(ApiToken).where(
                ApiToken.token_sha256 == token_digest(token), ApiToken.revoked_at.is_(None)
            )
        )
        return uow.session.get(User, record.user_id) if record else None


def user_by_id(uow: UnitOfWork, user_id: int) -> User | None:
    with uow:
        return uow.session.get(User, user_id)


def find_user(uow: UnitOfWork, email: str) -> User | None:
    with uow:
        return uow.session.scalar(select(User).where(User.email == normalise_email(email)))


def _record(uow: UnitOfWork, user: User | None, now: datetime, ok: bool, reason: str) -> None:
    uow.session.add(
        LoginEvent(user_id=user.id if user else None, at=now, succeeded=ok, reason=reason)
    )


def _purge_login_records(uow: UnitOfWork, user: User, now: datetime) -> None:
    """Drop this user's login records older than the longest period their organisations set."""
    since = login_records_kept_since(user, now.date())
    cutoff = datetime.combine(since, datetime.min.time(), tzinfo=UTC)
    uow.session.execute(
        delete(LoginEvent).where(LoginEvent.user_id == user.id, LoginEvent.at < cutoff)
    )


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
