"""The order in which a request reads collections, and which keys flow where.

Seeds are the collections with an identity field for an identity the request carries. A
collection is read once, after every collection that feeds it, so its lookup uses every key
its upstream rows provide. Two-way references make cycles; a cycle is broken at the
collection nearest a seed (fewest hops), and the edges into it from collections not yet read
are dropped and listed — the same rule Fides' in-degree traversal applies.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from tvarka.domain.execution.datamap import CollectionAddress, DataMap, Edge


@dataclass(frozen=True)
class IdentityLookup:
    field: str
    identity: str  # identity type, e.g. "email"


@dataclass(frozen=True)
class Step:
    """Read one collection: rows whose identity fields or edge targets match known values."""

    collection: CollectionAddress
    identity_lookups: tuple[IdentityLookup, ...]
    edges_in: tuple[Edge, ...]  # edge.target is a field of this collection
    carry: tuple[str, ...]  # fields whose values later steps look up

    @property
    def lookup_fields(self) -> tuple[str, ...]:
        names = [i.field for i in self.identity_lookups] + [e.target.field for e in self.edges_in]
        return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class TraversalPlan:
    steps: tuple[Step, ...]
    unreachable: tuple[CollectionAddress, ...]
    dropped_edges: tuple[Edge, ...]

    def step(self, address: CollectionAddress) -> Step | None:
        return next((s for s in self.steps if s.collection == address), None)


def plan_traversal(datamap: DataMap, identity_types: Iterable[str]) -> TraversalPlan:
    """Plan the reads for a request carrying ``identity_types`` (e.g. ``{"email"}``)."""
    wanted = set(identity_types)
    active = {a for a, c in datamap.collections.items() if not c.skip_processing}
    seeds = {
        address: tuple(
            IdentityLookup(f.name, f.identity)
            for f in datamap.collections[address].fields
            if f.identity in wanted
        )
        for address in sorted(active)
    }
    seeds = {a: lookups for a, lookups in seeds.items() if lookups}
    edges = [
        e
        for e in datamap.edges
        if e.source.collection_address in active
        and e.target.collection_address in active
        and e.source.collection_address != e.target.collection_address
    ]
    distance = _distances(seeds, edges)
    order, used, dropped = _order(distance, edges)
    carry: dict[CollectionAddress, list[str]] = {a: [] for a in order}
    for edge in used:
        names = carry[edge.source.collection_address]
        if edge.source.field not in names:
            names.append(edge.source.field)
    steps = tuple(
        Step(
            collection=address,
            identity_lookups=seeds.get(address, ()),
            edges_in=tuple(e for e in used if e.target.collection_address == address),
            carry=tuple(carry[address]),
        )
        for address in order
    )
    unreachable = tuple(sorted(active - set(order)))
    return TraversalPlan(steps, unreachable, tuple(dropped))


def prune(plan: TraversalPlan, needed: set[CollectionAddress]) -> TraversalPlan:
    """Keep the steps erasure needs and the steps that feed them keys."""
    keep = set(needed)
    for step in reversed(plan.steps):
        if step.collection in keep:
            keep |= {e.source.collection_address for e in step.edges_in}
    steps = []
    for step in plan.steps:
        if step.collection not in keep:
            continue
        feeds = [
            e
            for s in plan.steps
            if s.collection in keep
            for e in s.edges_in
            if e.source.collection_address == step.collection
        ]
        carry = tuple(dict.fromkeys(e.source.field for e in feeds))
        steps.append(Step(step.collection, step.identity_lookups, step.edges_in, carry))
    return TraversalPlan(tuple(steps), plan.unreachable, plan.dropped_edges)


def _distances(
    seeds: dict[CollectionAddress, tuple[IdentityLookup, ...]], edges: list[Edge]
) -> dict[CollectionAddress, int]:
    distance = {address: 0 for address in seeds}
    queue = deque(sorted(seeds))
    while queue:
        here = queue.popleft()
        for edge in edges:
            there = edge.target.collection_address
            if edge.source.collection_address == here and there not in distance:
                distance[there] = distance[here] + 1
                queue.append(there)
    return distance


def _order(
    distance: dict[CollectionAddress, int], edges: list[Edge]
) -> tuple[list[CollectionAddress], list[Edge], list[Edge]]:
    """Topological order of the reachable collections; cycles broken nearest a seed."""
    reachable = set(distance)
    inner = [
        e
        for e in edges
        if e.source.collection_address in reachable and e.target.collection_address in reachable
    ]
    waiting = {
        address: {
            e.source.collection_address for e in inner if e.target.collection_address == address
        }
        for address in reachable
    }
    done: set[CollectionAddress] = set()
    order: list[CollectionAddress] = []
    dropped: list[Edge] = []
    while len(order) < len(reachable):
        ready = sorted(
            (a for a in reachable - done if not waiting[a] - done),
            key=lambda a: (distance[a], a),
        )
        if ready:
            chosen = ready[0]
        else:
            chosen = min(reachable - done, key=lambda a: (distance[a], a))
            dropped.extend(
                e
                for e in inner
                if e.target.collection_address == chosen and e.source.collection_address not in done
            )
        done.add(chosen)
        order.append(chosen)
    position = {address: i for i, address in enumerate(order)}
    used = [
        e
        for e in inner
        if position[e.source.collection_address] < position[e.target.collection_address]
    ]
    return order, used, dropped
