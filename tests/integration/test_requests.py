"""Requests through the services on SQLite and PostgreSQL: intake, identity, decisions,
letters due, Art. 19 tasks, audit, bad input that writes nothing, and sealed personal data."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text

from tests import people
from tvarka.adapters.db.request_tables import DsrRequest
from tvarka.adapters.db.tables import AuditEvent
from tvarka.domain.requests.decisions import ACCESS_CONTENTS, Decision
from tvarka.domain.requests.terms import ObjectionKind, Outcome, RefusalGround
from tvarka.runtime import Runtime
from tvarka.services import audit, requests
from tvarka.services.actor import SYSTEM
from tvarka.services.errors import Conflict, Invalid, NotFound
from tvarka.services.requests import IdentityCheck, NewRequest, RepresentativeInput
from tvarka.services.requests import view as request_view

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def count(rt: Runtime, model: type) -> int:
    with rt.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def new(rt: Runtime, org: str, **fields: object) -> DsrRequest:
    base: dict[str, object] = {
        "right": "access", "channel": "email", "received_at": "2026-11-20T09:00:00+02:00",
        "name": "Ona Testaitė", "email": people.email("subject"), "text": "all my data",
    }
    base.update(fields)
    return requests.submit(rt.uow(), rt.data_key, SYSTEM, org, NewRequest(**base), NOW)


def test_an_access_request_from_intake_to_the_answer(loaded: Runtime) -> None:
    rt = loaded
    request = new(rt, "tiens", channel="post", signed=True, address="Vilnius")
    assert request.status == "awaiting_identity" and request.paused_since is not None
    assert request.due == dt.date(2026, 12, 21)  # 20 Dec is a Sunday
    assert request.identity_methods == ["notarised_copy", "otherwise_certified_copy"]
    with pytest.raises(Invalid) as wrong:
        requests.verify_identity(rt.uow(), rt.data_key, SYSTEM, "tiens", request.public_id,
                                 IdentityCheck("one_time_code_known_address"), NOW)
    assert wrong.value.field == "method"
    later = NOW + dt.timedelta(days=5)
    request = requests.verify_identity(
        rt.uow(), rt.data_key, SYSTEM, "tiens", request.public_id,
        IdentityCheck("notarised_copy", document_type="passport", last_digits="4821"), later)
    assert request.status == "in_progress" and request.paused_days == 8  # 20 Nov -> 28 Nov
    assert request.due == dt.date(2026, 12, 28)
    content = {k: f"the {k}" for k in ACCESS_CONTENTS}
    request = requests.decide(rt.uow(), rt.data_key, SYSTEM, "tiens", request.public_id,
                              Decision(Outcome.granted, access_content=content), later)
    letter = next(t for t in request.tasks if t.letter_kind == "answer")
    assert letter.due == dt.date(2026, 12, 28) and letter.status == "pending"
    request = requests.close_task(rt.uow(), SYSTEM, "tiens", request.public_id, letter.id,
                                  "letter-1", now=later)
    assert request.status == "answered" and request.closed_at is not None
    shown = request_view.get(rt.uow(), rt.data_key, SYSTEM, "tiens", request.public_id, later)
    assert shown["identity"]["evidence"][0]["last_digits"] == "4821"
    assert shown["decision"]["access_content"]["recipients"] == "the recipients"
    with rt.uow() as uow:
        actions = uow.session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == request.public_id)
            .order_by(AuditEvent.seq)).all()
    assert actions == ["request.received", "request.identity_confirmed", "request.decided",
                       "request.task_done.answer"]
    assert all(v.ok for v in audit.verify(rt.uow(), "tiens"))


def test_delano_candidates_oral_request_is_refused_with_reasons(loaded: Runtime) -> None:
    request = new(loaded, "delano", channel="oral", subject_type="candidate")
    assert request.status == "refused" and request.refusal_ground == "channel_not_examined"
    assert "003 D-CAND 7.1" in request.rules["channel_refusal"]
    (letter,) = request.tasks
    assert letter.letter_kind == "refusal" and letter.languages == ["lt"]


def test_a_formally_invalid_request_is_not_examined_with_a_five_day_notice(loaded: Runtime):
    request = new(loaded, "kitoks-miestas", channel="post", address="Kaunas")  # not signed
    assert request.status == "not_examined"
    assert request.validation["missing"] == ["signed"]
    (letter,) = request.tasks
    assert letter.letter_kind == "invalid_request" and letter.due == dt.date(2026, 11, 27)
    # Tiens asks to complete instead: the request stays open
    tiens = new(loaded, "tiens", channel="post", address="Kaunas")
    assert tiens.status == "awaiting_identity"
    assert [t.letter_kind for t in tiens.tasks] == ["clarification"]


def test_information_requests_need_no_identity(loaded: Runtime) -> None:
    request = new(loaded, "delano", right="information", channel="post", signed=True,
                  address="Vilnius")
    assert request.status == "in_progress" and not request.identity_required


def test_unverified_identity_where_the_rules_refuse_to_examine(loaded: Runtime) -> None:
    request = new(loaded, "kitoks-miestas", channel="in_person", signed=True)
    request = requests.verify_identity(
        loaded.uow(), loaded.data_key, SYSTEM, "kitoks-miestas", request.public_id,
        IdentityCheck("identity_document_in_person", confirmed=False), NOW)
    assert request.status == "not_examined"
    assert [t.letter_kind for t in request.tasks] == ["invalid_request"]


def test_extension_once_with_its_own_notice(loaded: Runtime) -> None:
    request = new(loaded, "kitoks-miestas", channel="in_person", signed=True,
                  identity=IdentityCheck("identity_document_in_person", document_type="id_card"))
    assert request.status == "in_progress"
    request = requests.extend(loaded.uow(), SYSTEM, "kitoks-miestas", request.public_id,
                              "complexity", "eleven car parks' video systems to search", NOW)
    assert request.status == "extended" and request.extended_due == dt.date(2027, 1, 19)
    notice = next(t for t in request.tasks if t.letter_kind == "extension")
    assert notice.due == request.initial_due == dt.date(2026, 12, 21)
    with pytest.raises(Invalid, match="one extension"):
        requests.extend(loaded.uow(), SYSTEM, "kitoks-miestas", request.public_id,
                        "complexity", "still more systems to search", NOW)


def test_rectification_notifies_recipients_and_restriction_needs_notice_first(loaded: Runtime):
    rt = loaded
    fix = new(rt, "it-sales", right="rectification", identity=IdentityCheck(
        "one_time_code_known_address"))
    fix = requests.decide(rt.uow(), rt.data_key, SYSTEM, "it-sales", fix.public_id,
                          Decision(Outcome.granted, evidence="utility bill shown",
                                   recipients=("Courier UAB", "Accounting UAB")), NOW)
    notices = [t for t in fix.tasks if t.kind == "recipient_notice"]
    assert [t.recipient for t in notices] == ["Courier UAB", "Accounting UAB"]
    stop = new(rt, "it-sales", right="restriction",
               identity=IdentityCheck("one_time_code_known_address"))
    stop = requests.decide(rt.uow(), rt.data_key, SYSTEM, "it-sales", stop.public_id,
                           Decision(Outcome.granted), NOW)
    assert stop.restricted
    with pytest.raises(Conflict, match=r"18\(3\)"):
        requests.lift_restriction(rt.uow(), SYSTEM, "it-sales", stop.public_id, NOW)
    stop = requests.announce_restriction_lifting(rt.uow(), SYSTEM, "it-sales", stop.public_id, NOW)
    notice = next(t for t in stop.tasks if t.letter_kind == "restriction_lifting")
    requests.close_task(rt.uow(), SYSTEM, "it-sales", stop.public_id, notice.id, now=NOW)
    assert not requests.lift_restriction(rt.uow(), SYSTEM, "it-sales", stop.public_id,
                                         NOW).restricted


def test_decisions_are_checked_before_anything_is_written(loaded: Runtime) -> None:
    rt = loaded
    objection = new(rt, "tiens", right="objection", channel="web_form",
                    identity=IdentityCheck("e_signature"))
    events = count(rt, AuditEvent)
    with pytest.raises(Invalid) as absolute:
        requests.decide(rt.uow(), rt.data_key, SYSTEM, "tiens", objection.public_id, Decision(
            Outcome.refused, "we would like to keep sending the newsletter",
            RefusalGround.overriding_grounds, objection_kind=ObjectionKind.direct_marketing), NOW)
    assert absolute.value.field == "outcome"
    assert count(rt, AuditEvent) == events
    shown = request_view.get(rt.uow(), rt.data_key, SYSTEM, "tiens", objection.public_id, NOW)
    assert shown["status"] == "in_progress" and shown["decision"] is None


def test_a_late_answer_must_give_the_reasons(loaded: Runtime) -> None:
    rt = loaded
    request = new(rt, "it-sales", identity=IdentityCheck("one_time_code_known_address"))
    content = {k: "stated" for k in ACCESS_CONTENTS}
    request = requests.decide(rt.uow(), rt.data_key, SYSTEM, "it-sales", request.public_id,
                              Decision(Outcome.granted, access_content=content), NOW)
    letter = next(t for t in request.tasks if t.letter_kind == "answer")
    late = NOW + dt.timedelta(days=60)
    with pytest.raises(Invalid) as error:
        requests.close_task(rt.uow(), SYSTEM, "it-sales", request.public_id, letter.id, now=late)
    assert error.value.field == "delay_reasons"
    done = requests.close_task(rt.uow(), SYSTEM, "it-sales", request.public_id, letter.id,
                               delay_reasons="the archive was unavailable", now=late)
    assert done.status == "answered" and done.rules["late"] is True


def test_fee_once_a_year_rule_only_raises_a_finding(loaded: Runtime) -> None:
    address = people.email("subject")
    first = new(loaded, "delano", email=address)
    second = new(loaded, "delano", email=address, received_at="2026-11-21T09:00:00+02:00")
    codes_first = {f["code"] for f in first.findings}
    codes_second = {f["code"] for f in second.findings}
    assert "FEE-ONCE-PER-YEAR" in codes_first and "FEE-REPEAT-KEPT-FREE" not in codes_first
    assert "FEE-REPEAT-KEPT-FREE" in codes_second
    assert first.rules["fee_charged"] == second.rules["fee_charged"] == 0
    found = request_view.list_requests(loaded.uow(), loaded.data_key, SYSTEM, "delano",
                                       email=address.upper(), now=NOW)
    assert {r["id"] for r in found} == {first.public_id, second.public_id}


def test_processor_forwards_to_the_controller(loaded: Runtime) -> None:
    rt = loaded
    request = new(rt, "vivasend", channel="email")
    assert request.status == "received"
    assert [t.kind for t in request.tasks] == ["forward"]
    with pytest.raises(Invalid):
        requests.forward_to_controller(rt.uow(), SYSTEM, "vivasend", request.public_id, " ", NOW)
    request = requests.forward_to_controller(rt.uow(), SYSTEM, "vivasend", request.public_id,
                                             "Client Shop UAB", NOW)
    assert request.status == "forwarded" and request.tasks[0].status == "done"
    forward_letter = request.tasks[1]
    assert (forward_letter.letter_kind, forward_letter.recipient) == (
        "forward_to_controller", "Client Shop UAB")
    request = requests.record_controller_receipt(rt.uow(), SYSTEM, "vivasend", request.public_id,
                                                 "2026-11-23T12:04:00+02:00", NOW)
    assert request.controller_receipt_at is not None
    other = new(rt, "tiens", channel="email", identity=IdentityCheck("e_signature"))
    with pytest.raises(Conflict):
        requests.forward_to_controller(rt.uow(), SYSTEM, "tiens", other.public_id, "X UAB", NOW)


def test_representative_recorded_sealed(loaded: Runtime) -> None:
    rt = loaded
    request = new(rt, "delano", representative=RepresentativeInput(
        "lawyer_agreement", "Jonas Advokatas", "advokatas@example.lt"))
    request = requests.add_representative(rt.uow(), rt.data_key, SYSTEM, "delano",
                                          request.public_id, RepresentativeInput(
                                              "notarised_power_of_attorney", "Petras Įgaliotinis",
                                              "+370 600 00000"), NOW)
    shown = request_view.get(rt.uow(), rt.data_key, SYSTEM, "delano", request.public_id, NOW)
    reps = shown["representatives"]
    assert [r["document"] for r in reps] == ["lawyer_agreement", "notarised_power_of_attorney"]
    assert reps[1]["notarised"] and reps[0]["name"] == "Jonas Advokatas"
    before = count(rt, AuditEvent)
    with pytest.raises(Invalid, match="D-CAND 7.3") as refused:
        new(rt, "delano", subject_type="candidate", channel="registered_letter",
            representative=RepresentativeInput("power_of_attorney", "Rūta Draugė",
                                               "ruta@example.lt"))
    assert refused.value.field == "representative.document" and count(rt, AuditEvent) == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"right": "forgetting"}, "right"), ({"channel": "pigeon"}, "channel"),
     ({"received_at": "2099-01-01T00:00:00Z"}, "received_at"),
     ({"received_at": "yesterday"}, "received_at"), ({"subject_type": "alien"}, "subject_type"),
     ({"email": "not-an-address"}, "email"), ({"phone": "call me"}, "phone"),
     ({"identity": IdentityCheck("telepathy")}, "identity.method"),
     ({"identity": IdentityCheck("account_login")}, "identity.method")],
)
def test_bad_input_is_named_and_creates_nothing(loaded: Runtime, fields: dict[str, object],
                                                field: str) -> None:
    before = (count(loaded, DsrRequest), count(loaded, AuditEvent))
    with pytest.raises(Invalid) as error:
        new(loaded, "delano", **fields)
    assert error.value.field == field
    assert (count(loaded, DsrRequest), count(loaded, AuditEvent)) == before


def test_another_organisations_request_is_not_found(loaded: Runtime) -> None:
    request = new(loaded, "tiens")
    with pytest.raises(NotFound):
        request_view.get(loaded.uow(), loaded.data_key, SYSTEM, "delano", request.public_id)


def test_dashboard_sorts_by_due_date_and_flags_overdue(loaded: Runtime) -> None:
    rt = loaded
    old = new(rt, "it-sales", received_at="2026-09-01T09:00:00+03:00",
              identity=IdentityCheck("one_time_code_known_address"))
    recent = new(rt, "it-sales", received_at="2026-11-20T09:00:00+02:00",
                 identity=IdentityCheck("one_time_code_known_address"))
    board = request_view.dashboard(rt.uow(), rt.data_key, SYSTEM, "it-sales",
                                   NOW + dt.timedelta(days=24))
    assert [r["id"] for r in board["open"]] == [old.public_id, recent.public_id]
    assert [r["id"] for r in board["overdue"]] == [old.public_id]
    assert [r["id"] for r in board["due_soon"]] == [recent.public_id]


def test_a_copy_of_the_database_reveals_no_requester(loaded: Runtime) -> None:
    rt = loaded
    email, name, phone = "ramune.slapta@example.lt", "Ramunė Slaptaitė", "+370 611 23456"
    request = new(rt, "delano", email=email, name=name, phone=phone, address="Gedimino pr. 1",
                  text="prašau pateikti mano duomenis",
                  identity=IdentityCheck("qualified_e_signature"),
                  representative=RepresentativeInput("power_of_attorney", "Vytas Atstovas",
                                                     "vytas.atstovas@example.lt"))
    requests.decide(rt.uow(), rt.data_key, SYSTEM, "delano", request.public_id, Decision(
        Outcome.refused, "Ramunė Slaptaitė asked the same thing yesterday",
        RefusalGround.excessive), NOW)
    needles = [email, name, phone, "23456", "Gedimino", "Vytas", "vytas.atstovas",
               "pateikti mano", "Slaptait"]
    with rt.engine.connect() as connection:
        tables = ["dsr_requests", "dsr_identity_evidence", "dsr_representatives", "dsr_tasks",
                  "audit_events"]
        for table in tables:
            for row in connection.execute(text(f"SELECT * FROM {table}")):
                raw = " ".join(
                    bytes(v).decode("latin-1") if isinstance(v, (bytes, memoryview)) else str(v)
                    for v in row)
                for needle in needles:
                    assert needle.lower() not in raw.lower(), f"{needle!r} in clear in {table}"
    shown = request_view.get(rt.uow(), rt.data_key, SYSTEM, "delano", request.public_id, NOW)
    assert shown["requester"]["email"] == email and shown["requester"]["name"] == name
