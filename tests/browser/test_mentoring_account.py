"""The mentor's and the mentee's pages in their account, and the mentee's private link, pass
axe-core at 1280 and 320 px without sideways scrolling; the mentor answers a proposal from the
page with JavaScript off."""

import importlib

import pytest

from mentoring.models import ExpertiseArea, Match
from tests.browser.conftest import assert_no_violations, expect, requires_chromium
from tests.conftest import (
    PASSWORD,
    make_user,
)
from tests.mentoring.factories import make_match, make_offer, make_request

pytestmark = [requires_chromium, pytest.mark.browser]


@pytest.fixture
def scene(cast):
    # A transactional test's flush empties the vocabulary migration 0002 loads: load it again.
    areas = importlib.import_module("mentoring.migrations.0002_expertise_areas").AREAS
    for position, (slug, name, name_en) in enumerate(areas, start=1):
        ExpertiseArea.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )
    mentor = make_user(first_name="Mads", last_name="Mumm", email="mads@mumm.dk")
    offer = make_offer(
        mentor=mentor,
        municipality=cast.lejre,
        mentor_name="Mads Mumm",
        company="Restaurant Mumm",
        expertise=["koekken-og-produktion"],
        capacity=2,
    )
    by_link = make_request(municipality=cast.lejre, mentee_name="Ida Insp", needs=["menu-og-sortiment"])
    make_match(offer=offer, request=by_link, status=Match.Status.NEEDS_INFO)
    waiting = make_match(
        offer=offer,
        request=make_request(municipality=cast.lejre, mentee_user=cast.representative, needs=["ledelse"]),
    )
    return {"mentor": mentor, "offer": offer, "match": waiting, "token": by_link.access_token}


def log_in(page, user):
    page.goto("/konto/log-ind/")
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("width", [1280, 320])
def test_the_account_pages_have_no_accessibility_violations(new_context, scene, width):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    log_in(page, scene["mentor"])
    paths = [
        "/konto/mentorer/",
        "/konto/mentorer/tilbud/nyt/",
        f"/konto/mentorer/tilbud/{scene['offer'].pk}/",
        "/konto/mentorer/anmodning/ny/",
        f"/konto/mentorer/forloeb/{scene['match'].pk}/",
        f"/en/konto/mentorer/forloeb/{scene['match'].pk}/",
        f"/mentorer/forloeb/{scene['token']}/",
    ]
    for path in paths:
        page.goto(path)
        assert_no_violations(page, path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path


def test_a_form_sent_empty_shows_its_errors_without_violations(new_context, scene):
    page = new_context().new_page()
    log_in(page, scene["mentor"])

    page.goto("/konto/mentorer/tilbud/nyt/")
    page.get_by_role("button", name="Send til godkendelse").click()

    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_violations(page, "the offer form with errors")


def test_the_mentor_accepts_a_proposal_from_the_match_page(new_context, scene):
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, scene["mentor"])

    page.goto("/konto/mentorer/")
    page.locator(f'main a[href="/konto/mentorer/forloeb/{scene["match"].pk}/"]').click()
    page.get_by_role("button", name="Accepter mentee").click()

    expect(page.locator(".messages")).to_contain_text("Du har accepteret forløbet.")
    expect(page.locator("main")).to_contain_text(scene["match"].request.mentee_email)
    assert Match.objects.get(pk=scene["match"].pk).status == Match.Status.ACCEPTED
