"""A municipality's matches, by status with the overdue answers first (proposals past their answer's
due date, then the rest), filters by status and overdue, the timeline, check-ins and feedback on
the change page, and the staff's steps (start, complete, cancel with a reason) as decisions that
call `mentoring.services`. Nothing on a match is edited by hand: it moves through the services."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Case, F, IntegerField, Value, When
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kit.admin import MunicipalityScopedAdmin, ReadOnlyAdminMixin, ScopedInlineMixin
from kit.admin_review import AdminDecision, ConfirmForm, ReasonForm, ReviewAdminMixin
from mentoring import services
from mentoring.models import MATCH_TRANSITIONS, CheckIn, Feedback, Match, MatchEvent

M = Match.Status


def _step(service, **fixed):
    def run(match, user, data):
        try:
            service(match, by=user, **{name: data[key] for name, key in fixed.items()})
        except services.Refused as refused:  # shown as the admin's error message; nothing changed
            raise ValidationError(str(refused.message)) from refused

    return run


def _decision(to, title, done, run, form=ConfirmForm):
    return AdminDecision(
        title=title,
        submit=title,
        done=done,
        form=form,
        applies=lambda match: MATCH_TRANSITIONS.allowed(match.status, to),
        run=run,
    )


DECISIONS = {
    "start": _decision(
        M.ACTIVE, _("Start (first meeting held)"), _("Marked as started"), _step(services.start)
    ),
    "complete": _decision(M.COMPLETED, _("Complete"), _("Marked as completed"), _step(services.complete)),
    "cancel": _decision(
        M.CANCELLED,
        _("Cancel with a reason"),
        _("Cancelled"),
        _step(services.cancel, reason="reason"),
        ReasonForm,
    ),
}


class OverdueFilter(admin.SimpleListFilter):
    title = _("answer from the mentor")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.exclude(queryset.overdue_condition())
        return queryset


class ReadOnlyInline(ReadOnlyAdminMixin, ScopedInlineMixin, admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class EventInline(ReadOnlyInline):
    model = MatchEvent
    fields = ["created_at", "kind", "side", "by", "from_status", "to_status", "text"]
    verbose_name_plural = _("timeline")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class CheckInInline(ReadOnlyInline):
    model = CheckIn
    fields = ["due_on", "sent_at", "answered_at", "answered_side", "answer", "stalled_at"]


class FeedbackInline(ReadOnlyInline):
    model = Feedback
    fields = ["side", "rating", "comment", "created_at"]


FIELDS = [
    ("request", "offer"),
    ("status", "origin", "proposed_by"),
    "decision_tools",
    "message",
    "reason",
    ("proposed_at", "answer_due", "lapses_on", "reminded_at"),
    ("answered_at", "started_at", "check_in_due", "ended_at"),
]


def overdue_first(today=None):
    """The overdue answers first, the earliest due first; then the rest, the newest proposal first
    (expressions, made for each request: "overdue" moves with the day)."""
    overdue = Match.objects.overdue_condition(today)
    return [
        Case(When(overdue, then=Value(1)), default=Value(0), output_field=IntegerField()).desc(),
        Case(When(overdue, then=F("answer_due")), default=None).asc(nulls_last=True),
        "-proposed_at",
        "-pk",
    ]


@admin.register(Match)
class MatchAdmin(ReviewAdminMixin, MunicipalityScopedAdmin):
    review_decisions = DECISIONS
    list_display = ["__str__", "status", "overdue_column", "answer_due", "proposed_at", "origin"]
    list_filter = ["status", OverdueFilter, "origin"]
    list_select_related = ["request", "offer"]
    search_fields = ["request__mentee_name", "offer__mentor_name", "offer__company"]
    fields = FIELDS
    readonly_fields = [field for row in FIELDS for field in (row if isinstance(row, tuple) else (row,))]
    inlines = [EventInline, CheckInInline, FeedbackInline]
    actions = None

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                overdue_n=Case(
                    When(Match.objects.overdue_condition(), then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
        )

    def get_ordering(self, request):
        return overdue_first()

    def has_add_permission(self, request, *args):
        return False  # a match begins as a proposal from a request's suggestions, or the mentee's ask

    @admin.display(description=_("overdue"), boolean=True, ordering="-overdue_n")
    def overdue_column(self, match):
        return bool(match.overdue_n)

    @admin.display(description=_("steps"))
    def decision_tools(self, match):
        if match is None or match.pk is None:
            return ""
        links = [
            (self._review_url("review", match.pk, name), decision.title)
            for name, decision in self.review_decisions.items()
            if decision.applies(match)
        ]
        if not links:
            return gettext("No step can be taken by staff now.")
        return render_to_string("admin/kit/review_tools.html", {"links": links, "preview_url": None})
