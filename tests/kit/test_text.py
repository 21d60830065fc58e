import pytest

from kit.text import normalise_for_matching, slugify


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Grøn Pleje", "groen-pleje"),
        ("Ærø", "aeroe"),
        ("Å", "aa"),
        ("Blå Kors Genbrug", "blaa-kors-genbrug"),
        ("ÆBLEGÅRDEN ØST", "aeblegaarden-oest"),
        ("Café Noël & Søn", "cafe-noel-soen"),
        ("  Grønt   Køkken  ", "groent-koekken"),
        ("", ""),
    ],
)
def test_a_slug_spells_danish_letters_as_danes_do(name, slug):
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\uff10\uff11\uff12", "012"),  # full-width
        ("\u0660\u0661\u0662", "012"),  # Arabic-Indic
        ("\u06f0\u06f1\u06f2", "012"),  # extended Arabic-Indic
        ("x\u00b2", "x2"),  # superscript
        ("01\u200b90", "0190"),  # zero-width space
        ("01\u00ad90", "0190"),  # soft hyphen
        ("\ufeff01\u200e90", "0190"),  # byte-order mark, left-to-right mark
        ("1\u22122\u20133\u20144\u20105\uff0d6", "1-2-3-4-5-6"),  # minus, en/em dash, hyphen, full-width
        ("1\u00a02\u202f3\t4", "1 2 3 4"),  # non-breaking, narrow and other spaces
        ("Grøn pleje, 1.1.2026 / kl. 10", "Grøn pleje, 1.1.2026 / kl. 10"),
    ],
)
def test_text_for_matching_has_plain_digits_dashes_and_spaces(text, expected):
    assert normalise_for_matching(text) == expected


def test_text_for_matching_of_nothing_is_empty():
    assert normalise_for_matching(None) == ""


def test_a_unique_slug_skips_taken_slugs_and_reserved_words(db):
    from kit.text import unique_slug
    from portal.models import Municipality
    from tests.conftest import make_municipality

    make_municipality(name="Grøn", slug="groen")
    municipalities = Municipality.objects.all()

    assert unique_slug(municipalities, "Grøn", noun="kommune") == "groen-2"
    assert unique_slug(municipalities, "Feed", noun="kommune", reserved={"feed"}) == "feed-kommune"
    assert unique_slug(municipalities, "!!!", noun="kommune") == "kommune"
    assert unique_slug(municipalities, "Grøn", noun="kommune", exclude_pk=municipalities.get().pk) == "groen"
