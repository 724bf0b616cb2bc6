"""The portability export (GDPR Art. 20): the subject's own data, structured, machine-readable.

Only fields carrying a ``user`` data category go in — what concerns the person, not the
organisation's bookkeeping (order numbers, internal ids of other tables stay out unless
categorised as the user's). Each collection's rows are plain JSON objects keyed by field name,
with a schema block naming each field's categories so a receiving controller can map them.
"""

from __future__ import annotations

import json
from typing import Any

FORMAT = "tvarka-portability/1"


def portability_json(package: dict[str, Any]) -> bytes:
    """The export from the package's document (``build.package_document``)."""
    records: list[dict[str, Any]] = []
    for c in package["collections"]:
        own = [f for f in c["fields"] if any(x.split(".")[0] == "user" for x in f["categories"])]
        if not own or not c["rows"]:
            continue
        names = [f["name"] for f in own]
        records.append(
            {
                "source": f"{c['system']}/{c['dataset']}.{c['collection']}",
                "schema": {f["name"]: f["categories"] for f in own},
                "rows": [{n: row.get(n) for n in names} for row in c["rows"]],
            }
        )
    document = {
        "format": FORMAT,
        "organisation": package["organisation"],
        "subject": package["subject"],
        "generated_at": package["generated_at"],
        "records": records,
    }
    return json.dumps(document, ensure_ascii=False).encode()
