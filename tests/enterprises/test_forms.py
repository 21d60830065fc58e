"""The representative's forms: CVR numbers say what is wrong with them, pictures are real pictures;
and what every public form shows (the intake's too): a valid CVR example, "Vælg …" in a select."""

import io
import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image
from stdnum.dk import cvr as cvr_number

from counselling.forms import IntakeForm
from enterprises.forms import ClaimForm, EnterpriseForm, PhotoForm, StoryForm
from enterprises.models import Enterprise
from kit.uploads import MAX_IMAGE_SIZE
from kit.validators import normalise_cvr
from tests.enterprises.factories import make_category, make_enterprise, make_target_group

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages are checked in English, whatever the Danish catalogue says."""
    translation.activate("en")


VALID_CVR = "13585628"  # stdnum's own example: the weighted sum is divisible by 11

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>'


def image_bytes(image_format="PNG", size=(8, 8), noise=False):
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (20, 120, 200))
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return buffer.getvalue()


def upload(name="logo.png", content=None, content_type="image/png"):
    return SimpleUploadedFile(name, image_bytes() if content is None else content, content_type=content_type)


def profile_data(municipality, **overrides):
    return {
        "name": "Grønt Køkken",
        "cvr": VALID_CVR,
        "home_municipality": municipality.pk,
        "summary": "Frokostordning og catering med fleksjobbere.",
        "sector": Enterprise.Sector.FOOD,
        "positions_flexjob": 3,
        "positions_wage_subsidy": 0,
        "positions_small_jobs": 0,
        "positions_ordinary_hire": 1,
        **overrides,
    }


def cvr_errors(municipality, cvr):
    form = EnterpriseForm(profile_data(municipality, cvr=cvr))
    assert not form.is_valid()
    return form.errors["cvr"]


# --- CVR numbers ----------------------------------------------------------------------------------


def test_a_valid_cvr_number_is_normalised_without_spaces_or_dk_prefix(lejre):
    form = EnterpriseForm(profile_data(lejre, cvr="DK 13 58 56 28"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["cvr"] == "13585628"


@pytest.mark.parametrize("cvr", ["1358562", "135856281", "1"])
def test_a_cvr_number_of_the_wrong_length_is_refused_with_the_length_as_the_reason(lejre, cvr):
    assert cvr_errors(lejre, cvr) == [f"A CVR number has 8 digits. You wrote {len(cvr)}."]


@pytest.mark.parametrize("cvr", ["1358562B", "CVR13585628", "abc"])
def test_a_cvr_number_with_letters_is_refused_with_letters_as_the_reason(lejre, cvr):
    assert cvr_errors(lejre, cvr) == [
        "A CVR number has only digits. Remove the letters and other characters."
    ]


@pytest.mark.parametrize("cvr", ["13585627", "12345678", "01234567"])
def test_a_cvr_number_with_a_wrong_check_digit_is_refused_with_the_check_digit_as_the_reason(lejre, cvr):
    assert cvr_errors(lejre, cvr) == [
        "The check digit is wrong — check the number. You find it at datacvr.virk.dk."
    ]


def test_a_cvr_number_already_registered_is_refused_and_points_to_claiming_it(lejre):
    make_enterprise(cvr=VALID_CVR, status=Enterprise.Status.PENDING)

    assert cvr_errors(lejre, "DK13585628") == [
        "An enterprise with this CVR number is already registered. If it is yours, "
        "ask to manage it instead of creating a new profile."
    ]


def test_an_enterprise_keeps_its_own_cvr_number_when_edited(lejre):
    enterprise = make_enterprise(cvr=VALID_CVR, home_municipality=lejre)

    form = EnterpriseForm(profile_data(lejre), instance=enterprise)

    assert form.is_valid(), form.errors


def test_an_empty_cvr_number_is_required(lejre):
    assert cvr_errors(lejre, "") == ["This field is required."]


def test_the_claim_form_validates_the_cvr_number_the_same_way():
    form = ClaimForm({"cvr": "1234"})

    assert not form.is_valid()
    assert form.errors["cvr"] == ["A CVR number has 8 digits. You wrote 4."]
    assert ClaimForm({"cvr": "DK-13585628"}).is_valid()


# --- The profile ----------------------------------------------------------------------------------


def test_the_profile_form_splits_columns_from_relations(lejre, roskilde):
    food = make_category()
    flex = make_target_group()
    form = EnterpriseForm(
        profile_data(lejre, services=[food.pk], target_groups=[flex.pk], serves=[roskilde.pk])
    )

    assert form.is_valid(), form.errors
    fields = form.profile_fields()
    assert fields["cvr"] == VALID_CVR
    assert fields["home_municipality"] == lejre
    assert "logo" not in fields  # nothing uploaded: the stored logo (none) is left alone
    assert not {"services", "target_groups", "serves"} & set(fields)
    assert form.relations() == {"services": [food], "target_groups": [flex], "serves": [roskilde]}


def test_the_profile_form_offers_target_groups_as_checkboxes(lejre):
    make_target_group(name="Fleksjobbere", name_en="People in flex jobs")

    html = str(EnterpriseForm()["target_groups"])

    assert 'type="checkbox"' in html
    assert "People in flex jobs" in html


def test_the_profile_form_leaves_status_classification_and_review_to_staff():
    fields = set(EnterpriseForm.base_fields)

    assert not fields & {
        "status",
        "classification",
        "classification_override",
        "review_note",
        "pending_changes",
        "representatives",
        "slug",
        "is_example",
    }


def test_the_profile_form_puts_every_field_in_a_section():
    in_sections = [name for _legend, names in EnterpriseForm.sections for name in names]

    assert sorted(in_sections) == sorted(EnterpriseForm.base_fields)


def test_a_share_above_100_per_cent_is_refused(lejre):
    form = EnterpriseForm(profile_data(lejre, employment_services_share=101))

    assert not form.is_valid()
    assert "employment_services_share" in form.errors


# --- Pictures -------------------------------------------------------------------------------------

NOT_A_PICTURE = "The file is not a picture we can read. Upload a photo in JPEG, PNG or WebP format."


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_a_logo_in_a_common_format_is_accepted(lejre, image_format):
    logo = upload(name="logo.img", content=image_bytes(image_format))

    form = EnterpriseForm(profile_data(lejre), {"logo": logo})

    assert form.is_valid(), form.errors
    assert (
        form.profile_fields()["logo"].name
        == f"logo.{ {'PNG': 'png', 'JPEG': 'jpg', 'WEBP': 'webp'}[image_format] }"
    )


def test_a_text_file_named_jpg_is_not_a_picture(lejre):
    fake = upload(
        name="foto.jpg", content=b"MZ\x90\x00 this is not a picture at all", content_type="image/jpeg"
    )

    form = EnterpriseForm(profile_data(lejre), {"logo": fake})

    assert not form.is_valid()
    assert form.errors["logo"] == [NOT_A_PICTURE]


def test_an_svg_is_refused_as_not_a_picture(lejre):
    form = EnterpriseForm(profile_data(lejre), {"logo": upload("logo.svg", SVG, "image/svg+xml")})

    assert not form.is_valid()
    assert form.errors["logo"] == [NOT_A_PICTURE]


@pytest.mark.parametrize("image_format", ["GIF", "BMP", "TIFF"])
def test_pictures_in_other_formats_are_refused_by_name(lejre, image_format):
    picture = upload(name="logo.png", content=image_bytes(image_format))

    form = EnterpriseForm(profile_data(lejre), {"logo": picture})

    assert not form.is_valid()
    assert form.errors["logo"] == [
        f"{image_format} pictures are not accepted. Upload a photo in JPEG, PNG or WebP format."
    ]


def test_a_png_named_jpg_is_stored_under_its_real_format():
    form = PhotoForm({"caption": "Køkkenet"}, {"image": upload("køkken.jpg", image_bytes("PNG"))})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["image"].name == "køkken.png"


def test_a_real_picture_over_5_mb_is_refused():
    big = image_bytes("PNG", size=(1400, 1300), noise=True)
    assert len(big) > MAX_IMAGE_SIZE

    form = PhotoForm({"caption": ""}, {"image": upload("stor.png", big)})

    assert not form.is_valid()
    [message] = form.errors["image"]
    assert message.startswith("The file is 5.2\xa0MB;")
    assert message.endswith("a picture may be at most 5 MB. Make it smaller and try again.")


def test_a_file_of_exactly_5_mb_is_not_refused_for_its_size():
    exactly = b"\0" * MAX_IMAGE_SIZE

    form = PhotoForm({}, {"image": upload("fem.png", exactly)})

    assert form.errors["image"] == [NOT_A_PICTURE]  # refused for what it is, not for its size


def test_a_photo_is_required_on_the_photo_form():
    form = PhotoForm({"caption": "Uden billede"}, {})

    assert form.errors["image"] == ["This field is required."]


def test_a_story_photo_is_optional_but_must_be_a_picture():
    data = {"title": "Fra ledig til kok", "text": "Anna startede i fleksjob.", "date": "2025-03-01"}

    assert StoryForm(data).is_valid()
    form = StoryForm(data, {"photo": upload("anna.jpg", b"%PDF-1.4", "image/jpeg")})
    assert form.errors["photo"] == [NOT_A_PICTURE]


# --- What every public form shows --------------------------------------------------------------

PUBLIC_FORMS = [EnterpriseForm, ClaimForm, StoryForm, PhotoForm, IntakeForm]


@pytest.mark.parametrize("form_class", PUBLIC_FORMS, ids=lambda form_class: form_class.__name__)
def test_every_cvr_example_in_a_help_text_has_a_valid_check_digit(lejre, form_class):
    form = form_class()
    examples = [
        number for field in form.fields.values() for number in re.findall(r"\b\d{8}\b", str(field.help_text))
    ]

    assert all(cvr_number.is_valid(number) for number in examples), examples
    assert all(normalise_cvr(number) == number for number in examples)


def test_the_forms_with_a_cvr_number_show_an_example(db):
    assert ClaimForm().fields["cvr"].help_text.endswith("e.g. 99000007.")
    assert EnterpriseForm().fields["cvr"].help_text == "Eight digits, e.g. 99000007."
    assert IntakeForm().fields["cvr"].help_text == "If the organisation has one: eight digits, e.g. 99000007."


@pytest.mark.parametrize("form_class", PUBLIC_FORMS, ids=lambda form_class: form_class.__name__)
def test_every_public_select_opens_on_choose_not_dashes(lejre, form_class):
    with translation.override("da"):
        html = str(form_class())

    assert "---------" not in html
    assert html.count('<option value="" selected>Vælg …</option>') == html.count("<select")


def test_the_profile_and_the_intake_have_the_selects_that_open_on_choose(lejre):
    with translation.override("da"):
        profile, intake = str(EnterpriseForm()), str(IntakeForm())

    assert profile.count('<option value="" selected>Vælg …</option>') == 3  # legal form, municipality, sector
    assert intake.count('<option value="" selected>Vælg …</option>') == 1  # the municipality
