"""Schema migrations with Alembic, run from code (``tvarka migrate`` and on start).

Revisions are files ``NNNN_name.py`` whose revision id is the file's stem, forming one line
(each revises the one before). That lets start-up read the head from the folder and the
current revision from the version table without importing Alembic at all when there is
nothing to do: Alembic's import (mako, pygments) costs more than the rest of start-up.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS = Path(__file__).with_name("migrations")
VERSIONS = MIGRATIONS / "versions"


def _config() -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def head_revision() -> str:
    """The newest revision: the highest-numbered file in the versions folder."""
    return max(path.stem for path in VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> str:
    """Bring the schema to the newest revision; return that revision."""
    head = head_revision()
    if current_revision(engine) == head:
        return head
    from alembic import command

    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return head


def new_revision(engine: Engine, message: str) -> None:
    """For developers: autogenerate a revision from the difference to the tables."""
    from alembic import command

    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
