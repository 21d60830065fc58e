"""What the intake refuses: CPR numbers in the text, and attachments that are too large, of a type
we don't take, or whose content is not what their name says."""

import re
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from stdnum.dk import cpr

from kit.text import normalise_for_matching

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_FILES = 5
#: Everything a request may carry: five files of 10 MB plus the form. Larger bodies are refused
#: before Django reads them.
MAX_REQUEST_SIZE = MAX_FILES * MAX_FILE_SIZE + 1024 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"

#: Allowed extensions and the content type each must have.
EXTENSIONS = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".odt": ODT,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
}
ACCEPT = ",".join(EXTENSIONS)

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


def sniff(file):
    """The content type of `file` judged from its content, or None when it is none we take."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff"):
            with Image.open(file) as image:
                image.verify()
                return {"PNG": PNG, "JPEG": JPEG}.get(image.format)
        if head.startswith(b"PK\x03\x04"):
            return _sniff_zip(file)
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, zipfile.BadZipFile):
        return None
    finally:
        file.seek(0)
    return None


def _sniff_zip(file):
    # Office documents are zip archives; only their table of contents and the small "mimetype"
    # member are read, never the compressed content.
    with zipfile.ZipFile(file) as archive:
        names = set(archive.namelist())
        if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
            return {ODT: ODT}.get(archive.read("mimetype").decode("ascii", "replace").strip())
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    return None


def check_attachment(file):
    """Refuse `file` with a message naming it, or return its content type."""
    name = PurePath(file.name or "").name
    extension = PurePath(name).suffix.lower()
    if file.size > MAX_FILE_SIZE:
        raise ValidationError(
            _("%(name)s is %(size)s. Each file may be at most %(max)s.")
            % {"name": name, "size": filesizeformat(file.size), "max": filesizeformat(MAX_FILE_SIZE)},
            code="too_large",
        )
    if extension not in EXTENSIONS:
        raise ValidationError(
            _("%(name)s is not a file type we take. Send PDF, Word (DOCX), Excel (XLSX), ODT, PNG or JPEG.")
            % {"name": name},
            code="type",
        )
    content_type = sniff(file)
    if content_type != EXTENSIONS[extension]:
        raise ValidationError(
            _(
                "The content of %(name)s does not match its name: it is not a real %(extension)s "
                "file. Save it again as %(extension)s, or send it as PDF."
            )
            % {"name": name, "extension": extension.lstrip(".").upper()},
            code="mismatch",
        )
    return content_type


def check_attachments(files, already=0, limit=MAX_FILES):
    """Check a list of uploads; return (file, content type) pairs or raise every problem at once."""
    if already + len(files) > limit:
        raise ValidationError(
            _("You can attach at most %(limit)d files; you chose %(count)d.")
            % {"limit": limit - already, "count": len(files)},
            code="too_many",
        )
    checked, errors = [], []
    for file in files:
        try:
            checked.append((file, check_attachment(file)))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return checked
