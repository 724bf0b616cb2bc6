"""Isolation: a user of one organisation can neither see nor change anything of another.

Walks every route of the API (from its OpenAPI description) with another organisation's identifiers and expects 404, so
existence does not leak. A new route with a path parameter this walker does not know fails
the test until an identifier factory is added below.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.e2e.conftest import Account
from tests.letter_contexts import SENDER
from tvarka.adapters.register_files import load_bundled
from tvarka.domain.letters import LetterKind
from tvarka.domain.settings import Language
from tvarka.services.actor import operator
from tvarka.services.letters import issue as letters
from tvarka.services.letters.issue import Channel
from tvarka.services.letters.samples import sample_context

# path parameter -> a function giving an identifier that belongs to the *other* organisation
OTHER_ORG_IDS: dict[str, Callable[[Account], str]] = {
    "key": lambda other: other.org,
    # the organisation in the path is the other one, so its requests are out of reach; that a
    # real request of the other organisation is 404 under one's own key is tested in
    # test_requests_api.py
    "request_id": lambda other: "r-0000000000000001",
    "task_id": lambda other: "1",
    "clock": lambda other: "dsr.response",  # clock names are shared; the key makes it foreign
    "activity": lambda other: load_bundled(other.org).activities[0].key,
    "letter_id": lambda other: str(issue_sample_letter(other)),
    "system": lambda other: "shop",
    "job": lambda other: "0" * 32,
    "token": lambda other: "not-a-download-link",
}


def issue_sample_letter(account: Account) -> int:
    """A letter of the account's organisation, issued through the service."""
    assert account.runtime is not None
    kind = LetterKind.acknowledgement
    ctx = sample_context(kind, Language.lt, SENDER, seed=3)
    return letters.issue_letter(account.runtime.uow(), account.runtime, operator(),
                                account.org, kind, Language.lt, ctx, Channel.portal).id


def test_every_route_answers_404_for_another_organisations_identifiers(
    client: TestClient, delano_owner: Account, tiens_owner: Account
) -> None:
    walked = 0
    for template, operations in client.get("/openapi.json").json()["paths"].items():
        params = set(re.findall(r"{(\w+)}", template))
        if not params:
            continue
        unknown = params - set(OTHER_ORG_IDS)
        assert not unknown, f"{template}: add an identifier factory for {unknown}"
        path = template.format(**{p: OTHER_ORG_IDS[p](tiens_owner) for p in params})
        for method in operations:
            response = client.request(method, path, headers=delano_owner.headers, json={})
            assert response.status_code == 404, f"{method} {path} -> {response.status_code}"
            walked += 1
    assert walked >= 4


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
    client.post("/password", data={"current_password": delano_owner.password,
                                   "new_password": delano_owner.password + "-new"})
    own = client.get("/org/delano", follow_redirects=False)
    assert own.status_code == 200 and "125542554" in own.text
    assert client.get("/org/tiens", follow_redirects=False).status_code == 404
