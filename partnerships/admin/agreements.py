"""A municipality's agreements: the form, the parties, commitments and follow-up groups inline, the
state changes and the review as decisions, the signed document (private, downloaded only here),
organisations and production units with their capacity."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxLengthValidator
from django.db.models import Count, Q
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from kit import uploads
from kit.admin import MunicipalityScopedAdmin, ScopedInlineMixin
from kit.admin_review import AdminDecision, ConfirmForm, ReviewAdminMixin, review_decisions
from kit.transitions import Conflict, TransitionNotAllowed
from kit.validators import is_ascii_digits
from partnerships import admin_overview, capacity, services
from partnerships.admin.forms import AgreementAdminForm, CommitmentForm
from partnerships.models import (
    STATE_TRANSITIONS,
    Agreement,
    Commitment,
    FollowUpGroup,
    Organisation,
    Party,
    ProductionUnit,
    State,
)

# --- Choices of enterprises and units: the registry's published ones, and the own ------------------


def enterprise_choices(request):
    """Published enterprises of any municipality, and the own municipality's."""
    if request.user.is_superuser:
        return Enterprise.objects.all()
    return Enterprise.objects.filter(
        Q(status=Enterprise.Status.PUBLISHED) | Q(home_municipality_id=request.user.municipality_id)
    )


def unit_choices(request):
    if request.user.is_superuser:
        return ProductionUnit.objects.select_related("enterprise")
    return ProductionUnit.objects.filter(enterprise__in=enterprise_choices(request)).select_related(
        "enterprise"
    )


class RegistryChoicesMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "enterprise":
            kwargs.setdefault("queryset", enterprise_choices(request))
        elif db_field.name == "production_unit":
            kwargs.setdefault("queryset", unit_choices(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- Decisions ------------------------------------------------------------------------------------


class TerminateForm(forms.Form):
    terminated_on = forms.DateField(label=_("terminated on"), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("why it was terminated"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
    )


class ProlongForm(forms.Form):
    end = forms.DateField(label=_("new end date"))


def _state(to):
    def run(agreement, user, data):
        try:
            services.change_state(
                agreement,
                to=to,
                by=user,
                expected=agreement.state,
                end=data.get("end"),
                terminated_on=data.get("terminated_on"),
                reason=data.get("reason", ""),
            )
        except Conflict as conflict:  # someone moved it first: left as they left it
            raise TransitionNotAllowed(conflict.current, to) from conflict

    return run


def _state_decision(from_, to, title, done, form=ConfirmForm):
    return AdminDecision(
        title=title,
        submit=title,
        done=done,
        form=form,
        applies=lambda agreement: agreement.state in from_ and STATE_TRANSITIONS.allowed(agreement.state, to),
        run=_state(to),
    )


DECISIONS = {
    **review_decisions(
        publish=lambda a, user, data: services.publish_agreement(a, by=user, note=data["note"]),
        reject=lambda a, user, data: services.reject_agreement(a, by=user, reason=data["reason"]),
        hide=lambda a, user, data: services.hide_agreement(a, by=user, reason=data["reason"]),
    ),
    "activate": _state_decision({State.DRAFT}, State.ACTIVE, _("Activate (signed)"), _("Activated")),
    "terminate": _state_decision(
        {State.DRAFT, State.ACTIVE}, State.TERMINATED, _("Terminate"), _("Terminated"), TerminateForm
    ),
    "prolong": _state_decision({State.EXPIRED}, State.ACTIVE, _("Prolong"), _("Prolonged"), ProlongForm),
}
# Staff publish their own drafts directly.
DECISIONS["publish"] = AdminDecision(
    **{
        **DECISIONS["publish"].__dict__,
        "applies": lambda a: a.status == Agreement.Status.DRAFT or a.can("publish"),
    }
)


# --- Inlines ----------------------------------------------------------------------------------------


class PartyForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = ["enterprise", "organisation", "role"]

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("enterprise")) == bool(cleaned.get("organisation")):
            self.add_error("enterprise", _("Choose an enterprise or an organisation (one of them)."))
        return cleaned


class PartyInline(RegistryChoicesMixin, ScopedInlineMixin, admin.TabularInline):
    model = Party
    form = PartyForm
    extra = 0
    fields = ["enterprise", "organisation", "role"]


class CommitmentInline(RegistryChoicesMixin, ScopedInlineMixin, admin.StackedInline):
    model = Commitment
    form = CommitmentForm
    extra = 0
    fields = [
        ("position_kind", "target_group"),
        ("target", "baseline"),
        ("enterprise", "production_unit"),
        "capacity_display",
        ("deadweight_percent", "attribution_percent"),
        "note",
    ]
    readonly_fields = ["capacity_display"]

    @admin.display(description=_("capacity of the production unit"))
    def capacity_display(self, commitment):
        if commitment is None or commitment.production_unit_id is None:
            return "–"
        return capacity_text(commitment.production_unit)


class GroupInline(ScopedInlineMixin, admin.TabularInline):
    model = FollowUpGroup
    extra = 0
    fields = ["group_link", "chair", "meetings_per_year"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("follow-up groups")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("follow-up group"))
    def group_link(self, group):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:partnerships_followupgroup_change", args=[group.pk]), group
        )


def capacity_text(unit):
    room = capacity.capacity(unit)
    return gettext(
        "%(allowed)d on special terms allowed (%(ordinary)d ordinary employees), %(in_use)d now, "
        "%(left)d left; %(committed)d committed in active agreements."
    ) % {
        "allowed": room.allowed,
        "ordinary": unit.ordinary_employees,
        "in_use": room.in_use,
        "left": room.left,
        "committed": capacity.committed(unit),
    }


# --- Agreements -------------------------------------------------------------------------------------

WHAT = ["kind", "title", "slug", "purpose", "tasks"]
PERIOD = ["start", "end", "state", "terminated_on", "termination_reason"]
WHO = ["municipality", "responsible"]
DOCUMENT = ["signed_document_display", "signed_upload"]
RECORD = ["is_example", "created_at", "updated_at"]


@admin.register(Agreement)
class AgreementAdmin(ReviewAdminMixin, MunicipalityScopedAdmin):
    form = AgreementAdminForm
    review_decisions = DECISIONS
    list_display = ["title", "kind", "municipality", "state", "status", "start", "end", "party_count"]
    list_filter = ["state", "status", "kind", "is_example", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["title", "purpose"]
    actions = ["publish", "publish_with_note", "reject_with_reason", "hide"]
    inlines = [PartyInline, CommitmentInline, GroupInline]
    request_max_bytes = uploads.ATTACHMENT.max_size + uploads.MB

    def get_queryset(self, request):
        # Counted per agreement; ordered again, as a grouped query is not by the model's default.
        return (
            super()
            .get_queryset(request)
            .annotate(parties_n=Count("parties", distinct=True))
            .order_by(*Agreement._meta.ordering, "pk")
        )

    @admin.display(description=_("parties"), ordering="parties_n")
    def party_count(self, agreement):
        return agreement.parties_n

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (_("The agreement"), {"fields": WHAT}),
            (_("Period and state"), {"fields": PERIOD}),
            (_("Responsible"), {"fields": WHO}),
            (_("Signed agreement"), {"fields": DOCUMENT}),
        ]
        if obj is not None:
            fieldsets = [
                (_("Review, publishing and state changes"), {"fields": self.review_fields}),
                *fieldsets,
                (_("Record"), {"fields": RECORD, "classes": ["collapse"]}),
            ]
        return self.without_municipality(request, fieldsets)

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            *self.review_fields,
            "terminated_on",
            "termination_reason",
            "signed_document_display",
            "created_at",
            "updated_at",
        ]
        if obj is not None:
            readonly.append("state")  # moved by the decisions, along STATE_TRANSITIONS
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None and "state" in form.base_fields:
            form.base_fields["state"].choices = [
                (State.DRAFT, State.DRAFT.label),
                (State.ACTIVE, State.ACTIVE.label),
            ]
        if "slug" in form.base_fields:
            form.base_fields["slug"].required = False
            form.base_fields["slug"].help_text = gettext("Made from the title when left empty.")
        return form

    @admin.display(description=_("stored file"))
    def signed_document_display(self, agreement):
        if agreement is None or not agreement.pk or not agreement.signed_document:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:partnerships_agreement_signed_document", args=[agreement.pk]),
            agreement.signed_document_name or gettext("signed agreement"),
        )

    def save_model(self, request, obj, form, change):
        if not obj.slug:
            obj.slug = services.unique_slug(obj.title, exclude_pk=obj.pk)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Commitment:
            for commitment in formset.new_objects + [obj for obj, _changed in formset.changed_objects]:
                warn_capacity(request, commitment, self)

    # --- The signed document, for the agreement's own staff ---

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            # The staff's impact overview (partnerships/admin_overview.py): before the change page's
            # "<path:object_id>/", which would take "overview" for an id.
            path("overview/", view(admin_overview.overview_view), name="partnerships_overview"),
            path(
                "<path:object_id>/signed-document/",
                view(self.signed_document_view),
                name="partnerships_agreement_signed_document",
            ),
            *super().get_urls(),
        ]

    def signed_document_view(self, request, object_id):
        agreement = self.get_object(request, unquote(object_id))
        if agreement is None or not agreement.signed_document:
            raise Http404
        if not self.has_view_permission(request, agreement):
            raise PermissionDenied
        handle = agreement.signed_document.open("rb")
        try:
            content_type = uploads.sniff(handle) or "application/octet-stream"
        finally:
            handle.close()
        return uploads.private_file_response(
            agreement.signed_document,
            name=agreement.signed_document_name or "aftale",
            content_type=content_type,
        )


def warn_capacity(request, commitment, model_admin):
    """A warning (saving is allowed) when the commitment's target goes beyond what its production
    unit has left under the reasonableness requirement (with the commitments of the active
    agreements on it)."""
    if commitment.agreement.state in (State.EXPIRED, State.TERMINATED):
        return
    over = capacity.exceeded_by(commitment)
    if over:
        model_admin.message_user(
            request,
            gettext(
                "%(commitment)s: the target exceeds the capacity of %(unit)s under the reasonableness "
                "requirement by %(over)d. %(capacity)s"
            )
            % {
                "commitment": commitment,
                "unit": commitment.production_unit,
                "over": over,
                "capacity": capacity_text(commitment.production_unit),
            },
            messages.WARNING,
        )


# --- Organisations and production units --------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "kind", "municipality", "cvr"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "cvr"]


class ProductionUnitForm(forms.ModelForm):
    class Meta:
        model = ProductionUnit
        fields = [
            "enterprise",
            "p_number",
            "name",
            "address",
            "ordinary_employees",
            "special_terms_employees",
            "counted_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Written as people paste it ("10 1234 5678"): the length is checked once the spaces are gone.
        field = self.fields["p_number"]
        field.max_length = None
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.widget.attrs.pop("maxlength", None)

    def clean_p_number(self):
        # As the CVR register writes it: ten digits, spaces people paste with it dropped.
        number = "".join(self.cleaned_data["p_number"].split())
        if not (is_ascii_digits(number) and len(number) == 10):
            raise forms.ValidationError(
                _("A P-number has 10 digits. You find it at datacvr.virk.dk under the production units.")
            )
        return number


@admin.register(ProductionUnit)
class ProductionUnitAdmin(MunicipalityScopedAdmin):
    form = ProductionUnitForm
    list_display = [
        "name",
        "p_number",
        "enterprise",
        "ordinary_employees",
        "special_terms_employees",
        "counted_on",
    ]
    list_select_related = ["enterprise"]
    search_fields = ["name", "p_number", "enterprise__name"]
    fields = [
        "enterprise",
        ("p_number", "name"),
        "address",
        ("ordinary_employees", "special_terms_employees", "counted_on"),
        "capacity_display",
    ]
    readonly_fields = ["capacity_display"]

    @admin.display(description=_("capacity under the reasonableness requirement"))
    def capacity_display(self, unit):
        if unit is None or unit.pk is None:
            return "–"
        return capacity_text(unit)
