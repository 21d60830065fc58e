"""Plain `make_*` helpers for the procurement tests, shared by every tests/procurement module."""

import datetime
from itertools import count

from django.utils import timezone

from procurement.models import Award, CpvCode, Interest, Lot, Notice
from tests.conftest import make_municipality

_sequence = count(1)


def cpv(code):
    """The CpvCode of 8 digits (the vocabulary is loaded by migration 0002)."""
    return CpvCode.objects.get(code=code.split("-")[0])


def make_notice(*, categories=(), cpv_codes=(), lots=(), **kwargs):
    """A published, open municipal tender closing in 20 days, unless `kwargs` say otherwise.

    `lots` is a list of dicts of Lot fields (their `categories` too)."""
    n = next(_sequence)
    if "municipality" not in kwargs:
        kwargs["municipality"] = make_municipality()
    now = timezone.now()
    defaults = {
        "kind": Notice.Kind.TENDER,
        "title": f"Udbud nummer {n}",
        "slug": f"udbud-{n}",
        "description": f"Kommunen køber ydelse nummer {n}.",
        "procedure": Notice.Procedure.OPEN,
        "submission_deadline": now + datetime.timedelta(days=20),
        "questions_deadline": now + datetime.timedelta(days=10),
        "not_split_reason": "Opgaven hænger sammen.",
        "status": Notice.Status.PUBLISHED,
        "published_at": now,
        "contact_email": "indkob@example.dk",
    }
    notice = Notice.objects.create(**{**defaults, **kwargs})
    notice.categories.set(categories)
    notice.cpv_codes.set([cpv(code) if isinstance(code, str) else code for code in cpv_codes])
    for number, lot in enumerate(lots, start=1):
        make_lot(notice, number=number, **lot)
    return notice


def make_lot(notice, *, categories=(), cpv_codes=(), **kwargs):
    defaults = {"number": notice.lots.count() + 1, "title": "Delaftale"}
    lot = Lot.objects.create(notice=notice, **{**defaults, **kwargs})
    lot.categories.set(categories)
    lot.cpv_codes.set([cpv(code) if isinstance(code, str) else code for code in cpv_codes])
    return lot


def make_interest(notice, enterprise, *, lot=None, user=None, **kwargs):
    return Interest.objects.create(notice=notice, lot=lot, enterprise=enterprise, user=user, **kwargs)


def make_award(notice, *, lot=None, **kwargs):
    defaults = {"winner_name": "Vindervirksomheden ApS", "awarded_on": datetime.date(2026, 11, 1)}
    return Award.objects.create(notice=notice, lot=lot, **{**defaults, **kwargs})
