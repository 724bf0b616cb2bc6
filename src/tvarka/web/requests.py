"""Staff pages for requests: the dashboard by due date, staff entry, and one request."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.requests.decisions import ACCESS_CONTENTS, Decision
from tvarka.domain.requests.terms import LegalBasis, ObjectionKind, Outcome, RefusalGround, Right
from tvarka.domain.settings import IdMethod
from tvarka.domain.vocabulary import ChannelKind, SubjectType
from tvarka.http.deps import get_runtime, get_uow
from tvarka.runtime import Runtime
from tvarka.services import requests
from tvarka.services.auth import login as auth
from tvarka.services.errors import Invalid, NotFound, ServiceError
from tvarka.services.organisations import access as organisations
from tvarka.services.requests import IdentityCheck, NewRequest, choice, clarification
from tvarka.services.requests import letters as request_letters
from tvarka.services.requests import view as request_view
from tvarka.web.rendering import render, signed_in

router = APIRouter(include_in_schema=False)
UowDep = Annotated[UnitOfWork, Depends(get_uow)]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Text = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=320)]

CHOICES = {
    "rights": [r.value for r in Right],
    "channels": [c.value for c in ChannelKind],
    "subject_types": [s.value for s in SubjectType],
    "methods": [m.value for m in IdMethod],
    "outcomes": [o.value for o in Outcome],
    "grounds": [g.value for g in RefusalGround],
    "access_parts": list(ACCESS_CONTENTS),
    "objection_kinds": [k.value for k in ObjectionKind],
    "legal_bases": [b.value for b in LegalBasis],
    "printable": [k.value for k in request_letters.KINDS],
}


def _dashboard(request: Request, uow: UnitOfWork, rt: Runtime, key: str, status: int = 200,
               error: str | None = None, form: dict[str, Any] | None = None) -> Response:
    user = signed_in(request, uow)
    if isinstance(user, Response):
        return user
    actor = auth.actor_for(user)
    try:
        org = organisations.get(uow, actor, key)
        board = request_view.dashboard(uow, rt.data_key, actor, key)
    except NotFound:
        return render(request, "not_found.html", status=404, user=user)
    return render(request, "requests.html", status=status, user=user, org=org, board=board,
                  error=error, form=form or {}, **CHOICES)


@router.get("/org/{key}/requests", response_class=HTMLResponse)
def dashboard(request: Request, key: str, uow: UowDep, rt: RuntimeDep) -> Response:
    return _dashboard(request, uow, rt, key)


@router.post("/org/{key}/requests", response_class=HTMLResponse)
def staff_entry(
    request: Request, key: str, uow: UowDep, rt: RuntimeDep,
    right: Short, channel: Short, received_at: Short, subject_type: Short = "customer",
    name: Short = "", email: Short = "", phone: Short = "", address: Short = "",
    text: Text = "", signed: Short = "",
) -> Response:
    """A request taken at the desk, on the phone or from the post, with when it came."""
    user = signed_in(request, uow)
    if isinstance(user, Response):
        return user
    form = {"right": right, "channel": channel, "received_at": received_at,
            "subject_type": subject_type, "name": name, "email": email, "phone": phone,
            "address": address, "text": text, "signed": signed}
    try:
        made = requests.submit(uow, rt.data_key, auth.actor_for(user), key, NewRequest(
            right=right, channel=channel, received_at=received_at, subject_type=subject_type,
            name=name, email=email, phone=phone, address=address, text=text,
            signed=bool(signed)))
    except NotFound:
        return render(request, "not_found.html", status=404, user=user)
    except ServiceError as error:
        where = f"{error.field}: " if error.field else ""
        return _dashboard(request, uow, rt, key, 422, where + error.message, form)
    return RedirectResponse(f"/org/{key}/requests/{made.public_id}", status_code=303)


def _detail(request: Request, uow: UnitOfWork, rt: Runtime, key: str, public_id: str,
            status: int = 200, error: str | None = None) -> Response:
    user = signed_in(request, uow)
    if isinstance(user, Response):
        return user
    actor = auth.actor_for(user)
    try:
        org = organisations.get(uow, actor, key)
        shown = request_view.get(uow, rt.data_key, actor, key, public_id)
    except NotFound:
        return render(request, "not_found.html", status=404, user=user)
    return render(request, "request.html", status=status, user=user, org=org, r=shown,
                  error=error, **CHOICES)


@router.get("/org/{key}/requests/{public_id}", response_class=HTMLResponse)
def detail(request: Request, key: str, public_id: str, uow: UowDep, rt: RuntimeDep) -> Response:
    return _detail(request, uow, rt, key, public_id)


def _step(request: Request, uow: UnitOfWork, rt: Runtime, key: str, public_id: str,
          action: Any) -> Response:
    user = signed_in(request, uow)
    if isinstance(user, Response):
        return user
    try:
        action(auth.actor_for(user))
    except NotFound:
        return render(request, "not_found.html", status=404, user=user)
    except ServiceError as error:
        where = f"{error.field}: " if error.field else ""
        return _detail(request, uow, rt, key, public_id, 422, where + error.message)
    return RedirectResponse(f"/org/{key}/requests/{public_id}", status_code=303)


@router.post("/org/{key}/requests/{public_id}/identity", response_class=HTMLResponse)
def identity(request: Request, key: str, public_id: str, uow: UowDep, rt: RuntimeDep,
             method: Short, confirmed: Short = "", document_type: Short = "",
             last_digits: Short = "") -> Response:
    return _step(request, uow, rt, key, public_id, lambda actor: requests.verify_identity(
        uow, rt.data_key, actor, key, public_id,
        IdentityCheck(method, bool(confirmed), document_type or None, last_digits or None)))


@router.post("/org/{key}/requests/{public_id}/clarification-reply", response_class=HTMLResponse)
def clarification_reply(request: Request, key: str, public_id: str, uow: UowDep,
                        rt: RuntimeDep, received: Short, text: Text = "") -> Response:
    return _step(request, uow, rt, key, public_id, lambda actor: clarification.reply_received(
        uow, rt.data_key, actor, key, public_id, received, text))


@router.post("/org/{key}/requests/{public_id}/extension", response_class=HTMLResponse)
def extension(request: Request, key: str, public_id: str, uow: UowDep, rt: RuntimeDep,
              reason: Short, justification: Text) -> Response:
    return _step(request, uow, rt, key, public_id, lambda actor: requests.extend(
        uow, actor, key, public_id, reason, justification))


@router.post("/org/{key}/requests/{public_id}/decision", response_class=HTMLResponse)
async def decision(request: Request, key: str, public_id: str, uow: UowDep,
                   rt: RuntimeDep) -> Response:
    """The decision form differs per right (Art. 15 contents, objection kind, portability's
    basis), so its fields are read from the form as a whole."""
    data = await request.form()

    def text(name: str) -> str:
        value = data.get(name, "")
        return value[:20_000] if isinstance(value, str) else ""

    def act(actor: Any) -> None:
        requests.decide(uow, rt.data_key, actor, key, public_id, runtime=rt, decision=Decision(
            outcome=choice(Outcome, text("outcome"), "outcome"),
            ground=choice(RefusalGround, text("ground"), "ground") if text("ground") else None,
            reasons=text("reasons"),
            objection_kind=choice(ObjectionKind, text("objection_kind"), "objection_kind")
            if text("objection_kind") else None,
            legal_bases=tuple(choice(LegalBasis, str(b), "legal_bases")
                              for b in data.getlist("legal_bases")),
            automated=True if text("automated") else None,
            access_content={part: text(f"content_{part}") for part in ACCESS_CONTENTS
                            if text(f"content_{part}")},
            recipients=tuple(line.strip() for line in text("recipients").splitlines()
                             if line.strip()),
            evidence=text("evidence") or None,
            corrections=requests.jobs.corrections_from(text("corrections").splitlines()),
            held_rows=requests.jobs.held_rows_from(text("held_rows").splitlines()),
            by_director=bool(text("by_director")),
        ))
    return _step(request, uow, rt, key, public_id, act)


@router.post("/org/{key}/requests/{public_id}/tasks/{task_id}/done",
             response_class=HTMLResponse)
def task_done(request: Request, key: str, public_id: str, task_id: int, uow: UowDep,
              rt: RuntimeDep, reference: Short = "", delay_reasons: Text = "") -> Response:
    return _step(request, uow, rt, key, public_id, lambda actor: requests.close_task(
        uow, actor, key, public_id, task_id, reference or None, delay_reasons or None))


@router.get("/requests", response_class=HTMLResponse)
def overview(request: Request, uow: UowDep, rt: RuntimeDep) -> Response:
    """Every organisation the user sees, with its open, overdue and soon-due requests."""
    user = signed_in(request, uow)
    if isinstance(user, Response):
        return user
    rows = request_view.overview(uow, rt.data_key, auth.actor_for(user))
    return render(request, "requests_overview.html", user=user, rows=rows)


@router.post("/org/{key}/requests/{public_id}/tasks/{task_id}/letter",
             response_class=HTMLResponse)
def send_letter(request: Request, key: str, public_id: str, task_id: int, uow: UowDep,
                rt: RuntimeDep, channel: Short = "", actions: Text = "", still: Text = "",
                late_reasons: Text = "", data: Text = "", recipient_email: Short = "",
                recipient_address: Short = "", topic: Short = "", questions: Text = "",
                list_recipients: Short = "") -> Response:
    """Issue the task's letter: what was done one per line; data still processed as
    ``data | purpose | legal basis`` lines; an Art. 19 notice with the recipient's contacts
    and the data concerned; a clarification with its questions."""
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    def act(actor: Any) -> None:
        kept = []
        for line in still.splitlines():
            if line.strip():
                parts = [p.strip() for p in line.split("|")]
                if len(parts) != 3:
                    raise Invalid("each line: data | purpose | legal basis",
                                  field="still_processed")
                kept.append((parts[0], parts[1], parts[2]))
        request_letters.issue_task_letters(uow, rt, actor, key, public_id, task_id,
                                           request_letters.LetterInput(
            channel=channel or None, actions_taken=lines(actions),
            still_processed=kept, late_reasons=late_reasons or None,
            data_concerned=lines(data), recipient_email=recipient_email or None,
            recipient_address=recipient_address or None, clarify_topic=topic or None,
            questions=lines(questions), list_recipients=bool(list_recipients)))
    return _step(request, uow, rt, key, public_id, act)
