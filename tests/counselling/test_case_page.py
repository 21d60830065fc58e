"""The applicant's private page /sag/<token>/: what it shows, the reply form, the copy of their data.

Reached only through the token: a forged, revoked or expired one gives a 404, and the page is
kept out of caches, search engines and referrers.
"""

import datetime
import json
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape

from counselling import services, validation
from counselling.forms import MAX_CASE_FILES
from counselling.models import Case, CaseAttachment, CaseEvent, Partner, Status
from outbox.models import Notification
from tests.counselling.factories import checked, make_case, png_bytes, upload

pytestmark = pytest.mark.django_db

CPR = "010190-1234"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def case(lejre):
    return make_case(lejre, status=Status.IN_PROGRESS)


def page(case, language="da"):
    prefix = "/en" if language == "en" else ""
    return f"{prefix}/sag/{case.access_token}/"


def csrf_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


# The page ----------------------------------------------------------------------------------------------


def test_the_page_shows_the_case_and_its_applicant_visible_timeline(client, case, lejre_staff):
    services.send_message(case, by=lejre_staff, text="Hvornår kan vi mødes?")
    services.add_note(case, by=lejre_staff, text="Intern: ring til jobcentret")
    services.refer(case, by=lejre_staff, partner=Partner.JOBCENTER, text="Jobcentret hjælper med løntilskud.")

    response = client.get(page(case, "en"))

    assert response.status_code == 200
    text = response.text
    assert case.reference in text
    assert "Lejre" in text
    assert "In progress" in text
    assert case.deadline.strftime("%Y") in text
    assert f"Message from {lejre_staff.get_full_name()}" in text
    assert "Hvornår kan vi mødes?" in text
    assert "Referred to Jobcentre" in text
    assert "Jobcentret hjælper med løntilskud." in text
    assert "Intern: ring til jobcentret" not in text
    assert "You sent your request" in text


def test_the_page_is_private(client, case):
    response = client.get(page(case))

    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.text


def test_the_page_shows_the_deadline_as_a_danish_date(client, lejre):
    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC), tick=False):
        case = make_case(lejre)
        response = client.get(page(case))

    assert "torsdag 3. december 2026" in response.text


def test_the_page_is_in_english_under_en(client, case):
    response = client.get(page(case, "en"))

    assert '<html lang="en">' in response.text
    assert "What has happened" in response.text


def test_a_forged_token_gives_404(client, case):
    assert client.get("/sag/not-a-real-token/").status_code == 404
    assert client.get(f"/sag/{case.access_token[:-1]}x/").status_code == 404
    assert client.get("/sag/" + "a" * 300 + "/").status_code == 404


def test_a_revoked_token_gives_404_and_the_new_one_works(client, case, lejre_staff):
    old = case.access_token

    services.renew_access_link(case, by=lejre_staff)

    assert client.get(f"/sag/{old}/").status_code == 404
    assert client.post(f"/sag/{old}/", {"text": "Hej"}).status_code == 404
    assert client.get(page(case)).status_code == 200


def test_an_expired_token_gives_404(client, lejre):
    case = make_case(
        lejre,
        status=Status.RESOLVED,
        closed_at=timezone.now() - datetime.timedelta(days=100),
        access_expires_at=timezone.now() - datetime.timedelta(days=10),
    )

    assert client.get(page(case)).status_code == 404
    assert client.post(page(case) + "kopi/").status_code == 404


def test_an_anonymised_case_gives_404(client, lejre):
    case = make_case(lejre, anonymised_at=timezone.now())

    assert client.get(page(case)).status_code == 404


def test_the_page_runs_a_fixed_number_of_queries(client, lejre, lejre_staff):
    def queries(case):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page(case)).status_code == 200
        return len(captured)

    few = make_case(lejre, attachments=checked(upload("a.pdf")))
    services.send_message(few, by=lejre_staff, text="Hej")
    many = make_case(lejre, attachments=checked(upload("a.pdf")))
    for n in range(10):
        services.send_message(many, by=lejre_staff, text=f"Besked {n}")
        services.reply(many, text=f"Svar {n}", attachments=[(upload(f"svar{n}.png"), validation.PNG)])

    assert services.applicant_events(few).count() == 2
    assert services.applicant_events(many).count() == 21
    assert queries(few) == queries(many)


def test_markup_is_shown_as_text(client, lejre, lejre_staff):
    case = make_case(lejre, applicant_name="<b>Mette</b>", description="<script>alert(1)</script>")
    services.send_message(case, by=lejre_staff, text="<img src=x onerror=alert(2)>")
    services.reply(case, text="<i>svar</i>", attachments=[(upload("<u>plan</u>.pdf"), validation.PDF)])

    text = client.get(page(case)).text

    for markup in (
        "<b>Mette</b>",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "<i>svar</i>",
    ):
        assert markup not in text
        assert escape(markup) in text
    assert "<u>plan</u>" not in text


# The reply -------------------------------------------------------------------------------------------


def test_a_reply_reaches_the_assignee(client, lejre, lejre_staff, lejre_admin, on_commit, mailoutbox):
    case = make_case(lejre, status=Status.IN_PROGRESS, assignee=lejre_staff)
    Notification.objects.all().delete()

    with on_commit():
        response = client.post(page(case), {"text": "Vi kan mødes tirsdag."})

    assert response.status_code == 303
    assert response["Location"] == page(case)
    event = case.events.get(kind=CaseEvent.Kind.MESSAGE_IN)
    assert event.text == "Vi kan mødes tirsdag."
    assert list(Notification.objects.values_list("template", "recipient_email")) == [
        ("case_reply", lejre_staff.email)
    ]
    assert [mail.to for mail in mailoutbox] == [[lejre_staff.email]]
    assert "Vi kan mødes tirsdag." not in mailoutbox[0].body
    followed = client.get(response["Location"])
    assert "Vi kan mødes tirsdag." in followed.text
    assert "alert-success" in followed.text


def test_a_reply_on_an_unassigned_case_reaches_the_contact_persons(client, case, lejre_staff, lejre_admin):
    Notification.objects.all().delete()

    client.post(page(case), {"text": "Et spørgsmål mere."})

    assert set(Notification.objects.values_list("recipient_email", flat=True)) == {
        lejre_staff.email,
        lejre_admin.email,
    }


def test_a_reply_puts_a_waiting_case_back_in_progress(client, lejre):
    case = make_case(lejre, status=Status.WAITING)

    client.post(page(case), {"text": "Her er svaret."})

    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert case.events.filter(kind=CaseEvent.Kind.STATUS, to_status=Status.IN_PROGRESS).exists()


def test_a_reply_can_carry_files(client, case, settings):
    response = client.post(
        page(case), {"text": "", "attachments": [upload("budget.xlsx"), upload("logo.png")]}
    )

    assert response.status_code == 303
    event = case.events.get(kind=CaseEvent.Kind.ATTACHMENT)
    assert sorted(event.attachments.values_list("name", flat=True)) == ["budget.xlsx", "logo.png"]
    assert all(attachment.file.storage.exists(attachment.file.name) for attachment in event.attachments.all())
    text = client.get(page(case)).text
    assert "budget.xlsx" in text
    assert "logo.png" in text


def replies(case):
    return case.events.filter(kind__in=[CaseEvent.Kind.MESSAGE_IN, CaseEvent.Kind.ATTACHMENT]).count()


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_reply_with_a_cpr_number_is_refused(client, case, language):
    Notification.objects.all().delete()

    response = client.post(page(case, language), {"text": f"Mit CPR-nummer er {CPR}"})

    assert response.status_code == 400
    with translation.override(language):
        try:
            validation.refuse_cpr(CPR)
        except ValidationError as error:
            expected = error.messages[0]
    assert escape(expected) in response.text
    assert replies(case) == 0
    assert not Notification.objects.exists()


def test_answers_beyond_the_hourly_limit_get_429_and_mail_nobody(client, case, settings):
    settings.REPLY_LIMIT_PER_HOUR = 3
    start = datetime.datetime(2026, 3, 2, 10, 15, tzinfo=datetime.UTC)

    with time_machine.travel(start, tick=False):
        for n in range(3):
            assert client.post(page(case), {"text": f"Svar {n}"}).status_code == 303
        mails = Notification.objects.count()
        response = client.post(page(case, "en"), {"text": "Svar 4"})

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Your case has received many answers within the last hour" in response.text
    assert response["Cache-Control"] == "private, no-store"
    assert replies(case) == 3
    assert Notification.objects.count() == mails
    # Refused answers do not count, and the next hour takes answers again.
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        assert client.post(page(case), {"text": " "}).status_code == 400
        assert client.post(page(case), {"text": "Svar 5"}).status_code == 303


def test_an_empty_reply_is_refused(client, case):
    response = client.post(page(case, "en"), {"text": "  "})

    assert response.status_code == 400
    assert "Write a message or choose a file to send." in response.text
    assert replies(case) == 0


def test_a_reply_with_more_than_five_files_is_refused(client, case, settings):
    files = [upload(f"bilag{n}.pdf") for n in range(6)]

    response = client.post(page(case, "en"), {"text": "Bilag", "attachments": files})

    assert response.status_code == 400
    assert "You can attach at most 5 files; you chose 6." in response.text
    assert "The files you chose have not been kept" in response.text
    assert replies(case) == 0
    assert CaseAttachment.objects.count() == 0


def test_a_reply_with_a_file_whose_content_does_not_match_is_refused(client, case):
    response = client.post(
        page(case, "en"), {"text": "Bilag", "attachments": [upload("plan.pdf", png_bytes())]}
    )

    assert response.status_code == 400
    assert "The content of plan.pdf does not match its name" in response.text
    assert replies(case) == 0


def add_stored_attachments(case, count):
    CaseAttachment.objects.bulk_create(
        CaseAttachment(
            case=case, key=f"{case.pk}-{n}", file=f"x/{n}", name=f"{n}.pdf", content_type="x", size=1
        )
        for n in range(count)
    )


def test_a_case_holds_at_most_twenty_files(client, case):
    add_stored_attachments(case, MAX_CASE_FILES - 1)

    response = client.post(page(case, "en"), {"attachments": [upload("a.pdf"), upload("b.pdf")]})

    assert response.status_code == 400
    assert "You can attach at most 1 files; you chose 2." in response.text
    assert CaseAttachment.objects.count() == MAX_CASE_FILES - 1

    assert client.post(page(case, "en"), {"attachments": [upload("a.pdf")]}).status_code == 303
    response = client.post(page(case, "en"), {"attachments": [upload("b.pdf")]})

    assert response.status_code == 400
    assert "Your case already has 20 files, the most it can hold." in response.text
    assert CaseAttachment.objects.count() == MAX_CASE_FILES


def test_a_closed_case_has_no_reply_form(client, lejre):
    case = make_case(lejre, status=Status.RESOLVED, closed_at=timezone.now())

    response = client.get(page(case, "en"))

    assert response.status_code == 200
    assert 'name="text"' not in response.text
    assert "The case is closed" in response.text
    assert "contact Lejre" in response.text


def test_a_reply_to_a_closed_case_is_refused(client, lejre):
    case = make_case(lejre, status=Status.REJECTED, closed_at=timezone.now())
    Notification.objects.all().delete()

    response = client.post(page(case, "en"), {"text": "Hallo?"}, follow=True)

    assert "cannot take answers here" in response.text
    assert replies(case) == 0
    assert not Notification.objects.exists()


def test_a_reply_larger_than_the_limit_gets_413(client, case):
    response = client.post(page(case), {"text": "x"}, CONTENT_LENGTH=str(validation.MAX_REQUEST_SIZE + 1))

    assert response.status_code == 413
    assert replies(case) == 0


def test_a_reply_without_a_csrf_token_is_refused(case):
    browser = Client(enforce_csrf_checks=True)

    assert browser.post(page(case), {"text": "Hej"}).status_code == 403
    response = browser.post(
        page(case), {"text": "Hej", "csrfmiddlewaretoken": csrf_token(browser.get(page(case)))}
    )
    assert response.status_code == 303
    assert replies(case) == 1


# The copy of the applicant's data --------------------------------------------------------------------------


def copy_link(client, case):
    response = client.post(page(case, "en") + "kopi/")
    assert response.status_code == 200
    return re.search(r'href="(/en/kopi/[^"]+/)"', response.text).group(1)


def test_the_copy_of_the_data_is_a_json_download(client, case, lejre_staff):
    services.send_message(case, by=lejre_staff, text="Hej Mette")
    services.add_note(case, by=lejre_staff, text="Intern note")

    response = client.post(page(case, "en") + "kopi/")
    assert "The link works for one hour" in response.text
    assert response["Cache-Control"] == "private, no-store"
    link = re.search(r'href="(/en/kopi/[^"]+/)"', response.text).group(1)
    download = client.get(link)

    assert download.status_code == 200
    assert download["Content-Type"] == "application/json; charset=utf-8"
    assert download["Content-Disposition"] == f'attachment; filename="{case.reference}.json"'
    assert download["Cache-Control"] == "private, no-store"
    data = json.loads(download.content)
    assert data["reference"] == case.reference
    assert data["applicant"]["name"] == "Mette Hansen"
    texts = [entry["text"] for entry in data["timeline"]]
    assert "Hej Mette" in texts
    assert "Intern note" not in texts


def test_the_copy_link_expires_after_an_hour(client, case):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        link = copy_link(client, case)
    with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
        assert client.get(link).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        assert client.get(link).status_code == 404


def test_a_forged_copy_link_gives_404(client, case):
    link = copy_link(client, case)
    value, timestamp, signature = link.removeprefix("/en/kopi/").removesuffix("/").split(":")
    other = make_case(case.municipality)

    forged_signature = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    assert client.get(f"/kopi/{value}:{timestamp}:{forged_signature}/").status_code == 404
    forged_value = f"{other.pk}{value[value.index('.') :]}"
    assert client.get(f"/kopi/{forged_value}:{timestamp}:{signature}/").status_code == 404
    assert client.get(f"/kopi/{case.access_token}/").status_code == 404
    assert client.get("/kopi/x:y:z/").status_code == 404


def test_a_copy_link_dies_with_a_revoked_token(client, case, lejre_staff):
    link = copy_link(client, case)

    services.renew_access_link(case, by=lejre_staff)

    assert client.get(link).status_code == 404


def test_the_copy_is_asked_for_by_post_only(client, case):
    assert client.get(page(case) + "kopi/").status_code == 405
    assert Case.objects.count() == 1
