"""The capacity of a production unit under the reasonableness requirement (rimelighedskravet).

The rule's figures are settings (REASONABLENESS_RULE in portal/settings.py, with their source):
one person on special terms per started `per_ordinary` ordinary employees for the first `band`,
then one per started `per_ordinary_beyond` beyond that. `capacity(unit)` says how many the unit
may have, how many it has now, and how many are left; `committed(unit)` how many the active
agreements' commitments on the unit aim at.
"""

import dataclasses

from django.conf import settings
from django.db.models import Sum

from partnerships.models import Commitment, State


@dataclasses.dataclass(frozen=True)
class Capacity:
    allowed: int
    in_use: int

    @property
    def left(self):
        return max(self.allowed - self.in_use, 0)


def _started(count, per):
    return -(-count // per)  # a started group counts whole


def allowed(ordinary_employees, rule=None):
    """How many people on special terms `ordinary_employees` allow."""
    rule = rule or settings.REASONABLENESS_RULE
    band = rule["band"]
    within = min(ordinary_employees, band)
    beyond = max(ordinary_employees - band, 0)
    return _started(within, rule["per_ordinary"]) + _started(beyond, rule["per_ordinary_beyond"])


def capacity(unit):
    return Capacity(allowed=allowed(unit.ordinary_employees), in_use=unit.special_terms_employees)


def committed(unit, *, exclude=None):
    """The targets of the commitments of active agreements on `unit` (without `exclude`, a
    commitment's pk: the one being saved)."""
    commitments = Commitment.objects.filter(production_unit=unit, agreement__state=State.ACTIVE)
    if exclude is not None:
        commitments = commitments.exclude(pk=exclude)
    return commitments.aggregate(total=Sum("target"))["total"] or 0


def exceeded_by(commitment):
    """How many positions the commitment's target, with the other active commitments on its unit,
    goes beyond what the unit has left (0 when it fits or there is no unit)."""
    unit = commitment.production_unit
    if unit is None:
        return 0
    wanted = committed(unit, exclude=commitment.pk) + commitment.target
    return max(wanted - capacity(unit).left, 0)
