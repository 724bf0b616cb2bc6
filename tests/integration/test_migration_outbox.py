"""Migration 0002_outbox goes up and down cleanly on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from tvarka.adapters.db import migrate
from tvarka.runtime import Runtime


def test_the_outbox_migration_downgrades_and_upgrades(runtime: Runtime) -> None:
    engine = runtime.engine
    assert migrate.current_revision(engine) == "0002_outbox"
    assert {"letters", "outbox"} <= set(inspect(engine).get_table_names())
    config = migrate._config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001_foundation")
    assert not {"letters", "outbox"} & set(inspect(engine).get_table_names())
    assert migrate.upgrade(engine) == "0002_outbox"
    assert {"letters", "outbox"} <= set(inspect(engine).get_table_names())
