"""The admin's forms for notices, lots, documents and awards: the bad input of issue 11 as form
errors (nothing saved), CPV codes as people write them, files checked by their content."""

import copy
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from kit import uploads
from kit.forms import https_formfield
from kit.validators import normalise_cvr, not_reserved_slug
from procurement import cpv, services
from procurement.models import Award, CpvCode, Lot, Notice, NoticeDocument


class CpvCodesField(forms.CharField):
    """CPV codes written one a line or separated by commas ("90910000-9, 90911200"); the cleaned
    value is the list of CpvCode rows, each code checked against CPV 2008 (format, check digit)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("CPV codes"))
        kwargs.setdefault(
            "help_text",
            _("One a line or separated by commas, e.g. 90910000-9. The check digit may be left out."),
        )
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2, "cols": 40}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(code.full_code for code in value)
        return value

    def clean(self, value):
        text = super().clean(value)
        codes = cpv.clean_codes(text, CpvCode.objects.check_digits)
        by_code = CpvCode.objects.in_bulk(codes)
        return [by_code[code] for code in codes]


class CpvCodesFormMixin:
    """A model form whose `cpv_codes` are written as text (`cpv`) rather than chosen in a list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "cpv" in self.fields:
            self.initial.setdefault("cpv", list(self.instance.cpv_codes.all()))

    def _save_m2m(self):
        super()._save_m2m()
        if "cpv" in self.cleaned_data:
            self.instance.cpv_codes.set(self.cleaned_data["cpv"])


class NoticeAdminForm(CpvCodesFormMixin, forms.ModelForm):
    cpv = CpvCodesField()
    social_objectives = forms.MultipleChoiceField(
        label=_("social objectives"),
        choices=Notice.SocialObjective.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("eForms BT-775: what the social objective is."),
    )
    company_cvr = forms.CharField(
        label=_("company's CVR number"),
        max_length=20,
        required=False,
        help_text=_("For a company's offer."),
    )
    publish_now = forms.BooleanField(
        label=_("Publish when saved"),
        required=False,
        help_text=_("The notice is checked as it is saved and published at once if nothing is missing."),
    )

    class Meta:
        model = Notice
        fields = [
            *["kind", "title", "slug", "description", "stage", "municipality", "department"],
            *["company_name", "company_cvr", "categories", "procedure", "reserved_participation"],
            *["reserved_execution", "social_objective", "social_objectives", "social_clauses"],
            *["suitable_for_small", "not_split_reason", "estimated_value", "questions_deadline"],
            *["submission_deadline", "contract_start", "contract_end", "ted_published_on"],
            *["ted_notice_number", "contact_name", "contact_email", "contact_phone", "is_example"],
        ]

    def clean_slug(self):
        return not_reserved_slug(self.cleaned_data["slug"], services.RESERVED_SLUGS)

    def clean_company_cvr(self):
        value = self.cleaned_data.get("company_cvr", "")
        return normalise_cvr(value) if value.strip() else ""

    def clean(self):
        cleaned = super().clean()
        self.publishing_checks(cleaned)  # the deadlines against each other and the clock, the TED date
        start, end = cleaned.get("contract_start"), cleaned.get("contract_end")
        if start and end and start > end:
            self.add_error("contract_end", gettext("The contract cannot end before it starts."))
        if cleaned.get("company_name") and not cleaned.get("company_cvr") and "company_cvr" in self.fields:
            self.add_error("company_cvr", gettext("Give the company's CVR number."))
        return cleaned

    def publishing_checks(self, cleaned):
        """services.publishing_errors on the notice as it will be saved, as errors of its fields:
        all of them when the save publishes it (for a published notice, a past deadline only when
        the deadline is changed), else those wrong whatever the clock says."""
        candidate = copy.copy(self.instance)
        columns = {field.name for field in Notice._meta.concrete_fields}
        for name, value in cleaned.items():
            if name in columns:
                setattr(candidate, name, value)
        errors = services.publishing_errors(candidate, lots=[])
        publishing = is_being_published(candidate, self.data)
        for field, messages in errors.items():
            if field not in FORM_CHECKS or field not in self.fields:
                continue
            if field == "submission_deadline" and (
                not publishing
                or (self.instance.status == Notice.Status.PUBLISHED and field not in self.changed_data)
            ):
                continue
            for message in messages:
                if field not in self.errors:
                    self.add_error(field, message)


class LotForm(CpvCodesFormMixin, forms.ModelForm):
    cpv = CpvCodesField()

    class Meta:
        model = Lot
        fields = [
            *["number", "title", "description", "estimated_value", "categories"],
            *["reserved_participation", "reserved_execution", "social_clauses"],
        ]


class LotFormSet(BaseInlineFormSet):
    """The lots, checked together with the notice as it will be saved (services.publishing_errors
    with the unsaved lots): their values against the notice's total and, when the save publishes
    the notice, the reason it is not split."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        errors = services.publishing_errors(self.instance, lots=self.unsaved_lots())
        publishing = is_being_published(self.instance, self.data)
        problems = [
            message
            for field, messages in errors.items()
            if field in LOT_CHECKS and (publishing or field == "estimated_value")
            for message in messages
        ]
        if problems:
            raise ValidationError(problems)

    def unsaved_lots(self):
        lots = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.has_changed() and form.instance.pk is None:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            lot = Lot(
                number=form.cleaned_data.get("number") or 0,
                title=form.cleaned_data.get("title", ""),
                estimated_value=form.cleaned_data.get("estimated_value"),
            )
            lots.append(lot)
        return lots


class PrivateFileInput(forms.FileInput):
    """A file input that never links the file it holds: private files have no URL."""


class NoticeDocumentForm(forms.ModelForm):
    file = forms.FileField(
        label=_("file"),
        required=False,
        widget=PrivateFileInput(attrs={"accept": uploads.ACCEPT}),
        help_text=_("PDF, Word, Excel, ODT, PNG or JPEG, at most 10 MB. Or give a link instead."),
    )

    class Meta:
        model = NoticeDocument
        fields = ["title", "file", "url", "position"]
        formfield_callback = https_formfield

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.checked_type = uploads.check_attachment(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        has_file, has_url = bool(cleaned.get("file")), bool(cleaned.get("url"))
        if has_file == has_url and not self.errors:
            self.add_error(
                "url" if has_file else "file",
                gettext("Give either a file or a link, not both.")
                if has_file
                else gettext("Upload a file or give a link."),
            )
        return cleaned

    def save(self, commit=True):
        document = self.instance
        if not document.key:
            document.key = secrets.token_urlsafe(32)
        checked = getattr(self, "checked_type", None)
        if checked is not None:
            upload = self.cleaned_data["file"]
            document.name = upload.name[:200]
            document.content_type = checked
            document.size = upload.size
        return super().save(commit)


class AwardForm(forms.ModelForm):
    winner_name = forms.CharField(
        label=_("winner"),
        max_length=200,
        required=False,
        help_text=_("Filled in from the registry when you choose the enterprise there."),
    )
    # As people write it ("12 34 56 78"); kept as its 8 digits.
    winner_cvr = forms.CharField(label=_("winner's CVR number"), max_length=20, required=False)

    class Meta:
        model = Award
        fields = ["notice", "lot", "enterprise", "winner_name", "winner_cvr", "value", "awarded_on"]

    def clean_winner_cvr(self):
        value = self.cleaned_data.get("winner_cvr", "")
        return normalise_cvr(value) if value.strip() else ""

    def clean(self):
        cleaned = super().clean()
        enterprise = cleaned.get("enterprise")
        if enterprise is not None:
            cleaned["winner_name"] = cleaned.get("winner_name") or enterprise.name
            cleaned["winner_cvr"] = cleaned.get("winner_cvr") or enterprise.cvr
            self.instance.winner_name = cleaned["winner_name"]
            self.instance.winner_cvr = cleaned["winner_cvr"]
        elif not cleaned.get("winner_name"):
            self.add_error(
                "winner_name", gettext("Choose the enterprise in the registry or write the winner's name.")
            )
        notice = cleaned.get("notice") or getattr(self.instance, "notice", None)
        lot = cleaned.get("lot")
        if lot is not None and notice is not None and lot.notice_id != notice.pk:
            self.add_error("lot", gettext("Choose a lot of the notice."))
        return cleaned


class AwardFormSet(BaseInlineFormSet):
    """Awards on the notice's page: the lots offered are the notice's own."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "lot" in form.fields:
            form.fields["lot"].queryset = self.instance.lots.all() if self.instance.pk else Lot.objects.none()


def published_enterprises():
    """The winners staff choose from: the public registry, whichever municipality is home."""
    return Enterprise.objects.published().order_by("name")


#: The publishing checks the notice form makes itself; the lots' (their values against the total,
#: the reason for not splitting) are the lot formset's, which sees the lots as they will be saved.
FORM_CHECKS = {"submission_deadline", "questions_deadline", "ted_published_on"}
LOT_CHECKS = {"estimated_value", "not_split_reason"}


def is_being_published(notice, data):
    """Whether the save publishes the notice: it is published already, or "publish" is ticked."""
    return notice.status == Notice.Status.PUBLISHED or bool(data.get("publish_now"))
