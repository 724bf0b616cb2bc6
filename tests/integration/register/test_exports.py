"""The Art. 30 exports say the same thing in every format: headings per language, every activity, citations."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tvarka.adapters.exports import ExportFormat, RecordKind, export_register
from tvarka.adapters.exports.labels import CONTROLLER_COLUMNS, PROCESSOR_COLUMNS
from tvarka.adapters.register_files import BUNDLED, load_bundled
from tvarka.domain.profile import Role

DAY = date(2026, 11, 23)
LT_TITLE = "Duomenų valdytojo tvarkymo veiklos įrašai (BDAR 30 str. 1 d.)"
EN_TITLE = "Record of processing activities of the controller (GDPR Art. 30(1))"


def headings(columns: tuple[tuple[str, str, str], ...], lang: str) -> list[str]:
    return [lt if lang == "lt" else en for _, lt, en in columns]


@pytest.mark.parametrize("org", BUNDLED)
@pytest.mark.parametrize("lang", ["lt", "en"])
def test_csv_has_headings_every_activity_and_citations(org: str, lang: str) -> None:
    register = load_bundled(org)
    data = export_register(register, ExportFormat.csv, lang, generated=DAY).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[0] == [LT_TITLE if lang == "lt" else EN_TITLE]
    assert rows[1] == headings(CONTROLLER_COLUMNS, lang)
    keys = {row[1] for row in rows[2:] if len(row) > 2}
    assert {a.key for a in register.activities} <= keys
    cells = "\n".join(cell for row in rows for cell in row)
    for activity in register.activities:
        assert f"[{activity.purpose.citation}]" in cells


def test_csv_for_a_processor_has_both_records() -> None:
    data = export_register(load_bundled("vivasend"), ExportFormat.csv, "lt", generated=DAY).decode(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(data)))
    assert ["Duomenų tvarkytojo tvarkymo veiklos įrašai (BDAR 30 str. 2 d.)"] in rows
    assert headings(PROCESSOR_COLUMNS, "lt") in rows
    assert "kitą darbo dieną" in data  # the next-business-day deletion, in Lithuanian


@pytest.mark.parametrize("lang", ["lt", "en"])
def test_xlsx_is_readable_and_complete(lang: str) -> None:
    register = load_bundled("vivasend")
    book = load_workbook(
        io.BytesIO(export_register(register, ExportFormat.xlsx, lang, generated=DAY))
    )
    assert book.sheetnames[1:] == ["Art. 30(1)", "Art. 30(2)"]
    for sheet, columns, role in (
        ("Art. 30(1)", CONTROLLER_COLUMNS, Role.controller),
        ("Art. 30(2)", PROCESSOR_COLUMNS, Role.processor),
    ):
        ws = book[sheet]
        assert [c.value for c in ws[1]] == headings(columns, lang)
        assert ws.freeze_panes == "C2"
        assert ws.column_dimensions["C"].width >= 30
        body = list(ws.iter_rows(min_row=2, values_only=True))
        assert [row[1] for row in body] == [a.key for a in register.by_role(role)]
        assert all(ws.cell(2, col).alignment.wrap_text for col in range(1, len(columns) + 1))
        assert all("[001 " in str(row[3]) for row in body)
    organisation = book[book.sheetnames[0]]
    assert organisation["B2"].value is None or "304530091" in "".join(
        str(c.value) for c in organisation["B"]
    )


def test_xlsx_lithuanian_letters_survive() -> None:
    book = load_workbook(
        io.BytesIO(export_register(load_bundled("delano"), ExportFormat.xlsx, "lt", generated=DAY))
    )
    text = " ".join(
        str(c) for row in book["Art. 30(1)"].iter_rows(values_only=True) for c in row if c
    )
    for letter in "ąčėįšųūž":  # every one the Delano texts use ("ę" appears in none of them)
        assert letter in text.lower(), letter
    assert "Asmens duomenų kategorijos" in text
    assert "trūksta: the employee data list" in text  # lost lists say so


def test_json_carries_headings_rows_and_dpv_iris() -> None:
    register = load_bundled("tiens")
    doc = json.loads(export_register(register, ExportFormat.json, "en", generated=DAY))
    record = doc["records"][0]
    assert record["kind"] == "controller"
    assert list(record["headings"].values()) == headings(CONTROLLER_COLUMNS, "en")
    assert len(record["rows"]) == len(register.activities)
    t3 = next(a for a in doc["activities"] if a["key"] == "t3-e-commerce")
    assert t3["legal_bases"][0]["dpv"] == "https://w3id.org/dpv#Contract"
    assert {t["mechanism"] for t in t3["transfers"]} == {"privacy_shield", "art49_derogation"}


def test_record_selection() -> None:
    register = load_bundled("vivasend")
    doc = json.loads(export_register(register, ExportFormat.json, "en", RecordKind.processor, DAY))
    assert [r["kind"] for r in doc["records"]] == ["processor"]
    assert len(doc["records"][0]["rows"]) == 4


@pytest.mark.parametrize("lang", ["lt", "en"])
def test_pdf_shows_every_activity_with_lithuanian_letters(lang: str) -> None:
    register = load_bundled("delano")
    reader = PdfReader(io.BytesIO(export_register(register, ExportFormat.pdf, lang, generated=DAY)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 5
    title = LT_TITLE if lang == "lt" else EN_TITLE
    assert title.replace(" ", "") in text.replace(" ", "").replace("\n", "")
    for activity in register.activities:
        assert activity.key in text
    if lang == "lt":
        for letter in "ąčėįšųūž":  # the font has the glyphs and the text layer keeps them
            assert letter in text.lower(), letter
    for word in ("Vilnius", "UAB", "[003 D-PN L14]"):
        assert word in text
    assert "šaltiniai" in text.lower() if lang == "lt" else "Sources" in text
    fonts = {
        str(f)
        for page in reader.pages
        for f in page.get("/Resources", {}).get("/Font", {}).values()
    }
    assert fonts
