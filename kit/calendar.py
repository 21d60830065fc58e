"""iCalendar files, as the apps write them (a case's deadline, procurement's deadlines, a follow-up
group's meetings, events): the calendar's head, the host in every UID, and the response.

    cal = new_calendar("Arrangementer", name=event.title)
    event.add("uid", f"event-{event.pk}@{uid_host()}")
    return calendar_response(cal.to_ical(), "arrangement.ics")

A UID names the row it comes from and the site, so a calendar that polls again moves a changed
event instead of adding a second one.
"""

from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import HttpResponse


def uid_host():
    """The site's host name, the right-hand side of every UID."""
    return urlsplit(settings.SITE_URL).hostname or "indgangen"


def new_calendar(product, *, name=None, method=None, language="DA"):
    """An empty calendar: PRODID "-//Indgangen//<product>//<language>", version 2.0, the Gregorian
    scale, and the calendar's display name (X-WR-CALNAME) and METHOD when given."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Indgangen//{product}//{language}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def calendar_response(body, filename):
    """An .ics response: inline (a calendar program subscribes to the address; a browser offers to
    save the file) and never sniffed as anything else. The caller adds its caching headers."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
