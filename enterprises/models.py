from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kit.review import Reviewable, ReviewableQuerySet
from kit.scoping import MunicipalityQuerySet
from portal.models import Municipality

# The five criteria of a Registered Social-Economy Enterprise (lov om registrerede
# socialøkonomiske virksomheder), as a checklist on every profile.
RSV_CRITERIA = [
    ("criterion_social_purpose", _("Social purpose")),
    ("criterion_substantial_trading", _("Substantial trading")),
    ("criterion_independent", _("Independent of the public sector")),
    ("criterion_inclusive_governance", _("Inclusive and responsible governance")),
    ("criterion_social_profit", _("Social handling of profit")),
]

# Seed 004: an "other actor" lives mostly off selling employment services to municipalities.
OTHER_ACTOR_SHARE = 50

#: Fields whose change on a published profile waits for review (issue: CVR and the inputs of
#: the classification); every other field goes live at once.
REVIEWED_FIELDS = [
    "cvr",
    "home_municipality",  # it decides who reviews
    "rsv_registered",
    "rsv_verified_on",
    *[name for name, _label in RSV_CRITERIA],
    "employment_services_share",
]


#: The text search configuration: PostgreSQL's "danish" with `unaccent` before the stemmer
#: (migration 0006), so "cafe" and "café" are the same word.
SEARCH_CONFIG = "danish_unaccent"


class OnPostgres(models.Func):
    """Its expression on PostgreSQL, NULL on other databases: the stored search vector is
    PostgreSQL's alone (SQLite's fallback search reads the text itself, see enterprises.search)."""

    template = "%(expressions)s"

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            return "NULL", []
        return super().as_sql(compiler, connection, **extra_context)


class Vocabulary(models.Model):
    """A term of a shared vocabulary, in Danish and English, used across the apps."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self):
        return self.name_en if get_language() == "en" and self.name_en else self.name


class ServiceCategory(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")


class TargetGroup(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class EnterpriseQuerySet(ReviewableQuerySet, MunicipalityQuerySet):
    municipality_lookup = "home_municipality"

    def represented_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(representatives=user)


class Enterprise(Reviewable):
    """A profile in the registry. Its status and the record of the last review decision come from
    `Reviewable`: the first publication waits for the home municipality, and so do later changes
    to the CVR number and the classification inputs (`pending_changes`, the held changes)."""

    class Classification(models.TextChoices):
        SOCIAL_ECONOMY = "social_economy", _("Social-economy enterprise")
        OTHER_ACTOR = "other_actor", _("Other actor")
        NOT_ASSESSED = "not_assessed", _("Not assessed")

    class LegalForm(models.TextChoices):
        APS = "aps", _("Private limited company (ApS)")
        AS = "as", _("Public limited company (A/S)")
        ASSOCIATION = "association", _("Association (forening)")
        FOUNDATION = "foundation", _("Commercial foundation (erhvervsdrivende fond)")
        SELF_GOVERNING = "self_governing", _("Self-governing institution")
        COOPERATIVE = "cooperative", _("Cooperative (a.m.b.a.)")
        SOLE_PROPRIETOR = "sole_proprietor", _("Sole proprietorship")
        PARTNERSHIP = "partnership", _("Partnership (I/S)")
        OTHER = "other", _("Other")

    class Sector(models.TextChoices):
        FOOD = "food", _("Food, catering and café")
        SERVICES = "services", _("Business services")
        IT = "it", _("IT and digital")
        MANUFACTURING = "manufacturing", _("Production and crafts")
        RETAIL = "retail", _("Retail and grocery")
        TOURISM = "tourism", _("Hotel and tourism")
        GREEN = "green", _("Green maintenance and recycling")
        CARE = "care", _("Care, health and employment")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    cvr = models.CharField(_("CVR number"), max_length=8, unique=True, help_text=_("Eight digits."))
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices, blank=True)
    home_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("home municipality"),
        on_delete=models.PROTECT,
        related_name="enterprises",
        help_text=_("Its contact persons review the profile."),
    )
    serves = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities served"), blank=True, related_name="served_by"
    )
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    summary = models.CharField(_("short summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    social_purpose = models.TextField(_("social purpose"), blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    services = models.ManyToManyField(
        ServiceCategory, verbose_name=_("services offered"), blank=True, related_name="enterprises"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups employed"), blank=True, related_name="enterprises"
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    positions_flexjob = models.PositiveIntegerField(_("flex jobs"), default=0)
    positions_wage_subsidy = models.PositiveIntegerField(_("jobs with wage subsidy"), default=0)
    positions_small_jobs = models.PositiveIntegerField(_("small jobs and hours"), default=0)
    positions_ordinary_hire = models.PositiveIntegerField(
        _("ordinary hires of previously unemployed"), default=0
    )
    logo = models.ImageField(_("logo"), upload_to="enterprises/logos/", blank=True)

    rsv_registered = models.BooleanField(_("registered as RSV"), default=False)
    rsv_verified_on = models.DateField(
        _("RSV status verified"),
        null=True,
        blank=True,
        help_text=_("When the RSV registration was last checked."),
    )
    criterion_social_purpose = models.BooleanField(_("social purpose"), default=False)
    criterion_substantial_trading = models.BooleanField(_("substantial trading"), default=False)
    criterion_independent = models.BooleanField(_("independent of the public sector"), default=False)
    criterion_inclusive_governance = models.BooleanField(
        _("inclusive and responsible governance"), default=False
    )
    criterion_social_profit = models.BooleanField(_("social handling of profit"), default=False)
    employment_services_share = models.PositiveSmallIntegerField(
        _("share of revenue from employment services"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Per cent of revenue from selling employment services to the public sector."),
    )
    classification = models.CharField(
        _("classification"),
        max_length=20,
        choices=Classification.choices,
        default=Classification.NOT_ASSESSED,
    )
    classification_reason = models.TextField(_("reason for the classification"), blank=True)
    classification_override = models.CharField(
        _("classification set by staff"), max_length=20, choices=Classification.choices, blank=True
    )
    classification_override_reason = models.TextField(_("why staff set it"), blank=True)

    pending_changes = models.JSONField(
        _("changes waiting for review"),
        default=dict,
        blank=True,
        help_text=_("Changes to the CVR number or the classification inputs of a published profile."),
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("representatives"), blank=True, related_name="enterprises"
    )
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Demo data, shown as an example.")
    )
    search_document = models.TextField(editable=False, blank=True)
    # The directory's full-text search and its ranking read this (GIN index
    # enterprises_search_vector, migration 0007): the name counts most, then the summary, then
    # the rest of the profile (search_document, see services.refresh). Stored, so no search
    # analyses a profile's text again; PostgreSQL recomputes it whenever the columns change.
    search_vector = models.GeneratedField(
        expression=OnPostgres(
            SearchVector("name", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
            + SearchVector("search_document", weight="C", config=SEARCH_CONFIG),
            output_field=SearchVectorField(),
        ),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cvr__regex=r"^[0-9]{8}$"), name="enterprises_enterprise_cvr_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(employment_services_share__lte=100),
                name="enterprises_enterprise_share_at_most_100",
            ),
        ]
        indexes = [
            # The public directory: published profiles of a municipality, by name.
            models.Index(fields=["status", "home_municipality", "name"], name="enterprises_status_home"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("enterprise", args=[self.slug])

    # --- Held changes (see kit.review) ---

    def has_held_changes(self):
        return bool(self.pending_changes)

    def apply_held_changes(self):
        for name, value in self.pending_changes.items():
            setattr(self, name, value)
        return self.discard_held_changes()

    def discard_held_changes(self):
        names = sorted(self.pending_changes)
        self.pending_changes = {}
        return names

    def criteria(self):
        return [(label, getattr(self, name)) for name, label in RSV_CRITERIA]

    def derive_classification(self):
        """The classification and its reason, from the inputs (or the staff's override)."""
        if self.classification_override:
            return self.classification_override, str(_("Set by the municipality: %(reason)s")) % {
                "reason": self.classification_override_reason
            }
        share = self.employment_services_share
        if share is not None and share > OTHER_ACTOR_SHARE:
            return self.Classification.OTHER_ACTOR, str(
                _("%(share)s %% of the revenue comes from selling employment services to the public sector.")
            ) % {"share": share}
        if self.rsv_registered:
            return self.Classification.SOCIAL_ECONOMY, str(
                _("Registered as a social-economy enterprise (RSV).")
            )
        if all(met for _label, met in self.criteria()) and share is not None:
            return self.Classification.SOCIAL_ECONOMY, str(
                _("Meets the five criteria and trades mainly on a market.")
            )
        return self.Classification.NOT_ASSESSED, str(_("Not enough information to assess the enterprise."))

    @property
    def classification_explanation(self):
        """The reason for the classification in the active language (the stored one is Danish)."""
        return self.derive_classification()[1]

    def positions_on_special_terms(self):
        return (
            self.positions_flexjob
            + self.positions_wage_subsidy
            + self.positions_small_jobs
            + self.positions_ordinary_hire
        )


class EnterprisePhoto(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="enterprises/photos/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption or self.image.name


class SuccessStoryQuerySet(ReviewableQuerySet, MunicipalityQuerySet):
    municipality_lookup = "enterprise__home_municipality"

    def published(self):
        """Published stories of published enterprises: a hidden profile takes its stories along."""
        return super().published().filter(enterprise__status=Enterprise.Status.PUBLISHED)


class SuccessStory(Reviewable):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="stories")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    photo = models.ImageField(_("photo"), upload_to="enterprises/stories/", blank=True)
    date = models.DateField(_("date"))
    # A story is written to be reviewed: it waits for review from the start, also one staff add.
    status = models.CharField(
        _("status"), max_length=10, choices=Reviewable.Status.choices, default=Reviewable.Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SuccessStoryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")

    def __str__(self):
        return self.title


class EnterpriseChangeQuerySet(MunicipalityQuerySet):
    municipality_lookup = "enterprise__home_municipality"

    def open_claims(self):
        """Requests to represent an enterprise that nobody has decided on: the claimant is not a
        representative yet, and no refusal came after the request. `user` is the claimant."""
        representative = Enterprise.representatives.through.objects.filter(
            enterprise_id=OuterRef("enterprise_id"), user_id=OuterRef("user_id")
        )
        refused_since = EnterpriseChange.objects.filter(
            enterprise_id=OuterRef("enterprise_id"),
            user_id=OuterRef("user_id"),
            kind=EnterpriseChange.Kind.CLAIM_REFUSED,
            pk__gt=OuterRef("pk"),
        )
        return (
            self.filter(kind=EnterpriseChange.Kind.CLAIMED, user__isnull=False)
            .exclude(Exists(representative))
            .exclude(Exists(refused_since))
        )


class EnterpriseChange(models.Model):
    """Who changed what on a profile, and when: the record the issue asks of live edits."""

    class Kind(models.TextChoices):
        EDIT = "edit", _("Edited")
        SUBMITTED = "submitted", _("Sent for review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        HIDDEN = "hidden", _("Hidden")
        CLAIMED = "claimed", _("Claimed")
        CLAIM_REFUSED = "claim_refused", _("Claim refused")
        RECLASSIFIED = "reclassified", _("Classification set by staff")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = EnterpriseChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self):
        return f"{self.get_kind_display()} {self.enterprise}"
