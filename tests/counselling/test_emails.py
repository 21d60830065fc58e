"""The counselling emails, rendered from the outbox rows the services queue: in the case's (or the
staff member's) language, text and HTML, markup shown as text, and no description of the request
in the staff's mailboxes."""

import datetime

import pytest
import time_machine
from django.utils.html import escape

from counselling import services, validation
from counselling.models import Status
from outbox.delivery import build_message
from outbox.models import Notification
from portal.hours import COPENHAGEN
from portal.models import OpeningHours
from tests.conftest import make_opening_hours
from tests.counselling.factories import make_case, upload

pytestmark = pytest.mark.django_db

# Thursday 26 November 2026: five working days on is Thursday 3 December.
RECEIVED = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=COPENHAGEN)
DESCRIPTION = "Hemmelig plan om en café i Hvalsø"

TEMPLATES = [
    "case_receipt",
    "case_alert",
    "case_assigned",
    "case_message",
    "case_reply",
    "case_closed",
    "case_link",
]


def rendered(template, recipient=None):
    """(subject, text, html) of the newest outbox row of `template`."""
    rows = Notification.objects.filter(template=template).order_by("-pk")
    if recipient:
        rows = rows.filter(recipient_email=recipient)
    message = build_message(rows.first())
    return message.subject, message.body, message.alternatives[0][0]


@pytest.fixture
def lejre_with_hours(lejre):
    lejre.phone = "46 46 46 46"
    lejre.email = "erhverv@lejre.dk"
    lejre.save()
    for weekday in (0, 1):
        make_opening_hours(
            lejre, weekday=weekday, opens="09:00", closes="12:00", kind=OpeningHours.Kind.PHONE
        )
    return lejre


def the_whole_story(municipality, staff, admin, language, **fields):
    """A case through every mail: received, assigned, a message, a reply, closed, a new link."""
    with time_machine.travel(RECEIVED, tick=False):
        case = make_case(municipality, language=language, description=DESCRIPTION, **fields)
    services.assign(case, staff, by=admin, expected_assignee_id=None)
    services.change_status(case, Status.TRIAGE, by=staff, expected_status=Status.NEW)
    services.change_status(case, Status.IN_PROGRESS, by=staff, expected_status=Status.TRIAGE)
    services.send_message(case, by=staff, text="Kan du sende budgettet?")
    services.reply(case, text="Her er det.", attachments=[(upload("budget.pdf"), validation.PDF)])
    services.change_status(
        case, Status.RESOLVED, by=staff, expected_status=Status.IN_PROGRESS, text="God vind!"
    )
    services.renew_access_link(case, by=staff)
    case.refresh_from_db()
    return case


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_mail_renders_in_text_and_html(lejre_with_hours, lejre_staff, lejre_admin, language):
    lejre_staff.language = lejre_admin.language = language
    lejre_staff.save()
    lejre_admin.save()

    case = the_whole_story(lejre_with_hours, lejre_staff, lejre_admin, language)

    assert set(Notification.objects.values_list("template", flat=True)) == set(TEMPLATES)
    assert set(Notification.objects.values_list("language", flat=True)) == {language}
    for template in TEMPLATES:
        subject, text, html = rendered(template)
        assert case.reference in subject, template
        assert case.reference in text, template
        assert case.reference in html, template
        assert html.startswith("<!doctype html>")
        assert f'<html lang="{language}">' in html


def test_the_receipt_in_danish(lejre_with_hours):
    with time_machine.travel(RECEIVED, tick=False):
        case = make_case(lejre_with_hours, language="da")

    subject, text, html = rendered("case_receipt")

    assert case.reference in subject
    assert "torsdag 3. december 2026" in text
    assert "torsdag 3. december 2026" in html
    assert "Mandag–tirsdag: 09.00–12.00" in text
    assert "46 46 46 46" in text
    assert "erhverv@lejre.dk" in text
    assert f"http://testserver/sag/{case.access_token}/" in text
    assert f'href="http://testserver/sag/{case.access_token}/"' in html


def test_the_receipt_in_english(lejre_with_hours):
    with time_machine.travel(RECEIVED, tick=False):
        case = make_case(lejre_with_hours, language="en")

    subject, text, html = rendered("case_receipt")

    assert subject == f"We have received your request {case.reference}"
    assert "Thursday 3 December 2026" in text
    assert "Monday–Tuesday: 09:00–12:00" in text
    assert f"http://testserver/en/sag/{case.access_token}/" in text
    assert "Monday–Tuesday" in html


def test_markup_is_escaped_in_html_and_kept_as_typed_in_text(lejre, lejre_staff):
    case = make_case(lejre, language="en", applicant_name="<b>Mette</b>")
    services.send_message(case, by=lejre_staff, text="<script>alert(1)</script>\nLinje to")

    _subject, text, html = rendered("case_receipt")
    assert "Mette" not in text + html  # the receipt goes to an address anyone could type: no free text

    _subject, text, html = rendered("case_message")
    assert "Hello <b>Mette</b>," in text
    assert "<b>Mette</b>" not in html
    assert escape("<b>Mette</b>") in html
    assert "<script>alert(1)</script>\nLinje to" in text
    assert "<script>" not in html
    assert escape("<script>alert(1)</script>") + "<br>Linje to" in html


def test_the_message_mail_names_the_sender(lejre, lejre_staff):
    case = make_case(lejre, language="en")
    services.send_message(case, by=lejre_staff, text="Hvornår passer det?")

    subject, text, html = rendered("case_message")

    assert subject == f"New message about your request {case.reference}"
    assert f"{lejre_staff.get_full_name()} from Lejre Kommune has written to you" in text
    assert "Hvornår passer det?" in html


def test_the_closing_mail_gives_the_status_and_the_note(lejre, lejre_staff):
    case = make_case(lejre, language="en", status=Status.IN_PROGRESS)
    services.change_status(
        case,
        Status.REFERRED,
        by=lejre_staff,
        expected_status=Status.IN_PROGRESS,
        text="Jobcentret tager over.",
    )

    subject, text, html = rendered("case_closed")

    assert subject == f"Your request {case.reference} is closed"
    assert "The status is now: Closed: referred." in text
    assert "Jobcentret tager over." in text
    assert "Closed: referred" in html


def test_the_new_link_mail_carries_the_new_link(lejre, lejre_staff):
    case = make_case(lejre, language="da")
    old = case.access_token
    services.renew_access_link(case, by=lejre_staff)

    _subject, text, html = rendered("case_link")

    assert f"/sag/{case.access_token}/" in text
    assert old not in text
    assert old not in html


def test_staff_mails_carry_the_link_but_not_the_request(lejre_with_hours, lejre_staff, lejre_admin):
    lejre_staff.language = lejre_admin.language = "en"
    lejre_staff.save()
    lejre_admin.save()

    case = the_whole_story(
        lejre_with_hours,
        lejre_staff,
        lejre_admin,
        "da",
        applicant_name="Mette Hemmelig",
        applicant_email="mette.hemmelig@example.dk",
    )

    admin_url = f"http://testserver/admin/counselling/case/{case.pk}/change/"
    for template in ("case_alert", "case_assigned", "case_reply"):
        subject, text, html = rendered(template)
        assert admin_url in text, template
        assert f'href="{admin_url}"' in html, template
        assert "Start a new social-economy enterprise" in text, template
        for secret in (DESCRIPTION, "Mette Hemmelig", "mette.hemmelig", "Her er det."):
            assert secret not in subject + text + html, (template, secret)
    _subject, text, _html = rendered("case_assigned")
    assert f"{lejre_admin.get_full_name()} has assigned case {case.reference}" in text


def test_the_applicant_mails_follow_the_case_language_not_the_staffs(lejre, lejre_staff):
    lejre_staff.language = "da"
    lejre_staff.save()
    case = make_case(lejre, language="en")

    services.send_message(case, by=lejre_staff, text="Hej")

    assert Notification.objects.get(template="case_message").language == "en"
    subject, _text, _html = rendered("case_message")
    assert subject.startswith("New message about your request")
