"""What a request did in one connected system, for the request's record and the report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from tvarka.domain.execution.datamap import CollectionAddress, DataMap
from tvarka.domain.execution.erasure import Skipped
from tvarka.domain.execution.protection import LeftAlone, RowKey


class Action(StrEnum):
    access = "access"
    erasure = "erasure"
    rectification = "rectification"
    restriction = "restriction"


@dataclass(frozen=True)
class CollectionOutcome:
    collection: CollectionAddress
    found: int
    updated: int = 0
    deleted: int = 0
    left_alone: tuple[LeftAlone, ...] = ()


@dataclass(frozen=True)
class SystemOutcome:
    system: str
    action: Action
    collections: tuple[CollectionOutcome, ...]
    skipped: tuple[Skipped, ...] = ()
    located: Mapping[CollectionAddress, tuple[RowKey, ...]] = field(default_factory=dict)

    @property
    def left_alone(self) -> tuple[LeftAlone, ...]:
        return tuple(x for c in self.collections for x in c.left_alone)


@dataclass(frozen=True)
class AccessData:
    """The subject's rows in one system, with each field's data categories for the package."""

    system: str
    datamap: DataMap
    rows: Mapping[CollectionAddress, Sequence[Mapping[str, object]]]
    not_searched: tuple[CollectionAddress, ...] = ()  # no identity of the request leads there

    def categories(self, collection: CollectionAddress, name: str) -> tuple[str, ...]:
        spec = self.datamap.collection(collection).field(name)
        return spec.categories if spec else ()
