"""The process's runtime: configuration, the database engine, and a unit-of-work factory."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine

from tvarka.adapters.db.engine import make_engine
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.config import Config, load_config


@dataclass
class Runtime:
    config: Config

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.config.database_url)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine)


def from_environment() -> Runtime:
    return Runtime(load_config())
