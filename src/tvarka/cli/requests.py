"""``tvarka request …``: register requests and take them through their steps from a shell."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from tvarka.cli.context import reported_errors, runtime
from tvarka.cli.output import emit_json, table
from tvarka.domain.requests.decisions import Decision
from tvarka.domain.requests.terms import LegalBasis, ObjectionKind, Outcome, RefusalGround
from tvarka.services import requests
from tvarka.services.actor import operator
from tvarka.services.errors import Invalid
from tvarka.services.requests import IdentityCheck, NewRequest, choice
from tvarka.services.requests import view as request_view

app = typer.Typer(help="Data-subject requests.", no_args_is_help=True)

Org = Annotated[str, typer.Option("--org", help="organisation key")]
Id = Annotated[str, typer.Argument(help="the request's id (r-…)")]
AsJson = Annotated[bool, typer.Option("--json")]


def _print(request: dict[str, Any], as_json: bool) -> None:
    if as_json:
        emit_json(request)
    else:
        print(f"{request['id']}: {request['right']} by {request['channel']}, "
              f"{request['status']}, due {request['due'] or '-'}")
        if job := request.get("job"):
            failed = "; ".join(f"{f['system']}: {f['error']}" for f in job["failed"])
            print(f"job {job['id']}: {job['action']} {job['status']}"
                  + (f", failed in {failed}" if failed else ""))


def _show(org: str, public_id: str, as_json: bool) -> None:
    rt = runtime()
    with reported_errors():
        shown = request_view.get(rt.uow(), rt.data_key, operator(), org, public_id)
    _print(shown, as_json)


@app.command("new")
def new(
    org: Org,
    right: Annotated[str, typer.Option("--right", help="access, rectification, erasure, …")],
    channel: Annotated[str, typer.Option("--channel", help="email, post, in_person, oral, …")],
    received: Annotated[str, typer.Option("--received", help="ISO date or time received")],
    subject_type: Annotated[str, typer.Option("--subject-type")] = "customer",
    email: Annotated[str | None, typer.Option("--email")] = None,
    name: Annotated[str | None, typer.Option("--name")] = None,
    phone: Annotated[str | None, typer.Option("--phone")] = None,
    address: Annotated[str | None, typer.Option("--address")] = None,
    text: Annotated[str | None, typer.Option("--text", help="the request's words: its scope")]
    = None,
    language: Annotated[str | None, typer.Option("--language", help="lt or en")] = None,
    signed: Annotated[bool, typer.Option("--signed", help="a paper request bears a signature")]
    = False,
    identifier: Annotated[list[str] | None, typer.Option(
        "--identifier", help="how connected systems know the person, TYPE=VALUE, e.g. "
        "customer_id=1042 (repeat)")] = None,
    as_json: AsJson = False,
) -> None:
    """Register a request received on any channel; prints it with its due date."""
    rt = runtime()
    with reported_errors():
        pairs = [item.partition("=") for item in identifier or []]
        if any(not sep for _, sep, _ in pairs):
            raise Invalid("an identifier is TYPE=VALUE, e.g. customer_id=1042",
                          field="identifier")
        created = requests.submit(rt.uow(), rt.data_key, operator(), org, NewRequest(
            right=right, channel=channel, received_at=received, subject_type=subject_type,
            name=name, email=email, phone=phone, address=address, text=text, language=language,
            signed=signed, identifiers={kind.strip(): value for kind, _, value in pairs}))
    _show(org, created.public_id, as_json)


@app.command("list")
def list_(
    org: Org,
    status: Annotated[str | None, typer.Option("--status")] = None,
    open_only: Annotated[bool, typer.Option("--open", help="only open requests")] = False,
    as_json: AsJson = False,
) -> None:
    """Requests by due date."""
    rt = runtime()
    with reported_errors():
        rows = request_view.list_requests(rt.uow(), rt.data_key, operator(), org,
                                          status=status, open_only=open_only)
    if as_json:
        emit_json(rows)
    else:
        table(f"Requests of {org}", ["id", "right", "status", "due", "timing"],
              [(r["id"], r["right"], r["status"], r["due"] or "-", r["timing"]) for r in rows])


@app.command("show")
def show(org: Org, public_id: Id, as_json: AsJson = False) -> None:
    """One request in full."""
    _show(org, public_id, as_json)


@app.command("verify-identity")
def verify_identity(
    org: Org,
    public_id: Id,
    method: Annotated[str, typer.Option("--method", help="e.g. identity_document_in_person")],
    not_confirmed: Annotated[bool, typer.Option("--not-confirmed")] = False,
    document_type: Annotated[str | None, typer.Option("--document-type")] = None,
    last_digits: Annotated[str | None, typer.Option("--last-digits")] = None,
    as_json: AsJson = False,
) -> None:
    """Record how identity was checked (never a copy); confirmed resumes the clock."""
    rt = runtime()
    with reported_errors():
        requests.verify_identity(rt.uow(), rt.data_key, operator(), org, public_id,
                                 IdentityCheck(method, not not_confirmed, document_type,
                                               last_digits))
    _show(org, public_id, as_json)


@app.command("extend")
def extend(
    org: Org,
    public_id: Id,
    reason: Annotated[str, typer.Option("--reason", help="complexity or number_of_requests")],
    justification: Annotated[str, typer.Option("--justification")],
    as_json: AsJson = False,
) -> None:
    """The one extension allowed (GDPR Art. 12(3))."""
    with reported_errors():
        requests.extend(runtime().uow(), operator(), org, public_id, reason, justification)
    _show(org, public_id, as_json)


@app.command("decide")
def decide(
    org: Org,
    public_id: Id,
    outcome: Annotated[str, typer.Option("--outcome", help="granted, partly_granted, refused")],
    reasons: Annotated[str, typer.Option("--reasons")] = "",
    ground: Annotated[str | None, typer.Option("--ground")] = None,
    objection_kind: Annotated[str | None, typer.Option("--objection-kind")] = None,
    basis: Annotated[list[str] | None, typer.Option("--basis", help="legal basis (repeat)")]
    = None,
    automated: Annotated[bool | None, typer.Option("--automated/--manual")] = None,
    content: Annotated[list[str] | None, typer.Option(
        "--content", help="access answer part as NAME=TEXT (repeat)")] = None,
    recipient: Annotated[list[str] | None, typer.Option(
        "--recipient", help="a recipient to tell (Art. 19; repeat)")] = None,
    evidence: Annotated[str | None, typer.Option("--evidence")] = None,
    by_director: Annotated[bool, typer.Option("--by-director")] = False,
    correction: Annotated[list[str] | None, typer.Option(
        "--correction", help="rectification: dataset.collection.field=VALUE (repeat)")] = None,
    hold: Annotated[list[str] | None, typer.Option(
        "--hold", help="erasure: a row kept under a legal exception, "
        "SYSTEM:DATASET.COLLECTION:KEY=WHY (repeat)")] = None,
    as_json: AsJson = False,
) -> None:
    """Record the decision; its letter and the Art. 19 notices become tasks, and with
    connected systems its execution job starts."""
    rt = runtime()
    with reported_errors():
        parts = {}
        for item in content or []:
            name, _, value = item.partition("=")
            parts[name.strip()] = value
        decision = Decision(
            outcome=choice(Outcome, outcome, "outcome"),
            reasons=reasons,
            ground=choice(RefusalGround, ground, "ground") if ground else None,
            objection_kind=choice(ObjectionKind, objection_kind, "objection_kind")
            if objection_kind else None,
            legal_bases=tuple(choice(LegalBasis, b, "basis") for b in basis or []),
            automated=automated,
            access_content=parts,
            recipients=tuple(recipient or []),
            evidence=evidence,
            by_director=by_director,
            corrections=requests.jobs.corrections_from(correction or []),
            held_rows=requests.jobs.held_rows_from(hold or []),
        )
        requests.decide(rt.uow(), rt.data_key, operator(), org, public_id, decision,
                        runtime=rt)
    _show(org, public_id, as_json)


@app.command("task-done")
def task_done(
    org: Org,
    public_id: Id,
    task: Annotated[int, typer.Option("--task", help="the task's id")],
    reference: Annotated[str | None, typer.Option("--reference")] = None,
    delay_reasons: Annotated[str | None, typer.Option("--delay-reasons")] = None,
    as_json: AsJson = False,
) -> None:
    """A letter sent or a recipient told."""
    with reported_errors():
        requests.close_task(runtime().uow(), operator(), org, public_id, task, reference,
                            delay_reasons)
    _show(org, public_id, as_json)


@app.command("forward")
def forward(
    org: Org,
    public_id: Id,
    controller: Annotated[str, typer.Option("--controller")],
    as_json: AsJson = False,
) -> None:
    """Processor mode: send the request on to the controller."""
    with reported_errors():
        requests.forward_to_controller(runtime().uow(), operator(), org, public_id, controller)
    _show(org, public_id, as_json)


@app.command("send-letter")
def send_letter(
    org: Org,
    public_id: Id,
    task: Annotated[int, typer.Option("--task", help="the letter task's id")],
    channel: Annotated[str | None, typer.Option("--channel",
                                                help="email, registered_mail or portal")] = None,
    action: Annotated[list[str] | None, typer.Option("--action", help="what was done (repeat)")]
    = None,
    legal_basis: Annotated[str | None, typer.Option("--legal-basis")] = None,
    still: Annotated[list[str] | None, typer.Option(
        "--still-processed", help="DATA|PURPOSE|LEGAL BASIS still processed (repeat)")] = None,
    late_reasons: Annotated[str | None, typer.Option("--late-reasons")] = None,
    data: Annotated[list[str] | None, typer.Option(
        "--data", help="the data concerned; for an Art. 19 notice the rectified data (repeat)")]
    = None,
    recipient_email: Annotated[str | None, typer.Option("--recipient-email")] = None,
    recipient_address: Annotated[str | None, typer.Option("--recipient-address")] = None,
    language: Annotated[str | None, typer.Option("--language",
                                                 help="an Art. 19 notice: lt or en")] = None,
    made_public: Annotated[bool, typer.Option("--made-public",
                                              help="erased data had been made public")] = False,
    subject_reference: Annotated[str | None, typer.Option(
        "--subject-reference", help="how the recipient knows the person")] = None,
    list_recipients: Annotated[bool, typer.Option(
        "--list-recipients", help="the person asked who received the data")] = False,
    topic: Annotated[str | None, typer.Option("--topic",
                                              help="a clarification: scope or identity")] = None,
    question: Annotated[list[str] | None, typer.Option(
        "--question", help="a clarification: what to clarify or provide (repeat)")] = None,
    as_json: AsJson = False,
) -> None:
    """Issue the task's letter (or Art. 19 notice) through the letters module and mark the
    task done."""
    from tvarka.services.requests import letters as request_letters

    rt = runtime()
    with reported_errors():
        kept = []
        for item in still or []:
            parts = [p.strip() for p in item.split("|")]
            if len(parts) != 3:
                raise Invalid("--still-processed is DATA|PURPOSE|LEGAL BASIS",
                              field="still_processed")
            kept.append((parts[0], parts[1], parts[2]))
        request_letters.issue_task_letters(
            rt.uow(), rt, operator(), org, public_id, task, request_letters.LetterInput(
                channel=channel, actions_taken=list(action or []), legal_basis=legal_basis,
                still_processed=kept, late_reasons=late_reasons, data_concerned=list(data or []),
                recipient_email=recipient_email, recipient_address=recipient_address,
                language=language, made_public=made_public, subject_reference=subject_reference,
                list_recipients=list_recipients, clarify_topic=topic,
                questions=list(question or [])))
    _show(org, public_id, as_json)


@app.command("clarify")
def clarify(
    org: Org,
    public_id: Id,
    topic: Annotated[str, typer.Option("--topic", help="scope or identity")],
    question: Annotated[list[str], typer.Option(
        "--question", help="what the person should clarify or provide (repeat)")],
    channel: Annotated[str | None, typer.Option("--channel",
                                                help="email, registered_mail or portal")] = None,
    as_json: AsJson = False,
) -> None:
    """Ask the person to clarify the request by letter; the clock stands still until the
    reply where the organisation allows it."""
    from tvarka.services.requests import clarification as request_clarification

    rt = runtime()
    with reported_errors():
        request_clarification.ask(rt.uow(), rt, operator(), org, public_id, topic, question,
                                  channel)
    _show(org, public_id, as_json)


@app.command("clarified")
def clarified(
    org: Org,
    public_id: Id,
    received: Annotated[str, typer.Option("--received", help="when the reply arrived (ISO)")],
    text: Annotated[str, typer.Option("--text", help="what the person replied (kept sealed)")] = "",
    as_json: AsJson = False,
) -> None:
    """The person's reply to a clarification arrived: the clock runs again."""
    from tvarka.services.requests import clarification as request_clarification

    rt = runtime()
    with reported_errors():
        request_clarification.reply_received(rt.uow(), rt.data_key, operator(), org, public_id,
                                             received, text)
    _show(org, public_id, as_json)
