"""Capacity under concurrent acceptance: accepting locks the offer's row first, so acceptances of
one mentor at the same moment are counted one after the other and never exceed the capacity."""

import threading

import pytest
from django.db import connection

from mentoring import services
from mentoring.models import Match, MentorOffer
from mentoring.services import Refused
from tests.conftest import make_municipality, make_user, requires_postgres
from tests.mentoring.factories import make_match, make_offer, make_request

M = Match.Status
NO_PLACE = "Du har ingen ledig plads: Du tager 1 ad gangen, og alle pladser er optaget. Afslut et forløb, eller gør plads til flere."  # noqa: E501


@requires_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("proposals", [2, 4])
def test_of_proposals_accepted_at_the_same_moment_only_as_many_as_the_places_win(proposals):
    lejre = make_municipality(name="Lejre", code="350", slug="lejre")
    mentor = make_user(first_name="Mads")
    offer = make_offer(municipality=lejre, mentor=mentor, capacity=1)
    matches = [make_match(offer=offer, request=make_request(municipality=lejre)) for _ in range(proposals)]
    barrier = threading.Barrier(proposals)
    outcomes = []

    def accept(match):
        try:
            barrier.wait()
            services.accept(match, by=mentor)
            outcomes.append("accepted")
        except Refused as refused:
            outcomes.append(str(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(match,)) for match in matches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes, key=len) == ["accepted"] + [NO_PLACE] * (proposals - 1)
    assert Match.objects.filter(status=M.ACCEPTED).count() == 1
    assert Match.objects.filter(status=M.PROPOSED).count() == proposals - 1
    assert MentorOffer.objects.with_places().get(pk=offer.pk).places_free == 0
