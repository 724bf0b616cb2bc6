"""The process's runtime: configuration, the database engine, and a unit-of-work factory."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from tvarka.adapters.crypto import DataKey
from tvarka.adapters.db.engine import make_engine
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.config import Config, load_config

if TYPE_CHECKING:
    from tvarka.adapters.queue import Queue
    from tvarka.services.group_commit import GroupCommit


@dataclass
class Runtime:
    config: Config

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.config.database_url)

    @cached_property
    def autocommit_engine(self) -> Engine:
        """For a statement that stands alone: on PostgreSQL without BEGIN and COMMIT (two
        round trips less); SQLite keeps its transaction (BEGIN IMMEDIATE takes the lock)."""
        if self.engine.dialect.name == "sqlite":
            return self.engine
        return self.engine.execution_options(isolation_level="AUTOCOMMIT")

    @cached_property
    def data_key(self) -> DataKey:
        """The key for personal data at rest; kept outside the database."""
        return DataKey.load(self.config.data_dir)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine)

    @cached_property
    def group_commit(self) -> GroupCommit:
        """Units of work started at the same moment, committed in one transaction."""
        from tvarka.services.group_commit import GroupCommit

        return GroupCommit(self.uow)

    @cached_property
    def queue(self) -> Queue:
        """The task queue; its tasks run the execution service with this runtime."""
        from tvarka.adapters.queue import make_queue
        from tvarka.services import execution

        return make_queue(
            self.config.database_url,
            self.config.data_dir,
            lambda task_id: execution.run_task(self, task_id),
        )


def from_environment() -> Runtime:
    return Runtime(load_config())
