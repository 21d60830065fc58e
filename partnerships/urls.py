"""Partnerships' public pages, included at /partnerskaber/ (Danish) and /en/partnerskaber/."""

from django.urls import include, path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("resultater/", views.results, name="results"),
    path("resultater.csv", views.results_csv, name="results_csv"),
    # The follow-up groups' calendars, behind their secret tokens.
    path("", include("partnerships.calendar_urls")),
    path("<slug:slug>/", views.agreement_detail, name="agreement"),
]
