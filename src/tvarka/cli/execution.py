"""``tvarka system …``, ``tvarka execute``, ``tvarka job …`` and ``tvarka worker``."""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
import yaml

from tvarka.cli.context import reported_errors, runtime
from tvarka.cli.output import emit_json, fail, table
from tvarka.domain.execution.problems import ProblemLevel
from tvarka.services import execution
from tvarka.services.actor import operator

system_app = typer.Typer(
    help="Connected systems: the organisation's own databases.", no_args_is_help=True
)
job_app = typer.Typer(
    help="Execution jobs: follow, resume, complete manual tasks.", no_args_is_help=True
)
JsonOption = Annotated[bool, typer.Option("--json")]


@system_app.command("add")
def add(
    org: str,
    key: str,
    kind: Annotated[str, typer.Option(help="sql | manual | webhook")] = "sql",
    url: Annotated[str | None, typer.Option(help="SQLAlchemy URL, or the webhook's URL")] = None,
    datasets: Annotated[Path | None, typer.Option(help="fideslang dataset YAML")] = None,
    schema: Annotated[str | None, typer.Option(help="database schema of the tables")] = None,
    description: str = "",
    as_json: JsonOption = False,
) -> None:
    """Connect a system (or replace its settings); the dataset is checked first."""
    text = _read(datasets) if datasets else None
    with reported_errors():
        view = execution.add_system(
            runtime(), operator(), org, key, kind, url, text, schema, description
        )
    if as_json:
        emit_json(asdict(view))
        return
    print(f"{org}/{key}: {kind} system saved, {view.collections} collections")
    for warning in view.warnings:
        print(warning)
    if view.webhook_secret:
        print(f"webhook signing secret (verify X-Tvarka-Signature with it): {view.webhook_secret}")


@system_app.command("list")
def list_(org: str, as_json: JsonOption = False) -> None:
    with reported_errors():
        views = execution.list_systems(runtime(), operator(), org)
    if as_json:
        emit_json([asdict(v) for v in views])
    else:
        table(
            f"Connected systems of {org}",
            ["key", "kind", "collections", "description"],
            [(v.key, v.kind, v.collections, v.description) for v in views],
        )


@system_app.command("validate")
def validate(org: str, key: str, as_json: JsonOption = False) -> None:
    """Check the system live: reachable, tables, columns, indexes (with the CREATE INDEX)."""
    with reported_errors():
        problems = execution.validate_system(runtime(), operator(), org, key)
    if as_json:
        emit_json([asdict(p) for p in problems])
    else:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s)")
    if any(p.level is ProblemLevel.error for p in problems):
        raise typer.Exit(1)


@system_app.command("rules")
def rules(org: str, path: Path) -> None:
    """Set the organisation's erasure rules from YAML: ``<category>: null|hash|delete_row``
    or ``<category>: {fixed: <value>}``."""
    loaded = yaml.safe_load(_read(path))
    if not isinstance(loaded, dict):
        fail(f"{path}: expected a mapping of data category to action")
    with reported_errors():
        policy = execution.set_erasure_rules(runtime(), operator(), org, loaded)
    print(f"{org}: {len(policy.rules)} erasure rule(s) set")


def execute(
    org: str,
    action: Annotated[str, typer.Argument(help="access | erasure | rectification | restriction")],
    identity: Annotated[list[str], typer.Option(help="type=value, e.g. email=ona@example.lt")],
    corrections: Annotated[
        Path | None, typer.Option(help="JSON list of {field|category, value}")
    ] = None,
    legal_hold: Annotated[
        str | None, typer.Option(help="nothing of this subject may change")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Execute a request in every connected system of the organisation; print the job id."""
    identities: dict[str, list[str]] = {}
    for item in identity:
        kind, sep, value = item.partition("=")
        if not sep or not kind or not value:
            fail(f"--identity {item!r}: write type=value, e.g. email=ona@example.lt")
        identities.setdefault(kind, []).append(value)
    options: dict[str, object] = {}
    if corrections:
        try:
            options["corrections"] = json.loads(_read(corrections))
        except json.JSONDecodeError as error:
            fail(f"{corrections}: not JSON: {error}")
    if legal_hold:
        options["legal_hold"] = legal_hold
    with reported_errors():
        job = execution.execute(runtime(), operator(), org, action, identities, options)
    if as_json:
        emit_json({"job": job})
    else:
        print(job)


@job_app.command("show")
def show(org: str, job: str) -> None:
    with reported_errors():
        emit_json(execution.job_view(runtime(), operator(), org, job))


@job_app.command("resume")
def resume(org: str, job: str) -> None:
    """Re-queue the job's failed tasks, once the cause is fixed."""
    with reported_errors():
        count = execution.resume(runtime(), operator(), org, job)
    print(f"{count} task(s) queued again")


@job_app.command("complete")
def complete(
    org: str,
    job: str,
    system: str,
    note: Annotated[str, typer.Option(help="what was done: the evidence")],
) -> None:
    """Complete a manual task (a paper archive, a system Tvarka cannot reach)."""
    with reported_errors():
        execution.complete_manual_task(runtime(), operator(), org, job, system, note)
    print(f"{job}/{system}: done")


@job_app.command("link")
def link(org: str, job: str) -> None:
    """The download token of an access job's package (valid for a week)."""
    with reported_errors():
        print(execution.package_link(runtime(), operator(), org, job))


def worker(
    workers: Annotated[int, typer.Option(help="worker threads")] = 2,
) -> None:
    """Run tasks from the queue. Rings again, at start and every TVARKA_RECONCILE_SECONDS
    (default 60), the tasks that are pending or whose worker died."""
    rt = runtime()
    every = float(os.environ.get("TVARKA_RECONCILE_SECONDS", "60"))

    def reconciler() -> None:
        while True:
            execution.reconcile(rt)
            time.sleep(every)

    threading.Thread(target=reconciler, name="reconciler", daemon=True).start()
    rt.queue.consumer(workers).run()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        fail(f"{path}: {error.strerror}")
