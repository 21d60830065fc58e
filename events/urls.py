"""Events' public pages, included at /arrangementer/ (Danish) and /en/arrangementer/."""

from django.urls import path

from events import feeds, views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    # The calendars: all events, and a municipality's own and joint ones.
    path("kalender.ics", feeds.feed_all, name="feed_all"),
    path("kommune/<slug:slug>/kalender.ics", feeds.feed_municipality, name="feed_municipality"),
    # A registration's own page, behind the secret in its mails: "I can't come", "take the place".
    path("tilmelding/<str:token>/", views.registration_page, name="registration"),
    path("tilmelding/<str:token>/afmeld/", views.cancel, name="cancel"),
    path("tilmelding/<str:token>/tag-pladsen/", views.accept, name="accept"),
    path("<slug:slug>/", views.event_detail, name="event"),
    path("<slug:slug>/tilmeld/", views.register, name="register"),
    path("<slug:slug>/kalender.ics", feeds.event_ics, name="event_ics"),
]
