"""A municipality's page: how to reach it first, a map link, closed days listed once, and on
/en/ the Danish-only texts marked and the public holidays named in English."""

import datetime

import pytest
import time_machine

from portal.models import OpeningHours
from tests.conftest import make_closed_day, make_contact_person, make_opening_hours

pytestmark = pytest.mark.django_db

#: A Monday in December, 08.00 in Copenhagen: Christmas and New Year are within the coming weeks.
DECEMBER_MONDAY = datetime.datetime(2026, 12, 21, 7, 0, tzinfo=datetime.UTC)


@pytest.fixture
def lejre_page(lejre):
    lejre.address = "Møllebjergvej 4, 4330 Hvalsø"
    lejre.phone = "46 46 46 46"
    lejre.intro = "Velkommen til Lejre."
    lejre.save()
    for weekday in range(5):
        make_opening_hours(
            lejre, weekday=weekday, opens="10:00", closes="14:00", kind=OpeningHours.Kind.VISIT
        )
        make_opening_hours(
            lejre, weekday=weekday, opens="09:00", closes="15:00", kind=OpeningHours.Kind.PHONE
        )
    make_closed_day(lejre, datetime.date(2026, 12, 24), "Juleaftensdag")
    make_closed_day(lejre, datetime.date(2026, 12, 23), "Personaledag")
    make_contact_person(lejre, name="Mette Kragh", title="Erhvervskonsulent")
    return lejre


@pytest.fixture
def december():
    with time_machine.travel(DECEMBER_MONDAY, tick=False):
        yield


def test_the_page_is_headed_with_the_municipality_s_official_name(client, lejre_page):
    text = client.get("/kommuner/lejre/").text

    assert "<title>Lejre Kommune · Indgangen</title>" in text
    assert "<h1>Lejre Kommune</h1>" in text


def test_phone_address_and_hours_come_before_the_introduction_and_the_contact_persons(client, lejre_page):
    text = client.get("/kommuner/lejre/").text

    order = [
        text.index('href="tel:+4546464646"'),
        text.index("Møllebjergvej 4, 4330 Hvalsø"),
        text.index('id="phone-heading"'),
        text.index('id="visit-heading"'),
        text.index("Velkommen til Lejre."),
        text.index("Mette Kragh"),
    ]
    assert order == sorted(order)


def test_the_address_links_to_a_map_without_loading_anything_from_it(client, lejre_page):
    text = client.get("/kommuner/lejre/").text

    assert (
        '<a href="https://www.openstreetmap.org/search?query=M%C3%B8llebjergvej+4%2C+4330+Hvals%C3%B8">'
        "Se adressen på et kort"
    ) in text
    assert "<iframe" not in text


def test_without_an_address_there_is_no_map_link(client, lejre):
    assert "openstreetmap" not in client.get("/kommuner/lejre/").text


def test_each_closed_day_is_listed_once_though_both_schedules_close(client, lejre_page, december):
    text = client.get("/kommuner/lejre/").text

    assert text.count("torsdag 24. december") == 1
    assert text.count("Juleaftensdag") == 1
    assert "onsdag 23. december (<span>Personaledag</span>)" in text
    assert "fredag 25. december (<span>Juledag</span>)" in text


def test_on_english_pages_holidays_are_named_in_english_and_staff_s_reasons_are_marked_danish(
    client, lejre_page, december
):
    text = client.get("/en/kommuner/lejre/").text

    assert "Thursday 24 December (<span>Christmas Eve</span>)" in text
    assert "Friday 25 December (<span>Christmas Day</span>)" in text
    assert 'Wednesday 23 December (<span lang="da">Personaledag</span>)' in text
    assert "Juleaftensdag" not in text


def test_on_english_pages_danish_only_texts_are_marked_danish(client, lejre_page):
    text = client.get("/en/kommuner/lejre/").text

    assert '<p class="font-lead" lang="da">Velkommen til Lejre.</p>' in text
    assert '<p class="mb-2" lang="da">Erhvervskonsulent</p>' in text


def test_an_english_introduction_is_not_marked_danish(client, lejre_page):
    lejre_page.intro_en = "Welcome to Lejre."
    lejre_page.save()

    assert '<p class="font-lead">Welcome to Lejre.</p>' in client.get("/en/kommuner/lejre/").text


def test_on_danish_pages_nothing_is_marked_danish_besides_the_page(client, lejre_page, december):
    text = client.get("/kommuner/lejre/").text

    assert 'lang="da"' not in text.replace('<html lang="da">', "")
