from django.urls import path

from counselling import views

app_name = "counselling"

# Mounted at the root of i18n_patterns: /start/ and /sag/<token>/ (design: public URLs).
urlpatterns = [
    path("start/", views.intake, name="intake"),
    path("start/kvittering/", views.receipt, name="receipt"),
    # Before sag/<token>/: a private link's token is 43 characters and never these words.
    path("sag/nyt-link/", views.link_request, name="link_request"),
    path("sag/nyt-link/sendt/", views.link_sent, name="link_sent"),
    path("sag/<str:token>/", views.case_page, name="case"),
    path("sag/<str:token>/kopi/", views.request_data_copy, name="data_copy_request"),
    path("sag/<str:token>/filer/<str:key>/", views.case_file, name="case_file"),
    path("sag/<str:token>/frist.ics", views.deadline_calendar, name="deadline_calendar"),
    path("kopi/<str:signed>/", views.data_copy, name="data_copy"),
]
