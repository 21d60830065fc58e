"""The public side of mentoring: the published offers at /mentorer/ with their filters, an offer's
page, and a representative's ask for a specific mentor.

Only `MentorOffer.objects.published()` reaches the public. Staff of the reviewing municipality see
an unpublished offer's page as a marked preview; anyone else gets a 404. The list and the offer
page run a fixed number of SQL queries whatever the number of offers (asserted in the tests).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from enterprises.models import Enterprise
from kit import pagecache, ratelimits
from kit.pagecache import cached_page
from kit.review import mark_preview, published_or_preview
from mentoring import services
from mentoring.forms import AskForm, OfferFilterForm
from mentoring.models import Format, Match, MentorOffer, OfferSector

PAGE_SIZE = 20

#: The format filter's value → the offer's column.
FORMAT_COLUMNS = {
    Format.MEETINGS: "format_meetings",
    Format.PHONE: "format_phone",
    Format.ON_SITE: "format_on_site",
}


# --- Availability in words ---------------------------------------------------------------------


class Availability:
    """Whether the mentor takes a mentee now, in words, and the badge that shows it. `offer`
    carries `places_free` (MentorOfferQuerySet.with_places)."""

    def __init__(self, offer, today):
        self.open = False
        if not offer.is_available(today):
            self.state = "paused"
            self.badge = "badge-warning"
            if offer.paused_until:
                self.text = _("Paused until %(date)s") % {
                    "date": formats.date_format(offer.paused_until, "DATE_FORMAT")
                }
            else:
                self.text = _("Taking a break")
        elif offer.places_free <= 0:
            self.state = "full"
            self.badge = "badge-warning"
            self.text = _("No free places right now")
        else:
            self.open = True
            self.state = "open"
            self.badge = "badge-success"
            self.text = ngettext("%(count)d free place", "%(count)d free places", offer.places_free) % {
                "count": offer.places_free
            }

    def __str__(self):
        return self.text


def available_now(offers, today):
    """Offers whose mentor is not paused (or back by today) and has a free place."""
    return offers.filter(Q(paused=False) | Q(paused_until__lte=today)).filter(places_free__gt=0)


# --- The list ----------------------------------------------------------------------------------


def filtered(offers, values, today):
    """`offers` narrowed by the list's filters (OfferFilterForm.filters()). A filter that looks
    into a many-valued relation is a subquery, so that an offer is never listed twice."""
    if areas := values["omraade"]:
        offers = offers.filter(pk__in=MentorOffer.objects.filter(expertise__in=areas).values("pk"))
    if sector := values["sektor"]:
        offers = offers.filter(pk__in=OfferSector.objects.filter(sector=sector).values("offer"))
    if municipality := values["kommune"]:
        offers = offers.filter(pk__in=MentorOffer.objects.filter(municipalities=municipality).values("pk"))
    if chosen_format := values["arbejdsform"]:
        offers = offers.filter(**{FORMAT_COLUMNS[chosen_format]: True})
    if values["ledig"]:
        offers = available_now(offers, today)
    return offers


def with_listing(offers, today):
    """What a row shows, in one query per relation and page: mentors with a free place first,
    then the paused and the full ones; each by name."""
    rank = Case(
        When(
            (Q(paused=False) | Q(paused_until__lte=today)) & Q(places_free__gt=0),
            then=Value(0),
        ),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        offers.with_places()
        .prefetch_related("expertise", "municipalities", "sectors")
        .annotate(rank=rank)
        .order_by("rank", "mentor_name", "pk")
    )


@require_GET
@cached_page(
    "mentoring",
    "portal",
    "enterprises",
    query=("omraade", "sektor", "kommune", "arbejdsform", "ledig", "side"),
)
def offer_list(request):
    form = OfferFilterForm(request.GET)
    values = form.filters()
    today = timezone.localdate()
    offers = filtered(with_listing(MentorOffer.objects.published(), today), values, today)
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("side"))
    pagecache.vouch(request, form, page)
    rows = list(page.object_list)
    for offer in rows:
        offer.availability = Availability(offer, today)
    return render(
        request,
        "mentoring/list.html",
        {
            "form": form,
            "chosen": sum(1 for value in values.values() if value),
            "page": page,
            "offers": rows,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        },
    )


# --- An offer's page ---------------------------------------------------------------------------


def with_page_relations(queryset):
    """Everything the offer page shows, in a fixed number of queries."""
    return (
        queryset.with_places()
        .select_related("municipality", "enterprise")
        .prefetch_related("expertise", "municipalities", "sectors")
    )


def open_match_of(user, offer):
    """The person's match going on with this mentor (their ask, or a proposal), or None."""
    if not user.is_authenticated:
        return None
    return Match.objects.open().of_mentee(user).filter(offer=offer).order_by("-proposed_at").first()


@require_GET
@cached_page("mentoring", "portal", "enterprises")
def offer_detail(request, slug):
    offer, preview = published_or_preview(
        with_page_relations(MentorOffer.objects.all()), request.user, slug=slug
    )
    today = timezone.localdate()
    response = render(
        request,
        "mentoring/offer.html",
        {
            "offer": offer,
            "preview": preview,
            "availability": Availability(offer, today),
            "enterprise_published": offer.enterprise is not None and offer.enterprise.is_published,
            "my_match": None if preview else open_match_of(request.user, offer),
            "is_mentor": request.user.is_authenticated and offer.mentor_id == request.user.pk,
        },
    )
    return mark_preview(response) if preview else response


# --- Asking for a mentor -----------------------------------------------------------------------


def represented_enterprises(user):
    """The enterprises `user` represents, in the registry or on their way into it."""
    return Enterprise.objects.represented_by(user).select_related("home_municipality").order_by("name", "pk")


@login_required
@require_http_methods(["GET", "POST"])
def ask(request, slug):
    offer = get_object_or_404(with_page_relations(MentorOffer.objects.published()), slug=slug)
    today = timezone.localdate()
    availability = Availability(offer, today)
    enterprises = list(represented_enterprises(request.user))
    if request.method == "POST":
        # Each ask mails the mentor and the contact person: one account cannot flood them.
        slot = ratelimits.MENTOR_ASK.take(request.user.pk)
        if not slot:
            return slot.refusal(request)
        form = AskForm(request.POST, enterprises=enterprises)
        if form.is_valid() and offer.mentor_id == request.user.pk:
            form.add_error(None, _("This is your own offer: you cannot be your own mentor."))
        elif form.is_valid():
            cleaned = form.cleaned_data
            try:
                services.ask_for_mentor(
                    offer,
                    user=request.user,
                    enterprise=cleaned.get("enterprise"),
                    needs=cleaned["needs"],
                    goals=cleaned["goals"],
                    description=cleaned["description"],
                )
            except services.Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(
                    request,
                    _(
                        "%(mentor)s has been asked to be your mentor and answers within 5 working days. "
                        "You will get an email when they answer."
                    )
                    % {"mentor": offer.mentor_name},
                )
                return redirect(offer)
        slot.give_back()  # a mistake or a refusal costs no try
        status = 400
    else:
        form = AskForm(
            enterprises=enterprises,
            initial={"needs": [area.pk for area in offer.expertise.all()]},
        )
        status = 200
    return render(
        request,
        "mentoring/ask.html",
        {
            "offer": offer,
            "availability": availability,
            "form": form,
            "my_match": open_match_of(request.user, offer),
            "is_mentor": offer.mentor_id == request.user.pk,
        },
        status=status,
    )
