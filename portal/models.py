from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kit.scoping import MunicipalityQuerySet
from outbox.models import EmailFrequency
from portal import hours

#: Official names that are not "<name> Kommune" (the genitive of the capital's municipality).
OFFICIAL_NAMES = {"København": "Københavns Kommune"}


def default_official_name(name):
    return OFFICIAL_NAMES.get(name, f"{name} Kommune")


class MunicipalitySelfQuerySet(MunicipalityQuerySet):
    municipality_lookup = "pk"


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("The short name, e.g. Lejre."))
    official_name = models.CharField(
        _("official name"),
        max_length=100,
        blank=True,
        help_text=_(
            "The name the municipality signs with, e.g. Københavns Kommune. "
            "Leave empty for the name followed by “Kommune”."
        ),
    )
    code = models.CharField(
        _("municipality code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", _("A municipality code is exactly three digits, e.g. 265."))],
        help_text=_("The three-digit kommunekode, e.g. 265 for Roskilde."),
    )
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Used in the web address, e.g. /kommuner/roskilde/.")
    )
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("What the municipality offers social-economy enterprises.")
    )
    intro_en = models.TextField(_("introduction in English"), blank=True)
    # The data controller's details for the privacy notice at the intake and the privacy page.
    controller_address = models.TextField(
        _("data controller's address"),
        blank=True,
        help_text=_("Where to write about personal data. Leave empty to use the address above."),
    )
    dpo_name = models.CharField(
        _("data protection officer"), max_length=100, blank=True, help_text=_("The name of the DPO.")
    )
    dpo_email = models.EmailField(_("data protection officer's email"), blank=True)
    privacy_text = models.TextField(
        _("more about privacy"),
        blank=True,
        help_text=_("Shown at the end of the municipality's privacy page. Markdown, as the guides."),
    )
    accessibility_statement_url = models.URLField(
        _("accessibility statement"),
        blank=True,
        help_text=_(
            "The address of the municipality's accessibility statement for this portal. "
            "Leave empty to link the portal's own statement."
        ),
    )

    objects = MunicipalitySelfQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{3}$"), name="portal_municipality_code_three_digits"
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("municipality", args=[self.slug])

    @property
    def full_name(self):
        """How a municipality is named to the public: "Lejre Kommune", never "Lejre"."""
        return self.official_name or default_official_name(self.name)

    @property
    def controller_postal_address(self):
        return self.controller_address or self.address

    def get_privacy_url(self):
        return reverse("municipality_privacy", args=[self.slug])

    def get_accessibility_statement_url(self):
        return self.accessibility_statement_url or reverse("accessibility")

    def get_map_url(self):
        """An ordinary link to the address on OpenStreetMap: nothing is loaded from the map's host."""
        if not self.address:
            return ""
        query = " ".join(self.address.split())
        return f"https://www.openstreetmap.org/search?{urlencode({'query': query})}"

    @property
    def localized_intro(self):
        return self.intro_en if get_language() == "en" and self.intro_en else self.intro

    def closed_dates(self):
        """Extra closed days and their reasons; reads the prefetched `closed_days`."""
        return {day.date: day.reason for day in self.closed_days.all()}

    def schedule(self, kind):
        """The weekly schedule of one kind; reads the prefetched `opening_hours`."""
        ranges = [(oh.weekday, oh.opens, oh.closes) for oh in self.opening_hours.all() if oh.kind == kind]
        return hours.Schedule(ranges, closed_dates=self.closed_dates())

    def visit_schedule(self):
        return self.schedule(OpeningHours.Kind.VISIT)

    def phone_schedule(self):
        return self.schedule(OpeningHours.Kind.PHONE)

    def upcoming_closures(self):
        """The coming closed days of the visit and the phone hours together, each day once."""
        return hours.upcoming_closures([self.visit_schedule(), self.phone_schedule()])


class User(AbstractUser):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_(
            "Staff see and edit only this municipality's data. Leave empty for enterprise "
            "representatives and superusers."
        ),
    )

    EmailFrequency = EmailFrequency  # the outbox's choices: User.EmailFrequency.DAILY

    email_frequency = models.CharField(
        _("news by email"),
        max_length=12,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATELY,
        help_text=_("For non-urgent mail such as alerts and reminders. Receipts are always sent."),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True, editable=False)

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        constraints = [
            # Sign-up and log-in by email need one account per address, whatever its case.
            models.UniqueConstraint(
                Lower("email"), name="portal_user_email_unique", condition=~models.Q(email="")
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username


class OpeningHours(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", _("Opening hours")
        PHONE = "phone", _("Phone hours")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="opening_hours"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["municipality", "kind", "weekday", "opens"]
        verbose_name = _("time range")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="portal_openinghours_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="portal_openinghours_weekday_valid"
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_kind_display()}: {self.get_weekday_display()} {self.opens:%H.%M}–{self.closes:%H.%M}"
        )

    def clean(self):
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": _("The closing time must be after the opening time.")})


class ClosedDay(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="closed_days"
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=100, blank=True, help_text=_("E.g. Constitution Day."))

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "date"], name="portal_closedday_unique_per_municipality"
            ),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.reason}".strip()


class ContactPersonQuerySet(MunicipalityQuerySet):
    def public(self):
        return self.filter(is_public=True)


class ContactPerson(models.Model):
    class Area(models.TextChoices):
        STARTUP = "startup", _("Startup help")
        JOBCENTER = "jobcenter", _("Jobcentre")
        BUSINESS = "business", _("Business service")
        PROCUREMENT = "procurement", _("Procurement")
        PARTNERSHIP = "partnership", _("Partnerships")
        FUNDING = "funding", _("Funding and pools")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="contact_persons"
    )
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    areas = models.JSONField(
        _("areas"), default=list, blank=True, help_text=_("What the person can help with.")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_public = models.BooleanField(
        _("shown publicly"), default=True, help_text=_("Shown on the municipality's public page.")
    )
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Demo data: shown with an 'example' label.")
    )
    user = models.OneToOneField(
        User,
        verbose_name=_("staff user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_person",
        help_text=_("The staff account of this person, if they have one."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        ordering = ["municipality", "position", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self):
        return f"{self.name} ({self.municipality})"

    def clean(self):
        unknown = set(self.areas or []) - set(self.Area.values)
        if unknown:
            raise ValidationError(
                {"areas": _("Unknown area: %(areas)s") % {"areas": ", ".join(sorted(unknown))}}
            )
        if self.user_id and self.municipality_id and self.user.municipality_id != self.municipality_id:
            raise ValidationError({"user": _("The staff user must belong to the same municipality.")})

    def area_labels(self):
        labels = dict(self.Area.choices)
        return [labels[area] for area in self.areas if area in labels]


GUIDE_TOPIC_ORDER = ["start", "funding", "partnership", "rsv"]
#: Which contact persons a guide's reader is sent to, by the guide's topic.
GUIDE_TOPIC_AREAS = {
    "start": ["startup"],
    "funding": ["funding"],
    "partnership": ["partnership"],
    "rsv": ["startup", "business"],
}


class GuideQuerySet(MunicipalityQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_public_municipality(self, municipality):
        """National guides and the municipality's own."""
        return self.published().filter(
            models.Q(municipality__isnull=True) | models.Q(municipality=municipality)
        )

    def national(self):
        return self.published().filter(municipality__isnull=True)


class Guide(models.Model):
    class Topic(models.TextChoices):
        START = "start", _("Starting a social-economy enterprise")
        FUNDING = "funding", _("Funding")
        PARTNERSHIP = "partnership", _("Partnership with the municipality")
        RSV = "rsv", _("Registration as RSV")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guides",
        help_text=_("Leave empty for a national guide shown for every municipality."),
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Used in the web address, e.g. /vejledning/finansiering/.")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(
        _("text"), help_text=_("Markdown. Links and headings are kept; scripts are removed.")
    )
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    summary_en = models.CharField(_("summary in English"), max_length=300, blank=True)
    body_en = models.TextField(_("text in English"), blank=True, help_text=_("Markdown, as the Danish text."))
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GuideQuerySet.as_manager()

    class Meta:
        # The order a newcomer needs them in: start, funding, partnership, registration.
        ordering = [
            models.Case(
                *[
                    models.When(topic=topic, then=position)
                    for position, topic in enumerate(GUIDE_TOPIC_ORDER)
                ],
                default=len(GUIDE_TOPIC_ORDER),
            ),
            "title",
        ]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guide", args=[self.slug])

    def contact_persons(self, municipality):
        """`municipality`'s public contact persons who help with what the guide is about, or all of
        its public contact persons when none does."""
        people = list(ContactPerson.objects.public().filter(municipality=municipality))
        areas = set(GUIDE_TOPIC_AREAS.get(self.topic, ()))
        return [person for person in people if areas & set(person.areas)] or people

    def url_for(self, municipality):
        """The guide as read from `municipality`'s page: its breadcrumb and way forward are that
        municipality's."""
        return reverse("municipality_guide", args=[municipality.slug, self.slug])

    def _localized(self, field):
        english = getattr(self, f"{field}_en")
        return english if get_language() == "en" and english else getattr(self, field)

    @property
    def localized_title(self):
        return self._localized("title")

    @property
    def localized_summary(self):
        return self._localized("summary")

    @property
    def localized_body(self):
        return self._localized("body")
