"""The `tvarka` command from a shell, as an operator's script runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests import people
from tvarka.adapters.profile_files import BUNDLED

TVARKA = [sys.executable, "-m", "tvarka.cli"]


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return os.environ | {
        "TVARKA_DATABASE_URL": database_url,
        "TVARKA_DATA_DIR": str(tmp_path / "data"),
        "TVARKA_SECRET_KEY": "test",
    }


def run(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*TVARKA, *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=60, check=False)


def test_operator_workflow_end_to_end(env: dict[str, str]) -> None:
    assert run(env, "migrate", "--json").returncode == 0
    loaded = json.loads(run(env, "org", "load", "--json").stdout)
    assert sorted(r["key"] for r in loaded) == [
        "delano", "it-sales", "kitoks-miestas", "tiens", "vivasend"]
    listed = json.loads(run(env, "org", "list", "--json").stdout)
    assert [o["key"] for o in listed] == ["delano", "it-sales", "kitoks-miestas", "tiens",
                                          "vivasend"]
    address, secret = people.email("dpo"), people.password()
    added = run(env, "user", "add", address, "--org", "delano", "--role", "owner",
                "--password-stdin", "--json", stdin=secret + "\n")
    assert added.returncode == 0, added.stderr
    token = json.loads(run(env, "token", "create", address, "--json").stdout)["token"]
    assert token.startswith("tvk_") and secret not in token
    verified = json.loads(run(env, "audit", "verify", "--json").stdout)
    assert all(chain["ok"] for chain in verified)
    assert {c["chain"] for c in verified} >= {"delano", "platform"}


def test_errors_are_one_line_and_non_zero(env: dict[str, str]) -> None:
    run(env, "migrate")
    run(env, "org", "load")
    cases = [
        (["user", "add", "bad-address", "--org", "delano", "--role", "owner",
          "--password-stdin"], "email"),
        (["user", "add", "x@example.com", "--org", "delano", "--role", "boss",
          "--password-stdin"], "unknown role"),
        (["user", "add", "x@example.com", "--org", "nope", "--role", "owner",
          "--password-stdin"], "no organisation"),
        (["token", "create", "nobody@example.com"], "no user"),
        (["org", "load", "/no/such/profile.yaml"], "no such file"),
    ]
    for args, expected in cases:
        result = run(env, *args, stdin="Long-enough-pass-1\n")
        assert result.returncode != 0, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], (args, result.stderr)


def test_a_bad_profile_is_refused_and_nothing_is_loaded(
    env: dict[str, str], tmp_path: Path
) -> None:
    run(env, "migrate")
    folder = tmp_path / "profiles"
    folder.mkdir()
    good = yaml.safe_load((BUNDLED / "delano.yaml").read_text(encoding="utf-8"))
    (folder / "delano.yaml").write_text(yaml.safe_dump(good, allow_unicode=True))
    bad = (BUNDLED / "tiens.yaml").read_text(encoding="utf-8").replace("111733040", "111733041")
    (folder / "tiens.yaml").write_text(bad, encoding="utf-8")
    result = run(env, "org", "load", str(folder))
    assert result.returncode == 1
    line = next(i for i, text in enumerate(bad.splitlines(), 1) if "111733041" in text)
    assert f"tiens.yaml:{line}: company_code.value" in result.stderr
    assert json.loads(run(env, "org", "list", "--json").stdout) == []


def test_audit_verify_exits_non_zero_on_a_broken_chain(
    env: dict[str, str], database_url: str
) -> None:
    from sqlalchemy import create_engine, text

    run(env, "migrate")
    run(env, "org", "load")
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET actor = 'forged' WHERE chain = 'tiens'"))
    engine.dispose()
    result = run(env, "audit", "verify", "--org", "tiens")
    assert result.returncode == 1 and "BROKEN at event 1" in result.stdout
    assert run(env, "audit", "verify", "--org", "delano").returncode == 0
