"""Every public page passes axe-core without any violation and works at 320 px."""

import pytest

from tests.browser.conftest import (
    PUBLIC_PAGES,
    assert_no_violations,
    describe_violations,
    open_public_page,
    public_pages,
    requires_chromium,
    run_axe,
)

pytestmark = [requires_chromium, pytest.mark.browser]


@pytest.mark.parametrize("path, submit_empty", public_pages())
def test_the_page_has_no_accessibility_violations(page, cast, path, submit_empty):
    open_public_page(page, path, cast, submit_empty)

    assert_no_violations(page, path)


@pytest.fixture
def narrow_page(new_context):
    # 320 CSS pixels: WCAG 1.4.10 Reflow, a 1280 px window zoomed to 400 %.
    return new_context(viewport={"width": 320, "height": 640}).new_page()


def test_at_320_pixels_every_public_page_passes_axe(narrow_page, cast):
    # The header and the forms are laid out differently below DKFDS's breakpoints: axe again there.
    problems = {}
    for name, path, submit_empty in PUBLIC_PAGES:
        open_public_page(narrow_page, path, cast, submit_empty)
        if violations := run_axe(narrow_page):
            problems[name] = describe_violations(violations)

    assert problems == {}


def test_at_320_pixels_no_public_page_scrolls_sideways_and_header_and_heading_fit(narrow_page, cast):
    # One walk through all pages rather than a test each: it is several times faster and names
    # every page that fails at once.
    page = narrow_page
    problems = []
    for name, path, submit_empty in PUBLIC_PAGES:
        open_public_page(page, path, cast, submit_empty)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > 320:
            problems.append(f"{name} ({page.url}): {scroll_width} px wide; too wide: {widest_elements(page)}")
        for what, selector in [("language switch", "header a.lang-switch"), ("main heading", "main h1")]:
            if not fits_across(page.locator(selector)):
                problems.append(f"{name} ({page.url}): the {what} ({selector}) is hidden or cut off")

    assert problems == []


def fits_across(locator):
    """Visible, and neither cut off at the left nor past the right edge of a 320 px window."""
    if locator.count() != 1 or not locator.is_visible():
        return False
    box = locator.bounding_box()
    return box["x"] >= 0 and box["x"] + box["width"] <= 320


def widest_elements(page):
    """The first elements reaching past the right edge, to say what to fix."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .slice(0, 5)
            .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                 + (typeof el.className === 'string' && el.className
                    ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                 + ' (' + Math.round(el.getBoundingClientRect().right) + ' px)')"""
    )


@pytest.fixture
def procurement_notice(cast):
    """A Lejre notice with lots, an award and a document link (procurement's pages need data)."""
    import datetime

    from procurement.models import NoticeDocument
    from tests.procurement.factories import make_award, make_notice

    notice = make_notice(
        municipality=cast.lejre,
        slug="rengoering-af-raadhuset",
        title="Rengøring af rådhuset",
        social_clauses="To fleksjob.",
        estimated_value=1250000,
        contract_start=datetime.date(2027, 1, 1),
        lots=[{"title": "Stueetagen", "reserved_participation": "res-ws"}, {"title": "Første sal"}],
    )
    NoticeDocument.objects.create(
        notice=notice, title="Udbudsbetingelser", key="k" * 40, url="https://example.dk/"
    )
    make_award(notice, lot=notice.lots.get(number=2))
    return notice


@pytest.mark.parametrize("path", ["/udbud/rengoering-af-raadhuset/", "/en/udbud/rengoering-af-raadhuset/"])
@pytest.mark.parametrize("width", [1280, 320])
def test_a_notice_page_has_no_accessibility_violations(new_context, procurement_notice, path, width):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    page.goto(path)

    assert_no_violations(page, path)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.fixture
def events_pages(cast):
    """A Roskilde workshop held jointly with Lejre, full with a waiting list; a cancelled network
    meeting; a past theme day with its summary (the events pages need data). Returns the paths."""
    import datetime

    from django.utils import timezone

    from events import services
    from events.models import Registration
    from tests.events.factories import make_event, make_registration

    now = timezone.now()
    workshop = make_event(
        municipality=cast.roskilde,
        slug="workshop-om-finansiering",
        title="Workshop om finansiering",
        programme="09.30 Velkommen\n10.00 Den Sociale Kapitalfond",
        target_audience="Socialøkonomiske iværksættere",
        contact_email="mette@roskilde.example",
        starts_at=now + datetime.timedelta(days=20),
        capacity=1,
    )
    workshop.co_hosts.add(cast.lejre)
    make_registration(workshop)
    waiting = make_registration(workshop, status=Registration.Status.WAITING)
    offered = make_registration(
        workshop, status=Registration.Status.OFFERED, offer_expires_at=now + datetime.timedelta(hours=40)
    )
    network = make_event(
        municipality=cast.lejre,
        kind="network",
        title="Netværksmøde",
        place_name="",
        address="",
        online_url="https://meet.example/abc",
        starts_at=now + datetime.timedelta(days=40),
    )
    services.cancel_event(network, reason="For få tilmeldte.")
    make_event(
        municipality=cast.roskilde,
        kind="theme_day",
        title="Temadag 2026",
        starts_at=now - datetime.timedelta(days=90),
        outcome="120 deltog.",
    )
    return [
        "/arrangementer/",
        "/en/arrangementer/",
        "/arrangementer/?tidligere=1",
        "/arrangementer/?kommune=nope&art=nope",
        "/arrangementer/workshop-om-finansiering/",
        "/en/arrangementer/workshop-om-finansiering/",
        f"/arrangementer/{network.slug}/",
        f"/arrangementer/tilmelding/{waiting.token}/",
        f"/en/arrangementer/tilmelding/{offered.token}/",
    ]


@pytest.mark.parametrize("width", [1280, 320])
def test_the_events_pages_have_no_accessibility_violations(new_context, events_pages, width):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    for path in events_pages:
        page.goto(path)
        assert_no_violations(page, path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    # The registration form with its errors.
    page.goto("/arrangementer/workshop-om-finansiering/")
    page.get_by_role("button", name="Skriv mig på ventelisten").click()
    assert page.locator("#error-summary").count() == 1
    assert_no_violations(page, "the registration form with errors")


# --- Mentoring's public pages ------------------------------------------------------------------


@pytest.fixture
def mentor_offers(cast):
    """Three Roskilde mentors: one with a free place, one paused with a return date, one full."""
    import datetime
    import importlib

    from django.apps import apps

    from mentoring.models import Match
    from tests.mentoring.factories import make_match, make_offer

    # The live server's database is flushed between tests, the vocabulary's migration with it.
    importlib.import_module("mentoring.migrations.0002_expertise_areas").load(apps, None)
    offer = make_offer(
        municipality=cast.roskilde,
        municipalities=[cast.roskilde, cast.lejre],
        slug="restaurant-mumm",
        mentor_name="Jonas Bæk",
        mentor_title="Køkkenchef",
        company="Restaurant Mumm",
        headline="Køkkenrutiner, menukort og køkkenledelse",
        description="Vi mødes i jeres køkken og i vores.\n\nVi bygger et menukort, der passer til jer.",
        expertise=["koekken-og-produktion", "menu-og-sortiment", "ledelse"],
        sectors=["food"],
        capacity=2,
        format_on_site=True,
    )
    make_offer(
        municipality=cast.roskilde,
        mentor_name="Mads Friis",
        company="Juridisk Rådgivning ApS",
        expertise=["selskabsform-og-governance"],
        paused=True,
        paused_until=datetime.date(2099, 3, 1),
    )
    full = make_offer(municipality=cast.lejre, mentor_name="Peter Holm", company="Trykkeriet A/S")
    make_match(offer=full, status=Match.Status.ACTIVE)
    return offer


MENTORING_PAGES = [
    "/mentorer/",
    "/en/mentorer/",
    "/mentorer/?omraade=ledelse&kommune=roskilde&ledig=on",
    "/mentorer/?omraade=nope&kommune=nope&arbejdsform=nope",
    "/mentorer/?omraade=jura-og-kontrakter&ledig=on",
    "/mentorer/restaurant-mumm/",
    "/en/mentorer/restaurant-mumm/",
]


@pytest.mark.parametrize("width", [1280, 320])
def test_the_mentoring_pages_have_no_accessibility_violations(new_context, mentor_offers, width):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    problems = {}
    for path in MENTORING_PAGES:
        page.goto(path)
        if violations := run_axe(page):
            problems[path] = describe_violations(violations)
        if (scroll_width := page.evaluate("document.documentElement.scrollWidth")) > width:
            problems[f"{path} width"] = f"{scroll_width} px wide: {widest_elements(page)}"

    assert problems == {}


@pytest.mark.parametrize("width", [1280, 320])
def test_the_ask_for_a_mentor_form_has_no_accessibility_violations_empty_or_with_errors(
    new_context, cast, mentor_offers, width
):
    from tests.conftest import PASSWORD

    page = new_context(viewport={"width": width, "height": 800}).new_page()
    page.goto("/konto/log-ind/")
    page.locator("#id_username").fill(cast.representative.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    page.goto("/mentorer/restaurant-mumm/spoerg/")
    assert_no_violations(page, "the ask form")
    page.locator("#id_goals").fill("")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("#error-summary").is_visible()
    assert_no_violations(page, "the ask form with errors")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
