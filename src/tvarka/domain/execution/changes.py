"""The concrete changes of one request, from the rows it read and the protections in force.

Everything here is decided before the first write, so a connector only executes statements:
per collection one UPDATE of constant values, one UPDATE of hashed values and one DELETE,
each over a batch of primary keys. Protected rows are left out and reported; a parent row
still referenced by a child row that stays is not deleted but masked with the fallback masks.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tvarka.domain.execution.datamap import CollectionAddress
from tvarka.domain.execution.erasure import (
    CollectionErasure,
    ErasurePlan,
    FieldMask,
    MaskAction,
)
from tvarka.domain.execution.protection import LeftAlone, Protection, RowKey, split_protected

Row = Mapping[str, object]


@dataclass(frozen=True)
class UpdateBatch:
    """Set the same ``values`` on every row in ``keys``; ``hashed`` holds per-row values."""

    keys: tuple[RowKey, ...]
    values: Mapping[str, object] = field(default_factory=dict)
    hashed: Mapping[str, Mapping[RowKey, object]] = field(default_factory=dict)


@dataclass(frozen=True)
class CollectionChange:
    collection: CollectionAddress
    key: tuple[str, ...]
    found: int
    updates: tuple[UpdateBatch, ...] = ()
    delete_keys: tuple[RowKey, ...] = ()
    left_alone: tuple[LeftAlone, ...] = ()

    @property
    def updated(self) -> int:
        return sum(len(u.keys) for u in self.updates)


def row_key(row: Row, key: Sequence[str]) -> RowKey:
    return tuple(row[name] for name in key)


def keyed_hash(secret: bytes, value: object, length: int | None = None) -> str | None:
    """HMAC-SHA256 of the value's text: stable per organisation, not reversible without the key."""
    if value is None:
        return None
    digest = hmac.new(secret, str(value).encode(), hashlib.sha256).hexdigest()
    return digest[:length] if length else digest


def direct_collections(
    plan: ErasurePlan, protections: Sequence[Protection]
) -> frozenset[CollectionAddress]:
    """Collections updated by lookup key without a read: none a protection reaches into."""
    if any(p.rows is None for p in protections):
        return frozenset()
    covered = {c for p in protections for c, _ in (p.rows or ())}
    return frozenset(plan.direct - covered)


def direct_values(target: CollectionErasure) -> dict[str, object]:
    """The constant values a direct update sets (direct targets have no hashed masks)."""
    return {m.field: (m.value if m.action is MaskAction.fixed else None) for m in target.masks}


def erasure_changes(
    plan: ErasurePlan,
    rows: Mapping[CollectionAddress, Sequence[Row]],
    protections: Sequence[Protection],
    hash_secret: bytes,
    direct: frozenset[CollectionAddress] = frozenset(),
) -> list[CollectionChange]:
    """Changes in ``plan.targets`` order (updates, then deletes children first), except the
    ``direct`` collections, which the connector updates by lookup key."""
    decided: dict[CollectionAddress, CollectionChange] = {}
    deleted: dict[CollectionAddress, set[RowKey]] = {}
    # children are decided before their parents, so a parent knows which child rows stay
    for target in plan.targets:
        if target.collection in direct:
            continue
        found = rows.get(target.collection, ())
        keys = list(dict.fromkeys(row_key(r, target.key) for r in found))
        free, kept = split_protected(target.collection, keys, protections)
        by_key = {row_key(r, target.key): r for r in found}
        if not target.delete_rows:
            updates = _updates(target, target.masks, free, by_key, hash_secret)
            decided[target.collection] = CollectionChange(
                target.collection, target.key, len(keys), updates, (), tuple(kept)
            )
            continue
        referenced = _referenced_by_kept_children(plan, target, rows, deleted)
        to_delete = [k for k in free if k not in referenced]
        masked = [k for k in free if k in referenced]
        deleted[target.collection] = set(to_delete)
        notes = [LeftAlone(target.collection, k, "referenced", referenced[k]) for k in masked]
        updates = _updates(target, target.fallback_masks, masked, by_key, hash_secret)
        decided[target.collection] = CollectionChange(
            target.collection,
            target.key,
            len(keys),
            updates,
            tuple(to_delete),
            tuple(kept + notes),
        )
    return [decided[t.collection] for t in plan.targets if t.collection in decided]


def _referenced_by_kept_children(
    plan: ErasurePlan,
    parent: CollectionErasure,
    rows: Mapping[CollectionAddress, Sequence[Row]],
    deleted: Mapping[CollectionAddress, set[RowKey]],
) -> dict[RowKey, str]:
    """Parent keys that a child row which is not being deleted still points at."""
    referenced: dict[RowKey, str] = {}
    for link in plan.links:
        if link.parent != parent.collection:
            continue
        child_key = next((t.key for t in plan.targets if t.collection == link.child), None)
        gone = deleted.get(link.child, set())
        values = {
            r[link.child_field]
            for r in rows.get(link.child, ())
            if child_key is None or row_key(r, child_key) not in gone
        }
        for row in rows.get(parent.collection, ()):
            if row[link.parent_field] in values:
                key = row_key(row, parent.key)
                referenced.setdefault(key, f"a kept row of {link.child} refers to it")
    return referenced


def _updates(
    target: CollectionErasure,
    masks: Sequence[FieldMask],
    keys: Sequence[RowKey],
    by_key: Mapping[RowKey, Row],
    secret: bytes,
) -> tuple[UpdateBatch, ...]:
    if not keys or not masks:
        return ()
    constants = {
        m.field: (m.value if m.action is MaskAction.fixed else None)
        for m in masks
        if m.action is not MaskAction.hash
    }
    hashed = {
        m.field: {k: keyed_hash(secret, by_key[k][m.field], m.length) for k in keys}
        for m in masks
        if m.action is MaskAction.hash
    }
    return (UpdateBatch(tuple(keys), constants, hashed),)


def constant_changes(
    collection: CollectionAddress,
    key: tuple[str, ...],
    found: Sequence[Row],
    values: Mapping[str, object],
    protections: Sequence[Protection],
) -> CollectionChange:
    """Rectification: the same new values on every unprotected row the subject has here."""
    keys = list(dict.fromkeys(row_key(r, key) for r in found))
    free, kept = split_protected(collection, keys, protections)
    updates = (UpdateBatch(tuple(free), dict(values)),) if free else ()
    return CollectionChange(collection, key, len(keys), updates, (), tuple(kept))
