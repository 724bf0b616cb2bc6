"""A request received on any channel: checked, registered with its rules and due dates, and
routed to its first step."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from tvarka.adapters.crypto import DataKey
from tvarka.adapters.db.request_tables import DsrRequest
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.legal_time.calendar import local_date
from tvarka.domain.legal_time.clock import (
    ClockError,
    PauseReason,
)
from tvarka.domain.profile import Profile
from tvarka.domain.requests.clock import due_dates, invalid_notice_due
from tvarka.domain.requests.decisions import (
    representation_problem,
)
from tvarka.domain.requests.rules import missing_items, repeat_finding, request_rules
from tvarka.domain.requests.terms import (
    LetterKind,
    Outcome,
    RepresentationDocument,
    Right,
    Status,
    ValidationItem,
)
from tvarka.domain.roles import Permission
from tvarka.domain.settings import IdMethod, InvalidRequestHandling, Language
from tvarka.domain.vocabulary import ChannelKind, SubjectType
from tvarka.services.actor import Actor
from tvarka.services.auth.users import normalise_email
from tvarka.services.errors import Invalid
from tvarka.services.legal_time.deadlines import finding_json
from tvarka.services.organisations import access as organisations
from tvarka.services.requests.common import (
    MAX_TEXT,
    PHONE,
    add_task,
    audit,
    choice,
    clean,
    move,
    org_profile,
    parse_received,
)
from tvarka.services.requests.deadlines import apply_clock, rebuild_clock
from tvarka.services.requests.identity import (
    IdentityCheck,
    RepresentativeInput,
    method_error,
    record_identity,
    record_representative,
)
from tvarka.services.requests.store import email_hash, phone_hash, request_context, seal

IDENTIFIER_TYPE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass
class NewRequest:
    right: str
    channel: str
    received_at: str | dt.datetime
    subject_type: str = "customer"
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    text: str | None = None  # the request in the person's words: its scope
    language: str | None = None
    response_medium: str | None = None
    signed: bool | None = None
    legible: bool = True
    identity: IdentityCheck | None = None
    representative: RepresentativeInput | None = None
    # how the person is known in the organisation's systems besides e-mail and phone, by
    # identity type of its datasets: {"personal_code": "...", "customer_id": "..."}
    identifiers: dict[str, str] | None = None


@dataclass
class _Parsed:
    right: Right
    channel: ChannelKind
    subject_type: SubjectType
    received_at: dt.datetime
    language: Language | None
    email: str | None
    phone: str | None
    personal: dict[str, Any] = field(default_factory=dict)
    given: list[ValidationItem] = field(default_factory=list)


def _identifiers(given: dict[str, str] | None) -> dict[str, str]:
    found = {}
    for kind, value in (given or {}).items():
        if not IDENTIFIER_TYPE.match(kind):
            raise Invalid(f"an identifier type is 1-40 lower-case letters, digits or '_': "
                          f"{kind!r}", field="identifiers")
        if (cleaned := clean(value, f"identifiers.{kind}", 200)) is not None:
            found[kind] = cleaned
    return found


def _parse(new: NewRequest, now: dt.datetime) -> _Parsed:
    right = choice(Right, new.right, "right")
    channel = choice(ChannelKind, new.channel, "channel")
    subject_type = choice(SubjectType, new.subject_type, "subject_type")
    language = choice(Language, new.language, "language") if new.language else None
    received = parse_received(new.received_at, now)
    email = normalise_email(new.email) if new.email and new.email.strip() else None
    phone = clean(new.phone, "phone", 25)
    if phone and not PHONE.match(phone):
        raise Invalid(f"not a phone number: {phone!r}", field="phone")
    name = clean(new.name, "name")
    address = clean(new.address, "address", 500)
    text = clean(new.text, "text", MAX_TEXT)
    given = [ValidationItem.right]
    if new.legible:
        given.append(ValidationItem.legible)
    if new.signed:
        given.append(ValidationItem.signed)
    if name:
        given.append(ValidationItem.name)
    if email or phone or address:
        given.append(ValidationItem.contact)
    if text:
        given.append(ValidationItem.scope)
    personal = {"name": name, "email": email, "phone": phone, "address": address, "text": text,
                "identifiers": _identifiers(new.identifiers)}
    return _Parsed(right, channel, subject_type, received, language, email, phone, personal,
                   given)


def new_public_id() -> str:
    return "r-" + secrets.token_hex(8)


def submit(
    uow: UnitOfWork,
    key: DataKey,
    actor: Actor,
    org_key: str,
    new: NewRequest,
    now: dt.datetime | None = None,
    *,
    email_confirmed: bool = False,
) -> DsrRequest:
    """Register a request received on any channel; refuse bad input before writing anything."""
    now = now or dt.datetime.now(dt.UTC)
    parsed = _parse(new, now)
    org = organisations.get(uow, actor, org_key, Permission.handle)
    profile = org_profile(org)
    rules = request_rules(profile, parsed.channel, parsed.subject_type, parsed.right,
                          parsed.language)
    identity_method = None
    if new.identity is not None:
        identity_method = choice(IdMethod, new.identity.method, "identity.method")
        if rules.identity.required and identity_method not in rules.identity.methods:
            raise Invalid(method_error(identity_method, rules.identity.methods),
                          field="identity.method")
    document = None
    if new.representative is not None:
        document = choice(RepresentationDocument, new.representative.document,
                          "representative.document")
        if not new.representative.name.strip() or not new.representative.contact.strip():
            raise Invalid("a representative gives a name and a contact for the reply",
                          field="representative.name")
    if document is not None and (
        problem := representation_problem(profile.seed, parsed.subject_type, document)
    ):
        raise Invalid(problem, field="representative.document")
    medium = new.response_medium
    received_date = local_date(parsed.received_at)
    public_id = new_public_id()
    missing = missing_items(parsed.channel, parsed.given)
    findings = list(rules.findings)
    with uow:
        earlier = 0
        e_hash = email_hash(key, parsed.email)
        if e_hash:
            year_start = dt.date(received_date.year, 1, 1)
            earlier = uow.session.scalar(
                select(func.count()).select_from(DsrRequest).where(
                    DsrRequest.organisation_id == org.id,
                    DsrRequest.email_hash == e_hash,
                    DsrRequest.received_date >= year_start,
                    DsrRequest.received_date <= received_date,
                )
            ) or 0
        if (repeat := repeat_finding(rules.fee, earlier)) is not None:
            findings.append(repeat)
        request = DsrRequest(
            public_id=public_id,
            organisation_id=org.id,
            right=parsed.right.value,
            channel=parsed.channel.value,
            subject_type=parsed.subject_type.value,
            status=Status.received.value,
            received_at=parsed.received_at,
            received_date=received_date,
            clock="",
            paused_days=0,
            pauses=[],
            languages=[lang.value for lang in rules.languages],
            response_medium=medium,
            email_hash=e_hash,
            phone_hash=phone_hash(key, parsed.phone),
            personal=seal(key, request_context(public_id), parsed.personal),
            identity_required=rules.identity.required,
            identity_methods=[m.value for m in rules.identity.methods],
            identity_citation=rules.identity.citation,
            if_unverified=rules.identity.if_unverified.value,
            validation={
                "given": [i.value for i in parsed.given],
                "missing": [i.value for i in missing],
                "email_confirmed": email_confirmed,
            },
            rules={
                "channel_examined": rules.channel.examined,
                "channel_named": rules.channel.named,
                "channel_citation": rules.channel.citation,
                "channel_refusal": rules.channel.reason,
                "invalid_handling": rules.invalid_handling.value,
                "invalid_citation": rules.invalid_citation,
                "language_citation": rules.language_citation,
                "pause_for_identity": rules.pause_for_identity,
                "fee": rules.fee.charging.value if rules.fee else None,
                "fee_charged": 0,
                "fee_citation": rules.fee_citation,
                "response_rule": rules.response.rule.value if rules.response else None,
                "response_citation": rules.response_citation,
                "processor": rules.processor,
            },
            findings=[finding_json(f) for f in findings],
            restricted=False,
            created_by=actor.label,
            created_at=now,
            updated_at=now,
        )
        clock = rebuild_clock(request, profile)
        apply_clock(request, clock, profile)
        dates = due_dates(clock, parsed.right, profile.clocks)
        findings_due = [f for f in dates.findings if finding_json(f) not in request.findings]
        request.findings = request.findings + [finding_json(f) for f in findings_due]
        uow.session.add(request)
        if document is not None and new.representative is not None:
            record_representative(key, request, document, new.representative, actor, now)
        _route(request, profile, rules.identity.required, rules.processor, rules.channel.examined,
               rules.invalid_handling, rules.pause_for_identity, missing, now)
        uow.session.flush()
        audit(uow, org, actor, "request.received", request)
        if identity_method is not None and new.identity is not None and (
            request.status == Status.awaiting_identity.value
        ):
            # checked with the request itself: identity stood confirmed on receipt
            record_identity(uow, key, org, profile, actor, request, identity_method,
                             new.identity, parsed.received_at)
        uow.commit()
        return request


def _route(
    request: DsrRequest,
    profile: Profile,
    identity_required: bool,
    processor: bool,
    examined: bool,
    invalid: InvalidRequestHandling,
    pause: bool,
    missing: list[ValidationItem],
    now: dt.datetime,
) -> None:
    """Where a new request goes first, and which letters it leaves due."""
    subject_type = SubjectType(request.subject_type)
    if processor:
        add_task(request, "forward", now, due=request.received_date)
        return
    if not examined:
        move(request, Status.refused, now)
        request.outcome, request.refusal_ground = Outcome.refused.value, "channel_not_examined"
        add_task(request, "letter", now, letter=LetterKind.refusal, due=request.initial_due)
        return
    if missing and invalid is InvalidRequestHandling.not_examined_with_reasons:
        move(request, Status.not_examined, now)
        due = invalid_notice_due(profile.clocks, subject_type, request.received_date)
        add_task(request, "letter", now, letter=LetterKind.invalid_request, due=due)
        return
    if missing:
        add_task(request, "letter", now, letter=LetterKind.clarification,
                  due=request.received_date)
    if identity_required:
        move(request, Status.awaiting_identity, now)
        if pause:
            try:
                clock = rebuild_clock(request, profile).pause(request.received_at, PauseReason.identity)
            except ClockError:
                return  # received so long ago that its clock has run out: nothing to pause
            apply_clock(request, clock, profile)
        return
    move(request, Status.in_progress, now)
