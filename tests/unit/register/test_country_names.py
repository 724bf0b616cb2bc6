"""The shipped country names are CLDR's ISO 3166-1 territories, in English and Lithuanian.

Babel (a test tool, not a runtime dependency) reads CLDR here. When a Babel upgrade changes a
name, regenerate the file:  .venv/bin/python -m tests.unit.register.test_country_names
"""

from __future__ import annotations

import json

from babel import Locale

from tvarka.domain.register.countries import NAMES_FILE, country_name, validate_country

LANGUAGES = ("en", "lt")
# CLDR territories that are not ISO 3166-1 countries: regions, "EU", user-assigned and
# exceptionally reserved codes.
NOT_ISO = {"EU", "EZ", "QO", "UN", "XA", "XB", "XK", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC",
           "TA"}


def cldr_names() -> dict[str, dict[str, str]]:
    return {
        language: {
            code: name
            for code, name in sorted(Locale(language).territories.items())
            if len(code) == 2 and code.isalpha() and code not in NOT_ISO
        }
        for language in LANGUAGES
    }


def test_the_shipped_names_are_cldrs() -> None:
    shipped = json.loads(NAMES_FILE.read_text(encoding="utf-8"))
    assert shipped == cldr_names(), "regenerate: see this module's docstring"


def test_names_and_codes() -> None:
    assert country_name("US") == "United States"
    assert country_name("DE", "lt") == "Vokietija"
    assert validate_country("LT") == "LT"
    assert len(cldr_names()["en"]) == 249  # ISO 3166-1 alpha-2 has 249 officially assigned


if __name__ == "__main__":
    NAMES_FILE.write_text(
        json.dumps(cldr_names(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
