"""Access, erasure, rectification and restriction against a real shop database.

Each outcome is checked against the database itself, found independently of the engine: the
access data holds exactly the subject's rows, erased columns are NULL, every other row and
column is byte-for-byte what it was.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tests.integration.execution import shop
from tvarka.adapters.targets.sql import SqlSystem
from tvarka.domain.execution.changes import keyed_hash
from tvarka.domain.execution.datamap import CollectionAddress, FieldAddress, parse_yaml
from tvarka.domain.execution.erasure import ErasurePolicy, ErasureRule, MaskAction
from tvarka.domain.execution.protection import Protection, ProtectionKind, restriction_of
from tvarka.domain.execution.rectification import Correction
from tvarka.domain.execution.validation import load_datamap

DS = "shop_pg_dataset"
BASELINE = ErasurePolicy(
    tuple(
        ErasureRule(c, MaskAction.null)
        for c in ("user.contact", "user.name", "user.device.ip_address")
    )
)
# what BASELINE nulls, per table
ERASED = {
    "customer": {"email", "name", "address", "phone"},
    "orders": {"shipping_address"},
    "order_items": set(),
    "login_events": {"ip"},
    "newsletter": {"email"},
}


def at(collection: str) -> CollectionAddress:
    return CollectionAddress(DS, collection)


def assert_only_changed(
    before: dict[str, dict[Any, dict[str, Any]]],
    after: dict[str, dict[Any, dict[str, Any]]],
    expected: dict[str, dict[Any, dict[str, Any]]],
) -> None:
    """``after`` equals ``before`` except the cells in ``expected`` (table -> pk -> values)."""
    for table, rows in before.items():
        want = {pk: {**row, **expected.get(table, {}).get(pk, {})} for pk, row in rows.items()}
        assert after[table] == want, table


def test_access_returns_exactly_the_subjects_rows(
    system: SqlSystem, shop_engine: sa.Engine
) -> None:
    for i in (1, 2, 17):
        data = system.access({"email": [shop.email(i)]})
        expected = shop.subject_rows(shop_engine, i)
        got = {c.collection: {r["id"] for r in rows} for c, rows in data.rows.items()}
        assert got == expected
        everything = shop.snapshot(shop_engine)
        for address, rows in data.rows.items():
            for row in rows:  # every annotated column, with the database's values
                assert row == everything[address.collection][row["id"]]


def test_unknown_identity_finds_nothing(system: SqlSystem) -> None:
    data = system.access({"email": ["nobody@example.com"]})
    assert all(not rows for rows in data.rows.values())


def test_erasure_nulls_the_policys_columns_and_touches_nobody_else(
    system: SqlSystem, shop_engine: sa.Engine
) -> None:
    before = shop.snapshot(shop_engine)
    subject = shop.subject_rows(shop_engine, 4)
    outcome = system.erase({"email": [shop.email(4)]}, BASELINE)
    expected = {
        table: {pk: {c: None for c in ERASED[table]} for pk in keys}
        for table, keys in subject.items()
        if ERASED[table]
    }
    assert_only_changed(before, shop.snapshot(shop_engine), expected)
    counts = {c.collection.collection: (c.found, c.updated) for c in outcome.collections}
    assert counts == {
        "customer": (1, 1),
        "newsletter": (1, 1),
        "orders": (shop.ORDERS, shop.ORDERS),
        "login_events": (shop.LOGINS, shop.LOGINS),
    }


def test_erasure_of_an_odd_customer_without_newsletter_row(
    system: SqlSystem, shop_engine: sa.Engine
) -> None:
    before = shop.snapshot(shop_engine)
    system.erase({"email": [shop.email(5)]}, BASELINE)
    after = shop.snapshot(shop_engine)
    assert after["customer"][5]["email"] is None
    assert after["newsletter"] == before["newsletter"]


def test_legal_hold_rows_are_left_alone_and_reported(
    system: SqlSystem, shop_engine: sa.Engine
) -> None:
    subject = shop.subject_rows(shop_engine, 6)
    held_order = min(subject["orders"])
    hold = Protection(
        ProtectionKind.legal_hold,
        "case 2026/17",
        frozenset({(at("orders"), (held_order,)), (at("customer"), (6,))}),
    )
    before = shop.snapshot(shop_engine)
    outcome = system.erase({"email": [shop.email(6)]}, BASELINE, [hold])
    after = shop.snapshot(shop_engine)
    assert after["orders"][held_order] == before["orders"][held_order]
    assert after["customer"][6] == before["customer"][6]
    others = subject["orders"] - {held_order}
    assert all(after["orders"][o]["shipping_address"] is None for o in others)
    reported = {(x.collection.collection, x.key, x.reason, x.note) for x in outcome.left_alone}
    assert reported == {
        ("orders", (held_order,), "legal_hold", "case 2026/17"),
        ("customer", (6,), "legal_hold", "case 2026/17"),
    }


def test_identity_level_hold_changes_nothing(system: SqlSystem, shop_engine: sa.Engine) -> None:
    before = shop.snapshot(shop_engine)
    hold = Protection(ProtectionKind.legal_hold, "tax audit")
    outcome = system.erase({"email": [shop.email(8)]}, BASELINE, [hold])
    assert shop.snapshot(shop_engine) == before
    assert len(outcome.left_alone) == 1 + 1 + shop.ORDERS + shop.LOGINS


def test_hash_and_fixed_value(system: SqlSystem, shop_engine: sa.Engine) -> None:
    policy = ErasurePolicy(
        (
            ErasureRule("user.contact.email", MaskAction.hash),
            ErasureRule("user.name", MaskAction.fixed, "erased"),
        )
    )
    before = shop.snapshot(shop_engine)
    system.erase({"email": [shop.email(3)]}, policy, hash_secret=b"k" * 32)
    digest = keyed_hash(b"k" * 32, shop.email(3))
    expected = {
        "customer": {3: {"email": digest, "name": "erased"}},
        # customer 3 is odd: no newsletter row
    }
    assert_only_changed(before, shop.snapshot(shop_engine), expected)


def test_delete_rows_children_first_and_parents_kept_when_referenced(
    system: SqlSystem, shop_engine: sa.Engine
) -> None:
    """Deleting login events and customers: orders still reference the customer, so the
    customer row stays (its personal fields nulled) and the outcome says why."""
    policy = ErasurePolicy(
        (
            ErasureRule("user.device", MaskAction.delete_row),
            ErasureRule("user.name", MaskAction.delete_row),
            ErasureRule("user.contact", MaskAction.null),
        )
    )
    subject = shop.subject_rows(shop_engine, 10)
    outcome = system.erase({"email": [shop.email(10)]}, policy)
    after = shop.snapshot(shop_engine)
    assert not subject["login_events"] & set(after["login_events"])
    assert after["customer"][10]["name"] is None and after["customer"][10]["email"] is None
    referenced = [x for x in outcome.left_alone if x.reason == "referenced"]
    assert [(x.collection.collection, x.key) for x in referenced] == [("customer", (10,))]


def test_delete_whole_subject_children_before_parents(
    system: SqlSystem, shop_engine: sa.Engine
) -> None:
    policy = ErasurePolicy(
        (
            ErasureRule("user", MaskAction.delete_row),
            ErasureRule("system.operations", MaskAction.delete_row),
        )
    )
    subject = shop.subject_rows(shop_engine, 12)
    before = shop.snapshot(shop_engine)
    outcome = system.erase({"email": [shop.email(12)]}, policy)
    after = shop.snapshot(shop_engine)
    for table, keys in subject.items():
        assert not keys & set(after[table]), table
        assert set(after[table]) == set(before[table]) - keys, table
    deleted = {c.collection.collection: c.deleted for c in outcome.collections}
    assert deleted["order_items"] == shop.ORDERS * shop.ITEMS


def test_rectification_by_category_reaches_every_copy(
    system: SqlSystem, shop_engine: sa.Engine
) -> None:
    before = shop.snapshot(shop_engine)
    (letter,) = shop.subject_rows(shop_engine, 14)["newsletter"]
    new = "new.address@example.lt"
    system.rectify(
        {"email": [shop.email(14)]},
        [
            Correction(new, category="user.contact.email"),
            Correction("Corrected Name", field=FieldAddress(DS, "customer", "name")),
        ],
    )
    expected = {
        "customer": {14: {"email": new, "name": "Corrected Name"}},
        "newsletter": {letter: {"email": new}},
    }
    assert_only_changed(before, shop.snapshot(shop_engine), expected)


def test_restriction_is_recorded_outside_and_honoured_by_erasure(
    system: SqlSystem, shop_engine: sa.Engine
) -> None:
    before = shop.snapshot(shop_engine)
    located = system.locate({"email": [shop.email(16)]})
    assert shop.snapshot(shop_engine) == before  # the target schema and data stay as they were
    subject = shop.subject_rows(shop_engine, 16)
    assert {c.collection: {k[0] for k in keys} for c, keys in located.located.items()} == subject
    restriction = restriction_of(located.located, "request R-16")
    system.erase({"email": [shop.email(16)]}, BASELINE, [restriction])
    system.rectify(
        {"email": [shop.email(16)]},
        [Correction("X", field=FieldAddress(DS, "customer", "name"))],
        [restriction],
    )
    assert shop.snapshot(shop_engine) == before


def test_heavy_subject_in_several_batches(
    shop_engine: sa.Engine, shop_url: str, shop_datamap
) -> None:
    """More keys than one batch holds: every batch is read and erased."""
    system = SqlSystem("shop", shop_url, shop_datamap, batch_size=2)
    try:
        before = shop.snapshot(shop_engine)
        subject = shop.subject_rows(shop_engine, 20)
        data = system.access({"email": [shop.email(20)]})
        assert {c.collection: {r["id"] for r in rows} for c, rows in data.rows.items()} == subject
        system.erase({"email": [shop.email(20)]}, BASELINE)
        expected = {
            table: {pk: {c: None for c in ERASED[table]} for pk in keys}
            for table, keys in subject.items()
            if ERASED[table]
        }
        assert_only_changed(before, shop.snapshot(shop_engine), expected)
    finally:
        system.dispose()


def test_several_identity_types_and_values_cast_to_the_fields_type(
    shop_engine: sa.Engine, shop_url: str
) -> None:
    """A customer id typed as text reaches an integer key (fides_meta.data_type: integer);
    a phone number is a second identity; both lead to the same rows, found once."""
    text = shop.DATASET_YML.read_text()
    text = text.replace(
        "            fides_meta:\n              primary_key: true\n              data_type: integer\n"
        "          - name: email",
        "            fides_meta:\n              primary_key: true\n              identity: customer_id\n"
        "              data_type: integer\n          - name: email",
        1,
    ).replace(
        "            data_categories: [user.contact.phone_number]\n            fides_meta:\n",
        "            data_categories: [user.contact.phone_number]\n            fides_meta:\n"
        "              identity: phone_number\n",
    )
    datamap, _ = load_datamap(parse_yaml(text))
    assert datamap.identity_types == {"email", "customer_id", "phone_number"}
    system = SqlSystem("shop", shop_url, datamap)
    try:
        by_id = system.access({"customer_id": ["7"]})
        by_both = system.access({"customer_id": ["7"], "phone_number": ["+370-600-00007"]})
    finally:
        system.dispose()
    expected = shop.subject_rows(shop_engine, 7)
    del expected["newsletter"]  # reached only by e-mail, which neither request carries
    for data in (by_id, by_both):
        got = {c.collection: {r["id"] for r in rows} for c, rows in data.rows.items()}
        assert got == expected
        assert len(data.rows[at("customer")]) == 1
        assert data.not_searched == (at("newsletter"),)  # said, not silently left out
