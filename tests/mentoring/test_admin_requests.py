"""The contact person's requests: "waiting for a match" first, each request's suggestions with their
reasons and a "propose" button, refusals shown as error messages, requests made from a counselling
case (only one the person may see), and every door for Lejre's staff, Roskilde's and anonymous."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from counselling.models import Case
from mentoring.models import Match, MentorOffer, MentorRequest
from outbox.models import Notification
from tests.counselling.factories import make_case
from tests.enterprises.factories import make_enterprise
from tests.mentoring.factories import area, make_match, make_offer, make_request

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)  # a Wednesday
CHANGELIST = reverse("admin:mentoring_mentorrequest_changelist")
ADD = reverse("admin:mentoring_mentorrequest_add")
KITCHEN, MENU = "koekken-og-produktion", "menu-og-sortiment"
TODAY_MINUS_ONE = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def change_url(mentor_request):
    return reverse("admin:mentoring_mentorrequest_change", args=[mentor_request.pk])


def propose_url(mentor_request):
    return reverse("admin:mentoring_mentorrequest_propose", args=[mentor_request.pk])


def danish(text):
    """The service's own words for a refusal, as the Danish page shows them."""
    with translation.override("da"):
        return gettext(text)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def insp(lejre):
    return make_request(municipality=lejre, mentee_name="INSP! Mad", needs=[KITCHEN, MENU], sector="food")


@pytest.fixture
def mumm(lejre):
    return make_offer(
        municipality=lejre,
        mentor_name="Mette Mumm",
        company="Restaurant Mumm",
        expertise=[KITCHEN, MENU],
        sectors=["food"],
    )


# --- The list ------------------------------------------------------------------------------------


def test_the_list_shows_the_requests_waiting_for_a_match_first(client, lejre, lejre_staff, insp):
    matched = make_request(municipality=lejre, mentee_name="Har et match")
    make_match(request=matched, offer=make_offer(municipality=lejre), status=Match.Status.PROPOSED)
    closed = make_request(municipality=lejre, mentee_name="Lukket", status=MentorRequest.Status.CLOSED)
    client.force_login(lejre_staff)

    waiting = client.get(CHANGELIST).context["cl"].result_list
    going_on = client.get(CHANGELIST, {"match": "open"}).context["cl"].result_list
    everything = client.get(CHANGELIST, {"match": "all"}).context["cl"].result_list

    assert list(waiting) == [insp]
    assert list(going_on) == [matched]
    assert set(everything) == {insp, matched, closed}


@pytest.mark.parametrize("size", [2, 12])
def test_the_change_list_makes_the_same_queries_at_any_size(
    client, lejre, lejre_staff, django_assert_num_queries, size
):
    for _n in range(size):
        make_request(municipality=lejre, enterprise=make_enterprise(home_municipality=lejre), needs=[KITCHEN])
    client.force_login(lejre_staff)
    client.get(CHANGELIST)

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == size


#: The session, the user and their permissions, the counts and the rows: the same at any size.
LIST_QUERIES = 9


# --- The suggestions and the "propose" button ----------------------------------------------------


def test_the_request_page_shows_the_suggestions_with_their_reasons(client, lejre_staff, insp, mumm):
    client.force_login(lejre_staff)

    response = client.get(change_url(insp))

    assert response.status_code == 200
    [suggestion] = response.context["suggestions"]
    assert suggestion.offer == mumm
    text = response.text
    assert "Restaurant Mumm" in text
    assert (
        "2 af 2 behov: køkken- og produktionsrutiner, menu og sortiment; samme branche (mad, catering "
        "og café); samme kommune; 1 ledig plads; ingen aktivitet endnu"
    ) in text
    assert f'action="{propose_url(insp)}"' in text
    assert "Foreslå Mette Mumm" in text


@pytest.mark.parametrize("size", [3, 30])
def test_the_request_page_makes_the_same_queries_however_many_offers(
    client, lejre, lejre_staff, insp, django_assert_num_queries, size
):
    for _n in range(size):
        make_offer(municipality=lejre, expertise=[KITCHEN])
    make_match(request=insp, offer=make_offer(municipality=lejre), status=Match.Status.DECLINED)
    client.force_login(lejre_staff)
    client.get(change_url(insp))

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(change_url(insp))
    assert len(response.context["suggestions"]) == min(size, 5)


#: Fixed: the session, the user, the request, the suggestions (3), its matches, the form's choices.
PAGE_QUERIES = 16


def test_a_contact_person_proposes_a_suggested_mentor(client, lejre_staff, insp, mumm):
    client.force_login(lejre_staff)

    response = client.post(propose_url(insp), {"offer": mumm.pk, "message": "I kender begge køkkener."})

    assert response.status_code == 302 and response.url == change_url(insp)
    [match] = insp.matches.all()
    assert (match.offer, match.status, match.proposed_by, match.message) == (
        mumm,
        Match.Status.PROPOSED,
        lejre_staff,
        "I kender begge køkkener.",
    )
    assert match.answer_due == datetime.date(2026, 12, 9)  # five working days
    assert messages_of(response) == ["Mette Mumm bliver bedt om at svare inden for fem arbejdsdage."]
    [mail] = Notification.objects.filter(template="mentoring_proposal")
    assert (mail.recipient_email, mail.context["message"]) == (mumm.mentor.email, "I kender begge køkkener.")
    # Proposed, the mentor is no longer suggested for this request.
    assert client.get(change_url(insp)).context["suggestions"] == []


def test_a_refused_proposal_is_an_error_message_and_changes_nothing(client, lejre_staff, insp, mumm):
    MentorOffer.objects.filter(pk=mumm.pk).update(paused=True)
    client.force_login(lejre_staff)

    response = client.post(propose_url(insp), {"offer": mumm.pk, "message": ""})

    assert response.status_code == 302
    assert messages_of(response) == [danish("The mentor has paused their offer.")]
    assert not Match.objects.exists()


def test_a_full_mentor_is_refused(client, lejre, lejre_staff, insp, mumm):
    make_match(offer=mumm, status=Match.Status.ACTIVE)
    client.force_login(lejre_staff)

    response = client.post(propose_url(insp), {"offer": mumm.pk})

    assert messages_of(response) == [danish("The mentor has no free place.")]
    assert not insp.matches.exists()


@pytest.mark.parametrize("offer", ["", "abc", "0", "99999999999", "٣"])
def test_a_forged_offer_is_an_error_message_not_a_500(client, lejre_staff, insp, offer):
    client.force_login(lejre_staff)

    response = client.post(propose_url(insp), {"offer": offer})

    assert response.status_code == 302
    assert messages_of(response) == ["Vælg en af de foreslåede mentorer."]


def test_proposing_is_a_post(client, lejre_staff, insp, mumm):
    client.force_login(lejre_staff)

    assert client.get(propose_url(insp), {"offer": mumm.pk}).status_code == 405
    assert not Match.objects.exists()


def test_the_request_page_lists_its_matches(client, lejre, lejre_staff, insp, mumm):
    match = make_match(request=insp, offer=mumm, status=Match.Status.DECLINED)
    client.force_login(lejre_staff)

    response = client.get(change_url(insp))

    assert response.context["request_matches"] == [match]
    assert reverse("admin:mentoring_match_change", args=[match.pk]) in response.text


def test_roskilde_staff_see_nothing_of_lejre_s_requests_and_propose_nothing(
    client, roskilde_staff, insp, mumm
):
    client.force_login(roskilde_staff)

    assert client.get(CHANGELIST, {"match": "all"}).context["cl"].result_count == 0
    assert client.get(change_url(insp)).status_code == 302
    assert client.post(propose_url(insp), {"offer": mumm.pk}).status_code == 404
    assert not Match.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, insp, mumm):
    for response in (
        client.get(CHANGELIST),
        client.get(change_url(insp)),
        client.get(ADD),
        client.post(propose_url(insp), {"offer": mumm.pk}),
    ):
        assert response.status_code == 302 and "/login/" in response.url
    assert not Match.objects.exists()


# --- A request from a counselling case -----------------------------------------------------------


def request_data(**fields):
    return {
        "mentee_name": "Mette Hansen",
        "mentee_email": "mette@example.dk",
        "language": "da",
        "enterprise": "",
        "case": "",
        "needs": [],
        "sector": "food",
        "goals": "Et køkken der kører.",
        "description": "",
        "contact_person": "",
        **fields,
    }


def test_the_add_form_fills_the_mentee_from_a_visible_case(client, lejre, lejre_staff):
    enterprise = make_enterprise(home_municipality=lejre)
    case = make_case(lejre, applicant_name="Mette Hansen", applicant_email="mette@example.dk", language="en")
    Case.objects.filter(pk=case.pk).update(enterprise=enterprise)
    client.force_login(lejre_staff)

    form = client.get(ADD, {"case": case.pk}).context["adminform"].form

    assert {
        name: form.initial[name] for name in ("case", "mentee_name", "mentee_email", "language", "enterprise")
    } == {
        "case": case.pk,
        "mentee_name": "Mette Hansen",
        "mentee_email": "mette@example.dk",
        "language": "en",
        "enterprise": enterprise.pk,
    }


def test_a_request_made_from_a_case_keeps_the_link(client, lejre, lejre_staff):
    case = make_case(lejre)
    client.force_login(lejre_staff)

    response = client.post(f"{ADD}?case={case.pk}", request_data(case=case.pk, needs=[area(KITCHEN).pk]))

    assert response.status_code == 302, response.context["adminform"].form.errors
    [mentor_request] = MentorRequest.objects.all()
    assert (mentor_request.case, mentor_request.municipality, mentor_request.created_by) == (
        case,
        lejre,
        lejre_staff,
    )
    page = client.get(change_url(mentor_request)).text
    assert reverse("admin:counselling_case_change", args=[case.pk]) in page


def test_another_municipality_s_case_is_refused(client, roskilde, lejre_staff):
    case = make_case(roskilde, applicant_name="Roskilde-ansøger")
    client.force_login(lejre_staff)

    response = client.get(ADD, {"case": case.pk})

    assert response.status_code == 302 and response.url == ADD
    assert messages_of(response) == ["Den rådgivningssag må du ikke se."]
    posted = client.post(ADD, request_data(case=case.pk, needs=[area(KITCHEN).pk]))
    assert posted.status_code == 200  # a form error: not one of the choices
    assert "case" in posted.context["adminform"].form.errors
    assert not MentorRequest.objects.exists()


def test_a_request_from_a_confidential_case_does_not_show_its_reference_to_others(client, lejre, lejre_staff):
    case = make_case(lejre, confidential=True)
    mentor_request = make_request(municipality=lejre, case=case)
    client.force_login(lejre_staff)

    page = client.get(change_url(mentor_request)).text

    assert case.reference not in page
    assert "En sag, du ikke må se" in page


def test_a_confidential_case_of_someone_else_is_refused(client, lejre, lejre_staff):
    case = make_case(lejre, confidential=True)
    client.force_login(lejre_staff)

    response = client.get(ADD, {"case": case.pk})

    assert response.status_code == 302
    assert "Roskilde" not in response.url


@pytest.mark.parametrize("value", ["abc", "٣", "99999999999", ""])
def test_a_forged_case_is_refused_not_a_500(client, lejre_staff, value):
    client.force_login(lejre_staff)

    response = client.get(ADD, {"case": value})

    assert response.status_code == 302 and response.url == ADD


def test_the_case_page_links_to_a_new_request_from_the_case(client, lejre, lejre_staff):
    case = make_case(lejre)
    client.force_login(lejre_staff)

    page = client.get(reverse("admin:counselling_case_change", args=[case.pk])).text

    assert f'href="{ADD}?case={case.pk}"' in page
    assert "Find en mentor til ansøgeren" in page


def test_the_admin_index_counts_the_waiting_requests_and_the_overdue_proposals(
    client, lejre, lejre_staff, insp
):
    late = make_request(municipality=lejre)
    make_match(request=late, offer=make_offer(municipality=lejre), answer_due=datetime.date(2026, 12, 1))
    client.force_login(lejre_staff)

    page = client.get(reverse("admin:index")).text

    assert "1 anmodning venter på et match" in page
    assert "1 forslag har passeret svarfristen" in page


def test_roskilde_s_index_counts_none_of_lejre_s(client, lejre, roskilde_staff, insp):
    make_match(
        request=make_request(municipality=lejre),
        offer=make_offer(municipality=lejre),
        answer_due=TODAY_MINUS_ONE,
    )
    client.force_login(roskilde_staff)

    page = client.get(reverse("admin:index")).text

    assert "0 anmodninger venter på et match" in page
    assert "0 forslag har passeret svarfristen" in page


def test_the_add_form_opens_with_the_contact_person_preset(client, lejre_staff):
    client.force_login(lejre_staff)

    response = client.get(ADD)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.initial["contact_person"] == lejre_staff.pk
    assert "municipality" not in form.fields
