"""The admin's forms: a request (also from a counselling case) and a proposal from a suggestion."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.models import MentorRequest


class MentorRequestAdminForm(forms.ModelForm):
    """A contact person's request. `case` is the counselling case it is made from: a hidden field
    whose choices are the cases the person may see (the kit's scoped choices), so that another
    municipality's case, or someone else's confidential one, is refused when the form is sent."""

    class Meta:
        model = MentorRequest
        fields = [
            "municipality",
            "mentee_name",
            "mentee_email",
            "language",
            "enterprise",
            "case",
            "needs",
            "sector",
            "goals",
            "description",
            "contact_person",
        ]
        widgets = {"needs": forms.CheckboxSelectMultiple, "case": forms.HiddenInput}


class ProposeForm(forms.Form):
    """The "propose" button of one suggestion: the offer, and a word to the mentor."""

    offer = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the mentor"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 50}),
        help_text=_("Optional. Why you think this mentor fits."),
    )
