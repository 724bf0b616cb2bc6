"""Exports of the register for the authority and auditors: Art. 30(1) and 30(2), XLSX/CSV/JSON/PDF."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from tvarka.adapters.exports.labels import Lang
from tvarka.adapters.exports.record import RecordKind, build_header, build_table, kinds_with_rows
from tvarka.domain.register.model import Register


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    json = "json"
    pdf = "pdf"

    @property
    def media_type(self) -> str:
        return _MEDIA[self]


_MEDIA = {
    ExportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.csv: "text/csv; charset=utf-8",
    ExportFormat.json: "application/json",
    ExportFormat.pdf: "application/pdf",
}


def export_register(
    register: Register,
    fmt: ExportFormat,
    lang: Lang = "lt",
    record: RecordKind | None = None,
    generated: date | None = None,
) -> bytes:
    """The register as the records Art. 30 asks for; both records when ``record`` is None."""
    header = build_header(register, lang, generated or date.today())
    tables = [build_table(register, kind, lang) for kind in kinds_with_rows(register, record)]
    # renderers are imported when asked for: openpyxl and WeasyPrint stay off the start-up path
    if fmt is ExportFormat.xlsx:
        from tvarka.adapters.exports.xlsx import render_xlsx

        return render_xlsx(header, tables)
    if fmt is ExportFormat.csv:
        from tvarka.adapters.exports.flat import render_csv

        return render_csv(tables)
    if fmt is ExportFormat.json:
        from tvarka.adapters.exports.flat import render_json

        return render_json(register, header, tables)
    from tvarka.adapters.exports.pdf import render_pdf

    return render_pdf(header, tables)


__all__ = ["ExportFormat", "RecordKind", "export_register"]
