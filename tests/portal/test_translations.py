"""Danish first: the Danish catalogue is complete, and the English pages need no catalogue."""

from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "da" / "LC_MESSAGES" / "django.po"


def test_every_text_has_a_danish_translation():
    po = polib.pofile(str(CATALOGUE))

    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []


def test_the_danish_translations_keep_their_placeholders():
    po = polib.pofile(str(CATALOGUE))

    for entry in po.translated_entries():
        for placeholder in (
            "%(time)s",
            "%(day)s",
            "%(count)d",
            "%(counter)s",
            "%(name)s",
            "%(days)s",
            "%(reason)s",
        ):
            if placeholder in entry.msgid:
                translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
                assert all(placeholder in text for text in translations), entry.msgid
