"""The register over REST: read, edit with audit, 422 naming the bad value, exports, findings, review."""

from __future__ import annotations

import csv
import io
from datetime import date

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.e2e.conftest import Account, make_account
from tvarka.adapters.db import audit_log
from tvarka.runtime import Runtime

BASE = "/api/v1/organisations/delano"


def new_activity(key: str = "staff-canteen") -> dict[str, object]:
    cite = "003 D-POL 4.2.2"
    return {
        "key": key,
        "purpose": {"en": "Staff canteen orders", "citation": cite},
        "role": {"value": "controller", "citation": cite},
        "data_uses": ["essential.service"],
        "legal_bases": [{"basis": "b", "citation": cite}],
        "data_subjects": [{"key": "employee", "label": "employees", "citation": cite}],
        "data_categories": [{"key": "user.name", "label": "name", "citation": cite}],
        "retention": [
            {
                "anchor": "order_paid",
                "anchor_label": "order paid",
                "period": "1 year",
                "action": "delete",
                "citation": cite,
            }
        ],
    }


def audit_actions(rt: Runtime, chain: str) -> list[str]:
    with rt.uow() as uow:
        return [e.action for e in audit_log.events_of(uow.session, chain)]


def test_seeded_register_is_readable(client: TestClient, delano_owner: Account) -> None:
    activities = client.get(f"{BASE}/activities", headers=delano_owner.headers).json()
    assert len(activities) == 25
    one = client.get(f"{BASE}/activities/loyalty-registration", headers=delano_owner.headers).json()
    assert one["purpose"]["citation"] == "003 D-PN L11"
    missing = client.get(f"{BASE}/activities/no-such-activity", headers=delano_owner.headers)
    assert missing.status_code == 404


def test_create_change_delete_are_audited(
    client: TestClient, loaded: Runtime, delano_owner: Account
) -> None:
    created = client.post(f"{BASE}/activities", json=new_activity(), headers=delano_owner.headers)
    assert created.status_code == 201, created.text
    changed = client.patch(
        f"{BASE}/activities/staff-canteen",
        json={"purpose": {"en": "Staff canteen orders and payments"}},
        headers=delano_owner.headers,
    )
    assert changed.status_code == 200 and changed.json()["purpose"]["en"].endswith("payments")
    assert changed.json()["purpose"]["citation"] == "003 D-POL 4.2.2"
    deleted = client.delete(f"{BASE}/activities/staff-canteen", headers=delano_owner.headers)
    assert deleted.status_code == 204
    assert (
        client.get(f"{BASE}/activities/staff-canteen", headers=delano_owner.headers).status_code
        == 404
    )
    actions = audit_actions(loaded, "delano")
    assert actions[-3:] == [
        "register.activity.created",
        "register.activity.changed",
        "register.activity.deleted",
    ]
    assert "register.seeded" in actions
    verify = client.get(f"{BASE}/audit/verify", headers=delano_owner.headers).json()
    assert verify["ok"] is True


def test_unknown_category_basis_and_country_get_422_naming_the_value(
    client: TestClient, loaded: Runtime, delano_owner: Account
) -> None:
    before = audit_actions(loaded, "delano")
    bad_category = new_activity() | {
        "data_categories": [{"key": "user.shoe_size", "label": "x", "citation": "003 X 1"}]
    }
    response = client.post(f"{BASE}/activities", json=bad_category, headers=delano_owner.headers)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "user.shoe_size" in response.json()["detail"]
    posted_basis = client.post(
        f"{BASE}/activities",
        json=new_activity() | {"legal_bases": [{"basis": "x", "citation": "003 X 1"}]},
        headers=delano_owner.headers,
    )
    assert posted_basis.status_code == 422 and "'x'" in posted_basis.json()["detail"]
    bad_basis = client.patch(
        f"{BASE}/activities/video-surveillance",
        json={"legal_bases": [{"basis": "x", "citation": "003 X 1"}]},
        headers=delano_owner.headers,
    )
    assert bad_basis.status_code == 422 and "'x'" in bad_basis.json()["detail"]
    assert bad_basis.json()["field"].startswith("legal_bases")
    bad_country = client.patch(
        f"{BASE}/activities/video-surveillance",
        json={
            "transfers": [
                {"country": "XX", "recipient": "Cloud", "mechanism": "scc", "citation": "003 X 1"}
            ]
        },
        headers=delano_owner.headers,
    )
    assert bad_country.status_code == 422 and "'XX'" in bad_country.json()["detail"]
    assert audit_actions(loaded, "delano") == before  # nothing written


def test_duplicate_key_conflicts(client: TestClient, delano_owner: Account) -> None:
    body = new_activity("video-surveillance")
    assert (
        client.post(f"{BASE}/activities", json=body, headers=delano_owner.headers).status_code
        == 409
    )


def test_viewer_reads_but_cannot_edit(client: TestClient, loaded: Runtime) -> None:
    viewer = make_account(loaded, "delano", "viewer")
    assert client.get(f"{BASE}/activities", headers=viewer.headers).status_code == 200
    assert (
        client.post(f"{BASE}/activities", json=new_activity(), headers=viewer.headers).status_code
        == 403
    )
    assert (
        client.delete(f"{BASE}/activities/video-surveillance", headers=viewer.headers).status_code
        == 403
    )


def test_ropa_exports(client: TestClient, delano_owner: Account) -> None:
    xlsx = client.get(
        f"{BASE}/ropa", params={"format": "xlsx", "lang": "en"}, headers=delano_owner.headers
    )
    assert xlsx.status_code == 200
    assert "ropa-delano-en.xlsx" in xlsx.headers["content-disposition"]
    assert (
        load_workbook(io.BytesIO(xlsx.content))["Art. 30(1)"]["C1"].value == "Purpose of processing"
    )
    lt = client.get(
        f"{BASE}/ropa", params={"format": "csv", "lang": "lt"}, headers=delano_owner.headers
    )
    rows = list(csv.reader(io.StringIO(lt.content.decode("utf-8-sig"))))
    assert rows[1][2] == "Tvarkymo tikslas"
    assert (
        client.get(
            f"{BASE}/ropa", params={"format": "doc"}, headers=delano_owner.headers
        ).status_code
        == 422
    )
    vivasend_owner = make_account_for(client, "vivasend")
    processor = client.get(
        "/api/v1/organisations/vivasend/ropa",
        params={"format": "json", "record": "processor"},
        headers=vivasend_owner,
    ).json()
    assert [r["kind"] for r in processor["records"]] == ["processor"]


def make_account_for(client: TestClient, org: str) -> dict[str, str]:
    runtime: Runtime = client.app.state.runtime  # type: ignore[attr-defined]
    return make_account(runtime, org).headers


def test_findings(client: TestClient, delano_owner: Account) -> None:
    found = client.get(
        f"{BASE}/findings", params={"as_of": "2026-11-23"}, headers=delano_owner.headers
    ).json()
    codes = {f["code"] for f in found}
    assert {
        "DSR-30-DAYS",
        "FEE-ONCE-PER-YEAR",
        "AGE-16-VS-14",
        "AGE-BLOCK-VS-PARENTAL",
        "COOKIE-IMPLIED-CONSENT",
    } <= codes
    assert all(f["citation"] and f["legal_reference"] for f in found)
    tiens = client.get(
        "/api/v1/organisations/tiens/findings", headers=make_account_for(client, "tiens")
    ).json()
    assert "TRANSFER-PRIVACY-SHIELD" in {f["code"] for f in tiens}


def test_editing_changes_the_findings(client: TestClient, delano_owner: Account) -> None:
    def codes() -> set[str]:
        return {
            f["code"] for f in client.get(f"{BASE}/findings", headers=delano_owner.headers).json()
        }

    assert "ACTIVITY-QUESTIONABLE" in codes()
    client.delete(f"{BASE}/activities/car-park-security", headers=delano_owner.headers)
    assert "ACTIVITY-QUESTIONABLE" not in codes()


def test_review_reminder_follows_the_rule(
    client: TestClient, loaded: Runtime, delano_owner: Account
) -> None:
    status = client.get(f"{BASE}/register/review", headers=delano_owner.headers).json()
    assert status["every"] == "2 years" and status["overdue"] is True
    recorded = client.post(
        f"{BASE}/register/review",
        json={"reviewed_on": date.today().isoformat()},
        headers=delano_owner.headers,
    )
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["overdue"] is False
    assert recorded.json()["due"] == date.today().replace(year=date.today().year + 2).isoformat()
    codes = {f["code"] for f in client.get(f"{BASE}/findings", headers=delano_owner.headers).json()}
    assert "REVIEW-DUE" not in codes
    assert audit_actions(loaded, "delano")[-1] == "register.reviewed"
    future = client.post(
        f"{BASE}/register/review", json={"reviewed_on": "2999-01-01"}, headers=delano_owner.headers
    )
    assert future.status_code == 422 and future.json()["field"] == "reviewed_on"
