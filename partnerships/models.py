"""Partnership agreements, their commitments and results, and the follow-up groups that meet on them.

Seed 000 item 2: the municipality is ready to enter partnership agreements. Seed 004: Jammerbugt's
partnership with the enterprises that run a hotel, a grocery and village services, followed by a
group with the mayor at its head that meets four times a year. Seed 003: Slagelse's voluntary
purchase agreements and the task force that is to bring 30 people in flex jobs into social-economy
enterprises. Seed 002: purchases of employment services and single places.

An `Agreement` has two statuses: its review status (`Reviewable`: whether the public sees it) and
its `state` along STATE_TRANSITIONS (draft, active, expired, terminated), where expiry follows the
end date. Its `Commitment`s are targets per kind of position and target group; `Result`s are the
counts reported per quarter. Counts only: never anything about the citizens behind them.
"""

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise, TargetGroup
from kit import uploads
from kit.review import Reviewable, ReviewableQuerySet
from kit.scoping import MunicipalityQuerySet
from kit.transitions import Transitions
from portal.models import Municipality


class PositionKind(models.TextChoices):
    """The kinds of position a commitment counts (the registry's position fields, and the
    clarification courses of seed 002)."""

    FLEXJOB = "flexjob", _("Flex job")
    WAGE_SUBSIDY = "wage_subsidy", _("Job with wage subsidy")
    SMALL_JOBS = "small_jobs", _("Small jobs and hours")
    ORDINARY_HIRE = "ordinary_hire", _("Ordinary hire")
    CLARIFICATION = "clarification", _("Clarification course")


class Organisation(models.Model):
    """A party to agreements that is not in the registry: the Jobcenter, Business Lejre, Green
    Network, a housing association."""

    class Kind(models.TextChoices):
        JOBCENTER = "jobcenter", _("Jobcenter")
        BUSINESS = "business", _("Business council or association")
        NETWORK = "network", _("Network")
        MUNICIPAL = "municipal", _("Municipal department or institution")
        OTHER = "other", _("Other organisation")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True)
    website = models.URLField(_("website"), blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="partnerships_organisation_unique_name"
            )
        ]

    def __str__(self):
        return self.name


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


#: A draft is signed (active) or dropped; an active agreement runs out at its end date (expired)
#: or is ended early (terminated); an expired one may be prolonged (active again, with a new end).
STATE_TRANSITIONS = Transitions(
    State,
    {
        State.DRAFT: {State.ACTIVE, State.TERMINATED},
        State.ACTIVE: {State.EXPIRED, State.TERMINATED},
        State.EXPIRED: {State.ACTIVE},
    },
)


class AgreementQuerySet(ReviewableQuerySet, MunicipalityQuerySet):
    def running(self, today=None):
        """Active agreements whose period includes `today`."""
        today = today or timezone.localdate()
        return self.filter(state=State.ACTIVE, start__lte=today).filter(
            Q(end__isnull=True) | Q(end__gte=today)
        )

    def due_to_expire(self, today=None):
        """Active agreements whose end date has passed: the expiry run moves them on."""
        today = today or timezone.localdate()
        return self.filter(state=State.ACTIVE, end__lt=today)


def get_private_storage():
    # The migrations name this function; the storage is kit.uploads's "private" alias.
    return uploads.get_private_storage()


def signed_document_path(agreement, filename):
    # A random name: the uploaded file's own name is kept in `signed_document_name`.
    return f"agreements/{agreement.municipality_id}/{secrets.token_urlsafe(24)}"


def new_token():
    return secrets.token_urlsafe(32)


class Agreement(Reviewable):
    State = State
    state_transitions = STATE_TRANSITIONS

    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", _("Partnership agreement")
        PURCHASE = "purchase", _("Voluntary purchase agreement")
        EMPLOYMENT_SERVICES = "employment_services", _("Purchase of employment services (single places)")
        OTHER = "other", _("Other cooperation")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="agreements"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    purpose = models.TextField(_("purpose"))
    tasks = models.TextField(_("tasks"), blank=True, help_text=_("What each party does."))
    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"), null=True, blank=True, help_text=_("Empty: until terminated."))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("why it was terminated"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_for_agreements",
        help_text=_("Gets the reminders before the agreement ends and when results are missing."),
    )
    signed_document = models.FileField(
        _("signed agreement"),
        storage=get_private_storage,
        upload_to=signed_document_path,
        max_length=200,
        blank=True,
        help_text=_("Kept private: never shown on the public site."),
    )
    signed_document_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    enterprises = models.ManyToManyField(
        Enterprise, verbose_name=_("enterprises"), through="Party", blank=True, related_name="agreements"
    )
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Demo data, shown as an example.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="partnerships_agreement_period",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:agreement", kwargs={"slug": self.slug})

    def covers(self, day):
        """Whether `day` falls in the agreement's period."""
        return self.start <= day and (self.end is None or day <= self.end)


class Party(models.Model):
    """A party to an agreement: an enterprise of the registry or another organisation."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parties",
    )
    role = models.CharField(_("role"), max_length=200, blank=True, help_text=_("E.g. runs the village shop."))

    class PartyQuerySet(MunicipalityQuerySet):
        municipality_lookup = "agreement__municipality"

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=(Q(enterprise__isnull=False) & Q(organisation__isnull=True))
                | (Q(enterprise__isnull=True) & Q(organisation__isnull=False)),
                name="partnerships_party_enterprise_or_organisation",
            ),
            models.UniqueConstraint(
                fields=["agreement", "enterprise"], name="partnerships_party_enterprise_once"
            ),
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="partnerships_party_organisation_once"
            ),
        ]

    def __str__(self):
        return str(self.enterprise or self.organisation)


class ProductionUnit(models.Model):
    """A production unit (P-number) of an enterprise, with the head counts the reasonableness
    requirement (rimelighedskravet) weighs: ordinary employees against people on special terms."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="production_units"
    )
    p_number = models.CharField(
        _("P-number"), max_length=10, unique=True, help_text=_("Ten digits, from the CVR register.")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    ordinary_employees = models.PositiveIntegerField(_("ordinary employees"), default=0)
    special_terms_employees = models.PositiveIntegerField(
        _("people on special terms"), default=0, help_text=_("In wage subsidy or company internship now.")
    )
    counted_on = models.DateField(_("counted on"), default=datetime.date.today)

    class UnitQuerySet(MunicipalityQuerySet):
        municipality_lookup = "enterprise__home_municipality"

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "name"]
        verbose_name = _("production unit")
        verbose_name_plural = _("production units")

    def __str__(self):
        return f"{self.name} (P {self.p_number})"


class Commitment(models.Model):
    """A target: so many positions of a kind, for a target group, over the agreement's period."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="commitments"
    )
    position_kind = models.CharField(_("kind of position"), max_length=20, choices=PositionKind.choices)
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target = models.PositiveIntegerField(_("target"), help_text=_("Positions over the agreement's period."))
    baseline = models.PositiveIntegerField(
        _("baseline"),
        null=True,
        blank=True,
        help_text=_("Positions there were before the agreement, if known."),
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The party that creates the positions, if one does."),
    )
    production_unit = models.ForeignKey(
        ProductionUnit,
        verbose_name=_("production unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        help_text=_("Where the positions are: its capacity under the reasonableness requirement is shown."),
    )
    deadweight_percent = models.PositiveSmallIntegerField(
        _("deadweight (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("The share of the positions that would have come anyway."),
    )
    attribution_percent = models.PositiveSmallIntegerField(
        _("attribution (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("The share of the rest that is owed to others than this agreement."),
    )
    note = models.TextField(_("note"), blank=True)

    class CommitmentQuerySet(MunicipalityQuerySet):
        municipality_lookup = "agreement__municipality"

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "position_kind", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            # One target per kind of position and target group (or none) in an agreement.
            models.UniqueConstraint(
                fields=["agreement", "position_kind", "target_group"],
                name="partnerships_commitment_once_per_kind_and_group",
            ),
            models.UniqueConstraint(
                fields=["agreement", "position_kind"],
                condition=Q(target_group__isnull=True),
                name="partnerships_commitment_once_per_kind",
            ),
        ]

    def __str__(self):
        group = f", {self.target_group}" if self.target_group_id else ""
        return f"{self.get_position_kind_display()}{group}: {self.target}"


def quarter_of(day):
    return (day.month - 1) // 3 + 1


def quarter_bounds(year, quarter):
    """The first and last day of a quarter."""
    first = datetime.date(year, 3 * quarter - 2, 1)
    after = datetime.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return first, after - datetime.timedelta(days=1)


class Result(models.Model):
    """The positions of a commitment in one quarter: a count, reported by staff, or by the
    enterprise's representative and then confirmed by staff. Only confirmed results are counted
    in the overview."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="results"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    count = models.PositiveIntegerField(_("positions"))
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    by_representative = models.BooleanField(_("reported by the enterprise"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class ResultQuerySet(MunicipalityQuerySet):
        municipality_lookup = "commitment__agreement__municipality"

        def confirmed(self):
            return self.filter(confirmed_at__isnull=False)

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["commitment", "year", "quarter"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            # A quarter is reported once per commitment (its kind and target group).
            models.UniqueConstraint(
                fields=["commitment", "year", "quarter"], name="partnerships_result_once_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="partnerships_result_quarter"
            ),
        ]

    def __str__(self):
        return f"{self.commitment}: {self.year} K{self.quarter} = {self.count}"

    @property
    def period(self):
        return quarter_bounds(self.year, self.quarter)


class FollowUpGroup(models.Model):
    """A follow-up group (følgegruppe): for one agreement or for the municipality's partnerships."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="follow_up_groups",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_groups",
        help_text=_("Empty: the group follows the municipality's partnerships as a whole."),
    )
    name = models.CharField(_("name"), max_length=200)
    chair = models.CharField(_("chair"), max_length=200, help_text=_("E.g. the mayor."))
    meetings_per_year = models.PositiveSmallIntegerField(
        _("meetings a year"), default=4, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    # The secret of the group's calendar feed: the feed holds no more than dates and places, but
    # a group's meetings are not announced to the world.
    calendar_token = models.CharField(max_length=64, unique=True, editable=False, default=new_token)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("follow-up group")
        verbose_name_plural = _("follow-up groups")

    def __str__(self):
        return self.name


class Member(models.Model):
    group = models.ForeignKey(
        FollowUpGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True, help_text=_("For the meeting reminders."))
    role = models.CharField(_("role"), max_length=100, blank=True, help_text=_("E.g. chair, secretary."))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class MemberQuerySet(MunicipalityQuerySet):
        municipality_lookup = "group__municipality"

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["group", "pk"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return self.name


class Meeting(models.Model):
    group = models.ForeignKey(
        FollowUpGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    reminded_14_at = models.DateTimeField(_("reminded 14 days before"), null=True, blank=True, editable=False)
    reminded_2_at = models.DateTimeField(_("reminded 2 days before"), null=True, blank=True, editable=False)

    class MeetingQuerySet(MunicipalityQuerySet):
        municipality_lookup = "group__municipality"

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["group", "starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="partnerships_meeting_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.group}: {timezone.localtime(self.starts_at):%d.%m.%Y}"


class Action(models.Model):
    """An action agreed at a meeting, carried to the next meetings until it is done."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="actions"
    )
    text = models.TextField(_("action"))
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateField(_("done"), null=True, blank=True)

    class ActionQuerySet(MunicipalityQuerySet):
        municipality_lookup = "meeting__group__municipality"

        def open(self):
            return self.filter(done_at__isnull=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting__starts_at", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self):
        return self.text[:80]


class AgreementReminder(models.Model):
    """A reminder sent about an agreement: `key` names what it was for ("end-90", "end-30",
    "results-2026Q3"), so that each goes once and a missed run catches up."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(max_length=30)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "key"], name="partnerships_reminder_once")
        ]

    def __str__(self):
        return f"{self.agreement_id}: {self.key}"


def results_import_path(result_import, filename):
    return f"results-imports/{result_import.municipality_id}/{secrets.token_urlsafe(24)}.csv"


class ResultImport(models.Model):
    """A CSV of results uploaded in the admin, imported by a background task
    (partnerships.tasks.import_results): all rows or none. `errors` lists each refused row as
    {"row": n, "errors": [...]}; `rows_done` counts the rows checked so far, for the progress page."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    file = models.FileField(
        _("file"), storage=get_private_storage, upload_to=results_import_path, max_length=200
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import of results")
        verbose_name_plural = _("imports of results")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M}: {self.get_status_display()}"
