"""The access log: who saw or took out which case's personal data."""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from counselling.models import CaseAccess
from portal.admin import ScopedQuerysetMixin
from portal.roles import is_municipal_admin

# --- The access log ----------------------------------------------------------------------------


@admin.register(CaseAccess)
class CaseAccessAdmin(ScopedQuerysetMixin, admin.ModelAdmin):
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

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [f for f in filters if f != "municipality"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("case"), ordering="reference")
    def case_reference(self, access):
        if access.case_id is None:
            return access.reference
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:counselling_case_change", args=[access.case_id]),
            access.reference,
        )
