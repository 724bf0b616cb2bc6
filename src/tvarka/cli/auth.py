"""``tvarka user add`` and ``tvarka token create``: for operators and scripts, no prompts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from tvarka.cli.context import reported_errors, runtime
from tvarka.cli.output import emit_json, fail
from tvarka.services.actor import operator
from tvarka.services.auth import users

app = typer.Typer(help="Users and their roles.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)


@app.command("add")
def add(
    email: Annotated[str, typer.Argument()],
    org: Annotated[str | None, typer.Option("--org", help="organisation key")] = None,
    role: Annotated[
        str | None, typer.Option("--role", help="owner, handler, viewer or auditor")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="read the password from standard input")
    ] = False,
    platform_admin: Annotated[bool, typer.Option("--platform-admin")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Create a user (or give an existing one a role in another organisation)."""
    if not password_stdin:
        fail("give the password on standard input with --password-stdin")
    if org is not None and role is None:
        fail("--role is required with --org")
    password = sys.stdin.readline().rstrip("\r\n")
    with reported_errors():
        user = users.add_user(
            runtime().uow(), operator(), email=email, password=password, org_key=org,
            role=role, platform_admin=platform_admin,
        )
    if as_json:
        emit_json({"id": user.id, "email": user.email, "org": org, "role": role})
    else:
        print(f"user {user.email} (id {user.id})" + (f" is {role} of {org}" if org else ""))


@token_app.command("create")
def create(
    email: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option(help="what the token is for")] = "cli",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Print a new API token once; only its hash is stored."""
    with reported_errors():
        token = users.create_token(runtime().uow(), operator(), email, name)
    if as_json:
        emit_json({"token": token})
    else:
        print(token)
