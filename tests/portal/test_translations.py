"""Danish first: every text in the code and templates has a Danish translation, and the English
pages need no catalogue.

The texts are extracted from the code and templates as `makemessages` does, from a copy of the
project (Django writes temporary files beside the templates it reads), into a throwaway locale
folder; the real catalogue is only read. It needs GNU gettext (xgettext), installed here and in CI.
"""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "da" / "LC_MESSAGES" / "django.po"
#: Not the project's own texts (or, for static/, not in the "django" domain).
NOT_SOURCES = (".git", ".venv", "var", "node_modules", "static", "tests", "bench", "locale", "__pycache__")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The (msgctxt, msgid) of every text the code and templates mark for translation."""
    if shutil.which("xgettext") is None:
        pytest.skip("needs GNU gettext (xgettext) to extract the texts: apt-get install gettext")
    copy = tmp_path_factory.mktemp("project") / "indgangen"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    locale = copy / "locale"
    locale.mkdir()
    cwd = os.getcwd()
    try:
        os.chdir(copy)
        with override_settings(LOCALE_PATHS=[str(locale)]):
            call_command("makemessages", locale=["da"], domain="django", keep_pot=True, verbosity=0)
    finally:
        os.chdir(cwd)
    pot = polib.pofile(str(locale / "django.pot"))
    return {(entry.msgctxt, entry.msgid): entry for entry in pot}


@pytest.fixture(scope="module")
def catalogue():
    po = polib.pofile(str(CATALOGUE))
    return {(entry.msgctxt, entry.msgid): entry for entry in po if not entry.obsolete}


def described(key):
    context, msgid = key
    return f"{msgid!r}" + (f" (context {context!r})" if context else "")


def test_the_extraction_finds_texts_from_code_and_templates(extracted):
    assert (None, "Front page") in extracted  # templates/base.html
    assert (None, "Immediately") in extracted  # portal/models.py


def test_every_text_in_the_code_and_templates_is_in_the_danish_catalogue(extracted, catalogue):
    missing = [described(key) for key in extracted if key not in catalogue]

    assert missing == []


def test_every_text_in_the_code_and_templates_is_translated(extracted, catalogue):
    found = [catalogue[key] for key in extracted if key in catalogue]

    untranslated = [described((e.msgctxt, e.msgid)) for e in found if not e.translated()]
    fuzzy = [described((e.msgctxt, e.msgid)) for e in found if e.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_a_plural_text_is_translated_as_a_plural(extracted, catalogue):
    wrong = [
        described(key)
        for key, entry in extracted.items()
        if entry.msgid_plural and key in catalogue and not catalogue[key].msgid_plural
    ]

    assert wrong == []


def test_the_catalogue_has_no_untranslated_or_fuzzy_entries():
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
