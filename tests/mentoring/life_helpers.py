"""The cast of a match for the life-cycle tests: a Lejre mentor offer, a mentee with an account
(or by address only), Lejre's contact person, a stranger and Roskilde's contact person."""

import datetime
from dataclasses import dataclass

from mentoring.models import Match, MatchEvent
from outbox.models import Notification
from tests.conftest import make_user
from tests.mentoring.factories import make_match, make_offer, make_request

#: A Monday morning in Copenhagen: five working days on is the next Monday.
MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@dataclass
class Cast:
    match: Match
    mentor: object
    mentee: object
    staff: object
    stranger: object
    other_staff: object

    def actor(self, name):
        """(by, token) for the actor called `name` in the expected tables."""
        return {
            "mentor": (self.mentor, None),
            "mentee": (self.mentee, None),
            "token": (None, self.match.request.access_token),
            "staff": (self.staff, None),
            "stranger": (self.stranger, None),
            "other staff": (self.other_staff, None),
        }[name]


def make_cast(
    lejre, lejre_staff, roskilde_staff, *, status=Match.Status.PROPOSED, mentee_account=True, **match
):
    mentor = make_user(first_name="Mads", last_name="Mumm", language="da")
    mentee = make_user(first_name="Ida", last_name="Holm", language="en") if mentee_account else None
    offer = make_offer(
        municipality=lejre, mentor=mentor, mentor_name="Mads Mumm", company="Restaurant Mumm", capacity=2
    )
    request = make_request(
        municipality=lejre,
        mentee_user=mentee,
        language="en" if mentee_account else "da",
        contact_person=lejre_staff,
        **({} if mentee_account else {"mentee_name": "Ida Holm", "mentee_email": "ida@insp.dk"}),
    )
    row = make_match(offer=offer, request=request, status=status, **match)
    return Cast(row, mentor, mentee, lejre_staff, make_user(), roskilde_staff)


def snapshot(match):
    """What a refused step must leave as it was: the row, its events, the outbox, the request."""
    row = Match.objects.filter(pk=match.pk).values().get()
    row.pop("updated_at")
    request = match.request.__class__.objects.filter(pk=match.request_id).values("status").get()
    events = list(MatchEvent.objects.filter(match=match).values_list("pk", "kind", "text"))
    mail = list(Notification.objects.values_list("pk", "template"))
    return row, request, events, mail
