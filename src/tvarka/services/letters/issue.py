"""Issuing letters and delivering them by the channel the person chose.

The request workflow calls ``issue_letter``: it checks the letter's content rules
(``tvarka.domain.letters``), renders the PDF, stores it encrypted, and starts delivery:

- ``email``: the letter goes into the outbox (text, HTML and the PDF attached);
- ``registered_mail``: the PDF, with "Registruotas laiškas" in the envelope window, waits as
  "to post"; staff record the posting and the registered-mail number (``record_posting``);
- ``portal``: the PDF waits in the privacy centre; ``portal_download`` hands it to the person
  once the privacy centre has authenticated them, and the first download is the delivery.

Letters refer to their request by ``request_ref``, a plain string, so they do not depend on
how the request workflow stores requests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import select

from tvarka.adapters.db.tables import LetterRow, Organisation
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.adapters.letters import render
from tvarka.adapters.mail import compose
from tvarka.domain.authority import authority
from tvarka.domain.cited import Cited
from tvarka.domain.letters import (
    Letter,
    LetterContext,
    LetterKind,
    LetterRuleError,
    Sender,
    court_remedy,
)
from tvarka.domain.roles import Permission
from tvarka.domain.setting_defaults import effective
from tvarka.domain.settings import Language
from tvarka.runtime import Runtime
from tvarka.services.actor import Actor
from tvarka.services.errors import Conflict, Forbidden, Invalid, NotFound
from tvarka.services.mail import outbox
from tvarka.services.organisations import access as organisations


class Channel(StrEnum):
    email = "email"
    registered_mail = "registered_mail"
    portal = "portal"


class LetterStatus(StrEnum):
    queued = "queued"  # e-mail in the outbox
    sent = "sent"  # e-mail accepted by the SMTP server
    failed = "failed"  # e-mail the outbox gave up on: send it another way
    to_post = "to_post"  # registered letter printed, waiting for the post office
    posted = "posted"  # registered letter handed to the post, with its number
    available = "available"  # waiting in the privacy centre
    downloaded = "downloaded"  # the person downloaded it


FIRST_STATUS = {
    Channel.email: LetterStatus.queued,
    Channel.registered_mail: LetterStatus.to_post,
    Channel.portal: LetterStatus.available,
}


@dataclass(frozen=True)
class LetterRecord:
    id: int
    org_key: str
    request_ref: str
    kind: str
    language: str
    channel: str
    status: str
    letter_date: dt.date
    created_at: datetime
    delivered_at: datetime | None
    posted_on: dt.date | None
    registered_number: str | None
    pdf_sha256: str


def _record(row: LetterRow, org_key: str) -> LetterRecord:
    return LetterRecord(
        id=row.id, org_key=org_key, request_ref=row.request_ref, kind=row.kind,
        language=row.language, channel=row.channel, status=row.status,
        letter_date=row.letter_date, created_at=row.created_at,
        delivered_at=row.delivered_at, posted_on=row.posted_on,
        registered_number=row.registered_number, pdf_sha256=row.pdf_sha256,
    )


def _pdf_context(letter_id: int) -> str:
    return f"letters:{letter_id}:pdf"


def _value(item: object) -> str | None:
    return item.value if isinstance(item, Cited) else None


def sender_of(org: Organisation) -> Sender:
    """The letterhead from the organisation's profile; a Gap in the profile is left out."""
    profile = organisations.profile_of(org)
    first = {
        "phone": next((v for v in map(_value, profile.phones) if v), None),
        "email": next((v for v in map(_value, profile.emails) if v), None),
        "website": next((v for v in map(_value, profile.websites) if v), None),
    }
    return Sender(
        legal_name=profile.legal_name.value,
        company_code=_value(profile.company_code),
        address=_value(profile.address),
        **first,
    )


def languages_of(org: Organisation) -> list[Language]:
    """The languages the organisation answers in; Delano and Kitoks: Lithuanian only."""
    languages: list[Language] = effective(
        organisations.profile_of(org).settings, "dsr_language"
    ).value
    return languages


def from_profile(org: Organisation, context: LetterContext) -> LetterContext:
    """The letterhead is always the issuing organisation's, from its profile; the authority
    (and its court remedy) is the one the profile names, unless the caller gave one."""
    context = dataclasses.replace(context, organisation=sender_of(org))
    if context.authority is not None:
        return context
    record = authority(organisations.profile_of(org).supervisory_authority.key)
    return dataclasses.replace(context, authority=record, court=context.court
                               or court_remedy(record))


def issue_letter(
    uow: UnitOfWork,
    runtime: Runtime,
    actor: Actor,
    org_key: str,
    kind: LetterKind,
    language: Language,
    context: LetterContext,
    channel: Channel,
) -> LetterRecord:
    """Check, render, store and start delivering one letter; all of it or nothing."""
    org = organisations.get(uow, actor, org_key, Permission.handle)
    if language not in languages_of(org):
        allowed = ", ".join(language.value for language in languages_of(org))
        raise Invalid(f"{org_key} answers in {allowed} only", field="language")
    _check_channel(channel, context)
    try:
        letter = Letter(kind, language, from_profile(org, context))
    except LetterRuleError as error:
        raise Invalid(error.message, field=f"context.{error.field}") from None
    registered = channel is Channel.registered_mail
    pdf = render.render_pdf(letter, registered=registered)
    email = render.render_email(letter) if channel is Channel.email else None
    now = datetime.now(UTC)
    key = runtime.data_key
    with uow:
        row = LetterRow(
            organisation_id=org.id, request_ref=context.request.reference, kind=kind.value,
            language=language.value, channel=channel.value,
            status=FIRST_STATUS[channel].value, letter_date=context.sent_on, created_at=now,
            created_by=actor.label, pdf_sha256=hashlib.sha256(pdf).hexdigest(), pdf_enc=b"",
        )
        uow.session.add(row)
        uow.session.flush()
        row.pdf_enc = key.encrypt(pdf, _pdf_context(row.id))
        uow.audit(chain=org.key, actor=actor.label, action="letter.issued",
                  object_type="letter", object_id=f"letter:{row.id}",
                  after={"kind": row.kind, "language": row.language, "channel": row.channel,
                         "request_ref": row.request_ref, "status": row.status,
                         "pdf_sha256": row.pdf_sha256})
        if email is not None:
            address = context.recipient.email or ""
            sender = runtime.config.mail_from
            message = compose.letter_email(
                sender_address=sender, sender_name=letter.context.organisation.legal_name,
                reply_to=letter.context.organisation.email, recipient=address,
                subject=email.subject, text=email.text, html=email.html, pdf=pdf,
                pdf_name=compose.safe_filename(f"{row.request_ref}-{kind.value}") + ".pdf",
                message_id=compose.new_message_id(compose.domain_of(sender)), at=now,
            )
            outbox.enqueue(uow, key, org=org, actor=actor, recipient=address,
                           message=message, letter_id=row.id, now=now)
        uow.commit()
        return _record(row, org.key)


def _check_channel(channel: Channel, context: LetterContext) -> None:
    if channel is Channel.email and not context.recipient.email:
        raise Invalid("an e-mail letter needs the recipient's e-mail address",
                      field="context.recipient.email")
    if channel is Channel.registered_mail and not context.recipient.address_lines:
        raise Invalid("a registered letter needs the recipient's postal address",
                      field="context.recipient.address_lines")


def _letter(uow: UnitOfWork, actor: Actor, letter_id: int, org_key: str | None,
            permission: Permission) -> tuple[LetterRow, Organisation]:
    """The letter, or NotFound when it is another organisation's or the caller may not see it."""
    row = uow.session.get(LetterRow, letter_id)
    org = uow.session.get(Organisation, row.organisation_id) if row else None
    if row is None or org is None or (org_key is not None and org.key != org_key):
        raise NotFound(f"no letter {letter_id}", field="letter_id")
    if not actor.visible(org.key):
        raise NotFound(f"no letter {letter_id}", field="letter_id")
    if not actor.can(org.key, permission):
        raise Forbidden(f"your role in {org.key!r} does not allow {permission.value}")
    return row, org


def letter_pdf(
    uow: UnitOfWork, runtime: Runtime, actor: Actor, letter_id: int, org_key: str | None = None
) -> bytes:
    """The PDF as it was issued, for staff who may read the organisation's records."""
    with uow:
        row, _ = _letter(uow, actor, letter_id, org_key, Permission.read)
        return runtime.data_key.decrypt(row.pdf_enc, _pdf_context(row.id))


def get_letter(uow: UnitOfWork, actor: Actor, letter_id: int,
               org_key: str | None = None) -> LetterRecord:
    with uow:
        row, org = _letter(uow, actor, letter_id, org_key, Permission.read)
        return _record(row, org.key)


def list_letters(uow: UnitOfWork, actor: Actor, org_key: str,
                 request_ref: str | None = None) -> list[LetterRecord]:
    org = organisations.get(uow, actor, org_key, Permission.read)
    with uow:
        query = select(LetterRow).where(LetterRow.organisation_id == org.id)
        if request_ref is not None:
            query = query.where(LetterRow.request_ref == request_ref)
        rows = uow.session.scalars(query.order_by(LetterRow.id)).all()
        return [_record(row, org.key) for row in rows]


def record_posting(
    uow: UnitOfWork, actor: Actor, org_key: str, letter_id: int, *, posted_on: dt.date,
    registered_number: str,
) -> LetterRecord:
    """Staff handed a registered letter to the post: its date and number are the proof."""
    number = registered_number.strip()
    if not number:
        raise Invalid("the registered-mail number is required", field="registered_number")
    with uow:
        row, org = _letter(uow, actor, letter_id, org_key, Permission.handle)
        if row.channel != Channel.registered_mail.value:
            raise Conflict(f"letter {letter_id} goes by {row.channel}, not registered mail",
                           field="letter_id")
        if row.status != LetterStatus.to_post.value:
            raise Conflict(f"letter {letter_id} is already {row.status}", field="letter_id")
        if posted_on < row.letter_date:
            raise Invalid("a letter cannot be posted before its date", field="posted_on")
        row.status, row.posted_on, row.registered_number = "posted", posted_on, number
        row.delivered_at = datetime.combine(posted_on, dt.time(), tzinfo=UTC)
        uow.audit(chain=org.key, actor=actor.label, action="letter.posted",
                  object_type="letter", object_id=f"letter:{row.id}",
                  after={"posted_on": posted_on.isoformat(), "registered_number": number})
        uow.commit()
        return _record(row, org.key)


def portal_download(
    uow: UnitOfWork, runtime: Runtime, org_key: str, request_ref: str, letter_id: int
) -> bytes:
    """The PDF for the person, in the privacy centre.

    The caller (the privacy centre) has authenticated the person as the requester of
    ``request_ref``; this checks the letter belongs to that request and organisation and goes
    by the portal, and records the first download as the delivery.
    """
    with uow:
        row = uow.session.get(LetterRow, letter_id)
        org = uow.session.get(Organisation, row.organisation_id) if row else None
        if (row is None or org is None or org.key != org_key or row.request_ref != request_ref
                or row.channel != Channel.portal.value):
            raise NotFound(f"no letter {letter_id}", field="letter_id")
        pdf = runtime.data_key.decrypt(row.pdf_enc, _pdf_context(row.id))
        if row.status == LetterStatus.available.value:
            row.status, row.delivered_at = "downloaded", datetime.now(UTC)
            uow.audit(chain=org.key, actor=f"subject:{request_ref}", action="letter.downloaded",
                      object_type="letter", object_id=f"letter:{row.id}")
            uow.commit()
        return pdf


def preview_pdf(uow: UnitOfWork, actor: Actor, org_key: str, kind: LetterKind,
                language: Language, *, registered: bool = True, late: bool = False) -> bytes:
    """A sample of ``kind`` on the organisation's letterhead, with a made-up person."""
    from tvarka.services.letters.samples import sample_context

    org = organisations.get(uow, actor, org_key, Permission.read)
    context = sample_context(kind, language, sender_of(org), late=late)
    return render.render_pdf(Letter(kind, language, from_profile(org, context)),
                             registered=registered)
