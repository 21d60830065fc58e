"""A municipality's notices: the form a contact person fills in (grouped as they think of a
purchase), the lots, documents and awards inline, the review of companies' offers, publishing,
the stage, how many enterprises could bid on each lot and who is interested."""

import dataclasses

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Value, When
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kit import uploads
from kit.admin import MunicipalityScopedAdmin, ReadOnlyAdminMixin, ScopedInlineMixin
from kit.admin_review import AdminDecision, ConfirmForm, ReviewAdminMixin, review_decisions
from kit.transitions import Conflict, TransitionNotAllowed
from procurement import capacity, services
from procurement.admin.awards import WinnerChoicesMixin
from procurement.admin.forms import (
    AwardForm,
    AwardFormSet,
    LotForm,
    LotFormSet,
    NoticeAdminForm,
    NoticeDocumentForm,
)
from procurement.admin.interests import InterestInline, interests_csv
from procurement.models import Award, CpvCode, Lot, Notice, NoticeChange, NoticeDocument

Stage = Notice.Stage
Status = Notice.Status

# --- Decisions ----------------------------------------------------------------------------------


def _stage(to):
    def run(notice, user, data):
        try:
            services.change_stage(notice, to=to, by=user)
        except Conflict as conflict:  # someone moved it first: left as they left it
            raise TransitionNotAllowed(conflict.current, to) from conflict

    return run


def _stage_decision(to, title, done):
    return AdminDecision(
        title=title,
        submit=title,
        done=done,
        form=ConfirmForm,
        applies=lambda notice: Notice.stage_transitions.allowed(notice.stage, to),
        run=_stage(to),
    )


_review = review_decisions(
    publish=lambda notice, user, data: services.publish_notice(notice, by=user, note=data["note"]),
    reject=lambda notice, user, data: services.reject_notice(notice, by=user, reason=data["reason"]),
    hide=lambda notice, user, data: services.hide_notice(notice, by=user, reason=data["reason"]),
)

DECISIONS = {
    # Staff publish their own drafts directly; a company's offer is published from pending.
    "publish": dataclasses.replace(
        _review["publish"], applies=lambda notice: notice.status == Status.DRAFT or notice.can("publish")
    ),
    "reject": _review["reject"],
    "hide": _review["hide"],
    "tender": _stage_decision(Stage.TENDERING, _("Start the tender"), _("Tender started")),
    "award": _stage_decision(Stage.AWARDED, _("Mark as awarded"), _("Marked as awarded")),
    "cancel": _stage_decision(Stage.CANCELLED, _("Cancel the notice"), _("Cancelled")),
}


# --- Inlines -------------------------------------------------------------------------------------


class CheckboxCategoriesMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "categories":
            kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LotInline(CheckboxCategoriesMixin, ScopedInlineMixin, admin.StackedInline):
    model = Lot
    form = LotForm
    formset = LotFormSet
    extra = 0
    fields = [
        ("number", "title"),
        "description",
        "estimated_value",
        "categories",
        "cpv",
        ("reserved_participation", "reserved_execution"),
        "social_clauses",
    ]


class DocumentInline(ScopedInlineMixin, admin.TabularInline):
    model = NoticeDocument
    form = NoticeDocumentForm
    extra = 0
    fields = ["title", "file", "stored_file", "url", "position"]
    readonly_fields = ["stored_file"]

    @admin.display(description=_("stored file"))
    def stored_file(self, document):
        if not document.pk or not document.file:
            return "–"
        return f"{document.name} ({uploads.type_name(document.content_type)})"


class AwardInline(WinnerChoicesMixin, ScopedInlineMixin, admin.TabularInline):
    model = Award
    form = AwardForm
    formset = AwardFormSet
    extra = 0
    fields = ["lot", "enterprise", "winner_name", "winner_cvr", "value", "awarded_on"]


class ChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    """What the notice's followers were told of: published, corrected, awarded, cancelled."""

    model = NoticeChange
    extra = 0
    fields = ["created_at", "kind", "fields", "by", "alerts_queued_at"]
    readonly_fields = fields
    verbose_name_plural = _("what followers were told")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


# --- Notices -------------------------------------------------------------------------------------

WHAT = ["kind", "title", "slug", "description", "stage"]
BUYER = ["municipality", "department", "company_name", "company_cvr", "submitted_by"]
CATEGORIES = ["categories", "cpv"]
PROCEDURE = [
    "procedure",
    "reserved_participation",
    "reserved_execution",
    "social_objective",
    "social_objectives",
    "social_clauses",
    "suitable_for_small",
    "not_split_reason",
]
VALUE = ["estimated_value", "questions_deadline", "submission_deadline", "contract_start", "contract_end"]
TED = ["ted_published_on", "ted_notice_number"]
CONTACT = ["contact_name", "contact_email", "contact_phone"]
RECORD = ["is_example", "created_at", "updated_at"]


@admin.register(Notice)
class NoticeAdmin(CheckboxCategoriesMixin, ReviewAdminMixin, MunicipalityScopedAdmin):
    form = NoticeAdminForm
    review_decisions = DECISIONS
    list_display = [
        "title",
        "kind",
        "municipality",
        "status",
        "phase_display",
        "submission_deadline",
        "lot_count",
        "interest_count",
    ]
    list_filter = ["status", "kind", "stage", "procedure", "is_example", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["title", "department", "company_name", "company_cvr"]
    actions = ["publish", "publish_with_note", "reject_with_reason"]
    inlines = [LotInline, DocumentInline, AwardInline, InterestInline, ChangeInline]
    # Tender documents: a handful of files of up to 10 MB each in one save (kit.middleware).
    request_max_bytes = uploads.ATTACHMENT.max_request_size

    # --- The list ---

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(lots_n=Count("lots", distinct=True), interests_n=Count("interests", distinct=True))
        )

    def get_ordering(self, request):
        # Companies' offers waiting for review first, then by deadline.
        pending_first = Case(When(status=Status.PENDING, then=Value(0)), default=Value(1))
        return [pending_first.asc(), "submission_deadline", "-created_at"]

    @admin.display(description=_("phase"), ordering="stage")
    def phase_display(self, notice):
        return notice.phase().label

    @admin.display(description=_("lots"), ordering="lots_n")
    def lot_count(self, notice):
        return notice.lots_n

    @admin.display(description=_("interested"), ordering="interests_n")
    def interest_count(self, notice):
        return notice.interests_n

    # --- The form ---

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (_("What is bought"), {"fields": WHAT}),
            (_("Buyer"), {"fields": BUYER if obj is not None else BUYER[:-1]}),
            (_("Service categories and CPV codes"), {"fields": CATEGORIES}),
            (_("Procedure and social considerations"), {"fields": PROCEDURE}),
            (
                _("Value and deadlines (Copenhagen time)"),
                {"fields": VALUE, "description": _("Times are Danish time (Europe/Copenhagen).")},
            ),
            (_("TED"), {"fields": TED}),
            (_("Contact"), {"fields": CONTACT}),
        ]
        publish = [] if obj is not None and obj.status == Status.PUBLISHED else ["publish_now"]
        if obj is None:
            fieldsets.append((_("Publishing"), {"fields": publish}))
            return self.without_municipality(request, fieldsets)
        return self.without_municipality(
            request,
            [
                (_("Review and publishing"), {"fields": [*self.review_fields, *publish]}),
                *fieldsets,
                (_("Who could bid"), {"fields": ["capacity_display"]}),
                (_("Record"), {"fields": RECORD, "classes": ["collapse"]}),
            ],
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = [*self.review_fields, "created_at", "updated_at", "capacity_display", "submitted_by"]
        if obj is not None:
            readonly.append("stage")  # moved by the decisions, along Notice.stage_transitions
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None and "stage" in form.base_fields:
            form.base_fields["stage"].choices = [
                (Stage.TENDERING, Stage.TENDERING.label),
                (Stage.PLANNED, Stage.PLANNED.label),
            ]
        if "slug" in form.base_fields:
            form.base_fields["slug"].required = False
            form.base_fields["slug"].help_text = gettext("Made from the title when left empty.")
        return form

    @admin.display(description=_("enterprises in the registry that offer the categories"))
    def capacity_display(self, notice):
        if notice is None or notice.pk is None:
            return ""
        return render_to_string(
            "admin/procurement/notice/capacity.html",
            {
                "capacities": capacity.for_notice(notice),
                "classifications": capacity.CLASSIFICATIONS,
                "municipality": notice.municipality,
            },
        )

    # --- Saving: the slug, the record of a correction, publishing on save ---

    def save_model(self, request, obj, form, change):
        if not obj.slug:
            obj.slug = services.unique_slug(obj.title, exclude_pk=obj.pk)
        super().save_model(request, obj, form, change)
        corrected = sorted(set(form.changed_data) & set(services.ALERTED_FIELDS))
        if change and obj.status == Status.PUBLISHED and corrected:
            services.record_change(obj, kind=NoticeChange.Kind.CORRECTED, by=request.user, fields=corrected)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        notice = form.instance
        if form.cleaned_data.get("publish_now") and notice.status != Status.PUBLISHED:
            try:
                services.publish_notice(notice, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("Saved, not published: %(reasons)s") % {"reasons": " ".join(error.messages)},
                    messages.ERROR,
                )
            except TransitionNotAllowed:
                self.message_user(request, gettext("Saved, not published."), messages.WARNING)
            else:
                notice.status = Status.PUBLISHED
                self.message_user(request, gettext("The notice is published."), messages.SUCCESS)

    # --- The interested enterprises as CSV ---

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/interests.csv",
                view(self.interests_export_view),
                name="procurement_notice_interests_export",
            ),
            *super().get_urls(),
        ]

    def interests_export_view(self, request, object_id):
        """The enterprises interested in one notice, for its buyer's staff; a 404 for anyone else."""
        notice = self.get_object(request, unquote(object_id))
        if notice is None:
            raise Http404
        if not self.has_view_permission(request, notice) or not request.user.has_perm(
            "procurement.view_interest"
        ):
            raise PermissionDenied
        return interests_csv(notice.interests.all(), f"interesse-{notice.slug}.csv")


# --- The CPV vocabulary ----------------------------------------------------------------------


@admin.register(CpvCode)
class CpvCodeAdmin(admin.ModelAdmin):
    """CPV 2008, loaded as data: every staff member may look codes up (and choose them where a
    form offers a list), nobody edits them by hand."""

    list_display = ["code", "check_digit", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]
    list_per_page = 50

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
