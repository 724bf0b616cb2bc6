"""Small registers built in code, so each findings test states exactly what it checks."""

from __future__ import annotations

from typing import Any

from tvarka.domain.register.facts import OrgFacts
from tvarka.domain.register.model import Register

C = "999 T§1"


def activity(key: str = "a1", **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "key": key,
        "purpose": {"en": "Selling goods", "lt": "Prekių pardavimas", "citation": C},
        "role": {"value": "controller", "citation": C},
        "data_uses": ["essential.service"],
        "legal_bases": [{"basis": "b", "citation": C}],
        "data_subjects": [{"key": "customer", "label": "clients", "citation": C}],
        "data_categories": [{"key": "user.contact.email", "label": "e-mail", "citation": C}],
        "retention": [
            {
                "anchor": "contract_ended",
                "anchor_label": "contract ended",
                "period": "1 year",
                "action": "delete",
                "citation": C,
            }
        ],
    }
    base.update(overrides)
    return base


def register(*activities: dict[str, Any], **overrides: Any) -> Register:
    data: dict[str, Any] = {
        "org": "test-org",
        "organisation": {
            "legal_name": {"value": "UAB Bandymas", "citation": C},
            "company_code": {"gap": "silent", "note": "not given"},
            "address": {"gap": "silent", "note": "not given"},
            "contacts": [{"value": "info@example.lt", "citation": C}],
            "dpo": {"gap": "silent", "note": "none"},
        },
        "security_measures": [{"value": "passwords", "citation": C}],
        "activities": list(activities) or [activity()],
    }
    data.update(overrides)
    return Register.model_validate(data)


def facts(**values: Any) -> OrgFacts:
    return OrgFacts.model_validate({"org": "test-org", **values})
