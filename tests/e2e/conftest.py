"""HTTP-level fixtures: an app on a loaded database, users of two organisations, clients."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from tests import people
from tvarka.app import create_app
from tvarka.runtime import Runtime
from tvarka.services.actor import operator
from tvarka.services.auth import users


@dataclass
class Account:
    email: str
    password: str
    token: str
    org: str
    role: str
    runtime: Runtime | None = None  # to create objects of this organisation in tests

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def make_account(rt: Runtime, org: str, role: str = "owner") -> Account:
    address, secret = people.email(role), people.password()
    users.add_user(rt.uow(), operator(), email=address, password=secret, org_key=org, role=role)
    return Account(address, secret, users.create_token(rt.uow(), operator(), address), org, role,
                   rt)


@pytest.fixture
def client(loaded: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(loaded)) as test_client:
        yield test_client


@pytest.fixture
def delano_owner(loaded: Runtime) -> Account:
    return make_account(loaded, "delano", "owner")


@pytest.fixture
def tiens_owner(loaded: Runtime) -> Account:
    return make_account(loaded, "tiens", "owner")
