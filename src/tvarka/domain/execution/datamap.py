"""The data map of a connected system, read from fideslang dataset annotations.

Fides users bring their dataset YAML unchanged: fideslang's own ``Dataset`` model parses it,
and this module turns it into a small immutable graph the planners work on. Reference
semantics follow Fides: on field ``F`` a reference to ``C.G`` with ``direction: from`` means
values flow from ``C.G`` into lookups on ``F``; ``to`` the other way; no direction both ways.
Problems in the text itself (YAML syntax, fideslang schema) are reported with their exact
place; problems between datasets (references, categories) are found by ``validation``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import yaml  # type: ignore[import-untyped]
from pydantic import ValidationError

from tvarka.domain.execution.problems import DatasetRefused, Problem, ProblemLevel

if TYPE_CHECKING:  # fideslang builds its whole taxonomy on import: only when datasets are read
    from fideslang.models import Dataset, DatasetCollection, DatasetField, EdgeDirection


@dataclass(frozen=True, order=True)
class CollectionAddress:
    dataset: str
    collection: str

    def __str__(self) -> str:
        return f"{self.dataset}.{self.collection}"


@dataclass(frozen=True, order=True)
class FieldAddress:
    dataset: str
    collection: str
    field: str

    @property
    def collection_address(self) -> CollectionAddress:
        return CollectionAddress(self.dataset, self.collection)

    def __str__(self) -> str:
        return f"{self.dataset}.{self.collection}.{self.field}"


class Direction(StrEnum):
    from_ = "from"  # values flow from the referenced field into this one
    to = "to"  # values flow from this field into the referenced one
    both = "both"  # no direction given: Fides treats the edge as two-way


@dataclass(frozen=True)
class Reference:
    target: FieldAddress
    direction: Direction
    place: str  # where the reference is written, for error messages


@dataclass(frozen=True)
class FieldSpec:
    name: str
    categories: tuple[str, ...] = ()
    identity: str | None = None
    primary_key: bool = False
    references: tuple[Reference, ...] = ()
    read_only: bool = False
    length: int | None = None
    data_type: str | None = None  # fides_meta.data_type: identity values are cast to it
    nested: bool = False  # has sub-fields (NoSQL documents); SQL systems cannot address them


@dataclass(frozen=True)
class CollectionSpec:
    address: CollectionAddress
    fields: tuple[FieldSpec, ...]
    erase_after: tuple[CollectionAddress, ...] = ()
    skip_processing: bool = False

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def primary_key(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.primary_key)

    def field_address(self, name: str) -> FieldAddress:
        return FieldAddress(self.address.dataset, self.address.collection, name)


@dataclass(frozen=True)
class Edge:
    """Values of ``source`` in rows already read are looked up in ``target``."""

    source: FieldAddress
    target: FieldAddress

    def __str__(self) -> str:
        return f"{self.source} -> {self.target}"


@dataclass(frozen=True)
class DataMap:
    collections: Mapping[CollectionAddress, CollectionSpec]
    edges: tuple[Edge, ...] = field(default=())

    def collection(self, address: CollectionAddress) -> CollectionSpec:
        return self.collections[address]

    def field_spec(self, address: FieldAddress) -> FieldSpec | None:
        spec = self.collections.get(address.collection_address)
        return spec.field(address.field) if spec else None

    @property
    def identity_types(self) -> frozenset[str]:
        return frozenset(
            f.identity for c in self.collections.values() for f in c.fields if f.identity
        )


def parse_yaml(text: str, source: str = "dataset") -> list[Dataset]:
    """Parse fideslang dataset YAML (``dataset: [...]``, one dataset, or a list of them).

    Raises DatasetRefused naming the exact place of every schema error.
    """
    from fideslang.models import Dataset

    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        problem = Problem(ProblemLevel.error, "yaml-syntax", place, f"not valid YAML: {error}")
        raise DatasetRefused([problem]) from error
    items = raw.get("dataset") if isinstance(raw, dict) and "dataset" in raw else raw
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list) or not items:
        message = "expected 'dataset:' followed by a list of datasets"
        raise DatasetRefused([Problem(ProblemLevel.error, "dataset-shape", source, message)])
    datasets, problems = [], []
    for index, item in enumerate(items):
        try:
            datasets.append(Dataset.model_validate(item))
        except ValidationError as error:
            problems.extend(_schema_problems(item, index, error))
    if problems:
        raise DatasetRefused(problems)
    return datasets


def _schema_problems(item: Any, index: int, error: ValidationError) -> list[Problem]:
    name = item.get("fides_key") if isinstance(item, dict) else None
    root = str(name) if name else f"dataset[{index}]"
    return [
        Problem(
            ProblemLevel.error,
            "dataset-schema",
            _place(root, item, detail["loc"]),
            detail["msg"],
        )
        for detail in error.errors()
    ]


def _place(root: str, raw: Any, loc: Sequence[int | str]) -> str:
    """Turn a pydantic location into ``dataset.collection.field`` plus the attribute path."""
    names: list[str] = [root]
    rest: list[str] = []
    node = raw
    for step in loc:
        child = _child(node, step)
        label = child.get("name") if isinstance(child, dict) and isinstance(step, int) else None
        if label and not rest:
            names.append(str(label))
        elif isinstance(step, int):
            rest.append(f"[{step}]")
        elif step not in ("collections", "fields") or rest:
            rest.append(f".{step}" if rest else str(step))
        node = child
    place = ".".join(names)
    return f"{place} ({''.join(rest)})" if rest else place


def _child(node: Any, step: int | str) -> Any:
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    if isinstance(node, dict):
        return node.get(step)
    return None


def build_datamap(datasets: Iterable[Dataset]) -> DataMap:
    """The graph of every collection in ``datasets``; references are not checked here."""
    collections: dict[CollectionAddress, CollectionSpec] = {}
    for dataset in datasets:
        for collection in dataset.collections:
            spec = _collection(dataset.fides_key, collection)
            collections[spec.address] = spec
    return DataMap(collections, tuple(_edges(collections.values())))


def _collection(dataset_key: str, collection: DatasetCollection) -> CollectionSpec:
    address = CollectionAddress(dataset_key, collection.name)
    meta = collection.fides_meta
    erase_after = tuple(
        _collection_key(str(key), dataset_key)
        for key in ((meta.erase_after if meta else None) or [])
    )
    return CollectionSpec(
        address=address,
        fields=tuple(_field(dataset_key, collection.name, f) for f in collection.fields),
        erase_after=erase_after,
        skip_processing=bool(meta and meta.skip_processing),
    )


def _collection_key(key: str, default_dataset: str) -> CollectionAddress:
    dataset, _, collection = key.rpartition(".")
    return CollectionAddress(dataset or default_dataset, collection)


def _field(dataset_key: str, collection: str, spec: DatasetField) -> FieldSpec:
    meta = spec.fides_meta
    place = f"{dataset_key}.{collection}.{spec.name}"
    references = tuple(
        Reference(
            target=_reference_target(str(ref.dataset), ref.field),
            direction=_direction(ref.direction),
            place=f"{place} (fides_meta.references[{i}])",
        )
        for i, ref in enumerate((meta.references or []) if meta else [])
    )
    return FieldSpec(
        name=spec.name,
        categories=tuple(str(c) for c in spec.data_categories or ()),
        identity=meta.identity if meta else None,
        primary_key=bool(meta and meta.primary_key),
        references=references,
        read_only=bool(meta and meta.read_only),
        length=meta.length if meta else None,
        data_type=meta.data_type if meta else None,
        nested=bool(spec.fields),
    )


def _reference_target(dataset: str, path: str) -> FieldAddress:
    """``customer.id`` in dataset ``shop`` names field ``id`` of collection ``customer``."""
    collection, _, field_name = path.partition(".")
    return FieldAddress(dataset, collection, field_name)


def _direction(direction: EdgeDirection | None) -> Direction:
    return Direction(direction.value) if direction is not None else Direction.both


def _edges(collections: Iterable[CollectionSpec]) -> Iterable[Edge]:
    seen: set[Edge] = set()
    for collection in collections:
        for spec in collection.fields:
            here = collection.field_address(spec.name)
            for ref in spec.references:
                pairs = {
                    Direction.from_: [(ref.target, here)],
                    Direction.to: [(here, ref.target)],
                    Direction.both: [(ref.target, here), (here, ref.target)],
                }[ref.direction]
                for source, target in pairs:
                    edge = Edge(source, target)
                    if edge not in seen:
                        seen.add(edge)
                        yield edge
