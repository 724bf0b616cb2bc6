"""The pages' catalog reader agrees with Babel's (a test tool) on every shipped catalog."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po as babel_read_po

from tvarka.web.i18n import LOCALE_DIR, read_po, translator

SAMPLE = r'''# a comment
msgid ""
msgstr ""
"Language: lt\n"

#, fuzzy
msgid "Say \"hello\""
msgstr "Sakyk \"labas\"\t"

msgid "Two "
"lines"
msgstr ""
"Dvi "
"eilutės\\"

#~ msgid "Obsolete"
#~ msgstr "Pasenęs"

msgid "Untranslated"
msgstr ""
'''


def messages(text: str) -> list[tuple[str, str]]:
    """Every message but the header (which Babel rewrites), in file order."""
    return [(message, translation) for message, translation in read_po(text) if message]


def babel_messages(text: str) -> list[tuple[str, str]]:
    return [(str(m.id), str(m.string)) for m in babel_read_po(io.StringIO(text)) if m.id]


def test_escapes_continuations_comments_and_obsolete_entries_read_as_babel_reads_them() -> None:
    assert messages(SAMPLE) == babel_messages(SAMPLE)
    assert ("Two lines", "Dvi eilutės\\") in messages(SAMPLE)
    assert ('Say "hello"', 'Sakyk "labas"\t') in messages(SAMPLE)


@pytest.mark.parametrize("path", sorted(LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")))
def test_every_shipped_catalog_translates_as_babel_reads_it(path: Path) -> None:
    language = path.parts[-3]
    expected = [(m, t) for m, t in babel_messages(path.read_text(encoding="utf-8")) if t]
    assert len(expected) > 200
    assert [(m, translator(language)(m)) for m, _ in expected] == expected


def test_lithuanian_pages_are_translated_and_unknown_texts_stay_english() -> None:
    lt = translator("lt")
    assert lt("Change password") == "Keisti slaptažodį"
    assert lt("No such text in the catalog") == "No such text in the catalog"


def test_plural_entries_are_refused_rather_than_lost() -> None:
    with pytest.raises(ValueError, match="msgid_plural"):
        list(read_po('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n'))


@pytest.mark.parametrize("path", sorted(LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")))
def test_no_message_is_translated_twice(path: Path) -> None:
    """A repeated msgid keeps only its first translation: the second would never show."""
    ids = [message for message, _ in messages(path.read_text(encoding="utf-8"))]
    assert sorted({m for m in ids if ids.count(m) > 1}) == []
