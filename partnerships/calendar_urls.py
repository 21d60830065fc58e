"""The follow-up groups' calendars, included by partnerships/urls.py (app "partnerships")."""

from django.urls import path

from partnerships import calendar

urlpatterns = [
    path("foelgegrupper/<str:token>/moeder.ics", calendar.group_feed, name="calendar_feed"),
    path("foelgegrupper/<str:token>/moeder/<int:pk>.ics", calendar.meeting_ics, name="calendar_meeting"),
]
