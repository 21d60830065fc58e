"""The Common Procurement Vocabulary (CPV 2008), as the notices use it.

A code is eight digits and a check digit, `45000000-7`. The digits are a tree: two for the
division, then one more for each of group, class and category, and the rest for finer
subcategories; the zeros that follow are padding. A code therefore covers every code that starts
with its significant digits (its `prefix`): a subscription to 45000000 (construction work) matches
45212000 (leisure buildings). The check digit has no published formula, so it is checked against
the official list (`procurement/data/cpv-2008.csv`, loaded as `CpvCode` rows by migration 0002).
"""

import csv
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data" / "cpv-2008.csv"
FORMAT = re.compile(r"^(\d{8})(?:-(\d))?$")


def prefix(digits):
    """The significant digits of an 8-digit code: at least the division's two."""
    stripped = digits.rstrip("0")
    return stripped if len(stripped) >= 2 else digits[:2]


def read_vocabulary(path=DATA):
    """(digits, check digit, Danish label, English label) for each row of the official list."""
    with open(path, encoding="utf-8", newline="") as source:
        for row in csv.DictReader(source):
            digits, check = row["code"].split("-")
            yield digits, check, row["da"], row["en"]


def parse(value):
    """(digits, check digit or None) of a code as people write it ("45000000-7", "45000000",
    " 4500 0000-7 "), or a ValidationError saying what is wrong with its form."""
    compact = re.sub(r"\s", "", value or "")
    match = FORMAT.match(compact)
    if not match:
        raise ValidationError(
            _("A CPV code is eight digits and a check digit, e.g. 90910000-9. You wrote %(value)s."),
            code="cpv_format",
            params={"value": value},
        )
    return match.group(1), match.group(2)


def clean_code(value, known):
    """The full code ("90910000-9") for `value`, checked against `known` ({digits: check digit}).

    The check digit may be left out; when given, it must be the official one."""
    digits, check = parse(value)
    official = known.get(digits)
    if official is None:
        raise ValidationError(
            _("%(code)s is not a code in CPV 2008. Look it up at simap.ted.europa.eu/cpv."),
            code="cpv_unknown",
            params={"code": digits},
        )
    if check is not None and check != official:
        raise ValidationError(
            _("The check digit of %(code)s is wrong: it is %(digits)s-%(official)s."),
            code="cpv_check_digit",
            params={"code": f"{digits}-{check}", "digits": digits, "official": official},
        )
    return f"{digits}-{official}"


#: What separates the codes in a text field: commas, semicolons or lines (not spaces: people write
#: "4500 0000-7").
SEPARATORS = re.compile(r"[,;\n]+")


def clean_codes(text, check_digits):
    """The 8 digits of each code written in `text`, in order, each once, checked against CPV 2008.

    `check_digits(digits)` returns {digits: check digit} for the codes of the list among `digits`
    (one query: `CpvCode.objects.check_digits`). Every bad code is named in one ValidationError."""
    written = [part.strip() for part in SEPARATORS.split(text or "") if part.strip()]
    errors, digits = [], []
    for value in written:
        try:
            digits.append(parse(value)[0])
        except ValidationError as error:
            errors.append(error)
    known = check_digits(digits) if digits else {}
    codes = []
    for value in written:
        try:
            full = clean_code(value, known)
        except ValidationError as error:
            if error.code != "cpv_format":  # already named above
                errors.append(error)
            continue
        if full[:8] not in codes:
            codes.append(full[:8])
    if errors:
        raise ValidationError(errors)
    return codes
