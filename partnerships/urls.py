"""Scratch on h/part-groups: partnerships/urls.py is h/part-public's; on merging, keep its file
and add `path("", include("partnerships.calendar_urls"))` to it."""

from django.urls import include, path

app_name = "partnerships"

urlpatterns = [
    path("", include("partnerships.calendar_urls")),
]
