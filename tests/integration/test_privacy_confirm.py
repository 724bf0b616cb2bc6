"""Confirming a privacy-centre code is one transaction: the confirmed code, the request and
its audit event are stored together or not at all."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests import people
from tvarka.adapters.db.request_tables import DsrRequest, PrivacySubmission
from tvarka.adapters.db.tables import AuditEvent
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.runtime import Runtime
from tvarka.services import requests
from tvarka.services.privacy_centre import submissions as privacy_centre
from tvarka.services.privacy_centre.submissions import CodeMessage, WebForm


def count(rt: Runtime, model: type) -> int:
    with rt.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def submitted(rt: Runtime) -> tuple[str, str]:
    codes: list[str] = []

    def capture(_uow: UnitOfWork, message: CodeMessage) -> str:
        codes.append(message.code)
        return "queued"

    submission = privacy_centre.submit(
        rt.uow(), rt.data_key, "tiens", WebForm(right="access", name="Ona Testaitė",
                                                email=people.email("subject"),
                                                text="what do you hold"),
        ip="127.0.0.1", send=capture)
    return submission, codes[0]


def test_a_crash_after_the_request_is_written_leaves_neither_request_nor_confirmed_code(
        loaded: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    rt = loaded
    submission, code = submitted(rt)
    events = count(rt, AuditEvent)
    real_submit = requests.submit

    def submit_then_crash(*args: object, **kwargs: object) -> DsrRequest:
        real_submit(*args, **kwargs)  # type: ignore[arg-type]  # the request is written
        raise RuntimeError("the process dies here")

    monkeypatch.setattr(privacy_centre.requests, "submit", submit_then_crash)
    with pytest.raises(RuntimeError):
        privacy_centre.confirm(rt.uow(), rt.data_key, "tiens", submission, code)
    assert count(rt, DsrRequest) == 0 and count(rt, AuditEvent) == events
    with rt.uow() as uow:
        stored = uow.session.scalar(select(PrivacySubmission))
        assert stored is not None and stored.confirmed_at is None
        assert stored.request_public_id is None
    monkeypatch.undo()
    # nothing half-done is left: the same code still confirms, once
    reference = privacy_centre.confirm(rt.uow(), rt.data_key, "tiens", submission, code)
    with rt.uow() as uow:
        stored = uow.session.scalar(select(PrivacySubmission))
        assert stored is not None and stored.request_public_id == reference
        assert stored.confirmed_at is not None
    assert count(rt, DsrRequest) == 1


def test_a_crash_after_the_code_is_marked_leaves_no_request(
        loaded: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    rt = loaded
    submission, code = submitted(rt)

    def crash(*_args: object) -> bytes:
        raise RuntimeError("the process dies while clearing the form")

    monkeypatch.setattr(privacy_centre, "seal", crash)  # after confirmed_at is set
    with pytest.raises(RuntimeError):
        privacy_centre.confirm(rt.uow(), rt.data_key, "tiens", submission, code)
    assert count(rt, DsrRequest) == 0
    with rt.uow() as uow:
        stored = uow.session.scalar(select(PrivacySubmission))
        assert stored is not None and stored.confirmed_at is None
