"""Dates written out in full, as letters print them: CLDR's long date format.

Lithuanian ``y 'm'. MMMM d 'd'.`` with the month in the genitive ("2026 m. lapkričio 23 d."),
British English ``d MMMM y`` ("23 November 2026"). Two patterns and two month lists are all the
letters need, so they are written here rather than loading a locale library.
"""

from __future__ import annotations

import datetime as dt

from tvarka.domain.settings import Language

MONTHS = {
    Language.lt: (
        "sausio", "vasario", "kovo", "balandžio", "gegužės", "birželio",
        "liepos", "rugpjūčio", "rugsėjo", "spalio", "lapkričio", "gruodžio",
    ),
    Language.en: (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}


def long_date(day: dt.date, language: Language) -> str:
    month = MONTHS[language][day.month - 1]
    if language is Language.lt:
        return f"{day.year} m. {month} {day.day} d."
    return f"{day.day} {month} {day.year}"
