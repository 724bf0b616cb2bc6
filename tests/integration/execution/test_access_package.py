"""The access package built from a real access request: exact rows, sealed at rest, links expire."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
import sqlalchemy as sa
from cryptography.exceptions import InvalidTag

from tests.integration.execution import shop
from tvarka.adapters.access_package.build import package_document, package_zip
from tvarka.adapters.access_package.links import LinkRefused, link_token, package_of_link
from tvarka.adapters.crypto import DataKey
from tvarka.adapters.targets.sql import SqlSystem

WHEN = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def package(system: SqlSystem, shop_engine: sa.Engine) -> bytes:
    with shop_engine.begin() as conn:
        conn.execute(sa.text("UPDATE customer SET name = '<b>Ona</b> & Co' WHERE id = 6"))
    data = system.access({"email": [shop.email(6)]})
    return package_zip(package_document([data], shop.email(6), WHEN, "Example UAB", lang="lt"))


def test_package_holds_exactly_the_subjects_rows_in_json_csv_and_html(
    package: bytes, shop_engine: sa.Engine
) -> None:
    archive = zipfile.ZipFile(io.BytesIO(package))
    document = json.loads(archive.read("data.json"))
    expected = shop.subject_rows(shop_engine, 6)
    got = {c["collection"]: {r["id"] for r in c["rows"]} for c in document["collections"]}
    assert got == expected
    customer = next(c for c in document["collections"] if c["collection"] == "customer")
    assert customer["rows"][0]["name"] == "<b>Ona</b> & Co"
    assert {
        "name": "email",
        "categories": ["user.contact.email"],
        "labels": ["User Contact Email"],
    } in customer["fields"]
    orders = next(c for c in document["collections"] if c["collection"] == "orders")
    if shop_engine.dialect.name != "sqlite":  # SQLite has no exact decimals to keep
        assert all(isinstance(r["total"], str) for r in orders["rows"])  # no float rounding
    for table, keys in expected.items():
        name = f"csv/shop/shop_pg_dataset.{table}.csv"
        rows = list(csv.DictReader(io.StringIO(archive.read(name).decode())))
        assert {int(r["id"]) for r in rows} == keys
    page = archive.read("index.html").decode()
    assert "Jūsų asmens duomenys" in page
    assert "&lt;b&gt;Ona&lt;/b&gt; &amp; Co" in page and "<b>Ona</b>" not in page


def test_portability_export_is_the_subjects_own_data_as_json(
    system: SqlSystem, shop_engine: sa.Engine
) -> None:
    data = system.access({"email": [shop.email(6)]})
    package = package_zip(package_document([data], shop.email(6), WHEN, "Example UAB"))
    document = json.loads(zipfile.ZipFile(io.BytesIO(package)).read("portability.json"))
    sources = {r["source"]: r for r in document["records"]}
    customer = sources["shop/shop_pg_dataset.customer"]
    assert customer["rows"] == [
        {
            "address": "6 Main Street",
            "email": shop.email(6),
            "id": 6,
            "name": "Name 6",
            "phone": "+370-600-00006",
        }
    ]
    assert "created_at" not in customer["schema"]  # system.operations: not the user's data
    assert set(sources["shop/shop_pg_dataset.order_items"]["schema"]) == {
        "product",
        "quantity",
        "price",
    }


def test_package_sealed_with_the_data_key_opens_only_with_that_key_and_id(package: bytes) -> None:
    key, other = DataKey(bytes(range(32))), DataKey(bytes(32))
    sealed = key.encrypt(package, "package:pkg-1")
    assert package not in sealed and key.decrypt(sealed, "package:pkg-1") == package
    with pytest.raises(InvalidTag):
        other.decrypt(sealed, "package:pkg-1")
    with pytest.raises(InvalidTag):
        key.decrypt(sealed, "package:pkg-2")
    with pytest.raises(InvalidTag):
        key.decrypt(sealed[:-1] + bytes([sealed[-1] ^ 1]), "package:pkg-1")


def test_download_links_expire_and_cannot_be_forged() -> None:
    token = link_token("secret", "pkg-1")
    assert package_of_link("secret", token, max_age=3600) == "pkg-1"
    with pytest.raises(LinkRefused, match="expired"):
        package_of_link("secret", token, max_age=-1)
    with pytest.raises(LinkRefused, match="not valid"):
        package_of_link("other", token, max_age=3600)
