"""The public forms of mentoring: the filters of /mentorer/ and a representative's ask for a
specific mentor on /mentorer/<slug>/spoerg/.

Forms validate and normalise; the views hand their `cleaned_data` to `mentoring.services`.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from kit.forms import NOT_A_CHOICE, ListFilterForm
from kit.text import normalise_newlines
from mentoring.models import ExpertiseArea, Format, Sector
from portal.models import Municipality

#: For a filter's value that is none of its choices (an address typed or kept from before).
#: How many values of the expertise filter are read; the rest are ignored.
MAX_AREAS = 30


class OfferFilterForm(ListFilterForm):
    """The list's GET parameters. A value that is not one of the choices (a hand-made address) is
    an error the page puts into words; the other filters still apply."""

    omraade = forms.ModelMultipleChoiceField(
        label=_("Expertise"),
        required=False,
        queryset=ExpertiseArea.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mentors who know at least one of the areas chosen."),
        error_messages={
            "invalid_choice": _("“%(value)s” is not one of the choices. Choose one from the list."),
            "invalid_pk_value": _("“%(pk)s” is not one of the choices. Choose one from the list."),
        },
    )
    sektor = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        choices=[("", _("All sectors")), *Sector.choices],
        error_messages=NOT_A_CHOICE,
    )
    kommune = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        empty_label=_("All municipalities"),
        error_messages=NOT_A_CHOICE,
    )
    arbejdsform = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("All formats")), *Format.choices],
        error_messages=NOT_A_CHOICE,
    )
    ledig = forms.BooleanField(label=_("Available now, with a free place"), required=False)

    def __init__(self, data, **kwargs):
        # Only the filters' own parameters: the page number and anything else are no filter.
        own = {}
        for name, field in self.base_fields.items():
            if name not in data:
                continue
            if isinstance(field, forms.ModelMultipleChoiceField):
                own[name] = [value for value in data.getlist(name) if value][:MAX_AREAS]
            else:
                own[name] = data.get(name)
        super().__init__(own, **kwargs)

    def filters(self):
        """The valid filters' values (every field present, empty or False when not given)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) for name in self.fields}


class AskForm(forms.Form):
    """A representative's ask for one mentor. `enterprises` are those the person represents,
    already fetched: any other id is an invalid choice. Without any, the field is left out."""

    enterprise = forms.TypedChoiceField(
        label=_("Enterprise"),
        coerce=int,
        help_text=_("The enterprise the mentoring is for."),
        error_messages=NOT_A_CHOICE,
    )
    needs = forms.ModelMultipleChoiceField(
        label=_("What do you need help with?"),
        queryset=ExpertiseArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The mentor's own areas are chosen to begin with."),
        error_messages={
            "required": _("Choose at least one area you need help with."),
            "invalid_choice": _("“%(value)s” is not one of the choices. Choose one from the list."),
            "invalid_pk_value": _("“%(pk)s” is not one of the choices. Choose one from the list."),
        },
    )
    goals = forms.CharField(
        label=_("What do you want to reach?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. fixed kitchen routines before we open for lunch guests."),
        error_messages={
            "required": _("Write what you want to reach with a mentor."),
            "max_length": _("Write at most 2000 characters; you wrote %(show_value)d."),
        },
    )
    description = forms.CharField(
        label=_("About you and your enterprise"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Optional. Where you are now, and what you have tried."),
        error_messages={"max_length": _("Write at most 4000 characters; you wrote %(show_value)d.")},
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprises = {enterprise.pk: enterprise for enterprise in enterprises}
        if self.enterprises:
            self.fields["enterprise"].choices = [
                (pk, enterprise.name) for pk, enterprise in self.enterprises.items()
            ]
        else:
            del self.fields["enterprise"]

    def clean_enterprise(self):
        return self.enterprises[self.cleaned_data["enterprise"]]

    def clean_goals(self):
        goals = normalise_newlines(self.cleaned_data["goals"]).strip()
        if not goals:
            raise forms.ValidationError(self.fields["goals"].error_messages["required"], code="required")
        return goals

    def clean_description(self):
        return normalise_newlines(self.cleaned_data["description"]).strip()
