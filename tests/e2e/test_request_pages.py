"""The staff pages: dashboard by due date, staff entry, a request's page and its steps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from tests.e2e.conftest import Account
from tests.integration.execution import shop
from tvarka.domain.legal_time.calendar import VILNIUS


def signed_in(client: TestClient, account: Account) -> TestClient:
    client.post("/login", data={"email": account.email, "password": account.password})
    client.post("/password", data={"current_password": account.password,
                                   "new_password": account.password + "-new"})
    return client


def test_staff_register_a_phone_request_and_take_it_through(client: TestClient,
                                                             delano_owner: Account) -> None:
    browser = signed_in(client, delano_owner)
    page = browser.get("/org/delano/requests?lang=en")
    assert page.status_code == 200 and "Register a request" in page.text
    made = browser.post("/org/delano/requests", data={
        "right": "access", "channel": "phone", "received_at": "2026-11-20T14:05",
        "name": "Ona Testaitė", "phone": "+370 600 11111", "text": "what data you hold"},
        follow_redirects=False)
    assert made.status_code == 303, made.text
    url = made.headers["location"]
    detail = browser.get(url)
    assert "Ona Testaitė" in detail.text and "awaiting_identity" in detail.text
    assert "ID-NO-RULE" in detail.text  # Delano's phone channel has no identity rule
    wrong = browser.post(url + "/identity", data={"method": "notarised_copy", "confirmed": "1"})
    assert wrong.status_code == 422 and "method" in wrong.text
    checked = browser.post(url + "/identity", data={
        "method": "one_time_code_known_address", "confirmed": "1"})
    assert checked.status_code == 200 and "in_progress" in checked.text
    board = browser.get("/org/delano/requests?lang=en").text
    assert url.rsplit("/", 1)[1] in board


def test_staff_entry_errors_name_the_field_and_keep_the_form(client: TestClient,
                                                             delano_owner: Account) -> None:
    browser = signed_in(client, delano_owner)
    response = browser.post("/org/delano/requests?lang=en", data={
        "right": "access", "channel": "email", "received_at": "2099-01-01",
        "name": "Ona Testaitė"})
    assert response.status_code == 422
    assert "received_at: the received time is in the future" in response.text
    assert 'value="Ona Testaitė"' in response.text
    assert "None" in browser.get("/org/delano/requests?lang=en").text


def test_another_organisations_requests_page_is_not_found(client: TestClient,
                                                          delano_owner: Account) -> None:
    browser = signed_in(client, delano_owner)
    assert browser.get("/org/tiens/requests").status_code == 404
    assert browser.get("/org/tiens/requests/r-0000000000000001").status_code == 404
    assert browser.get("/org/delano/requests/r-0000000000000001").status_code == 404


def test_staff_decide_an_access_request_with_its_article_15_contents(
    client: TestClient, delano_owner: Account
) -> None:
    browser = signed_in(client, delano_owner)
    made = browser.post("/org/delano/requests", data={
        "right": "access", "channel": "registered_letter", "subject_type": "candidate",
        "received_at": "2026-11-20T14:05", "name": "Ona Testaitė", "address": "Vilnius",
        "text": "which of my data you keep", "signed": "1"}, follow_redirects=False)
    url = made.headers["location"]
    page = browser.get(url + "?lang=en").text
    assert 'id="recipients-period"' in page and "003 D-CAND 7.4" in page
    browser.post(url + "/identity", data={"method": "identity_document_in_person",
                                          "confirmed": "1", "document_type": "id_card"})
    missing = browser.post(url + "/decision", data={"outcome": "granted",
                                                    "content_purposes": "recruitment"})
    assert missing.status_code == 422 and "access_content.categories" in missing.text
    parts = {f"content_{p}": f"{p} as stated" for p in
             ("purposes", "categories", "recipients", "retention", "source", "safeguards")}
    decided = browser.post(url + "/decision", data={"outcome": "granted", **parts})
    assert decided.status_code == 200 and "decided" in decided.text
    assert "answer" in decided.text


def test_overview_per_organisation_shows_only_the_users_organisations(
    client: TestClient, loaded, delano_owner: Account  # type: ignore[no-untyped-def]
) -> None:
    from tests.e2e.conftest import make_account
    from tvarka.services import requests
    from tvarka.services.actor import SYSTEM
    from tvarka.services.requests import NewRequest

    requests.submit(loaded.uow(), loaded.data_key, SYSTEM, "delano", NewRequest(
        right="information", channel="email", received_at="2026-01-05", name="Ona Testaitė",
        email="ona@example.lt", text="what do you process"))
    make_account(loaded, "tiens")
    browser = signed_in(client, delano_owner)
    page = browser.get("/requests?lang=en").text
    assert 'id="org-delano"' in page and 'id="org-tiens"' not in page
    row = page.split('id="org-delano"', 1)[1].split("</tr>", 1)[0]
    assert "<td>1</td>" in row and '<strong class="error">1</strong>' in row  # overdue


def test_staff_issue_the_refusal_letter_from_the_page(client: TestClient,
                                                      delano_owner: Account) -> None:
    browser = signed_in(client, delano_owner)
    made = browser.post("/org/delano/requests", data={
        "right": "access", "channel": "oral", "subject_type": "candidate",
        "received_at": "2026-11-20T14:05", "name": "Ona Testaitė",
        "email": "ona.kandidate@example.lt", "text": "what you hold on me"},
        follow_redirects=False)
    url = made.headers["location"]
    page = browser.get(url + "?lang=en").text
    assert "refused" in page and "003 D-CAND 7.1" in page
    task = page.split("/tasks/", 1)[1].split("/", 1)[0]
    sent = browser.post(f"{url}/tasks/{task}/letter?lang=en", data={"channel": "email"})
    assert sent.status_code == 200, sent.text
    assert "letter:" in sent.text  # the task's reference names the issued letter


def test_staff_tell_a_recipient_from_the_page_and_the_dashboard_lists_it_until_then(
        client: TestClient, delano_owner: Account) -> None:
    browser = signed_in(client, delano_owner)
    made = browser.post("/org/delano/requests", data={
        "right": "erasure", "channel": "registered_letter", "received_at": "2026-11-20T14:05",
        "name": "Ona Testaitė", "address": "Vilnius", "text": "erase my account",
        "signed": "1"}, follow_redirects=False)
    url = made.headers["location"]
    browser.post(url + "/identity", data={"method": "one_time_code_known_address",
                                          "confirmed": "1"})
    decided = browser.post(url + "/decision", data={"outcome": "granted",
                                                    "recipients": "Kurjeris UAB"})
    assert decided.status_code == 200 and 'class="notice-form"' in decided.text
    board = browser.get("/org/delano/requests?lang=en").text
    listed = board.split('id="recipient-notices"', 1)[1].split("</table>", 1)[0]
    assert "Kurjeris UAB" in listed
    task = decided.text.split('class="notice-form"', 1)[0].rsplit("/tasks/", 1)[1].split("/")[0]
    refused = browser.post(f"{url}/tasks/{task}/letter?lang=en",
                           data={"actions": "account erased"})
    assert refused.status_code == 422 and "address" in refused.text  # no contact given
    sent = browser.post(f"{url}/tasks/{task}/letter?lang=en", data={
        "actions": "account erased", "recipient_email": "dpo@kurjeris.example"})
    assert sent.status_code == 200, sent.text
    assert 'class="notice-form"' not in sent.text and "letter:" in sent.text
    board = browser.get("/org/delano/requests?lang=en").text
    assert "Kurjeris UAB" not in board.split('id="recipient-notices"', 1)[1]


def test_staff_record_the_persons_reply_to_a_clarification_from_the_page(
        client: TestClient, delano_owner: Account) -> None:
    browser = signed_in(client, delano_owner)
    browser.get("/org/delano/requests?lang=en")  # the pages in English from here on
    made = browser.post("/org/delano/requests", data={
        "right": "access", "channel": "phone", "received_at": "2026-11-20T14:05",
        "name": "Ona Testaitė", "phone": "+370 600 22222", "email": "ona.klausia@example.lt",
        "text": "my purchases"},
        follow_redirects=False)
    url = made.headers["location"]
    checked = browser.post(url + "/identity", data={"method": "one_time_code_known_address",
                                                    "confirmed": "1"})
    assert "in_progress" in checked.text
    asked = browser.post("/api/v1/organisations/delano/requests/" + url.rsplit("/", 1)[1]
                         + "/clarification", headers=delano_owner.headers,
                         json={"topic": "scope", "questions": ["Which shop do you mean?"],
                               "channel": "email"})
    assert asked.status_code == 200, asked.text
    assert asked.json()["paused"] is True
    page = browser.get(url + "?lang=en").text
    assert 'id="reply-form"' in page and "clock paused" in page
    future = browser.post(url + "/clarification-reply?lang=en",
                          data={"received": "2099-01-01T10:00", "text": "Kaunas"})
    assert future.status_code == 422 and "received_at" in future.text
    just_now = dt.datetime.now(VILNIUS).replace(microsecond=0) + dt.timedelta(seconds=1)
    replied = browser.post(url + "/clarification-reply", data={
        "received": just_now.replace(tzinfo=None).isoformat(), "text": "The shop in Kaunas."},
        follow_redirects=False)
    assert replied.status_code == 303, replied.text
    page = browser.get(url + "?lang=en").text
    assert "The shop in Kaunas." in page and "clock paused" not in page
    assert 'id="reply-form"' not in page


def test_staff_keep_rows_under_a_legal_exception_in_the_erasure_decision_form(
        client: TestClient, delano_owner: Account, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TVARKA_QUEUE_IMMEDIATE", "1")
    target = f"sqlite:///{tmp_path / 'shop.sqlite3'}"
    engine = sa.create_engine(target)
    shop.build(engine, 10)
    subject = shop.subject_rows(engine, 5)
    held = min(subject["login_events"])
    api, h = "/api/v1/organisations/delano", delano_owner.headers
    assert client.post(f"{api}/systems", headers=h, json={
        "key": "shop", "url": target, "datasets_yaml": shop.DATASET_YML.read_text()},
    ).status_code == 201
    assert client.put(f"{api}/erasure-rules", headers=h, json={"rules": {
        "user.contact": "null", "user.device.ip_address": "null"}}).status_code == 204
    browser = signed_in(client, delano_owner)
    browser.get("/org/delano/requests?lang=en")
    made = browser.post("/org/delano/requests", data={
        "right": "erasure", "channel": "phone", "received_at": "2026-11-20T14:05",
        "name": "Name 5", "phone": "+370 600 33333", "email": shop.email(5),
        "text": "erase me"}, follow_redirects=False)
    url = made.headers["location"]
    browser.post(url + "/identity", data={"method": "one_time_code_known_address",
                                          "confirmed": "1"})
    assert 'id="held_rows"' in browser.get(url).text
    wrong = browser.post(url + "/decision", data={"outcome": "granted",
                                                  "held_rows": "shop:login_events"})
    assert wrong.status_code == 422 and "held_rows[0]" in wrong.text
    decided = browser.post(url + "/decision", data={
        "outcome": "granted",
        "held_rows": f"shop:shop_pg_dataset.login_events:{held}=fraud case 2026-41"},
        follow_redirects=False)
    assert decided.status_code == 303, decided.text
    after = shop.snapshot(engine)
    assert after["login_events"][held]["ip"] is not None
    assert all(after["login_events"][k]["ip"] is None for k in subject["login_events"] - {held})
    engine.dispose()
