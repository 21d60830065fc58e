"""Results: the list with its filters, confirmation, the CSV export and the import (an upload
that a background task imports, with a progress page)."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kit import uploads
from kit.admin import MunicipalityScopedAdmin
from kit.exports import csv_response
from partnerships import csv_results, services
from partnerships.admin.forms import ResultAdminForm
from partnerships.models import Commitment, Result, ResultImport

#: A CSV of results: a few thousand rows are well under this.
MAX_IMPORT_SIZE = 2 * uploads.MB


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("Confirmed")), ("no", _("Waiting for confirmation"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(confirmed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("In the format of the export, at most 2 MB."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_SIZE:
            raise forms.ValidationError(_("The file may be at most 2 MB."))
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Upload a CSV file (.csv)."))
        head = upload.read(4096)
        upload.seek(0)
        if b"\x00" in head:
            raise forms.ValidationError(_("The file is not a CSV file."))
        try:
            head.decode("utf-8-sig")
        except UnicodeDecodeError:
            if len(head) < 4096:  # a cut in the middle of a character is fine
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        return upload


@admin.register(Result)
class ResultAdmin(MunicipalityScopedAdmin):
    form = ResultAdminForm
    list_display = [
        "commitment",
        "agreement",
        "year",
        "quarter",
        "count",
        "by_representative",
        "confirmed_at",
    ]
    list_filter = ["year", "quarter", ConfirmedFilter, "by_representative"]
    list_select_related = ["commitment__agreement", "commitment__target_group"]
    search_fields = ["commitment__agreement__title", "commitment__agreement__slug", "note"]
    actions = ["confirm"]
    readonly_fields = ["reported_by", "reported_at", "by_representative", "confirmed_by", "confirmed_at"]
    fields = ["commitment", ("year", "quarter"), "count", "note", *readonly_fields]
    change_list_template = "admin/partnerships/result/change_list.html"

    @admin.display(description=_("agreement"), ordering="commitment__agreement__title")
    def agreement(self, result):
        return result.commitment.agreement

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "commitment":
            commitments = Commitment.objects.select_related("agreement", "target_group")
            if not request.user.is_superuser:
                commitments = commitments.visible_to(request.user)
            kwargs.setdefault("queryset", commitments)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            # Staff report, and so confirm, what they enter themselves.
            obj.reported_by = obj.confirmed_by = request.user
            obj.confirmed_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Confirm the selected results"), permissions=["change"])
    def confirm(self, request, queryset):
        confirmed = services.confirm_results(queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d result confirmed.", "%(count)d results confirmed.", confirmed)
            % {"count": confirmed},
            messages.SUCCESS,
        )

    # --- CSV out and in ---

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("export/", view(self.export_view), name="partnerships_result_export"),
            path("import/", view(self.import_view), name="partnerships_result_import"),
            path(
                "import/<int:import_id>/",
                view(self.progress_view),
                name="partnerships_result_import_progress",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The list as it is filtered and searched, as CSV in the import's format."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:partnerships_result_changelist") + "?e=1")
        results = csv_results.export_queryset(changelist.queryset)
        filename = f"resultater-{timezone.localdate().isoformat()}.csv"
        return csv_response(filename, csv_results.COLUMNS, list(results), build_now=True)

    def import_view(self, request):
        if not self.has_add_permission(request) or request.user.municipality_id is None:
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                job = ResultImport(municipality_id=request.user.municipality_id, uploaded_by=request.user)
                job.file.save("results.csv", form.cleaned_data["file"], save=False)
                job.save()
                transaction.on_commit(partial(_start_import, job.pk), robust=True)
            return HttpResponseRedirect(reverse("admin:partnerships_result_import_progress", args=[job.pk]))
        return TemplateResponse(
            request,
            "admin/partnerships/result/import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "form": form,
                "title": gettext("Import results"),
            },
        )

    def progress_view(self, request, import_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = ResultImport.objects.visible_to(request.user).filter(pk=import_id).first()
        if job is None:
            raise Http404
        return TemplateResponse(
            request,
            "admin/partnerships/result/import_progress.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "job": job,
                "running": job.status in (ResultImport.Status.WAITING, ResultImport.Status.RUNNING),
                "title": gettext("Import of results"),
            },
        )


def _start_import(import_id):
    from partnerships.tasks import import_results  # tasks import the modules that work

    import_results.apply_async((import_id,), retry=False)
