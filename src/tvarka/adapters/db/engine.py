"""Engines for SQLite (embedded default) and PostgreSQL, configured the same way everywhere."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

PING_AFTER_IDLE = 1.0  # seconds a pooled connection may rest before it is checked on checkout
POOL_SIZE = 20  # connections kept open: 20 requests at once reuse them instead of reconnecting


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # psycopg prepares a statement on the server from its first repeat (by default from
        # its fifth on each connection): the job path's statements repeat on every request
        engine = create_engine(
            url, pool_size=POOL_SIZE, max_overflow=10, connect_args={"prepare_threshold": 1}
        )
        _ping_when_idle(engine)
        return engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})
    _configure_sqlite(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection on checkout only if it rested more than ``PING_AFTER_IDLE``.

    A server restart or an idle timeout drops connections while they rest in the pool; one
    that came back a moment ago is alive. SQLAlchemy's ``pool_pre_ping`` pings on every
    checkout: a round trip per transaction, three per request on the job path. A connection
    found dead is replaced, as with ``pool_pre_ping``: the pool retries the checkout.
    """
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _rested_from(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_rested(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("checked_in", 0.0) <= PING_AFTER_IDLE:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError(str(error)) from error


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, and BEGIN IMMEDIATE.

    Every transaction takes the write lock up front: a read-then-write transaction that
    started deferred would fail with SQLITE_BUSY when another writer committed in between,
    which would break the audit chain's read-head-then-append under concurrent requests.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
