"""A restriction of processing: the person is told before it is lifted (GDPR Art. 18(3))."""

from __future__ import annotations

import datetime as dt

from tvarka.adapters.db.request_tables import DsrRequest
from tvarka.adapters.db.tables import Organisation
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.legal_time.calendar import local_date
from tvarka.domain.requests.terms import (
    LetterKind,
)
from tvarka.domain.roles import Permission
from tvarka.services.actor import Actor
from tvarka.services.errors import Conflict
from tvarka.services.organisations import access as organisations
from tvarka.services.requests import jobs
from tvarka.services.requests.common import add_task, audit
from tvarka.services.requests.store import load


def _restricted(uow: UnitOfWork, org: Organisation, public_id: str) -> DsrRequest:
    request = load(uow, org, public_id)
    if not request.restricted:
        raise Conflict("processing is not restricted under this request", field="status")
    return request


def announce_restriction_lifting(
    uow: UnitOfWork, actor: Actor, org_key: str, public_id: str, now: dt.datetime | None = None,
) -> DsrRequest:
    """The person is told before a restriction is lifted (Art. 18(3))."""
    now = now or dt.datetime.now(dt.UTC)
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = _restricted(uow, org, public_id)
        add_task(request, "letter", now, letter=LetterKind.restriction_lifting,
                  due=local_date(now))
        audit(uow, org, actor, "request.restriction_lifting_announced", request)
        uow.commit()
        return request


def lift_restriction(
    uow: UnitOfWork, actor: Actor, org_key: str, public_id: str, now: dt.datetime | None = None,
) -> DsrRequest:
    """Lift the restriction once the person was told; rows its job marked in the connected
    systems are released with it, in the same transaction."""
    now = now or dt.datetime.now(dt.UTC)
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = _restricted(uow, org, public_id)
        told = any(t.letter_kind == LetterKind.restriction_lifting.value and t.status == "done"
                   for t in request.tasks)
        if not told:
            raise Conflict("tell the person first: the notice before lifting a restriction "
                           "has not been sent (GDPR Art. 18(3))", field="status")
        request.restricted = False
        request.updated_at = now
        released = jobs.release_restriction(uow.session, request)
        audit(uow, org, actor, "request.restriction_lifted", request)
        if request.job_id is not None:
            uow.audit(chain=org.key, actor=actor.label, action="execution.restriction_lifted",
                      object_type="execution_job", object_id=request.job_id,
                      after={"rows_released": released})
        uow.commit()
        return request
