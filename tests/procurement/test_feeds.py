import datetime
from urllib.parse import urlsplit

import feedparser
import icalendar
import pytest
import time_machine
from django.urls import reverse

from enterprises.models import ServiceCategory
from procurement import services
from procurement.models import Notice
from tests.conftest import make_municipality
from tests.procurement.factories import make_notice

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)


def category(slug):
    return ServiceCategory.objects.get(slug=slug)


def parse_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def make_hidden_notices(municipality, **kwargs):
    """A draft, one under review, a rejected and a hidden one, and one before its TED date."""
    return [
        make_notice(municipality=municipality, status=Notice.Status.DRAFT, **kwargs),
        make_notice(municipality=municipality, status=Notice.Status.PENDING, **kwargs),
        make_notice(municipality=municipality, status=Notice.Status.REJECTED, **kwargs),
        make_notice(municipality=municipality, status=Notice.Status.HIDDEN, **kwargs),
        make_notice(
            municipality=municipality,
            ted_published_on=datetime.date.today() + datetime.timedelta(days=2),
            **kwargs,
        ),
    ]


# --- Atom ------------------------------------------------------------------------------------------


def test_the_feed_lists_the_public_notices_newest_first_with_buyer_summary_and_link(client, lejre, settings):
    cleaning = category("rengoering")
    with time_machine.travel(AT - datetime.timedelta(days=2), tick=False):
        older = make_notice(
            municipality=lejre,
            title="Rengøring af Lejre Rådhus",
            department="Ejendomme",
            description="Daglig rengøring af rådhuset i Allerslev <b>& Hvalsø</b>.",
            categories=[cleaning],
            published_at=AT - datetime.timedelta(days=2),
        )
    with time_machine.travel(AT, tick=False):
        newer = make_notice(
            municipality=lejre,
            title="Bogføring for en virksomhed",
            company_name="Eksempel Produktion A/S",
            company_cvr="99000031",
            kind=Notice.Kind.SUBCONTRACTING,
            published_at=AT,
        )
    make_hidden_notices(lejre)

    feed = parse_feed(client, reverse("procurement:feed"))
    assert feed.feed.title == "Udbud og underleverancer på Indgangen"
    assert [entry.title for entry in feed.entries] == [newer.title, older.title]
    entry = feed.entries[1]
    assert entry.link == f"http://testserver/udbud/{older.slug}/"
    # Plain text, escaped: a tag in the description is text in the reader too.
    assert entry.summary == "Daglig rengøring af rådhuset i Allerslev &lt;b&gt;&amp; Hvalsø&lt;/b&gt;."
    assert entry.author == "Lejre Kommune, Ejendomme"
    assert entry.updated_parsed[:6] == (2026, 11, 29, 12, 0, 0)
    assert [tag.term for tag in entry.tags] == ["Rengøring"]
    assert feed.entries[0].author == "Eksempel Produktion A/S"
    assert feed.feed.id == f"{settings.SITE_URL}/udbud/feed/"


def test_drafts_notices_under_review_hidden_and_before_their_ted_date_are_in_no_feed(client, lejre):
    cleaning = category("rengoering")
    make_hidden_notices(lejre, categories=[cleaning])
    for url in [
        reverse("procurement:feed"),
        reverse("procurement:feed_category", kwargs={"slug": "rengoering"}),
        reverse("procurement:feed_municipality", kwargs={"slug": "lejre"}),
    ]:
        assert parse_feed(client, url).entries == []


def test_the_category_feed_has_the_notices_naming_the_category_or_a_lot_naming_it(client, lejre):
    cleaning, green = category("rengoering"), category("groen-pleje")
    on_notice = make_notice(municipality=lejre, title="Rengøring", categories=[cleaning])
    on_lot = make_notice(
        municipality=lejre, title="Drift af bygninger", lots=[{"title": "Vinduer", "categories": [cleaning]}]
    )
    make_notice(municipality=lejre, title="Grøn pleje", categories=[green])

    feed = parse_feed(client, reverse("procurement:feed_category", kwargs={"slug": "rengoering"}))
    assert feed.feed.title == "Udbud og underleverancer: Rengøring"
    assert sorted(entry.title for entry in feed.entries) == sorted([on_notice.title, on_lot.title])
    assert client.get(reverse("procurement:feed_category", kwargs={"slug": "ukendt"})).status_code == 404


def test_the_municipality_feed_has_only_that_municipalitys_notices(client, lejre, roskilde):
    mine = make_notice(municipality=lejre, title="I Lejre")
    make_notice(municipality=roskilde, title="I Roskilde")
    feed = parse_feed(client, reverse("procurement:feed_municipality", kwargs={"slug": "lejre"}))
    assert feed.feed.title == "Udbud og underleverancer i Lejre Kommune"
    assert [entry.title for entry in feed.entries] == [mine.title]
    assert client.get(reverse("procurement:feed_municipality", kwargs={"slug": "ukendt"})).status_code == 404


def test_the_english_feed_is_in_english_and_links_the_english_pages(client, lejre):
    notice = make_notice(municipality=lejre, categories=[category("rengoering")])
    feed = parse_feed(client, "/en/udbud/feed/")
    assert feed.feed.title == "Tenders and subcontracting on Indgangen"
    assert feed.feed.language == "en"
    assert feed.entries[0].link == f"http://testserver/en/udbud/{notice.slug}/"
    assert [tag.term for tag in feed.entries[0].tags] == ["Cleaning"]
    english = parse_feed(client, "/en/udbud/feed/kategori/rengoering/")
    assert english.feed.title == "Tenders and subcontracting: Cleaning"


@pytest.mark.parametrize("size", [1, 8])
def test_the_feeds_take_a_fixed_number_of_queries(client, lejre, django_assert_num_queries, size):
    cleaning = category("rengoering")
    for _ in range(size):
        make_notice(municipality=lejre, categories=[cleaning])
    # the notices with their municipality, their categories
    with django_assert_num_queries(2):
        assert len(parse_feed(client, reverse("procurement:feed")).entries) == size
    # the category or the municipality first
    with django_assert_num_queries(3):
        url = reverse("procurement:feed_category", kwargs={"slug": "rengoering"})
        assert len(parse_feed(client, url).entries) == size
    with django_assert_num_queries(3):
        url = reverse("procurement:feed_municipality", kwargs={"slug": "lejre"})
        assert len(parse_feed(client, url).entries) == size


# --- iCalendar -------------------------------------------------------------------------------------


def parse_calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_the_calendar_has_an_event_at_each_open_or_planned_deadline_in_copenhagen_time(
    client, lejre, settings
):
    # 23.00 UTC on 30 March 2027 is 01.00 the next day in Copenhagen, summer time (UTC+2).
    deadline = datetime.datetime(2027, 3, 30, 23, 0, tzinfo=datetime.UTC)
    with time_machine.travel(AT, tick=False):
        tender = make_notice(
            municipality=lejre, title="Catering til plejecentre", submission_deadline=deadline
        )
        planned = make_notice(
            municipality=lejre,
            title="Rengøring af skoler",
            kind=Notice.Kind.PLANNED,
            stage=Notice.Stage.PLANNED,
            submission_deadline=AT + datetime.timedelta(days=60),
            questions_deadline=None,
        )
        make_notice(
            municipality=lejre, submission_deadline=AT - datetime.timedelta(days=1), questions_deadline=None
        )
        make_notice(municipality=lejre, stage=Notice.Stage.AWARDED)
        make_notice(municipality=lejre, stage=Notice.Stage.CANCELLED)
        make_notice(
            municipality=lejre,
            kind=Notice.Kind.MARKET_DIALOGUE,
            submission_deadline=None,
            questions_deadline=None,
        )
        make_hidden_notices(lejre)
        calendar = parse_calendar(client, reverse("procurement:deadlines_ics"))

    events = calendar.walk("VEVENT")
    host = urlsplit(settings.SITE_URL).hostname
    # By deadline: the planned purchase's comes first.
    assert [str(event["summary"]) for event in events] == [
        "Frist: Rengøring af skoler",
        "Frist: Catering til plejecentre",
    ]
    first = events[1]
    assert str(first["uid"]) == f"notice-{tender.pk}-deadline@{host}"
    start = first.decoded("dtstart")
    assert start == deadline
    assert (start.tzinfo.key, start.hour, start.utcoffset()) == (
        "Europe/Copenhagen",
        1,
        datetime.timedelta(hours=2),
    )
    assert str(first["url"]) == f"{settings.SITE_URL}/udbud/{tender.slug}/"
    assert str(events[0]["uid"]) == f"notice-{planned.pk}-deadline@{host}"
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]


def test_the_calendar_of_a_municipality_has_only_its_deadlines(client, lejre, roskilde):
    make_notice(municipality=lejre, title="I Lejre")
    make_notice(municipality=roskilde, title="I Roskilde")
    url = reverse("procurement:deadlines_ics_municipality", kwargs={"slug": "roskilde"})
    calendar = parse_calendar(client, url)
    assert [str(event["summary"]) for event in calendar.walk("VEVENT")] == ["Frist: I Roskilde"]
    assert str(calendar["x-wr-calname"]) == "Udbudsfrister i Roskilde Kommune"


def test_a_corrected_deadline_moves_the_same_event(client, lejre):
    notice = make_notice(municipality=lejre)
    before = parse_calendar(client, reverse("procurement:deadlines_ics")).walk("VEVENT")[0]
    notice.submission_deadline += datetime.timedelta(days=7)
    notice.save()
    after = parse_calendar(client, reverse("procurement:deadlines_ics")).walk("VEVENT")[0]
    assert after["uid"] == before["uid"]
    assert after.decoded("dtstart") - before.decoded("dtstart") == datetime.timedelta(days=7)


def test_the_english_calendar_is_in_english(client, lejre):
    make_notice(municipality=lejre, title="Rengøring")
    calendar = parse_calendar(client, "/en/udbud/frister.ics")
    assert [str(event["summary"]) for event in calendar.walk("VEVENT")] == ["Deadline: Rengøring"]


@pytest.mark.parametrize("size", [1, 8])
def test_the_calendar_takes_one_query(client, lejre, django_assert_num_queries, size):
    for _ in range(size):
        make_notice(municipality=make_municipality())
    with django_assert_num_queries(1):
        assert len(parse_calendar(client, reverse("procurement:deadlines_ics")).walk("VEVENT")) == size


# --- Where the pages link them ----------------------------------------------------------------------


def test_the_list_page_links_the_feed_the_calendar_and_the_open_data(client, lejre):
    make_notice(municipality=lejre)
    html = client.get(reverse("procurement:list")).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/udbud/feed/"' in html
    assert 'href="/udbud/frister.ics"' in html
    assert 'href="/udbud/ocds.json"' in html


def test_the_notice_page_links_its_ocds_release(client, lejre):
    notice = make_notice(municipality=lejre)
    html = client.get(notice.get_absolute_url()).content.decode()
    assert (
        f'<link rel="alternate" type="application/json" title="OCDS" href="/udbud/{notice.slug}/ocds.json">'
        in html
    )


@pytest.mark.parametrize("title", ["Feed", "Kommune", "Tilbyd", "Mine"])
def test_a_notice_never_takes_the_slug_of_a_path_under_udbud(title):
    assert services.unique_slug(title) == f"{title.lower()}-udbud"
