"""The privacy centre: submit, confirm the address with the e-mailed code, same answer for
everyone, rate limits, and bad input that registers nothing."""

from __future__ import annotations

import html
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests import people
from tvarka.adapters.db.request_tables import DsrRequest, PrivacySubmission
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.runtime import Runtime
from tvarka.services.actor import SYSTEM
from tvarka.services.privacy_centre.submissions import CodeMessage
from tvarka.services.requests import view as request_view


@pytest.fixture
def outbox(client: TestClient) -> Iterator[list[CodeMessage]]:
    sent: list[CodeMessage] = []

    def capture(_uow: UnitOfWork, message: CodeMessage) -> str:
        sent.append(message)
        return "queued"

    client.app.state.code_sender = capture  # type: ignore[attr-defined]
    yield sent


def count(rt: Runtime, model: type) -> int:
    with rt.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def form(**fields: str) -> dict[str, str]:
    return {"right": "access", "name": "Ona Testaitė", "email": people.email("subject"),
            "text": "kokius mano duomenis tvarkote?", **fields}


def submission_of(page: str) -> str:
    marker = 'name="submission" value="'
    return page.split(marker, 1)[1].split('"', 1)[0]


def test_submit_confirm_and_the_request_exists(client: TestClient, loaded: Runtime,
                                               outbox: list[CodeMessage]) -> None:
    page = client.get("/privacy/tiens?lang=en")
    assert page.status_code == 200 and "Send me the code" in page.text
    lt = client.get("/privacy/tiens?lang=lt")
    assert "Siųsti man kodą" in lt.text
    sent = client.post("/privacy/tiens?lang=en", data=form(email="ona.testaite@example.lt"))
    assert sent.status_code == 200 and "If the address is valid" in sent.text
    assert count(loaded, DsrRequest) == 0  # nothing exists until the address is confirmed
    (message,) = outbox
    assert message.to == "ona.testaite@example.lt" and message.code not in sent.text
    wrong = client.post("/privacy/tiens/confirm?lang=en", data={
        "submission": submission_of(sent.text), "code": "000000" if message.code != "000000"
        else "111111"})
    assert wrong.status_code == 422 and count(loaded, DsrRequest) == 0
    done = client.post("/privacy/tiens/confirm?lang=en", data={
        "submission": submission_of(sent.text), "code": message.code})
    assert done.status_code == 200, done.text
    assert "Your request is registered" in done.text and "L. Sapiegos" in done.text
    reference = done.text.split('id="reference">', 1)[1].split("<", 1)[0]
    shown = request_view.get(loaded.uow(), loaded.data_key, SYSTEM, "tiens", reference)
    assert shown["channel"] == "web_form" and shown["validation"]["email_confirmed"]
    assert shown["requester"]["email"] == "ona.testaite@example.lt"
    assert shown["languages"] == ["en"]
    again = client.post("/privacy/tiens/confirm", data={
        "submission": submission_of(sent.text), "code": message.code})
    assert again.status_code == 422 and count(loaded, DsrRequest) == 1


def test_the_answer_never_says_whether_a_person_is_known(client: TestClient, loaded: Runtime,
                                                         outbox: list[CodeMessage]) -> None:
    known = people.email("known")
    first = client.post("/privacy/delano?lang=en", data=form(email=known))
    code = outbox[-1].code
    client.post("/privacy/delano/confirm", data={"submission": submission_of(first.text),
                                                 "code": code})
    again = client.post("/privacy/delano?lang=en", data=form(email=known))
    stranger = client.post("/privacy/delano?lang=en", data=form(email=people.email("new")))

    def strip(page: str) -> str:
        return page.replace(submission_of(page), "ID")

    assert strip(again.text) == strip(stranger.text)
    assert again.status_code == stranger.status_code == 200


def test_rate_limited_per_address_and_per_ip(client: TestClient, loaded: Runtime,
                                             outbox: list[CodeMessage]) -> None:
    address = people.email("busy")
    statuses = [client.post("/privacy/kitoks-miestas", data=form(email=address)).status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    statuses = [client.post("/privacy/kitoks-miestas", data=form()).status_code
                for _ in range(3)]
    assert statuses == [200, 200, 429]  # five from this address in the hour, then no more
    assert count(loaded, PrivacySubmission) == 5


def test_bad_input_names_the_field_and_registers_nothing(client: TestClient, loaded: Runtime,
                                                         outbox: list[CodeMessage]) -> None:
    for fields, field in [({"right": "forgetting"}, "right"), ({"email": "nope"}, "email"),
                          ({"response_medium": "registered_mail"}, "address"),
                          ({"subject_type": "alien"}, "subject_type")]:
        response = client.post("/privacy/delano?lang=en", data=form(**fields))
        assert response.status_code == 422, fields
        assert 'id="form-error"' in response.text
    assert count(loaded, PrivacySubmission) == 0 and outbox == []
    assert client.get("/privacy/no-such-org").status_code == 404


def test_a_lithuanian_page_says_what_is_wrong_in_lithuanian(
        client: TestClient, loaded: Runtime, outbox: list[CodeMessage]) -> None:
    for fields, message in [
        ({"email": "nope"}, "El. paštas: tai ne el. pašto adresas"),
        ({"name": " "}, ("Vardas ir pavardė: nurodykite savo vardą ir pavardę "
                         "(ne daugiau kaip 300 simbolių)")),
        ({"phone": "call me"}, "Telefonas: tai ne telefono numeris"),
        ({"text": " "}, "Jūsų prašymas: parašykite, ko prašote (ne daugiau kaip 20000 simbolių)"),
        ({"response_medium": "registered_mail"},
         "Pašto adresas: registruotam laiškui reikia pašto adreso"),
    ]:
        response = client.post("/privacy/delano?lang=lt", data=form(**fields))
        assert response.status_code == 422, fields
        shown = response.text.split('id="form-error">', 1)[1].split("</p>", 1)[0]
        assert html.unescape(shown) == message
    english = client.post("/privacy/delano?lang=en", data=form(email="nope"))
    assert "E-mail: not an e-mail address</p>" in english.text
    assert count(loaded, PrivacySubmission) == 0 and outbox == []


def test_submissions_keep_no_contact_details_in_clear(client: TestClient, loaded: Runtime,
                                                      outbox: list[CodeMessage]) -> None:
    from sqlalchemy import text

    address, name = "slapta.pavarde@example.lt", "Slaptoji Pavardenytė"
    client.post("/privacy/delano", data=form(email=address, name=name, phone="+370 699 87654"))
    with loaded.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM privacy_submissions")).all()
    raw = " ".join(bytes(v).decode("latin-1") if isinstance(v, (bytes, memoryview)) else str(v)
                   for row in rows for v in row)
    assert rows and "slapta" not in raw and "Pavardenyt" not in raw and "87654" not in raw


def test_a_person_follows_their_request_with_a_code_to_its_address(
    client: TestClient, loaded: Runtime, outbox: list[CodeMessage]
) -> None:
    address = people.email("follower")
    sent = client.post("/privacy/kitoks-miestas?lang=en", data=form(email=address))
    done = client.post("/privacy/kitoks-miestas/confirm", data={
        "submission": submission_of(sent.text), "code": outbox[-1].code})
    reference = done.text.split('id="reference">', 1)[1].split("<", 1)[0]
    assert client.get("/privacy/kitoks-miestas/my-request", follow_redirects=False
                      ).status_code == 303  # not yet proven
    outbox.clear()
    stranger = client.post("/privacy/kitoks-miestas/follow?lang=en",
                           data={"reference": reference, "email": people.email("other")})
    assert outbox == []  # nothing goes to an address the request does not have
    wrong = client.post("/privacy/kitoks-miestas/follow/confirm", data={
        "submission": submission_of(stranger.text), "code": "123456"})
    assert wrong.status_code == 422
    asked = client.post("/privacy/kitoks-miestas/follow?lang=en",
                        data={"reference": reference, "email": address.upper()})
    assert asked.text.replace(submission_of(asked.text), "ID") == stranger.text.replace(
        submission_of(stranger.text), "ID")  # the same page for match and no match
    (message,) = outbox
    assert message.to == address and message.language == "en"
    opened = client.post("/privacy/kitoks-miestas/follow/confirm?lang=en", data={
        "submission": submission_of(asked.text), "code": message.code})
    assert opened.status_code == 200 and reference in opened.text
    assert "received" in opened.text or "awaiting" in opened.text


def test_the_code_goes_through_the_outbox_to_a_real_smtp_server(loaded: Runtime) -> None:
    """No fake sender: the app's own outbox sender, then the SMTP delivery run."""
    import dataclasses

    from tests.mailserver import LocalSmtp
    from tvarka.app import create_app
    from tvarka.services.mail import outbox

    server = LocalSmtp()
    server.start()
    try:
        mailing = Runtime(dataclasses.replace(loaded.config, smtp_url=server.url))
        mailing.__dict__["engine"] = loaded.engine
        with TestClient(create_app(mailing)) as browser:
            address = people.email("real")
            sent = browser.post("/privacy/delano?lang=en", data=form(email=address))
            assert sent.status_code == 200
            report = outbox.send_pending(mailing)
            assert len(report.sent) == 1
            (received,) = server.received
            assert received.recipients == [address]
            body = received.message.get_content()
            code = next(word for word in body.split() if word.isdigit() and len(word) == 6)
            done = browser.post("/privacy/delano/confirm?lang=en", data={
                "submission": submission_of(sent.text), "code": code})
            assert done.status_code == 200 and "Your request is registered" in done.text
    finally:
        server.stop()


def test_an_answer_waits_in_the_privacy_centre_for_download(
    client: TestClient, loaded: Runtime, outbox: list[CodeMessage]
) -> None:
    from tvarka.domain.requests.decisions import ACCESS_CONTENTS, Decision
    from tvarka.domain.requests.terms import Outcome
    from tvarka.services import requests
    from tvarka.services.requests import IdentityCheck
    from tvarka.services.requests.letters import LetterInput, issue_task_letters

    address = people.email("portal")
    sent = client.post("/privacy/it-sales?lang=en",
                       data=form(email=address, response_medium="portal"))
    done = client.post("/privacy/it-sales/confirm", data={
        "submission": submission_of(sent.text), "code": outbox[-1].code})
    reference = done.text.split('id="reference">', 1)[1].split("<", 1)[0]
    requests.verify_identity(loaded.uow(), loaded.data_key, SYSTEM, "it-sales", reference,
                             IdentityCheck("one_time_code_known_address"))
    decided = requests.decide(loaded.uow(), loaded.data_key, SYSTEM, "it-sales", reference,
                              Decision(Outcome.granted,
                                       access_content={k: "stated" for k in ACCESS_CONTENTS}))
    task = next(t for t in decided.tasks if t.letter_kind == "answer")
    (letter,) = issue_task_letters(loaded.uow(), loaded, SYSTEM, "it-sales", reference, task.id,
                                   LetterInput(actions_taken=["your data are listed below"]))
    assert letter.channel == "portal"
    url = f"/privacy/it-sales/my-request/letters/{letter.id}.pdf"
    assert client.get(url, follow_redirects=False).status_code == 303  # not proven yet
    asked = client.post("/privacy/it-sales/follow?lang=en",
                        data={"reference": reference, "email": address})
    client.post("/privacy/it-sales/follow/confirm", data={
        "submission": submission_of(asked.text), "code": outbox[-1].code})
    page = client.get("/privacy/it-sales/my-request?lang=en").text
    assert url in page and "answered" in page
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
