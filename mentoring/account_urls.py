"""A mentor's offers and a mentee's requests, and the matches of both, included under
/konto/mentorer/ by portal/urls.py."""

from django.urls import path

from mentoring import account_views

urlpatterns = [
    path("", account_views.home, name="mentoring_account"),
    path("tilbud/nyt/", account_views.offer_form, name="mentoring_offer_new"),
    path("tilbud/<int:pk>/", account_views.offer_form, name="mentoring_offer_edit"),
    path("anmodning/ny/", account_views.request_form, name="mentoring_request_new"),
    path("forloeb/<int:pk>/", account_views.match_page, name="mentoring_match"),
    # Each step of a match posts to its own address: accept, decline, question, answer, start, …
    path("forloeb/<int:pk>/<slug:step>/", account_views.match_step, name="mentoring_match_step"),
]
