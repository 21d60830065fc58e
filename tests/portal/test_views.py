"""The public pages: front page, municipality pages, guides, health checks, headers, query counts."""

import datetime
import re

import pytest
import time_machine
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from portal import views
from portal.hours import COPENHAGEN
from portal.models import OpeningHours
from tests.conftest import (
    make_closed_day,
    make_contact_person,
    make_guide,
    make_municipality,
    make_opening_hours,
    requires_redis,
)

pytestmark = pytest.mark.django_db

# Monday 2 March 2026, 11:00 in Copenhagen.
MONDAY_MORNING = datetime.datetime(2026, 3, 2, 11, 0, tzinfo=COPENHAGEN)


@pytest.fixture
def frozen_monday():
    with time_machine.travel(MONDAY_MORNING, tick=False):
        yield


@pytest.fixture
def roskilde_page(roskilde):
    """Roskilde with public and private contact persons, phone and visiting hours, and guides."""
    roskilde.phone = "46 31 30 00"
    roskilde.intro, roskilde.intro_en = (
        "Vi hjælper socialøkonomiske virksomheder.",
        "We help social enterprises.",
    )
    roskilde.save()
    make_contact_person(roskilde, name="Rasmus Offentlig", is_public=True, phone="46 31 30 01")
    make_contact_person(roskilde, name="Rikke Intern", is_public=False)
    for weekday in range(5):
        make_opening_hours(
            roskilde, weekday=weekday, opens="10:00", closes="15:00", kind=OpeningHours.Kind.PHONE
        )
        make_opening_hours(
            roskilde, weekday=weekday, opens="09:00", closes="12:00", kind=OpeningHours.Kind.VISIT
        )
    make_guide(roskilde, slug="roskilde-puljer", title="Puljer i Roskilde", title_en="Funding in Roskilde")
    make_guide(None, slug="kom-i-gang", title="Kom i gang", title_en="Get started")
    return roskilde


def html_lang(response):
    match = re.search(r'<html[^>]*\slang="([^"]+)"', response.text)
    return match and match.group(1)


# --- Front page and picker ---------------------------------------------------------------------


def test_the_front_page_lists_every_municipality(client, lejre, roskilde):
    response = client.get("/")

    assert response.status_code == 200
    assert list(response.context["municipalities"]) == [lejre, roskilde]
    assert 'value="lejre"' in response.text and 'value="roskilde"' in response.text
    assert html_lang(response) == "da"


def test_the_front_page_lists_national_guides_only(client, roskilde_page):
    response = client.get("/")

    assert "Kom i gang" in response.text
    assert "Puljer i Roskilde" not in response.text


def test_the_front_page_shows_whether_the_phone_is_open(client, roskilde_page, frozen_monday):
    response = client.get("/")

    assert "Telefonen er åben nu" in response.text
    assert "Lukker kl. 15.00" in response.text


def test_the_front_page_is_the_same_for_everyone(client, roskilde_page, lejre_staff, representative):
    anonymous = client.get("/")
    client.force_login(lejre_staff)
    staff = client.get("/")
    client.force_login(representative)
    rep = client.get("/")

    assert anonymous.status_code == staff.status_code == rep.status_code == 200
    assert list(anonymous.context["municipalities"]) == list(staff.context["municipalities"])


def test_the_picker_sends_you_to_the_municipality(client, roskilde):
    response = client.get("/kommuner/", {"kommune": "roskilde"})

    assert response.status_code == 302
    assert response.url == "/kommuner/roskilde/"


def test_the_picker_keeps_english_visitors_in_english(client, roskilde):
    response = client.get("/en/kommuner/", {"kommune": "roskilde"})

    assert response.url == "/en/kommuner/roskilde/"


@pytest.mark.parametrize("query", [{"kommune": "atlantis"}, {"kommune": ""}, {}])
def test_the_picker_sends_an_unknown_municipality_back_to_the_front_page(client, roskilde, query):
    response = client.get("/kommuner/", query)

    assert response.status_code == 302
    assert response.url == "/"


def test_the_picker_refuses_post(client, roskilde):
    assert client.post("/kommuner/", {"kommune": "roskilde"}).status_code == 405


# --- Municipality page -------------------------------------------------------------------------


def test_the_municipality_page_shows_public_contact_persons_and_not_private_ones(client, roskilde_page):
    response = client.get("/kommuner/roskilde/")

    assert response.status_code == 200
    assert "Rasmus Offentlig" in response.text
    assert "Rikke Intern" not in response.text
    assert 'href="tel:+4546313001"' in response.text


def test_the_municipality_page_shows_the_phone_hours_and_status(client, roskilde_page, frozen_monday):
    response = client.get("/kommuner/roskilde/")

    assert "Telefontider" in response.text
    assert "Åbent nu" in response.text
    assert "Lukker kl. 15.00" in response.text
    assert "10.00–15.00" in response.text
    assert "09.00–12.00" in response.text


def test_the_municipality_page_says_when_it_opens_next(client, roskilde_page):
    with time_machine.travel(datetime.datetime(2026, 3, 6, 18, 0, tzinfo=COPENHAGEN), tick=False):
        response = client.get("/kommuner/roskilde/")

    assert "Lukket nu" in response.text
    assert "Åbner mandag kl. 10.00" in response.text


def test_the_municipality_page_gives_the_reason_it_is_closed_today(client, roskilde_page):
    with time_machine.travel(datetime.datetime(2026, 12, 25, 11, 0, tzinfo=COPENHAGEN), tick=False):
        response = client.get("/kommuner/roskilde/")

    assert "Juledag" in response.text


def test_the_municipality_page_lists_upcoming_closed_days(client, roskilde_page, frozen_monday):
    make_closed_day(roskilde_page, datetime.date(2026, 3, 4), "Personaledag")

    response = client.get("/kommuner/roskilde/")

    assert "4. marts" in response.text


def test_the_municipality_page_gives_the_reason_staff_gave_for_a_closed_day(client, roskilde_page):
    make_closed_day(roskilde_page, datetime.date(2026, 3, 2), "Personaledag")

    with time_machine.travel(MONDAY_MORNING, tick=False):
        response = client.get("/kommuner/roskilde/")

    assert "Personaledag" in response.text


def test_the_municipality_page_lists_national_and_own_guides_but_not_others(client, roskilde_page, lejre):
    make_guide(lejre, title="Lejres egen vejledning")
    make_guide(None, title="Kladde", is_published=False)

    response = client.get("/kommuner/roskilde/")

    assert "Puljer i Roskilde" in response.text
    assert "Kom i gang" in response.text
    assert "Lejres egen vejledning" not in response.text
    assert "Kladde" not in response.text


def test_the_municipality_page_is_in_english_under_en(client, roskilde_page, frozen_monday):
    response = client.get("/en/kommuner/roskilde/")

    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert "Phone hours" in response.text
    assert "Open now" in response.text
    assert "Closes at 15:00" in response.text
    assert "We help social enterprises." in response.text
    assert "Funding in Roskilde" in response.text


def test_the_municipality_page_is_in_danish_at_the_root(client, roskilde_page):
    response = client.get("/kommuner/roskilde/")

    assert html_lang(response) == "da"
    assert "Vi hjælper socialøkonomiske virksomheder." in response.text


def test_a_municipality_without_hours_or_contact_persons_still_has_a_page(client, lejre):
    response = client.get("/kommuner/lejre/")

    assert response.status_code == 200


def test_the_municipality_page_is_the_same_for_staff_of_another_municipality(lejre_client, roskilde_page):
    response = lejre_client.get("/kommuner/roskilde/")

    assert response.status_code == 200
    assert "Rikke Intern" not in response.text, "private contact persons stay private for every visitor"


def test_an_unknown_municipality_is_not_found_in_danish(client, db):
    response = client.get("/kommuner/nope/")

    assert response.status_code == 404
    assert html_lang(response) == "da"
    assert "Siden blev ikke fundet" in response.text
    assert "Traceback" not in response.text


def test_an_unknown_municipality_is_not_found_in_english(client, db):
    response = client.get("/en/kommuner/nope/")

    assert response.status_code == 404
    assert html_lang(response) == "en"
    assert "Page not found" in response.text
    assert "Traceback" not in response.text


# --- Guides ------------------------------------------------------------------------------------


def test_a_guide_renders_its_markdown(client, roskilde):
    make_guide(
        roskilde,
        slug="start",
        title="Start her",
        body="## Første skridt\n\nLæs **altid** [vejledningen](https://example.dk/vejl).\n\n- et\n- to\n",
    )

    response = client.get("/vejledning/start/")

    assert response.status_code == 200
    assert "<h2>Første skridt</h2>" in response.text
    assert "<strong>altid</strong>" in response.text
    assert '<a href="https://example.dk/vejl"' in response.text
    assert "<li>et</li>" in response.text


def test_a_guide_strips_scripts_and_event_handlers_from_a_malicious_body(client, roskilde):
    make_guide(
        roskilde,
        slug="ondsindet",
        body=(
            "Hej\n\n<script>alert('script')</script>\n\n"
            '<img src="x" onerror="alert(\'img\')">\n\n'
            "<p onclick=\"alert('click')\">klik</p>\n\n"
            "[link](javascript:alert('href'))\n\n"
            '<iframe src="https://evil.example"></iframe>\n'
        ),
    )

    response = client.get("/vejledning/ondsindet/")

    assert response.status_code == 200
    body = response.text
    assert "alert(" not in body
    assert "onerror" not in body
    assert "onclick" not in body
    assert "javascript:" not in body
    assert "<iframe" not in body
    assert "Hej" in body


def test_a_guide_is_in_english_under_en(client, roskilde):
    make_guide(
        roskilde,
        slug="start",
        title="Start her",
        body="Dansk tekst",
        title_en="Start here",
        body_en="English text",
    )

    response = client.get("/en/vejledning/start/")

    assert "Start here" in response.text
    assert "English text" in response.text
    assert "Dansk tekst" not in response.text


def test_an_unpublished_guide_is_not_found(client, roskilde):
    make_guide(roskilde, slug="kladde", is_published=False)

    assert client.get("/vejledning/kladde/").status_code == 404


def test_an_unpublished_guide_is_not_found_for_its_own_staff_either(lejre_client, lejre):
    make_guide(lejre, slug="kladde", is_published=False)

    assert lejre_client.get("/vejledning/kladde/").status_code == 404


def test_an_unknown_guide_is_not_found(client, db):
    assert client.get("/vejledning/nope/").status_code == 404


# --- Health checks -----------------------------------------------------------------------------


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.text == "ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_the_database_ok(client, settings):
    settings.REDIS_URL = ""

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


def test_readyz_is_unavailable_naming_the_database_when_it_is_down(client, settings, monkeypatch):
    settings.REDIS_URL = ""

    class DownConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(views, "connection", DownConnection())

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"].startswith("down")


def test_readyz_is_unavailable_naming_redis_when_redis_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get("/readyz")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == "ok"
    assert checks["redis"].startswith("down")


@requires_redis
def test_readyz_reports_a_real_redis_ok(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


def test_health_checks_are_not_under_the_language_prefix(client, db):
    assert client.get("/en/healthz").status_code == 404


# --- Query counts do not grow with the data ----------------------------------------------------


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def fill_municipality(municipality, n, start=0):
    for i in range(start, start + n):
        make_contact_person(municipality, is_public=True)
        make_guide(municipality)
        make_opening_hours(municipality, weekday=i % 7, opens=f"{6 + i % 3:02d}:00", closes="09:00")
        make_opening_hours(
            municipality,
            weekday=i % 7,
            opens=f"{10 + i % 3:02d}:00",
            closes="18:00",
            kind=OpeningHours.Kind.PHONE,
        )
        make_closed_day(municipality, datetime.date(2026, 3, 3) + datetime.timedelta(days=i))


def test_the_front_page_runs_the_same_queries_for_1_and_20_municipalities(client, db, frozen_monday):
    fill_municipality(make_municipality(), 1)
    make_guide(None)
    one = count_queries(client, "/")

    for _ in range(19):
        fill_municipality(make_municipality(), 3)
        make_guide(None)
    twenty = count_queries(client, "/")

    assert twenty == one


def test_the_municipality_page_runs_the_same_queries_for_1_and_20_contact_persons(
    client, roskilde, frozen_monday
):
    fill_municipality(roskilde, 1)
    make_guide(None)
    one = count_queries(client, "/kommuner/roskilde/")

    fill_municipality(roskilde, 19, start=1)
    for _ in range(19):
        make_guide(None)
    twenty = count_queries(client, "/kommuner/roskilde/")

    assert twenty == one


def test_the_guide_page_runs_the_same_queries_with_many_related_guides(client, roskilde):
    guide = make_guide(roskilde)
    make_guide(None)
    one = count_queries(client, guide.get_absolute_url())

    for _ in range(19):
        make_guide(None)
    twenty = count_queries(client, guide.get_absolute_url())

    assert twenty == one


# --- On every page: skip link, language switch, security headers -------------------------------

PAGES = [
    "/",
    "/kommuner/roskilde/",
    "/vejledning/kom-i-gang/",
    "/konto/log-ind/",
    "/konto/opret/",
    "/konto/nulstil-adgangskode/",
    "/kommuner/nope/",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_skip_link_to_the_main_content(client, roskilde_page, path):
    response = client.get(path)

    assert re.search(r'<a [^>]*href="#main"', response.text)
    assert 'id="main"' in response.text


@pytest.mark.parametrize("path", PAGES)
def test_every_danish_page_links_to_its_english_version(client, roskilde_page, path):
    response = client.get(path)

    assert re.search(rf'<a href="/en{re.escape(path)}"[^>]*hreflang="en"', response.text), response.text[
        :3000
    ]


@pytest.mark.parametrize("path", PAGES)
def test_every_english_page_links_to_its_danish_version(client, roskilde_page, path):
    response = client.get(f"/en{path}")

    assert html_lang(response) == "en"
    assert re.search(rf'<a href="{re.escape(path)}"[^>]*hreflang="da"', response.text)


@pytest.mark.parametrize(
    "path", ["/", "/kommuner/roskilde/", "/vejledning/kom-i-gang/", "/kommuner/nope/", "/healthz"]
)
def test_every_response_carries_the_security_headers(client, roskilde_page, path):
    response = client.get(path)

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/kommuner/roskilde/", "/vejledning/kom-i-gang/"])
def test_pages_have_no_inline_scripts_or_styles_that_the_policy_would_block(client, roskilde_page, path):
    response = client.get(path)

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text), "inline <script>"
    assert "<style" not in response.text
    assert not re.search(r'\sstyle="', response.text)
    assert not re.search(r"\son[a-z]+=", response.text)


@pytest.mark.parametrize(
    "path",
    [
        "/kommuner/?kommune=%00",
        "/en/kommuner/?kommune=x%00",
        "/admin/?q=%00",
        # Every value of a repeated parameter, not only the last (admin filters read them all).
        "/admin/?status__exact=%00&status__exact=new",
        "/admin/?x%00=1",
    ],
)
def test_a_nul_character_in_the_address_is_a_bad_request_not_an_error(client, path):
    response = client.get(path)

    assert response.status_code == 400
    assert "Forkert forespørgsel" in response.text or "Bad request" in response.text

