"""A representative's agreements and their results, included under /konto/partnerskaber/ by
portal/urls.py."""

from django.urls import path

from partnerships import account_views

urlpatterns = [
    path("", account_views.agreement_list, name="partnerships_account"),
    path("<int:pk>/", account_views.report, name="partnerships_report"),
]
