"""CSV and JSON: the same record tables, for machines and for import into other registers."""

from __future__ import annotations

import csv
import json
from io import StringIO
from typing import Any

from tvarka.adapters.exports.labels import text
from tvarka.adapters.exports.record import Header, Table
from tvarka.domain.register.model import Register


def render_csv(tables: list[Table]) -> bytes:
    """One CSV; when both records are exported, the processor record follows after a blank line.

    Each record starts with its own heading row, so a spreadsheet shows it as it is.
    """
    out = StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow([heading for _, heading in table.columns])
        for row in table.rows:
            writer.writerow([row[key] for key, _ in table.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel then reads ą č ę as UTF-8


def _machine(register: Register) -> list[dict[str, Any]]:
    """The activities as data, legal bases and conditions with their DPV IRIs."""
    activities = []
    for activity in register.activities:
        data = activity.model_dump(mode="json")
        for claim, dumped in zip(
            activity.bases, data["legal_bases"] if isinstance(data["legal_bases"], list) else []
        ):
            dumped["dpv"] = claim.basis.dpv_iri
            dumped["dpv_gdpr"] = claim.basis.gdpr_iri
        for condition, dumped in zip(activity.special_conditions, data["special_conditions"]):
            dumped["dpv_gdpr"] = condition.condition.gdpr_iri
        for transfer, dumped in zip(activity.transfers, data["transfers"]):
            if "mechanism" in dumped:
                dumped["article"] = transfer.mechanism.article  # type: ignore[union-attr]
        activities.append(data)
    return activities


def render_json(register: Register, header: Header, tables: list[Table]) -> bytes:
    document = {
        "org": register.org,
        "lang": header.lang,
        "generated": header.generated.isoformat(),
        "organisation": {name: value for name, value in header.fields},
        text("general_security", header.lang): header.general_security,
        "records": [
            {
                "kind": table.kind.value,
                "title": table.title,
                "headings": dict(table.columns),
                "rows": table.rows,
            }
            for table in tables
        ],
        "activities": _machine(register),
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
