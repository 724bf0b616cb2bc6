"""Request dependencies: the runtime, the caller, and the organisation the path names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Path, Request

from tvarka.adapters.db.tables import Organisation, User
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.profile import ORG_KEY_PATTERN
from tvarka.domain.roles import Permission
from tvarka.runtime import Runtime
from tvarka.services.actor import Actor
from tvarka.services.auth import login as auth
from tvarka.services.errors import AuthenticationFailed, PasswordChangeRequired
from tvarka.services.organisations import access as organisations

SESSION_USER, SESSION_VERSION = "uid", "sv"


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def get_uow(runtime: Annotated[Runtime, Depends(get_runtime)]) -> UnitOfWork:
    return runtime.uow()


def session_user(request: Request, uow: UnitOfWork) -> User | None:
    """The user of a valid browser session; a password change ends older sessions."""
    user_id = request.session.get(SESSION_USER) if "session" in request.scope else None
    if user_id is None:
        return None
    user = auth.user_by_id(uow, int(user_id))
    if user is None or user.session_version != request.session.get(SESSION_VERSION):
        request.session.clear()
        return None
    return user


def _caller(request: Request, uow: UnitOfWork, allow_password_change: bool) -> User:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = auth.user_for_token(uow, header[7:].strip())
        if user is None:
            raise AuthenticationFailed("the token is unknown or revoked")
        return user
    user = session_user(request, uow)
    if user is None:
        raise AuthenticationFailed("log in, or send Authorization: Bearer TOKEN")
    if user.must_change_password and not allow_password_change:
        raise PasswordChangeRequired("change your password first: POST /api/v1/me/password")
    return user


def current_user(
    request: Request, uow: Annotated[UnitOfWork, Depends(get_uow)]
) -> User:
    return _caller(request, uow, allow_password_change=False)


def current_user_changing_password(
    request: Request, uow: Annotated[UnitOfWork, Depends(get_uow)]
) -> User:
    return _caller(request, uow, allow_password_change=True)


def current_actor(user: Annotated[User, Depends(current_user)]) -> Actor:
    return auth.actor_for(user)


OrgKeyPath = Annotated[str, Path(pattern=ORG_KEY_PATTERN, description="organisation key")]


def organisation(permission: Permission = Permission.read) -> Callable[..., Organisation]:
    """A dependency giving the path's organisation, or 404 when the caller may not see it."""

    def dependency(
        key: OrgKeyPath,
        actor: Annotated[Actor, Depends(current_actor)],
        uow: Annotated[UnitOfWork, Depends(get_uow)],
    ) -> Organisation:
        return organisations.get(uow, actor, key, permission)

    return dependency


ActorDep = Annotated[Actor, Depends(current_actor)]
UowDep = Annotated[UnitOfWork, Depends(get_uow)]
ReadableOrg = Annotated[Organisation, Depends(organisation(Permission.read))]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
