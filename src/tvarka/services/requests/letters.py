"""Issuing a request's due letters through the letters module, and closing their tasks.

A step that needs a letter leaves a ``letter`` task (kind, languages, due date); this turns
the task into letters: it gathers the facts from the request (the person's name, address and
e-mail opened with the data key, the dates, the decision and its ground), adds what only the
letter says (what was done, the law a refusal rests on, what is still processed), and issues
one letter per language of the task that the organisation answers in, by the channel the
person chose. The task is then done with the letters' ids as its reference; the decision's
letter closes the request, exactly as ``requests.close_task`` does.

A ``recipient_notice`` task (Art. 19) becomes one letter to the recipient it names, in the
organisation's first language unless another is chosen: the task's recipient is a name, or
"Name <e-mail>" when the decision gave the address; a postal address comes with the letter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Any

from tvarka.adapters.crypto import DataKey
from tvarka.adapters.db.request_tables import DsrRequest
from tvarka.domain.legal_time.calendar import local_date
from tvarka.domain.letters import (
    ClarificationTopic,
    Ground,
    LetterContext,
    Recipient,
    RequestFacts,
    Sender,
    StillProcessed,
)
from tvarka.domain.letters import Decision as LetterDecision
from tvarka.domain.letters import LetterKind as Kind
from tvarka.domain.letters import Right as LetterRight
from tvarka.domain.requests.terms import ARTICLE, LetterKind, Outcome, Right
from tvarka.domain.roles import Permission
from tvarka.domain.settings import Language
from tvarka.runtime import Runtime
from tvarka.services import requests
from tvarka.services.actor import Actor
from tvarka.services.errors import Conflict, Invalid
from tvarka.services.letters import issue as letters
from tvarka.services.organisations import access as organisations
from tvarka.services.requests.store import load, representative_context, request_context, unseal

KINDS = {
    LetterKind.answer: Kind.answer,
    LetterKind.refusal: Kind.refusal,
    LetterKind.extension: Kind.extension,
    LetterKind.invalid_request: Kind.invalid_request_notice,
    LetterKind.restriction_lifting: Kind.restriction_lift_notice,
    LetterKind.forward_to_controller: Kind.processor_forward,
    LetterKind.clarification: Kind.clarification,
}
RIGHTS = {Right.automated_decision_review: LetterRight.automated_decision}
GROUND_LAW = {
    "manifestly_unfounded": "GDPR Art. 12(5)",
    "excessive": "GDPR Art. 12(5)",
    "identity_not_confirmed": "GDPR Art. 11(2), 12(2), 12(6)",
    "legal_exception": "GDPR Art. 17(3), 23",
    "overriding_grounds": "GDPR Art. 21(1)",
    "rights_of_others": "GDPR Art. 15(4)",
}


@dataclass
class LetterInput:
    """What only the letter says; everything else comes from the request."""

    channel: str | None = None  # email, registered_mail or portal; default: the person's
    actions_taken: list[str] = field(default_factory=list)
    data_concerned: list[str] = field(default_factory=list)
    legal_basis: str | None = None  # the law a refusal rests on, if not the ground's
    still_processed: list[tuple[str, str, str]] = field(default_factory=list)  # data, why, law
    lifts_on: dt.date | None = None
    lift_reason: str | None = None
    late_reasons: str | None = None
    # a letter to someone other than the person (the controller a processor forwards to)
    recipient_email: str | None = None
    recipient_address: str | None = None
    language: str | None = None  # a recipient notice: default the organisation's first
    made_public: bool = False  # erasure of data the organisation made public (Art. 17(2))
    subject_reference: str | None = None  # how the recipient knows the person (customer no.)
    list_recipients: bool = False  # the person asked who received the data (Art. 19)
    clarify_topic: str | None = None  # a clarification: scope or identity
    questions: list[str] = field(default_factory=list)


def recipient_contacts(recipient: str) -> tuple[str, str | None]:
    """A task's recipient, "Name" or "Name <e-mail>", as its name and e-mail address."""
    name, address = parseaddr(recipient)
    if address and "@" in address and name:
        return name.strip(), address.strip()
    return recipient.strip(), None


def _channel(request: DsrRequest, personal: dict[str, Any], chosen: str | None) -> letters.Channel:
    return _channel_named(chosen or request.response_medium or (
        "email" if personal.get("email") else "registered_mail"))


def _channel_named(value: str) -> letters.Channel:
    try:
        return letters.Channel(value)
    except ValueError:
        options = ", ".join(c.value for c in letters.Channel)
        raise Invalid(f"unknown letter channel {value!r}; one of {options}",
                      field="channel") from None


def _defects(request: DsrRequest) -> tuple[str, ...]:
    found = [f"missing: {item}" for item in request.validation.get("missing", [])]
    if request.rules.get("channel_refusal"):
        found.append(str(request.rules["channel_refusal"]))
    if not found and request.identity_required and request.identity_confirmed_at is None:
        methods = ", ".join(request.identity_methods)
        found.append(f"identity not proven by one of: {methods} ({request.identity_citation})")
    return tuple(found)


def _addressee(key: DataKey, request: DsrRequest, personal: dict[str, Any]) -> dict[str, Any]:
    """Who the person's letters go to: the representative recorded last, at the contact they
    gave for the reply (an e-mail or a postal address), or else the person. The letter still
    concerns the person only and names them (002 R§8.5, 003 D-DSR 11.5)."""
    if not request.representatives:
        return personal
    rep = unseal(key, representative_context(request.public_id),
                 request.representatives[-1].personal)
    contact = str(rep.get("contact") or "").strip()
    by_email = "@" in contact and " " not in contact and "," not in contact
    return {"name": rep.get("name") or "", "email": contact if by_email else None,
            "address": None if by_email else contact}


def _recipient(personal: dict[str, Any], to: str | None, given: LetterInput) -> Recipient:
    if to is not None:  # the controller: its contacts come with the letter step
        return Recipient(name=to, email=given.recipient_email,
                         address_lines=_lines(given.recipient_address))
    return Recipient(name=personal.get("name") or "", email=personal.get("email"),
                     address_lines=_lines(personal.get("address")))


def _lines(address: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (address or "").split(",") if part.strip())


def _context(request: DsrRequest, personal: dict[str, Any], decision: dict[str, Any],
             given: LetterInput, today: dt.date, kind: Kind, to: str | None = None,
             reply_to: dict[str, Any] | None = None) -> LetterContext:
    right = Right(request.right)
    ground = request.refusal_ground or ""
    reasons = str(decision.get("reasons") or "")
    if ground == "channel_not_examined":
        law = str(request.rules.get("channel_citation") or ARTICLE[right])
        reasons = reasons or str(request.rules.get("channel_refusal") or "")
    else:
        law = given.legal_basis or GROUND_LAW.get(ground, ARTICLE[right])
    refused = request.outcome in (Outcome.refused.value, Outcome.partly_granted.value)
    notice = kind is Kind.recipient_notice  # what the recipient needs, nothing of the refusal
    named = [recipient_contacts(r)[0] for r in decision.get("recipients") or []]
    return LetterContext(
        organisation=Sender(legal_name="-"),  # issue_letter puts the profile's letterhead
        recipient=_recipient(reply_to or personal, to, given),
        request=RequestFacts(
            reference=request.public_id,
            right=RIGHTS.get(right, LetterRight(right.value)),
            received_on=request.received_date,
            due_on=request.initial_due or request.received_date,
            extended_due_on=request.extended_due,
            extension_reasons=request.extension_justification,
            summary=personal.get("text"),
            subject_name=personal.get("name"),
        ),
        sent_on=today,
        decision=LetterDecision(
            actions_taken=tuple(a for a in given.actions_taken if a.strip()),
            data_concerned=tuple(d for d in given.data_concerned if d.strip()),
            refusal_grounds=(Ground(reasons, law),) if refused and reasons and not notice else (),
            still_processed=tuple(StillProcessed(*item) for item in given.still_processed),
            defects=_defects(request),
            restriction_lifts_on=given.lifts_on,
            restriction_lift_reason=given.lift_reason,
            recipients=tuple(named) if given.list_recipients else None,
            made_public=given.made_public,
            subject_reference=(given.subject_reference or "").strip() or None,
            clarify_topic=requests.choice(ClarificationTopic, given.clarify_topic,
                                          "clarify_topic") if given.clarify_topic else None,
            questions=tuple(q.strip() for q in given.questions if q.strip()),
            clock_paused=request.paused_since is not None,
        ),
        late_reasons=given.late_reasons,
    )


def issue_task_letters(
    uow: Any, runtime: Runtime, actor: Actor, org_key: str, public_id: str, task_id: int,
    given: LetterInput, now: dt.datetime | None = None,
) -> list[letters.LetterRecord]:
    """Issue the letters of one letter or recipient-notice task and mark it done: all of it
    in one transaction, or nothing when a letter is refused or the task cannot close."""
    now = now or dt.datetime.now(dt.UTC)
    org = organisations.get(uow, actor, org_key, Permission.handle)
    allowed = letters.languages_of(org)
    with uow:
        request = load(uow, org, public_id)
        task = next((t for t in request.tasks if t.id == task_id), None)
        if task is None or not (task.kind == "recipient_notice" or (
                task.kind == "letter" and task.letter_kind is not None)):
            raise Invalid(f"the request has no letter task {task_id}", field="task_id")
        if task.status == "done":
            raise Conflict(f"task {task_id} is already done", field="task_id")
        to: str | None = None
        if task.kind == "recipient_notice":
            kind, to = Kind.recipient_notice, task.recipient
            languages = [_language(given.language, allowed)]
        else:
            letter_kind = LetterKind(task.letter_kind or "")
            if letter_kind not in KINDS:
                raise Invalid(f"a {letter_kind.value} is written by hand; mark the task done",
                              field="task_id")
            kind = KINDS[letter_kind]
            if kind is Kind.answer and request.outcome == Outcome.partly_granted.value:
                kind = Kind.partial_refusal
            languages = [Language(code) for code in task.languages]
            if letter_kind is LetterKind.forward_to_controller:
                to = task.recipient
        key = runtime.data_key
        personal = unseal(key, request_context(public_id), request.personal)
        reply_to = _addressee(key, request, personal)
        decision = unseal(key, request_context(public_id) + ":decision", request.decision)
    chosen = [lang for lang in languages if lang in allowed] or [allowed[0]]
    if to is not None:  # an organisation, not the person: its contacts, never the portal
        to, known_email = recipient_contacts(to)
        given = dataclasses.replace(given, recipient_email=given.recipient_email or known_email)
        channel = _channel_named(given.channel or (
            "email" if given.recipient_email else "registered_mail"))
        if channel is letters.Channel.portal:
            raise Invalid("the portal is the person's; a letter to an organisation goes by "
                          "e-mail or registered mail", field="channel")
    else:
        channel = _channel(request, reply_to, given.channel)
    context = _context(request, personal, decision, given, local_date(now), kind, to, reply_to)
    with uow.atomic():  # every language's letter and the task's closing, or none of them
        issued = [letters.issue_letter(uow, runtime, actor, org_key, kind, lang, context,
                                       channel) for lang in chosen]
        reference = ", ".join(f"letter:{record.id}" for record in issued)
        requests.close_task(uow, actor, org_key, public_id, task_id, reference,
                            given.late_reasons, now)
    return issued


def _language(code: str | None, allowed: list[Language]) -> Language:
    if code is None:
        return allowed[0]
    language: Language = requests.choice(Language, code, "language")
    if language not in allowed:
        raise Invalid(f"letters go in {', '.join(a.value for a in allowed)} only",
                      field="language")
    return language
