"""The decision on a request and the tasks it leaves: its letter, recipients to tell (Art. 19);
closing the decision's letter task answers the request."""

from __future__ import annotations

import datetime as dt

from tvarka.adapters.crypto import DataKey
from tvarka.adapters.db.request_tables import DsrRequest
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.legal_time.calendar import local_date
from tvarka.domain.requests.decisions import (
    Decision,
    DecisionRefused,
    check_decision,
)
from tvarka.domain.requests.terms import (
    NOTIFY_RECIPIENTS,
    LetterKind,
    Outcome,
    Right,
    Status,
)
from tvarka.domain.roles import Permission
from tvarka.runtime import Runtime
from tvarka.services.actor import Actor
from tvarka.services.errors import Conflict, Invalid
from tvarka.services.organisations import access as organisations
from tvarka.services.requests import jobs
from tvarka.services.requests.common import add_task, audit, check_move, clean, move, summary
from tvarka.services.requests.store import load, request_context, seal


def decide(
    uow: UnitOfWork, key: DataKey, actor: Actor, org_key: str, public_id: str,
    decision: Decision, now: dt.datetime | None = None, *, runtime: Runtime | None = None,
) -> DsrRequest:
    """Record the decision; its letter (answer or refusal) becomes due, and for rectification,
    erasure and restriction each recipient to be told becomes a task (Art. 19).

    A decision that changes or reads data (see ``jobs``) starts its execution job in the
    organisation's connected systems, in the same transaction as the decision: when the engine
    refuses, nothing is recorded, and the job's tasks are queued (``runtime`` rings them) only
    once both are committed. Without connected systems a task says to carry it out by hand."""
    now = now or dt.datetime.now(dt.UTC)
    org = organisations.get(uow, actor, org_key, Permission.handle)
    pending: list[int] = []
    with uow:
        request = load(uow, org, public_id)
        right = Right(request.right)
        if decision.by_director and not actor.can(org_key, Permission.manage_users):
            raise Invalid("only the organisation's owner (director) decides this",
                          field="by_director")
        try:
            check_decision(right, decision)
        except DecisionRefused as refused:
            raise Invalid(str(refused), field=refused.field) from None
        check_move(request, Status.decided)
        action = jobs.action_for(right, decision.outcome)
        job_id = None
        if action is not None and jobs.has_systems(uow.session, org):
            if runtime is None:
                raise Conflict(f"{org_key} has connected systems: decide through the service "
                               "runtime, which carries the decision out", field="runtime")
            job_id, pending = jobs.start(uow, key, actor, org_key, request, action, decision)
        before = summary(request)
        move(request, Status.decided, now)
        request.job_id = job_id
        request.outcome = decision.outcome.value
        request.refusal_ground = decision.ground.value if decision.ground else None
        request.decided_at, request.decided_by = now, actor.label
        request.decision = seal(key, request_context(request.public_id) + ":decision", {
            "reasons": decision.reasons,
            "objection_kind": decision.objection_kind.value if decision.objection_kind else None,
            "legal_bases": [b.value for b in decision.legal_bases],
            "automated": decision.automated,
            "access_content": dict(decision.access_content),
            "recipients": list(decision.recipients),
            "evidence": decision.evidence,
            "by_director": decision.by_director,
            "corrections": [dict(c) for c in decision.corrections],
            "held_rows": [dict(r) for r in decision.held_rows],
        })
        letter = LetterKind.refusal if decision.outcome is Outcome.refused else LetterKind.answer
        add_task(request, "letter", now, letter=letter, due=request.due)
        if action is not None and job_id is None:
            add_task(request, jobs.BY_HAND, now, due=request.due)
        if right in NOTIFY_RECIPIENTS and decision.outcome is not Outcome.refused:
            for recipient in dict.fromkeys(r.strip() for r in decision.recipients if r.strip()):
                add_task(request, "recipient_notice", now, recipient=recipient)
            if right is Right.restriction:
                request.restricted = True
        audit(uow, org, actor, "request.decided", request, before)
        uow.commit()
    if pending:
        assert runtime is not None  # a job was started only with a runtime
        runtime.queue.ring(pending)
    return request


def close_task(
    uow: UnitOfWork, actor: Actor, org_key: str, public_id: str, task_id: int,
    reference: str | None = None, delay_reasons: str | None = None,
    now: dt.datetime | None = None,
) -> DsrRequest:
    """A letter sent or a recipient told. Sending the decision's letter closes the request;
    a late answer must say why it is late (003 D-DSR 12.2)."""
    now = now or dt.datetime.now(dt.UTC)
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = load(uow, org, public_id)
        task = next((t for t in request.tasks if t.id == task_id), None)
        if task is None:
            raise Invalid(f"the request has no task {task_id}", field="task_id")
        if task.status == "done":
            raise Conflict(f"task {task_id} is already done", field="task_id")
        before = summary(request)
        closes = task.letter_kind in (LetterKind.answer.value, LetterKind.refusal.value) and (
            request.status == Status.decided.value
        )
        if closes and (waiting := jobs.unfinished(uow.session, org_key, request)):
            raise Conflict(waiting, field="job")
        if closes:
            late = request.due is not None and local_date(now) > request.due
            if late and not (delay_reasons and delay_reasons.strip()):
                raise Invalid(
                    f"the answer is late (due {request.due.isoformat() if request.due else ''}): "
                    "give the reasons for the delay; the letter names the right to complain "
                    "to VDAI", field="delay_reasons")
            request.rules = {**request.rules, "late": late}
        task.status, task.done_at, task.done_by = "done", now, actor.label
        task.reference = clean(reference, "reference", 200) or clean(delay_reasons,
                                                                        "delay_reasons", 200)
        if closes:
            final = Status.refused if request.outcome == Outcome.refused.value else (
                Status.answered)
            move(request, final, now)
        request.updated_at = now
        audit(uow, org, actor, f"request.task_done.{task.letter_kind or task.kind}", request,
               before)
        uow.commit()
        return request
