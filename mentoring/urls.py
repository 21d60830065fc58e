"""Mentoring's public pages, included at /mentorer/ (Danish) and /en/mentorer/."""

from django.urls import path

from mentoring import account_views, views

app_name = "mentoring"

urlpatterns = [
    path("", views.offer_list, name="list"),
    # A mentee without an account follows their request and its matches behind a private link.
    path("forloeb/<str:token>/", account_views.mentee_page, name="mentee"),
    path("forloeb/<str:token>/<int:pk>/<slug:step>/", account_views.mentee_step, name="mentee_step"),
    path("<slug:slug>/", views.offer_detail, name="offer"),
    path("<slug:slug>/spoerg/", views.ask, name="ask"),
]
