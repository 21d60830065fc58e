"""Cases and attachments for the counselling tests: `make_case` goes through the intake service,
so a case has its reference, deadline, private link and outbox rows like a real one."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from counselling import services
from counselling.models import Case, CounsellingSettings, Kind, Stage
from outbox.models import Notification


def intake_data(**overrides):
    """The cleaned data of a valid intake form."""
    return {
        "kind": Kind.NEW_ENTERPRISE,
        "stage": Stage.IDEA,
        "applicant_name": "Mette Hansen",
        "applicant_email": "mette@example.dk",
        "applicant_phone": "",
        "organisation": "",
        "cvr": "",
        "description": "Vi vil starte en café med job til unge på kanten af arbejdsmarkedet.",
        "needs": ["business_plan", "funding"],
        "preferred_contact": "email",
        **overrides,
    }


def with_settings(municipality, **fields):
    """The municipality, with its counselling settings (case prefix, response time) set."""
    CounsellingSettings.objects.create(municipality=municipality, **fields)
    return municipality


def make_case(municipality, *, attachments=(), language="da", **fields):
    """A case submitted through the intake; `fields` then set directly (status, assignee, …)."""
    data_keys = set(intake_data())
    data = intake_data(**{k: v for k, v in fields.items() if k in data_keys})
    with transaction.atomic():
        case = services.submit_request(
            municipality=municipality, data=data, attachments=attachments, language=language
        )
    rest = {k: v for k, v in fields.items() if k not in data_keys}
    if rest:
        Case.objects.filter(pk=case.pk).update(**rest)
        case.refresh_from_db()
        # As services.set_confidential does: the mail about the case is hidden with it.
        Notification.objects.filter(regarding=services.regarding(case)).update(confidential=case.confidential)
    return case


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def png_bytes(size=(4, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "JPEG")
    return buffer.getvalue()


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes():
    return _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def xlsx_bytes():
    return _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})


def odt_bytes():
    return _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})


CONTENT = {
    "pdf": pdf_bytes,
    "png": png_bytes,
    "jpg": jpeg_bytes,
    "jpeg": jpeg_bytes,
    "docx": docx_bytes,
    "xlsx": xlsx_bytes,
    "odt": odt_bytes,
}


def upload(name="forretningsplan.pdf", content=None, content_type="application/octet-stream"):
    """An uploaded file; its content follows the extension unless given."""
    if content is None:
        content = CONTENT[name.rsplit(".", 1)[-1].lower()]()
    return SimpleUploadedFile(name, content, content_type=content_type)


def checked(*files):
    """(file, content type) pairs as the intake form hands them to the service."""
    from counselling.validation import check_attachments

    return check_attachments(list(files))
