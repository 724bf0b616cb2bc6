from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tvarka.domain.audit_chain import GENESIS, ChainedEvent, link_hash, verify_chain


def build(n: int) -> list[ChainedEvent]:
    events, prev = [], GENESIS
    start = datetime(2026, 11, 23, 10, tzinfo=UTC)
    for seq in range(1, n + 1):
        fields = {"chain": "delano", "seq": seq, "at": start + timedelta(seconds=seq),
                  "actor": "user:1", "action": "thing.changed", "object_type": "thing",
                  "object_id": f"t{seq}", "before_sha256": None, "after_sha256": "a" * 64}
        digest = link_hash(prev, **fields)
        events.append(ChainedEvent(**fields, prev_hash=prev, hash=digest))
        prev = digest
    return events


def head(events: list[ChainedEvent]) -> tuple[int, str]:
    return events[-1].seq, events[-1].hash


def test_intact_chain_verifies() -> None:
    events = build(5)
    result = verify_chain("delano", events, head(events))
    assert result.ok and result.events == 5 and result.head_hash == events[-1].hash


def test_edited_event_is_the_first_broken_link() -> None:
    events = build(5)
    events[2] = replace(events[2], actor="user:2")
    result = verify_chain("delano", events, head(build(5)))
    assert not result.ok and result.broken_seq == 3 and "changed" in (result.reason or "")


def test_deleted_event_is_reported() -> None:
    events = build(5)
    result = verify_chain("delano", events[:2] + events[3:], head(events))
    assert not result.ok and result.broken_seq == 3 and "missing" in (result.reason or "")


def test_reordered_events_are_reported() -> None:
    events = build(5)
    swapped = [events[0], replace(events[2], seq=2), replace(events[1], seq=3)] + events[3:]
    result = verify_chain("delano", swapped, head(events))
    assert not result.ok and result.broken_seq == 2


def test_inserted_event_is_reported() -> None:
    events = build(5)
    forged = replace(events[1], object_id="forged")
    result = verify_chain("delano", events[:2] + [forged] + events[2:], head(events))
    assert not result.ok and result.broken_seq == 3


def test_deleted_tail_shows_against_the_head() -> None:
    events = build(5)
    result = verify_chain("delano", events[:4], head(events))
    assert not result.ok and "removed" in (result.reason or "")


def test_naive_timestamps_from_sqlite_hash_the_same() -> None:
    events = build(2)
    naive = [replace(e, at=e.at.replace(tzinfo=None)) for e in events]
    assert verify_chain("delano", naive, head(events)).ok
