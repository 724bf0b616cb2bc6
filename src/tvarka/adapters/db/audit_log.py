"""Appending to and reading the hash-chained audit log, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from tvarka.adapters.db.tables import AuditEvent, AuditHead
from tvarka.domain.audit_chain import GENESIS, ChainedEvent, body_before_seq, digest, link_hash

PLATFORM_CHAIN = "platform"


# Built once: composing a statement costs more CPU than sending it.
_LOCK_HEAD = (
    select(AuditHead.seq, AuditHead.hash)
    .where(AuditHead.chain == bindparam("head_chain"))
    .with_for_update()
)
_ADD_EVENT = insert(AuditEvent)
_MOVE_HEAD = (
    update(AuditHead)
    .where(AuditHead.chain == bindparam("head_chain"))
    .values(seq=bindparam("head_seq"), hash=bindparam("head_hash"))
)
# PostgreSQL appends in one statement, hash included: it locks the head, numbers the event,
# completes the hash (``audit_chain.body_before_seq``), adds the event and moves the head. The
# head stays locked for that statement and COMMIT only, not for three round trips.
_APPEND_ON_HEAD = text(
    """
    WITH head AS (
        SELECT seq, hash FROM audit_heads WHERE chain = :chain FOR UPDATE
    ), linked AS (
        SELECT seq + 1 AS seq, hash AS prev_hash,
               encode(sha256(convert_to(hash || :body || (seq + 1)::text || '}', 'UTF8')), 'hex')
                   AS hash
        FROM head
    ), moved AS (
        UPDATE audit_heads SET seq = linked.seq, hash = linked.hash
        FROM linked WHERE audit_heads.chain = :chain
    )
    INSERT INTO audit_events (chain, seq, at, actor, action, object_type, object_id,
                              before_sha256, after_sha256, prev_hash, hash)
    SELECT :chain, seq, :at, :actor, :action, :object_type, :object_id,
           :before_sha256, :after_sha256, prev_hash, hash
    FROM linked
    """
).bindparams(bindparam("at", type_=AuditEvent.__table__.c.at.type))


def append(
    session: Session,
    *,
    chain: str,
    at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    before: Any = None,
    after: Any = None,
) -> None:
    """Add one event after the chain's head, locking the head so appends never interleave.

    The head stays locked until the caller's transaction ends, so the append should be the
    caller's last statement before COMMIT: one statement on PostgreSQL, three on SQLite, no
    ORM flush meanwhile.
    """
    fields: dict[str, Any] = {
        "chain": chain,
        "at": at,
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "before_sha256": digest(before),
        "after_sha256": digest(after),
    }
    session.flush()  # the caller's changes go first, before the head is locked
    conn = session.connection()  # plain statements: no ORM bookkeeping while the lock is held
    if conn.dialect.name == "postgresql":
        added = conn.execute(_APPEND_ON_HEAD, {**fields, "body": body_before_seq(**fields)})
        if added.rowcount == 0:  # the chain's first event: no head yet
            _ensure_head(session, chain)
            conn.execute(_APPEND_ON_HEAD, {**fields, "body": body_before_seq(**fields)})
        return
    head = conn.execute(_LOCK_HEAD, {"head_chain": chain}).first()
    if head is None:  # the chain's first event
        _ensure_head(session, chain)
        head = conn.execute(_LOCK_HEAD, {"head_chain": chain}).one()
    seq = head.seq + 1
    event_hash = link_hash(head.hash, seq=seq, **fields)
    conn.execute(_ADD_EVENT, {**fields, "seq": seq, "prev_hash": head.hash, "hash": event_hash})
    conn.execute(_MOVE_HEAD, {"head_chain": chain, "head_seq": seq, "head_hash": event_hash})


def _ensure_head(session: Session, chain: str) -> None:
    """Create the chain's head if missing, without racing another first append."""
    from sqlalchemy.dialects import postgresql, sqlite  # only the one in use gets loaded

    dialect = session.get_bind().dialect.name
    values = {"chain": chain, "seq": 0, "hash": GENESIS}
    if dialect == "postgresql":
        statement = postgresql.insert(AuditHead).values(values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite.insert(AuditHead).values(values).on_conflict_do_nothing()
    else:
        statement = insert(AuditHead).values(values).prefix_with("IGNORE")
    session.execute(statement)


def chains(session: Session) -> list[str]:
    names = set(session.scalars(select(AuditHead.chain)))
    names.update(session.scalars(select(AuditEvent.chain).distinct()))
    return sorted(names)


def head_of(session: Session, chain: str) -> tuple[int, str] | None:
    head = session.get(AuditHead, chain)
    return (head.seq, head.hash) if head and head.seq else None


def events_of(session: Session, chain: str, batch: int = 5000) -> Iterator[ChainedEvent]:
    """Stream a chain in sequence order without loading it all into memory."""
    rows = session.execute(
        select(
            AuditEvent.chain,
            AuditEvent.seq,
            AuditEvent.at,
            AuditEvent.actor,
            AuditEvent.action,
            AuditEvent.object_type,
            AuditEvent.object_id,
            AuditEvent.before_sha256,
            AuditEvent.after_sha256,
            AuditEvent.prev_hash,
            AuditEvent.hash,
        )
        .where(AuditEvent.chain == chain)
        .order_by(AuditEvent.seq)
        .execution_options(yield_per=batch)
    )
    for row in rows:
        yield ChainedEvent(*row)
