"""A fresh shop database per test on SQLite, PostgreSQL and MariaDB, and its connected system.

Server URLs come from TVARKA_TEST_POSTGRES_URL / TVARKA_TEST_MYSQL_URL (a server where tests
may create databases); without one, those variants skip and say which variable to set.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.integration.execution import shop
from tvarka.adapters.targets.sql import SqlSystem
from tvarka.domain.execution.datamap import DataMap, parse_yaml
from tvarka.domain.execution.validation import load_datamap

N = 30


def _server(variable: str, what: str) -> str:
    url = os.environ.get(variable)
    if not url:
        reason = (
            f"{what} not available: set {variable} to a server where tests may create databases"
        )
        if os.environ.get("TVARKA_STRICT_SERVICES") == "1":
            pytest.fail(f"required in CI: {reason}")
        pytest.skip(reason)
    return url


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mysql", marks=pytest.mark.mysql),
    ]
)
def shop_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shop.sqlite3'}"
        return
    variable = (
        "TVARKA_TEST_POSTGRES_URL" if request.param == "postgres" else "TVARKA_TEST_MYSQL_URL"
    )
    server = sa.make_url(_server(variable, request.param))
    name = f"execution_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        force = " WITH (FORCE)" if request.param == "postgres" else ""
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}{force}"))
    admin.dispose()


@pytest.fixture
def shop_engine(shop_url: str) -> Iterator[sa.Engine]:
    engine = sa.create_engine(shop_url)
    shop.build(engine, N)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def shop_datamap() -> DataMap:
    datamap, _ = load_datamap(parse_yaml(shop.DATASET_YML.read_text()))
    return datamap


@pytest.fixture
def system(shop_engine: sa.Engine, shop_url: str, shop_datamap: DataMap) -> Iterator[SqlSystem]:
    target = SqlSystem("shop", shop_url, shop_datamap)
    yield target
    target.dispose()
