"""The receipt and the private case page print as documents: no menus, footer, forms or buttons,
and every folded part (a <details>) open."""

import pytest

from tests.browser.conftest import expect, requires_chromium
from tests.counselling.factories import make_case

pytestmark = [requires_chromium, pytest.mark.browser]


def assert_prints_as_a_document(page):
    page.emulate_media(media="print")
    for hidden in ["header", "footer", "main form", "main button", "a.skipnav"]:
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    for details in page.locator("main details").all():
        expect(details.locator(":scope > :not(summary)").first).to_be_visible()
    expect(page.locator("main h1")).to_be_visible()


def test_the_private_case_page_prints_without_menus_or_forms_and_with_everything_open(page, cast):
    case = make_case(cast.roskilde)
    page.goto(f"/sag/{case.access_token}/")
    expect(page.locator("main details").first).not_to_have_attribute("open", "")

    assert_prints_as_a_document(page)
    expect(page.locator("main")).to_contain_text(case.description)


def test_the_receipt_prints_without_menus_or_buttons(page, cast):
    page.goto("/start/?kommune=roskilde")
    page.locator("#id_applicant_name").fill("Mette Jensen")
    page.locator("#id_applicant_email").fill("mette@example.dk")
    page.locator("input[name=kind][value=branch]").check()
    page.locator("input[name=stage][value=idea]").check()
    page.locator("#id_description").fill("En filial af vores værksted.")
    page.locator("input[name=preferred_contact][value=email]").check()
    page.locator("#id_consent").check()
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    expect(page).to_have_url(r"/start/kvittering/")

    assert_prints_as_a_document(page)
    expect(page.locator("main a.button")).to_be_hidden()
    expect(page.locator("main")).to_contain_text("En filial af vores værksted.")
