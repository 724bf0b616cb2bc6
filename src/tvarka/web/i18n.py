"""Lithuanian and English for the pages, from gettext catalogs read with Babel.

Message ids are English; ``locale/lt/LC_MESSAGES/messages.po`` holds the Lithuanian. The .po
file is read directly at start, so there is no compile step to forget.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("lt", "en")
DEFAULT_LANGUAGE = "lt"
LOCALE_DIR = Path(__file__).with_name("locale")


@cache
def _catalog(language: str) -> dict[str, str]:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string}


def translator(language: str) -> Callable[[str], str]:
    messages = _catalog(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    return lambda text: messages.get(text, text)


def missing_translations(language: str, texts: set[str]) -> set[str]:
    return texts - set(_catalog(language))
