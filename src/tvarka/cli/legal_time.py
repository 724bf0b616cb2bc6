"""``tvarka deadline compute | add | clocks``: legal time from the shell."""

from __future__ import annotations

from typing import Annotated

import typer

from tvarka.cli.context import reported_errors, runtime
from tvarka.cli.output import emit_json, table
from tvarka.services.actor import operator
from tvarka.services.legal_time import deadlines

app = typer.Typer(
    help="Deadlines: the organisation's clocks and Lithuanian legal time.", no_args_is_help=True
)

StartOption = Annotated[
    str, typer.Option("--start", help="a date (2026-03-05) or an instant (2026-03-31T23:30:00Z)")
]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON")]


@app.command("compute")
def compute(
    org: Annotated[str, typer.Option("--org", help="organisation key, e.g. delano")],
    clock: Annotated[str, typer.Option("--clock", help="clock name, e.g. dsr.response")],
    start: StartOption,
    subject_type: Annotated[
        str | None, typer.Option("--subject-type", help="customer (default), employee, candidate")
    ] = None,
    first_contact: Annotated[
        str | None, typer.Option("--first-contact", help="art14.notice: first communication")
    ] = None,
    first_disclosure: Annotated[
        str | None, typer.Option("--first-disclosure", help="art14.notice: first disclosure")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """When a clock runs out for an organisation, with the rule and citation that set it."""
    events = {"first_contact": first_contact, "first_disclosure": first_disclosure}
    with reported_errors():
        deadline = deadlines.compute(
            runtime().uow(), operator(), org, clock, start, subject_type, events
        )
    body = deadlines.deadline_json(deadline, org)
    if as_json:
        emit_json(body)
        return
    typer.echo(f"{body['clock']} for {org}: due {body['due'] or '—'}")
    if body["rolled_from"]:
        typer.echo(f"rolled from {body['rolled_from']} (not a working day)")
    if body["note"]:
        typer.echo(body["note"])
    typer.echo(f"citation: {body['citation']}")
    for finding in body["findings"]:
        typer.echo(f"finding {finding['code']}: {finding['title']}")


@app.command("add")
def add(
    start: StartOption,
    working_days: Annotated[int | None, typer.Option("--working-days")] = None,
    calendar_days: Annotated[int | None, typer.Option("--calendar-days")] = None,
    months: Annotated[int | None, typer.Option("--months")] = None,
    years: Annotated[int | None, typer.Option("--years")] = None,
    hours: Annotated[int | None, typer.Option("--hours")] = None,
    paros: Annotated[int | None, typer.Option("--paros", help="24-hour periods")] = None,
    as_json: JsonOption = False,
) -> None:
    """A start plus one length on the Lithuanian calendar; date periods roll to a working day."""
    with reported_errors():
        body = deadlines.add(
            start,
            working_days=working_days,
            calendar_days=calendar_days,
            months=months,
            years=years,
            hours=hours,
            paros=paros,
        )
    if as_json:
        emit_json(body)
        return
    rolled = f" (rolled from {body['rolled_from']})" if body["rolled_from"] else ""
    typer.echo(f"{body['start']} + {body['length']} = {body['due']}{rolled}")


@app.command("clocks")
def clocks(
    org: Annotated[str, typer.Option("--org", help="organisation key, e.g. delano")],
    as_json: JsonOption = False,
) -> None:
    """Every clock as the organisation runs it: lengths, subject types and citations."""
    with reported_errors():
        summaries = deadlines.clocks(runtime().uow(), operator(), org)
    rows = [deadlines.clock_json(summary) for summary in summaries]
    if as_json:
        emit_json(rows)
        return
    table(
        f"Clocks of {org}",
        ["clock", "length", "subject type", "citation", "roll"],
        [
            (
                row["name"],
                rule["length"],
                rule["subject_type"] or "all",
                rule["citation"],
                rule["roll"],
            )
            for row in rows
            for rule in row["rules"]
            or [
                {
                    "length": "—",
                    "subject_type": None,
                    "citation": row["default_citation"],
                    "roll": "—",
                }
            ]
        ],
    )
