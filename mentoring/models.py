"""Mentor offers from established companies, requests from social entrepreneurs, and the matches
between them, from a proposal to a completed match with feedback from both sides.

Seed 002 proposes the scheme: established companies support social entrepreneurs, as Restaurant
Mumm mentored INSP! Mad on kitchen routines, menu, kitchen management and business area, for
example under erhvervsFORUM. Contact persons broker the matches.

- A `MentorOffer` is a mentor (a person with an account, and their company) offering some
  expertise areas to some sectors in some municipalities, to `capacity` mentees at a time. It is
  reviewed (`Reviewable`) by the municipality it was sent to before the public sees it.
- A `MentorRequest` comes from an enterprise's representative, or from a contact person on behalf
  of the entrepreneur behind a counselling case (then linked to the case).
- A `Match` joins a request to an offer and moves along MATCH_TRANSITIONS; each step is an
  event on its timeline (`MatchEvent`) and a mail through the outbox. Accepted and active matches
  hold one of the offer's places.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from counselling.models import Case
from enterprises.models import Enterprise, Vocabulary
from kit.review import Reviewable, ReviewableQuerySet
from kit.scoping import MunicipalityQuerySet
from kit.transitions import Transitions
from portal.models import Municipality

#: The sectors an offer serves and a request is in: the registry's own.
Sector = Enterprise.Sector


class ExpertiseArea(Vocabulary):
    """What a mentor knows and a mentee needs: management, kitchen and production routines, …
    (the vocabulary migration 0002 loads)."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("expertise area")
        verbose_name_plural = _("expertise areas")


class Format(models.TextChoices):
    MEETINGS = "meetings", _("Meetings")
    PHONE = "phone", _("Phone and video")
    ON_SITE = "on_site", _("On site at the enterprise")


# --- Offers ------------------------------------------------------------------------------------


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    NEEDS_INFO = "needs_info", _("Needs more information")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Lapsed (no answer)")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


M = MatchStatus

#: A proposal waits for the mentor: accepted, declined (with a reason), or a question back to the
#: mentee (needs more information, which the mentee's answer turns into a proposal again). Ten
#: working days without an answer and it lapses. An accepted match starts (active) and ends
#: completed, or is cancelled (with a reason) at any point before it ends.
MATCH_TRANSITIONS = Transitions(
    MatchStatus,
    {
        M.PROPOSED: {M.ACCEPTED, M.DECLINED, M.NEEDS_INFO, M.LAPSED, M.CANCELLED},
        M.NEEDS_INFO: {M.PROPOSED, M.LAPSED, M.CANCELLED},
        M.ACCEPTED: {M.ACTIVE, M.CANCELLED},
        M.ACTIVE: {M.COMPLETED, M.CANCELLED},
    },
)

#: The statuses in which a match is still going on: one such match per mentor and request.
OPEN_STATUSES = (M.PROPOSED, M.NEEDS_INFO, M.ACCEPTED, M.ACTIVE)
#: The statuses that hold one of the offer's places.
HOLDING_STATUSES = (M.ACCEPTED, M.ACTIVE)
#: The statuses that wait for the mentor's answer.
WAITING_STATUSES = (M.PROPOSED,)


class MentorOfferQuerySet(ReviewableQuerySet, MunicipalityQuerySet):
    def by_mentor(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(mentor=user)

    def available(self, today=None):
        """Published offers whose mentor takes mentees now: not paused, or paused until a day
        that has come."""
        today = today or timezone.localdate()
        return self.published().filter(Q(paused=False) | Q(paused_until__lte=today))

    def with_places(self):
        """Each offer with `places_taken` (its accepted and active matches) and `places_free`."""
        return self.annotate(
            places_taken=Count("matches", filter=Q(matches__status__in=HOLDING_STATUSES), distinct=True)
        ).annotate(places_free=models.F("capacity") - models.F("places_taken"))


class MentorOffer(Reviewable):
    """A mentor's offer: who, which company, what they know, to whom, how many at a time."""

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="mentor_offers",
        help_text=_("The mentor's own account: they answer proposals and keep the offer."),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("reviewing municipality"),
        on_delete=models.PROTECT,
        related_name="mentor_offers",
        help_text=_("The municipality whose staff review the offer and broker its matches."),
    )
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    mentor_name = models.CharField(_("mentor's name"), max_length=200)
    mentor_title = models.CharField(_("job title"), max_length=200, blank=True)
    company = models.CharField(_("company"), max_length=200)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise in the registry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_offers",
        help_text=_("When the mentor's company has a profile in the registry."),
    )
    headline = models.CharField(
        _("headline"), max_length=200, help_text=_("One line on what the mentor offers.")
    )
    description = models.TextField(_("description"))
    expertise = models.ManyToManyField(
        ExpertiseArea, verbose_name=_("expertise areas"), related_name="offers"
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities"),
        related_name="mentor_offers_served",
        help_text=_("Where the mentor takes mentees."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("mentees at a time"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    format_meetings = models.BooleanField(_("meetings"), default=True)
    format_phone = models.BooleanField(_("phone and video"), default=False)
    format_on_site = models.BooleanField(_("on site at the enterprise"), default=False)
    duration_months = models.PositiveSmallIntegerField(
        _("typical duration (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_("After this long both sides are asked how it went."),
    )
    paused = models.BooleanField(
        _("paused"), default=False, help_text=_("A paused mentor is not suggested and takes no proposals.")
    )
    paused_until = models.DateField(
        _("back on"), null=True, blank=True, help_text=_("When a paused mentor takes mentees again.")
    )
    last_active_at = models.DateTimeField(
        _("last active"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the mentor last changed the offer or answered a match."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MentorOfferQuerySet.as_manager()

    class Meta:
        ordering = ["mentor_name"]
        verbose_name = _("mentor offer")
        verbose_name_plural = _("mentor offers")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="mentoring_mentoroffer_capacity_positive"
            ),
        ]
        indexes = [
            # The public list and the suggestions: published offers, paused or not.
            models.Index(fields=["status", "paused"], name="mentoring_offer_listed"),
        ]

    def __str__(self):
        return f"{self.mentor_name}, {self.company}"

    def get_absolute_url(self):
        return reverse("mentoring:offer", kwargs={"slug": self.slug})

    def is_available(self, today=None):
        today = today or timezone.localdate()
        return not self.paused or (self.paused_until is not None and self.paused_until <= today)

    def formats(self):
        """The formats the mentor works in, as Format members."""
        chosen = {
            Format.MEETINGS: self.format_meetings,
            Format.PHONE: self.format_phone,
            Format.ON_SITE: self.format_on_site,
        }
        return [member for member, on in chosen.items() if on]

    def places_taken_now(self):
        return self.matches.filter(status__in=HOLDING_STATUSES).count()


class OfferSector(models.Model):
    """A sector an offer serves (one row each, so that lists filter and rank on it in SQL)."""

    offer = models.ForeignKey(MentorOffer, on_delete=models.CASCADE, related_name="sectors")
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)

    class Meta:
        ordering = ["sector"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [
            models.UniqueConstraint(fields=["offer", "sector"], name="mentoring_offersector_unique"),
        ]

    def __str__(self):
        return self.get_sector_display()


# --- Requests ----------------------------------------------------------------------------------


class MentorRequestQuerySet(MunicipalityQuerySet):
    def waiting(self):
        """Requests with no match going on: what contact persons still have to match."""
        return self.filter(status=MentorRequest.Status.OPEN).exclude(matches__status__in=OPEN_STATUSES)

    def of_mentee(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(mentee_user=user)


def _token():
    return secrets.token_urlsafe(32)


class MentorRequest(models.Model):
    """An entrepreneur's wish for a mentor: what they need, what they want to reach."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="mentor_requests"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    mentee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentee's account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_requests",
    )
    mentee_name = models.CharField(_("mentee's name"), max_length=200)
    mentee_email = models.EmailField(_("mentee's email"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="da")
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_requests",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("counselling case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_requests",
        help_text=_("The case the request was made from."),
    )
    wanted_offer = models.ForeignKey(
        MentorOffer,
        verbose_name=_("mentor asked for"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests_for",
        help_text=_("When the mentee asked for this mentor."),
    )
    needs = models.ManyToManyField(ExpertiseArea, verbose_name=_("needs"), related_name="requests")
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    goals = models.TextField(_("goals"), help_text=_("What the mentee wants to reach with a mentor."))
    description = models.TextField(_("description"), blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The member of staff who brokers the match and is told when it stalls."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    access_token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MentorRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mentor request")
        verbose_name_plural = _("mentor requests")
        indexes = [
            # The admin's "waiting for a match" list of one municipality.
            models.Index(fields=["municipality", "status", "created_at"], name="mentoring_request_queue"),
        ]

    def __str__(self):
        if self.enterprise_id:
            return f"{self.mentee_name} ({self.enterprise.name})"
        return self.mentee_name


# --- Matches -----------------------------------------------------------------------------------


class MatchQuerySet(MunicipalityQuerySet):
    municipality_lookup = "request__municipality"

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def waiting_for_mentor(self):
        return self.filter(status__in=WAITING_STATUSES)

    def overdue_condition(self, today=None):
        """Waiting for the mentor past the answer's due date, as a Q (`Match.is_overdue` in SQL)."""
        return Q(status__in=WAITING_STATUSES, answer_due__lt=today or timezone.localdate())

    def overdue(self, today=None):
        return self.filter(self.overdue_condition(today))

    def of_mentor(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(offer__mentor=user)

    def of_mentee(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(request__mentee_user=user)


class Match(models.Model):
    """A request joined to an offer, along MATCH_TRANSITIONS."""

    Status = MatchStatus

    class Origin(models.TextChoices):
        STAFF = "staff", _("Proposed by a contact person")
        MENTEE = "mentee", _("Asked for by the mentee")

    request = models.ForeignKey(
        MentorRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="matches"
    )
    offer = models.ForeignKey(
        MentorOffer, verbose_name=_("mentor offer"), on_delete=models.PROTECT, related_name="matches"
    )
    status = models.CharField(_("status"), max_length=12, choices=MatchStatus.choices, default=M.PROPOSED)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.STAFF)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(_("message to the mentor"), blank=True)
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the mentor declined, or why the match was cancelled.")
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    answer_due = models.DateField(
        _("answer due"), null=True, blank=True, help_text=_("Five working days after the proposal.")
    )
    lapses_on = models.DateField(
        _("lapses on"), null=True, blank=True, help_text=_("Ten working days after the proposal.")
    )
    reminded_at = models.DateTimeField(_("mentor reminded"), null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    check_in_due = models.DateField(
        _("check-in due"), null=True, blank=True, help_text=_("The typical duration after the start.")
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            # One match going on per mentor and request; a declined or ended one may be tried again.
            models.UniqueConstraint(
                fields=["request", "offer"],
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
                name="mentoring_match_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(status__in=list(MatchStatus.values)), name="mentoring_match_status_valid"
            ),
        ]
        indexes = [
            # The reminder and lapse runs: proposals waiting for an answer, by due date.
            models.Index(fields=["status", "answer_due"], name="mentoring_match_waiting"),
            # The places an offer holds: its accepted and active matches.
            models.Index(fields=["offer", "status"], name="mentoring_match_places"),
        ]

    def __str__(self):
        return f"{self.request.mentee_name} ↔ {self.offer.mentor_name}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def next_statuses(self, user=None):
        return MATCH_TRANSITIONS.targets(self.status, user)

    def is_overdue(self, today=None):
        """Waiting for the mentor past the answer's due date."""
        today = today or timezone.localdate()
        return self.status in WAITING_STATUSES and self.answer_due is not None and self.answer_due < today


class Side(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    STAFF = "staff", _("Contact person")


class MatchRelatedQuerySet(MunicipalityQuerySet):
    municipality_lookup = "match__request__municipality"


class MatchEvent(models.Model):
    """One thing on a match's timeline: a status change, a question and its answer, a check-in's
    answer, a reported problem."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status changed")
        QUESTION = "question", _("Question to the mentee")
        ANSWER = "answer", _("The mentee's answer")
        REMINDER = "reminder", _("Mentor reminded")
        CHECK_IN = "check_in", _("Check-in sent")
        CHECK_IN_ANSWER = "check_in_answer", _("Check-in answered")
        STALLED = "stalled", _("Stalled")
        PROBLEM = "problem", _("Problem reported")
        NOTE = "note", _("Note")

    match = models.ForeignKey(Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    side = models.CharField(_("by"), max_length=10, choices=Side.choices, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(_("from"), max_length=12, choices=MatchStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=MatchStatus.choices, blank=True)
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    objects = MatchRelatedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("match event")
        verbose_name_plural = _("match events")

    def __str__(self):
        return self.get_kind_display()


class CheckIn(models.Model):
    """The question to both sides, after the typical duration, of how the match is going. When
    nobody has answered in 21 days the match is stalled and goes to the contact person's digest."""

    class Answer(models.TextChoices):
        GOING_WELL = "going_well", _("It is going well, we go on")
        COMPLETED = "completed", _("We have finished")
        PROBLEM = "problem", _("There is a problem")

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="check_ins"
    )
    due_on = models.DateField(_("due"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_side = models.CharField(_("answered by"), max_length=10, choices=Side.choices, blank=True)
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices, blank=True)
    stalled_at = models.DateTimeField(
        _("reported as stalled"), null=True, blank=True, help_text=_("When the contact person was told.")
    )

    objects = MatchRelatedQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["match", "due_on"], name="mentoring_checkin_once_per_due_date"),
        ]

    def __str__(self):
        return f"{self.match} · {self.due_on}"


class Feedback(models.Model):
    """One side's feedback on a completed match: a rating from 1 to 5 and a comment."""

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="feedback"
    )
    side = models.CharField(
        _("from"), max_length=10, choices=[(Side.MENTOR, Side.MENTOR.label), (Side.MENTEE, Side.MENTEE.label)]
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("1 to 5.")
    )
    comment = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("given"), default=timezone.now)

    objects = MatchRelatedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["match", "side"], name="mentoring_feedback_once_per_side"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="mentoring_feedback_rating_range"
            ),
        ]

    def __str__(self):
        return f"{self.get_side_display()}: {self.rating}/5"
