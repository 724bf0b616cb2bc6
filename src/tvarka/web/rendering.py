"""How every page is rendered: templates, the page language, static files, and who is signed in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from tvarka.adapters.db.tables import User
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.http.deps import get_uow, session_user
from tvarka.web.i18n import DEFAULT_LANGUAGE, LANGUAGES, translator

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
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


def redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def signed_in(request: Request, uow: UnitOfWork) -> User | Response:
    user = session_user(request, uow)
    if user is None:
        return redirect("/login")
    if user.must_change_password:
        return redirect("/password")
    return user


