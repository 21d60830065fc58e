"""Whole public pages from the cache (kit/pagecache.py): served to anonymous visitors without a
query, renewed when the data changes or the clock changes what they say, never personal."""

import datetime
import re

import pytest
import time_machine
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.test import Client

from kit import pagecache
from portal.models import Municipality
from tests.conftest import make_opening_hours, make_user
from tests.enterprises.factories import make_enterprise
from tests.events.factories import STARTS, make_event, make_registration

pytestmark = pytest.mark.django_db

#: Tuesday 2 March 2027, 09.30 Copenhagen time: Lejre's phone (10.00–15.00) opens at 10.00.
MORNING = datetime.datetime(2027, 3, 2, 8, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _on(settings):
    settings.PAGE_CACHE = True


def served(client, path, **headers):
    response = client.get(path, headers=headers)
    return response, response.get(pagecache.HEADER)


def test_the_second_visit_is_served_from_the_cache_without_a_query(lejre, client, django_assert_num_queries):
    first, state = served(client, lejre.get_absolute_url())
    assert (first.status_code, state) == (200, "miss")
    with django_assert_num_queries(0):
        second, state = served(Client(), lejre.get_absolute_url())
    assert (second.status_code, state) == (200, "hit")
    assert second.content == first.content


def test_a_change_to_the_data_is_shown_at_once(lejre, client):
    served(client, lejre.get_absolute_url())
    lejre.phone = "46 46 46 46"
    lejre.save()

    page, state = served(client, lejre.get_absolute_url())
    assert state == "miss"
    assert "46 46 46 46" in page.text
    assert served(client, lejre.get_absolute_url())[1] == "hit"


def test_a_change_the_signals_do_not_see_is_bumped_by_hand(lejre, client):
    served(client, "/")
    Municipality.objects.filter(pk=lejre.pk).update(name="Lejre Syd")
    assert served(client, "/")[1] == "hit"  # the reason services call pagecache.changed()

    pagecache.changed(Municipality)
    page, state = served(client, "/")
    assert state == "miss"
    assert "Lejre Syd" in page.text


def test_a_change_in_an_app_the_page_does_not_show_leaves_it(lejre, client):
    served(client, "/")  # the front page reads the portal only
    make_event(municipality=lejre)
    assert served(client, "/")[1] == "hit"
    assert served(client, "/arrangementer/")[1] == "miss"


def test_danish_and_english_are_kept_apart(lejre, client):
    danish, _ = served(client, "/")
    english, state = served(client, "/en/")
    assert state == "miss"
    assert 'lang="en"' in english.text
    assert 'lang="da"' in danish.text


@pytest.mark.parametrize(
    "query",
    [
        "?utm_source=nyhedsbrev",
        "?q=cafe&utm_source=nyhedsbrev",
        "?q=" + "x" * 101,
        "?q=cafe&kategori=" + "&kategori=".join(f"k{n}" for n in range(11)),
    ],
)
def test_a_parameter_the_view_does_not_name_or_an_outsize_search_is_rendered_each_time(lejre, client, query):
    for _ in range(3):
        assert served(client, "/virksomheder/" + query)[1] is None


def test_a_search_is_kept_once_it_is_asked_for_again(lejre, client, django_assert_num_queries):
    first, state = served(client, "/virksomheder/?q=cafe")
    assert (first.status_code, state) == (200, None)  # asked once: rendered, not kept
    assert served(client, "/virksomheder/?q=cafe")[1] == "miss"  # asked again: kept
    with django_assert_num_queries(0):
        third, state = served(Client(), "/virksomheder/?q=cafe")
    assert state == "hit"
    assert third.content == first.content
    assert served(client, "/virksomheder/?q=Cafe")[1] is None  # another search
    assert served(client, "/virksomheder/?kommune=lejre&q=cafe")[1] is None  # and another


def test_a_kept_search_follows_the_data(lejre, client):
    for _ in range(3):
        served(client, "/virksomheder/?q=cykel")
    make_enterprise(name="Cykelværkstedet", home_municipality=lejre)
    page, state = served(client, "/virksomheder/?q=cykel")
    assert state is None  # a new version of the data: the search counts from one again
    assert "Cykelværkstedet" in page.text


def test_no_more_searches_are_stored_an_hour_than_the_quota(lejre, client, monkeypatch):
    monkeypatch.setattr(pagecache, "MOST_POPULAR_COPIES", 1)
    for q in ("cafe", "kantine"):
        served(client, f"/virksomheder/?q={q}")
        assert served(client, f"/virksomheder/?q={q}")[1] == "miss"
    assert served(client, "/virksomheder/?q=cafe")[1] == "hit"
    assert served(client, "/virksomheder/?q=kantine")[1] == "miss"  # rendered each time this hour


def test_a_list_filtered_by_its_own_form_is_kept_like_the_list(lejre, roskilde, client):
    assert served(client, "/udbud/?kommune=lejre&aaben=on")[1] == "miss"
    assert served(client, "/udbud/?aaben=on&kommune=lejre")[1] == "hit"  # the same filters
    assert served(client, "/udbud/?aaben=on&kommune=lejre&social=")[1] == "hit"  # an empty field
    page, state = served(client, "/udbud/?kommune=roskilde&aaben=on")
    assert state == "miss"
    assert 'value="roskilde" selected' in page.text
    assert served(client, "/udbud/?kommune=lejre&aaben=on&side=2")[1] == "miss"


@pytest.mark.parametrize(
    "query",
    [
        "?kommune=findes-ikke",  # not one of the form's municipalities
        "?aaben=ja-tak",  # a box is ticked with "on" or "1"
        "?cpv=4521",  # free text
        "?kommune=lejre&kommune=lejre",
        "?side=7",  # the list has one page
        "?side=en",
    ],
)
def test_a_value_the_form_does_not_offer_is_shown_but_not_kept(lejre, client, query):
    assert served(client, "/udbud/" + query)[0].status_code == 200
    assert served(client, "/udbud/" + query)[1] == "miss"


def test_the_directory_keeps_its_pages_and_its_filters_once_asked_for_again(lejre, client):
    assert served(client, "/virksomheder/?side=1")[1] == "miss"
    assert served(client, "/virksomheder/?side=1")[1] == "hit"
    assert served(client, "/virksomheder/?kommune=lejre")[1] is None
    assert served(client, "/virksomheder/?kommune=lejre")[1] == "miss"
    assert served(client, "/virksomheder/?kommune=lejre")[1] == "hit"


def test_a_logged_in_visitor_sees_their_own_header(lejre, client):
    served(Client(), "/")
    user = make_user(username="bente", email="bente@example.dk")
    client.force_login(user)

    page, state = served(client, "/")
    assert state is None
    assert "Log ud" in page.text
    assert "Log ud" not in served(Client(), "/")[0].text


def test_a_waiting_message_is_shown_not_cached(lejre, client, rf):
    request = rf.get("/")
    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "Tak for din tilmelding")
    response = client.get("/")
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value

    page, state = served(client, "/")
    assert state is None
    assert "Tak for din tilmelding" in page.text


def test_a_missing_page_is_not_kept(lejre, client):
    assert client.get("/kommuner/findes-ikke/").status_code == 404
    assert not [key for key in cache_keys() if ":page:" in key]


def cache_keys():
    backend = getattr(cache, "_cache", None)
    if isinstance(backend, dict):  # local memory
        return list(backend)
    return [key.decode() for key in cache._cache.get_client().keys("*")]


# --- The CSRF token ---------------------------------------------------------------------------


def token_in(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def test_a_page_with_a_form_carries_each_visitors_own_token(lejre):
    event = make_event(municipality=lejre, starts_at=STARTS, capacity=10)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    with time_machine.travel(STARTS - datetime.timedelta(days=10), tick=False):
        one, state_one = served(first, event.get_absolute_url())
        two, state_two = served(second, event.get_absolute_url())
        assert (state_one, state_two) == ("miss", "hit")
        assert pagecache.MARKER not in one.text + two.text
        assert token_in(one) != token_in(two)
        assert "csrftoken" in two.cookies
        assert "no-cache" in two["Cache-Control"] and "private" in two["Cache-Control"]

        registered = second.post(
            event.get_absolute_url() + "tilmeld/",
            {"csrfmiddlewaretoken": token_in(two), "name": "Bente Hansen", "email": "bente@example.dk"},
        )
    assert registered.status_code in (200, 302, 303), registered.content[:500]


def test_a_page_without_a_form_is_revalidated_by_its_etag(lejre, client):
    page, _ = served(client, "/")
    assert "no-cache" in page["Cache-Control"]
    assert "Cookie" in page["Vary"]  # logged in, the same address is another page
    again = client.get("/", headers={"if-none-match": page["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


# --- The clock ---------------------------------------------------------------------------------


def test_open_now_stays_true(lejre, client):
    make_opening_hours(lejre, weekday=1, opens="10:00", closes="15:00", kind="phone")
    with time_machine.travel(MORNING, tick=False):
        page, _ = served(client, "/")
        assert "Telefonen er lukket nu" in page.text
    with time_machine.travel(MORNING + datetime.timedelta(minutes=29), tick=False):
        assert served(client, "/")[1] == "hit"
    with time_machine.travel(MORNING + datetime.timedelta(minutes=31), tick=False):
        page, state = served(client, "/")
    assert state == "miss"
    assert "Telefonen er åben nu" in page.text


def test_a_page_lasts_no_longer_than_to_midnight(lejre, client):
    evening = datetime.datetime(2027, 3, 2, 22, 50, tzinfo=datetime.UTC)  # 23.50 in Copenhagen
    with time_machine.travel(evening, tick=False):
        served(client, "/tilgaengelighed/")
    with time_machine.travel(evening + datetime.timedelta(minutes=9), tick=False):
        assert served(client, "/tilgaengelighed/")[1] == "hit"
    with time_machine.travel(evening + datetime.timedelta(minutes=11), tick=False):
        assert served(client, "/tilgaengelighed/")[1] == "miss"


def test_the_places_left_follow_the_registrations(lejre, client):
    event = make_event(municipality=lejre, capacity=3)
    with time_machine.travel(STARTS - datetime.timedelta(days=10), tick=False):
        assert "3 ledige pladser" in served(client, event.get_absolute_url())[0].text
        make_registration(event)
        page, state = served(client, event.get_absolute_url())
    assert state == "miss"
    assert "2 ledige pladser" in page.text


def test_a_deadline_closes_the_registration_on_the_cached_page(lejre, client):
    event = make_event(municipality=lejre, registration_deadline=STARTS - datetime.timedelta(days=1))
    before = STARTS - datetime.timedelta(days=1, minutes=5)
    with time_machine.travel(before, tick=False):
        assert "tilmeld" in served(client, event.get_absolute_url())[0].text.lower()
    with time_machine.travel(before + datetime.timedelta(minutes=6), tick=False):
        page, state = served(client, event.get_absolute_url())
    assert state == "miss"
    assert "Tilmeldingen er lukket" in page.text


# --- A cache that does not answer -------------------------------------------------------------


def test_the_pages_are_served_without_the_cache(lejre, client, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    nothing = RedisCache(  # nothing listens there
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}
    )
    monkeypatch.setattr(pagecache, "cache", nothing)
    page = client.get(lejre.get_absolute_url())
    assert page.status_code == 200
    assert pagecache.HEADER not in page
    lejre.save()  # and a change is saved all the same


def test_while_one_request_renders_a_copy_whose_time_is_up_the_others_get_the_old_one(lejre, client):
    served(client, "/")
    [key] = [key.split(":", 2)[-1] for key in cache_keys() if ":page:" in key and "renewing" not in key]
    copy = cache.get(key)
    cache.set(key, {**copy, "until": copy["until"] - pagecache.MAX_AGE - 1}, timeout=60)  # its time is up
    cache.add(f"{key}:renewing", 1)  # as if another request were rendering it again right now

    page, state = served(client, "/")
    assert state == "stale"
    assert page.content == served(Client(), "/")[0].content

    cache.delete(f"{key}:renewing")  # that request is done, or gave up
    assert served(client, "/")[1] == "miss"
    assert served(client, "/")[1] == "hit"
