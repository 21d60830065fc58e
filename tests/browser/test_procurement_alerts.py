"""A representative opens the procurement alerts from My account, adds a CPV code (first a wrong
one) and pauses nothing; the pages pass axe-core and fit 320 px."""

import pytest

from procurement.models import CpvCode, Subscription
from tests.browser.conftest import PASSWORD, assert_no_violations, expect, requires_chromium
from tests.enterprises.factories import make_category, make_enterprise

pytestmark = [requires_chromium, pytest.mark.browser]


@pytest.fixture
def enterprise(cast):
    # A transactional test run before this one flushes the CPV rows migration 0002 loaded.
    CpvCode.objects.get_or_create(
        code="45000000",
        defaults={
            "check_digit": "7",
            "prefix": "45",
            "name": "Bygge- og anlægsarbejder",
            "name_en": "Construction work",
        },
    )
    bookkeeping = make_category("bogfoering-browser", "Bogføring")
    return make_enterprise(
        name="Regnskabshuset", services=[bookkeeping], representatives=[cast.representative]
    )


def log_in(page, user):
    page.goto("/konto/log-ind/")
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_a_representative_adds_a_cpv_code_to_the_alerts(new_context, cast, enterprise):
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, cast.representative)

    page.goto("/konto/")
    page.get_by_role("link", name="Gå til besked om udbud").click()
    expect(page.locator("main")).to_contain_text("Følger jeres ydelser:")
    page.locator(f'main a[href="/konto/udbud/{enterprise.slug}/"]').click()
    page.locator("#id_cpv_text").fill("45000000-1")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_contain_text("45000000-1")

    page.locator("#id_cpv_text").fill("45000000-7")
    page.locator("main form button[type=submit]").click()

    expect(page.locator("main")).to_contain_text("45000000-7")
    assert list(Subscription.objects.get(enterprise=enterprise).cpv_codes.values_list("code", flat=True)) == [
        "45000000"
    ]


@pytest.mark.parametrize("width", [320, 1280])
def test_the_alert_pages_pass_axe_and_fit(new_context, cast, enterprise, width):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    log_in(page, cast.representative)

    for path in ("/konto/udbud/", f"/konto/udbud/{enterprise.slug}/", "/en/konto/udbud/"):
        page.goto(path)
        assert_no_violations(page, f"{path} at {width} px")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
