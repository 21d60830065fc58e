"""The access log: who saw or took out which case's personal data."""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from counselling.models import CaseAccess
from kit.admin import MunicipalityScopedAdmin, ReadOnlyAdminMixin
from portal.roles import is_municipal_admin

# --- The access log ----------------------------------------------------------------------------


@admin.register(CaseAccess)
class CaseAccessAdmin(ReadOnlyAdminMixin, MunicipalityScopedAdmin):
    """Who saw or took out which case's personal data. Written by the portal, never by hand."""

    list_display = ["at", "user", "action", "case_reference", "detail"]
    list_filter = ["action", "municipality"]
    list_select_related = ["user"]
    search_fields = ["reference", "user__username", "user__email"]
    fields = ["at", "user", "action", "reference", "detail", "municipality"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_municipal_admin(request.user):
            return queryset
        # Granted the log without being an administrator: still nothing of a confidential case
        # the person cannot see.
        return queryset.filter(Q(case__confidential=False) | Q(case__assignee=request.user))

    @admin.display(description=_("case"), ordering="reference")
    def case_reference(self, access):
        if access.case_id is None:
            return access.reference
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:counselling_case_change", args=[access.case_id]),
            access.reference,
        )
