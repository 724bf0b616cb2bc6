"""Shared fixtures: a fresh Tvarka database on SQLite and on PostgreSQL for every test."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.services import service_url
from tvarka.adapters.db import migrate
from tvarka.adapters.db.engine import make_engine
from tvarka.adapters.profile_files import read_profiles
from tvarka.config import Config
from tvarka.runtime import Runtime
from tvarka.services.actor import SYSTEM
from tvarka.services.organisations import access as organisations

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file per test process, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "tvarka.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[tuple[str, str]]:
    """A migrated PostgreSQL database used as TEMPLATE for each test's own database."""
    server = service_url("TVARKA_TEST_POSTGRES_URL", "PostgreSQL")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"tvarka_tmpl_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    yield server, name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        target = tmp_path / "tvarka.sqlite3"
        shutil.copy(template, target)
        yield f"sqlite:///{target}"
        return
    server, template_name = request.getfixturevalue("postgres_template")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"tvarka_t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def runtime(database_url: str, tmp_path: Path) -> Iterator[Runtime]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    rt = Runtime(
        Config(
            database_url=database_url,
            data_dir=data_dir,
            secret_key="test-secret-key-not-for-production",
            max_body_bytes=64_000,
        )
    )
    yield rt
    rt.engine.dispose()


@pytest.fixture
def loaded(runtime: Runtime) -> Runtime:
    """A runtime with the five bundled organisations loaded."""
    organisations.load_profiles(runtime.uow(), read_profiles(), SYSTEM)
    return runtime
