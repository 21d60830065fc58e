"""Follow-up groups with their members, and meetings with their actions (the basic admin: the
meeting pack and the reminders come with partnerships/meetings.py and reminders.py)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kit.admin import MunicipalityScopedAdmin, ScopedInlineMixin
from partnerships.admin_pack import MeetingPackMixin
from partnerships.models import Action, FollowUpGroup, Meeting, Member


class MemberInline(ScopedInlineMixin, admin.TabularInline):
    model = Member
    extra = 0
    fields = ["name", "email", "role", "organisation"]


class ActionInline(ScopedInlineMixin, admin.TabularInline):
    model = Action
    extra = 0
    fields = ["text", "responsible", "due", "done_at"]


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["group", "starts_at", "ends_at", "place", "agenda", "minutes", "cancelled"]

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return cleaned


@admin.register(FollowUpGroup)
class FollowUpGroupAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "chair", "agreement", "municipality", "meetings_per_year"]
    list_filter = ["municipality"]
    list_select_related = ["agreement", "municipality"]
    search_fields = ["name", "chair"]
    fields = ["municipality", "name", "chair", "agreement", "meetings_per_year"]
    inlines = [MemberInline]


@admin.register(Meeting)
class MeetingAdmin(MeetingPackMixin, MunicipalityScopedAdmin):
    list_display = ["__str__", "starts_at", "place", "cancelled"]
    list_filter = ["cancelled"]
    list_select_related = ["group"]
    search_fields = ["group__name", "place", "agenda"]
    form = MeetingForm
    fields = [
        "group",
        ("starts_at", "ends_at"),
        "place",
        "agenda",
        "minutes",
        "cancelled",
        "meeting_pack_link",
    ]
    readonly_fields = ["meeting_pack_link"]
    inlines = [ActionInline]

    def save_model(self, request, obj, form, change):
        if change and "starts_at" in form.changed_data:
            # A meeting moved: its members are reminded again of the new time (the reminders'
            # dedupe keys name the start, so the new ones are not taken for the old).
            obj.reminded_14_at = obj.reminded_2_at = None
        super().save_model(request, obj, form, change)
