"""``tvarka audit verify``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from tvarka.cli.context import reported_errors, runtime
from tvarka.cli.output import emit_json
from tvarka.services import audit

app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)


@app.command("verify")
def verify(
    org: Annotated[str | None, typer.Option("--org", help="one organisation's chain")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Report OK, or the first broken link of each chain; exit 1 when any is broken."""
    with reported_errors():
        results = audit.verify(runtime().uow(), org)
    if as_json:
        emit_json([asdict(r) for r in results])
    else:
        for r in results:
            if r.ok:
                print(f"{r.chain}: OK ({r.events} events, head {r.head_hash or '-'})")
            else:
                print(f"{r.chain}: BROKEN at event {r.broken_seq}: {r.reason}")
    if not results and org:
        print(f"{org}: no audit events")
    if any(not r.ok for r in results):
        raise typer.Exit(1)
