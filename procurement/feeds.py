"""The open formats a reader or a calendar subscribes to: Atom feeds of the public notices (all, per
service category, per municipality) and an iCalendar feed of their submission deadlines.

Both read only `Notice.objects.public()`: never a draft, a notice under review, a rejected or
hidden one, or one before its TED publication date. Each runs a fixed number of queries.
"""

import datetime

import icalendar
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from enterprises.models import ServiceCategory
from kit.calendar import new_calendar, uid_host
from kit.urls import absolute_url
from portal.models import Municipality
from procurement.models import COPENHAGEN, Notice, Stage

#: How many notices a feed holds: the newest, as readers poll often.
FEED_SIZE = 50


def feed_notices():
    """The public notices a feed lists, newest first, with what an entry reads."""
    return (
        Notice.objects.public()
        .select_related("municipality")
        .prefetch_related("categories")
        .order_by("-published_at", "-pk")
    )


class NoticeFeed(Feed):
    """All public notices, the newest first."""

    feed_type = Atom1Feed
    title = _("Tenders and subcontracting on Indgangen")
    subtitle = _("New tenders, supplier agreements and subcontracting offers for social-economy enterprises.")

    def link(self, obj=None):
        return reverse("procurement:list")

    def feed_url(self, obj=None):
        return reverse("procurement:feed")

    def feed_guid(self, obj=None):
        # Atom's feed id; by default the link, which the three feeds share.
        return absolute_url(self.feed_url(obj))

    def notices(self, obj):
        return feed_notices()

    def items(self, obj=None):
        return self.notices(obj)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom's summary is HTML: the notice's plain text escaped, shortened (the page has the rest).
        return escape(Truncator(item.description).words(60))

    def item_author_name(self, item):
        return item.buyer_name

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [category.localized_name for category in item.categories.all()]


class CategoryFeed(NoticeFeed):
    """The public notices in one service category of the registry's vocabulary."""

    def get_object(self, request, slug):
        return get_object_or_404(ServiceCategory, slug=slug)

    def title(self, obj):
        return gettext("Tenders and subcontracting: %(category)s") % {"category": obj.localized_name}

    def feed_url(self, obj):
        return reverse("procurement:feed_category", kwargs={"slug": obj.slug})

    def notices(self, obj):
        # A notice is in the category when it, or one of its lots, names it.
        ids = Notice.objects.filter(Q(categories=obj) | Q(lots__categories=obj)).values("pk")
        return feed_notices().filter(pk__in=ids)


class MunicipalityFeed(NoticeFeed):
    """The public notices of one municipality: its own and the companies' offers it reviewed."""

    def get_object(self, request, slug):
        return get_object_or_404(Municipality, slug=slug)

    def title(self, obj):
        return gettext("Tenders and subcontracting in %(municipality)s") % {"municipality": obj.full_name}

    def feed_url(self, obj):
        return reverse("procurement:feed_municipality", kwargs={"slug": obj.slug})

    def notices(self, obj):
        return feed_notices().filter(municipality=obj)


# --- iCalendar ------------------------------------------------------------------------------------


def deadline_notices(now=None, municipality=None):
    """The public notices whose submission deadline is still ahead: open tenders and planned
    purchases that give an expected deadline."""
    now = now or timezone.now()
    notices = (
        Notice.objects.public(now)
        .filter(submission_deadline__gt=now)
        .filter(Q(stage__in=[Stage.TENDERING, Stage.PLANNED]) | Q(kind=Notice.Kind.PLANNED))
        .select_related("municipality")
        .order_by("submission_deadline", "pk")
    )
    if municipality is not None:
        notices = notices.filter(municipality=municipality)
    return notices


def deadline_calendar(notices, *, name):
    """The submission deadlines of `notices` as an iCalendar file (bytes): one event per notice at
    the deadline, in Copenhagen time with its VTIMEZONE. An event's UID is the notice's, so a
    calendar that polls again moves a corrected deadline instead of adding a second event."""
    host = uid_host()
    calendar_file = new_calendar("Procurement deadlines", name=name, method="PUBLISH", language="EN")
    calendar_file.add("x-wr-timezone", "Europe/Copenhagen")
    for notice in notices:
        deadline = timezone.localtime(notice.submission_deadline, COPENHAGEN)
        event = icalendar.Event()
        event.add("uid", f"notice-{notice.pk}-deadline@{host}")
        # The notice's last change, not the clock: polling an unchanged calendar changes nothing.
        event.add("dtstamp", notice.updated_at.astimezone(datetime.UTC))
        event.add("last-modified", notice.updated_at.astimezone(datetime.UTC))
        event.add("dtstart", deadline)
        event.add("dtend", deadline)  # a deadline is a moment
        event.add("transp", "TRANSPARENT")
        event.add("summary", gettext("Deadline: %(title)s") % {"title": notice.title})
        event.add("description", f"{notice.buyer_name}\n{absolute_url(notice)}")
        event.add("url", absolute_url(notice))
        calendar_file.add_component(event)
    calendar_file.add_missing_timezones()
    return calendar_file.to_ical()
