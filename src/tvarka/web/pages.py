"""The admin pages: log in, pick an organisation, read its profile with every citation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from tvarka.adapters.db.tables import User
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.api.deps import SESSION_USER, SESSION_VERSION, get_uow, session_user
from tvarka.services import auth, organisations
from tvarka.services.errors import NotFound, ServiceError
from tvarka.services.profile_view import walk
from tvarka.web.i18n import DEFAULT_LANGUAGE, LANGUAGES, translator

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
router = APIRouter(include_in_schema=False)
LANG_COOKIE = "tvarka_lang"

UowDep = Annotated[UnitOfWork, Depends(get_uow)]


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


def language(request: Request) -> str:
    chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def render(
    request: Request, template: str, status: int = 200, user: User | None = None, **context: Any
) -> HTMLResponse:
    lang = language(request)
    response = templates.TemplateResponse(
        request,
        template,
        {"_": translator(lang), "lang": lang, "user": user, **context},
        status_code=status,
    )
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response


def _redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _signed_in(request: Request, uow: UnitOfWork) -> User | Response:
    user = session_user(request, uow)
    if user is None:
        return _redirect("/login")
    if user.must_change_password:
        return _redirect("/password")
    return user


@router.get("/", response_class=HTMLResponse)
def home(request: Request, uow: UowDep) -> Response:
    user = _signed_in(request, uow)
    if isinstance(user, Response):
        return user
    actor = auth.actor_for(user)
    orgs = organisations.list_visible(uow, actor)
    if len(orgs) == 1:
        return _redirect(f"/org/{orgs[0].key}")
    return render(request, "home.html", user=user, orgs=orgs, roles=actor.roles)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    return render(request, "login.html")


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    uow: UowDep,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    try:
        user = auth.login(uow, email, password)
    except ServiceError as error:
        return render(request, "login.html", status=401, error=error.message, email=email)
    request.session.clear()
    request.session[SESSION_USER] = user.id
    request.session[SESSION_VERSION] = user.session_version
    return _redirect("/password" if user.must_change_password else "/")


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return _redirect("/login")


@router.get("/password", response_class=HTMLResponse)
def password_form(request: Request, uow: UowDep) -> Response:
    user = session_user(request, uow)
    if user is None:
        return _redirect("/login")
    return render(request, "password.html", user=user)


@router.post("/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    uow: UowDep,
    current_password: Annotated[str, Form(max_length=200)],
    new_password: Annotated[str, Form(max_length=200)],
) -> Response:
    user = session_user(request, uow)
    if user is None:
        return _redirect("/login")
    try:
        changed = auth.change_password(uow, user.id, current_password, new_password)
    except ServiceError as error:
        return render(request, "password.html", status=422, user=user, error=error.message)
    request.session[SESSION_VERSION] = changed.session_version
    return _redirect("/")


@router.get("/org/{key}", response_class=HTMLResponse)
def organisation_page(request: Request, key: str, uow: UowDep) -> Response:
    user = _signed_in(request, uow)
    if isinstance(user, Response):
        return user
    try:
        org = organisations.get(uow, auth.actor_for(user), key)
    except NotFound:
        return render(request, "not_found.html", status=404, user=user)
    _, gaps = walk(org.profile)
    return render(
        request,
        "organisation.html",
        user=user,
        org=org,
        profile=org.profile,
        authority=organisations.authority_record(org),
        settings=organisations.settings_table(org),
        gaps=gaps,
    )
