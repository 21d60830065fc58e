"""The case page's forms: one small form per step, each refusing what the rules forbid."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from counselling.admin.display import person
from counselling.models import Partner, ReplyTemplate, Status
from counselling.validation import contains_cpr
from enterprises.models import Enterprise
from kit import uploads
from kit.uploads import MultipleFileField
from kit.validators import normalise_cvr
from portal.models import User

# --- The case page's forms ---------------------------------------------------------------------


class Refused(Exception):
    """A step that cannot be taken as the page asked (someone else was quicker, or the rules
    forbid it): the message says why, and nothing has changed."""


def _refuse_cpr(text):
    if contains_cpr(text):
        raise ValidationError(
            gettext("Remove the CPR number: it must not be sent to the applicant by email."), code="cpr"
        )
    return text


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows, "cols": 60})


class CaseActionForm(forms.Form):
    """One of the small forms on the case page. Each posts to the page with a hidden `action`;
    its field ids carry the action so that several forms can sit on one page."""

    action = ""

    def __init__(self, data=None, files=None, *, case, user, initial=None):
        super().__init__(data, files, auto_id=f"id_{self.action}_%s", label_suffix="", initial=initial)
        self.case, self.user = case, user


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person(obj)


class AssignForm(CaseActionForm):
    action = "assign"
    assignee = StaffChoiceField(
        label=_("Assign to"), queryset=User.objects.none(), required=False, empty_label=_("Nobody")
    )
    # The assignee the person saw: if someone else assigned the case meanwhile, nothing changes.
    expected_assignee = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.case
        self.fields["assignee"].queryset = User.objects.filter(
            Q(is_active=True, is_staff=True, municipality_id=case.municipality_id) | Q(pk=case.assignee_id)
        ).order_by("first_name", "last_name", "username")
        self.initial = {"assignee": case.assignee_id, "expected_assignee": case.assignee_id}


class StatusForm(CaseActionForm):
    action = "status"
    # Every status is a valid value here, so that a status outside the transition table gets a
    # message that says so rather than "not one of the choices"; the select offers the allowed ones.
    status = forms.ChoiceField(
        label=_("New status"),
        choices=Status.choices,
        error_messages={"required": _("Choose the new status.")},
    )
    text = forms.CharField(
        label=_("Explanation for the applicant (optional)"),
        required=False,
        max_length=5000,
        widget=_textarea(3),
        validators=[_refuse_cpr],
        help_text=_("The applicant sees it on their page, and in the email when the case is closed."),
    )
    expected_status = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.choices = [
            ("", gettext("Choose a status")),
            *((status.value, status.label) for status in self.case.next_statuses(self.user)),
        ]
        self.initial = {"expected_status": self.case.status}


class NoteForm(CaseActionForm):
    action = "note"
    text = forms.CharField(
        label=_("Internal note"),
        max_length=10000,
        error_messages={"required": _("Write the note.")},
        widget=_textarea(),
        help_text=_("Only staff see internal notes. The applicant never does."),
    )


class MessageForm(CaseActionForm):
    action = "message"
    text = forms.CharField(
        label=_("Message to the applicant"),
        max_length=10000,
        widget=_textarea(8),
        validators=[_refuse_cpr],
        error_messages={"required": _("Write the message.")},
    )

    attachments = MultipleFileField(
        label=_("Files (optional)"),
        help_text=_(
            "Up to 5 files: PDF, Word (DOCX), Excel (XLSX), ODT, PNG or JPEG, at most 10 MB each. "
            "The applicant downloads them from their private page."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = gettext(
            "Emailed to %(email)s and shown on the applicant's private page."
        ) % {"email": self.case.applicant_email}
        self.checked_attachments = ()

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        if any(contains_cpr(file.name) for file in files):
            raise ValidationError(
                gettext("The name of a file holds a CPR number. Rename the file and choose it again."),
                code="cpr_in_name",
            )
        self.checked_attachments = uploads.check_attachments(files)
        return files


def reply_templates(case):
    """The standard replies of the case's municipality, for the message form's list."""
    return ReplyTemplate.objects.filter(municipality_id=case.municipality_id)


def with_reply_template(form, data):
    """The message form again, its text followed by the standard reply chosen in `data` (the
    "Insert" button, for browsers without JavaScript); None when no reply of the case's
    municipality was chosen."""
    try:
        chosen = reply_templates(form.case).get(pk=int(data.get("reply_template", "")))
    except (ReplyTemplate.DoesNotExist, ValueError):
        return None
    text = data.get("text", "").rstrip()
    return MessageForm(
        case=form.case, user=form.user, initial={"text": f"{text}\n\n{chosen.text}" if text else chosen.text}
    )


class ReferralForm(CaseActionForm):
    action = "referral"
    partner = forms.ChoiceField(
        label=_("Partner"),
        choices=[("", _("Choose a partner")), *Partner.choices],
        error_messages={"required": _("Choose the partner the case is referred to.")},
    )
    text = forms.CharField(
        label=_("Note about the referral"),
        max_length=5000,
        error_messages={"required": _("Write a note about the referral.")},
        widget=_textarea(3),
        validators=[_refuse_cpr],
        help_text=_("The applicant sees the referral and this note on their page."),
    )


class EnterpriseForm(CaseActionForm):
    action = "enterprise"
    cvr = forms.CharField(
        label=_("CVR number of the enterprise"),
        max_length=20,
        required=False,
        help_text=_("Eight digits. The enterprise must be in the registry."),
    )

    def clean_cvr(self):
        if "unlink" in self.data:
            return None
        if not self.cleaned_data["cvr"].strip():
            raise ValidationError(gettext("Write the enterprise's CVR number."), code="required")
        cvr = normalise_cvr(self.cleaned_data["cvr"])  # the registry's own check, check digit included
        enterprise = (
            (Enterprise.objects.published() | Enterprise.objects.visible_to(self.user))
            .filter(cvr=cvr)
            .first()
        )
        if enterprise is None:
            raise ValidationError(
                gettext("No enterprise with CVR number %(cvr)s is in the registry.") % {"cvr": cvr},
                code="not_found",
            )
        return enterprise


class ConfidentialForm(CaseActionForm):
    action = "confidential"
    confidential = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1", widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial = {"confidential": "0" if self.case.confidential else "1"}


class AccessLinkForm(CaseActionForm):
    action = "link"


CASE_FORMS = {
    form.action: form
    for form in [
        AssignForm,
        StatusForm,
        NoteForm,
        MessageForm,
        ReferralForm,
        EnterpriseForm,
        ConfidentialForm,
        AccessLinkForm,
    ]
}
