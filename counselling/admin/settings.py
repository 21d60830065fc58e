"""A municipality's counselling settings (case prefix, response time), edited on the
municipality's own admin page: counselling adds its inline to portal's municipality admin, so
portal need not know the app. The municipality admin scopes the page to the user's own
municipality; the inline follows the municipality's permissions, as the fields did when they
lived on the municipality."""

from django.contrib import admin

from counselling.models import CounsellingSettings
from portal.admin import MunicipalityAdmin


class CounsellingSettingsInline(admin.StackedInline):
    model = CounsellingSettings
    can_delete = False
    max_num = 1
    min_num = 0

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("portal.view_municipality") or self.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("portal.change_municipality")

    def has_delete_permission(self, request, obj=None):
        return False


if CounsellingSettingsInline not in MunicipalityAdmin.inlines:
    MunicipalityAdmin.inlines = [*MunicipalityAdmin.inlines, CounsellingSettingsInline]
