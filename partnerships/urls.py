"""A stand-in until the public pages (helper G's partnerships/urls.py, which replaces this file
whole): the admin's "view on site" and preview need the agreement page's name."""

from django.http import Http404
from django.urls import include, path

app_name = "partnerships"


def not_yet(request, slug=None):
    raise Http404


urlpatterns = [
    path("", not_yet, name="list"),
    # The follow-up groups' calendars (h/part-groups): keep this line in part-public's file.
    path("", include("partnerships.calendar_urls")),
    path("<slug:slug>/", not_yet, name="agreement"),
]
