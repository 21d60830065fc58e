"""Procurement's public pages, included at /udbud/ (Danish) and /en/udbud/ (English)."""

from django.urls import include, path

from procurement import views

app_name = "procurement"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("tilbyd/", views.offer, name="offer"),
    path("tilbyd/<slug:slug>/modtaget/", views.offer_received, name="offer_received"),
    path("mine/", views.mine, name="mine"),
    # The open formats (feeds, iCalendar, OCDS): before the notice page, whose slug they would match.
    path("", include("procurement.open_urls")),
    path("<slug:slug>/", views.notice_detail, name="notice"),
    path("<slug:slug>/dokumenter/<str:key>/", views.document, name="document"),
    path("<slug:slug>/interesse/", views.mark_interest, name="interest"),
    path("<slug:slug>/interesse/<int:pk>/tilbagetraek/", views.withdraw_interest, name="withdraw_interest"),
]
