"""The events' iCalendar feeds: one event's .ics, a municipality's feed (its own events and those it
holds jointly with neighbours) and the feed of all, on events/calendar.py.

A feed is a bounded window (30 days back, a year ahead), so that it does not grow with the years.
Calendar programs poll feeds often, so a feed's text is kept in Django's cache: the key carries the
version of the events (the latest change and the number of published events, one query), so a
saved, cancelled or newly published event shows at the next poll; a co-host added only ages out
with the short timeout. A feed runs a fixed number of queries whatever the number of events
(asserted in tests/events/test_feeds.py). The online meeting link is never in a public feed.
"""

import datetime

from django.core.cache import cache
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from events.calendar import calendar_of
from events.models import Event
from kit import calendar as kit_calendar
from portal.models import Municipality

#: The window of a feed.
DAYS_BACK = 30
DAYS_AHEAD = 365
#: How long a feed's text is kept (seconds): the most a co-host change waits to show.
CACHE_SECONDS = 5 * 60


def window(now=None):
    now = now or timezone.now()
    return now - datetime.timedelta(days=DAYS_BACK), now + datetime.timedelta(days=DAYS_AHEAD)


def feed_events(municipality=None, now=None):
    """The published events (cancelled ones too: a calendar that has them must hear of it) that
    start within the window, in order."""
    start, end = window(now)
    events = Event.objects.published().filter(starts_at__gte=start, starts_at__lte=end)
    if municipality is not None:
        events = events.filter(pk__in=Event.objects.hosted_by(municipality).values("pk"))
    return events.order_by("starts_at", "pk")


def version():
    """What changes when a published event is saved or an event is published or withdrawn."""
    found = Event.objects.published().aggregate(latest=Max("updated_at"), count=Count("pk"))
    latest = found["latest"].timestamp() if found["latest"] else 0
    return f"{latest}:{found['count']}"


def calendar_response(body, filename):
    response = kit_calendar.calendar_response(body, filename)
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def cached_feed(scope, *, name, municipality=None):
    key = f"events:feed:{scope}:{get_language()}:{version()}"
    body = cache.get(key)
    if body is None:
        body = calendar_of(feed_events(municipality), name=name).to_ical()
        cache.set(key, body, CACHE_SECONDS)
    return body


@require_GET
def feed_all(request):
    body = cached_feed("all", name=_("Events on Indgangen"))
    return calendar_response(body, "arrangementer.ics")


@require_GET
def feed_municipality(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug)
    body = cached_feed(
        f"municipality:{municipality.pk}",
        name=_("Events in %(municipality)s") % {"municipality": municipality.full_name},
        municipality=municipality,
    )
    return calendar_response(body, f"arrangementer-{municipality.slug}.ics")


@require_GET
def event_ics(request, slug):
    """One published event's calendar file, to add from its page (without the online link, which
    goes to the registered only)."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    body = calendar_of([event], name=event.title).to_ical()
    return calendar_response(body, f"{event.slug}.ics")
