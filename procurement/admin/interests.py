"""The enterprises interested in a notice: read-only, as their representatives marked them, with
the registry profile and contact details only where the representative agreed to share them."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kit.admin import MunicipalityScopedAdmin, ReadOnlyAdminMixin
from kit.exports import Column, csv_response
from procurement.models import COPENHAGEN, Interest


def _local(moment):
    return timezone.localtime(moment, COPENHAGEN).strftime("%Y-%m-%d %H:%M") if moment else ""


def _shared(read):
    """A column read only from an interest whose enterprise shares its profile."""
    return lambda interest: read(interest.enterprise) if interest.share_profile else ""


def _profile_url(enterprise):
    if not enterprise.is_published:
        return ""
    return f"{settings.SITE_URL}{enterprise.get_absolute_url()}"


EXPORT_COLUMNS = [
    Column(capfirst(_("notice")), lambda interest: interest.notice.title),
    Column(capfirst(_("lot")), lambda interest: str(interest.lot) if interest.lot_id else ""),
    Column(capfirst(_("enterprise")), lambda interest: interest.enterprise.name),
    Column(capfirst(_("marked")), lambda interest: _local(interest.created_at)),
    Column(capfirst(_("message")), lambda interest: interest.message),
    Column(capfirst(_("shares its profile")), lambda interest: interest.share_profile),
    Column(capfirst(_("CVR number")), _shared(lambda enterprise: enterprise.cvr)),
    Column(capfirst(_("email")), _shared(lambda enterprise: enterprise.email)),
    Column(capfirst(_("phone")), _shared(lambda enterprise: enterprise.phone)),
    Column(capfirst(_("website")), _shared(lambda enterprise: enterprise.website)),
    Column(capfirst(_("profile")), _shared(_profile_url)),
]


def interests_csv(interests, filename):
    rows = list(interests.select_related("notice", "lot", "enterprise"))
    return csv_response(filename, EXPORT_COLUMNS, rows, build_now=True)


class InterestDisplayMixin:
    """The columns of an interest, on its own change list and on the notice's page."""

    @admin.display(description=_("enterprise"), ordering="enterprise__name")
    def enterprise_display(self, interest):
        enterprise = interest.enterprise
        if not interest.share_profile:
            return enterprise.name
        contact = [value for value in (enterprise.email, enterprise.phone) if value]
        if enterprise.is_published:
            return format_html(
                '<a href="{}">{}</a><br>{}',
                enterprise.get_absolute_url(),
                enterprise.name,
                " · ".join(contact),
            )
        return format_html("{}<br>{}", enterprise.name, " · ".join(contact))

    @admin.display(description=_("shares its profile"), boolean=True, ordering="share_profile")
    def shares(self, interest):
        return interest.share_profile


class InterestInline(InterestDisplayMixin, ReadOnlyAdminMixin, admin.TabularInline):
    model = Interest
    extra = 0
    fields = ["enterprise_display", "lot", "message", "created_at", "shares"]
    readonly_fields = fields
    verbose_name_plural = _("interested enterprises")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("enterprise", "lot")


@admin.register(Interest)
class InterestAdmin(InterestDisplayMixin, ReadOnlyAdminMixin, MunicipalityScopedAdmin):
    list_display = ["enterprise_display", "notice", "lot", "created_at", "shares"]
    list_filter = ["share_profile", "notice__kind", "notice__municipality"]
    list_select_related = ["enterprise", "notice", "lot"]
    search_fields = ["enterprise__name", "notice__title", "message"]
    fields = ["notice", "lot", "enterprise_display", "message", "created_at", "shares", "consent_at"]
    readonly_fields = fields
    actions = ["export_selected"]
    date_hierarchy = "created_at"

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    @admin.action(description=_("Export selected to CSV"), permissions=["view"])
    def export_selected(self, request, queryset):
        return interests_csv(queryset, f"interesse-{timezone.localdate().isoformat()}.csv")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "export_url": reverse("admin:procurement_interest_export")}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("export/", view(self.export_view), name="procurement_interest_export"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The list as it is filtered and searched, as CSV."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:procurement_interest_changelist") + "?e=1")
        return interests_csv(changelist.queryset, f"interesse-{timezone.localdate().isoformat()}.csv")
