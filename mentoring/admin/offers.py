"""A municipality's mentor offers: places taken of the capacity, paused until, last active (the
later of the offer's activity and the mentor's last log-in), and the review as decisions: publish,
reject with a reason, hide, each mailed to the mentor through `mentoring.emails.offer_decision`."""

from django.contrib import admin
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from enterprises.admin import VocabularyAdmin
from kit import review
from kit.admin import MunicipalityScopedAdmin, ScopedInlineMixin
from kit.admin_review import ReviewAdminMixin, review_decisions
from mentoring import emails
from mentoring.matching import NEVER, last_active_expression
from mentoring.models import HOLDING_STATUSES, ExpertiseArea, Match, MentorOffer, OfferSector


def decide(offer, decision, *, by, note=""):
    """One review decision on `offer` and its mail to the mentor, in one transaction."""
    with transaction.atomic():
        done = getattr(review, decision)(
            offer, by=by, **({"note": note} if decision == "publish" else {"reason": note})
        )
        emails.offer_decision(done.obj, decision=done.after, note=note)
    return done


DECISIONS = review_decisions(
    publish=lambda offer, user, data: decide(offer, "publish", by=user, note=data["note"]),
    reject=lambda offer, user, data: decide(offer, "reject", by=user, note=data["reason"]),
    hide=lambda offer, user, data: decide(offer, "hide", by=user, note=data["reason"]),
)


def with_places_and_activity(queryset):
    """Each offer with `places_taken_n` and `last_active_n`, as subqueries (no grouping of the list)."""
    taken = Subquery(
        Match.objects.filter(offer=OuterRef("pk"), status__in=HOLDING_STATUSES)
        .order_by()
        .values("offer")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return queryset.annotate(
        places_taken_n=Coalesce(taken, Value(0), output_field=IntegerField()),
        last_active_n=last_active_expression(),
    )


def last_active_text(moment):
    if moment is None or moment <= NEVER:
        return gettext("Never")
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


class SectorInline(ScopedInlineMixin, admin.TabularInline):
    model = OfferSector
    extra = 0


class PausedFilter(admin.SimpleListFilter):
    title = _("availability")
    parameter_name = "available"

    def lookups(self, request, model_admin):
        return [("yes", _("Takes mentees now")), ("no", _("Paused"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=MentorOffer.objects.available().values("pk")).filter(
                status=MentorOffer.Status.PUBLISHED
            )
        if self.value() == "no":
            return queryset.exclude(pk__in=MentorOffer.objects.available().values("pk")).filter(paused=True)
        return queryset


#: The model's own words for "last active".
LAST_ACTIVE = MentorOffer._meta.get_field("last_active_at").verbose_name

WHO = ["mentor", "mentor_name", "mentor_title", "company", "enterprise", "municipality"]
WHAT = ["headline", "description", "expertise", "municipalities"]
HOW = ["capacity", "places_display", ("format_meetings", "format_phone", "format_on_site"), "duration_months"]
AVAILABILITY = [("paused", "paused_until"), "last_active_display"]
RECORD = ["slug", "created_at", "updated_at"]


@admin.register(MentorOffer)
class MentorOfferAdmin(ReviewAdminMixin, MunicipalityScopedAdmin):
    review_decisions = DECISIONS
    list_display = [
        "mentor_name",
        "company",
        "municipality",
        "status",
        "places_column",
        "paused_column",
        "last_active_column",
    ]
    list_filter = ["status", PausedFilter, "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["mentor_name", "company", "headline"]
    actions = ["publish", "publish_with_note", "reject_with_reason", "hide"]
    inlines = [SectorInline]
    filter_horizontal = ["expertise", "municipalities"]
    public_choices = ("municipalities",)
    raw_id_fields = ["mentor"]

    def get_queryset(self, request):
        return with_places_and_activity(super().get_queryset(request).select_related("mentor"))

    def has_add_permission(self, request, *args):
        # Mentors sign up with an account of their own (the account pages); the offer is theirs.
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (_("The mentor"), {"fields": WHO}),
            (_("The offer"), {"fields": WHAT}),
            (_("Places and format"), {"fields": HOW}),
            (_("Availability"), {"fields": AVAILABILITY}),
        ]
        if obj is not None:
            fieldsets = [
                (_("Review and publishing"), {"fields": self.review_fields}),
                *fieldsets,
                (_("Record"), {"fields": RECORD, "classes": ["collapse"]}),
            ]
        return self.without_municipality(request, fieldsets)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*self.review_fields, "places_display", "last_active_display", "created_at", "updated_at"]
        if obj is not None and not request.user.is_superuser:
            readonly += ["mentor", "slug"]  # the mentor's own account, and the public address
        return readonly

    @admin.display(description=_("places taken"), ordering="places_taken_n")
    def places_column(self, offer):
        return f"{offer.places_taken_n} / {offer.capacity}"

    @admin.display(description=_("places taken"))
    def places_display(self, offer):
        if offer is None or offer.pk is None:
            return "–"
        return gettext("%(taken)d of %(capacity)d taken by accepted and active matches") % {
            "taken": offer.places_taken_n,
            "capacity": offer.capacity,
        }

    @admin.display(description=_("paused until"), ordering="paused_until")
    def paused_column(self, offer):
        if not offer.paused:
            return "–"
        if offer.paused_until is None:
            return gettext("Paused")
        return date_format(offer.paused_until, "SHORT_DATE_FORMAT")

    @admin.display(description=LAST_ACTIVE, ordering="last_active_n")
    def last_active_column(self, offer):
        return last_active_text(offer.last_active_n)

    @admin.display(description=LAST_ACTIVE)
    def last_active_display(self, offer):
        if offer is None or offer.pk is None:
            return "–"
        return last_active_text(offer.last_active_n)


# The expertise areas: a shared vocabulary, kept as the registry's are.
admin.site.register(ExpertiseArea, VocabularyAdmin)
