"""The case page: the request, its files and timeline, the answer to the applicant first and the
other steps folded away, a print view of the whole case, and the way to the next case in the
queue. Each step is a small form posting to the page; every look at the case is logged."""

import copy

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from counselling import services
from counselling.admin.display import age_text, deadline_html, file_size, file_type, person
from counselling.admin.forms import CASE_FORMS, Refused, reply_templates, with_reply_template
from counselling.models import REOPENING, Case, CaseAccess, Partner, Status


class QueueOrder(ChangeList):
    """The queue as filtered, searched and sorted, without counting or fetching a page of it:
    the case page reads only the order of its ids."""

    def get_results(self, request):
        pass


class CasePageMixin:
    """The case page of CaseAdmin."""

    def get_changelist(self, request, **kwargs):
        if getattr(request, "queue_order_only", False):
            return QueueOrder
        return super().get_changelist(request, **kwargs)

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
        services.mark_answers_read(case, by=request.user)
        return self.render_case_page(request, case, bound)

    def print_view(self, request, object_id):
        """The whole case on one page for printing: the request, the files and every entry of
        the timeline, without the forms."""
        case = self.get_case(request, object_id)
        if case is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, case):
            raise PermissionDenied
        services.log_access(request.user, case, CaseAccess.Action.VIEW, detail=gettext("Print view"))
        context = {
            **self.case_context(request, case),
            "title": gettext("Case %(reference)s") % {"reference": case.reference},
        }
        return TemplateResponse(request, "admin/counselling/case/print.html", context)

    def take_step(self, request, case):
        """Run the posted step; a redirect, or the form to show again with its errors."""
        form_class = CASE_FORMS.get(request.POST.get("action", ""))
        if form_class is None:
            messages.error(request, gettext("The page sent something unexpected. Nothing was changed."))
            return HttpResponseRedirect(request.path)
        if case.anonymised_at is not None:
            messages.error(request, gettext("The case is anonymised. Nothing more can be done with it."))
            return HttpResponseRedirect(request.path)
        form = form_class(request.POST, request.FILES, case=case, user=request.user)
        if form.action == "message" and "insert" in request.POST:
            # The standard reply, put into the message without JavaScript; nothing is sent.
            filled = with_reply_template(form, request.POST)
            if filled is None:
                messages.error(request, gettext("Choose one of the standard replies to insert it."))
                filled = form_class(
                    case=case, user=request.user, initial={"text": request.POST.get("text", "")}
                )
            return filled
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
            step = getattr(self, f"step_{form.action}")
            if form.action == "message":
                done, logged = step(request, case, form.cleaned_data, form)
            else:
                done, logged = step(request, case, form.cleaned_data)
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

    def step_message(self, request, case, data, form=None):
        files = form.checked_attachments if form is not None else ()
        services.send_message(case, by=request.user, text=data["text"], attachments=files)
        done = gettext("The message is emailed to %(email)s.") % {"email": case.applicant_email}
        if files:
            done += " " + ngettext(
                "The applicant can download the file from their private page.",
                "The applicant can download the %(count)d files from their private page.",
                len(files),
            ) % {"count": len(files)}
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
        previous_case, next_case, position, total = self.queue_neighbours(request, case)
        context = {
            **self.case_context(request, case),
            "title": gettext("Case %(reference)s") % {"reference": case.reference},
            "can_change": can_change,
            "forms": case_forms,
            "reply_templates": list(reply_templates(case)) if can_change else [],
            "is_assignee": case.assignee_id == request.user.pk,
            "previous_case": previous_case,
            "next_case": next_case,
            "position": position,
            "total": total,
            "queue_url": self.queue_url(request),
            "print_url": reverse("admin:counselling_case_print", args=[case.pk]),
        }
        return TemplateResponse(request, "admin/counselling/case/case.html", context)

    def case_context(self, request, case):
        """What the case page and its print view both show."""
        events = case.events.select_related("author", "assignee").prefetch_related("attachments")
        attachments = [
            (attachment, file_type(attachment.content_type), file_size(attachment.size))
            for attachment in case.attachments.all()
        ]
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "case": case,
            "original": case,
            "age": age_text(case.created_at),
            "deadline": deadline_html(case),
            "assignee": person(case.assignee) if case.assignee_id else None,
            "attachments": attachments,
            "events": events,
            "link_is_valid": case.access_is_valid(),
        }

    # --- The way through the queue ---

    def queue_filters(self, request):
        """The queue's filters, search and order the person came from (Django's preserved
        filters), as a query string."""
        return request.GET.get("_changelist_filters", "")

    def queue_url(self, request):
        filters = self.queue_filters(request)
        return reverse("admin:counselling_case_changelist") + (f"?{filters}" if filters else "")

    def queue_neighbours(self, request, case):
        """The cases before and after `case` in the queue as the person filtered, searched and
        sorted it, with the case's place in it: (previous URL, next URL, position, total). The
        queue's case ids are read in one query, however long it is."""
        filters = self.queue_filters(request)
        queue_request = copy.copy(request)
        queue_request.GET = QueryDict(filters)
        queue_request.queue_order_only = True
        try:
            changelist = self.get_changelist_instance(queue_request)
        except IncorrectLookupParameters:
            return None, None, None, None
        ids = list(changelist.queryset.values_list("pk", flat=True))
        if case.pk not in ids:
            return None, None, None, len(ids)
        index = ids.index(case.pk)
        query = f"?{urlencode({'_changelist_filters': filters})}" if filters else ""

        def url(pk):
            return reverse("admin:counselling_case_change", args=[pk]) + query

        previous_case = url(ids[index - 1]) if index > 0 else None
        next_case = url(ids[index + 1]) if index + 1 < len(ids) else None
        return previous_case, next_case, index + 1, len(ids)
