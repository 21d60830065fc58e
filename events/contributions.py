"""What events add to portal's pages (see kit.contributions)."""

from django.utils import timezone

from events.demo_loader import EventsDemo
from events.models import Event
from events.sitemaps import EventSitemap
from kit.contributions import MUNICIPALITY_PAGE, Section

#: The most upcoming events a municipality's page lists; the rest are a link away.
MUNICIPALITY_PAGE_EVENTS = 3


def municipality_section(request, *, municipality):
    """The municipality's next events, its own and joint ones, not cancelled: one query."""
    events = (
        Event.objects.published()
        .upcoming(timezone.now())
        .filter(cancelled_at__isnull=True, pk__in=Event.objects.hosted_by(municipality).values("pk"))
        .only("slug", "title", "starts_at", "kind")
        .order_by("starts_at", "pk")
    )
    return {"municipality": municipality, "events": list(events[:MUNICIPALITY_PAGE_EVENTS])}


PAGE_SECTIONS = [
    Section(MUNICIPALITY_PAGE, "events/_municipality_section.html", municipality_section),
]

SITEMAPS = {"events": EventSitemap}

DEMO_LOADER = EventsDemo
