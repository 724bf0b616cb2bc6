"""A decision carried out where the data live: the organisation's connected systems.

A granted (or partly granted) access, portability, erasure, rectification or restriction
starts an execution job (``services.execution.execute``) with the person's own identities,
opened from the request with the data key: never a representative's, whose contact is kept
apart. The job id is recorded on the request and the answer waits until the job is done; a
failed job leaves the request open with the error until it is resumed (``tvarka job
resume``). Systems Tvarka cannot reach are the engine's manual tasks. Without any connected
system the decision is carried out by hand, and the request's tasks say so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tvarka.adapters.access_package.links import package_of_link
from tvarka.adapters.crypto import DataKey
from tvarka.adapters.db.execution_tables import (
    ConnectedSystem,
    ExecutionJob,
    ExecutionTask,
    RestrictedRow,
)
from tvarka.adapters.db.request_tables import DsrRequest
from tvarka.adapters.db.tables import Organisation
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.execution.outcome import Action
from tvarka.domain.requests.decisions import Decision
from tvarka.domain.requests.terms import Outcome, Right
from tvarka.runtime import Runtime
from tvarka.services import execution
from tvarka.services.actor import Actor
from tvarka.services.errors import Invalid, NotFound
from tvarka.services.organisations import access as organisations
from tvarka.services.requests.store import load, request_context, unseal

CARRIED_OUT = {
    Right.access: Action.access,
    Right.portability: Action.access,  # the package holds the portability export
    Right.erasure: Action.erasure,
    Right.rectification: Action.rectification,
    Right.restriction: Action.restriction,
}
# the request's contact fields -> the identity types of fideslang datasets
IDENTITY_TYPES = {"email": "email", "phone": "phone_number"}
BY_HAND = "carry_out_by_hand"  # the task left when no connected system can carry it out


def action_for(right: Right, outcome: Outcome) -> Action | None:
    """What a decision does in the connected systems, if anything."""
    return CARRIED_OUT.get(right) if outcome is not Outcome.refused else None


def corrections_from(lines: Iterable[str]) -> tuple[dict[str, str], ...]:
    """Corrections typed as ``dataset.collection.field=value`` (CLI options, form lines)."""
    pairs = (line.partition("=") for line in lines)
    return tuple({"field": name.strip(), "value": value.strip()} for name, _, value in pairs
                 if name.strip())


def held_rows_from(lines: Iterable[str]) -> tuple[dict[str, Any], ...]:
    """Rows under a legal exception typed as ``system:dataset.collection:key=note`` (CLI
    options, form lines); a key of several columns is comma-separated, and each value is
    read as JSON where it is (``1042`` a number, ``"1042"`` or ``A-7`` text)."""
    held = []
    for i, line in enumerate(line for line in lines if line.strip()):
        place, _, note = line.partition("=")
        parts = place.split(":")
        if len(parts) != 3 or not all(p.strip() for p in parts) or not note.strip():
            raise Invalid(f"held row {i}: write system:dataset.collection:key=why it is kept",
                          field=f"held_rows[{i}]")
        system, collection, key = (p.strip() for p in parts)
        held.append({"system": system, "collection": collection, "note": note.strip(),
                     "key": [_value(v.strip()) for v in key.split(",")]})
    return tuple(held)


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def has_systems(session: Session, org: Organisation) -> bool:
    return session.scalar(
        select(ConnectedSystem.id).where(ConnectedSystem.organisation_id == org.id).limit(1)
    ) is not None


def identities(key: DataKey, request: DsrRequest) -> dict[str, list[str]]:
    """The person's identities from the request: e-mail, phone and the identifiers given
    (personal code, customer number...). The representative's contact is never among them."""
    personal = unseal(key, request_context(request.public_id), request.personal)
    found = {kind: [str(personal[name])] for name, kind in IDENTITY_TYPES.items()
             if personal.get(name)}
    for kind, value in (personal.get("identifiers") or {}).items():
        found.setdefault(kind, []).append(str(value))
    return found


def start(uow: UnitOfWork, key: DataKey, actor: Actor, org_key: str, request: DsrRequest,
          action: Action, decision: Decision) -> tuple[str, list[int]]:
    """Write the job carrying out ``decision`` in ``uow``'s transaction, beside the decision
    itself; return its id and the tasks to ring once that transaction has committed. When the
    engine refuses, it raises and nothing is stored."""
    found = identities(key, request)
    if not found:
        raise Invalid("the request gives no identity to find the person by in the connected "
                      "systems (an e-mail, a phone or an identifier)", field="identifiers")
    options: dict[str, Any] = {"lang": request.languages[0] if request.languages else "lt"}
    if action is Action.rectification:
        if not decision.corrections:
            raise Invalid("a rectification carried out in connected systems gives the "
                          "corrections: [{field|category, value}]", field="corrections")
        options["corrections"] = [dict(c) for c in decision.corrections]
    if decision.held_rows:
        options["held_rows"] = [dict(r) for r in decision.held_rows]
    return execution.start_job(uow, key, actor, org_key, action.value, found, options)


def job_state(session: Session, job_id: str) -> dict[str, Any]:
    """The job as the request shows it: status, systems still waiting, errors, package."""
    job = session.get_one(ExecutionJob, job_id)
    tasks = session.scalars(
        select(ExecutionTask).where(ExecutionTask.job_id == job_id)
        .order_by(ExecutionTask.system_key)
    ).all()
    return {
        "id": job.id,
        "action": job.action,
        "status": job.status,
        "package": job.package is not None,
        "failed": [{"system": t.system_key, "error": t.error} for t in tasks
                   if t.status == "failed"],
        "manual": [t.system_key for t in tasks if t.status == "manual"],
    }


def unfinished(session: Session, org_key: str, request: DsrRequest) -> str | None:
    """Why the request cannot be answered yet: its job is not done (None when it is)."""
    if request.job_id is None:
        return None
    state = job_state(session, request.job_id)
    if state["status"] == "done":
        return None
    job = state["id"]
    if state["failed"]:
        errors = "; ".join(f"{f['system']}: {f['error']}" for f in state["failed"])
        return (f"the decision's job {job} failed ({errors}); fix the cause and run "
                f"`tvarka job resume {org_key} {job}` before answering")
    if state["manual"]:
        return (f"the decision's job {job} waits for manual task(s) in "
                f"{', '.join(state['manual'])} (`tvarka job complete {org_key} {job} SYSTEM`)")
    return f"the decision's job {job} is still running in the connected systems"


def release_restriction(session: Session, request: DsrRequest) -> int:
    """Lift what the restriction job marked: later erasure and rectification touch the rows
    again. The engine changes nothing in the target when it restricts, so nothing is undone
    there. Returns how many rows were released."""
    if request.job_id is None:
        return 0
    result = session.execute(delete(RestrictedRow).where(RestrictedRow.job_id == request.job_id))
    return int(getattr(result, "rowcount", 0) or 0)


def package_link_for(runtime: Runtime, actor: Actor, org_key: str,
                     public_id: str) -> str | None:
    """A fresh expiring link to the request's access package, once its job built one."""
    uow = runtime.uow()
    with uow:
        org = organisations.get(uow, actor, org_key)
        request = load(uow, org, public_id)
        job = uow.session.get(ExecutionJob, request.job_id) if request.job_id else None
        if job is None or job.package is None:
            return None
    return execution.package_link(runtime, actor, org_key, job.id)


def package_for(runtime: Runtime, actor: Actor, org_key: str, public_id: str,
                token: str) -> bytes:
    """The package a link opens, only for the request it was given for (LinkRefused when
    the link expired or was forged, NotFound when it names another request's package)."""
    uow = runtime.uow()
    with uow:
        org = organisations.get(uow, actor, org_key)
        request = load(uow, org, public_id)
    if request.job_id is None or (
        package_of_link(runtime.config.secret_key, token, execution.LINK_MAX_AGE)
        != request.job_id
    ):
        raise NotFound("no such package")
    return execution.download_package(runtime, token)
