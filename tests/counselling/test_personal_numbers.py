"""CPR and CVR numbers however they are written, through the real intake, reply and case page.

A CPR number must not reach a case: not in a text field, not in a file's name, whether it is
written with slashes, full stops or spaces, with full-width or Arabic-Indic digits, or with an
invisible character or a look-alike dash in the middle. Ordinary text, phone numbers and dates
must still pass. A CVR number with digits from outside 0–9 is refused, never a 500, never stored.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from counselling.models import Case, CaseAttachment, CaseEvent, Status
from outbox.models import Notification
from tests.counselling.factories import make_case, upload
from tests.counselling.test_intake import assert_nothing_stored, form_data
from tests.enterprises.factories import make_enterprise

pytestmark = pytest.mark.django_db

#: 010190-1234 (a valid date of birth), as people, word processors and tricks write it.
CPR_SPELLINGS = {
    "slash": "010190/1234",
    "full stops and a dash": "01.01.90-1234",
    "pairs": "01 01 90 12 34",
    "slashes in the date": "01/01/90 1234",
    "spaced en dash": "010190 \u2013 1234",
    "zero-width space": "0101\u200b90-1234",
    "zero-width space at the dash": "010190\u200b-\u200b1234",
    "minus sign": "010190\u22121234",
    "soft hyphen": "010190\u00ad1234",
    "non-breaking space": "010190\u00a01234",
    "full-width digits": "\uff10\uff11\uff10\uff11\uff19\uff10\uff0d\uff11\uff12\uff13\uff14",
    "Arabic-Indic digits": "\u0660\u0661\u0660\u0661\u0669\u0660-\u0661\u0662\u0663\u0664",
    "at the end of a sentence": "0101901234.",
}

#: Text with numbers in it that is not a CPR number.
NOT_CPR = {
    "an international phone number": "Ring på +45 12 34 56 78 efter kl. 10.",
    "two phone numbers": "Tlf. 12 34 56 78 eller 87654321.",
    "a short date": "Vi åbner 1.1.2026.",
    "a date and a time": "Mødet er 01.01.2026 12:30 på rådhuset.",
    "a year span": "Budget 2026-2027: 120.000 kr.",
    "a CVR number": "Vores CVR er 10150817.",
    "an amount": "Vi har 12345678 kr. i budget.",
    "ordinary text": "Vi vil starte en café med job til unge på kanten af arbejdsmarkedet.",
}

CPR_MESSAGE = "Please remove the CPR number. We don't need it, and it must not be sent through this form."
FILE_NAME_MESSAGE = "The name of a file holds a CPR number. Rename the file and choose it again."

NON_ASCII_CVRS = ["3100000²", "٣١٠٠٠٠٠٩", "３１０００００９", "①1000009"]
CVR_MESSAGE = "Write the CVR number with the ordinary digits 0 to 9 only."


def shown(response, message):
    """The message is in the field's error and in the summary that links to it."""
    return response.text.count(escape(message)) == 2


# --- The intake -------------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", list(CPR_SPELLINGS))
def test_the_intake_refuses_a_cpr_number_however_it_is_written(client, lejre, settings, mailoutbox, spelling):
    written = CPR_SPELLINGS[spelling]

    response = client.post("/en/start/", form_data(lejre, description=f"Mit CPR-nummer er {written}"))

    assert response.status_code == 400
    assert shown(response, CPR_MESSAGE)
    assert written in response.text  # kept in the field, for the visitor to correct
    assert_nothing_stored(settings)
    assert mailoutbox == []


@pytest.mark.parametrize("spelling", list(CPR_SPELLINGS))
def test_the_intake_refuses_a_file_whose_name_holds_a_cpr_number(client, lejre, settings, spelling):
    name = f"ansøgning {CPR_SPELLINGS[spelling].rstrip('.').replace('/', '-')}.pdf"

    response = client.post("/en/start/", form_data(lejre, attachments=[upload(name)]))

    assert response.status_code == 400
    assert shown(response, FILE_NAME_MESSAGE)
    assert_nothing_stored(settings)


def test_the_file_name_message_is_danish_on_the_danish_page(client, lejre):
    response = client.post("/start/", form_data(lejre, attachments=[upload("cpr_0101901234.pdf")]))

    assert response.status_code == 400
    assert shown(response, "Navnet på en fil indeholder et CPR-nummer. Omdøb filen, og vælg den igen.")


@pytest.mark.parametrize("text", list(NOT_CPR))
def test_the_intake_takes_numbers_that_are_not_cpr_numbers(client, lejre, text):
    response = client.post("/start/", form_data(lejre, description=NOT_CPR[text]))

    assert response.status_code == 303
    assert Case.objects.get().description == NOT_CPR[text]


def test_the_intake_takes_a_phone_number_with_the_country_code(client, lejre):
    response = client.post("/start/", form_data(lejre, applicant_phone="+45 12 34 56 78"))

    assert response.status_code == 303


def test_the_intake_takes_a_file_named_with_a_date(client, lejre):
    response = client.post("/start/", form_data(lejre, attachments=[upload("budget 1.1.2026.pdf")]))

    assert response.status_code == 303
    assert CaseAttachment.objects.get().name == "budget 1.1.2026.pdf"


@pytest.mark.parametrize("cvr", NON_ASCII_CVRS)
def test_the_intake_refuses_a_cvr_number_with_other_digits(client, lejre, settings, cvr):
    response = client.post("/en/start/", form_data(lejre, cvr=cvr))

    assert response.status_code == 400
    assert shown(response, CVR_MESSAGE)
    assert_nothing_stored(settings)


# --- The reply on the private page --------------------------------------------------------------------


@pytest.fixture
def case(lejre):
    case = make_case(lejre, status=Status.IN_PROGRESS)
    Notification.objects.all().delete()
    return case


def replies(case):
    return case.events.filter(kind__in=[CaseEvent.Kind.MESSAGE_IN, CaseEvent.Kind.ATTACHMENT]).count()


@pytest.mark.parametrize("spelling", list(CPR_SPELLINGS))
def test_a_reply_with_a_cpr_number_however_written_is_refused(client, case, spelling):
    response = client.post(f"/en/sag/{case.access_token}/", {"text": f"CPR: {CPR_SPELLINGS[spelling]}"})

    assert response.status_code == 400
    assert shown(response, CPR_MESSAGE)
    assert replies(case) == 0
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "0101901234.pdf",
        "cpr 01.01.90-1234.pdf",
        "\uff10\uff11\uff10\uff11\uff19\uff10\uff11\uff12\uff13\uff14.png",
    ],
)
def test_a_reply_with_a_file_whose_name_holds_a_cpr_number_is_refused(client, case, name):
    response = client.post(f"/en/sag/{case.access_token}/", {"text": "Bilag", "attachments": [upload(name)]})

    assert response.status_code == 400
    assert shown(response, FILE_NAME_MESSAGE)
    assert replies(case) == 0
    assert CaseAttachment.objects.count() == 0


@pytest.mark.parametrize("text", list(NOT_CPR))
def test_a_reply_with_numbers_that_are_not_cpr_numbers_is_taken(client, case, text):
    response = client.post(f"/sag/{case.access_token}/", {"text": NOT_CPR[text]})

    assert response.status_code == 303
    assert replies(case) == 1


# --- The case page's enterprise step ------------------------------------------------------------------


@pytest.mark.parametrize("cvr", NON_ASCII_CVRS)
def test_the_case_page_refuses_a_cvr_number_with_other_digits(lejre_client, lejre, cvr):
    make_enterprise(cvr="31000009", home_municipality=lejre)
    case = make_case(lejre)
    before = (Case.objects.values().get(pk=case.pk), case.events.count())
    with translation.override("en"):
        url = reverse("admin:counselling_case_change", args=[case.pk])

    response = lejre_client.post(url, {"action": "enterprise", "cvr": cvr})

    assert response.status_code == 200
    assert escape(CVR_MESSAGE) in response.text
    assert (Case.objects.values().get(pk=case.pk), case.events.count()) == before


@pytest.mark.parametrize("spelling", ["full stops and a dash", "zero-width space", "Arabic-Indic digits"])
def test_the_case_page_refuses_a_message_with_a_cpr_number_however_written(lejre_client, lejre, spelling):
    case = make_case(lejre)
    events = case.events.count()
    with translation.override("en"):
        url = reverse("admin:counselling_case_change", args=[case.pk])

    response = lejre_client.post(url, {"action": "message", "text": f"Dit CPR er {CPR_SPELLINGS[spelling]}"})

    assert response.status_code == 200
    assert "Remove the CPR number" in response.text
    assert case.events.count() == events
