"""Events' public pages: the list at /arrangementer/, an event's page with the registration form,
and a registration's own page behind the secret link in its mails ("I can't come", "take the
place"). The calendars are in events/feeds.py.

Only published events reach the public; staff of the event's municipality see a draft as a marked
preview (kit.review). The list and the event page run a fixed number of SQL queries whatever the
number of events and registrations (asserted in tests/events/test_public_*.py).
"""

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from enterprises.models import Enterprise
from events import emails, services
from events.forms import EventFilterForm, RegistrationForm
from events.models import Event, Registration
from kit import pagecache, ratelimits
from kit.http import client_ip, private_link_page
from kit.pagecache import cached_page
from kit.refusals import Refused
from kit.review import mark_preview, published_or_preview
from portal.models import Municipality

PAGE_SIZE = 20
#: A plain link to the address on OpenStreetMap: no map is embedded, so no request to another host.
MAP_SEARCH = "https://www.openstreetmap.org/search?query="

S = Registration.Status


def see_other(url):
    return HttpResponseRedirect(url, status=303)


def with_listing(events):
    """What a row and the event page show, in a fixed number of queries: the municipality, the
    co-hosts (one query for all) and the places taken."""
    return (
        events.with_counts()
        .select_related("municipality")
        .prefetch_related(Prefetch("co_hosts", queryset=Municipality.objects.order_by("name")))
    )


def availability(event, now=None):
    """The places left, in words, and a badge class: "3 places left", "Fully booked – waiting
    list", "Registration is closed", "Cancelled". Needs `with_counts()`."""
    now = now or timezone.now()
    if event.is_cancelled:
        return pgettext("event", "Cancelled"), "badge-error"
    if event.ends_at < now:
        return _("Held"), "badge-info"
    if not event.registration_open(now):
        return _("Registration is closed"), "badge-info"
    if event.capacity is None:
        return _("Open for registration"), "badge-success"
    left = event.capacity - event.confirmed_count - event.offered_count
    if left > 0:
        return ngettext("%(count)d place left", "%(count)d places left", left) % {
            "count": left
        }, "badge-success"
    return _("Fully booked – waiting list"), "badge-warning"


def describe(event, now):
    """What the list and the page say of an event; a cached page lasts until it would say otherwise."""
    for moment in (event.deadline(), event.starts_at, event.ends_at):
        if moment is not None and moment > now:
            pagecache.changes_at(moment)
    event.places_text, event.places_class = availability(event, now)
    event.hosts = [event.municipality, *event.co_hosts.all()]
    event.when = emails.span(event, get_language() or "da")
    return event


# --- The list ------------------------------------------------------------------------------------


@require_GET
@cached_page("events", "portal", query=("kommune", "art", "tidligere", "side"))
def event_list(request):
    now = timezone.now()
    past = request.GET.get("tidligere") == "1"
    form = EventFilterForm(request.GET)
    values = form.filters()
    events = Event.objects.published()
    if values["kommune"]:
        # A subquery: an event held jointly by several is listed once, with its counts right.
        events = events.filter(pk__in=Event.objects.hosted_by(values["kommune"]).values("pk"))
    if values["art"]:
        events = events.filter(kind=values["art"])
    if past:
        events = with_listing(events.past(now)).order_by("-starts_at", "-pk")
    else:
        cancelled_last = Case(
            When(cancelled_at__isnull=True, then=Value(0)), default=1, output_field=IntegerField()
        )
        events = with_listing(events.upcoming(now)).order_by(cancelled_last, "starts_at", "pk")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("side"))
    pagecache.vouch(request, form, page)
    if request.GET.get("tidligere", "1") != "1":
        pagecache.dont_keep(request)
    rows = [describe(event, now) for event in page.object_list]
    query = request.GET.copy()
    query.pop("side", None)
    query.pop("tidligere", None)
    return render(
        request,
        "events/list.html",
        {
            "form": form,
            "past": past,
            "chosen": sum(1 for value in values.values() if value),
            "values": values,
            "page": page,
            "events": rows,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "filter_query": query.urlencode(),
        },
    )


# --- An event's page and registration ----------------------------------------------------------


def get_event_for_page(request, slug):
    """The access helper: (event, is_preview). The public sees a published event; staff of its
    municipality see a draft as a preview; anyone else a 404."""
    return published_or_preview(with_listing(Event.objects.all()), request.user, slug=slug)


def initial_from_account(user):
    """The form filled in from the account: the name, the address and the first enterprise the
    person represents."""
    if not user.is_authenticated:
        return {}
    enterprise = Enterprise.objects.represented_by(user).order_by("pk").only("name").first()
    return {
        "name": user.get_full_name(),
        "email": user.email,
        "organisation": enterprise.name if enterprise else "",
    }


def render_event(request, event, preview, *, form=None, status=200):
    now = timezone.now()
    describe(event, now)
    accepting = event.registration_open(now) and not preview
    if form is None and accepting:
        form = RegistrationForm(initial=initial_from_account(request.user))
    free = None if event.capacity is None else event.capacity - event.confirmed_count - event.offered_count
    response = render(
        request,
        "events/event.html",
        {
            "event": event,
            "preview": preview,
            "accepting": accepting,
            "form": form,
            "full": free is not None and free <= 0,
            "deadline": event.deadline(),
            "is_over": event.ends_at < now,
            "same_day": timezone.localtime(event.starts_at).date()
            == timezone.localtime(event.ends_at).date(),
            "programme": [line.strip() for line in event.programme.splitlines() if line.strip()],
            "map_url": MAP_SEARCH + quote(event.address) if event.address else "",
        },
        status=status,
    )
    return mark_preview(response) if preview else response


@require_GET
@cached_page("events", "portal")
def event_detail(request, slug):
    event, preview = get_event_for_page(request, slug)
    return render_event(request, event, preview)


@require_POST
def register(request, slug):
    event = get_object_or_404(with_listing(Event.objects.published()), slug=slug)
    # Each registration mails an address somebody typed: one address cannot flood others' inboxes.
    slot = ratelimits.EVENT_REGISTRATION.take(client_ip(request))
    if not slot:
        return slot.refusal(request)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            registration = services.register(
                event, **form.cleaned_data, user=request.user, language=get_language() or "da"
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            if registration.status == S.CONFIRMED:
                text = _("You have a place at %(title)s. We have sent a confirmation to %(email)s.")
            else:
                text = _(
                    "The event is fully booked, so you are on the waiting list for %(title)s. "
                    "We have sent a confirmation to %(email)s, and write if a place becomes free."
                )
            messages.success(request, text % {"title": event.title, "email": registration.email})
            return private(see_other(reverse("events:registration", args=[registration.token])))
    else:
        # A mistake in the form costs no try. A refusal does: "already registered" tells whether
        # an address is on the list, and that must not be asked without limit.
        slot.give_back()
    return render_event(request, event, False, form=form, status=400)


# --- A registration's own page -----------------------------------------------------------------


private = private_link_page


def get_registration(token):
    """The access helper: the registration whose secret `token` is in the address, or a 404."""
    return get_object_or_404(Registration.objects.select_related("event", "event__municipality"), token=token)


def status_in_words(registration, now):
    event = registration.event
    if event.is_cancelled and registration.status in services.ACTIVE_STATUSES:
        return _("The event is cancelled.")
    if registration.status == S.CONFIRMED:
        return _("You have a place.")
    if registration.status == S.WAITING:
        return _("You are on the waiting list.")
    if registration.status == S.OFFERED:
        if registration.offer_is_open(now):
            return _("A place has become free, and it is offered to you.")
        return _("The offer ran out and the place has gone to the next on the waiting list.")
    if registration.status == S.OFFER_EXPIRED:
        return _("The offer ran out and the place has gone to the next on the waiting list.")
    return _("Your registration is cancelled.")


@require_GET
def registration_page(request, token):
    registration = get_registration(token)
    event, now = registration.event, timezone.now()
    active = registration.status in services.ACTIVE_STATUSES and not event.is_cancelled
    return private(
        render(
            request,
            "events/registration.html",
            {
                "registration": registration,
                "event": event,
                "status_text": status_in_words(registration, now),
                "when": emails.span(event, get_language() or "da"),
                "position": emails.registration_position(registration)
                if registration.status == S.WAITING
                else None,
                "offer_open": registration.offer_is_open(now) and not event.is_cancelled,
                "can_cancel": active and event.ends_at > now,
                "has_place": registration.status == S.CONFIRMED and not event.is_cancelled,
            },
        )
    )


@require_POST
def cancel(request, token):
    registration = get_registration(token)
    try:
        services.cancel_registration(registration)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Your registration for %(title)s is cancelled. Thank you for telling us.")
            % {"title": registration.event.title},
        )
    return private(see_other(reverse("events:registration", args=[token])))


@require_POST
def accept(request, token):
    registration = get_registration(token)
    try:
        services.accept_offer(registration)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The place is yours: see you at %(title)s. We have sent a confirmation.")
            % {"title": registration.event.title},
        )
    return private(see_other(reverse("events:registration", args=[token])))
