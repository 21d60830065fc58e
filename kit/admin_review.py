"""The review decisions in the admin: actions on the change list, a page per decision that asks for
a note or a reason, and the decision buttons on an object's change page.

An admin of a reviewed model adds `ReviewAdminMixin` to its bases and says which decisions it
offers and which of its app's services each runs::

    class OfferAdmin(ReviewAdminMixin, MunicipalityScopedAdmin):
        actions = ["publish", "publish_with_note", "reject_with_reason", "hide"]
        readonly_fields = ReviewAdminMixin.review_fields
        review_decisions = review_decisions(
            publish=lambda offer, user, data: services.publish(offer, by=user, note=data["note"]),
            reject=lambda offer, user, data: services.reject(offer, by=user, reason=data["reason"]),
            hide=lambda offer, user, data: services.hide(offer, by=user, reason=data["reason"]),
        )

(`services` being the app's own, which call kit.review's and add the app's history and mail.)

Every page reads its objects through the admin's `get_queryset` (so through its scoping) and
checks the change permission; the service checks the status again under its lock, and a decision
that no longer applies is reported as left alone. The pages are templates under
templates/admin/kit/, overridable per app or model as the admin's own templates are.
"""

import dataclasses
import functools
from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kit.transitions import TransitionNotAllowed

# --- Decision forms -------------------------------------------------------------------------------


def _text(label, help_text, *, required, max_length=2000):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=help_text,
    )


class ConfirmForm(forms.Form):
    """A decision that needs nothing but a yes."""


class NoteForm(forms.Form):
    note = _text(_("Note with the decision"), _("Optional. Sent with the decision."), required=False)


class ReasonForm(forms.Form):
    reason = _text(_("Reason"), _("Required. Sent with the decision."), required=True)


class OptionalReasonForm(forms.Form):
    reason = _text(_("Reason"), _("Optional. Sent with the decision."), required=False)


@dataclasses.dataclass(frozen=True)
class AdminDecision:
    """One decision the admin offers: its words, the form it asks, whether it applies to an object
    now, and what it runs: `run(obj, user, cleaned_data)`, the app's service."""

    title: str
    submit: str
    done: str
    form: type[forms.Form]
    applies: Callable
    run: Callable
    #: The form's initial values for one object (`initial(obj)`), e.g. its current setting.
    initial: Callable | None = None


#: The page of each review decision: its title, the label of its button, the word for it done, and
#: the form it asks.
REVIEW_PAGES = {
    "submit": (_("Send for review"), _("Send for review"), _("Sent for review"), ConfirmForm),
    "publish": (_("Publish"), _("Publish"), _("Published"), NoteForm),
    "reject": (_("Reject"), _("Reject"), _("Rejected"), ReasonForm),
    "hide": (_("Hide"), _("Hide"), _("Hidden"), OptionalReasonForm),
}


def review_decisions(*, publish, reject, hide=None, submit=None):
    """The review decisions, each running the app's own service (`run(obj, user, data)`;
    `data` has "note" for publish, "reason" for reject and hide, nothing for submit)."""
    runs = {"submit": submit, "publish": publish, "reject": reject, "hide": hide}
    return {
        name: AdminDecision(
            title=title,
            submit=label,
            done=done,
            form=form,
            applies=functools.partial(_applies, name),
            run=runs[name],
        )
        for name, (title, label, done, form) in REVIEW_PAGES.items()
        if runs[name] is not None
    }


def _applies(decision, obj):
    return obj.can(decision)


class ReviewAdminMixin:
    #: name → AdminDecision: the review decisions (`review_decisions(...)`) and any other
    #: decision of the model that wants the same page (a classification, say).
    review_decisions = {}
    #: The record of the review, shown read-only: staff decide through the decisions, never by
    #: editing the status (and `reviewed_by` must never offer a list of accounts).
    review_fields = [
        "status",
        "review_tools",
        "review_note",
        "reviewed_by",
        "reviewed_at",
        "submitted_at",
        "published_at",
    ]

    # --- Actions on the change list ---

    @admin.action(description=_("Publish the selected %(verbose_name_plural)s"), permissions=["change"])
    def publish(self, request, queryset):
        self.apply_decision(request, "publish", list(queryset), {"note": ""})

    @admin.action(description=_("Hide the selected %(verbose_name_plural)s"), permissions=["change"])
    def hide(self, request, queryset):
        self.apply_decision(request, "hide", list(queryset), {"reason": ""})

    @admin.action(description=_("Publish with a note…"), permissions=["change"])
    def publish_with_note(self, request, queryset):
        return self.decision_page(request, "publish", list(queryset))

    @admin.action(description=_("Reject with a reason…"), permissions=["change"])
    def reject_with_reason(self, request, queryset):
        return self.decision_page(request, "reject", list(queryset))

    # --- The decision buttons on the change page ---

    @admin.display(description=_("decisions"))
    def review_tools(self, obj):
        if obj is None or obj.pk is None:
            return ""
        links = [
            (self._review_url("review", obj.pk, name), decision.title)
            for name, decision in self.review_decisions.items()
            if decision.applies(obj)
        ]
        preview = None
        if not obj.is_published and hasattr(obj, "get_absolute_url"):
            preview = obj.get_absolute_url()
        return render_to_string("admin/kit/review_tools.html", {"links": links, "preview_url": preview})

    # --- The decision pages ---

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("review/<str:decision>/", view(self.review_view), name=f"{info}_review_many"),
            path("<path:object_id>/review/<str:decision>/", view(self.review_view), name=f"{info}_review"),
            *super().get_urls(),
        ]

    def _review_url(self, name, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def review_view(self, request, decision, object_id=None):
        """One decision on one object (from its change page) or on several (from an action)."""
        if decision not in self.review_decisions:
            raise Http404
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404
            objects = [obj]
        else:
            data = request.POST if request.method == "POST" else request.GET
            objects = list(self.get_queryset(request).filter(pk__in=self._valid_ids(data.getlist("ids"))))
        if not self.has_change_permission(request) or not all(
            self.has_change_permission(request, obj) for obj in objects
        ):
            raise PermissionDenied
        if not objects:
            self.message_user(
                request,
                gettext("None of the selected %(objects)s can be found.")
                % {"objects": self.opts.verbose_name_plural},
                messages.WARNING,
            )
            return HttpResponseRedirect(self._review_url("changelist"))
        spec = self.review_decisions[decision]
        initial = spec.initial(objects[0]) if spec.initial and len(objects) == 1 else {}
        form = spec.form(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            self.apply_decision(request, decision, objects, form.cleaned_data)
            return HttpResponseRedirect(self._back_url(objects, object_id))
        return self.decision_page(request, decision, objects, form=form, object_id=object_id)

    def _valid_ids(self, values):
        # A forged id ("abc", or a number no column holds) would fail inside the query: skip it.
        pk, valid = self.opts.pk, []
        for value in values:
            if not value.isascii():
                continue  # "٣" would pass int() as 3: only the digits 0–9 name a row
            try:
                value = pk.to_python(value)
                pk.run_validators(value)
            except ValidationError:
                continue
            valid.append(value)
        return valid

    def decision_page(self, request, decision, objects, form=None, object_id=None):
        spec = self.review_decisions[decision]
        applicable = [obj for obj in objects if spec.applies(obj)]
        skipped = [obj for obj in objects if not spec.applies(obj)]
        single = objects[0] if object_id is not None else None
        return self.render_decision_page(
            request,
            title=f"{spec.title}: {single}" if single is not None else spec.title,
            objects=applicable,
            skipped=skipped,
            skipped_text=gettext("These are left as they are: the decision does not apply to them."),
            single=single,
            form=form or spec.form(),
            form_action=(
                self._review_url("review", single.pk, decision)
                if single is not None
                else self._review_url("review_many", decision)
            ),
            hidden=[] if single is not None else [("ids", obj.pk) for obj in applicable],
            submit_label=spec.submit,
            cancel_url=self._back_url(objects, object_id),
        )

    def render_decision_page(self, request, **context):
        """The page of a decision that needs a note, a reason or a confirmation."""
        opts = self.opts
        return TemplateResponse(
            request,
            [
                f"admin/{opts.app_label}/{opts.model_name}/decision.html",
                f"admin/{opts.app_label}/decision.html",
                "admin/kit/decision.html",
            ],
            {**self.admin_site.each_context(request), "opts": opts, **context},
        )

    def _back_url(self, objects, object_id):
        if object_id is not None:
            return self._review_url("change", objects[0].pk)
        return self._review_url("changelist")

    def apply_decision(self, request, decision, objects, data):
        """Run the decision on each object it applies to; say how many were decided and left."""
        spec = self.review_decisions[decision]
        done = skipped = 0
        for obj in objects:
            if not spec.applies(obj):
                skipped += 1
                continue
            try:
                spec.run(obj, request.user, data)
            except TransitionNotAllowed:
                skipped += 1  # someone decided first: the service, under its lock, saw it
                continue
            except ValidationError as error:
                # The service's transaction is rolled back: nothing of this one is saved.
                self.message_user(
                    request, format_html("{}: {}", obj, " ".join(error.messages)), messages.ERROR
                )
                continue
            done += 1
        opts = self.opts
        if done:
            self.message_user(
                request,
                gettext("%(decision)s: %(count)d %(objects)s.")
                % {
                    "decision": spec.done,
                    "count": done,
                    "objects": opts.verbose_name if done == 1 else opts.verbose_name_plural,
                },
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d %(objects)s was left as it was: the decision does not apply to it.",
                    "%(count)d %(objects)s were left as they were: the decision does not apply to them.",
                    skipped,
                )
                % {
                    "count": skipped,
                    "objects": opts.verbose_name if skipped == 1 else opts.verbose_name_plural,
                },
                messages.WARNING,
            )
