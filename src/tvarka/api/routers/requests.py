"""Data-subject requests of an organisation: intake, steps, lists and the dashboard."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from tvarka.adapters.db.tables import Organisation
from tvarka.api.request_schemas import (
    ClarificationBody,
    ClarificationReplyBody,
    DecisionBody,
    ExtensionBody,
    ForwardBody,
    IdentityBody,
    LetterBody,
    NewRequestBody,
    ReceiptBody,
    RepresentativeBody,
    TaskDoneBody,
)
from tvarka.domain.requests.decisions import Decision
from tvarka.domain.roles import Permission
from tvarka.http.deps import ActorDep, UowDep, get_runtime, organisation
from tvarka.runtime import Runtime
from tvarka.services import requests
from tvarka.services.requests import IdentityCheck, NewRequest, RepresentativeInput
from tvarka.services.requests import clarification as request_clarification
from tvarka.services.requests import letters as request_letters
from tvarka.services.requests import view as request_view

router = APIRouter(prefix="/api/v1/organisations/{key}/requests", tags=["requests"])

Handling = Annotated[Organisation, Depends(organisation(Permission.handle))]
Reading = Annotated[Organisation, Depends(organisation(Permission.read))]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
RequestId = Annotated[str, Path(pattern=r"^r-[0-9a-f]{16}$", description="the request's id")]
Json = dict[str, Any]


def _identity(body: IdentityBody) -> IdentityCheck:
    return IdentityCheck(body.method.value, body.confirmed, body.document_type, body.last_digits)


def _representative(body: RepresentativeBody) -> RepresentativeInput:
    return RepresentativeInput(body.document.value, body.name, body.contact, body.notarised)


def _detail(rt: Runtime, uow: Any, actor: Any, org: Organisation, public_id: str) -> Json:
    return request_view.get(uow, rt.data_key, actor, org.key, public_id)


@router.get("")
def list_requests(
    org: Reading, actor: ActorDep, uow: UowDep, rt: RuntimeDep,
    status: Annotated[str | None, Query(max_length=30)] = None,
    open_only: Annotated[bool, Query(alias="open")] = False,
    email: Annotated[str | None, Query(max_length=320)] = None,
) -> list[Json]:
    """Requests by due date; ``email`` finds one person's requests through a keyed hash."""
    return request_view.list_requests(uow, rt.data_key, actor, org.key, status=status,
                                      open_only=open_only, email=email)


@router.get("/dashboard")
def dashboard(org: Reading, actor: ActorDep, uow: UowDep, rt: RuntimeDep) -> Json:
    """Open requests by due date, overdue and due soon."""
    return request_view.dashboard(uow, rt.data_key, actor, org.key)


@router.post("", status_code=201)
def create(body: NewRequestBody, org: Handling, actor: ActorDep, uow: UowDep,
           rt: RuntimeDep) -> Json:
    """Register a request received on any channel, with the time it was received."""
    new = NewRequest(
        right=body.right.value, channel=body.channel.value,
        received_at=body.received_at.isoformat(), subject_type=body.subject_type.value,
        name=body.name, email=body.email, phone=body.phone, address=body.address,
        text=body.text, language=body.language.value if body.language else None,
        response_medium=body.response_medium, signed=body.signed, legible=body.legible,
        identity=_identity(body.identity) if body.identity else None,
        representative=_representative(body.representative) if body.representative else None,
        identifiers=body.identifiers,
    )
    request = requests.submit(uow, rt.data_key, actor, org.key, new)
    return _detail(rt, uow, actor, org, request.public_id)


@router.get("/{request_id}")
def show(request_id: RequestId, org: Reading, actor: ActorDep, uow: UowDep,
         rt: RuntimeDep) -> Json:
    return _detail(rt, uow, actor, org, request_id)


@router.post("/{request_id}/identity")
def verify_identity(request_id: RequestId, body: IdentityBody, org: Handling, actor: ActorDep,
                    uow: UowDep, rt: RuntimeDep) -> Json:
    """Record how identity was checked (facts, never a copy); confirmed resumes the clock."""
    requests.verify_identity(uow, rt.data_key, actor, org.key, request_id, _identity(body))
    return _detail(rt, uow, actor, org, request_id)


@router.post("/{request_id}/representatives")
def add_representative(request_id: RequestId, body: RepresentativeBody, org: Handling,
                       actor: ActorDep, uow: UowDep, rt: RuntimeDep) -> Json:
    requests.add_representative(uow, rt.data_key, actor, org.key, request_id,
                                _representative(body))
    return _detail(rt, uow, actor, org, request_id)


@router.post("/{request_id}/extension")
def extend(request_id: RequestId, body: ExtensionBody, org: Handling, actor: ActorDep,
           uow: UowDep, rt: RuntimeDep) -> Json:
    """The one extension (GDPR Art. 12(3)); its notice becomes a letter due."""
    requests.extend(uow, actor, org.key, request_id, body.reason.value, body.justification)
    return _detail(rt, uow, actor, org, request_id)


@router.post("/{request_id}/decision")
def decide(request_id: RequestId, body: DecisionBody, org: Handling, actor: ActorDep,
           uow: UowDep, rt: RuntimeDep) -> Json:
    decision = Decision(
        outcome=body.outcome, reasons=body.reasons, ground=body.ground,
        objection_kind=body.objection_kind, legal_bases=tuple(body.legal_bases),
        automated=body.automated, access_content=body.access_content,
        recipients=tuple(body.recipients), evidence=body.evidence, by_director=body.by_director,
        corrections=tuple(body.corrections), held_rows=tuple(body.held_rows),
    )
    requests.decide(uow, rt.data_key, actor, org.key, request_id, decision, runtime=rt)
    return _detail(rt, uow, actor, org, request_id)


@router.post("/{request_id}/tasks/{task_id}/done")
def task_done(request_id: RequestId, task_id: Annotated[int, Path(ge=1)], body: TaskDoneBody,
              org: Handling, actor: ActorDep, uow: UowDep, rt: RuntimeDep) -> Json:
    """A letter sent or a recipient told; the decision's letter closes the request."""
    requests.close_task(uow, actor, org.key, request_id, task_id, body.reference,
                        body.delay_reasons)
    return _detail(rt, uow, actor, org, request_id)


@router.post("/{request_id}/tasks/{task_id}/letter")
def send_letter(request_id: RequestId, task_id: Annotated[int, Path(ge=1)], body: LetterBody,
                org: Handling, actor: ActorDep, uow: UowDep, rt: RuntimeDep) -> Json:
    """Issue the task's letter (one per language the organisation answers in) through the
    letters module, by the channel the person chose; the task is then done."""
    request_letters.issue_task_letters(uow, rt, actor, org.key, request_id, task_id,
                                       request_letters.LetterInput(
        channel=body.channel, actions_taken=body.actions_taken,
        data_concerned=body.data_concerned, legal_basis=body.legal_basis,
        still_processed=[(s.data, s.purpose, s.legal_basis) for s in body.still_processed],
        lifts_on=body.lifts_on, lift_reason=body.lift_reason, late_reasons=body.late_reasons,
        recipient_email=body.recipient_email, recipient_address=body.recipient_address,
        language=body.language, made_public=body.made_public,
        subject_reference=body.subject_reference, list_recipients=body.list_recipients,
        clarify_topic=body.clarify_topic, questions=body.questions))
    return _detail(rt, uow, actor, org, request_id)


@router.post("/{request_id}/clarification")
def clarify(request_id: RequestId, body: ClarificationBody, org: Handling, actor: ActorDep,
            uow: UowDep, rt: RuntimeDep) -> Json:
    """Ask the person to clarify the scope or their identity by letter; where the
    organisation allows it the clock stands still until the reply (EDPB 01/2022 §159)."""
    request_clarification.ask(uow, rt, actor, org.key, request_id, body.topic, body.questions,
                              body.channel)
    return _detail(rt, uow, actor, org, request_id)


@router.post("/{request_id}/clarification/reply")
def clarification_reply(request_id: RequestId, body: ClarificationReplyBody, org: Handling,
                        actor: ActorDep, uow: UowDep, rt: RuntimeDep) -> Json:
    """The person's reply arrived: the clock runs again from then; what they replied is kept
    sealed with the request."""
    request_clarification.reply_received(uow, rt.data_key, actor, org.key, request_id,
                                         body.received_at.isoformat(), body.text)
    return _detail(rt, uow, actor, org, request_id)


@router.post("/{request_id}/restriction/lifting-notice")
def announce_lifting(request_id: RequestId, org: Handling, actor: ActorDep, uow: UowDep,
                     rt: RuntimeDep) -> Json:
    requests.announce_restriction_lifting(uow, actor, org.key, request_id)
    return _detail(rt, uow, actor, org, request_id)


@router.post("/{request_id}/restriction/lift")
def lift(request_id: RequestId, org: Handling, actor: ActorDep, uow: UowDep,
         rt: RuntimeDep) -> Json:
    requests.lift_restriction(uow, actor, org.key, request_id)
    return _detail(rt, uow, actor, org, request_id)


@router.post("/{request_id}/forward")
def forward(request_id: RequestId, body: ForwardBody, org: Handling, actor: ActorDep,
            uow: UowDep, rt: RuntimeDep) -> Json:
    """Processor mode: send the request on to the controller."""
    requests.forward_to_controller(uow, actor, org.key, request_id, body.controller)
    return _detail(rt, uow, actor, org, request_id)


@router.post("/{request_id}/controller-receipt")
def controller_receipt(request_id: RequestId, body: ReceiptBody, org: Handling,
                       actor: ActorDep, uow: UowDep, rt: RuntimeDep) -> Json:
    requests.record_controller_receipt(uow, actor, org.key, request_id,
                                       body.received_at.isoformat())
    return _detail(rt, uow, actor, org, request_id)
