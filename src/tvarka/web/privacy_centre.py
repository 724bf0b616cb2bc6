"""The privacy centre pages (Lithuanian and English): submit a request, confirm the e-mail
address with the code sent to it, and get the request's reference and due date.

Every submission gets the same answer whether or not the person is known: the centre never
looks anyone up.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from tvarka.adapters.access_package.links import LinkRefused
from tvarka.adapters.db.tables import Organisation
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.requests.terms import Right
from tvarka.domain.vocabulary import SubjectType
from tvarka.http.deps import get_runtime, get_uow
from tvarka.runtime import Runtime
from tvarka.services.errors import ServiceError
from tvarka.services.letters import issue as letters
from tvarka.services.organisations import access as organisations
from tvarka.services.privacy_centre import submissions as privacy_centre
from tvarka.services.privacy_centre.submissions import PRIVACY_CENTRE, CodeSender, WebForm
from tvarka.services.requests import jobs
from tvarka.services.requests import view as request_view
from tvarka.web.rendering import language, render

router = APIRouter(include_in_schema=False)
UowDep = Annotated[UnitOfWork, Depends(get_uow)]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Short = Annotated[str, Form(max_length=500)]
Long = Annotated[str, Form(max_length=20_000)]
CHOICES = {"rights": [r.value for r in Right], "subject_types": [s.value for s in SubjectType],
           "media": list(privacy_centre.MEDIA)}
# an error names the field by its label on the form, in the page's language
FIELD_LABELS = {"right": "What do you ask for?", "subject_type": "You are",
                "name": "Name and surname", "email": "E-mail", "phone": "Phone",
                "text": "Your request", "response_medium": "How should we answer?",
                "address": "Postal address"}


def _org(uow: UnitOfWork, key: str) -> Organisation | None:
    with uow:
        return uow.session.scalar(select(Organisation).where(Organisation.key == key))


def _sender(request: Request) -> CodeSender:
    sender: CodeSender = getattr(request.app.state, "code_sender", privacy_centre.pending_delivery)
    return sender


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/privacy/{key}", response_class=HTMLResponse)
def form_page(request: Request, key: str, uow: UowDep) -> Response:
    org = _org(uow, key)
    if org is None:
        return render(request, "not_found.html", status=404)
    return render(request, "privacy.html", org=org, form={}, **CHOICES)


@router.post("/privacy/{key}", response_class=HTMLResponse)
def submit(
    request: Request, key: str, uow: UowDep, rt: RuntimeDep,
    right: Short, name: Short, email: Short, text: Long, subject_type: Short = "customer",
    phone: Short = "", address: Short = "", response_medium: Short = "email",
) -> Response:
    org = _org(uow, key)
    if org is None:
        return render(request, "not_found.html", status=404)
    form = WebForm(right=right, name=name, email=email, text=text, subject_type=subject_type,
                   phone=phone, address=address, response_medium=response_medium,
                   language=language(request))
    try:
        submission = privacy_centre.submit(uow, rt.data_key, key, form, _client_ip(request),
                                           _sender(request))
    except ServiceError as error:
        return render(request, "privacy.html", status=error.status, org=org, form=form.__dict__,
                      error=error.message, field=FIELD_LABELS.get(error.field or "", error.field),
                      **CHOICES)
    return render(request, "privacy_code.html", org=org, submission=submission)


@router.post("/privacy/{key}/confirm", response_class=HTMLResponse)
def confirm(request: Request, key: str, uow: UowDep, rt: RuntimeDep,
            submission: Annotated[str, Form(max_length=40)],
            code: Annotated[str, Form(max_length=12)]) -> Response:
    org = _org(uow, key)
    if org is None:
        return render(request, "not_found.html", status=404)
    try:
        public_id = privacy_centre.confirm(uow, rt.data_key, key, submission, code)
    except ServiceError as error:
        return render(request, "privacy_code.html", status=error.status, org=org,
                      submission=submission, error=error.message)
    made = request_view.get(uow, rt.data_key, PRIVACY_CENTRE, key, public_id)
    return render(request, "privacy_done.html", org=org, reference=public_id, due=made["due"],
                  authority=organisations.authority_record(org))


FOLLOWED = "privacy_request"


@router.get("/privacy/{key}/follow", response_class=HTMLResponse)
def follow_form(request: Request, key: str, uow: UowDep) -> Response:
    org = _org(uow, key)
    if org is None:
        return render(request, "not_found.html", status=404)
    return render(request, "privacy_follow.html", org=org)


@router.post("/privacy/{key}/follow", response_class=HTMLResponse)
def follow_start(request: Request, key: str, uow: UowDep, rt: RuntimeDep,
                 reference: Annotated[str, Form(max_length=40)], email: Short) -> Response:
    org = _org(uow, key)
    if org is None:
        return render(request, "not_found.html", status=404)
    try:
        access = privacy_centre.follow_start(uow, rt.data_key, key, reference, email,
                                             _client_ip(request), _sender(request),
                                             language(request))
    except ServiceError as error:
        return render(request, "privacy_follow.html", status=error.status, org=org,
                      error=error.message)
    return render(request, "privacy_code.html", org=org, submission=access,
                  action=f"/privacy/{key}/follow/confirm")


@router.post("/privacy/{key}/follow/confirm", response_class=HTMLResponse)
def follow_confirm(request: Request, key: str, uow: UowDep, rt: RuntimeDep,
                   submission: Annotated[str, Form(max_length=40)],
                   code: Annotated[str, Form(max_length=12)]) -> Response:
    org = _org(uow, key)
    if org is None:
        return render(request, "not_found.html", status=404)
    try:
        public_id = privacy_centre.follow_confirm(uow, rt.data_key, key, submission, code)
    except ServiceError as error:
        return render(request, "privacy_code.html", status=error.status, org=org,
                      submission=submission, error=error.message,
                      action=f"/privacy/{key}/follow/confirm")
    request.session[FOLLOWED] = {"org": key, "request": public_id}
    return RedirectResponse(f"/privacy/{key}/my-request", status_code=303)


@router.get("/privacy/{key}/my-request", response_class=HTMLResponse)
def my_request(request: Request, key: str, uow: UowDep, rt: RuntimeDep) -> Response:
    """The request this browser proved it may follow, with a code sent to its address."""
    org = _org(uow, key)
    followed = request.session.get(FOLLOWED) or {}
    if org is None or followed.get("org") != key:
        return RedirectResponse(f"/privacy/{key}/follow", status_code=303)
    facts = privacy_centre.status_for_person(uow, key, followed["request"])
    downloads = [letter for letter in letters.list_letters(uow, PRIVACY_CENTRE, key,
                                                           followed["request"])
                 if letter.channel == "portal"]
    package = jobs.package_link_for(rt, PRIVACY_CENTRE, key, followed["request"])
    return render(request, "privacy_status.html", org=org, facts=facts, downloads=downloads,
                  package=package)


@router.get("/privacy/{key}/my-request/package")
def download_package(request: Request, key: str, link: str, rt: RuntimeDep) -> Response:
    """The person's data (access or portability) through the expiring link the page gave."""
    followed = request.session.get(FOLLOWED) or {}
    if followed.get("org") != key:
        return RedirectResponse(f"/privacy/{key}/follow", status_code=303)
    try:
        archive = jobs.package_for(rt, PRIVACY_CENTRE, key, followed["request"], link[:2000])
    except LinkRefused as refused:
        return render(request, "problem.html", status=410, message=str(refused))
    except ServiceError:
        return render(request, "not_found.html", status=404)
    name = f"{followed['request']}-data.zip"
    return Response(archive, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/privacy/{key}/my-request/letters/{letter_id}.pdf")
def download(request: Request, key: str, letter_id: int, uow: UowDep, rt: RuntimeDep) -> Response:
    """A letter waiting in the privacy centre; the first download is its delivery."""
    followed = request.session.get(FOLLOWED) or {}
    if followed.get("org") != key:
        return RedirectResponse(f"/privacy/{key}/follow", status_code=303)
    try:
        pdf = letters.portal_download(uow, rt, key, followed["request"], letter_id)
    except ServiceError:
        return render(request, "not_found.html", status=404)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="letter-{letter_id}.pdf"'})
