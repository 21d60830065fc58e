"""The registry in the admin: the review queue of a municipality's contact persons.

Every door (change list, search, filters, autocomplete, history, actions and the review pages
below) reads through `get_queryset`, scoped by `Enterprise.objects.visible_to(user)`, so a
contact person reviews only their own municipality's enterprises. Decisions go through
`enterprises.services`, which records them and tells the representatives.
"""

import functools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
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
from kit.uploads import MAX_IMAGE_SIZE, PictureField
from kit.validators import is_ascii_digits

Status = Enterprise.Status

# One page for every decision that needs a reason or a confirmation. It lives here, beside the
# views that render it, and extends the admin's own base so it looks like the rest of the admin.
DECISION_PAGE = """{% extends "admin/base_site.html" %}
{% load i18n admin_urls %}
{% block breadcrumbs %}<div class="breadcrumbs">
<a href="{% url 'admin:index' %}">{% translate 'Home' %}</a>
&rsaquo; <a href="{% url 'admin:app_list' app_label=opts.app_label %}">{{ opts.app_config.verbose_name }}</a>
&rsaquo; <a href="{% url opts|admin_urlname:'changelist' %}">{{ opts.verbose_name_plural|capfirst }}</a>
{% if single %}&rsaquo;
<a href="{% url opts|admin_urlname:'change' single.pk|admin_urlquote %}">{{ single }}</a>{% endif %}
&rsaquo; {{ title }}
</div>{% endblock %}
{% block content %}<div id="content-main">
<form method="post" action="{{ form_action }}" novalidate>{% csrf_token %}
{% if intro %}<p>{{ intro }}</p>{% endif %}
<ul>{% for obj in objects %}
<li>{{ obj }}{% if obj.get_status_display %} ({{ obj.get_status_display }}){% endif %}</li>{% endfor %}</ul>
{% if skipped %}<p>{{ skipped_text }}</p>
<ul>{% for obj in skipped %}<li>{{ obj }}</li>{% endfor %}</ul>{% endif %}
{% for name, value in hidden %}<input type="hidden" name="{{ name }}" value="{{ value }}">{% endfor %}
{% if form %}<fieldset class="module aligned">
{{ form.non_field_errors }}
{% for field in form %}<div class="form-row{% if field.errors %} errors{% endif %}">
{{ field.errors }}<div class="flex-container">{{ field.label_tag }} {{ field }}</div>
{% if field.help_text %}<div class="help">{{ field.help_text }}</div>{% endif %}
</div>{% endfor %}
</fieldset>{% endif %}
<div class="submit-row">
<input type="submit" class="default" value="{{ submit_label }}">
<a href="{{ cancel_url }}" class="closelink">{% translate 'Cancel' %}</a>
</div>
</form></div>{% endblock %}
"""


@functools.cache
def _decision_template():
    return engines["django"].from_string(DECISION_PAGE)


def render_decision_page(request, model_admin, **context):
    return TemplateResponse(
        request,
        _decision_template(),
        {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, **context},
    )


# --- Decision forms ----------------------------------------------------------------------------


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the representative"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Optional. Sent with the decision."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Sent to the representative with the decision."),
    )


class HideForm(ReasonForm):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Optional. Sent to the representative."),
    )


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


def _can_publish(enterprise):
    return enterprise.status != Status.PUBLISHED or bool(enterprise.pending_changes)


def _can_reject(enterprise):
    return enterprise.status in (Status.PENDING, Status.DRAFT) or (
        enterprise.status == Status.PUBLISHED and bool(enterprise.pending_changes)
    )


class Decision:
    def __init__(self, *, title, submit, done, form, applies, run):
        self.title, self.submit, self.done = title, submit, done
        self.form, self.applies, self.run = form, applies, run


DECISIONS = {
    "publish": Decision(
        title=_("Publish"),
        submit=_("Publish"),
        done=_("Published"),
        form=PublishForm,
        applies=_can_publish,
        run=lambda e, reviewer, data: services.publish(enterprise=e, reviewer=reviewer, note=data["note"]),
    ),
    "reject": Decision(
        title=_("Reject"),
        submit=_("Reject"),
        done=_("Rejected"),
        form=ReasonForm,
        applies=_can_reject,
        run=lambda e, reviewer, data: services.reject(enterprise=e, reviewer=reviewer, reason=data["reason"]),
    ),
    "hide": Decision(
        title=_("Hide"),
        submit=_("Hide"),
        done=_("Hidden"),
        form=HideForm,
        applies=lambda e: e.status != Status.HIDDEN,
        run=lambda e, reviewer, data: services.hide(enterprise=e, reviewer=reviewer, reason=data["reason"]),
    ),
    "classify": Decision(
        title=_("Set the classification"),
        submit=_("Save the classification"),
        done=_("Classification saved"),
        form=ClassificationForm,
        applies=lambda e: True,
        run=lambda e, reviewer, data: services.set_classification(
            enterprise=e,
            reviewer=reviewer,
            classification=data["classification"],
            reason=data["reason"].strip(),
        ),
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


def _formfield(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class EnterpriseAdminForm(forms.ModelForm):
    # The same CVR check as the self-service form: it says what is wrong with a number.
    cvr = CVRField()

    class Meta:
        model = Enterprise
        fields = [*PROFILE_FIELDS, *POSITION_FIELDS, *CLASSIFICATION_INPUTS]
        formfield_callback = _formfield


# --- Inlines -----------------------------------------------------------------------------------


class EnterpriseChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The profile's history: who changed what, and the decisions with their reasons."""

    model = EnterpriseChange
    extra = 0
    fields = ["at", "kind", "user", "fields", "note"]
    readonly_fields = fields
    ordering = ["-at", "-pk"]
    verbose_name_plural = _("history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


# Pictures staff upload are public too: re-encoded without their EXIF/GPS, as the representatives' are.
PICTURES = {models.ImageField: {"form_class": PictureField}}


class EnterprisePhotoInline(admin.TabularInline):
    model = EnterprisePhoto
    formfield_overrides = PICTURES
    extra = 0
    fields = ["image", "caption", "position"]


# --- Enterprises -------------------------------------------------------------------------------


class EnterpriseAdmin(MunicipalityScopedAdmin):
    form = EnterpriseAdminForm
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

    REVIEW_FIELDS = ["status", "review_tools", "pending_changes_display", "claims_display", "review_note"]
    CLASSIFICATION_FIELDS = ["classification_display", *CLASSIFICATION_INPUTS]
    DISPLAY_ONLY = [
        "status",
        "review_tools",
        "pending_changes_display",
        "claims_display",
        "review_note",
        "classification_display",
        "published_at",
        "created_at",
        "updated_at",
    ]

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
        return self.without_municipality(request, [
            (_("Review"), {"fields": self.REVIEW_FIELDS}),
            *fieldsets,
            (_("Record"), {"fields": ["published_at", "created_at", "updated_at"], "classes": ["collapse"]}),
        ])

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

    @admin.display(description=_("decisions"))
    def review_tools(self, obj):
        if obj.pk is None:
            return ""
        links = [
            (reverse("admin:enterprises_enterprise_review", args=[obj.pk, name]), decision.title)
            for name, decision in DECISIONS.items()
            if decision.applies(obj)
        ]
        return format_html_join(" ", '<a class="button" href="{}">{}</a>', links)

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

    # --- Actions ---

    @admin.action(description=_("Publish the selected enterprises (and their waiting changes)"),
                  permissions=["change"])  # fmt: skip
    def publish(self, request, queryset):
        self.apply_decision(request, "publish", list(queryset), {"note": ""})

    @admin.action(description=_("Hide the selected enterprises"), permissions=["change"])
    def hide(self, request, queryset):
        self.apply_decision(request, "hide", list(queryset), {"reason": ""})

    @admin.action(description=_("Publish with a note…"), permissions=["change"])
    def publish_with_note(self, request, queryset):
        return self.decision_page(request, "publish", list(queryset))

    @admin.action(description=_("Reject with a reason…"), permissions=["change"])
    def reject_with_reason(self, request, queryset):
        return self.decision_page(request, "reject", list(queryset))

    @admin.action(description=_("Set the classification…"), permissions=["change"])
    def set_classification(self, request, queryset):
        return self.decision_page(request, "classify", list(queryset))

    # --- Review pages ---

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("review/<str:decision>/", view(self.review_view), name=f"{info}_review_many"),
            path(
                "<path:object_id>/review/<str:decision>/",
                view(self.review_view),
                name=f"{info}_review",
            ),
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

    def review_view(self, request, decision, object_id=None):
        """Publish, reject, hide or classify one enterprise (from its page) or several (an action)."""
        if decision not in DECISIONS:
            raise Http404
        if object_id is not None:
            enterprise = self.get_object(request, unquote(object_id))
            if enterprise is None:
                raise Http404
            objects = [enterprise]
        else:
            data = request.POST if request.method == "POST" else request.GET
            ids = [pk for pk in data.getlist("ids") if is_ascii_digits(pk)]
            objects = list(self.get_queryset(request).filter(pk__in=ids))
        if not all(self.has_change_permission(request, obj) for obj in objects) or not (
            self.has_change_permission(request)
        ):
            raise PermissionDenied
        if not objects:
            self.message_user(
                request, gettext("None of the selected enterprises can be found."), messages.WARNING
            )
            return HttpResponseRedirect(reverse("admin:enterprises_enterprise_changelist"))
        initial = {}
        if decision == "classify" and len(objects) == 1:
            initial = {
                "classification": objects[0].classification_override,
                "reason": objects[0].classification_override_reason,
            }
        form = DECISIONS[decision].form(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            self.apply_decision(request, decision, objects, form.cleaned_data)
            return HttpResponseRedirect(self.back_url(objects, object_id))
        return self.decision_page(request, decision, objects, form=form, object_id=object_id)

    def decision_page(self, request, decision, objects, form=None, object_id=None):
        spec = DECISIONS[decision]
        applicable = [obj for obj in objects if spec.applies(obj)]
        skipped = [obj for obj in objects if not spec.applies(obj)]
        if object_id is None:
            action = reverse("admin:enterprises_enterprise_review_many", args=[decision])
        else:
            action = reverse("admin:enterprises_enterprise_review", args=[objects[0].pk, decision])
        return render_decision_page(
            request,
            self,
            title=f"{spec.title}: {objects[0]}" if object_id is not None else spec.title,
            objects=applicable,
            skipped=skipped,
            skipped_text=gettext("These are left as they are: the decision does not apply to them."),
            single=objects[0] if object_id is not None else None,
            form=form or spec.form(),
            form_action=action,
            hidden=[("ids", obj.pk) for obj in applicable] if object_id is None else [],
            submit_label=spec.submit,
            cancel_url=self.back_url(objects, object_id),
        )

    def back_url(self, objects, object_id):
        if object_id is not None:
            return reverse("admin:enterprises_enterprise_change", args=[objects[0].pk])
        return reverse("admin:enterprises_enterprise_changelist")

    def apply_decision(self, request, decision, objects, data):
        spec = DECISIONS[decision]
        done = skipped = 0
        for enterprise in objects:
            if not spec.applies(enterprise):
                skipped += 1
                continue
            try:
                spec.run(enterprise, request.user, data)
            except ValidationError as error:
                # The service's transaction is rolled back: nothing of this one is saved.
                self.message_user(
                    request,
                    format_html("{}: {}", enterprise, " ".join(error.messages)),
                    messages.ERROR,
                )
                continue
            done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(decision)s: %(count)d enterprise.", "%(decision)s: %(count)d enterprises.", done)
                % {"decision": spec.done, "count": done},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d enterprise was left as it was: the decision does not apply to it.",
                    "%(count)d enterprises were left as they were: the decision does not apply to them.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

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
        return render_decision_page(
            request,
            self,
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
class SuccessStoryAdmin(MunicipalityScopedAdmin):
    formfield_overrides = PICTURES
    list_display = ["title", "enterprise", "date", "status"]
    list_filter = ["status", "enterprise__home_municipality"]
    list_select_related = ["enterprise"]
    search_fields = ["title", "enterprise__name"]
    actions = ["publish_stories", "reject_stories"]
    date_hierarchy = "date"
    # A story's photo (kit.middleware reads it before anything else).
    request_max_bytes = MAX_IMAGE_SIZE + 1024 * 1024

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("enterprise")

    def get_ordering(self, request):
        return [Case(When(status=Status.PENDING, then=Value(0)), default=Value(1)).asc(), "-date", "-pk"]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status", "review_note", "created_at"]
        if obj is not None:
            readonly.append("enterprise")  # a story stays with its enterprise
        return readonly

    def get_autocomplete_fields(self, request):
        return ["enterprise"]

    @admin.action(description=_("Publish the selected success stories"), permissions=["change"])
    def publish_stories(self, request, queryset):
        count = 0
        for story in queryset.exclude(status=Status.PUBLISHED):
            services.review_story(story=story, reviewer=request.user, publish=True)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d success story published.", "%(count)d success stories published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject the selected success stories with a reason…"), permissions=["change"])
    def reject_stories(self, request, queryset):
        stories = list(queryset.exclude(status=Status.REJECTED))
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            for story in stories:
                services.review_story(
                    story=story, reviewer=request.user, publish=False, reason=form.cleaned_data["reason"]
                )
            self.message_user(
                request,
                ngettext(
                    "%(count)d success story rejected.", "%(count)d success stories rejected.", len(stories)
                )
                % {"count": len(stories)},
                messages.SUCCESS,
            )
            return None
        # The page posts back to the change list, which runs this action again with the reason.
        return render_decision_page(
            request,
            self,
            title=gettext("Reject success stories"),
            objects=stories,
            form=form,
            form_action="",
            hidden=[("action", "reject_stories"), ("apply", "1")]
            + [(helpers.ACTION_CHECKBOX_NAME, story.pk) for story in stories],
            submit_label=gettext("Reject"),
            cancel_url=reverse("admin:enterprises_successstory_changelist"),
        )


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
