import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kit.validators import is_ascii_digits, normalise_cvr


@pytest.mark.parametrize(
    "written",
    [
        "31000009",
        "31 00 00 09",
        "DK 31 00 00 09",
        "31-00-00-09",
        "31.00.00.09",
        "31\u00a000\u202f00 09",
        "31–00–00–09",
    ],
)
def test_a_cvr_number_is_eight_ascii_digits_however_it_is_spaced(written):
    assert normalise_cvr(written) == "31000009"


@pytest.mark.parametrize(
    "written", ["3100000²", "٣١٠٠٠٠٠٩", "３１０００００９", "①1000009", "۳1000009", "³¹⁰⁰⁰⁰⁰⁹"]
)
def test_a_cvr_number_with_digits_of_another_script_is_refused(written):
    with pytest.raises(ValidationError) as refused:
        normalise_cvr(written)

    assert refused.value.code == "ascii"
    with translation.override("en"):
        assert refused.value.messages == ["Write the CVR number with the ordinary digits 0 to 9 only."]


@pytest.mark.parametrize(
    ("written", "code"),
    [("3100000B", "letters"), ("3100000", "length"), ("31000008", "checksum")],
)
def test_other_mistakes_keep_their_own_reasons(written, code):
    with pytest.raises(ValidationError) as refused:
        normalise_cvr(written)

    assert refused.value.code == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", True), ("0", True), ("", False), ("²", False), ("٣", False), ("1a", False), ("-1", False)],
)
def test_ascii_digits_are_0_to_9_only(value, expected):
    assert is_ascii_digits(value) is expected
