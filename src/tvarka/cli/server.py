"""``tvarka serve`` and ``tvarka migrate``."""

from __future__ import annotations

import os
import secrets
import sys
from typing import Annotated

import typer

from tvarka.adapters.db import migrate as migrations
from tvarka.adapters.profile_files import read_profiles
from tvarka.cli.context import reported_errors, runtime
from tvarka.cli.output import emit_json
from tvarka.runtime import Runtime
from tvarka.services.actor import SYSTEM
from tvarka.services.auth import login as auth
from tvarka.services.auth import users
from tvarka.services.organisations import access as organisations

INITIAL_ADMIN = "admin@tvarka.local"


def migrate(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Bring the database schema to the newest revision."""
    with reported_errors():
        revision = migrations.upgrade(runtime().engine)
    if as_json:
        emit_json({"schema": revision})
    else:
        print(f"schema at {revision}")


def _initial_admin(rt: Runtime) -> str | None:
    """On a fresh database, create a platform admin with a one-time password kept on disk.

    The file is written first, readable by its owner only from its first byte, and the
    account is created after it: an account whose password was never written down would
    lock everyone out (with the database on PostgreSQL the data folder may not exist yet)."""
    if auth.find_user(rt.uow(), INITIAL_ADMIN) is not None:
        return None
    password = secrets.token_urlsafe(12)
    path = rt.config.data_dir / "initial-admin-password"
    path.parent.mkdir(parents=True, exist_ok=True)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
        file.write(password + "\n")
    path.chmod(0o600)  # a file left by an earlier attempt keeps its own mode otherwise
    try:
        users.add_user(
            rt.uow(), SYSTEM, email=INITIAL_ADMIN, password=password, org_key=None, role=None,
            platform_admin=True,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return str(path)


def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    load_bundled: Annotated[
        bool, typer.Option(help="load the five bundled organisation profiles on start")
    ] = True,
) -> None:
    """Migrate, load the bundled organisations, and serve the API and the pages."""
    import uvicorn

    from tvarka.app import create_app

    rt = runtime()
    with reported_errors():
        migrations.upgrade(rt.engine)
        if load_bundled:
            organisations.load_profiles(rt.uow(), read_profiles(), SYSTEM)
        password_file = _initial_admin(rt)
    url = f"http://{host}:{port}"
    print(f"Tvarka is at {url}  (API {url}/docs, database {rt.config.database_url})")
    if password_file:
        print(f"Log in as {INITIAL_ADMIN} with the password in {password_file}")
        print("(you will be asked to choose a new password at first login)")
    else:
        print("Log in with your account; create one with: tvarka user add EMAIL --org KEY "
              "--role owner --password-stdin")
    sys.stdout.flush()
    uvicorn.run(create_app(rt), host=host, port=port, log_level="warning")
