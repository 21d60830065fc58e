"""Tender documents on the notice's page: a file, checked by its content and size as case
attachments are, or a link; exactly one of the two."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from procurement.models import NoticeDocument
from tests.procurement.admin_helpers import notice_data, unchanged_deadlines
from tests.procurement.factories import make_notice

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def with_document(notice, **document):
    data = {**notice_data(notice, title=notice.title), **unchanged_deadlines(notice)}
    data["documents-TOTAL_FORMS"] = "1"
    data.update({f"documents-0-{name}": value for name, value in document.items()})
    data.setdefault("documents-0-position", "0")
    return data


def _post(client, notice, **document):
    with translation.override("en"):
        url = reverse("admin:procurement_notice_change", args=[notice.pk])
    return client.post(url, with_document(notice, **document))


def document_errors(response):
    assert response.status_code == 200, response
    [inline] = [
        inline for inline in response.context["inline_admin_formsets"] if inline.formset.prefix == "documents"
    ]
    return [
        message for form in inline.formset.forms for messages in form.errors.values() for message in messages
    ]


def test_a_pdf_is_kept_with_its_name_type_and_size(client, lejre_staff, lejre):
    notice = make_notice(municipality=lejre)
    client.force_login(lejre_staff)

    response = _post(
        client, notice, title="Udbudsbetingelser", file=SimpleUploadedFile("betingelser.pdf", PDF)
    )

    assert response.status_code == 302
    document = NoticeDocument.objects.get()
    assert (document.title, document.name, document.content_type, document.size) == (
        "Udbudsbetingelser",
        "betingelser.pdf",
        "application/pdf",
        len(PDF),
    )
    assert document.key and document.key in document.file.name
    assert "betingelser" not in document.file.name  # the uploaded name never reaches the disk
    page = client.get(reverse("admin:procurement_notice_change", args=[notice.pk]))
    assert "betingelser.pdf (PDF" in page.text  # named, never linked: private files have no URL


def test_a_link_is_kept_instead_of_a_file(client, lejre_staff, lejre):
    notice = make_notice(municipality=lejre)
    client.force_login(lejre_staff)

    response = _post(client, notice, title="Kravspecifikation", url="https://udbud.dk/dokument/1")

    assert response.status_code == 302
    assert NoticeDocument.objects.get().url == "https://udbud.dk/dokument/1"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"title": "Intet"}, "Upload a file or give a link."),
        (
            {"title": "Begge", "url": "https://udbud.dk/x", "file": SimpleUploadedFile("a.pdf", PDF)},
            "Give either a file or a link, not both.",
        ),
        (
            {"title": "Falsk", "file": SimpleUploadedFile("falsk.pdf", b"<html>not a pdf</html>")},
            "The content of falsk.pdf does not match its name: it is not a real PDF file. "
            "Save it again as PDF, or send it as PDF.",
        ),
        (
            {"title": "Program", "file": SimpleUploadedFile("program.exe", b"MZ")},
            "program.exe is not a file type we take. Send PDF, Word (DOCX), Excel (XLSX), ODT, PNG or JPEG.",
        ),
    ],
    ids=["neither", "both", "not-what-its-name-says", "a-type-we-refuse"],
)
def test_a_document_is_a_checked_file_or_a_link(client, lejre_staff, lejre, document, message):
    notice = make_notice(municipality=lejre)
    client.force_login(lejre_staff)

    response = _post(client, notice, **document)

    assert message in document_errors(response)
    assert not NoticeDocument.objects.exists()
