"""A visitor searches the enterprise registry (also misspelt), filters it, opens a profile; every
registry page passes axe-core, fits 320 px, and keeps the Content Security Policy."""

import json
import re

import pytest
from django.utils import timezone

from enterprises import services as registry_services
from enterprises.models import Enterprise, ServiceCategory, TargetGroup
from tests.browser.conftest import assert_no_violations, expect, requires_chromium
from tests.browser.test_security import REPORT_CSP_VIOLATIONS
from tests.enterprises.factories import make_category, make_enterprise, make_target_group

pytestmark = [requires_chromium, pytest.mark.browser]


def published(name, **kwargs):
    """The named enterprise: the demo data's if it has one, otherwise made here."""
    enterprise = Enterprise.objects.published().filter(name=name).first()
    return enterprise or make_enterprise(name=name, published_at=timezone.now(), **kwargs)


@pytest.fixture
def registry(cast):
    # The vocabulary's own terms when the migration's rows are there, otherwise made here.
    catering = ServiceCategory.objects.filter(name="Catering og café").first() or make_category(
        "catering-og-cafe", "Catering og café", name_en="Catering and café"
    )
    flex = TargetGroup.objects.filter(name="Fleksjobbere").first() or make_target_group(
        "fleksjobbere", "Fleksjobbere", name_en="People in flex jobs"
    )
    specialisterne = published(
        "Specialisterne",
        summary="IT-konsulenter med autisme tester software.",
        home_municipality=cast.roskilde,
        sector=Enterprise.Sector.IT,
        rsv_registered=True,
    )
    insp = published(
        "INSP! Mad",
        summary="Frokost og catering lavet af unge.",
        home_municipality=cast.roskilde,
        is_example=True,
    )
    insp.services.add(catering)
    insp.target_groups.add(flex)
    registry_services.refresh(insp)
    insp.save()
    # Enough cafés in Lejre for a second page of results.
    for n in range(22):
        make_enterprise(
            name=f"Kaffebar {n:02d}",
            summary="Kaffe og kage, bagt af fleksjobbere.",
            home_municipality=cast.lejre,
            services=[catering],
            target_groups=[flex],
        )
    make_enterprise(name="Skjult Kladde Specialisterne", home_municipality=cast.roskilde, status="draft")
    return {"specialisterne": specialisterne, "insp": insp, "catering": catering, "flex": flex}


def search_for(page, text):
    page.goto("/virksomheder/")
    page.locator("#id_q").fill(text)
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()


def result_links(page):
    return page.locator("section[aria-labelledby=results-heading] li.card h3 a")


def test_a_visitor_searches_by_name_and_opens_the_profile(page, registry):
    search_for(page, "Specialisterne")

    expect(page).to_have_url(re.compile(r"/virksomheder/\?q=Specialisterne"))
    expect(result_links(page)).to_have_text(["Specialisterne"])
    expect(page.locator("[role=status]")).to_contain_text("1")
    expect(page.locator("main")).not_to_contain_text("Skjult Kladde")

    with page.expect_navigation():
        result_links(page).first.click()

    enterprise = registry["specialisterne"]
    expect(page).to_have_url(re.compile(rf"/virksomheder/{enterprise.slug}/$"))
    expect(page.locator("main h1")).to_contain_text("Specialisterne")
    expect(page.locator("#classification-heading")).to_be_visible()
    expect(page.locator("section[aria-labelledby=classification-heading]")).to_contain_text(
        enterprise.classification_reason
    )
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "Organization" and data["name"] == "Specialisterne"


def test_a_misspelt_name_still_finds_the_enterprise(page, registry):
    search_for(page, "Specalisterne")

    expect(result_links(page)).to_have_text(["Specialisterne"])


def test_a_search_that_finds_nothing_offers_the_closest_name(page, registry):
    search_for(page, "Spesjalisterna")
    expect(result_links(page)).to_have_count(0)

    with page.expect_navigation():
        page.get_by_role("link", name="Mente du Specialisterne?").click()

    expect(result_links(page)).to_have_text(["Specialisterne"])


def test_at_360_pixels_the_first_results_come_before_the_folded_filters(new_context, registry):
    page = new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False).new_page()
    page.goto("/virksomheder/?q=kaffe")

    first_result = result_links(page).first.bounding_box()
    filters = page.locator("details.directory-filters").bounding_box()
    assert first_result["y"] + first_result["height"] < 740  # on the first screen
    assert first_result["y"] < filters["y"]
    expect(page.locator("#id_kommune")).to_be_hidden()
    page.locator("details.directory-filters > summary").click()
    expect(page.locator("#id_kommune")).to_be_visible()


def test_a_visitor_filters_by_municipality_and_service_without_javascript(new_context, registry):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/virksomheder/")
    expect(page.locator("#id_kommune")).to_be_hidden()  # the filters are folded until opened
    page.locator("details.directory-filters > summary").click()
    page.locator("#id_kommune").select_option(value="roskilde")
    catering = registry["catering"]
    checkbox = page.locator(f"input[name=kategori][value={catering.slug}]")
    expect(checkbox).to_be_hidden()  # the group is folded until opened
    page.locator("details.filter-group", has=checkbox).locator("summary").click()
    checkbox.check()
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"kommune=roskilde.*kategori={catering.slug}"))
    expect(result_links(page)).to_have_text(["INSP! Mad"])
    expect(page.locator(".badge-example")).to_be_visible()
    expect(page.locator("#id_kommune")).to_have_value("roskilde")


def test_the_results_are_paged_and_the_second_page_keeps_the_search(page, registry):
    search_for(page, "kaffe")
    expect(result_links(page)).to_have_count(20)

    with page.expect_navigation():
        page.locator("nav a[rel=next]").click()

    expect(page).to_have_url(re.compile(r"q=kaffe.*side=2"))
    expect(result_links(page)).to_have_count(2)


def test_the_english_directory_links_to_english_profiles(page, registry):
    page.goto("/en/virksomheder/?q=Specialisterne")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(result_links(page).first).to_have_attribute("href", re.compile(r"^/en/virksomheder/"))


#: Every registry page: (id, path). `{slug}` is Specialisterne's profile, `{example}` INSP! Mad's.
REGISTRY_PAGES = [
    ("directory", "/virksomheder/"),
    ("directory-en", "/en/virksomheder/"),
    ("directory-results", "/virksomheder/?q=kaffe&kategori={catering}&maalgruppe={flex}&side=2"),
    ("directory-results-en", "/en/virksomheder/?q=kaffe&kommune=lejre&rsv=1&sorter=nyeste"),
    ("directory-empty", "/virksomheder/?q=ubådsværft"),
    ("directory-suggestion", "/virksomheder/?q=Spesjalisterna"),
    ("profile", "/virksomheder/{slug}/"),
    ("profile-en", "/en/virksomheder/{slug}/"),
    ("profile-example", "/virksomheder/{example}/"),
    ("profile-missing", "/virksomheder/findes-ikke/"),
]


def registry_path(path, registry):
    return path.format(
        slug=registry["specialisterne"].slug,
        example=registry["insp"].slug,
        catering=registry["catering"].slug,
        flex=registry["flex"].slug,
    )


@pytest.mark.parametrize("path", [pytest.param(path, id=name) for name, path in REGISTRY_PAGES])
def test_the_registry_page_has_no_accessibility_violations(page, registry, path):
    page.goto(registry_path(path, registry))

    assert_no_violations(page, path)


def test_at_320_pixels_no_registry_page_scrolls_sideways(new_context, registry):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    too_wide = {}
    for name, path in REGISTRY_PAGES:
        page.goto(registry_path(path, registry))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[name] = width

    assert too_wide == {}


@pytest.mark.parametrize(
    "path", ["/virksomheder/?q=kaffe", "/virksomheder/{slug}/", "/en/virksomheder/{slug}/"]
)
def test_the_registry_keeps_the_content_security_policy(page, registry, path):
    # The profile's JSON-LD is a data block: never executed, so script-src does not apply to it.
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.add_init_script(REPORT_CSP_VIOLATIONS)

    response = page.goto(registry_path(path, registry))
    page.wait_for_load_state("networkidle")

    assert response.status == 200
    assert "'unsafe-inline'" not in response.headers.get("content-security-policy", "")
    assert [
        text for text in errors if "securitypolicyviolation" in text or "Content Security Policy" in text
    ] == []
