"""Build the access package (GDPR Art. 15) from the rows found in every connected system.

One zip: ``data.json`` (every row with each field's data categories, for machines),
``csv/<system>/<dataset>.<collection>.csv`` (for spreadsheets), ``index.html`` (a page a
person reads in a browser, offline, no scripts) and ``portability.json`` (GDPR Art. 20, see
``portability``). Values keep their exact text: decimals are not turned into floats,
timestamps are ISO 8601, bytes are base64.

When a job ends only the document is built and sealed (``package_document``): the zip is
made from it when the person downloads it (``package_zip``), so a worker does not render
three more forms of every row while requests wait. Members are deflated at level 1: level 6
cost three times the CPU for a few per cent of size.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from importlib import resources
from typing import Any
from uuid import UUID

import jinja2
from markupsafe import Markup, escape

from tvarka.adapters.access_package.portability import portability_json
from tvarka.domain.execution.outcome import AccessData
from tvarka.domain.register.categories import category_name

FORMAT = "tvarka-access-package/1"
LABELS = {
    "lt": {
        "title": "Jūsų asmens duomenys",
        "intro": "Duomenys, kuriuos apie jus tvarkome, rasti visose prijungtose sistemose.",
        "generated": "Parengta",
        "system": "Sistema",
        "rows": "įrašų",
        "none": "Duomenų nerasta.",
    },
    "en": {
        "title": "Your personal data",
        "intro": "The data we process about you, as found in every connected system.",
        "generated": "Prepared",
        "system": "System",
        "rows": "records",
        "none": "No data found.",
    },
}


def plain(value: object) -> Any:
    """A JSON- and CSV-safe form that loses nothing."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return str(value)


def collections_of(data: Sequence[AccessData]) -> list[dict[str, Any]]:
    """Every collection with its fields (name, categories) and rows, in a stable order."""
    out = []
    for system in sorted(data, key=lambda d: d.system):
        for address in sorted(system.rows):
            spec = system.datamap.collection(address)
            fields = [f for f in spec.fields if not f.nested]
            out.append(
                {
                    "system": system.system,
                    "dataset": address.dataset,
                    "collection": address.collection,
                    "fields": [
                        {
                            "name": f.name,
                            "categories": list(f.categories),
                            "labels": [category_name(c) for c in f.categories],
                        }
                        for f in fields
                    ],
                    "rows": [
                        {f.name: plain(row.get(f.name)) for f in fields if f.name in row}
                        for row in system.rows[address]
                    ],
                }
            )
    return out


def package_document(
    data: Sequence[AccessData],
    subject: str,
    generated_at: dt.datetime,
    organisation: str,
    lang: str = "lt",
) -> dict[str, Any]:
    """What the package holds, as ``data.json``: kept sealed when the job ends, and turned
    into the zip (``package_zip``) when the person downloads it. ``subject`` is how the page
    names the person (e.g. the e-mail used); ``lang`` the page's language."""
    return {
        "format": FORMAT,
        "organisation": organisation,
        "subject": subject,
        "generated_at": generated_at.isoformat(),
        "lang": lang,
        "collections": collections_of(data),
        "not_searched": [  # collections no identity of this request leads to
            {"system": d.system, "collection": str(c)} for d in data for c in d.not_searched
        ],
    }


def package_zip(document: dict[str, Any]) -> bytes:
    """The zip's bytes: the document itself, a CSV per collection, the page, portability."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("data.json", json.dumps(document, ensure_ascii=False))
        for c in document["collections"]:
            archive.writestr(f"csv/{c['system']}/{c['dataset']}.{c['collection']}.csv", _csv(c))
        archive.writestr("index.html", _html(document, document["lang"]))
        archive.writestr("portability.json", portability_json(document))
    return buffer.getvalue()


def _csv(collection: dict[str, Any]) -> str:
    out = io.StringIO()
    names = [f["name"] for f in collection["fields"]]
    writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(collection["rows"])
    return out.getvalue()


_TEMPLATES = jinja2.Environment(
    loader=jinja2.FunctionLoader(
        lambda name: resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    ),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _html(document: dict[str, Any], lang: str) -> str:
    labels = LABELS.get(lang, LABELS["en"])
    return _TEMPLATES.get_template("page.html.j2").render(
        doc=document, t=labels, lang=lang, body_rows=_body_rows
    )


def _body_rows(collection: dict[str, Any]) -> Markup:
    """A table's rows, escaped here rather than cell by cell in the template: a person with
    a few hundred rows made the template's per-cell calls most of the package's cost."""
    names = [f["name"] for f in collection["fields"]]
    return Markup(
        "\n".join(
            "<tr>"
            + "".join(f"<td>{'' if (v := row.get(n)) is None else escape(v)}</td>" for n in names)
            + "</tr>"
            for row in collection["rows"]
        )
    )
