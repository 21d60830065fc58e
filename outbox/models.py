"""The outbox: one row per email, and the choices of how often a person gets non-urgent mail."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kit.scoping import MunicipalityQuerySet
from kit.staff import is_municipal_admin


class EmailFrequency(models.TextChoices):
    """How a user gets non-urgent mail (the user's `email_frequency`)."""

    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("Never")


class NotificationQuerySet(MunicipalityQuerySet):
    def visible_to(self, user):
        """Mail about something confidential (a confidential case) only for its recipient and the
        municipality's administrators: its content would tell what the record hides."""
        queryset = super().visible_to(user)
        if not user.is_authenticated or is_municipal_admin(user):
            return queryset
        return queryset.filter(models.Q(confidential=False) | models.Q(recipient_user=user))

    def due(self, now):
        return self.filter(status=Notification.Status.QUEUED, next_attempt_at__lte=now)


class Notification(models.Model):
    """One email in the outbox, written in the same transaction as the change that causes it.

    Delivery claims the row with a conditional UPDATE (queued → sending) before sending and marks
    it sent after, so a retried or redelivered task never sends twice (healthchecks' Notification).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        HELD = "held", _("Held for a digest")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DIGESTED = "digested", _("Sent in a digest")
        SKIPPED = "skipped", _("Not sent: unsubscribed")
        FAILED = "failed", _("Failed")

    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    recipient_email = models.EmailField(_("recipient"))
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    template = models.CharField(_("template"), max_length=100, help_text=_("Under templates/emails/."))
    context = models.JSONField(_("content"), default=dict, blank=True)
    transactional = models.BooleanField(
        _("transactional"),
        default=True,
        help_text=_("A receipt or account mail: always sent at once, whatever the recipient's preferences."),
    )
    dedupe_key = models.CharField(
        _("dedupe key"), max_length=200, unique=True, help_text=_("The same key is never queued twice.")
    )
    regarding = models.CharField(
        _("regarding"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("The record the email is about, as app.model:id."),
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("About something confidential: only its recipient and the administrators see it here."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(
        _("queued"), default=timezone.now, help_text=_("Retries stop 48 hours after this.")
    )
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    failure_reported_at = models.DateTimeField(_("failure reported"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had when the outbox was part of portal: the move to this app
        # changed Django's state only (migrations 0001_initial here, 0008 in portal), no data.
        db_table = "portal_notification"
        ordering = ["-created_at"]
        verbose_name = _("email")
        verbose_name_plural = _("outbox")
        indexes = [
            # The sweeper: queued rows whose time has come, and sending rows left stuck.
            models.Index(fields=["status", "next_attempt_at"], name="portal_notif_status_next"),
            # Digests: a user's held items.
            models.Index(fields=["recipient_user", "status"], name="portal_notif_user_status"),
        ]

    def __str__(self):
        return f"{self.template} → {self.recipient_email}"
