"""Processor mode: the request goes to the controller and its receipt is recorded."""

from __future__ import annotations

import datetime as dt

from tvarka.adapters.db.request_tables import DsrRequest
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.legal_time.calendar import local_date
from tvarka.domain.requests.terms import (
    LetterKind,
    Status,
)
from tvarka.domain.roles import Permission
from tvarka.services.actor import Actor
from tvarka.services.errors import Conflict, Invalid
from tvarka.services.organisations import access as organisations
from tvarka.services.requests.common import add_task, audit, clean, move, parse_received, summary
from tvarka.services.requests.store import aware, load


def forward_to_controller(
    uow: UnitOfWork, actor: Actor, org_key: str, public_id: str, controller: str,
    now: dt.datetime | None = None,
) -> DsrRequest:
    """Processor mode: the request goes to the controller without undue delay (001 VIII.2)."""
    now = now or dt.datetime.now(dt.UTC)
    name = clean(controller, "controller")
    if not name:
        raise Invalid("name the controller the request goes to", field="controller")
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = load(uow, org, public_id)
        if not request.rules.get("processor"):
            raise Conflict("this organisation answers its own requests (it is the controller)",
                           field="controller")
        before = summary(request)
        move(request, Status.forwarded, now)
        request.controller, request.forwarded_at = name, now
        for task in request.tasks:
            if task.kind == "forward" and task.status == "pending":
                task.status, task.done_at, task.done_by = "done", now, actor.label
                task.recipient = name
        # the request itself goes to the controller as a letter (kind processor_forward)
        add_task(request, "letter", now, letter=LetterKind.forward_to_controller,
                  due=local_date(now), recipient=name)
        audit(uow, org, actor, "request.forwarded", request, before)
        uow.commit()
        return request


def record_controller_receipt(
    uow: UnitOfWork, actor: Actor, org_key: str, public_id: str, received_at: str | dt.datetime,
    now: dt.datetime | None = None,
) -> DsrRequest:
    now = now or dt.datetime.now(dt.UTC)
    at = parse_received(received_at, now)
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = load(uow, org, public_id)
        if request.status != Status.forwarded.value or request.forwarded_at is None:
            raise Conflict("the request has not been forwarded", field="status")
        if at < aware(request.forwarded_at):
            raise Invalid("the controller cannot have received it before it was sent",
                          field="received_at")
        request.controller_receipt_at = at
        request.updated_at = now
        audit(uow, org, actor, "request.controller_receipt", request)
        uow.commit()
        return request
