"""The queue of a municipality's cases, the case page, attachment downloads and CSV exports."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst, smart_split, unescape_string_literal
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from counselling import services
from counselling.admin.display import age_text, deadline_html, new_answer_html, person
from counselling.admin.forms import CASE_FORMS, Refused
from counselling.models import (
    QUEUE_ORDERING,
    REOPENING,
    Case,
    CaseAccess,
    CaseAttachment,
    CaseEvent,
    Partner,
    Status,
)
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
        return [("yes", pgettext_lazy("queue filter", "New answer from the applicant"))]

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
class CaseAdmin(MunicipalityScopedAdmin):
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
    # Also what makes the case admin an autocomplete target, scoped like everything else. The
    # queue's search looks in the description and the messages too (get_search_results).
    search_fields = ["reference", "applicant_name", "applicant_email", "organisation", "cvr"]
    actions = ["assign_to_me", "export_selected"]
    list_per_page = 50

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

    @admin.display(description=_("applicant and request"), ordering="applicant_name")
    def applicant(self, case):
        return format_html(
            '{}<span class="case-quiet">{}</span>', case.applicant_name, case.get_kind_display()
        )

    @admin.display(description=_("assignee"), ordering="assignee__first_name")
    def assignee_name(self, case):
        return person(case.assignee) if case.assignee_id else None

    @admin.display(description=_("received"), ordering="-created_at")
    def age(self, case):
        return age_text(case.created_at)

    @admin.display(description=_("first response due"), ordering="deadline")
    def deadline_display(self, case):
        return deadline_html(case)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_export_permission": self.has_export_permission(request),
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

    # --- The case page ---

    def get_case(self, request, object_id):
        queryset = self.get_queryset(request).select_related("assignee", "enterprise", "municipality")
        try:
            return queryset.get(pk=unquote(object_id))
        except (Case.DoesNotExist, ValidationError, ValueError):
            return None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The case page: the request, its attachments and timeline, and a small form for each
        step. Each form posts here and ends in a message and a redirect; a form with an input
        error is shown again with the error at its field, and nothing is saved."""
        case = self.get_case(request, object_id)
        if case is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, case):
            raise PermissionDenied
        bound = None
        if request.method == "POST":
            if not self.has_change_permission(request, case):
                raise PermissionDenied
            outcome = self.take_step(request, case)
            if isinstance(outcome, HttpResponse):
                return outcome
            bound = outcome
        services.log_access(request.user, case, CaseAccess.Action.VIEW)
        return self.render_case_page(request, case, bound)

    def take_step(self, request, case):
        """Run the posted step; a redirect, or the form to show again with its errors."""
        form_class = CASE_FORMS.get(request.POST.get("action", ""))
        if form_class is None:
            messages.error(request, gettext("The page sent something unexpected. Nothing was changed."))
            return HttpResponseRedirect(request.path)
        if case.anonymised_at is not None:
            messages.error(request, gettext("The case is anonymised. Nothing more can be done with it."))
            return HttpResponseRedirect(request.path)
        form = form_class(request.POST, case=case, user=request.user)
        if not form.is_valid():
            messages.error(
                request,
                format_html(
                    '{} <a href="#{}-errors">{}</a>',
                    gettext("Nothing was saved."),
                    form.action,
                    gettext("See the error in the form."),
                ),
            )
            return form
        try:
            done, logged = getattr(self, f"step_{form.action}")(request, case, form.cleaned_data)
        except Refused as refusal:
            messages.error(request, str(refusal))
            return HttpResponseRedirect(request.path)
        if logged:
            self.log_change(request, case, logged)
        messages.success(request, done)
        if not self.get_queryset(request).filter(pk=case.pk).exists():
            # Confidential, and assigned to someone else: the case is out of this person's sight.
            messages.info(
                request,
                gettext("The case is confidential: only %(name)s and the administrators see it now.")
                % {"name": person(case.assignee)},
            )
            return HttpResponseRedirect(reverse("admin:counselling_case_changelist"))
        return HttpResponseRedirect(request.path)

    def step_assign(self, request, case, data):
        assignee = request.user if "to_me" in request.POST else data["assignee"]
        expected = data["expected_assignee"]
        if expected == case.assignee_id and getattr(assignee, "pk", None) == case.assignee_id:
            raise Refused(gettext("The case is already assigned to %(name)s.") % {"name": person(assignee)})
        try:
            services.assign(case, assignee, by=request.user, expected_assignee_id=expected)
        except services.NeedsAssignee as refusal:
            raise Refused(
                gettext(
                    "A confidential case must have an assignee. Assign it to someone else, or make "
                    "it visible to every contact person first. Nothing was changed."
                )
            ) from refusal
        except services.CaseConflict as conflict:
            current = conflict.args[0]
            if current is None:
                raise Refused(
                    gettext("Someone was quicker: the case is now unassigned. Nothing was changed.")
                ) from conflict
            raise Refused(
                gettext("Someone was quicker: %(name)s has the case now. Nothing was changed.")
                % {"name": person(current)}
            ) from conflict
        if assignee is None:
            return gettext("Nobody is assigned to the case now."), gettext("Unassigned.")
        done = gettext("The case is assigned to %(name)s.") % {"name": person(assignee)}
        if assignee != request.user:
            done += " " + gettext("They get an email about it.")
        return done, gettext("Assigned to %(name)s.") % {"name": person(assignee)}

    def step_status(self, request, case, data):
        expected, to_status = data["expected_status"], data["status"]
        labels = {"from": Status(expected).label, "to": Status(to_status).label}
        stale = gettext(
            "Someone changed the status to “%(status)s” meanwhile. Nothing was changed: look at the "
            "case again and choose."
        )
        if expected != case.status:
            raise Refused(stale % {"status": case.get_status_display()})
        # The rules live in the service (the transition table, the reopening permission); the
        # page only says in words which one refused.
        try:
            services.change_status(
                case, to_status, by=request.user, expected_status=expected, text=data["text"]
            )
        except services.CaseConflict as conflict:
            raise Refused(stale % {"status": conflict.args[0]}) from conflict
        except services.TransitionNotAllowed as refusal:
            if (expected, to_status) in REOPENING:
                message = gettext(
                    "Only a municipal administrator can reopen a closed case. Nothing was changed."
                )
            else:
                message = (
                    gettext("A case cannot go from “%(from)s” to “%(to)s”. Nothing was changed.") % labels
                )
            raise Refused(message) from refusal
        done = gettext("The status is changed from “%(from)s” to “%(to)s”.") % labels
        return done, done

    def step_note(self, request, case, data):
        services.add_note(case, by=request.user, text=data["text"])
        return gettext("The internal note is added."), gettext("Internal note added.")

    def step_message(self, request, case, data):
        services.send_message(case, by=request.user, text=data["text"])
        done = gettext("The message is emailed to %(email)s.") % {"email": case.applicant_email}
        return done, gettext("Message emailed to the applicant.")

    def step_referral(self, request, case, data):
        services.refer(case, by=request.user, partner=data["partner"], text=data["text"])
        done = gettext("The case is referred to %(partner)s.") % {"partner": Partner(data["partner"]).label}
        return done, done

    def step_enterprise(self, request, case, data):
        enterprise = data["cvr"]
        if enterprise is None and case.enterprise_id is None:
            raise Refused(gettext("The case is not linked to an enterprise."))
        if enterprise is not None and enterprise.pk == case.enterprise_id:
            raise Refused(gettext("The case is already linked to %(name)s.") % {"name": enterprise.name})
        services.link_enterprise(case, enterprise, by=request.user)
        if enterprise is None:
            done = gettext("The link to the enterprise is removed.")
        else:
            done = gettext("The case is linked to %(name)s (CVR %(cvr)s).") % {
                "name": enterprise.name,
                "cvr": enterprise.cvr,
            }
        return done, done

    def step_confidential(self, request, case, data):
        confidential = data["confidential"]
        if confidential == case.confidential:
            raise Refused(
                gettext("The case is already confidential.")
                if confidential
                else gettext("The case is already visible to every contact person in the municipality.")
            )
        needs_assignee = gettext(
            "Assign the case to someone first: only the assignee and the municipality's "
            "administrators see a confidential case."
        )
        if confidential and case.assignee_id is None:
            raise Refused(needs_assignee)
        try:
            services.set_confidential(case, confidential, by=request.user)
        except services.NeedsAssignee as refusal:
            raise Refused(needs_assignee) from refusal
        if confidential:
            done = gettext("The case is confidential: only %(name)s and the administrators see it.") % {
                "name": person(case.assignee)
            }
            return done, gettext("Marked confidential.")
        done = gettext(
            "The case is no longer confidential: every contact person in the municipality sees it."
        )
        return done, gettext("No longer confidential.")

    def step_link(self, request, case, data):
        services.renew_access_link(case, by=request.user)
        done = gettext("A new private link is emailed to %(email)s. The old link no longer works.") % {
            "email": case.applicant_email
        }
        return done, gettext("New private link sent to the applicant.")

    def render_case_page(self, request, case, bound=None):
        can_change = self.has_change_permission(request, case) and case.anonymised_at is None
        case_forms = {}
        if can_change:
            case_forms = {name: form(case=case, user=request.user) for name, form in CASE_FORMS.items()}
            if bound is not None:
                case_forms[bound.action] = bound
        events = case.events.select_related("author", "assignee").prefetch_related("attachments")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Case %(reference)s") % {"reference": case.reference},
            "case": case,
            "original": case,
            "age": age_text(case.created_at),
            "deadline": deadline_html(case),
            "assignee": person(case.assignee) if case.assignee_id else None,
            "attachments": case.attachments.all(),
            "events": events,
            "can_change": can_change,
            "forms": case_forms,
            "is_assignee": case.assignee_id == request.user.pk,
            "link_is_valid": case.access_is_valid(),
        }
        return TemplateResponse(request, "admin/counselling/case/case.html", context)
