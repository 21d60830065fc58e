"""iCalendar for follow-up groups: a feed of a group's meetings and an .ics per meeting.

The addresses carry the group's secret `calendar_token` instead of a login, so that members (who
are not users) can subscribe in their calendar program; a stranger without the token finds
nothing. Times are written in UTC (RFC 5545 form 2), which every client shows in its own zone, so
no VTIMEZONE is needed. A meeting's UID is stable (`meeting-<pk>@<host>`): a moved meeting moves
in the subscriber's calendar instead of appearing twice.
"""

import datetime

import icalendar
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from kit.calendar import calendar_response, new_calendar, uid_host
from partnerships.models import FollowUpGroup, Meeting

#: A meeting with no end written is put in the calendar as two hours long.
DEFAULT_LENGTH = datetime.timedelta(hours=2)


def feed_path(group):
    return _path("calendar_feed", token=group.calendar_token)


def meeting_path(meeting):
    return _path("calendar_meeting", token=meeting.group.calendar_token, pk=meeting.pk)


def _path(name, **kwargs):
    try:
        return reverse(f"partnerships:{name}", kwargs=kwargs)
    except NoReverseMatch:
        # partnerships/urls.py is another branch's (part-public); until it includes
        # partnerships.calendar_urls, the address it will have.
        token, pk = kwargs["token"], kwargs.get("pk")
        tail = f"moeder/{pk}.ics" if pk else "moeder.ics"
        return f"/partnerskaber/foelgegrupper/{token}/{tail}"


def meeting_event(meeting, *, group, host):
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    event.add("dtend", (meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH).astimezone(datetime.UTC))
    event.add("summary", group.name)
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    return event


def calendar_of(group, meetings):
    cal = new_calendar("Følgegrupper", name=group.name)
    host = uid_host()
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, group=group, host=host))
    return cal


def _response(cal, filename):
    response = calendar_response(cal.to_ical(), filename)
    # The address is the secret: keep it out of shared caches and search engines.
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def group_feed(request, token):
    """All the group's meetings that are not cancelled: one query for the group, one for them."""
    group = get_object_or_404(FollowUpGroup, calendar_token=token)
    meetings = group.meetings.filter(cancelled=False).order_by("starts_at")
    return _response(calendar_of(group, meetings), "moeder.ics")


@require_GET
def meeting_ics(request, token, pk):
    meeting = get_object_or_404(
        Meeting.objects.select_related("group"), pk=pk, group__calendar_token=token, cancelled=False
    )
    return _response(calendar_of(meeting.group, [meeting]), f"moede-{meeting.pk}.ics")
