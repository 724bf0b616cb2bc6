"""Rectification (set corrected values on the subject's rows) and locating rows to restrict.

A correction names one field (``dataset.collection.field``) or a data category, meaning every
field that carries it — so a new e-mail address reaches every copy of it. Primary keys and
read-only fields cannot be corrected; a correction that matches nothing is refused, not
silently dropped. Restriction only needs to know which rows are the subject's: ``plan_location``
reads primary keys and the keys that lead further, nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tvarka.domain.execution.datamap import CollectionAddress, DataMap, FieldAddress
from tvarka.domain.execution.erasure import PlanRefused
from tvarka.domain.execution.traversal import TraversalPlan, plan_traversal, prune


@dataclass(frozen=True)
class Correction:
    value: object
    field: FieldAddress | None = None
    category: str | None = None  # every field carrying this category or one under it

    def __post_init__(self) -> None:
        if (self.field is None) == (self.category is None):
            raise PlanRefused("a correction names either a field or a data category")


@dataclass(frozen=True)
class KeyedReads:
    """Reads that return each reached collection's primary key (plus what later steps need)."""

    traversal: TraversalPlan
    read_fields: Mapping[CollectionAddress, tuple[str, ...]]
    keys: Mapping[CollectionAddress, tuple[str, ...]]


@dataclass(frozen=True)
class RectificationPlan:
    reads: KeyedReads
    values: Mapping[CollectionAddress, Mapping[str, object]]


def plan_rectification(
    datamap: DataMap, corrections: Iterable[Correction], identity_types: Iterable[str]
) -> RectificationPlan:
    types = set(identity_types)
    values: dict[CollectionAddress, dict[str, object]] = {}
    for correction in corrections:
        for address in _fields(datamap, correction):
            values.setdefault(address.collection_address, {})[address.field] = correction.value
    full = plan_traversal(datamap, types)
    unreachable = sorted(set(values) - {s.collection for s in full.steps})
    if unreachable:
        names = ", ".join(str(a) for a in unreachable)
        raise PlanRefused(f"the request's identities do not reach {names}")
    return RectificationPlan(_keyed(datamap, prune(full, set(values))), values)


def plan_location(datamap: DataMap, identity_types: Iterable[str]) -> KeyedReads:
    """Every collection the identities reach, read for its primary keys."""
    return _keyed(datamap, plan_traversal(datamap, identity_types))


def _keyed(datamap: DataMap, traversal: TraversalPlan) -> KeyedReads:
    keys: dict[CollectionAddress, tuple[str, ...]] = {}
    read: dict[CollectionAddress, tuple[str, ...]] = {}
    for step in traversal.steps:
        key = datamap.collection(step.collection).primary_key
        keys[step.collection] = key
        read[step.collection] = tuple(dict.fromkeys(key + step.carry))
    return KeyedReads(traversal, read, keys)


def _fields(datamap: DataMap, correction: Correction) -> list[FieldAddress]:
    if correction.field is not None:
        found = [correction.field] if datamap.field_spec(correction.field) else []
        if not found:
            raise PlanRefused(f"{correction.field}: no such field in the connected datasets")
    else:
        category = str(correction.category)
        found = [
            spec.field_address(f.name)
            for spec in datamap.collections.values()
            for f in spec.fields
            if any(c == category or c.startswith(category + ".") for c in f.categories)
        ]
        if not found:
            raise PlanRefused(f"no field carries data category '{category}'")
    for address in found:
        _check_writable(datamap, address)
    return found


def _check_writable(datamap: DataMap, address: FieldAddress) -> None:
    spec = datamap.field_spec(address)
    collection = datamap.collection(address.collection_address)
    if spec is None:  # guarded by _fields
        raise PlanRefused(f"{address}: no such field")
    if spec.primary_key:
        raise PlanRefused(f"{address}: a primary key cannot be rectified")
    if spec.read_only:
        raise PlanRefused(f"{address}: read-only (fides_meta.read_only)")
    if not collection.primary_key:
        raise PlanRefused(f"{address.collection_address}: no primary key annotated")
