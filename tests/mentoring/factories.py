"""Plain `make_*` helpers for the mentoring tests, shared by every tests/mentoring module."""

from itertools import count

from mentoring.models import ExpertiseArea, Match, MentorOffer, MentorRequest, OfferSector
from tests.conftest import make_municipality, make_user

_sequence = count(1)


def area(slug):
    """One of the expertise areas migration 0002 loads, by slug."""
    return ExpertiseArea.objects.get(slug=slug)


def make_offer(*, expertise=(), sectors=(), municipalities=None, **kwargs):
    """A published, available offer for one mentee at a time, in its own municipality unless
    `municipalities` says otherwise. `expertise` are area slugs, `sectors` Sector values."""
    n = next(_sequence)
    if "municipality" not in kwargs:
        kwargs["municipality"] = make_municipality()
    if "mentor" not in kwargs:
        kwargs["mentor"] = make_user(first_name="Mentor", last_name=f"{n}")
    defaults = {
        "slug": f"mentor-{n}",
        "mentor_name": f"Mentor {n}",
        "company": f"Firma {n} ApS",
        "headline": "Erfaren leder hjælper med drift",
        "description": "Jeg har drevet virksomhed i 20 år.",
        "capacity": 1,
        "status": MentorOffer.Status.PUBLISHED,
    }
    offer = MentorOffer.objects.create(**{**defaults, **kwargs})
    offer.expertise.set([area(slug) for slug in expertise])
    for sector in sectors:
        OfferSector.objects.create(offer=offer, sector=sector)
    offer.municipalities.set(municipalities if municipalities is not None else [offer.municipality])
    return offer


def make_request(*, needs=(), mentee_user=None, **kwargs):
    """An open request of `municipality` (a new one unless given) with `needs` as area slugs; a
    mentee with an account when `mentee_user` is given, else by address only."""
    n = next(_sequence)
    if "municipality" not in kwargs:
        kwargs["municipality"] = make_municipality()
    defaults = {
        "mentee_name": mentee_user.get_full_name() if mentee_user else f"Iværksætter {n}",
        "mentee_email": mentee_user.email if mentee_user else f"ivaerksaetter{n}@example.dk",
        "goals": "Få styr på køkkenets rutiner.",
    }
    mentor_request = MentorRequest.objects.create(mentee_user=mentee_user, **{**defaults, **kwargs})
    mentor_request.needs.set([area(slug) for slug in needs])
    return mentor_request


def make_match(*, offer=None, request=None, status=Match.Status.PROPOSED, **kwargs):
    """A match row as it stands in `status` (no service runs: for setting the scene)."""
    import datetime

    offer = offer or make_offer()
    request = request or make_request(municipality=offer.municipality)
    defaults = {"answer_due": datetime.date(2026, 12, 8), "lapses_on": datetime.date(2026, 12, 15)}
    return Match.objects.create(offer=offer, request=request, status=status, **{**defaults, **kwargs})
