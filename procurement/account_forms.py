"""The representative's subscription form (procurement/account_views.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import ServiceCategory
from portal.models import Municipality
from procurement import cpv
from procurement.models import CpvCode, Kind, Subscription


class SubscriptionForm(forms.ModelForm):
    cpv_text = forms.CharField(
        label=_("CPV codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One or more codes, separated by commas or lines, e.g. 79211000-6. A code also matches its"
            " sub-codes: 45000000 matches all construction work."
        ),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of notice"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind."),
    )

    class Meta:
        model = Subscription
        fields = ["follows_services", "categories", "kinds", "municipalities", "paused"]
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "municipalities": forms.CheckboxSelectMultiple,
        }
        labels = {
            "follows_services": _("Follow the services your profile offers"),
            "categories": _("Also these categories"),
            "municipalities": _("Only notices from these municipalities"),
            "paused": _("Pause the alerts"),
        }
        help_texts = {
            "municipalities": _("None ticked: all municipalities."),
            "paused": _("No alerts until you untick it. Reminders of deadlines you marked still come."),
        }

    field_order = ["follows_services", "categories", "cpv_text", "kinds", "municipalities", "paused"]

    def __init__(self, *args, categories=None, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Querysets the view has already read (one query each), so the choices cost none more.
        self.fields["categories"].queryset = (
            categories if categories is not None else ServiceCategory.objects.all()
        )
        self.fields["municipalities"].queryset = (
            municipalities if municipalities is not None else Municipality.objects.order_by("name")
        )
        if self.instance.pk:
            self.initial["cpv_text"] = ", ".join(code.full_code for code in self.instance.cpv_codes.all())

    def clean_cpv_text(self):
        """The CpvCode rows of the codes written, each checked against CPV 2008; every bad code
        named in the error."""
        return cpv.clean_codes(self.cleaned_data["cpv_text"], CpvCode.objects.check_digits)

    def save(self, commit=True):
        subscription = super().save(commit=commit)
        if commit:
            subscription.cpv_codes.set(self.cleaned_data["cpv_text"])
        return subscription
