"""Events in the admin (the foundation's; the staff's admin builds on it): a municipality's
events and their registrations, scoped through `kit.admin.MunicipalityScopedAdmin`."""

from django.contrib import admin

from events.models import Event, Registration
from kit.admin import MunicipalityScopedAdmin


@admin.register(Event)
class EventAdmin(MunicipalityScopedAdmin):
    list_display = ["title", "kind", "starts_at", "status"]
    search_fields = ["title", "summary"]


@admin.register(Registration)
class RegistrationAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "event", "status", "created_at"]
    search_fields = ["name", "email", "organisation"]
