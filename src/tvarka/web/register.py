"""Register and findings pages: read every activity with its citations, edit, review, export."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tvarka.adapters.db.tables import User
from tvarka.adapters.exports.labels import CONTROLLER_COLUMNS, Lang, length
from tvarka.adapters.exports.record import controller_row, processor_row
from tvarka.domain.legal_time.lengths import parse_length
from tvarka.domain.profile import Role
from tvarka.domain.register.categories import LT_EXTENSION
from tvarka.domain.roles import Permission
from tvarka.services.actor import Actor
from tvarka.services.auth import login as auth
from tvarka.services.errors import NotFound, ServiceError
from tvarka.services.register import activities as register
from tvarka.web.rendering import UowDep, language, render, signed_in

router = APIRouter(include_in_schema=False)


def _lang(request: Request) -> Lang:
    return "en" if language(request) == "en" else "lt"


def _page(request: Request, uow: UowDep) -> tuple[User, Actor] | Response:
    """The signed-in user and what they may do, or the redirect to the login page."""
    user = signed_in(request, uow)
    if isinstance(user, Response):
        return user
    return user, auth.actor_for(user)


def _not_found(request: Request, user: User) -> HTMLResponse:
    return render(request, "not_found.html", status=404, user=user)


@router.get("/org/{key}/register", response_class=HTMLResponse)
def register_page(request: Request, key: str, uow: UowDep) -> Response:
    signed = _page(request, uow)
    if isinstance(signed, Response):
        return signed
    user, actor = signed
    try:
        reg = register.read(uow, actor, key)
        review = register.review_status(uow, actor, key, date.today())
    except NotFound:
        return _not_found(request, user)
    lang = _lang(request)
    rows = [
        (
            a,
            controller_row(i, a, lang)
            if a.role.value is not Role.processor
            else processor_row(i, a, lang),
        )
        for i, a in enumerate(reg.activities, 1)
    ]
    return render(
        request,
        "register.html",
        user=user,
        key=key,
        reg=reg,
        rows=rows,
        review=review,
        can_edit=actor.can(key, Permission.edit_register),
        today=date.today().isoformat(),
        review_every=_review_words(review.every, lang),
        headings={k: lt if lang == "lt" else en for k, lt, en in CONTROLLER_COLUMNS},
    )


def _review_words(every: str | None, lang: Lang) -> str | None:
    """ "at least every 2 years" / "ne rečiau kaip kartą per 2 metus"."""
    if every is None:
        return None
    if lang == "en":
        return f"at least every {every}"
    return f"ne rečiau kaip kartą per {length(parse_length(every), lang, accusative=True)}"


def _activity_form(
    request: Request,
    user: User,
    key: str,
    text: str,
    *,
    activity_key: str | None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "activity_edit.html",
        status=status,
        user=user,
        key=key,
        activity_key=activity_key,
        text=text,
        error=error,
        extension=LT_EXTENSION,
    )


@router.get("/org/{key}/register/new", response_class=HTMLResponse)
def new_activity_form(request: Request, key: str, uow: UowDep) -> Response:
    signed = _page(request, uow)
    if isinstance(signed, Response):
        return signed
    user, actor = signed
    try:
        reg = register.read(uow, actor, key)
    except NotFound:
        return _not_found(request, user)
    template = reg.activities[0].model_dump(mode="json", exclude_none=True)
    template["key"] = "new-activity"
    return _activity_form(
        request, user, key, json.dumps(template, ensure_ascii=False, indent=2), activity_key=None
    )


@router.get("/org/{key}/register/{activity}", response_class=HTMLResponse)
def edit_activity_form(request: Request, key: str, activity: str, uow: UowDep) -> Response:
    signed = _page(request, uow)
    if isinstance(signed, Response):
        return signed
    user, actor = signed
    try:
        found = register.activity(uow, actor, key, activity)
    except NotFound:
        return _not_found(request, user)
    text = json.dumps(
        found.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2
    )
    return _activity_form(request, user, key, text, activity_key=activity)


def _parse(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ServiceError(
            f"not valid JSON: {error.msg} at line {error.lineno}", field="body"
        ) from None
    if not isinstance(data, dict):
        raise ServiceError("the activity must be a JSON object", field="body")
    return data


def _save(
    request: Request,
    user: User,
    key: str,
    text: str,
    activity_key: str | None,
    save: Callable[[dict[str, Any]], str],
) -> Response:
    """Apply the form's JSON through ``save`` (which returns the activity's key); on a refused
    change show the form again with the error, the user's text kept as typed."""
    try:
        saved = save(_parse(text))
    except NotFound:
        return _not_found(request, user)
    except ServiceError as error:
        return _activity_form(
            request,
            user,
            key,
            text,
            activity_key=activity_key,
            error=error.message,
            status=error.status if error.status != 400 else 422,
        )
    return RedirectResponse(f"/org/{key}/register#activity-{saved}", status_code=303)


@router.post("/org/{key}/register", response_class=HTMLResponse)
def create_activity(
    request: Request, key: str, uow: UowDep, activity: Annotated[str, Form(max_length=200_000)]
) -> Response:
    signed = _page(request, uow)
    if isinstance(signed, Response):
        return signed
    user, actor = signed

    def create(data: dict[str, Any]) -> str:
        return register.create_activity(uow, actor, key, data).key

    return _save(request, user, key, activity, None, create)


@router.post("/org/{key}/register/{activity_key}", response_class=HTMLResponse)
def change_activity(
    request: Request,
    key: str,
    activity_key: str,
    uow: UowDep,
    activity: Annotated[str, Form(max_length=200_000)],
) -> Response:
    signed = _page(request, uow)
    if isinstance(signed, Response):
        return signed
    user, actor = signed

    def change(data: dict[str, Any]) -> str:
        current = register.activity(uow, actor, key, activity_key)
        patch = {k: None for k in current.model_dump(exclude_none=True) if k not in data} | data
        register.change_activity(uow, actor, key, activity_key, patch)
        return activity_key

    return _save(request, user, key, activity, activity_key, change)


@router.post("/org/{key}/register/{activity_key}/delete", response_class=HTMLResponse)
def delete_activity(request: Request, key: str, activity_key: str, uow: UowDep) -> Response:
    signed = _page(request, uow)
    if isinstance(signed, Response):
        return signed
    user, actor = signed
    try:
        register.delete_activity(uow, actor, key, activity_key)
    except NotFound:
        return _not_found(request, user)
    except ServiceError as error:
        return render(
            request, "problem.html", status=error.status, user=user, message=error.message
        )
    return RedirectResponse(f"/org/{key}/register", status_code=303)


@router.post("/org/{key}/review", response_class=HTMLResponse)
def record_review(
    request: Request, key: str, uow: UowDep, reviewed_on: Annotated[str, Form(max_length=10)]
) -> Response:
    signed = _page(request, uow)
    if isinstance(signed, Response):
        return signed
    user, actor = signed
    try:
        register.record_review(uow, actor, key, date.fromisoformat(reviewed_on), date.today())
    except ValueError:
        return render(
            request,
            "problem.html",
            status=422,
            user=user,
            message=f"reviewed_on: not a date: {reviewed_on!r}",
        )
    except NotFound:
        return _not_found(request, user)
    except ServiceError as error:
        return render(
            request, "problem.html", status=error.status, user=user, message=error.message
        )
    return RedirectResponse(f"/org/{key}/register", status_code=303)


@router.get("/org/{key}/findings", response_class=HTMLResponse)
def findings_page(request: Request, key: str, uow: UowDep) -> Response:
    signed = _page(request, uow)
    if isinstance(signed, Response):
        return signed
    user, actor = signed
    try:
        found = register.findings(uow, actor, key, date.today())
    except NotFound:
        return _not_found(request, user)
    counts = {
        s: sum(1 for f in found if f.severity.value == s) for s in ("violation", "warning", "info")
    }
    return render(request, "findings.html", user=user, key=key, findings=found, counts=counts)
