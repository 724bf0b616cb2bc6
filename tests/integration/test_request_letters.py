"""A request's letter tasks become real letters through the letters module (PDF, outbox,
registered mail), in the organisation's language, and closing them closes the request."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests import people
from tvarka.adapters.db.tables import LetterRow, OutboxMessage
from tvarka.domain.requests.decisions import ACCESS_CONTENTS, Decision
from tvarka.domain.requests.terms import Outcome, RefusalGround
from tvarka.runtime import Runtime
from tvarka.services import requests
from tvarka.services.actor import SYSTEM
from tvarka.services.errors import Invalid
from tvarka.services.letters import issue as letters
from tvarka.services.requests import IdentityCheck, NewRequest
from tvarka.services.requests import view as request_view
from tvarka.services.requests.letters import LetterInput, issue_task_letters

NOW = dt.datetime.now(dt.UTC)
TODAY = NOW.date().isoformat()


def letters_of(rt: Runtime, ref: str) -> list[LetterRow]:
    with rt.uow() as uow:
        return list(uow.session.scalars(select(LetterRow).where(LetterRow.request_ref == ref)))


def new(rt: Runtime, org: str, **fields: object):  # type: ignore[no-untyped-def]
    base: dict[str, object] = {"right": "access", "channel": "email", "received_at": TODAY,
                               "name": "Ona Testaitė", "email": people.email("subject"),
                               "text": "all my data"}
    base.update(fields)
    return requests.submit(rt.uow(), rt.data_key, SYSTEM, org, NewRequest(**base), NOW)


def test_an_answer_goes_by_e_mail_through_the_outbox(loaded: Runtime) -> None:
    rt = loaded
    request = new(rt, "it-sales", language="en",
                  identity=IdentityCheck("one_time_code_known_address"))
    request = requests.decide(rt.uow(), rt.data_key, SYSTEM, "it-sales", request.public_id,
                              Decision(Outcome.granted, access_content={
                                  k: "stated" for k in ACCESS_CONTENTS}), NOW)
    task = next(t for t in request.tasks if t.letter_kind == "answer")
    with pytest.raises(Invalid) as missing:
        issue_task_letters(rt.uow(), rt, SYSTEM, "it-sales", request.public_id, task.id,
                           LetterInput(), NOW)
    assert missing.value.field == "context.decision.actions_taken"
    assert letters_of(rt, request.public_id) == []
    issued = issue_task_letters(rt.uow(), rt, SYSTEM, "it-sales", request.public_id, task.id,
                                LetterInput(actions_taken=["a copy of your data is attached"]),
                                NOW)
    assert [(r.kind, r.language, r.channel) for r in issued] == [("answer", "en", "email")]
    with rt.uow() as uow:
        assert uow.session.scalar(select(OutboxMessage.letter_id)) == issued[0].id
    shown = request_view.get(rt.uow(), rt.data_key, SYSTEM, "it-sales", request.public_id)
    assert shown["status"] == "answered"
    assert shown["tasks"][0]["reference"] == f"letter:{issued[0].id}"


def test_delano_refusal_by_registered_mail_in_lithuanian(loaded: Runtime) -> None:
    rt = loaded
    request = new(rt, "delano", right="erasure", language="en", address="Gedimino pr. 1, Vilnius",
                  identity=IdentityCheck("qualified_e_signature"), response_medium="registered_mail")
    request = requests.decide(rt.uow(), rt.data_key, SYSTEM, "delano", request.public_id,
                              Decision(Outcome.refused, "invoices are kept ten years by law",
                                       RefusalGround.legal_exception), NOW)
    task = next(t for t in request.tasks if t.letter_kind == "refusal")
    assert task.languages == ["lt", "en"]
    with pytest.raises(Invalid) as vinted:
        issue_task_letters(rt.uow(), rt, SYSTEM, "delano", request.public_id, task.id,
                           LetterInput(), NOW)
    assert vinted.value.field == "context.decision.still_processed"
    issued = issue_task_letters(
        rt.uow(), rt, SYSTEM, "delano", request.public_id, task.id,
        LetterInput(still_processed=[("invoices", "accounting", "Law on Accounting Art. 19")]),
        NOW)
    # Delano answers only in the state language (003 D-DSR 12.5)
    assert [(r.kind, r.language, r.channel, r.status) for r in issued] == [
        ("refusal", "lt", "registered_mail", "to_post")]


def test_invalid_request_notice_and_extension_letters(loaded: Runtime) -> None:
    rt = loaded
    invalid = new(rt, "kitoks-miestas", channel="post", address="Savanorių pr. 1, Vilnius")
    (task,) = invalid.tasks
    (record,) = issue_task_letters(rt.uow(), rt, SYSTEM, "kitoks-miestas", invalid.public_id,
                                   task.id, LetterInput(), NOW)
    assert (record.kind, record.language) == ("invalid_request_notice", "lt")
    open_one = new(rt, "tiens", identity=IdentityCheck("e_signature"))
    open_one = requests.extend(rt.uow(), SYSTEM, "tiens", open_one.public_id, "complexity",
                               "twelve systems to search", NOW)
    notice = next(t for t in open_one.tasks if t.letter_kind == "extension")
    (ext,) = issue_task_letters(rt.uow(), rt, SYSTEM, "tiens", open_one.public_id, notice.id,
                                LetterInput(), NOW)
    assert ext.kind == "extension" and ext.channel == "email"


def test_a_processor_forwards_the_request_to_its_controller_by_letter(loaded: Runtime) -> None:
    rt = loaded
    request = new(rt, "vivasend")
    request = requests.forward_to_controller(rt.uow(), SYSTEM, "vivasend", request.public_id,
                                             "Client Shop UAB", NOW)
    task = next(t for t in request.tasks if t.letter_kind == "forward_to_controller")
    (record,) = issue_task_letters(rt.uow(), rt, SYSTEM, "vivasend", request.public_id, task.id,
                                   LetterInput(recipient_email="dpo@clientshop.example.lt"), NOW)
    assert (record.kind, record.channel) == ("processor_forward", "email")
    with rt.uow() as uow:
        assert uow.session.scalar(select(OutboxMessage.letter_id)) == record.id


def decided_rectification(rt: Runtime, org: str, recipients: tuple[str, ...]):  # type: ignore[no-untyped-def]
    request = new(rt, org, right="rectification", language="en",
                  identity=IdentityCheck("one_time_code_known_address"))
    return requests.decide(rt.uow(), rt.data_key, SYSTEM, org, request.public_id,
                           Decision(Outcome.granted, recipients=recipients,
                                    evidence="the person's new address"), NOW)


def test_recipients_are_told_by_letter_and_the_dashboard_keeps_them_until_then(
        loaded: Runtime) -> None:
    rt = loaded
    courier = f"UAB Kurjeris <{people.email('dpo')}>"
    request = decided_rectification(rt, "it-sales", (courier, "UAB Sandėlis"))
    notices = [t for t in request.tasks if t.kind == "recipient_notice"]
    assert [t.recipient for t in notices] == [courier, "UAB Sandėlis"]
    board = request_view.dashboard(rt.uow(), rt.data_key, SYSTEM, "it-sales")
    assert [(n["request"], n["recipient"]) for n in board["recipient_notices"]] == [
        (request.public_id, courier), (request.public_id, "UAB Sandėlis")]
    # the person's answer goes first; the notices stay open after the request closes
    answer = next(t for t in request.tasks if t.letter_kind == "answer")
    issue_task_letters(rt.uow(), rt, SYSTEM, "it-sales", request.public_id, answer.id,
                       LetterInput(actions_taken=["address corrected"], list_recipients=True),
                       NOW)
    with pytest.raises(Invalid) as no_data:
        issue_task_letters(rt.uow(), rt, SYSTEM, "it-sales", request.public_id, notices[0].id,
                           LetterInput(actions_taken=["address corrected"]), NOW)
    assert no_data.value.field == "context.decision.data_concerned"  # the rectified data
    (record,) = issue_task_letters(
        rt.uow(), rt, SYSTEM, "it-sales", request.public_id, notices[0].id,
        LetterInput(actions_taken=["address corrected"],
                    data_concerned=["delivery address: Pavyzdžių g. 3, Vilnius"],
                    subject_reference="customer 4242"), NOW)
    assert (record.kind, record.language, record.channel) == ("recipient_notice", "lt", "email")
    with rt.uow() as uow:
        sent = uow.session.scalar(select(OutboxMessage).where(
            OutboxMessage.letter_id == record.id))
        assert sent is not None
    with pytest.raises(Invalid) as portal:
        issue_task_letters(rt.uow(), rt, SYSTEM, "it-sales", request.public_id, notices[1].id,
                           LetterInput(channel="portal", actions_taken=["x"],
                                       data_concerned=["y"]), NOW)
    assert portal.value.field == "channel"
    with pytest.raises(Invalid) as nowhere:  # no e-mail known: a registered letter needs one
        issue_task_letters(rt.uow(), rt, SYSTEM, "it-sales", request.public_id, notices[1].id,
                           LetterInput(actions_taken=["x"], data_concerned=["y"]), NOW)
    assert nowhere.value.field == "context.recipient.address_lines"
    shown = request_view.get(rt.uow(), rt.data_key, SYSTEM, "it-sales", request.public_id)
    assert shown["status"] == "answered" and shown["open_recipient_notices"] == 1
    told = next(t for t in shown["tasks"] if t["id"] == notices[0].id)
    assert told["status"] == "done" and told["reference"] == f"letter:{record.id}"
    board = request_view.dashboard(rt.uow(), rt.data_key, SYSTEM, "it-sales")
    assert [n["recipient"] for n in board["recipient_notices"]] == ["UAB Sandėlis"]
    (posted,) = issue_task_letters(
        rt.uow(), rt, SYSTEM, "it-sales", request.public_id, notices[1].id,
        LetterInput(actions_taken=["address corrected"], data_concerned=["new address"],
                    recipient_address="Sandėlių g. 1, LT-00000 Vilnius", language="en"), NOW)
    assert (posted.channel, posted.language, posted.status) == ("registered_mail", "en",
                                                                "to_post")
    assert request_view.dashboard(rt.uow(), rt.data_key, SYSTEM,
                                  "it-sales")["recipient_notices"] == []


def test_the_answer_names_the_recipients_when_the_person_asked(loaded: Runtime) -> None:
    rt = loaded
    request = decided_rectification(rt, "it-sales", ("UAB Kurjeris <dpo@kurjeris.example>",))
    answer = next(t for t in request.tasks if t.letter_kind == "answer")
    (record,) = issue_task_letters(
        rt.uow(), rt, SYSTEM, "it-sales", request.public_id, answer.id,
        LetterInput(actions_taken=["address corrected"], list_recipients=True), NOW)
    pdf = letters.letter_pdf(rt.uow(), rt, SYSTEM, record.id)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "UAB Kurjeris" in text and "kurjeris.example" not in text
    assert "Article 19" in text


def test_the_register_proposes_the_recipients_of_such_data(loaded: Runtime) -> None:
    rt = loaded
    employee = new(rt, "tiens", right="erasure", subject_type="employee")
    shown = request_view.get(rt.uow(), rt.data_key, SYSTEM, "tiens", employee.public_id)
    names = [p["name"] for p in shown["proposed_recipients"]]
    assert any(name.startswith("Sodra") for name in names)
    assert all(p["role"] in ("recipient", "processor") and p["activities"]
               for p in shown["proposed_recipients"])
    assert not any("Google" in name for name in names)  # a customers' activity
    access = new(rt, "tiens", subject_type="employee")
    assert request_view.get(rt.uow(), rt.data_key, SYSTEM, "tiens",
                            access.public_id)["proposed_recipients"] == []
