"""kit.uploads: the table of what we take, checks by content, public pictures re-encoded without
their metadata, and private files kept away from the public media."""

import io
import os
import runpy
import struct
import zlib
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from kit import uploads

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
GPS_IFD = 0x8825
ORIENTATION = 0x0112


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def picture(image_format="JPEG", size=(40, 20), mode="RGB", **save):
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 1).save(buffer, format=image_format, **save)
    return buffer.getvalue()


def png_header(width, height):
    """A PNG that says it is `width` × `height` one-bit pixels: all Pillow reads to open it."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def exif_with_gps(orientation=1):
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[GPS_IFD] = {1: "N", 2: (55.0, 38.0, 30.0), 3: "E", 4: (12.0, 5.0, 0.0)}
    return exif


def clean(name, content):
    field = uploads.PictureField()
    return field.clean(SimpleUploadedFile(name, content, content_type="image/jpeg"))


def opened(upload):
    upload.seek(0)
    image = Image.open(io.BytesIO(upload.read()))
    return image


# --- The table ---------------------------------------------------------------------------------


def test_the_table_names_each_kind_its_extensions_types_and_sizes():
    table = {
        name: (kind.extensions, kind.max_size, kind.max_files, kind.max_request_size)
        for name, kind in uploads.KINDS.items()
    }

    assert table == {
        "attachment": (
            {
                ".pdf": "application/pdf",
                ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ".odt": "application/vnd.oasis.opendocument.text",
                ".png": "image/png",
                ".jpg": "image/jpeg",
                ".jpeg": "image/jpeg",
            },
            10 * MB,
            5,
            51 * MB,
        ),
        "picture": (
            {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"},
            5 * MB,
            1,
            6 * MB,
        ),
    }


def test_the_file_inputs_offer_what_the_table_takes():
    multiple = uploads.MultipleFileField().widget.render("files", None)
    single = uploads.PictureField().widget.render("logo", None)

    assert 'accept=".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg"' in multiple
    assert "multiple" in multiple
    assert 'accept="image/jpeg,image/png,image/webp"' in single


# --- Content, not names ------------------------------------------------------------------------


def test_a_file_whose_content_does_not_match_its_extension_is_refused():
    with pytest.raises(ValidationError) as refused:
        uploads.check_attachment(SimpleUploadedFile("budget.pdf", picture("PNG")))

    assert refused.value.code == "mismatch"
    assert refused.value.messages == [
        "The content of budget.pdf does not match its name: it is not a real PDF file. "
        "Save it again as PDF, or send it as PDF."
    ]


def test_a_picture_that_is_really_a_pdf_is_refused():
    with pytest.raises(ValidationError) as refused:
        clean("logo.jpg", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    assert refused.value.messages == [
        "The file is not a picture we can read. Upload a photo in JPEG, PNG or WebP format."
    ]


def test_an_attachment_of_the_right_content_gives_its_type():
    assert uploads.check_attachment(SimpleUploadedFile("kort.png", picture("PNG"))) == "image/png"


def test_a_webp_is_sniffed_as_webp():
    assert uploads.sniff(ContentFile(picture("WEBP"))) == "image/webp"


# --- Public pictures are re-encoded ------------------------------------------------------------


def test_a_jpeg_with_gps_exif_comes_out_without_exif():
    original = picture("JPEG", exif=exif_with_gps())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test's photo has GPS

    upload = clean("ferie.jpg", original)

    upload.seek(0)
    content = upload.read()
    stored = Image.open(io.BytesIO(content))
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert b"PhoneMaker" not in content


def test_xmp_and_png_text_are_dropped_too():
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "taken at Bymarken 12, 4000 Roskilde")
    text.add_text("XML:com.adobe.xmp", "<x:xmpmeta><exif:GPSLatitude>55,38N</exif:GPSLatitude></x:xmpmeta>")
    upload = clean("kort.png", picture("PNG", pnginfo=text, exif=exif_with_gps()))

    upload.seek(0)
    content = upload.read()
    assert b"Roskilde" not in content
    assert b"GPSLatitude" not in content
    assert b"PhoneMaker" not in content
    assert dict(Image.open(io.BytesIO(content)).getexif()) == {}


def test_a_photo_is_turned_upright_before_its_orientation_tag_is_dropped():
    # 40 × 20 stored sideways: orientation 6 says "turn 90° clockwise to show".
    upload = clean("sideways.jpg", picture("JPEG", size=(40, 20), exif=exif_with_gps(orientation=6)))

    assert opened(upload).size == (20, 40)


def test_a_large_picture_is_scaled_to_fit_2400_pixels():
    upload = clean("panorama.png", picture("PNG", size=(4800, 1200), mode="1"))

    assert opened(upload).size == (2400, 600)


def test_a_png_named_jpg_keeps_its_real_format_and_gets_its_extension():
    upload = clean("logo.jpg", picture("PNG"))

    assert upload.name == "logo.png"
    assert upload.content_type == "image/png"
    assert opened(upload).format == "PNG"


def test_a_decompression_bomb_is_refused_with_a_clear_message():
    # 7000 × 6000 pixels in under a hundred bytes: 42 million pixels to decode.
    bomb = png_header(7000, 6000)

    with pytest.raises(ValidationError) as refused:
        clean("bomb.png", bomb)

    assert refused.value.messages == [
        "The picture is 7000 × 6000 pixels; it may have at most 40 million. Make it smaller and try again."
    ]


def test_the_bomb_message_is_danish_on_the_danish_site():
    with translation.override("da"):
        with pytest.raises(ValidationError) as refused:
            clean("bomb.png", png_header(7000, 6000))

        assert refused.value.messages == [
            "Billedet er 7000 × 6000 pixels; det må højst have 40 millioner. Gør det mindre, og prøv igen."
        ]


# --- Private files -----------------------------------------------------------------------------


def test_private_storage_is_not_under_media_root(settings):
    stored = Path(uploads.private_storage.path("cases/1/1/x"))

    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).absolute())
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).absolute())


def test_a_private_file_has_no_url():
    with pytest.raises(ValueError, match="not accessible via a URL"):
        uploads.private_storage.url("cases/1/1/x")


def test_the_migrations_storage_callable_gives_the_private_storage():
    from counselling.models import CaseAttachment, get_private_storage

    assert get_private_storage() is uploads.private_storage
    assert CaseAttachment.file.field.storage is uploads.private_storage


def read_settings(**env):
    with mock.patch.dict(os.environ, {"PATH": os.environ.get("PATH", ""), **env}, clear=True):
        return runpy.run_path(str(ROOT / "portal" / "settings.py"))


def test_the_settings_refuse_private_files_inside_media_root(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="PRIVATE_MEDIA_ROOT .* must not be inside MEDIA_ROOT"):
        read_settings(
            MEDIA_ROOT=str(tmp_path / "media"), PRIVATE_MEDIA_ROOT=str(tmp_path / "media" / "private")
        )


def test_the_settings_take_private_files_beside_media_root(tmp_path):
    read = read_settings(MEDIA_ROOT=str(tmp_path / "media"), PRIVATE_MEDIA_ROOT=str(tmp_path / "private"))

    assert read["STORAGES"]["private"] == {"BACKEND": "kit.uploads.PrivateStorage"}
    assert read["SERVE_MEDIA"] is True


# --- Every public picture goes through the picture field ---------------------------------------


@pytest.mark.django_db
def test_every_picture_uploaded_in_the_admin_is_re_encoded_too(rf):
    """Staff upload logos and photos in the admin as well: those forms must strip the GPS too."""
    from django import forms as django_forms
    from django.contrib import admin

    from tests.conftest import make_user

    request = rf.get("/admin/")
    request.user = make_user(username="super", is_staff=True, is_superuser=True)
    fields = {}
    for model_admin in admin.site._registry.values():
        forms = [model_admin.get_form(request)]
        forms += [inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)]
        for form in forms:
            for name, field in form.base_fields.items():
                if isinstance(field, django_forms.ImageField):
                    fields[f"{form._meta.model.__name__}.{name}"] = type(field)

    assert fields  # the registry's logo and photos are there
    assert {name: kind for name, kind in fields.items() if kind is not uploads.PictureField} == {}


def test_an_attachment_too_large_for_pillow_to_open_is_refused_not_a_crash():
    # 200 million pixels: Pillow refuses to open it at all (DecompressionBombError).
    with pytest.raises(ValidationError) as refused:
        uploads.check_attachment(
            SimpleUploadedFile("scan.png", picture("PNG", size=(20000, 10000), mode="1"))
        )

    assert refused.value.code == "mismatch"
