"""Tables of the data-subject request workflow.

What Tvarka keeps about a requester (name, contacts, address, the request's text, the last
digits of a checked document, a representative's details) is sealed with the data key
(``personal`` columns, AES-GCM bound to the row's public id) and found only through keyed
hashes (``email_hash``, ``phone_hash``): a copy of the database alone reveals nobody. Identity
evidence is a record of facts (method, who checked, when, document type), never a copy.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tvarka.adapters.db.tables import Base, UtcDateTime


class DsrRequest(Base):
    __tablename__ = "dsr_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    right: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30), index=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_date: Mapped[date] = mapped_column(Date)
    clock: Mapped[str] = mapped_column(String(60))
    due: Mapped[date | None] = mapped_column(Date, index=True, nullable=True)
    initial_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    extended_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_citations: Mapped[list[str]] = mapped_column(JSON, default=list)
    paused_days: Mapped[int] = mapped_column(Integer, default=0)
    paused_since: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    pauses: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # the clock's
    extension_reason: Mapped[str | None] = mapped_column(String(40), nullable=True)
    extension_justification: Mapped[str | None] = mapped_column(Text, nullable=True)
    extended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    response_medium: Mapped[str | None] = mapped_column(String(30), nullable=True)
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    personal: Mapped[bytes] = mapped_column(LargeBinary)
    identity_required: Mapped[bool] = mapped_column(Boolean)
    identity_methods: Mapped[list[str]] = mapped_column(JSON, default=list)
    identity_citation: Mapped[str] = mapped_column(String(300))
    if_unverified: Mapped[str] = mapped_column(String(30))
    identity_confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    validation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    outcome: Mapped[str | None] = mapped_column(String(30), nullable=True)
    refusal_ground: Mapped[str | None] = mapped_column(String(40), nullable=True)
    decision: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # sealed
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    controller: Mapped[str | None] = mapped_column(String(300), nullable=True)
    forwarded_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    controller_receipt_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    # the execution job carrying out the decision in the organisation's connected systems
    job_id: Mapped[str | None] = mapped_column(ForeignKey("execution_jobs.id"), nullable=True)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    evidence: Mapped[list[IdentityEvidence]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="IdentityEvidence.id"
    )
    representatives: Mapped[list[Representative]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Representative.id"
    )
    tasks: Mapped[list[DsrTask]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="DsrTask.id"
    )


class IdentityEvidence(Base):
    """That identity was checked, how, by whom and when — never the document itself."""

    __tablename__ = "dsr_identity_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("dsr_requests.id", ondelete="CASCADE"), index=True
    )
    method: Mapped[str] = mapped_column(String(60))
    confirmed: Mapped[bool] = mapped_column(Boolean)
    checked_by: Mapped[str] = mapped_column(String(100))
    checked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    document_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    last_digits: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # sealed


class Representative(Base):
    __tablename__ = "dsr_representatives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("dsr_requests.id", ondelete="CASCADE"), index=True
    )
    document: Mapped[str] = mapped_column(String(40))
    notarised: Mapped[bool] = mapped_column(Boolean)
    personal: Mapped[bytes] = mapped_column(LargeBinary)  # sealed: name and contact
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DsrTask(Base):
    """Work a step leaves behind: a letter due, a recipient to tell (Art. 19), a forward."""

    __tablename__ = "dsr_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("dsr_requests.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))  # letter | recipient_notice
    letter_kind: Mapped[str | None] = mapped_column(String(40), nullable=True)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    recipient: Mapped[str | None] = mapped_column(String(300), nullable=True)
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), index=True)  # pending | done
    reference: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    done_by: Mapped[str | None] = mapped_column(String(100), nullable=True)


class PrivacySubmission(Base):
    """A request typed into the privacy centre, waiting for its e-mail code to be confirmed."""

    __tablename__ = "privacy_submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    email_hash: Mapped[str] = mapped_column(String(64), index=True)
    ip_hash: Mapped[str] = mapped_column(String(64), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    personal: Mapped[bytes] = mapped_column(LargeBinary)  # sealed: the form's contents
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    code_delivery: Mapped[str] = mapped_column(String(20))  # pending | queued
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    request_public_id: Mapped[str | None] = mapped_column(String(40), nullable=True)


class PrivacyAccessCode(Base):
    """A one-time code letting a person follow their request in the privacy centre.

    A row is kept even when the reference and address do not match any request (then
    ``request_public_id`` is empty and no code is sent), so the answer and the rate limits are
    the same either way.
    """

    __tablename__ = "privacy_access_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    request_public_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email_hash: Mapped[str] = mapped_column(String(64), index=True)
    ip_hash: Mapped[str] = mapped_column(String(64), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
