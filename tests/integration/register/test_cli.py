from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from tvarka.cli import app

runner = CliRunner()


def test_ropa_export_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "delano.xlsx"
    result = runner.invoke(
        app,
        [
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
        ],
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book["Art. 30(1)"]["C1"].value == "Purpose of processing"


def test_ropa_export_refuses_an_unknown_organisation(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    result = runner.invoke(
        app, ["ropa", "export", "--org", "nope", "--format", "csv", "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "nope" in result.output
    assert not out.exists()


def test_ropa_export_refuses_an_unknown_language(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
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
        ],
    )
    assert result.exit_code == 2
    assert "--lang" in result.output


def test_findings_json() -> None:
    result = runner.invoke(app, ["findings", "--org", "tiens", "--json", "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    codes = {f["code"] for f in json.loads(result.output)}
    assert {
        "TRANSFER-PRIVACY-SHIELD",
        "TRANSFER-CONSENT-CONDITION",
        "DM-OBJECTION-REASONS",
    } <= codes


def test_findings_before_schrems_ii_has_no_privacy_shield_finding() -> None:
    result = runner.invoke(app, ["findings", "--org", "tiens", "--json", "--as-of", "2020-01-01"])
    assert "TRANSFER-PRIVACY-SHIELD" not in {f["code"] for f in json.loads(result.output)}


def test_findings_bad_date() -> None:
    result = runner.invoke(app, ["findings", "--org", "tiens", "--as-of", "yesterday"])
    assert result.exit_code == 2
    assert "--as-of" in result.output
