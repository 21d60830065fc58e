"""The public forms of events: the list's filters and the registration.

Forms validate and normalise; the views hand `cleaned_data` to `events.services`, whose refusals
(a cancelled event, the deadline passed, the address registered already) become form errors.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event
from kit.forms import NOT_A_CHOICE, ListFilterForm
from portal.models import Municipality

#: For a filter's value that is none of its choices (an address typed or kept from before).


class EventFilterForm(ListFilterForm):
    """The list's GET parameters. A value that is not one of the choices (a hand-made address) is
    an error the page puts into words; the other filters still apply."""

    kommune = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All municipalities"),
        error_messages=NOT_A_CHOICE,
    )
    art = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Event.Kind.choices],
        error_messages=NOT_A_CHOICE,
    )

    def __init__(self, data, **kwargs):
        # Only the filters' own parameters: the page number and "tidligere" are no filter.
        super().__init__({name: data.get(name) for name in self.base_fields if name in data}, **kwargs)

    def filters(self):
        """The valid filters' values (every field present, None or "" when not given)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) for name in self.fields}


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Write your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("The confirmation and the link to cancel are sent here."),
        error_messages={
            "required": _("Write your email address."),
            "invalid": _("Write an email address like name@example.dk."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Your enterprise, association or workplace."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    needs = forms.CharField(
        label=_("Needs"),
        max_length=1000,
        required=False,
        help_text=_("Accessibility, diet or anything else the organiser should know."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Write at most 1000 characters; you wrote %(show_value)d.")},
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Write your name."))
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip()
