"""Verifying the audit chains."""

from __future__ import annotations

from tvarka.adapters.db import audit_log
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.audit_chain import Verification, verify_chain


def verify(uow: UnitOfWork, chain: str | None = None) -> list[Verification]:
    """Verify one chain (an organisation key or ``platform``), or all of them."""
    with uow:
        names = [chain] if chain else audit_log.chains(uow.session)
        return [
            verify_chain(
                name,
                audit_log.events_of(uow.session, name),
                audit_log.head_of(uow.session, name),
            )
            for name in names
        ]
