"""An access request decided for an organisation with a connected shop database: the person
follows the request in the privacy centre and downloads their data through an expiring
link; the link opens only their own package, only for the browser that proved the address."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from tests.e2e import test_privacy_centre as centre
from tests.e2e.conftest import make_account
from tests.integration.execution import shop
from tvarka.domain.requests.decisions import ACCESS_CONTENTS, Decision
from tvarka.domain.requests.terms import Outcome
from tvarka.runtime import Runtime
from tvarka.services import execution, requests
from tvarka.services.actor import SYSTEM
from tvarka.services.privacy_centre.submissions import CodeMessage
from tvarka.services.requests import IdentityCheck

ORG = "it-sales"
outbox = centre.outbox  # the privacy centre's code e-mails, captured
submission_of = centre.submission_of


@pytest.fixture
def target(loaded: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> sa.Engine:
    monkeypatch.setenv("TVARKA_QUEUE_IMMEDIATE", "1")
    url = f"sqlite:///{tmp_path / 'shop.sqlite3'}"
    engine = sa.create_engine(url)
    shop.build(engine, 10)
    execution.add_system(loaded, SYSTEM, ORG, "shop", "sql", url=url,
                         datasets_yaml=shop.DATASET_YML.read_text())
    return engine


def granted_access(client: TestClient, rt: Runtime, outbox: list[CodeMessage],
                   customer: int) -> str:
    sent = client.post(f"/privacy/{ORG}?lang=en", data={
        "right": "access", "name": f"Name {customer}", "email": shop.email(customer),
        "text": "all my data", "response_medium": "portal"})
    done = client.post(f"/privacy/{ORG}/confirm", data={
        "submission": submission_of(sent.text), "code": outbox[-1].code})
    reference = done.text.split('id="reference">', 1)[1].split("<", 1)[0]
    requests.verify_identity(rt.uow(), rt.data_key, SYSTEM, ORG, reference,
                             IdentityCheck("one_time_code_known_address"))
    requests.decide(rt.uow(), rt.data_key, SYSTEM, ORG, reference,
                    Decision(Outcome.granted, access_content={k: "s" for k in ACCESS_CONTENTS}),
                    runtime=rt)
    return reference


def follow(client: TestClient, outbox: list[CodeMessage], reference: str, customer: int) -> str:
    asked = client.post(f"/privacy/{ORG}/follow?lang=en",
                        data={"reference": reference, "email": shop.email(customer)})
    client.post(f"/privacy/{ORG}/follow/confirm", data={
        "submission": submission_of(asked.text), "code": outbox[-1].code})
    page = client.get(f"/privacy/{ORG}/my-request?lang=en").text
    return page.split('id="package" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")


def test_the_person_downloads_their_rows_through_an_expiring_link(
    client: TestClient, loaded: Runtime, outbox: list[CodeMessage], target: sa.Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = granted_access(client, loaded, outbox, 5)
    reference = granted_access(client, loaded, outbox, 3)
    client.cookies.clear()
    link = follow(client, outbox, reference, 3)
    assert link.startswith(f"/privacy/{ORG}/my-request/package?link=")
    got = client.get(link)
    assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
    document = json.loads(zipfile.ZipFile(io.BytesIO(got.content)).read("data.json"))
    rows = {c["collection"]: {r["id"] for r in c["rows"]} for c in document["collections"]}
    assert rows == shop.subject_rows(target, 3)
    assert shop.email(5) not in got.content.decode("latin-1")

    stranger = TestClient(client.app)  # the link alone, without the proven address
    assert stranger.get(link, follow_redirects=False).status_code == 303

    with monkeypatch.context() as clock:  # links live LINK_MAX_AGE seconds: make that past
        clock.setattr(execution, "LINK_MAX_AGE", -1)
        expired = client.get(link + "&lang=en")
    assert expired.status_code == 410 and "expired" in expired.text

    client.cookies.clear()
    other_link = follow(client, outbox, other, 5)
    assert client.get(other_link).status_code == 200
    # the first person's link does not open from the second person's session
    assert client.get(link).status_code == 404


def test_rest_decision_starts_the_job_and_a_failed_job_refuses_the_answer(
    client: TestClient, loaded: Runtime, target: sa.Engine
) -> None:
    owner = make_account(loaded, ORG, "owner")
    execution.set_erasure_rules(loaded, SYSTEM, ORG, {"user.contact": "null",
                                                      "user.name": "null"})
    url = f"/api/v1/organisations/{ORG}/requests"
    created = client.post(url, headers=owner.headers, json={
        "right": "erasure", "channel": "email", "received_at": "2026-11-20T09:00:00+02:00",
        "name": "Name 4", "email": shop.email(4), "identifiers": {"customer_id": "4"},
        "identity": {"method": "one_time_code_known_address"}})
    assert created.status_code == 201, created.text
    rid = created.json()["id"]
    with target.begin() as conn:  # the target breaks before the job runs
        conn.execute(sa.text("ALTER TABLE newsletter RENAME TO newsletter_gone"))
    decided = client.post(f"{url}/{rid}/decision", headers=owner.headers,
                          json={"outcome": "granted"})
    assert decided.status_code == 200, decided.text
    job = decided.json()["job"]
    assert job["action"] == "erasure" and job["status"] == "open"
    assert job["failed"] and "newsletter" in job["failed"][0]["error"]
    answer = next(t for t in decided.json()["tasks"] if t["letter"] == "answer")
    refused = client.post(f"{url}/{rid}/tasks/{answer['id']}/done", headers=owner.headers,
                          json={"reference": "letter"})
    assert refused.status_code == 409 and refused.headers["content-type"].startswith(
        "application/problem+json")
    assert "tvarka job resume" in refused.json()["detail"]
    assert client.get(f"{url}/{rid}", headers=owner.headers).json()["status"] == "decided"
    bad = client.post(f"{url}", headers=owner.headers, json={
        "right": "access", "channel": "email", "received_at": "2026-11-20T09:00:00+02:00",
        "identifiers": {"Customer Id": "4"}})
    assert bad.status_code in (400, 422) and "identifiers" in bad.text
