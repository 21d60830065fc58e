"""The match page /konto/mentorer/forloeb/<pk>/ for the mentor and the mentee: who sees it, what
each side sees of the other, and each step posted to its own address calling the service; a
refused step shows its reason and changes nothing."""

import pytest

from mentoring.models import CheckIn, Feedback, Match, MatchEvent
from tests.conftest import make_user
from tests.mentoring.factories import make_match, make_offer, make_request

pytestmark = pytest.mark.django_db

M = Match.Status


@pytest.fixture
def mentor(db):
    return make_user(first_name="Mads", last_name="Mumm", email="mads@mumm.dk", language="da")


@pytest.fixture
def mentee(db):
    return make_user(first_name="Ida", last_name="Insp", email="ida@insp.dk", language="en")


@pytest.fixture
def offer(lejre, mentor):
    return make_offer(
        municipality=lejre, mentor=mentor, mentor_name="Mads Mumm", company="Restaurant Mumm", capacity=1
    )


def match_in(status, offer, mentee, **kwargs):
    request = make_request(municipality=offer.municipality, mentee_user=mentee, needs=["menu-og-sortiment"])
    return make_match(offer=offer, request=request, status=status, **kwargs)


def url(match, step=None):
    return f"/konto/mentorer/forloeb/{match.pk}/" + (f"{step}/" if step else "")


def as_user(client, user):
    client.force_login(user)
    return client


# --- Who sees the page -------------------------------------------------------------------------


def test_the_mentor_and_the_mentee_see_the_match(client, offer, mentor, mentee):
    match = match_in(M.PROPOSED, offer, mentee)

    assert as_user(client, mentor).get(url(match)).status_code == 200
    assert as_user(client, mentee).get(url(match)).status_code == 200


@pytest.mark.parametrize("who", ["another_user", "lejre_staff", "roskilde_staff"])
def test_anyone_else_gets_a_404_staff_included(client, offer, mentee, who, request):
    match = match_in(M.PROPOSED, offer, mentee)
    user = make_user() if who == "another_user" else request.getfixturevalue(who)

    assert as_user(client, user).get(url(match)).status_code == 404
    assert as_user(client, user).post(url(match, "accept")).status_code == 404
    assert Match.objects.get(pk=match.pk).status == M.PROPOSED


def test_an_anonymous_visitor_is_sent_to_log_in(client, offer, mentee):
    match = match_in(M.PROPOSED, offer, mentee)

    response = client.get(url(match))

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/")
    assert client.post(url(match, "accept")).status_code == 302
    assert Match.objects.get(pk=match.pk).status == M.PROPOSED


def test_the_page_is_not_cached_nor_indexed(client, offer, mentor, mentee):
    match = match_in(M.PROPOSED, offer, mentee)

    response = as_user(client, mentor).get(url(match))

    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_a_step_answers_only_to_post(client, offer, mentor, mentee):
    match = match_in(M.PROPOSED, offer, mentee)

    assert as_user(client, mentor).get(url(match, "accept")).status_code == 405
    assert Match.objects.get(pk=match.pk).status == M.PROPOSED


def test_an_unknown_step_is_a_404(client, offer, mentor, mentee):
    match = match_in(M.PROPOSED, offer, mentee)

    assert as_user(client, mentor).post(url(match, "publish")).status_code == 404


# --- What each side sees -----------------------------------------------------------------------


def test_before_acceptance_the_mentor_sees_names_needs_and_goals_but_no_address(
    client, offer, mentor, mentee
):
    match = match_in(M.PROPOSED, offer, mentee)

    page = as_user(client, mentor).get(url(match)).content.decode()

    assert "Ida Insp" in page
    assert "Menu og sortiment" in page
    assert "Få styr på køkkenets rutiner." in page
    assert "ida@insp.dk" not in page
    assert "Accepter mentee" in page


def test_after_acceptance_each_side_sees_the_other_s_address(client, offer, mentor, mentee):
    match = match_in(M.ACCEPTED, offer, mentee)

    assert "ida@insp.dk" in as_user(client, mentor).get(url(match)).content.decode()
    assert "mads@mumm.dk" in as_user(client, mentee).get(url(match)).content.decode()


def test_the_mentee_does_not_see_the_mentor_s_address_before_acceptance(client, offer, mentee):
    match = match_in(M.PROPOSED, offer, mentee)

    assert "mads@mumm.dk" not in as_user(client, mentee).get(url(match)).content.decode()


def test_the_steps_offered_follow_the_side_and_the_status(client, offer, mentor, mentee):
    proposed = match_in(M.PROPOSED, offer, mentee)

    assert as_user(client, mentor).get(url(proposed)).context["entry"]["offered"] == {
        "accept",
        "decline",
        "question",
    }
    assert as_user(client, mentee).get(url(proposed)).context["entry"]["offered"] == {"cancel"}
    Match.objects.filter(pk=proposed.pk).update(status=M.NEEDS_INFO)
    assert as_user(client, mentee).get(url(proposed)).context["entry"]["offered"] == {"answer", "cancel"}
    Match.objects.filter(pk=proposed.pk).update(status=M.ACTIVE)
    assert as_user(client, mentor).get(url(proposed)).context["entry"]["offered"] == {
        "complete",
        "cancel",
        "problem",
    }
    Match.objects.filter(pk=proposed.pk).update(status=M.COMPLETED)
    assert as_user(client, mentor).get(url(proposed)).context["entry"]["offered"] == {"feedback"}


def test_the_other_side_s_problem_report_is_not_on_the_timeline(client, offer, mentor, mentee):
    match = match_in(M.ACTIVE, offer, mentee)
    MatchEvent.objects.create(
        match=match, kind=MatchEvent.Kind.PROBLEM, side="mentee", text="Han svarer aldrig"
    )

    assert "Han svarer aldrig" not in as_user(client, mentor).get(url(match)).content.decode()
    assert "Han svarer aldrig" in as_user(client, mentee).get(url(match)).content.decode()


# --- The steps ---------------------------------------------------------------------------------


def test_the_mentor_accepts_and_the_match_holds_a_place(client, offer, mentor, mentee):
    match = match_in(M.PROPOSED, offer, mentee)

    response = as_user(client, mentor).post(url(match, "accept"), follow=True)

    assert response.redirect_chain == [(url(match), 303)]
    assert Match.objects.get(pk=match.pk).status == M.ACCEPTED
    assert "Du har accepteret forløbet." in response.content.decode()


def test_accepting_beyond_the_capacity_is_refused_with_the_reason_and_changes_nothing(
    client, offer, mentor, mentee
):
    match_in(M.ACTIVE, offer, make_user())
    match = match_in(M.PROPOSED, offer, mentee)

    response = as_user(client, mentor).post(f"/en{url(match, 'accept')}", follow=True)

    assert Match.objects.get(pk=match.pk).status == M.PROPOSED
    assert "You have no free place" in response.content.decode()


def test_declining_needs_a_reason(client, offer, mentor, mentee):
    match = match_in(M.PROPOSED, offer, mentee)

    response = as_user(client, mentor).post(url(match, "decline"), {"decline-reason": "  "})

    assert response.status_code == 400
    assert "Skriv begrundelsen." in response.content.decode()
    assert Match.objects.get(pk=match.pk).status == M.PROPOSED


def test_the_mentor_declines_with_a_reason(client, offer, mentor, mentee):
    match = match_in(M.PROPOSED, offer, mentee)

    response = as_user(client, mentor).post(url(match, "decline"), {"decline-reason": "Ingen tid i foråret"})

    assert response.status_code == 303
    match.refresh_from_db()
    assert (match.status, match.reason) == (M.DECLINED, "Ingen tid i foråret")


def test_the_mentor_asks_and_the_mentee_answers(client, offer, mentor, mentee):
    match = match_in(M.PROPOSED, offer, mentee)

    as_user(client, mentor).post(url(match, "question"), {"question-question": "Hvor mange ansatte?"})
    assert Match.objects.get(pk=match.pk).status == M.NEEDS_INFO
    as_user(client, mentee).post(url(match, "answer"), {"answer-answer": "Otte"})

    assert Match.objects.get(pk=match.pk).status == M.PROPOSED
    assert list(match.events.values_list("kind", "text")) == [
        ("question", "Hvor mange ansatte?"),
        ("answer", "Otte"),
    ]


def test_the_mentee_cannot_accept_their_own_match(client, offer, mentee):
    match = match_in(M.PROPOSED, offer, mentee)

    response = as_user(client, mentee).post(f"/en{url(match, 'accept')}", follow=True)

    assert Match.objects.get(pk=match.pk).status == M.PROPOSED
    assert "This match is not yours to answer." in response.content.decode()


def test_a_step_the_status_does_not_allow_is_refused(client, offer, mentor, mentee):
    match = match_in(M.PROPOSED, offer, mentee)

    response = as_user(client, mentor).post(f"/en{url(match, 'complete')}", follow=True)

    assert Match.objects.get(pk=match.pk).status == M.PROPOSED
    # the service's refusal, in words (its wording is the service's): an error, nothing changed
    assert [message.tags for message in response.context["messages"]] == ["error"]


def test_either_side_starts_completes_and_gives_feedback(client, offer, mentor, mentee):
    match = match_in(M.ACCEPTED, offer, mentee)

    as_user(client, mentee).post(url(match, "start"))
    assert Match.objects.get(pk=match.pk).status == M.ACTIVE
    as_user(client, mentor).post(url(match, "complete"))
    assert Match.objects.get(pk=match.pk).status == M.COMPLETED
    response = as_user(client, mentee).post(
        url(match, "feedback"), {"feedback-rating": "5", "feedback-comment": "Meget lærerigt"}
    )

    assert response.status_code == 303
    assert list(Feedback.objects.values_list("side", "rating", "comment")) == [
        ("mentee", 5, "Meget lærerigt")
    ]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"feedback-rating": "0", "feedback-comment": "Godt"}, "Vælg en bedømmelse fra 1 til 5."),
        ({"feedback-rating": "6", "feedback-comment": "Godt"}, "Vælg en bedømmelse fra 1 til 5."),
        ({"feedback-rating": "4", "feedback-comment": " "}, "Skriv en kommentar til din bedømmelse."),
    ],
)
def test_feedback_needs_a_rating_from_1_to_5_and_a_comment(client, offer, mentor, mentee, data, error):
    match = match_in(M.COMPLETED, offer, mentee)

    response = as_user(client, mentor).post(url(match, "feedback"), data)

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Feedback.objects.exists()


def test_feedback_on_a_match_that_is_not_completed_is_refused(client, offer, mentor, mentee):
    match = match_in(M.ACTIVE, offer, mentee)

    response = as_user(client, mentor).post(
        f"/en{url(match, 'feedback')}", {"feedback-rating": "4", "feedback-comment": "Fint"}, follow=True
    )

    assert "Feedback is given when the match is completed." in response.content.decode()
    assert not Feedback.objects.exists()


def test_cancelling_needs_a_reason_and_records_it(client, offer, mentor, mentee):
    match = match_in(M.ACTIVE, offer, mentee)

    assert as_user(client, mentee).post(url(match, "cancel"), {"cancel-reason": ""}).status_code == 400
    assert Match.objects.get(pk=match.pk).status == M.ACTIVE
    as_user(client, mentee).post(url(match, "cancel"), {"cancel-reason": "Vi lukker"})

    match.refresh_from_db()
    assert (match.status, match.reason) == (M.CANCELLED, "Vi lukker")


def test_a_problem_report_is_on_the_reporter_s_timeline_and_changes_no_status(client, offer, mentor, mentee):
    match = match_in(M.ACTIVE, offer, mentee)

    response = as_user(client, mentor).post(url(match, "problem"), {"problem-text": "Vi ses aldrig"})

    assert response.status_code == 303
    assert Match.objects.get(pk=match.pk).status == M.ACTIVE
    assert list(match.events.values_list("kind", "side", "text")) == [("problem", "mentor", "Vi ses aldrig")]


def test_an_open_check_in_is_answered_from_the_page(client, offer, mentor, mentee):
    import datetime

    match = match_in(M.ACTIVE, offer, mentee)
    check_in = CheckIn.objects.create(match=match, due_on=datetime.date(2026, 12, 1))

    page = as_user(client, mentee).get(url(match))
    assert "check-in" in page.context["entry"]["offered"]
    as_user(client, mentee).post(url(match, "check-in"), {"check-in-answer": "going_well"})

    check_in.refresh_from_db()
    assert (check_in.answer, check_in.answered_side) == ("going_well", "mentee")


def test_answering_a_check_in_without_a_choice_is_refused(client, offer, mentor, mentee):
    import datetime

    match = match_in(M.ACTIVE, offer, mentee)
    CheckIn.objects.create(match=match, due_on=datetime.date(2026, 12, 1))

    response = as_user(client, mentor).post(url(match, "check-in"), {"check-in-answer": "maybe"})

    assert response.status_code == 400
    assert not CheckIn.objects.filter(answered_at__isnull=False).exists()


def test_someone_else_s_match_id_is_a_404_for_a_step(client, offer, mentor, mentee):
    other = match_in(M.PROPOSED, make_offer(), make_user())

    assert as_user(client, mentor).post(url(other, "accept")).status_code == 404
    assert Match.objects.get(pk=other.pk).status == M.PROPOSED


def test_a_step_s_message_is_in_the_language_of_the_page(client, offer, mentor, mentee):
    match = match_in(M.PROPOSED, offer, mentee)

    response = as_user(client, mentor).post(f"/en{url(match, 'accept')}", follow=True)

    assert (
        "You have accepted the match. The mentee and the contact person are told."
        in response.content.decode()
    )


# --- Queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("events", [1, 12])
def test_the_page_reads_a_fixed_number_of_queries(
    client, offer, mentor, mentee, events, django_assert_num_queries
):
    match = match_in(M.ACTIVE, offer, mentee)
    for n in range(events):
        MatchEvent.objects.create(match=match, kind=MatchEvent.Kind.NOTE, text=f"Note {n}")
    as_user(client, mentor)

    with django_assert_num_queries(7):
        assert client.get(url(match)).status_code == 200
