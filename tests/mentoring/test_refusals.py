"""The refusals the issue names: each a clear reason in the person's language, and nothing
changed (the row, its events, the request and the outbox as they were)."""

import pytest

from mentoring import services
from mentoring.models import Match, MentorOffer
from mentoring.services import Refused
from tests.mentoring.factories import make_match, make_request
from tests.mentoring.life_helpers import make_cast, snapshot

pytestmark = pytest.mark.django_db

M = Match.Status
NO_PLACE = "Du har ingen ledig plads: Du tager 1 ad gangen, og alle pladser er optaget. Afslut et forløb, eller gør plads til flere."  # noqa: E501


def test_accepting_beyond_the_capacity_is_refused_with_the_number_of_places(
    lejre, lejre_staff, roskilde_staff
):
    cast = make_cast(lejre, lejre_staff, roskilde_staff)
    MentorOffer.objects.filter(pk=cast.match.offer_id).update(capacity=1)
    make_match(offer=cast.match.offer, request=make_request(municipality=lejre), status=M.ACTIVE)
    before = snapshot(cast.match)

    with pytest.raises(Refused) as refused:
        services.accept(cast.match, by=cast.mentor)

    assert str(refused.value) == (NO_PLACE)
    assert snapshot(cast.match) == before


def test_proposing_a_full_mentor_is_refused(lejre, lejre_staff, roskilde_staff):
    cast = make_cast(lejre, lejre_staff, roskilde_staff, status=M.DECLINED)
    MentorOffer.objects.filter(pk=cast.match.offer_id).update(capacity=1)
    make_match(offer=cast.match.offer, request=make_request(municipality=lejre), status=M.ACCEPTED)
    before = snapshot(cast.match)

    with pytest.raises(Refused, match="Mentoren har ingen ledig plads."):
        services.propose(cast.match.request, offer=cast.match.offer, by=lejre_staff)

    assert snapshot(cast.match) == before and Match.objects.count() == 2


@pytest.mark.parametrize("step", ["accept", "decline", "ask_question"])
def test_answering_someone_elses_match_is_refused(lejre, lejre_staff, roskilde_staff, step):
    cast = make_cast(lejre, lejre_staff, roskilde_staff)
    other_mentor = make_cast(lejre, lejre_staff, roskilde_staff).mentor
    before = snapshot(cast.match)
    text = {"decline": {"reason": "Nej."}, "ask_question": {"question": "Hvem?"}}.get(step, {})

    with pytest.raises(Refused) as refused:
        getattr(services, step)(cast.match, by=other_mentor, **text)

    assert str(refused.value) == "Du kan ikke svare på dette forløb, for det er ikke dit."
    assert snapshot(cast.match) == before


def test_a_wrong_private_link_answers_nothing(lejre, lejre_staff, roskilde_staff):
    cast = make_cast(lejre, lejre_staff, roskilde_staff, status=M.NEEDS_INFO, mentee_account=False)
    before = snapshot(cast.match)

    with pytest.raises(Refused, match="Du kan ikke svare på dette forløb"):
        services.answer_question(cast.match, token="not-the-token", answer="Hej")

    assert snapshot(cast.match) == before


def test_a_second_match_for_the_same_pair_is_refused_while_one_goes_on(lejre, lejre_staff, roskilde_staff):
    cast = make_cast(lejre, lejre_staff, roskilde_staff, status=M.ACTIVE)
    # The same mentee asks again in a new request of their own.
    again = make_request(municipality=lejre, mentee_user=cast.mentee)
    before = snapshot(cast.match)

    with pytest.raises(Refused) as refused:
        services.propose(again, offer=cast.match.offer, by=lejre_staff)

    assert str(refused.value) == "Mentoren og menteen har allerede et forløb i gang."
    assert snapshot(cast.match) == before and Match.objects.count() == 1


def test_a_second_match_of_the_pair_cannot_take_a_place_beside_the_first(lejre, lejre_staff, roskilde_staff):
    cast = make_cast(lejre, lejre_staff, roskilde_staff, status=M.ACTIVE)
    # A scene no service makes (an import, a hand edit): the same pair proposed in another request.
    second = make_match(
        offer=cast.match.offer, request=make_request(municipality=lejre, mentee_user=cast.mentee)
    )
    before = snapshot(second)

    with pytest.raises(Refused, match="Mentoren og menteen har allerede et forløb i gang."):
        services.accept(second, by=cast.mentor)

    assert snapshot(second) == before


@pytest.mark.parametrize("status", [M.PROPOSED, M.NEEDS_INFO, M.ACCEPTED, M.ACTIVE, M.DECLINED, M.CANCELLED])
def test_feedback_on_a_match_that_is_not_completed_is_refused(lejre, lejre_staff, roskilde_staff, status):
    cast = make_cast(lejre, lejre_staff, roskilde_staff, status=status)
    before = snapshot(cast.match)

    with pytest.raises(Refused) as refused:
        services.give_feedback(cast.match, by=cast.mentee, rating=5, comment="Godt.")

    assert str(refused.value) == "Du kan give din tilbagemelding, når forløbet er afsluttet."
    assert snapshot(cast.match) == before and not cast.match.feedback.exists()


def test_a_refusal_is_in_english_for_a_person_who_reads_english(lejre, lejre_staff, roskilde_staff):
    from django.utils import translation

    cast = make_cast(lejre, lejre_staff, roskilde_staff, status=M.ACTIVE)

    with translation.override("en"), pytest.raises(Refused) as refused:
        services.give_feedback(cast.match, by=cast.mentee, rating=5, comment="Good.")
        str(refused.value)
    with translation.override("en"):
        assert str(refused.value) == "Feedback is given when the match is completed."


@pytest.mark.parametrize(
    ("step", "kwargs", "message"),
    [
        ("decline", {"reason": "  "}, "Skriv, hvorfor du siger nej"),
        ("ask_question", {"question": ""}, "Skriv dit spørgsmål til menteen."),
        ("cancel", {"reason": ""}, "Skriv, hvorfor forløbet annulleres."),
        ("report_problem", {"text": " "}, "Beskriv problemet for kontaktpersonen."),
    ],
)
def test_a_step_without_its_text_is_refused(lejre, lejre_staff, roskilde_staff, step, kwargs, message):
    cast = make_cast(lejre, lejre_staff, roskilde_staff)
    before = snapshot(cast.match)

    with pytest.raises(Refused, match=message):
        getattr(services, step)(cast.match, by=cast.mentor, **kwargs)

    assert snapshot(cast.match) == before


@pytest.mark.parametrize("who", ["other staff", "stranger"])
def test_only_the_requests_municipality_proposes_a_mentor_for_it(lejre, lejre_staff, roskilde_staff, who):
    cast = make_cast(lejre, lejre_staff, roskilde_staff, status=M.DECLINED)
    by, _token = cast.actor(who)
    before = snapshot(cast.match)

    with pytest.raises(Refused) as refused:
        services.propose(cast.match.request, offer=cast.match.offer, by=by)

    assert str(refused.value) == "Kun kontaktpersoner i anmodningens kommune kan foreslå en mentor til den."
    assert snapshot(cast.match) == before and Match.objects.count() == 1
