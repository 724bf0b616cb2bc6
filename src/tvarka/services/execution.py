"""Executing data-subject requests in an organisation's connected systems.

Entry point for the request workflow: ``execute(runtime, actor, org, action, identities,
options) -> job id``. A job gets one task per connected system, persisted in Tvarka's tables
and rung through the queue; a worker claims a task with a lease, runs it in the target (one
transaction per system, see ``tvarka.adapters.targets.sql``) and records the outcome. A worker
killed mid-task leaves the target rolled back and the task's lease running out; the reconciler
rings it again and the next worker runs it once more. Tasks already done are never repeated.
If a worker dies after the target committed but before Tvarka recorded it, the task runs
again: erasure, rectification and restriction give the same result the second time, access
reads again, a webhook repeats with the same Idempotency-Key.

Manual tasks (paper files, systems Tvarka cannot reach) wait for staff to complete them with
a note. Access jobs end with an encrypted package (JSON, CSV, readable page, portability
export) downloadable through an expiring link.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam, insert, select, update

from tvarka.adapters.access_package.build import package_document, package_zip, plain
from tvarka.adapters.access_package.links import link_token, package_of_link
from tvarka.adapters.crypto import DataKey
from tvarka.adapters.db.execution_tables import (
    ConnectedSystem,
    ErasureRules,
    ExecutionJob,
    ExecutionTask,
    RestrictedRow,
)
from tvarka.adapters.db.tables import Organisation
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.adapters.targets.inspection import inspect_system
from tvarka.adapters.targets.sql import SqlSystem, TargetError
from tvarka.adapters.targets.webhook import WebhookFailed, notify
from tvarka.domain.execution.datamap import (
    CollectionAddress,
    DataMap,
    FieldAddress,
    parse_yaml,
)
from tvarka.domain.execution.erasure import ErasurePolicy, PlanRefused, parse_policy
from tvarka.domain.execution.outcome import AccessData, Action, SystemOutcome
from tvarka.domain.execution.problems import DatasetRefused, Problem
from tvarka.domain.execution.protection import Protection, ProtectionKind
from tvarka.domain.execution.rectification import Correction
from tvarka.domain.execution.validation import load_datamap
from tvarka.domain.register.categories import fideslang_categories
from tvarka.domain.roles import Permission
from tvarka.runtime import Runtime
from tvarka.services.actor import Actor
from tvarka.services.errors import Conflict, Invalid, NotFound
from tvarka.services.organisations import access as organisations

KINDS = ("sql", "manual", "webhook")
Record = sa.Row[*tuple[Any, ...]]  # a row read with Core: its columns by name
SQL_BACKENDS = ("postgresql", "sqlite", "mysql", "mariadb")
LINK_MAX_AGE = 7 * 24 * 3600


def lease_seconds() -> int:
    return int(os.environ.get("TVARKA_TASK_LEASE_SECONDS", "300"))


def _now() -> datetime:
    return datetime.now(UTC)


# -- connected systems ---------------------------------------------------------------------


@dataclass(frozen=True)
class SystemView:
    key: str
    kind: str
    description: str
    db_schema: str | None
    collections: int
    warnings: list[str]
    webhook_secret: str | None = None  # shown once, when a webhook system is added


def add_system(
    runtime: Runtime,
    actor: Actor,
    org_key: str,
    key: str,
    kind: str,
    url: str | None = None,
    datasets_yaml: str | None = None,
    db_schema: str | None = None,
    description: str = "",
) -> SystemView:
    """Add or replace a connected system; its dataset is checked before anything is stored."""
    if kind not in KINDS:
        raise Invalid(f"kind must be one of {', '.join(KINDS)}", field="kind")
    if not key or len(key) > 64 or not key.replace("-", "").replace("_", "").isalnum():
        raise Invalid("a system key is 1-64 letters, digits, '-' or '_'", field="key")
    warnings: list[Problem] = []
    collections = 0
    if kind == "sql":
        _check_sql_url(url)
        if not datasets_yaml:
            raise Invalid("an SQL system needs its fideslang dataset YAML", field="datasets")
        datamap, warnings = _datamap(datasets_yaml)
        collections = len(datamap.collections)
    elif kind == "webhook" and not (url or "").startswith(("http://", "https://")):
        raise Invalid("a webhook system needs an http(s) URL", field="url")
    key_bytes = runtime.data_key
    uow = runtime.uow()
    with uow:
        org = organisations.get(uow, actor, org_key, Permission.edit_register)
        system = uow.session.scalar(
            select(ConnectedSystem).where(
                ConnectedSystem.organisation_id == org.id, ConnectedSystem.key == key
            )
        )
        outcome = "updated" if system else "created"
        if system is None:
            system = ConnectedSystem(organisation_id=org.id, key=key, created_at=_now())
            uow.session.add(system)
        system.kind, system.description, system.db_schema = kind, description, db_schema
        system.url_sealed = (
            key_bytes.encrypt_text(url, _system_context(org_key, key)) if url else None
        )
        system.datasets_yaml = datasets_yaml if kind == "sql" else None
        system.updated_at = _now()
        uow.audit(
            chain=org_key,
            actor=actor.label,
            action=f"system.{outcome}",
            object_type="connected_system",
            object_id=key,
            after={  # never the URL: it may carry a password
                "kind": kind,
                "schema": db_schema,
                "datasets_sha256": hashlib.sha256((datasets_yaml or "").encode()).hexdigest(),
            },
        )
        uow.commit()
    secret = _webhook_secret(key_bytes, org_key, key).hex() if kind == "webhook" else None
    return SystemView(
        key, kind, description, db_schema, collections, [str(w) for w in warnings], secret
    )


def list_systems(runtime: Runtime, actor: Actor, org_key: str) -> list[SystemView]:
    uow = runtime.uow()
    with uow:
        org = organisations.get(uow, actor, org_key)
        rows = uow.session.scalars(
            select(ConnectedSystem)
            .where(ConnectedSystem.organisation_id == org.id)
            .order_by(ConnectedSystem.key)
        ).all()
    out = []
    for row in rows:
        count = len(_datamap(row.datasets_yaml)[0].collections) if row.datasets_yaml else 0
        out.append(SystemView(row.key, row.kind, row.description, row.db_schema, count, []))
    return out


def validate_system(runtime: Runtime, actor: Actor, org_key: str, key: str) -> list[Problem]:
    """Dataset warnings plus the live check: reachable, tables, columns, indexes, NOT NULL."""
    uow = runtime.uow()
    with uow:
        org = organisations.get(uow, actor, org_key)
        row = _system_row(uow.session, org, key)
        policy = _policy(uow.session, org.id)
    if row.kind != "sql" or not row.datasets_yaml:
        return []
    _, warnings = _datamap(row.datasets_yaml)
    system = _sql_system(runtime, org_key, row)
    return warnings + inspect_system(system, policy)


def set_erasure_rules(
    runtime: Runtime, actor: Actor, org_key: str, rules: Mapping[str, object]
) -> ErasurePolicy:
    """The organisation's erasure policy per data category, checked before it is stored."""
    try:
        policy = parse_policy(rules, fideslang_categories())
    except PlanRefused as error:
        raise Invalid(str(error), field="rules") from error
    uow = runtime.uow()
    with uow:
        org = organisations.get(uow, actor, org_key, Permission.edit_register)
        row = uow.session.get(ErasureRules, org.id)
        before = row.rules if row else None
        if row is None:
            row = ErasureRules(organisation_id=org.id)
            uow.session.add(row)
        row.rules, row.updated_at = dict(rules), _now()
        uow.audit(
            chain=org_key,
            actor=actor.label,
            action="erasure_rules.set",
            object_type="erasure_rules",
            object_id=org_key,
            before=before,
            after=dict(rules),
        )
        uow.commit()
    return policy


# -- jobs ----------------------------------------------------------------------------------


def execute(
    runtime: Runtime,
    actor: Actor,
    org_key: str,
    action: str,
    identities: Mapping[str, Sequence[str]],
    options: Mapping[str, Any] | None = None,
) -> str:
    """Start executing a request in every connected system; return the job id.

    ``identities``: identity type -> values, e.g. ``{"email": ["ona@example.lt"]}``.
    ``options``: ``corrections`` (rectification: list of {field | category, value}),
    ``legal_hold`` (a note: nothing of this subject may change), ``held_rows`` (rows under a
    legal hold: list of {system, collection: "dataset.collection", key: [values], note}),
    ``lang`` (package page).
    """
    job_id, pending = runtime.group_commit.run(
        lambda uow: start_job(uow, runtime.data_key, actor, org_key, action, identities, options)
    )
    runtime.queue.ring(pending)
    return job_id


def start_job(
    uow: UnitOfWork,
    key: DataKey,
    actor: Actor,
    org_key: str,
    action: str,
    identities: Mapping[str, Sequence[str]],
    options: Mapping[str, Any] | None = None,
) -> tuple[str, list[int]]:
    """Write the job, its tasks and its audit event in ``uow``'s transaction, so a caller can
    record its own change (a request's decision) atomically with them; return the job id and
    the task ids to ring once the caller has committed (a task rung before could run against
    a job that is then rolled back)."""
    options = dict(options or {})
    try:
        chosen = Action(action)
    except ValueError as error:
        names = ", ".join(a.value for a in Action)
        raise Invalid(f"action must be one of {names}", field="action") from error
    cleaned = _identities(identities)
    _held_rows(options)  # refuse a malformed list before anything is stored
    if chosen is Action.rectification:
        _corrections(options)  # refuse a malformed list before anything is stored
    job_id = uuid.uuid4().hex
    with uow:
        org_id = organisations.id_of(uow, actor, org_key, Permission.handle)
        db = uow.session.connection()  # plain statements in the unit of work's transaction
        systems = db.execute(_SYSTEMS_OF, {"org_id": org_id}).all()
        if not systems:
            raise Invalid(f"{org_key} has no connected systems", field="organisation")
        if chosen is Action.erasure and not systems[0].has_rules:
            raise Invalid(f"set {org_key}'s erasure rules before erasing", field="action")
        db.execute(
            _ADD_JOB,
            {
                "id": job_id,
                "organisation_id": org_id,
                "action": chosen.value,
                "identities_sealed": key.encrypt_text(json.dumps(cleaned), _job_context(job_id)),
                "options": options,
                "status": "open",
                "created_at": _now(),
            },
        )
        task_ids = db.scalars(
            _ADD_TASKS,
            [
                {
                    "job_id": job_id,
                    "system_key": s.key,
                    "kind": s.kind,
                    "status": "manual" if s.kind == "manual" else "pending",
                    "attempts": 0,
                }
                for s in systems
            ],
        ).all()
        uow.audit(
            chain=org_key,
            actor=actor.label,
            action="execution.requested",
            object_type="execution_job",
            object_id=job_id,
            after={
                "action": chosen.value,
                "identity_types": sorted(cleaned),
                "systems": [s.key for s in systems],
            },
        )
    pending = [t for t, s in zip(task_ids, systems, strict=True) if s.kind != "manual"]
    return job_id, pending


def run_task(runtime: Runtime, task_id: int) -> None:
    """What a worker does for one task: claim it, run it in the target, record the outcome.

    Two transactions in Tvarka's database: the claim (which also reads all the task needs),
    and the outcome with its audit event. When the task is the job's last, the job is closed
    in that same transaction, with the access package built just before it.
    """
    claim = _claim(runtime, task_id)
    if claim is None:
        return
    key = runtime.data_key
    identities: dict[str, list[str]] = json.loads(
        key.decrypt_text(claim.job.identities_sealed, _job_context(claim.job.id))
    )
    action = Action(claim.job.action)
    located: dict[str, list[list[Any]]] = {}
    found: AccessData | None = None
    try:
        if claim.system.kind == "webhook":
            outcome = _run_webhook(key, claim.org_key, claim.system, claim.job, identities)
        else:
            outcome, located, found = _run_sql(runtime, claim, action, identities)
    except (TargetError, PlanRefused, WebhookFailed, DatasetRefused) as error:
        _fail(runtime, task_id, str(error))
        return
    package = None
    if found is not None and not claim.last:  # the job's last task builds the package
        _write_part(runtime, key, claim.job.id, claim.system.key, _part(found))
    if claim.last and action is Action.access:
        package = _package(runtime, claim.job, claim.org_name, identities, claim.systems, found)
    _finish(runtime, claim, outcome, located, package)


def complete_manual_task(
    runtime: Runtime, actor: Actor, org_key: str, job_id: str, system_key: str, note: str
) -> None:
    if not note.strip():
        raise Invalid("say what was done (the note is the evidence)", field="note")
    uow = runtime.uow()
    with uow:
        org = organisations.get(uow, actor, org_key, Permission.handle)
        task = _task(uow.session, org, job_id, system_key)
        if task.status != "manual":
            raise Conflict(f"task {system_key} of job {job_id} is {task.status}, not manual")
        task.status, task.note, task.completed_by = "done", note.strip(), actor.label
        task.finished_at = _now()
        uow.session.flush()
        _close_if_complete(runtime, uow.session.connection(), job_id)
        uow.audit(
            chain=org_key,
            actor=actor.label,
            action="execution.manual_completed",
            object_type="execution_task",
            object_id=f"{job_id}/{system_key}",
            after={"note": note.strip()},
        )
        uow.commit()


def resume(runtime: Runtime, actor: Actor, org_key: str, job_id: str) -> int:
    """Put a job's failed tasks back in the queue (after the cause is fixed)."""
    uow = runtime.uow()
    with uow:
        org = organisations.get(uow, actor, org_key, Permission.handle)
        _job(uow.session, org, job_id)
        failed = uow.session.scalars(
            select(ExecutionTask).where(
                ExecutionTask.job_id == job_id, ExecutionTask.status == "failed"
            )
        ).all()
        for task in failed:
            task.status, task.lease_until = "pending", None
        ids = [t.id for t in failed]
        if ids:
            uow.audit(
                chain=org_key,
                actor=actor.label,
                action="execution.resumed",
                object_type="execution_job",
                object_id=job_id,
                after={"tasks": [t.system_key for t in failed]},
            )
        uow.commit()
    runtime.queue.ring(ids)
    return len(ids)


def reconcile(runtime: Runtime) -> int:
    """Re-ring pending tasks and tasks whose worker's lease ran out; return how many."""
    with runtime.engine.connect() as conn:
        ids = conn.scalars(
            select(ExecutionTask.id).where(
                (ExecutionTask.status == "pending")
                | ((ExecutionTask.status == "running") & (ExecutionTask.lease_until < _now()))
            )
        ).all()
    runtime.queue.ring(list(ids))
    return len(ids)


def job_view(runtime: Runtime, actor: Actor, org_key: str, job_id: str) -> dict[str, Any]:
    uow = runtime.uow()
    with uow:
        org = organisations.get(uow, actor, org_key)
        job = _job(uow.session, org, job_id)
        tasks = uow.session.scalars(
            select(ExecutionTask)
            .where(ExecutionTask.job_id == job_id)
            .order_by(ExecutionTask.system_key)
        ).all()
        return {
            "id": job.id,
            "organisation": org_key,
            "action": job.action,
            "status": job.status,
            "created_at": job.created_at.isoformat(),
            "finished_at": job.finished_at.isoformat() if job.finished_at else None,
            "package": job.package is not None,
            "tasks": [
                {
                    "system": t.system_key,
                    "kind": t.kind,
                    "status": t.status,
                    "attempts": t.attempts,
                    "error": t.error,
                    "note": t.note,
                    "completed_by": t.completed_by,
                    "outcome": t.outcome,
                }
                for t in tasks
            ],
        }


def package_link(runtime: Runtime, actor: Actor, org_key: str, job_id: str) -> str:
    """A signed token for the privacy centre's download URL; it expires after a week."""
    uow = runtime.uow()
    with uow:
        org = organisations.get(uow, actor, org_key)
        job = _job(uow.session, org, job_id)
        if job.package is None:
            raise Conflict(f"job {job_id} has no package yet (status {job.status})")
    return link_token(runtime.config.secret_key, job_id)


def download_package(runtime: Runtime, token: str, max_age: int = LINK_MAX_AGE) -> bytes:
    """The package's zip for a valid, unexpired link (LinkRefused otherwise)."""
    job_id = package_of_link(runtime.config.secret_key, token, max_age)
    with runtime.engine.connect() as conn:
        path = conn.scalar(select(ExecutionJob.package).where(ExecutionJob.id == job_id))
    if path is None:
        raise NotFound("no such package")
    document = runtime.data_key.decrypt(Path(path).read_bytes(), _package_context(job_id))
    return package_zip(json.loads(document))


# -- running a task ------------------------------------------------------------------------


# The job path's statements, built once: composing a statement costs more CPU than sending it.
_SYSTEMS_OF = (  # with whether the organisation has erasure rules, in the same round trip
    select(
        ConnectedSystem.key,
        ConnectedSystem.kind,
        select(ErasureRules.organisation_id)
        .where(ErasureRules.organisation_id == bindparam("org_id"))
        .exists()
        .label("has_rules"),
    )
    .where(ConnectedSystem.organisation_id == bindparam("org_id"))
    .order_by(ConnectedSystem.key)
)
_ADD_JOB = insert(ExecutionJob)
_ADD_TASKS = insert(ExecutionTask).returning(ExecutionTask.id, sort_by_parameter_order=True)
_TAKE_TASK = (
    update(ExecutionTask)
    .where(
        ExecutionTask.id == bindparam("task_id"),
        (ExecutionTask.status == "pending")
        | ((ExecutionTask.status == "running") & (ExecutionTask.lease_until < bindparam("now"))),
    )
    .values(
        status="running",
        attempts=ExecutionTask.attempts + 1,
        lease_until=bindparam("lease", type_=ExecutionTask.lease_until.type),
        started_at=bindparam("now", type_=ExecutionTask.started_at.type),
        error=None,
    )
    .returning(ExecutionTask.job_id, ExecutionTask.system_key)
)
_JOB_TO_RUN = (
    select(
        ExecutionJob.id,
        ExecutionJob.organisation_id,
        ExecutionJob.action,
        ExecutionJob.identities_sealed,
        ExecutionJob.options,
        Organisation.key.label("org_key"),
        Organisation.legal_name,
        ErasureRules.rules,
    )
    .join(Organisation, Organisation.id == ExecutionJob.organisation_id)
    .outerjoin(ErasureRules, ErasureRules.organisation_id == ExecutionJob.organisation_id)
    .where(ExecutionJob.id == bindparam("job_id"))
)
_TASKS_OF_JOB = (  # each task of a job with its connected system
    select(
        ExecutionTask.id.label("task_id"),
        ExecutionTask.status,
        ConnectedSystem.key,
        ConnectedSystem.kind,
        ConnectedSystem.url_sealed,
        ConnectedSystem.db_schema,
        ConnectedSystem.datasets_yaml,
    )
    .join(
        ConnectedSystem,
        (ConnectedSystem.organisation_id == bindparam("org_id"))
        & (ConnectedSystem.key == ExecutionTask.system_key),
    )
    .where(ExecutionTask.job_id == bindparam("job_id"))
    .order_by(ConnectedSystem.key)
)
_TAKEN = _TAKE_TASK.cte("taken")
_TAKE_AND_READ = (  # PostgreSQL: the claim and both reads above in one round trip
    select(*_JOB_TO_RUN.selected_columns, *_TASKS_OF_JOB.selected_columns)
    .select_from(_TAKEN)
    .join(ExecutionJob, ExecutionJob.id == _TAKEN.c.job_id)
    .join(Organisation, Organisation.id == ExecutionJob.organisation_id)
    .outerjoin(ErasureRules, ErasureRules.organisation_id == ExecutionJob.organisation_id)
    .join(ExecutionTask, ExecutionTask.job_id == ExecutionJob.id)
    .join(
        ConnectedSystem,
        (ConnectedSystem.organisation_id == ExecutionJob.organisation_id)
        & (ConnectedSystem.key == ExecutionTask.system_key),
    )
    .order_by(ConnectedSystem.key)
)
_RESTRICTED = select(RestrictedRow.collection, RestrictedRow.row_key).where(
    RestrictedRow.organisation_id == bindparam("org_id"),
    RestrictedRow.system_key == bindparam("system_key"),
)
_LOCK_JOB = (
    select(ExecutionJob.status).where(ExecutionJob.id == bindparam("job_id")).with_for_update()
)
_TASK_DONE = (
    update(ExecutionTask)
    .where(ExecutionTask.id == bindparam("task_id"))
    .values(
        status="done",
        outcome=bindparam("outcome", type_=ExecutionTask.outcome.type),
        finished_at=bindparam("finished", type_=ExecutionTask.finished_at.type),
        lease_until=None,
    )
)
_TASKS_LEFT = select(sa.func.count()).where(
    ExecutionTask.job_id == bindparam("job_id"), ExecutionTask.status != "done"
)
_JOB_DONE = (
    update(ExecutionJob)
    .where(ExecutionJob.id == bindparam("job_id"), ExecutionJob.status != "done")
    .values(
        status="done",
        finished_at=bindparam("finished", type_=ExecutionJob.finished_at.type),
        package=bindparam("package"),
    )
)


@dataclass(frozen=True)
class _Claim:
    """A claimed task and everything running it needs, read in the claim's transaction."""

    task_id: int
    job: Record  # ExecutionJob: id, organisation_id, action, identities_sealed, options
    org_key: str
    org_name: str
    rules: dict[str, Any] | None  # the organisation's erasure rules
    system: Record  # ConnectedSystem: key, kind, url_sealed, db_schema, datasets_yaml
    systems: list[Record]  # every system of the job
    restricted: list[Record]  # RestrictedRow of this system (erasure, rectification)
    last: bool  # every other task of the job is done: this one closes the job


def _claim(runtime: Runtime, task_id: int) -> _Claim | None:
    """Take the task if it is pending or its previous worker's lease ran out.

    The claim is one statement; what follows only reads what the claimed task needs, so on
    PostgreSQL they run without a transaction around them, and in the claim's statement: a
    row per task of the job, each with the job's columns (the claimed task's status is read
    as it was before the claim, which ``last`` does not look at)."""
    now = _now()
    taking = {"task_id": task_id, "now": now, "lease": now + timedelta(seconds=lease_seconds())}
    with runtime.autocommit_engine.begin() as db:
        if db.dialect.name == "postgresql":
            tasks = db.execute(_TAKE_AND_READ, taking).all()
            if not tasks:
                return None
            job = tasks[0]
        else:
            claimed = db.execute(_TAKE_TASK, taking).first()
            if claimed is None:
                return None
            job = db.execute(_JOB_TO_RUN, {"job_id": claimed.job_id}).one()
            tasks = db.execute(
                _TASKS_OF_JOB, {"job_id": claimed.job_id, "org_id": job.organisation_id}
            ).all()
        (system,) = [t for t in tasks if t.task_id == task_id]
        restricted = []
        if job.action in (Action.erasure.value, Action.rectification.value):
            restricted = list(
                db.execute(
                    _RESTRICTED, {"org_id": job.organisation_id, "system_key": system.key}
                ).all()
            )
    return _Claim(
        task_id=task_id,
        job=job,
        org_key=job.org_key,
        org_name=job.legal_name,
        rules=job.rules,
        system=system,
        systems=list(tasks),
        restricted=restricted,
        last=all(t.status == "done" for t in tasks if t.task_id != task_id),
    )


def _run_sql(
    runtime: Runtime,
    claim: _Claim,
    action: Action,
    identities: Mapping[str, Sequence[str]],
) -> tuple[dict[str, Any], dict[str, list[list[Any]]], AccessData | None]:
    system = _sql_system(runtime, claim.org_key, claim.system)
    if action is Action.access:
        data = system.access(identities)
        return {"found": {str(c): len(rows) for c, rows in data.rows.items()}}, {}, data
    protections = _protections(claim.job.options, claim.system.key, claim.restricted)
    if action is Action.erasure:
        policy = parse_policy(claim.rules or {}, fideslang_categories())
        secret = runtime.data_key.derive(f"erasure-hash:{claim.org_key}")
        return _outcome(system.erase(identities, policy, protections, secret)), {}, None
    if action is Action.rectification:
        corrections = _corrections(claim.job.options, system.datamap)
        if not corrections:
            return {"skipped": "no correction concerns this system"}, {}, None
        return _outcome(system.rectify(identities, corrections, protections)), {}, None
    outcome = system.locate(identities)
    located = {str(c): [[plain(v) for v in k] for k in keys] for c, keys in outcome.located.items()}
    return _outcome(outcome), located, None


def _run_webhook(
    key: DataKey,
    org_key: str,
    row: Record,
    job: Record,
    identities: Mapping[str, Sequence[str]],
) -> dict[str, Any]:
    url = key.decrypt_text(row.url_sealed or b"", _system_context(org_key, row.key))
    payload = {
        "job": job.id,
        "organisation": org_key,
        "action": job.action,
        "identities": dict(identities),
        "options": job.options,
    }
    status = notify(url, _webhook_secret(key, org_key, row.key), payload, f"{job.id}/{row.key}")
    return {"webhook_status": status}


def _finish(
    runtime: Runtime,
    claim: _Claim,
    outcome: dict[str, Any],
    located: Mapping[str, list[list[Any]]],
    package: Path | None,
) -> None:
    """Record the outcome, for a restriction the rows it covers, and for the job's last task
    the job done (with its package), in one transaction with the audit event."""
    job_id, system_key = claim.job.id, claim.system.key
    alone = len(claim.systems) == 1  # the job's only task: no other finishes to order
    uow = runtime.uow()
    with uow:
        db = uow.session.connection()
        # the job's row lock orders its tasks' finishes: the last one sees all the others done
        status = None if alone else db.scalar(_LOCK_JOB, {"job_id": job_id})
        for collection, keys in located.items():
            for row_key in keys:
                text = json.dumps(row_key)
                exists = db.scalar(
                    select(RestrictedRow.id).where(
                        RestrictedRow.organisation_id == claim.job.organisation_id,
                        RestrictedRow.system_key == system_key,
                        RestrictedRow.collection == collection,
                        RestrictedRow.row_key == text,
                    )
                )
                if exists is None:
                    db.execute(
                        insert(RestrictedRow).values(
                            organisation_id=claim.job.organisation_id,
                            system_key=system_key,
                            collection=collection,
                            row_key=text,
                            job_id=job_id,
                            created_at=_now(),
                        )
                    )
        db.execute(_TASK_DONE, {"task_id": claim.task_id, "outcome": outcome, "finished": _now()})
        if alone:
            _close(db, job_id, package)
        elif status != "done":
            _close_if_complete(runtime, db, job_id, claim, package)
        uow.audit(
            chain=claim.org_key,
            actor="system",
            action="execution.task_done",
            object_type="execution_task",
            object_id=f"{job_id}/{system_key}",
            after=outcome,
        )
        uow.commit()


def _fail(runtime: Runtime, task_id: int, error: str) -> None:
    with runtime.engine.begin() as conn:
        conn.execute(
            update(ExecutionTask)
            .where(ExecutionTask.id == task_id)
            .values(status="failed", error=error, lease_until=None, finished_at=_now())
        )


def _close_if_complete(
    runtime: Runtime,
    db: sa.Connection,
    job_id: str,
    claim: _Claim | None = None,
    package: Path | None = None,
) -> None:
    """Inside the transaction that finished a task: when no task of the job is left, mark
    the job done, with its access package (``package`` if already built, else built now
    from ``claim``'s job and systems, or from the database's)."""
    if db.scalar(_TASKS_LEFT, {"job_id": job_id}):
        return
    if claim is None:
        job = db.execute(_JOB_TO_RUN, {"job_id": job_id}).one()
        systems = db.execute(_TASKS_OF_JOB, {"job_id": job_id, "org_id": job.organisation_id})
        claim_job, org_name, job_systems = job, job.legal_name, list(systems)
    else:
        claim_job, org_name, job_systems = claim.job, claim.org_name, claim.systems
    if claim_job.action == Action.access.value and package is None:
        identities = json.loads(
            runtime.data_key.decrypt_text(claim_job.identities_sealed, _job_context(job_id))
        )
        package = _package(runtime, claim_job, org_name, identities, job_systems)
    _close(db, job_id, package)


def _close(db: sa.Connection, job_id: str, package: Path | None) -> None:
    """Mark the job done (once: a task run twice does not close it again)."""
    db.execute(
        _JOB_DONE,
        {"job_id": job_id, "finished": _now(), "package": str(package) if package else None},
    )


def _package(
    runtime: Runtime,
    job: Record,
    org_name: str,
    identities: Mapping[str, Sequence[str]],
    systems: Sequence[Record],
    found: AccessData | None = None,
) -> Path:
    """Seal and store the access package's document, from what every SQL system found
    (``found``: this task's, still in memory; the others' from the parts they wrote). The
    zip is made from it on download (``download_package``)."""
    key = runtime.data_key
    subject = ", ".join(v for values in identities.values() for v in values)
    data = []
    for system in systems:
        if found is not None and system.key == found.system:
            data.append(found)
            continue
        part = _read_part(runtime, key, job.id, system.key) if system.kind == "sql" else None
        if part is None:
            continue
        datamap = _datamap(system.datasets_yaml)[0]
        rows = {
            _address(c): r for c, r in part["rows"].items() if _address(c) in datamap.collections
        }
        skipped = tuple(_address(c) for c in part["not_searched"])
        data.append(AccessData(system.key, datamap, rows, skipped))
    lang = str(job.options.get("lang", "lt"))
    document = package_document(data, subject, _now(), org_name, lang)
    path = Path(runtime.config.data_dir) / "packages" / f"{job.id}.tvkp"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".part")
    sealed = key.encrypt(json.dumps(document).encode(), _package_context(job.id))
    temporary.write_bytes(sealed)
    temporary.replace(path)
    return path


def _part(data: AccessData) -> dict[str, Any]:
    """What a task found, for the job's last task to read (JSON: values made plain)."""
    return {
        "rows": {
            str(c): [{k: plain(v) for k, v in r.items()} for r in rows]
            for c, rows in data.rows.items()
        },
        "not_searched": [str(c) for c in data.not_searched],
    }


# -- helpers -------------------------------------------------------------------------------

_SYSTEMS: dict[tuple[str, str, str], SqlSystem] = {}
_SYSTEMS_LOCK = threading.Lock()


def _sql_system(runtime: Runtime, org_key: str, row: Any) -> SqlSystem:
    """One SqlSystem (one connection pool) per system per process, reused by every task."""
    url = runtime.data_key.decrypt_text(row.url_sealed or b"", _system_context(org_key, row.key))
    fingerprint = hashlib.sha256(
        f"{url}\0{row.db_schema}\0{row.datasets_yaml}".encode()
    ).hexdigest()
    cache_key = (org_key, row.key, fingerprint)
    with _SYSTEMS_LOCK:
        system = _SYSTEMS.get(cache_key)
        if system is None:
            datamap = _datamap(row.datasets_yaml or "")[0]
            system = SqlSystem(row.key, url, datamap, schema=row.db_schema)
            _SYSTEMS[cache_key] = system
    return system


def _datamap(text: str | None) -> tuple[DataMap, list[Problem]]:
    return _parsed(text or "")


@functools.lru_cache(maxsize=64)
def _parsed(text: str) -> tuple[DataMap, list[Problem]]:
    """Datasets are parsed once per process (pure-Python YAML costs ~0.1 s a dataset)."""
    try:
        return load_datamap(parse_yaml(text))
    except DatasetRefused as refused:
        raise Invalid(
            "dataset refused: " + "; ".join(map(str, refused.problems)), field="datasets"
        ) from refused


def _check_sql_url(url: str | None) -> None:
    if not url:
        raise Invalid("an SQL system needs its SQLAlchemy URL", field="url")
    try:
        backend = sa.make_url(url).get_backend_name()
    except sa.exc.ArgumentError as error:
        raise Invalid(f"not an SQLAlchemy URL: {error}", field="url") from error
    if backend not in SQL_BACKENDS:
        raise Invalid(f"unsupported database '{backend}'", field="url")


def _identities(identities: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    cleaned = {
        str(kind): [str(v).strip() for v in values if str(v).strip()]
        for kind, values in identities.items()
    }
    cleaned = {k: v for k, v in cleaned.items() if v}
    if not cleaned:
        raise Invalid("give at least one identity, e.g. email=ona@example.lt", field="identities")
    return cleaned


def _corrections(options: Mapping[str, Any], datamap: DataMap | None = None) -> list[Correction]:
    """Corrections from options; with a data map, only those that concern its collections."""
    raw = options.get("corrections")
    if not isinstance(raw, list) or not raw:
        raise Invalid(
            "rectification needs corrections: [{field|category, value}]", field="corrections"
        )
    out = []
    for i, item in enumerate(raw):
        if (
            not isinstance(item, dict)
            or "value" not in item
            or (("field" in item) == ("category" in item))
        ):
            raise Invalid(
                f"correction {i}: give 'value' and one of 'field', 'category'",
                field=f"corrections[{i}]",
            )
        if "field" in item:
            parts = str(item["field"]).split(".")
            if len(parts) != 3:
                raise Invalid(
                    f"correction {i}: a field is dataset.collection.field",
                    field=f"corrections[{i}].field",
                )
            address = FieldAddress(*parts)
            if datamap is None or datamap.field_spec(address) is not None:
                out.append(Correction(item["value"], field=address))
        elif datamap is None or any(
            c == item["category"] or c.startswith(f"{item['category']}.")
            for spec in datamap.collections.values()
            for f in spec.fields
            for c in f.categories
        ):
            out.append(Correction(item["value"], category=str(item["category"])))
    return out


def _held_rows(options: Mapping[str, Any]) -> list[dict[str, Any]]:
    raw = options.get("held_rows", [])
    if not isinstance(raw, list):
        raise Invalid("held_rows is a list", field="held_rows")
    for i, item in enumerate(raw):
        shape = isinstance(item, dict) and {"system", "collection", "key", "note"} <= set(item)
        if not shape or not isinstance(item["key"], list) or "." not in str(item["collection"]):
            raise Invalid(
                f"held row {i}: give system, collection (dataset.collection), key (list) and note",
                field=f"held_rows[{i}]",
            )
    return raw


def _protections(
    options: Mapping[str, Any], system_key: str, restricted: Sequence[Record]
) -> list[Protection]:
    """Legal holds from the request's options, and rows restricted by earlier requests."""
    protections = []
    if hold := options.get("legal_hold"):
        protections.append(Protection(ProtectionKind.legal_hold, str(hold)))
    for held in _held_rows(options):
        if held["system"] == system_key:
            row = (_address(held["collection"]), tuple(held["key"]))
            protections.append(
                Protection(ProtectionKind.legal_hold, str(held["note"]), frozenset({row}))
            )
    if restricted:
        covered = frozenset(
            (_address(r.collection), tuple(json.loads(r.row_key))) for r in restricted
        )
        protections.append(
            Protection(ProtectionKind.restriction, "restricted (GDPR Art. 18)", covered)
        )
    return protections


def _outcome(outcome: SystemOutcome) -> dict[str, Any]:
    return {
        "collections": [
            {
                "collection": str(c.collection),
                "found": c.found,
                "updated": c.updated,
                "deleted": c.deleted,
                "left_alone": [
                    {"key": [plain(v) for v in x.key], "reason": x.reason, "note": x.note}
                    for x in c.left_alone
                ],
            }
            for c in outcome.collections
        ],
        "skipped": [{"place": s.place, "reason": s.reason} for s in outcome.skipped],
    }


def _address(text: str) -> CollectionAddress:
    dataset, _, collection = text.rpartition(".")
    return CollectionAddress(dataset, collection)


def _policy(session: Any, org_id: int) -> ErasurePolicy | None:
    row = session.get(ErasureRules, org_id)
    return parse_policy(row.rules, fideslang_categories()) if row else None


def _system_row(session: Any, org: Organisation, key: str) -> ConnectedSystem:
    row: ConnectedSystem | None = session.scalar(
        select(ConnectedSystem).where(
            ConnectedSystem.organisation_id == org.id, ConnectedSystem.key == key
        )
    )
    if row is None:
        raise NotFound(f"{org.key} has no connected system '{key}'", field="system")
    return row


def _job(session: Any, org: Organisation, job_id: str) -> ExecutionJob:
    job: ExecutionJob | None = session.get(ExecutionJob, job_id)
    if job is None or job.organisation_id != org.id:
        raise NotFound(f"no job {job_id}", field="job")
    return job


def _task(session: Any, org: Organisation, job_id: str, system_key: str) -> ExecutionTask:
    _job(session, org, job_id)
    task: ExecutionTask | None = session.scalar(
        select(ExecutionTask).where(
            ExecutionTask.job_id == job_id, ExecutionTask.system_key == system_key
        )
    )
    if task is None:
        raise NotFound(f"job {job_id} has no task for '{system_key}'", field="system")
    return task


def _part_path(runtime: Runtime, job_id: str, system_key: str) -> Path:
    return Path(runtime.config.data_dir) / "jobs" / job_id / f"{system_key}.part"


def _write_part(
    runtime: Runtime, key: DataKey, job_id: str, system_key: str, part: dict[str, Any]
) -> None:
    path = _part_path(runtime, job_id, system_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(key.encrypt(json.dumps(part).encode(), f"part:{job_id}/{system_key}"))
    temporary.replace(path)


def _read_part(
    runtime: Runtime, key: DataKey, job_id: str, system_key: str
) -> dict[str, Any] | None:
    path = _part_path(runtime, job_id, system_key)
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(key.decrypt(path.read_bytes(), f"part:{job_id}/{system_key}"))
    return data


def _system_context(org_key: str, key: str) -> str:
    return f"system:{org_key}/{key}"


def _job_context(job_id: str) -> str:
    return f"job:{job_id}"


def _package_context(job_id: str) -> str:
    return f"package:{job_id}"


def _webhook_secret(key: DataKey, org_key: str, system_key: str) -> bytes:
    return key.derive(f"webhook:{org_key}/{system_key}")
