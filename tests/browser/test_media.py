"""A representative uploads a photo; a visitor's browser then fetches it, and the logo, from the
enterprise's public profile: both answer 200 and are pictures the browser could draw."""

import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from enterprises.models import Enterprise
from tests.browser.conftest import expect, requires_chromium
from tests.conftest import PASSWORD
from tests.enterprises.factories import make_enterprise

pytestmark = [requires_chromium, pytest.mark.browser]


def jpeg(size, colour):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (55.0, 38.0, 30.0)}  # a phone photo's GPS position
    Image.new("RGB", size, colour).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media_through_the_portal(monkeypatch):
    """Django's live server serves MEDIA_URL itself, before the portal sees the request; let the
    portal answer it, as gunicorn in docker-compose has it do."""
    from django.test.testcases import _MediaFilesHandler

    monkeypatch.setattr(_MediaFilesHandler, "_should_handle", lambda handler, path: False)


@pytest.fixture
def enterprise(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    enterprise = make_enterprise(
        name="Social Kaffe",
        home_municipality=cast.roskilde,
        status=Enterprise.Status.PUBLISHED,
        published_at=timezone.now(),
        representatives=[cast.representative],
    )
    enterprise.logo.save("logo.png", ContentFile(png((120, 120))), save=True)
    return enterprise


def png(size):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def log_in(page, user):
    page.goto("/konto/log-ind/")
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_an_uploaded_photo_is_fetched_by_the_browser_from_the_profile(
    new_context, cast, enterprise, tmp_path
):
    representative = new_context().new_page()
    log_in(representative, cast.representative)
    representative.goto(f"/konto/virksomheder/{enterprise.slug}/billeder/")
    photo = tmp_path / "koekkenet.jpg"
    photo.write_bytes(jpeg((640, 480), "orange"))
    representative.locator("input[type=file]").set_input_files(str(photo))
    representative.locator("#id_caption").fill("Køkkenet")
    with representative.expect_navigation():
        representative.locator("main form[enctype] button[type=submit]").click()
    expect(representative.locator("main")).to_contain_text("Køkkenet")

    visitor = new_context().new_page()
    media = []
    visitor.on("response", lambda response: media.append(response) if "/media/" in response.url else None)
    visitor.goto(enterprise.get_absolute_url())
    visitor.wait_for_load_state("load")

    images = visitor.locator("main img[src^='/media/']")
    expect(images).to_have_count(2)  # the logo and the photo
    for image in images.all():
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), image.get_attribute("src")
    assert sorted(response.status for response in media) == [200, 200]
    photo_response = next(response for response in media if "/photos/" in response.url)
    assert photo_response.headers["content-type"] == "image/jpeg"
    assert photo_response.headers["x-content-type-options"] == "nosniff"
    assert b"GPS" not in photo_response.body() and b"Exif" not in photo_response.body()
