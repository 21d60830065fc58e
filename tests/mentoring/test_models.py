"""The foundation: the vocabulary, the match table, places and the one-open-match rule."""

import pytest
from django.db import IntegrityError

from mentoring.models import MATCH_TRANSITIONS, ExpertiseArea, Match, MentorOffer
from tests.mentoring.factories import make_match, make_offer, make_request

pytestmark = pytest.mark.django_db

M = Match.Status


def test_the_vocabulary_holds_the_seeds_areas_in_both_languages():
    names = dict(ExpertiseArea.objects.values_list("slug", "name"))
    assert names["koekken-og-produktion"] == "Køkken- og produktionsrutiner"
    assert names["menu-og-sortiment"] == "Menu og sortiment"
    assert ExpertiseArea.objects.get(slug="offentlige-udbud").name_en == "Public procurement"
    assert ExpertiseArea.objects.count() == 12


def test_the_match_table_is_as_written():
    assert sorted(MATCH_TRANSITIONS.edges()) == sorted(
        [
            (M.PROPOSED, M.NEEDS_INFO),
            (M.PROPOSED, M.ACCEPTED),
            (M.PROPOSED, M.DECLINED),
            (M.PROPOSED, M.LAPSED),
            (M.PROPOSED, M.CANCELLED),
            (M.NEEDS_INFO, M.PROPOSED),
            (M.NEEDS_INFO, M.LAPSED),
            (M.NEEDS_INFO, M.CANCELLED),
            (M.ACCEPTED, M.ACTIVE),
            (M.ACCEPTED, M.CANCELLED),
            (M.ACTIVE, M.COMPLETED),
            (M.ACTIVE, M.CANCELLED),
        ]
    )


def test_places_count_accepted_and_active_matches_only():
    offer = make_offer(capacity=3)
    for status in (M.PROPOSED, M.ACCEPTED, M.ACTIVE, M.DECLINED, M.COMPLETED):
        make_match(offer=offer, status=status)
    annotated = MentorOffer.objects.with_places().get(pk=offer.pk)
    assert (annotated.places_taken, annotated.places_free) == (2, 1)
    assert offer.places_taken_now() == 2


def test_one_open_match_per_mentor_and_request():
    offer = make_offer()
    mentor_request = make_request(municipality=offer.municipality)
    make_match(offer=offer, request=mentor_request, status=M.DECLINED)
    make_match(offer=offer, request=mentor_request)
    with pytest.raises(IntegrityError):
        make_match(offer=offer, request=mentor_request, status=M.ACTIVE)
