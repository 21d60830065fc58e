"""SCRATCH (helper proc-admin): the two names the admin reverses (a notice's public address, for
"view on site", the preview and the decision mail), until proc-public's urls.py replaces this file."""

from django.http import Http404
from django.urls import path

app_name = "procurement"


def _not_here_yet(request, slug=None):
    raise Http404


urlpatterns = [
    path("", _not_here_yet, name="list"),
    path("<slug:slug>/", _not_here_yet, name="notice"),
]
