"""One size limit for every request body: a body over its view's limit gets a 413 page unread."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser

from counselling.models import Case
from tests.counselling.factories import pdf_bytes
from tests.counselling.test_intake import form_data

TWO_MB = 2 * 1024 * 1024
TEN_MB = 10 * 1024 * 1024


@pytest.fixture
def parser():
    """Watches Django's multipart parser, which is what writes uploaded files to /tmp."""
    with mock.patch.object(
        MultiPartParser, "parse", autospec=True, side_effect=MultiPartParser.parse
    ) as parse:
        yield parse


def two_mb_file():
    return SimpleUploadedFile("big.bin", b"0" * TWO_MB)


@pytest.mark.parametrize("path", ["/en/konto/log-ind/", "/en/admin/login/"])
def test_a_2_mb_post_to_a_log_in_page_gets_413_unread(client, db, parser, path):
    response = client.post(path, {"username": "x", "password": "y", "file": two_mb_file()})

    assert response.status_code == 413
    assert "What you sent is too large" in response.text
    assert "1.0\xa0MB" in response.text
    parser.assert_not_called()


def test_the_refusal_is_in_the_visitors_language(client, db, parser):
    response = client.post("/konto/log-ind/", {"file": two_mb_file()})

    assert response.status_code == 413
    assert "Det, du sendte, er for stort" in response.text


def test_a_body_under_the_limit_reaches_the_log_in_form(client, db):
    response = client.post("/en/konto/log-ind/", {"username": "x", "password": "y"})

    assert response.status_code == 200
    assert "What you sent is too large" not in response.text


def test_a_chunked_body_without_a_length_is_not_read(client, db):
    # Django's test client always declares a length; removing it is what a chunked upload looks
    # like to Django under WSGI, which then reads none of the body.
    response = client.post(
        "/en/konto/log-ind/",
        {"username": "x", "password": "y", "file": two_mb_file()},
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
    )

    assert response.status_code == 200
    assert response.wsgi_request.FILES == {}
    assert response.wsgi_request.POST == {}


def test_the_limit_is_a_setting(client, db, settings, parser):
    settings.REQUEST_MAX_BYTES = 3 * 1024 * 1024

    response = client.post("/en/konto/log-ind/", {"username": "x", "password": "y", "file": two_mb_file()})

    assert response.status_code == 200


def test_the_intake_still_takes_a_10_mb_file(client, lejre, django_capture_on_commit_callbacks):
    plan = SimpleUploadedFile("plan.pdf", pdf_bytes() + b"0" * (TEN_MB - len(pdf_bytes())))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/start/", form_data(lejre, attachments=[plan]))

    assert response.status_code == 303
    assert Case.objects.get().attachments.get().size == TEN_MB


def test_a_representative_may_upload_a_5_mb_logo(representative_client, parser):
    response = representative_client.post(
        "/en/konto/virksomheder/opret/", {"logo": SimpleUploadedFile("l.png", b"0" * 5 * 1024 * 1024)}
    )

    assert response.status_code == 400  # the form's own answer: the file is not a picture
    assert "What you sent is too large" not in response.text
    parser.assert_called_once()


def test_the_enterprise_admin_takes_photos(superuser_client, parser):
    response = superuser_client.post("/en/admin/enterprises/enterprise/add/", {"logo": two_mb_file()})

    assert response.status_code == 200
    parser.assert_called_once()
