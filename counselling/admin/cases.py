"""The queue of a municipality's cases, the case page, attachment downloads and CSV exports."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst, smart_split, unescape_string_literal
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from counselling import services
from counselling.admin.casepage import CasePageMixin
from counselling.admin.display import age_text, deadline_html, kind_name, new_answer_html, person
from counselling.models import (
    QUEUE_ORDERING,
    Case,
    CaseAccess,
    CaseAttachment,
    CaseEvent,
)
from kit import uploads
from kit.admin import MunicipalityScopedAdmin
from kit.exports import Column, csv_response
from portal.hours import COPENHAGEN

# --- Queue filters -----------------------------------------------------------------------------


class OverdueFilter(admin.SimpleListFilter):
    title = _("first response")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.exclude(queryset.overdue_condition())
        return queryset


class UnreadFilter(admin.SimpleListFilter):
    title = _("answers")
    parameter_name = "unread"

    def lookups(self, request, model_admin):
        return [("yes", _("New answer from the applicant"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(queryset.unread_condition())
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = _("assignee")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", _("Assigned to me")), ("nobody", _("Unassigned"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        if self.value() == "nobody":
            return queryset.filter(assignee__isnull=True)
        return queryset


#: The timeline entries the queue's search reads: what staff and the applicant wrote.
SEARCHED_EVENTS = [CaseEvent.Kind.MESSAGE_IN, CaseEvent.Kind.MESSAGE_OUT, CaseEvent.Kind.NOTE]


def search_terms(search_term):
    """The words of a search as the admin splits them: "quoted phrases" stay whole."""
    for term in smart_split(search_term):
        if term[:1] in "\"'" and term[-1:] == term[:1]:
            term = unescape_string_literal(term)
        if term:
            yield term


# --- Exports -----------------------------------------------------------------------------------


def _local(moment):
    return moment.astimezone(COPENHAGEN).strftime("%Y-%m-%d %H:%M") if moment else ""


EXPORT_COLUMNS = [
    Column(capfirst(_("reference")), lambda case: case.reference),
    Column(capfirst(_("received")), lambda case: _local(case.created_at)),
    Column(capfirst(_("what it is about")), lambda case: case.get_kind_display()),
    Column(capfirst(_("stage")), lambda case: case.get_stage_display()),
    Column(capfirst(_("status")), lambda case: case.get_status_display()),
    Column(capfirst(_("assignee")), lambda case: person(case.assignee) if case.assignee_id else ""),
    Column(capfirst(_("first response due")), lambda case: case.deadline.isoformat()),
    Column(capfirst(_("first response")), lambda case: _local(case.first_response_at)),
    Column(capfirst(_("closed")), lambda case: _local(case.closed_at)),
    Column(capfirst(_("organisation")), lambda case: case.organisation),
    Column(capfirst(_("CVR number")), lambda case: case.cvr),
    Column(capfirst(_("needs")), lambda case: [str(label) for label in case.need_labels()]),
]


# --- Cases -------------------------------------------------------------------------------------


@admin.register(Case)
class CaseAdmin(CasePageMixin, MunicipalityScopedAdmin):
    list_display = [
        "case_label",
        "municipality",
        "applicant",
        "status",
        "assignee_name",
        "age",
        "deadline_display",
    ]
    list_filter = ["status", OverdueFilter, UnreadFilter, "kind", AssigneeFilter, "municipality"]
    list_select_related = ["assignee", "municipality"]
    #: What the columns read of a page's cases and their assignee and municipality. The other
    #: columns (the description, the municipality's texts) would be read and turned into Python for
    #: 50 rows each time, for nothing. A column that reads another field costs a query per row, which
    #: the query-count tests catch.
    list_fields = [
        "reference",
        "unread_answer_at",
        "confidential",
        "applicant_name",
        "kind",
        "status",
        "created_at",
        "deadline",
        "first_response_at",
        "municipality",
        "assignee__first_name",
        "assignee__last_name",
        "assignee__username",
        "municipality__name",
        "municipality__official_name",
    ]
    # Also what makes the case admin an autocomplete target, scoped like everything else. The
    # queue's search looks in the description and the messages too (get_search_results).
    search_fields = ["reference", "applicant_name", "applicant_email", "organisation", "cvr"]
    actions = ["assign_to_me", "export_selected"]
    list_per_page = 50
    # The paginator counts the queue once; a second count of every case the contact person may see,
    # for "N in all" beside a filtered count, would cost as much again on every page.
    show_full_result_count = False

    #: The message form takes files: bodies up to the attachments' limit reach the case page.
    request_max_bytes = uploads.ATTACHMENT.max_request_size

    class Media:
        css = {"all": ["counselling/admin.css"]}

    # --- Who may do what ---

    def has_add_permission(self, request):
        return False  # cases come from the public form

    def has_delete_permission(self, request, obj=None):
        return False  # closed cases are anonymised after the retention period, never deleted

    def has_export_permission(self, request):
        return self.has_view_permission(request) and request.user.has_perm("counselling.export_case")

    # --- The queue ---

    def get_ordering(self, request):
        return QUEUE_ORDERING

    def get_list_select_related(self, request):
        # Staff see no municipality column (their own is every row's): no join, and no copy of
        # their municipality made for each of the 50 rows.
        if request.user.is_superuser:
            return self.list_select_related
        return [related for related in self.list_select_related if related != "municipality"]

    def get_paginator(self, request, queryset, per_page, *args, **kwargs):
        # The queue's pages only (the history pages page through log entries); exports and actions
        # read the change list's queryset, every field.
        if queryset.model is Case:
            joined = self.get_list_select_related(request)
            queryset = queryset.only(
                *(f for f in self.list_fields if f.partition("__")[0] in joined or "__" not in f)
            )
        return super().get_paginator(request, queryset, per_page, *args, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        """Every word of the search in the reference, the applicant's name, email, organisation or
        CVR number, the description, or the text of a message or note. One query, one row per
        case: the timeline is searched in an EXISTS subquery, not joined."""
        for term in search_terms(search_term):
            found = Q()
            for field in [*self.search_fields, "description"]:
                found |= Q(**{f"{field}__icontains": term})
            found |= Exists(
                CaseEvent.objects.filter(case=OuterRef("pk"), kind__in=SEARCHED_EVENTS, text__icontains=term)
            )
            queryset = queryset.filter(found)
        return queryset, False

    @admin.display(description=_("case"), ordering="reference")
    def case_label(self, case):
        markers = []
        if case.unread_answer_at is not None:
            markers.append(new_answer_html())
        if case.confidential:
            markers.append(format_html('<span class="case-confidential">{}</span>', gettext("Confidential")))
        return format_html(
            '<span class="case-reference">{}</span>{}',
            case.reference,
            format_html_join("", " {}", ((marker,) for marker in markers)),
        )

    @admin.display(description=_("applicant"), ordering="applicant_name")
    def applicant(self, case):
        return format_html('{}<span class="case-quiet">{}</span>', case.applicant_name, kind_name(case))

    @admin.display(description=_("assignee"), ordering="assignee__first_name")
    def assignee_name(self, case):
        return person(case.assignee) if case.assignee_id else None

    @admin.display(description=_("age"), ordering="-created_at")
    def age(self, case):
        return age_text(case.created_at)

    # A short heading: the queue's headings do not wrap, and the columns must fit at 1280 px.
    @admin.display(description=pgettext_lazy("first response", "deadline"), ordering="deadline")
    def deadline_display(self, case):
        return deadline_html(case)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_export_permission": self.has_export_permission(request),
            "title": gettext("The case queue"),
        }
        return super().changelist_view(request, extra_context)

    # --- Actions ---

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        assigned = 0
        for case in queryset.select_related("assignee"):
            names = {"reference": case.reference, "name": person(case.assignee)}
            if case.assignee_id == request.user.pk:
                self.message_user(request, gettext("%(reference)s is already yours.") % names, messages.INFO)
                continue
            if case.assignee_id is not None:
                self.message_user(
                    request,
                    gettext("%(reference)s is assigned to %(name)s and was left as it is.") % names,
                    messages.WARNING,
                )
                continue
            try:
                services.assign(case, request.user, by=request.user, expected_assignee_id=None)
            except services.CaseConflict as conflict:
                names["name"] = person(conflict.args[0])
                self.message_user(
                    request, gettext("%(name)s took %(reference)s first.") % names, messages.WARNING
                )
                continue
            self.log_change(request, case, gettext("Assigned to %(name)s.") % {"name": person(request.user)})
            assigned += 1
        if assigned:
            self.message_user(
                request,
                ngettext("%(count)d case is now yours.", "%(count)d cases are now yours.", assigned)
                % {"count": assigned},
                messages.SUCCESS,
            )

    @admin.action(description=_("Export selected to CSV"), permissions=["export"])
    def export_selected(self, request, queryset):
        return self.export_response(
            request,
            queryset,
            lambda count: (
                ngettext("CSV of %(count)d selected case", "CSV of %(count)d selected cases", count)
                % {"count": count}
            ),
        )

    def export_view(self, request):
        """The queue as it is filtered, searched and sorted, as CSV."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:counselling_case_changelist") + "?e=1")
        query = request.GET.urlencode()
        return self.export_response(
            request,
            changelist.queryset,
            lambda count: (
                ngettext("CSV of the list: %(count)d case", "CSV of the list: %(count)d cases", count)
                % {"count": count}
                + (f" ({query})" if query else "")
            ),
        )

    def export_response(self, request, queryset, describe):
        """The cases as CSV, each export logged per case with `describe(count)` as the detail."""
        cases = list(queryset.select_related("assignee"))
        services.log_access(request.user, cases, CaseAccess.Action.EXPORT, detail=describe(len(cases)))
        # The rows are built now, in the request's language, rather than while streaming.
        filename = f"cases-{timezone.localdate().isoformat()}.csv"
        return csv_response(filename, EXPORT_COLUMNS, cases, build_now=True)

    # --- Extra URLs ---

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("export/", view(self.export_view), name="counselling_case_export"),
            path("<path:object_id>/print/", view(self.print_view), name="counselling_case_print"),
            path(
                "<int:case_id>/attachment/<int:attachment_id>/",
                view(self.attachment_view),
                name="counselling_case_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, case_id, attachment_id):
        """An attachment as a download, for staff who may see its case; a 404 for anyone else."""
        if not self.has_view_permission(request) or not request.user.has_perm("counselling.view_case"):
            raise PermissionDenied
        attachment = get_object_or_404(
            CaseAttachment.objects.visible_to(request.user).select_related("case"),
            pk=attachment_id,
            case_id=case_id,
        )
        try:
            handle = attachment.file.storage.open(attachment.file.name, "rb")
        except (FileNotFoundError, ValueError) as missing:
            raise Http404 from missing
        services.log_access(request.user, attachment.case, CaseAccess.Action.DOWNLOAD, detail=attachment.name)
        # The applicant chose the name: keep it printable so that it cannot break the header.
        filename = "".join(ch for ch in attachment.name if ch.isprintable()) or "attachment"
        response = FileResponse(
            handle, as_attachment=True, filename=filename, content_type=attachment.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
