from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminTimeWidget
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kit.admin import MunicipalityScopedAdmin, SuperuserOnlyMixin, has_municipality
from portal import axes_admin  # noqa: F401 (axes_admin registers the log-in records)
from portal.models import ClosedDay, ContactPerson, Guide, Municipality, OpeningHours, User


class OpeningHoursFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        ranges = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if (
                not data
                or data.get("DELETE")
                or not all(data.get(k) is not None for k in ("kind", "weekday", "opens", "closes"))
            ):
                continue
            ranges.setdefault((data["kind"], data["weekday"]), []).append((data["opens"], data["closes"]))
        for (kind, weekday), day_ranges in ranges.items():
            day_ranges.sort()
            for (_opens, closes), (next_opens, _next_closes) in zip(day_ranges, day_ranges[1:], strict=False):
                if next_opens < closes:
                    raise ValidationError(
                        gettext("%(kind)s on %(day)s overlap. Make the ranges follow each other.")
                        % {
                            "kind": OpeningHours.Kind(kind).label,
                            "day": WEEKDAYS[weekday],
                        }
                    )


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    extra = 0
    formfield_overrides = {models.TimeField: {"widget": AdminTimeWidget(format="%H:%M")}}


class ClosedDayInline(admin.TabularInline):
    model = ClosedDay
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(MunicipalityScopedAdmin):
    list_display = ["full_name", "code", "email", "phone"]
    search_fields = ["name", "official_name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline, ClosedDayInline]
    fieldsets = [
        (None, {"fields": ["name", "official_name", "code", "slug"]}),
        (_("Contact"), {"fields": ["address", "email", "phone", "website"]}),
        (_("Introduction"), {"fields": ["intro", "intro_en"]}),
        (
            _("Privacy: the data controller"),
            {
                "description": _(
                    "Shown in the privacy notice at the intake and on the municipality's privacy page."
                ),
                "fields": ["controller_address", "dpo_name", "dpo_email", "privacy_text"],
            },
        ),
        (_("Accessibility"), {"fields": ["accessibility_statement_url"]}),
    ]

    def has_change_permission(self, request, obj=None):
        # Contact persons keep their municipality's hours and closed days up to date (the
        # inlines) without being allowed to change its name or address.
        return super().has_change_permission(request, obj) or (
            has_municipality(request)
            and any(
                request.user.has_perm(f"portal.change_{model}") for model in ("openinghours", "closedday")
            )
        )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return []
        if not request.user.has_perm("portal.change_municipality"):
            return [f.name for f in Municipality._meta.fields if f.editable and not f.primary_key]
        # The code and slug identify the municipality to other systems and in addresses.
        return ["code", "slug"]

    @admin.display(description=_("name"), ordering="name")
    def full_name(self, obj):
        return obj.full_name

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class ContactPersonForm(forms.ModelForm):
    areas = forms.MultipleChoiceField(
        label=_("areas"),
        choices=ContactPerson.Area.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ContactPerson
        fields = [
            "municipality",
            "name",
            "title",
            "areas",
            "email",
            "phone",
            "is_public",
            "is_example",
            "user",
            "position",
        ]


@admin.register(ContactPerson)
class ContactPersonAdmin(MunicipalityScopedAdmin):
    form = ContactPersonForm
    list_display = ["name", "title", "municipality", "email", "phone", "is_public", "is_example"]
    list_filter = ["municipality", "is_public", "is_example"]
    search_fields = ["name", "title", "email"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and request.user.is_superuser:
            # A contact person's account is a staff account; the base limits staff to their own.
            kwargs["queryset"] = User.objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Guide)
class GuideAdmin(MunicipalityScopedAdmin):
    list_display = ["title", "topic", "municipality", "is_published", "updated_at"]
    list_filter = ["topic", "municipality", "is_published"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["municipality", "topic", "slug", "is_published"]}),
        (_("Danish"), {"fields": ["title", "summary", "body"]}),
        (_("English"), {"fields": ["title_en", "summary_en", "body_en"]}),
    ]


class UserChangeForm(DjangoUserAdmin.form):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_staff") and not cleaned.get("is_superuser") and not cleaned.get("municipality"):
            self.add_error("municipality", gettext("Staff belong to one municipality. Choose it."))
        return cleaned


@admin.register(User)
class UserAdmin(SuperuserOnlyMixin, DjangoUserAdmin):
    """Accounts are managed by superusers; municipal staff never see other people's accounts here."""

    form = UserChangeForm

    fieldsets = [*DjangoUserAdmin.fieldsets, (_("Municipality"), {"fields": ["municipality"]})]
    add_fieldsets = [*DjangoUserAdmin.add_fieldsets, (_("Municipality"), {"fields": ["municipality"]})]
    list_display = ["username", "email", "first_name", "last_name", "municipality", "is_staff", "is_active"]
    list_filter = ["municipality", "is_staff", "is_superuser", "is_active", "groups"]


# Groups are the staff roles; the apps declare their permissions. Only superusers touch them.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SuperuserOnlyMixin, DjangoGroupAdmin):
    pass
