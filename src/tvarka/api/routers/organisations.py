"""Organisations the caller may see, their profiles with citations, members and audit."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends

from tvarka.adapters.db.tables import Organisation
from tvarka.api.schemas import (
    ChainVerification,
    Member,
    NewMember,
    OrganisationDetail,
    OrganisationSummary,
)
from tvarka.domain.roles import Permission
from tvarka.http.deps import ActorDep, ReadableOrg, UowDep, organisation
from tvarka.services import audit
from tvarka.services.auth import users
from tvarka.services.organisations import access as organisations
from tvarka.services.organisations.profile_view import walk

router = APIRouter(prefix="/api/v1/organisations", tags=["organisations"])


@router.get("", response_model=list[OrganisationSummary])
def list_organisations(actor: ActorDep, uow: UowDep) -> list[OrganisationSummary]:
    return [
        OrganisationSummary(key=o.key, legal_name=o.legal_name, role=actor.roles.get(o.key))
        for o in organisations.list_visible(uow, actor)
    ]


@router.get("/{key}", response_model=OrganisationDetail)
def get_organisation(org: ReadableOrg) -> OrganisationDetail:
    _, gaps = walk(org.profile)
    return OrganisationDetail(
        key=org.key,
        legal_name=org.legal_name,
        profile=org.profile,
        supervisory_authority=organisations.authority_record(org),
        settings=[asdict(entry) for entry in organisations.settings_table(org)],
        gaps=[asdict(gap) for gap in gaps],
        source=org.source,
        loaded_at=org.loaded_at.isoformat(),
    )


@router.get("/{key}/members", response_model=list[Member])
def list_members(org: ReadableOrg, uow: UowDep) -> list[Member]:
    return [
        Member(id=user.id, email=user.email, role=role)
        for user, role in users.list_members(uow, org.key)
    ]


@router.post("/{key}/members", response_model=Member, status_code=201)
def add_member(
    body: NewMember,
    org: Annotated[Organisation, Depends(organisation(Permission.manage_users))],
    actor: ActorDep,
    uow: UowDep,
) -> Member:
    user = users.add_user(
        uow, actor, email=body.email, password=body.password, org_key=org.key, role=body.role
    )
    return Member(id=user.id, email=user.email, role=body.role)


@router.get("/{key}/audit/verify", response_model=ChainVerification)
def verify_audit(
    org: Annotated[Organisation, Depends(organisation(Permission.read_audit))], uow: UowDep
) -> ChainVerification:
    (result,) = audit.verify(uow, org.key)
    return ChainVerification(**asdict(result))
