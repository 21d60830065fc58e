"""The representative's forms: the profile, photos, success stories and claiming by CVR.

Forms validate and normalise; the views hand their `cleaned_data` to `enterprises.services`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise, EnterprisePhoto, SuccessStory
from kit.forms import https_formfield
from kit.text import normalise_newlines
from kit.uploads import PictureField
from kit.validators import normalise_cvr

M2M_FIELDS = ["serves", "services", "target_groups"]

#: The empty choice of every public select, instead of Django's "---------".
CHOOSE = _("Choose …")


def prompt_to_choose(form):
    """Every single-choice select of `form` opens on CHOOSE rather than "---------"."""
    for field in form.fields.values():
        if type(field.widget) is not forms.Select:
            continue
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                field.empty_label = CHOOSE
        elif field.choices and field.choices[0][0] in ("", None):
            field.choices = [("", CHOOSE), *field.choices[1:]]


class CVRField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("CVR number"))
        kwargs.setdefault("max_length", 20)  # room for "DK 12 34 56 78" before it is normalised
        # The example's check digit is right, and it lies far above the numbers CVR gives out
        # today (the demo data's are there too), so it is nobody's.
        kwargs.setdefault("help_text", _("Eight digits, e.g. 99000007."))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off"}

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_cvr(value) if value else value


class EnterpriseForm(forms.ModelForm):
    """A profile as its representative writes it. Status, classification and review are staff's."""

    cvr = CVRField()
    logo = PictureField(label=_("Logo"), required=False)

    #: Fieldsets of the page, in order: (legend, field names).
    sections = [
        (_("The enterprise"), ["name", "cvr", "legal_form", "home_municipality", "serves"]),
        (_("Contact"), ["address", "website", "email", "phone"]),
        (_("What you do"), ["summary", "description", "social_purpose", "sector", "services", "logo"]),
        (
            _("Employees"),
            [
                "target_groups",
                "employees",
                "positions_flexjob",
                "positions_wage_subsidy",
                "positions_small_jobs",
                "positions_ordinary_hire",
            ],
        ),
        (
            _("Recognition and classification"),
            [
                "rsv_registered",
                "rsv_verified_on",
                "criterion_social_purpose",
                "criterion_substantial_trading",
                "criterion_independent",
                "criterion_inclusive_governance",
                "criterion_social_profit",
                "employment_services_share",
            ],
        ),
    ]

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "cvr",
            "legal_form",
            "home_municipality",
            "serves",
            "address",
            "website",
            "email",
            "phone",
            "summary",
            "description",
            "social_purpose",
            "sector",
            "services",
            "target_groups",
            "employees",
            "positions_flexjob",
            "positions_wage_subsidy",
            "positions_small_jobs",
            "positions_ordinary_hire",
            "logo",
            "rsv_registered",
            "rsv_verified_on",
            "criterion_social_purpose",
            "criterion_substantial_trading",
            "criterion_independent",
            "criterion_inclusive_governance",
            "criterion_social_profit",
            "employment_services_share",
        ]
        formfield_callback = https_formfield
        widgets = {
            "website": forms.URLInput(attrs={"autocomplete": "url"}),
            "serves": forms.CheckboxSelectMultiple,
            "services": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "social_purpose": forms.Textarea(attrs={"rows": 4}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "rsv_verified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "employment_services_share": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }
        help_texts = {
            "name": _("As the public knows it."),
            "summary": _("One or two sentences shown in the directory. At most 300 characters."),
            "serves": _("Where you deliver or work, besides your home municipality."),
            "target_groups": _("The groups of people you employ."),
            "employees": _("All employees, including those on special terms."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (
            "positions_flexjob",
            "positions_wage_subsidy",
            "positions_small_jobs",
            "positions_ordinary_hire",
        ):
            self.fields[name].widget.attrs["min"] = 0
        prompt_to_choose(self)

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = normalise_newlines(value)  # an untouched text is no change
        return cleaned

    def clean_cvr(self):
        cvr = self.cleaned_data["cvr"]
        taken = Enterprise.objects.filter(cvr=cvr).exclude(pk=self.instance.pk).exists()
        if taken:
            raise ValidationError(
                _(
                    "An enterprise with this CVR number is already registered. If it is yours, "
                    "ask to manage it instead of creating a new profile."
                ),
                code="registered",
            )
        return cvr

    def visible_sections(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.sections]

    def profile_fields(self):
        """The cleaned values of the profile's own columns, for `services.create/update_enterprise`.

        The logo only when a new one was uploaded or the old one cleared: an unchanged logo is
        the stored file, which must not be saved again."""
        fields = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in M2M_FIELDS and name != "logo"
        }
        if "logo" in self.changed_data:
            fields["logo"] = self.cleaned_data["logo"] or ""
        return fields

    def relations(self):
        return {name: list(self.cleaned_data[name]) for name in M2M_FIELDS}


class PhotoForm(forms.ModelForm):
    image = PictureField(label=_("Photo"))

    class Meta:
        model = EnterprisePhoto
        fields = ["image", "caption"]
        help_texts = {"caption": _("Say what the photo shows, for those who cannot see it.")}


class StoryForm(forms.ModelForm):
    photo = PictureField(label=_("Photo"), required=False)

    class Meta:
        model = SuccessStory
        fields = ["title", "text", "date", "photo"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"date": _("When it happened.")}


class ClaimForm(forms.Form):
    cvr = CVRField(
        help_text=_("The CVR number of the enterprise you represent: eight digits, e.g. 99000007.")
    )
