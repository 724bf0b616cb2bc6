"""Deadlines over REST and the CLI, on the five loaded organisations, bad input included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.e2e.conftest import Account
from tvarka.cli import app as cli_app
from tvarka.runtime import Runtime

PROBLEM = "application/problem+json"


def test_delano_response_is_the_earlier_of_30_days_and_a_month(
    client: TestClient, delano_owner: Account
) -> None:
    response = client.get(
        "/api/v1/organisations/delano/deadlines/dsr.response",
        params={"start": "2026-07-01"},
        headers=delano_owner.headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["due"], body["rolled_from"], body["citation"]) == (
        "2026-07-31",
        None,
        "003 D-POL 6.3",
    )
    assert [f["code"] for f in body["findings"]] == ["DSR-30-DAYS"]
    assert {v["due"] for v in body["variants"]} == {"2026-07-31", "2026-08-03"}


def test_an_instant_start_and_an_hour_clock(client: TestClient, delano_owner: Account) -> None:
    easter = client.get(
        "/api/v1/organisations/delano/deadlines/dsr.response",
        params={"start": "2026-03-04T22:30:00Z", "subject_type": "employee"},  # 5 March there
        headers=delano_owner.headers,
    ).json()
    assert (easter["due"], easter["rolled_from"], easter["citation"]) == (
        "2026-04-07",
        "2026-04-05",
        "003 D-EMP2 9.4; GDPR Art. 12(3)",
    )
    breach = client.get(
        "/api/v1/organisations/delano/deadlines/breach.authority",
        params={"start": "2026-10-23T14:20:00+03:00"},
        headers=delano_owner.headers,
    ).json()
    assert (breach["due"], breach["rolled_from"], breach["roll"]) == (
        "2026-10-26T11:20:00Z",
        None,
        "never",
    )


def test_art14_notice_ends_at_first_contact(client: TestClient, delano_owner: Account) -> None:
    url = "/api/v1/organisations/delano/deadlines/art14.notice"
    plain = client.get(url, params={"start": "2026-01-05"}, headers=delano_owner.headers).json()
    assert plain["due"] == "2026-02-05"
    contact = client.get(
        url,
        params={"start": "2026-01-05", "first_contact": "2026-01-20T08:00:00Z"},
        headers=delano_owner.headers,
    ).json()
    assert (contact["due"], contact["citation"]) == ("2026-01-20", "GDPR Art. 14(3)(b)")
    wrong = client.get(
        "/api/v1/organisations/delano/deadlines/dsr.response",
        params={"start": "2026-01-05", "first_contact": "2026-01-20"},
        headers=delano_owner.headers,
    )
    assert wrong.status_code == 422 and wrong.json()["field"] == "first_contact"


def test_clocks_list_lengths_and_citations(client: TestClient, delano_owner: Account) -> None:
    body = client.get("/api/v1/organisations/delano/clocks", headers=delano_owner.headers).json()
    by_name = {clock["name"]: clock for clock in body}
    assert len(by_name) == 17
    assert ("5 working days", "003 D-DSR 12.3") in {
        (rule["length"], rule["citation"]) for rule in by_name["dsr.invalid_notice"]["rules"]
    }
    assert by_name["breach.authority"]["legal_limit"] == "72 hours"


def test_another_organisation_is_404(client: TestClient, tiens_owner: Account) -> None:
    for path in (
        "/api/v1/organisations/delano/clocks",
        "/api/v1/organisations/delano/deadlines/dsr.response?start=2026-07-01",
    ):
        response = client.get(path, headers=tiens_owner.headers)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith(PROBLEM)


@pytest.mark.parametrize(
    ("path", "status", "field"),
    [
        ("/api/v1/organisations/delano/deadlines/dsr.respons?start=2026-07-01", 404, "clock"),
        ("/api/v1/organisations/delano/deadlines/dsr.response?start=2026-13-01", 422, "start"),
        (
            "/api/v1/organisations/delano/deadlines/dsr.response?start=2026-07-01T10:00",
            422,
            "start",
        ),
        ("/api/v1/organisations/delano/deadlines/dsr.response", 422, "start"),
        ("/api/v1/organisations/delano/deadlines/breach.authority?start=2026-07-01", 422, "start"),
        (
            "/api/v1/organisations/delano/deadlines/dsr.response?start=2026-07-01&subject_type=x",
            422,
            "subject_type",
        ),
        (
            (
                "/api/v1/organisations/delano/deadlines/breach.authority?start=2026-07-01T10:00:00Z"
                "&subject_type=employee"
            ),
            422,
            "subject_type",
        ),
        ("/api/v1/deadlines/add?start=2026-12-23&working_days=-5", 422, "working_days"),
        ("/api/v1/deadlines/add?start=2026-12-23", 422, "length"),
        ("/api/v1/deadlines/add?start=2026-12-23&months=1&hours=3", 422, "length"),
        ("/api/v1/deadlines/add?start=2026-12-23&hours=3", 422, "start"),
        ("/api/v1/deadlines/add?start=2101-01-01&months=1", 422, "months"),
        (
            "/api/v1/deadlines/add?start=2026-01-01&calendar_days=1000000000000",
            422,
            "calendar_days",
        ),
        ("/api/v1/deadlines/add?start=2026-01-01T00:00:00Z&hours=1000000000000", 422, "hours"),
        ("/api/v1/deadlines/add?start=2026-01-01&working_days=100000", 422, "working_days"),
        ("/api/v1/organisations/delano/deadlines/dsr.response?start=2100-12-20", 422, "start"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(
    client: TestClient, delano_owner: Account, path: str, status: int, field: str
) -> None:
    response = client.get(path, headers=delano_owner.headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["field"] == field


def test_add_over_rest(client: TestClient, delano_owner: Account) -> None:
    def add(**params: str) -> dict[str, object]:
        response = client.get("/api/v1/deadlines/add", params=params, headers=delano_owner.headers)
        assert response.status_code == 200, response.text
        return response.json()

    assert add(start="2026-12-23", working_days="5")["due"] == "2027-01-04"
    month = add(start="2026-01-31", months="1")
    assert (month["due"], month["rolled_from"]) == ("2026-03-02", "2026-02-28")
    assert add(start="2026-10-23T11:20:00Z", hours="72")["due"] == "2026-10-26T11:20:00Z"
    assert add(start="2026-03-28T10:00:00Z", paros="7")["due"] == "2026-04-04T10:00:00Z"
    assert add(start="2026-03-31T23:30:00Z", calendar_days="0")["due"] == "2026-04-01"


def test_add_needs_credentials(client: TestClient) -> None:
    response = client.get("/api/v1/deadlines/add?start=2026-12-23&working_days=5")
    assert response.status_code == 401


# -- CLI ----------------------------------------------------------------------------------------


@pytest.fixture
def cli(loaded: Runtime, tmp_path: Path) -> CliRunner:
    return CliRunner(
        env={
            "TVARKA_DATABASE_URL": loaded.config.database_url,
            "TVARKA_DATA_DIR": str(tmp_path / "cli-data"),
            "TVARKA_SECRET_KEY": "test-secret-key-not-for-production",
        }
    )


def test_cli_compute_json(cli: CliRunner) -> None:
    result = cli.invoke(
        cli_app,
        [
            "deadline",
            "compute",
            "--org",
            "delano",
            "--clock",
            "dsr.rectification",
            "--start",
            "2026-12-23",
            "--subject-type",
            "employee",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert (body["due"], body["rolled_from"], body["citation"]) == (
        "2026-12-30",
        None,
        "003 D-EMP2 9.6",
    )


def test_cli_art14_first_disclosure(cli: CliRunner) -> None:
    result = cli.invoke(
        cli_app,
        [
            "deadline",
            "compute",
            "--org",
            "kitoks-miestas",
            "--clock",
            "art14.notice",
            "--start",
            "2026-01-05",
            "--first-disclosure",
            "2026-01-09T22:30:00Z",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert (body["due"], body["citation"]) == ("2026-01-10", "GDPR Art. 14(3)(c)")


def test_cli_add_and_clocks(cli: CliRunner) -> None:
    added = cli.invoke(
        cli_app, ["deadline", "add", "--start", "2026-10-30", "--working-days", "5", "--json"]
    )
    assert added.exit_code == 0 and json.loads(added.stdout)["due"] == "2026-11-09"
    listed = cli.invoke(cli_app, ["deadline", "clocks", "--org", "vivasend", "--json"])
    assert listed.exit_code == 0
    rules = {c["name"]: c["rules"] for c in json.loads(listed.stdout)}
    assert rules["processor.end_deletion"][0]["length"] == "next business day"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["compute", "--org", "nope", "--clock", "dsr.response", "--start", "2026-07-01"],
            "no organisation 'nope'",
        ),
        (
            ["compute", "--org", "delano", "--clock", "dsr.respons", "--start", "2026-07-01"],
            "unknown clock 'dsr.respons'",
        ),
        (
            ["compute", "--org", "delano", "--clock", "dsr.response", "--start", "31/03/2026"],
            "start: not an ISO date",
        ),
        (
            ["add", "--start", "2026-07-01", "--calendar-days", "-3"],
            "calendar_days: a length cannot be negative",
        ),
        (["add", "--start", "2026-07-01"], "length: give exactly one length"),
        (
            [
                "compute",
                "--org",
                "delano",
                "--clock",
                "art14.notice",
                "--start",
                "2026-01-05",
                "--first-contact",
                "soon",
            ],
            "first_contact: not an ISO date",
        ),
    ],
)
def test_cli_bad_input_is_one_line_and_non_zero(
    cli: CliRunner, args: list[str], message: str
) -> None:
    result = cli.invoke(cli_app, ["deadline", *args])
    assert result.exit_code == 1
    assert result.stderr.startswith("tvarka: error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
