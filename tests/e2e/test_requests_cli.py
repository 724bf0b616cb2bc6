"""``tvarka request`` from a shell: the issue's command line, steps, and bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests import people
from tests.e2e.test_cli import run


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    import os

    environment = os.environ | {
        "TVARKA_DATABASE_URL": database_url,
        "TVARKA_DATA_DIR": str(tmp_path / "data"),
        "TVARKA_SECRET_KEY": "test",
    }
    assert run(environment, "org", "load").returncode == 0
    return environment


def test_request_new_prints_the_request_with_its_due_date(env: dict[str, str]) -> None:
    address = people.email("subject")
    made = run(env, "request", "new", "--org", "delano", "--right", "rectification",
               "--channel", "registered_letter", "--received", "2026-11-23T10:00:00+02:00",
               "--subject-type", "candidate", "--email", address, "--name", "Ona Testaitė",
               "--text", "fix my surname", "--signed", "--json")
    assert made.returncode == 0, made.stderr
    request = json.loads(made.stdout)
    assert request["due"] == "2026-11-30"  # 5 working days (003 D-CAND 7.6)
    assert request["status"] == "awaiting_identity" and request["requester"]["email"] == address
    rid = request["id"]
    checked = run(env, "request", "verify-identity", "--org", "delano", rid, "--method",
                  "identity_document_in_person", "--document-type", "id_card", "--json")
    assert json.loads(checked.stdout)["status"] == "in_progress", checked.stderr
    decided = run(env, "request", "decide", "--org", "delano", rid, "--outcome", "granted",
                  "--evidence", "birth certificate shown", "--recipient", "Recruiter UAB",
                  "--json")
    shown = json.loads(decided.stdout)
    assert shown["status"] == "decided", decided.stderr
    (notice,) = [t for t in shown["tasks"] if t["kind"] == "recipient_notice"]
    assert notice["recipient"] == "Recruiter UAB"
    told = ("request", "send-letter", "--org", "delano", rid, "--task", str(notice["id"]),
            "--action", "surname corrected", "--data", "surname: Testaitė-Bandomoji", "--json")
    nowhere = run(env, *told)  # neither e-mail nor address of the recipient is known
    assert nowhere.returncode != 0 and nowhere.stderr.count("\n") == 1, nowhere.stderr
    assert "address" in nowhere.stderr
    posted = run(env, *told, "--recipient-address", "Gedimino pr. 1, LT-00000 Vilnius")
    assert posted.returncode == 0, posted.stderr
    assert next(t for t in json.loads(posted.stdout)["tasks"]
                if t["id"] == notice["id"])["status"] == "done"
    listed = json.loads(run(env, "request", "list", "--org", "delano", "--json").stdout)
    assert [r["id"] for r in listed] == [rid]
    access = json.loads(run(env, "request", "new", "--org", "delano", "--right", "access",
                            "--channel", "registered_letter", "--received", "2026-11-23",
                            "--subject-type", "candidate", "--json").stdout)
    assert access["recipients_period"] == {"from": "2025-11-23", "to": "2026-11-23",
                                           "citation": "003 D-CAND 7.4"}


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--right", "forgetting"], "right"), (["--channel", "pigeon"], "channel"),
     (["--received", "2099-01-01"], "future"), (["--subject-type", "alien"], "subject_type")],
)
def test_bad_input_is_one_line_and_creates_nothing(env: dict[str, str], args: list[str],
                                                   message: str) -> None:
    base = {"--right": "access", "--channel": "email", "--received": "2026-11-20"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [item for pair in base.items() for item in pair]
    result = run(env, "request", "new", "--org", "delano", *flat, "--json")
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    listed = run(env, "request", "list", "--org", "delano", "--json")
    assert json.loads(listed.stdout) == []


def test_send_letter_from_the_cli(env: dict[str, str]) -> None:
    made = json.loads(run(env, "request", "new", "--org", "delano", "--right", "access",
                          "--channel", "oral", "--subject-type", "candidate", "--received",
                          "2026-11-20", "--name", "Ona Testaitė", "--email",
                          people.email("cand"), "--json").stdout)
    assert made["status"] == "refused"
    (task,) = made["tasks"]
    sent = run(env, "request", "send-letter", "--org", "delano", made["id"], "--task",
               str(task["id"]), "--channel", "email", "--json")
    assert sent.returncode == 0, sent.stderr
    shown = json.loads(sent.stdout)
    assert shown["tasks"][0]["status"] == "done"
    assert shown["tasks"][0]["reference"].startswith("letter:")
    letters = json.loads(run(env, "letter", "list", "--org", "delano", "--request", made["id"],
                             "--json").stdout)
    assert [(item["kind"], item["language"]) for item in letters] == [("refusal", "lt")]


def test_clarify_from_the_cli(env: dict[str, str]) -> None:
    made = json.loads(run(env, "request", "new", "--org", "it-sales", "--right", "access",
                          "--channel", "email", "--received", "2026-11-20", "--name",
                          "Ona Testaitė", "--email", people.email("subject"), "--json").stdout)
    wrong = run(env, "request", "clarify", "--org", "it-sales", made["id"], "--topic", "mood",
                "--question", "why?", "--json")
    assert wrong.returncode != 0 and wrong.stderr.count("\n") == 1 and "topic" in wrong.stderr
    asked = run(env, "request", "clarify", "--org", "it-sales", made["id"], "--topic",
                "identity", "--question", "Which e-mail address did you register with?",
                "--json")
    assert asked.returncode == 0, asked.stderr
    request = json.loads(asked.stdout)
    assert request["paused"] is True
    assert [t["status"] for t in request["tasks"] if t["letter"] == "clarification"] == ["done"]

    scope = json.loads(run(env, "request", "new", "--org", "it-sales", "--right", "access",
                           "--channel", "email", "--received", "2026-11-20", "--name",
                           "Jonas Testaitis", "--email", people.email("other"), "--json").stdout)
    run(env, "request", "verify-identity", "--org", "it-sales", scope["id"], "--method",
        "one_time_code_known_address", "--json")
    run(env, "request", "clarify", "--org", "it-sales", scope["id"], "--topic", "scope",
        "--question", "Which shop do you mean?", "--json")
    replied = run(env, "request", "clarified", "--org", "it-sales", scope["id"], "--received",
                  dt.datetime.now(dt.UTC).isoformat(), "--text", "The Kaunas shop.", "--json")
    assert replied.returncode == 0, replied.stderr
    request = json.loads(replied.stdout)
    assert request["paused"] is False
    assert [r["text"] for r in request["clarification_replies"]] == ["The Kaunas shop."]


def test_identifiers_given_at_intake_are_how_connected_systems_find_the_person(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tvarka.runtime import from_environment
    from tvarka.services.actor import SYSTEM
    from tvarka.services.organisations import access as organisations
    from tvarka.services.requests.jobs import identities
    from tvarka.services.requests.store import load

    base = ("request", "new", "--org", "it-sales", "--right", "erasure", "--channel", "email",
            "--received", "2026-11-23", "--email", people.email("subject"), "--json")
    malformed = run(env, *base, "--identifier", "customer_id")
    assert malformed.returncode != 0 and "error: identifier: " in malformed.stderr
    assert json.loads(run(env, "request", "list", "--org", "it-sales", "--json").stdout) == []
    made = run(env, *base, "--identifier", "customer_id=1042", "--identifier", "card=77")
    assert made.returncode == 0, made.stderr
    for name in ("TVARKA_DATABASE_URL", "TVARKA_DATA_DIR", "TVARKA_SECRET_KEY"):
        monkeypatch.setenv(name, env[name])
    rt = from_environment()
    with rt.uow() as uow:
        org = organisations.get(uow, SYSTEM, "it-sales")
        found = identities(rt.data_key, load(uow, org, json.loads(made.stdout)["id"]))
    assert found["customer_id"] == ["1042"] and found["card"] == ["77"]
