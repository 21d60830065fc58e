"""The admin's forms: the checks that keep bad input out as clear form errors, nothing saved."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kit import uploads
from kit.validators import not_reserved_slug
from partnerships import services
from partnerships.models import Agreement, Commitment, Result
from partnerships.services import check_result


class AgreementAdminForm(forms.ModelForm):
    signed_upload = forms.FileField(
        label=_("signed agreement"),
        required=False,
        help_text=_("PDF, Word (DOCX) or ODT, at most 10 MB. Kept private: never shown on the public site."),
    )

    class Meta:
        model = Agreement
        fields = [
            "municipality",
            "kind",
            "title",
            "slug",
            "purpose",
            "tasks",
            "start",
            "end",
            "state",
            "responsible",
            "is_example",
        ]

    def clean_slug(self):
        return not_reserved_slug(self.cleaned_data["slug"], services.RESERVED_SLUGS)

    def clean_signed_upload(self):
        upload = self.cleaned_data.get("signed_upload")
        if upload:
            self.signed_content_type = uploads.check_attachment(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The agreement cannot end before it starts."))
        return cleaned

    def save(self, commit=True):
        agreement = super().save(commit=False)
        upload = self.cleaned_data.get("signed_upload")
        if upload:
            agreement.signed_document_name = upload.name[:200]
            agreement.signed_document.save(upload.name, upload, save=False)
        if commit:
            agreement.save()
            self._save_m2m()
        return agreement


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = [
            "position_kind",
            "target_group",
            "target",
            "baseline",
            "enterprise",
            "production_unit",
            "deadweight_percent",
            "attribution_percent",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "cols": 30})}


class ResultAdminForm(forms.ModelForm):
    class Meta:
        model = Result
        fields = ["commitment", "year", "quarter", "count", "note"]

    def clean(self):
        cleaned = super().clean()
        commitment, year, quarter = cleaned.get("commitment"), cleaned.get("year"), cleaned.get("quarter")
        if commitment and year and quarter:
            try:
                check_result(commitment, year, quarter, exclude=self.instance.pk)
            except ValidationError as error:
                # On the quarter: the constraints on it are then not checked again, and a quarter
                # reported twice reads as this message, not as the constraint's.
                self.add_error("quarter", error)
        return cleaned
