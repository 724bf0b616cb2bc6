"""ISO 3166-1 alpha-2 country codes, and which of them lie inside the EEA.

The codes with their English and Lithuanian names are CLDR's, shipped in ``country_names.json``
(written and checked by ``tests/unit/register/test_country_names.py``).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

NAMES_FILE = Path(__file__).with_name("country_names.json")

EEA = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
    ]
)


class UnknownCountry(ValueError):
    """Not an ISO 3166-1 alpha-2 code."""


@cache
def _names(lang: str) -> dict[str, str]:
    names: dict[str, str] = json.loads(NAMES_FILE.read_text(encoding="utf-8"))[lang]
    return names


def validate_country(code: str) -> str:
    if code not in _names("en"):
        raise UnknownCountry(
            f"unknown country {code!r}: use an ISO 3166-1 alpha-2 code such as 'US'"
        )
    return code


def country_name(code: str, lang: str = "en") -> str:
    return _names(lang).get(code, code)


def is_third_country(code: str) -> bool:
    return code not in EEA
