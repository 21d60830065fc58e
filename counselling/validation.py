"""What the intake refuses: CPR numbers in the text. What it takes as attachments (sizes, types,
content that matches the name) is kit.uploads's table; the names stay importable from here."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.dk import cpr

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

# Ten digits, as 010190-1234, 010190 1234, 010190 – 1234 (word processors write dashes and
# spaces of every kind) or 0101901234, not inside a longer number.
CPR_CANDIDATE = re.compile(r"(?<![\d-])(\d{6})\s{0,2}[-\u2010-\u2015]?\s{0,2}(\d{4})(?![\d-])")


def contains_cpr(text):
    """Whether `text` holds something that is a valid CPR number (a real date of birth)."""
    return any(cpr.is_valid(first + second) for first, second in CPR_CANDIDATE.findall(text or ""))


def refuse_cpr(value):
    if contains_cpr(value):
        raise ValidationError(
            _("Please remove the CPR number. We don't need it, and it must not be sent through this form."),
            code="cpr",
        )
