"""The execution endpoints over HTTP: connect a system, execute, follow, download the package."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from tests.e2e.conftest import Account
from tests.integration.execution import shop

BASE = "/api/v1/organisations/delano"


@pytest.fixture
def shop_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TVARKA_QUEUE_IMMEDIATE", "1")
    url = f"sqlite:///{tmp_path / 'shop.sqlite3'}"
    engine = sa.create_engine(url)
    shop.build(engine, 10)
    engine.dispose()
    return url


def test_connect_execute_follow_and_download(
    client: TestClient, delano_owner: Account, shop_url: str
) -> None:
    h = delano_owner.headers
    created = client.post(
        f"{BASE}/systems",
        headers=h,
        json={"key": "shop", "url": shop_url, "datasets_yaml": shop.DATASET_YML.read_text()},
    )
    assert created.status_code == 201 and created.json()["collections"] == 5
    assert "url" not in created.json()  # the URL (and any password in it) never comes back
    assert client.post(f"{BASE}/systems/shop/validate", headers=h).json() == []
    started = client.post(
        f"{BASE}/executions",
        headers=h,
        json={"action": "access", "identities": {"email": [shop.email(2)]}},
    )
    assert started.status_code == 202
    job = started.json()["job"]
    view = client.get(f"{BASE}/executions/{job}", headers=h).json()
    assert view["status"] == "done" and view["tasks"][0]["status"] == "done"
    link = client.post(f"{BASE}/executions/{job}/package-link", headers=h).json()
    download = client.get(link["url"])  # the privacy centre: no login, the link is the key
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/zip"
    document = json.loads(zipfile.ZipFile(io.BytesIO(download.content)).read("data.json"))
    customer = next(c for c in document["collections"] if c["collection"] == "customer")
    assert customer["rows"][0]["email"] == shop.email(2)
    assert client.get("/privacy/packages/forged-token").status_code == 404


def test_bad_input_is_a_problem_naming_the_field(client: TestClient, delano_owner: Account) -> None:
    h = delano_owner.headers
    bad = client.post(
        f"{BASE}/systems",
        headers=h,
        json={"key": "shop", "url": "sqlite://", "datasets_yaml": "dataset: []"},
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert bad.json()["field"] == "datasets"
    rules = client.put(f"{BASE}/erasure-rules", headers=h, json={"rules": {"user.nam": "null"}})
    assert rules.status_code == 422 and rules.json()["field"] == "rules"
    no_systems = client.post(
        f"{BASE}/executions",
        headers=h,
        json={"action": "access", "identities": {"email": ["a@example.com"]}},
    )
    assert no_systems.status_code == 422


def test_another_organisation_sees_nothing(
    client: TestClient, delano_owner: Account, tiens_owner: Account, shop_url: str
) -> None:
    client.post(
        f"{BASE}/systems",
        headers=delano_owner.headers,
        json={"key": "shop", "url": shop_url, "datasets_yaml": shop.DATASET_YML.read_text()},
    )
    job = client.post(
        f"{BASE}/executions",
        headers=delano_owner.headers,
        json={"action": "access", "identities": {"email": [shop.email(2)]}},
    ).json()["job"]
    assert client.get(f"{BASE}/executions/{job}", headers=tiens_owner.headers).status_code == 404
    assert client.get(f"{BASE}/systems", headers=tiens_owner.headers).status_code == 404
    other = client.get(f"/api/v1/organisations/tiens/executions/{job}", headers=tiens_owner.headers)
    assert other.status_code == 404
