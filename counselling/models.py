"""Startup counselling: an entrepreneur's request for help (a case), triaged by contact persons.

A case belongs to one municipality and is seen only by its staff (`Case.objects.visible_to`);
a confidential case only by its assignee and the municipality's administrators (seed 003's
unpublished initiatives). Everything that happens to a case is an append-only `CaseEvent`.
"""

import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from kit import uploads
from kit.scoping import MunicipalityQuerySet
from kit.transitions import Transitions
from portal import hours
from portal.models import Municipality
from portal.roles import is_municipal_admin


class Status(models.TextChoices):
    NEW = "new", _("New")
    TRIAGE = "triage", _("In triage")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for the applicant")
    RESOLVED = "resolved", _("Closed: resolved")
    REFERRED = "referred", _("Closed: referred")
    WITHDRAWN = "withdrawn", _("Closed: withdrawn")
    REJECTED = "rejected", _("Closed: rejected")


CLOSED = frozenset({Status.RESOLVED, Status.REFERRED, Status.WITHDRAWN, Status.REJECTED})
OPEN = frozenset(Status) - CLOSED

#: The edges that reopen a closed case (closed → in progress), gated below by a permission.
REOPENING = frozenset((closed, Status.IN_PROGRESS) for closed in CLOSED)

#: The one table of allowed status changes: from → the statuses it may go to. A request can be
#: turned down or withdrawn at any point; it is closed as resolved or referred only once someone
#: has worked on it. Reopening needs the "reopen_case" permission.
TRANSITIONS = Transitions(
    Status,
    {
        Status.NEW: {Status.TRIAGE, Status.WITHDRAWN, Status.REJECTED},
        Status.TRIAGE: {Status.IN_PROGRESS, Status.REFERRED, Status.WITHDRAWN, Status.REJECTED},
        Status.IN_PROGRESS: {
            Status.WAITING, Status.RESOLVED, Status.REFERRED, Status.WITHDRAWN, Status.REJECTED,
        },
        Status.WAITING: {
            Status.IN_PROGRESS, Status.RESOLVED, Status.REFERRED, Status.WITHDRAWN, Status.REJECTED,
        },
        **{closed: {Status.IN_PROGRESS} for closed in CLOSED},
    },
    gates=dict.fromkeys(REOPENING, "counselling.reopen_case"),
)  # fmt: skip

#: A case still to be answered whose deadline is at most this many Danish working days away is
#: marked in the queue as due soon.
DUE_SOON_WORKING_DAYS = 2

#: Status changes that count as the first response to the applicant.
RESPONDING = {Status.IN_PROGRESS, Status.WAITING} | CLOSED


class Kind(models.TextChoices):
    NEW_ENTERPRISE = "new_enterprise", _("Start a new social-economy enterprise")
    CONVERSION = "conversion", _("Convert an existing company")
    BRANCH = "branch", _("Open a branch in the municipality")
    SPIN_OFF = "spin_off", _("Spin-off of a municipal activity (afknopning)")
    OTHER = "other", _("Something else")


class Stage(models.TextChoices):
    IDEA = "idea", _("An idea")
    PLANNING = "planning", _("Planning: business plan, funding, partners")
    STARTED = "started", _("Started within the last year")
    ESTABLISHED = "established", _("Established for more than a year")


class Need(models.TextChoices):
    BUSINESS_PLAN = "business_plan", _("Business plan")
    FUNDING = "funding", _("Funding and pools")
    LEGAL_FORM = "legal_form", _("Legal form and RSV registration")
    PARTNERSHIP = "partnership", _("Partnership with the municipality")
    SPECIAL_TERMS = "special_terms", _("Hiring people on special terms")
    MENTOR = "mentor", _("A mentor")
    PREMISES = "premises", _("Premises")
    PUBLIC_SALES = "public_sales", _("Selling to the public sector")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    MEETING = "meeting", _("A meeting")


class Partner(models.TextChoices):
    """Where a case can be referred (seeds 000 and 002)."""

    JOBCENTER = "jobcenter", _("Jobcentre")
    BUSINESS_HOUSE = "business_house", _("Erhvervshus (business service)")
    BUSINESS_LEJRE = "business_lejre", _("Business Lejre")
    GREEN_NETWORK = "green_network", _("Green Network")
    WORKSHOP = "workshop", _("A workshop")
    OTHER = "other", _("Another partner")


class CaseQuerySet(MunicipalityQuerySet):
    #: The lookup from this model to its case; related models override it.
    case_lookup = ""

    def _case(self, lookup):
        return f"{self.case_lookup}__{lookup}" if self.case_lookup else lookup

    def visible_to(self, user):
        """The municipality's staff see its cases; a confidential case only its assignee and the
        municipality's administrators."""
        queryset = super().visible_to(user)
        if not user.is_authenticated or is_municipal_admin(user):
            return queryset
        return queryset.filter(
            models.Q(**{self._case("confidential"): False}) | models.Q(**{self._case("assignee"): user})
        )

    def open(self):
        return self.filter(**{f"{self._case('status')}__in": OPEN})

    def overdue_condition(self, today=None):
        """Open, unanswered and past its first-response deadline: as a Q, for filters and counts."""
        return models.Q(
            **{
                f"{self._case('status')}__in": OPEN,
                self._case("first_response_at__isnull"): True,
                self._case("deadline__lt"): today or timezone.localdate(),
            }
        )

    def overdue(self, today=None):
        return self.filter(self.overdue_condition(today))

    def unread_condition(self):
        """An answer from the applicant that no staff member has read yet: as a Q."""
        return models.Q(**{self._case("unread_answer_at__isnull"): False})

    def in_queue_order(self):
        return self.order_by(*QUEUE_ORDERING)


#: The queue's first sort key: open cases before closed ones. The statuses are sorted so that the
#: SQL is the same in every process, and matches the index below.
QUEUE_CLOSED_LAST = models.Case(
    models.When(status__in=sorted(CLOSED), then=models.Value(1)),
    default=models.Value(0),
    output_field=models.IntegerField(),
)


class Case(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="cases"
    )
    reference = models.CharField(_("reference"), max_length=20, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveIntegerField(_("number"), editable=False)
    kind = models.CharField(_("what it is about"), max_length=20, choices=Kind.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    applicant_name = models.CharField(_("name"), max_length=200)
    applicant_email = models.EmailField(_("email"))
    applicant_phone = models.CharField(_("phone"), max_length=30, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True)
    description = models.TextField(_("description"))
    needs = models.JSONField(_("needs"), default=list, blank=True)
    preferred_contact = models.CharField(
        _("preferred contact"), max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="da")
    consent_at = models.DateTimeField(_("consent given"))

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only the assignee and the municipality's administrators see a confidential case."),
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        help_text=_("The enterprise in the registry that came out of the case."),
    )
    deadline = models.DateField(_("first response due"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    #: The random token of the applicant's private link (/sag/<token>/). It is kept, not hashed,
    #: because messages to the applicant carry the link; a new one revokes the old.
    access_token = models.CharField(max_length=64, unique=True, null=True, editable=False)
    access_expires_at = models.DateTimeField(_("private link expires"), null=True, blank=True)
    #: When the applicant's latest answer arrived, as long as no staff member has opened the case
    #: page since: the queue's "New answer" marker and the count on the admin index.
    unread_answer_at = models.DateTimeField(_("unread answer"), null=True, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [
            ("reopen_case", _("Can reopen a closed case")),
            ("export_case", _("Can export cases")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "reference"], name="counselling_case_reference"),
            models.UniqueConstraint(
                fields=["municipality", "year", "number"], name="counselling_case_number"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=list(Status.values)), name="counselling_case_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status", "created_at"], name="counselling_case_queue"),
            models.Index(fields=["status", "closed_at"], name="counselling_case_closed"),
            # The queue's order (QUEUE_ORDERING), per municipality for its staff and across all for
            # a superuser: the first page is read from the index, not sorted from every case.
            models.Index(
                F("municipality"),
                QUEUE_CLOSED_LAST,
                F("deadline"),
                F("created_at"),
                F("id"),
                name="counselling_case_queue_order",
            ),
            models.Index(
                QUEUE_CLOSED_LAST, F("deadline"), F("created_at"), F("id"), name="counselling_case_queue_all"
            ),
            # What the queue's count reads (a municipality's cases, less the confidential ones of
            # others), from the index alone.
            models.Index(
                fields=["municipality", "confidential", "assignee"], name="counselling_case_visible"
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_open(self):
        return self.status in OPEN

    @property
    def is_overdue(self):
        return self.is_open and self.first_response_at is None and self.deadline < timezone.localdate()

    @property
    def age(self):
        return timezone.now() - self.created_at

    def working_days_left(self, today=None):
        """For an open case nobody has answered: the Danish working days from `today` to its
        deadline (0 on the day itself, negative once it is overdue); else None."""
        if not self.is_open or self.first_response_at is not None:
            return None
        today = today or timezone.localdate()
        if self.deadline < today:
            return -1
        return sum(
            hours.is_working_day(today + datetime.timedelta(days=offset))
            for offset in range(1, (self.deadline - today).days + 1)
        )

    def is_due_soon(self, today=None):
        """Open, unanswered, and due today or within two Danish working days."""
        left = self.working_days_left(today)
        return left is not None and 0 <= left <= DUE_SOON_WORKING_DAYS

    def next_statuses(self, user=None):
        """The statuses this case may move to, in the order of `Status`, for `user` if given."""
        return TRANSITIONS.targets(self.status, user)

    def need_labels(self):
        labels = dict(Need.choices)
        return [labels[need] for need in self.needs if need in labels]

    def access_is_valid(self, now=None):
        return self.access_token is not None and (
            self.access_expires_at is None or self.access_expires_at > (now or timezone.now())
        )


#: The queue's order: open cases first, the earliest first-response deadline first, then the
#: oldest. The admin's queue and its "next case" read it.
QUEUE_ORDERING = [QUEUE_CLOSED_LAST.asc(), "deadline", "created_at", "pk"]


class CounsellingSettings(models.Model):
    """How a municipality runs its startup counselling. A municipality without a row gets the
    defaults (no prefix of its own, five working days): see `of()`."""

    municipality = models.OneToOneField(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="counselling"
    )
    case_prefix = models.CharField(
        _("case prefix"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2,4}$", _("Two to four capital letters, e.g. ROS."))],
        help_text=_("Starts the reference of every startup case, e.g. ROS-2026-0042."),
    )
    response_days = models.PositiveSmallIntegerField(
        _("response time"),
        default=5,
        help_text=_("Working days within which a new case gets its first response."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("counselling settings")
        verbose_name_plural = _("counselling settings")

    def __str__(self):
        return str(self.municipality)

    @classmethod
    def of(cls, municipality):
        """The municipality's settings, or unsaved defaults when it has none. Reads the row once
        per municipality instance (Django caches the reverse one-to-one, a missing row too)."""
        try:
            return municipality.counselling
        except cls.DoesNotExist:
            return cls(municipality=municipality)

    @property
    def reference_prefix(self):
        """The case prefix, or the first letters of the name: Ærø → AER."""
        if self.case_prefix:
            return self.case_prefix
        name = self.municipality.name
        folded = name.upper().replace("Æ", "AE").replace("Ø", "OE").replace("Å", "AA")
        return "".join(c for c in folded if "A" <= c <= "Z")[:3] or self.municipality.code


class CaseCounter(models.Model):
    """The last number given per municipality and year: locked while a case takes the next one,
    so references are gap-free even under concurrent submissions."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="counselling_counter_unique"),
        ]

    def __str__(self):
        return f"{self.municipality_id}/{self.year}: {self.last_number}"


class CaseRelatedQuerySet(CaseQuerySet):
    municipality_lookup = "case__municipality"
    case_lookup = "case"


def get_private_storage():
    # The migrations name this function; the storage is kit.uploads's "private" alias.
    return uploads.get_private_storage()


def attachment_path(attachment, filename):
    # The stored name is random: the applicant's file name is kept in `name` and never reaches
    # the file system.
    return f"cases/{attachment.case.municipality_id}/{attachment.case_id}/{attachment.key}"


class CaseAttachment(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments"
    )
    event = models.ForeignKey(
        "CaseEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    key = models.CharField(max_length=64, unique=True, editable=False)
    file = models.FileField(_("file"), storage=get_private_storage, upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    from_applicant = models.BooleanField(_("from the applicant"), default=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    objects = CaseRelatedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class CaseEvent(models.Model):
    """One entry of a case's timeline. Append-only: an event is never changed or deleted (only
    anonymisation blanks its text once the retention period is over)."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Request received")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        NOTE = "note", _("Internal note")
        MESSAGE_OUT = "message_out", _("Message to the applicant")
        MESSAGE_IN = "message_in", _("Message from the applicant")
        ATTACHMENT = "attachment", _("Attachments added")
        REFERRAL = "referral", _("Referred to a partner")
        ENTERPRISE = "enterprise", _("Linked to an enterprise")
        CONFIDENTIAL = "confidential", _("Confidentiality changed")
        ACCESS_LINK = "access_link", _("New private link sent")
        ANONYMISED = "anonymised", _("Anonymised")

    #: The kinds the applicant sees on their private page and in the copy of their data.
    APPLICANT_VISIBLE = {
        Kind.RECEIVED,
        Kind.STATUS,
        Kind.MESSAGE_OUT,
        Kind.MESSAGE_IN,
        Kind.ATTACHMENT,
        Kind.REFERRAL,
    }

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("text"), blank=True)
    from_status = models.CharField(_("from"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Status.choices, blank=True)
    partner = models.CharField(_("partner"), max_length=20, choices=Partner.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    objects = CaseRelatedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("timeline")
        indexes = [models.Index(fields=["case", "created_at"], name="counselling_event_case")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.case})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The timeline is append-only: an event is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The timeline is append-only: an event is never deleted.")

    @cached_property
    def author_label(self):
        if self.kind == self.Kind.MESSAGE_IN or (self.kind == self.Kind.RECEIVED and self.author_id is None):
            return _("The applicant")
        return str(self.author) if self.author_id else _("The portal")


class CaseAccess(models.Model):
    """Who saw or took out a case's personal data: every staff view, download and export."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed the case")
        DOWNLOAD = "download", _("Downloaded an attachment")
        EXPORT = "export", _("Exported")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.SET_NULL, null=True, related_name="accesses"
    )
    reference = models.CharField(_("reference"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access to personal data")
        verbose_name_plural = _("access log")

    def __str__(self):
        return f"{self.user} · {self.get_action_display()} · {self.reference}"


class ReplyTemplate(models.Model):
    """A standard reply a municipality's contact persons start a message to the applicant from.
    Written by the municipality's administrators."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="reply_templates"
    )
    title = models.CharField(
        _("title"), max_length=100, help_text=_("How the text is named in the list on the case page.")
    )
    text = models.TextField(
        _("text"),
        max_length=10000,
        help_text=_("The message as the applicant reads it. Staff can change it before sending."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("standard reply")
        verbose_name_plural = _("standard replies")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "title"], name="counselling_replytemplate_title"),
        ]

    def __str__(self):
        return self.title


#: How long after closing the applicant's private link keeps working.
ACCESS_AFTER_CLOSING = datetime.timedelta(days=90)
