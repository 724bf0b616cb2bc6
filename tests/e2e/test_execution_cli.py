"""``tvarka system …``, ``tvarka execute`` and ``tvarka job …`` from a shell."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.integration.execution import shop

TVARKA = [sys.executable, "-m", "tvarka.cli"]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The embedded SQLite database: the API and service tests cover PostgreSQL."""
    return os.environ | {
        "TVARKA_DATABASE_URL": f"sqlite:///{tmp_path / 'tvarka.sqlite3'}",
        "TVARKA_DATA_DIR": str(tmp_path / "data"),
        "TVARKA_SECRET_KEY": "test",
        "TVARKA_QUEUE_IMMEDIATE": "1",  # run the task in the command itself, no worker
    }


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*TVARKA, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_connect_validate_execute_and_follow(env: dict[str, str], tmp_path: Path) -> None:
    target = f"sqlite:///{tmp_path / 'shop.sqlite3'}"
    engine = sa.create_engine(target)
    shop.build(engine, 10)
    engine.dispose()
    rules = tmp_path / "rules.yml"
    rules.write_text("user.contact: null\nuser.name: {fixed: '(erased)'}\n")
    assert run(env, "migrate").returncode == 0
    assert run(env, "org", "load").returncode == 0
    added = run(
        env, "system", "add", "delano", "shop", "--url", target, "--datasets", str(shop.DATASET_YML)
    )
    assert added.returncode == 0, added.stderr
    assert "5 collections" in added.stdout
    assert run(env, "system", "rules", "delano", str(rules)).returncode == 0
    checked = run(env, "system", "validate", "delano", "shop", "--json")
    assert checked.returncode == 0 and json.loads(checked.stdout) == []
    started = run(
        env, "execute", "delano", "erasure", "--identity", f"email={shop.email(2)}", "--json"
    )
    assert started.returncode == 0, started.stderr
    job = json.loads(started.stdout)["job"]
    shown = json.loads(run(env, "job", "show", "delano", job).stdout)
    assert shown["status"] == "done"
    with sa.create_engine(target).connect() as conn:
        name, email = conn.execute(sa.text("SELECT name, email FROM customer WHERE id = 2")).one()
    assert (name, email) == ("(erased)", None)
    bad = run(env, "execute", "delano", "access", "--identity", "no-equals-sign")
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines() == [
        "tvarka: error: --identity 'no-equals-sign': write type=value, e.g. email=ona@example.lt"
    ]


def test_staff_keep_rows_under_a_legal_exception_when_deciding_an_erasure(
    env: dict[str, str], tmp_path: Path
) -> None:
    target = f"sqlite:///{tmp_path / 'shop.sqlite3'}"
    engine = sa.create_engine(target)
    shop.build(engine, 10)
    subject = shop.subject_rows(engine, 3)
    held = min(subject["login_events"])
    rules = tmp_path / "rules.yml"
    rules.write_text("user.contact: null\nuser.name: null\nuser.device.ip_address: null\n")
    for step in (("migrate",), ("org", "load"), ("system", "rules", "it-sales", str(rules)),
                 ("system", "add", "it-sales", "shop", "--url", target, "--datasets",
                  str(shop.DATASET_YML))):
        assert run(env, *step).returncode == 0, step
    made = run(env, "request", "new", "--org", "it-sales", "--right", "erasure", "--channel",
               "email", "--received", "2026-11-23", "--name", "Name 3", "--email",
               shop.email(3), "--json")
    request = json.loads(made.stdout)["id"]
    assert run(env, "request", "verify-identity", "--org", "it-sales", request, "--method",
               "one_time_code_known_address").returncode == 0
    decide = ("request", "decide", "--org", "it-sales", request, "--outcome", "granted")
    malformed = run(env, *decide, "--hold", "shop:login_events=no key")
    assert malformed.returncode != 0 and "held_rows[0]" in malformed.stderr
    decided = run(env, *decide, "--hold",
                  f"shop:shop_pg_dataset.login_events:{held}=fraud case 2026-41", "--json")
    assert decided.returncode == 0, decided.stderr
    assert json.loads(decided.stdout)["job"]["status"] == "done"
    after = shop.snapshot(engine)
    assert after["login_events"][held]["ip"] is not None  # kept, with its reason
    assert all(after["login_events"][k]["ip"] is None for k in subject["login_events"] - {held})
    engine.dispose()
