"""A worker process killed in the middle of a request: nothing is lost, nothing repeated.

Two connected systems; the worker finishes the first, then is stuck writing to the second
(the test holds that database's write lock) and is killed with SIGKILL. The target rolls
back; the task's lease runs out; a new worker's reconciler rings it again and completes it.
The first system's task is not run again (attempts stay 1), the second ran twice (2), and
both databases end exactly erased. Runs on each queue: Huey's SQLite file beside an SQLite
Tvarka database, the queue table in Tvarka's PostgreSQL database (LISTEN/NOTIFY), and Redis
beside PostgreSQL when the test suite has one (TVARKA_TEST_REDIS_URL).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.integration.execution import shop
from tvarka.runtime import Runtime
from tvarka.services import execution
from tvarka.services.actor import SYSTEM

ORG = "delano"
RULES = {"user.contact": "null", "user.name": "null", "user.device.ip_address": "null"}


@pytest.fixture(params=["sqlite", "postgres", pytest.param("redis", marks=pytest.mark.redis)])
def queue_env(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.delenv("TVARKA_QUEUE_IMMEDIATE", raising=False)
    monkeypatch.delenv("TVARKA_REDIS_URL", raising=False)
    tvarka_db = request.getfixturevalue("database_url")
    if tvarka_db.startswith("sqlite") != (request.param == "sqlite"):
        pytest.skip("the SQLite queue goes with an SQLite Tvarka database, the others with PostgreSQL")
    if request.param in ("sqlite", "postgres"):
        return {}
    url = os.environ.get("TVARKA_TEST_REDIS_URL")
    if not url:
        if os.environ.get("TVARKA_STRICT_SERVICES") == "1":
            pytest.fail("required in CI: Redis (TVARKA_TEST_REDIS_URL)")
        pytest.skip("Redis not available: set TVARKA_TEST_REDIS_URL")
    import redis

    redis.Redis.from_url(url).flushdb()
    monkeypatch.setenv("TVARKA_REDIS_URL", url)
    return {"TVARKA_REDIS_URL": url}


def _worker(runtime: Runtime, extra: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        **extra,
        "TVARKA_DATABASE_URL": runtime.config.database_url,
        "TVARKA_DATA_DIR": str(runtime.config.data_dir),
        "TVARKA_SECRET_KEY": runtime.config.secret_key,
        "TVARKA_TASK_LEASE_SECONDS": "2",
        "TVARKA_RECONCILE_SECONDS": "0.5",
    }
    env.pop("TVARKA_QUEUE_IMMEDIATE", None)
    return subprocess.Popen(
        [sys.executable, "-c", "from tvarka.cli import main; main()", "worker", "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab"),
    )


def _wait(condition: Callable[[], bool], what: str, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting until {what}; worker said:\n{log.read_text()[-3000:]}")


@pytest.fixture
def targets(tmp_path: Path) -> Iterator[dict[str, tuple[str, sa.Engine]]]:
    out = {}
    for name in ("a-shop", "b-shop"):
        url = f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        engine = sa.create_engine(url)
        shop.build(engine, 10)
        out[name] = (url, engine)
    yield out
    for _, engine in out.values():
        engine.dispose()


def test_killed_worker_resumes_without_repeating_or_losing_work(
    loaded: Runtime,
    targets: dict[str, tuple[str, sa.Engine]],
    queue_env: dict[str, str],
    tmp_path: Path,
) -> None:
    log = tmp_path / "worker.log"
    for name, (url, _) in targets.items():
        execution.add_system(
            loaded, SYSTEM, ORG, name, "sql", url=url, datasets_yaml=shop.DATASET_YML.read_text()
        )
    execution.set_erasure_rules(loaded, SYSTEM, ORG, RULES)
    before = {name: shop.snapshot(engine) for name, (_, engine) in targets.items()}
    subject = {name: shop.subject_rows(engine, 3) for name, (_, engine) in targets.items()}

    # hold b-shop's write lock: the worker reads it, then waits on its first UPDATE
    blocker = sqlite3.connect(targets["b-shop"][0].removeprefix("sqlite:///"))
    blocker.execute("BEGIN IMMEDIATE")

    def tasks() -> dict[str, dict[str, Any]]:
        view = execution.job_view(loaded, SYSTEM, ORG, job)
        return {t["system"]: t for t in view["tasks"]}

    job = execution.execute(loaded, SYSTEM, ORG, "erasure", {"email": [shop.email(3)]})
    first = _worker(loaded, queue_env, log)
    try:
        _wait(lambda: tasks()["a-shop"]["status"] == "done", "a-shop is done", log)
        _wait(lambda: tasks()["b-shop"]["status"] == "running", "b-shop is running", log)
        time.sleep(0.5)  # in the middle of b-shop's request, blocked on its first write
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    assert tasks()["b-shop"]["status"] == "running"  # the dead worker never recorded anything
    blocker.rollback()
    blocker.close()
    assert shop.snapshot(targets["b-shop"][1]) == before["b-shop"]  # nothing half-erased

    second = _worker(loaded, queue_env, log)
    try:
        _wait(
            lambda: execution.job_view(loaded, SYSTEM, ORG, job)["status"] == "done",
            "the job is done",
            log,
        )
    finally:
        second.terminate()
        second.wait(10)
    final = tasks()
    assert (final["a-shop"]["attempts"], final["b-shop"]["attempts"]) == (1, 2)
    for name, (_, engine) in targets.items():
        after = shop.snapshot(engine)
        for table, keys in subject[name].items():
            for pk, row in before[name][table].items():
                if pk in keys and table == "customer":
                    assert after[table][pk]["email"] is None and after[table][pk]["name"] is None
                elif pk in keys and table == "login_events":
                    assert after[table][pk]["ip"] is None
                elif pk not in keys:
                    assert after[table][pk] == row, (name, table, pk)
