"""django-axes' records of log-in attempts in the admin, for superusers only.

They hold addresses and typed names of everyone who tried to log in, staff of every municipality
included, so no municipal role sees them (AXES_ENABLE_ADMIN is off; this module registers them).
A superuser unlocks somebody by deleting their attempt."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin

from kit.admin import ReadOnlyAdminMixin, SuperuserOnlyMixin


@admin.register(AccessAttempt)
class LoginAttemptAdmin(SuperuserOnlyMixin, AccessAttemptAdmin):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a record of what happened is not edited; deleting it unlocks


@admin.register(AccessLog)
class LoginLogAdmin(ReadOnlyAdminMixin, SuperuserOnlyMixin, AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class LoginFailureLogAdmin(ReadOnlyAdminMixin, SuperuserOnlyMixin, AccessFailureLogAdmin):
    pass
