"""A municipality's mentor requests: "waiting for a match" is the list's first view; each request's
page shows its suggestions with their reasons, a "propose" button per suggestion and its matches.
Contact persons add requests, also from a counselling case (`?case=<pk>`, a case they may see):
the mentee's name, address, language, enterprise and municipality come from the case, and the
request keeps the link to it."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from counselling.models import Case
from kit.admin import MunicipalityScopedAdmin
from kit.validators import is_ascii_digits
from mentoring import matching, services
from mentoring.admin.forms import MentorRequestAdminForm, ProposeForm
from mentoring.models import OPEN_STATUSES, MentorOffer, MentorRequest


class WaitingFilter(admin.SimpleListFilter):
    """Waiting for a match (the default), every request, or those with a match going on."""

    title = _("matching")
    parameter_name = "match"

    def lookups(self, request, model_admin):
        return [("open", _("Match going on")), ("all", _("All"))]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Waiting for a match"),
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        if self.value() == "open":
            return queryset.filter(matches__status__in=OPEN_STATUSES).distinct()
        return queryset.waiting()


WHO = ["municipality", "mentee_name", "mentee_email", "language", "enterprise", "case", "mentee_user"]
WHAT = ["needs", "sector", "goals", "description"]
BROKER = ["contact_person", "status", "wanted_offer", "created_by", "created_at"]


@admin.register(MentorRequest)
class MentorRequestAdmin(MunicipalityScopedAdmin):
    form = MentorRequestAdminForm
    list_display = [
        "mentee_name",
        "enterprise",
        "municipality",
        "sector",
        "status",
        "contact_person",
        "created_at",
    ]
    list_filter = [WaitingFilter, "status", "sector", "municipality"]
    list_select_related = ["enterprise", "municipality", "contact_person"]
    search_fields = ["mentee_name", "mentee_email", "goals"]
    change_form_template = "admin/mentoring/mentorrequest/change_form.html"

    def get_fieldsets(self, request, obj=None):
        # The case a request was made from stays as it was: a hidden field on the add form (its
        # choices the cases the person may see), a link on the change page.
        who = WHO if obj is None else ["case_link" if f == "case" else f for f in WHO]
        return self.without_municipality(
            request,
            [
                (_("The mentee"), {"fields": who}),
                (_("What they need"), {"fields": WHAT}),
                (_("Brokering"), {"fields": BROKER}),
            ],
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = ["mentee_user", "status", "wanted_offer", "created_by", "created_at"]
        if obj is not None:
            readonly.append("case_link")
        return readonly

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and obj.case_id is not None:
            # A confidential case of someone else: the request may say that there is one, no more.
            obj.case_visible = Case.objects.visible_to(request.user).filter(pk=obj.case_id).exists()
        return obj

    @admin.display(description=_("counselling case"))
    def case_link(self, mentor_request):
        if mentor_request is None or mentor_request.case_id is None:
            return "–"
        if not getattr(mentor_request, "case_visible", False):
            return gettext("A case you may not see")
        case = mentor_request.case
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:counselling_case_change", args=[case.pk]), case.reference
        )

    # --- From a counselling case ---

    def case_from(self, request):
        """The case of `?case=<pk>`, when the user may see it; None without the parameter; raises
        PermissionDenied for a case they may not see (or no case at all)."""
        value = request.GET.get("case")
        if value is None:
            return None
        if not is_ascii_digits(value) or len(value) > 10:
            raise PermissionDenied
        case = (
            Case.objects.visible_to(request.user).select_related("enterprise").filter(pk=int(value)).first()
        )
        if case is None:
            raise PermissionDenied
        return case

    def add_view(self, request, form_url="", extra_context=None):
        try:
            self.case_from(request)
        except PermissionDenied:
            self.message_user(
                request, gettext("That counselling case is not one you may see."), messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:mentoring_mentorrequest_add"))
        return super().add_view(request, form_url, extra_context)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.pop("case", None)
        case = self.case_from(request)
        if case is not None:
            initial.update(
                case=case.pk,
                mentee_name=case.applicant_name,
                mentee_email=case.applicant_email,
                language=case.language,
                enterprise=case.enterprise_id,
                municipality=case.municipality_id,
                description=case.description,
                contact_person=case.assignee_id or request.user.pk,
            )
        else:
            initial.setdefault("contact_person", request.user.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    # --- The suggestions and the "propose" button ---

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if obj is not None and self.has_view_permission(request, obj):
            extra_context.update(self.suggestions_context(request, obj))
        return super().change_view(request, object_id, form_url, extra_context)

    def suggestions_context(self, request, mentor_request):
        can_propose = self.has_change_permission(request, mentor_request) and (
            mentor_request.status != MentorRequest.Status.CLOSED
        )
        return {
            "suggestions": matching.suggest(mentor_request) if can_propose else [],
            "can_propose": can_propose,
            "propose_url": reverse("admin:mentoring_mentorrequest_propose", args=[mentor_request.pk]),
            "propose_form": ProposeForm(),
            "request_matches": list(
                mentor_request.matches.select_related("offer").order_by("-proposed_at", "-pk")
            ),
        }

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/propose/", view(self.propose_view), name="mentoring_mentorrequest_propose"
            ),
            *super().get_urls(),
        ]

    def propose_view(self, request, object_id):
        return require_POST(self._propose)(request, object_id)

    def _propose(self, request, object_id):
        mentor_request = self.get_object(request, unquote(object_id))
        if mentor_request is None:
            raise Http404
        if not self.has_change_permission(request, mentor_request):
            raise PermissionDenied
        back = HttpResponseRedirect(reverse("admin:mentoring_mentorrequest_change", args=[mentor_request.pk]))
        form = ProposeForm(request.POST)
        offer = None
        if form.is_valid():
            offer = MentorOffer.objects.filter(pk=form.cleaned_data["offer"]).first()
        if offer is None:
            self.message_user(request, gettext("Choose one of the suggested mentors."), messages.ERROR)
            return back
        try:
            services.propose(
                mentor_request, offer=offer, by=request.user, message=form.cleaned_data["message"]
            )
        except services.Refused as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return back
        self.message_user(
            request,
            gettext("%(mentor)s is asked to answer within five working days.")
            % {"mentor": offer.mentor_name},
            messages.SUCCESS,
        )
        return back
