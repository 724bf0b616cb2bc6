"""Loading organisation profiles and reading them back, scoped to what the caller may see."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from tvarka.adapters.db.tables import Organisation
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.adapters.profile_files import ProfileFile
from tvarka.domain.audit_chain import canonical_json
from tvarka.domain.profile import Profile
from tvarka.domain.roles import Permission
from tvarka.services.actor import Actor
from tvarka.services.errors import Forbidden, NotFound


@dataclass(frozen=True)
class LoadResult:
    key: str
    outcome: str  # created | updated | unchanged
    source: str


def load_profiles(uow: UnitOfWork, files: list[ProfileFile], actor: Actor) -> list[LoadResult]:
    """Create or update organisations from validated profiles, all in one transaction."""
    results = []
    with uow:
        for item in files:
            data = item.profile.model_dump(mode="json")
            sha = hashlib.sha256(canonical_json(data).encode()).hexdigest()
            org = uow.session.scalar(
                select(Organisation).where(Organisation.key == item.profile.key)
            )
            if org is not None and org.profile_sha256 == sha:
                results.append(LoadResult(org.key, "unchanged", item.source))
                continue
            before = org.profile if org else None
            if org is None:
                org = Organisation(key=item.profile.key)
                uow.session.add(org)
            org.legal_name = item.profile.legal_name.value
            org.profile, org.profile_sha256 = data, sha
            org.source, org.loaded_at = item.source, datetime.now(UTC)
            outcome = "updated" if before else "created"
            uow.audit(
                chain=org.key,
                actor=actor.label,
                action=f"organisation.{outcome}",
                object_type="organisation",
                object_id=org.key,
                before=before,
                after=data,
            )
            results.append(LoadResult(org.key, outcome, item.source))
        uow.commit()
    return results


def list_visible(uow: UnitOfWork, actor: Actor) -> list[Organisation]:
    with uow:
        orgs = uow.session.scalars(select(Organisation).order_by(Organisation.key)).all()
        return [org for org in orgs if actor.visible(org.key)]


def get(
    uow: UnitOfWork, actor: Actor, key: str, permission: Permission = Permission.read
) -> Organisation:
    """The organisation, or NotFound when it does not exist or the caller may not see it."""
    with uow:
        org = uow.session.scalar(select(Organisation).where(Organisation.key == key))
    if org is None or not actor.visible(key):
        raise NotFound(f"no organisation {key!r}", field="key")
    if not actor.can(key, permission):
        raise Forbidden(f"your role in {key!r} does not allow {permission.value}")
    return org


def profile_of(org: Organisation) -> Profile:
    return Profile.model_validate(org.profile)
