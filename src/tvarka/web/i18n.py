"""Lithuanian and English for the pages, from gettext catalogs.

Message ids are English; ``locale/lt/LC_MESSAGES/messages.po`` holds the Lithuanian. The .po
file is read directly at start, so there is no compile step to forget. The pages use only
plain ``msgid``/``msgstr`` entries, so that is all the reader accepts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

LANGUAGES = ("lt", "en")
DEFAULT_LANGUAGE = "lt"
LOCALE_DIR = Path(__file__).with_name("locale")


@cache
def _catalog(language: str) -> dict[str, str]:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    messages: dict[str, str] = {}
    for message, translation in read_po(path.read_text(encoding="utf-8")):
        if message and translation:
            messages.setdefault(message, translation)  # a repeated msgid: the first one counts
    return messages


_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r"}


def read_po(text: str) -> Iterator[tuple[str, str]]:
    """Each (msgid, msgstr) of a .po file; comments, obsolete and fuzzy flags are skipped over."""
    entry: dict[str, str] = {}
    keyword = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            if keyword is None:
                raise ValueError(f"line {number}: a string continues no msgid or msgstr")
            entry[keyword] += _unquote(line, number)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword not in ("msgid", "msgstr"):
            raise ValueError(f"line {number}: {keyword} is not supported, only msgid/msgstr")
        if keyword == "msgid" and "msgid" in entry:
            yield entry["msgid"], entry.get("msgstr", "")
            entry = {}
        entry[keyword] = _unquote(rest.strip(), number)
    if "msgid" in entry:
        yield entry["msgid"], entry.get("msgstr", "")


def _unquote(quoted: str, number: int) -> str:
    if len(quoted) < 2 or not (quoted.startswith('"') and quoted.endswith('"')):
        raise ValueError(f"line {number}: expected a quoted string")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), quoted[1:-1])


def translator(language: str) -> Callable[[str], str]:
    messages = _catalog(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    return lambda text: messages.get(text, text)


def missing_translations(language: str, texts: set[str]) -> set[str]:
    return texts - set(_catalog(language))
