"""The foundation's admins of offers, requests and matches (scoped); the staff's admin builds on them."""

from django.contrib import admin

from kit.admin import MunicipalityScopedAdmin
from mentoring.models import Match, MentorOffer, MentorRequest


@admin.register(MentorOffer)
class MentorOfferAdmin(MunicipalityScopedAdmin):
    list_display = ["mentor_name", "company", "status", "capacity", "paused"]
    search_fields = ["mentor_name", "company", "headline"]


@admin.register(MentorRequest)
class MentorRequestAdmin(MunicipalityScopedAdmin):
    list_display = ["mentee_name", "status", "created_at"]
    search_fields = ["mentee_name", "mentee_email", "goals"]


@admin.register(Match)
class MatchAdmin(MunicipalityScopedAdmin):
    list_display = ["__str__", "status", "answer_due"]
    search_fields = ["request__mentee_name", "offer__mentor_name"]
