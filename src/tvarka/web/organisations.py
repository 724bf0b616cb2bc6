"""An organisation's pages: pick one, read its profile with every citation."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from tvarka.services.auth import login as auth
from tvarka.services.errors import NotFound
from tvarka.services.organisations import access as organisations
from tvarka.services.organisations.profile_view import walk
from tvarka.web.rendering import UowDep, redirect, render, signed_in

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, uow: UowDep) -> Response:
    user = signed_in(request, uow)
    if isinstance(user, Response):
        return user
    actor = auth.actor_for(user)
    orgs = organisations.list_visible(uow, actor)
    if len(orgs) == 1:
        return redirect(f"/org/{orgs[0].key}")
    return render(request, "home.html", user=user, orgs=orgs, roles=actor.roles)


@router.get("/org/{key}", response_class=HTMLResponse)
def organisation_page(request: Request, key: str, uow: UowDep) -> Response:
    user = signed_in(request, uow)
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
