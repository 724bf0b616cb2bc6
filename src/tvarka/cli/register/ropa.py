"""``tvarka ropa export``: the register as the Art. 30 records, for the authority or an auditor."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from tvarka.adapters.exports import ExportFormat, RecordKind
from tvarka.cli.context import reported_errors, runtime
from tvarka.cli.output import fail
from tvarka.services.actor import operator
from tvarka.services.register import activities as register

app = typer.Typer(help="Register of processing activities (GDPR Art. 30).", no_args_is_help=True)


@app.command("export")
def export(
    org: Annotated[str, typer.Option("--org", help="organisation key, e.g. delano")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="xlsx, csv, json or pdf")],
    out: Annotated[Path, typer.Option("--out", help="file to write", dir_okay=False)],
    lang: Annotated[str, typer.Option("--lang", help="headings in lt or en")] = "lt",
    record: Annotated[
        RecordKind | None,
        typer.Option(
            "--record", help="controller (Art. 30(1)) or processor (Art. 30(2)); default both"
        ),
    ] = None,
) -> None:
    """Write the organisation's Art. 30 records to OUT."""
    if lang not in ("lt", "en"):
        fail(f"--lang: must be lt or en, not {lang!r}", 2)
    with reported_errors():
        data = register.export(
            runtime().uow(),
            operator(),
            org,
            fmt,
            "lt" if lang == "lt" else "en",
            record,
            date.today(),
        )
    try:
        out.write_bytes(data)
    except OSError as error:
        fail(f"--out: cannot write {out}: {error.strerror}")
    typer.echo(f"{out} ({len(data)} bytes, {fmt.value}, {lang})")
