"""The public intake at /start/ (Danish) and /en/start/ (English): the form, what it refuses, the
bot defences, and the receipt.

A refusal stores nothing: no case, no attachment row, no file under PRIVATE_MEDIA_ROOT and no
outbox row, and its message is shown in the visitor's language.
"""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import translation
from django.utils.html import escape

from counselling import validation
from counselling.forms import IntakeForm
from counselling.models import Case, CaseAttachment, CaseEvent, Kind, Stage
from enterprises.forms import normalise_cvr
from outbox.models import Notification
from portal.hours import COPENHAGEN
from portal.models import OpeningHours
from tests.conftest import make_opening_hours
from tests.counselling.factories import png_bytes, upload

pytestmark = pytest.mark.django_db

VALID_CVR = "10150817"  # Novo Nordisk A/S: a real number with a valid check digit
CPR = "010190-1234"  # a valid date of birth in a CPR-shaped number
SAFE_DIGITS = "12345678"

PAGES = {"da": "/start/", "en": "/en/start/"}


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def form_data(municipality, **overrides):
    """The intake form as a browser posts it."""
    return {
        "municipality": municipality.slug,
        "applicant_name": "Mette Hansen",
        "applicant_email": "mette@example.dk",
        "applicant_phone": "",
        "organisation": "",
        "cvr": "",
        "kind": Kind.NEW_ENTERPRISE,
        "stage": Stage.IDEA,
        "description": "Vi vil starte en café med job til unge på kanten af arbejdsmarkedet.",
        "needs": ["business_plan", "funding"],
        "preferred_contact": "email",
        "consent": "on",
        "website": "",
        **overrides,
    }


def stored_files(settings):
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def assert_nothing_stored(settings):
    assert Case.objects.count() == 0
    assert CaseAttachment.objects.count() == 0
    assert CaseEvent.objects.count() == 0
    assert Notification.objects.count() == 0
    assert stored_files(settings) == []


def refusal(language, check, *args):
    """The message `check(*args)` refuses with, in `language`."""
    with translation.override(language):
        try:
            check(*args)
        except ValidationError as error:
            return error.messages[0]
    raise AssertionError("nothing was refused")


def form_message(language, field, code):
    with translation.override(language):
        return str(IntakeForm.base_fields[field].error_messages[code])


# The form ------------------------------------------------------------------------------------------


def test_the_form_preselects_the_municipality_from_its_page(client, lejre, roskilde):
    response = client.get("/start/?kommune=roskilde")

    assert response.status_code == 200
    assert '<option value="roskilde" selected>Roskilde Kommune</option>' in response.text
    assert '<option value="lejre">Lejre Kommune</option>' in response.text


def test_an_unknown_municipality_in_the_address_preselects_nothing(client, lejre):
    response = client.get("/start/?kommune=<script>")

    assert response.status_code == 200
    assert "selected>Lejre" not in response.text
    assert "<script>" not in response.text


def test_the_municipality_page_links_to_the_form_with_the_municipality(client, lejre):
    response = client.get("/kommuner/lejre/")

    assert 'href="/start/?kommune=lejre"' in response.text


def test_the_form_explains_how_the_information_is_handled(client, lejre, settings):
    settings.COUNSELLING_RETENTION_MONTHS = 18

    response = client.get("/en/start/")

    text = response.text
    assert "until 18 months after your case is closed" in text
    assert "the contact persons of the municipality you choose" in text
    assert "you can get a copy of your information" in text
    assert "Please do not send CPR numbers or health information" in text
    # The notice stands right above the consent box.
    assert text.index("How we handle your information") < text.index('name="consent"')


def test_every_field_is_labelled_and_grouped(client, lejre):
    response = client.get("/en/start/")

    text = response.text
    for name in (
        "municipality",
        "applicant_name",
        "applicant_email",
        "applicant_phone",
        "organisation",
        "cvr",
    ):
        assert f'for="id_{name}"' in text
    for legend in (
        "What is your request about?",
        "How far have you come?",
        "How would you like us to contact",
    ):
        assert re.search(r"<legend[^>]*>\s*" + re.escape(legend), text)
    assert 'aria-describedby="id_description_helptext"' in text
    assert re.search(r'<input type="file" name="attachments"[^>]* multiple', text)
    assert f'accept="{validation.ACCEPT}"' in text
    assert 'enctype="multipart/form-data"' in text
    assert "<script" not in text.split("</footer>")[0]
    assert ' style="' not in text


def test_the_honeypot_is_hidden_from_people(client, lejre):
    response = client.get("/start/")

    honeypot = re.search(r'<div class="counselling-hp" aria-hidden="true">.*?</div>', response.text, re.S)
    assert honeypot
    assert 'name="website"' in honeypot.group()
    assert 'tabindex="-1"' in honeypot.group()
    assert 'autocomplete="off"' in honeypot.group()
    assert '<link rel="stylesheet" href="/static/css/portal.css">' in response.text
    css = Path("static/css/portal.css").read_text()
    assert ".counselling-hp { display: none" in css


def test_the_site_menu_links_to_the_form(client, lejre):
    response = client.get("/start/")

    assert '<a href="/start/" class="nav-link" aria-current="page">' in response.text


def test_other_methods_are_not_allowed(client, lejre):
    assert client.put("/start/").status_code == 405


# Success ---------------------------------------------------------------------------------------------


def test_a_request_with_an_attachment_becomes_a_case_with_a_receipt_and_an_alert(
    client, lejre, lejre_staff, settings, on_commit, mailoutbox
):
    data = form_data(lejre, cvr="DK 10 15 08 17", attachments=[upload("forretningsplan.pdf")])

    with on_commit():
        response = client.post("/start/", data)

    assert response.status_code == 303
    assert response["Location"] == "/start/kvittering/"
    case = Case.objects.get()
    assert case.municipality == lejre
    assert case.reference.startswith("LEJ-")
    assert case.applicant_name == "Mette Hansen"
    assert case.cvr == VALID_CVR
    assert case.needs == ["business_plan", "funding"]
    assert case.language == "da"
    assert list(case.events.values_list("kind", flat=True)) == [CaseEvent.Kind.RECEIVED]
    attachment = CaseAttachment.objects.get()
    assert attachment.case == case
    assert attachment.name == "forretningsplan.pdf"
    assert attachment.content_type == validation.PDF
    assert attachment.event == case.events.get()
    assert stored_files(settings) == [Path(settings.PRIVATE_MEDIA_ROOT) / attachment.file.name]
    assert set(Notification.objects.values_list("template", "recipient_email")) == {
        ("case_receipt", "mette@example.dk"),
        ("case_alert", lejre_staff.email),
    }
    assert sorted(mail.to[0] for mail in mailoutbox) == [lejre_staff.email, "mette@example.dk"]


def test_the_mails_leave_only_after_the_case_is_committed(client, lejre, lejre_staff, mailoutbox):
    # Without running the on-commit callbacks nothing is sent: the outbox waits for the commit.
    response = client.post("/start/", form_data(lejre))

    assert response.status_code == 303
    assert mailoutbox == []
    assert Notification.objects.filter(status=Notification.Status.QUEUED).count() == 2


def test_the_receipt_shows_the_reference_deadline_phone_hours_and_private_link(client, lejre):
    lejre.phone = "46 46 46 46"
    lejre.save()
    make_opening_hours(lejre, weekday=0, opens="09:00", closes="12:00", kind=OpeningHours.Kind.PHONE)
    make_opening_hours(lejre, weekday=1, opens="09:00", closes="12:00", kind=OpeningHours.Kind.PHONE)
    # Thursday 26 November 2026: five working days on is Thursday 3 December.
    received = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=COPENHAGEN)

    with time_machine.travel(received, tick=False):
        response = client.post("/start/", form_data(lejre), follow=True)

    case = Case.objects.get()
    assert case.deadline == datetime.date(2026, 12, 3)
    assert response.status_code == 200
    text = response.text
    assert case.reference in text
    assert "torsdag 3. december 2026" in text
    assert "46 46 46 46" in text
    assert "Mandag–tirsdag" in text
    assert "09.00–12.00" in text
    assert f'href="/sag/{case.access_token}/"' in text
    assert f"http://testserver/sag/{case.access_token}/" in text
    assert response["Cache-Control"] == "private, no-store"
    assert '<meta name="robots" content="noindex">' in text


def test_an_english_request_gets_an_english_receipt_and_mail(client, lejre, on_commit, mailoutbox):
    received = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=COPENHAGEN)

    with time_machine.travel(received, tick=False), on_commit():
        response = client.post("/en/start/", form_data(lejre))

    assert response["Location"] == "/en/start/kvittering/"
    case = Case.objects.get()
    assert case.language == "en"
    with time_machine.travel(received, tick=False):  # the receipt shows for an hour after sending
        page = client.get(response["Location"])
    assert "Thursday 3 December 2026" in page.text
    assert f'href="/en/sag/{case.access_token}/"' in page.text
    receipt = next(mail for mail in mailoutbox if mail.to == ["mette@example.dk"])
    assert "Thursday 3 December 2026" in receipt.body
    assert f"http://testserver/en/sag/{case.access_token}/" in receipt.body


def test_the_receipt_without_a_submitted_case_sends_the_visitor_to_the_form(client, lejre):
    response = client.get("/start/kvittering/")

    assert response.status_code == 302
    assert response["Location"] == "/start/"


def test_markup_in_the_request_is_shown_as_text_on_the_receipt(client, lejre):
    data = form_data(
        lejre,
        applicant_name="<b>Mette</b>",
        organisation="<img src=x onerror=alert(1)>",
        description="<script>alert('hej')</script>",
    )

    response = client.post("/start/", data, follow=True)

    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "<b>Mette</b>" not in response.text
    assert "<img src=x" not in response.text
    assert escape("<script>alert('hej')</script>") in response.text
    assert escape("<b>Mette</b>") in response.text


def test_a_request_by_phone_needs_a_phone_number(client, lejre, settings):
    response = client.post("/en/start/", form_data(lejre, preferred_contact="phone"))

    assert response.status_code == 400
    assert "Write your phone number, since you would like us to call you." in response.text
    assert_nothing_stored(settings)


# Refusals ----------------------------------------------------------------------------------------------


def too_large_file():
    return SimpleUploadedFile("stor.pdf", b"%PDF-1.4\n" + b"0" * validation.MAX_FILE_SIZE)


REFUSALS = {
    "a CPR number in the description": (
        lambda m: form_data(m, description=f"Mit CPR-nummer er {CPR}."),
        lambda lang: refusal(lang, validation.refuse_cpr, CPR),
    ),
    "a CPR number in the name": (
        lambda m: form_data(m, applicant_name=f"Mette {CPR}"),
        lambda lang: refusal(lang, validation.refuse_cpr, CPR),
    ),
    "a CPR number in the organisation": (
        lambda m: form_data(m, organisation=f"Café {CPR.replace('-', '')}"),
        lambda lang: refusal(lang, validation.refuse_cpr, CPR),
    ),
    "a CVR number with a wrong check digit": (
        lambda m: form_data(m, cvr="10150818"),
        lambda lang: refusal(lang, normalise_cvr, "10150818"),
    ),
    "a CVR number with letters": (
        lambda m: form_data(m, cvr="1015O817"),
        lambda lang: refusal(lang, normalise_cvr, "1015O817"),
    ),
    "a file that is too large": (
        lambda m: form_data(m, attachments=[too_large_file()]),
        lambda lang: refusal(lang, validation.check_attachment, too_large_file()),
    ),
    "a file of a type not allowed": (
        lambda m: form_data(m, attachments=[upload("program.exe", b"MZ\x90\x00")]),
        lambda lang: refusal(lang, validation.check_attachment, upload("program.exe", b"MZ\x90\x00")),
    ),
    "a file whose content does not match its name": (
        lambda m: form_data(m, attachments=[upload("plan.pdf", png_bytes())]),
        lambda lang: refusal(lang, validation.check_attachment, upload("plan.pdf", png_bytes())),
    ),
    "more than five files": (
        lambda m: form_data(m, attachments=[upload(f"bilag{n}.pdf") for n in range(6)]),
        lambda lang: refusal(lang, validation.check_attachments, [upload(f"b{n}.pdf") for n in range(6)]),
    ),
    "missing consent": (
        lambda m: form_data(m, consent=""),
        lambda lang: form_message(lang, "consent", "required"),
    ),
}


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("case", list(REFUSALS))
def test_it_refuses(
    client, lejre, lejre_staff, settings, mailoutbox, django_capture_on_commit_callbacks, case, language
):
    build, message = REFUSALS[case]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGES[language], build(lejre))

    assert response.status_code == 400
    assert f'<html lang="{language}">' in response.text
    expected = message(language)
    assert expected
    # In the field's error and in the summary at the top, which links to the field.
    assert response.text.count(escape(expected)) == 2
    assert 'id="error-summary"' in response.text
    assert_nothing_stored(settings)
    assert mailoutbox == []


def test_the_cpr_refusal_tells_the_visitor_not_to_send_cpr_numbers(client, lejre):
    response = client.post("/en/start/", form_data(lejre, description=f"CPR {CPR}"))

    assert "Please remove the CPR number" in response.text


def test_a_number_that_is_not_a_cpr_number_is_accepted(client, lejre):
    response = client.post("/start/", form_data(lejre, description=f"Vi har {SAFE_DIGITS} kr. i budget."))

    assert response.status_code == 303


def test_the_visitor_is_told_to_choose_the_files_again(client, lejre):
    response = client.post("/en/start/", form_data(lejre, consent="", attachments=[upload("plan.pdf")]))

    assert response.status_code == 400
    assert "The files you chose have not been kept" in response.text


def test_no_note_about_files_when_none_were_chosen(client, lejre):
    response = client.post("/en/start/", form_data(lejre, consent=""))

    assert "The files you chose have not been kept" not in response.text


def test_the_error_summary_links_a_radio_group_to_its_first_option(client, lejre):
    response = client.post("/en/start/", form_data(lejre, kind=""))

    assert (
        '<a href="#id_kind_0" class="function-link">'
        "What is your request about?: Choose what your request is about.</a>" in response.text
    )


# Bots and floods ---------------------------------------------------------------------------------------


def test_a_body_larger_than_the_limit_is_refused_before_it_is_read(client, lejre, settings):
    response = client.post(
        "/en/start/", form_data(lejre), CONTENT_LENGTH=str(validation.MAX_REQUEST_SIZE + 1)
    )

    assert response.status_code == 413
    assert "too large" in response.text
    assert_nothing_stored(settings)


def test_a_filled_honeypot_gets_a_thank_you_and_nothing_is_stored(client, lejre, settings, mailoutbox):
    response = client.post("/en/start/", form_data(lejre, website="http://spam.example"))

    assert response.status_code == 200
    assert "Thank you – we have received your request" in response.text
    assert_nothing_stored(settings)


def test_the_sixth_request_in_an_hour_from_one_address_gets_429(client, lejre, settings):
    settings.INTAKE_LIMIT_PER_HOUR = 5
    start = datetime.datetime(2026, 3, 2, 10, 15, tzinfo=COPENHAGEN)

    with time_machine.travel(start, tick=False):
        for _n in range(5):
            assert client.post("/start/", form_data(lejre)).status_code == 303
        response = client.post("/en/start/", form_data(lejre))

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Please wait a little" in response.text
    assert Case.objects.count() == 5

    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        assert client.post("/start/", form_data(lejre)).status_code == 303


def test_with_the_cache_down_a_request_is_still_received(client, lejre, caplog):
    # A real Redis client against a port where nothing listens: the limit cannot be kept, and
    # the person's request must not be lost for it.
    down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    with override_settings(CACHES=down):
        response = client.post("/start/", form_data(lejre))

    assert response.status_code == 303
    assert Case.objects.count() == 1
    assert "The cache is unreachable" in caplog.text


def test_the_limit_is_per_address(client, lejre, settings):
    settings.INTAKE_LIMIT_PER_HOUR = 1

    assert client.post("/start/", form_data(lejre), REMOTE_ADDR="10.0.0.1").status_code == 303
    assert client.post("/start/", form_data(lejre), REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post("/start/", form_data(lejre), REMOTE_ADDR="10.0.0.2").status_code == 303


def test_refused_forms_do_not_count_towards_the_limit(client, lejre, settings):
    settings.INTAKE_LIMIT_PER_HOUR = 2

    for _n in range(4):
        assert client.post("/start/", form_data(lejre, consent="")).status_code == 400
    assert client.post("/start/", form_data(lejre)).status_code == 303
    assert client.post("/start/", form_data(lejre)).status_code == 303
    assert client.post("/start/", form_data(lejre)).status_code == 429


def test_honeypot_hits_count_towards_the_limit(client, lejre, settings):
    settings.INTAKE_LIMIT_PER_HOUR = 2

    for _n in range(2):
        assert client.post("/start/", form_data(lejre, website="spam")).status_code == 200
    response = client.post("/start/", form_data(lejre))

    assert response.status_code == 429
    assert Case.objects.count() == 0


def test_a_post_without_a_csrf_token_is_refused(lejre, settings):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post("/start/", form_data(lejre))

    assert response.status_code == 403
    assert_nothing_stored(settings)


def test_a_post_with_the_forms_csrf_token_is_taken(lejre):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/start/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    response = browser.post("/start/", form_data(lejre, csrfmiddlewaretoken=token))

    assert response.status_code == 303
    assert Case.objects.count() == 1


def test_the_receipt_is_shown_again_only_for_an_hour(client, lejre):
    sent = datetime.datetime(2026, 3, 2, 10, 15, tzinfo=COPENHAGEN)
    with time_machine.travel(sent, tick=False):
        client.post("/start/", form_data(lejre))
    reference = Case.objects.get().reference

    with time_machine.travel(sent + datetime.timedelta(minutes=59), tick=False):
        assert reference in client.get("/start/kvittering/").text
    with time_machine.travel(sent + datetime.timedelta(minutes=61), tick=False):
        assert client.get("/start/kvittering/")["Location"] == "/start/"


def test_a_broken_upload_is_a_bad_request_not_an_error(client, lejre, settings):
    response = client.generic(
        "POST", "/start/", b"--xyz\r\nbroken", content_type="multipart/form-data; boundary=xyz"
    )

    assert response.status_code == 400
    assert_nothing_stored(settings)


def test_a_nul_character_in_a_field_is_refused(client, lejre, settings):
    response = client.post("/start/", form_data(lejre, description="Hej\x00med dig"))

    assert response.status_code == 400
    assert_nothing_stored(settings)


def test_an_unknown_municipality_in_the_form_is_refused(client, lejre, settings):
    response = client.post("/en/start/", {**form_data(lejre), "municipality": "atlantis"})

    assert response.status_code == 400
    assert "Choose one of the municipalities in the list." in response.text
    assert_nothing_stored(settings)
