"""Loading and sealing requests: the only place that reads or writes requester data.

Personal data are sealed with the data key and bound to the row (``context``), so a sealed
value copied into another row does not open; lookups go through keyed hashes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from tvarka.adapters.crypto import DataKey
from tvarka.adapters.db.request_tables import DsrRequest
from tvarka.adapters.db.tables import Organisation
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.services.errors import NotFound

REPLIES = "clarification_replies"  # key of the person's replies in a request's personal data


def seal(key: DataKey, context: str, data: dict[str, Any]) -> bytes:
    return key.encrypt_text(json.dumps(data, ensure_ascii=False, sort_keys=True), context)


def unseal(key: DataKey, context: str, token: bytes | None) -> dict[str, Any]:
    if token is None:
        return {}
    value: dict[str, Any] = json.loads(key.decrypt_text(token, context))
    return value


def request_context(public_id: str) -> str:
    return f"dsr_requests:{public_id}"


def evidence_context(public_id: str, method: str) -> str:
    return f"dsr_identity_evidence:{public_id}:{method}"


def representative_context(public_id: str) -> str:
    return f"dsr_representatives:{public_id}"


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes; PostgreSQL aware ones. Both become aware."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def email_hash(key: DataKey, email: str | None) -> str | None:
    return key.lookup_hash("email", email) if email else None


def phone_hash(key: DataKey, phone: str | None) -> str | None:
    return key.lookup_hash("phone", normalise_phone(phone)) if phone else None


def normalise_phone(phone: str) -> str:
    """Digits and a leading plus: '+370 (610) 78621' and '+37061078621' are one number."""
    cleaned = phone.strip()
    digits = "".join(ch for ch in cleaned if ch.isdigit())
    return ("+" if cleaned.startswith("+") else "") + digits


def load(uow: UnitOfWork, org: Organisation, public_id: str) -> DsrRequest:
    """A request of this organisation; another organisation's looks like a missing one."""
    request = uow.session.scalar(
        select(DsrRequest).where(
            DsrRequest.public_id == public_id, DsrRequest.organisation_id == org.id
        )
    )
    if request is None:
        raise NotFound(f"no request {public_id!r}", field="request_id")
    return request
