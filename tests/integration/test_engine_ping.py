"""Tvarka's PostgreSQL pool checks a connection only after it rested, and replaces a dead one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

from tvarka.adapters.db import engine as engine_module
from tvarka.adapters.db.engine import make_engine

# SQLite has no server to lose, and its engine has no ping
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("database_url", ["postgres"], indirect=True),
]


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = make_engine(database_url)
    yield made
    made.dispose()


def _backend(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(text("SELECT pg_backend_pid()")))


def test_a_connection_killed_while_it_rested_is_replaced_on_checkout(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _backend(engine)
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        assert conn.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    admin.dispose()
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE", 0.0)  # it rested long enough
    assert _backend(engine) != first  # no error: the dead connection was swapped


def test_a_connection_back_from_work_a_moment_ago_is_not_pinged(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings: list[object] = []
    ping = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda c: pings.append(c) or ping(c))
    _backend(engine)  # a new connection has no rest on record: checked once
    for _ in range(5):
        _backend(engine)
    assert len(pings) == 1
