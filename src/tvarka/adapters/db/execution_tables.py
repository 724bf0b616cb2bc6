"""Tvarka's tables for executing requests in connected systems.

A job is one request's execution (access, erasure, rectification, restriction) for one
organisation; it has one task per connected system. Task state lives here, not in the queue:
the queue only rings the bell, and a reconciler re-rings it for tasks that are pending or
whose worker's lease ran out (a crashed worker), so a lost message or a killed worker loses
nothing. Secrets (database URLs with passwords, the subject's identities) are stored sealed
with the data key, never in clear.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from tvarka.adapters.db.tables import Base, UtcDateTime


class ConnectedSystem(Base):
    __tablename__ = "connected_systems"
    __table_args__ = (UniqueConstraint("organisation_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))  # sql | manual | webhook
    description: Mapped[str] = mapped_column(String(300), default="")
    url_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    db_schema: Mapped[str | None] = mapped_column(String(100), nullable=True)
    datasets_yaml: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ErasureRules(Base):
    """The organisation's erasure policy: data category -> null | hash | fixed | delete_row."""

    __tablename__ = "erasure_rules"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ExecutionJob(Base):
    __tablename__ = "execution_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # uuid4 hex, used in links
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    identities_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), index=True)  # open | done
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    package: Mapped[str | None] = mapped_column(String(300), nullable=True)


class ExecutionTask(Base):
    __tablename__ = "execution_tasks"
    __table_args__ = (UniqueConstraint("job_id", "system_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[str] = mapped_column(
        ForeignKey("execution_jobs.id", ondelete="CASCADE"), index=True
    )
    system_key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    # pending | running | done | failed | manual
    status: Mapped[str] = mapped_column(String(20), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)  # a manual task's note
    completed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class RestrictedRow(Base):
    """A target row under restriction (GDPR Art. 18), recorded here, never in the target."""

    __tablename__ = "restricted_rows"
    __table_args__ = (UniqueConstraint("organisation_id", "system_key", "collection", "row_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    system_key: Mapped[str] = mapped_column(String(64))
    collection: Mapped[str] = mapped_column(String(200))  # dataset.collection
    row_key: Mapped[str] = mapped_column(String(500))  # JSON list of primary-key values
    job_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
