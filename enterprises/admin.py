"""The registry in the admin: the review queue of a municipality's contact persons.

Every door (change list, search, filters, autocomplete, history, actions and the review pages of
kit.admin_review) reads through `get_queryset`, scoped by `Enterprise.objects.visible_to(user)`,
so a contact person reviews only their own municipality's enterprises. Decisions go through
`enterprises.services`, which records them and tells the representatives.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from enterprises import services
from enterprises.forms import CVRField
from enterprises.models import (
    RSV_CRITERIA,
    Enterprise,
    EnterpriseChange,
    EnterprisePhoto,
    ServiceCategory,
    SuccessStory,
    TargetGroup,
)
from kit.admin import MunicipalityScopedAdmin, ReadOnlyAdminMixin
from kit.admin_review import AdminDecision, ReasonForm, ReviewAdminMixin, review_decisions
from kit.forms import https_formfield
from kit.uploads import MAX_IMAGE_SIZE, PictureField
from kit.validators import is_ascii_digits

Status = Enterprise.Status

# --- Decisions ----------------------------------------------------------------------------------


class ClassificationForm(forms.Form):
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=[
            ("", _("Derive it from the profile (remove the municipality's setting)")),
            *Enterprise.Classification.choices,
        ],
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        # The reason is shown on the profile inside classification_reason (300 characters).
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Shown on the profile with the classification."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("classification") and not cleaned.get("reason", "").strip():
            self.add_error("reason", gettext("Say why the municipality sets the classification."))
        return cleaned


#: The review decisions (kit.admin_review) and the classification, which takes the same page.
DECISIONS = {
    **review_decisions(
        submit=lambda e, user, data: services.submit(enterprise=e, user=user),
        publish=lambda e, user, data: services.publish(enterprise=e, reviewer=user, note=data["note"]),
        reject=lambda e, user, data: services.reject(enterprise=e, reviewer=user, reason=data["reason"]),
        hide=lambda e, user, data: services.hide(enterprise=e, reviewer=user, reason=data["reason"]),
    ),
    "classify": AdminDecision(
        title=_("Set the classification"),
        submit=_("Save the classification"),
        done=_("Classification saved"),
        form=ClassificationForm,
        applies=lambda e: True,
        run=lambda e, user, data: services.set_classification(
            enterprise=e, reviewer=user, classification=data["classification"], reason=data["reason"].strip()
        ),
        initial=lambda e: {
            "classification": e.classification_override,
            "reason": e.classification_override_reason,
        },
    ),
}


# --- The enterprise form -----------------------------------------------------------------------

PROFILE_FIELDS = [
    "name", "slug", "cvr", "legal_form", "home_municipality", "serves", "address", "website", "email",
    "phone", "summary", "description", "social_purpose", "sector", "services", "target_groups", "logo",
    "representatives", "is_example",
]  # fmt: skip
POSITION_FIELDS = [
    "employees", "positions_flexjob", "positions_wage_subsidy", "positions_small_jobs",
    "positions_ordinary_hire",
]  # fmt: skip
CLASSIFICATION_INPUTS = [
    "rsv_registered",
    "rsv_verified_on",
    *[name for name, _label in RSV_CRITERIA],
    "employment_services_share",
]


class EnterpriseAdminForm(forms.ModelForm):
    # The same CVR check as the self-service form: it says what is wrong with a number.
    cvr = CVRField()

    class Meta:
        model = Enterprise
        fields = [*PROFILE_FIELDS, *POSITION_FIELDS, *CLASSIFICATION_INPUTS]
        formfield_callback = https_formfield


# --- Inlines -----------------------------------------------------------------------------------


class EnterpriseChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The profile's history: who changed what, and the decisions with their reasons."""

    model = EnterpriseChange
    extra = 0
    fields = ["at", "kind", "changed_by", "fields", "note"]
    readonly_fields = fields
    ordering = ["-at", "-pk"]
    verbose_name_plural = _("history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    # The model's field has no translated name: the column would read "USER" on a Danish page.
    @admin.display(description=_("by"))
    def changed_by(self, change):
        return change.user or "–"


# Pictures staff upload are public too: re-encoded without their EXIF/GPS, as the representatives' are.
PICTURES = {models.ImageField: {"form_class": PictureField}}


class EnterprisePhotoInline(admin.TabularInline):
    model = EnterprisePhoto
    formfield_overrides = PICTURES
    extra = 0
    fields = ["image", "caption", "position"]


# --- Enterprises -------------------------------------------------------------------------------


class EnterpriseAdmin(ReviewAdminMixin, MunicipalityScopedAdmin):
    form = EnterpriseAdminForm
    review_decisions = DECISIONS
    list_display = [
        "name",
        "cvr",
        "home_municipality",
        "status",
        "classification",
        "has_pending_changes",
        "has_open_claim",
        "updated_at",
    ]
    list_filter = ["status", "classification", "sector", "rsv_registered", "is_example", "home_municipality"]
    list_select_related = ["home_municipality"]
    search_fields = ["name", "cvr", "email"]
    actions = ["publish", "hide", "publish_with_note", "reject_with_reason", "set_classification"]
    inlines = [EnterprisePhotoInline, EnterpriseChangeInline]
    # A logo and a handful of new photos in one save (kit.middleware reads it before anything else).
    request_max_bytes = 10 * MAX_IMAGE_SIZE
    filter_horizontal = ["serves", "services", "target_groups"]
    # An enterprise may serve any municipality, not only its home.
    public_choices = ["serves"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}, **PICTURES}

    REVIEW_FIELDS = [
        "status",
        "review_tools",
        "pending_changes_display",
        "claims_display",
        "review_note",
        "reviewed_by",
        "reviewed_at",
    ]
    RECORD_FIELDS = ["submitted_at", "published_at", "created_at", "updated_at"]
    CLASSIFICATION_FIELDS = ["classification_display", *CLASSIFICATION_INPUTS]
    DISPLAY_ONLY = [*REVIEW_FIELDS, *RECORD_FIELDS, "classification_display"]

    # --- Scoping and the queue ---

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(open_claim=Exists(_open_claims()))

    def get_ordering(self, request):
        # The review queue: profiles waiting for review first, then held changes and claims.
        return [
            Case(
                When(status=Status.PENDING, then=Value(0)),
                When(~Q(pending_changes={}) | Exists(_open_claims()), then=Value(1)),
                default=Value(2),
            ).asc(),
            "-updated_at",
        ]

    def get_search_results(self, request, queryset, search_term):
        digits = "".join(c for c in search_term if c not in " -.")
        if len(digits) == 8 and is_ascii_digits(digits):
            search_term = digits  # "12 34 56 78", as CVR numbers are often written
        return super().get_search_results(request, queryset, search_term)

    def get_autocomplete_fields(self, request):
        # Only superusers choose among all accounts; staff never list other people's accounts.
        return ["representatives"] if request.user.is_superuser else []

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.DISPLAY_ONLY)
        if not request.user.is_superuser:
            readonly.append("representatives")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        # The admin's URLify script spells "Grøn" as "gron", not as kit.text.slugify's "groen"
        # (used for every profile a representative creates); staff may correct the suggestion.
        return {"slug": ["name"]} if obj is None else {}

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (_("Profile"), {"fields": PROFILE_FIELDS}),
            (_("Employees and positions on special terms"), {"fields": POSITION_FIELDS}),
            (_("Recognition and classification"), {"fields": self.CLASSIFICATION_FIELDS}),
        ]
        if obj is None:
            return self.without_municipality(request, fieldsets)
        return self.without_municipality(
            request,
            [
                (_("Review"), {"fields": self.REVIEW_FIELDS}),
                *fieldsets,
                (_("Record"), {"fields": self.RECORD_FIELDS, "classes": ["collapse"]}),
            ],
        )

    # --- Columns and read-only displays ---

    @admin.display(description=_("changes waiting"), boolean=True)
    def has_pending_changes(self, obj):
        return bool(obj.pending_changes)

    @admin.display(description=_("claim waiting"), boolean=True, ordering="open_claim")
    def has_open_claim(self, obj):
        return getattr(obj, "open_claim", False)

    @admin.display(description=_("classification"))
    def classification_display(self, obj):
        text = format_html(
            "<strong>{}</strong><br>{}", obj.get_classification_display(), obj.classification_reason
        )
        if obj.classification_override:
            text += format_html("<br><em>{}</em>", gettext("Set by the municipality."))
        return text

    @admin.display(description=_("changes waiting for review"))
    def pending_changes_display(self, obj):
        if not obj.pending_changes:
            return gettext("None")
        rows = []
        for name, proposed in sorted(obj.pending_changes.items()):
            try:
                field = Enterprise._meta.get_field(name)
                label = field.verbose_name
            except Exception:
                label = name
            rows.append((capfirst(label), _display(getattr(obj, name, "")), _display(proposed)))
        return format_html(
            '<table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            "</tr></thead><tbody>{}</tbody></table>",
            gettext("Field"),
            gettext("Now"),
            gettext("Proposed"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.display(description=_("claims"))
    def claims_display(self, obj):
        claims = open_claims(obj)
        if not claims:
            return gettext("None")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li>{} ({}) <a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a></li>',
                (
                    (
                        claim.user.get_full_name() or claim.user.username,
                        claim.user.email,
                        reverse("admin:enterprises_enterprise_approve_claim", args=[obj.pk, claim.pk]),
                        gettext("Approve claim"),
                        reverse("admin:enterprises_enterprise_refuse_claim", args=[obj.pk, claim.pk]),
                        gettext("Refuse claim"),
                    )
                    for claim in claims
                ),
            ),
        )

    # --- Saving edits made in the admin ---

    def save_model(self, request, obj, form, change):
        services.refresh(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        enterprise = form.instance
        services.refresh(enterprise)  # the search text includes the services, saved just now
        enterprise.save(update_fields=["classification", "classification_reason", "search_document"])
        if change and form.changed_data:
            EnterpriseChange.objects.create(
                enterprise=enterprise,
                user=request.user,
                kind=EnterpriseChange.Kind.EDIT,
                fields=sorted(form.changed_data),
                note=gettext("In the admin"),
            )

    # --- Actions (publish, hide and the review pages come from ReviewAdminMixin) ---

    @admin.action(description=_("Set the classification…"), permissions=["change"])
    def set_classification(self, request, queryset):
        return self.decision_page(request, "classify", list(queryset))

    # --- Claims ---

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/claims/<int:change_id>/approve/",
                view(self.approve_claim_view),
                name=f"{info}_approve_claim",
            ),
            path(
                "<path:object_id>/claims/<int:change_id>/refuse/",
                view(self.refuse_claim_view),
                name=f"{info}_refuse_claim",
            ),
            *super().get_urls(),
        ]

    def approve_claim_view(self, request, object_id, change_id):
        return self._claim_decision(request, object_id, change_id, approve=True)

    def refuse_claim_view(self, request, object_id, change_id):
        return self._claim_decision(request, object_id, change_id, approve=False)

    def _claim_decision(self, request, object_id, change_id, *, approve):
        """Approve a request to represent an enterprise, or refuse it with a reason."""
        enterprise = self.get_object(request, unquote(object_id))
        if enterprise is None:
            raise Http404
        if not self.has_change_permission(request, enterprise):
            raise PermissionDenied
        claim = get_object_or_404(
            EnterpriseChange.objects.select_related("user"),
            pk=change_id,
            enterprise=enterprise,
            kind=EnterpriseChange.Kind.CLAIMED,
            user__isnull=False,
        )
        change_url = reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])
        if not enterprise.changes.open_claims().filter(pk=claim.pk).exists():
            self.message_user(request, gettext("The claim is already decided."), messages.INFO)
            return HttpResponseRedirect(change_url)
        user = claim.user
        form = None if approve else ReasonForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and (form is None or form.is_valid()):
            if approve:
                services.approve_claim(enterprise=enterprise, user=user, reviewer=request.user)
                done = gettext("%(user)s now represents %(enterprise)s.") % {
                    "user": user.email or user.username,
                    "enterprise": enterprise,
                }
            else:
                services.refuse_claim(
                    enterprise=enterprise,
                    user=user,
                    reviewer=request.user,
                    reason=form.cleaned_data["reason"],
                )
                done = gettext("The claim is refused.")
            self.message_user(request, done, messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        label = gettext("Approve claim") if approve else gettext("Refuse claim")
        question = (
            gettext("%(user)s (%(email)s) asks to represent %(enterprise)s. Approve the claim?")
            if approve
            else gettext("%(user)s (%(email)s) asks to represent %(enterprise)s. Why is the answer no?")
        )
        return self.render_decision_page(
            request,
            title=label,
            intro=question
            % {"user": user.get_full_name() or user.username, "email": user.email, "enterprise": enterprise},
            objects=[],
            single=enterprise,
            form=form,
            form_action=request.path,
            hidden=[],
            submit_label=label,
            cancel_url=change_url,
        )


def _open_claims():
    """The undecided claims on the outer enterprise, for the review queue's ordering and column."""
    return EnterpriseChange.objects.filter(enterprise=OuterRef("pk")).open_claims()


def open_claims(enterprise):
    """The claims nobody has decided on yet, the latest per person."""
    latest = {}
    for claim in enterprise.changes.open_claims().select_related("user").order_by("-at", "-pk"):
        latest.setdefault(claim.user_id, claim)
    return list(latest.values())


def _display(value):
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return "–" if value in (None, "") else str(value)


admin.site.register(Enterprise, EnterpriseAdmin)


# --- Success stories ---------------------------------------------------------------------------


@admin.register(SuccessStory)
class SuccessStoryAdmin(ReviewAdminMixin, MunicipalityScopedAdmin):
    formfield_overrides = PICTURES
    list_display = ["title", "enterprise", "date", "status"]
    list_filter = ["status", "enterprise__home_municipality"]
    list_select_related = ["enterprise"]
    search_fields = ["title", "enterprise__name"]
    actions = ["publish", "publish_with_note", "reject_with_reason"]
    date_hierarchy = "date"
    # A story's photo (kit.middleware reads it before anything else).
    request_max_bytes = MAX_IMAGE_SIZE + 1024 * 1024
    review_decisions = review_decisions(
        publish=lambda story, user, data: services.review_story(
            story=story, reviewer=user, publish=True, reason=data["note"]
        ),
        reject=lambda story, user, data: services.review_story(
            story=story, reviewer=user, publish=False, reason=data["reason"]
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("enterprise")

    def get_ordering(self, request):
        return [Case(When(status=Status.PENDING, then=Value(0)), default=Value(1)).asc(), "-date", "-pk"]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*self.review_fields, "created_at"]
        if obj is not None:
            readonly.append("enterprise")  # a story stays with its enterprise
        return readonly

    def get_autocomplete_fields(self, request):
        return ["enterprise"]


# --- Shared vocabularies -----------------------------------------------------------------------


class VocabularyAdmin(admin.ModelAdmin):
    """Shared by every municipality (procurement and mentoring use them too): superusers and
    municipal administrators keep them; removing a term is for superusers only."""

    list_display = ["name", "name_en", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]


admin.site.register(ServiceCategory, VocabularyAdmin)
admin.site.register(TargetGroup, VocabularyAdmin)
