"""The private link /mentorer/forloeb/<token>/ for a mentee without an account (a request a
contact person made from a counselling case): the request and its matches with the mentee's
steps, called with the token; never cached, indexed or leaked in a Referer; an unknown token is a
404, and a match of another request is a 404 too."""

import pytest

from mentoring.models import Feedback, Match
from tests.conftest import make_user
from tests.mentoring.factories import make_match, make_offer, make_request

pytestmark = pytest.mark.django_db

M = Match.Status


@pytest.fixture
def mentor_request(lejre):
    return make_request(
        municipality=lejre, mentee_name="Ida Insp", mentee_email="ida@insp.dk", needs=["menu-og-sortiment"]
    )


@pytest.fixture
def offer(lejre):
    return make_offer(municipality=lejre, mentor_name="Mads Mumm", company="Restaurant Mumm")


def link(mentor_request, match=None, step=None):
    path = f"/mentorer/forloeb/{mentor_request.access_token}/"
    return path + (f"{match.pk}/{step}/" if match else "")


def test_the_link_shows_the_request_and_its_matches(client, mentor_request, offer):
    make_match(offer=offer, request=mentor_request, status=M.PROPOSED)

    response = client.get(link(mentor_request))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Din anmodning om en mentor" in page
    assert "Mentor: Mads Mumm" in page
    assert "Restaurant Mumm" in page


def test_the_mentee_s_steps_post_to_the_link_itself(client, mentor_request, offer):
    match = make_match(offer=offer, request=mentor_request, status=M.NEEDS_INFO)

    page = client.get(link(mentor_request)).content.decode()

    assert f'action="{link(mentor_request, match, "answer")}"' in page
    assert f'action="{link(mentor_request, match, "cancel")}"' in page
    assert "/konto/" not in page.split("<main")[1].split("</main>")[0]


def test_the_page_is_private(client, mentor_request):
    response = client.get(link(mentor_request))

    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    # same-origin: the link never leaves the site, and the page's forms keep their Origin header
    assert response["Referrer-Policy"] == "same-origin"


def test_an_unknown_token_is_a_404(client, mentor_request):
    assert client.get("/mentorer/forloeb/not-a-token/").status_code == 404


def test_the_mentee_answers_the_mentor_s_question_through_the_link(client, mentor_request, offer):
    match = make_match(offer=offer, request=mentor_request, status=M.NEEDS_INFO)

    response = client.post(link(mentor_request, match, "answer"), {"answer-answer": "Vi er otte ansatte"})

    assert response.status_code == 303
    assert response["Location"] == link(mentor_request)
    assert Match.objects.get(pk=match.pk).status == M.PROPOSED
    assert list(match.events.values_list("kind", "side", "text")) == [
        ("answer", "mentee", "Vi er otte ansatte")
    ]


def test_an_empty_answer_is_shown_again_with_the_reason(client, mentor_request, offer):
    match = make_match(offer=offer, request=mentor_request, status=M.NEEDS_INFO)

    response = client.post(link(mentor_request, match, "answer"), {"answer-answer": ""})

    assert response.status_code == 400
    assert "Skriv dit svar på mentorens spørgsmål." in response.content.decode()
    assert Match.objects.get(pk=match.pk).status == M.NEEDS_INFO


def test_the_mentee_starts_completes_and_gives_feedback_through_the_link(client, mentor_request, offer):
    match = make_match(offer=offer, request=mentor_request, status=M.ACCEPTED)

    client.post(link(mentor_request, match, "start"))
    client.post(link(mentor_request, match, "complete"))
    client.post(link(mentor_request, match, "feedback"), {"feedback-rating": "4", "feedback-comment": "Godt"})

    assert Match.objects.get(pk=match.pk).status == M.COMPLETED
    assert list(Feedback.objects.values_list("side", "rating")) == [("mentee", 4)]


def test_the_mentee_cannot_take_the_mentor_s_step_through_the_link(client, mentor_request, offer):
    match = make_match(offer=offer, request=mentor_request, status=M.PROPOSED)

    response = client.post(f"/en{link(mentor_request, match, 'accept')}", follow=True)

    assert Match.objects.get(pk=match.pk).status == M.PROPOSED
    assert "This match is not yours to answer." in response.content.decode()


def test_a_match_of_another_request_is_a_404_through_the_link(client, mentor_request, offer):
    other = make_match(offer=offer, request=make_request(municipality=offer.municipality), status=M.ACCEPTED)

    assert client.post(link(mentor_request, other, "start")).status_code == 404
    assert Match.objects.get(pk=other.pk).status == M.ACCEPTED


def test_a_step_answers_only_to_post(client, mentor_request, offer):
    match = make_match(offer=offer, request=mentor_request, status=M.ACCEPTED)

    assert client.get(link(mentor_request, match, "start")).status_code == 405


@pytest.mark.parametrize("who", ["lejre_staff", "roskilde_staff", "other"])
def test_the_link_works_the_same_for_whoever_is_logged_in(client, mentor_request, offer, who, request):
    user = make_user() if who == "other" else request.getfixturevalue(who)
    client.force_login(user)

    assert client.get(link(mentor_request)).status_code == 200
    assert client.get("/mentorer/forloeb/not-a-token/").status_code == 404


@pytest.mark.parametrize("matches", [1, 6])
def test_the_link_reads_a_fixed_number_of_queries(client, mentor_request, matches, django_assert_num_queries):
    for _n in range(matches):
        make_match(offer=make_offer(municipality=mentor_request.municipality), request=mentor_request)

    with django_assert_num_queries(7):
        assert client.get(link(mentor_request)).status_code == 200
