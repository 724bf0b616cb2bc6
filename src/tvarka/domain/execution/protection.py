"""Rows that erasure and rectification must leave alone: legal holds and restrictions.

A protection is supplied by the caller (the request and retention modules keep them in
Tvarka's own tables); the target database is never changed to record one. It covers either
listed rows — ``(collection, primary key)`` pairs, e.g. what a restriction located — or, with
``rows=None``, every row of the data subject (an identity-level hold).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from tvarka.domain.execution.datamap import CollectionAddress

RowKey = tuple[object, ...]  # primary-key values, in the collection's primary-key field order


class ProtectionKind(StrEnum):
    legal_hold = "legal_hold"
    restriction = "restriction"  # GDPR Art. 18


@dataclass(frozen=True)
class Protection:
    kind: ProtectionKind
    note: str  # why, for the report: a case number, the restriction request
    rows: frozenset[tuple[CollectionAddress, RowKey]] | None = None  # None: all the subject's rows

    def covers(self, collection: CollectionAddress, key: RowKey) -> bool:
        return self.rows is None or (collection, key) in self.rows


@dataclass(frozen=True)
class LeftAlone:
    """A row the request found but did not change, and why."""

    collection: CollectionAddress
    key: RowKey
    reason: str  # "legal_hold", "restriction", "referenced"
    note: str


def split_protected(
    collection: CollectionAddress, keys: Iterable[RowKey], protections: Sequence[Protection]
) -> tuple[list[RowKey], list[LeftAlone]]:
    """The keys that may change, and the ones a protection keeps, with the protection named."""
    free: list[RowKey] = []
    kept: list[LeftAlone] = []
    for key in keys:
        cover = next((p for p in protections if p.covers(collection, key)), None)
        if cover is None:
            free.append(key)
        else:
            kept.append(LeftAlone(collection, key, cover.kind.value, cover.note))
    return free, kept


def restriction_of(located: Mapping[CollectionAddress, Iterable[RowKey]], note: str) -> Protection:
    """The protection a restriction request records for the rows it located."""
    rows = frozenset((c, k) for c, keys in located.items() for k in keys)
    return Protection(ProtectionKind.restriction, note, rows)
