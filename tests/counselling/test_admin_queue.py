"""The contact persons' work queue: deadlines in words, the "New answer" marker until someone opens
the case, search in the description and the messages, and the dashboard titled for the work."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from counselling import services
from counselling.models import Case, Status
from enterprises.models import Enterprise, SuccessStory
from tests.counselling.admin_support import QUEUE, case_url, queue
from tests.counselling.factories import make_case
from tests.enterprises.factories import make_enterprise

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
DANISH_QUEUE = reverse("admin:counselling_case_changelist")


def queue_text(client):
    response = client.get(QUEUE)
    assert response.status_code == 200
    return response.text


def overview(client):
    return client.get(INDEX).context["overview"]


# --- Deadlines ---------------------------------------------------------------------------------


FRIDAY = datetime.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("deadline", "left"),
    [
        (datetime.date(2026, 12, 4), 0),  # today
        (datetime.date(2026, 12, 7), 1),  # Monday: the weekend does not count
        (datetime.date(2026, 12, 8), 2),
        (datetime.date(2026, 12, 9), 3),
        (datetime.date(2026, 12, 3), -1),  # yesterday: overdue
    ],
)
def test_the_working_days_left_skip_weekends(lejre, deadline, left):
    case = make_case(lejre, deadline=deadline)

    assert case.working_days_left(FRIDAY) == left
    assert case.is_due_soon(FRIDAY) == (0 <= left <= 2)


def test_the_working_days_left_skip_danish_public_holidays(lejre):
    # Wednesday before Easter 2026: Maundy Thursday, Good Friday, the weekend and Easter Monday
    # are no working days, so Tuesday 7 April is one working day away.
    case = make_case(lejre, deadline=datetime.date(2026, 4, 7))

    assert case.working_days_left(datetime.date(2026, 4, 1)) == 1


def test_an_answered_or_closed_case_has_no_deadline_to_meet(lejre):
    answered = make_case(lejre, deadline=FRIDAY, first_response_at=timezone.now())
    closed = make_case(lejre, deadline=FRIDAY, status=Status.RESOLVED)

    assert answered.working_days_left(FRIDAY) is None
    assert closed.working_days_left(FRIDAY) is None


def test_the_queue_marks_cases_due_today_and_within_two_working_days_in_words(lejre_client, lejre):
    today = timezone.localdate()
    make_case(lejre, applicant_name="I dag", deadline=today)
    make_case(lejre, applicant_name="Senere", deadline=today + datetime.timedelta(days=30))

    text = queue_text(lejre_client)

    assert '<span class="case-due-soon">' in text
    assert "<strong>due today</strong>" in text
    assert text.count("case-due-soon") == 1


def test_the_queue_lists_open_cases_by_deadline_and_closed_cases_last(lejre_client, lejre):
    today = timezone.localdate()
    later = make_case(lejre, deadline=today + datetime.timedelta(days=9))
    closed = make_case(lejre, deadline=today - datetime.timedelta(days=20), status=Status.RESOLVED)
    overdue = make_case(lejre, deadline=today - datetime.timedelta(days=2))
    soon = make_case(lejre, deadline=today + datetime.timedelta(days=1))

    response = lejre_client.get(QUEUE)

    assert list(response.context["cl"].result_list) == [overdue, soon, later, closed]


# --- New answers -------------------------------------------------------------------------------


def test_the_new_answer_marker_lives_until_staff_open_the_case_and_returns_with_the_next_answer(
    lejre_client, lejre
):
    case = make_case(lejre, applicant_name="Mette Hansen")
    assert "case-new-answer" not in queue_text(lejre_client)
    assert overview(lejre_client)["unread"] == 0

    services.reply(case, text="Her er vores budget.")

    assert '<span class="case-new-answer">New answer</span>' in queue_text(lejre_client)
    assert overview(lejre_client)["unread"] == 1
    assert queue(lejre_client, unread="yes") == {case}

    assert lejre_client.get(case_url(case)).status_code == 200

    assert "case-new-answer" not in queue_text(lejre_client)
    assert overview(lejre_client)["unread"] == 0
    assert queue(lejre_client, unread="yes") == set()

    services.reply(case, text="Og her er regnskabet.")

    assert "case-new-answer" in queue_text(lejre_client)
    assert overview(lejre_client)["unread"] == 1


def test_the_marker_says_nyt_svar_on_the_danish_queue(lejre_client, lejre):
    services.reply(make_case(lejre), text="Svar")

    assert '<span class="case-new-answer">Nyt svar</span>' in lejre_client.get(DANISH_QUEUE).text


def test_an_answer_that_arrives_while_the_page_is_read_stays_unread(lejre, lejre_staff):
    case = make_case(lejre)
    services.reply(case, text="Første svar")
    seen = Case.objects.get(pk=case.pk)
    services.reply(case, text="Andet svar")  # after the page read the case

    services.mark_answers_read(seen, by=lejre_staff)

    assert Case.objects.get(pk=case.pk).unread_answer_at is not None


def test_roskilde_staff_neither_see_nor_count_lejre_s_new_answers(lejre, roskilde_client):
    services.reply(make_case(lejre), text="Svar")

    assert overview(roskilde_client)["unread"] == 0
    assert queue(roskilde_client, unread="yes") == set()


# --- Search ------------------------------------------------------------------------------------


@pytest.mark.parametrize("term", ["bageri", "surdej", "mikrolån", "bageri surdej"])
def test_the_queue_searches_the_description_and_the_messages(lejre_client, lejre, lejre_staff, term):
    found = make_case(lejre, description="Vi vil åbne et bageri i Hvalsø.")
    services.reply(found, text="Vi bager med surdej.")
    services.send_message(found, by=lejre_staff, text="Har I hørt om mikrolån?")
    make_case(lejre, description="En cykelværksted for unge.")

    assert queue(lejre_client, q=term) == {found}


def test_a_case_whose_messages_match_twice_is_listed_once(lejre_client, lejre):
    case = make_case(lejre)
    services.reply(case, text="Budget, første udgave")
    services.reply(case, text="Budget, anden udgave")

    response = lejre_client.get(QUEUE, {"q": "budget"})

    assert list(response.context["cl"].result_list) == [case]
    assert response.context["cl"].result_count == 1


def test_the_search_finds_no_message_of_another_municipality(lejre, roskilde_client):
    services.reply(make_case(lejre), text="Hemmelig opskrift")

    assert queue(roskilde_client, q="opskrift") == set()


# --- Query counts ------------------------------------------------------------------------------


def fill_queue(municipality, staff, count):
    today = timezone.localdate()
    for n in range(count):
        case = make_case(
            municipality,
            assignee=staff if n % 2 else None,
            deadline=today + datetime.timedelta(days=n % 4 - 1),
            confidential=bool(n % 2),
        )
        services.reply(case, text=f"Svar {n}")


@pytest.mark.parametrize("params", [{}, {"q": "svar"}, {"unread": "yes", "o": "7"}], ids=str)
def test_the_queue_takes_as_many_queries_for_one_case_as_for_twenty(
    lejre_client, lejre, lejre_staff, django_assert_num_queries, params
):
    fill_queue(lejre, lejre_staff, 1)
    lejre_client.get(QUEUE, params)  # sessions and caches warmed
    with CaptureQueriesContext(connection) as one:
        lejre_client.get(QUEUE, params)
    fill_queue(lejre, lejre_staff, 19)

    with django_assert_num_queries(len(one)):
        response = lejre_client.get(QUEUE, params)
    assert response.context["cl"].result_count == 20


# --- The dashboard -----------------------------------------------------------------------------


def test_the_admin_index_is_titled_for_the_person_s_municipality(lejre_client):
    text = lejre_client.get(INDEX).text

    assert "Indgangen · Lejre Kommune" in text
    assert "Overblik over arbejdet" in text


def test_a_superuser_s_admin_index_is_titled_for_the_portal(superuser_client):
    text = superuser_client.get(INDEX).text

    assert '<a href="/admin/">Indgangen</a>' in text


def waiting_for_review(municipality):
    make_enterprise(home_municipality=municipality, status=Enterprise.Status.PENDING)
    make_enterprise(home_municipality=municipality, status=Enterprise.Status.PENDING)
    changed = make_enterprise(home_municipality=municipality)
    Enterprise.objects.filter(pk=changed.pk).update(pending_changes={"name": "Nyt navn"})
    SuccessStory.objects.create(
        enterprise=changed, title="Tre nye job", text="Om os", date=datetime.date(2026, 5, 1)
    )


def test_the_admin_index_counts_the_profiles_and_stories_waiting_for_review(lejre, roskilde, lejre_admin):
    waiting_for_review(lejre)
    waiting_for_review(roskilde)
    client = Client()
    client.force_login(lejre_admin)

    response = client.get(INDEX)

    rows = {row["kind"]: row["count"] for row in response.context["review"]["rows"]}
    assert rows == {"profiles": 2, "changes": 1, "stories": 1}
    assert "Registret: venter på godkendelse" in response.text
    assert "/admin/enterprises/successstory/?status__exact=pending" in response.text


def test_the_dashboard_takes_as_many_queries_with_many_waiting_as_with_none(
    lejre, lejre_admin, django_assert_num_queries
):
    client = Client()
    client.force_login(lejre_admin)
    client.get(INDEX)
    with CaptureQueriesContext(connection) as none:
        client.get(INDEX)
    for _ in range(3):
        waiting_for_review(lejre)
        services.reply(make_case(lejre), text="Svar")

    with django_assert_num_queries(len(none)):
        client.get(INDEX)
