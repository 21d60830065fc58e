"""The suggestions for a request: who is left out, the ranking, its reasons in both languages, and a
fixed number of queries however many offers there are."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from mentoring.matching import suggest
from mentoring.models import ExpertiseArea, Match, MentorOffer
from tests.conftest import make_municipality
from tests.mentoring.factories import make_match, make_offer, make_request

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)
KITCHEN, MENU, MANAGEMENT = "koekken-og-produktion", "menu-og-sortiment", "ledelse"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def lejre(db):
    return make_municipality(name="Lejre", code="350", slug="lejre")


@pytest.fixture
def roskilde(db):
    return make_municipality(name="Roskilde", code="265", slug="roskilde")


@pytest.fixture
def insp(lejre):
    """INSP! Mad needs kitchen routines, menu and management, in the food sector, in Lejre."""
    return make_request(
        municipality=lejre, mentee_name="INSP! Mad", needs=[KITCHEN, MENU, MANAGEMENT], sector="food"
    )


def days_ago(days):
    return NOW - datetime.timedelta(days=days)


def names(suggestions):
    return [s.offer.mentor_name for s in suggestions]


def test_the_best_fit_comes_first_with_its_reasons_in_danish(insp, lejre, roskilde):
    make_offer(
        mentor_name="Mumm",
        municipality=lejre,
        expertise=[KITCHEN, MENU],
        sectors=["food"],
        last_active_at=days_ago(3),
    )
    make_offer(mentor_name="Kontor", municipality=roskilde, expertise=[MANAGEMENT], capacity=2)

    suggestions = suggest(insp)

    assert names(suggestions) == ["Mumm", "Kontor"]
    mumm, kontor = suggestions
    # 2 × 100 + sector 30 + municipality 30 + 1 place × 5 + active within 7 days 20
    assert mumm.score == 285
    assert (mumm.needs_matched, mumm.needs_total, mumm.places_free) == (2, 3, 1)
    assert mumm.reason == (
        "2 af 3 behov: køkken- og produktionsrutiner, menu og sortiment; samme branche (mad, catering "
        "og café); samme kommune; 1 ledig plads; aktiv for 3 dage siden"
    )
    # 1 × 100 + 2 places × 5; it serves Roskilde, not Lejre
    assert kontor.score == 110
    assert kontor.reason == "1 af 3 behov: ledelse; 2 ledige pladser; ingen aktivitet endnu"


def test_the_reasons_are_in_english_for_an_english_page(insp, lejre):
    make_offer(mentor_name="Mumm", municipality=lejre, expertise=[KITCHEN, MENU], last_active_at=days_ago(1))

    with translation.override("en"):
        (mumm,) = suggest(insp)

    assert mumm.reason == (
        "2 of 3 needs: kitchen and production routines, menu and product range; same municipality; "
        "1 place free; active 1 day ago"
    )


def test_the_last_log_in_counts_as_activity_when_it_is_later(insp, lejre):
    offer = make_offer(
        mentor_name="Mumm", municipality=lejre, expertise=[KITCHEN], last_active_at=days_ago(60)
    )
    offer.mentor.last_login = NOW
    offer.mentor.save(update_fields=["last_login"])

    (mumm,) = suggest(insp)

    assert mumm.last_active == NOW
    assert mumm.reasons[-1] == "aktiv i dag"


def test_each_part_of_the_score_ranks_in_the_order_written(insp, lejre, roskilde):
    # Equal needs matched: the sector and the municipality, then places, then activity.
    make_offer(mentor_name="A: kun behov", municipality=roskilde, expertise=[KITCHEN])
    make_offer(mentor_name="B: branche", municipality=roskilde, expertise=[KITCHEN], sectors=["food"])
    make_offer(mentor_name="C: kommune og branche", municipality=lejre, expertise=[KITCHEN], sectors=["food"])
    make_offer(mentor_name="D: tre pladser", municipality=roskilde, expertise=[KITCHEN], capacity=5)
    make_offer(
        mentor_name="E: aktiv", municipality=roskilde, expertise=[KITCHEN], last_active_at=days_ago(20)
    )
    make_offer(mentor_name="F: to behov", municipality=roskilde, expertise=[KITCHEN, MENU])

    suggestions = suggest(insp, limit=10)

    assert [(s.offer.mentor_name, s.score) for s in suggestions] == [
        ("F: to behov", 205),
        ("C: kommune og branche", 165),
        ("B: branche", 135),
        ("E: aktiv", 115),  # a tie with D: the more recently active first
        ("D: tre pladser", 115),
        ("A: kun behov", 105),
    ]


def test_ties_go_to_the_most_recently_active_then_to_the_oldest_offer(insp, roskilde):
    first = make_offer(mentor_name="Først", municipality=roskilde, expertise=[KITCHEN])
    second = make_offer(mentor_name="Anden", municipality=roskilde, expertise=[KITCHEN])
    recent = make_offer(
        mentor_name="Nylig", municipality=roskilde, expertise=[KITCHEN], last_active_at=days_ago(100)
    )

    assert [s.offer for s in suggest(insp)] == [recent, first, second]


def test_paused_unpublished_full_and_unrelated_mentors_are_left_out(insp, lejre):
    make_offer(mentor_name="Pause", municipality=lejre, expertise=[KITCHEN], paused=True)
    make_offer(
        mentor_name="Pause til i går",
        municipality=lejre,
        expertise=[KITCHEN],
        paused=True,
        paused_until=datetime.date(2026, 12, 1),
    )
    make_offer(
        mentor_name="Pause til i morgen",
        municipality=lejre,
        expertise=[KITCHEN],
        paused=True,
        paused_until=datetime.date(2026, 12, 3),
    )
    make_offer(
        mentor_name="Venter", municipality=lejre, expertise=[KITCHEN], status=MentorOffer.Status.PENDING
    )
    make_offer(
        mentor_name="Skjult", municipality=lejre, expertise=[KITCHEN], status=MentorOffer.Status.HIDDEN
    )
    full = make_offer(mentor_name="Fuld", municipality=lejre, expertise=[KITCHEN])
    make_match(offer=full, status=Match.Status.ACTIVE)
    make_offer(mentor_name="Andet felt", municipality=lejre, expertise=["offentlige-udbud"], sectors=["food"])

    assert names(suggest(insp)) == ["Pause til i går"]


def test_a_mentor_with_a_proposal_waiting_still_has_the_place(insp, lejre):
    offer = make_offer(mentor_name="Mumm", municipality=lejre, expertise=[KITCHEN])
    make_match(offer=offer, status=Match.Status.PROPOSED)  # another mentee's: holds no place

    (mumm,) = suggest(insp)

    assert mumm.places_free == 1


def test_mentors_in_an_open_or_declined_match_for_this_request_are_left_out(insp, lejre):
    for status in (Match.Status.PROPOSED, Match.Status.NEEDS_INFO, Match.Status.DECLINED):
        make_match(
            offer=make_offer(municipality=lejre, expertise=[KITCHEN], capacity=3), request=insp, status=status
        )
    lapsed = make_offer(mentor_name="Udløbet", municipality=lejre, expertise=[KITCHEN])
    make_match(offer=lapsed, request=insp, status=Match.Status.LAPSED)

    assert names(suggest(insp)) == ["Udløbet"]


def test_a_request_without_needs_is_ranked_on_the_rest(lejre, roskilde):
    mentor_request = make_request(municipality=lejre, sector="food")
    make_offer(mentor_name="Roskilde", municipality=roskilde, expertise=[KITCHEN])
    make_offer(mentor_name="Lejre", municipality=lejre, expertise=[MENU])

    suggestions = suggest(mentor_request)

    assert names(suggestions) == ["Lejre", "Roskilde"]
    assert suggestions[0].reason == "samme kommune; 1 ledig plads; ingen aktivitet endnu"


def test_the_limit_cuts_the_list(insp, lejre):
    for _ in range(7):
        make_offer(municipality=lejre, expertise=[KITCHEN])

    assert len(suggest(insp)) == 5
    assert len(suggest(insp, limit=2)) == 2
    assert suggest(insp, limit=0) == []


def bulk_offers(count, municipality, mentor):
    """`count` published offers with two expertise areas and a sector each (bulk_create)."""
    areas = list(ExpertiseArea.objects.all())
    offers = MentorOffer.objects.bulk_create(
        MentorOffer(
            mentor=mentor,
            municipality=municipality,
            slug=f"bulk-{municipality.pk}-{n}",
            mentor_name=f"Mentor {n}",
            company=f"Firma {n}",
            headline="Hjælp til driften",
            description="Erfaring",
            capacity=1 + n % 3,
            status=MentorOffer.Status.PUBLISHED,
            last_active_at=timezone.now() - datetime.timedelta(days=n % 120),
        )
        for n in range(count)
    )
    MentorOffer.expertise.through.objects.bulk_create(
        MentorOffer.expertise.through(mentoroffer=offer, expertisearea=areas[(n + k) % len(areas)])
        for n, offer in enumerate(offers)
        for k in (0, 5)
    )
    MentorOffer.municipalities.through.objects.bulk_create(
        MentorOffer.municipalities.through(mentoroffer=offer, municipality=municipality)
        for offer in offers[::2]
    )
    from mentoring.models import OfferSector

    OfferSector.objects.bulk_create(
        OfferSector(offer=offer, sector=["food", "it", "retail"][n % 3]) for n, offer in enumerate(offers)
    )
    return offers


@pytest.mark.parametrize("count", [20, 2000])
def test_suggestions_take_three_queries_among_20_or_2000_offers(insp, lejre, count):
    bulk_offers(count, lejre, make_offer(municipality=lejre).mentor)

    with CaptureQueriesContext(connection) as queries:
        suggestions = suggest(insp)

    # The request's needs, the ranked candidates, the matched expertise of the five shown.
    assert len(queries) == 3
    assert len(suggestions) == 5
    assert all(s.needs_matched >= 1 for s in suggestions)
