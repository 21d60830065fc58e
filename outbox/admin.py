import json

from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kit.admin import MunicipalityScopedAdmin, ReadOnlyAdminMixin
from outbox import delivery
from outbox.models import Notification

SECRET_CONTEXT_KEYS = {"confirm_url", "reset_url", "case_url"}


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, MunicipalityScopedAdmin):
    """The outbox. Rows are written by the apps' mail catalogues, never by hand; staff can only send again."""

    list_display = [
        "created_at",
        "template",
        "recipient_email",
        "status",
        "attempts",
        "short_error",
        "municipality",
    ]
    list_filter = ["status", "template", "municipality", "transactional"]
    list_select_related = ["municipality"]
    search_fields = ["recipient_email", "dedupe_key"]
    date_hierarchy = "created_at"
    actions = ["send_again_now"]
    readonly_fields = [
        "municipality", "recipient_email", "recipient_user", "language", "template", "context_display",
        "transactional", "dedupe_key", "status", "attempts", "next_attempt_at", "claimed_at", "last_error",
        "failure_reported_at", "created_at", "updated_at", "sent_at",
    ]  # fmt: skip
    exclude = ["context"]

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return Truncator(obj.last_error).chars(80)

    @admin.display(description=_("content"))
    def context_display(self, obj):
        # Confirmation and reset links are keys to an account: nobody needs to read them here.
        return json.dumps(
            {key: "…" if key in SECRET_CONTEXT_KEYS else value for key, value in obj.context.items()},
            ensure_ascii=False,
            indent=2,
        )

    @admin.action(description=_("Send again now"), permissions=["view"])
    def send_again_now(self, request, queryset):
        count = delivery.resend(queryset)
        self.message_user(
            request,
            ngettext("%(count)d email is queued again.", "%(count)d emails are queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
