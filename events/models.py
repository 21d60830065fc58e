"""Events: the annual theme day, workshops for social-economy entrepreneurs and network meetings,
from announcement to attendance.

Seed 002: Roskilde's annual theme and development day on social economy, run by the stakeholders
and supported by the municipality, and workshops for entrepreneurs on their shared challenges;
seed 003: Slagelse starts a network for local social-economy enterprises.

An `Event` belongs to one municipality (whose staff keep it) and may be held jointly with
neighbours (`co_hosts`). It is published through the review kit, so staff see a draft as a
preview. A `Registration` is a place (confirmed), a place on the waiting list (waiting), or a
freed place offered to the next on the list for 48 hours (offered). First come, first served:
the order is the time of registering.

Events are an app of their own rather than part of `portal`: they have their own registration
workflow, waiting list, reminders, retention and feeds, as the other capabilities do, and the
entrance (`portal`) stays the municipality's front page.
"""

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kit.review import Reviewable, ReviewableQuerySet
from kit.scoping import MunicipalityQuerySet
from portal.models import Municipality

#: How long a freed place is held for the next person on the waiting list.
OFFER_HOURS = 48
#: The earliest reminder an event may send, in days before it (the reminder run looks no further).
LONGEST_REMINDER_DAYS = 60


class EventQuerySet(ReviewableQuerySet, MunicipalityQuerySet):
    def hosted_by(self, municipality):
        """Events of `municipality`, its own and those it holds jointly with neighbours."""
        pk = getattr(municipality, "pk", municipality)
        return self.filter(Q(municipality=pk) | Q(co_hosts=pk)).distinct()

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())

    def with_counts(self):
        """Each event with `confirmed_count`, `waiting_count` and `offered_count`: subqueries, not a
        join and a GROUP BY, so that a list counts the registrations of the events it shows only,
        after its order and page are chosen, not of every upcoming event."""
        status = Registration.Status
        return self.annotate(
            confirmed_count=_registrations(status.CONFIRMED),
            waiting_count=_registrations(status.WAITING),
            offered_count=_registrations(status.OFFERED),
        )


def _registrations(status):
    counted = (
        Registration.objects.filter(event=models.OuterRef("pk"), status=status)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(counted, output_field=models.IntegerField()), 0)


def _token():
    return secrets.token_urlsafe(32)


class Event(Reviewable):
    class Kind(models.TextChoices):
        THEME_DAY = "theme_day", _("Theme day")
        WORKSHOP = "workshop", _("Workshop")
        NETWORK = "network", _("Network meeting")
        INFORMATION = "information", _("Information meeting")
        OTHER = "other", _("Other event")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("The municipality whose staff keep the event."),
    )
    co_hosts = models.ManyToManyField(
        Municipality,
        verbose_name=_("held jointly with"),
        blank=True,
        related_name="joint_events",
        help_text=_("Neighbouring municipalities that hold the event too; it shows on their pages."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("short summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    programme = models.TextField(_("programme"), blank=True, help_text=_("One item a line: 09.30 Welcome."))
    target_audience = models.CharField(_("for whom"), max_length=300, blank=True)
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Sent to the registered only, never shown in public."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    registration_deadline = models.DateTimeField(
        _("registration deadline"), null=True, blank=True, help_text=_("Empty: until the event starts.")
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit, and no waiting list.")
    )
    organiser = models.CharField(_("organiser"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    first_reminder_days = models.PositiveSmallIntegerField(
        _("first reminder (days before)"),
        null=True,
        blank=True,
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(LONGEST_REMINDER_DAYS)],
        help_text=_("Empty: no such reminder."),
    )
    second_reminder_days = models.PositiveSmallIntegerField(
        _("second reminder (days before)"),
        null=True,
        blank=True,
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(LONGEST_REMINDER_DAYS)],
        help_text=_("Empty: no such reminder."),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("why it is cancelled"), blank=True)
    outcome = models.TextField(
        _("summary afterwards"), blank=True, help_text=_("A few lines on how it went, shown once it is over.")
    )
    # What is kept when the registrations' personal data are deleted (retention).
    registered_total = models.PositiveIntegerField(_("registered"), null=True, blank=True, editable=False)
    attended_total = models.PositiveIntegerField(_("attended"), null=True, blank=True, editable=False)
    personal_data_deleted_at = models.DateTimeField(
        _("personal data deleted"), null=True, blank=True, editable=False
    )
    feed_token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="events_event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True)
                | Q(registration_deadline__lte=models.F("starts_at")),
                name="events_event_deadline_before_start",
            ),
        ]
        indexes = [
            # The public list: published events by start, upcoming first.
            models.Index(fields=["status", "starts_at"], name="events_event_listed"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event", kwargs={"slug": self.slug})

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    @property
    def is_online(self):
        return bool(self.online_url) and not self.address

    def deadline(self):
        """When registration closes: the deadline, or the start."""
        return self.registration_deadline or self.starts_at

    def registration_open(self, now=None):
        now = now or timezone.now()
        return self.is_published and not self.is_cancelled and now < self.deadline()

    def reminder_days(self):
        """The days before the start on which the registered are reminded, largest first."""
        return sorted({d for d in (self.first_reminder_days, self.second_reminder_days) if d}, reverse=True)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if self.registration_deadline and self.starts_at and self.registration_deadline > self.starts_at:
            errors["registration_deadline"] = _("The registration deadline must be before the event starts.")
        if errors:
            raise ValidationError(errors)


class RegistrationQuerySet(MunicipalityQuerySet):
    municipality_lookup = "event__municipality"

    def holding_places(self):
        """Registrations that hold a place: confirmed ones, and offers not yet answered."""
        return self.filter(status__in=[Registration.Status.CONFIRMED, Registration.Status.OFFERED])

    def waiting_in_order(self):
        """The waiting list, first come first served."""
        return self.filter(status=Registration.Status.WAITING).order_by("created_at", "pk")


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        OFFERED = "offered", _("Offered a place")
        CANCELLED = "cancelled", _("Cancelled")
        OFFER_EXPIRED = "offer_expired", _("Offer expired")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    needs = models.TextField(
        _("needs"), blank=True, help_text=_("Accessibility, diet or anything else the organiser should know.")
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="da")
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    reminded_days = models.JSONField(
        _("reminded"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("The reminders sent, in days before."),
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # One registration per address and event (whatever its case), unless cancelled.
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(status__in=["cancelled", "offer_expired"]),
                name="events_registration_one_per_email",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waiting", "offered", "cancelled", "offer_expired"]),
                name="events_registration_status_valid",
            ),
        ]
        indexes = [
            # The waiting list and the places held, per event.
            models.Index(fields=["event", "status", "created_at"], name="events_registration_list"),
            # The sweep of offers that have run out.
            models.Index(fields=["status", "offer_expires_at"], name="events_registration_offers"),
        ]

    def __str__(self):
        return f"{self.name} · {self.event}"

    def offer_is_open(self, now=None):
        return (
            self.status == self.Status.OFFERED
            and self.offer_expires_at is not None
            and (now or timezone.now()) < self.offer_expires_at
        )


def offer_expiry(now):
    return now + datetime.timedelta(hours=OFFER_HOURS)
