"""Asking the person to clarify a request, and recording that the reply arrived.

When the scope of a request is unclear (Recital 63; EDPB 01/2022 §35-36) or there are
reasonable doubts about who made it (Art. 12(6); EDPB §58-65), the organisation asks by a
``clarification`` letter: what is unclear, what the person should clarify or provide (no more
than needed), and what happens without a reply. The question and its letter are one step:
the letter task, the pause and the audit event are stored only if the letter passes its
content rules and is issued (one transaction, ``UnitOfWork.atomic``).

The clock: EDPB §159 lets the period stand still while the organisation waits, provided it
asked without undue delay. Whether it does is the organisation's setting
(``dsr_pause_for_identity``, kept on the request as ``rules.pause_for_identity``); where it
does, the clock pauses when the letter goes and runs again from the day the reply arrives
(``reply_received``). An identity question on a request that already waits for identity adds
no second pause: recording the identity check (``verify_identity``) resumes the clock.
"""

from __future__ import annotations

import datetime as dt

from tvarka.adapters.crypto import DataKey
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.legal_time.calendar import local_date
from tvarka.domain.legal_time.clock import ClockError, PauseReason
from tvarka.domain.letters import ClarificationTopic
from tvarka.domain.requests.terms import LetterKind, Status
from tvarka.domain.roles import Permission
from tvarka.runtime import Runtime
from tvarka.services.actor import Actor
from tvarka.services.errors import Conflict, Invalid
from tvarka.services.letters import issue as letters
from tvarka.services.organisations import access as organisations
from tvarka.services.requests import letters as request_letters
from tvarka.services.requests.common import (
    add_task,
    audit,
    choice,
    org_profile,
    parse_received,
    summary,
)
from tvarka.services.requests.deadlines import apply_clock, rebuild_clock
from tvarka.services.requests.store import REPLIES, load, request_context, seal, unseal

ASKABLE = frozenset({Status.received, Status.awaiting_identity, Status.in_progress,
                     Status.extended})
PAUSE_FOR = {ClarificationTopic.scope: PauseReason.clarification,
             ClarificationTopic.identity: PauseReason.identity}
MAX_QUESTIONS = 20
MAX_REPLY = 20_000


def ask(
    uow: UnitOfWork, runtime: Runtime, actor: Actor, org_key: str, public_id: str, topic: str,
    questions: list[str], channel: str | None = None, now: dt.datetime | None = None,
) -> list[letters.LetterRecord]:
    """Ask the person what ``questions`` say, by letter; pause the clock where allowed."""
    now = now or dt.datetime.now(dt.UTC)
    about: ClarificationTopic = choice(ClarificationTopic, topic, "topic")
    asked = [q.strip() for q in questions if q.strip()]
    if not asked or len(asked) > MAX_QUESTIONS:
        raise Invalid(f"say what the person should clarify or provide (1 to {MAX_QUESTIONS} "
                      "questions)", field="questions")
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow.atomic():
        request = load(uow, org, public_id)
        if Status(request.status) not in ASKABLE:
            raise Conflict(f"the request is {request.status}: there is nothing left to ask",
                           field="status")
        before = summary(request)
        # the clarification intake left due (a request missing something) is this one
        task = next((t for t in request.tasks if t.status == "pending"
                     and t.letter_kind == LetterKind.clarification.value), None) or add_task(
            request, "letter", now, letter=LetterKind.clarification, due=local_date(now))
        profile = org_profile(org)
        clock = rebuild_clock(request, profile)
        if not clock.paused:
            try:
                apply_clock(request, clock.pause(now, PAUSE_FOR[about]), profile)
            except ClockError:
                pass  # the organisation does not pause its clock (or it has run out)
        request.updated_at = now
        audit(uow, org, actor, f"request.clarification_asked.{about.value}", request, before)
        uow.session.flush()
        # in the same transaction: a letter refused by its rules leaves nothing behind
        return request_letters.issue_task_letters(
            uow, runtime, actor, org_key, public_id, task.id,
            request_letters.LetterInput(channel=channel, clarify_topic=about.value,
                                        questions=asked), now)


def reply_received(
    uow: UnitOfWork, key: DataKey, actor: Actor, org_key: str, public_id: str,
    received_at: str | dt.datetime, text: str = "", now: dt.datetime | None = None,
) -> None:
    """The person's reply arrived: the clock runs again from then. ``text``, what they
    replied (or a note of it), is kept sealed with the request's personal data: the answer
    rests on it, and the authority may ask what the person said."""
    now = now or dt.datetime.now(dt.UTC)
    at = parse_received(received_at, now)
    text = text.strip()
    if len(text) > MAX_REPLY:
        raise Invalid(f"the reply is kept up to {MAX_REPLY} characters; attach the rest as "
                      "a document", field="text")
    org = organisations.get(uow, actor, org_key, Permission.handle)
    with uow:
        request = load(uow, org, public_id)
        if request.status == Status.awaiting_identity.value:
            raise Conflict("the request waits for identity: record the identity check "
                           "(verify-identity), which resumes the clock", field="status")
        if Status(request.status) not in ASKABLE:
            raise Conflict(f"the request is {request.status}", field="status")
        profile = org_profile(org)
        clock = rebuild_clock(request, profile)
        if not clock.paused:
            raise Conflict("the clock is not waiting for a reply", field="status")
        before = summary(request)
        try:
            apply_clock(request, clock.resume(at), profile)
        except ClockError as refused:
            raise Invalid(str(refused), field="received_at") from None
        if text:
            personal = unseal(key, request_context(public_id), request.personal)
            personal.setdefault(REPLIES, []).append({"received_at": at.isoformat(), "text": text})
            request.personal = seal(key, request_context(public_id), personal)
        request.updated_at = now
        audit(uow, org, actor, "request.clarification_received", request, before)
        uow.commit()
