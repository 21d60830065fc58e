"""Plain `make_*` helpers for the partnerships tests, shared by every tests/partnerships module."""

import datetime
from itertools import count

from partnerships.models import Agreement, Commitment, FollowUpGroup, Meeting, Party, PositionKind, Result
from tests.conftest import make_municipality

_sequence = count(1)


def make_agreement(*, enterprises=(), **kwargs):
    """An active, published partnership agreement for 2026–2027, unless `kwargs` say otherwise."""
    n = next(_sequence)
    if "municipality" not in kwargs:
        kwargs["municipality"] = make_municipality()
    defaults = {
        "kind": Agreement.Kind.PARTNERSHIP,
        "title": f"Partnerskab nummer {n}",
        "slug": f"partnerskab-{n}",
        "purpose": "Flere job til udsatte borgere.",
        "start": datetime.date(2026, 1, 1),
        "end": datetime.date(2027, 12, 31),
        "state": Agreement.State.ACTIVE,
        "status": Agreement.Status.PUBLISHED,
    }
    agreement = Agreement.objects.create(**{**defaults, **kwargs})
    for enterprise in enterprises:
        Party.objects.create(agreement=agreement, enterprise=enterprise)
    return agreement


def make_commitment(agreement, **kwargs):
    defaults = {"position_kind": PositionKind.FLEXJOB, "target": 30}
    return Commitment.objects.create(agreement=agreement, **{**defaults, **kwargs})


def make_result(commitment, *, year=2026, quarter=1, count=3, confirmed=True, **kwargs):
    from django.utils import timezone

    return Result.objects.create(
        commitment=commitment,
        year=year,
        quarter=quarter,
        count=count,
        confirmed_at=timezone.now() if confirmed else None,
        **kwargs,
    )


def make_group(municipality, **kwargs):
    n = next(_sequence)
    defaults = {"name": f"Følgegruppe {n}", "chair": "Borgmesteren"}
    return FollowUpGroup.objects.create(municipality=municipality, **{**defaults, **kwargs})


def make_meeting(group, starts_at, **kwargs):
    return Meeting.objects.create(group=group, starts_at=starts_at, **kwargs)
