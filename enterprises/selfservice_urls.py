"""The representative's pages, included under /konto/virksomheder/ by portal/urls.py."""

from django.urls import path

from enterprises import selfservice

urlpatterns = [
    path("", selfservice.enterprise_list, name="my_enterprises"),
    path("opret/", selfservice.enterprise_create, name="my_enterprise_create"),
    path("tilknyt/", selfservice.claim, name="my_enterprise_claim"),
    path("<slug:slug>/", selfservice.enterprise_detail, name="my_enterprise"),
    path("<slug:slug>/modtaget/", selfservice.enterprise_received, name="my_enterprise_received"),
    path("<slug:slug>/ret/", selfservice.enterprise_edit, name="my_enterprise_edit"),
    path("<slug:slug>/billeder/", selfservice.photos, name="my_enterprise_photos"),
    path("<slug:slug>/billeder/<int:pk>/slet/", selfservice.photo_delete, name="my_enterprise_photo_delete"),
    path("<slug:slug>/historier/", selfservice.stories, name="my_enterprise_stories"),
]
