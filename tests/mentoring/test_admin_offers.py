"""The contact person's offers: the list with places taken, paused until and last active; the review
decisions mailed to the mentor; every door for Lejre's staff, Roskilde's and anonymous."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from mentoring.models import Match, MentorOffer
from outbox.models import Notification
from tests.mentoring.factories import make_match, make_offer

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)
CHANGELIST = reverse("admin:mentoring_mentoroffer_changelist")


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def change_url(offer):
    return reverse("admin:mentoring_mentoroffer_change", args=[offer.pk])


def decision_url(offer, decision):
    return reverse("admin:mentoring_mentoroffer_review", args=[offer.pk, decision])


@pytest.fixture
def mumm(lejre):
    return make_offer(
        municipality=lejre,
        mentor_name="Mette Mumm",
        company="Restaurant Mumm",
        capacity=2,
        status=MentorOffer.Status.PENDING,
        expertise=["koekken-og-produktion"],
    )


def test_lejre_staff_see_places_taken_pause_and_last_active_in_the_list(client, lejre, lejre_staff):
    offer = make_offer(
        municipality=lejre,
        mentor_name="Mette Mumm",
        capacity=3,
        paused=True,
        paused_until=datetime.date(2027, 1, 4),
        last_active_at=NOW - datetime.timedelta(days=3),
    )
    make_match(offer=offer, status=Match.Status.ACTIVE)
    make_match(offer=offer, status=Match.Status.PROPOSED)  # holds no place yet
    offer.mentor.last_login = NOW - datetime.timedelta(hours=1)  # later than the offer's activity
    offer.mentor.save(update_fields=["last_login"])
    client.force_login(lejre_staff)

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    [row] = response.context["cl"].result_list
    model_admin = response.context["cl"].model_admin
    assert model_admin.places_column(row) == "1 / 3"
    assert model_admin.paused_column(row) == "04.01.2027"
    assert model_admin.last_active_column(row) == "02.12.2026 10.00"  # 09:00 UTC, in Copenhagen


def test_an_offer_never_active_says_so(client, lejre, lejre_staff):
    make_offer(municipality=lejre)
    client.force_login(lejre_staff)

    response = client.get(CHANGELIST)

    [row] = response.context["cl"].result_list
    assert response.context["cl"].model_admin.last_active_column(row) == "Aldrig"


def test_a_contact_person_publishes_an_offer_and_the_mentor_is_mailed(client, lejre_staff, mumm):
    client.force_login(lejre_staff)
    assert decision_url(mumm, "publish") in client.get(change_url(mumm)).text

    response = client.post(decision_url(mumm, "publish"), {"note": "Velkommen."})

    assert response.status_code == 302
    mumm.refresh_from_db()
    assert (mumm.status, mumm.reviewed_by, mumm.review_note) == ("published", lejre_staff, "Velkommen.")
    [row] = Notification.objects.filter(template="mentoring_offer_decision")
    assert (row.recipient_email, row.context["decision"], row.context["note"]) == (
        mumm.mentor.email,
        "published",
        "Velkommen.",
    )


def test_rejecting_needs_a_reason_and_changes_nothing_without_one(client, lejre_staff, mumm):
    client.force_login(lejre_staff)

    response = client.post(decision_url(mumm, "reject"), {"reason": ""})

    assert response.status_code == 200
    mumm.refresh_from_db()
    assert mumm.status == MentorOffer.Status.PENDING
    assert not Notification.objects.filter(template="mentoring_offer_decision").exists()


def test_a_contact_person_rejects_with_a_reason_the_mentor_reads(client, lejre_staff, mumm):
    client.force_login(lejre_staff)

    client.post(decision_url(mumm, "reject"), {"reason": "Beskriv hvad du tilbyder."})

    mumm.refresh_from_db()
    assert (mumm.status, mumm.review_note) == ("rejected", "Beskriv hvad du tilbyder.")
    [row] = Notification.objects.filter(template="mentoring_offer_decision")
    assert row.context["decision"] == "rejected"


def test_the_status_is_not_edited_by_hand(client, lejre_staff, mumm):
    client.force_login(lejre_staff)

    form = client.get(change_url(mumm)).context["adminform"].form

    assert "status" not in form.fields
    assert "mentor" not in form.fields
    assert "municipality" not in form.fields


def test_staff_do_not_add_offers_mentors_sign_up_for_them(client, lejre_staff):
    client.force_login(lejre_staff)

    assert client.get(reverse("admin:mentoring_mentoroffer_add")).status_code == 403


def test_roskilde_staff_see_nothing_of_lejre_s_offers(client, roskilde_staff, mumm):
    client.force_login(roskilde_staff)

    assert client.get(CHANGELIST).context["cl"].result_count == 0
    assert client.get(change_url(mumm)).status_code == 302  # "does not exist", back to the index
    assert client.post(decision_url(mumm, "publish"), {"note": ""}).status_code == 404
    mumm.refresh_from_db()
    assert mumm.status == MentorOffer.Status.PENDING


def test_anonymous_visitors_are_sent_to_log_in(client, mumm):
    for page in (CHANGELIST, change_url(mumm), decision_url(mumm, "publish")):
        response = client.get(page)
        assert response.status_code == 302 and "/login/" in response.url


@pytest.mark.parametrize("size", [2, 12])
def test_the_change_list_makes_the_same_queries_at_any_size(
    client, lejre, lejre_staff, django_assert_num_queries, size
):
    for _n in range(size):
        make_match(offer=make_offer(municipality=lejre, capacity=2), status=Match.Status.ACTIVE)
    client.force_login(lejre_staff)
    client.get(CHANGELIST)

    with django_assert_num_queries(QUERIES):
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == size


#: The session, the user and their permissions, the counts and the rows: the same at any size.
QUERIES = 9
