"""Issuing letters and delivering them by the chosen channel, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from tests.letter_contexts import context, to
from tvarka.domain.letters import LetterKind
from tvarka.domain.roles import OrgRole
from tvarka.domain.settings import Language
from tvarka.runtime import Runtime
from tvarka.services.actor import SYSTEM, Actor
from tvarka.services.errors import Conflict, Forbidden, Invalid, NotFound
from tvarka.services.letters import issue as letters
from tvarka.services.letters.issue import Channel

POSTAL = ("Pavyzdžių g. 1-2", "LT-00000 Vilnius")


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def issue(runtime: Runtime, kind: LetterKind, channel: Channel, *, org: str = "delano",
          language: Language = Language.lt, actor: Actor = SYSTEM) -> letters.LetterRecord:
    ctx = to(context(kind, language), email="rute@example.lt", address=POSTAL)
    return letters.issue_letter(runtime.uow(), runtime, actor, org, kind, language, ctx,
                                channel)


def test_a_registered_letter_waits_to_be_posted_then_records_its_number(loaded: Runtime) -> None:
    record = issue(loaded, LetterKind.extension, Channel.registered_mail)
    assert record.status == "to_post" and record.letter_date == dt.date(2026, 11, 27)
    pdf = letters.letter_pdf(loaded.uow(), loaded, SYSTEM, record.id)
    text = text_of(pdf)
    assert "REGISTRUOTAS LAIŠKAS" in text and "Pavyzdžių g. 1-2" in text
    assert "UAB „Delano“" in text and "125542554" in text  # the profile's letterhead
    posted = letters.record_posting(loaded.uow(), SYSTEM, "delano", record.id,
                                    posted_on=dt.date(2026, 11, 27),
                                    registered_number="RR123456789LT")
    assert posted.status == "posted" and posted.registered_number == "RR123456789LT"
    assert posted.delivered_at is not None
    with pytest.raises(Conflict):
        letters.record_posting(loaded.uow(), SYSTEM, "delano", record.id,
                               posted_on=dt.date(2026, 11, 28), registered_number="RR2")


def test_posting_needs_a_number_and_a_registered_letter(loaded: Runtime) -> None:
    registered = issue(loaded, LetterKind.answer, Channel.registered_mail)
    with pytest.raises(Invalid) as caught:
        letters.record_posting(loaded.uow(), SYSTEM, "delano", registered.id,
                               posted_on=dt.date(2026, 11, 30), registered_number=" ")
    assert caught.value.field == "registered_number"
    with pytest.raises(Invalid) as caught:
        letters.record_posting(loaded.uow(), SYSTEM, "delano", registered.id,
                               posted_on=dt.date(2026, 11, 1), registered_number="RR1")
    assert caught.value.field == "posted_on"
    portal = issue(loaded, LetterKind.answer, Channel.portal)
    with pytest.raises(Conflict):
        letters.record_posting(loaded.uow(), SYSTEM, "delano", portal.id,
                               posted_on=dt.date(2026, 11, 30), registered_number="RR1")


def test_a_portal_letter_is_downloaded_by_its_requester_only(loaded: Runtime) -> None:
    record = issue(loaded, LetterKind.answer, Channel.portal)
    assert record.status == "available" and record.delivered_at is None
    with pytest.raises(NotFound):
        letters.portal_download(loaded.uow(), loaded, "delano", "DSR-OTHER", record.id)
    with pytest.raises(NotFound):
        letters.portal_download(loaded.uow(), loaded, "tiens", record.request_ref, record.id)
    pdf = letters.portal_download(loaded.uow(), loaded, "delano", record.request_ref, record.id)
    assert pdf.startswith(b"%PDF") and "Atsakymas į Jūsų prašymą" in text_of(pdf)
    after = letters.get_letter(loaded.uow(), SYSTEM, record.id)
    assert after.status == "downloaded" and after.delivered_at is not None
    registered = issue(loaded, LetterKind.answer, Channel.registered_mail)
    with pytest.raises(NotFound):  # only portal letters are offered for download
        letters.portal_download(loaded.uow(), loaded, "delano", registered.request_ref,
                                registered.id)


def test_delano_answers_in_lithuanian_only(loaded: Runtime) -> None:
    with pytest.raises(Invalid) as caught:
        issue(loaded, LetterKind.answer, Channel.portal, language=Language.en)
    assert caught.value.field == "language"
    english = issue(loaded, LetterKind.answer, Channel.portal, org="tiens", language=Language.en)
    assert english.language == "en"  # Tiens is silent: Lithuanian first, English on request


def test_content_errors_name_the_field_and_store_nothing(loaded: Runtime) -> None:
    ctx = to(context(LetterKind.extension), address=POSTAL)
    late = dataclasses.replace(ctx, sent_on=dt.date(2026, 12, 3))
    with pytest.raises(Invalid) as caught:
        letters.issue_letter(loaded.uow(), loaded, SYSTEM, "delano", LetterKind.extension,
                             Language.lt, late, Channel.registered_mail)
    assert caught.value.field == "context.sent_on"
    with pytest.raises(Invalid) as caught:
        letters.issue_letter(loaded.uow(), loaded, SYSTEM, "delano", LetterKind.extension,
                             Language.lt, to(ctx), Channel.email)
    assert caught.value.field == "context.recipient.email"
    assert letters.list_letters(loaded.uow(), SYSTEM, "delano") == []


def test_another_organisations_letter_is_not_found(loaded: Runtime) -> None:
    record = issue(loaded, LetterKind.answer, Channel.portal, org="tiens",
                   language=Language.lt)
    delano_owner = Actor(label="user:1", user_id=1, roles={"delano": OrgRole.owner})
    with pytest.raises(NotFound):
        letters.letter_pdf(loaded.uow(), loaded, delano_owner, record.id)
    with pytest.raises(NotFound):
        letters.letter_pdf(loaded.uow(), loaded, SYSTEM, record.id, "delano")
    viewer = Actor(label="user:2", user_id=2, roles={"delano": OrgRole.viewer})
    with pytest.raises(Forbidden):
        issue(loaded, LetterKind.answer, Channel.portal, actor=viewer)


def test_letters_of_one_request_are_listed_together(loaded: Runtime) -> None:
    issue(loaded, LetterKind.acknowledgement, Channel.email)
    issue(loaded, LetterKind.answer, Channel.email)
    listed = letters.list_letters(loaded.uow(), SYSTEM, "delano", "DSR-2026-0042")
    assert [r.kind for r in listed] == ["acknowledgement", "answer"]
    assert letters.list_letters(loaded.uow(), SYSTEM, "delano", "DSR-NONE") == []
