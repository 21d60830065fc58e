"""A visitor finds their municipality's contact persons and hours, in Danish and English, with and
without JavaScript, and by keyboard."""

import datetime
import re

import pytest
import time_machine

from portal.hours import COPENHAGEN
from tests.browser.conftest import expect, requires_chromium
from tests.conftest import PASSWORD

pytestmark = [requires_chromium, pytest.mark.browser]


def phone_section(page):
    return page.locator("section[aria-labelledby=phone-heading]")


def pick_roskilde_on_the_front_page(page):
    page.goto("/")
    page.locator("#id_kommune").select_option(label="Roskilde")
    with page.expect_navigation():
        page.locator("main form[action$='/kommuner/'] button[type=submit]").click()


def test_a_visitor_picks_roskilde_and_sees_its_contact_persons_and_phone_hours_in_danish(page, cast):
    pick_roskilde_on_the_front_page(page)

    expect(page).to_have_url(re.compile(r"^http://[^/]+/kommuner/roskilde/$"))
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator("main h1")).to_have_text("Roskilde")
    contacts = page.locator("section[aria-labelledby=contacts-heading]")
    for person in cast.roskilde_public_contacts:
        expect(contacts).to_contain_text(person.name)
        if person.is_example:
            card = contacts.locator("li.card", has_text=person.name)
            expect(card.locator(".badge-example")).to_be_visible()
    for person in cast.roskilde_private_contacts:
        expect(contacts).not_to_contain_text(person.name)
    # Seed 002: "Telefontider: Mandag-onsdag 08-15".
    expect(phone_section(page).locator("table")).to_contain_text("Mandag–onsdag")
    expect(phone_section(page).locator("table")).to_contain_text("08.00–15.00")
    expect(phone_section(page).locator(".status")).to_have_text(re.compile(r"^(Åbent nu|Lukket nu)$"))


def test_the_english_link_shows_the_same_page_in_english(page, cast):
    page.goto("/kommuner/roskilde/")
    with page.expect_navigation():
        page.get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(r"^http://[^/]+/en/kommuner/roskilde/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for person in cast.roskilde_public_contacts:
        expect(page.locator("main")).to_contain_text(person.name)
    expect(page.locator("#phone-heading")).to_have_text("Phone hours")
    expect(phone_section(page).locator("table")).to_contain_text("Monday–Wednesday")
    expect(phone_section(page).locator("table")).to_contain_text("08:00–15:00")
    expect(phone_section(page).locator(".status")).to_have_text(re.compile(r"^(Open now|Closed now)$"))
    expect(page.get_by_role("link", name="Dansk")).to_have_attribute("href", "/kommuner/roskilde/")


# Thursday 26 November 2026, an ordinary working day; Roskilde's phones are open 10–18 on Thursdays.
BEFORE_OPENING = datetime.datetime(2026, 11, 26, 9, 0, tzinfo=COPENHAGEN)
LATE_MORNING = datetime.datetime(2026, 11, 26, 11, 0, tzinfo=COPENHAGEN)


@pytest.mark.parametrize(
    "moment, path, headline, detail",
    [
        (BEFORE_OPENING, "/kommuner/roskilde/", "Lukket nu", "Åbner i dag kl. 10.00"),
        (BEFORE_OPENING, "/en/kommuner/roskilde/", "Closed now", "Opens today at 10:00"),
        (LATE_MORNING, "/kommuner/roskilde/", "Åbent nu", "Lukker kl. 18.00"),
        (LATE_MORNING, "/en/kommuner/roskilde/", "Open now", "Closes at 18:00"),
    ],
    ids=["closed-da", "closed-en", "open-da", "open-en"],
)
def test_the_phone_status_is_the_one_at_the_moment_of_the_visit(page, cast, moment, path, headline, detail):
    # time_machine patches the clock process-wide, so the live server's thread sees it too.
    with time_machine.travel(moment, tick=True):
        page.goto(path)

    expect(phone_section(page).locator(".status")).to_have_text(headline)
    expect(phone_section(page).locator("p").first).to_contain_text(detail)


# --- Without JavaScript ------------------------------------------------------------------------


@pytest.fixture
def page_without_javascript(new_context):
    return new_context(java_script_enabled=False).new_page()


def test_without_javascript_the_municipality_picker_works(page_without_javascript, cast):
    page = page_without_javascript
    pick_roskilde_on_the_front_page(page)

    expect(page).to_have_url(re.compile(r"^http://[^/]+/kommuner/roskilde/$"))
    expect(page.locator("main h1")).to_have_text("Roskilde")


def test_without_javascript_the_language_switch_works(page_without_javascript, cast):
    page = page_without_javascript
    page.goto("/kommuner/roskilde/")
    with page.expect_navigation():
        page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"^http://[^/]+/en/kommuner/roskilde/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")

    with page.expect_navigation():
        page.get_by_role("link", name="Dansk").click()
    expect(page).to_have_url(re.compile(r"^http://[^/]+/kommuner/roskilde/$"))
    expect(page.locator("html")).to_have_attribute("lang", "da")


def test_without_javascript_a_representative_logs_in_by_email_and_logs_out(page_without_javascript, cast):
    page = page_without_javascript
    page.goto("/konto/log-ind/")
    page.locator("#id_username").fill(cast.representative.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"^http://[^/]+/konto/$"))
    expect(page.locator("main")).to_contain_text(cast.representative.email)

    with page.expect_navigation():
        page.locator("header form[action='/konto/log-ud/'] button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
    expect(page.locator("header a[href='/konto/log-ind/']")).to_be_visible()
    page.goto("/konto/")
    expect(page).to_have_url(re.compile(r"/konto/log-ind/\?next=/konto/$"))


# --- Keyboard ----------------------------------------------------------------------------------


def test_the_first_tab_shows_the_skip_link_and_enter_moves_focus_to_the_main_content(page, cast):
    page.goto("/")
    skip_link = page.locator("a.skipnav")
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    expect(page).to_have_url(re.compile(r"#main$"))
