"""The caller: who they are, and changing their password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from tvarka.adapters.db.tables import User
from tvarka.api.schemas import Me, PasswordChange
from tvarka.http.deps import SESSION_VERSION, UowDep, current_user_changing_password
from tvarka.services.auth import login as auth

router = APIRouter(prefix="/api/v1/me", tags=["me"])


def _me(user: User) -> Me:
    return Me(
        id=user.id,
        email=user.email,
        platform_admin=user.is_platform_admin,
        must_change_password=user.must_change_password,
        organisations={m.organisation.key: m.role for m in user.memberships},
    )


@router.get("", response_model=Me)
def me(user: Annotated[User, Depends(current_user_changing_password)]) -> Me:
    return _me(user)


@router.post("/password", response_model=Me)
def change_password(
    body: PasswordChange,
    request: Request,
    user: Annotated[User, Depends(current_user_changing_password)],
    uow: UowDep,
) -> Me:
    changed = auth.change_password(uow, user.id, body.current_password, body.new_password)
    if "session" in request.scope and request.session:
        request.session[SESSION_VERSION] = changed.session_version
    return _me(changed)

