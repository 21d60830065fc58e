"""The public forms of partnerships: the filters of the list and of the impact overview, and a
representative's report of a quarter's result."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kit.forms import NOT_A_CHOICE, ListFilterForm
from partnerships.models import quarter_bounds
from portal.models import Municipality


class FilterForm(ListFilterForm):
    """The GET filters: a municipality and a year. A value that is not a choice is an error the
    page puts into words; the other filter still applies."""

    kommune = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.none(),
        to_field_name="slug",
        empty_label=_("All municipalities"),
        error_messages=NOT_A_CHOICE,
    )
    aar = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
        error_messages=NOT_A_CHOICE,
    )

    def __init__(self, data, *, municipalities, years=(), with_year=True, **kwargs):
        super().__init__({name: data.get(name) for name in self.base_fields if name in data}, **kwargs)
        self.fields["kommune"].queryset = municipalities
        if with_year:
            self.fields["aar"].choices = [("", _("All years")), *((str(y), str(y)) for y in years)]
        else:
            del self.fields["aar"]

    def filters(self):
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) for name in self.fields}


class ResultReportForm(forms.Form):
    """A representative's count of positions for one commitment in one quarter. `commitments`
    are those of the agreement the representative's enterprise is a party to, already fetched."""

    commitment = forms.TypedChoiceField(label=_("Commitment"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[(q, _("Quarter %(number)s") % {"number": q}) for q in (1, 2, 3, 4)],
    )
    count = forms.IntegerField(
        label=_("Positions"),
        min_value=0,
        max_value=100000,
        help_text=_("How many positions of the kind there were in the quarter. A count only: no names."),
        error_messages={"min_value": _("The count cannot be negative.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. At most 1000 characters."),
    )

    def __init__(self, *args, agreement, commitments, reported, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.commitments = {commitment.pk: commitment for commitment in commitments}
        #: (commitment id, year, quarter) already reported.
        self.reported = reported
        self.fields["commitment"].choices = [(c.pk, str(c)) for c in commitments]

    def clean(self):
        cleaned = super().clean()
        year, quarter, commitment = cleaned.get("year"), cleaned.get("quarter"), cleaned.get("commitment")
        if year and quarter:
            first, last = quarter_bounds(year, quarter)
            agreement = self.agreement
            if last < agreement.start or (agreement.end is not None and first > agreement.end):
                self.add_error("quarter", _("The quarter is outside the agreement's period."))
            elif commitment and (commitment, year, quarter) in self.reported:
                self.add_error(
                    "quarter",
                    _(
                        "The quarter is already reported for this commitment. "
                        "Ask the municipality to correct it."
                    ),
                )
        if commitment is not None:
            cleaned["commitment"] = self.commitments[commitment]
        return cleaned


def agreement_years(agreements):
    """The years the filter offers: those the agreements run in (up to ten years from each start)."""
    years = set()
    for start, end in agreements:
        last = end.year if end else start.year + 2
        years.update(range(start.year, min(last, start.year + 10) + 1))
    return sorted(years, reverse=True)
