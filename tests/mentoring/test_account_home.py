"""/konto/mentorer/: a mentor's offers (status in words, the pause, places taken) and matches
(proposals waiting for their answer first, with the answer-by date), a mentee's requests and
matches, in a fixed number of queries; and the section on /konto/ that links there."""

import datetime

import pytest
import time_machine

from mentoring.models import Match
from tests.conftest import make_user
from tests.mentoring.factories import make_match, make_offer, make_request

pytestmark = pytest.mark.django_db

HOME = "/konto/mentorer/"
M = Match.Status


@pytest.fixture
def mentor(db):
    return make_user(first_name="Mads", last_name="Mumm")


@pytest.fixture
def mentor_client(client, mentor):
    client.force_login(mentor)
    return client


def test_the_account_home_links_to_the_mentoring_page(representative_client):
    page = representative_client.get("/konto/").content.decode()

    assert 'href="/konto/mentorer/"' in page
    assert "Mine mentorforløb" in page


def test_the_mentor_sees_their_offers_with_status_places_and_pause(mentor_client, mentor, lejre):
    offer = make_offer(mentor=mentor, municipality=lejre, headline="Køkkenrutiner", capacity=3)
    make_match(offer=offer, status=M.ACTIVE)
    make_offer(
        mentor=mentor,
        municipality=lejre,
        headline="Menu",
        status="rejected",
        review_note="Skriv mere om dig",
        paused=True,
        paused_until=datetime.date(2027, 1, 10),
    )
    make_offer(headline="En andens tilbud")

    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC), tick=False):
        page = mentor_client.get(HOME).content.decode()

    assert "Køkkenrutiner" in page and "Menu" in page
    assert "En andens tilbud" not in page
    assert "1 af 3 pladser er optaget" in page
    assert "Skriv mere om dig" in page
    assert "På pause til 10. januar 2027" in page


def test_proposals_waiting_for_the_mentor_come_first_then_going_on_then_ended(mentor_client, mentor, lejre):
    offer = make_offer(mentor=mentor, municipality=lejre, capacity=5)
    ended = make_match(offer=offer, status=M.DECLINED)
    active = make_match(offer=offer, status=M.ACTIVE)
    waiting = make_match(offer=offer, status=M.PROPOSED, answer_due=datetime.date(2026, 12, 9))

    response = mentor_client.get(HOME)

    assert [m.pk for m in response.context["waiting"]] == [waiting.pk]
    assert [m.pk for m in response.context["going_on"]] == [active.pk]
    assert [m.pk for m in response.context["ended"]] == [ended.pk]
    page = response.content.decode()
    assert "Svar senest 9. december 2026" in page
    assert page.index(waiting.request.mentee_name) < page.index(active.request.mentee_name)
    assert page.index(active.request.mentee_name) < page.index(ended.request.mentee_name)


def test_the_mentee_sees_their_requests_and_matches(client, lejre):
    mentee = make_user(first_name="Ida", last_name="Insp")
    mentor_request = make_request(municipality=lejre, mentee_user=mentee, needs=["menu-og-sortiment"])
    make_match(offer=make_offer(municipality=lejre, mentor_name="Mads Mumm"), request=mentor_request)
    make_request(municipality=lejre, needs=["ledelse"])  # someone else's
    client.force_login(mentee)

    response = client.get(HOME)

    assert [r.pk for r in response.context["requests"]] == [mentor_request.pk]
    page = response.content.decode()
    assert "Menu og sortiment" in page and "Ledelse" not in page
    assert "Mads Mumm" in page


def test_a_new_person_is_offered_both_ways_in(representative_client):
    page = representative_client.get(HOME).content.decode()

    assert 'href="/konto/mentorer/tilbud/nyt/"' in page
    assert 'href="/konto/mentorer/anmodning/ny/"' in page
    assert "Du har ikke noget mentortilbud endnu." in page


@pytest.mark.parametrize("who", ["lejre_staff", "roskilde_staff"])
def test_staff_see_only_their_own_mentoring_there(client, lejre, who, request):
    make_offer(municipality=lejre, headline="Lejres mentor")
    client.force_login(request.getfixturevalue(who))

    response = client.get(HOME)

    assert response.status_code == 200
    assert "Lejres mentor" not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/")


@pytest.mark.parametrize("size", [1, 8])
def test_the_page_reads_a_fixed_number_of_queries(
    mentor_client, mentor, lejre, size, django_assert_num_queries
):
    for _n in range(size):
        offer = make_offer(mentor=mentor, municipality=lejre, capacity=3)
        make_match(offer=offer, status=M.PROPOSED)
        make_match(offer=offer, status=M.ACTIVE)
        make_request(municipality=lejre, mentee_user=mentor, needs=["ledelse", "menu-og-sortiment"])
        make_match(
            offer=make_offer(municipality=lejre), request=make_request(municipality=lejre, mentee_user=mentor)
        )

    with django_assert_num_queries(7):
        assert mentor_client.get(HOME).status_code == 200


def test_the_page_is_in_english_under_en(mentor_client, mentor, lejre):
    make_offer(mentor=mentor, municipality=lejre, capacity=2)

    page = mentor_client.get(f"/en{HOME}").content.decode()

    assert "My mentoring" in page
    assert "0 of 2 places taken" in page
    assert 'href="/en/konto/mentorer/tilbud/nyt/"' in page
