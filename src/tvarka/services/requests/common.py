"""What every step of a request shares: input checks, tasks, status moves and the audit
event that names the request by its public id, never the person."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tvarka.adapters.db.request_tables import DsrRequest, DsrTask
from tvarka.adapters.db.tables import Organisation
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.legal_time.calendar import VILNIUS
from tvarka.domain.profile import Profile
from tvarka.domain.requests.states import TransitionRefused, check_transition, is_closed
from tvarka.domain.requests.terms import (
    LetterKind,
    Status,
)
from tvarka.services.actor import Actor
from tvarka.services.errors import Conflict, Invalid
from tvarka.services.organisations import access as organisations

MAX_TEXT = 20_000


MIN_JUSTIFICATION = 10


DIGITS = re.compile(r"^[0-9A-Za-z]{1,4}$")


PHONE = re.compile(r"^\+?[0-9 ()\-]{5,25}$")


def choice(enum: type[Any], value: str | None, field_name: str) -> Any:
    """The enum member named ``value``, or an Invalid error listing the choices."""
    try:
        return enum(value)
    except ValueError:
        options = ", ".join(m.value for m in enum)
        raise Invalid(f"unknown {field_name.replace('_', ' ')} {value!r}; one of {options}",
                      field=field_name) from None


def parse_received(value: str | dt.datetime, now: dt.datetime) -> dt.datetime:
    """An ISO date or time; a date or a time without offset is read in Vilnius time."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = value.strip()
        try:
            if len(text) == 10:
                moment = dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
            else:
                moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise Invalid(f"not an ISO date or time: {value!r}", field="received_at") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VILNIUS)
    moment = moment.astimezone(dt.UTC)
    if moment > now + dt.timedelta(minutes=5):
        raise Invalid("the received time is in the future", field="received_at")
    return moment


def clean(value: str | None, field_name: str, limit: int = 300) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value) > limit:
        raise Invalid(f"{field_name} is longer than {limit} characters", field=field_name)
    return value.strip()


def add_task(
    request: DsrRequest,
    kind: str,
    now: dt.datetime,
    *,
    letter: LetterKind | None = None,
    due: dt.date | None = None,
    recipient: str | None = None,
) -> DsrTask:
    task = DsrTask(
        kind=kind,
        letter_kind=letter.value if letter else None,
        languages=list(request.languages) if letter else [],
        recipient=recipient,
        due=due,
        status="pending",
        created_at=now,
    )
    request.tasks.append(task)
    return task


def summary(request: DsrRequest) -> dict[str, Any]:
    """What the audit log hashes for a request: its facts, never the person."""
    return {
        "request": request.public_id,
        "right": request.right,
        "channel": request.channel,
        "subject_type": request.subject_type,
        "status": request.status,
        "due": request.due.isoformat() if request.due else None,
        "outcome": request.outcome,
        "job": request.job_id,
    }


def audit(uow: UnitOfWork, org: Organisation, actor: Actor, action: str,
           request: DsrRequest, before: dict[str, Any] | None = None) -> None:
    uow.audit(
        chain=org.key,
        actor=actor.label,
        action=action,
        object_type="dsr_request",
        object_id=request.public_id,
        before=before,
        after=summary(request),
    )


def check_move(request: DsrRequest, target: Status) -> None:
    try:
        check_transition(Status(request.status), target)
    except TransitionRefused as refused:
        raise Conflict(str(refused), field="status") from None


def move(request: DsrRequest, target: Status, now: dt.datetime) -> None:
    check_move(request, target)
    request.status = target.value
    request.updated_at = now
    if is_closed(target):
        request.closed_at = now


def org_profile(org: Organisation) -> Profile:
    return organisations.profile_of(org)
