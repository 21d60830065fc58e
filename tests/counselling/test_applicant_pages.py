"""What the applicant sees of their case beyond the timeline: the progress indicator, who to turn
to, their files (downloadable through the private link only), the receipt's list of files and
the first-response deadline as an iCalendar file."""

import datetime
import re

import icalendar
import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from counselling import services, validation
from counselling.models import CaseEvent, Status
from counselling.views import RECEIPT_COOKIE, remember_receipt
from kit import uploads
from tests.conftest import make_contact_person, make_opening_hours
from tests.counselling.factories import checked, make_case, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def page(case, language="da"):
    prefix = "/en" if language == "en" else ""
    return f"{prefix}/sag/{case.access_token}/"


def steps(response):
    """The progress indicator's steps as (label, state) pairs, state from the step's class."""
    section = re.search(r'<ol class="step-indicator">(.*?)</ol>', response.text, re.S).group(1)
    found = []
    for css, body in re.findall(r'<li class="(\w+)"[^>]*>(.*?)</li>', section, re.S):
        label = re.search(r'<span class="step-title">([^<]+)</span>', body).group(1)
        found.append((label, css))
    return found


# The progress indicator --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, expected",
    [
        (Status.NEW, ["current", "disabled", "disabled", "disabled", "disabled"]),
        (Status.TRIAGE, ["completed", "current", "disabled", "disabled", "disabled"]),
        (Status.IN_PROGRESS, ["completed", "completed", "current", "disabled", "disabled"]),
        (Status.WAITING, ["completed", "completed", "completed", "current", "disabled"]),
        (Status.RESOLVED, ["completed", "completed", "completed", "skipped", "current"]),
        (Status.REFERRED, ["completed", "completed", "completed", "skipped", "current"]),
        (Status.WITHDRAWN, ["completed", "completed", "completed", "skipped", "current"]),
        (Status.REJECTED, ["completed", "completed", "completed", "skipped", "current"]),
    ],
)
def test_the_progress_indicator_maps_each_status_onto_five_steps(client, lejre, status, expected):
    case = make_case(lejre, status=status)

    response = client.get(page(case))

    assert steps(response) == list(
        zip(["Modtaget", "Bliver set på", "I gang", "Venter på dig", "Lukket"], expected, strict=True)
    )


def test_a_closed_case_that_waited_for_the_applicant_has_that_step_done(client, lejre, lejre_staff):
    case = make_case(lejre, status=Status.IN_PROGRESS)
    services.change_status(case, Status.WAITING, by=lejre_staff, expected_status=Status.IN_PROGRESS)
    services.change_status(case, Status.RESOLVED, by=lejre_staff, expected_status=Status.WAITING)

    response = client.get(page(case))

    assert [state for _label, state in steps(response)] == [
        "completed", "completed", "completed", "completed", "current",
    ]  # fmt: skip


def test_a_step_the_case_passed_by_says_so_in_words(client, lejre):
    case = make_case(lejre, status=Status.REFERRED)

    text = client.get(page(case)).text

    assert "Ikke nødvendigt" in text


def test_the_progress_indicator_speaks_english_under_en(client, lejre):
    case = make_case(lejre, status=Status.WAITING)

    response = client.get(page(case, "en"))

    assert [label for label, _state in steps(response)] == [
        "Received",
        "Being looked at",
        "In progress",
        "Waiting for you",
        "Closed",
    ]
    assert 'aria-current="step"' in response.text
    assert "The contact person is waiting for an answer or a file from you." in response.text


def test_the_status_has_a_colour_of_its_own_and_says_it_in_words(client, lejre):
    waiting = client.get(page(make_case(lejre, status=Status.WAITING))).text
    resolved = client.get(page(make_case(lejre, status=Status.RESOLVED))).text

    assert '<span class="badge case-status case-status--waiting">Venter på dig</span>' in waiting
    assert '<span class="badge case-status case-status--closed">Lukket: løst</span>' in resolved


def test_the_reference_is_kept_on_one_line(client, lejre):
    case = make_case(lejre)

    text = client.get(page(case)).text

    assert f'<span class="case-reference">{case.reference}</span>' in text
    css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text(encoding="utf-8")
    assert ".case-reference, .nowrap { white-space: nowrap; }" in css


# Who to turn to ----------------------------------------------------------------------------------


def test_an_assigned_case_names_the_assignee_with_their_phone_and_the_phone_hours(client, lejre, lejre_staff):
    make_contact_person(lejre, user=lejre_staff, title="Erhvervskonsulent", phone="46 46 46 46")
    make_opening_hours(lejre, weekday=0, opens="09:00", closes="12:00", kind="phone")
    case = make_case(lejre, status=Status.IN_PROGRESS, assignee=lejre_staff)

    text = client.get(page(case)).text

    assert "Din kontaktperson" in text
    assert f"<strong>{lejre_staff}</strong>" in text
    assert "Erhvervskonsulent" in text
    assert 'href="tel:+4546464646"' in text
    assert "Telefontid" in text
    assert "09.00–12.00" in text or "09:00–12:00" in text


def test_an_unassigned_case_names_the_municipalitys_public_startup_contact_persons(client, lejre):
    make_contact_person(lejre, name="Anne Start", areas=["startup"], phone="11 22 33 44")
    make_contact_person(lejre, name="Bo Jobcenter", areas=["jobcenter"])
    make_contact_person(lejre, name="Carl Skjult", areas=["startup"], is_public=False)
    case = make_case(lejre)

    text = client.get(page(case)).text

    assert "Kontaktpersoner i Lejre" in text
    assert "Anne Start" in text
    assert "Bo Jobcenter" not in text
    assert "Carl Skjult" not in text


def test_with_no_startup_contact_person_every_public_one_is_named(client, lejre):
    make_contact_person(lejre, name="Bo Jobcenter", areas=["jobcenter"])
    case = make_case(lejre)

    assert "Bo Jobcenter" in client.get(page(case)).text


# The files ---------------------------------------------------------------------------------------


@pytest.fixture
def case_with_files(lejre, lejre_staff):
    case = make_case(lejre, status=Status.IN_PROGRESS, attachments=checked(upload("forretningsplan.pdf")))
    services.reply(case, text="Budget", attachments=[(upload("budget.xlsx"), validation.XLSX)])
    return case


def staff_file(case, *, kind, name):
    """A file staff attached to an event of `kind` (the admin's own form is the queue's)."""
    event = CaseEvent.objects.create(case=case, kind=kind, text="Se vedhæftet")
    stored = []
    services._store(case, event, [(upload(name), validation.PDF)], stored, from_applicant=False)
    return case.attachments.get(event=event)


def test_the_page_lists_the_files_with_type_in_words_and_size(client, case_with_files):
    text = client.get(page(case_with_files)).text

    assert "Filer i din sag" in text
    assert "forretningsplan.pdf" in text
    assert "PDF-dokument" in text
    assert "Excel-regneark (XLSX)" in text
    assert re.search(r'PDF-dokument · <span class="nowrap">\d+\s+bytes</span> · sendt af dig', text)


def test_the_applicant_downloads_their_own_file_through_the_private_link(client, case_with_files):
    attachment = case_with_files.attachments.get(name="forretningsplan.pdf")

    response = client.get(f"/sag/{case_with_files.access_token}/filer/{attachment.key}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="forretningsplan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_file_staff_sent_with_a_message_is_downloadable_but_one_on_an_internal_note_is_not(
    client, case_with_files
):
    sent = staff_file(case_with_files, kind=CaseEvent.Kind.MESSAGE_OUT, name="vejledning.pdf")
    internal = staff_file(case_with_files, kind=CaseEvent.Kind.NOTE, name="notat.pdf")
    token = case_with_files.access_token

    assert client.get(f"/sag/{token}/filer/{sent.key}/").status_code == 200
    assert client.get(f"/sag/{token}/filer/{internal.key}/").status_code == 404
    text = client.get(page(case_with_files)).text
    assert "vejledning.pdf" in text
    assert "notat.pdf" not in text


def test_another_cases_file_is_not_found_through_this_cases_link(client, lejre, case_with_files):
    other = make_case(lejre, attachments=checked(upload("andens.pdf")))
    key = other.attachments.get().key

    assert client.get(f"/sag/{case_with_files.access_token}/filer/{key}/").status_code == 404


def test_a_file_through_a_revoked_link_gives_the_link_gone_page(client, case_with_files, lejre_staff):
    attachment = case_with_files.attachments.first()
    old = case_with_files.access_token
    services.renew_access_link(case_with_files, by=lejre_staff)

    response = client.get(f"/sag/{old}/filer/{attachment.key}/")

    assert response.status_code == 404
    assert "Linket til en sag virker ikke længere" in response.text


def test_a_file_missing_from_the_storage_gives_404_not_500(client, case_with_files):
    attachment = case_with_files.attachments.first()
    attachment.file.storage.delete(attachment.file.name)

    assert client.get(f"/sag/{case_with_files.access_token}/filer/{attachment.key}/").status_code == 404


def test_the_page_with_files_runs_a_fixed_number_of_queries(client, lejre, lejre_staff):
    make_contact_person(lejre, user=lejre_staff)
    make_contact_person(lejre)

    def queries(case):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page(case)).status_code == 200
        return len(captured)

    few, many = (
        make_case(lejre, status=Status.WAITING, attachments=checked(upload("a.pdf")), assignee=lejre_staff)
        for _n in range(2)
    )
    for n in range(6):
        services.reply(many, text=f"Svar {n}", attachments=[(upload(f"svar{n}.pdf"), validation.PDF)])

    assert queries(few) == queries(many)


# The receipt -------------------------------------------------------------------------------------


def receipt_of(client, case):
    client.cookies[RECEIPT_COOKIE] = remember_receipt(HttpResponse(), case).cookies[RECEIPT_COOKIE].value
    return client.get("/start/kvittering/")


def test_the_receipt_lists_the_attached_files_with_type_and_size(client, lejre):
    case = make_case(lejre, attachments=checked(upload("forretningsplan.pdf"), upload("logo.png")))

    text = receipt_of(client, case).text

    assert "De 2 filer, du vedhæftede" in text
    assert "forretningsplan.pdf" in text
    assert "PDF-dokument" in text
    assert "Billede (PNG)" in text


def test_the_receipt_without_files_lists_none(client, lejre):
    text = receipt_of(client, make_case(lejre)).text

    assert "du vedhæftede" not in text


def test_the_receipt_offers_the_deadline_as_a_calendar_file(client, lejre):
    case = make_case(lejre)

    text = receipt_of(client, case).text

    assert f'href="/sag/{case.access_token}/frist.ics" download' in text
    assert "Føj datoen til din kalender" in text


# The deadline in a calendar ----------------------------------------------------------------------


def test_the_calendar_file_is_an_all_day_event_on_the_deadline_with_the_reference(client, lejre):
    lejre.phone = "46 46 46 46"
    lejre.save()
    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC), tick=False):
        case = make_case(lejre)
        response = client.get(f"/sag/{case.access_token}/frist.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{case.reference}-frist.ics"'
    assert response["Cache-Control"] == "private, no-store"
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime.date(2026, 12, 3)
    assert event.decoded("dtend") == datetime.date(2026, 12, 4)
    assert str(event["summary"]) == f"Svar fra Lejre Kommune på din henvendelse {case.reference}"
    assert "46 46 46 46" in str(event["description"])
    assert case.access_token not in response.content.decode()


def test_the_calendar_file_speaks_english_under_en(client, lejre):
    case = make_case(lejre)

    response = client.get(f"/en/sag/{case.access_token}/frist.ics")

    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == f"Answer from Lejre Kommune on your request {case.reference}"
    assert response["Content-Disposition"] == f'attachment; filename="{case.reference}-deadline.ics"'


def test_the_calendar_file_needs_the_private_link(client, lejre, lejre_staff):
    case = make_case(lejre)
    old = case.access_token
    services.renew_access_link(case, by=lejre_staff)

    assert client.get(f"/sag/{old}/frist.ics").status_code == 404
    assert client.get("/sag/not-a-real-token/frist.ics").status_code == 404
    assert client.get(f"/sag/{case.access_token}/frist.ics").status_code == 200


def test_the_case_page_offers_the_calendar_file_until_the_first_answer(client, lejre, lejre_staff):
    case = make_case(lejre)
    link = f'href="/sag/{case.access_token}/frist.ics"'

    assert link in client.get(page(case)).text
    services.send_message(case, by=lejre_staff, text="Hej")
    assert link not in client.get(page(case)).text


def test_the_timeline_names_statuses_in_the_applicants_words(client, lejre, lejre_staff):
    case = make_case(lejre, status=Status.IN_PROGRESS)
    services.change_status(case, Status.WAITING, by=lejre_staff, expected_status=Status.IN_PROGRESS)
    services.change_status(case, Status.REFERRED, by=lejre_staff, expected_status=Status.WAITING)

    text = client.get(page(case)).text

    assert "Status blev ændret til ”Venter på dig”" in text
    assert "Afventer ansøger" not in text
    assert "Lukket: henvist" in text


def test_a_file_type_reads_in_words_and_an_unknown_one_is_named():
    assert str(uploads.type_name("application/pdf")) == "PDF-dokument"
    assert uploads.type_name("text/plain") == "Anden fil (text/plain)"
