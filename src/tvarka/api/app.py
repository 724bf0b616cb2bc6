"""The ASGI application: REST API, admin UI and privacy pages in one process."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from tvarka.api import problems
from tvarka.api.limits import BodyLimit
from tvarka.api.routers import (
    deadlines,
    execution,
    health,
    letters,
    me,
    organisations,
    register,
    requests,
)
from tvarka.runtime import Runtime, from_environment
from tvarka.services import privacy_mail
from tvarka.web import pages, privacy_pages, register_pages, request_pages

SESSION_COOKIE = "tvarka_session"


def create_app(runtime: Runtime | None = None) -> FastAPI:
    runtime = runtime or from_environment()
    app = FastAPI(
        title="Tvarka",
        summary="Personal-data processing under the GDPR and Lithuanian law",
        version="0.1.0",
        openapi_url="/openapi.json",
    )
    app.state.runtime = runtime
    app.state.code_sender = privacy_mail.outbox_sender(runtime)
    problems.install(app)
    for router in (
        health.router,
        me.router,
        organisations.router,
        deadlines.router,
        register.router,
        register_pages.router,
        letters.router,
        execution.router,
        execution.downloads,
        requests.router,
        pages.router,
        request_pages.router,
        privacy_pages.router,
    ):
        app.include_router(router)
    pages.mount_static(app)
    app.add_middleware(
        SessionMiddleware,
        secret_key=runtime.config.secret_key,
        session_cookie=SESSION_COOKIE,
        same_site="strict",
        https_only=False,
        max_age=8 * 3600,
    )
    app.add_middleware(BodyLimit, limit=runtime.config.max_body_bytes)
    return app
