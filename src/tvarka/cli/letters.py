"""``tvarka letter preview``, ``tvarka letter list`` and ``tvarka letter posted``.

The letters service (templates, PDF) is imported inside each command, off the start-up path.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from tvarka.cli.context import reported_errors, runtime
from tvarka.cli.output import emit_json, fail, table
from tvarka.domain.letters import LetterKind
from tvarka.domain.settings import Language
from tvarka.services.actor import operator

app = typer.Typer(help="Letters to data subjects.", no_args_is_help=True)


@app.command("preview")
def preview(
    org: Annotated[str, typer.Option("--org", help="organisation key")],
    kind: Annotated[LetterKind, typer.Option("--kind", help="the letter kind")],
    lang: Annotated[Language, typer.Option("--lang", help="lt or en")],
    out: Annotated[Path, typer.Option("--out", help="the PDF file to write")],
    late: Annotated[bool, typer.Option("--late", help="show a late answer")] = False,
) -> None:
    """Render a sample letter with a made-up person, to read the wording."""
    from tvarka.services.letters import issue as letters

    rt = runtime()
    with reported_errors():
        pdf = letters.preview_pdf(rt.uow(), operator(), org, kind, lang, late=late)
    try:
        out.write_bytes(pdf)
    except OSError as error:
        fail(f"out: cannot write {out}: {error.strerror}")
    print(f"{out}: {kind.value} in {lang.value} for {org}, {len(pdf)} bytes")


@app.command("list")
def list_(
    org: Annotated[str, typer.Option("--org", help="organisation key")],
    request: Annotated[str | None, typer.Option("--request", help="a request reference")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """An organisation's letters (no content, no addresses)."""
    from tvarka.services.letters import issue as letters

    with reported_errors():
        records = letters.list_letters(runtime().uow(), operator(), org, request)
    if as_json:
        emit_json([asdict(record) for record in records])
    else:
        table(f"Letters of {org}", ["id", "request", "kind", "lang", "channel", "status"],
              [(r.id, r.request_ref, r.kind, r.language, r.channel, r.status) for r in records])


@app.command("posted")
def posted(
    letter_id: Annotated[int, typer.Argument(help="the letter's id")],
    org: Annotated[str, typer.Option("--org", help="organisation key")],
    number: Annotated[str, typer.Option("--number", help="the registered-mail number")],
    on: Annotated[str | None, typer.Option("--on", help="posting date, YYYY-MM-DD")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Record that a registered letter was handed to the post."""
    try:
        posted_on = dt.date.fromisoformat(on) if on else dt.date.today()
    except ValueError:
        fail(f"on: not a date (YYYY-MM-DD): {on!r}")
    from tvarka.services.letters import issue as letters

    with reported_errors():
        record = letters.record_posting(runtime().uow(), operator(), org, letter_id,
                                        posted_on=posted_on, registered_number=number)
    if as_json:
        emit_json(asdict(record))
    else:
        print(f"letter {record.id} posted on {record.posted_on}, number {record.registered_number}")
