"""``tvarka findings --org KEY``: where an organisation's register and rules conflict with the law."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated

import typer

from tvarka.cli.context import reported_errors, runtime
from tvarka.cli.output import emit_json, fail
from tvarka.services.actor import operator
from tvarka.services.register import activities as register

app = typer.Typer(help="Compliance findings of an organisation.")


@app.callback(invoke_without_command=True)
def findings(
    org: Annotated[str, typer.Option("--org", help="organisation key, e.g. tiens")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="judge as of YYYY-MM-DD")] = None,
) -> None:
    """List the findings, the most serious first."""
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        fail(f"--as-of: must be a date YYYY-MM-DD, not {as_of!r}", 2)
    with reported_errors():
        found = register.findings(runtime().uow(), operator(), org, day)
    if as_json:
        emit_json([asdict(f) for f in found])
        return
    from rich.console import Console  # only when a table is printed (start-up cost)
    from rich.table import Table

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
