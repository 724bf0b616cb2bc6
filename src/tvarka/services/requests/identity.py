"""Who the person is and who acts for them: identity checks (facts only) and representatives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tvarka.adapters.crypto import DataKey
from tvarka.adapters.db.request_tables import DsrRequest, IdentityEvidence, Representative
from tvarka.adapters.db.tables import Organisation
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.legal_time.calendar import local_date
from tvarka.domain.profile import Profile
from tvarka.domain.requests.clock import invalid_notice_due
from tvarka.domain.requests.decisions import (
    representation_problem,
)
from tvarka.domain.requests.states import is_closed
from tvarka.domain.requests.terms import (
    LetterKind,
    RepresentationDocument,
    Status,
)
from tvarka.domain.roles import Permission
from tvarka.domain.settings import IdMethod, IfUnverified
from tvarka.domain.vocabulary import SubjectType
from tvarka.services.actor import Actor
from tvarka.services.errors import Conflict, Invalid
from tvarka.services.organisations import access as organisations
from tvarka.services.requests.common import (
    DIGITS,
    add_task,
    audit,
    choice,
    clean,
    move,
    org_profile,
    summary,
)
from tvarka.services.requests.deadlines import apply_clock, rebuild_clock
from tvarka.services.requests.store import evidence_context, load, representative_context, seal


@dataclass
class IdentityCheck:
    method: str
    confirmed: bool = True
    document_type: str | None = None
    last_digits: str | None = None


@dataclass
class RepresentativeInput:
    document: str
    name: str
    contact: str
    notarised: bool = False


def method_error(method: IdMethod, allowed: tuple[IdMethod, ...]) -> str:
    names = ", ".join(m.value for m in allowed)
    return f"{method.value} is not a method this request's rules accept; one of {names}"


def record_identity(
    uow: UnitOfWork,
    key: DataKey,
    org: Organisation,
    profile: Profile,
    actor: Actor,
    request: DsrRequest,
    method: IdMethod,
    check: IdentityCheck,
    now: dt.datetime,
) -> None:
    digits = (check.last_digits or "").strip() or None
    if digits is not None and not DIGITS.match(digits):
        raise Invalid("record at most the last 4 characters of the document number",
                      field="last_digits")
    document_type = clean(check.document_type, "document_type", 40)
    request.evidence.append(
        IdentityEvidence(
            method=method.value,
            confirmed=check.confirmed,
            checked_by=actor.label,
            checked_at=now,
            document_type=document_type,
            last_digits=(
                key.encrypt_text(digits, evidence_context(request.public_id, method.value))
                if digits else None
            ),
        )
    )
    before = summary(request)
    if check.confirmed:
        clock = rebuild_clock(request, profile)
        if clock.paused:
            apply_clock(request, clock.resume(max(now, clock.pauses[-1].paused_at)), profile)
        request.identity_confirmed_at = now
        move(request, Status.in_progress, now)
        audit(uow, org, actor, "request.identity_confirmed", request, before)
        return
    if IfUnverified(request.if_unverified) is IfUnverified.not_examined:
        move(request, Status.not_examined, now)
        due = invalid_notice_due(profile.clocks, SubjectType(request.subject_type), local_date(now))
        add_task(request, "letter", now, letter=LetterKind.invalid_request, due=due)
    audit(uow, org, actor, "request.identity_not_confirmed", request, before)


def record_representative(
    key: DataKey,
    request: DsrRequest,
    document: RepresentationDocument,
    rep: RepresentativeInput,
    actor: Actor,
    now: dt.datetime,
) -> None:
    request.representatives.append(
        Representative(
            document=document.value,
            notarised=rep.notarised or document is RepresentationDocument.notarised_power_of_attorney,
            personal=seal(key, representative_context(request.public_id),
                          {"name": rep.name.strip(), "contact": rep.contact.strip()}),
            recorded_by=actor.label,
            recorded_at=now,
        )
    )


def verify_identity(
    uow: UnitOfWork, key: DataKey, actor: Actor, org_key: str, public_id: str,
    check: IdentityCheck, now: dt.datetime | None = None,
) -> DsrRequest:
    """Record how identity was checked (facts only) and resume the clock when confirmed."""
    now = now or dt.datetime.now(dt.UTC)
    method = choice(IdMethod, check.method, "method")
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = load(uow, org, public_id)
        if request.status != Status.awaiting_identity.value:
            raise Conflict(f"the request is {request.status}, not awaiting identity",
                           field="status")
        allowed = tuple(IdMethod(m) for m in request.identity_methods)
        if method not in allowed:
            raise Invalid(method_error(method, allowed), field="method")
        record_identity(uow, key, org, org_profile(org), actor, request, method, check, now)
        uow.commit()
        return request


def add_representative(
    uow: UnitOfWork, key: DataKey, actor: Actor, org_key: str, public_id: str,
    rep: RepresentativeInput, now: dt.datetime | None = None,
) -> DsrRequest:
    """Record who acts for the person and the document that says so; answers go to them
    about the represented person only (002 R§8.5, 003 D-DSR 11.5)."""
    now = now or dt.datetime.now(dt.UTC)
    document = choice(RepresentationDocument, rep.document, "document")
    if not rep.name.strip() or not rep.contact.strip():
        raise Invalid("a representative gives a name and a contact for the reply", field="name")
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = load(uow, org, public_id)
        if is_closed(Status(request.status)):
            raise Conflict(f"the request is {request.status}", field="status")
        problem = representation_problem(org_profile(org).seed, SubjectType(request.subject_type),
                                         document)
        if problem:
            raise Invalid(problem, field="document")
        record_representative(key, request, document, rep, actor, now)
        request.updated_at = now
        audit(uow, org, actor, "request.representative_recorded", request)
        uow.commit()
        return request
