"""What the intake refuses: CPR numbers, and attachments of the wrong size, type or content."""

import io
import os
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from counselling import validation
from counselling.validation import (
    DOCX,
    JPEG,
    MAX_FILE_SIZE,
    MAX_FILES,
    ODT,
    PDF,
    PNG,
    XLSX,
    check_attachment,
    check_attachments,
    contains_cpr,
    refuse_cpr,
)
from tests.counselling.factories import docx_bytes, pdf_bytes, png_bytes, upload, xlsx_bytes


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def codes(error):
    return [e.code for e in error.error_list]


# --- CPR numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "211062-5629",
        "211062 5629",
        "2110625629",
        "Mit CPR-nummer er 211062-5629.",
        "(2110625629)",
        "cpr:2110625629, tlf. 21106256",
        "Født 010190-1234",  # the modulus-11 check is not required since 2007
        "311299-1234",
        "Linje et\n211062-5629\nlinje tre",
        "211062–5629",  # an en dash, as word processors write it
        "211062 - 5629",
        "211062\u00a05629",  # a no-break space
    ],
)
def test_a_valid_cpr_number_is_found(text):
    assert contains_cpr(text)
    with pytest.raises(ValidationError) as error:
        refuse_cpr(text)
    assert error.value.code == "cpr"
    assert "CPR" in error.value.messages[0]


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "Ring på 21 10 62 56 eller +45 21106256",  # phone numbers
        "0045 4612 3456",
        "CVR 13585628",  # a CVR number
        "CVR-nr. 13585628 og 29403473",
        "9999999999",  # ten digits that are no date
        "3213121234",  # day 32
        "0000000000",
        "290201-1234",  # 29 February 2001
        "021106256291",  # inside a longer number
        "12110625629",
        "211062-56291",
        "1-211062-5629",
        "Konto 1234-2110625629",
        "DK50 0040 0440 1162 43",  # an IBAN
        "Budget: 2.110.625 kr. i 2026",
    ],
)
def test_other_numbers_are_not_flagged(text):
    assert not contains_cpr(text)
    refuse_cpr(text)


# --- One attachment ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("plan.pdf", PDF),
        ("plan.docx", DOCX),
        ("budget.xlsx", XLSX),
        ("vedtaegter.odt", ODT),
        ("logo.png", PNG),
        ("foto.jpg", JPEG),
        ("foto.jpeg", JPEG),
    ],
)
def test_each_allowed_type_is_taken(name, content_type):
    file = upload(name)
    assert check_attachment(file) == content_type
    assert file.tell() == 0  # left ready to be stored


def test_the_extension_is_case_insensitive():
    assert check_attachment(upload("PLAN.PDF", pdf_bytes())) == PDF
    assert check_attachment(upload("Foto.JPG", upload("x.jpg").read())) == JPEG


@pytest.mark.parametrize(
    "name", ["setup.exe", "bilag.zip", "side.html", "logo.svg", "plan", "plan.pdf.exe", ".pdf"]
)
def test_a_type_we_dont_take_is_refused(name):
    with pytest.raises(ValidationError) as error:
        check_attachment(SimpleUploadedFile(name, pdf_bytes()))
    assert error.value.code == "type"
    assert "PDF" in error.value.messages[0]


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("x.pdf", png_bytes(), id="png-called-pdf"),
        pytest.param("x.docx", pdf_bytes(), id="pdf-called-docx"),
        pytest.param("x.docx", _zip({"readme.txt": "hello", "virus.exe": "MZ"}), id="plain-zip-called-docx"),
        pytest.param("x.docx", xlsx_bytes(), id="xlsx-called-docx"),
        pytest.param("x.xlsx", docx_bytes(), id="docx-called-xlsx"),
        pytest.param("x.odt", _zip({"mimetype": "application/zip"}), id="other-mimetype-called-odt"),
        pytest.param("x.docx", b"PK\x03\x04" + os.urandom(200), id="broken-zip-called-docx"),
        pytest.param("x.png", os.urandom(2000), id="random-bytes-called-png"),
        pytest.param("x.png", png_bytes((64, 64))[:80], id="truncated-png"),
        pytest.param("x.png", b"\x89PNG\r\n\x1a\n" + os.urandom(100), id="png-header-then-garbage"),
        pytest.param("x.jpg", png_bytes(), id="png-called-jpg"),
        pytest.param("x.pdf", b"", id="empty"),
        pytest.param("x.pdf", b"<html><script>alert(1)</script></html>", id="html-called-pdf"),
    ],
)
def test_content_that_does_not_match_the_name_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        check_attachment(SimpleUploadedFile(name, content))
    assert error.value.code == "mismatch"
    assert name in error.value.messages[0]


def test_a_file_just_over_10_mb_is_refused():
    file = SimpleUploadedFile("plan.pdf", pdf_bytes() + b"0" * (MAX_FILE_SIZE + 1 - len(pdf_bytes())))
    assert file.size == 10 * 1024 * 1024 + 1
    with pytest.raises(ValidationError) as error:
        check_attachment(file)
    assert error.value.code == "too_large"
    assert "plan.pdf" in error.value.messages[0]
    assert "10.0\xa0MB" in error.value.messages[0]


def test_a_file_of_exactly_10_mb_is_taken():
    file = SimpleUploadedFile("plan.pdf", pdf_bytes() + b"0" * (MAX_FILE_SIZE - len(pdf_bytes())))
    assert check_attachment(file) == PDF


def test_the_message_names_the_file_without_its_path():
    with pytest.raises(ValidationError) as error:
        check_attachment(SimpleUploadedFile("../../etc/passwd.exe", b"x"))
    assert "passwd.exe" in error.value.messages[0]
    assert "../" not in error.value.messages[0]


def test_the_message_is_in_the_active_language():
    file = SimpleUploadedFile("x.exe", b"MZ")
    with pytest.raises(ValidationError) as english_error:
        check_attachment(file)
    with translation.override("da"), pytest.raises(ValidationError) as danish_error:
        check_attachment(file)
    assert english_error.value.messages[0].startswith("x.exe is not a file type we take")
    # Danish is whatever the translators wrote; at least the message is there and names the file.
    assert "x.exe" in danish_error.value.messages[0]


# --- Several attachments -----------------------------------------------------------------------


def test_up_to_five_files_are_taken():
    files = [upload(f"bilag{n}.pdf") for n in range(MAX_FILES)]
    assert [content_type for _file, content_type in check_attachments(files)] == [PDF] * 5


def test_six_files_are_too_many():
    files = [upload(f"bilag{n}.pdf") for n in range(6)]
    with pytest.raises(ValidationError) as error:
        check_attachments(files)
    assert codes(error.value) == ["too_many"]
    assert error.value.messages == ["You can attach at most 5 files; you chose 6."]


def test_files_already_on_the_case_count():
    files = [upload(f"bilag{n}.pdf") for n in range(3)]
    with pytest.raises(ValidationError) as error:
        check_attachments(files, already=3)
    assert codes(error.value) == ["too_many"]
    assert "at most 2" in error.value.messages[0]
    assert len(check_attachments(files[:2], already=3)) == 2


def test_every_problem_of_a_list_is_reported_at_once():
    too_large = SimpleUploadedFile("stor.pdf", pdf_bytes() + b"0" * MAX_FILE_SIZE)
    files = [
        upload("god.pdf"),
        SimpleUploadedFile("program.exe", b"MZ"),
        SimpleUploadedFile("billede.pdf", png_bytes()),
        too_large,
        upload("god.docx"),
    ]
    with pytest.raises(ValidationError) as error:
        check_attachments(files)
    assert codes(error.value) == ["type", "mismatch", "too_large"]
    messages = error.value.messages
    assert [
        name for name in ("program.exe", "billede.pdf", "stor.pdf") if any(name in m for m in messages)
    ] == [
        "program.exe",
        "billede.pdf",
        "stor.pdf",
    ]


def test_no_files_is_fine():
    assert check_attachments([]) == []


def test_sniffing_reads_no_more_than_it_must(monkeypatch):
    # An office document's members are never decompressed, only the small "mimetype".
    read = []
    original = zipfile.ZipFile.read

    def spy(self, name, *args, **kwargs):
        read.append(name)
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "read", spy)
    assert validation.sniff(upload("x.docx")) == DOCX
    assert validation.sniff(upload("x.odt")) == ODT
    assert read == ["mimetype"]
