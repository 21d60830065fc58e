"""iCalendar: a group's feed and a meeting's .ics, behind the group's secret token, parsed by
icalendar."""

import datetime
import zoneinfo

import icalendar
import pytest

from partnerships.calendar import feed_path, meeting_path
from tests.partnerships.factories import make_group, make_meeting

pytestmark = pytest.mark.django_db

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=COPENHAGEN)


@pytest.fixture
def group(lejre):
    group = make_group(lejre, name="Følgegruppen for Partnerskab Jammerbugt")
    make_meeting(
        group,
        at(2026, 3, 4),
        ends_at=at(2026, 3, 4, 12),
        place="Rådhuset, Toftevej 43",
        agenda="1. Velkomst\n2. Status på de 30 fleksjob",
    )
    make_meeting(group, at(2026, 6, 3), place="Hotellet")
    make_meeting(group, at(2026, 9, 2), cancelled=True)
    return group


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def test_the_feed_holds_the_groups_meetings_that_are_not_cancelled(group, client):
    found = events(client.get(feed_path(group)))
    first, second = group.meetings.filter(cancelled=False).order_by("starts_at")
    assert [str(event["uid"]) for event in found] == [
        f"meeting-{first.pk}@testserver",
        f"meeting-{second.pk}@testserver",
    ]
    event = found[0]
    assert str(event["summary"]) == "Følgegruppen for Partnerskab Jammerbugt"
    assert str(event["location"]) == "Rådhuset, Toftevej 43"
    assert str(event["description"]) == "1. Velkomst\n2. Status på de 30 fleksjob"
    assert event.decoded("dtstart") == at(2026, 3, 4)
    assert event.decoded("dtend") == at(2026, 3, 4, 12)
    # No end written: two hours.
    assert found[1].decoded("dtend") - found[1].decoded("dtstart") == datetime.timedelta(hours=2)


def test_the_feed_address_is_the_documented_one(group):
    assert feed_path(group) == f"/partnerskaber/foelgegrupper/{group.calendar_token}/moeder.ics"


def test_a_meeting_has_an_ics_of_its_own_with_the_same_uid(group, client):
    meeting = group.meetings.get(place="Hotellet")
    (event,) = events(client.get(meeting_path(meeting)))
    assert str(event["uid"]) == f"meeting-{meeting.pk}@testserver"
    assert str(event["location"]) == "Hotellet"
    assert "description" not in event


def test_a_wrong_token_finds_nothing(group, client):
    assert client.get("/partnerskaber/foelgegrupper/not-the-token/moeder.ics").status_code == 404
    meeting = group.meetings.first()
    assert (
        client.get(f"/partnerskaber/foelgegrupper/not-the-token/moeder/{meeting.pk}.ics").status_code == 404
    )


def test_another_groups_token_does_not_open_a_meeting(group, lejre, client):
    other = make_group(lejre)
    meeting = group.meetings.first()
    assert (
        client.get(f"/partnerskaber/foelgegrupper/{other.calendar_token}/moeder/{meeting.pk}.ics").status_code
        == 404
    )


def test_a_cancelled_meeting_has_no_ics(group, client):
    cancelled = group.meetings.get(cancelled=True)
    assert client.get(meeting_path(cancelled)).status_code == 404


def test_the_feed_is_kept_out_of_shared_caches_and_search_engines(group, client):
    response = client.get(feed_path(group))
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("size", [1, 6])
def test_the_feed_reads_two_queries_whatever_the_number_of_meetings(
    lejre, client, size, django_assert_num_queries
):
    group = make_group(lejre)
    for n in range(size):
        make_meeting(group, at(2026, 1 + n, 5))
    with django_assert_num_queries(2):
        found = events(client.get(feed_path(group)))
    assert len(found) == size
