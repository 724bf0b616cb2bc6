"""Clarifying a request: the letter, the pause while waiting for the reply, and nothing stored
when the question or its letter is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests import people
from tvarka.adapters.db.request_tables import DsrRequest, DsrTask
from tvarka.adapters.db.tables import AuditEvent, LetterRow
from tvarka.domain.requests.decisions import ACCESS_CONTENTS, Decision
from tvarka.domain.requests.terms import Outcome
from tvarka.runtime import Runtime
from tvarka.services import requests
from tvarka.services.actor import SYSTEM
from tvarka.services.errors import Conflict, Invalid
from tvarka.services.requests import IdentityCheck, NewRequest
from tvarka.services.requests import view as request_view
from tvarka.services.requests.clarification import ask, reply_received
from tvarka.services.requests.letters import LetterInput, issue_task_letters

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
REPLY = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def count(rt: Runtime, model: type) -> int:
    with rt.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def in_progress(rt: Runtime, org: str = "it-sales", **fields: object) -> DsrRequest:
    base: dict[str, object] = {
        "right": "access", "channel": "email", "received_at": "2026-11-20T09:00:00+02:00",
        "name": "Ona Testaitė", "email": people.email("subject"), "text": "all my data",
        "identity": IdentityCheck("one_time_code_known_address"), "language": "en"}
    base.update(fields)
    return requests.submit(rt.uow(), rt.data_key, SYSTEM, org, NewRequest(**base), NOW)


def shown(rt: Runtime, org: str, public_id: str) -> dict[str, object]:
    return request_view.get(rt.uow(), rt.data_key, SYSTEM, org, public_id, NOW)


def test_a_scope_question_goes_by_letter_and_the_clock_waits_for_the_reply(
        loaded: Runtime) -> None:
    rt = loaded
    request = in_progress(rt)
    due = request.due
    assert request.status == "in_progress" and due is not None
    (letter,) = ask(rt.uow(), rt, SYSTEM, "it-sales", request.public_id, "scope",
                    ["Which period of purchases does your request concern?"], now=NOW)
    assert (letter.kind, letter.channel, letter.language) == ("clarification", "email", "en")
    view = shown(rt, "it-sales", request.public_id)
    assert view["paused"] is True and view["status"] == "in_progress"
    task = next(t for t in view["tasks"] if t["letter"] == "clarification")  # type: ignore[union-attr]
    assert task["status"] == "done" and task["reference"] == f"letter:{letter.id}"
    with pytest.raises(Invalid) as early:
        reply_received(rt.uow(), rt.data_key, SYSTEM, "it-sales", request.public_id,
                       NOW - dt.timedelta(days=1), now=REPLY)
    assert early.value.field == "received_at"
    reply_received(rt.uow(), rt.data_key, SYSTEM, "it-sales", request.public_id, REPLY,
                   "  Purchases of 2025 only.  ", now=REPLY)
    view = shown(rt, "it-sales", request.public_id)
    assert view["paused"] is False and view["paused_days"] == 7
    assert view["clarification_replies"] == [
        {"received_at": REPLY.isoformat(), "text": "Purchases of 2025 only."}]
    assert "clarification_replies" not in view["requester"]  # type: ignore[operator]
    with rt.uow() as uow:  # sealed, like the rest of the person's data
        sealed = uow.session.get(DsrRequest, request.id).personal  # type: ignore[union-attr]
    assert b"2025 only" not in sealed
    assert (due.isoformat(), view["due"]) == ("2026-12-21", "2026-12-28")  # a week later
    with rt.uow() as uow:
        actions = list(uow.session.scalars(select(AuditEvent.action).where(
            AuditEvent.object_id == request.public_id)))
    assert "request.clarification_asked.scope" in actions
    assert "request.clarification_received" in actions
    with pytest.raises(Conflict):  # nothing waits any more
        reply_received(rt.uow(), rt.data_key, SYSTEM, "it-sales", request.public_id, REPLY,
                       now=REPLY)


def test_where_the_clock_does_not_pause_the_letter_gives_the_deadline(loaded: Runtime) -> None:
    rt = loaded
    request = in_progress(rt)
    with rt.uow() as uow:
        row = uow.session.get(DsrRequest, request.id)
        assert row is not None
        row.rules = {**row.rules, "pause_for_identity": False}
        uow.commit()
    ask(rt.uow(), rt, SYSTEM, "it-sales", request.public_id, "identity",
        ["Please confirm the e-mail address you used for your account."], now=NOW)
    view = shown(rt, "it-sales", request.public_id)
    assert view["paused"] is False and view["due"] == request.due.isoformat()  # type: ignore[union-attr]


def test_a_refused_question_or_letter_leaves_nothing(loaded: Runtime) -> None:
    rt = loaded
    request = in_progress(rt, email=None, address=None, response_medium="registered_mail",
                          phone="+370 600 00000")
    before = (count(rt, DsrTask), count(rt, LetterRow), count(rt, AuditEvent))
    with pytest.raises(Invalid) as empty:
        ask(rt.uow(), rt, SYSTEM, "it-sales", request.public_id, "scope", ["  "], now=NOW)
    assert empty.value.field == "questions"
    with pytest.raises(Invalid) as topic:
        ask(rt.uow(), rt, SYSTEM, "it-sales", request.public_id, "mood", ["why?"], now=NOW)
    assert topic.value.field == "topic"
    with pytest.raises(Invalid) as no_address:  # a registered letter needs a postal address
        ask(rt.uow(), rt, SYSTEM, "it-sales", request.public_id, "scope", ["which data?"],
            now=NOW)
    assert no_address.value.field == "context.recipient.address_lines"
    assert (count(rt, DsrTask), count(rt, LetterRow), count(rt, AuditEvent)) == before
    assert shown(rt, "it-sales", request.public_id)["paused"] is False


def test_nothing_is_asked_once_the_request_is_decided(loaded: Runtime) -> None:
    rt = loaded
    request = in_progress(rt)
    requests.decide(rt.uow(), rt.data_key, SYSTEM, "it-sales", request.public_id,
                    Decision(Outcome.granted, access_content={k: "x" for k in ACCESS_CONTENTS}),
                    NOW)
    with pytest.raises(Conflict):
        ask(rt.uow(), rt, SYSTEM, "it-sales", request.public_id, "scope", ["which?"], now=NOW)


def test_the_intake_clarification_task_is_sent_with_its_questions(loaded: Runtime) -> None:
    rt = loaded
    request = requests.submit(rt.uow(), rt.data_key, SYSTEM, "tiens", NewRequest(
        right="access", channel="post", received_at="2026-11-20", address="Kaunas, Lietuva",
        name="Ona Testaitė"), NOW)
    task = next(t for t in request.tasks if t.letter_kind == "clarification")
    with pytest.raises(Invalid) as bare:
        issue_task_letters(rt.uow(), rt, SYSTEM, "tiens", request.public_id, task.id,
                           LetterInput(clarify_topic="scope"), NOW)
    assert bare.value.field == "context.decision.questions"
    (letter,) = issue_task_letters(
        rt.uow(), rt, SYSTEM, "tiens", request.public_id, task.id,
        LetterInput(clarify_topic="scope", questions=["Please sign the request."]), NOW)
    assert (letter.kind, letter.channel) == ("clarification", "registered_mail")
