"""Users, memberships and API tokens, created by an operator or an organisation's owner."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime

from argon2 import PasswordHasher
from sqlalchemy import select

from tvarka.adapters.db.audit_log import PLATFORM_CHAIN
from tvarka.adapters.db.tables import ApiToken, Membership, Organisation, User
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.roles import OrgRole, Permission
from tvarka.services.actor import Actor
from tvarka.services.auth.passwords import DEFAULT_POLICY, organisation_policy
from tvarka.services.errors import Conflict, Forbidden, Invalid, NotFound

HASHER = PasswordHasher()
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN_PREFIX = "tvk_"


def token_digest(token: str) -> str:
    """API tokens are 256 random bits, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    if not EMAIL.match(cleaned):
        raise Invalid(f"not an e-mail address: {email!r}", field="email")
    return cleaned


def add_user(
    uow: UnitOfWork,
    actor: Actor,
    *,
    email: str,
    password: str,
    org_key: str | None,
    role: str | None,
    platform_admin: bool = False,
) -> User:
    """Create a user with a membership; for an existing user, add the membership only."""
    address = normalise_email(email)
    org_role = _role(role) if org_key else None
    if org_key is None and not platform_admin:
        raise Invalid("a user needs an organisation (--org) or platform admin rights", "org")
    if platform_admin and not actor.is_platform_admin:
        raise Forbidden("only a platform admin may create another")
    with uow:
        org = None
        if org_key is not None:
            org = uow.session.scalar(select(Organisation).where(Organisation.key == org_key))
            if org is None or not actor.visible(org_key):
                raise NotFound(f"no organisation {org_key!r}", field="org")
            if not actor.can(org_key, Permission.manage_users):
                raise Forbidden(f"your role in {org_key!r} does not allow managing users")
        user = uow.session.scalar(select(User).where(User.email == address))
        now = datetime.now(UTC)
        if user is None:
            policy = organisation_policy(org.profile) if org else DEFAULT_POLICY
            if problems := policy.problems(password, address):
                raise Invalid("password " + "; ".join(problems), field="password")
            user = User(
                email=address,
                password_hash=HASHER.hash(password),
                is_platform_admin=platform_admin,
                must_change_password=policy.change_at_first_login,
                password_changed_at=now,
                failed_logins=0,
                session_version=1,
                created_at=now,
            )
            uow.session.add(user)
            uow.session.flush()
            uow.audit(
                chain=org.key if org else PLATFORM_CHAIN,
                actor=actor.label,
                action="user.created",
                object_type="user",
                object_id=f"user:{user.id}",
                after={"platform_admin": platform_admin},
            )
        if org is not None and org_role is not None:
            if any(m.organisation_id == org.id for m in user.memberships):
                raise Conflict(f"{address} is already a member of {org.key}", field="email")
            uow.session.add(Membership(user=user, organisation=org, role=org_role.value))
            uow.audit(
                chain=org.key,
                actor=actor.label,
                action="membership.granted",
                object_type="user",
                object_id=f"user:{user.id}",
                after={"role": org_role.value},
            )
        uow.commit()
        return user


def _role(role: str | None) -> OrgRole:
    try:
        return OrgRole(role or "")
    except ValueError:
        choices = ", ".join(r.value for r in OrgRole)
        raise Invalid(f"unknown role {role!r}; one of {choices}", field="role") from None


def list_members(uow: UnitOfWork, org_key: str) -> list[tuple[User, str]]:
    with uow:
        rows = uow.session.execute(
            select(User, Membership.role)
            .join(Membership, Membership.user_id == User.id)
            .join(Organisation, Organisation.id == Membership.organisation_id)
            .where(Organisation.key == org_key)
            .order_by(User.email)
        ).all()
        return [(user, role) for user, role in rows]


def create_token(uow: UnitOfWork, actor: Actor, email: str, name: str = "cli") -> str:
    """Return a new token once; only its digest is stored."""
    address = normalise_email(email)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with uow:
        user = uow.session.scalar(select(User).where(User.email == address))
        if user is None:
            raise NotFound(f"no user {address}", field="email")
        record = ApiToken(
            user_id=user.id,
            token_sha256=token_digest(token),
            name=name,
            created_at=datetime.now(UTC),
        )
        uow.session.add(record)
        uow.session.flush()
        uow.audit(
            chain=PLATFORM_CHAIN,
            actor=actor.label,
            action="token.created",
            object_type="api_token",
            object_id=f"token:{record.id}",
            after={"user": f"user:{user.id}", "name": name},
        )
        uow.commit()
    return token
