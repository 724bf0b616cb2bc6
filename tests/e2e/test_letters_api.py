"""Letters over HTTP and from the shell: the PDF endpoint, the list, previews and the outbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.e2e.conftest import Account
from tests.e2e.test_isolation import issue_sample_letter
from tests.mailserver import LocalSmtp
from tvarka.runtime import Runtime

TVARKA = [sys.executable, "-m", "tvarka.cli"]


def test_the_pdf_of_a_letter_is_served_to_its_organisation(
    client: TestClient, delano_owner: Account, tiens_owner: Account
) -> None:
    letter_id = issue_sample_letter(delano_owner)
    response = client.get(f"/api/v1/organisations/delano/letters/{letter_id}.pdf",
                          headers=delano_owner.headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    assert response.content.startswith(b"%PDF")
    listed = client.get("/api/v1/organisations/delano/letters",
                        headers=delano_owner.headers).json()
    assert [(item["id"], item["kind"], item["status"]) for item in listed] == [
        (letter_id, "acknowledgement", "available")]
    foreign = client.get(f"/api/v1/organisations/tiens/letters/{letter_id}.pdf",
                         headers=tiens_owner.headers)
    assert foreign.status_code == 404
    assert foreign.headers["content-type"] == "application/problem+json"
    bad = client.get("/api/v1/organisations/delano/letters/0.pdf", headers=delano_owner.headers)
    assert bad.status_code == 422 and bad.json()["field"] == "letter_id"


@pytest.fixture
def env(loaded: Runtime, tmp_path: Path) -> dict[str, str]:
    return os.environ | {
        "TVARKA_DATABASE_URL": loaded.config.database_url,
        "TVARKA_DATA_DIR": str(loaded.config.data_dir),
        "TVARKA_SECRET_KEY": "test",
    }


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*TVARKA, *args], env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_a_dpo_previews_a_letter_from_the_shell(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "refusal.pdf"
    done = run(env, "letter", "preview", "--org", "kitoks-miestas", "--kind", "refusal",
               "--lang", "lt", "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = " ".join(p.extract_text() or "" for p in PdfReader(out).pages)
    assert "Kitoks miestas" in text and "Apskundimo tvarka" in text
    wrong = run(env, "letter", "preview", "--org", "kitoks-miestas", "--kind", "memo",
                "--lang", "lt", "--out", str(out))
    assert wrong.returncode != 0 and "kind" in wrong.stderr.lower()
    missing = run(env, "letter", "preview", "--org", "no-such", "--kind", "answer",
                  "--lang", "lt", "--out", str(out))
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1


@pytest.mark.parametrize(("kind", "lang", "words"), [
    ("recipient_notice", "lt", ("BDAR 19 straipsniu", "Ištaisyti duomenys")),
    ("clarification", "en", ("Please clarify your request", "paragraph 159")),
])
def test_the_new_kinds_preview_from_the_shell(env: dict[str, str], tmp_path: Path, kind: str,
                                              lang: str, words: tuple[str, str]) -> None:
    out = tmp_path / f"{kind}.pdf"
    done = run(env, "letter", "preview", "--org", "tiens", "--kind", kind, "--lang", lang,
               "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = " ".join((p.extract_text() or "").replace("\n", " ") for p in PdfReader(out).pages)
    assert all(word in text for word in words), text


def test_the_outbox_from_the_shell(env: dict[str, str], loaded: Runtime,
                                   delano_owner: Account) -> None:
    from tests.letter_contexts import context, to
    from tvarka.domain.letters import LetterKind
    from tvarka.domain.settings import Language
    from tvarka.services.actor import operator
    from tvarka.services.letters import issue as letters
    from tvarka.services.letters.issue import Channel

    ctx = to(context(LetterKind.answer), email="egle.menamaite@example.lt")
    letters.issue_letter(loaded.uow(), loaded, operator(), "delano", LetterKind.answer,
                         Language.lt, ctx, Channel.email)
    unconfigured = run(env, "mail", "send-pending", "--json")
    assert unconfigured.returncode == 1
    assert json.loads(unconfigured.stdout)["pending"] == 1
    listed = run(env, "mail", "list", "--org", "delano", "--json")
    assert listed.returncode == 0 and "egle.menamaite" not in listed.stdout
    assert json.loads(listed.stdout)[0]["recipient"] == "e***@example.lt"
    server = LocalSmtp()
    server.start()
    try:
        sent = run(env | {"TVARKA_SMTP_URL": server.url}, "mail", "send-pending", "--json")
    finally:
        server.stop()
    assert sent.returncode == 0, sent.stderr
    assert len(json.loads(sent.stdout)["sent"]) == 1 and len(server.received) == 1
    assert json.loads(run(env, "mail", "list", "--org", "delano", "--json").stdout)[0][
        "status"] == "sent"
