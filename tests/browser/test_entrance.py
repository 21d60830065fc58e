"""The entrance as a visitor on a phone meets it: Lejre Kommune's phone, address and hours on the
first screen, the picker sent without a choice, and a guide that leads on to the municipality."""

import re

import pytest

from tests.browser.conftest import expect, requires_chromium

pytestmark = [requires_chromium, pytest.mark.browser]

#: A phone's first screen: 360 × 640 CSS pixels.
PHONE = {"width": 360, "height": 640}


@pytest.fixture
def phone_page(new_context):
    return new_context(viewport=PHONE).new_page()


def bottom(locator):
    box = locator.bounding_box()
    return box["y"] + box["height"]


def test_at_360_pixels_lejre_kommune_s_phone_address_and_phone_hours_are_on_the_first_screen(
    phone_page, cast
):
    page = phone_page
    page.goto("/kommuner/lejre/")

    expect(page.locator("main h1")).to_have_text("Lejre Kommune")
    reach = page.locator("section[aria-labelledby=reach-heading]")
    phone_link = reach.locator("a[href^='tel:']").first
    address = reach.locator("address")
    phone_hours = page.locator("section[aria-labelledby=phone-heading]")
    last_row = phone_hours.locator("table tbody tr").last
    for what, locator in [("phone", phone_link), ("address", address), ("phone hours", last_row)]:
        expect(locator).to_be_visible()
        assert bottom(locator) <= PHONE["height"], f"the {what} ends {bottom(locator):.0f} px down"
    expect(phone_hours.locator(".status")).to_be_visible()


def test_the_map_link_is_an_ordinary_link_to_openstreetmap(page, cast):
    page.goto("/kommuner/lejre/")

    link = page.get_by_role("link", name=re.compile("Se adressen på et kort"))
    expect(link).to_have_attribute("href", re.compile(r"^https://www\.openstreetmap\.org/search\?query="))


def test_the_picker_sent_without_a_choice_says_what_to_do(page, cast):
    page.goto("/")

    with page.expect_navigation():
        page.locator("main form[action$='/kommuner/'] button[type=submit]").click()

    error = page.locator("#id_kommune-error")
    expect(error).to_contain_text("Du har ikke valgt en kommune.")
    expect(page.locator("#id_kommune")).to_have_attribute("aria-invalid", "true")
    page.locator("#id_kommune").select_option(label="Lejre Kommune")
    with page.expect_navigation():
        page.locator("main form[action$='/kommuner/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/kommuner/lejre/$"))


def test_a_guide_from_lejre_s_page_keeps_lejre_in_its_breadcrumb_and_leads_to_its_intake(page, cast):
    page.goto("/kommuner/lejre/")
    with page.expect_navigation():
        page.locator("section[aria-labelledby=guides-heading] a", has_text=cast.guide.title).click()

    expect(page.locator("nav.breadcrumbs")).to_contain_text("Lejre Kommune")
    with page.expect_navigation():
        page.get_by_role("link", name="Få hjælp fra Lejre Kommune").click()
    expect(page.locator("#id_municipality")).to_have_value("lejre")
    expect(page.locator(".privacy-notice")).to_contain_text("Dataansvarlig: Lejre Kommune")
