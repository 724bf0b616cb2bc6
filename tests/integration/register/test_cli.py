from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tvarka.cli import app
from tvarka.runtime import Runtime

runner = CliRunner()


@pytest.fixture
def env(loaded: Runtime, monkeypatch: pytest.MonkeyPatch) -> Runtime:
    """The commands read the database the environment names, like the server does."""
    monkeypatch.setenv("TVARKA_DATABASE_URL", loaded.config.database_url)
    monkeypatch.setenv("TVARKA_DATA_DIR", str(loaded.config.data_dir))
    monkeypatch.setenv("TVARKA_SECRET_KEY", loaded.config.secret_key)
    return loaded


def test_ropa_export_writes_the_file(env: Runtime, tmp_path: Path) -> None:
    out = tmp_path / "delano.xlsx"
    args = [
        "ropa",
        "export",
        "--org",
        "delano",
        "--format",
        "xlsx",
        "--lang",
        "en",
        "--out",
        str(out),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert load_workbook(out)["Art. 30(1)"]["C1"].value == "Purpose of processing"


def test_ropa_export_pdf(env: Runtime, tmp_path: Path) -> None:
    out = tmp_path / "vivasend.pdf"
    args = ["ropa", "export", "--org", "vivasend", "--format", "pdf", "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_ropa_export_refuses_an_unknown_organisation(env: Runtime, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    args = ["ropa", "export", "--org", "nope", "--format", "csv", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "nope" in result.output
    assert not out.exists()


def test_ropa_export_refuses_an_unknown_language(env: Runtime, tmp_path: Path) -> None:
    args = [
        "ropa",
        "export",
        "--org",
        "tiens",
        "--format",
        "csv",
        "--lang",
        "de",
        "--out",
        str(tmp_path / "x"),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "--lang" in result.output


def test_findings_json(env: Runtime) -> None:
    result = runner.invoke(app, ["findings", "--org", "tiens", "--json", "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    codes = {f["code"] for f in json.loads(result.output)}
    assert {
        "TRANSFER-PRIVACY-SHIELD",
        "TRANSFER-CONSENT-CONDITION",
        "DM-OBJECTION-REASONS",
    } <= codes


def test_findings_before_schrems_ii_has_no_privacy_shield_finding(env: Runtime) -> None:
    result = runner.invoke(app, ["findings", "--org", "tiens", "--json", "--as-of", "2020-01-01"])
    assert "TRANSFER-PRIVACY-SHIELD" not in {f["code"] for f in json.loads(result.output)}


def test_findings_table_and_bad_date(env: Runtime) -> None:
    table = runner.invoke(app, ["findings", "--org", "delano"])
    assert table.exit_code == 0 and "FEE-ONCE-PER-YEAR" in table.output
    result = runner.invoke(app, ["findings", "--org", "tiens", "--as-of", "yesterday"])
    assert result.exit_code == 2
    assert "--as-of" in result.output
