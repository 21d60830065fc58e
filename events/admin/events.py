"""Events in the admin: a municipality's events (review and cancellation as decisions), and per
event the registrations with the waiting list, the CSV export, the check-in list to print and
the attendance marked afterwards, with the figures.

Every page reads the event through `get_object`, so through the scoped queryset: another
municipality's staff get a 404 on every door.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from events import services
from events.models import Event, Registration
from kit import review
from kit.admin import MunicipalityScopedAdmin
from kit.admin_review import AdminDecision, ReasonForm, ReviewAdminMixin, review_decisions
from kit.exports import Column, csv_response
from kit.forms import https_formfield
from kit.refusals import Refused
from kit.text import unique_slug
from kit.transitions import TransitionNotAllowed
from portal.models import Municipality

S = Registration.Status


def _cancel(event, user, data):
    try:
        services.cancel_event(event, reason=data["reason"], by=user)
    except Refused as refused:  # cancelled meanwhile: left as it is
        raise TransitionNotAllowed("cancelled", "cancelled") from refused


DECISIONS = {
    **review_decisions(
        publish=lambda event, user, data: review.publish(event, by=user, note=data["note"]),
        reject=lambda event, user, data: review.reject(event, by=user, reason=data["reason"]),
        hide=lambda event, user, data: review.hide(event, by=user, reason=data["reason"]),
    ),
    "cancel": AdminDecision(
        title=_("Cancel the event"),
        submit=_("Cancel the event and tell everyone registered"),
        done=_("Cancelled"),
        form=ReasonForm,
        applies=lambda event: not event.is_cancelled and event.ends_at > timezone.now(),
        run=_cancel,
    ),
}
# Staff publish their own drafts directly: an event is the municipality's own, nobody else's.
DECISIONS["publish"] = AdminDecision(
    **{
        **DECISIONS["publish"].__dict__,
        "applies": lambda e: e.status == Event.Status.DRAFT or e.can("publish"),
    }
)


WHAT = ["kind", "title", "slug", "summary", "description", "programme", "target_audience"]
WHERE = ["place_name", "address", "online_url"]
WHEN = ["starts_at", "ends_at", "registration_deadline"]
REGISTRATION = ["capacity", "first_reminder_days", "second_reminder_days"]
WHO = ["municipality", "co_hosts", "organiser", "contact_name", "contact_email", "contact_phone"]
RECORD = [
    "cancelled_at",
    "cancel_reason",
    "registered_total",
    "attended_total",
    "personal_data_deleted_at",
    "created_at",
    "updated_at",
]


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [*WHAT, *WHERE, *WHEN, *REGISTRATION, *WHO, "outcome"]
        formfield_callback = https_formfield

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("address") and not cleaned.get("online_url") and not cleaned.get("place_name"):
            self.add_error("address", gettext("Give the address, or the link for an online event."))
        return cleaned


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.upcoming()
        if self.value() == "past":
            return queryset.past()
        return queryset


@admin.register(Event)
class EventAdmin(ReviewAdminMixin, MunicipalityScopedAdmin):
    form = EventAdminForm
    review_decisions = DECISIONS
    list_display = ["title", "kind", "starts_at", "places_display", "waiting_display", "status", "cancelled"]
    list_filter = [WhenFilter, "kind", "status", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["title", "summary", "organiser"]
    actions = ["publish", "publish_with_note", "hide"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["co_hosts"]
    # Any municipality may be a co-host: the list of municipalities is public.
    public_choices = ("co_hosts",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts().order_by("-starts_at", "pk")

    @admin.display(description=_("places"))
    def places_display(self, event):
        taken = event.confirmed_count + event.offered_count
        return f"{taken} / {event.capacity}" if event.capacity is not None else str(taken)

    @admin.display(description=_("waiting list"))
    def waiting_display(self, event):
        return event.waiting_count

    @admin.display(description=_("cancelled"), boolean=True)
    def cancelled(self, event):
        return event.is_cancelled

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (_("The event"), {"fields": WHAT}),
            (_("Where"), {"fields": WHERE}),
            (_("When"), {"fields": WHEN}),
            (_("Registration"), {"fields": REGISTRATION}),
            (_("Organiser"), {"fields": WHO}),
            (_("Afterwards"), {"fields": ["outcome"]}),
        ]
        if obj is not None:
            fieldsets = [
                (
                    _("Publishing, cancellation and registrations"),
                    {"fields": [*self.review_fields, "registrations_link"]},
                ),
                *fieldsets,
                (_("Record"), {"fields": RECORD, "classes": ["collapse"]}),
            ]
        return self.without_municipality(request, fieldsets)

    def get_readonly_fields(self, request, obj=None):
        return [*self.review_fields, "registrations_link", *RECORD]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "slug" in form.base_fields:
            form.base_fields["slug"].required = False
            form.base_fields["slug"].help_text = gettext("Made from the title when left empty.")
        if "co_hosts" in form.base_fields:
            own = obj.municipality_id if obj is not None else request.user.municipality_id
            form.base_fields["co_hosts"].queryset = Municipality.objects.exclude(pk=own)
        return form

    def save_model(self, request, obj, form, change):
        if not obj.slug:
            obj.slug = unique_slug(Event.objects.all(), obj.title, noun="arrangement", exclude_pk=obj.pk)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("registrations"))
    def registrations_link(self, event):
        if event is None or event.pk is None:
            return "–"
        from django.utils.html import format_html

        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:events_event_registrations", args=[event.pk]),
            gettext("Registrations, waiting list and attendance"),
            reverse("admin:events_event_check_in", args=[event.pk]),
            gettext("Check-in list to print"),
            reverse("admin:events_event_registrations_export", args=[event.pk]),
            gettext("CSV"),
        )

    # --- The registrations of one event ---

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/registrations/",
                view(self.registrations_view),
                name="events_event_registrations",
            ),
            path(
                "<path:object_id>/registrations/attendance/",
                view(require_POST(self.attendance_view)),
                name="events_event_attendance",
            ),
            path(
                "<path:object_id>/registrations/export/",
                view(self.export_view),
                name="events_event_registrations_export",
            ),
            path("<path:object_id>/check-in/", view(self.check_in_view), name="events_event_check_in"),
            *super().get_urls(),
        ]

    def _event(self, request, object_id, *, change=False):
        event = self.get_object(request, unquote(object_id))
        if event is None:
            raise Http404
        allowed = (
            self.has_change_permission(request, event) if change else self.has_view_permission(request, event)
        )
        if not allowed:
            raise PermissionDenied
        return event

    def registrations_view(self, request, object_id):
        event = self._event(request, object_id)
        rows = list(event.registrations.order_by("created_at", "pk"))
        groups = {status: [r for r in rows if r.status == status] for status in S.values}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "event": event,
            "title": gettext("Registrations: %(event)s") % {"event": event.title},
            "confirmed": groups[S.CONFIRMED],
            "offered": groups[S.OFFERED],
            "waiting": groups[S.WAITING],
            "ended": groups[S.CANCELLED] + groups[S.OFFER_EXPIRED],
            "figures": figures(event, rows),
            "can_change": self.has_change_permission(request, event),
            "is_over": event.ends_at <= timezone.now(),
        }
        return TemplateResponse(request, "admin/events/event/registrations.html", context)

    def attendance_view(self, request, object_id):
        """Attendance marked afterwards: every confirmed registration ticked or not."""
        event = self._event(request, object_id, change=True)
        if event.starts_at > timezone.now():
            messages.error(request, gettext("Attendance is marked once the event has begun."))
        else:
            present = {int(pk) for pk in request.POST.getlist("attended") if pk.isdigit()}
            with transaction.atomic():
                confirmed = event.registrations.filter(status=S.CONFIRMED)
                confirmed.filter(pk__in=present).update(attended=True, updated_at=timezone.now())
                confirmed.exclude(pk__in=present).update(attended=False, updated_at=timezone.now())
            messages.success(request, gettext("Attendance saved."))
        return HttpResponseRedirect(reverse("admin:events_event_registrations", args=[event.pk]))

    def export_view(self, request, object_id):
        event = self._event(request, object_id)
        rows = list(event.registrations.order_by("status", "created_at", "pk"))
        return csv_response(f"tilmeldinger-{event.slug}.csv", EXPORT_COLUMNS, rows, build_now=True)

    def check_in_view(self, request, object_id):
        event = self._event(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "event": event,
            "title": gettext("Check-in list: %(event)s") % {"event": event.title},
            "rows": list(event.registrations.filter(status=S.CONFIRMED).order_by("name", "pk")),
        }
        return TemplateResponse(request, "admin/events/event/check_in.html", context)


def figures(event, rows):
    """The event's attendance figures: registered, attended, absent, unmarked, waiting, and the
    share that came; after the registrations were deleted (retention), the counts kept."""
    if event.personal_data_deleted_at is not None:
        registered, attended = event.registered_total or 0, event.attended_total or 0
        return {
            "registered": registered,
            "attended": attended,
            "absent": None,
            "unmarked": None,
            "waiting": None,
            "rate": round(100 * attended / registered) if registered else None,
            "deleted": True,
        }
    confirmed = [r for r in rows if r.status == S.CONFIRMED]
    attended = sum(1 for r in confirmed if r.attended is True)
    absent = sum(1 for r in confirmed if r.attended is False)
    marked = attended + absent
    return {
        "registered": len(confirmed),
        "attended": attended,
        "absent": absent,
        "unmarked": len(confirmed) - marked,
        "waiting": sum(1 for r in rows if r.status == S.WAITING),
        "rate": round(100 * attended / marked) if marked else None,
        "deleted": False,
    }


def _yes_no(value):
    if value is None:
        return ""
    return gettext("yes") if value else gettext("no")


EXPORT_COLUMNS = [
    Column(_("name"), lambda r: r.name),
    Column(_("email"), lambda r: r.email),
    Column(_("organisation"), lambda r: r.organisation),
    Column(_("needs"), lambda r: r.needs),
    Column(_("status"), lambda r: r.get_status_display()),
    Column(_("registered"), lambda r: timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M")),
    Column(_("attended"), lambda r: _yes_no(r.attended)),
]


@admin.register(Registration)
class RegistrationAdmin(MunicipalityScopedAdmin):
    """Every registration of the municipality's events, to search; a registration changes only
    through its own page (the person) and the event's registrations page (attendance)."""

    list_display = ["name", "email", "event", "status", "created_at", "attended"]
    list_filter = ["status", "attended"]
    list_select_related = ["event"]
    search_fields = ["name", "email", "organisation", "event__title"]
    readonly_fields = [
        "event",
        "status",
        "user",
        "name",
        "email",
        "organisation",
        "needs",
        "language",
        "offer_expires_at",
        "attended",
        "reminded_days",
        "created_at",
        "cancelled_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request, *args):
        return False
