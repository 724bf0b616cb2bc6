"""The REST API as a script would use it, bad input included."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.e2e.conftest import Account, make_account
from tvarka.adapters.db.tables import AuditEvent, User
from tvarka.runtime import Runtime

PROBLEM = "application/problem+json"


def count(rt: Runtime, model: type) -> int:
    with rt.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def test_openapi_describes_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/organisations" in paths and "/api/v1/organisations/{key}" in paths


def test_no_credentials_is_401_problem(client: TestClient) -> None:
    response = client.get("/api/v1/organisations")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.headers["www-authenticate"] == "Bearer"


def test_list_shows_only_the_callers_organisations(client: TestClient, delano_owner: Account):
    response = client.get("/api/v1/organisations", headers=delano_owner.headers)
    assert response.json() == [{"key": "delano", "legal_name": response.json()[0]["legal_name"],
                                "role": "owner"}]
    assert "Delano" in response.json()[0]["legal_name"]


def test_profile_has_citations_authority_settings_and_gaps(
    client: TestClient, delano_owner: Account
) -> None:
    body = client.get("/api/v1/organisations/delano", headers=delano_owner.headers).json()
    assert body["profile"]["company_code"] == {
        "value": "125542554", "citation": body["profile"]["company_code"]["citation"],
        "note": body["profile"]["company_code"].get("note")}
    assert body["profile"]["company_code"]["citation"].startswith("003 ")
    assert body["supervisory_authority"]["email"] == "ada@ada.lt"
    assert body["supervisory_authority"]["address"]["street"] == "L. Sapiegos g. 17"
    settings = {s["name"]: s for s in body["settings"]}
    assert settings["password_max_age"]["value"] == "3 months"
    assert settings["password_max_age"]["reference"].startswith("003 ")
    assert all(g["kind"] in ("silent", "damaged") for g in body["gaps"])


def test_it_sales_obfuscated_email_is_a_damaged_gap(client: TestClient, loaded: Runtime) -> None:
    owner = make_account(loaded, "it-sales")
    body = client.get("/api/v1/organisations/it-sales", headers=owner.headers).json()
    assert any(g["path"].startswith("emails") and g["kind"] == "damaged" for g in body["gaps"])


def test_unknown_field_is_422_naming_it_and_writes_nothing(
    client: TestClient, loaded: Runtime, delano_owner: Account
) -> None:
    users_before, events_before = count(loaded, User), count(loaded, AuditEvent)
    response = client.post(
        "/api/v1/organisations/delano/members", headers=delano_owner.headers,
        json={"email": "new@example.com", "role": "viewer", "password": "Long-enough-9",
              "nickname": "x"},
    )
    assert response.status_code == 422 and response.json()["field"] == "nickname"
    assert (count(loaded, User), count(loaded, AuditEvent)) == (users_before, events_before)


def test_malformed_json_is_400(client: TestClient, delano_owner: Account) -> None:
    response = client.post(
        "/api/v1/organisations/delano/members", content=b'{"email": ',
        headers=delano_owner.headers | {"content-type": "application/json"},
    )
    assert response.status_code == 400 and response.json()["field"] == "body"


def test_oversize_body_is_413(client: TestClient, delano_owner: Account) -> None:
    response = client.post(
        "/api/v1/organisations/delano/members", headers=delano_owner.headers,
        json={"email": "a@example.com", "role": "viewer", "password": "x" * 100_000},
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith(PROBLEM)


def test_service_errors_name_the_field(client: TestClient, delano_owner: Account) -> None:
    response = client.post(
        "/api/v1/organisations/delano/members", headers=delano_owner.headers,
        json={"email": "not-an-address", "role": "viewer", "password": "Long-enough-9"},
    )
    assert response.status_code == 422 and response.json()["field"] == "email"


def test_owner_adds_a_member_and_it_is_audited(
    client: TestClient, loaded: Runtime, delano_owner: Account
) -> None:
    events_before = count(loaded, AuditEvent)
    response = client.post(
        "/api/v1/organisations/delano/members", headers=delano_owner.headers,
        json={"email": "handler@example.com", "role": "handler", "password": "Long-enough-9"},
    )
    assert response.status_code == 201
    assert count(loaded, AuditEvent) == events_before + 2  # user.created, membership.granted
    verify = client.get("/api/v1/organisations/delano/audit/verify", headers=delano_owner.headers)
    assert verify.json()["ok"] is True


def test_a_viewer_may_not_add_members(client: TestClient, loaded: Runtime) -> None:
    viewer = make_account(loaded, "delano", "viewer")
    response = client.post(
        "/api/v1/organisations/delano/members", headers=viewer.headers,
        json={"email": "x@example.com", "role": "viewer", "password": "Long-enough-9"},
    )
    assert response.status_code == 403


def test_password_change_over_the_api(client: TestClient, loaded: Runtime) -> None:
    account = make_account(loaded, "tiens", "handler")
    me = client.get("/api/v1/me", headers=account.headers).json()
    assert me["organisations"] == {"tiens": "handler"}
    response = client.post("/api/v1/me/password", headers=account.headers,
                           json={"current_password": account.password, "new_password": "short"})
    assert response.status_code == 422 and response.json()["field"] == "new_password"
