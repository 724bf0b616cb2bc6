"""The outbox against a real SMTP server on 127.0.0.1, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.letter_contexts import context, to
from tests.mailserver import LocalSmtp
from tvarka.adapters.db import audit_log
from tvarka.adapters.db.tables import LetterRow, OutboxMessage
from tvarka.adapters.mail import smtp
from tvarka.domain.letters import LetterKind
from tvarka.domain.settings import Language
from tvarka.runtime import Runtime
from tvarka.services import audit
from tvarka.services.actor import SYSTEM
from tvarka.services.letters import issue as letters
from tvarka.services.letters.issue import Channel
from tvarka.services.mail import outbox

ADDRESS = "aiste.pavyzdyte@example.lt"


@pytest.fixture
def mail_server() -> Iterator[LocalSmtp]:
    server = LocalSmtp()
    server.start()
    yield server
    server.stop()


def with_smtp(runtime: Runtime, url: str | None) -> Runtime:
    mailing = Runtime(dataclasses.replace(runtime.config, smtp_url=url))
    mailing.__dict__["engine"] = runtime.engine  # share the engine (cached_property)
    return mailing


def issue_refusal(runtime: Runtime, org: str = "delano") -> letters.LetterRecord:
    ctx = to(context(LetterKind.refusal), email=ADDRESS)
    return letters.issue_letter(runtime.uow(), runtime, SYSTEM, org, LetterKind.refusal,
                                Language.lt, ctx, Channel.email)


def rows(runtime: Runtime) -> list[OutboxMessage]:
    with runtime.uow() as uow:
        return list(uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def actions(runtime: Runtime, chain: str) -> list[str]:
    with runtime.uow() as uow:
        return [e.action for e in audit_log.events_of(uow.session, chain)]


def test_a_letter_is_delivered_with_its_pdf(loaded: Runtime, mail_server: LocalSmtp) -> None:
    record = issue_refusal(loaded)
    assert record.status == "queued"
    report = outbox.send_pending(with_smtp(loaded, mail_server.url))
    assert report.sent == [rows(loaded)[0].id], rows(loaded)[0].last_error
    assert report.pending == 0
    (received,) = mail_server.received
    assert received.recipients == [ADDRESS]
    message = received.message
    assert message["Subject"] == "Sprendimas atsisakyti įvykdyti Jūsų prašymą (Nr. DSR-2026-0042)"
    assert "UAB „Delano“" in message["From"] and message["Reply-To"] == "info@delano.lt"
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "Valstybinė duomenų apsaugos inspekcija" in text and "188607912" in text
    (attachment,) = list(message.iter_attachments())
    pdf = attachment.get_content()
    assert attachment.get_content_type() == "application/pdf" and pdf.startswith(b"%PDF")
    pdf_text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "įvykdyti Jūsų prašymą" in pdf_text and "ada@ada.lt" in pdf_text
    (row,) = rows(loaded)
    assert row.status == "sent" and row.attempts == 1 and row.sent_at is not None
    assert letters.get_letter(loaded.uow(), SYSTEM, record.id).status == "sent"
    assert actions(loaded, "delano")[-4:] == [
        "letter.issued", "outbox.queued", "outbox.sent", "letter.sent"]
    assert all(v.ok for v in audit.verify(loaded.uow(), "delano"))


def test_addresses_and_content_are_encrypted_at_rest(loaded: Runtime) -> None:
    issue_refusal(loaded)
    (row,) = rows(loaded)
    assert ADDRESS.encode() not in row.recipient_enc
    assert b"Delano" not in row.message_enc and b"%PDF" not in row.message_enc
    with loaded.uow() as uow:
        letter = uow.session.scalars(select(LetterRow)).one()
    assert b"%PDF" not in letter.pdf_enc
    # the ciphertext is bound to its row: moved to another row it does not decrypt
    with pytest.raises(Exception):  # noqa: B017 - cryptography's InvalidTag
        loaded.data_key.decrypt_text(row.recipient_enc, f"outbox:{row.id + 1}:recipient")


def test_without_a_server_configured_mail_stays_pending(loaded: Runtime) -> None:
    issue_refusal(loaded)
    report = outbox.send_pending(with_smtp(loaded, None))
    assert not report.configured and report.pending == 1
    assert "TVARKA_SMTP_URL" in report.message
    (row,) = rows(loaded)
    assert row.status == "pending" and row.attempts == 0


def test_a_server_that_is_down_delays_mail_until_it_is_back(loaded: Runtime) -> None:
    server = LocalSmtp()  # not started: connections are refused
    issue_refusal(loaded)
    mailing = with_smtp(loaded, server.url)
    now = datetime.now(UTC)
    first = outbox.send_pending(mailing, now=now)
    assert first.retrying and not first.sent
    (row,) = rows(loaded)
    assert row.status == "pending" and row.attempts == 1
    assert row.last_error and "Connection" in row.last_error and ADDRESS not in row.last_error
    # before the backoff has passed nothing is tried
    assert outbox.send_pending(mailing, now=now + timedelta(seconds=30)).retrying == []
    server.start()
    try:
        later = outbox.send_pending(mailing, now=now + outbox.backoff(1) + timedelta(seconds=1))
        assert later.sent == [row.id]
        assert len(server.received) == 1
    finally:
        server.stop()
    (row,) = rows(loaded)
    assert row.status == "sent" and row.attempts == 2 and row.last_error is None
    assert "outbox.retry_scheduled" in actions(loaded, "delano")


def test_a_permanent_refusal_fails_the_message_and_the_letter(
    loaded: Runtime, mail_server: LocalSmtp
) -> None:
    mail_server.handler.reject_with = f"550 5.1.1 <{ADDRESS}> no such mailbox"
    record = issue_refusal(loaded)
    report = outbox.send_pending(with_smtp(loaded, mail_server.url))
    assert report.failed and not report.sent
    (row,) = rows(loaded)
    assert row.status == "failed" and row.last_error is not None
    assert "550" in row.last_error and ADDRESS not in row.last_error
    assert letters.get_letter(loaded.uow(), SYSTEM, record.id).status == "failed"
    assert actions(loaded, "delano")[-2:] == ["letter.failed", "outbox.failed"]


def test_retries_give_up_after_the_last_attempt(loaded: Runtime) -> None:
    issue_refusal(loaded)
    mailing = with_smtp(loaded, LocalSmtp().url)
    moment = datetime.now(UTC)
    for _ in range(outbox.MAX_ATTEMPTS):
        outbox.send_pending(mailing, now=moment)
        moment += outbox.LONGEST_WAIT + timedelta(seconds=1)
    (row,) = rows(loaded)
    assert row.status == "failed" and row.attempts == outbox.MAX_ATTEMPTS


def test_a_crash_between_send_and_mark_sends_again_and_loses_nothing(
    loaded: Runtime, mail_server: LocalSmtp
) -> None:
    issue_refusal(loaded)
    mailing = with_smtp(loaded, mail_server.url)
    now = datetime.now(UTC)

    def crash_after_sending(server: smtp.SmtpServer, message: bytes, sender: str,
                            recipient: str) -> None:
        smtp.send(server, message, sender, recipient)
        raise SystemExit("killed before the outcome was recorded")

    with pytest.raises(SystemExit):
        outbox.send_pending(mailing, now=now, send=crash_after_sending)
    assert len(mail_server.received) == 1
    (row,) = rows(loaded)
    assert row.status == "pending"  # the outcome was never written
    assert outbox.send_pending(mailing, now=now + timedelta(seconds=10)).sent == []  # leased
    again = outbox.send_pending(mailing, now=now + outbox.LEASE + timedelta(seconds=1))
    assert again.sent == [row.id]
    first, second = mail_server.received
    assert first.message["Message-ID"] == second.message["Message-ID"]  # same message twice
    (row,) = rows(loaded)
    assert row.status == "sent"


def test_the_list_masks_addresses_and_is_scoped(loaded: Runtime) -> None:
    issue_refusal(loaded)
    (view,) = outbox.list_messages(loaded, SYSTEM, "delano")
    assert view.recipient == "a***@example.lt" and view.status == "pending"
    assert outbox.list_messages(loaded, SYSTEM, "kitoks-miestas") == []
