"""The public forms of procurement: the list's filters, an enterprise's interest in a notice or a
lot, and a company's subcontracting offer.

Forms validate and normalise; the views hand their `cleaned_data` to `procurement.services`.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.forms import CVRField, prompt_to_choose
from enterprises.models import ServiceCategory
from kit.forms import NOT_A_CHOICE, ListFilterForm
from kit.text import normalise_newlines
from portal.models import Municipality
from procurement import cpv
from procurement.models import COPENHAGEN, CpvCode, Kind

#: The most CPV codes an offer may name.
MAX_CPV_CODES = 20
#: A company's offer closes at noon, Copenhagen time, on the day it gives.
OFFER_DEADLINE_TIME = datetime.time(12, 0)


#: For a filter's value that is none of its choices (an address typed or kept from before).


class NoticeFilterForm(ListFilterForm):
    """The list's GET parameters. A value that is not one of the choices (a hand-made address) is
    an error the page puts into words; the other filters still apply."""

    art = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Kind.choices],
        error_messages=NOT_A_CHOICE,
    )
    kategori = forms.ModelChoiceField(
        label=_("Service category"),
        required=False,
        queryset=ServiceCategory.objects.all(),
        to_field_name="slug",
        empty_label=_("All categories"),
        error_messages=NOT_A_CHOICE,
    )
    cpv = forms.CharField(
        label=_("CPV code"),
        required=False,
        max_length=20,
        help_text=_("E.g. 90910000 (cleaning). A code also finds its sub-codes."),
    )
    kommune = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        empty_label=_("All municipalities"),
        error_messages=NOT_A_CHOICE,
    )
    social = forms.BooleanField(label=_("Reserved or with social clauses"), required=False)
    snart = forms.BooleanField(label=_("Deadline within 14 days"), required=False)
    aaben = forms.BooleanField(label=_("Open for bids only"), required=False)
    planlagt = forms.BooleanField(label=_("Planned procurements only"), required=False)

    def __init__(self, data, **kwargs):
        # Only the filters' own parameters: the page number and anything else are no filter.
        super().__init__({name: data.get(name) for name in self.base_fields if name in data}, **kwargs)

    def clean_cpv(self):
        """The CpvCode written (its check digit may be left out), or None."""
        value = self.cleaned_data["cpv"].strip()
        if not value:
            return None
        digits, _check = cpv.parse(value)
        code = CpvCode.objects.filter(code=digits).first()
        # One query: the row found answers the check digit too.
        cpv.clean_code(value, {code.code: code.check_digit} if code else {})
        return code

    def filters(self):
        """The valid filters' values (every field present, None or False when not given)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) for name in self.fields}

    @property
    def chosen(self):
        return sum(1 for value in self.filters().values() if value)


class InterestForm(forms.Form):
    """An enterprise's interest in a notice or one of its lots. `enterprises` are those the person
    represents (published) and `lots` the notice's, both already fetched: any other id is an
    invalid choice, and rendering the form costs no query."""

    enterprise = forms.TypedChoiceField(label=_("Enterprise"), coerce=int)
    lot = forms.TypedChoiceField(label=_("Interested in"), coerce=int, required=False, empty_value=None)
    message = forms.CharField(
        label=_("Message to the buyer"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. At most 1000 characters, e.g. what you could deliver."),
        error_messages={"max_length": _("Write at most 1000 characters; you wrote %(show_value)d.")},
    )
    share_profile = forms.BooleanField(
        label=_("Share our profile in the directory and our contact details with the buyer"),
        required=False,
    )

    def __init__(self, *args, enterprises, lots, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprises = {enterprise.pk: enterprise for enterprise in enterprises}
        self.lots = {lot.pk: lot for lot in lots}
        self.fields["enterprise"].choices = [
            (pk, enterprise.name) for pk, enterprise in self.enterprises.items()
        ]
        if self.lots:
            self.fields["lot"].choices = [("", _("The whole notice"))] + [
                (pk, str(lot)) for pk, lot in self.lots.items()
            ]
        else:
            del self.fields["lot"]

    def clean_enterprise(self):
        return self.enterprises[self.cleaned_data["enterprise"]]

    def clean_lot(self):
        pk = self.cleaned_data["lot"]
        return None if pk is None else self.lots[pk]

    def clean_message(self):
        return normalise_newlines(self.cleaned_data["message"]).strip()


class OfferForm(forms.Form):
    """A company's subcontracting or side-production offer, as it writes it on the public site."""

    company_name = forms.CharField(label=_("Company"), max_length=200)
    company_cvr = CVRField(label=_("The company's CVR number"))
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        help_text=_("Where the company is; a contact person there checks the offer before it is shown."),
        error_messages=NOT_A_CHOICE,
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("E.g. Bookkeeping and invoicing for small enterprises.")
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the task is, how much and how often, and what you expect of the one who takes it."),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Service categories"),
        queryset=ServiceCategory.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Enterprises offering these services hear about the offer."),
    )
    cpv_codes = forms.CharField(
        label=_("CPV codes"),
        required=False,
        max_length=400,
        help_text=_("Optional. Separated by commas, e.g. 79211000, 79221000."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(
        label=_("Contact email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    deadline = forms.DateField(
        label=_("Answer by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional. Offers are taken until 12.00 on that day."),
    )
    planned = forms.BooleanField(
        label=_("The task comes later: this is a planned offer"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prompt_to_choose(self)

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = normalise_newlines(value).strip()
        return cleaned

    def clean_cpv_codes(self):
        """The CpvCode rows named, in the order written, each once; every bad code is named."""
        codes = cpv.clean_codes(self.cleaned_data["cpv_codes"], CpvCode.objects.check_digits)
        if len(codes) > MAX_CPV_CODES:
            raise ValidationError(
                _("Give at most %(count)d CPV codes."), code="too_many", params={"count": MAX_CPV_CODES}
            )
        return list(CpvCode.objects.filter(code__in=dict.fromkeys(codes)))

    def clean_deadline(self):
        day = self.cleaned_data["deadline"]
        if day is None:
            return None
        moment = datetime.datetime.combine(day, OFFER_DEADLINE_TIME, tzinfo=COPENHAGEN)
        if moment <= timezone.now():
            raise ValidationError(_("The date has passed. Give a date in the future."), code="past")
        return moment
