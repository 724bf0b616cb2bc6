"""A request's decision carried out in the organisation's connected systems, through the
services, on Tvarka's own database (SQLite and PostgreSQL) against a shop database (a SQLite
file, and the PostgreSQL server for erasure): erasure, access package, failure and resume,
restriction and its lifting, a representative, and an organisation without systems."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlalchemy import select

from tests.integration.execution import shop
from tvarka.adapters.db.execution_tables import ExecutionJob, RestrictedRow
from tvarka.adapters.db.request_tables import DsrRequest
from tvarka.adapters.db.tables import AuditEvent
from tvarka.domain.audit_chain import digest
from tvarka.domain.requests.decisions import ACCESS_CONTENTS, Decision
from tvarka.domain.requests.terms import Outcome
from tvarka.runtime import Runtime
from tvarka.services import execution, requests
from tvarka.services.actor import SYSTEM
from tvarka.services.errors import Conflict, Invalid
from tvarka.services.letters import issue as letters
from tvarka.services.requests import IdentityCheck, NewRequest, RepresentativeInput
from tvarka.services.requests import view as request_view
from tvarka.services.requests.common import summary
from tvarka.services.requests.letters import LetterInput, issue_task_letters

ORG = "it-sales"
RULES = {"user.contact": "null", "user.name": "null", "user.device.ip_address": "null"}
ACCESS = {k: "stated" for k in ACCESS_CONTENTS}


def connect(rt: Runtime, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TVARKA_QUEUE_IMMEDIATE", "1")
    execution.add_system(rt, SYSTEM, ORG, "shop", "sql", url=url,
                         datasets_yaml=shop.DATASET_YML.read_text())
    execution.set_erasure_rules(rt, SYSTEM, ORG, RULES)


@pytest.fixture
def small_shop(tmp_path: Path) -> tuple[str, sa.Engine]:
    url = f"sqlite:///{tmp_path / 'small-shop.sqlite3'}"
    engine = sa.create_engine(url)
    shop.build(engine, 12)
    return url, engine


@pytest.fixture
def connected(loaded: Runtime, small_shop: tuple[str, sa.Engine],
              monkeypatch: pytest.MonkeyPatch) -> Runtime:
    connect(loaded, small_shop[0], monkeypatch)
    return loaded


def submit(rt: Runtime, right: str, customer: int, **fields: object) -> str:
    new = NewRequest(right=right, channel="email", received_at=dt.date.today().isoformat(),
                     name=f"Name {customer}", email=shop.email(customer), language="en",
                     identity=IdentityCheck("one_time_code_known_address"),
                     **fields)  # type: ignore[arg-type]
    return requests.submit(rt.uow(), rt.data_key, SYSTEM, ORG, new).public_id


def decide(rt: Runtime, public_id: str, decision: Decision) -> DsrRequest:
    return requests.decide(rt.uow(), rt.data_key, SYSTEM, ORG, public_id, decision, runtime=rt)


def answer_task(request: DsrRequest) -> int:
    return next(t.id for t in request.tasks if t.letter_kind == "answer")


@pytest.mark.parametrize("shop_url", ["sqlite", pytest.param("postgres",
                                                             marks=pytest.mark.postgres)],
                         indirect=True)
def test_a_granted_erasure_nulls_the_subject_in_the_target_and_nobody_else(
    loaded: Runtime, shop_url: str, shop_engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect(loaded, shop_url, monkeypatch)
    before = shop.snapshot(shop_engine)
    subject = shop.subject_rows(shop_engine, 4)
    public_id = submit(loaded, "erasure", 4)
    request = decide(loaded, public_id, Decision(Outcome.granted))
    assert request.job_id is not None
    after = shop.snapshot(shop_engine)
    assert after["customer"][4]["email"] is None and after["customer"][4]["name"] is None
    for table, rows in before.items():
        for key, row in rows.items():
            if key not in subject[table]:
                assert after[table][key] == row, f"{table} {key} changed"
    shown = request_view.get(loaded.uow(), loaded.data_key, SYSTEM, ORG, public_id)
    assert shown["job"]["id"] == request.job_id and shown["job"]["status"] == "done"
    assert shown["job"]["action"] == "erasure"
    done = requests.close_task(loaded.uow(), SYSTEM, ORG, public_id, answer_task(request),
                               "letter-1")
    assert done.status == "answered"
    with loaded.uow() as uow:
        decided = uow.session.scalar(select(AuditEvent).where(
            AuditEvent.object_id == public_id, AuditEvent.action == "request.decided"))
        started = uow.session.scalar(select(AuditEvent.object_id).where(
            AuditEvent.action == "execution.requested"))
    assert decided is not None and decided.after_sha256 == digest(summary(request))
    assert started == request.job_id


def test_a_decision_that_is_not_recorded_starts_no_job_and_erases_nothing(
    connected: Runtime, small_shop: tuple[str, sa.Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The job is written in the decision's own transaction and queued only after it commits:
    a failure while recording the decision leaves neither a decision nor a job, and the
    target untouched (the queue runs tasks at once here, so a task rung early would erase)."""
    before = shop.snapshot(small_shop[1])
    public_id = submit(connected, "erasure", 5)

    def failing_audit(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away while the decision was recorded")

    monkeypatch.setattr("tvarka.services.requests.decisions.audit", failing_audit)
    with pytest.raises(RuntimeError):
        decide(connected, public_id, Decision(Outcome.granted))
    assert shop.snapshot(small_shop[1]) == before
    with connected.uow() as uow:
        assert uow.session.scalar(select(sa.func.count()).select_from(ExecutionJob)) == 0
        assert uow.session.scalar(select(DsrRequest.status).where(
            DsrRequest.public_id == public_id)) != "decided"


def test_an_access_package_holds_the_persons_rows_and_the_link_expires(
    connected: Runtime, small_shop: tuple[str, sa.Engine]
) -> None:
    public_id = submit(connected, "access", 3)
    decide(connected, public_id, Decision(Outcome.granted, access_content=ACCESS))
    link = requests.jobs.package_link_for(connected, SYSTEM, ORG, public_id)
    assert link is not None
    archive = zipfile.ZipFile(io.BytesIO(
        requests.jobs.package_for(connected, SYSTEM, ORG, public_id, link)))
    document = json.loads(archive.read("data.json"))
    got = {c["collection"]: {r["id"] for r in c["rows"]} for c in document["collections"]}
    assert got == shop.subject_rows(small_shop[1], 3)
    other = submit(connected, "access", 5)  # another request's page cannot open this link
    decide(connected, other, Decision(Outcome.granted, access_content=ACCESS))
    with pytest.raises(Exception, match="no such package"):
        requests.jobs.package_for(connected, SYSTEM, ORG, other, link)


def test_a_failing_target_leaves_the_request_open_with_the_error_until_resumed(
    connected: Runtime, small_shop: tuple[str, sa.Engine]
) -> None:
    with small_shop[1].begin() as conn:
        conn.execute(sa.text("ALTER TABLE newsletter RENAME TO newsletter_gone"))
    public_id = submit(connected, "erasure", 6)
    request = decide(connected, public_id, Decision(Outcome.granted))
    shown = request_view.get(connected.uow(), connected.data_key, SYSTEM, ORG, public_id)
    assert shown["job"]["status"] == "open" and shown["job"]["failed"][0]["system"] == "shop"
    assert "newsletter" in shown["job"]["failed"][0]["error"]
    with pytest.raises(Conflict) as refused:
        requests.close_task(connected.uow(), SYSTEM, ORG, public_id, answer_task(request))
    assert refused.value.field == "job" and "tvarka job resume" in str(refused.value)
    assert "newsletter" in str(refused.value)
    assert request_view.get(connected.uow(), connected.data_key, SYSTEM, ORG,
                            public_id)["status"] == "decided"
    with small_shop[1].begin() as conn:
        conn.execute(sa.text("ALTER TABLE newsletter_gone RENAME TO newsletter"))
    assert execution.resume(connected, SYSTEM, ORG, request.job_id or "") == 1
    assert shop.snapshot(small_shop[1])["customer"][6]["email"] is None
    done = requests.close_task(connected.uow(), SYSTEM, ORG, public_id, answer_task(request))
    assert done.status == "answered"


def test_a_manual_system_keeps_the_answer_waiting_for_staff(connected: Runtime) -> None:
    execution.add_system(connected, SYSTEM, ORG, "paper-archive", "manual")
    public_id = submit(connected, "erasure", 7)
    request = decide(connected, public_id, Decision(Outcome.granted))
    with pytest.raises(Conflict, match="paper-archive"):
        requests.close_task(connected.uow(), SYSTEM, ORG, public_id, answer_task(request))
    execution.complete_manual_task(connected, SYSTEM, ORG, request.job_id or "",
                                   "paper-archive", "folder 7 shredded")
    done = requests.close_task(connected.uow(), SYSTEM, ORG, public_id, answer_task(request))
    assert done.status == "answered"


def test_restriction_marks_rows_later_erasure_leaves_alone_and_lifting_releases_them(
    connected: Runtime, small_shop: tuple[str, sa.Engine]
) -> None:
    public_id = submit(connected, "restriction", 8)
    request = decide(connected, public_id, Decision(Outcome.granted))
    with connected.uow() as uow:
        marked = uow.session.scalars(select(RestrictedRow).where(
            RestrictedRow.job_id == request.job_id)).all()
    assert len(marked) == sum(len(v) for v in shop.subject_rows(small_shop[1], 8).values())
    erasure = submit(connected, "erasure", 8)
    decide(connected, erasure, Decision(Outcome.granted))
    assert shop.snapshot(small_shop[1])["customer"][8]["email"] == shop.email(8)
    requests.announce_restriction_lifting(connected.uow(), SYSTEM, ORG, public_id)
    request = request_view_request(connected, public_id)
    notice = next(t.id for t in request.tasks if t.letter_kind == "restriction_lifting")
    requests.close_task(connected.uow(), SYSTEM, ORG, public_id, notice, "letter-2")
    lifted = requests.lift_restriction(connected.uow(), SYSTEM, ORG, public_id)
    assert not lifted.restricted
    with connected.uow() as uow:
        left = uow.session.scalar(select(sa.func.count()).select_from(RestrictedRow).where(
            RestrictedRow.job_id == request.job_id))
        event = uow.session.scalar(select(AuditEvent.after_sha256).where(
            AuditEvent.action == "execution.restriction_lifted"))
    assert left == 0 and event == digest({"rows_released": len(marked)})
    again = submit(connected, "erasure", 8)
    decide(connected, again, Decision(Outcome.granted))
    assert shop.snapshot(small_shop[1])["customer"][8]["email"] is None


def request_view_request(rt: Runtime, public_id: str) -> DsrRequest:
    with rt.uow() as uow:
        return uow.session.scalars(select(DsrRequest).where(
            DsrRequest.public_id == public_id)).one()


def test_rectification_sets_the_corrections_and_needs_them(
    connected: Runtime, small_shop: tuple[str, sa.Engine]
) -> None:
    public_id = submit(connected, "rectification", 9)
    with pytest.raises(Invalid) as missing:
        decide(connected, public_id, Decision(Outcome.granted))
    assert missing.value.field == "corrections"
    with connected.uow() as uow:
        assert uow.session.scalar(select(sa.func.count()).select_from(ExecutionJob)) == 0
    assert request_view_request(connected, public_id).status == "in_progress"
    decide(connected, public_id, Decision(Outcome.granted, corrections=(
        {"field": "shop_pg_dataset.customer.address", "value": "9 New Street"},)))
    rows = shop.snapshot(small_shop[1])["customer"]
    assert rows[9]["address"] == "9 New Street" and rows[10]["address"] == "10 Main Street"


def test_a_representatives_request_reaches_only_the_represented_person(
    connected: Runtime, small_shop: tuple[str, sa.Engine]
) -> None:
    lawyer = "Gedimino pr. 5, LT-01103 Vilnius"  # the contact the lawyer gave for the reply
    public_id = submit(connected, "access", 2, representative=RepresentativeInput(
        "lawyer_agreement", "Advokatas Jonaitis", lawyer))
    request = decide(connected, public_id, Decision(Outcome.granted, access_content=ACCESS))
    link = requests.jobs.package_link_for(connected, SYSTEM, ORG, public_id) or ""
    archive = zipfile.ZipFile(io.BytesIO(
        requests.jobs.package_for(connected, SYSTEM, ORG, public_id, link)))
    document = json.loads(archive.read("data.json"))
    got = {c["collection"]: {r["id"] for r in c["rows"]} for c in document["collections"]}
    assert got == shop.subject_rows(small_shop[1], 2)
    (letter,) = issue_task_letters(
        connected.uow(), connected, SYSTEM, ORG, public_id, answer_task(request),
        LetterInput(channel="registered_mail", actions_taken=["your data are in the package"]))
    pdf = letters.letter_pdf(connected.uow(), connected, SYSTEM, letter.id)
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    words = " ".join(words.split())
    assert "Advokatas Jonaitis" in words and "LT-01103 Vilnius" in words
    assert "Concerning the data subject Name 2" in words
    assert shop.email(2) not in words  # the person's own address is not the reply address


def test_without_connected_systems_the_decision_is_carried_out_by_hand(
    loaded: Runtime,
) -> None:
    public_id = submit(loaded, "erasure", 1)
    request = decide(loaded, public_id, Decision(Outcome.granted))
    assert request.job_id is None
    assert [t.kind for t in request.tasks if t.kind != "letter"] == ["carry_out_by_hand"]
    done = requests.close_task(loaded.uow(), SYSTEM, ORG, public_id, answer_task(request))
    assert done.status == "answered"
