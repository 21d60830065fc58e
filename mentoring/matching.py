"""Suggestions for a mentor request: the offers that fit it best, each with its reasons in words.

    suggest(mentor_request, limit=5) → [Suggestion(offer, score, needs_matched, needs_total,
                                                   places_free, reasons), …]

An offer is a candidate when it is published and available (not paused, or paused until a day that
has come), has a free place, is not already in an open or declined match for this request, and
(when the request names needs) knows at least one of them. Candidates are ranked in SQL by a score:

    100 per need matched        the overlap of the request's needs and the offer's expertise
     30 same sector             the request's sector is one of the offer's OfferSector rows
     30 same municipality       the offer serves the request's municipality
      5 per free place, up to 3 remaining capacity
     20 / 10 / 5                active in the last 7 / 30 / 90 days ("last active": the later of
                                the offer's `last_active_at` and the mentor's last log-in)

ties broken by the most recent activity, then the offer's pk (so the same data always ranks the
same). The number of queries is fixed however many offers there are: the request's needs, the
ranked candidates (limited in SQL), and the matched expertise of the few shown.
"""

import dataclasses
import datetime

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from mentoring.models import HOLDING_STATUSES, OPEN_STATUSES, Match, MentorOffer, OfferSector, Sector

#: Points of each part of the score (see the module's docstring).
NEED_POINTS = 100
SECTOR_POINTS = 30
MUNICIPALITY_POINTS = 30
PLACE_POINTS = 5
PLACES_COUNTED = 3
#: (days, points): active within that many days.
ACTIVITY_POINTS = ((7, 20), (30, 10), (90, 5))

#: A moment before any activity, for offers and accounts that have none yet.
NEVER = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

#: The statuses in which an offer is not suggested again for the same request: a match going on,
#: or the mentor said no.
EXCLUDING_STATUSES = (*OPEN_STATUSES, Match.Status.DECLINED)


@dataclasses.dataclass(frozen=True)
class Suggestion:
    offer: MentorOffer
    score: int
    needs_matched: int
    needs_total: int
    matched_names: tuple
    same_sector: bool
    same_municipality: bool
    places_free: int
    last_active: datetime.datetime | None
    reasons: tuple

    @property
    def reason(self):
        """The reasons in one line: "2 of 3 needs: kitchen routines, menu; same municipality; …"."""
        return "; ".join(self.reasons)


def last_active_expression():
    """The later of the offer's last activity and the mentor's last log-in, as SQL (NEVER for
    none; Greatest is NULL on SQLite when either side is)."""
    return Greatest(
        Coalesce("last_active_at", Value(NEVER), output_field=DateTimeField()),
        Coalesce("mentor__last_login", Value(NEVER), output_field=DateTimeField()),
        output_field=DateTimeField(),
    )


def candidates(mentor_request, need_ids, *, today):
    """The offers that may be suggested for `mentor_request`, annotated and ranked."""
    now = timezone.now()
    through = MentorOffer.expertise.through
    places_taken = Coalesce(
        Subquery(
            Match.objects.filter(offer=OuterRef("pk"), status__in=HOLDING_STATUSES)
            .order_by()
            .values("offer")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
        output_field=IntegerField(),
    )
    needs_matched = Coalesce(
        Subquery(
            through.objects.filter(mentoroffer=OuterRef("pk"), expertisearea__in=need_ids)
            .order_by()
            .values("mentoroffer")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
        output_field=IntegerField(),
    )
    same_sector = (
        Exists(OfferSector.objects.filter(offer=OuterRef("pk"), sector=mentor_request.sector))
        if mentor_request.sector
        else Value(False)
    )
    same_municipality = Exists(
        MentorOffer.municipalities.through.objects.filter(
            mentoroffer=OuterRef("pk"), municipality=mentor_request.municipality_id
        )
    )
    taken_here = Match.objects.filter(request=mentor_request, status__in=EXCLUDING_STATUSES).values("offer")
    activity = Case(
        *[
            When(last_active__gte=now - datetime.timedelta(days=days), then=Value(points))
            for days, points in ACTIVITY_POINTS
        ],
        default=Value(0),
        output_field=IntegerField(),
    )
    queryset = (
        MentorOffer.objects.available(today)
        .exclude(pk__in=taken_here)
        .annotate(
            places_taken=places_taken,
            places_free=F("capacity") - F("places_taken"),
            needs_matched=needs_matched,
            same_sector=same_sector,
            same_municipality=same_municipality,
            last_active=last_active_expression(),
        )
        .filter(places_free__gt=0)
    )
    if need_ids:
        queryset = queryset.filter(needs_matched__gt=0)
    return queryset.annotate(
        score=F("needs_matched") * NEED_POINTS
        + Case(When(same_sector=True, then=Value(SECTOR_POINTS)), default=Value(0))
        + Case(When(same_municipality=True, then=Value(MUNICIPALITY_POINTS)), default=Value(0))
        + Least(F("places_free"), Value(PLACES_COUNTED)) * PLACE_POINTS
        + activity
    ).order_by("-score", "-last_active", "pk")


def suggest(mentor_request, *, limit=5, today=None):
    """The top `limit` offers for `mentor_request`, best first (see the module's docstring)."""
    today = today or timezone.localdate()
    needs = {area.pk: area for area in mentor_request.needs.all()}
    offers = list(candidates(mentor_request, list(needs), today=today)[:limit]) if limit else []
    matched = {}
    if offers and needs:
        through = MentorOffer.expertise.through
        rows = through.objects.filter(
            mentoroffer__in=[offer.pk for offer in offers], expertisearea__in=list(needs)
        ).values_list("mentoroffer_id", "expertisearea_id")
        for offer_id, area_id in rows:
            matched.setdefault(offer_id, []).append(needs[area_id])
    suggestions = []
    for offer in offers:
        areas = sorted(matched.get(offer.pk, ()), key=lambda area: (area.position, area.name))
        names = tuple(area.localized_name for area in areas)
        last_active = offer.last_active if offer.last_active and offer.last_active > NEVER else None
        suggestions.append(
            Suggestion(
                offer=offer,
                score=offer.score,
                needs_matched=offer.needs_matched,
                needs_total=len(needs),
                matched_names=names,
                same_sector=bool(offer.same_sector),
                same_municipality=bool(offer.same_municipality),
                places_free=offer.places_free,
                last_active=last_active,
                reasons=reasons(
                    needs_matched=offer.needs_matched,
                    needs_total=len(needs),
                    names=names,
                    sector=mentor_request.sector if offer.same_sector else "",
                    same_municipality=bool(offer.same_municipality),
                    places_free=offer.places_free,
                    last_active=last_active,
                    today=today,
                ),
            )
        )
    return suggestions


def _lower(name):
    """ "Menu og sortiment" → "menu og sortiment"; "IT og digitalisering" stays as it is."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def reasons(*, needs_matched, needs_total, names, sector, same_municipality, places_free, last_active, today):
    """The reasons in words, in the active language."""
    parts = []
    if needs_total:
        parts.append(
            ngettext(
                "%(matched)d of %(total)d need: %(names)s",
                "%(matched)d of %(total)d needs: %(names)s",
                needs_total,
            )
            % {"matched": needs_matched, "total": needs_total, "names": ", ".join(_lower(n) for n in names)}
        )
    if sector:
        parts.append(gettext("same sector (%(sector)s)") % {"sector": _lower(str(Sector(sector).label))})
    if same_municipality:
        parts.append(gettext("same municipality"))
    parts.append(
        ngettext("%(count)d place free", "%(count)d places free", places_free) % {"count": places_free}
    )
    parts.append(activity_text(last_active, today))
    return tuple(parts)


def activity_text(last_active, today):
    """ "active today", "active 3 days ago", "no activity yet"."""
    if last_active is None:
        return gettext("no activity yet")
    days = (today - timezone.localdate(last_active)).days
    if days <= 0:
        return gettext("active today")
    return ngettext("active %(days)d day ago", "active %(days)d days ago", days) % {"days": days}


__all__ = ["Suggestion", "activity_text", "candidates", "last_active_expression", "suggest"]
