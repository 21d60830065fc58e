"""The contact person's matches: the overdue answers first, filters by status and overdue, the
timeline on the change page, the staff's steps (start, complete, cancel with a reason) through the
services with a refusal as an error message, and every door for Lejre's staff, Roskilde's and
anonymous."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from mentoring import services
from mentoring.models import Match, MatchEvent
from tests.mentoring.factories import make_match, make_offer, make_request

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 12, 2)
CHANGELIST = reverse("admin:mentoring_match_changelist")
M = Match.Status


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def change_url(match):
    return reverse("admin:mentoring_match_change", args=[match.pk])


def step_url(match, step):
    return reverse("admin:mentoring_match_review", args=[match.pk, step])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def match_in(municipality, name, **kwargs):
    return make_match(
        offer=make_offer(municipality=municipality, mentor_name=name, capacity=2),
        request=make_request(municipality=municipality, mentee_name=name),
        **kwargs,
    )


def days(n):
    return TODAY + datetime.timedelta(days=n)


def test_the_overdue_answers_come_first_the_earliest_due_first(client, lejre, lejre_staff):
    match_in(lejre, "Ny", proposed_at=NOW, answer_due=days(5))
    match_in(lejre, "Sent", proposed_at=NOW - datetime.timedelta(days=9), answer_due=days(-2))
    match_in(lejre, "Senest", proposed_at=NOW - datetime.timedelta(days=12), answer_due=days(-5))
    match_in(
        lejre, "Aktiv", status=M.ACTIVE, proposed_at=NOW - datetime.timedelta(days=1), answer_due=days(-9)
    )
    match_in(lejre, "Ældre", proposed_at=NOW - datetime.timedelta(days=3), answer_due=days(2))
    client.force_login(lejre_staff)

    response = client.get(CHANGELIST)

    rows = [match.offer.mentor_name for match in response.context["cl"].result_list]
    assert rows == ["Senest", "Sent", "Ny", "Aktiv", "Ældre"]
    model_admin = response.context["cl"].model_admin
    assert [model_admin.overdue_column(match) for match in response.context["cl"].result_list] == [
        True,
        True,
        False,
        False,  # active: not waiting for an answer, whatever its old due date
        False,
    ]


def test_the_list_filters_by_status_and_by_overdue(client, lejre, lejre_staff):
    late = match_in(lejre, "Sent", answer_due=days(-1))
    waiting = match_in(lejre, "Venter", answer_due=days(3))
    active = match_in(lejre, "Aktiv", status=M.ACTIVE)
    client.force_login(lejre_staff)

    def shown(**params):
        return set(client.get(CHANGELIST, params).context["cl"].result_list)

    assert shown(overdue="yes") == {late}
    assert shown(overdue="no") == {waiting, active}
    assert shown(status="active") == {active}
    assert shown(status="proposed") == {late, waiting}


def test_the_change_page_shows_the_timeline_and_nothing_is_edited_by_hand(client, lejre, lejre_staff):
    match = match_in(lejre, "Mumm", status=M.ACCEPTED)
    MatchEvent.objects.create(
        match=match, kind=MatchEvent.Kind.STATUS, to_status=M.PROPOSED, text="Et godt match"
    )
    client.force_login(lejre_staff)

    response = client.get(change_url(match))

    assert response.status_code == 200
    assert "Et godt match" in response.text
    assert response.context["adminform"].form.fields == {}
    assert step_url(match, "start") in response.text
    assert step_url(match, "cancel") in response.text
    assert step_url(match, "complete") not in response.text  # accepted: not yet active


def test_staff_start_and_complete_a_match_through_the_services(client, lejre, lejre_staff):
    match = match_in(lejre, "Mumm", status=M.ACCEPTED)
    client.force_login(lejre_staff)

    client.post(step_url(match, "start"))
    match.refresh_from_db()
    assert match.status == M.ACTIVE
    assert match.check_in_due == datetime.date(2027, 6, 2)  # the offer's six months

    client.post(step_url(match, "complete"))
    match.refresh_from_db()
    assert match.status == M.COMPLETED
    assert list(match.events.values_list("side", "to_status")) == [
        ("staff", M.ACTIVE),
        ("staff", M.COMPLETED),
    ]
    assert match.request.__class__.objects.get(pk=match.request_id).status == "closed"


def test_cancelling_needs_a_reason(client, lejre, lejre_staff):
    match = match_in(lejre, "Mumm", status=M.ACTIVE)
    client.force_login(lejre_staff)

    refused = client.post(step_url(match, "cancel"), {"reason": ""})
    match.refresh_from_db()
    assert (refused.status_code, match.status) == (200, M.ACTIVE)

    client.post(step_url(match, "cancel"), {"reason": "Mentoren er flyttet."})
    match.refresh_from_db()
    assert (match.status, match.reason) == (M.CANCELLED, "Mentoren er flyttet.")


def test_a_step_that_no_longer_applies_is_left_alone(client, lejre, lejre_staff):
    match = match_in(lejre, "Mumm", status=M.ACCEPTED)
    client.force_login(lejre_staff)
    page = client.get(step_url(match, "start"))
    assert page.status_code == 200
    services.cancel(match, reason="Mentee trak sig", by=lejre_staff)  # someone else, meanwhile

    response = client.post(step_url(match, "start"))

    match.refresh_from_db()
    assert match.status == M.CANCELLED
    assert response.status_code == 302
    assert messages_of(response) == ["1 mentorforløb blev ikke ændret: Afgørelsen gælder ikke her."]


def test_a_refusal_of_the_service_is_an_error_message(client, lejre, lejre_staff, monkeypatch):
    match = match_in(lejre, "Mumm", status=M.ACCEPTED)

    def refuse(*args, **kwargs):
        raise services.Refused("Mentoren har ingen ledig plads.")

    monkeypatch.setattr(services, "start", refuse)
    from mentoring.admin import matches

    monkeypatch.setitem(
        matches.MatchAdmin.review_decisions,
        "start",
        matches._decision(M.ACTIVE, "Start", "Startet", matches._step(services.start)),
    )
    client.force_login(lejre_staff)

    response = client.post(step_url(match, "start"))

    match.refresh_from_db()
    assert match.status == M.ACCEPTED
    assert messages_of(response) == [f"{match}: Mentoren har ingen ledig plads."]


def test_matches_are_not_added_by_hand(client, lejre_staff):
    client.force_login(lejre_staff)

    assert client.get(reverse("admin:mentoring_match_add")).status_code == 403


def test_roskilde_staff_see_nothing_of_lejre_s_matches_and_take_no_step(client, lejre, roskilde_staff):
    match = match_in(lejre, "Mumm", status=M.ACCEPTED)
    client.force_login(roskilde_staff)

    assert client.get(CHANGELIST).context["cl"].result_count == 0
    assert client.get(change_url(match)).status_code == 302
    assert client.post(step_url(match, "start")).status_code == 404
    match.refresh_from_db()
    assert match.status == M.ACCEPTED


def test_anonymous_visitors_are_sent_to_log_in(client, lejre):
    match = match_in(lejre, "Mumm", status=M.ACCEPTED)

    for response in (
        client.get(CHANGELIST),
        client.get(change_url(match)),
        client.post(step_url(match, "start")),
    ):
        assert response.status_code == 302 and "/login/" in response.url
    match.refresh_from_db()
    assert match.status == M.ACCEPTED


@pytest.mark.parametrize("size", [2, 12])
def test_the_change_list_makes_the_same_queries_at_any_size(
    client, lejre, lejre_staff, django_assert_num_queries, size
):
    for n in range(size):
        match_in(lejre, f"Mentor {n}", answer_due=days(n - 5))
    client.force_login(lejre_staff)
    client.get(CHANGELIST)

    with django_assert_num_queries(QUERIES):
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == size


#: The session, the user and their permissions, the counts and the rows: the same at any size.
QUERIES = 9
