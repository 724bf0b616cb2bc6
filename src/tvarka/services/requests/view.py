"""Requests as staff read them: one request in full, lists, and the dashboard by due date."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import select

from tvarka.adapters.crypto import DataKey
from tvarka.adapters.db import register_store
from tvarka.adapters.db.request_tables import DsrRequest, DsrTask
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.legal_time.calendar import local_date
from tvarka.domain.register.recipients import proposed_recipients
from tvarka.domain.requests.decisions import recipients_window
from tvarka.domain.requests.terms import NOTIFY_RECIPIENTS, OPEN, Right, Status
from tvarka.domain.roles import Permission
from tvarka.domain.vocabulary import SubjectType
from tvarka.services.actor import Actor
from tvarka.services.errors import Invalid
from tvarka.services.organisations import access as organisations
from tvarka.services.requests import jobs
from tvarka.services.requests.store import (
    REPLIES,
    aware,
    email_hash,
    evidence_context,
    load,
    representative_context,
    request_context,
    unseal,
)

DUE_SOON_DAYS = 7


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if isinstance(value, dt.datetime):
        return aware(value).isoformat()
    return value.isoformat() if value is not None else None


def _state(request: DsrRequest, today: dt.date) -> str:
    if request.status not in OPEN or request.due is None:
        return "closed" if request.status not in OPEN else "no_date"
    if request.due < today:
        return "overdue"
    if (request.due - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    return "on_time"


def summary(request: DsrRequest, today: dt.date) -> dict[str, Any]:
    """The facts of a request, without the person: safe for lists and dashboards."""
    return {
        "id": request.public_id,
        "right": request.right,
        "channel": request.channel,
        "subject_type": request.subject_type,
        "status": request.status,
        "received_at": _iso(request.received_at),
        "due": _iso(request.due),
        "initial_due": _iso(request.initial_due),
        "extended_due": _iso(request.extended_due),
        "timing": _state(request, today),
        "paused": request.paused_since is not None,
        "outcome": request.outcome,
        "pending_tasks": sum(1 for t in request.tasks if t.status == "pending"),
        "open_recipient_notices": len(open_recipient_notices(request)),
    }


def open_recipient_notices(request: DsrRequest) -> list[dict[str, Any]]:
    """Recipients still to be told of a rectification, erasure or restriction (Art. 19):
    they stay open after the person's answer has gone, so they are listed on their own."""
    return [{"request": request.public_id, "task": t.id, "recipient": t.recipient,
             "since": _iso(t.created_at)}
            for t in request.tasks if t.kind == "recipient_notice" and t.status == "pending"]


def detail(key: DataKey, request: DsrRequest, today: dt.date,
           seed: str | None = None) -> dict[str, Any]:
    """Everything about one request, the person's data opened with the data key."""
    window = recipients_window(seed, SubjectType(request.subject_type), request.received_date)
    personal = unseal(key, request_context(request.public_id), request.personal)
    replies = personal.pop(REPLIES, [])
    decision = unseal(key, request_context(request.public_id) + ":decision", request.decision)
    evidence = []
    for item in request.evidence:
        digits = None
        if item.last_digits is not None:
            context = evidence_context(request.public_id, item.method)
            digits = key.decrypt_text(item.last_digits, context)
        evidence.append({
            "method": item.method, "confirmed": item.confirmed, "checked_by": item.checked_by,
            "checked_at": _iso(item.checked_at), "document_type": item.document_type,
            "last_digits": digits,
        })
    representatives = [
        {"document": r.document, "notarised": r.notarised, "recorded_by": r.recorded_by,
         "recorded_at": _iso(r.recorded_at),
         **unseal(key, representative_context(request.public_id),
                  r.personal)}
        for r in request.representatives
    ]
    tasks = [
        {"id": t.id, "kind": t.kind, "letter": t.letter_kind, "languages": t.languages,
         "recipient": t.recipient, "due": _iso(t.due), "status": t.status,
         "reference": t.reference, "done_at": _iso(t.done_at), "done_by": t.done_by}
        for t in request.tasks
    ]
    return {
        **summary(request, today),
        "requester": personal,
        "clarification_replies": replies,
        "languages": request.languages,
        "response_medium": request.response_medium,
        "clock": request.clock,
        "due_citations": request.due_citations,
        "paused_days": request.paused_days,
        "extension": {
            "reason": request.extension_reason,
            "justification": request.extension_justification,
            "at": _iso(request.extended_at),
        } if request.extension_reason else None,
        "identity": {
            "required": request.identity_required,
            "methods": request.identity_methods,
            "citation": request.identity_citation,
            "if_unverified": request.if_unverified,
            "confirmed_at": _iso(request.identity_confirmed_at),
            "evidence": evidence,
        },
        "representatives": representatives,
        "validation": request.validation,
        "rules": request.rules,
        "findings": request.findings,
        "decision": {"outcome": request.outcome, "ground": request.refusal_ground,
                     "decided_at": _iso(request.decided_at), "decided_by": request.decided_by,
                     **decision} if request.outcome else None,
        "restricted": request.restricted,
        "recipients_period": {"from": window[0].isoformat(), "to": window[1].isoformat(),
                              "citation": window[2]}
        if window and request.right == Right.access.value else None,
        "controller": {"name": request.controller, "forwarded_at": _iso(request.forwarded_at),
                       "receipt_at": _iso(request.controller_receipt_at)}
        if request.controller else None,
        "tasks": tasks,
        "closed_at": _iso(request.closed_at),
    }


def get(uow: UnitOfWork, key: DataKey, actor: Actor, org_key: str, public_id: str,
        now: dt.datetime | None = None) -> dict[str, Any]:
    org = organisations.get(uow, actor, org_key, Permission.read)
    today = local_date(now or dt.datetime.now(dt.UTC))
    seed = organisations.profile_of(org).seed
    with uow:
        request = load(uow, org, public_id)
        register = (register_store.load(uow.session, org.id)
                    if Right(request.right) in NOTIFY_RECIPIENTS else None)
        # Art. 19: who the register says receives such data, to help name the recipients
        proposed = proposed_recipients(register, SubjectType(request.subject_type)) if (
            register) else []
        job = jobs.job_state(uow.session, request.job_id) if request.job_id else None
        return {**detail(key, request, today, seed), "job": job,
                "proposed_recipients": [dataclasses.asdict(r) for r in proposed]}


def list_requests(
    uow: UnitOfWork,
    key: DataKey,
    actor: Actor,
    org_key: str,
    *,
    status: str | None = None,
    open_only: bool = False,
    email: str | None = None,
    now: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """Requests by due date (undated last); ``email`` finds a person's through the keyed hash."""
    if status is not None and status not in {s.value for s in Status}:
        options = ", ".join(s.value for s in Status)
        raise Invalid(f"unknown status {status!r}; one of {options}", field="status")
    org = organisations.get(uow, actor, org_key, Permission.read)
    today = local_date(now or dt.datetime.now(dt.UTC))
    query = select(DsrRequest).where(DsrRequest.organisation_id == org.id)
    if status is not None:
        query = query.where(DsrRequest.status == status)
    if open_only:
        query = query.where(DsrRequest.status.in_([s.value for s in OPEN]))
    if email:
        query = query.where(DsrRequest.email_hash == email_hash(key, email.strip().lower()))
    with uow:
        rows = uow.session.scalars(query).all()
        ordered = sorted(rows, key=lambda r: (r.due is None, r.due or today, r.received_at))
        return [summary(r, today) for r in ordered]


def dashboard(uow: UnitOfWork, key: DataKey, actor: Actor, org_key: str,
              now: dt.datetime | None = None) -> dict[str, Any]:
    """Open requests by due date, with the overdue and the soon-due picked out, and the
    recipients still to be told (Art. 19) of requests open or closed."""
    rows = list_requests(uow, key, actor, org_key, open_only=True, now=now)
    org = organisations.get(uow, actor, org_key, Permission.read)
    with uow:
        pending = select(DsrTask.request_id).where(DsrTask.kind == "recipient_notice",
                                                   DsrTask.status == "pending")
        told = uow.session.scalars(select(DsrRequest).where(
            DsrRequest.organisation_id == org.id, DsrRequest.id.in_(pending))
            .order_by(DsrRequest.received_at)).all()
        notices = [n for request in told for n in open_recipient_notices(request)]
    return {
        "recipient_notices": notices,
        "today": local_date(now or dt.datetime.now(dt.UTC)).isoformat(),
        "due_soon_days": DUE_SOON_DAYS,
        "open": rows,
        "overdue": [r for r in rows if r["timing"] == "overdue"],
        "due_soon": [r for r in rows if r["timing"] == "due_soon"],
    }


def overview(uow: UnitOfWork, key: DataKey, actor: Actor,
             now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Per organisation the caller sees: open, overdue and soon-due requests, next due date."""
    rows = []
    for org in organisations.list_visible(uow, actor):
        board = dashboard(uow, key, actor, org.key, now)
        dated = [r["due"] for r in board["open"] if r["due"]]
        rows.append({"key": org.key, "legal_name": org.legal_name, "open": len(board["open"]),
                     "overdue": len(board["overdue"]), "due_soon": len(board["due_soon"]),
                     "next_due": min(dated) if dated else None})
    return rows
