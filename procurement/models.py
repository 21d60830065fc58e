"""Procurement notices: what a municipality or a company wants bought, and who could deliver it.

Seed 002 asks the municipality to tell social-economy enterprises about its tenders and supplier
agreements, to split purchases into smaller contracts and to weigh social considerations; seed 000
item 5 asks ordinary companies to offer side production and subcontracting ("virksomhed i
virksomheden"). A `Notice` carries both: a municipal tender, agreement, purchase of employment
services, market dialogue or planned procurement, or a company's subcontracting offer.

A notice has two statuses. Its review status (`Reviewable`: draft, pending, published, …) says
whether the public sees it; a company's offer waits for a contact person, staff publish their own.
Its `stage` says where the purchase is (planned, tendering, awarded, cancelled), and its `phase`
adds what the clock says: a tendering notice is open until its submission deadline, closed after.

A notice also published in TED is shown no earlier than its TED publication date: the portal never
runs ahead of the official publication (`Notice.objects.public()`).
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise, ServiceCategory
from kit import pagecache, uploads
from kit.review import Reviewable, ReviewableQuerySet
from kit.scoping import MunicipalityQuerySet
from kit.transitions import Transitions
from portal.models import Municipality

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")


def copenhagen_today(now=None):
    return timezone.localtime(now or timezone.now(), COPENHAGEN).date()


class CpvCodeQuerySet(models.QuerySet):
    def check_digits(self, digits):
        """{digits: check digit} of the codes among `digits` (for procurement.cpv.clean_codes)."""
        return dict(self.filter(code__in=digits).values_list("code", "check_digit"))


class CpvCode(models.Model):
    """A code of CPV 2008 with its official Danish and English labels (loaded by migration 0002)."""

    code = models.CharField(_("code"), max_length=8, primary_key=True, help_text=_("Eight digits."))
    check_digit = models.CharField(_("check digit"), max_length=1)
    # The significant digits (procurement/cpv.py): a code covers those that start with them.
    prefix = models.CharField(_("prefix"), max_length=8, db_index=True)
    name = models.CharField(_("name"), max_length=400)
    name_en = models.CharField(_("name in English"), max_length=400)

    objects = CpvCodeQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("CPV code")
        verbose_name_plural = _("CPV codes")

    def __str__(self):
        return f"{self.full_code} {self.localized_name}"

    @property
    def full_code(self):
        return f"{self.code}-{self.check_digit}"

    @property
    def localized_name(self):
        return self.name_en if get_language() == "en" else self.name

    def covers(self, other):
        """Whether `other` (a CpvCode or 8 digits) is this code or one of its sub-codes."""
        return getattr(other, "code", other).startswith(self.prefix)


class Kind(models.TextChoices):
    TENDER = "tender", _("Municipal tender")
    SUPPLIER_AGREEMENT = "supplier_agreement", _("Supplier or framework agreement")
    SUBCONTRACTING = "subcontracting", _("Subcontracting or side production offered by a company")
    EMPLOYMENT_SERVICES = "employment_services", _("Purchase of employment services (single places)")
    MARKET_DIALOGUE = "market_dialogue", _("Market dialogue")
    PLANNED = "planned", _("Planned procurement")


class Procedure(models.TextChoices):
    OPEN = "open", _("Open procedure")
    RESTRICTED = "restricted", _("Restricted procedure")
    NEGOTIATED = "negotiated", _("Negotiated procedure")
    BELOW_THRESHOLD = "below_threshold", _("Below the threshold")
    LIGHT_REGIME = "light_regime", _("Light regime for social and other specific services")
    FUNCTIONAL = "functional", _("Functional tender")


class ReservedParticipation(models.TextChoices):
    """eForms BT-71, as the OCDS otherRequirements extension maps it."""

    NONE = "", _("Not reserved")
    SHELTERED_WORKSHOPS = (
        "res-ws",
        _(
            "Reserved for sheltered workshops and enterprises integrating disabled or disadvantaged persons"
            " (art. 20)"
        ),
    )
    PUBLIC_SERVICE_MISSION = (
        "res-pub-ser",
        _("Reserved for organisations with a public service mission (art. 77)"),
    )


class SocialObjective(models.TextChoices):
    """eForms BT-775, the social objectives of strategic procurement (code list social-objective)."""

    EMPLOYMENT = "opp", _("Employment opportunities for disadvantaged people")
    WORKING_CONDITIONS = "work-cond", _("Fair working conditions")
    ACCESSIBILITY = "acc-all", _("Accessibility for all")
    GENDER_EQUALITY = "gen-eq", _("Gender equality")
    ETHNIC_EQUALITY = "et-eq", _("Ethnic equality")
    HUMAN_RIGHTS = "hum-right", _("Human rights")
    OTHER = "other", _("Other social objective")


class Stage(models.TextChoices):
    PLANNED = "planned", _("Planned")
    TENDERING = "tendering", _("Tendering")
    AWARDED = "awarded", _("Awarded")
    CANCELLED = "cancelled", _("Cancelled")


class Phase(models.TextChoices):
    """What a visitor sees: the stage, with "tendering" split by the submission deadline."""

    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    AWARDED = "awarded", _("Awarded")
    CANCELLED = "cancelled", _("Cancelled")


#: A planned purchase is tendered or dropped; a tender is awarded or cancelled. An award may be
#: cancelled (a complaint board's ruling), nothing comes back from cancelled.
STAGE_TRANSITIONS = Transitions(
    Stage,
    {
        Stage.PLANNED: {Stage.TENDERING, Stage.CANCELLED},
        Stage.TENDERING: {Stage.AWARDED, Stage.CANCELLED},
        Stage.AWARDED: {Stage.CANCELLED},
    },
)


class NoticeQuerySet(ReviewableQuerySet, MunicipalityQuerySet):
    def public(self, now=None):
        """What the public, the feeds and the exports see: published, and not before its TED
        publication date (Copenhagen time) when it is also published there."""
        today = copenhagen_today(now)
        return self.published().filter(Q(ted_published_on__isnull=True) | Q(ted_published_on__lte=today))

    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(stage=Stage.TENDERING).filter(
            Q(submission_deadline__isnull=True) | Q(submission_deadline__gt=now)
        )

    def closing_within(self, days, now=None):
        now = now or timezone.now()
        return self.open(now).filter(submission_deadline__lte=now + datetime.timedelta(days=days))

    def planned(self):
        return self.filter(Q(stage=Stage.PLANNED) | Q(kind=Kind.PLANNED))

    def social(self):
        """Reserved (for the notice or a lot), or with social clauses or objectives."""
        return self.filter(
            ~Q(reserved_participation="")
            | Q(reserved_execution=True)
            | Q(social_objective=True)
            | ~Q(social_clauses="")
            | Q(
                lots__reserved_participation__in=[
                    ReservedParticipation.SHELTERED_WORKSHOPS,
                    ReservedParticipation.PUBLIC_SERVICE_MISSION,
                ]
            )
        ).distinct()


class Notice(Reviewable):
    Kind = Kind
    Procedure = Procedure
    ReservedParticipation = ReservedParticipation
    SocialObjective = SocialObjective
    Stage = Stage
    Phase = Phase
    stage_transitions = STAGE_TRANSITIONS

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="notices",
        help_text=_("The buyer, or for a company's offer the municipality whose contact persons review it."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"))
    # The buyer: a department of the municipality, or a company with a CVR number.
    department = models.CharField(
        _("department"), max_length=200, blank=True, help_text=_("The municipal department that buys.")
    )
    company_name = models.CharField(_("company"), max_length=200, blank=True)
    company_cvr = models.CharField(
        _("company's CVR number"), max_length=8, blank=True, help_text=_("For a company's offer.")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="procurement_notices",
        help_text=_("The company representative who posted the offer on the public site."),
    )

    categories = models.ManyToManyField(
        ServiceCategory, verbose_name=_("service categories"), blank=True, related_name="notices"
    )
    cpv_codes = models.ManyToManyField(
        CpvCode, verbose_name=_("CPV codes"), blank=True, related_name="notices"
    )
    procedure = models.CharField(_("procedure"), max_length=20, choices=Procedure.choices, blank=True)
    reserved_participation = models.CharField(
        _("reserved participation"),
        max_length=12,
        choices=ReservedParticipation.choices,
        blank=True,
        help_text=_("eForms BT-71."),
    )
    reserved_execution = models.BooleanField(
        _("reserved execution"),
        default=False,
        help_text=_("eForms BT-736: the contract must be performed in sheltered employment programmes."),
    )
    social_objective = models.BooleanField(
        _("strategic procurement with a social objective"),
        default=False,
        help_text=_("eForms BT-06 soc-obj."),
    )
    social_objectives = models.JSONField(
        _("social objectives"), default=list, blank=True, help_text=_("eForms BT-775 codes.")
    )
    social_clauses = models.TextField(
        _("social clauses"), blank=True, help_text=_("What the contract asks, in words (e.g. two flex jobs).")
    )
    suitable_for_small = models.BooleanField(_("suitable for small enterprises"), default=False)
    estimated_value = models.DecimalField(
        _("estimated value (DKK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    questions_deadline = models.DateTimeField(_("deadline for questions"), null=True, blank=True)
    submission_deadline = models.DateTimeField(_("deadline for submission"), null=True, blank=True)
    contract_start = models.DateField(_("contract starts"), null=True, blank=True)
    contract_end = models.DateField(_("contract ends"), null=True, blank=True)
    not_split_reason = models.TextField(
        _("why it is not split into lots"),
        blank=True,
        help_text=_("Required for a tender without lots (the procurement act asks for the reason)."),
    )
    ted_published_on = models.DateField(
        _("published in TED"),
        null=True,
        blank=True,
        help_text=_("The portal shows the notice from this date, never before the official publication."),
    )
    ted_notice_number = models.CharField(
        _("TED notice number"), max_length=20, blank=True, help_text=_("E.g. 123456-2026.")
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)

    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.TENDERING)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Demo data, shown as an example.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["submission_deadline", "-created_at"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            # The public list: published notices by deadline.
            models.Index(fields=["status", "submission_deadline"], name="procurement_notice_public"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(questions_deadline__isnull=True)
                | Q(submission_deadline__isnull=True)
                | Q(questions_deadline__lte=models.F("submission_deadline")),
                name="procurement_notice_questions_before_submission",
            ),
            models.CheckConstraint(
                condition=Q(contract_start__isnull=True)
                | Q(contract_end__isnull=True)
                | Q(contract_start__lte=models.F("contract_end")),
                name="procurement_notice_contract_period",
            ),
            models.CheckConstraint(
                condition=Q(estimated_value__isnull=True) | Q(estimated_value__gte=0),
                name="procurement_notice_value_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procurement:notice", kwargs={"slug": self.slug})

    @property
    def is_company_offer(self):
        return self.kind == Kind.SUBCONTRACTING and bool(self.company_cvr)

    @property
    def buyer_name(self):
        if self.company_name:
            return self.company_name
        name = self.municipality.full_name
        return f"{name}, {self.department}" if self.department else name

    def phase(self, now=None):
        if self.stage != Stage.TENDERING:
            return Phase(self.stage)
        now = now or timezone.now()
        if self.submission_deadline is not None and self.submission_deadline <= now:
            return Phase.CLOSED
        pagecache.changes_at(self.submission_deadline)
        return Phase.OPEN

    @property
    def is_social(self):
        return bool(
            self.reserved_participation
            or self.reserved_execution
            or self.social_objective
            or self.social_clauses
        )

    def is_embargoed(self, now=None):
        return self.ted_published_on is not None and self.ted_published_on > copenhagen_today(now)


class LotQuerySet(MunicipalityQuerySet):
    municipality_lookup = "notice__municipality"


class Lot(models.Model):
    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="lots"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    estimated_value = models.DecimalField(
        _("estimated value (DKK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    categories = models.ManyToManyField(
        ServiceCategory, verbose_name=_("service categories"), blank=True, related_name="lots"
    )
    cpv_codes = models.ManyToManyField(CpvCode, verbose_name=_("CPV codes"), blank=True, related_name="lots")
    reserved_participation = models.CharField(
        _("reserved participation"),
        max_length=12,
        choices=ReservedParticipation.choices,
        blank=True,
        help_text=_("eForms BT-71."),
    )
    reserved_execution = models.BooleanField(_("reserved execution"), default=False)
    social_clauses = models.TextField(_("social clauses"), blank=True)

    objects = LotQuerySet.as_manager()

    class Meta:
        ordering = ["notice", "number"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.UniqueConstraint(fields=["notice", "number"], name="procurement_lot_number_unique"),
            models.CheckConstraint(
                condition=Q(estimated_value__isnull=True) | Q(estimated_value__gte=0),
                name="procurement_lot_value_not_negative",
            ),
        ]

    def __str__(self):
        return _("Lot %(number)s: %(title)s") % {"number": self.number, "title": self.title}


class RelatedQuerySet(MunicipalityQuerySet):
    municipality_lookup = "notice__municipality"


def get_private_storage():
    # The migrations name this function; the storage is kit.uploads's "private" alias.
    return uploads.get_private_storage()


def document_path(document, filename):
    # A random name: the uploaded file's own name is kept in `name` and never reaches the disk.
    return f"notices/{document.notice.municipality_id}/{document.notice_id}/{document.key}"


class NoticeDocument(models.Model):
    """A tender document: a file kept here (served only while the notice is public) or a link."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    key = models.CharField(max_length=64, unique=True, editable=False)
    file = models.FileField(
        _("file"), storage=get_private_storage, upload_to=document_path, max_length=200, blank=True
    )
    name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    content_type = models.CharField(_("type"), max_length=100, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size"), null=True, blank=True, editable=False)
    url = models.URLField(_("link"), blank=True, help_text=_("Instead of a file: where the document is."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RelatedQuerySet.as_manager()

    class Meta:
        ordering = ["notice", "position", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="procurement_noticedocument_file_or_link",
            ),
        ]

    def __str__(self):
        return self.title


class NoticeChange(models.Model):
    """What happened to a notice that its followers hear about: it was published, or a published
    notice was corrected (a new deadline). The row is the cause an alert's dedupe key names."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Published")
        CORRECTED = "corrected", _("Corrected")
        AWARDED = "awarded", _("Awarded")
        CANCELLED = "cancelled", _("Cancelled")

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    fields = models.JSONField(_("fields changed"), default=list, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    alerts_queued_at = models.DateTimeField(_("alerts queued"), null=True, blank=True)

    objects = RelatedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notice change")
        verbose_name_plural = _("notice changes")
        indexes = [
            # The alert run: changes whose alerts are not queued yet.
            models.Index(fields=["alerts_queued_at", "created_at"], name="procurement_change_pending"),
        ]

    def __str__(self):
        return f"{self.notice}: {self.get_kind_display()}"


class InterestQuerySet(MunicipalityQuerySet):
    municipality_lookup = "notice__municipality"


class Interest(models.Model):
    """An enterprise's interest in a notice or one of its lots, marked by its representative."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="interests"
    )
    lot = models.ForeignKey(
        Lot, verbose_name=_("lot"), on_delete=models.CASCADE, null=True, blank=True, related_name="interests"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="interests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="procurement_interests",
    )
    message = models.TextField(_("message"), blank=True, validators=[MaxLengthValidator(1000)])
    share_profile = models.BooleanField(
        _("shares its profile with the buyer"),
        default=False,
        help_text=_(
            "The representative agreed that the buyer may see the registry profile and contact details."
        ),
    )
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    created_at = models.DateTimeField(_("marked"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminded of the deadline"), null=True, blank=True)

    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["notice", "lot__number", "created_at"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            # Marked twice by the same enterprise is one interest, for the notice or for a lot.
            models.UniqueConstraint(
                fields=["notice", "enterprise"],
                condition=Q(lot__isnull=True),
                name="procurement_interest_once_per_notice",
            ),
            models.UniqueConstraint(fields=["lot", "enterprise"], name="procurement_interest_once_per_lot"),
        ]

    def __str__(self):
        return f"{self.enterprise} → {self.lot or self.notice}"


class Subscription(models.Model):
    """What an enterprise wants to hear about. Without a row an enterprise follows the service
    categories it offers in the registry, in every municipality, so that alerts come from day one;
    a representative who adjusts it gets a row."""

    enterprise = models.OneToOneField(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="subscription"
    )
    follows_services = models.BooleanField(
        _("follows the services it offers"),
        default=True,
        help_text=_("Also the categories of the registry profile, as they change."),
    )
    categories = models.ManyToManyField(
        ServiceCategory, verbose_name=_("also these categories"), blank=True, related_name="+"
    )
    cpv_codes = models.ManyToManyField(
        CpvCode,
        verbose_name=_("CPV codes"),
        blank=True,
        related_name="+",
        help_text=_("A code matches its sub-codes."),
    )
    kinds = models.JSONField(_("kinds"), default=list, blank=True, help_text=_("Empty: every kind."))
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities"),
        blank=True,
        related_name="+",
        help_text=_("Empty: all."),
    )
    paused = models.BooleanField(_("paused"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self):
        return str(self.enterprise)


class Award(models.Model):
    """Who won a notice, or one of its lots, for how much and when."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="awards"
    )
    lot = models.ForeignKey(
        Lot, verbose_name=_("lot"), on_delete=models.CASCADE, null=True, blank=True, related_name="awards"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise in the registry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="awards",
    )
    winner_name = models.CharField(_("winner"), max_length=200)
    winner_cvr = models.CharField(_("winner's CVR number"), max_length=8, blank=True)
    value = models.DecimalField(
        _("contract value (DKK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    awarded_on = models.DateField(_("awarded"))

    objects = RelatedQuerySet.as_manager()

    class Meta:
        ordering = ["notice", "lot__number", "awarded_on"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(
                fields=["notice"], condition=Q(lot__isnull=True), name="procurement_award_once_per_notice"
            ),
            models.UniqueConstraint(fields=["lot"], name="procurement_award_once_per_lot"),
        ]

    def __str__(self):
        return f"{self.winner_name} ({self.lot or self.notice})"


class ClauseFollowUp(models.Model):
    """What a social clause promised and what came of it: reported (by staff or the winner's
    representative) and confirmed by staff before it is shown on the notice."""

    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    period_end = models.DateField(_("period up to"))
    promised = models.TextField(_("what the clause promised"))
    positions_promised = models.PositiveSmallIntegerField(_("positions promised"), null=True, blank=True)
    positions_filled = models.PositiveSmallIntegerField(_("positions filled"), null=True, blank=True)
    report = models.TextField(_("what was done"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class FollowUpQuerySet(MunicipalityQuerySet):
        municipality_lookup = "award__notice__municipality"

        def confirmed(self):
            return self.filter(confirmed_at__isnull=False)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["award", "period_end"]
        verbose_name = _("follow-up of a social clause")
        verbose_name_plural = _("follow-ups of social clauses")

    def __str__(self):
        return f"{self.award}: {self.period_end}"
