"""Scratch URLconf of the proc-open branch: the open formats, and stand-ins for the list, notice
page and document routes that proc-public's urls.py owns (replaced by it at the merge)."""

from django.http import Http404
from django.urls import include, path

app_name = "procurement"


def _stand_in(request, **kwargs):
    raise Http404


urlpatterns = [
    path("", include("procurement.open_urls")),
    path("", _stand_in, name="list"),
    path("<slug:slug>/", _stand_in, name="notice"),
    path("<slug:slug>/dokumenter/<str:key>/", _stand_in, name="document"),
]
