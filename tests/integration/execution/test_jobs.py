"""Execution jobs through the service and the queue (Huey in immediate mode), on Tvarka's own
database (SQLite and PostgreSQL) against a shop database: packages, erasure, manual tasks,
restriction, failure and resume, webhooks, and bad input refused with the field named."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import sqlalchemy as sa

from tests.integration.execution import shop
from tvarka.adapters.access_package.links import LinkRefused
from tvarka.adapters.db.execution_tables import RestrictedRow
from tvarka.runtime import Runtime
from tvarka.services import execution
from tvarka.services.actor import SYSTEM
from tvarka.services.errors import Invalid

ORG = "delano"
RULES = {"user.contact": "null", "user.name": "null", "user.device.ip_address": "null"}


@pytest.fixture
def target(tmp_path: Path) -> Iterator[tuple[str, sa.Engine]]:
    url = f"sqlite:///{tmp_path / 'shop.sqlite3'}"
    engine = sa.create_engine(url)
    shop.build(engine, 20)
    yield url, engine
    engine.dispose()


@pytest.fixture
def connected(
    loaded: Runtime, target: tuple[str, sa.Engine], monkeypatch: pytest.MonkeyPatch
) -> Runtime:
    monkeypatch.setenv("TVARKA_QUEUE_IMMEDIATE", "1")
    execution.add_system(
        loaded,
        SYSTEM,
        ORG,
        "shop",
        "sql",
        url=target[0],
        datasets_yaml=shop.DATASET_YML.read_text(),
    )
    execution.set_erasure_rules(loaded, SYSTEM, ORG, RULES)
    return loaded


def test_access_job_ends_with_a_sealed_package_behind_an_expiring_link(
    connected: Runtime, target: tuple[str, sa.Engine]
) -> None:
    job = execution.execute(connected, SYSTEM, ORG, "access", {"email": [shop.email(3)]})
    view = execution.job_view(connected, SYSTEM, ORG, job)
    assert view["status"] == "done" and view["package"]
    assert view["tasks"][0]["attempts"] == 1
    sealed = Path(connected.config.data_dir) / "packages" / f"{job}.tvkp"
    assert b"customer3@example.com" not in sealed.read_bytes()
    token = execution.package_link(connected, SYSTEM, ORG, job)
    archive = zipfile.ZipFile(io.BytesIO(execution.download_package(connected, token)))
    document = json.loads(archive.read("data.json"))
    got = {c["collection"]: {r["id"] for r in c["rows"]} for c in document["collections"]}
    assert got == shop.subject_rows(target[1], 3)
    portability = json.loads(archive.read("portability.json"))
    assert portability["format"] == "tvarka-portability/1"
    with pytest.raises(LinkRefused):
        execution.download_package(connected, token, max_age=-1)


def test_erasure_job_erases_and_records_counts(
    connected: Runtime, target: tuple[str, sa.Engine]
) -> None:
    before = shop.snapshot(target[1])
    job = execution.execute(connected, SYSTEM, ORG, "erasure", {"email": [shop.email(4)]})
    view = execution.job_view(connected, SYSTEM, ORG, job)
    assert view["status"] == "done"
    after = shop.snapshot(target[1])
    assert after["customer"][4]["email"] is None and after["customer"][5] == before["customer"][5]
    counts = {c["collection"]: c["updated"] for c in view["tasks"][0]["outcome"]["collections"]}
    assert counts["shop_pg_dataset.login_events"] == shop.LOGINS


def test_manual_task_keeps_the_job_open_until_staff_complete_it(connected: Runtime) -> None:
    execution.add_system(connected, SYSTEM, ORG, "paper-archive", "manual")
    job = execution.execute(connected, SYSTEM, ORG, "erasure", {"email": [shop.email(5)]})
    view = execution.job_view(connected, SYSTEM, ORG, job)
    assert view["status"] == "open"
    assert {t["system"]: t["status"] for t in view["tasks"]} == {
        "paper-archive": "manual",
        "shop": "done",
    }
    with pytest.raises(Invalid):
        execution.complete_manual_task(connected, SYSTEM, ORG, job, "paper-archive", "  ")
    execution.complete_manual_task(
        connected, SYSTEM, ORG, job, "paper-archive", "folder 12 shredded, witness: J. Jonaitė"
    )
    view = execution.job_view(connected, SYSTEM, ORG, job)
    assert view["status"] == "done"
    task = next(t for t in view["tasks"] if t["system"] == "paper-archive")
    assert task["note"].startswith("folder 12") and task["completed_by"] == "system"


def test_restriction_is_recorded_in_tvarka_and_honoured_by_later_erasure(
    connected: Runtime, target: tuple[str, sa.Engine]
) -> None:
    before = shop.snapshot(target[1])
    execution.execute(connected, SYSTEM, ORG, "restriction", {"email": [shop.email(6)]})
    with connected.engine.connect() as conn:
        restricted = conn.scalar(sa.select(sa.func.count()).select_from(RestrictedRow))
    subject = shop.subject_rows(target[1], 6)
    assert restricted == sum(len(k) for k in subject.values())
    job = execution.execute(connected, SYSTEM, ORG, "erasure", {"email": [shop.email(6)]})
    assert shop.snapshot(target[1]) == before
    outcome = execution.job_view(connected, SYSTEM, ORG, job)["tasks"][0]["outcome"]
    left = [x for c in outcome["collections"] for x in c["left_alone"]]
    assert left and all(x["reason"] == "restriction" for x in left)


def test_rectification_job(connected: Runtime, target: tuple[str, sa.Engine]) -> None:
    corrections = [{"field": "shop_pg_dataset.customer.name", "value": "Ona Onaitė"}]
    job = execution.execute(
        connected,
        SYSTEM,
        ORG,
        "rectification",
        {"email": [shop.email(7)]},
        {"corrections": corrections},
    )
    assert execution.job_view(connected, SYSTEM, ORG, job)["status"] == "done"
    assert shop.snapshot(target[1])["customer"][7]["name"] == "Ona Onaitė"


def test_a_failing_system_leaves_a_clear_error_and_the_job_resumable(
    connected: Runtime, target: tuple[str, sa.Engine]
) -> None:
    with target[1].begin() as conn:
        conn.execute(
            sa.text(
                "CREATE TRIGGER boom BEFORE UPDATE ON login_events "
                "BEGIN SELECT RAISE(ABORT, 'disk quota exceeded'); END"
            )
        )
    before = shop.snapshot(target[1])
    job = execution.execute(connected, SYSTEM, ORG, "erasure", {"email": [shop.email(8)]})
    view = execution.job_view(connected, SYSTEM, ORG, job)
    assert view["status"] == "open"
    (task,) = view["tasks"]
    assert task["status"] == "failed" and "disk quota exceeded" in task["error"]
    assert "login_events" in task["error"] and "nothing changed" in task["error"]
    assert shop.snapshot(target[1]) == before
    with target[1].begin() as conn:
        conn.execute(sa.text("DROP TRIGGER boom"))
    assert execution.resume(connected, SYSTEM, ORG, job) == 1
    view = execution.job_view(connected, SYSTEM, ORG, job)
    assert view["status"] == "done" and view["tasks"][0]["attempts"] == 2
    assert shop.snapshot(target[1])["customer"][8]["email"] is None


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[dict[str, str], bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.received.append((dict(self.headers), body))
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_webhook_tells_the_processor_with_a_signed_request(connected: Runtime) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/dsr"
        view = execution.add_system(connected, SYSTEM, ORG, "mailer", "webhook", url=url)
        job = execution.execute(connected, SYSTEM, ORG, "erasure", {"email": [shop.email(9)]})
    finally:
        server.shutdown()
    headers, body = _Receiver.received[-1]
    secret = bytes.fromhex(view.webhook_secret or "")
    expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    assert headers["X-Tvarka-Signature"] == expected
    assert headers["Idempotency-Key"] == f"{job}/mailer"
    payload = json.loads(body)
    assert payload["action"] == "erasure" and payload["identities"] == {"email": [shop.email(9)]}
    view_job = execution.job_view(connected, SYSTEM, ORG, job)
    assert {t["system"]: t["status"] for t in view_job["tasks"]} == {
        "mailer": "done",
        "shop": "done",
    }


def test_bad_input_is_refused_naming_the_field_and_stores_nothing(connected: Runtime) -> None:
    broken = shop.DATASET_YML.read_text().replace("field: customer.id", "field: customr.id")
    with pytest.raises(Invalid) as caught:
        execution.add_system(
            connected, SYSTEM, ORG, "crm", "sql", url="sqlite://", datasets_yaml=broken
        )
    assert caught.value.field == "datasets"
    assert "shop_pg_dataset.orders.customer_id (fides_meta.references[0])" in caught.value.message
    for kwargs, field in [
        ({"kind": "nosql"}, "kind"),
        ({"kind": "sql", "url": "oracle://x", "datasets_yaml": "x"}, "url"),
        ({"kind": "webhook", "url": "ftp://x"}, "url"),
    ]:
        with pytest.raises(Invalid) as caught:
            execution.add_system(connected, SYSTEM, ORG, "crm", **kwargs)  # type: ignore[arg-type]
        assert caught.value.field == field
    assert [s.key for s in execution.list_systems(connected, SYSTEM, ORG)] == ["shop"]
    with pytest.raises(Invalid) as caught:
        execution.execute(connected, SYSTEM, ORG, "forget", {"email": ["a@example.com"]})
    assert caught.value.field == "action"
    with pytest.raises(Invalid) as caught:
        execution.execute(connected, SYSTEM, ORG, "access", {"email": [" "]})
    assert caught.value.field == "identities"
    with pytest.raises(Invalid) as caught:
        execution.set_erasure_rules(connected, SYSTEM, ORG, {"user.contacts": "null"})
    assert caught.value.field == "rules"


def test_erasure_is_refused_until_the_organisation_has_erasure_rules(
    loaded: Runtime, target: tuple[str, sa.Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TVARKA_QUEUE_IMMEDIATE", "1")
    yml = shop.DATASET_YML.read_text()
    execution.add_system(loaded, SYSTEM, ORG, "shop", "sql", url=target[0], datasets_yaml=yml)
    with pytest.raises(Invalid) as caught:
        execution.execute(loaded, SYSTEM, ORG, "erasure", {"email": [shop.email(4)]})
    assert caught.value.field == "action" and "erasure rules" in caught.value.message
    with loaded.engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM execution_jobs")) == 0
    execution.set_erasure_rules(loaded, SYSTEM, ORG, RULES)
    job = execution.execute(loaded, SYSTEM, ORG, "erasure", {"email": [shop.email(4)]})
    assert execution.job_view(loaded, SYSTEM, ORG, job)["status"] == "done"


def test_validate_reports_the_live_systems_problems(
    connected: Runtime, target: tuple[str, sa.Engine]
) -> None:
    with target[1].begin() as conn:
        conn.execute(sa.text("DROP INDEX ix_newsletter_email"))
    problems = execution.validate_system(connected, SYSTEM, ORG, "shop")
    assert [(p.code, p.place) for p in problems] == [
        ("lookup-not-indexed", "shop_pg_dataset.newsletter.email")
    ]


def test_a_lost_queue_message_loses_nothing(
    loaded: Runtime, target: tuple[str, sa.Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The queue is only a doorbell: with its messages gone, the reconciler rings again."""
    monkeypatch.delenv("TVARKA_QUEUE_IMMEDIATE", raising=False)
    execution.add_system(
        loaded,
        SYSTEM,
        ORG,
        "shop",
        "sql",
        url=target[0],
        datasets_yaml=shop.DATASET_YML.read_text(),
    )
    execution.set_erasure_rules(loaded, SYSTEM, ORG, RULES)
    job = execution.execute(loaded, SYSTEM, ORG, "erasure", {"email": [shop.email(11)]})
    assert execution.job_view(loaded, SYSTEM, ORG, job)["tasks"][0]["status"] == "pending"
    loaded.queue.huey.flush()  # the message is gone (Redis crashed, queue file deleted…)
    monkeypatch.setenv("TVARKA_QUEUE_IMMEDIATE", "1")
    restarted = Runtime(loaded.config)  # a new process: its queue runs tasks in place
    assert execution.reconcile(restarted) == 1
    view = execution.job_view(restarted, SYSTEM, ORG, job)
    assert view["status"] == "done" and view["tasks"][0]["attempts"] == 1
    assert shop.snapshot(target[1])["customer"][11]["email"] is None
    restarted.engine.dispose()


def test_rows_under_a_legal_hold_are_left_alone_and_reported(
    connected: Runtime, target: tuple[str, sa.Engine]
) -> None:
    subject = shop.subject_rows(target[1], 12)
    held = min(subject["login_events"])
    before = shop.snapshot(target[1])
    job = execution.execute(
        connected,
        SYSTEM,
        ORG,
        "erasure",
        {"email": [shop.email(12)]},
        {
            "held_rows": [
                {
                    "system": "shop",
                    "collection": "shop_pg_dataset.login_events",
                    "key": [held],
                    "note": "fraud case 2026-41",
                }
            ]
        },
    )
    after = shop.snapshot(target[1])
    assert after["login_events"][held] == before["login_events"][held]
    assert all(after["login_events"][k]["ip"] is None for k in subject["login_events"] - {held})
    outcome = execution.job_view(connected, SYSTEM, ORG, job)["tasks"][0]["outcome"]
    left = [x for c in outcome["collections"] for x in c["left_alone"]]
    assert left == [{"key": [held], "reason": "legal_hold", "note": "fraud case 2026-41"}]
    with pytest.raises(Invalid) as caught:
        execution.execute(
            connected,
            SYSTEM,
            ORG,
            "erasure",
            {"email": [shop.email(13)]},
            {"held_rows": [{"system": "shop"}]},
        )
    assert caught.value.field == "held_rows[0]"
