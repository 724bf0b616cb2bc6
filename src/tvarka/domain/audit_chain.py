"""The audit log's hash chain: each event's hash covers its fields and the previous hash.

Editing an event changes its hash; deleting or inserting one breaks the sequence or the
link; reordering breaks the links; deleting the tail no longer matches the stored head.
Before/after states are stored only as hashes, so the log never holds raw personal data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def digest(value: Any) -> str | None:
    """SHA-256 of a state's canonical JSON, or None where there is no state (create/delete)."""
    if value is None:
        return None
    return hashlib.sha256(canonical_json(value).encode()).hexdigest()


def utc_text(moment: datetime) -> str:
    """One text form for an instant, whatever the database returns (SQLite drops the zone)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class ChainedEvent:
    chain: str
    seq: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    before_sha256: str | None
    after_sha256: str | None
    prev_hash: str
    hash: str


def link_hash(prev_hash: str, *, seq: int, **fields: Any) -> str:
    """SHA-256 over the previous hash and the event's canonical JSON; ``fields`` are those of
    ``body_before_seq``."""
    return hashlib.sha256(f"{prev_hash}{body_before_seq(**fields)}{seq}}}".encode()).hexdigest()


def body_before_seq(
    *,
    chain: str,
    at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    before_sha256: str | None,
    after_sha256: str | None,
) -> str:
    """The event's canonical JSON up to its sequence number, which sorts last: the hash is
    SHA-256 of ``prev_hash + body_before_seq + str(seq) + "}"``, so a database that assigns
    the number can complete the hash itself (PostgreSQL does, see ``audit_log``)."""
    body = canonical_json(
        {
            "chain": chain,
            "at": utc_text(at),
            "actor": actor,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "before": before_sha256,
            "after": after_sha256,
        }
    )
    return body[:-1] + ',"seq":'


@dataclass(frozen=True)
class Verification:
    chain: str
    ok: bool
    events: int
    broken_seq: int | None = None
    reason: str | None = None
    head_hash: str | None = None


def verify_chain(
    chain: str, events: Iterable[ChainedEvent], head: tuple[int, str] | None
) -> Verification:
    """Walk the events in sequence order and report the first broken link."""
    prev_hash, expected_seq, count = GENESIS, 1, 0
    for event in events:
        if event.seq != expected_seq:
            what = "missing" if event.seq > expected_seq else "duplicated or reordered"
            return Verification(chain, False, count, expected_seq, f"event {expected_seq} {what}")
        if event.prev_hash != prev_hash:
            return Verification(
                chain, False, count, event.seq, "link to the previous event does not match"
            )
        recomputed = link_hash(
            prev_hash,
            chain=event.chain,
            seq=event.seq,
            at=event.at,
            actor=event.actor,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            before_sha256=event.before_sha256,
            after_sha256=event.after_sha256,
        )
        if recomputed != event.hash:
            return Verification(chain, False, count, event.seq, "event content was changed")
        prev_hash, expected_seq, count = event.hash, expected_seq + 1, count + 1
    last = (expected_seq - 1, prev_hash) if count else None
    if head != last:
        stored = head[0] if head else 0
        return Verification(
            chain, False, count, (last[0] if last else 0) + 1,
            f"the chain ends at event {count} but its head says {stored}: events were removed"
            if stored > count
            else "the chain's head does not match its last event",
        )
    return Verification(chain, True, count, head_hash=prev_hash if count else None)
