"""The e-mail outbox: messages are queued in the database and sent by ``send_pending``.

Delivery is at-least-once. A sender first claims a batch for a lease (``claimed_until``) in
its own transaction, then talks to the SMTP server, then records the outcome in a new
transaction. If the process dies after the server accepted a message but before the outcome
is recorded, the lease runs out and the message is sent again, under the same Message-ID, so
the person may get it twice but never not at all. Losing a refusal or an extension notice
would cost the person a legal remedy or the organisation its deadline; a duplicate costs
nothing.

Temporary failures (server down, 4xx) are retried with exponential backoff; a permanent one
(5xx) or the last allowed attempt marks the message failed. Every status change is audited
in the organisation's chain. Recipients and messages are encrypted with the data key, bound
to their row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from enum import StrEnum

from sqlalchemy import func, or_, select

from tvarka.adapters.crypto import DataKey
from tvarka.adapters.db.tables import LetterRow, Organisation, OutboxMessage
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.adapters.mail import smtp
from tvarka.domain.roles import Permission
from tvarka.runtime import Runtime
from tvarka.services.actor import Actor
from tvarka.services.errors import Invalid
from tvarka.services.organisations import access as organisations

LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=4)
MAX_ATTEMPTS = 10  # about 8.5 hours of retries before a message counts as failed

Send = Callable[[smtp.SmtpServer, bytes, str, str], None]


class MailStatus(StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"


@dataclass(frozen=True)
class SendReport:
    configured: bool
    server: str | None
    sent: list[int]
    retrying: list[int]
    failed: list[int]
    pending: int  # messages still waiting after this run

    @property
    def message(self) -> str:
        if not self.configured:
            return (f"no SMTP server configured (set TVARKA_SMTP_URL); "
                    f"{self.pending} message(s) stay pending")
        return (f"sent {len(self.sent)}, to retry {len(self.retrying)}, "
                f"failed {len(self.failed)}, pending {self.pending}")


@dataclass(frozen=True)
class OutboxView:
    """A message as lists show it: the address masked, no content."""

    id: int
    letter_id: int | None
    recipient: str
    status: str
    attempts: int
    last_error: str | None
    next_attempt_at: str | None
    created_at: str
    sent_at: str | None


def _context(row_id: int, part: str) -> str:
    return f"outbox:{row_id}:{part}"


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 2, 4 … minutes, at most 4 h."""
    wait: timedelta = FIRST_RETRY * (2 ** max(attempts - 1, 0))
    return min(wait, LONGEST_WAIT)


def mask(address: str) -> str:
    """``aiste@example.lt`` -> ``a***@example.lt``: enough to tell messages apart."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def enqueue(
    uow: UnitOfWork,
    key: DataKey,
    *,
    org: Organisation,
    actor: Actor,
    recipient: str,
    message: EmailMessage,
    letter_id: int | None = None,
    now: datetime | None = None,
) -> OutboxMessage:
    """Queue ``message`` in the caller's transaction; it is sent only once that commits."""
    now = now or datetime.now(UTC)
    row = OutboxMessage(
        organisation_id=org.id,
        letter_id=letter_id,
        message_id=str(message["Message-ID"]),
        recipient_enc=b"",
        message_enc=b"",
        status=MailStatus.pending.value,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    uow.session.add(row)
    uow.session.flush()  # the row id binds the ciphertexts to this row
    row.recipient_enc = key.encrypt_text(recipient, _context(row.id, "recipient"))
    # CRLF line ends, as SMTP requires; smtplib sends bytes as they are
    row.message_enc = key.encrypt(message.as_bytes(policy=SMTP_POLICY), _context(row.id, "message"))
    uow.audit(chain=org.key, actor=actor.label, action="outbox.queued", object_type="outbox",
              object_id=f"outbox:{row.id}", after={"letter_id": letter_id, "status": row.status})
    return row


def send_pending(
    runtime: Runtime,
    *,
    now: datetime | None = None,
    limit: int = 100,
    send: Send = smtp.send,
) -> SendReport:
    """Send what is due; with no SMTP server configured, leave everything pending."""
    now = now or datetime.now(UTC)
    if not runtime.config.smtp_url:
        return SendReport(False, None, [], [], [], _count_pending(runtime.uow()))
    try:
        server = smtp.parse_url(runtime.config.smtp_url)
    except smtp.SmtpUrlError as error:
        raise Invalid(str(error), field="TVARKA_SMTP_URL") from None
    sent: list[int] = []
    retrying: list[int] = []
    failed: list[int] = []
    for row_id in _claim(runtime.uow(), now, limit):
        outcome = _deliver_one(runtime, server, row_id, now, send)
        {MailStatus.sent: sent, MailStatus.pending: retrying, MailStatus.failed: failed}[
            outcome].append(row_id)
    return SendReport(True, str(server), sent, retrying, failed, _count_pending(runtime.uow()))


def _claim(uow: UnitOfWork, now: datetime, limit: int) -> list[int]:
    """Lease due messages to this sender; another sender skips them until the lease ends."""
    with uow:
        rows = uow.session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.status == MailStatus.pending.value,
                OutboxMessage.next_attempt_at <= now,
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now),
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            row.claimed_until = now + LEASE
        uow.commit()
        return [row.id for row in rows]


def _deliver_one(
    runtime: Runtime, server: smtp.SmtpServer, row_id: int, now: datetime, send: Send
) -> MailStatus:
    key = runtime.data_key
    with runtime.uow() as uow:
        row = uow.session.get(OutboxMessage, row_id)
        assert row is not None
        recipient = key.decrypt_text(row.recipient_enc, _context(row.id, "recipient"))
        message = key.decrypt(row.message_enc, _context(row.id, "message"))
    try:
        send(server, message, runtime.config.mail_from, recipient)
    except smtp.DeliveryError as error:
        return _record_failure(runtime.uow(), row_id, str(error), error.permanent, now)
    _record_sent(runtime.uow(), row_id, datetime.now(UTC))
    return MailStatus.sent


def _record_sent(uow: UnitOfWork, row_id: int, at: datetime) -> None:
    with uow:
        row = uow.session.get(OutboxMessage, row_id)
        assert row is not None
        org = uow.session.get(Organisation, row.organisation_id)
        assert org is not None
        row.attempts += 1
        row.status, row.sent_at, row.claimed_until, row.last_error = "sent", at, None, None
        uow.audit(chain=org.key, actor="system", action="outbox.sent", object_type="outbox",
                  object_id=f"outbox:{row.id}", after={"attempts": row.attempts})
        if row.letter_id is not None:
            letter = uow.session.get(LetterRow, row.letter_id)
            if letter is not None and letter.status != "sent":
                letter.status, letter.delivered_at = "sent", at
                uow.audit(chain=org.key, actor="system", action="letter.sent",
                          object_type="letter", object_id=f"letter:{letter.id}",
                          after={"channel": letter.channel, "outbox": row.id})
        uow.commit()


def _record_failure(
    uow: UnitOfWork, row_id: int, error: str, permanent: bool, now: datetime
) -> MailStatus:
    with uow:
        row = uow.session.get(OutboxMessage, row_id)
        assert row is not None
        org = uow.session.get(Organisation, row.organisation_id)
        assert org is not None
        row.attempts += 1
        row.last_error = error[:500]
        row.claimed_until = None
        gave_up = permanent or row.attempts >= MAX_ATTEMPTS
        if gave_up:
            row.status = MailStatus.failed.value
            letter = uow.session.get(LetterRow, row.letter_id) if row.letter_id else None
            if letter is not None:
                letter.status = "failed"
                uow.audit(chain=org.key, actor="system", action="letter.failed",
                          object_type="letter", object_id=f"letter:{letter.id}",
                          after={"channel": letter.channel, "outbox": row.id})
        else:
            row.next_attempt_at = now + backoff(row.attempts)
        uow.audit(
            chain=org.key, actor="system",
            action="outbox.failed" if gave_up else "outbox.retry_scheduled",
            object_type="outbox", object_id=f"outbox:{row.id}",
            after={"attempts": row.attempts, "error": row.last_error,
                   "next_attempt_at": None if gave_up else row.next_attempt_at.isoformat()},
        )
        uow.commit()
        return MailStatus.failed if gave_up else MailStatus.pending


def _count_pending(uow: UnitOfWork) -> int:
    with uow:
        return uow.session.scalar(
            select(func.count()).where(OutboxMessage.status == MailStatus.pending.value)
        ) or 0


def list_messages(runtime: Runtime, actor: Actor, org_key: str) -> list[OutboxView]:
    """The organisation's outbox, newest first, with masked addresses and no content."""
    org = organisations.get(runtime.uow(), actor, org_key, Permission.read)
    key = runtime.data_key
    with runtime.uow() as uow:
        rows = uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.organisation_id == org.id)
            .order_by(OutboxMessage.id.desc())
        ).all()
        return [
            OutboxView(
                id=row.id,
                letter_id=row.letter_id,
                recipient=mask(key.decrypt_text(row.recipient_enc, _context(row.id, "recipient"))),
                status=row.status,
                attempts=row.attempts,
                last_error=row.last_error,
                next_attempt_at=(_iso(row.next_attempt_at)
                                 if row.status == MailStatus.pending.value else None),
                created_at=_iso(row.created_at) or "",
                sent_at=_iso(row.sent_at),
            )
            for row in rows
        ]


def _iso(moment: datetime | None) -> str | None:
    """SQLite hands back naive UTC datetimes; state the zone either way."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()
