"""A stand-in until the public pages (helper G's partnerships/urls.py, which replaces this file
whole): the admin's "view on site" and preview need the agreement page's name."""

from django.http import Http404
from django.urls import path

app_name = "partnerships"


def not_yet(request, slug=None):
    raise Http404


urlpatterns = [
    path("", not_yet, name="list"),
    path("<slug:slug>/", not_yet, name="agreement"),
]
