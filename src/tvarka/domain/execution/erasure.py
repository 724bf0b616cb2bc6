"""What an erasure changes: the organisation's rules per data category, turned into a plan.

A rule maps a data category (and everything under it) to an action: set the column to NULL,
replace it with a keyed hash, with a fixed value, or delete the whole row. For a field the most
specific rule of each of its categories applies; between categories the stronger action wins
(delete row > null > fixed > hash), because a field carrying two kinds of data must satisfy
both. Primary keys and read-only fields are never masked; the plan lists them as skipped.

Deleting rows must not break references: deletes run children before parents (from the
annotations' primary-key references and ``erase_after``), and a parent row that a kept child
row still references is not deleted but has its personal fields nulled instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from tvarka.domain.execution.datamap import CollectionAddress, CollectionSpec, DataMap, Edge
from tvarka.domain.execution.traversal import TraversalPlan, plan_traversal, prune


class MaskAction(StrEnum):
    hash = "hash"
    fixed = "fixed"
    null = "null"
    delete_row = "delete_row"


_STRENGTH = {MaskAction.hash: 0, MaskAction.fixed: 1, MaskAction.null: 2, MaskAction.delete_row: 3}


class PlanRefused(ValueError):
    """A policy or request that cannot be executed as asked; the message names the place."""


@dataclass(frozen=True)
class ErasureRule:
    category: str
    action: MaskAction
    value: str | None = None  # the fixed value, for MaskAction.fixed only

    def __post_init__(self) -> None:
        if (self.action is MaskAction.fixed) != (self.value is not None):
            raise PlanRefused(
                f"erasure rule for '{self.category}': a value is given exactly when "
                "the action is 'fixed'"
            )

    def matches(self, category: str) -> bool:
        return category == self.category or category.startswith(self.category + ".")


@dataclass(frozen=True)
class ErasurePolicy:
    rules: tuple[ErasureRule, ...]

    def rule_for(self, categories: Iterable[str]) -> ErasureRule | None:
        chosen: ErasureRule | None = None
        for category in categories:
            matching = [r for r in self.rules if r.matches(category)]
            if not matching:
                continue
            specific = max(matching, key=lambda r: len(r.category))
            if chosen is None or _STRENGTH[specific.action] > _STRENGTH[chosen.action]:
                chosen = specific
        return chosen


def parse_policy(rules: Mapping[str, object], categories: Iterable[str]) -> ErasurePolicy:
    """An organisation's erasure rules as written in its settings, e.g.::

        user.contact: null
        user.name: {fixed: "(erased)"}
        user.financial: hash
        user.behavior: delete_row

    Raises PlanRefused naming the rule when a category is unknown or an action is not one of
    null, hash, fixed, delete_row.
    """
    known = set(categories)
    parsed = []
    for category, action in rules.items():
        if category not in known:
            raise PlanRefused(f"erasure rule '{category}': not a data category of the taxonomy")
        if isinstance(action, Mapping) and set(action) == {"fixed"}:
            parsed.append(ErasureRule(category, MaskAction.fixed, str(action["fixed"])))
        elif action is None or action in ("null", "hash", "delete_row"):
            parsed.append(ErasureRule(category, MaskAction(action or "null")))
        else:
            raise PlanRefused(
                f"erasure rule '{category}': {action!r} is not null, hash, delete_row "
                "or {fixed: <value>}"
            )
    return ErasurePolicy(tuple(parsed))


@dataclass(frozen=True)
class FieldMask:
    field: str
    action: MaskAction  # never delete_row: that is a collection-level decision
    value: str | None = None
    length: int | None = None  # fides_meta.length: a hash is cut to fit


@dataclass(frozen=True)
class Link:
    """``child.child_field`` holds values of ``parent.parent_field`` (the parent's key)."""

    child: CollectionAddress
    child_field: str
    parent: CollectionAddress
    parent_field: str


@dataclass(frozen=True)
class CollectionErasure:
    collection: CollectionAddress
    key: tuple[str, ...]
    masks: tuple[FieldMask, ...]
    delete_rows: bool
    fallback_masks: tuple[FieldMask, ...] = ()  # for rows kept because a child references them


@dataclass(frozen=True)
class Skipped:
    place: str
    reason: str


@dataclass(frozen=True)
class ErasurePlan:
    traversal: TraversalPlan  # only the reads erasure needs
    targets: tuple[CollectionErasure, ...]  # updates first, then deletes children first
    read_fields: Mapping[CollectionAddress, tuple[str, ...]]
    links: tuple[Link, ...]  # between collections whose rows are deleted and their children
    skipped: tuple[Skipped, ...]
    # targets updated straight by their lookup keys, without reading rows first: constant
    # masks only, nothing downstream needs their values, no deletes involve them
    direct: frozenset[CollectionAddress] = frozenset()


def plan_erasure(
    datamap: DataMap, policy: ErasurePolicy, identity_types: Iterable[str]
) -> ErasurePlan:
    full = plan_traversal(datamap, identity_types)
    skipped: list[Skipped] = []
    targets: dict[CollectionAddress, CollectionErasure] = {}
    for step in full.steps:
        target = _collection_erasure(datamap.collection(step.collection), policy, skipped)
        if target:
            targets[step.collection] = target
    links = _links(datamap)
    deleting = {a for a, t in targets.items() if t.delete_rows}
    child_links = tuple(l for l in links if l.parent in deleting)
    needed = set(targets) | {l.child for l in child_links}
    traversal = prune(full, needed)
    reached = {s.collection for s in traversal.steps}
    child_links = tuple(l for l in child_links if l.child in reached)
    read = _read_fields(datamap, traversal, targets, child_links)
    ordered = [t for t in targets.values() if not t.delete_rows]
    ordered += [targets[a] for a in _delete_order(datamap, deleting, links)]
    linked = {l.child for l in child_links} | {l.parent for l in child_links}
    direct = frozenset(
        s.collection
        for s in traversal.steps
        if s.collection in targets
        and not s.carry
        and s.collection not in linked
        and not targets[s.collection].delete_rows
        and all(m.action is not MaskAction.hash for m in targets[s.collection].masks)
    )
    return ErasurePlan(traversal, tuple(ordered), read, child_links, tuple(skipped), direct)


def _collection_erasure(
    spec: CollectionSpec, policy: ErasurePolicy, skipped: list[Skipped]
) -> CollectionErasure | None:
    masks: list[FieldMask] = []
    fallback: list[FieldMask] = []
    delete_rows = False
    for field in spec.fields:
        rule = policy.rule_for(field.categories)
        if rule is None:
            continue
        place = str(spec.field_address(field.name))
        if field.primary_key or field.read_only:
            why = "primary key" if field.primary_key else "read-only (fides_meta.read_only)"
            skipped.append(Skipped(place, f"{why}: never masked"))
            continue
        if rule.action is MaskAction.delete_row:
            delete_rows = True
            fallback.append(FieldMask(field.name, MaskAction.null))
        else:
            mask = FieldMask(field.name, rule.action, rule.value, field.length)
            masks.append(mask)
            fallback.append(mask)
    if not masks and not delete_rows:
        return None
    if not spec.primary_key:
        skipped.append(
            Skipped(str(spec.address), "no primary key annotated: its rows cannot be addressed")
        )
        return None
    return CollectionErasure(
        spec.address, spec.primary_key, tuple(masks), delete_rows, tuple(fallback)
    )


def _links(datamap: DataMap) -> tuple[Link, ...]:
    """Parent-child pairs: a reference from a non-key field to another collection's key."""
    found: dict[tuple[CollectionAddress, str, CollectionAddress, str], Link] = {}
    for edge in datamap.edges:
        link = _link(datamap, edge)
        if link:
            found[(link.child, link.child_field, link.parent, link.parent_field)] = link
    return tuple(found[k] for k in sorted(found))


def _link(datamap: DataMap, edge: Edge) -> Link | None:
    source, target = datamap.field_spec(edge.source), datamap.field_spec(edge.target)
    if source is None or target is None:
        return None
    if source.primary_key and not target.primary_key:
        return Link(
            edge.target.collection_address,
            edge.target.field,
            edge.source.collection_address,
            edge.source.field,
        )
    if target.primary_key and not source.primary_key:
        return Link(
            edge.source.collection_address,
            edge.source.field,
            edge.target.collection_address,
            edge.target.field,
        )
    return None


def _read_fields(
    datamap: DataMap,
    traversal: TraversalPlan,
    targets: Mapping[CollectionAddress, CollectionErasure],
    links: tuple[Link, ...],
) -> dict[CollectionAddress, tuple[str, ...]]:
    read: dict[CollectionAddress, tuple[str, ...]] = {}
    for step in traversal.steps:
        spec = datamap.collection(step.collection)
        names = list(spec.primary_key) + list(step.carry)
        target = targets.get(step.collection)
        if target:
            hashed = target.masks + target.fallback_masks
            names += [m.field for m in hashed if m.action is MaskAction.hash]
        names += [l.child_field for l in links if l.child == step.collection]
        names += [l.parent_field for l in links if l.parent == step.collection]
        read[step.collection] = tuple(dict.fromkeys(names))
    return read


def _delete_order(
    datamap: DataMap, deleting: set[CollectionAddress], links: tuple[Link, ...]
) -> list[CollectionAddress]:
    """Children before parents; ``erase_after: [X]`` on C puts C after X."""
    before: dict[CollectionAddress, set[CollectionAddress]] = {a: set() for a in deleting}
    for link in links:
        if link.parent in deleting and link.child in deleting and link.child != link.parent:
            before[link.parent].add(link.child)
    for address in deleting:
        before[address] |= set(datamap.collection(address).erase_after) & deleting
    order: list[CollectionAddress] = []
    while len(order) < len(deleting):
        ready = sorted(a for a in deleting if a not in order and before[a] <= set(order))
        if not ready:
            cycle = ", ".join(str(a) for a in sorted(set(deleting) - set(order)))
            raise PlanRefused(f"row deletes form a cycle of references: {cycle}")
        order.append(ready[0])
    return order
