"""Events' public pages, included at /arrangementer/ (Danish) and /en/arrangementer/."""

from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    # A registration's own page, behind the secret in its mails: "I can't come", "take the place".
    path("tilmelding/<str:token>/", views.registration_page, name="registration"),
    path("<slug:slug>/", views.event_detail, name="event"),
]
