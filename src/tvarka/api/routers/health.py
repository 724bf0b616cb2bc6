"""Liveness and readiness for operators and load balancers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import text

from tvarka.adapters.db import migrate
from tvarka.http.deps import get_runtime
from tvarka.runtime import Runtime

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(runtime: Annotated[Runtime, Depends(get_runtime)]) -> JSONResponse:
    """Ready when the database answers and its schema is at the newest revision."""
    try:
        with runtime.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        current = migrate.current_revision(runtime.engine)
    except Exception as error:  # noqa: BLE001 - any database failure means "not ready"
        return JSONResponse({"status": "unavailable", "detail": type(error).__name__}, 503)
    head = migrate.head_revision()
    if current != head:
        return JSONResponse({"status": "migrating", "schema": current, "expected": head}, 503)
    return JSONResponse({"status": "ready", "schema": current})
