"""Traversal, erasure and rectification plans, and the changes decided from rows read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tvarka.domain.execution.changes import erasure_changes, keyed_hash
from tvarka.domain.execution.datamap import CollectionAddress, DataMap, FieldAddress, parse_yaml
from tvarka.domain.execution.erasure import (
    ErasurePolicy,
    ErasureRule,
    MaskAction,
    PlanRefused,
    parse_policy,
    plan_erasure,
)
from tvarka.domain.execution.protection import Protection, ProtectionKind
from tvarka.domain.execution.rectification import Correction, plan_rectification
from tvarka.domain.execution.traversal import plan_traversal
from tvarka.domain.execution.validation import load_datamap
from tvarka.domain.register.categories import fideslang_categories

SHOP = (Path(__file__).parents[2] / "fixtures/shop_dataset.yml").read_text()
DS = "shop_pg_dataset"


def at(name: str) -> CollectionAddress:
    return CollectionAddress(DS, name)


@pytest.fixture(scope="module")
def shop() -> DataMap:
    return load_datamap(parse_yaml(SHOP))[0]


def policy(*rules: tuple[str, MaskAction] | tuple[str, MaskAction, str]) -> ErasurePolicy:
    return ErasurePolicy(tuple(ErasureRule(*r) for r in rules))


def test_traversal_reads_parents_before_children(shop: DataMap) -> None:
    plan = plan_traversal(shop, {"email"})
    order = [s.collection.collection for s in plan.steps]
    assert order.index("customer") < order.index("orders") < order.index("order_items")
    assert order.index("customer") < order.index("login_events")
    assert set(order) == {"customer", "orders", "order_items", "login_events", "newsletter"}
    items = plan.step(at("order_items"))
    assert items is not None and [str(e) for e in items.edges_in] == [
        f"{DS}.orders.id -> {DS}.order_items.order_id"
    ]
    assert plan.step(at("customer")).carry == ("id",)  # type: ignore[union-attr]


def test_identity_the_dataset_does_not_have_reaches_nothing(shop: DataMap) -> None:
    plan = plan_traversal(shop, {"phone_number"})
    assert plan.steps == () and len(plan.unreachable) == 5


TWO_WAY = """dataset:
  - fides_key: ds
    collections:
      - name: a
        fields:
          - {name: id, fides_meta: {primary_key: true}}
          - {name: email, data_categories: [user.contact.email], fides_meta: {identity: email}}
      - name: b
        fields:
          - {name: id, fides_meta: {primary_key: true}}
          - name: a_id
            fides_meta: {references: [{dataset: ds, field: a.id}]}
          - {name: note, data_categories: [user.content]}
      - name: c
        fields:
          - {name: id, fides_meta: {primary_key: true}}
          - name: b_id
            fides_meta: {references: [{dataset: ds, field: b.id}]}
          - name: a_id
            fides_meta: {references: [{dataset: ds, field: a.id, direction: from}]}
"""


def test_two_way_references_are_cut_nearest_the_seed() -> None:
    datamap, _ = load_datamap(parse_yaml(TWO_WAY))
    plan = plan_traversal(datamap, {"email"})
    assert [s.collection.collection for s in plan.steps] == ["a", "b", "c"]
    c = plan.step(CollectionAddress("ds", "c"))
    assert c is not None and {e.target.field for e in c.edges_in} == {"a_id", "b_id"}
    assert {str(e) for e in plan.dropped_edges} == {"ds.b.a_id -> ds.a.id", "ds.c.b_id -> ds.b.id"}


def test_most_specific_rule_wins_per_category_and_strongest_across_categories() -> None:
    p = policy(
        ("user.contact", MaskAction.null),
        ("user.contact.email", MaskAction.hash),
        ("user.name", MaskAction.fixed, "x"),
    )
    assert p.rule_for(["user.contact.email"]).action is MaskAction.hash  # type: ignore[union-attr]
    assert p.rule_for(["user.contact.phone_number"]).action is MaskAction.null  # type: ignore[union-attr]
    assert p.rule_for(["user.contact.email", "user.name"]).action is MaskAction.fixed  # type: ignore[union-attr]
    assert p.rule_for(["user.contactless"]) is None
    with pytest.raises(PlanRefused):
        ErasureRule("user.name", MaskAction.fixed)


def test_erasure_plan_reads_only_what_it_needs(shop: DataMap) -> None:
    plan = plan_erasure(
        shop,
        policy(
            ("user.contact", MaskAction.null),
            ("user.name", MaskAction.null),
            ("user.device.ip_address", MaskAction.null),
        ),
        {"email"},
    )
    assert at("order_items") not in {s.collection for s in plan.traversal.steps}
    assert {t.collection.collection: {m.field for m in t.masks} for t in plan.targets} == {
        "customer": {"email", "name", "address", "phone"},
        "orders": {"shipping_address"},
        "login_events": {"ip"},
        "newsletter": {"email"},
    }
    # customer must be read (its id leads on); the rest are updated by lookup key
    assert plan.direct == {at("orders"), at("login_events"), at("newsletter")}
    assert plan.read_fields[at("customer")] == ("id",)


def test_primary_keys_are_never_masked(shop: DataMap) -> None:
    plan = plan_erasure(shop, policy(("user.unique_id", MaskAction.null)), {"email"})
    assert [s.place for s in plan.skipped] == [f"{DS}.customer.id"]
    assert {t.collection.collection for t in plan.targets} == {"orders", "login_events"}


def test_deletes_run_children_before_parents(shop: DataMap) -> None:
    plan = plan_erasure(
        shop, policy(("user", MaskAction.delete_row), ("system", MaskAction.delete_row)), {"email"}
    )
    order = [t.collection.collection for t in plan.targets]
    assert order.index("order_items") < order.index("orders") < order.index("customer")
    assert order.index("login_events") < order.index("customer")
    assert plan.direct == frozenset()


def test_a_parent_a_kept_child_refers_to_is_masked_not_deleted(shop: DataMap) -> None:
    plan = plan_erasure(
        shop,
        policy(("user.name", MaskAction.delete_row), ("user.contact", MaskAction.null)),
        {"email"},
    )
    rows = {
        at("customer"): [{"id": 7, "email": "e"}],
        at("orders"): [{"id": 70, "customer_id": 7}],
        at("login_events"): [{"id": 700, "customer_id": 7}],
    }
    changes = {c.collection.collection: c for c in erasure_changes(plan, rows, [], b"")}
    customer = changes["customer"]
    assert customer.delete_keys == ()
    assert [(x.key, x.reason) for x in customer.left_alone] == [((7,), "referenced")]
    assert customer.updates[0].values == {
        "address": None,
        "email": None,
        "name": None,
        "phone": None,
    }


def test_protected_rows_are_left_out_and_named(shop: DataMap) -> None:
    plan = plan_erasure(
        shop, policy(("user", MaskAction.delete_row), ("system", MaskAction.delete_row)), {"email"}
    )
    rows = {
        at("customer"): [{"id": 7}],
        at("orders"): [{"id": 70, "customer_id": 7}, {"id": 71, "customer_id": 7}],
        at("order_items"): [{"id": 700, "order_id": 70}, {"id": 710, "order_id": 71}],
        at("login_events"): [],
        at("newsletter"): [{"id": 3}],
    }
    hold = Protection(ProtectionKind.legal_hold, "case 9", frozenset({(at("order_items"), (710,))}))
    changes = {c.collection.collection: c for c in erasure_changes(plan, rows, [hold], b"")}
    assert changes["order_items"].delete_keys == ((700,),)
    assert changes["orders"].delete_keys == ((70,),)  # order 71 keeps its held item's parent
    assert changes["customer"].delete_keys == ()  # order 71 still refers to the customer
    assert changes["newsletter"].delete_keys == ((3,),)
    held = changes["order_items"].left_alone[0]
    assert (held.key, held.reason, held.note) == ((710,), "legal_hold", "case 9")


def test_hashes_are_keyed_and_cut_to_the_fields_length() -> None:
    assert keyed_hash(b"a", "x") != keyed_hash(b"b", "x")
    assert keyed_hash(b"a", "x") == keyed_hash(b"a", "x")
    assert len(keyed_hash(b"a", "x", 10) or "") == 10
    assert keyed_hash(b"a", None) is None


def test_delete_cycle_is_refused() -> None:
    text = TWO_WAY.replace(
        "      - name: c\n", "      - name: c\n        fides_meta: {erase_after: [ds.b]}\n"
    )
    text = text.replace(
        "      - name: b\n", "      - name: b\n        fides_meta: {erase_after: [ds.c]}\n"
    )
    text += "          - {name: memo, data_categories: [user.content]}\n"  # c has personal data too
    datamap, _ = load_datamap(parse_yaml(text))
    with pytest.raises(PlanRefused, match="cycle"):
        plan_erasure(
            datamap,
            policy(("user", MaskAction.delete_row), ("system", MaskAction.delete_row)),
            {"email"},
        )


def test_rectification_by_category_fans_out_and_refuses_keys(shop: DataMap) -> None:
    plan = plan_rectification(
        shop, [Correction("n@example.lt", category="user.contact.email")], {"email"}
    )
    assert plan.values == {
        at("customer"): {"email": "n@example.lt"},
        at("newsletter"): {"email": "n@example.lt"},
    }
    assert {s.collection for s in plan.reads.traversal.steps} == {at("customer"), at("newsletter")}
    with pytest.raises(PlanRefused, match="primary key"):
        plan_rectification(
            shop, [Correction(1, field=FieldAddress(DS, "customer", "id"))], {"email"}
        )
    with pytest.raises(PlanRefused, match="no such field"):
        plan_rectification(
            shop, [Correction(1, field=FieldAddress(DS, "customer", "nme"))], {"email"}
        )
    with pytest.raises(PlanRefused, match="no field carries"):
        plan_rectification(shop, [Correction(1, category="user.biometric")], {"email"})


def test_policy_as_an_organisation_writes_it() -> None:
    written = {
        "user.contact": None,
        "user.name": {"fixed": "(erased)"},
        "user.financial": "hash",
        "user.behavior": "delete_row",
    }
    p = parse_policy(written, fideslang_categories())
    assert [(r.category, r.action, r.value) for r in p.rules] == [
        ("user.contact", MaskAction.null, None),
        ("user.name", MaskAction.fixed, "(erased)"),
        ("user.financial", MaskAction.hash, None),
        ("user.behavior", MaskAction.delete_row, None),
    ]
    with pytest.raises(PlanRefused, match="'user.contacts': not a data category"):
        parse_policy({"user.contacts": "null"}, fideslang_categories())
    with pytest.raises(PlanRefused, match="'user.name': 'shred' is not"):
        parse_policy({"user.name": "shred"}, fideslang_categories())
