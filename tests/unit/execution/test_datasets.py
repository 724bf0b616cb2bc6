"""Loading fideslang datasets: the benchmark's dataset unchanged, and every error at its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from tvarka.domain.execution.datamap import CollectionAddress, Direction, parse_yaml
from tvarka.domain.execution.problems import DatasetRefused, ProblemLevel
from tvarka.domain.execution.validation import load_datamap

SHOP = (Path(__file__).parents[2] / "fixtures/shop_dataset.yml").read_text()


def dataset(collections: str, key: str = "ds") -> str:
    return f"dataset:\n  - fides_key: {key}\n    collections:\n{collections}"


PEOPLE = """      - name: people
        fields:
          - name: id
            data_categories: [user.unique_id]
            fides_meta: {primary_key: true}
          - name: email
            data_categories: [user.contact.email]
            fides_meta: {identity: email}
"""


def refused(text: str) -> list[tuple[str, str, str]]:
    with pytest.raises(DatasetRefused) as caught:
        load_datamap(parse_yaml(text))
    return [(p.code, p.place, p.message) for p in caught.value.problems]


def test_the_benchmark_dataset_loads_unchanged_with_no_problem() -> None:
    datamap, problems = load_datamap(parse_yaml(SHOP))
    assert problems == []
    assert {a.collection for a in datamap.collections} == {
        "customer",
        "orders",
        "order_items",
        "login_events",
        "newsletter",
    }
    orders = datamap.collection(CollectionAddress("shop_pg_dataset", "orders"))
    (ref,) = orders.field("customer_id").references  # type: ignore[union-attr]
    assert (str(ref.target), ref.direction) == ("shop_pg_dataset.customer.id", Direction.from_)
    assert datamap.identity_types == {"email"}


def test_reference_to_a_missing_collection_names_the_exact_place() -> None:
    text = dataset(
        PEOPLE
        + """      - name: orders
        fields:
          - name: id
            fides_meta: {primary_key: true}
          - name: person_id
            fides_meta:
              references: [{dataset: ds, field: peple.id, direction: from}]
"""
    )
    assert refused(text) == [
        (
            "reference-missing",
            "ds.orders.person_id (fides_meta.references[0])",
            "references ds.peple.id: dataset 'ds' has no collection 'peple' (did you mean 'people'?)",
        )
    ]


def test_reference_to_a_missing_field_and_dataset() -> None:
    text = dataset(
        PEOPLE
        + """      - name: orders
        fields:
          - name: id
            fides_meta: {primary_key: true}
          - name: person_id
            fides_meta:
              references:
                - {dataset: ds, field: people.ident, direction: from}
                - {dataset: other, field: people.id}
"""
    )
    problems = refused(text)
    assert problems == [
        (
            "reference-missing",
            "ds.orders.person_id (fides_meta.references[0])",
            "references ds.people.ident: collection 'ds.people' has no field 'ident'",
        ),
        (
            "reference-missing",
            "ds.orders.person_id (fides_meta.references[1])",
            "references other.people.id: there is no dataset 'other'",
        ),
    ]


def test_unknown_category_is_refused_with_a_suggestion() -> None:
    text = dataset(PEOPLE.replace("user.contact.email", "user.contact.emial"))
    assert refused(text) == [
        (
            "unknown-category",
            "ds.people.email",
            (
                "data category 'user.contact.emial' is not in the taxonomy "
                "(did you mean 'user.contact.email'?)"
            ),
        )
    ]


def test_organisation_categories_extend_the_taxonomy() -> None:
    text = dataset(PEOPLE.replace("user.contact.email", "user.contact.email.work"))
    datamap, _ = load_datamap(parse_yaml(text), extra_categories={"user.contact.email.work"})
    assert datamap.collections


def test_schema_error_names_dataset_collection_and_field() -> None:
    text = dataset(
        PEOPLE
        + """      - name: orders
        fields:
          - name: person_id
            fides_meta:
              references: [{dataset: ds, field: people.id, direction: sideways}]
"""
    )
    ((code, place, message),) = refused(text)
    assert code == "dataset-schema"
    assert place == "ds.orders.person_id (fides_meta.references[0].direction)"
    assert "'from' or 'to'" in message


def test_yaml_syntax_error_has_line_and_column() -> None:
    ((code, place, _),) = refused("dataset:\n  - fides_key: [unclosed\n")
    assert code == "yaml-syntax" and place.startswith("dataset:")


def test_nested_fields_and_no_identity_are_refused() -> None:
    text = dataset(
        """      - name: docs
        fields:
          - name: id
            fides_meta: {primary_key: true}
          - name: body
            fields:
              - name: inner
                data_categories: [user.name]
"""
    )
    assert [c for c, _, _ in refused(text)] == ["nested-field"]
    no_identity = dataset(PEOPLE.replace("fides_meta: {identity: email}", "fides_meta: {}"))
    assert [c for c, _, _ in refused(no_identity)] == ["no-identity"]


def test_unreachable_collection_and_missing_primary_key_are_warnings() -> None:
    text = dataset(
        PEOPLE
        + """      - name: audit
        fields:
          - name: who
            data_categories: [user.name]
"""
    )
    _, problems = load_datamap(parse_yaml(text))
    assert {(p.level, p.code, p.place) for p in problems} == {
        (ProblemLevel.warning, "no-primary-key", "ds.audit"),
        (ProblemLevel.warning, "unreachable-collection", "ds.audit"),
    }
