"""The open formats' views: the iCalendar feed of deadlines and the OCDS release packages (the Atom
feeds are Django syndication views, procurement/feeds.py)."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from kit import calendar as kit_calendar
from kit.urls import absolute_url
from portal.models import Municipality
from procurement import feeds, ocds


def open_data(response):
    # Data anyone may use, from any page: readable across origins, and never sniffed as HTML.
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def calendar_response(body, filename):
    return open_data(kit_calendar.calendar_response(body, filename))


@require_GET
def deadlines_ics(request):
    """The submission deadlines of every public notice still open or planned."""
    body = feeds.deadline_calendar(feeds.deadline_notices(), name=gettext("Tender deadlines on Indgangen"))
    return calendar_response(body, "frister.ics")


@require_GET
def deadlines_ics_municipality(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug)
    body = feeds.deadline_calendar(
        feeds.deadline_notices(municipality=municipality),
        name=gettext("Tender deadlines in %(municipality)s") % {"municipality": municipality.full_name},
    )
    return calendar_response(body, f"frister-{municipality.slug}.ics")


def json_response(data):
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return open_data(HttpResponse(body, content_type="application/json; charset=utf-8"))


@require_GET
def ocds_package(request):
    """A release package of every public notice."""
    now = timezone.now()
    package = ocds.release_package(ocds.release_notices(), uri=absolute_url(request.path), now=now)
    return json_response(package)


@require_GET
def ocds_release(request, slug):
    """A release package of one public notice (404 for a draft, under review, or before its TED date)."""
    notices = list(ocds.release_notices().filter(slug=slug))
    if not notices:
        raise Http404
    package = ocds.release_package(notices, uri=absolute_url(request.path), now=timezone.now())
    return json_response(package)
