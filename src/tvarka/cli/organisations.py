"""``tvarka org load`` and ``tvarka org list``."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from tvarka.adapters.profile_files import read_profiles
from tvarka.cli.context import reported_errors, runtime
from tvarka.cli.output import emit_json, table
from tvarka.services.actor import operator
from tvarka.services.organisations import access as organisations

app = typer.Typer(help="Organisations and their profiles.", no_args_is_help=True)


@app.command("load")
def load(
    path: Annotated[
        Path | None, typer.Argument(help="a profile file or folder; default: the five bundled")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Validate and load profiles; if any is invalid, none is loaded."""
    with reported_errors():
        results = organisations.load_profiles(runtime().uow(), read_profiles(path), operator())
    if as_json:
        emit_json([asdict(r) for r in results])
    else:
        table("Loaded", ["key", "outcome", "source"], [(r.key, r.outcome, r.source) for r in results])


@app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The organisations in the database."""
    with reported_errors():
        orgs = organisations.list_visible(runtime().uow(), operator())
    rows = [
        {"key": o.key, "legal_name": o.legal_name, "loaded_at": o.loaded_at.isoformat(),
         "source": o.source}
        for o in orgs
    ]
    if as_json:
        emit_json(rows)
    else:
        table("Organisations", ["key", "legal name", "loaded"],
              [(r["key"], r["legal_name"], r["loaded_at"]) for r in rows])
