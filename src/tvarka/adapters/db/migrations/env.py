"""Alembic environment: the URL comes from the caller, the metadata from our tables."""

from alembic import context

from tvarka.adapters.db import (
    execution_tables,  # noqa: F401  (registers its tables)
    request_tables,  # noqa: F401  (registers its tables)
)
from tvarka.adapters.db.tables import Base

config = context.config
connection = config.attributes.get("connection")


def run() -> None:
    if connection is None:
        raise RuntimeError("run migrations through tvarka.adapters.db.migrate")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
