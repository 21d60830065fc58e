"""The representative's alert settings, included under /konto/udbud/ by portal/urls.py."""

from django.urls import path

from procurement import account_views

urlpatterns = [
    path("", account_views.subscription_list, name="procurement_subscriptions"),
    path("<slug:slug>/", account_views.subscription_edit, name="procurement_subscription"),
]
