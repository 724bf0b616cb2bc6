"""Checks a data map before any request runs, each problem at its exact place.

Refused (errors): a reference or ``erase_after`` naming a dataset, collection or field that
does not exist; a data category the taxonomy does not know; nested (document) fields, which
SQL systems cannot address; no identity anywhere, so no request can start. Accepted with a
warning: collections no identity reaches, and collections with personal data but no primary
key (erasure and rectification cannot address their rows and will say so).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tvarka.domain.execution.datamap import (
    CollectionAddress,
    DataMap,
    FieldAddress,
    build_datamap,
)
from tvarka.domain.execution.problems import DatasetRefused, Problem, ProblemLevel
from tvarka.domain.execution.traversal import plan_traversal
from tvarka.domain.register.categories import fideslang_categories

if TYPE_CHECKING:
    from fideslang.models import Dataset


def load_datamap(
    datasets: Iterable[Dataset], extra_categories: Iterable[str] = ()
) -> tuple[DataMap, list[Problem]]:
    """Build and check a data map; raise DatasetRefused on any error, return the warnings."""
    datamap = build_datamap(datasets)
    problems = validate(datamap, fideslang_categories() | set(extra_categories))
    refuse_if_errors(problems)
    return datamap, problems


def validate(datamap: DataMap, categories: frozenset[str] | None = None) -> list[Problem]:
    categories = fideslang_categories() if categories is None else categories
    problems = [*_reference_problems(datamap), *_field_problems(datamap, categories)]
    if any(p.level is ProblemLevel.error for p in problems):
        return problems  # reachability over a broken graph would only repeat the errors
    return problems + _reach_problems(datamap)


def _reference_problems(datamap: DataMap) -> Iterable[Problem]:
    datasets = {a.dataset for a in datamap.collections}
    for collection in datamap.collections.values():
        for spec in collection.fields:
            for ref in spec.references:
                message = _missing(datamap, datasets, ref.target)
                if message:
                    yield Problem(
                        ProblemLevel.error,
                        "reference-missing",
                        ref.place,
                        f"references {ref.target}: {message}",
                    )
        for i, after in enumerate(collection.erase_after):
            if after not in datamap.collections:
                yield Problem(
                    ProblemLevel.error,
                    "erase-after-missing",
                    f"{collection.address} (fides_meta.erase_after[{i}])",
                    f"names {after}, which no dataset defines",
                )


def _missing(datamap: DataMap, datasets: set[str], target: FieldAddress) -> str | None:
    if not target.collection or not target.field:
        return "a reference field is written 'collection.field'"
    if target.dataset not in datasets:
        return f"there is no dataset '{target.dataset}'" + _hint(target.dataset, datasets)
    collection = datamap.collections.get(target.collection_address)
    if collection is None:
        names = {a.collection for a in datamap.collections if a.dataset == target.dataset}
        return f"dataset '{target.dataset}' has no collection '{target.collection}'" + _hint(
            target.collection, names
        )
    if collection.field(target.field) is None:
        names = {f.name for f in collection.fields}
        return (
            f"collection '{target.dataset}.{target.collection}' has no field "
            f"'{target.field}'" + _hint(target.field, names)
        )
    return None


def _hint(word: str, names: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(names), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _field_problems(datamap: DataMap, categories: frozenset[str]) -> Iterable[Problem]:
    for collection in datamap.collections.values():
        for spec in collection.fields:
            place = str(collection.field_address(spec.name))
            for category in spec.categories:
                if category not in categories:
                    yield Problem(
                        ProblemLevel.error,
                        "unknown-category",
                        place,
                        f"data category '{category}' is not in the taxonomy"
                        + _hint(category, categories),
                    )
            if spec.nested:
                yield Problem(
                    ProblemLevel.error,
                    "nested-field",
                    place,
                    "has nested fields; SQL systems address columns only",
                )
        personal = any(c.startswith("user") for f in collection.fields for c in f.categories)
        if personal and not collection.primary_key and not collection.skip_processing:
            yield Problem(
                ProblemLevel.warning,
                "no-primary-key",
                str(collection.address),
                "holds personal data but no field has fides_meta.primary_key: true; "
                "erasure and rectification cannot address its rows",
            )


def _reach_problems(datamap: DataMap) -> list[Problem]:
    if not datamap.identity_types:
        return [
            Problem(
                ProblemLevel.error,
                "no-identity",
                ", ".join(sorted({a.dataset for a in datamap.collections})) or "dataset",
                "no field has fides_meta.identity, so no request can reach any collection",
            )
        ]
    plan = plan_traversal(datamap, datamap.identity_types)
    return [_unreachable(address) for address in plan.unreachable]


def _unreachable(address: CollectionAddress) -> Problem:
    return Problem(
        ProblemLevel.warning,
        "unreachable-collection",
        str(address),
        "no identity and no reference leads here; requests will not read it",
        fix="annotate an identity field, or a reference to a reachable collection",
    )


def refuse_if_errors(problems: list[Problem]) -> None:
    refused = [p for p in problems if p.level is ProblemLevel.error]
    if refused:
        raise DatasetRefused(refused)
