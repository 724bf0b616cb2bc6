"""ISO 3166-1 alpha-2 country codes, and which of them lie inside the EEA.

Babel's CLDR territory list is already a dependency and carries Lithuanian and English names; we
drop its non-ISO entries (regions, "EU", user-assigned and exceptionally reserved codes).
"""

from __future__ import annotations

from functools import cache

_NOT_ISO = {
    "EU",
    "EZ",
    "QO",
    "UN",
    "XA",
    "XB",
    "XK",
    "ZZ",
    "AC",
    "CP",
    "CQ",
    "DG",
    "EA",
    "IC",
    "TA",
}

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
    from babel import Locale

    territories = Locale(lang).territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_ISO
    }


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
