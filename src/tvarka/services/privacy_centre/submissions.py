"""The privacy centre: a person submits a request on the web and confirms the e-mail address
with a one-time code sent to it; only then does the request exist.

The centre never looks the person up, so no page or answer can tell whether the organisation
knows them; every submission gets the same answer. Submissions are limited per IP address
and per e-mail address (both kept only as keyed hashes), codes expire and allow few tries.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select

from tvarka.adapters.crypto import DataKey
from tvarka.adapters.db.request_tables import DsrRequest, PrivacyAccessCode, PrivacySubmission
from tvarka.adapters.db.tables import Organisation
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.legal_time.calendar import local_date
from tvarka.domain.requests.terms import Right
from tvarka.domain.settings import Language
from tvarka.domain.vocabulary import ChannelKind, SubjectType
from tvarka.services import requests
from tvarka.services.actor import Actor
from tvarka.services.auth.users import normalise_email
from tvarka.services.errors import Invalid, NotFound, ServiceError
from tvarka.services.requests import NewRequest, choice
from tvarka.services.requests.store import aware, email_hash, load, seal, unseal
from tvarka.services.requests.view import summary

PRIVACY_CENTRE = Actor(label="privacy-centre", is_platform_admin=True)
CODE_TTL = dt.timedelta(minutes=30)
WINDOW = dt.timedelta(hours=1)
PER_IP, PER_ADDRESS, TRIES = 5, 3, 5
MEDIA = ("email", "portal", "registered_mail")


class RateLimited(ServiceError):
    status = 429


@dataclass(frozen=True)
class CodeMessage:
    """What the code e-mail needs; the letters module renders and sends it."""

    to: str
    code: str
    language: str
    organisation: str  # its legal name, for the message
    org_key: str


# Delivers the code; returns how it went ("queued" through the outbox, or "pending" where no
# outbox is wired). The app replaces it with the outbox sender.
CodeSender = Callable[[UnitOfWork, CodeMessage], str]


def pending_delivery(_uow: UnitOfWork, _message: CodeMessage) -> str:
    return "pending"


@dataclass
class WebForm:
    right: str
    name: str
    email: str
    text: str
    subject_type: str = "customer"
    phone: str | None = None
    address: str | None = None
    response_medium: str = "email"
    language: str = "lt"


def _context(public_id: str) -> str:
    return f"privacy_submissions:{public_id}"


def _code_hash(key: DataKey, public_id: str, code: str) -> str:
    return key.lookup_hash("privacy-code", f"{public_id}:{code.strip()}")


def _organisation(uow: UnitOfWork, org_key: str) -> Organisation:
    org = uow.session.scalar(select(Organisation).where(Organisation.key == org_key))
    if org is None:
        raise NotFound(f"no organisation {org_key!r}", field="key")
    return org


def _validate(form: WebForm) -> dict[str, str | None]:
    right = choice(Right, form.right, "right")
    subject_type = choice(SubjectType, form.subject_type, "subject_type")
    language = choice(Language, form.language, "language")
    if form.response_medium not in MEDIA:
        raise Invalid(f"unknown answer channel {form.response_medium!r}; one of "
                      + ", ".join(MEDIA), field="response_medium")
    name = form.name.strip()
    if not name or len(name) > 300:
        raise Invalid("give your name (at most 300 characters)", field="name")
    if not form.text.strip() or len(form.text) > 20_000:
        raise Invalid("say what you ask for (at most 20000 characters)", field="text")
    address = (form.address or "").strip() or None
    phone = (form.phone or "").strip() or None
    if phone and not requests.PHONE.match(phone):
        raise Invalid("not a phone number", field="phone")
    try:
        email = normalise_email(form.email)
    except Invalid:  # the page names the field and says it in the person's language
        raise Invalid("not an e-mail address", field="email") from None
    if form.response_medium == "registered_mail" and not address:
        raise Invalid("a registered letter needs a postal address", field="address")
    return {
        "right": right.value, "subject_type": subject_type.value, "language": language.value,
        "name": name, "email": email, "phone": phone, "address": address, "text": form.text.strip(),
        "response_medium": form.response_medium,
    }


def submit(uow: UnitOfWork, key: DataKey, org_key: str, form: WebForm, ip: str,
           send: CodeSender = pending_delivery, now: dt.datetime | None = None) -> str:
    """Keep the submission sealed and send a code to the address; returns the submission id."""
    now = now or dt.datetime.now(dt.UTC)
    fields = _validate(form)
    address_hash = email_hash(key, fields["email"]) or ""
    ip_hash = key.lookup_hash("ip", ip)
    with uow:
        org = _organisation(uow, org_key)
        _limit(uow, PrivacySubmission, ip_hash, address_hash, now)
        public_id = "s-" + secrets.token_hex(8)
        code = f"{secrets.randbelow(10**6):06d}"
        submission = PrivacySubmission(
            public_id=public_id, organisation_id=org.id, email_hash=address_hash,
            ip_hash=ip_hash, code_hash=_code_hash(key, public_id, code),
            personal=seal(key, _context(public_id), fields), created_at=now,
            expires_at=now + CODE_TTL, attempts=0, code_delivery="pending",
        )
        uow.session.add(submission)
        submission.code_delivery = send(uow, CodeMessage(
            str(fields["email"]), code, str(fields["language"]), org.legal_name, org.key))
        uow.commit()
        return public_id


WRONG = "the code is wrong or has expired; submit the form again for a new one"


def confirm(uow: UnitOfWork, key: DataKey, org_key: str, submission_id: str, code: str,
            now: dt.datetime | None = None) -> str:
    """Check the code; the request is registered as received when the form was sent.

    The confirmed code, the request and its audit event are one transaction: a crash midway
    leaves the submission unconfirmed and no request, so the code can be tried again."""
    now = now or dt.datetime.now(dt.UTC)
    with uow:
        org = _organisation(uow, org_key)
        submission = uow.session.scalar(select(PrivacySubmission).where(
            PrivacySubmission.public_id == submission_id,
            PrivacySubmission.organisation_id == org.id).with_for_update())
        if submission is None or submission.confirmed_at is not None:
            raise Invalid(WRONG, field="code")
        submission.attempts += 1
        expected = _code_hash(key, submission.public_id, code)
        fresh = aware(submission.expires_at) > now and submission.attempts <= TRIES
        if not (fresh and hmac.compare_digest(expected, submission.code_hash)):
            uow.commit()  # the attempt counts
            raise Invalid(WRONG, field="code")
        fields = unseal(key, _context(submission.public_id), submission.personal)
        with uow.atomic():
            request = requests.submit(
                uow, key, PRIVACY_CENTRE, org_key,
                NewRequest(right=fields["right"], channel=ChannelKind.web_form.value,
                           received_at=aware(submission.created_at),
                           subject_type=fields["subject_type"], name=fields["name"],
                           email=fields["email"], phone=fields["phone"],
                           address=fields["address"], text=fields["text"],
                           language=fields["language"],
                           response_medium=fields["response_medium"]),
                now, email_confirmed=True)
            submission.confirmed_at, submission.request_public_id = now, request.public_id
            # the request holds the data now; the submission keeps only the hashes
            submission.personal = seal(key, _context(submission_id), {})
        return request.public_id


def _limit(uow: UnitOfWork, model: type[PrivacySubmission | PrivacyAccessCode],
           ip_hash: str, address_hash: str, now: dt.datetime) -> None:
    recent = select(func.count()).select_from(model).where(model.created_at >= now - WINDOW)
    from_ip = uow.session.scalar(recent.where(model.ip_hash == ip_hash)) or 0
    to_address = uow.session.scalar(recent.where(model.email_hash == address_hash)) or 0
    if from_ip >= PER_IP or to_address >= PER_ADDRESS:
        raise RateLimited("too many requests; please try again in an hour")


def follow_start(uow: UnitOfWork, key: DataKey, org_key: str, reference: str, email: str,
                 ip: str, send: CodeSender = pending_delivery, language: str = "lt",
                 now: dt.datetime | None = None) -> str:
    """Send a code to the request's own address when reference and address match; answer the
    same way when they do not."""
    now = now or dt.datetime.now(dt.UTC)
    address = normalise_email(email)
    address_hash = email_hash(key, address) or ""
    ip_hash = key.lookup_hash("ip", ip)
    with uow:
        org = _organisation(uow, org_key)
        _limit(uow, PrivacyAccessCode, ip_hash, address_hash, now)
        match = uow.session.scalar(select(DsrRequest.public_id).where(
            DsrRequest.organisation_id == org.id, DsrRequest.public_id == reference.strip(),
            DsrRequest.email_hash == address_hash))
        public_id = "a-" + secrets.token_hex(8)
        code = f"{secrets.randbelow(10**6):06d}"
        uow.session.add(PrivacyAccessCode(
            public_id=public_id, organisation_id=org.id, request_public_id=match,
            email_hash=address_hash, ip_hash=ip_hash, code_hash=_code_hash(key, public_id, code),
            created_at=now, expires_at=now + CODE_TTL, attempts=0))
        if match is not None:
            send(uow, CodeMessage(address, code, language, org.legal_name, org.key))
        uow.commit()
        return public_id


def follow_confirm(uow: UnitOfWork, key: DataKey, org_key: str, access_id: str, code: str,
                   now: dt.datetime | None = None) -> str:
    """The request the code opens; a wrong, used, expired or unmatched code looks the same."""
    now = now or dt.datetime.now(dt.UTC)
    with uow:
        org = _organisation(uow, org_key)
        access = uow.session.scalar(select(PrivacyAccessCode).where(
            PrivacyAccessCode.public_id == access_id,
            PrivacyAccessCode.organisation_id == org.id))
        if access is None or access.used_at is not None:
            raise Invalid(WRONG, field="code")
        access.attempts += 1
        fresh = aware(access.expires_at) > now and access.attempts <= TRIES
        right_code = hmac.compare_digest(_code_hash(key, access.public_id, code),
                                         access.code_hash)
        if not (fresh and right_code and access.request_public_id):
            uow.commit()
            raise Invalid(WRONG, field="code")
        access.used_at = now
        uow.commit()
        return access.request_public_id


def status_for_person(uow: UnitOfWork, org_key: str, public_id: str,
                      now: dt.datetime | None = None) -> dict[str, str | None]:
    """What the person sees of their own request: no staff notes, no findings."""
    today = local_date(now or dt.datetime.now(dt.UTC))
    with uow:
        org = _organisation(uow, org_key)
        request = load(uow, org, public_id)
        facts = summary(request, today)
    return {k: facts[k] for k in ("id", "right", "status", "received_at", "due")}
