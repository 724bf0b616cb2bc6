"""Isolation: a user of one organisation can neither see nor change anything of another.

Walks every route of the API with another organisation's identifiers and expects 404, so
existence does not leak. A new route with a path parameter this walker does not know fails
the test until an identifier factory is added below.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from tests.e2e.conftest import Account

# path parameter -> a function giving an identifier that belongs to the *other* organisation
OTHER_ORG_IDS: dict[str, Callable[[Account], str]] = {
    "key": lambda other: other.org,
}


def test_every_route_answers_404_for_another_organisations_identifiers(
    client: TestClient, delano_owner: Account, tiens_owner: Account
) -> None:
    walked = 0
    for route in client.app.routes:
        if not isinstance(route, APIRoute) or not route.param_convertors:
            continue
        unknown = set(route.param_convertors) - set(OTHER_ORG_IDS)
        assert not unknown, f"{route.path}: add an identifier factory for {unknown}"
        path = route.path.format(**{p: OTHER_ORG_IDS[p](tiens_owner) for p in route.param_convertors})
        for method in route.methods - {"HEAD", "OPTIONS"}:
            response = client.request(method, path, headers=delano_owner.headers, json={})
            assert response.status_code == 404, f"{method} {path} -> {response.status_code}"
            assert "tiens" not in response.text.lower() or "no organisation" in response.text
            walked += 1
    assert walked >= 3


def test_an_unknown_organisation_looks_the_same_as_a_foreign_one(
    client: TestClient, delano_owner: Account
) -> None:
    foreign = client.get("/api/v1/organisations/tiens", headers=delano_owner.headers)
    missing = client.get("/api/v1/organisations/no-such-org", headers=delano_owner.headers)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["title"] == missing.json()["title"]


def test_the_profile_page_of_another_organisation_is_not_found(
    client: TestClient, delano_owner: Account
) -> None:
    client.post("/login", data={"email": delano_owner.email, "password": delano_owner.password})
    assert client.get("/org/delano").status_code == 200
    assert client.get("/org/tiens").status_code == 404
