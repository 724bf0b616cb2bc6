"""`tvarka findings --org KEY`: where an organisation's register and rules conflict with the law."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tvarka.adapters.register_files import UnknownOrganisation, bundled_facts, load_bundled
from tvarka.domain.register.findings import check

app = typer.Typer(help="Compliance findings of an organisation.")


@app.callback(invoke_without_command=True)
def findings(
    org: Annotated[str, typer.Option("--org", help="organisation key, e.g. tiens")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="judge as of this date (YYYY-MM-DD)")
    ] = None,
) -> None:
    """List the findings, the most serious first."""
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        typer.echo(f"error: --as-of must be a date YYYY-MM-DD, not {as_of!r}", err=True)
        raise typer.Exit(2) from None
    try:
        found = check(load_bundled(org), bundled_facts(org), day)
    except UnknownOrganisation as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps([asdict(f) for f in found], ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{org}: {len(found)} findings", show_lines=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("code", no_wrap=True)
    table.add_column("finding", overflow="fold", ratio=3)
    table.add_column("legal reference", overflow="fold", ratio=1)
    table.add_column("citation", overflow="fold", ratio=1)
    for f in found:
        table.add_row(
            f.severity.value,
            f.code,
            f"{f.title}\n{f.explanation}",
            f.legal_reference,
            f.citation or "",
        )
    Console().print(table)
