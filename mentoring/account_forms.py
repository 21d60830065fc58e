"""The forms of a mentor's and a mentee's pages in their account (mentoring/account_views.py):
the mentor's offer, the mentee's request, and the small forms of a match's steps."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from kit import pagecache, text
from mentoring.models import CheckIn, ExpertiseArea, MentorOffer, OfferSector, Sector
from portal.models import Municipality

#: Paths under /mentorer/ that an offer's slug must not take (mentoring/urls.py).
RESERVED_SLUGS = {"forloeb"}


def unique_slug(offer_text, exclude_pk=None):
    return text.unique_slug(
        MentorOffer.objects.all(), offer_text, noun="mentor", reserved=RESERVED_SLUGS, exclude_pk=exclude_pk
    )


class OfferForm(forms.ModelForm):
    sectors = forms.MultipleChoiceField(
        label=_("Sectors you serve"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The sectors of the enterprises you would like to mentor. None ticked: any sector."),
    )

    class Meta:
        model = MentorOffer
        fields = [
            "mentor_name",
            "mentor_title",
            "company",
            "enterprise",
            "headline",
            "description",
            "expertise",
            "sectors",
            "municipalities",
            "municipality",
            "capacity",
            "format_meetings",
            "format_phone",
            "format_on_site",
            "duration_months",
            "paused",
            "paused_until",
        ]
        widgets = {
            "expertise": forms.CheckboxSelectMultiple,
            "municipalities": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
            "paused_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {
            "mentor_name": _("Your name"),
            "mentor_title": _("Your job title"),
            "company": _("Your company"),
            "enterprise": _("The company's profile in the registry"),
            "expertise": _("What you can help with"),
            "municipalities": _("Municipalities where you take mentees"),
            "municipality": _("Municipality that reviews your offer"),
            "capacity": _("How many mentees at a time"),
            "duration_months": _("Typical duration in months"),
            "paused": _("Pause the offer: I take no new mentees for now"),
            "paused_until": _("I take mentees again from"),
        }
        help_texts = {
            "enterprise": _("Only when your company is one of the enterprises you represent."),
            "municipality": _(
                "One of the municipalities you chose; its contact persons review the offer and broker"
                " your matches. Left empty: the first one you chose."
            ),
            "capacity": _("From 1 to 20."),
        }

    def __init__(self, *args, user, municipalities, expertise, **kwargs):
        super().__init__(*args, **kwargs)
        # Querysets the view has already read, so that the choices cost no query more.
        self.fields["enterprise"].queryset = Enterprise.objects.represented_by(user).order_by("name")
        self.fields["enterprise"].required = False
        self.fields["municipalities"].queryset = municipalities
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].required = False
        self.fields["expertise"].queryset = expertise
        self.fields["capacity"].widget.attrs.update(min=1, max=20)
        if self.instance.pk:
            self.initial["sectors"] = [row.sector for row in self.instance.sectors.all()]

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        taken = self.instance.places_taken_now() if self.instance.pk else 0
        if capacity < taken:
            raise forms.ValidationError(
                _("You have %(taken)s mentees now: choose at least %(taken)s places."),
                params={"taken": taken},
            )
        return capacity

    def clean(self):
        cleaned = super().clean()
        paused, until = cleaned.get("paused"), cleaned.get("paused_until")
        if until is not None and not paused:
            self.add_error("paused_until", _("Give a date only when you pause the offer, or tick the pause."))
        elif paused and until is None and "paused_until" not in self.errors:
            self.add_error("paused_until", _("Say from which day you take mentees again."))
        elif paused and until is not None and until < timezone.localdate():
            self.add_error(
                "paused_until", _("The date has passed: choose today or a later day, or untick the pause.")
            )
        if not any(cleaned.get(name) for name in ("format_meetings", "format_phone", "format_on_site")):
            self.add_error("format_meetings", _("Tick at least one way of meeting your mentees."))
        chosen = list(cleaned.get("municipalities") or [])
        reviewing = cleaned.get("municipality")
        if chosen and reviewing is None:
            cleaned["municipality"] = chosen[0]
        elif reviewing is not None and chosen and reviewing not in chosen:
            self.add_error("municipality", _("Choose one of the municipalities where you take mentees."))
        return cleaned

    def save(self, commit=True):
        offer = super().save(commit=False)
        if not offer.slug:
            offer.slug = unique_slug(f"{offer.mentor_name} {offer.company}")
        if commit:
            offer.save()
            self.save_m2m()
            self.save_sectors(offer)
        return offer

    def save_sectors(self, offer):
        """The ticked sectors as OfferSector rows: the unticked deleted, the new added."""
        wanted = set(self.cleaned_data["sectors"])
        offer.sectors.exclude(sector__in=wanted).delete()
        have = set(offer.sectors.values_list("sector", flat=True))
        OfferSector.objects.bulk_create(
            [OfferSector(offer=offer, sector=sector) for sector in sorted(wanted - have)]
        )
        pagecache.changed(OfferSector)


class RequestForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"),
        queryset=Enterprise.objects.none(),
        required=False,
        help_text=_("One of the enterprises you represent, if the request is on its behalf."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("Where you run your enterprise. With an enterprise chosen, its home municipality."),
    )
    needs = forms.ModelMultipleChoiceField(
        label=_("What you need help with"),
        queryset=ExpertiseArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one thing you need help with.")},
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=[("", _("Not given")), *Sector.choices],
        required=False,
        help_text=_("With an enterprise chosen and none given here, the enterprise's sector."),
    )
    goals = forms.CharField(
        label=_("Your goals"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you want to reach with a mentor."),
        error_messages={"required": _("Write the goals you want to reach with a mentor.")},
    )
    description = forms.CharField(
        label=_("More about you and your enterprise"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, user, municipalities, expertise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = (
            Enterprise.objects.represented_by(user).select_related("home_municipality").order_by("name")
        )
        self.fields["municipality"].queryset = municipalities
        self.fields["needs"].queryset = expertise
        if not self.fields["enterprise"].queryset.exists():
            # Someone who represents no enterprise asks on their own behalf: no empty choice to
            # puzzle over, and the municipality is theirs to give (not optional).
            del self.fields["enterprise"]
            self.fields["municipality"].required = True
            self.fields["municipality"].help_text = _("Where you run your enterprise, or will.")
            self.fields["municipality"].error_messages["required"] = _(
                "Choose the municipality where you run your enterprise."
            )

    def clean(self):
        cleaned = super().clean()
        enterprise = cleaned.setdefault("enterprise", None)
        if enterprise is not None:
            cleaned["municipality"] = enterprise.home_municipality
            cleaned["sector"] = cleaned.get("sector") or enterprise.sector
        elif cleaned.get("municipality") is None and "municipality" not in self.errors:
            self.add_error("municipality", _("Choose the municipality where you run your enterprise."))
        return cleaned


# --- A match's steps ---------------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the reason.")},
    )


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Your question to the mentee"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your question to the mentee.")},
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer to the mentor"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the answer to the mentor's question.")},
    )


class ProblemForm(forms.Form):
    text = forms.CharField(
        label=_("What is wrong?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the contact person reads it."),
        error_messages={"required": _("Write what is wrong, so that the contact person can help.")},
    )


class CheckInForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("How is the match going?"),
        choices=CheckIn.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the match is going.")},
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 is poor, 5 is excellent."),
        error_messages={
            "required": _("Choose a rating from 1 to 5."),
            "invalid_choice": _("Choose a rating from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What went well, and what could be better?"),
        error_messages={"required": _("Write a comment to go with your rating.")},
    )
