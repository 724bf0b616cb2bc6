"""Letters' long dates match CLDR's (read through Babel, a test tool) on every day of a year."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date

from tvarka.adapters.letters.dates import long_date
from tvarka.domain.settings import Language

CLDR_LOCALE = {Language.lt: "lt", Language.en: "en_GB"}


@pytest.mark.parametrize("language", list(Language))
def test_every_day_of_a_leap_year_reads_as_cldr_writes_it(language: Language) -> None:
    start = dt.date(2028, 1, 1)
    for offset in range(366):
        day = start + dt.timedelta(days=offset)
        assert long_date(day, language) == format_date(day, "long", CLDR_LOCALE[language])


def test_lithuanian_months_are_in_the_genitive() -> None:
    assert long_date(dt.date(2026, 11, 23), Language.lt) == "2026 m. lapkričio 23 d."
    assert long_date(dt.date(2026, 5, 4), Language.en) == "4 May 2026"
