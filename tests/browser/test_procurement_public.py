"""A representative finds a notice through the filters of /udbud/, logs in from the notice's page
and marks interest in one of its lots; the pages pass axe-core at 1280 and 360 px."""

import datetime
import importlib
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from procurement.models import CpvCode, Interest, Notice
from tests.browser.conftest import assert_no_violations, expect, requires_chromium
from tests.conftest import PASSWORD
from tests.enterprises.factories import make_category, make_enterprise
from tests.procurement.factories import make_notice

pytestmark = [requires_chromium, pytest.mark.browser]

SHOTS = Path("/tmp/proc-shots")


@pytest.fixture
def cpv_vocabulary(transactional_db):
    """CPV 2008 as migration 0002 loads it: a transactional test ends with a flush that empties
    every table, data migrations' rows included (as tests/conftest.py's migration_groups says)."""
    if not CpvCode.objects.exists():
        importlib.import_module("procurement.migrations.0002_cpv_2008").load(django_apps, None)


@pytest.fixture
def notices(cast, cpv_vocabulary):
    catering = make_category("catering-og-cafe", "Catering og café", name_en="Catering and café")
    enterprise = make_enterprise(
        name="Grønt Køkken",
        home_municipality=cast.lejre,
        representatives=[cast.representative],
        services=[catering],
    )
    now = timezone.now()
    canteen = make_notice(
        municipality=cast.lejre,
        title="Kantinedrift på Lejre Rådhus",
        slug="kantinedrift-paa-lejre-raadhus",
        department="Center for Ejendomme",
        description="Frokost til 120 medarbejdere hver hverdag, og mødeforplejning.",
        categories=[catering],
        cpv_codes=["55320000"],
        social_clauses="Mindst to medarbejdere ansat på særlige vilkår.",
        estimated_value=Decimal("1250000"),
        submission_deadline=now + datetime.timedelta(days=12, hours=3, minutes=30),
        questions_deadline=now + datetime.timedelta(days=5),
        contract_start=datetime.date(2027, 3, 1),
        contract_end=datetime.date(2029, 2, 28),
        contact_name="Mette Kragh Jensen",
        lots=[
            {"title": "Frokostordning", "estimated_value": Decimal("900000"), "categories": [catering]},
            {
                "title": "Mødeforplejning",
                "estimated_value": Decimal("350000"),
                "reserved_participation": "res-ws",
            },
        ],
    )
    make_notice(municipality=cast.roskilde, title="Vinduespudsning i Roskilde", cpv_codes=["90911300"])
    make_notice(
        municipality=cast.lejre,
        title="Planlagt rengøringsudbud",
        stage=Notice.Stage.PLANNED,
        submission_deadline=None,
        questions_deadline=None,
    )
    return {"canteen": canteen, "enterprise": enterprise}


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 360])
def test_a_representative_finds_a_notice_and_marks_interest_in_a_lot(new_context, cast, notices, width):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto("/udbud/")
    expect(page.locator("h1")).to_have_text("Udbud")
    shoot(page, f"list-{width}")
    assert_no_violations(page, "the list")

    page.locator("details.directory-filters summary").click()
    page.locator("#id_kommune").select_option("lejre")
    page.locator("#id_social").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Vis udbud").click()
    expect(page).to_have_url(re.compile(r"/udbud/\?.*kommune=lejre"))
    links = page.locator("section[aria-labelledby=results-heading] li.card h3 a")
    expect(links).to_have_text(["Kantinedrift på Lejre Rådhus"])
    expect(page.locator("section[aria-labelledby=results-heading]")).to_contain_text("2 delaftaler")
    shoot(page, f"list-filtered-{width}")

    with page.expect_navigation():
        links.first.click()
    expect(page.locator("main")).to_contain_text("1.250.000 kr.")
    expect(page.locator("main")).to_contain_text("12 dage og 3 timer tilbage")
    with page.expect_navigation():
        page.get_by_role("link", name="Log ind for at markere interesse").click()
    page.locator("#id_username").fill(cast.representative.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/udbud/kantinedrift-paa-lejre-raadhus/$"))
    shoot(page, f"notice-{width}")
    assert_no_violations(page, "the notice page with the interest form")

    page.locator("#id_lot").select_option(label="Delaftale 2: Mødeforplejning")
    page.locator("#id_message").fill("Vi laver mødeforplejning i dag for to andre kommuner.")
    page.locator("#id_share_profile").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Markér interesse").click()

    expect(page.locator(".messages")).to_contain_text("Grønt Køkken er markeret som interesseret")
    expect(page.locator("#interesse").locator("xpath=..")).to_contain_text(
        "Grønt Køkken er interesseret i Delaftale 2: Mødeforplejning."
    )
    shoot(page, f"notice-marked-{width}")
    assert_no_violations(page, "the notice page after marking")
    interest = Interest.objects.get()
    assert (interest.enterprise, interest.lot.number, interest.share_profile) == (
        notices["enterprise"],
        2,
        True,
    )
    assert interest.consent_at is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_offer_form_and_my_page_pass_axe_at_360_px(new_context, cast, notices):
    page = new_context(viewport={"width": 360, "height": 900}).new_page()
    page.goto("/konto/log-ind/?next=/udbud/tilbyd/")
    page.locator("#id_username").fill(cast.representative.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/udbud/tilbyd/$"))
    assert_no_violations(page, "the offer form")
    page.locator("#id_cpv_codes").fill("12345678")
    with page.expect_navigation():
        page.get_by_role("button", name="Send til godkendelse").click()
    expect(page.locator("#error-summary")).to_contain_text("12345678 er ikke en kode i CPV 2008")
    shoot(page, "offer-errors-360")
    assert_no_violations(page, "the offer form with errors")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto("/udbud/mine/")
    assert_no_violations(page, "my offers and interests")
