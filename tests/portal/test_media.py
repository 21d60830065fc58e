"""Public media is served at /media/ with DEBUG off, as gunicorn runs it in docker-compose; private
files, directories and paths outside MEDIA_ROOT are not."""

import io

import pytest
from django.test import override_settings
from PIL import Image

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    (tmp_path / "media" / "enterprises" / "logos").mkdir(parents=True)
    (tmp_path / "private" / "cases").mkdir(parents=True)
    return tmp_path


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return buffer.getvalue()


@override_settings(DEBUG=False)
def test_a_public_picture_answers_200_with_its_type(client, media):
    (media / "media" / "enterprises" / "logos" / "kaffe.png").write_bytes(png())

    response = client.get("/media/enterprises/logos/kaffe.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="kaffe.png"'
    assert b"".join(response.streaming_content) == png()


@override_settings(DEBUG=False)
def test_a_missing_file_answers_404(client, media):
    assert client.get("/media/enterprises/logos/findes-ikke.png").status_code == 404


@override_settings(DEBUG=False)
def test_a_directory_is_not_listed(client, media):
    (media / "media" / "enterprises" / "logos" / "kaffe.png").write_bytes(png())

    response = client.get("/media/enterprises/logos/")

    assert response.status_code == 404
    assert b"kaffe.png" not in response.content


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    "path", ["/media/../private/cases/plan.pdf", "/media/%2e%2e/private/cases/plan.pdf", "/media//etc/passwd"]
)
def test_nothing_outside_media_root_is_served(client, media, path):
    (media / "private" / "cases" / "plan.pdf").write_bytes(b"%PDF-1.4 fortroligt")

    response = client.get(path)

    assert response.status_code in (400, 404)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"fortroligt" not in content
    assert b"root:" not in content


@override_settings(DEBUG=False)
@pytest.mark.parametrize("name", ["side.html", "billede.svg", "noter.pdf"])
def test_a_file_that_is_not_a_picture_is_sent_as_a_download(client, media, name):
    (media / "media" / name).write_bytes(b"<html><script>alert(1)</script></html>")

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"


@override_settings(DEBUG=False)
def test_media_takes_no_posts(client, media):
    (media / "media" / "enterprises" / "logos" / "kaffe.png").write_bytes(png())

    assert client.post("/media/enterprises/logos/kaffe.png").status_code == 405
