"""django-axes' records of log-in attempts in the admin, for superusers only.

They hold addresses and typed names of everyone who tried to log in, staff of every municipality
included, so no municipal role sees them (AXES_ENABLE_ADMIN is off; this module registers them).
A superuser unlocks somebody by deleting their attempt."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin


class SuperuserOnly:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return False  # a record of what happened is not edited

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(AccessAttempt)
class LoginAttemptAdmin(SuperuserOnly, AccessAttemptAdmin):
    pass


@admin.register(AccessLog)
class LoginLogAdmin(SuperuserOnly, AccessLogAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessFailureLog)
class LoginFailureLogAdmin(SuperuserOnly, AccessFailureLogAdmin):
    def has_delete_permission(self, request, obj=None):
        return False
