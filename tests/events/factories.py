"""Plain `make_*` helpers for the events tests, shared by every tests/events module."""

import datetime
from itertools import count

from events.models import Event, Registration
from tests.conftest import make_municipality

_sequence = count(1)

#: The theme day of the tests: Tuesday 9 March 2027, 10.00–15.00 Copenhagen time (winter time).
STARTS = datetime.datetime(2027, 3, 9, 9, 0, tzinfo=datetime.UTC)


def make_event(**kwargs):
    """A published workshop for 2 people, a week from STARTS minus 7 days, unless `kwargs` say
    otherwise."""
    n = next(_sequence)
    if "municipality" not in kwargs:
        kwargs["municipality"] = make_municipality()
    starts = kwargs.pop("starts_at", STARTS)
    defaults = {
        "kind": Event.Kind.WORKSHOP,
        "title": f"Værksted nummer {n}",
        "slug": f"vaerksted-{n}",
        "summary": "Om finansiering af socialøkonomiske virksomheder.",
        "organiser": "Roskilde Kommune",
        "place_name": "Roskilde Bibliotek",
        "address": "Dronning Margrethes Vej 14, 4000 Roskilde",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=5),
        "capacity": 2,
        "status": Event.Status.PUBLISHED,
    }
    return Event.objects.create(**{**defaults, **kwargs})


def make_registration(event, **kwargs):
    n = next(_sequence)
    defaults = {
        "name": f"Deltager {n}",
        "email": f"deltager{n}@example.dk",
        "status": Registration.Status.CONFIRMED,
    }
    return Registration.objects.create(event=event, **{**defaults, **kwargs})
