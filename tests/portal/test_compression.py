"""A page goes gzipped to a browser that accepts it; a file goes as it is (portal.middleware)."""

import gzip

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

PICTURE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(client, lejre):
    plain = client.get("/virksomheder/")
    response = client.get("/virksomheder/", headers={"accept-encoding": "gzip, deflate, br"})

    assert "Content-Encoding" not in plain
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert len(response.content) < len(plain.content) / 2
    assert gzip.decompress(response.content).decode().startswith("<!doctype html>")


@override_settings(DEBUG=False)
def test_a_file_is_sent_as_it_is_with_its_length(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "kaffe.png").write_bytes(PICTURE)

    response = client.get("/media/kaffe.png", headers={"accept-encoding": "gzip"})

    assert "Content-Encoding" not in response
    assert response["Content-Length"] == str(len(PICTURE))
    assert b"".join(response.streaming_content) == PICTURE
