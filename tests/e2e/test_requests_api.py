"""The request endpoints as a script uses them: the workflow, bad input, isolation."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests import people
from tests.e2e.conftest import Account
from tvarka.adapters.db.request_tables import DsrRequest
from tvarka.adapters.db.tables import AuditEvent
from tvarka.runtime import Runtime

PROBLEM = "application/problem+json"
BASE = "/api/v1/organisations/{}/requests"


def count(rt: Runtime, model: type) -> int:
    with rt.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def body(**fields: object) -> dict[str, object]:
    return {"right": "access", "channel": "email", "received_at": "2026-11-20T09:00:00+02:00",
            "name": "Ona Testaitė", "email": people.email("subject"), "text": "my data",
            **fields}


def test_workflow_over_rest(client: TestClient, delano_owner: Account) -> None:
    url = BASE.format("delano")
    created = client.post(url, headers=delano_owner.headers, json=body(
        identity={"method": "qualified_e_signature"}, language="en"))
    assert created.status_code == 201, created.text
    request = created.json()
    assert request["status"] == "in_progress" and request["due"] == "2026-12-21"
    assert request["languages"] == ["lt", "en"]
    assert {"FEE-ONCE-PER-YEAR", "ID-E-SIGNATURE-ONLY"} <= {f["code"] for f in request["findings"]}
    rid = request["id"]
    extended = client.post(f"{url}/{rid}/extension", headers=delano_owner.headers,
                           json={"reason": "complexity", "justification": "many systems involved"})
    assert extended.status_code == 200 and extended.json()["extended_due"] == "2027-01-19"
    decided = client.post(f"{url}/{rid}/decision", headers=delano_owner.headers, json={
        "outcome": "refused", "ground": "excessive",
        "reasons": "the fifth identical request this month"})
    assert decided.status_code == 200 and decided.json()["status"] == "decided"
    letter = next(t for t in decided.json()["tasks"] if t["letter"] == "refusal")
    assert letter["languages"] == ["lt", "en"]
    done = client.post(f"{url}/{rid}/tasks/{letter['id']}/done", headers=delano_owner.headers,
                       json={"reference": "registered letter RR123"})
    assert done.json()["status"] == "refused"
    listed = client.get(url, headers=delano_owner.headers).json()
    assert [r["id"] for r in listed] == [rid] and "requester" not in listed[0]
    board = client.get(f"{url}/dashboard", headers=delano_owner.headers).json()
    assert board["open"] == []


def test_bad_input_is_a_problem_naming_the_field_and_writes_nothing(
    client: TestClient, delano_owner: Account, loaded: Runtime
) -> None:
    url = BASE.format("delano")
    before = (count(loaded, DsrRequest), count(loaded, AuditEvent))
    cases = [
        (body(right="forgetting"), "right"),
        (body(channel="pigeon"), "channel"),
        (body(received_at="2099-01-01T00:00:00Z"), "received_at"),
        ({k: v for k, v in body().items() if k != "received_at"}, "received_at"),
        (body(surprise=1), "surprise"),
        (body(email="nope"), "email"),
    ]
    for payload, field in cases:
        response = client.post(url, headers=delano_owner.headers, json=payload)
        assert response.status_code == 422, (field, response.text)
        assert response.headers["content-type"].startswith(PROBLEM)
        assert response.json()["field"] == field
    assert (count(loaded, DsrRequest), count(loaded, AuditEvent)) == before


def test_another_organisations_request_is_404(
    client: TestClient, delano_owner: Account, tiens_owner: Account
) -> None:
    theirs = client.post(BASE.format("tiens"), headers=tiens_owner.headers, json=body()).json()
    for method, path in [("GET", ""), ("POST", "/identity"), ("POST", "/decision")]:
        response = client.request(method, f"{BASE.format('delano')}/{theirs['id']}{path}",
                                  headers=delano_owner.headers,
                                  json={"method": "account_login"} if path == "/identity" else
                                  {"outcome": "granted"})
        assert response.status_code == 404, (path, response.text)
    assert client.get(f"{BASE.format('tiens')}/{theirs['id']}",
                      headers=delano_owner.headers).status_code == 404


def test_a_viewer_reads_but_cannot_register(client: TestClient, loaded: Runtime) -> None:
    from tests.e2e.conftest import make_account

    viewer = make_account(loaded, "delano", "viewer")
    assert client.get(BASE.format("delano"), headers=viewer.headers).status_code == 200
    assert client.post(BASE.format("delano"), headers=viewer.headers,
                       json=body()).status_code == 403


def test_processor_forwards_over_rest(client: TestClient, loaded: Runtime) -> None:
    from tests.e2e.conftest import make_account

    vivasend = make_account(loaded, "vivasend", "handler")
    url = BASE.format("vivasend")
    made = client.post(url, headers=vivasend.headers, json=body()).json()
    assert made["status"] == "received" and made["tasks"][0]["kind"] == "forward"
    forwarded = client.post(f"{url}/{made['id']}/forward", headers=vivasend.headers,
                            json={"controller": "Client Shop UAB"})
    assert forwarded.status_code == 200, forwarded.text
    assert forwarded.json()["controller"]["name"] == "Client Shop UAB"
    receipt = client.post(f"{url}/{made['id']}/controller-receipt", headers=vivasend.headers,
                          json={"received_at": forwarded.json()["controller"]["forwarded_at"]})
    assert receipt.status_code == 200 and receipt.json()["controller"]["receipt_at"]


def test_recipient_notices_over_rest(client: TestClient, delano_owner: Account) -> None:
    url = BASE.format("delano")
    made = client.post(url, headers=delano_owner.headers, json=body(
        right="erasure", identity={"method": "qualified_e_signature"})).json()
    decided = client.post(f"{url}/{made['id']}/decision", headers=delano_owner.headers, json={
        "outcome": "granted", "recipients": ["Kurjeris UAB <dpo@kurjeris.example>"]}).json()
    (notice,) = [t for t in decided["tasks"] if t["kind"] == "recipient_notice"]
    board = client.get(f"{url}/dashboard", headers=delano_owner.headers).json()
    assert [n["task"] for n in board["recipient_notices"]] == [notice["id"]]
    wrong = client.post(f"{url}/{made['id']}/tasks/{notice['id']}/letter",
                        headers=delano_owner.headers, json={"language": "en",
                                                            "actions_taken": ["erased"]})
    assert wrong.status_code == 422 and wrong.headers["content-type"] == PROBLEM
    assert "language" in wrong.text  # Delano writes in Lithuanian only
    sent = client.post(f"{url}/{made['id']}/tasks/{notice['id']}/letter",
                       headers=delano_owner.headers, json={
                           "actions_taken": ["account and order history erased"],
                           "made_public": True})
    assert sent.status_code == 200, sent.text
    told = next(t for t in sent.json()["tasks"] if t["id"] == notice["id"])
    assert told["status"] == "done" and told["reference"].startswith("letter:")
    assert sent.json()["open_recipient_notices"] == 0
    letter_id = int(told["reference"].split(":")[1])
    letters = client.get(f"/api/v1/organisations/delano/letters?request_ref={made['id']}",
                         headers=delano_owner.headers).json()
    assert [(x["id"], x["kind"], x["channel"]) for x in letters] == [
        (letter_id, "recipient_notice", "email")]


def test_clarification_over_rest(client: TestClient, delano_owner: Account,
                                 loaded: Runtime) -> None:
    url = BASE.format("delano")
    made = client.post(url, headers=delano_owner.headers, json=body(
        identity={"method": "qualified_e_signature"})).json()
    events = count(loaded, AuditEvent)
    empty = client.post(f"{url}/{made['id']}/clarification", headers=delano_owner.headers,
                        json={"topic": "scope", "questions": []})
    assert empty.status_code == 422 and empty.headers["content-type"] == PROBLEM
    assert "questions" in empty.text
    wrong = client.post(f"{url}/{made['id']}/clarification", headers=delano_owner.headers,
                        json={"topic": "weather", "questions": ["which data?"]})
    assert wrong.status_code == 422 and "topic" in wrong.text
    assert count(loaded, AuditEvent) == events
    asked = client.post(f"{url}/{made['id']}/clarification", headers=delano_owner.headers,
                        json={"topic": "scope", "questions": ["Which period do you mean?"]})
    assert asked.status_code == 200, asked.text
    assert asked.json()["paused"] is True
    (task,) = [t for t in asked.json()["tasks"] if t["letter"] == "clarification"]
    assert task["status"] == "done" and task["reference"].startswith("letter:")
    too_long = client.post(f"{url}/{made['id']}/clarification/reply",
                           headers=delano_owner.headers,
                           json={"received_at": dt.datetime.now(dt.UTC).isoformat(),
                                 "text": "x" * 20_001})
    assert too_long.status_code == 422 and "text" in too_long.text
    replied = client.post(f"{url}/{made['id']}/clarification/reply",
                          headers=delano_owner.headers,
                          json={"received_at": dt.datetime.now(dt.UTC).isoformat(),
                                "text": "The purchases of this year."})
    assert replied.status_code == 200, replied.text
    assert replied.json()["paused"] is False
    (reply,) = replied.json()["clarification_replies"]
    assert reply["text"] == "The purchases of this year."
    again = client.post(f"{url}/{made['id']}/clarification/reply",
                        headers=delano_owner.headers,
                        json={"received_at": dt.datetime.now(dt.UTC).isoformat()})
    assert again.status_code == 409 and again.headers["content-type"] == PROBLEM
