"""The public forms: the intake at /start/ and the applicant's reply on their private page.

Forms validate and normalise; the views hand `cleaned_data` and the checked (file, content type)
pairs to `counselling.services`.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from counselling import validation
from counselling.models import ContactMethod, Kind, Need, Stage
from enterprises.forms import CHOOSE, CVRField
from kit import uploads
from kit.uploads import MultipleFileField
from portal.models import Municipality

#: A case holds at most this many files in all: five with the request, more with the replies.
MAX_CASE_FILES = 20

phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{8,20}$",
    _("Write the phone number with digits, e.g. 12 34 56 78 or +45 12 34 56 78."),
    code="phone",
)


def text_field(label, *, max_length, required=True, widget=None, **kwargs):
    """A text field that refuses CPR numbers (validation.refuse_cpr)."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        validators=[validation.refuse_cpr, *kwargs.pop("validators", [])],
        **kwargs,
    )


class AttachmentsMixin:
    """Checks the chosen files as a whole (count, size, type from the content) and keeps the
    (file, content type) pairs for the service in `self.checked_attachments`."""

    checked_attachments = ()

    def check_files(self, files, already=0, limit=uploads.MAX_FILES):
        # A file's name is shown to staff and kept with the case, as the text fields are.
        if any(validation.contains_cpr(file.name) for file in files):
            raise ValidationError(
                _("The name of a file holds a CPR number. Rename the file and choose it again."),
                code="cpr_in_name",
            )
        self.checked_attachments = uploads.check_attachments(files, already=already, limit=limit)
        return files


class IntakeForm(AttachmentsMixin, forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="slug",
        empty_label=CHOOSE,
        help_text=_(
            "The municipality where you want to start or work. Its contact persons get your request."
        ),
        error_messages={
            "required": _("Choose the municipality you want help from."),
            "invalid_choice": _("Choose one of the municipalities in the list."),
        },
    )
    applicant_name = text_field(
        _("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Write your name, so the contact person knows who you are.")},
    )
    applicant_email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        validators=[validation.refuse_cpr],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send the receipt and the link to your case here."),
        error_messages={
            "required": _("Write your email address. We send the receipt there."),
            "invalid": _("Write a whole email address, e.g. name@example.dk."),
        },
    )
    applicant_phone = text_field(
        _("Phone"),
        max_length=30,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    organisation = text_field(
        _("Organisation or company"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text=_("If you ask on behalf of an association, a company or a municipal institution."),
    )
    cvr = CVRField(
        label=_("CVR number"),
        required=False,
        help_text=_("If the organisation has one: eight digits, e.g. 99000007."),
    )
    kind = forms.ChoiceField(
        label=_("What is your request about?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what your request is about.")},
    )
    stage = forms.ChoiceField(
        label=_("How far have you come?"),
        choices=Stage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how far you have come.")},
    )
    description = text_field(
        _("Tell us about your idea or your enterprise"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What do you want to do, for whom, and what do you need help with? At most 5,000 characters."
        ),
        error_messages={"required": _("Tell us briefly what you want help with.")},
    )
    needs = forms.MultipleChoiceField(
        label=_("What could you use help with?"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose as many as you like."),
    )
    preferred_contact = forms.ChoiceField(
        label=_("How would you like us to contact you?"),
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        initial=ContactMethod.EMAIL,
        error_messages={"required": _("Choose how you would like us to contact you.")},
    )
    attachments = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "For example a business plan or a budget. Up to 5 files: PDF, Word (DOCX), Excel (XLSX), "
            "ODT, PNG or JPEG, at most 10 MB each."
        ),
    )
    consent = forms.BooleanField(
        label=_("I have read how my information is handled, and I agree that it is stored to help me."),
        error_messages={
            "required": _(
                "Tick the box to let us store your request. Without it we cannot receive it here; "
                "call the municipality instead."
            )
        },
    )

    def clean_attachments(self):
        return self.check_files(self.cleaned_data["attachments"])

    def clean(self):
        cleaned_data = super().clean()
        wants_a_call = cleaned_data.get("preferred_contact") == ContactMethod.PHONE
        if wants_a_call and not cleaned_data.get("applicant_phone") and not self.has_error("applicant_phone"):
            self.add_error(
                "applicant_phone", _("Write your phone number, since you would like us to call you.")
            )
        return cleaned_data

    def service_data(self):
        """The cleaned data as services.submit_request takes it."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"municipality", "attachments", "consent"}
        }


class ReplyForm(AttachmentsMixin, forms.Form):
    """The applicant's answer on their private page: a message, files, or both."""

    text = text_field(
        _("Your message"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachments = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "Up to 5 files at a time: PDF, Word (DOCX), Excel (XLSX), ODT, PNG or JPEG, at most 10 MB each."
        ),
    )

    def __init__(self, *args, already=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.already = already

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        if not files:
            return files
        if self.already >= MAX_CASE_FILES:
            raise ValidationError(
                _(
                    "Your case already has %(count)d files, the most it can hold. Send more by email "
                    "to the municipality, and write your case reference."
                ),
                code="case_full",
                params={"count": self.already},
            )
        # Five at a time, and never more than the case can hold.
        room = min(uploads.MAX_FILES, MAX_CASE_FILES - self.already)
        return self.check_files(files, already=self.already, limit=self.already + room)

    def clean(self):
        cleaned_data = super().clean()
        sent_something = cleaned_data.get("text") or cleaned_data.get("attachments")
        if not sent_something and not self.has_error("text") and not self.has_error("attachments"):
            self.add_error("text", _("Write a message or choose a file to send."))
        return cleaned_data


class LinkRequestForm(forms.Form):
    """Someone asks for the link to their case: its reference and the address it was sent from.
    Both must match one case; the view answers the same whether they do or not."""

    REFERENCE = re.compile(r"^([A-ZÆØÅ]{2,4})-?([0-9]{4})-?([0-9]{1,6})$")

    reference = forms.CharField(
        label=_("Your case reference"),
        max_length=30,
        help_text=_("It stands in the receipt we mailed you, e.g. LEJ-2026-0042."),
        error_messages={"required": _("Write the reference of your case, e.g. LEJ-2026-0042.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("The address you wrote when you asked for help."),
        error_messages={
            "required": _("Write your email address."),
            "invalid": _("Write a whole email address, e.g. navn@eksempel.dk."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_reference(self):
        # People type "lej 2026 42" or paste "LEJ–2026–0042"; the stored form is "LEJ-2026-0042".
        typed = re.sub(r"[\s\u2010-\u2015-]+", "-", self.cleaned_data["reference"].strip().upper())
        match = self.REFERENCE.match(typed)
        if match is None:
            raise ValidationError(
                _(
                    "Write the reference as it stands in your receipt: letters, year and number, "
                    "e.g. LEJ-2026-0042."
                ),
                code="reference",
            )
        prefix, year, number = match.groups()
        return f"{prefix}-{year}-{int(number):04d}"
