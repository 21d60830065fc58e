"""The applicant's private page and the pages around it in Chromium: progress, contact person,
files and the calendar file; a dead link and the form that mails the link again, without
JavaScript; axe-clean and without sideways scrolling at 320 and 1280 px, in both languages."""

import datetime

import icalendar
import pytest

from counselling import services, validation
from counselling.models import CaseEvent, Status
from outbox.models import Notification
from tests.browser.conftest import assert_no_violations, expect, requires_chromium
from tests.counselling.factories import checked, make_case, upload

pytestmark = [requires_chromium, pytest.mark.browser]

WIDTHS = [320, 1280]


@pytest.fixture
def case_with_files(cast):
    case = make_case(
        cast.roskilde,
        applicant_email="mette@example.dk",
        attachments=checked(upload("forretningsplan-for-cafeen-ved-fjorden-2026.pdf"), upload("logo.png")),
    )
    services.change_status(case, Status.TRIAGE, by=None, expected_status=Status.NEW)
    services.change_status(case, Status.IN_PROGRESS, by=None, expected_status=Status.TRIAGE)
    services.change_status(case, Status.WAITING, by=None, expected_status=Status.IN_PROGRESS)
    services.reply(case, text="Her er budgettet.", attachments=[(upload("budget.xlsx"), validation.XLSX)])
    return case


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("prefix", ["", "/en"], ids=["da", "en"])
def test_the_private_page_with_progress_contact_and_files_passes_axe_and_fits(
    new_context, case_with_files, prefix, width
):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{prefix}/sag/{case_with_files.access_token}/")

    expect(page.locator("ol.step-indicator li")).to_have_count(5)
    expect(page.locator("ol.step-indicator li.current")).to_have_count(1)
    expect(page.locator("ul.case-files > li")).to_have_count(3)
    reference = page.locator("h1 .case-reference")
    expect(reference).to_have_text(case_with_files.reference)
    assert reference.evaluate("el => el.getClientRects().length") == 1  # on one line
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_no_violations(page, f"the private page at {prefix or '/'}, {width} px")


def test_the_applicant_downloads_a_file_and_the_calendar_file(new_context, case_with_files):
    page = new_context().new_page()
    page.goto(f"/sag/{case_with_files.access_token}/")

    with page.expect_download() as download:
        page.locator("ul.case-files a", has_text="budget.xlsx").click()
    assert download.value.suggested_filename == "budget.xlsx"

    Notification.objects.all().delete()
    case = make_case(case_with_files.municipality)
    page.goto(f"/sag/{case.access_token}/")
    with page.expect_download() as download:
        page.locator("a[href$='frist.ics']").click()
    assert download.value.suggested_filename == f"{case.reference}-frist.ics"
    with open(download.value.path(), "rb") as file:
        [event] = icalendar.Calendar.from_ical(file.read()).walk("VEVENT")
    assert event.decoded("dtstart") == case.deadline
    assert isinstance(event.decoded("dtstart"), datetime.date)


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["da", "en"])
def test_without_javascript_a_replaced_link_leads_to_a_fresh_one(new_context, cast, prefix):
    case = make_case(cast.roskilde, applicant_email="mette@example.dk")
    old = case.access_token
    services.renew_access_link(case, by=None)
    page = new_context(java_script_enabled=False, viewport={"width": 320, "height": 800}).new_page()

    response = page.goto(f"{prefix}/sag/{old}/")

    assert response.status == 404
    expect(page.locator("h1")).to_be_visible()
    page.locator("#id_reference").fill(case.reference.lower())
    page.locator("#id_email").fill("METTE@example.dk")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    expect(page.locator("main strong")).to_have_text("METTE@example.dk")
    assert Notification.objects.filter(
        template="case_link_requested", recipient_email="mette@example.dk"
    ).exists()
    assert case.events.filter(kind=CaseEvent.Kind.ACCESS_LINK).count() == 2


def test_the_link_sent_page_passes_axe(page, cast):
    page.goto("/sag/nyt-link/")
    page.locator("#id_reference").fill("ROS-2026-0999")
    page.locator("#id_email").fill("nogen@example.dk")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()

    expect(page.locator("h1")).to_have_text("Se i din indbakke")
    assert_no_violations(page, "the link sent page")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_receipt_with_files_passes_axe_and_fits(new_context, cast, tmp_path, width):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto("/start/?kommune=roskilde")
    page.locator("#id_applicant_name").fill("Mette Jensen")
    page.locator("#id_applicant_email").fill("mette@example.dk")
    page.locator("input[name=kind][value=branch]").check()
    page.locator("input[name=stage][value=idea]").check()
    page.locator("#id_description").fill("En filial af vores værksted.")
    page.locator("input[name=preferred_contact][value=email]").check()
    page.locator("#id_consent").check()
    plan = tmp_path / "forretningsplan.pdf"
    plan.write_bytes(upload("forretningsplan.pdf").read())
    page.locator("#id_attachments").set_input_files(str(plan))
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()

    expect(page.locator("ul.case-files")).to_contain_text("forretningsplan.pdf")
    expect(page.locator("ul.case-files")).to_contain_text("PDF-dokument")
    expect(page.locator("a[href$='frist.ics']")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_no_violations(page, f"the receipt at {width} px")
