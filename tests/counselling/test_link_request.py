"""A private link that no longer works, and the form that mails the working link to the address
on the case: its own page rather than the generic 404, the same answer whether a case matches or
not, rate-limited per address and per case, and the mail queued with its cause."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from counselling import services
from counselling.models import CaseEvent, Status
from outbox.models import Notification
from tests.counselling.factories import make_case

pytestmark = pytest.mark.django_db

FORM = "/sag/nyt-link/"
GONE_HEADING = "Linket til en sag virker ikke længere"
START = datetime.datetime(2026, 3, 2, 10, 15, tzinfo=datetime.UTC)


@pytest.fixture
def case(lejre):
    return make_case(lejre, status=Status.IN_PROGRESS, applicant_email="mette@example.dk")


def link_mails():
    return Notification.objects.filter(template="case_link_requested")


# The page for a dead link ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/sag/not-a-real-token/", "/sag/" + "a" * 300 + "/"])
def test_an_unknown_link_gives_the_explaining_page_with_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert GONE_HEADING in response.text
    assert 'action="/sag/nyt-link/"' in response.text
    assert 'name="reference"' in response.text
    assert 'name="email"' in response.text
    assert response["Cache-Control"] == "private, no-store"


def test_a_replaced_link_gives_the_explaining_page_and_the_new_one_works(client, case, lejre_staff):
    old = case.access_token
    services.renew_access_link(case, by=lejre_staff)

    for response in (client.get(f"/sag/{old}/"), client.post(f"/sag/{old}/", {"text": "Hej"})):
        assert response.status_code == 404
        assert GONE_HEADING in response.text
    assert client.get(f"/sag/{case.access_token}/").status_code == 200


def test_an_expired_link_gives_the_explaining_page(client, lejre):
    case = make_case(
        lejre,
        status=Status.RESOLVED,
        closed_at=timezone.now() - datetime.timedelta(days=100),
        access_expires_at=timezone.now() - datetime.timedelta(days=10),
    )

    response = client.get(f"/sag/{case.access_token}/")

    assert response.status_code == 404
    assert GONE_HEADING in response.text


def test_the_explaining_page_speaks_english_under_en(client):
    response = client.get("/en/sag/not-a-real-token/")

    assert response.status_code == 404
    assert "This link to a case no longer works" in response.text
    assert 'action="/en/sag/nyt-link/"' in response.text


def test_other_missing_pages_keep_the_generic_404(client):
    response = client.get("/kommuner/findes-ikke/")

    assert response.status_code == 404
    assert GONE_HEADING not in response.text


# The form ----------------------------------------------------------------------------------------


def test_the_form_page_shows_the_form(client):
    response = client.get(FORM)

    assert response.status_code == 200
    assert "Få linket til din sag" in response.text


def test_a_matching_reference_and_address_mail_the_working_link(
    client, case, mailoutbox, django_capture_on_commit_callbacks
):
    token = case.access_token
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, {"reference": case.reference, "email": "Mette@Example.DK"})

    assert response.status_code == 303
    assert response["Location"] == "/sag/nyt-link/sendt/"
    case.refresh_from_db()
    assert case.access_token == token  # asking never revokes a working link
    [mail] = link_mails()
    assert mail.recipient_email == "mette@example.dk"
    assert mail.regarding == f"counselling.case:{case.pk}"
    event = case.events.get(kind=CaseEvent.Kind.ACCESS_LINK)
    assert mail.dedupe_key == f"case-link:{event.pk}"
    assert [m.to for m in mailoutbox] == [["mette@example.dk"]]
    assert f"/sag/{token}/" in mailoutbox[0].body


def test_the_reference_may_be_typed_loosely(client, case):
    number = case.reference.rsplit("-", 1)[1].lstrip("0")
    loose = f"  {case.reference[:3].lower()} {case.reference[4:8]} {number} "

    client.post(FORM, {"reference": loose, "email": "mette@example.dk"})

    assert link_mails().count() == 1


@pytest.mark.parametrize(
    "reference, email",
    [
        ("LEJ-2026-9999", "mette@example.dk"),  # no such case
        (None, "someone@example.dk"),  # the case, another address
    ],
)
def test_a_mismatch_gets_the_same_answer_and_mails_nobody(client, case, reference, email):
    Notification.objects.all().delete()
    matching = client.post(FORM, {"reference": case.reference, "email": "mette@example.dk"}, follow=True)
    Notification.objects.all().delete()

    other = client.post(FORM, {"reference": reference or case.reference, "email": email})
    followed = client.get(other["Location"])

    assert other.status_code == 303
    assert other["Location"] == "/sag/nyt-link/sendt/"
    assert not link_mails().exists()
    without_address = re.compile(r"<strong>[^<]*</strong>")
    assert without_address.sub("", followed.text) == without_address.sub("", matching.text)
    assert "Hvis sagsnummeret og adressen hører til samme sag" in followed.text


def test_an_expired_link_is_replaced_by_one_that_works(client, lejre):
    case = make_case(
        lejre,
        status=Status.RESOLVED,
        applicant_email="mette@example.dk",
        closed_at=timezone.now() - datetime.timedelta(days=100),
        access_expires_at=timezone.now() - datetime.timedelta(days=10),
    )
    old = case.access_token

    client.post(FORM, {"reference": case.reference, "email": "mette@example.dk"})

    case.refresh_from_db()
    assert case.access_token != old
    assert case.access_is_valid()
    assert case.access_expires_at > timezone.now() + datetime.timedelta(days=89)
    assert client.get(f"/sag/{case.access_token}/").status_code == 200
    assert link_mails().count() == 1


def test_an_anonymised_case_gets_no_link(client, lejre):
    case = make_case(lejre, applicant_email="mette@example.dk", anonymised_at=timezone.now())

    client.post(FORM, {"reference": case.reference, "email": "mette@example.dk"})

    assert not link_mails().exists()


@pytest.mark.parametrize(
    "language, data, field, message",
    [
        ("da", {"reference": "", "email": ""}, "reference", "Skriv sagsnummeret, fx LEJ-2026-0042."),
        ("da", {"reference": "", "email": ""}, "email", "Skriv din e-mailadresse."),
        (
            "da",
            {"reference": "sagen min", "email": "mette@example.dk"},
            "reference",
            "Skriv sagsnummeret, som det står i din kvittering: bogstaver, år og nummer, fx LEJ-2026-0042.",
        ),
        (
            "da",
            {"reference": "LEJ-2026-0042", "email": "mette"},
            "email",
            "Skriv en hel e-mailadresse, fx navn@eksempel.dk.",
        ),
        ("en", {"reference": "", "email": ""}, "email", "Write your email address."),
    ],
)
def test_bad_input_gets_a_clear_message_and_costs_no_try(client, settings, language, data, field, message):
    settings.LINK_REQUEST_LIMIT_PER_HOUR = 1
    prefix = "/en" if language == "en" else ""

    response = client.post(f"{prefix}{FORM}", data)

    assert response.status_code == 400
    assert message in response.text
    assert f'href="#id_{field}"' in response.text
    assert not link_mails().exists()
    assert client.post(f"{prefix}{FORM}", data).status_code == 400  # not 429: the try was given back


def test_more_requests_from_one_address_than_the_limit_get_429(client, case, settings):
    settings.LINK_REQUEST_LIMIT_PER_HOUR = 2

    with time_machine.travel(START, tick=False):
        for _n in range(2):
            unknown = client.post(FORM, {"reference": "LEJ-2026-9999", "email": "x@example.dk"})
            assert unknown.status_code == 303
        response = client.post(FORM, {"reference": case.reference, "email": "mette@example.dk"})

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Du har bedt om et link mange gange" in response.text
    assert not link_mails().exists()


def test_one_case_gets_at_most_the_limit_of_link_mails_an_hour_whoever_asks(client, case, settings):
    settings.LINK_MAIL_LIMIT_PER_HOUR = 2
    data = {"reference": case.reference, "email": "mette@example.dk"}

    with time_machine.travel(START, tick=False):
        answers = [client.post(FORM, data, REMOTE_ADDR=f"10.0.0.{n}") for n in range(4)]

    assert [answer.status_code for answer in answers] == [303, 303, 303, 303]
    assert link_mails().count() == 2


def test_the_sent_page_without_a_request_goes_to_the_form(client):
    response = client.get("/sag/nyt-link/sendt/")

    assert response.status_code == 302
    assert response["Location"] == FORM
