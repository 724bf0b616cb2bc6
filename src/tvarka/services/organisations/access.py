"""Loading organisation profiles and reading them back, scoped to what the caller may see."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import bindparam, select

from tvarka.adapters.db.tables import Organisation
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.adapters.profile_files import ProfileFile
from tvarka.domain.audit_chain import canonical_json
from tvarka.domain.authority import authority
from tvarka.domain.legal_time.lengths import Length
from tvarka.domain.profile import Profile
from tvarka.domain.roles import Permission
from tvarka.domain.setting_defaults import DEFAULTS, effective
from tvarka.domain.settings import Settings
from tvarka.services.actor import Actor
from tvarka.services.errors import Forbidden, NotFound


@dataclass(frozen=True)
class LoadResult:
    key: str
    outcome: str  # created | updated | unchanged
    source: str


def load_profiles(uow: UnitOfWork, files: list[ProfileFile], actor: Actor) -> list[LoadResult]:
    """Create or update organisations from validated profiles, all in one transaction.

    A seed organisation also gets its bundled register of processing the first time.
    """
    from tvarka.services.register import activities as register
    results = []
    with uow:
        for item in files:
            data = item.profile.model_dump(mode="json")
            sha = hashlib.sha256(canonical_json(data).encode()).hexdigest()
            org = uow.session.scalar(
                select(Organisation).where(Organisation.key == item.profile.key)
            )
            if org is not None and org.profile_sha256 == sha:
                register.seed_bundled(uow, org, actor)
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
            register.seed_bundled(uow, org, actor)
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
    _allow(actor, key, permission, org is not None)
    assert org is not None
    return org


_ID_OF = select(Organisation.id).where(Organisation.key == bindparam("org_key"))


def id_of(
    uow: UnitOfWork, actor: Actor, key: str, permission: Permission = Permission.read
) -> int:
    """The organisation's id, checked like ``get``, without loading its profile."""
    with uow:
        org_id = uow.session.connection().scalar(_ID_OF, {"org_key": key})
    _allow(actor, key, permission, org_id is not None)
    assert org_id is not None
    return org_id


def _allow(actor: Actor, key: str, permission: Permission, exists: bool) -> None:
    if not exists or not actor.visible(key):
        raise NotFound(f"no organisation {key!r}", field="key")
    if not actor.can(key, permission):
        raise Forbidden(f"your role in {key!r} does not allow {permission.value}")


def profile_of(org: Organisation) -> Profile:
    return Profile.model_validate(org.profile)


def authority_record(org: Organisation) -> dict[str, Any]:
    """The full record of the authority the profile names (VDAI), for notices and pages."""
    record: dict[str, Any] = asdict(authority(profile_of(org).supervisory_authority.key))
    return record


@dataclass(frozen=True)
class SettingRow:
    """One setting as a reader needs it: what applies, who said so, and the default."""

    name: str
    value: Any
    source: str  # organisation | default
    reference: str  # the organisation's citation, or the default's legal reference
    product_choice: bool
    note: str | None
    gap: str | None  # silent | damaged: the default fills a gap in the documents
    gap_note: str | None
    default: Any
    default_reference: str


def _json(value: Any) -> Any:
    """JSON form of a setting; a length reads as the profile writes it ("3 months")."""
    if isinstance(value, Length):
        return str(value)
    return to_jsonable_python(value, fallback=str)


def settings_table(org: Organisation) -> list[SettingRow]:
    settings = profile_of(org).settings
    rows = []
    for name in Settings.model_fields:
        applied, default = effective(settings, name), DEFAULTS[name]
        rows.append(
            SettingRow(
                name=name,
                value=_json(applied.value),
                source=applied.source.value,
                reference=applied.reference,
                product_choice=applied.product_choice,
                note=applied.note,
                gap=applied.gap.gap.value if applied.gap else None,
                gap_note=applied.gap.note if applied.gap else None,
                default=_json(default.value),
                default_reference=default.legal_reference,
            )
        )
    return rows
