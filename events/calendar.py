"""iCalendar for events: one event's .ics (attached to the confirmation and the reminders, and
offered on its page) and the feeds of many.

Times are written in UTC (RFC 5545 form 2), which every calendar program shows in its own zone,
so an event at 10.00 Copenhagen time is at 10.00 on either side of the change to summer time. An
event's UID is stable (`event-<pk>@<host>`): a moved event moves in the calendar instead of
appearing twice; a cancelled one is sent with STATUS:CANCELLED.
"""

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone

from kit.calendar import new_calendar, uid_host


def event_component(event, *, host, with_online_link=False):
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@{host}")
    component.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    component.add("dtstart", event.starts_at.astimezone(datetime.UTC))
    component.add("dtend", event.ends_at.astimezone(datetime.UTC))
    component.add("summary", event.title)
    location = ", ".join(part for part in (event.place_name, event.address) if part)
    if with_online_link and event.online_url:
        location = location or event.online_url
    if location:
        component.add("location", location)
    description = event.summary
    if with_online_link and event.online_url:
        description = f"{description}\n\n{event.online_url}"
    component.add("description", description)
    component.add("url", settings.SITE_URL + event.get_absolute_url())
    if event.is_cancelled:
        component.add("status", "CANCELLED")
    return component


def calendar_of(events, *, name, with_online_link=False):
    cal = new_calendar("Arrangementer", name=name)
    host = uid_host()
    for event in events:
        cal.add_component(event_component(event, host=host, with_online_link=with_online_link))
    return cal


def event_ics(event, *, with_online_link=False):
    """One event's calendar file as text (for a mail's attachment)."""
    return calendar_of([event], name=event.title, with_online_link=with_online_link).to_ical().decode()
