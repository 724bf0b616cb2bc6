"""The ``tvarka`` command: thin over the services, like the REST routers."""

from __future__ import annotations

import typer

from tvarka.cli import (
    audit,
    auth,
    execution,
    legal_time,
    letters,
    mail,
    organisations,
    requests,
    server,
)
from tvarka.cli.register import findings, ropa

app = typer.Typer(
    name="tvarka",
    help="Tvarka: personal-data processing under the GDPR and Lithuanian law.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("serve")(server.serve)
app.command("migrate")(server.migrate)
app.add_typer(organisations.app, name="org")
app.add_typer(auth.app, name="user")
app.add_typer(auth.token_app, name="token")
app.add_typer(audit.app, name="audit")
app.add_typer(legal_time.app, name="deadline")
app.add_typer(ropa.app, name="ropa")
app.add_typer(findings.app, name="findings")
app.add_typer(letters.app, name="letter")
app.add_typer(mail.app, name="mail")
app.add_typer(execution.system_app, name="system")
app.add_typer(execution.job_app, name="job")
app.command("execute")(execution.execute)
app.command("worker")(execution.worker)
app.add_typer(requests.app, name="request")


def main() -> None:
    app()
