"""Data-subject requests from intake to the answer: one function per step, each audited.

Every step runs in one transaction with its audit event. Steps that need a letter record a
``letter`` task (kind, languages, due date): the letters module renders and delivers it and
the task is closed with the letter's reference. Nothing about the requester goes into the
audit log or any log line: events name the request by its public id.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from tvarka.adapters.crypto import DataKey
from tvarka.adapters.db.request_tables import DsrRequest, DsrTask, IdentityEvidence, Representative
from tvarka.adapters.db.tables import Organisation
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.findings import Finding
from tvarka.domain.legal_time.calendar import VILNIUS, local_date
from tvarka.domain.legal_time.clock import (
    Clock,
    ClockError,
    Extension,
    ExtensionReason,
    Pause,
    PauseReason,
)
from tvarka.domain.profile import Profile
from tvarka.domain.requests.clock import due_dates, invalid_notice_due, request_clock
from tvarka.domain.requests.decisions import (
    Decision,
    DecisionRefused,
    check_decision,
    representation_problem,
)
from tvarka.domain.requests.rules import missing_items, repeat_finding, request_rules
from tvarka.domain.requests.states import TransitionRefused, check_transition, is_closed
from tvarka.domain.requests.terms import (
    NOTIFY_RECIPIENTS,
    LetterKind,
    Outcome,
    RepresentationDocument,
    Right,
    Status,
    ValidationItem,
)
from tvarka.domain.roles import Permission
from tvarka.domain.settings import IdMethod, IfUnverified, InvalidRequestHandling, Language
from tvarka.domain.vocabulary import ChannelKind, SubjectType
from tvarka.services import organisations
from tvarka.services.actor import Actor
from tvarka.services.errors import Conflict, Invalid
from tvarka.services.request_store import (
    aware,
    email_hash,
    evidence_context,
    load,
    phone_hash,
    representative_context,
    request_context,
    seal,
)
from tvarka.services.users import normalise_email

MAX_TEXT = 20_000
MIN_JUSTIFICATION = 10
DIGITS = re.compile(r"^[0-9A-Za-z]{1,4}$")
PHONE = re.compile(r"^\+?[0-9 ()\-]{5,25}$")


def choice(enum: type[Any], value: str | None, field_name: str) -> Any:
    """The enum member named ``value``, or an Invalid error listing the choices."""
    try:
        return enum(value)
    except ValueError:
        options = ", ".join(m.value for m in enum)
        raise Invalid(f"unknown {field_name.replace('_', ' ')} {value!r}; one of {options}",
                      field=field_name) from None


def parse_received(value: str | dt.datetime, now: dt.datetime) -> dt.datetime:
    """An ISO date or time; a date or a time without offset is read in Vilnius time."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = value.strip()
        try:
            if len(text) == 10:
                moment = dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
            else:
                moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise Invalid(f"not an ISO date or time: {value!r}", field="received_at") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VILNIUS)
    moment = moment.astimezone(dt.UTC)
    if moment > now + dt.timedelta(minutes=5):
        raise Invalid("the received time is in the future", field="received_at")
    return moment


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


def _clean(value: str | None, field_name: str, limit: int = 300) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value) > limit:
        raise Invalid(f"{field_name} is longer than {limit} characters", field=field_name)
    return value.strip()


def _parse(new: NewRequest, now: dt.datetime) -> _Parsed:
    right = choice(Right, new.right, "right")
    channel = choice(ChannelKind, new.channel, "channel")
    subject_type = choice(SubjectType, new.subject_type, "subject_type")
    language = choice(Language, new.language, "language") if new.language else None
    received = parse_received(new.received_at, now)
    email = normalise_email(new.email) if new.email and new.email.strip() else None
    phone = _clean(new.phone, "phone", 25)
    if phone and not PHONE.match(phone):
        raise Invalid(f"not a phone number: {phone!r}", field="phone")
    name = _clean(new.name, "name")
    address = _clean(new.address, "address", 500)
    text = _clean(new.text, "text", MAX_TEXT)
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
    personal = {"name": name, "email": email, "phone": phone, "address": address, "text": text}
    return _Parsed(right, channel, subject_type, received, language, email, phone, personal,
                   given)


def _finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "title": finding.title,
        "explanation": finding.explanation,
        "legal_reference": finding.legal_reference,
        "citation": finding.citation,
    }


def _add_task(
    request: DsrRequest,
    kind: str,
    now: dt.datetime,
    *,
    letter: LetterKind | None = None,
    due: dt.date | None = None,
    recipient: str | None = None,
) -> DsrTask:
    task = DsrTask(
        kind=kind,
        letter_kind=letter.value if letter else None,
        languages=list(request.languages) if letter else [],
        recipient=recipient,
        due=due,
        status="pending",
        created_at=now,
    )
    request.tasks.append(task)
    return task


def _summary(request: DsrRequest) -> dict[str, Any]:
    """What the audit log hashes for a request: its facts, never the person."""
    return {
        "request": request.public_id,
        "right": request.right,
        "channel": request.channel,
        "subject_type": request.subject_type,
        "status": request.status,
        "due": request.due.isoformat() if request.due else None,
        "outcome": request.outcome,
    }


def _audit(uow: UnitOfWork, org: Organisation, actor: Actor, action: str,
           request: DsrRequest, before: dict[str, Any] | None = None) -> None:
    uow.audit(
        chain=org.key,
        actor=actor.label,
        action=action,
        object_type="dsr_request",
        object_id=request.public_id,
        before=before,
        after=_summary(request),
    )


def _move(request: DsrRequest, target: Status, now: dt.datetime) -> None:
    try:
        check_transition(Status(request.status), target)
    except TransitionRefused as refused:
        raise Conflict(str(refused), field="status") from None
    request.status = target.value
    request.updated_at = now
    if is_closed(target):
        request.closed_at = now


def _profile(org: Organisation) -> Profile:
    return organisations.profile_of(org)


def _moment(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _clock(request: DsrRequest, profile: Profile) -> Clock:
    """The request's legal-time clock, rebuilt from what the row recorded."""
    pauses = [
        Pause(dt.datetime.fromisoformat(p["at"]), PauseReason(p["reason"]),
              _moment(p.get("resumed_at")))
        for p in request.pauses or []
    ]
    extension = (
        Extension(ExtensionReason(request.extension_reason),
                  request.extension_justification or "", aware(request.extended_at))
        if request.extension_reason and request.extended_at else None
    )
    return request_clock(
        profile.clocks, Right(request.right), SubjectType(request.subject_type),
        request.received_date, pauses=pauses, extension=extension,
        pauses_allowed=bool(request.rules.get("pause_for_identity")),
    )


def _apply(request: DsrRequest, clock: Clock, profile: Profile) -> None:
    """Store the clock's pauses and the due dates it gives."""
    dates = due_dates(clock, Right(request.right), profile.clocks)
    request.clock = dates.clock
    request.initial_due, request.extended_due, request.due = (
        dates.initial, dates.extended, dates.due
    )
    request.due_citations = list(dates.citations)
    request.paused_days = dates.paused_days
    request.pauses = [
        {"at": p.paused_at.isoformat(), "reason": p.reason.value,
         "resumed_at": p.resumed_at.isoformat() if p.resumed_at else None}
        for p in clock.pauses
    ]
    request.paused_since = clock.pauses[-1].paused_at if clock.paused else None


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
    profile = _profile(org)
    rules = request_rules(profile, parsed.channel, parsed.subject_type, parsed.right,
                          parsed.language)
    identity_method = None
    if new.identity is not None:
        identity_method = choice(IdMethod, new.identity.method, "identity.method")
        if rules.identity.required and identity_method not in rules.identity.methods:
            raise Invalid(_method_error(identity_method, rules.identity.methods),
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
            findings=[_finding_dict(f) for f in findings],
            restricted=False,
            created_by=actor.label,
            created_at=now,
            updated_at=now,
        )
        clock = _clock(request, profile)
        _apply(request, clock, profile)
        dates = due_dates(clock, parsed.right, profile.clocks)
        findings_due = [f for f in dates.findings if _finding_dict(f) not in request.findings]
        request.findings = request.findings + [_finding_dict(f) for f in findings_due]
        uow.session.add(request)
        if document is not None and new.representative is not None:
            _add_representative(key, request, document, new.representative, actor, now)
        _route(request, profile, rules.identity.required, rules.processor, rules.channel.examined,
               rules.invalid_handling, rules.pause_for_identity, missing, now)
        uow.session.flush()
        _audit(uow, org, actor, "request.received", request)
        if identity_method is not None and new.identity is not None and (
            request.status == Status.awaiting_identity.value
        ):
            # checked with the request itself: identity stood confirmed on receipt
            _record_identity(uow, key, org, profile, actor, request, identity_method,
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
        _add_task(request, "forward", now, due=request.received_date)
        return
    if not examined:
        _move(request, Status.refused, now)
        request.outcome, request.refusal_ground = Outcome.refused.value, "channel_not_examined"
        _add_task(request, "letter", now, letter=LetterKind.refusal, due=request.initial_due)
        return
    if missing and invalid is InvalidRequestHandling.not_examined_with_reasons:
        _move(request, Status.not_examined, now)
        due = invalid_notice_due(profile.clocks, subject_type, request.received_date)
        _add_task(request, "letter", now, letter=LetterKind.invalid_request, due=due)
        return
    if missing:
        _add_task(request, "letter", now, letter=LetterKind.clarification,
                  due=request.received_date)
    if identity_required:
        _move(request, Status.awaiting_identity, now)
        if pause:
            try:
                clock = _clock(request, profile).pause(request.received_at, PauseReason.identity)
            except ClockError:
                return  # received so long ago that its clock has run out: nothing to pause
            _apply(request, clock, profile)
        return
    _move(request, Status.in_progress, now)


def _method_error(method: IdMethod, allowed: tuple[IdMethod, ...]) -> str:
    names = ", ".join(m.value for m in allowed)
    return f"{method.value} is not a method this request's rules accept; one of {names}"


def _record_identity(
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
    document_type = _clean(check.document_type, "document_type", 40)
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
    before = _summary(request)
    if check.confirmed:
        clock = _clock(request, profile)
        if clock.paused:
            _apply(request, clock.resume(max(now, clock.pauses[-1].paused_at)), profile)
        request.identity_confirmed_at = now
        _move(request, Status.in_progress, now)
        _audit(uow, org, actor, "request.identity_confirmed", request, before)
        return
    if IfUnverified(request.if_unverified) is IfUnverified.not_examined:
        _move(request, Status.not_examined, now)
        due = invalid_notice_due(profile.clocks, SubjectType(request.subject_type), local_date(now))
        _add_task(request, "letter", now, letter=LetterKind.invalid_request, due=due)
    _audit(uow, org, actor, "request.identity_not_confirmed", request, before)


def _add_representative(
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
            raise Invalid(_method_error(method, allowed), field="method")
        _record_identity(uow, key, org, _profile(org), actor, request, method, check, now)
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
        problem = representation_problem(_profile(org).seed, SubjectType(request.subject_type),
                                         document)
        if problem:
            raise Invalid(problem, field="document")
        _add_representative(key, request, document, rep, actor, now)
        request.updated_at = now
        _audit(uow, org, actor, "request.representative_recorded", request)
        uow.commit()
        return request


def extend(
    uow: UnitOfWork, actor: Actor, org_key: str, public_id: str, reason: str,
    justification: str, now: dt.datetime | None = None,
) -> DsrRequest:
    """The one extension: for complexity or number of requests, told by the first due date."""
    now = now or dt.datetime.now(dt.UTC)
    why = choice(ExtensionReason, reason, "reason")
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = load(uow, org, public_id)
        if len(justification.strip()) < MIN_JUSTIFICATION:
            raise Invalid(f"say why {why.value} makes the extension necessary (at least "
                          f"{MIN_JUSTIFICATION} characters)", field="justification")
        profile = _profile(org)
        try:
            clock = _clock(request, profile).extend(why, justification, now)
        except ClockError as refused:
            raise Invalid(str(refused), field="reason") from None
        before = _summary(request)
        _move(request, Status.extended, now)
        request.extension_reason = why.value
        request.extension_justification = justification.strip()
        request.extended_at = now
        _apply(request, clock, profile)
        _add_task(request, "letter", now, letter=LetterKind.extension, due=request.initial_due)
        _audit(uow, org, actor, "request.extended", request, before)
        uow.commit()
        return request


def decide(
    uow: UnitOfWork, key: DataKey, actor: Actor, org_key: str, public_id: str,
    decision: Decision, now: dt.datetime | None = None,
) -> DsrRequest:
    """Record the decision; its letter (answer or refusal) becomes due, and for rectification,
    erasure and restriction each recipient to be told becomes a task (Art. 19)."""
    now = now or dt.datetime.now(dt.UTC)
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = load(uow, org, public_id)
        right = Right(request.right)
        if decision.by_director and not actor.can(org_key, Permission.manage_users):
            raise Invalid("only the organisation's owner (director) decides this",
                          field="by_director")
        try:
            check_decision(right, decision)
        except DecisionRefused as refused:
            raise Invalid(str(refused), field=refused.field) from None
        before = _summary(request)
        _move(request, Status.decided, now)
        request.outcome = decision.outcome.value
        request.refusal_ground = decision.ground.value if decision.ground else None
        request.decided_at, request.decided_by = now, actor.label
        request.decision = seal(key, request_context(request.public_id) + ":decision", {
            "reasons": decision.reasons,
            "objection_kind": decision.objection_kind.value if decision.objection_kind else None,
            "legal_bases": [b.value for b in decision.legal_bases],
            "automated": decision.automated,
            "access_content": dict(decision.access_content),
            "recipients": list(decision.recipients),
            "evidence": decision.evidence,
            "by_director": decision.by_director,
        })
        letter = LetterKind.refusal if decision.outcome is Outcome.refused else LetterKind.answer
        _add_task(request, "letter", now, letter=letter, due=request.due)
        if right in NOTIFY_RECIPIENTS and decision.outcome is not Outcome.refused:
            for recipient in dict.fromkeys(r.strip() for r in decision.recipients if r.strip()):
                _add_task(request, "recipient_notice", now, recipient=recipient)
            if right is Right.restriction:
                request.restricted = True
        _audit(uow, org, actor, "request.decided", request, before)
        uow.commit()
        return request


def close_task(
    uow: UnitOfWork, actor: Actor, org_key: str, public_id: str, task_id: int,
    reference: str | None = None, delay_reasons: str | None = None,
    now: dt.datetime | None = None,
) -> DsrRequest:
    """A letter sent or a recipient told. Sending the decision's letter closes the request;
    a late answer must say why it is late (003 D-DSR 12.2)."""
    now = now or dt.datetime.now(dt.UTC)
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = load(uow, org, public_id)
        task = next((t for t in request.tasks if t.id == task_id), None)
        if task is None:
            raise Invalid(f"the request has no task {task_id}", field="task_id")
        if task.status == "done":
            raise Conflict(f"task {task_id} is already done", field="task_id")
        before = _summary(request)
        closes = task.letter_kind in (LetterKind.answer.value, LetterKind.refusal.value) and (
            request.status == Status.decided.value
        )
        if closes:
            late = request.due is not None and local_date(now) > request.due
            if late and not (delay_reasons and delay_reasons.strip()):
                raise Invalid(
                    f"the answer is late (due {request.due.isoformat() if request.due else ''}): "
                    "give the reasons for the delay; the letter names the right to complain "
                    "to VDAI", field="delay_reasons")
            request.rules = {**request.rules, "late": late}
        task.status, task.done_at, task.done_by = "done", now, actor.label
        task.reference = _clean(reference, "reference", 200) or _clean(delay_reasons,
                                                                        "delay_reasons", 200)
        if closes:
            final = Status.refused if request.outcome == Outcome.refused.value else (
                Status.answered)
            _move(request, final, now)
        request.updated_at = now
        _audit(uow, org, actor, f"request.task_done.{task.letter_kind or task.kind}", request,
               before)
        uow.commit()
        return request


def announce_restriction_lifting(
    uow: UnitOfWork, actor: Actor, org_key: str, public_id: str, now: dt.datetime | None = None,
) -> DsrRequest:
    """The person is told before a restriction is lifted (Art. 18(3))."""
    now = now or dt.datetime.now(dt.UTC)
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = load(uow, org, public_id)
        if not request.restricted:
            raise Conflict("processing is not restricted under this request", field="status")
        _add_task(request, "letter", now, letter=LetterKind.restriction_lifting,
                  due=local_date(now))
        _audit(uow, org, actor, "request.restriction_lifting_announced", request)
        uow.commit()
        return request


def lift_restriction(
    uow: UnitOfWork, actor: Actor, org_key: str, public_id: str, now: dt.datetime | None = None,
) -> DsrRequest:
    now = now or dt.datetime.now(dt.UTC)
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = load(uow, org, public_id)
        if not request.restricted:
            raise Conflict("processing is not restricted under this request", field="status")
        told = any(t.letter_kind == LetterKind.restriction_lifting.value and t.status == "done"
                   for t in request.tasks)
        if not told:
            raise Conflict("tell the person first: the notice before lifting a restriction "
                           "has not been sent (GDPR Art. 18(3))", field="status")
        request.restricted = False
        request.updated_at = now
        _audit(uow, org, actor, "request.restriction_lifted", request)
        uow.commit()
        return request


def forward_to_controller(
    uow: UnitOfWork, actor: Actor, org_key: str, public_id: str, controller: str,
    now: dt.datetime | None = None,
) -> DsrRequest:
    """Processor mode: the request goes to the controller without undue delay (001 VIII.2)."""
    now = now or dt.datetime.now(dt.UTC)
    name = _clean(controller, "controller")
    if not name:
        raise Invalid("name the controller the request goes to", field="controller")
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = load(uow, org, public_id)
        if not request.rules.get("processor"):
            raise Conflict("this organisation answers its own requests (it is the controller)",
                           field="controller")
        before = _summary(request)
        _move(request, Status.forwarded, now)
        request.controller, request.forwarded_at = name, now
        for task in request.tasks:
            if task.kind == "forward" and task.status == "pending":
                task.status, task.done_at, task.done_by = "done", now, actor.label
                task.recipient = name
        # the request itself goes to the controller as a letter (kind processor_forward)
        _add_task(request, "letter", now, letter=LetterKind.forward_to_controller,
                  due=local_date(now), recipient=name)
        _audit(uow, org, actor, "request.forwarded", request, before)
        uow.commit()
        return request


def record_controller_receipt(
    uow: UnitOfWork, actor: Actor, org_key: str, public_id: str, received_at: str | dt.datetime,
    now: dt.datetime | None = None,
) -> DsrRequest:
    now = now or dt.datetime.now(dt.UTC)
    at = parse_received(received_at, now)
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = load(uow, org, public_id)
        if request.status != Status.forwarded.value or request.forwarded_at is None:
            raise Conflict("the request has not been forwarded", field="status")
        if at < aware(request.forwarded_at):
            raise Invalid("the controller cannot have received it before it was sent",
                          field="received_at")
        request.controller_receipt_at = at
        request.updated_at = now
        _audit(uow, org, actor, "request.controller_receipt", request)
        uow.commit()
        return request
