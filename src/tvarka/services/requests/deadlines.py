"""The request's legal-time clock: rebuilt from its row, applied back as due dates, and the
one extension (GDPR Art. 12(3))."""

from __future__ import annotations

import datetime as dt

from tvarka.adapters.db.request_tables import DsrRequest
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.legal_time.clock import (
    Clock,
    ClockError,
    Extension,
    ExtensionReason,
    Pause,
    PauseReason,
)
from tvarka.domain.profile import Profile
from tvarka.domain.requests.clock import due_dates, request_clock
from tvarka.domain.requests.terms import (
    LetterKind,
    Right,
    Status,
)
from tvarka.domain.roles import Permission
from tvarka.domain.vocabulary import SubjectType
from tvarka.services.actor import Actor
from tvarka.services.errors import Invalid
from tvarka.services.organisations import access as organisations
from tvarka.services.requests.common import (
    MIN_JUSTIFICATION,
    add_task,
    audit,
    choice,
    move,
    org_profile,
    summary,
)
from tvarka.services.requests.store import aware, load


def _moment(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def rebuild_clock(request: DsrRequest, profile: Profile) -> Clock:
    """The request's legal-time clock, rebuilt from what the row recorded."""
    pauses = [
        Pause(dt.datetime.fromisoformat(p["at"]), PauseReason(p["reason"]),
              _moment(p.get("resumed_at")))
        for p in request.pauses or []
    ]
    extension = (
        Extension(ExtensionReason(request.extension_reason),
                  request.extension_justification or "", aware(request.extended_at))
        if request.extension_reason and request.extended_at else None
    )
    return request_clock(
        profile.clocks, Right(request.right), SubjectType(request.subject_type),
        request.received_date, pauses=pauses, extension=extension,
        pauses_allowed=bool(request.rules.get("pause_for_identity")),
    )


def apply_clock(request: DsrRequest, clock: Clock, profile: Profile) -> None:
    """Store the clock's pauses and the due dates it gives."""
    dates = due_dates(clock, Right(request.right), profile.clocks)
    request.clock = dates.clock
    request.initial_due, request.extended_due, request.due = (
        dates.initial, dates.extended, dates.due
    )
    request.due_citations = list(dates.citations)
    request.paused_days = dates.paused_days
    request.pauses = [
        {"at": p.paused_at.isoformat(), "reason": p.reason.value,
         "resumed_at": p.resumed_at.isoformat() if p.resumed_at else None}
        for p in clock.pauses
    ]
    request.paused_since = clock.pauses[-1].paused_at if clock.paused else None


def extend(
    uow: UnitOfWork, actor: Actor, org_key: str, public_id: str, reason: str,
    justification: str, now: dt.datetime | None = None,
) -> DsrRequest:
    """The one extension: for complexity or number of requests, told by the first due date."""
    now = now or dt.datetime.now(dt.UTC)
    why = choice(ExtensionReason, reason, "reason")
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = load(uow, org, public_id)
        if len(justification.strip()) < MIN_JUSTIFICATION:
            raise Invalid(f"say why {why.value} makes the extension necessary (at least "
                          f"{MIN_JUSTIFICATION} characters)", field="justification")
        profile = org_profile(org)
        try:
            clock = rebuild_clock(request, profile).extend(why, justification, now)
        except ClockError as refused:
            raise Invalid(str(refused), field="reason") from None
        before = summary(request)
        move(request, Status.extended, now)
        request.extension_reason = why.value
        request.extension_justification = justification.strip()
        request.extended_at = now
        apply_clock(request, clock, profile)
        add_task(request, "letter", now, letter=LetterKind.extension, due=request.initial_due)
        audit(uow, org, actor, "request.extended", request, before)
        uow.commit()
        return request
