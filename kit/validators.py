"""Validators for the numbers Danish forms ask for, shared by every form that takes them."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr as stdnum_cvr

from kit.text import OTHER_DASHES


def _plain_separators(value):
    # Spaces of every kind, dashes a word processor wrote and invisible characters pasted with the
    # number become what stdnum's compact() strips; nothing else is touched, so that a digit of
    # another script ("²", "٣", "３", "①") stays what it is and is refused below.
    characters = []
    for character in value:
        category = unicodedata.category(character)
        if character.isspace():
            characters.append(" ")
        elif category == "Pd" or character in OTHER_DASHES:
            characters.append("-")
        elif category != "Cf":
            characters.append(character)
    return "".join(characters)


def normalise_cvr(value):
    """The eight ASCII digits of a CVR number, or a ValidationError saying what is wrong with it.

    Takes the number as people write it: "12 34 56 78", "12-34-56-78", "DK12345678". Python calls
    "²" and "٣" digits (str.isdigit, int()), but the registry and its neighbours know only 0–9."""
    value = _plain_separators(value or "")
    if not value.isascii():
        raise ValidationError(_("Write the CVR number with the ordinary digits 0 to 9 only."), code="ascii")
    number = stdnum_cvr.compact(value)
    if not number.isdigit():
        raise ValidationError(
            _("A CVR number has only digits. Remove the letters and other characters."), code="letters"
        )
    if len(number) != 8:
        raise ValidationError(
            _("A CVR number has 8 digits. You wrote %(count)d."), code="length", params={"count": len(number)}
        )
    if number.startswith("0") or stdnum_cvr.checksum(number) != 0:
        raise ValidationError(
            _("The check digit is wrong — check the number. You find it at datacvr.virk.dk."), code="checksum"
        )
    return number


def is_ascii_digits(value):
    """Whether `value` is a non-empty string of 0–9 (str.isdigit also says yes to "²" and "٣")."""
    return bool(value) and value.isascii() and value.isdigit()


def not_reserved_slug(slug, reserved):
    """`slug`, unless it is one of the `reserved` words an app's own pages use beside its slugs
    ("feed" under /udbud/), where the page it names could never be reached."""
    if slug in reserved:
        raise ValidationError(
            _("The address %(slug)s is used by another page. Choose another, or leave it empty."),
            code="reserved",
            params={"slug": slug},
        )
    return slug
