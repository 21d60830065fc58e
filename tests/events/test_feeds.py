"""The events' calendars: one event's .ics, a municipality's feed and the feed of all
(events/feeds.py), read back with icalendar."""

import datetime

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from events.models import Event
from tests.conftest import make_municipality
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _on_the_first_of_march():
    with time_machine.travel(NOW, tick=False):
        yield


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(component["summary"]): component for component in calendar.walk("VEVENT")}


def _at(year, month, day, hour, minute=0):
    """A moment written in Copenhagen time."""
    from zoneinfo import ZoneInfo

    return datetime.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Europe/Copenhagen"))


def test_times_are_right_on_both_sides_of_the_change_to_summer_time(client, lejre):
    make_event(
        municipality=lejre, title="Lørdag", starts_at=_at(2027, 3, 27, 10), ends_at=_at(2027, 3, 27, 12)
    )
    make_event(
        municipality=lejre, title="Søndag", starts_at=_at(2027, 3, 28, 10), ends_at=_at(2027, 3, 28, 12)
    )

    events = _events(client.get("/arrangementer/kalender.ics"))

    assert events["Lørdag"].decoded("dtstart") == datetime.datetime(2027, 3, 27, 9, 0, tzinfo=datetime.UTC)
    assert events["Søndag"].decoded("dtstart") == datetime.datetime(2027, 3, 28, 8, 0, tzinfo=datetime.UTC)
    assert events["Søndag"].decoded("dtend") == datetime.datetime(2027, 3, 28, 10, 0, tzinfo=datetime.UTC)


def test_a_cancelled_event_is_in_the_feed_as_cancelled(client, lejre):
    event = make_event(municipality=lejre, title="Aflyst værksted", starts_at=_at(2027, 3, 9, 10))
    services.cancel_event(event, reason="Sygdom.", now=NOW)

    events = _events(client.get("/arrangementer/kalender.ics"))

    assert str(events["Aflyst værksted"]["status"]) == "CANCELLED"


def test_the_feed_is_a_window_of_30_days_back_and_a_year_ahead_of_published_events(client, lejre):
    make_event(municipality=lejre, title="For længe siden", starts_at=_at(2027, 1, 20, 10))
    make_event(municipality=lejre, title="Sidste måned", starts_at=_at(2027, 2, 10, 10))
    make_event(municipality=lejre, title="Næste år", starts_at=_at(2028, 2, 20, 10))
    make_event(municipality=lejre, title="Om to år", starts_at=_at(2029, 3, 20, 10))
    make_event(municipality=lejre, title="Kladden", starts_at=_at(2027, 4, 1, 10), status=Event.Status.DRAFT)

    assert sorted(_events(client.get("/arrangementer/kalender.ics"))) == ["Næste år", "Sidste måned"]


def test_a_municipalitys_feed_has_its_own_and_its_joint_events(client, lejre, roskilde):
    make_event(municipality=lejre, title="Lejres eget", starts_at=_at(2027, 4, 1, 10))
    joint = make_event(municipality=roskilde, title="Fælles", starts_at=_at(2027, 4, 2, 10))
    joint.co_hosts.add(lejre)
    make_event(municipality=roskilde, title="Roskildes eget", starts_at=_at(2027, 4, 3, 10))

    assert sorted(_events(client.get("/arrangementer/kommune/lejre/kalender.ics"))) == [
        "Fælles",
        "Lejres eget",
    ]
    assert sorted(_events(client.get("/arrangementer/kommune/roskilde/kalender.ics"))) == [
        "Fælles",
        "Roskildes eget",
    ]
    assert client.get("/arrangementer/kommune/atlantis/kalender.ics").status_code == 404


def test_a_public_calendar_never_carries_the_online_link(client, lejre):
    event = make_event(
        municipality=lejre,
        title="Online møde",
        place_name="",
        address="",
        online_url="https://meet.example.dk/hemmelig",
        starts_at=_at(2027, 4, 1, 10),
    )

    assert b"hemmelig" not in client.get("/arrangementer/kalender.ics").content
    assert b"hemmelig" not in client.get(f"/arrangementer/{event.slug}/kalender.ics").content


def test_an_events_ics_has_the_one_event_with_its_uid_and_address(client, lejre):
    event = make_event(municipality=lejre, title="Temadag", starts_at=_at(2027, 4, 1, 10))

    events = _events(client.get(f"/arrangementer/{event.slug}/kalender.ics"))

    assert list(events) == ["Temadag"]
    assert str(events["Temadag"]["uid"]) == f"event-{event.pk}@testserver"
    assert (
        str(events["Temadag"]["location"]) == "Roskilde Bibliotek, Dronning Margrethes Vej 14, 4000 Roskilde"
    )


def test_a_drafts_ics_is_a_404(client, lejre_client, lejre):
    event = make_event(municipality=lejre, status=Event.Status.DRAFT)

    assert client.get(f"/arrangementer/{event.slug}/kalender.ics").status_code == 404


def test_a_changed_event_shows_at_the_next_poll_despite_the_cache(client, lejre):
    event = make_event(municipality=lejre, title="Før", starts_at=_at(2027, 4, 1, 10))
    assert list(_events(client.get("/arrangementer/kalender.ics"))) == ["Før"]

    with time_machine.travel(NOW + datetime.timedelta(minutes=1), tick=False):
        event.title = "Efter"
        event.save()
        assert list(_events(client.get("/arrangementer/kalender.ics"))) == ["Efter"]


def test_a_feed_asked_for_again_is_read_from_the_cache(client, lejre):
    make_event(municipality=lejre, starts_at=_at(2027, 4, 1, 10))
    client.get("/arrangementer/kalender.ics")

    with CaptureQueriesContext(connection) as queries:
        client.get("/arrangementer/kalender.ics")

    assert len(queries) == 1  # the version of the events, nothing else


def _queries(client, path):
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _fill(municipality, other, n):
    for i in range(n):
        event = make_event(municipality=municipality, starts_at=_at(2027, 4, 1 + i % 20, 10))
        event.co_hosts.add(other)


@pytest.mark.parametrize(
    "path", ["/arrangementer/kalender.ics", "/arrangementer/kommune/roskilde/kalender.ics"]
)
def test_a_feed_runs_the_same_number_of_queries_whatever_the_number_of_events(client, lejre, path):
    roskilde = make_municipality(name="Roskilde", slug="roskilde")
    _fill(lejre, roskilde, 2)
    small = _queries(client, path)
    _fill(lejre, roskilde, 15)
    large = _queries(client, path)

    assert small == large
