"""The ASGI application: REST API, admin UI and privacy pages in one process.

The HTTP composition root: the only module that knows both ``api`` and ``web``. Routers are
listed by capability; a new capability adds its router and its pages here.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from tvarka.api.routers import (
    auth,
    execution,
    health,
    legal_time,
    letters,
    organisations,
    register,
    requests,
)
from tvarka.http import problems
from tvarka.http.limits import BodyLimit
from tvarka.runtime import Runtime, from_environment
from tvarka.services.privacy_centre import mail as privacy_mail
from tvarka.web import auth as auth_pages
from tvarka.web import organisations as organisation_pages
from tvarka.web import privacy_centre as privacy_pages
from tvarka.web import register as register_pages
from tvarka.web import rendering
from tvarka.web import requests as request_pages

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
        auth.router,
        auth_pages.router,
        organisations.router,
        organisation_pages.router,
        legal_time.router,
        register.router,
        register_pages.router,
        letters.router,
        execution.router,
        execution.downloads,
        requests.router,
        request_pages.router,
        privacy_pages.router,
    ):
        app.include_router(router)
    rendering.mount_static(app)
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
