from django.urls import path

from counselling import views

app_name = "counselling"

# Mounted at the root of i18n_patterns: /start/ and /sag/<token>/ (design: public URLs).
urlpatterns = [
    path("start/", views.intake, name="intake"),
    path("start/kvittering/", views.receipt, name="receipt"),
    path("sag/<str:token>/", views.case_page, name="case"),
    path("sag/<str:token>/kopi/", views.request_data_copy, name="data_copy_request"),
    path("kopi/<str:signed>/", views.data_copy, name="data_copy"),
]
