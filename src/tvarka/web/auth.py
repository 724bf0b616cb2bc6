"""The signed-in user's pages: log in, log out, change the password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from tvarka.http.deps import SESSION_USER, SESSION_VERSION, session_user
from tvarka.services.auth import login as auth
from tvarka.services.errors import ServiceError
from tvarka.web.rendering import UowDep, redirect, render

router = APIRouter(include_in_schema=False)


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
    return redirect("/password" if user.must_change_password else "/")


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return redirect("/login")


@router.get("/password", response_class=HTMLResponse)
def password_form(request: Request, uow: UowDep) -> Response:
    user = session_user(request, uow)
    if user is None:
        return redirect("/login")
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
        return redirect("/login")
    try:
        changed = auth.change_password(uow, user.id, current_password, new_password)
    except ServiceError as error:
        return render(request, "password.html", status=422, user=user, error=error.message)
    request.session[SESSION_VERSION] = changed.session_version
    return redirect("/")
