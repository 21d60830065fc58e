"""A Lejre contact person works the queue in Chromium at 1280 px with the side menu open: every
column is in view, "Nyt svar" and the deadlines read in words, the case page answers first and
folds the rest, a standard reply fills the message, and nothing on the way is in English."""

import datetime
import re

import pytest
from django.utils import timezone

from counselling import services
from counselling.models import ReplyTemplate
from portal.roles import CONTACT_PERSON
from tests.browser.conftest import assert_no_violations, expect, requires_chromium
from tests.conftest import PASSWORD, make_staff
from tests.counselling.factories import checked, make_case, upload

pytestmark = [requires_chromium, pytest.mark.browser]

#: Words that must not be left in English on a Danish admin page of the queue.
ENGLISH = re.compile(r"\b(Cancel|USER|User|New answer|due today|overdue|Print view|Next case|Insert)\b")


@pytest.fixture
def queue(cast):
    lejre = cast.lejre
    staff = make_staff(lejre, CONTACT_PERSON, username="lejre-kontakt", email="kontakt@lejre.dk")
    staff.first_name, staff.last_name = "Mette", "Kragh Jensen"
    staff.save()
    today = timezone.localdate()
    cases = [
        make_case(
            lejre,
            applicant_name=f"Eksempel: Leder af dagtilbud under Senior- og Socialforvaltningen {n}",
            applicant_email=f"leder{n}@lejre.example",
            organisation="Senior- og Socialforvaltningen, Lejre Kommune",
            kind=kind,
            description="Vi vil afklare, om værkstedet kan drives videre som socialøkonomisk virksomhed.",
            assignee=staff if n % 2 else None,
            deadline=today + datetime.timedelta(days=n - 1),
            attachments=checked(upload("forretningsplan-for-vaerkstedet-2026.pdf")) if n == 0 else (),
        )
        for n, kind in enumerate(["spin_off", "new_enterprise", "conversion", "branch", "other"])
    ]
    services.reply(cases[1], text="Ledelsen bakker op. Kan vi mødes i næste uge?")
    ReplyTemplate.objects.create(
        municipality=lejre, title="Forslag til møde", text="Vi foreslår et møde på rådhuset."
    )
    return staff, cases


def log_in(page, user):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#login-form [type=submit]").click()


def console_errors(page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def assert_danish(page):
    text = page.evaluate("() => document.body.innerText")
    assert ENGLISH.findall(text) == [], page.url


def test_the_queue_fits_at_1280_px_beside_the_side_menu_and_marks_the_new_answer(new_context, queue):
    staff, cases = queue
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors = console_errors(page)
    log_in(page, staff)

    expect(page.locator("#site-name")).to_have_text("Indgangen · Lejre Kommune")
    expect(page.locator(".case-overview")).to_contain_text("Nye svar fra ansøgere, endnu ikke læst")
    page.goto("/admin/counselling/case/")

    expect(page.locator("#nav-sidebar")).to_be_visible()
    results = page.locator(".results")
    scroll, client = results.evaluate("element => [element.scrollWidth, element.clientWidth]")
    assert scroll <= client, f"the queue scrolls sideways: {scroll} px in {client} px"
    last_column = page.locator("#result_list thead th").last
    box = last_column.bounding_box()
    assert box["x"] + box["width"] <= 1280
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.nth(0)).to_contain_text("overskredet")
    expect(rows.nth(1)).to_contain_text("Nyt svar")
    expect(rows.nth(1)).to_contain_text("frist i dag")
    assert_danish(page)
    assert errors == []
    assert_no_violations(page, "the case queue")


def test_the_case_page_answers_first_fills_a_standard_reply_and_leads_to_the_next_case(new_context, queue):
    staff, cases = queue
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors = console_errors(page)
    log_in(page, staff)
    page.goto("/admin/counselling/case/")
    page.locator("#result_list tbody tr").nth(1).locator("a").first.click()
    page.wait_for_load_state()

    expect(page.locator(".case-answer h2")).to_have_text("Svar ansøgeren")
    expect(page.locator("#step-status")).not_to_have_attribute("open", "")
    expect(page.locator("#id_status_status")).to_be_hidden()
    page.locator("#step-status summary").click()
    expect(page.locator("#id_status_status")).to_be_visible()
    expect(page.locator(".case-queue-position")).to_have_text("Sag 2 af 5 i køen")

    page.locator("#id_message_text").fill("Kære leder")
    page.locator("#id_reply_template").select_option(label="Forslag til møde")
    page.locator(".case-insert").click()  # the script fills the message; no request
    expect(page.locator("#id_message_text")).to_have_value("Kære leder\n\nVi foreslår et møde på rådhuset.")
    assert_danish(page)
    assert errors == []
    assert_no_violations(page, "the case page")  # axe's own styles are refused by the CSP, rightly

    page.get_by_role("link", name="Næste sag ›").click()
    expect(page.locator(".case-queue-position")).to_have_text("Sag 3 af 5 i køen")
    page.goto("/admin/counselling/case/")
    expect(page.locator("#result_list tbody tr").nth(1)).not_to_contain_text("Nyt svar")


def test_the_files_read_in_words_and_the_print_view_shows_everything(new_context, queue):
    staff, cases = queue
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, staff)
    page.goto(f"/admin/counselling/case/{cases[0].pk}/change/")

    row = page.locator(".case-attachments tbody tr").first
    expect(row).to_contain_text("PDF-dokument")
    size = row.locator(".case-file-size")
    height = size.evaluate("element => element.getBoundingClientRect().height")
    line = size.evaluate("element => parseFloat(getComputedStyle(element).lineHeight) || 20")
    assert height < line * 1.5, "the size breaks across lines"

    page.locator(".object-tools").get_by_role("link", name="Udskriftsvisning").click()
    expect(page.locator("#nav-sidebar")).to_have_count(0)
    expect(page.locator("form textarea")).to_have_count(0)
    expect(page.locator(".case-timeline")).to_contain_text("Henvendelse modtaget")
    assert_no_violations(page, "the print view")
    page.emulate_media(media="print")
    expect(page.locator("#header")).to_be_hidden()
    assert_danish(page)
