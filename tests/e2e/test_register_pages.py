"""The register and findings pages: read with citations, edit through the form, refuse bad input."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.e2e.conftest import Account, make_account
from tvarka.runtime import Runtime


def sign_in(client: TestClient, account: Account) -> None:
    client.post("/login", data={"email": account.email, "password": account.password})
    client.post(
        "/password",
        data={"current_password": account.password, "new_password": account.password + "-new"},
    )


def test_register_page_shows_every_activity_with_citations(
    client: TestClient, delano_owner: Account
) -> None:
    sign_in(client, delano_owner)
    page = client.get("/org/delano/register?lang=en")
    assert page.status_code == 200
    assert page.text.count('<section class="activity"') == 25
    assert "003 D-PN L11" in page.text
    assert "missing: the employee data list" in page.text  # lost lists say so
    assert "/api/v1/organisations/delano/ropa?format=xlsx" in page.text
    assert "No review recorded yet" in page.text
    lt = client.get("/org/delano/register?lang=lt")
    assert "Duomenų tvarkymo veiklos įrašai" in lt.text
    assert "Asmens duomenų kategorijos" in lt.text  # the record headings in Lithuanian
    assert "trūksta: the employee data list" in lt.text


def test_findings_page(client: TestClient, delano_owner: Account) -> None:
    sign_in(client, delano_owner)
    page = client.get("/org/delano/findings?lang=en")
    assert page.status_code == 200
    for code in ("FEE-ONCE-PER-YEAR", "DSR-30-DAYS", "AGE-16-VS-14", "COOKIE-IMPLIED-CONSENT"):
        assert f'data-code="{code}"' in page.text
    assert "003 D-DSR 12.6" in page.text


def test_edit_through_the_form(client: TestClient, delano_owner: Account) -> None:
    sign_in(client, delano_owner)
    form = client.get("/org/delano/register/video-surveillance")
    assert form.status_code == 200 and "textarea" in form.text
    data = json.loads(
        client.get(
            "/api/v1/organisations/delano/activities/video-surveillance",
            headers=delano_owner.headers,
        ).text
    )
    data["retention"] = [
        {
            "anchor": "recorded",
            "anchor_label": "recording",
            "period": "30 calendar days",
            "action": "delete",
            "citation": "003 D-VIDEO L51",
        }
    ]
    saved = client.post(
        "/org/delano/register/video-surveillance",
        data={"activity": json.dumps(data)},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    after = client.get(
        "/api/v1/organisations/delano/activities/video-surveillance", headers=delano_owner.headers
    ).json()
    assert after["retention"][0]["period"] == "30 calendar days"
    data["data_categories"] = [{"key": "user.shoe_size", "label": "x", "citation": "003 X 1"}]
    refused = client.post(
        "/org/delano/register/video-surveillance", data={"activity": json.dumps(data)}
    )
    assert refused.status_code == 422 and "user.shoe_size" in refused.text
    broken = client.post("/org/delano/register/video-surveillance", data={"activity": "{not json"})
    assert broken.status_code == 422 and "not valid JSON" in broken.text


def test_create_and_delete_through_the_form(client: TestClient, delano_owner: Account) -> None:
    sign_in(client, delano_owner)
    template = client.get("/org/delano/register/new")
    assert template.status_code == 200
    data = json.loads(
        client.get(
            "/api/v1/organisations/delano/activities/video-surveillance",
            headers=delano_owner.headers,
        ).text
    )
    data["key"] = "terrace-cameras"
    created = client.post(
        "/org/delano/register", data={"activity": json.dumps(data)}, follow_redirects=False
    )
    assert created.status_code == 303
    assert (
        client.get(
            "/api/v1/organisations/delano/activities/terrace-cameras", headers=delano_owner.headers
        ).status_code
        == 200
    )
    deleted = client.post("/org/delano/register/terrace-cameras/delete", follow_redirects=False)
    assert deleted.status_code == 303
    assert (
        client.get(
            "/api/v1/organisations/delano/activities/terrace-cameras", headers=delano_owner.headers
        ).status_code
        == 404
    )


def test_review_through_the_page(client: TestClient, delano_owner: Account) -> None:
    sign_in(client, delano_owner)
    recorded = client.post(
        "/org/delano/review", data={"reviewed_on": "2026-01-05"}, follow_redirects=False
    )
    assert recorded.status_code == 303
    assert "2028-01-05" in client.get("/org/delano/register?lang=en").text


def test_another_organisations_pages_are_not_found(
    client: TestClient, delano_owner: Account
) -> None:
    sign_in(client, delano_owner)
    assert client.get("/org/tiens/register").status_code == 404
    assert client.get("/org/tiens/findings").status_code == 404
    assert client.get("/org/tiens/register/t3-e-commerce").status_code == 404
    assert client.post("/org/tiens/register/t3-e-commerce/delete").status_code == 404


def test_a_viewer_cannot_edit(client: TestClient, loaded: Runtime) -> None:
    viewer = make_account(loaded, "delano", "viewer")
    sign_in(client, viewer)
    page = client.get("/org/delano/register")
    assert page.status_code == 200 and "new-activity" not in page.text
    refused = client.post("/org/delano/register/video-surveillance/delete")
    assert refused.status_code == 403
