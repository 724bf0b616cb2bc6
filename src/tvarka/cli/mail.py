"""``tvarka mail send-pending`` and ``tvarka mail list``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from tvarka.cli.context import reported_errors, runtime
from tvarka.cli.output import emit_json, table
from tvarka.services.actor import operator

app = typer.Typer(help="The e-mail outbox.", no_args_is_help=True)


@app.command("send-pending")
def send_pending(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Send queued e-mail through TVARKA_SMTP_URL; exit 1 if none is configured."""
    from tvarka.services.mail import outbox

    with reported_errors():
        report = outbox.send_pending(runtime())
    if as_json:
        emit_json(asdict(report) | {"message": report.message})
    else:
        print(report.message)
    if not report.configured:
        raise typer.Exit(1)


@app.command("list")
def list_(
    org: Annotated[str, typer.Option("--org", help="organisation key")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """An organisation's outbox; addresses masked, no content."""
    from tvarka.services.mail import outbox

    with reported_errors():
        views = outbox.list_messages(runtime(), operator(), org)
    if as_json:
        emit_json([asdict(view) for view in views])
    else:
        table(f"Outbox of {org}", ["id", "letter", "to", "status", "attempts", "last error"],
              [(v.id, v.letter_id or "-", v.recipient, v.status, v.attempts,
                v.last_error or "") for v in views])
