"""The registry's public pages, included at /virksomheder/ (Danish) and /en/virksomheder/ (English)."""

from django.urls import path

from enterprises import views

urlpatterns = [
    path("", views.directory, name="enterprise_directory"),
    path("export.csv", views.export_csv, name="enterprise_export_csv"),
    path("export.json", views.export_json, name="enterprise_export_json"),
    path("<slug:slug>/", views.enterprise_detail, name="enterprise"),
]
