"""Scratch on h/part-groups: the partnerships admin is h/part-admin's. A minimal Meeting admin,
only so the meeting pack can be tested; on merging, keep part-admin's MeetingAdmin and give it
`MeetingPackMixin` (partnerships/admin_pack.py) first among its bases, with "meeting_pack_link"
in its readonly fields."""

from django.contrib import admin

from kit.admin import MunicipalityScopedAdmin
from partnerships.admin_pack import MeetingPackMixin
from partnerships.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(MeetingPackMixin, MunicipalityScopedAdmin):
    list_display = ["__str__", "place", "cancelled"]
    list_select_related = ["group"]
    search_fields = ["place", "agenda", "group__name"]
    fields = ["group", "starts_at", "ends_at", "place", "agenda", "minutes", "cancelled", "meeting_pack_link"]
    readonly_fields = ["meeting_pack_link"]
