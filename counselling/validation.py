"""What the intake refuses: CPR numbers in the text. What it takes as attachments (sizes, types,
content that matches the name) is kit.uploads's table; the names stay importable from here."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.dk import cpr

from kit.text import normalise_for_matching
from kit.uploads import (  # noqa: F401 (the intake's names for the kit's attachment rules)
    ACCEPT,
    DOCX,
    JPEG,
    MAX_FILE_SIZE,
    MAX_FILES,
    MAX_REQUEST_SIZE,
    ODT,
    PDF,
    PNG,
    XLSX,
    check_attachment,
    check_attachments,
    sniff,
)

# After kit.text.normalise_for_matching every dash is "-", every space " " and every digit 0–9.
# Between the date of birth and the sequence number: "010190-1234", "010190 / 1234", "010190 1234".
_BEFORE_SEQUENCE = r" {0,2}[-/._]? {0,2}"
_BEFORE_SEQUENCE_REQUIRED = r"(?: {0,2}[-/._] {0,2}| {1,2})"
#: Ten digits written as a CPR number, not inside a longer number: 0101901234, 010190-1234,
#: 010190/1234; 01.01.90-1234, 01-01-90 1234, 01/01/90/1234 (the date's separators alike, and a
#: separator before the sequence, so that "01.01.2026 12:30" is a date and a time); and in pairs,
#: 01 01 90 12 34.
CPR_CANDIDATE = re.compile(
    r"(?<!\d)(?<!\d[-/.])(?:"
    rf"\d{{6}}{_BEFORE_SEQUENCE}\d{{4}}"
    rf"|\d\d(?P<date_separator>[-/.])\d\d(?P=date_separator)\d\d{_BEFORE_SEQUENCE_REQUIRED}\d{{4}}"
    rf"|\d\d \d\d \d\d{_BEFORE_SEQUENCE_REQUIRED}\d\d ?\d\d"
    r")(?!\d|[-/.]\d)"
)


def contains_cpr(text):
    """Whether `text` holds something that is a valid CPR number (a real date of birth), however
    it is written: with full-width or Arabic-Indic digits, a minus sign for the dash, or a
    zero-width space or soft hyphen hidden inside (kit.text.normalise_for_matching)."""
    return any(
        cpr.is_valid(re.sub(r"\D", "", candidate.group()))
        for candidate in CPR_CANDIDATE.finditer(normalise_for_matching(text))
    )


def refuse_cpr(value):
    if contains_cpr(value):
        raise ValidationError(
            _("Please remove the CPR number. We don't need it, and it must not be sent through this form."),
            code="cpr",
        )
