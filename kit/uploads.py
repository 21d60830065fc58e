"""Uploads and files, for every app: what we take (one table of kinds), how a file is checked (by
its content, never by its name), the multiple-file field, the private storage, the picture field
that re-encodes public photos and logos without their EXIF/GPS metadata, and the view that
serves public media when the files are on this machine's disk.

Public files (logos, photos) go to the "default" storage and are served at MEDIA_URL; private
files (case attachments) go to the "private" storage alias, which has no URL at all: an app's
view that checks the person's access streams them. With S3 configured (portal/settings.py) both
aliases are S3 storages, public under one prefix and private under another.
"""

import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import static
from django.views.decorators.http import require_safe
from PIL import Image, ImageOps, UnidentifiedImageError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"

MB = 1024 * 1024

#: Each content type we take, in words for the people who see the file listed (the same words
#: as the admin's case page uses).
TYPE_NAMES = {
    PDF: gettext_lazy("PDF document"),
    DOCX: gettext_lazy("Word document (DOCX)"),
    XLSX: gettext_lazy("Excel spreadsheet (XLSX)"),
    ODT: gettext_lazy("Text document (ODT)"),
    PNG: gettext_lazy("Image (PNG)"),
    JPEG: gettext_lazy("Image (JPEG)"),
    WEBP: gettext_lazy("Image (WebP)"),
}


def type_name(content_type):
    """ "PDF document" for application/pdf; "Other file (…)" names a type not in the table."""
    return TYPE_NAMES.get(content_type) or _("Other file (%(type)s)") % {"type": content_type}


@dataclass(frozen=True)
class Kind:
    """What one kind of upload may be: extension → the content type its content must have, the
    size of each file and how many go in one request."""

    extensions: dict
    max_size: int
    max_files: int = 1

    @property
    def content_types(self):
        return frozenset(self.extensions.values())

    @property
    def max_request_size(self):
        # The files and the rest of the form; larger bodies are refused before Django reads them.
        return self.max_files * self.max_size + MB


#: The one table of what we take.
KINDS = {
    # Documents an applicant sends with a case: private, kept as sent.
    "attachment": Kind(
        extensions={
            ".pdf": PDF,
            ".docx": DOCX,
            ".xlsx": XLSX,
            ".odt": ODT,
            ".png": PNG,
            ".jpg": JPEG,
            ".jpeg": JPEG,
        },
        max_size=10 * MB,
        max_files=5,
    ),
    # Public pictures (logos, photos): what every browser shows. Pillow also reads GIF, BMP,
    # TIFF, ICO… which we refuse, and SVG is not a picture to Pillow at all (and could carry
    # script). They are re-encoded before they are stored (PictureField).
    "picture": Kind(extensions={".jpg": JPEG, ".jpeg": JPEG, ".png": PNG, ".webp": WEBP}, max_size=5 * MB),
}
ATTACHMENT = KINDS["attachment"]
PICTURE = KINDS["picture"]

# The intake's names for its limits.
MAX_FILE_SIZE = ATTACHMENT.max_size
MAX_FILES = ATTACHMENT.max_files
MAX_REQUEST_SIZE = ATTACHMENT.max_request_size
ACCEPT = ",".join(ATTACHMENT.extensions)
MAX_IMAGE_SIZE = PICTURE.max_size

#: Pillow's format name → the extension a picture is stored under.
PICTURE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
#: A picture with more pixels than this is refused before it is decoded: a small file can hold a
#: huge image (a "decompression bomb") that takes gigabytes to decode. 40 megapixels is more than
#: any phone photo at its usual setting.
MAX_PIXELS = 40_000_000
#: Stored pictures are scaled to fit this square: more than any page shows.
MAX_EDGE = 2400


# --- Checking a file by its content ------------------------------------------------------------


def sniff(file):
    """The content type of `file` judged from its content, or None when it is none we take."""
    file.seek(0)
    head = file.read(12)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")) or (
            head.startswith(b"RIFF") and head[8:12] == b"WEBP"
        ):
            # verify() reads the structure without decoding the pixels, so a large scan is fine
            # here; one too large for Pillow to open at all is refused below.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(file) as image:
                    image.verify()
                    return {"PNG": PNG, "JPEG": JPEG, "WEBP": WEBP}.get(image.format)
        if head.startswith(b"PK\x03\x04"):
            return _sniff_zip(file)
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, zipfile.BadZipFile):
        return None
    except Image.DecompressionBombError:
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


def check_attachment(file, kind=ATTACHMENT):
    """Refuse `file` with a message naming it, or return its content type."""
    name = PurePath(file.name or "").name
    extension = PurePath(name).suffix.lower()
    if file.size > kind.max_size:
        raise ValidationError(
            _("%(name)s is %(size)s. Each file may be at most %(max)s.")
            % {"name": name, "size": filesizeformat(file.size), "max": filesizeformat(kind.max_size)},
            code="too_large",
        )
    if extension not in kind.extensions:
        raise ValidationError(
            _("%(name)s is not a file type we take. Send PDF, Word (DOCX), Excel (XLSX), ODT, PNG or JPEG.")
            % {"name": name},
            code="type",
        )
    content_type = sniff(file)
    if content_type != kind.extensions[extension]:
        raise ValidationError(
            _(
                "The content of %(name)s does not match its name: it is not a real %(extension)s "
                "file. Save it again as %(extension)s, or send it as PDF."
            )
            % {"name": name, "extension": extension.lstrip(".").upper()},
            code="mismatch",
        )
    return content_type


def check_attachments(files, already=0, limit=MAX_FILES, kind=ATTACHMENT):
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
            checked.append((file, check_attachment(file, kind)))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return checked


# --- Form fields -------------------------------------------------------------------------------


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type="file" multiple> (the Django 5.2 docs' pattern); the
    cleaned value is a list, empty when nothing was chosen. The files are checked as a whole by
    `check_attachments`, which knows how many there may be."""

    def __init__(self, *, kind=ATTACHMENT, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(kind.extensions)}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [file for file in files if file]
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        single_file_clean = super().clean
        return [single_file_clean(file, initial) for file in files]


class PictureField(forms.ImageField):
    """A JPEG, PNG or WebP picture of at most 5 MB, for the public site.

    Pillow reads it, and it is stored re-encoded: turned upright as its EXIF orientation says,
    scaled to fit MAX_EDGE, and saved without EXIF, XMP or text chunks, so that a phone photo's
    GPS position, camera and date are not published. The name follows the format Pillow found,
    so that "photo.jpg" that is really a PNG is stored as .png and a name never decides how a
    file is served."""

    default_error_messages = {
        "invalid_image": gettext_lazy(
            "The file is not a picture we can read. Upload a photo in JPEG, PNG or WebP format."
        ),
        "format": gettext_lazy(
            "%(format)s pictures are not accepted. Upload a photo in JPEG, PNG or WebP format."
        ),
        "too_big": gettext_lazy(
            "The file is %(size)s; a picture may be at most 5 MB. Make it smaller and try again."
        ),
        "too_many_pixels": gettext_lazy(
            "The picture is %(width)d × %(height)d pixels; it may have at most 40 million. "
            "Make it smaller and try again."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", gettext_lazy("JPEG, PNG or WebP, at most 5 MB."))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": ",".join(sorted(PICTURE.content_types))}

    def to_python(self, data):
        # Size first: Pillow need not read 50 MB to tell us it is too big.
        if data and getattr(data, "size", 0) > PICTURE.max_size:
            raise ValidationError(
                self.error_messages["too_big"], code="too_big", params={"size": filesizeformat(data.size)}
            )
        if data:
            self._refuse_a_bomb(data)
        upload = super().to_python(data)
        if upload is None:
            return None
        image_format = upload.image.format
        if image_format not in PICTURE_FORMATS:
            raise ValidationError(
                self.error_messages["format"], code="format", params={"format": image_format}
            )
        try:
            content = reencode(upload, image_format)
        except (OSError, SyntaxError, ValueError) as error:
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error
        stem = Path(upload.name).stem[:80] or "billede"
        return SimpleUploadedFile(
            f"{stem}.{PICTURE_FORMATS[image_format]}",
            content,
            content_type=PICTURE.extensions["." + PICTURE_FORMATS[image_format]],
        )

    def _refuse_a_bomb(self, data):
        # The header alone gives the size; nothing is decoded. Whatever is not a picture is left
        # to ImageField's own check and message.
        try:
            data.seek(0)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(data) as image:
                    width, height = image.size
        except Image.DecompressionBombError:
            width = height = None
        except Exception:  # not a picture: ImageField says so, in its words
            return
        finally:
            data.seek(0)
        if width is None or width * height > MAX_PIXELS:
            raise ValidationError(
                self.error_messages["too_many_pixels"],
                code="too_many_pixels",
                params={"width": width or 0, "height": height or 0},
            )


def reencode(file, image_format):
    """The picture in `file` as new bytes in `image_format`: upright, at most MAX_EDGE on each
    side, with no metadata but its colour profile (and a palette's transparency)."""
    file.seek(0)
    with Image.open(file) as original:
        image = ImageOps.exif_transpose(original)
    image.thumbnail((MAX_EDGE, MAX_EDGE))
    icc_profile = image.info.get("icc_profile")
    # Pillow writes some of `info` back (XMP into a JPEG, for one): keep only what is no metadata.
    image.info = {key: value for key, value in image.info.items() if key == "transparency"}
    options = {}
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        options = {"quality": 85, "optimize": True}
    elif image_format == "WEBP":
        options = {"quality": 85}
    elif image_format == "PNG":
        options = {"optimize": True}
    if icc_profile:
        options["icc_profile"] = icc_profile
    out = io.BytesIO()
    image.save(out, format=image_format, **options)
    return out.getvalue()


# --- Storage -----------------------------------------------------------------------------------


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, outside the public media path, with no URL: a view that
    checks the person's access serves them. The setting is read at each use."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return str(Path(self.base_location).absolute())

    @property
    def base_url(self):
        return None


class _PrivateStorageAlias(LazyObject):
    # STORAGES["private"], looked up at first use, and again after a test changes STORAGES (as
    # Django does for default_storage).
    def _setup(self):
        self._wrapped = storages["private"]


private_storage = _PrivateStorageAlias()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


def get_private_storage():
    """For FileField(storage=...): the storage of private files."""
    return private_storage


# --- Serving public media ----------------------------------------------------------------------

#: What a browser may show inline from MEDIA_URL; anything else is a download.
INLINE_TYPES = PICTURE.content_types


@require_safe
def serve_media(request, path):
    """A public file under MEDIA_ROOT (routed at MEDIA_URL when SERVE_MEDIA is on).

    Django's static view refuses directories (no listing) and paths outside MEDIA_ROOT, and
    names the type from the extension; the pictures we store got their extension from their
    content (PictureField). Whatever is not a picture is sent as a download, so that nothing a
    browser would render as a page is ever shown from our origin."""
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT, show_indexes=False)
    content_type = response.get("Content-Type", "").split(";")[0]
    if response.status_code == 200 and content_type not in INLINE_TYPES:
        disposition = response.get("Content-Disposition", "inline")
        response["Content-Disposition"] = disposition.replace("inline", "attachment", 1)
    response["X-Content-Type-Options"] = "nosniff"
    # A replaced logo gets a new name (the storage never overwrites), so a day's caching is safe.
    response["Cache-Control"] = "public, max-age=86400"
    return response


# --- Serving private files ---------------------------------------------------------------------


def private_file_response(field_file, *, name, content_type):
    """A private file as a download, for a view that has checked the person's access: a 404 when
    the file is gone from the storage. `name` is the name the uploader gave it, kept printable so
    that it cannot break the header; the response is never cached on the way nor sniffed."""
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    filename = "".join(ch for ch in name if ch.isprintable()) or "attachment"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
